//! The record a journalist prints and a lawyer files: what was sent, what is late, what the
//! agency said. Each test replays what a user does across commands, with replies written the
//! way records clerks write them (Outlook quoting, signatures, personal addresses).

use std::path::{Path, PathBuf};

use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::common::{Env, shared_data};

fn sha256_hex(data: &[u8]) -> String {
    Sha256::digest(data)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// An environment as of `today`, with a requester's profile.
fn env_on(today: &str) -> Env {
    let mut env = Env::new();
    env.today = today.to_string();
    env.ok(&["config", "set", "name", "Ana Reyes"]);
    env.ok(&["config", "set", "email", "ana@ledger.example"]);
    env
}

/// An office with an e-mail address; returns its slug.
fn office(env: &Env, name: &str, state: &str, email: &str) -> String {
    env.ok(&[
        "agency", "add", "--name", name, "--state", state, "--email", email,
    ])
    .trim()
    .to_string()
}

/// Bergen County's sheriff (NJ), with its OPRA address; returns the slug.
fn bergen(env: &Env) -> String {
    office(
        env,
        "Bergen County Sheriff's Office",
        "NJ",
        "opra@bergen.example",
    )
}

/// Camden County's sheriff (NJ); returns the slug.
fn camden(env: &Env) -> String {
    office(
        env,
        "Camden County Sheriff's Office",
        "NJ",
        "opra@camden.example",
    )
}

/// A 287(g) agreement request to `slug`, filed by e-mail on `on`; returns its number.
fn filed_287g(env: &Env, slug: &str, on: &str) -> String {
    let id = env
        .ok(&["draft", "--agency", slug, "--template", "287g-agreement"])
        .trim()
        .to_string();
    env.ok(&["file", &id, "--via", "email", "--on", on]);
    id
}

fn show(env: &Env, id: &str) -> Value {
    env.run(&["show", id, "--format", "json"]).json()
}

fn flags(v: &Value) -> Vec<String> {
    v["flags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap().to_string())
        .collect()
}

fn write(path: &Path, text: &str) -> PathBuf {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
    path.to_path_buf()
}

/// Rows of a query on the database, each row's columns joined by `|`.
fn sql(env: &Env, query: &str) -> Vec<String> {
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    let mut st = conn.prepare(query).unwrap();
    let n = st.column_count();
    st.query_map([], |r| {
        Ok((0..n)
            .map(|i| match r.get::<_, rusqlite::types::Value>(i).unwrap() {
                rusqlite::types::Value::Null => String::new(),
                rusqlite::types::Value::Integer(n) => n.to_string(),
                rusqlite::types::Value::Real(x) => x.to_string(),
                rusqlite::types::Value::Text(s) => s,
                rusqlite::types::Value::Blob(_) => "<blob>".into(),
            })
            .collect::<Vec<_>>()
            .join("|"))
    })
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

/// A plain-text reply as a clerk sends it from Outlook: their words, a signature, then our
/// letter quoted under "-----Original Message-----".
struct Reply<'a> {
    from: &'a str,
    subject: &'a str,
    date: &'a str,
    id: &'a str,
    in_reply_to: Option<&'a str>,
    words: &'a str,
}

impl Reply<'_> {
    fn eml(&self) -> String {
        let threading = self
            .in_reply_to
            .map(|m| format!("In-Reply-To: {m}\r\nReferences: {m}\r\n"))
            .unwrap_or_default();
        format!(
            "From: {from}\r\n\
             To: Ana Reyes <ana@ledger.example>\r\n\
             Subject: {subject}\r\n\
             Date: {date}\r\n\
             Message-ID: <{id}>\r\n\
             {threading}\
             MIME-Version: 1.0\r\n\
             Content-Type: text/plain; charset=\"us-ascii\"\r\n\
             \r\n\
             Ms. Reyes,\r\n\
             \r\n\
             {words}\r\n\
             \r\n\
             Jane Doe\r\n\
             Records Unit | Sheriff's Office\r\n\
             10 Main Street, Suite 287, Hackensack NJ 07601 | (201) 555-0100 ext. 4412\r\n\
             \r\n\
             -----Original Message-----\r\n\
             From: Ana Reyes <ana@ledger.example>\r\n\
             Sent: Monday, November 2, 2026 9:17 AM\r\n\
             Subject: Public records request: 287(g) agreement records [docket #1]\r\n\
             \r\n\
             Under the Open Public Records Act, N.J.S.A. 47:1A-1 to -13, I request copies\r\n\
             of the records of the Agency about its participation in the 287(g) program,\r\n\
             under section 287(g) of the Immigration and Nationality Act, 8 U.S.C. 1357(g).\r\n",
            from = self.from,
            subject = self.subject,
            date = self.date,
            id = self.id,
            words = self.words,
        )
    }
}

/// Item 1: a reply ("We are still looking.") never takes a late request off `overdue`, `list
/// --overdue` or the overdue_requests view; the request carries both conditions, and the reply
/// waits in `docket review` until something is logged after it.
#[test]
fn a_reply_never_hides_a_late_request() {
    let env = env_on("2026-12-03");
    let bergen = bergen(&env);
    let camden = camden(&env);
    // NJ: 7 business days. Filed Monday 2026-11-02; Election Day (11-03) and Veterans Day
    // (11-11) are skipped: 11-04 .. 11-13 is seven business days, so due Friday 2026-11-13.
    // By Thursday 2026-12-03: 11-16..20 (5), 11-23..25 (8), 11-27 (9), 11-30 (10), 12-01..03
    // (13), Thanksgiving skipped: 13 business days, 20 calendar days late.
    let id = filed_287g(&env, &bergen, "2026-11-02");
    let other = filed_287g(&env, &camden, "2026-11-02");
    assert_eq!(flags(&show(&env, &id)), ["overdue"]);

    let inbox = env.path().join("inbox");
    // An older reply on the other request, to check review's order.
    write(
        &inbox.join("camden.eml"),
        &Reply {
            from: "OPRA Desk <opra@camden.example>",
            subject: &format!("RE: Public records request [docket #{other}]"),
            date: "Mon, 16 Nov 2026 10:00:00 -0500",
            id: "camden-1@camden.example",
            in_reply_to: None,
            words: "Your request is with the undersheriff.",
        }
        .eml(),
    );
    write(
        &inbox.join("bergen.eml"),
        &Reply {
            from: "OPRA <opra@bergen.example>",
            subject: &format!(
                "RE: Public records request: 287(g) agreement records [docket #{id}]"
            ),
            date: "Tue, 24 Nov 2026 16:05:11 -0500",
            id: "bergen-1@bergen.example",
            in_reply_to: None,
            words: "We are still looking. We will be in touch.",
        }
        .eml(),
    );
    let out = env.ok(&["ingest", inbox.to_str().unwrap()]);
    assert!(out.contains("2 message(s): 2 filed"), "{out}");

    // Still late, and also a reply to read: both conditions, in every listing.
    let v = show(&env, &id);
    assert_eq!(flags(&v), ["overdue", "needs-review"]);
    assert_eq!(v["days_overdue"], 13);
    assert_eq!(v["calendar_days_overdue"], 20);
    let overdue = env.ok(&["overdue"]);
    let row = overdue
        .lines()
        .find(|l| l.contains("bergen-so-nj"))
        .unwrap_or_else(|| panic!("the late request left overdue: {overdue}"));
    assert!(row.contains("overdue, needs-review"), "{row}");
    assert!(row.contains("2026-11-13") && row.contains(" 13 "), "{row}");
    assert!(
        overdue.contains("have a reply to read: `docket review`"),
        "{overdue}"
    );
    // Only statutory lateness on this list: no word about follow-up targets.
    assert!(!overdue.contains("follow-up:"), "{overdue}");
    let listed = env.run(&["list", "--overdue", "--format", "json"]).json();
    assert!(
        listed
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["id"].as_i64() == id.parse::<i64>().ok()),
        "{listed}"
    );
    let failing = env.run(&["overdue", "--fail"]);
    assert_eq!(failing.code, 3, "{failing:?}");
    // The views count with the real clock: 2026-11-13 has passed on any day this runs.
    let view = sql(
        &env,
        "SELECT id, flags FROM overdue_requests WHERE agency = 'bergen-so-nj'",
    );
    assert_eq!(view.len(), 1, "{view:?}");
    assert!(view[0].contains("overdue") && view[0].contains("needs-review"));

    // docket review: oldest first, with request, agency, sender and the reply's first words.
    let review = env.ok(&["review"]);
    let lines: Vec<&str> = review.lines().collect();
    let camden_at = lines
        .iter()
        .position(|l| l.contains("camden-so-nj"))
        .unwrap();
    let bergen_at = lines
        .iter()
        .position(|l| l.contains("bergen-so-nj"))
        .unwrap();
    assert!(camden_at < bergen_at, "not oldest first: {review}");
    let bergen_line = lines[bergen_at];
    assert!(bergen_line.contains("opra@bergen.example"), "{bergen_line}");
    assert!(
        bergen_line.contains("We are still looking."),
        "{bergen_line}"
    );
    assert!(bergen_line.contains("2026-11-24"), "{bergen_line}");
    assert!(review.contains("2 messages to review"), "{review}");

    // Read it, nothing to classify: a note takes it off review, and it stays overdue.
    env.ok(&["log", &id, "note", "--note", "read: still looking"]);
    assert_eq!(flags(&show(&env, &id)), ["overdue"]);
    let review = env.ok(&["review"]);
    assert!(!review.contains("bergen-so-nj"), "{review}");
    assert!(env.ok(&["overdue"]).contains("bergen-so-nj"));
}

