//! What a team meets beyond the random runs: a draft discarded on one laptop and filed on
//! another, a backup restored, a sync stopped after it wrote, a share not mounted, the same
//! figure logged twice, a reply filed two ways, work signed in another's name, and the rest.
//! Each case is one a newsroom ran into, replayed through the commands it used.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::{Medium, Team, docket, json, ok};

fn add_office(db: &Path, name: &str, state: &str, email: &str) -> String {
    ok(
        db,
        &[
            "agency", "add", "--name", name, "--state", state, "--email", email,
        ],
    )
    .trim()
    .lines()
    .last()
    .unwrap()
    .to_string()
}

/// Wake County's sheriff, the office most cases write to.
fn add_wake(db: &Path) -> String {
    add_office(
        db,
        "Wake County Sheriff's Office",
        "NC",
        "records@wake.example",
    )
}

fn draft(db: &Path, slug: &str) -> String {
    let out = ok(
        db,
        &[
            "draft",
            "--template",
            "initial",
            "--agency",
            slug,
            "--set",
            "records=jail booking logs",
        ],
    );
    let id = out
        .split(|c: char| !c.is_ascii_digit())
        .find(|w| !w.is_empty())
        .unwrap_or_else(|| panic!("no request number in {out}"))
        .to_string();
    team_ref(db, &id)
}

fn team_ref(db: &Path, id: &str) -> String {
    json(db, &["show", id, "--format", "json"])["team_ref"]
        .as_str()
        .unwrap()
        .to_string()
}

/// Every laptop syncs, in turn, twice, with every file delivered.
fn everyone_syncs(team: &mut Team) {
    for _ in 0..2 {
        for i in 0..team.replicas.len() {
            team.deliver_all();
            let s = team.sync(i);
            assert_eq!(s["refused"], false, "{s}");
        }
    }
    team.deliver_all();
}

fn status_of(db: &Path, r: &str) -> String {
    json(db, &["show", r, "--format", "json"])["status"]
        .as_str()
        .unwrap()
        .to_string()
}

/// A draft one reporter discards while another, offline, files it and logs its
/// acknowledgment: a filed request is never deleted, so it is back, filed, on the discarding
/// laptop, and everything the second reporter does afterwards still arrives there.
#[test]
fn a_draft_discarded_here_and_filed_there_stays_filed_everywhere() {
    let mut team = Team::new(2, Medium::Folders);
    let (a, b) = (team.replicas[0].db.clone(), team.replicas[1].db.clone());
    let wake = add_wake(&a);
    let r = draft(&a, &wake);
    let other = draft(&a, &wake);
    everyone_syncs(&mut team);

    ok(&a, &["discard", &r]);
    ok(&b, &["file", &r, "--on", "2026-11-02", "--via", "email"]);
    ok(&b, &["log", &r, "ack", "--on", "2026-11-04"]);
    everyone_syncs(&mut team);
    for db in [&a, &b] {
        assert_eq!(status_of(db, &r), "acknowledged");
    }
    // What the second reporter does next reaches the first.
    ok(&b, &["file", &other, "--on", "2026-11-05"]);
    everyone_syncs(&mut team);
    assert_eq!(status_of(&a, &other), "filed");

    // The other way round: a draft discarded there while a document is attached to it here.
    let d = draft(&a, &wake);
    everyone_syncs(&mut team);
    let file = a.with_extension("notes.txt");
    std::fs::write(&file, "what the clerk said on the phone").unwrap();
    ok(&a, &["attach", &d, &file.display().to_string()]);
    ok(&b, &["discard", &d]);
    everyone_syncs(&mut team);
    for db in [&a, &b] {
        let shown = json(db, &["show", &d, "--format", "json"]);
        assert_eq!(shown["documents"].as_array().unwrap().len(), 1, "{shown}");
    }
    assert_eq!(super::dump(&a), super::dump(&b));
}

/// The number of the first message `review` lists as matched to no request.
fn unmatched_message(db: &Path) -> String {
    let listed = json(db, &["review", "--format", "json"]);
    listed
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["request"].is_null())
        .find_map(|m| m["message"].as_i64())
        .unwrap_or_else(|| panic!("{listed}"))
        .to_string()
}

