//! A team shares one tracker: five replicas doing random work offline and syncing in random
//! orders, over a folder that a simulated file-sync service copies late, out of order, half
//! written and with conflict copies, and over a real S3-protocol server when one is given
//! (`DOCKET_TEST_S3_ENDPOINT`, started by `.ci/run`). After everyone syncs twice, every replica
//! holds the same tracker.
//!
//! Every command runs through `docket::run`, the binary's own path, on real database files.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Once;

use clap::Parser;
use proptest::prelude::*;
use rusqlite::Connection;

const TODAY: &str = "2026-11-20";

/// The profile and the S3 keys every test of this file shares (the environment is the
/// process's; every test here sets it alike).
fn environment() -> &'static Path {
    static ONCE: Once = Once::new();
    static mut DIR: Option<PathBuf> = None;
    ONCE.call_once(|| {
        let dir = std::env::temp_dir().join(format!("docket-sync-tests-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("config")).unwrap();
        // SAFETY: set once, before any command of this test binary reads the environment.
        unsafe {
            std::env::set_var("HOME", &dir);
            std::env::set_var("XDG_CONFIG_HOME", dir.join("config"));
            std::env::set_var("XDG_DATA_HOME", dir.join("data"));
            std::env::remove_var("DOCKET_DB");
            std::env::remove_var("DOCKET_TODAY");
            std::env::remove_var("DOCKET_TEMPLATES");
            std::env::set_var("NO_COLOR", "1");
            std::env::set_var("AWS_ACCESS_KEY_ID", "test");
            std::env::set_var("AWS_SECRET_ACCESS_KEY", "test");
            std::env::set_var("AWS_REGION", "us-east-1");
            DIR = Some(dir.clone());
        }
        // The profile letters need: one file for the whole test binary, written once.
        std::fs::write(
            dir.join("config/docket/config.toml").tap_dir(),
            "name = \"Team Member\"\nemail = \"member@news.example\"\n",
        )
        .unwrap();
    });
    // SAFETY: written once above, read-only after.
    #[allow(static_mut_refs)]
    unsafe {
        DIR.as_deref().unwrap()
    }
}

trait TapDir {
    fn tap_dir(self) -> Self;
}

impl TapDir for PathBuf {
    /// Creates the folder the path is in.
    fn tap_dir(self) -> Self {
        std::fs::create_dir_all(self.parent().unwrap()).unwrap();
        self
    }
}

/// Runs one docket command line on `db`; its output, or its error.
fn docket(db: &Path, args: &[&str]) -> Result<String, String> {
    environment();
    let mut argv = vec![
        "docket".to_string(),
        "--db".into(),
        db.display().to_string(),
        "--today".into(),
        TODAY.into(),
    ];
    argv.extend(args.iter().map(|a| a.to_string()));
    let cli = docket::cli::Cli::try_parse_from(&argv).map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    docket::run(cli, &mut out).map_err(|e| format!("{e:#}"))?;
    Ok(String::from_utf8_lossy(&out).into_owned())
}

fn json(db: &Path, args: &[&str]) -> serde_json::Value {
    serde_json::from_str(&docket(db, args).unwrap()).unwrap()
}

/// Where the team's files live, as each replica sees them.
#[derive(Clone, Debug)]
enum Medium {
    /// Each replica's own copy of a shared folder; a simulated file-sync service copies files
    /// between them.
    Folders,
    /// One bucket prefix on an S3-compatible server.
    S3 { endpoint: String, url: String },
}

struct Replica {
    _dir: tempfile::TempDir,
    db: PathBuf,
    folder: PathBuf,
    offline: bool,
}

struct Team {
    replicas: Vec<Replica>,
    medium: Medium,
    /// Files the file-sync service copied halfway, to finish later: (to, name).
    half: BTreeSet<(usize, String)>,
    conflict_copies: usize,
}

impl Team {
    fn new(n: usize, medium: Medium) -> Team {
        let replicas = (0..n)
            .map(|i| {
                let dir = tempfile::tempdir().unwrap();
                let db = dir.path().join(format!("member{i}.sqlite3"));
                let folder = dir.path().join("shared");
                std::fs::create_dir_all(&folder).unwrap();
                docket(&db, &["init"]).unwrap();
                Replica {
                    _dir: dir,
                    db,
                    folder,
                    offline: false,
                }
            })
            .collect();
        let mut team = Team {
            replicas,
            medium,
            half: BTreeSet::new(),
            conflict_copies: 0,
        };
        let first = team.place(0);
        let mut init = vec!["team", "init", first.as_str(), "--name", "Member 0"];
        let endpoint = team.endpoint();
        if let Some(e) = &endpoint {
            init.extend(["--endpoint", e.as_str()]);
        }
        docket(&team.replicas[0].db, &init).unwrap();
        let code = docket(&team.replicas[0].db, &["team", "invite"])
            .unwrap()
            .trim()
            .to_string();
        team.deliver_all();
        for i in 1..n {
            let place = team.place(i);
            let name = format!("Member {i}");
            let mut join = vec![
                "team",
                "join",
                place.as_str(),
                "--invite",
                code.as_str(),
                "--name",
                name.as_str(),
            ];
            if let Some(e) = &endpoint {
                join.extend(["--endpoint", e.as_str()]);
            }
            docket(&team.replicas[i].db, &join).unwrap();
        }
        team
    }

    fn place(&self, i: usize) -> String {
        match &self.medium {
            Medium::Folders => self.replicas[i].folder.display().to_string(),
            Medium::S3 { url, .. } => url.clone(),
        }
    }

    fn endpoint(&self) -> Option<String> {
        match &self.medium {
            Medium::Folders => None,
            Medium::S3 { endpoint, .. } => Some(endpoint.clone()),
        }
    }

    fn files(&self, i: usize) -> BTreeMap<String, Vec<u8>> {
        let mut out = BTreeMap::new();
        let root = &self.replicas[i].folder;
        let mut stack = vec![root.clone()];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    stack.push(p);
                } else {
                    let rel = p.strip_prefix(root).unwrap().display().to_string();
                    // A write in progress (the store's staging name) is not there yet.
                    if rel
                        .rsplit_once('#')
                        .is_some_and(|(_, n)| n.chars().all(|c| c.is_ascii_digit()))
                    {
                        continue;
                    }
                    out.insert(rel, std::fs::read(&p).unwrap());
                }
            }
        }
        out
    }

    fn write(&self, to: usize, rel: &str, bytes: &[u8]) {
        let p = self.replicas[to].folder.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }

    /// The file-sync service copies the `pick`-th file `from` has and `to` lacks (or holds
    /// only half of), in the way `how` says: whole, half written, or whole and beside it a
    /// conflict copy of the kind such services make.
    fn deliver(&mut self, from: usize, to: usize, pick: usize, how: u8) {
        if from == to
            || self.replicas[from].offline
            || self.replicas[to].offline
            || matches!(self.medium, Medium::S3 { .. })
        {
            return;
        }
        let theirs = self.files(from);
        let mine = self.files(to);
        // What `to` lacks, or holds only the start of (a copy still under way); a service
        // never carries a half copy back over the whole file.
        let missing: Vec<(&String, &Vec<u8>)> = theirs
            .iter()
            .filter(|(k, v)| {
                mine.get(*k)
                    .is_none_or(|m| m.len() < v.len() && v.starts_with(m))
            })
            .collect();
        if missing.is_empty() {
            return;
        }
        let (name, bytes) = missing[pick % missing.len()];
        match how % 6 {
            0 => {
                self.write(to, name, &bytes[..bytes.len() / 2]);
                self.half.insert((to, name.clone()));
            }
            1 if name.ends_with(".bundle") => {
                self.write(to, name, bytes);
                let copy = name.replace(".bundle", ".sync-conflict-20261120-101010-ABCDEF.bundle");
                self.write(to, &copy, bytes);
                self.conflict_copies += 1;
            }
            _ => {
                self.write(to, name, bytes);
                self.half.remove(&(to, name.clone()));
            }
        }
    }

    /// Every file `from` has and `to` lacks (or holds half of), copied whole.
    fn deliver_whole(&mut self, from: usize, to: usize) {
        if matches!(self.medium, Medium::S3 { .. }) {
            return;
        }
        let mine = self.files(to);
        for (k, v) in self.files(from) {
            if mine
                .get(&k)
                .is_none_or(|m| m.len() < v.len() && v.starts_with(m))
            {
                self.write(to, &k, &v);
                self.half.remove(&(to, k));
            }
        }
    }

    /// Every file everywhere, whole (conflict copies included: they are never imported).
    fn deliver_all(&mut self) {
        if matches!(self.medium, Medium::S3 { .. }) {
            return;
        }
        let mut all: BTreeMap<String, Vec<u8>> = BTreeMap::new();
        for i in 0..self.replicas.len() {
            for (k, v) in self.files(i) {
                // A half copy is never the longer one.
                let keep = all.get(&k).is_none_or(|old| v.len() > old.len());
                if keep {
                    all.insert(k, v);
                }
            }
        }
        for i in 0..self.replicas.len() {
            let mine = self.files(i);
            for (k, v) in &all {
                if mine.get(k) != Some(v) {
                    self.write(i, k, v);
                }
            }
        }
        self.half.clear();
    }

    fn sync(&self, i: usize) -> serde_json::Value {
        json(&self.replicas[i].db, &["sync", "--format", "json"])
    }
}