/// Item 2: the letter filed is kept byte for byte (text and .eml, with its hash) and `letter
/// ID` prints that copy after the profile changed; `--fresh` renders a new one; the dates of a
/// letter (body and Date: header) come from one clock.
#[test]
fn the_letter_sent_is_kept_byte_for_byte() {
    let env = env_on("2026-11-20");
    let bergen = bergen(&env);
    let id = env
        .ok(&["draft", "--agency", &bergen, "--template", "287g-agreement"])
        .trim()
        .to_string();
    // A draft's letter is dated by --today / --on, in the body and in the Date: header alike.
    let draft_eml = env.ok(&["letter", &id, "--eml", "--today", "2026-11-02"]);
    assert!(draft_eml.contains("\nNovember 2, 2026"), "{draft_eml}");
    assert!(draft_eml.contains("Date: Mon, 2 Nov 2026 "), "{draft_eml}");

    env.ok(&["file", &id, "--via", "email", "--on", "2026-11-02"]);
    let sent = env.ok(&["letter", &id]);
    let sent_eml = env.ok(&["letter", &id, "--eml"]);
    assert!(sent.starts_with("November 2, 2026\n"), "{sent}");
    assert!(sent_eml.contains("Date: Mon, 2 Nov 2026 "), "{sent_eml}");
    assert!(sent_eml.contains("\nNovember 2, 2026"), "{sent_eml}");
    let v = show(&env, &id);
    let docs = v["documents"].as_array().unwrap();
    let txt = docs
        .iter()
        .find(|d| d["name"] == "letter sent 2026-11-02.txt")
        .unwrap_or_else(|| panic!("no kept letter: {docs:?}"));
    assert_eq!(txt["sha256"], sha256_hex(sent.as_bytes()));
    assert_eq!(txt["event"], v["events"][0]["id"]);
    let eml = docs
        .iter()
        .find(|d| d["name"] == "letter sent 2026-11-02.eml")
        .unwrap_or_else(|| panic!("no kept e-mail: {docs:?}"));
    assert_eq!(eml["sha256"], sha256_hex(sent_eml.as_bytes()));

    // Weeks later the profile changes; the letter that was sent does not.
    env.ok(&["config", "set", "organization", "The Ledger"]);
    env.ok(&["config", "set", "phone", "919-555-0142"]);
    assert_eq!(env.ok(&["letter", &id]), sent);
    assert_eq!(env.ok(&["letter", &id, "--eml"]), sent_eml);
    let fresh = env.ok(&["letter", &id, "--fresh"]);
    assert_ne!(fresh, sent);
    assert!(fresh.starts_with("November 20, 2026\n"), "{fresh}");
    assert!(fresh.contains("The Ledger"), "{fresh}");
    assert!(!sent.contains("The Ledger"));

    // A follow-up logged as sent is kept the same way.
    env.ok(&["log", &id, "followup", "--on", "2026-11-20"]);
    let followup = env.ok(&["letter", &id, "--kind", "followup"]);
    assert!(followup.starts_with("November 20, 2026\n"), "{followup}");
    env.ok(&["config", "set", "organization", "Another Newsroom"]);
    assert_eq!(env.ok(&["letter", &id, "--kind", "followup"]), followup);
    assert!(
        show(&env, &id)["documents"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["name"]
                .as_str()
                .unwrap()
                .starts_with("follow-up sent 2026-11-20")),
        "no kept follow-up"
    );
}