/// Puts `backup` in place of the database `db`, as the README says: its `-wal` and `-shm`
/// removed, then the file copied over it (`in_place`, the same file) or moved into its place.
fn restore(db: &Path, backup: &Path, in_place: bool) {
    for side in ["-wal", "-shm"] {
        let mut p = db.to_path_buf().into_os_string();
        p.push(side);
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
    if in_place {
        std::fs::write(db, std::fs::read(backup).unwrap()).unwrap();
    } else {
        std::fs::remove_file(db).unwrap();
        std::fs::copy(backup, db).unwrap();
    }
}

fn backup(db: &Path) -> PathBuf {
    let to = db.with_extension("backup.sqlite3");
    ok(db, &["backup", &to.display().to_string()]);
    to
}

/// A reporter restores Monday's backup on Thursday, as the README says (the file copied over
/// the database), or moves the restored copy in place of it: either way Tuesday's and
/// Wednesday's work, sent to the team since, comes back, and the laptop goes on syncing.
#[test]
fn a_restored_backup_gets_back_what_it_sent_since_and_goes_on() {
    for in_place in [true, false] {
        let mut team = Team::new(2, Medium::Folders);
        let (a, b) = (team.replicas[0].db.clone(), team.replicas[1].db.clone());
        let wake = add_wake(&a);
        let r = draft(&a, &wake);
        ok(&a, &["file", &r, "--on", "2026-11-02"]);
        everyone_syncs(&mut team);
        let monday = backup(&a);
        ok(&a, &["log", &r, "ack", "--on", "2026-11-03"]);
        team.sync(0);
        ok(
            &a,
            &["log", &r, "fee", "--amount", "25", "--on", "2026-11-04"],
        );
        team.sync(0);
        // Thursday: the backup goes back in place (no docket command is running).
        restore(&a, &monday, in_place);
        assert_eq!(status_of(&a, &r), "filed", "the backup is Monday's");
        let said = team.sync(0);
        assert_eq!(said["refused"], false, "{said}");
        assert_eq!(status_of(&a, &r), "fee-requested", "{said}");
        ok(
            &a,
            &["log", &r, "paid", "--amount", "25", "--on", "2026-11-06"],
        );
        everyone_syncs(&mut team);
        assert_eq!(status_of(&b, &r), "acknowledged", "in place: {in_place}");
        assert_eq!(super::dump(&a), super::dump(&b), "in place: {in_place}");
    }
}

/// A sync that wrote its bundle and was stopped before recording it (a closed lid, a busy
/// database): the next sync reads that bundle back, even when the draft it carried was
/// discarded since and a teammate meanwhile added the same closure day. Nobody is locked out.
#[test]
fn a_sync_stopped_after_writing_reads_its_bundle_back() {
    let mut team = Team::new(2, Medium::Folders);
    let (a, b) = (team.replicas[0].db.clone(), team.replicas[1].db.clone());
    let wake = add_wake(&a);
    everyone_syncs(&mut team);
    let r = draft(&a, &wake);
    ok(
        &a,
        &[
            "holiday",
            "add",
            "2026-11-27",
            "County closed",
            "--state",
            "NC",
        ],
    );
    // The database as it was before the sync recorded what it wrote.
    let before = std::fs::read(&a).unwrap();
    team.sync(0);
    std::fs::write(&a, before).unwrap();
    ok(&a, &["discard", &r]);
    ok(
        &b,
        &[
            "holiday",
            "add",
            "2026-11-27",
            "County closed",
            "--state",
            "NC",
        ],
    );
    team.deliver_all();
    team.sync(1);
    team.deliver_all();
    let said = team.sync(0);
    assert!(said["notes"].to_string().contains("read back"), "{said}");
    everyone_syncs(&mut team);
    for db in [&a, &b] {
        assert!(
            docket(db, &["show", &r]).is_err(),
            "the discarded draft is back"
        );
    }
    ok(
        &a,
        &[
            "draft",
            "--template",
            "initial",
            "--agency",
            &wake,
            "--set",
            "records=x",
        ],
    );
    everyone_syncs(&mut team);
    assert_eq!(super::dump(&a), super::dump(&b));
}

/// A shared folder that is not there (a drive not mounted) or not the team's (recreated
/// empty) is refused before anything is read or sent, in one line, and nothing is written in
/// it; a team started with a relative path is found from any directory.
#[test]
fn a_folder_that_does_not_hold_the_team_is_refused_before_anything_is_sent() {
    let team = Team::new(1, Medium::Folders);
    let a = team.replicas[0].db.clone();
    add_wake(&a);
    let folder = team.replicas[0].folder.clone();
    let away = folder.with_extension("away");
    std::fs::rename(&folder, &away).unwrap();
    let e = docket(&a, &["sync"]).unwrap_err();
    assert!(e.contains("is not there") && e.contains("mounted"), "{e}");
    std::fs::create_dir(&folder).unwrap();
    let e = docket(&a, &["sync"]).unwrap_err();
    assert!(
        e.contains("does not hold this team") && !e.contains('\n'),
        "{e}"
    );
    assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 0);
    std::fs::remove_dir(&folder).unwrap();
    std::fs::rename(&away, &folder).unwrap();
    assert_eq!(team.sync(0)["sent_bundles"], 1);

    // A team started from its folder's parent with a relative path.
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("shared team")).unwrap();
    let db = dir.path().join("c.sqlite3");
    ok(&db, &["init"]);
    let here = std::env::current_dir().unwrap();
    let rel = pathdiff(dir.path(), &here);
    let said = ok(
        &db,
        &[
            "team",
            "init",
            &format!("{rel}/shared team"),
            "--name",
            "Cy",
        ],
    );
    let stored = json(&db, &["team", "status", "--format", "json"])["medium"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(Path::new(&stored).is_absolute(), "{stored}");
    // The line the others copy is quoted for a shell.
    assert!(said.contains(&format!("'{stored}'")), "{said}");
}