/// The tracker of one replica, keyed by uid: what every replica must agree on.
fn dump(db: &Path) -> BTreeMap<String, String> {
    let conn = Connection::open(db).unwrap();
    let mut out = BTreeMap::new();
    let queries = [
        (
            "agency",
            "SELECT uid, slug || '|' || name || '|' || kind || '|' || state || '|' || \
          coalesce(county, '') || '|' || coalesce(email, '') || '|' || coalesce(phone, '') || '|' \
          || coalesce(notes, '') FROM agencies",
        ),
        ("batch", "SELECT uid, name || '|' || template FROM batches"),
        (
            "closure",
            "SELECT c.uid, coalesce(c.jurisdiction, '') || '|' || coalesce(a.uid, '') \
          || '|' || c.on_date || '|' || c.name FROM closures c LEFT JOIN agencies a ON a.id = c.agency_id",
        ),
        (
            "request",
            "SELECT r.uid, a.uid || '|' || coalesce(b.uid, '') || '|' || r.title || '|' \
          || r.status || '|' || coalesce(r.filed_on, '') || '|' || coalesce(r.due_on, '') || '|' \
          || coalesce(r.due_clock, '') || '|' || coalesce(r.ack_due_on, '') || '|' \
          || coalesce(r.flags, '') || '|' || coalesce(r.tracking_number, '') || '|' \
          || r.fees_requested_cents || '|' || r.needs_review || '|' || coalesce(r.conflicts, '') \
          || '|' || coalesce(r.final_answer, '') || '|' || coalesce(r.completed_on, '') \
          FROM requests r JOIN agencies a ON a.id = r.agency_id LEFT JOIN batches b ON b.id = r.batch_id",
        ),
        (
            "event",
            "SELECT e.uid, r.uid || '|' || e.kind || '|' || e.occurred_on || '|' \
          || coalesce(e.note, '') || '|' || coalesce(e.amount_cents, '') || '|' || coalesce(v.uid, '') \
          || '|' || e.clock || '|' || coalesce(e.recorded_by, '') || '|' || e.recorded_at \
          FROM events e JOIN requests r ON r.id = e.request_id LEFT JOIN events v ON v.id = e.voids",
        ),
        ("document", "SELECT uid, sha256 FROM documents"),
        (
            "attachment",
            "SELECT rd.uid, r.uid || '|' || d.uid || '|' || coalesce(e.uid, '') || '|' \
          || rd.name || '|' || coalesce(rd.role, '') FROM request_documents rd \
          JOIN requests r ON r.id = rd.request_id JOIN documents d ON d.id = rd.document_id \
          LEFT JOIN events e ON e.id = rd.event_id",
        ),
        (
            "message",
            "SELECT m.uid, m.message_id || '|' || coalesce(r.uid, '') || '|' \
          || coalesce(e.uid, '') || '|' || coalesce(m.matched_by, '') FROM messages m \
          LEFT JOIN requests r ON r.id = m.request_id LEFT JOIN events e ON e.id = m.event_id",
        ),
        (
            "member",
            "SELECT uid, name || '|' || replica_uid FROM members",
        ),
        (
            "agreement",
            "SELECT g.uid, a.uid || '|' || g.program || '|' || g.support_type || '|' || g.status \
          || '|' || coalesce(g.signed_on, '') || '|' || g.listed || '|' || g.last_seen \
          FROM agreements g JOIN agencies a ON a.id = g.agency_id",
        ),
        (
            "law-edit",
            "SELECT uid, code || '|' || coalesce(overrides, 'reset') FROM law_edits",
        ),
        (
            "rules",
            "SELECT 'in force', coalesce(group_concat(code || '=' || overrides, ';'), '') \
          FROM (SELECT code, overrides FROM jurisdiction_overrides ORDER BY code)",
        ),
    ];
    for (kind, sql) in queries {
        let mut st = conn.prepare(sql).unwrap();
        let rows = st
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
            .unwrap();
        for row in rows {
            let (uid, v) = row.unwrap();
            assert!(
                out.insert(format!("{kind} {uid}"), v).is_none(),
                "{kind} {uid} twice"
            );
        }
    }
    out
}