/// Item 3: a reply from a personal address, without our tag, naming our Message-ID, is matched
/// by it; nothing of our own subject or quoted letter ("287(g)", "Suite 287") becomes their
/// reference, and the follow-up cites none; a later reply that gives a portal number records it.
#[test]
fn a_reply_to_our_letter_matches_and_takes_no_reference_from_our_words() {
    let env = env_on("2026-12-03");
    let bergen = bergen(&env);
    let id = filed_287g(&env, &bergen, "2026-11-02");
    let sent = env.ok(&["letter", &id, "--eml"]);
    let message_id = sent
        .lines()
        .find_map(|l| l.strip_prefix("Message-ID: "))
        .expect("the kept e-mail has a Message-ID")
        .trim()
        .to_string();

    let inbox = env.path().join("inbox");
    write(
        &inbox.join("1.eml"),
        &Reply {
            from: "\"Doe, Jane\" <jdoe@co.bergen.nj.us>",
            subject: "RE: Public records request: 287(g) agreement records",
            date: "Tue, 24 Nov 2026 16:05:11 -0500",
            id: "BN8PR09MB1234@namprd09.prod.outlook.com",
            in_reply_to: Some(&message_id),
            words: "We received your request under OPRA and are searching for the records.",
        }
        .eml(),
    );
    let out = env.ok(&["ingest", inbox.join("1.eml").to_str().unwrap()]);
    assert!(
        out.contains(&format!(
            "filed on request {id} (matched by reply-to; 0 attachment(s); no reference number in their words, none recorded)"
        )),
        "{out}"
    );
    assert_eq!(show(&env, &id)["tracking_number"], Value::Null);
    let followup = env.ok(&["letter", &id, "--kind", "followup"]);
    assert!(!followup.contains("reference 287"), "{followup}");
    assert!(!followup.contains("your reference"), "{followup}");

    // The portal's own number, in their words and without a label, is recorded.
    write(
        &inbox.join("2.eml"),
        &Reply {
            from: "\"Doe, Jane\" <jdoe@co.bergen.nj.us>",
            subject: "RE: Public records request: 287(g) agreement records",
            date: "Wed, 25 Nov 2026 09:12:00 -0500",
            id: "BN8PR09MB5678@namprd09.prod.outlook.com",
            in_reply_to: Some(&message_id),
            words: "Your request has been entered in our portal as PRR-2026-0113.",
        }
        .eml(),
    );
    let out = env.ok(&["ingest", inbox.join("2.eml").to_str().unwrap()]);
    assert!(
        out.contains("matched by reply-to")
            && out.contains("their reference PRR-2026-0113 recorded"),
        "{out}"
    );
    assert_eq!(show(&env, &id)["tracking_number"], "PRR-2026-0113");
    let followup = env.ok(&["letter", &id, "--kind", "followup", "--fresh"]);
    assert!(followup.contains("PRR-2026-0113"), "{followup}");
}

