//! The tracker's core: the store, agencies, requests, events, the state machine, bad input.

use crate::common::{BUILTIN_AGENCIES, Env, dump};

#[test]
fn init_creates_a_private_database_in_the_xdg_data_folder() {
    let env = Env::new();
    let mut c = env.cmd();
    c.env_remove("DOCKET_DB").arg("init");
    let r = crate::common::to_run(c.output().unwrap());
    let path = env.path().join("data/docket/docket.sqlite3");
    assert_eq!(r.ok().trim(), path.display().to_string());
    assert!(path.exists());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(path.parent().unwrap()), 0o700);
    }
    let conn = rusqlite::Connection::open(&path).unwrap();
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert!(version >= 1);
    // Running it again upgrades nothing and prints the same path.
    let mut c = env.cmd();
    c.env_remove("DOCKET_DB").arg("init");
    assert_eq!(
        crate::common::to_run(c.output().unwrap()).ok().trim(),
        path.display().to_string()
    );
}

#[test]
fn home_fallback_is_dot_local_share() {
    let env = Env::new();
    let mut c = env.cmd();
    c.env_remove("DOCKET_DB")
        .env_remove("XDG_DATA_HOME")
        .arg("init");
    let r = crate::common::to_run(c.output().unwrap());
    assert!(
        r.ok()
            .trim()
            .ends_with(".local/share/docket/docket.sqlite3"),
        "{}",
        r.stdout
    );
}

#[test]
fn agencies_are_added_listed_shown_and_edited() {
    let env = Env::new();
    assert_eq!(
        env.agency("Mecklenburg County Sheriff's Office", "NC"),
        "mecklenburg-so-nc"
    );
    assert_eq!(
        env.ok(&[
            "agency",
            "add",
            "--name",
            "Harris County Sheriff's Office",
            "--state",
            "texas",
            "--email",
            "pia@hcso.example",
            "--county",
            "Harris County"
        ])
        .trim(),
        "harris-so-tx"
    );
    assert_eq!(
        env.agency("Harris County Sheriff's Office", "GA"),
        "harris-so-ga"
    );
    let list = env
        .run(&["agency", "list", "--state", "TX", "--format", "json"])
        .json();
    let rows = list.as_array().unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["slug"], "harris-so-tx");
    assert_eq!(rows[0]["email"], "pia@hcso.example");
    assert_eq!(rows[0]["county"], "Harris County");
    assert_eq!(rows[0]["kind"], "sheriff");
    env.ok(&[
        "agency",
        "edit",
        "harris-so-tx",
        "--email",
        "records@hcso.example",
        "--officer",
        "Jane Roe",
    ]);
    let shown = env
        .run(&["agency", "show", "harris-so-tx", "--format", "json"])
        .json();
    assert_eq!(shown["email"], "records@hcso.example");
    assert_eq!(shown["records_officer"], "Jane Roe");
    let table = env.ok(&["agency", "list"]);
    assert!(
        // Three added, and the federal offices built in.
        table.contains("mecklenburg-so-nc")
            && table.contains(&format!("{} agencies", 3 + BUILTIN_AGENCIES)),
        "{table}"
    );
    let csv = env.ok(&["agency", "list", "--format", "csv"]);
    assert!(csv.starts_with("slug,name,state,kind"), "{csv}");
    let md = env.ok(&["agency", "list", "--format", "markdown"]);
    assert!(
        md.lines().nth(1).unwrap().starts_with("|---")
            || md.lines().nth(1).unwrap().starts_with("| ---"),
        "{md}"
    );
}

#[test]
fn a_duplicate_agency_is_refused_and_changes_nothing() {
    let env = Env::new();
    env.agency("Wake County Sheriff's Office", "NC");
    let before = env.dump();
    let r = env.run(&[
        "agency",
        "add",
        "--name",
        "wake county sheriff's office",
        "--state",
        "NC",
    ]);
    let e = r.error();
    assert!(
        e.contains("exists already") && e.contains("wake-so-nc"),
        "{e}"
    );
    assert_eq!(env.dump(), before);
}