/// `target` relative to `from` (both absolute), with `..` as needed.
fn pathdiff(target: &Path, from: &Path) -> String {
    let t: Vec<_> = target.components().collect();
    let f: Vec<_> = from.components().collect();
    let common = t.iter().zip(&f).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".into(); f.len() - common];
    parts.extend(
        t[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    if parts.is_empty() {
        ".".into()
    } else {
        parts.join("/")
    }
}

/// ICE's agreements, imported on one laptop, are on every laptop (a draft to every 287(g)
/// office works there too); a rule a member changed is the team's rule; and a fee or an
/// extension two members both logged from the same letter counts once, shown as a conflict.
#[test]
fn agreements_rule_changes_and_figures_logged_twice() {
    let mut team = Team::new(2, Medium::Folders);
    let (a, b) = (team.replicas[0].db.clone(), team.replicas[1].db.clone());
    let csv = a.with_extension("list.csv");
    std::fs::write(
        &csv,
        "name,state,email,support_type,signed_on\n\
         Gaston County Sheriff's Office,NC,records@gaston.example,Jail Enforcement Model,2025-06-12\n\
         Wake County Sheriff's Office,NC,records@wake.example,Task Force Model,2025-02-20\n",
    )
    .unwrap();
    ok(
        &a,
        &[
            "agency",
            "import",
            &csv.display().to_string(),
            "--source",
            "csv",
        ],
    );
    ok(&a, &["law", "set", "NC", "--followup-days", "20"]);
    everyone_syncs(&mut team);
    let listed = |db: &Path| {
        json(
            db,
            &["agency", "list", "--program", "287g", "--format", "json"],
        )
        .as_array()
        .unwrap()
        .len()
    };
    assert_eq!((listed(&a), listed(&b)), (2, 2));
    let drafted = ok(
        &b,
        &[
            "draft",
            "--state",
            "NC",
            "--program",
            "287g",
            "--template",
            "287g-agreement",
            "--batch",
            "nc",
        ],
    );
    let numbers = drafted
        .lines()
        .filter(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_digit()))
        .count();
    assert_eq!(numbers, 2, "{drafted}");
    ok(&b, &["file", "--batch", "nc", "--on", "2026-11-02"]);
    everyone_syncs(&mut team);
    // The team's follow-up target: 20 business days from Monday 2026-11-02 is Thursday
    // 2026-12-03 (Veterans Day, Thanksgiving and the day after are NC holidays); docket's own
    // 10 would give 2026-11-17.
    let gaston = json(
        &a,
        &["list", "--agency", "gaston-so-nc", "--format", "json"],
    );
    let r = gaston[0]["id"].to_string();
    let rb = team_ref(&a, &r);
    for db in [&a, &b] {
        let shown = json(db, &["show", &rb, "--format", "json"]);
        assert_eq!(shown["due_on"], "2026-12-03", "{shown}");
    }
    // Both read the clerk's letter and log its extension and its fee.
    for db in [&a, &b] {
        ok(
            db,
            &["log", &rb, "extend", "--days", "10", "--on", "2026-11-10"],
        );
    }
    everyone_syncs(&mut team);
    for db in [&a, &b] {
        let shown = json(db, &["show", &rb, "--format", "json"]);
        assert_eq!(shown["flags"], serde_json::json!(["conflict"]), "{shown}");
        assert_eq!(shown["conflicts"].as_array().unwrap().len(), 1, "{shown}");
        let text = ok(db, &["show", &rb]);
        assert!(text.contains("the same thing twice"), "{text}");
    }
    assert_eq!(super::dump(&a), super::dump(&b));
}

fn reply(to: &Path, from: &str, subject: &str, id: &str) -> PathBuf {
    let path = to.with_extension(format!("{id}.eml"));
    std::fs::write(
        &path,
        format!(
            "From: Records Clerk <{from}>\r\nTo: member@news.example\r\nSubject: {subject}\r\n\
             Date: Wed, 18 Nov 2026 10:00:00 -0500\r\nMessage-ID: <{id}>\r\n\r\n\
             We received your request.\r\n"
        ),
    )
    .unwrap();
    path
}

/// One reply, read from the shared inbox on two laptops and filed on two different requests:
/// every laptop ends with the same record of it (a reply event on each, to be read and one
/// voided), never two stories.
#[test]
fn a_reply_filed_two_ways_reads_the_same_everywhere() {
    let mut team = Team::new(2, Medium::Folders);
    let (a, b) = (team.replicas[0].db.clone(), team.replicas[1].db.clone());
    let wake = add_wake(&a);
    let one = draft(&a, &wake);
    let two = draft(&a, &wake);
    ok(&a, &["file", &one, "--on", "2026-11-02"]);
    ok(&a, &["file", &two, "--on", "2026-11-02"]);
    everyone_syncs(&mut team);
    let mail = reply(
        &a,
        "someone@elsewhere.example",
        "Your request",
        "x-1@elsewhere.example",
    );
    for (db, to) in [(&a, &one), (&b, &two)] {
        ok(db, &["ingest", &mail.display().to_string()]);
        ok(db, &["ingest", "--assign", &unmatched_message(db), to]);
    }
    everyone_syncs(&mut team);
    assert_eq!(super::dump(&a), super::dump(&b));
    for r in [&one, &two] {
        let shown = json(&a, &["show", r, "--format", "json"]);
        assert!(
            shown["flags"].to_string().contains("needs-review"),
            "{shown}"
        );
    }
}

/// Before the team, each reporter's first letter carried `[docket #1]`. A reply to the
/// other's letter, from an office this laptop knows as another agency than its own request
/// 1's, is left to assign, never filed on the wrong office.
#[test]
fn a_number_from_before_the_team_does_not_file_another_offices_reply() {
    let mut team = Team::new(2, Medium::Folders);
    let (a, b) = (team.replicas[0].db.clone(), team.replicas[1].db.clone());
    let orange = add_office(
        &a,
        "Orange County Sheriff's Office",
        "NC",
        "records@orange.example",
    );
    let rowan = add_office(
        &b,
        "Rowan County Sheriff's Office",
        "NC",
        "records@rowan.example",
    );
    let mine = draft(&b, &rowan);
    ok(&b, &["file", &mine, "--on", "2026-11-02"]);
    let theirs = draft(&a, &orange);
    ok(&a, &["file", &theirs, "--on", "2026-11-02"]);
    everyone_syncs(&mut team);
    let mail = reply(
        &b,
        "records@orange.example",
        "RE: Public records request [docket #1]",
        "orange-1@orange.example",
    );
    let said = ok(&b, &["ingest", &mail.display().to_string()]);
    assert!(
        said.contains("not matched") || said.contains("unmatched"),
        "{said}"
    );
    let rowan_events = json(&b, &["show", &mine, "--format", "json"])["events"]
        .as_array()
        .unwrap()
        .len();
    assert_eq!(rowan_events, 1, "only its filing");
}

/// Ben writes his next bundle by hand, with his own keys, carrying `event` (made from the
/// request's uid, Ana's member uid and her filing's uid), as a member with the invite could.
fn forge_next_bundle(
    team: &mut Team,
    r: &str,
    event: impl Fn(&str, &str, &str) -> docket::ops::EventOp,
) -> serde_json::Value {
    use docket::ops::{BundleBody, Op};
    use rusqlite::Connection;
    let (a, b) = (team.replicas[0].db.clone(), team.replicas[1].db.clone());
    let ta = docket::db::sync::team(&Connection::open(&a).unwrap())
        .unwrap()
        .unwrap();
    let tb = docket::db::sync::team(&Connection::open(&b).unwrap())
        .unwrap()
        .unwrap();
    let shown = json(&b, &["show", r, "--format", "json"]);
    let request_uid = shown["uid"].as_str().unwrap().to_string();
    let filed_uid: String = Connection::open(&b)
        .unwrap()
        .query_row(
            "SELECT e.uid FROM events e JOIN requests q ON q.id = e.request_id \
             WHERE q.uid = ?1 AND e.kind = 'filed'",
            [&request_uid],
            |row| row.get(0),
        )
        .unwrap();
    let body = BundleBody {
        version: 1,
        team: tb.team_uid.clone(),
        replica: tb.replica_uid.clone(),
        seq: tb.sent_seq + 1,
        prev: tb.sent_hash.clone(),
        member: tb.member_uid.clone(),
        seen: Default::default(),
        ops: vec![Op::Event(event(&request_uid, &ta.member_uid, &filed_uid))],
    };
    let path = format!("replicas/{}/{:010}.bundle", tb.replica_uid, tb.sent_seq + 1);
    let signer = docket::sync::seal::signing_key(&tb.signing_key).unwrap();
    let sealed = docket::sync::seal::seal(
        &tb.team_key,
        &signer,
        &path,
        &serde_json::to_vec(&body).unwrap(),
    )
    .unwrap();
    team.write(1, &path, &sealed);
    team.deliver_all();
    team.sync(0)
}

fn an_event(request: &str, kind: &str, member: &str, uid: &str) -> docket::ops::EventOp {
    docket::ops::EventOp {
        uid: uid.into(),
        request: request.into(),
        kind: kind.into(),
        on: "2026-11-19".into(),
        note: Some("withdrawn at the editor's request".into()),
        amount_cents: None,
        days: None,
        until: None,
        voids: None,
        via: None,
        tracking: None,
        recorded_at: "2026-11-19T10:00:00Z".into(),
        clock: 999,
        member: Some(member.into()),
        exemptions: vec![],
        former: None,
    }
}

/// A member's bundle that records an event in another member's name is refused, with one
/// line, and the sync says someone must act (exit status 3). So is one that changes what an
/// event another member logged says, or gives it to someone else.
#[test]
fn work_recorded_in_another_members_name_is_refused() {
    for forgery in [
        "in Ana's name",
        "changes Ana's filing",
        "takes Ana's filing",
    ] {
        let mut team = Team::new(2, Medium::Folders);
        let a = team.replicas[0].db.clone();
        let wake = add_wake(&a);
        let r = draft(&a, &wake);
        ok(&a, &["file", &r, "--on", "2026-11-02"]);
        everyone_syncs(&mut team);
        let ben =
            docket::db::sync::team(&rusqlite::Connection::open(&team.replicas[1].db).unwrap())
                .unwrap()
                .unwrap()
                .member_uid;
        let said = forge_next_bundle(&mut team, &r, |request, ana, filed| match forgery {
            "in Ana's name" => {
                an_event(request, "withdraw", ana, &uuid::Uuid::now_v7().to_string())
            }
            "changes Ana's filing" => an_event(request, "withdraw", &ben, filed),
            _ => {
                let mut e = an_event(request, "filed", &ben, filed);
                e.on = "2026-11-02".into();
                e.note = None;
                e
            }
        });
        assert_eq!(said["refused"], true, "{forgery}: {said}");
        let why = said["refusals"].to_string();
        assert!(
            why.contains("in another member's name")
                || why.contains("changes what an event")
                || why.contains("gives an event"),
            "{forgery}: {said}"
        );
        assert_eq!(status_of(&a, &r), "filed");
        let shown = ok(&a, &["show", &r]);
        assert!(!shown.contains("Member 1"), "{forgery}: {shown}");
    }
}

#[test]
fn leaving_joining_again_and_one_sync_at_a_time() {
    let mut team = Team::new(2, Medium::Folders);
    let (a, b) = (team.replicas[0].db.clone(), team.replicas[1].db.clone());
    let wake = add_wake(&a);
    let r = draft(&a, &wake);
    everyone_syncs(&mut team);

    let lock = {
        let mut p = b.clone().into_os_string();
        p.push(".sync-lock");
        std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(PathBuf::from(p))
            .unwrap()
    };
    lock.lock().unwrap();
    let e = docket(&b, &["sync"]).unwrap_err();
    assert!(e.contains("another `docket sync`"), "{e}");
    lock.unlock().unwrap();

    let number = json(&b, &["show", &r, "--format", "json"])["id"].to_string();
    let said = ok(&b, &["team", "leave"]);
    assert!(said.contains("left the team"), "{said}");
    assert!(docket(&b, &["sync"]).unwrap_err().contains("in no team"));
    assert_eq!(status_of(&b, &number), "draft");
    ok(&b, &["file", &number, "--on", "2026-11-02"]);
    let code = ok(&a, &["team", "invite"]).trim().to_string();
    let folder = team.replicas[1].folder.display().to_string();
    ok(
        &b,
        &[
            "team", "join", &folder, "--invite", &code, "--name", "Member 1",
        ],
    );
    everyone_syncs(&mut team);
    assert_eq!(status_of(&a, &r), "filed");
}

/// A brand-new Syncthing folder, or one Finder opened, is an empty folder to start a team in;
/// a request's team reference is taken by `ingest --assign` too.
#[test]
fn a_fresh_synced_folder_starts_a_team_and_assign_takes_a_reference() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("team");
    std::fs::create_dir_all(folder.join(".stfolder")).unwrap();
    std::fs::write(folder.join(".stfolder/syncthing-folder-a1b2.txt"), "x").unwrap();
    std::fs::write(folder.join(".DS_Store"), "x").unwrap();
    let db = dir.path().join("a.sqlite3");
    ok(&db, &["init"]);
    ok(
        &db,
        &[
            "team",
            "init",
            &folder.display().to_string(),
            "--name",
            "Ana",
        ],
    );
    let wake = add_wake(&db);
    let r = draft(&db, &wake);
    ok(&db, &["file", &r, "--on", "2026-11-02"]);
    let mail = reply(
        &db,
        "someone@elsewhere.example",
        "Hello",
        "hello-1@elsewhere.example",
    );
    ok(&db, &["ingest", &mail.display().to_string()]);
    ok(&db, &["ingest", "--assign", &unmatched_message(&db), &r]);
    let shown = json(&db, &["show", &r, "--format", "json"]);
    assert!(
        shown["flags"].to_string().contains("needs-review"),
        "{shown}"
    );
}