/// One step of the property test: numbers are read against the replica's own state when
/// the step runs (which agency, which request, which event).
#[derive(Debug, Clone)]
enum Step {
    AddAgency {
        who: usize,
        name: usize,
        state: usize,
    },
    EditAgency {
        who: usize,
        agency: usize,
        field: usize,
        value: u8,
    },
    Draft {
        who: usize,
        agency: usize,
        batch: Option<u8>,
    },
    File {
        who: usize,
        request: usize,
        days_ago: u8,
    },
    Log {
        who: usize,
        request: usize,
        kind: usize,
        days_ago: u8,
    },
    Void {
        who: usize,
        request: usize,
        event: usize,
    },
    Reply {
        who: usize,
        request: usize,
        n: u8,
    },
    Closure {
        who: usize,
        day: u8,
    },
    /// A rule changed (`law set`), or set back.
    Law {
        who: usize,
        days: u8,
    },
    /// A list of offices imported from a CSV: names that collide with typed ones and with
    /// other laptops' imports.
    Import {
        who: usize,
        names: u8,
        state: usize,
        email: u8,
    },
    /// Two laptops, offline from each other, log final answers on one request: `complete`
    /// on one and `deny` on the other, say, which cannot both stand.
    Race {
        a: usize,
        b: usize,
        request: usize,
        first: usize,
        second: usize,
        days_ago: u8,
    },
    Sync {
        who: usize,
    },
    Deliver {
        from: usize,
        to: usize,
        pick: usize,
        how: u8,
    },
    Offline {
        who: usize,
    },
}

/// Office names that collide across laptops: the same office written differently, and
/// different offices of the same name in other states.
const NAMES: [&str; 8] = [
    "Wake County Sheriff's Office",
    "WAKE COUNTY SHERIFF'S OFFICE",
    "Wake County Sheriffs Office",
    "Gaston County Sheriff's Office",
    "Durham Police Department",
    "Durham Police Dept.",
    "Orange County Sheriff's Office",
    "Orange County Jail",
];
const STATES: [&str; 3] = ["NC", "TX", "FL"];
const FINALS: [&str; 4] = ["complete", "deny", "no-records", "withdraw"];
const KINDS: [&str; 10] = [
    "ack",
    "fee",
    "paid",
    "extend",
    "partial",
    "complete",
    "deny",
    "note",
    "no-records",
    "appeal",
];

fn step(n: usize) -> impl Strategy<Value = Step> {
    let who = 0..n;
    prop_oneof![
        3 => (who.clone(), 0..NAMES.len(), 0..STATES.len())
            .prop_map(|(who, name, state)| Step::AddAgency { who, name, state }),
        2 => (who.clone(), any::<usize>(), 0..3usize, any::<u8>())
            .prop_map(|(who, agency, field, value)| Step::EditAgency { who, agency, field, value }),
        4 => (who.clone(), any::<usize>(), proptest::option::of(0..3u8))
            .prop_map(|(who, agency, batch)| Step::Draft { who, agency, batch }),
        4 => (who.clone(), any::<usize>(), 20..60u8)
            .prop_map(|(who, request, days_ago)| Step::File { who, request, days_ago }),
        6 => (who.clone(), any::<usize>(), 0..KINDS.len(), 0..20u8)
            .prop_map(|(who, request, kind, days_ago)| Step::Log { who, request, kind, days_ago }),
        1 => (who.clone(), any::<usize>(), any::<usize>())
            .prop_map(|(who, request, event)| Step::Void { who, request, event }),
        2 => (who.clone(), any::<usize>(), 0..3u8)
            .prop_map(|(who, request, n)| Step::Reply { who, request, n }),
        1 => (who.clone(), 0..5u8).prop_map(|(who, day)| Step::Closure { who, day }),
        1 => (who.clone(), 0..4u8).prop_map(|(who, days)| Step::Law { who, days }),
        1 => (who.clone(), any::<u8>(), 0..STATES.len(), any::<u8>())
            .prop_map(|(who, names, state, email)| Step::Import { who, names, state, email }),
        3 => (who.clone(), who.clone(), any::<usize>(), 0..FINALS.len(), 0..FINALS.len(), 0..15u8)
            .prop_map(|(a, b, request, first, second, days_ago)| Step::Race {
                a, b, request, first, second, days_ago
            }),
        5 => who.clone().prop_map(|who| Step::Sync { who }),
        8 => (who.clone(), who.clone(), any::<usize>(), any::<u8>())
            .prop_map(|(from, to, pick, how)| Step::Deliver { from, to, pick, how }),
        1 => who.prop_map(|who| Step::Offline { who }),
    ]
}

fn day(days_ago: u8) -> String {
    let today = chrono::NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").unwrap();
    (today - chrono::Duration::days(i64::from(days_ago))).to_string()
}