/// Item 4: a clock answered after its due date is "late" in show, JSON, explain, exports and
/// stats, never "met".
#[test]
fn an_answer_after_its_due_date_is_late_everywhere() {
    let env = env_on("2026-12-03");
    let bergen = bergen(&env);
    let camden = camden(&env);
    // Both due 2026-11-13 (see above). Bergen answers on 11-19: 11-16, 17, 18, 19 is four
    // business days late, six calendar days. Camden answers on 11-10, in time.
    let late = filed_287g(&env, &bergen, "2026-11-02");
    let in_time = filed_287g(&env, &camden, "2026-11-02");
    env.ok(&["log", &late, "complete", "--on", "2026-11-19"]);
    env.ok(&["log", &in_time, "complete", "--on", "2026-11-10"]);

    let text = env.ok(&["show", &late]);
    assert!(
        text.contains(
            "late: due 2026-11-13, answered 2026-11-19, 4 business days (6 calendar days) late"
        ),
        "{text}"
    );
    assert!(!text.contains("met"), "{text}");
    let v = show(&env, &late);
    assert_eq!(v["deadlines"][0]["state"], "late");
    assert_eq!(v["deadlines"][0]["business_days_late"], 4);
    assert_eq!(show(&env, &in_time)["deadlines"][0]["state"], "met");
    let explain = env.ok(&["explain", &late]);
    assert!(explain.contains("response answered late"), "{explain}");

    let csv = env.ok(&["export", "--format", "csv"]);
    let mut cells = csv_records(&csv);
    let header = cells.remove(0);
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    let row_of = |id: &str| cells.iter().find(|c| c[0] == id).unwrap().clone();
    assert_eq!(row_of(&late)[at("answered_on")], "2026-11-19");
    assert_eq!(row_of(&late)[at("answered_on_time")], "false");
    assert_eq!(row_of(&in_time)[at("answered_on_time")], "true");
    let json = env.run(&["export", "--format", "json"]).json();
    let j = json
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"].as_i64() == late.parse::<i64>().ok())
        .unwrap();
    assert_eq!(j["answered_on_time"], false);
    let md = env.ok(&["export", "--format", "markdown"]);
    assert!(md.contains("completed (answered late)"), "{md}");
    let html = env.ok(&["export", "--format", "html"]);
    assert!(html.contains("completed (answered late)"));

    // One of two answered in time: an on-time share of one half.
    let stats = env.run(&["stats", "--format", "json"]).json();
    let all = stats
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["group"] == "all")
        .unwrap_or_else(|| panic!("{stats}"));
    assert_eq!(all["on_time_share"], 0.5, "{all}");
}