#[test]
fn an_unknown_agency_gets_the_closest_slugs() {
    let env = Env::new();
    env.agency("Wake County Sheriff's Office", "NC");
    env.agency("Bergen County Sheriff's Office", "NJ");
    let before = env.dump();
    let e = env
        .run(&[
            "draft",
            "--agency",
            "wake-so",
            "--set",
            "records=x",
            "--set",
            "name=A",
        ])
        .error()
        .to_string();
    assert!(
        e.contains("no agency 'wake-so': did you mean wake-so-nc"),
        "{e}"
    );
    let e = env
        .run(&["agency", "show", "nothing-like-it"])
        .error()
        .to_string();
    assert!(e.contains("docket agency list"), "{e}");
    assert_eq!(env.dump(), before);
}

#[test]
fn an_ambiguous_name_lists_the_slugs() {
    let env = Env::new();
    env.agency("Harris County Sheriff's Office", "TX");
    env.agency("Harris County Sheriff's Office", "GA");
    let e = env
        .run(&["agency", "show", "Harris County Sheriff's Office"])
        .error()
        .to_string();
    assert!(
        e.contains("ambiguous") && e.contains("harris-so-ga") && e.contains("harris-so-tx"),
        "{e}"
    );
}

#[test]
fn a_request_goes_from_draft_to_filed_to_acknowledged() {
    let env = Env::new();
    let slug = env.agency("Bergen County Sheriff's Office", "NJ");
    let id = env.draft(&slug);
    assert_eq!(id, "1");
    let show = env.run(&["show", "1", "--format", "json"]).json();
    assert_eq!(show["status"], "draft");
    assert_eq!(show["filed_on"], serde_json::Value::Null);
    assert_eq!(show["due_on"], serde_json::Value::Null);
    env.ok(&["file", "1", "--on", "2026-11-16", "--via", "email"]);
    env.ok(&[
        "log",
        "1",
        "ack",
        "--on",
        "2026-11-17",
        "--tracking",
        "OPRA-2026-0042",
        "--note",
        "portal receipt",
    ]);
    let show = env.run(&["show", "1", "--format", "json"]).json();
    assert_eq!(show["status"], "acknowledged");
    assert_eq!(show["filed_on"], "2026-11-16");
    assert_eq!(show["tracking_number"], "OPRA-2026-0042");
    let events = show["events"].as_array().unwrap();
    assert_eq!(events.len(), 2);
    for key in ["id", "kind", "on", "note", "amount", "days", "until"] {
        assert!(
            events[1].get(key).is_some(),
            "event key {key} missing: {}",
            events[1]
        );
    }
    assert_eq!(events[1]["kind"], "ack");
    assert_eq!(events[1]["on"], "2026-11-17");
    assert_eq!(events[1]["note"], "portal receipt");
    let list = env.run(&["list", "--format", "json"]).json();
    let row = &list[0];
    for key in [
        "id",
        "agency",
        "agency_name",
        "state",
        "title",
        "status",
        "filed_on",
        "due_on",
        "flag",
        "days_overdue",
        "tracking_number",
        "batch",
    ] {
        assert!(row.get(key).is_some(), "list key {key} missing: {row}");
    }
    assert_eq!(row["agency"], "bergen-so-nj");
    assert_eq!(row["state"], "NJ");
    let table = env.ok(&["list"]);
    assert!(
        table.contains("acknowledged") && table.contains("1 request"),
        "{table}"
    );
}

#[test]
fn list_filters_by_status_agency_state_and_batch() {
    let env = Env::new();
    let nj = env.agency("Bergen County Sheriff's Office", "NJ");
    let nc = env.agency("Wake County Sheriff's Office", "NC");
    env.draft(&nj);
    env.draft(&nc);
    env.ok(&["file", "2", "--on", "2026-11-16"]);
    let ids = |args: &[&str]| -> Vec<i64> {
        let mut a = vec!["list", "--format", "json"];
        a.extend_from_slice(args);
        env.run(&a)
            .json()
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_i64().unwrap())
            .collect()
    };
    assert_eq!(ids(&[]), vec![1, 2]);
    assert_eq!(ids(&["--status", "draft"]), vec![1]);
    assert_eq!(ids(&["--status", "filed", "--status", "draft"]), vec![1, 2]);
    assert_eq!(ids(&["--state", "NC"]), vec![2]);
    assert_eq!(ids(&["--agency", &nj]), vec![1]);
    let e = env.run(&["list", "--status", "lost"]).error().to_string();
    assert!(
        e.contains("unknown status 'lost'") && e.contains("fee-requested"),
        "{e}"
    );
}