/// Two members leave their team (a code leaked) and start a new one: the tracker as it stands
/// travels, teammates' earlier events as history under their names, and nothing is refused;
/// a member with records never sent is told before leaving.
#[test]
fn a_new_team_after_leaving_carries_the_tracker_and_its_history() {
    let mut team = Team::new(2, Medium::Folders);
    let (a, b) = (team.replicas[0].db.clone(), team.replicas[1].db.clone());
    let wake = add_wake(&a);
    let r = draft(&a, &wake);
    ok(&a, &["file", &r, "--on", "2026-11-02"]);
    everyone_syncs(&mut team);
    ok(&b, &["log", &r, "ack", "--on", "2026-11-04"]);
    let e = docket(&b, &["team", "leave"]).unwrap_err();
    assert!(
        e.contains("not been sent") && e.contains("docket sync"),
        "{e}"
    );
    everyone_syncs(&mut team);
    let local = |db: &Path| json(db, &["show", &r, "--format", "json"])["id"].to_string();
    let (ra, rb) = (local(&a), local(&b));
    ok(&a, &["team", "leave"]);
    ok(&b, &["team", "leave"]);
    let dir = tempfile::tempdir().unwrap();
    let (fa, fb) = (dir.path().join("a"), dir.path().join("b"));
    std::fs::create_dir_all(&fa).unwrap();
    std::fs::create_dir_all(&fb).unwrap();
    ok(
        &a,
        &[
            "team",
            "init",
            &fa.display().to_string(),
            "--name",
            "Member 0",
        ],
    );
    let code = ok(&a, &["team", "invite"]).trim().to_string();
    let copy = |from: &Path, to: &Path| {
        let _ = std::process::Command::new("cp")
            .args([
                "-r",
                &format!("{}/.", from.display()),
                &to.display().to_string(),
            ])
            .status();
    };
    copy(&fa, &fb);
    ok(
        &b,
        &[
            "team",
            "join",
            &fb.display().to_string(),
            "--invite",
            &code,
            "--name",
            "Member 1",
        ],
    );
    ok(
        &b,
        &["log", &rb, "fee", "--amount", "10", "--on", "2026-11-06"],
    );
    for (db, mine, theirs) in [(&a, &fa, &fb), (&b, &fb, &fa), (&a, &fa, &fb)] {
        copy(theirs, mine);
        let said = json(db, &["sync", "--format", "json"]);
        assert_eq!(said["refused"], false, "{said}");
        copy(mine, theirs);
    }
    assert_eq!(status_of(&a, &ra), "fee-requested");
    let shown = ok(&a, &["show", &ra]);
    assert!(shown.contains("Member 1"), "{shown}");
    assert!(shown.contains("(an earlier team)"), "{shown}");
}