/// Item 6: a fee the agency waits for us to pay is a condition of its own, with its age, and
/// no follow-up letter blames the agency for our delay.
#[test]
fn a_fee_waiting_for_us_is_said_and_no_follow_up_blames_the_agency() {
    let env = env_on("2026-12-03");
    let wake = office(
        &env,
        "Wake County Sheriff's Office",
        "NC",
        "records@wake.example",
    );
    let id = filed_287g(&env, &wake, "2026-11-02");
    env.ok(&["log", &id, "fee", "--amount", "45.50", "--on", "2026-11-05"]);

    let v = show(&env, &id);
    assert_eq!(flags(&v), ["waiting-on-us"]);
    assert_eq!(v["waiting_since"], "2026-11-05");
    // North Carolina sets no deadline, so the fee stops no statutory clock: the follow-up
    // target waits. 11-06 .. 12-03 without Veterans Day and Thanksgiving and the day after
    // (NC closes both): 17 business days.
    let explain = env.ok(&["explain", &id]);
    assert!(
        explain.contains(
            "waiting on the requester since Thu 2026-11-05: 17 business days so far; the follow-up target waits"
        ),
        "{explain}"
    );
    assert!(!explain.contains("still paused"), "{explain}");
    let overdue = env.ok(&["overdue"]);
    assert!(
        overdue.contains("also: 1 wait on us (a fee to pay or contest"),
        "{overdue}"
    );
    let refused = env.run(&["letter", &id, "--kind", "followup"]);
    let e = refused.error();
    assert!(
        e.contains("waits on us since 2026-11-05") && e.contains("docket log 1 paid"),
        "{e}"
    );
    // Once paid, the follow-up can be written again.
    env.ok(&[
        "log",
        &id,
        "paid",
        "--amount",
        "45.50",
        "--on",
        "2026-11-06",
    ]);
    env.ok(&["letter", &id, "--kind", "followup"]);
}

/// Item 7: a mistyped --db is an error that says how to create it, and creates nothing; the
/// default location is still made on first use.
#[test]
fn a_mistyped_database_path_is_an_error_not_an_empty_tracker() {
    let env = Env::bare();
    let typo = env.path().join("typo").join("x.sqlite3");
    for args in [
        &["overdue", "--fail"][..],
        &["list"],
        &["backup", "copy.sqlite3"],
        &[
            "agency",
            "add",
            "--name",
            "Wake County Sheriff's Office",
            "--state",
            "NC",
        ],
    ] {
        let r = env
            .cmd()
            .arg("--db")
            .arg(&typo)
            .args(args)
            .output()
            .unwrap();
        let r = crate::common::to_run(r);
        let e = r.error();
        assert!(
            e.contains(&format!("no database at {}", typo.display()))
                && e.contains("docket init --db"),
            "{args:?}: {e}"
        );
        assert!(
            !env.path().join("typo").exists(),
            "{args:?} made the folder"
        );
        assert!(!env.path().join("copy.sqlite3").exists());
    }
    // DOCKET_DB is a named path too.
    let r = crate::common::to_run(
        env.cmd()
            .env("DOCKET_DB", &typo)
            .arg("list")
            .output()
            .unwrap(),
    );
    assert!(r.error().contains("no database at"));
    // `init --db` makes it, and then it works.
    let made = crate::common::to_run(
        env.cmd()
            .arg("--db")
            .arg(&typo)
            .arg("init")
            .output()
            .unwrap(),
    );
    assert!(made.ok().contains("x.sqlite3"));
    let r = crate::common::to_run(
        env.cmd()
            .arg("--db")
            .arg(&typo)
            .args(["overdue", "--fail"])
            .output()
            .unwrap(),
    );
    assert!(r.ok().contains("nothing is overdue"));
    // Without --db or DOCKET_DB the default database is created on first use.
    let r = crate::common::to_run(
        env.cmd()
            .env_remove("DOCKET_DB")
            .arg("list")
            .output()
            .unwrap(),
    );
    r.ok();
    assert!(env.path().join("data/docket/docket.sqlite3").exists());
}

/// Item 9: a slug typed where a request number goes points to `agency show`; `config set
/// --help` lists the keys and what each is for.
#[test]
fn small_things_a_new_user_trips_on() {
    let env = env_on("2026-12-03");
    let wake = office(
        &env,
        "Wake County Sheriff's Office",
        "NC",
        "records@wake.example",
    );
    for cmd in ["show", "explain", "log", "letter", "file", "attach"] {
        let mut args = vec![cmd, wake.as_str()];
        if cmd == "log" {
            args.push("note");
        }
        if cmd == "attach" {
            args.push("x.pdf");
        }
        let r = env.run(&args);
        let e = r.fails(2);
        assert!(
            e.contains("is not a request number") && e.contains("docket agency show wake-so-nc"),
            "{cmd}: {e}"
        );
    }
    let help = env.ok(&["config", "set", "--help"]);
    for key in [
        "name",
        "organization",
        "email",
        "address",
        "phone",
        "news_media",
    ] {
        assert!(
            help.lines()
                .any(|l| l.trim_start().starts_with(&format!("- {key}:"))),
            "{key} not in config set --help: {help}"
        );
    }
    assert!(
        env.run(&["config", "set", "nmae", "x"])
            .fails(2)
            .contains("possible values")
    );
}