#[test]
fn events_cannot_be_changed_or_deleted_in_plain_sql() {
    let env = Env::new();
    let id = env.filed("2026-11-16");
    env.ok(&["log", &id, "note", "--note", "called the records desk"]);
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    let e = conn
        .execute("UPDATE events SET note = 'changed'", [])
        .unwrap_err()
        .to_string();
    assert!(e.contains("append-only"), "{e}");
    let e = conn
        .execute("DELETE FROM events", [])
        .unwrap_err()
        .to_string();
    assert!(e.contains("append-only"), "{e}");
    let e = conn
        .execute("DELETE FROM requests", [])
        .unwrap_err()
        .to_string();
    assert!(e.contains("never deleted"), "{e}");
}

#[test]
fn void_undoes_a_mistaken_event_and_keeps_it_in_the_history() {
    let env = Env::new();
    let id = env.filed("2026-11-16");
    env.ok(&["log", &id, "deny", "--on", "2026-11-18"]);
    assert_eq!(
        env.run(&["show", &id, "--format", "json"]).json()["status"],
        "denied"
    );
    env.ok(&[
        "log",
        &id,
        "void",
        "--event",
        "2",
        "--note",
        "logged on the wrong request",
    ]);
    let show = env.run(&["show", &id, "--format", "json"]).json();
    assert_eq!(show["status"], "filed");
    let events = show["events"].as_array().unwrap();
    assert_eq!(events.len(), 3);
    assert_eq!(events[1]["voided_by"], 3);
    let e = env
        .run(&["log", &id, "void", "--event", "2"])
        .error()
        .to_string();
    assert!(e.contains("voided already"), "{e}");
    let e = env
        .run(&["log", &id, "void", "--event", "99"])
        .error()
        .to_string();
    assert!(e.contains("no event 99"), "{e}");
}

#[test]
fn voiding_an_event_that_later_ones_need_is_refused() {
    let env = Env::new();
    let id = env.filed("2026-11-16");
    env.ok(&["log", &id, "deny", "--on", "2026-11-17"]);
    env.ok(&["log", &id, "appeal", "--on", "2026-11-18"]);
    let before = env.dump();
    let e = env
        .run(&["log", &id, "void", "--event", "2"])
        .error()
        .to_string();
    assert!(
        e.contains("would leave event 3 (appeal on 2026-11-18) impossible"),
        "{e}"
    );
    assert_eq!(env.dump(), before);
}

#[test]
fn dates_before_filing_or_in_the_future_are_refused() {
    let env = Env::new();
    let id = env.filed("2026-11-16");
    let before = env.dump();
    let e = env
        .run(&["log", &id, "ack", "--on", "2026-11-13"])
        .error()
        .to_string();
    assert!(e.contains("before request 1 was filed (2026-11-16)"), "{e}");
    let e = env
        .run(&["log", &id, "ack", "--on", "2026-11-21"])
        .error()
        .to_string();
    assert!(e.contains("in the future (today is 2026-11-20)"), "{e}");
    let r = env.run(&["log", &id, "ack", "--on", "2026-11-31"]);
    let e = r.fails(2);
    assert!(
        e.contains("'2026-11-31' is not a date: use YYYY-MM-DD"),
        "{e}"
    );
    let r = env.run(&["--today", "20261120", "list"]);
    assert!(r.fails(2).contains("use YYYY-MM-DD"));
    assert_eq!(env.dump(), before);
}