/// Runs one step; a command the replica's state refuses (a duplicate name, an event the
/// request's state does not allow) is part of the game and changes nothing.
fn run_step(team: &mut Team, s: &Step) {
    let db = |who: usize| team.replicas[who].db.clone();
    match *s {
        Step::AddAgency { who, name, state } => {
            let _ = docket(
                &db(who),
                &[
                    "agency",
                    "add",
                    "--name",
                    NAMES[name],
                    "--state",
                    STATES[state],
                ],
            );
        }
        Step::EditAgency {
            who,
            agency,
            field,
            value,
        } => {
            let list = json(&db(who), &["agency", "list", "--format", "json"]);
            let list = list.as_array().unwrap();
            let slug = list[agency % list.len()]["slug"]
                .as_str()
                .unwrap()
                .to_string();
            let (flag, v) = match field {
                0 => ("--email", format!("records{value}@county.example")),
                1 => ("--phone", format!("555-01{value:02}")),
                _ => ("--notes", format!("edited {value}")),
            };
            let _ = docket(&db(who), &["agency", "edit", &slug, flag, &v]);
        }
        Step::Draft { who, agency, batch } => {
            let list = json(&db(who), &["agency", "list", "--format", "json"]);
            let list: Vec<&serde_json::Value> = list
                .as_array()
                .unwrap()
                .iter()
                .filter(|a| a["state"] != "US")
                .collect();
            if list.is_empty() {
                return;
            }
            let slug = list[agency % list.len()]["slug"]
                .as_str()
                .unwrap()
                .to_string();
            let mut args = vec![
                "draft".to_string(),
                "--template".into(),
                "initial".into(),
                "--agency".into(),
                slug,
                "--set".into(),
                "records=jail booking logs".into(),
            ];
            if let Some(b) = batch {
                args.extend(["--batch".into(), format!("wave-{b}")]);
            }
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let _ = docket(&db(who), &args);
        }
        Step::File {
            who,
            request,
            days_ago,
        } => {
            let drafts = json(&db(who), &["list", "--status", "draft", "--format", "json"]);
            let drafts = drafts.as_array().unwrap();
            if drafts.is_empty() {
                return;
            }
            let id = drafts[request % drafts.len()]["id"].to_string();
            let _ = docket(&db(who), &["file", &id, "--on", &day(days_ago)]);
        }
        Step::Log {
            who,
            request,
            kind,
            days_ago,
        } => {
            let Some(id) = pick_filed(&db(who), request) else {
                return;
            };
            let on = day(days_ago);
            let mut args = vec!["log", id.as_str(), KINDS[kind], "--on", on.as_str()];
            match KINDS[kind] {
                "fee" | "paid" => args.extend(["--amount", "25"]),
                "extend" => args.extend(["--days", "10"]),
                _ => args.extend(["--note", "said so"]),
            }
            let _ = docket(&db(who), &args);
        }
        Step::Void {
            who,
            request,
            event,
        } => {
            let Some(id) = pick_filed(&db(who), request) else {
                return;
            };
            let shown = json(&db(who), &["show", &id, "--format", "json"]);
            let events = shown["events"].as_array().unwrap();
            let e = events[event % events.len()]["id"].to_string();
            let _ = docket(
                &db(who),
                &["log", &id, "void", "--event", &e, "--note", "wrong"],
            );
        }
        Step::Reply { who, request, n } => {
            let Some(id) = pick_filed(&db(who), request) else {
                return;
            };
            let shown = json(&db(who), &["show", &id, "--format", "json"]);
            let team_ref = shown["team_ref"].as_str().unwrap().to_string();
            // The same message always answers the same request, wherever it is read.
            let mail = format!(
                "From: Records Clerk <clerk@county.example>\r\nTo: member@news.example\r\n\
                 Subject: Re: Public records request [docket #{team_ref}]\r\n\
                 Date: Wed, 18 Nov 2026 10:00:00 -0500\r\n\
                 Message-ID: <reply-{team_ref}-{n}@county.example>\r\n\r\n\
                 We received your request and are looking.\r\n"
            );
            let file = team.replicas[who]
                .db
                .with_extension(format!("{team_ref}-{n}.eml"));
            std::fs::write(&file, mail).unwrap();
            let _ = docket(&db(who), &["ingest", &file.display().to_string()]);
        }
        Step::Closure { who, day: d } => {
            let on = day(d + 1);
            let _ = docket(
                &db(who),
                &["holiday", "add", &on, "County closed", "--state", "NC"],
            );
        }
        Step::Law { who, days } => {
            let _ = match days {
                0 => docket(&db(who), &["law", "set", "NC", "--reset"]),
                d => docket(
                    &db(who),
                    &["law", "set", "NC", "--followup-days", &(5 * d).to_string()],
                ),
            };
        }
        Step::Import {
            who,
            names,
            state,
            email,
        } => {
            // Up to three of the names, chosen by the bits of `names`.
            // With their 287(g) agreements: lists of different days give different details.
            let mut csv = String::from("name,state,email,support_type,signed_on\n");
            for (i, name) in NAMES.iter().enumerate() {
                if names >> i & 1 == 1 && csv.lines().count() <= 3 {
                    csv.push_str(&format!(
                        "\"{}\",{},records{email}@county.example,{},2025-0{}-1{}\n",
                        name.replace('"', "\"\""),
                        STATES[(state + i) % STATES.len()],
                        ["Jail Enforcement Model", "Task Force Model"][usize::from(email % 2)],
                        1 + email % 9,
                        email % 10
                    ));
                }
            }
            let file = team.replicas[who]
                .db
                .with_extension(format!("import-{names}-{state}-{email}.csv"));
            std::fs::write(&file, csv).unwrap();
            let _ = docket(
                &db(who),
                &[
                    "agency",
                    "import",
                    &file.display().to_string(),
                    "--source",
                    "csv",
                ],
            );
        }
        Step::Race {
            a,
            b,
            request,
            first,
            second,
            days_ago,
        } => {
            if a == b || team.replicas[a].offline || team.replicas[b].offline {
                return;
            }
            // Both hold what the first has (the first sends it, the service copies it whole,
            // the second reads it); then they go their ways.
            let (da, db_) = (team.replicas[a].db.clone(), team.replicas[b].db.clone());
            team.sync(a);
            team.deliver_whole(a, b);
            team.sync(b);
            let open = json(&da, &["list", "--format", "json"]);
            let open: Vec<&serde_json::Value> = open
                .as_array()
                .unwrap()
                .iter()
                .filter(|r| {
                    ["filed", "acknowledged", "extended", "partial"]
                        .contains(&r["status"].as_str().unwrap_or(""))
                })
                .collect();
            if open.is_empty() {
                return;
            }
            let id = open[request % open.len()]["id"].to_string();
            let shown = json(&da, &["show", &id, "--format", "json"]);
            let team_ref = shown["team_ref"].as_str().unwrap().to_string();
            // Only a request both laptops hold (the second has synced it in).
            if docket(&db_, &["show", &team_ref]).is_err() {
                return;
            }
            let (on1, on2) = (day(days_ago), day(days_ago.saturating_sub(1)));
            let _ = docket(
                &da,
                &[
                    "log",
                    &team_ref,
                    FINALS[first],
                    "--on",
                    &on1,
                    "--note",
                    "here",
                ],
            );
            let _ = docket(
                &db_,
                &[
                    "log",
                    &team_ref,
                    FINALS[second],
                    "--on",
                    &on2,
                    "--note",
                    "there",
                ],
            );
        }
        Step::Sync { who } => {
            if !team.replicas[who].offline {
                team.sync(who);
            }
        }
        Step::Deliver {
            from,
            to,
            pick,
            how,
        } => team.deliver(from, to, pick, how),
        Step::Offline { who } => team.replicas[who].offline = !team.replicas[who].offline,
    }
}