/// Splits one README command line as a POSIX shell would for the simple lines the README
/// uses: words, "double-quoted" words, `~` at the start of a word, and a trailing `# comment`.
fn shell_words(line: &str, home: &Path) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                in_word = true;
            }
            '#' if !quoted && !in_word => break,
            c if c.is_whitespace() && !quoted => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            '~' if !quoted && !in_word => {
                word.push_str(home.to_str().unwrap());
                in_word = true;
            }
            c => {
                word.push(c);
                in_word = true;
            }
        }
    }
    if in_word {
        words.push(word);
    }
    words
}

/// The commands of the README's section `heading`, as written.
fn readme_commands(heading: &str) -> Vec<String> {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let start = readme
        .find(heading)
        .unwrap_or_else(|| panic!("the README has no {heading}"));
    let block = &readme[start..];
    let open = block.find("```sh\n").unwrap() + "```sh\n".len();
    let close = block[open..].find("```").unwrap();
    block[open..open + close]
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("docket "))
        .map(str::to_string)
        .collect()
}

/// The README's quick start runs as written on a new machine: the default database is made
/// on first use, and the letter carries the whole profile.
#[test]
fn the_readme_quick_start_runs_as_written() {
    let env = Env::bare();
    let commands = readme_commands("## Quick start");
    assert!(commands.len() >= 8, "{commands:?}");
    let mut letter = String::new();
    for line in &commands {
        let words = shell_words(line, env.path());
        let out = env
            .cmd()
            .env_remove("DOCKET_DB")
            .args(&words[1..])
            .output()
            .unwrap();
        let r = crate::common::to_run(out);
        assert_eq!(r.code, 0, "`{line}` failed: {}", r.stderr);
        if line == "docket letter 1" {
            letter = r.stdout.clone();
        }
    }
    assert!(env.path().join("data/docket/docket.sqlite3").exists());
    for part in [
        "Ana Reyes",
        "The Ledger",
        "12 Main St\nRaleigh, NC 27601",
        "919-555-0142",
    ] {
        assert!(letter.contains(part), "the letter lacks {part}: {letter}");
    }
}

/// Item 8: the README's 287(g) walkthrough runs as written, end to end, on ICE's real
/// workbook: import, draft a batch, the e-mail step (which first names every office without an
/// address and writes nothing, then works after the contacts import the README shows), file,
/// ingest the replies, log a fee and a denial, and the Monday reports.
#[test]
fn the_readme_walkthrough_runs_as_written_on_the_real_workbook() {
    let Some(data) = shared_data() else {
        eprintln!("skipped: ../shared/data is absent");
        return;
    };
    let workbook = data.join("ice-287g/participatingAgencies07182025pm.xlsx");
    let env = env_on("2026-12-03");
    let home = env.path();
    std::fs::copy(&workbook, home.join("participatingAgencies.xlsx")).unwrap();
    let commands = readme_commands("## A 287(g) project, start to finish");
    assert!(commands.len() >= 10, "{commands:?}");
    let run_line = |line: &str| {
        let words = shell_words(line, home);
        assert_eq!(words[0], "docket");
        env.run(&words[1..].iter().map(String::as_str).collect::<Vec<_>>())
    };
    let mut seen_contacts = false;
    for line in &commands {
        let words = shell_words(line, home);
        match words.get(1).map(String::as_str) {
            // The contacts list: the user's own, one row per office of the batch.
            Some("agency") if line.contains("contacts.csv") => {
                // Without it the e-mail step names every office without an address, and
                // writes nothing.
                let letter = commands
                    .iter()
                    .find(|l| l.starts_with("docket letter") && l.contains("--eml"))
                    .expect("the walkthrough writes e-mail drafts");
                let r = run_line(letter);
                let e = r.error();
                assert!(e.contains("22 agencies have no e-mail address"), "{e}");
                for slug in ["alamance-so-nc", "union-so-nc", "yancey-so-nc"] {
                    assert!(e.contains(slug), "{slug} not named: {e}");
                }
                assert!(!e.contains(" more"), "{e}");
                assert!(e.contains("slug,email"), "{e}");
                assert!(!home.join("letters").exists(), "an empty folder was left");

                let batch = env
                    .run(&["list", "--batch", "nc-moa-2026", "--format", "json"])
                    .json();
                let mut csv = String::from("slug,email\n");
                for r in batch.as_array().unwrap() {
                    let slug = r["agency"].as_str().unwrap();
                    csv.push_str(&format!("{slug},records@{slug}.example\n"));
                }
                std::fs::write(home.join("contacts.csv"), csv).unwrap();
                let r = run_line(line);
                let out = r.ok();
                assert!(out.contains("agencies: 0 added, 22 updated"), "{out}");
                seen_contacts = true;
            }
            Some("letter") if words.iter().any(|w| w == "--eml") => {
                assert!(
                    seen_contacts,
                    "the README writes e-mail before it has addresses"
                );
                run_line(line).ok();
                let written = std::fs::read_dir(home.join("letters")).unwrap().count();
                assert_eq!(written, 22);
            }
            Some("ingest") => {
                // Two offices answer, as clerks do: one tagged reply, one from the address
                // the contacts list gave.
                let folder = PathBuf::from(&words[2]);
                write(
                    &folder.join("1.eml"),
                    &Reply {
                        from: "records@alamance-so-nc.example",
                        subject: "RE: Public records request: 287(g) agreement records [docket #14]",
                        date: "Mon, 7 Dec 2026 10:00:00 -0500",
                        id: "a1@alamance.example",
                        in_reply_to: None,
                        words: "The estimate for your request is $45.50.",
                    }
                    .eml(),
                );
                let r = run_line(line);
                let out = r.ok();
                assert!(out.contains("filed on request 14 (matched by tag"), "{out}");
            }
            _ => {
                let r = run_line(line);
                assert_eq!(r.code, 0, "`{line}` failed: {}", r.stderr);
            }
        }
    }
    assert!(
        seen_contacts,
        "the README walkthrough has no contacts import"
    );
    assert!(home.join("status.html").exists());
    assert!(home.join("deadlines.ics").exists());
    let v = show(&env, "14");
    assert_eq!(v["status"], "fee-requested");
    assert_eq!(show(&env, "22")["status"], "denied");
}