#[test]
fn fees_need_amounts_and_extensions_need_days() {
    let env = Env::new();
    let id = env.filed("2026-11-16");
    let before = env.dump();
    for (args, needle) in [
        (vec!["fee"], "needs the amount"),
        (vec!["fee", "--amount", "-5"], "negative"),
        (vec!["fee", "--amount", "12.345"], "not an amount"),
        (vec!["extend"], "needs --days N"),
        (
            vec!["extend", "--days", "3", "--until", "2026-12-01"],
            "not both",
        ),
        (
            vec!["ack", "--amount", "5"],
            "--amount does not go with 'ack'",
        ),
        (vec!["void"], "needs the event"),
        (vec!["filed"], "docket file 1"),
        (vec!["acked"], "unknown event kind 'acked'"),
    ] {
        let mut a = vec!["log", id.as_str()];
        a.extend(args.iter().copied());
        let e = env.run(&a).error().to_string();
        assert!(e.contains(needle), "{args:?}: {e}");
    }
    assert_eq!(env.dump(), before);
    env.ok(&["log", &id, "fee", "--amount", "$1,045.50"]);
    let show = env.run(&["show", &id, "--format", "json"]).json();
    assert_eq!(show["events"][1]["amount"], 1045.5);
    assert_eq!(show["status"], "fee-requested");
}

#[test]
fn drafts_can_be_discarded_but_filed_requests_cannot() {
    let env = Env::new();
    let slug = env.agency("Wake County Sheriff's Office", "NC");
    let a = env.draft(&slug);
    let b = env.draft(&slug);
    env.ok(&["file", &b, "--on", "2026-11-16"]);
    env.ok(&["discard", &a]);
    assert!(
        env.run(&["show", &a])
            .error()
            .contains("there is no request 1")
    );
    let before = env.dump();
    let e = env.run(&["discard", &b]).error().to_string();
    assert!(e.contains("never deleted") && e.contains("withdraw"), "{e}");
    assert_eq!(env.dump(), before);
}

#[test]
fn filing_twice_is_refused() {
    let env = Env::new();
    let id = env.filed("2026-11-16");
    let e = env.run(&["file", &id]).error().to_string();
    assert!(e.contains("was filed on 2026-11-16 already"), "{e}");
}

#[test]
fn a_newer_database_is_refused_untouched() {
    let env = Env::new();
    env.ok(&["init"]);
    {
        let conn = rusqlite::Connection::open(env.db()).unwrap();
        conn.pragma_update(None, "user_version", 999).unwrap();
    }
    let bytes = env.bytes();
    let e = env.run(&["list"]).error().to_string();
    assert!(e.contains("newer docket (schema version 999"), "{e}");
    assert!(e.contains("upgrade docket"), "{e}");
    assert_eq!(env.bytes(), bytes);
}

#[test]
fn a_file_that_is_not_a_docket_database_is_refused_untouched() {
    let env = Env::new();
    std::fs::write(
        env.db(),
        b"these are my notes, not a database\n".repeat(200),
    )
    .unwrap();
    let bytes = env.bytes();
    let e = env.run(&["list"]).error().to_string();
    assert!(e.contains("is not a docket database"), "{e}");
    assert_eq!(env.bytes(), bytes);

    // Another program's SQLite file.
    let other = env.path().join("other.sqlite3");
    {
        let conn = rusqlite::Connection::open(&other).unwrap();
        conn.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
            .unwrap();
    }
    let before = dump(&other);
    let e = env
        .run(&["--db", other.to_str().unwrap(), "list"])
        .error()
        .to_string();
    assert!(e.contains("is not a docket database"), "{e}");
    assert_eq!(dump(&other), before);

    let e = env
        .run(&["--db", env.path().to_str().unwrap(), "list"])
        .error()
        .to_string();
    assert!(e.contains("is a directory"), "{e}");
}