/// The editor discards a reporter's draft; a member who joins later reads the discard before
/// the draft: it stays discarded there too, and the laptops agree.
#[test]
fn a_discard_read_before_its_draft_keeps_the_draft_discarded() {
    let mut team = Team::new(2, Medium::Folders);
    let (a, b) = (team.replicas[0].db.clone(), team.replicas[1].db.clone());
    let wake = add_wake(&a);
    everyone_syncs(&mut team);
    let r = draft(&b, &wake);
    everyone_syncs(&mut team);
    ok(&a, &["discard", &r]);
    everyone_syncs(&mut team);
    // A third member reads the editor's laptop first.
    let code = ok(&a, &["team", "invite"]).trim().to_string();
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path().join("c.sqlite3");
    let folder = dir.path().join("shared");
    std::fs::create_dir_all(&folder).unwrap();
    ok(&c, &["init"]);
    for f in team.files(0).keys() {
        let editor = team.replicas[0].folder.join(f);
        let ours = std::fs::read_to_string(a.with_extension("replica")).ok();
        let _ = ours;
        let to = folder.join(f);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(&editor, &to).unwrap();
    }
    // Only the editor's laptop and the team file, first.
    let editor_replica = docket::db::sync::team(&rusqlite::Connection::open(&a).unwrap())
        .unwrap()
        .unwrap()
        .replica_uid;
    for e in std::fs::read_dir(folder.join("replicas")).unwrap() {
        let p = e.unwrap().path();
        if !p.ends_with(&editor_replica) {
            std::fs::rename(&p, p.with_extension("later")).unwrap();
        }
    }
    ok(
        &c,
        &[
            "team",
            "join",
            &folder.display().to_string(),
            "--invite",
            &code,
            "--name",
            "Late",
        ],
    );
    ok(&c, &["sync"]);
    for e in std::fs::read_dir(folder.join("replicas")).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "later") {
            std::fs::rename(&p, p.with_extension("")).unwrap();
        }
    }
    ok(&c, &["sync"]);
    assert!(
        docket(&c, &["show", &r]).is_err(),
        "the discarded draft is on the late member's laptop"
    );
    let count = |db: &Path| {
        json(db, &["list", "--format", "json"])
            .as_array()
            .unwrap()
            .len()
    };
    assert_eq!((count(&a), count(&b), count(&c)), (0, 0, 0));
}