fn pick_filed(db: &Path, n: usize) -> Option<String> {
    let all = json(db, &["list", "--format", "json"]);
    let filed: Vec<&serde_json::Value> = all
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["status"] != "draft")
        .collect();
    (!filed.is_empty()).then(|| filed[n % filed.len()]["id"].to_string())
}

/// The end of every run: everyone online, every file delivered, everyone syncs twice; then
/// the replicas agree, hold every uid any of them made, hold no duplicate office, sync again
/// to no change, and recomputing every request from scratch changes nothing.
fn converge(team: &mut Team) {
    let before: BTreeSet<String> = (0..team.replicas.len())
        .flat_map(|i| dump(&team.replicas[i].db).into_keys())
        .collect();
    for r in &mut team.replicas {
        r.offline = false;
    }
    let mut problems = Vec::new();
    for _ in 0..2 {
        for i in 0..team.replicas.len() {
            team.deliver_all();
            let s = team.sync(i);
            problems.push(format!("{i}: {}", s["problems"]));
        }
    }
    team.deliver_all();
    let dumps: Vec<BTreeMap<String, String>> = (0..team.replicas.len())
        .map(|i| dump(&team.replicas[i].db))
        .collect();
    for (i, d) in dumps.iter().enumerate().skip(1) {
        if d != &dumps[0] {
            let only0: Vec<_> = dumps[0]
                .iter()
                .filter(|(k, v)| d.get(*k) != Some(*v))
                .take(5)
                .collect();
            let only_i: Vec<_> = d
                .iter()
                .filter(|(k, v)| dumps[0].get(*k) != Some(*v))
                .take(5)
                .collect();
            panic!(
                "replica {i} differs from replica 0:\n0 has {only0:#?}\n{i} has {only_i:#?}\nthe last syncs said {problems:#?}"
            );
        }
    }
    let count = |kind: &str| dumps[0].keys().filter(|k| k.starts_with(kind)).count();
    let conflicted = dumps[0]
        .iter()
        .filter(|(k, v)| {
            k.starts_with("request ") && v.split('|').nth(12).is_some_and(|c| !c.is_empty())
        })
        .count();
    eprintln!(
        "converged: {} agencies, {} requests ({conflicted} with conflicts), {} events, {} messages, {} closures; {} conflict copies made",
        count("agency "),
        count("request "),
        count("event "),
        count("message "),
        count("closure "),
        team.conflict_copies
    );
    let after: BTreeSet<&String> = dumps[0].keys().collect();
    let lost: Vec<&String> = before.iter().filter(|k| !after.contains(k)).collect();
    assert!(lost.is_empty(), "made but not everywhere: {lost:?}");
    // One office, one agency: names written differently merged by their uid.
    let conn = Connection::open(&team.replicas[0].db).unwrap();
    let mut seen = BTreeSet::new();
    let names: Vec<(String, String)> = conn
        .prepare("SELECT state, name FROM agencies")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for (state, name) in names {
        assert!(
            seen.insert((state.clone(), docket::db::name_key(&name))),
            "{name} ({state}) twice"
        );
    }
    drop(conn);
    // Syncing again changes nothing.
    for i in 0..team.replicas.len() {
        let s = team.sync(i);
        assert_eq!(
            (s["received"].as_u64(), s["sent"].as_u64()),
            (Some(0), Some(0)),
            "{s}"
        );
        assert_eq!(dump(&team.replicas[i].db), dumps[0]);
    }
    // What sync recomputed equals a recomputation of every request from its history.
    for r in &team.replicas {
        let copy = r.db.with_extension("full.sqlite3");
        std::fs::copy(&r.db, &copy).unwrap();
        let conn = Connection::open(&copy).unwrap();
        let today = chrono::NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").unwrap();
        docket::app::tracker::recompute_where(&conn, today, None, None).unwrap();
        drop(conn);
        assert_eq!(dump(&copy), dumps[0], "a full recompute differs");
    }
}

fn cases() -> u32 {
    std::env::var("DOCKET_SYNC_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(4)
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: cases(),
        max_shrink_iters: std::env::var("DOCKET_SYNC_SHRINK").ok().and_then(|c| c.parse().ok()).unwrap_or(40),
        .. ProptestConfig::default()
    })]

    #[test]
    fn five_replicas_converge_over_a_shared_folder(steps in proptest::collection::vec(step(5), 250..400)) {
        let mut team = Team::new(5, Medium::Folders);
        for s in &steps {
            run_step(&mut team, s);
        }
        converge(&mut team);
    }
}

/// The S3 server `.ci/run` starts; without one the test says so and passes only when the run
/// does not require it.
fn s3() -> Option<String> {
    match std::env::var("DOCKET_TEST_S3_ENDPOINT") {
        Ok(e) if !e.is_empty() => Some(e),
        _ => {
            assert!(
                std::env::var_os("DOCKET_TEST_S3_REQUIRED").is_none(),
                "DOCKET_TEST_S3_REQUIRED is set but DOCKET_TEST_S3_ENDPOINT is not"
            );
            eprintln!("no S3 server (DOCKET_TEST_S3_ENDPOINT): the S3 cases did not run");
            None
        }
    }
}