/// The set of conditions in a cell, however it is joined (", " in CSV, "," in the views).
fn flag_set(cell: &str) -> std::collections::BTreeSet<String> {
    cell.split(',')
        .map(str::trim)
        .filter(|f| !f.is_empty())
        .map(str::to_string)
        .collect()
}

/// Item 5: one definition of each figure. Varied histories (a fee paid, a fee still owed, a
/// denial then an appeal, a late answer, a reply on a late request, a draft), and for every
/// request show, list, the JSON, CSV, Markdown and HTML exports, stats and the SQL views give
/// the same flags, days late, paused business days and answer. "Today" is the real date, so
/// that the views (which count with SQLite's clock) are asked about the same day.
#[test]
fn every_view_gives_the_same_figures_for_every_request() {
    let today = chrono::Utc::now().date_naive().to_string();
    let env = env_on(&today);
    let nj = |name: &str, email: &str| office(&env, name, "NJ", email);
    let bergen = bergen(&env);
    let camden = camden(&env);
    let essex = nj("Essex County Sheriff's Office", "opra@essex.example");
    let hudson = nj("Hudson County Sheriff's Office", "opra@hudson.example");
    let wake = office(
        &env,
        "Wake County Sheriff's Office",
        "NC",
        "records@wake.example",
    );

    let paid = filed_287g(&env, &bergen, "2026-11-02");
    env.ok(&[
        "log",
        &paid,
        "fee",
        "--amount",
        "45.50",
        "--on",
        "2026-11-05",
    ]);
    env.ok(&[
        "log",
        &paid,
        "paid",
        "--amount",
        "45.50",
        "--on",
        "2026-11-12",
    ]);
    let owed = filed_287g(&env, &wake, "2026-11-02");
    env.ok(&["log", &owed, "fee", "--amount", "12", "--on", "2026-11-05"]);
    let denied = filed_287g(&env, &camden, "2026-11-02");
    env.ok(&[
        "log",
        &denied,
        "deny",
        "--on",
        "2026-11-10",
        "--note",
        "criminal investigatory records",
    ]);
    env.ok(&["log", &denied, "appeal", "--on", "2026-11-12"]);
    let late = filed_287g(&env, &essex, "2026-11-02");
    env.ok(&["log", &late, "complete", "--on", "2026-11-19"]);
    let replied = filed_287g(&env, &hudson, "2026-11-02");
    env.ok(&[
        "log",
        &replied,
        "reply",
        "--on",
        "2026-11-20",
        "--note",
        "still looking",
    ]);
    let draft = env
        .ok(&[
            "draft",
            "--agency",
            &bergen,
            "--template",
            "287g-detainers",
            "--set",
            "since=2025-01-01",
        ])
        .trim()
        .to_string();
    let ids = [&paid, &owed, &denied, &late, &replied, &draft];

    let by_id = |v: &Value| -> std::collections::BTreeMap<String, Value> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|r| (r["id"].to_string(), r.clone()))
            .collect()
    };
    let listed = by_id(&env.run(&["list", "--format", "json"]).json());
    let exported = by_id(&env.run(&["export", "--format", "json"]).json());
    let csv = env.ok(&["export", "--format", "csv"]);
    let mut records = csv_records(&csv);
    let header = records.remove(0);
    let csv_rows: std::collections::BTreeMap<String, Vec<String>> =
        records.into_iter().map(|c| (c[0].clone(), c)).collect();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let md = env.ok(&["export", "--format", "markdown"]);
    let html = env.ok(&["export", "--format", "html"]);
    let view: std::collections::BTreeMap<String, Vec<String>> = sql(
        &env,
        "SELECT id, flags, paused_business_days_ended, ifnull(paused_since, ''), status FROM request_status",
    )
    .into_iter()
    .map(|r| {
        let c: Vec<String> = r.split('|').map(str::to_string).collect();
        (c[0].clone(), c)
    })
    .collect();

    for id in ids {
        let shown = show(&env, id);
        let want_flags = flag_set(&flags(&shown).join(","));
        let want_paused = shown["paused_business_days"].as_i64().unwrap();
        let want_late = shown["days_overdue"].clone();
        let what = format!("request {id} ({})", shown["status"]);
        for (source, row) in [
            ("list", &listed[id.as_str()]),
            ("export json", &exported[id.as_str()]),
        ] {
            let got: Vec<String> = row["flags"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| f.as_str().unwrap().to_string())
                .collect();
            assert_eq!(
                flag_set(&got.join(",")),
                want_flags,
                "{what}: {source} flags"
            );
            assert_eq!(
                row["paused_business_days"], want_paused,
                "{what}: {source} paused"
            );
            assert_eq!(row["days_overdue"], want_late, "{what}: {source} days late");
            assert_eq!(row["status"], shown["status"], "{what}: {source} status");
        }
        let c = &csv_rows[id.as_str()];
        assert_eq!(flag_set(&c[col("flags")]), want_flags, "{what}: csv flags");
        assert_eq!(
            c[col("paused_business_days")],
            want_paused.to_string(),
            "{what}: csv paused"
        );
        assert_eq!(
            c[col("days_overdue")],
            want_late
                .as_i64()
                .map(|n| n.to_string())
                .unwrap_or_default(),
            "{what}: csv days late"
        );
        let v = &view[id.as_str()];
        assert_eq!(flag_set(&v[1]), want_flags, "{what}: request_status flags");
        assert_eq!(
            v[4],
            shown["status"].as_str().unwrap(),
            "{what}: view status"
        );
        if v[3].is_empty() {
            assert_eq!(v[2], want_paused.to_string(), "{what}: view paused days");
        }
        // Markdown: one line per request, with its flags and days late.
        let agency = shown["agency_name"].as_str().unwrap();
        let title = shown["title"].as_str().unwrap();
        let md_line = md
            .lines()
            .find(|l| l.contains(agency) && l.contains(title))
            .unwrap_or_else(|| panic!("{what} not in markdown: {md}"));
        let md_cells: Vec<&str> = md_line
            .trim_matches('|')
            .split('|')
            .map(str::trim)
            .collect();
        assert_eq!(flag_set(md_cells[6]), want_flags, "{what}: markdown flags");
        assert_eq!(
            md_cells[7],
            want_late
                .as_i64()
                .map(|n| n.to_string())
                .unwrap_or_default(),
            "{what}: markdown days late"
        );
        // HTML says the paused days in words on the request's row.
        let html_row = html
            .lines()
            .find(|l| {
                l.starts_with("<tr")
                    && l.contains(&format!("<td class=\"num\">{id}</td><th scope=\"row\">"))
            })
            .unwrap_or_else(|| panic!("{what} not in html"));
        let unit = if want_paused == 1 { "day" } else { "days" };
        assert_eq!(
            html_row.contains(&format!("{want_paused} business {unit} paused")),
            want_paused > 0,
            "{what}: html paused: {html_row}"
        );
    }
    // The pauses by hand. Bergen (NJ): the fee on Thu 11-05 stops the clock, paid Thu 11-12:
    // 11-06, 11-09, 11-10, 11-12 (Veterans Day skipped) is 4 business days.
    assert_eq!(show(&env, &paid)["paused_business_days"], 4);
    // Wake still owes its fee: the pause runs to today.
    assert!(show(&env, &owed)["paused_business_days"].as_i64().unwrap() >= 17);

    // Deny then appeal is a denial, in stats and in the scorecard; the late answer is the
    // only completion, and it was not on time.
    let stats = env.run(&["stats", "--format", "json"]).json();
    let all = stats
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["group"] == "all")
        .unwrap()
        .clone();
    assert_eq!(all["denied"], 1, "{all}");
    assert_eq!(all["completed"], 1, "{all}");
    let card = sql(
        &env,
        "SELECT sum(denied), sum(completed) FROM agency_scorecard",
    );
    assert_eq!(card, ["1|1"]);
}

/// The records of a CSV text, header first.
fn csv_records(text: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}