/// A laptop whose clock runs ahead edits an office; a teammate who has read that edit corrects
/// it a minute later (by the teammate's clock, earlier): the correction stands everywhere. So
/// with `law set`, and two changes to different parts of one rule both stand.
#[test]
fn a_correction_stands_over_an_edit_from_a_clock_ahead_and_rule_changes_merge() {
    let mut team = Team::new(2, Medium::Folders);
    let (a, b) = (team.replicas[0].db.clone(), team.replicas[1].db.clone());
    let wake = add_wake(&a);
    everyone_syncs(&mut team);
    ok(
        &b,
        &["agency", "edit", &wake, "--email", "typo@wake.example"],
    );
    ok(&b, &["law", "set", "VA", "--followup-days", "30"]);
    // Ben's laptop stamped both ten minutes ahead.
    let conn = rusqlite::Connection::open(&b).unwrap();
    conn.execute_batch(
        "UPDATE agency_edits SET edited_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '+10 minutes') \
           WHERE field = 'email' AND value = 'typo@wake.example'; \
         UPDATE law_edits SET edited_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '+10 minutes') \
           WHERE code = 'VA';",
    )
    .unwrap();
    drop(conn);
    everyone_syncs(&mut team);
    ok(
        &a,
        &["agency", "edit", &wake, "--email", "records@wake.example"],
    );
    ok(&a, &["law", "set", "VA", "--followup-days", "15"]);
    ok(&b, &["law", "set", "VA", "--extension-days", "10"]);
    everyone_syncs(&mut team);
    for db in [&a, &b] {
        let shown = json(db, &["agency", "show", &wake, "--format", "json"]);
        assert_eq!(shown["email"], "records@wake.example", "{shown}");
        let law = ok(db, &["law", "show", "VA"]);
        assert!(law.contains("15 business days"), "{law}");
        assert!(law.contains("10"), "{law}");
    }
    assert_eq!(super::dump(&a), super::dump(&b));
}

