//! Deadlines through the real binary, each worked out by hand from the statute and the 2026
//! calendars (the working is in the comments), and checked in `show`, JSON, `overdue` and
//! `explain` alike.

use crate::common::Env;
use serde_json::Value;

/// A request to a new agency in `state`, filed on `filed`; returns (env, id).
fn filed_in(state: &str, filed: &str, today: &str) -> (Env, String) {
    let mut env = Env::new();
    env.today = today.to_string();
    let slug = env.agency(&format!("Test County Sheriff's Office {state}"), state);
    let id = env.draft(&slug);
    env.ok(&["file", &id, "--on", filed]);
    (env, id)
}

fn show(env: &Env, id: &str) -> Value {
    env.run(&["show", id, "--format", "json"]).json()
}

/// The clock of `kind` in `show --format json`.
fn clock<'a>(v: &'a Value, kind: &str) -> &'a Value {
    v["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["clock"] == kind)
        .unwrap_or_else(|| panic!("no {kind} clock in {}", v["deadlines"]))
}

/// (state, filed, today, clock, due) for requests with no event after filing.
const CASES: &[(&str, &str, &str, &str, &str)] = &[
    // NJ, 7 business days (N.J.S.A. 47:1A-5(i)). Filed Mon Nov 2. Tue Nov 3 is Election Day, a
    // NJ holiday; Wed Nov 11 is Veterans Day. Nov 4,5,6,9,10,12,13 → Fri Nov 13.
    ("NJ", "2026-11-02", "2026-11-20", "response", "2026-11-13"),
    // NJ filed on a Saturday: day 0 is Sat Nov 14; Nov 16,17,18,19,20,23,24 → Tue Nov 24.
    ("NJ", "2026-11-14", "2026-11-20", "response", "2026-11-24"),
    // US FOIA, 20 working days (5 U.S.C. §552(a)(6)(A)(i)), across Thanksgiving week.
    // Filed Mon Nov 16: Nov 17-20 (4), 23-25 (7), Thanksgiving Nov 26 skipped, Fri Nov 27 is a
    // federal working day (8), Nov 30-Dec 4 (13), Dec 7-11 (18), Dec 14 (19), Dec 15 (20).
    ("US", "2026-11-16", "2026-11-20", "response", "2026-12-15"),
    // US FOIA around a Saturday holiday: Jul 4 2026 is a Saturday, observed Fri Jul 3.
    // Filed Wed Jul 1: Jul 2 (1), Jul 3 skipped, Jul 6-10 (6), 13-17 (11), 20-24 (16),
    // 27-30 (20) → Thu Jul 30.
    ("US", "2026-07-01", "2026-11-20", "response", "2026-07-30"),
    // PA, 5 business days (65 P.S. §67.901); PA closes Thanksgiving and the day after.
    // Filed Mon Nov 23: Nov 24 (1), 25 (2), 26-27 skipped, Nov 30 (3), Dec 1 (4), Dec 2 (5).
    ("PA", "2026-11-23", "2026-11-23", "response", "2026-12-02"),
    // CA, 10 calendar days (Gov. Code §7922.535(a)): Wed Dec 16 + 10 = Sat Dec 26, rolled to
    // Mon Dec 28 (Christmas was Fri Dec 25, before it).
    ("CA", "2026-12-16", "2026-12-16", "response", "2026-12-28"),
    // GA, 3 business days (O.C.G.A. §50-18-71(b)(1)(A)); GA closes Nov 26 and 27 in 2026.
    // Filed Wed Nov 25: Nov 30 (1), Dec 1 (2), Dec 2 (3).
    ("GA", "2026-11-25", "2026-11-25", "response", "2026-12-02"),
    // VA, 5 working days (Va. Code §2.2-3704(B)), around a Sunday holiday: Jan 1 2023 was a
    // Sunday, observed Mon Jan 2. Filed Thu Dec 29 2022: Dec 30 (1), Jan 2 skipped,
    // Jan 3-6 (5) → Fri Jan 6 2023.
    ("VA", "2022-12-29", "2023-01-03", "response", "2023-01-06"),
    // MA, 10 business days (950 CMR 32.06(2)(b)); MA does not move a Saturday holiday, so with
    // Veterans Day on Sat Nov 11 2023, Fri Nov 10 is a working day in MA (the federal
    // calendar closes it). Filed Mon Oct 30 2023: Oct 31, Nov 1-3 (4), Nov 6-10 (9), Nov 13 (10).
    ("MA", "2023-10-30", "2023-11-01", "response", "2023-11-13"),
    // NY, 5 business days to grant, deny or acknowledge (Public Officers Law §89(3)(a)).
    // Filed Mon Nov 16: Nov 17-20 (4), Nov 23 (5).
    ("NY", "2026-11-16", "2026-11-16", "ack", "2026-11-23"),
    // AZ sets no response deadline, but a 5-business-day acknowledgment (A.R.S. §39-171(B)).
    // Filed Mon Nov 2: Nov 3-6 (4), Nov 9 (5).
    ("AZ", "2026-11-02", "2026-11-02", "ack", "2026-11-09"),
    // TX: no response deadline, but 10 business days to certify a date (Tex. Gov't Code
    // §552.221(d)); Veterans Day Nov 11 is a Texas holiday. Nov 3-6 (4), 9-10 (6), 12-13 (8),
    // 16 (9), 17 (10).
    ("TX", "2026-11-02", "2026-11-02", "certify", "2026-11-17"),
    // NC: no deadline (N.C. Gen. Stat. §132-6(a)): docket's follow-up target of 10 business
    // days. NC closes Nov 11. Nov 3-6 (4), 9-10 (6), 12-13 (8), 16 (9), 17 (10).
    ("NC", "2026-11-02", "2026-11-02", "followup", "2026-11-17"),
];