fn s3_medium(endpoint: &str) -> Medium {
    let bucket = std::env::var("DOCKET_TEST_S3_BUCKET").unwrap_or_else(|_| "docket-test".into());
    Medium::S3 {
        endpoint: endpoint.to_string(),
        url: format!("s3://{bucket}/team-{}", uuid::Uuid::now_v7()),
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: cases().div_ceil(2),
        max_shrink_iters: 20,
        .. ProptestConfig::default()
    })]

    #[test]
    fn five_replicas_converge_over_an_s3_bucket(steps in proptest::collection::vec(step(5), 200..300)) {
        let Some(endpoint) = s3() else { return Ok(()) };
        let mut team = Team::new(5, s3_medium(&endpoint));
        for s in &steps {
            run_step(&mut team, s);
        }
        converge(&mut team);
    }
}

// ---------------------------------------------------------------------------------------------
// What a team sees, step by step

fn ok(db: &Path, args: &[&str]) -> String {
    docket(db, args).unwrap_or_else(|e| panic!("docket {args:?}: {e}"))
}

/// Two reporters and an observer on a shared folder: work offline, sync, see each other's
/// work; a reply both ingest is one event; answers logged on two laptops that cannot both
/// stand are kept and shown as a conflict until one is voided, then everyone agrees.
#[test]
fn a_team_works_offline_and_conflicts_are_kept_until_voided() {
    let mut team = Team::new(3, Medium::Folders);
    let (a, b, c) = (
        team.replicas[0].db.clone(),
        team.replicas[1].db.clone(),
        team.replicas[2].db.clone(),
    );
    ok(
        &a,
        &[
            "agency",
            "add",
            "--name",
            "Wake County Sheriff's Office",
            "--state",
            "NC",
        ],
    );
    // The same office added on another laptop, written differently: one agency after sync.
    ok(
        &b,
        &[
            "agency",
            "add",
            "--name",
            "WAKE COUNTY SHERIFF'S OFFICE",
            "--state",
            "NC",
            "--email",
            "records@wake.example",
        ],
    );
    ok(
        &a,
        &[
            "draft",
            "--template",
            "initial",
            "--agency",
            "wake-so-nc",
            "--set",
            "records=jail booking logs",
        ],
    );
    ok(&a, &["file", "1", "--on", "2026-11-02"]);
    for i in [0, 1, 2, 0, 1, 2] {
        team.deliver_all();
        team.sync(i);
    }
    let listed = json(&c, &["list", "--format", "json"]);
    assert_eq!(listed.as_array().unwrap().len(), 1, "{listed}");
    assert_eq!(listed[0]["status"], "filed");
    let agencies = json(&c, &["agency", "list", "--state", "NC", "--format", "json"]);
    assert_eq!(agencies.as_array().unwrap().len(), 1, "{agencies}");
    assert_eq!(agencies[0]["email"], "records@wake.example");
    let shown = json(&c, &["show", "1", "--format", "json"]);
    let team_ref = shown["team_ref"].as_str().unwrap().to_string();
    // Every command takes the team reference; the letter's tag carries it.
    assert_eq!(
        json(&b, &["show", &team_ref, "--format", "json"])["uid"],
        shown["uid"]
    );
    let letter = ok(&a, &["letter", &team_ref, "--eml", "--fresh"]);
    assert!(
        letter.contains(&format!("[docket #{team_ref}]")),
        "{letter}"
    );

    // The same reply, read on two laptops.
    let mail = format!(
        "From: Records <records@wake.example>\r\nTo: member@news.example\r\n\
         Subject: Re: Public records request [docket #{team_ref}]\r\n\
         Date: Thu, 05 Nov 2026 09:00:00 -0500\r\nMessage-ID: <ack-1@wake.example>\r\n\r\n\
         We have your request.\r\n"
    );
    let eml = a.with_extension("reply.eml");
    std::fs::write(&eml, mail).unwrap();
    ok(&a, &["ingest", &eml.display().to_string()]);
    ok(&b, &["ingest", &eml.display().to_string()]);
    // Offline, two people record answers that cannot both stand.
    ok(
        &b,
        &[
            "log",
            &team_ref,
            "complete",
            "--on",
            "2026-11-10",
            "--note",
            "all of it",
        ],
    );
    ok(
        &c,
        &[
            "log",
            &team_ref,
            "deny",
            "--on",
            "2026-11-12",
            "--note",
            "exempt",
        ],
    );
    for i in [0, 1, 2, 0, 1, 2] {
        team.deliver_all();
        team.sync(i);
    }
    let dumps: Vec<_> = [&a, &b, &c].iter().map(|d| dump(d)).collect();
    assert_eq!(dumps[0], dumps[1]);
    assert_eq!(dumps[0], dumps[2]);
    let shown = json(&a, &["show", &team_ref, "--format", "json"]);
    let events = shown["events"].as_array().unwrap();
    let replies = events.iter().filter(|e| e["kind"] == "reply").count();
    assert_eq!(replies, 1, "one reply event for one message: {shown}");
    assert_eq!(shown["flags"], serde_json::json!(["conflict"]), "{shown}");
    let conflict = shown["conflicts"][0].as_i64().unwrap();
    let kind_of = |id: i64| {
        events.iter().find(|e| e["id"] == id).unwrap()["kind"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(kind_of(conflict), "deny");
    let by: BTreeSet<&str> = events
        .iter()
        .filter_map(|e| e["recorded_by"].as_str())
        .collect();
    assert!(by.contains("Member 1") && by.contains("Member 2"), "{by:?}");
    let text = ok(&a, &["show", &team_ref]);
    assert!(text.contains("conflict") && text.contains("void"), "{text}");
    assert_eq!(
        json(&a, &["list", "--conflicts", "--format", "json"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let export = ok(&a, &["export", "--format", "csv"]);
    assert!(export.contains("conflict"), "{export}");

    // The observer voids the denial logged in error: the conflict is gone everywhere.
    // Event numbers are each laptop's own: the observer reads hers.
    let on_c = json(&c, &["show", &team_ref, "--format", "json"]);
    let deny = on_c["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "deny")
        .unwrap()["id"]
        .to_string();
    ok(
        &c,
        &[
            "log",
            &team_ref,
            "void",
            "--event",
            &deny,
            "--note",
            "logged on the wrong request",
        ],
    );
    for i in [2, 0, 1] {
        team.deliver_all();
        team.sync(i);
    }
    for d in [&a, &b, &c] {
        let s = json(d, &["show", &team_ref, "--format", "json"]);
        assert_eq!(s["status"], "completed", "{s}");
        assert_eq!(s["conflicts"], serde_json::json!([]));
    }
    let status = ok(&a, &["team", "status"]);
    assert!(
        status.contains("Member 1") && status.contains("Member 2"),
        "{status}"
    );
}

/// A bundle changed on the medium, one cut short, and one sealed with another team's key are
/// each refused with one line; the other replicas' bundles still come in. Nothing on the
/// medium is readable: no note, no name, no subject.
#[test]
fn tampered_cut_and_foreign_bundles_are_refused_and_block_no_other() {
    let mut team = Team::new(4, Medium::Folders);
    let secret = "source is the deputy on night shift";
    for i in 1..4 {
        let db = team.replicas[i].db.clone();
        ok(
            &db,
            &[
                "agency",
                "add",
                "--name",
                &format!("Office Number {i} Police Department"),
                "--state",
                "TX",
            ],
        );
        ok(
            &db,
            &[
                "draft",
                "--template",
                "initial",
                "--agency",
                &format!("office-number-{i}-pd-tx"),
                "--set",
                "records=logs",
            ],
        );
        ok(&db, &["log", "1", "note", "--note", secret]);
        team.sync(i);
    }
    team.deliver_all();
    let folder = team.replicas[0].folder.clone();
    let bundles: Vec<PathBuf> = team
        .files(0)
        .keys()
        .filter(|k| k.ends_with("0000000001.bundle"))
        .map(|k| folder.join(k))
        .collect();
    let of = |i: usize| {
        let r = docket::db::sync::team(&Connection::open(&team.replicas[i].db).unwrap())
            .unwrap()
            .unwrap()
            .replica_uid;
        bundles
            .iter()
            .find(|b| b.display().to_string().contains(&r))
            .unwrap()
            .clone()
    };
    // Replica 1's bundle has one byte changed; replica 2's is cut short.
    let mut bytes = std::fs::read(of(1)).unwrap();
    let n = bytes.len() / 2;
    bytes[n] ^= 0x20;
    std::fs::write(of(1), &bytes).unwrap();
    let two = std::fs::read(of(2)).unwrap();
    std::fs::write(of(2), &two[..40]).unwrap();
    // Another team's replica drops a bundle in this folder.
    let other = Team::new(1, Medium::Folders);
    ok(
        &other.replicas[0].db,
        &[
            "agency",
            "add",
            "--name",
            "Elsewhere Police Department",
            "--state",
            "TX",
        ],
    );
    other.sync(0);
    for (k, v) in other.files(0) {
        if k.ends_with(".bundle") {
            team.write(0, &k, &v);
        }
    }
    let s = team.sync(0);
    let problems: Vec<String> = s["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap().to_string())
        .collect();
    assert_eq!(problems.len(), 3, "{problems:#?}");
    assert!(problems.iter().all(|p| !p.contains('\n')));
    assert!(
        problems
            .iter()
            .filter(|p| p.contains("does not open with this team's key"))
            .count()
            == 2,
        "{problems:#?}"
    );
    assert!(
        problems.iter().any(|p| p.contains("cut short")),
        "{problems:#?}"
    );
    // Replica 3's work came in all the same.
    let agencies = ok(&team.replicas[0].db, &["agency", "list", "--state", "TX"]);
    assert!(agencies.contains("office-number-3-pd-tx"), "{agencies}");
    assert!(!agencies.contains("office-number-1-pd-tx") && !agencies.contains("elsewhere"));
    // The medium holds nothing readable.
    for (name, bytes) in team.files(3) {
        for needle in [
            secret,
            "Office Number",
            "office-number",
            "Member 1",
            "records=logs",
            "initial",
        ] {
            assert!(
                !bytes.windows(needle.len()).any(|w| w == needle.as_bytes()),
                "{name} holds '{needle}' in the clear"
            );
        }
    }
}

/// A correction stands: a member who joins later (whose new database makes docket's built-in
/// offices afresh) and a member who, offline, adds an office another already corrected, give
/// the offices their first values, and those never undo an edit, whenever they were made.
#[test]
fn a_later_member_or_a_second_creation_never_undoes_a_correction() {
    let mut team = Team::new(2, Medium::Folders);
    let (a, b) = (team.replicas[0].db.clone(), team.replicas[1].db.clone());
    // The editor corrects ICE's FOIA address, and an office's county.
    ok(
        &a,
        &[
            "agency",
            "edit",
            "ice",
            "--email",
            "foia-corrected@ice.example",
        ],
    );
    ok(
        &a,
        &[
            "agency",
            "add",
            "--name",
            "Gaston County Sheriff's Office",
            "--state",
            "NC",
            "--county",
            "Gastn",
        ],
    );
    ok(
        &a,
        &["agency", "edit", "gaston-so-nc", "--county", "Gaston"],
    );
    team.sync(0);
    // Offline, a reporter adds the same office with the county as first typed, later in time.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    ok(
        &b,
        &[
            "agency",
            "add",
            "--name",
            "GASTON COUNTY SHERIFF'S OFFICE",
            "--state",
            "NC",
            "--county",
            "Gastn",
            "--phone",
            "704-555-0100",
        ],
    );
    // A third member's database is made after the correction.
    let code = ok(&a, &["team", "invite"]).trim().to_string();
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path().join("late.sqlite3");
    ok(&c, &["init"]);
    team.deliver_all();
    let folder = team.replicas[0].folder.display().to_string();
    ok(
        &c,
        &["team", "join", &folder, "--invite", &code, "--name", "Late"],
    );
    for db in [&c, &b, &a, &c, &b] {
        team.deliver_all();
        ok(db, &["sync"]);
    }
    for db in [&a, &b, &c] {
        let ice = json(db, &["agency", "show", "ice", "--format", "json"]);
        assert_eq!(ice["email"], "foia-corrected@ice.example", "{ice}");
        let gaston = json(db, &["agency", "show", "gaston-so-nc", "--format", "json"]);
        assert_eq!(gaston["county"], "Gaston", "{gaston}");
        // What no one edited comes from whoever gave it.
        assert_eq!(gaston["phone"], "704-555-0100", "{gaston}");
    }
}

/// A wrong invite code fails at join, in one line; a database copied to a second computer goes
/// on as a laptop of its own at its first sync, so that both copies' work reaches everyone and
/// neither is locked out.
#[test]
fn a_wrong_invite_and_a_copied_database_are_caught() {
    let mut team = Team::new(2, Medium::Folders);
    let stranger = tempfile::tempdir().unwrap();
    let db = stranger.path().join("x.sqlite3");
    ok(&db, &["init"]);
    let wrong = docket::sync::Invite {
        team: uuid::Uuid::now_v7().to_string(),
        key: [7; 32],
    }
    .code();
    let folder = team.replicas[0].folder.display().to_string();
    let e = docket(
        &db,
        &["team", "join", &folder, "--invite", &wrong, "--name", "X"],
    )
    .unwrap_err();
    assert!(e.contains("invite code does not open"), "{e}");
    let e = docket(
        &db,
        &[
            "team",
            "join",
            &folder,
            "--invite",
            "DKT1-NOPE",
            "--name",
            "X",
        ],
    )
    .unwrap_err();
    assert!(e.contains("not a docket invite code"), "{e}");
    assert!(docket(&db, &["sync"]).unwrap_err().contains("in no team"));

    // A copy of member 1's database, used on a second computer (sharing member 1's folder).
    let copy = stranger.path().join("copy.sqlite3");
    std::fs::copy(&team.replicas[1].db, &copy).unwrap();
    for (db, name) in [
        (&team.replicas[1].db, "First Copy Police Department"),
        (&copy, "Second Copy Police Department"),
    ] {
        ok(db, &["agency", "add", "--name", name, "--state", "FL"]);
    }
    let said = ok(&copy, &["sync"]);
    assert!(said.contains("not the file that joined the team"), "{said}");
    ok(&team.replicas[1].db, &["sync"]);
    ok(
        &copy,
        &[
            "agency",
            "add",
            "--name",
            "Third Copy Police Department",
            "--state",
            "FL",
        ],
    );
    ok(&copy, &["sync"]);
    ok(&team.replicas[1].db, &["sync"]);
    team.deliver_all();
    team.sync(0);
    for db in [&team.replicas[0].db, &team.replicas[1].db, &copy] {
        ok(db, &["sync"]);
        let agencies = ok(db, &["agency", "list", "--state", "FL"]);
        for slug in ["first-copy", "second-copy", "third-copy"] {
            assert!(agencies.contains(slug), "{slug} missing: {agencies}");
        }
    }
    let status = json(
        &team.replicas[0].db,
        &["team", "status", "--format", "json"],
    );
    let member1 = status["members"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["name"] == "Member 1")
        .unwrap()
        .clone();
    assert_eq!(member1["laptops"], 2, "{status}");
}

/// A sync killed at any moment leaves nothing half imported: run again, it ends where an
/// uninterrupted sync ends.
#[test]
fn a_sync_killed_midway_leaves_nothing_half_imported() {
    let mut team = Team::new(3, Medium::Folders);
    // ICE's list of 287(g) offices, imported on one laptop and drafted to: enough work that a
    // sync of it takes a while.
    let list = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data/ice-287g/participatingAgencies07182025pm.xlsx");
    let big = team.replicas[1].db.clone();
    if list.exists() {
        ok(&big, &["agency", "import", &list.display().to_string()]);
        ok(
            &big,
            &[
                "draft",
                "--template",
                "287g-agreement",
                "--state",
                "TX",
                "--program",
                "287g",
                "--batch",
                "tx",
            ],
        );
        ok(&big, &["file", "--batch", "tx", "--on", "2026-11-02"]);
    } else {
        for i in 0..300 {
            ok(
                &big,
                &[
                    "agency",
                    "add",
                    "--name",
                    &format!("Town {i} Police Department"),
                    "--state",
                    "NC",
                ],
            );
        }
    }
    team.sync(1);
    team.deliver_all();
    // Replica 2 syncs undisturbed: the reference, and how long a sync of all that takes.
    let started = std::time::Instant::now();
    team.sync(2);
    let whole = started.elapsed();
    let reference = dump(&team.replicas[2].db);
    let db = team.replicas[0].db.clone();
    let mut kills = 0;
    // Killed at a tenth of the way, two tenths... then left to finish.
    for round in 1..=12u32 {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_docket"))
            .args(["--db", &db.display().to_string(), "--today", TODAY, "sync"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        if round <= 10 {
            std::thread::sleep(whole * round / 10);
        } else {
            child.wait().unwrap();
        }
        match child.try_wait().unwrap() {
            Some(status) => {
                assert!(status.success());
                break;
            }
            None => {
                child.kill().unwrap();
                child.wait().unwrap();
                kills += 1;
            }
        }
        // Between kills the database is whole: the roster is there entirely or not at all.
        let conn = Connection::open(&db).unwrap();
        let (agencies, read): (i64, i64) = conn
            .query_row(
                "SELECT (SELECT count(*) FROM agencies), (SELECT count(*) FROM sync_replicas)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        let integrity: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(integrity, "ok");
        let expected_all = reference
            .keys()
            .filter(|k| k.starts_with("agency "))
            .count() as i64;
        assert!(
            (read == 0 && agencies == 5) || agencies == expected_all,
            "after a kill: {agencies} agencies, {read} replicas read"
        );
    }
    eprintln!("killed {kills} times (a whole sync: {whole:?})");
    assert!(kills > 0, "no sync was stopped midway");
    team.sync(0);
    let mut mine = dump(&db);
    let mut theirs = reference.clone();
    // Each replica's own member row and what it sent differ only in who is who.
    mine.retain(|k, _| !k.starts_with("member "));
    theirs.retain(|k, _| !k.starts_with("member "));
    assert_eq!(mine, theirs);
}
mod cases;