#[test]
fn a_broken_pipe_is_not_an_error() {
    let env = Env::new();
    let slug = env.agency("Wake County Sheriff's Office", "NC");
    for _ in 0..3 {
        env.draft(&slug);
    }
    let mut child = env
        .cmd()
        .args(["list", "--format", "json"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success() || out.status.code() == Some(0),
        "{:?}",
        out
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// How to bring a request to each status, and the event kinds `docket log` allows from it.
/// Worked out from DESIGN.md's lifecycle, by hand: a pause (clarify, fee) ends with its own
/// answer; the agency can answer, deny or ask again at any time while it holds the request;
/// an appeal follows an answer; withdrawn and the final answers take only notes and replies.
const MACHINE: &[(&str, &[&str], &str)] = &[
    ("draft", &[], "note"),
    (
        "filed",
        &[],
        "ack clarify fee extend partial complete deny no-records followup reply withdraw note",
    ),
    (
        "acknowledged",
        &["ack"],
        "clarify fee extend partial complete deny no-records followup reply withdraw note",
    ),
    (
        "clarification-needed",
        &["clarify"],
        "clarify clarified fee partial complete deny no-records followup reply withdraw note",
    ),
    (
        "fee-requested",
        &["fee --amount 10"],
        "clarify fee paid waived partial complete deny no-records followup reply withdraw note",
    ),
    (
        "extended",
        &["extend --days 5"],
        "clarify fee extend partial complete deny no-records followup reply withdraw note",
    ),
    (
        "partial",
        &["partial"],
        "clarify fee extend partial complete deny no-records appeal followup reply withdraw note",
    ),
    ("completed", &["complete"], "appeal reply note"),
    ("denied", &["deny"], "appeal reply note"),
    ("no-records", &["no-records"], "appeal reply note"),
    ("withdrawn", &["withdraw"], "reply note"),
    (
        "appealed",
        &["deny", "appeal"],
        "appeal-granted appeal-denied followup reply withdraw note",
    ),
    (
        "appeal-granted",
        &["deny", "appeal", "appeal-granted"],
        "partial complete no-records followup reply withdraw note",
    ),
    (
        "appeal-denied",
        &["deny", "appeal", "appeal-denied"],
        "reply note",
    ),
];

const KINDS: &[&str] = &[
    "ack",
    "clarify",
    "clarified",
    "fee",
    "paid",
    "waived",
    "extend",
    "partial",
    "complete",
    "deny",
    "no-records",
    "appeal",
    "appeal-granted",
    "appeal-denied",
    "followup",
    "reply",
    "withdraw",
    "note",
];

/// The extra flags a kind needs to be well formed.
fn flags_for(kind: &str) -> Vec<&'static str> {
    match kind {
        "fee" | "paid" => vec!["--amount", "25"],
        "extend" => vec!["--days", "3"],
        _ => vec![],
    }
}

#[test]
fn the_state_machine_allows_and_refuses_every_pair_as_designed() {
    for (status, path, allowed) in MACHINE {
        // One database per status, copied for each attempt so that attempts do not interact.
        let base = Env::new();
        let slug = base.agency("Bergen County Sheriff's Office", "NJ");
        let id = base.draft(&slug);
        if *status != "draft" {
            base.ok(&["file", &id, "--on", "2026-11-02"]);
        }
        for step in *path {
            let mut args = vec!["log", id.as_str()];
            args.extend(step.split(' '));
            args.extend(["--on", "2026-11-03"]);
            base.ok(&args);
        }
        assert_eq!(
            base.run(&["show", &id, "--format", "json"]).json()["status"],
            *status
        );
        let allowed: Vec<&str> = allowed.split(' ').collect();
        for kind in KINDS {
            let env = Env::new();
            std::fs::copy(base.db(), env.db()).unwrap();
            let before = env.bytes();
            let mut args = vec!["log", id.as_str(), kind];
            args.extend(flags_for(kind));
            args.extend(["--on", "2026-11-04"]);
            let r = env.run(&args);
            if allowed.contains(kind) {
                assert_eq!(
                    r.code, 0,
                    "{status} + {kind} should be allowed: {}",
                    r.stderr
                );
            } else {
                let e = r.error();
                let expected = format!("cannot log '{kind}' on a request that is {status}");
                assert!(e.contains(&expected), "{status} + {kind}: {e}");
                assert!(
                    e.contains("allowed now:") || e.contains("file it first"),
                    "{status} + {kind}: {e}"
                );
                assert_eq!(
                    env.bytes(),
                    before,
                    "{status} + {kind} changed the database"
                );
            }
        }
        // `file` is the only way out of a draft, and only out of a draft.
        let env = Env::new();
        std::fs::copy(base.db(), env.db()).unwrap();
        let r = env.run(&["file", &id, "--on", "2026-11-05"]);
        assert_eq!(
            r.code == 0,
            *status == "draft",
            "file on {status}: {}",
            r.stderr
        );
    }
}