#[test]
fn due_dates_match_the_hand_worked_cases() {
    for (state, filed, today, kind, due) in CASES {
        let (env, id) = filed_in(state, filed, today);
        let v = show(&env, &id);
        let c = clock(&v, kind);
        assert_eq!(c["due_on"], *due, "{state} filed {filed}: {kind} clock {c}");
        let expected = if today <= due { "pending" } else { "missed" };
        assert_eq!(c["state"], expected, "{state} filed {filed}: {c}");
        let explain = env.ok(&["explain", &id]);
        assert!(
            explain.contains(due),
            "{state}: explain does not reach {due}:\n{explain}"
        );
    }
}

#[test]
fn a_late_nj_request_is_overdue_everywhere_by_the_same_count() {
    // Due Fri Nov 13 (above). As of Fri Nov 20: business days Nov 16-20 = 5 late; 7 calendar days.
    let (env, id) = filed_in("NJ", "2026-11-02", "2026-11-20");
    let v = show(&env, &id);
    assert_eq!(v["flag"], "overdue");
    assert_eq!(v["due_on"], "2026-11-13");
    assert_eq!(v["days_overdue"], 5);
    assert_eq!(v["calendar_days_overdue"], 7);
    let c = clock(&v, "response");
    assert_eq!(c["state"], "missed");
    assert_eq!(c["business_days_late"], 5);
    let list = env.run(&["list", "--format", "json"]).json();
    assert_eq!(list[0]["days_overdue"], 5);
    assert_eq!(list[0]["flag"], "overdue");
    let over = env.run(&["overdue", "--format", "json"]).json();
    assert_eq!(over[0]["days_overdue"], 5);
    assert_eq!(over[0]["calendar_days_overdue"], 7);
    assert_eq!(over[0]["clock"], "response");
    assert_eq!(over[0]["citation"], "N.J.S.A. 47:1A-5(i)");
    let explain = env.ok(&["explain", &id]);
    for needle in [
        "N.J.S.A. 47:1A-5(i)",
        "Election Day",
        "Veterans Day",
        "2026-11-13",
    ] {
        assert!(explain.contains(needle), "missing {needle}:\n{explain}");
    }
    // --fail turns anything overdue into exit status 3, for cron jobs.
    assert_eq!(env.run(&["overdue", "--fail"]).code, 3);
    // The view for SQL users agrees on the due date (its flag follows the real clock).
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    let due: String = conn
        .query_row(
            "SELECT due_on FROM request_status WHERE id = ?1",
            [&id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(due, "2026-11-13");
}

#[test]
fn where_the_law_sets_no_date_it_is_a_follow_up_never_overdue() {
    // NC follow-up target Tue Nov 17 (above); as of Fri Nov 20: Nov 18, 19, 20 = 3 business days.
    let (env, id) = filed_in("NC", "2026-11-02", "2026-11-20");
    let v = show(&env, &id);
    assert_eq!(v["flag"], "follow-up");
    assert_eq!(v["days_overdue"], 3);
    let table = env.ok(&["overdue"]);
    assert!(
        table.contains("follow-up") && !table.contains(" overdue "),
        "{table}"
    );
    assert!(table.contains("the law sets no deadline"), "{table}");
    // After a follow-up letter, the next target counts from it: Fri Nov 20 + 10 business days
    // (Nov 26-27 closed in NC) = Nov 23-25 (3), Nov 30-Dec 4 (8), Dec 7-8 (10) → Tue Dec 8.
    env.ok(&["log", &id, "followup", "--on", "2026-11-20"]);
    let v = show(&env, &id);
    assert_eq!(v["flag"], Value::Null);
    assert_eq!(v["due_on"], "2026-12-08");
}

#[test]
fn texas_is_overdue_only_on_its_certification_clock() {
    // Certification due Tue Nov 17 (above); as of Nov 20 it was missed.
    let (env, id) = filed_in("TX", "2026-11-02", "2026-11-20");
    let v = show(&env, &id);
    assert_eq!(v["flag"], "overdue");
    assert_eq!(v["due_clock"], "certify");
    // Once the agency writes back (an acknowledgment giving a date), only the follow-up remains.
    env.ok(&["log", &id, "ack", "--on", "2026-11-16"]);
    let v = show(&env, &id);
    assert_ne!(v["flag"], "overdue");
}

#[test]
fn a_missed_acknowledgment_is_flagged_as_such() {
    // AZ acknowledgment due Mon Nov 9; none by Nov 20.
    let (env, id) = filed_in("AZ", "2026-11-02", "2026-11-20");
    assert_eq!(show(&env, &id)["flag"], "ack-overdue");
    env.ok(&["log", &id, "ack", "--on", "2026-11-18"]);
    assert_ne!(show(&env, &id)["flag"], "ack-overdue");
}

#[test]
fn a_clarification_pauses_the_federal_clock_across_new_year() {
    // US FOIA filed Mon Dec 7 2026; due without a pause: Dec 8-11 (4), 14-18 (9), 21-24 (13),
    // Christmas Fri Dec 25 skipped, Dec 28-31 (17), New Year Fri Jan 1 skipped, Jan 4-6 (20)
    // → Wed Jan 6 2027. ICE asks to clarify on Fri Dec 18: the business days left after Dec 18
    // up to Jan 6 are Dec 21-24, 28-31, Jan 4-6 = 11. We answer on Mon Jan 4 (day 0 of the
    // rest): Jan 5-8 (4), 11-15 (9), MLK Day Mon Jan 18 skipped, Jan 19 (10), Jan 20 (11).
    let (env, id) = filed_in("US", "2026-12-07", "2027-01-05");
    assert_eq!(clock(&show(&env, &id), "response")["due_on"], "2027-01-06");
    env.ok(&[
        "log",
        &id,
        "clarify",
        "--on",
        "2026-12-18",
        "--note",
        "which years?",
    ]);
    let v = show(&env, &id);
    assert_eq!(v["status"], "clarification-needed");
    assert_eq!(clock(&v, "response")["state"], "paused");
    env.ok(&["log", &id, "clarified", "--on", "2027-01-04"]);
    let v = show(&env, &id);
    assert_eq!(clock(&v, "response")["due_on"], "2027-01-20");
    assert!(v["paused_business_days"].as_i64().unwrap() > 0, "{v}");
    let explain = env.ok(&["explain", &id]);
    assert!(
        explain.contains("2027-01-20") && explain.to_lowercase().contains("paus"),
        "{explain}"
    );
}

#[test]
fn an_extension_landing_on_holidays_rolls_forward_and_too_long_a_one_is_warned() {
    // CA: Mon Nov 2 + 10 calendar days = Thu Nov 12. Extended by the 14 days §7922.535(b)
    // allows: Nov 12 + 14 = Thu Nov 26, Thanksgiving; Fri Nov 27 is a CA holiday too; then the
    // weekend → Mon Nov 30.
    let (env, id) = filed_in("CA", "2026-11-02", "2026-11-20");
    assert_eq!(clock(&show(&env, &id), "response")["due_on"], "2026-11-12");
    let r = env.run(&["log", &id, "extend", "--days", "14", "--on", "2026-11-10"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stderr.contains("warning"), "{}", r.stderr);
    let v = show(&env, &id);
    assert_eq!(v["status"], "extended");
    assert_eq!(clock(&v, "response")["due_on"], "2026-11-30");
    // A second extension goes beyond what the statute allows: recorded, with a warning.
    let r = env.run(&[
        "log",
        &id,
        "extend",
        "--until",
        "2027-01-15",
        "--on",
        "2026-11-20",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("warning") && r.stderr.contains("7922.535"),
        "{}",
        r.stderr
    );
    assert_eq!(clock(&show(&env, &id), "response")["due_on"], "2027-01-15");
}

#[test]
fn voiding_an_extension_restores_the_due_date() {
    let (env, id) = filed_in("CA", "2026-11-02", "2026-11-20");
    env.ok(&["log", &id, "extend", "--days", "14", "--on", "2026-11-10"]);
    env.ok(&["log", &id, "void", "--event", "2"]);
    let v = show(&env, &id);
    assert_eq!(v["status"], "filed");
    assert_eq!(clock(&v, "response")["due_on"], "2026-11-12");
}

#[test]
fn an_answer_stops_the_clock_and_a_denial_opens_the_appeal_window() {
    // PA: filed Mon Nov 2, due Mon Nov 9 (Nov 3-6, 9). Denied Thu Nov 5, on time. The appeal to
    // the Office of Open Records runs 15 business days (§67.1101): Nov 6 (1), 9-10 (3),
    // Veterans Day Nov 11 skipped, 12-13 (5), 16-20 (10), 23-25 (13), Nov 26-27 closed in PA,
    // Nov 30 (14), Dec 1 (15) → Tue Dec 1.
    let (env, id) = filed_in("PA", "2026-11-02", "2026-11-20");
    env.ok(&["log", &id, "deny", "--on", "2026-11-05"]);
    let v = show(&env, &id);
    assert_eq!(clock(&v, "response")["state"], "met");
    assert_eq!(v["flag"], "appeal-deadline");
    assert_eq!(clock(&v, "appeal-window")["due_on"], "2026-12-01");
}

#[test]
fn a_rule_override_changes_due_dates_at_once_and_can_be_reset() {
    let (env, id) = filed_in("NJ", "2026-11-02", "2026-11-05");
    assert_eq!(show(&env, &id)["due_on"], "2026-11-13");
    // 5 business days instead of 7: Nov 4, 5, 6, 9, 10 → Tue Nov 10.
    let out = env.ok(&[
        "law",
        "set",
        "NJ",
        "--days",
        "5",
        "--business",
        "--source",
        "our lawyer's reading",
    ]);
    assert!(
        out.contains("response") && out.contains("built-in"),
        "{out}"
    );
    assert_eq!(show(&env, &id)["due_on"], "2026-11-10");
    let law = env.ok(&["law", "show", "NJ"]);
    assert!(law.contains("your override"), "{law}");
    let list = env.run(&["law", "list", "--format", "json"]).json();
    let nj = list
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == "NJ")
        .unwrap();
    assert_eq!(nj["override"], true);
    env.ok(&["law", "set", "NJ", "--reset"]);
    assert_eq!(show(&env, &id)["due_on"], "2026-11-13");
}

#[test]
fn an_agency_closure_counts_like_a_holiday() {
    // NJ due Fri Nov 13; the agency closes Thu Nov 12: Nov 4-6, 9-10, 13, 16 → Mon Nov 16.
    let (env, id) = filed_in("NJ", "2026-11-02", "2026-11-05");
    let slug = show(&env, &id)["agency"].as_str().unwrap().to_string();
    env.ok(&[
        "holiday",
        "add",
        "--agency",
        &slug,
        "2026-11-12",
        "Office move",
    ]);
    assert_eq!(show(&env, &id)["due_on"], "2026-11-16");
    let list = env.ok(&[
        "holiday", "list", "--state", "NJ", "--year", "2026", "--agency", &slug,
    ]);
    assert!(
        list.contains("Office move") && list.contains("agency"),
        "{list}"
    );
    let explain = env.ok(&["explain", &id]);
    assert!(explain.contains("Office move"), "{explain}");
}

#[test]
fn due_within_shows_what_comes_due_soon() {
    // NJ due Fri Nov 13; as of Thu Nov 5: business days until then: Nov 6, 9, 10, 12, 13 = 5.
    let (env, id) = filed_in("NJ", "2026-11-02", "2026-11-05");
    let ids = |n: &str| -> usize {
        env.run(&["list", "--due-within", n, "--format", "json"])
            .json()
            .as_array()
            .unwrap()
            .len()
    };
    assert_eq!(ids("5"), 1);
    assert_eq!(ids("4"), 0);
    let _ = id;
}

/// Every closure of `state` in 2026 as "MM-DD".
fn closures_2026(state: &str) -> Vec<String> {
    let env = Env::new();
    let v = env
        .run(&[
            "holiday", "list", "--state", state, "--year", "2026", "--format", "json",
        ])
        .json();
    v.as_array()
        .unwrap()
        .iter()
        .map(|h| h["date"].as_str().unwrap()[5..].to_string())
        .collect()
}

#[test]
fn holiday_lists_for_2026() {
    // Federal (5 U.S.C. §6103), 2026: Jan 1, MLK Jan 19, Washington's Birthday Feb 16, Memorial
    // Day May 25, Juneteenth Jun 19, Independence Day Sat Jul 4 observed Fri Jul 3, Labor Day
    // Sep 7, Columbus Day Oct 12, Veterans Day Nov 11, Thanksgiving Nov 26, Christmas Dec 25.
    let federal = [
        "01-01", "01-19", "02-16", "05-25", "06-19", "07-03", "09-07", "10-12", "11-11", "11-26",
        "12-25",
    ];
    assert_eq!(closures_2026("US"), federal);
    // PA: the federal set and the day after Thanksgiving.
    let mut pa: Vec<&str> = federal.to_vec();
    pa.insert(10, "11-27");
    assert_eq!(closures_2026("PA"), pa);
    // NJ: the federal set, Lincoln's Birthday Feb 12, Good Friday Apr 3, Election Day Nov 3.
    let nj = [
        "01-01", "01-19", "02-12", "02-16", "04-03", "05-25", "06-19", "07-03", "09-07", "10-12",
        "11-03", "11-11", "11-26", "12-25",
    ];
    assert_eq!(closures_2026("NJ"), nj);
    // NC (G.S. 126-4; LAWS.md's 2026 check): Good Friday Apr 3, the Friday after Thanksgiving,
    // Christmas Eve, Christmas, and the Day after Christmas (Sat Dec 26) observed Mon Dec 28.
    let nc = closures_2026("NC");
    for d in ["04-03", "11-27", "12-24", "12-25", "12-28"] {
        assert!(nc.contains(&d.to_string()), "NC 2026 lacks {d}: {nc:?}");
    }
    assert!(
        !nc.contains(&"10-12".to_string()),
        "NC does not close on Columbus Day: {nc:?}"
    );
    // MA: Patriots' Day, the third Monday in April: Apr 20 2026.
    assert!(closures_2026("MA").contains(&"04-20".to_string()));
}

/// The law audit through the binary: each federal department's appeal window, the closures
/// ordered by the President, Michigan's e-mail receipt, a filing on a closed day, and a
/// holiday an office works through. Dates worked out by hand in the comments.
#[test]
fn the_law_audit_as_a_user_meets_it() {
    let mut env = Env::new();
    env.today = "2026-10-01".to_string();
    let ice = "ice".to_string();
    let fbi = env.agency("Federal Bureau of Investigation", "US");
    // Both denied Thu 2026-09-24 on requests filed Tue 09-08.
    let mut ids = Vec::new();
    for slug in [&ice, &fbi] {
        let id = env.draft(slug);
        env.ok(&["file", &id, "--on", "2026-09-08"]);
        env.ok(&["log", &id, "deny", "--on", "2026-09-24"]);
        ids.push(id);
    }
    // ICE follows DHS's regulation, 90 working days (6 C.F.R. §5.8(a)(1)): Fri 2027-02-05
    // (worked in the engine's tests); the FBI DOJ's, 90 calendar days (28 C.F.R. §16.8(a)):
    // Wed 2026-12-23.
    let ice_v = show(&env, &ids[0]);
    assert_eq!(clock(&ice_v, "appeal-window")["due_on"], "2027-02-05");
    let fbi_v = show(&env, &ids[1]);
    assert_eq!(clock(&fbi_v, "appeal-window")["due_on"], "2026-12-23");
    let explain = env.ok(&["explain", &ids[1]]);
    assert!(explain.contains("rule: US-DOJ"), "{explain}");
    // The FBI's appeal goes to DOJ's Office of Information Policy, at its address.
    let appeal = env.ok(&["letter", &ids[1], "--kind", "appeal"]);
    assert!(
        appeal.contains("Office of Information Policy, U.S. Department of Justice")
            && appeal.contains("441 G Street NW\nWashington, DC 20530"),
        "{appeal}"
    );
    let law = env.ok(&["law", "show", "US-DHS"]);
    assert!(
        law.contains("6 C.F.R. §5.8(a)(1)")
            && law.contains("only the first request for information"),
        "{law}"
    );

    // The President's closures are in the federal calendar with their orders.
    let us = env.ok(&["holiday", "list", "--state", "US", "--year", "2025"]);
    for line in ["2025-01-09", "E.O. 14133", "2025-12-26", "E.O. 14371"] {
        assert!(us.contains(line), "{line}: {us}");
    }

    // Michigan: e-mailed Fri 2026-11-06, received Mon 11-09 (MCL 15.235(1)); 5 BD: 10, [11
    // Veterans Day], 12, 13, 16, 17 -> Tue 11-17. Mailed the same day: 9, 10, 12, 13, 16 -> Mon
    // 11-16.
    env.today = "2026-11-06".to_string();
    let mi = env.agency("Kent County Sheriff's Office", "MI");
    let emailed = env.draft(&mi);
    env.ok(&["file", &emailed, "--on", "2026-11-06", "--via", "email"]);
    let mailed = env.draft(&mi);
    env.ok(&["file", &mailed, "--on", "2026-11-06", "--via", "mail"]);
    assert_eq!(show(&env, &emailed)["due_on"], "2026-11-17");
    assert_eq!(show(&env, &mailed)["due_on"], "2026-11-16");
    assert!(
        env.ok(&["explain", &emailed])
            .contains("received for counting 1 business day later")
    );

    // A New Jersey request filed on Saturday 11-14 is pointed out in explain.
    env.today = "2026-11-20".to_string();
    let nj = env.agency("Camden County Sheriff's Office", "NJ");
    let sat = env.draft(&nj);
    env.ok(&["file", &sat, "--on", "2026-11-14"]);
    let explain = env.ok(&["explain", &sat]);
    assert!(
        explain.contains("a day the office is closed (Saturday)"),
        "{explain}"
    );

    // An office open on Election Day: filed Thu 10-29, 7 BD: 30, 11/02, 03, 04, 05, 06, 09 ->
    // Mon 11-09 instead of Tue 11-10.
    let open = env.draft(&nj);
    env.ok(&["file", &open, "--on", "2026-10-29"]);
    assert_eq!(show(&env, &open)["due_on"], "2026-11-10");
    let said = env.ok(&["holiday", "open", "--agency", &nj, "2026-11-03"]);
    assert!(
        said.contains("Election Day") && said.contains("recomputed"),
        "{said}"
    );
    assert_eq!(show(&env, &open)["due_on"], "2026-11-09");
    let list = env.ok(&[
        "holiday", "list", "--state", "NJ", "--year", "2026", "--agency", &nj,
    ]);
    assert!(
        list.contains("Election Day: open, a working day here"),
        "{list}"
    );
    assert!(
        env.ok(&["explain", &open])
            .contains("open here, by your setting")
    );
    // Opening a day that is no holiday, or twice, is refused and changes nothing.
    let before = env.dump();
    let e = env.run(&["holiday", "open", "--agency", &nj, "2026-11-04"]);
    assert!(
        e.error().contains("is not a holiday in NJ's calendar"),
        "{}",
        e.stderr
    );
    let e = env.run(&["holiday", "open", "--agency", &nj, "2026-11-03"]);
    assert!(
        e.error().contains("already marked as a working day"),
        "{}",
        e.stderr
    );
    assert_eq!(env.dump(), before);
}