/// Two members' bulk drafts of one day keep two batches; filing one files only its own.
#[test]
fn two_members_bulk_drafts_of_one_day_keep_their_own_batches() {
    let mut team = Team::new(2, Medium::Folders);
    let (a, b) = (team.replicas[0].db.clone(), team.replicas[1].db.clone());
    let csv = a.with_extension("list.csv");
    std::fs::write(
        &csv,
        "name,state,email,support_type\n\
         Gaston County Sheriff's Office,NC,records@gaston.example,Jail Enforcement Model\n\
         Wake County Sheriff's Office,NC,records@wake.example,Task Force Model\n\
         Knox County Sheriff's Office,TN,records@knox.example,Task Force Model\n\
         Blount County Sheriff's Office,TN,records@blount.example,Jail Enforcement Model\n",
    )
    .unwrap();
    ok(
        &a,
        &[
            "agency",
            "import",
            &csv.display().to_string(),
            "--source",
            "csv",
        ],
    );
    everyone_syncs(&mut team);
    let bulk = |db: &Path, st: &str| {
        ok(
            db,
            &[
                "draft",
                "--state",
                st,
                "--program",
                "287g",
                "--template",
                "287g-agreement",
            ],
        )
    };
    let said_a = bulk(&a, "NC");
    let said_b = bulk(&b, "TN");
    assert!(said_a.contains("-member"), "{said_a}");
    everyone_syncs(&mut team);
    let batch_a = said_a
        .split_whitespace()
        .find(|w| w.starts_with("287g-agreement-"))
        .unwrap()
        .trim_end_matches(',')
        .to_string();
    assert!(!said_b.contains(&batch_a), "{said_b}");
    ok(&a, &["file", "--batch", &batch_a, "--on", "2026-11-02"]);
    everyone_syncs(&mut team);
    let drafts = json(&b, &["list", "--status", "draft", "--format", "json"]);
    assert_eq!(drafts.as_array().unwrap().len(), 2, "{drafts}");
}

/// A laptop whose bundle others cannot open republishes: its records arrive under its new name,
/// and nobody is told about the old bundle any more.
#[test]
fn after_a_republish_the_damaged_bundle_is_no_longer_reported() {
    let mut team = Team::new(2, Medium::Folders);
    let (a, b) = (team.replicas[0].db.clone(), team.replicas[1].db.clone());
    let wake = add_wake(&a);
    everyone_syncs(&mut team);
    let r = draft(&a, &wake);
    ok(&a, &["file", &r, "--on", "2026-11-02"]);
    team.sync(0);
    team.deliver_all();
    // Ben's copy of Ana's second bundle is damaged on its way.
    let ta = docket::db::sync::team(&rusqlite::Connection::open(&a).unwrap())
        .unwrap()
        .unwrap();
    let path = format!("replicas/{}/{:010}.bundle", ta.replica_uid, ta.sent_seq);
    let mut bytes = team.files(1)[&path].clone();
    let n = bytes.len() / 2;
    bytes[n] ^= 1;
    team.write(1, &path, &bytes);
    let said = team.sync(1);
    assert!(said["problems"].to_string().contains("republish"), "{said}");
    assert!(docket(&b, &["show", &r]).is_err());
    ok(&a, &["sync", "--republish"]);
    let mine = team.files(0);
    for (k, v) in mine {
        if k != path {
            team.write(1, &k, &v);
        }
    }
    let said = team.sync(1);
    assert_eq!(said["problems"], serde_json::json!([]), "{said}");
    assert_eq!(status_of(&b, &r), "filed");
}

/// A member leaves and joins the same team again (their shared drive moved) before every
/// teammate's folder has arrived at the new place: nobody refuses anything, their work after
/// joining again reaches everyone, and teammates' events keep their own names.
#[test]
fn joining_the_same_team_again_picks_up_where_it_left_off() {
    let mut team = Team::new(3, Medium::Folders);
    let (a, b, c) = (
        team.replicas[0].db.clone(),
        team.replicas[1].db.clone(),
        team.replicas[2].db.clone(),
    );
    let wake = add_wake(&a);
    let r = draft(&a, &wake);
    ok(&a, &["file", &r, "--on", "2026-11-02"]);
    everyone_syncs(&mut team);
    ok(&c, &["log", &r, "ack", "--on", "2026-11-03"]);
    everyone_syncs(&mut team);
    ok(&b, &["team", "leave"]);
    // The new place holds the team file and the editor's folder, not yet the third member's.
    let moved = tempfile::tempdir().unwrap();
    let code = ok(&a, &["team", "invite"]).trim().to_string();
    let editor = docket::db::sync::team(&rusqlite::Connection::open(&a).unwrap())
        .unwrap()
        .unwrap()
        .replica_uid;
    for (name, bytes) in team.files(0) {
        if name == "team.check" || name.contains(&editor) {
            let to = moved.path().join(&name);
            std::fs::create_dir_all(to.parent().unwrap()).unwrap();
            std::fs::write(to, bytes).unwrap();
        }
    }
    let place = moved.path().display().to_string();
    ok(
        &b,
        &[
            "team", "join", &place, "--invite", &code, "--name", "Member 1",
        ],
    );
    ok(&b, &["sync"]);
    ok(
        &b,
        &["log", &r, "fee", "--amount", "10", "--on", "2026-11-05"],
    );
    ok(&b, &["sync"]);
    // Everything arrives everywhere.
    let everything: Vec<(String, Vec<u8>)> = team.files(0).into_iter().collect();
    for (name, bytes) in everything {
        let to = moved.path().join(&name);
        if !to.exists() {
            std::fs::create_dir_all(to.parent().unwrap()).unwrap();
            std::fs::write(to, bytes).unwrap();
        }
    }
    for entry in walk(moved.path()) {
        let rel = entry
            .strip_prefix(moved.path())
            .unwrap()
            .display()
            .to_string();
        for i in 0..3 {
            let to = team.replicas[i].folder.join(&rel);
            if !to.exists() {
                std::fs::create_dir_all(to.parent().unwrap()).unwrap();
                std::fs::copy(&entry, to).unwrap();
            }
        }
    }
    ok(&b, &["sync"]);
    everyone_syncs(&mut team);
    for db in [&a, &c] {
        assert_eq!(status_of(db, &r), "fee-requested");
        let shown = ok(db, &["show", &r]);
        assert!(!shown.contains("earlier team"), "{shown}");
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

/// A backup made before a `--republish`, restored in place: the restored database writes under
/// a name the others no longer read, so it goes on under a new one and its work arrives.
#[test]
fn a_backup_from_before_a_republish_restored_in_place_still_reaches_the_team() {
    let mut team = Team::new(2, Medium::Folders);
    let (a, b) = (team.replicas[0].db.clone(), team.replicas[1].db.clone());
    let wake = add_wake(&a);
    let r = draft(&a, &wake);
    ok(&a, &["file", &r, "--on", "2026-11-02"]);
    everyone_syncs(&mut team);
    let monday = backup(&a);
    ok(&a, &["sync", "--republish"]);
    everyone_syncs(&mut team);
    restore(&a, &monday, true);
    ok(&a, &["log", &r, "ack", "--on", "2026-11-04"]);
    everyone_syncs(&mut team);
    assert_eq!(status_of(&b, &r), "acknowledged");
    assert_eq!(super::dump(&a), super::dump(&b));
}

/// Two members discard one draft, one having seen a teammate's note on it and one not: every
/// laptop, a member who joins later included, ends without it.
#[test]
fn two_discards_of_one_draft_that_saw_different_things_agree() {
    let mut team = Team::new(3, Medium::Folders);
    let (a, b, c) = (
        team.replicas[0].db.clone(),
        team.replicas[1].db.clone(),
        team.replicas[2].db.clone(),
    );
    let wake = add_wake(&a);
    everyone_syncs(&mut team);
    let r = draft(&b, &wake);
    everyone_syncs(&mut team);
    ok(
        &b,
        &["log", &r, "note", "--note", "check the date range first"],
    );
    // The editor has the note when she discards; the third member does not.
    team.sync(1);
    team.deliver_whole(1, 0);
    team.sync(0);
    ok(&a, &["discard", &r, "--force"]);
    ok(&c, &["discard", &r]);
    everyone_syncs(&mut team);
    for db in [&a, &b, &c] {
        assert!(docket(db, &["show", &r]).is_err(), "the draft is back");
    }
    assert_eq!(super::dump(&a), super::dump(&c));
}

/// A rule set again to the value in force, on one laptop, after another laptop changed it
/// offline: the later change stands, everywhere.
#[test]
fn a_rule_set_again_to_its_value_stands_over_an_earlier_change() {
    let mut team = Team::new(2, Medium::Folders);
    let (a, b) = (team.replicas[0].db.clone(), team.replicas[1].db.clone());
    ok(&a, &["law", "set", "FL", "--followup-days", "15"]);
    everyone_syncs(&mut team);
    ok(&b, &["law", "set", "FL", "--followup-days", "30"]);
    std::thread::sleep(std::time::Duration::from_millis(1100));
    ok(&a, &["law", "set", "FL", "--followup-days", "15"]);
    everyone_syncs(&mut team);
    for db in [&a, &b] {
        let law = ok(db, &["law", "show", "FL"]);
        assert!(law.contains("15 business days"), "{law}");
    }
}

/// A request's number is each laptop's own; its team reference is the team's. `list`,
/// `overdue` and `export` show it, so that a row read out from one laptop's listing is found
/// on another's.
#[test]
fn listings_and_exports_show_the_team_reference_every_laptop_shares() {
    let mut team = Team::new(2, Medium::Folders);
    let (a, b) = (team.replicas[0].db.clone(), team.replicas[1].db.clone());
    let wake = add_wake(&a);
    let late = draft(&a, &wake);
    ok(&a, &["file", &late, "--on", "2026-06-01", "--via", "email"]);
    everyone_syncs(&mut team);
    let mine = add_office(&b, "Durham County Sheriff's Office", "NC", "");
    let theirs = draft(&b, &mine);
    everyone_syncs(&mut team);

    let refs_of = |db: &Path, args: &[&str]| -> BTreeSet<String> {
        json(db, args)
            .as_array()
            .unwrap()
            .iter()
            .map(|row| {
                let r = row["team_ref"].as_str().unwrap().to_string();
                // The reference a row carries is the one `show` gives for its number.
                assert_eq!(team_ref(db, &row["id"].to_string()), r, "{row}");
                r
            })
            .collect()
    };
    let both: BTreeSet<String> = [late.clone(), theirs.clone()].into();
    for db in [&a, &b] {
        assert_eq!(refs_of(db, &["list", "--format", "json"]), both);
        assert_eq!(refs_of(db, &["export", "--format", "json"]), both, "export");
        assert_eq!(
            refs_of(db, &["overdue", "--format", "json"]),
            BTreeSet::from([late.clone()]),
            "overdue"
        );
        // The table shows it beside the number, and the CSV export has its column.
        let table = ok(db, &["list"]);
        let header = table.lines().next().unwrap().trim_start();
        assert!(header.starts_with("ID  REF "), "{table}");
        assert!(table.contains(&late) && table.contains(&theirs), "{table}");
        assert!(ok(db, &["overdue"]).contains(&late));
        let csv = ok(db, &["export", "--format", "csv"]);
        assert!(csv.starts_with("id,uid,team_ref,"), "{csv}");
        assert!(csv.contains(&format!(",{late},")), "{csv}");
    }
}
