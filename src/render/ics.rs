//! The calendar export: open deadlines as an RFC 5545 iCalendar feed that a reporter can
//! subscribe to or import (Google Calendar, Outlook, Apple Calendar, Thunderbird).
//!
//! Each deadline is one all-day event whose UID depends only on the request and the clock, so a
//! re-export updates events in place instead of piling up copies. Pure: the caller passes the
//! deadlines and the generation time.

use std::collections::HashSet;
use std::fmt::Write as _;

use chrono::{DateTime, Utc};

use super::export::Deadline;

/// The calendar's display name (X-WR-CALNAME), shown by clients that subscribe to the file.
pub const CALENDAR_NAME: &str = "docket: records request deadlines";

/// RFC 5545 §3.1: a content line is at most 75 octets, not counting the CRLF.
const MAX_LINE_OCTETS: usize = 75;

/// Escapes a TEXT value (RFC 5545 §3.3.11): backslash, semicolon and comma get a backslash,
/// line breaks become `\n`. Other control characters are not allowed in TEXT and are dropped
/// to a space; a tab may stay.
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            '\t' => out.push('\t'),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Appends one content line, folded so that no physical line exceeds 75 octets: a fold is CRLF
/// followed by a space (which counts towards the next line's 75), and it never splits a UTF-8
/// character, so a long summary in any script survives the trip.
fn push_line(out: &mut String, line: &str) {
    let mut used = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if used + len > MAX_LINE_OCTETS {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += len;
    }
    out.push_str("\r\n");
}

/// What the event's title says the date is.
fn label(d: &Deadline) -> &'static str {
    if !d.statutory {
        return "Follow-up";
    }
    match d.clock.as_str() {
        "ack" => "Acknowledgment due",
        "certify" => "Certification due",
        "followup" => "Follow-up",
        "appeal-window" => "Last day to appeal",
        "appeal-decision" => "Appeal decision due",
        _ => "Due",
    }
}

/// The event UID: stable per request and clock, whatever the export date or order.
pub fn event_uid(d: &Deadline) -> String {
    format!("{}-{}@docket", d.request_uid, d.clock)
}

/// `SUMMARY` text, unescaped: "Due: Mecklenburg County Sheriff's Office (NC) — 287(g) agreement".
pub fn summary(d: &Deadline) -> String {
    format!(
        "{}: {} ({}) — {}",
        label(d),
        d.agency_name,
        d.state,
        d.title
    )
}

fn description(d: &Deadline) -> String {
    let mut s = format!("Request #{} ({})\n", d.request_id, d.request_uid);
    if d.statutory {
        let _ = writeln!(s, "Deadline: {} clock (set by law)", d.clock);
    } else {
        let _ = writeln!(
            s,
            "Follow-up target: the law sets no date, this is a reminder to write again"
        );
    }
    if let Some(c) = &d.citation {
        let _ = writeln!(s, "Citation: {c}");
    }
    let _ = write!(s, "Details: docket show {}", d.request_id);
    s
}

/// The open deadlines as one iCalendar document (CRLF line ends, folded lines, escaped text).
///
/// One all-day `VEVENT` per deadline, sorted by date then request and clock; a second deadline
/// with the same request and clock (which would share a UID) is dropped. Each event is
/// transparent (it does not block time) and carries a display alarm at 09:00 the day before.
/// With no deadlines the calendar has no events, which clients accept as an empty feed.
pub fn to_ics(deadlines: &[Deadline], generated: DateTime<Utc>, prodid: &str) -> String {
    to_ics_named(deadlines, generated, prodid, CALENDAR_NAME)
}

/// [`to_ics`] with the calendar's name as a calendar app shows it (`export --title`).
pub fn to_ics_named(
    deadlines: &[Deadline],
    generated: DateTime<Utc>,
    prodid: &str,
    name: &str,
) -> String {
    let mut out = String::new();
    let stamp = generated.format("%Y%m%dT%H%M%SZ").to_string();
    for line in [
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".to_string(),
        format!("PRODID:{}", escape_text(prodid)),
        "CALSCALE:GREGORIAN".to_string(),
        "METHOD:PUBLISH".to_string(),
        format!("X-WR-CALNAME:{}", escape_text(name)),
    ] {
        push_line(&mut out, &line);
    }

    let mut sorted: Vec<&Deadline> = deadlines.iter().collect();
    sorted.sort_by(|a, b| {
        (a.due_on, a.request_id, &a.clock, &a.request_uid).cmp(&(
            b.due_on,
            b.request_id,
            &b.clock,
            &b.request_uid,
        ))
    });
    let mut seen = HashSet::new();
    for d in sorted {
        let uid = event_uid(d);
        if !seen.insert(uid.clone()) {
            continue;
        }
        let summary = escape_text(&summary(d));
        push_line(&mut out, "BEGIN:VEVENT");
        push_line(&mut out, &format!("UID:{}", escape_text(&uid)));
        push_line(&mut out, &format!("DTSTAMP:{stamp}"));
        push_line(
            &mut out,
            &format!("DTSTART;VALUE=DATE:{}", d.due_on.format("%Y%m%d")),
        );
        // An all-day event ends (exclusively) the next day; on the last representable date
        // DTEND is left out, which RFC 5545 reads as a one-day event all the same.
        if let Some(next) = d.due_on.succ_opt() {
            push_line(
                &mut out,
                &format!("DTEND;VALUE=DATE:{}", next.format("%Y%m%d")),
            );
        }
        push_line(&mut out, &format!("SUMMARY:{summary}"));
        push_line(
            &mut out,
            &format!("DESCRIPTION:{}", escape_text(&description(d))),
        );
        push_line(&mut out, "TRANSP:TRANSPARENT");
        push_line(&mut out, "BEGIN:VALARM");
        push_line(&mut out, "ACTION:DISPLAY");
        push_line(&mut out, &format!("DESCRIPTION:{summary}"));
        // The event starts at midnight of the due date: 15 hours earlier is 09:00 the day before.
        push_line(&mut out, "TRIGGER:-PT15H");
        push_line(&mut out, "END:VALARM");
        push_line(&mut out, "END:VEVENT");
    }
    push_line(&mut out, "END:VCALENDAR");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveDate, TimeZone};
    use icalendar::parser::{Component, read_calendar, unfold};

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
    }

    fn generated() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 20, 14, 5, 9)
            .single()
            .expect("valid time")
    }

    fn deadlines() -> Vec<Deadline> {
        vec![
            Deadline {
                request_id: 12,
                request_uid: "01937a4e-0000-7000-8000-00000000000c".into(),
                clock: "response".into(),
                due_on: date(2026, 12, 3),
                agency_name: "Mecklenburg County Sheriff's Office".into(),
                state: "NC".into(),
                title: "287(g) agreement".into(),
                citation: Some("N.C. Gen. Stat. § 132-6; § 132-9".into()),
                statutory: true,
            },
            Deadline {
                request_id: 7,
                request_uid: "01937a4e-0000-7000-8000-000000000007".into(),
                clock: "followup".into(),
                due_on: date(2026, 11, 30),
                agency_name: "Harris County Sheriff's Office".into(),
                state: "TX".into(),
                // Long, accented and with characters that need escaping: it must fold on
                // UTF-8 boundaries and come back whole.
                title:
                    "Détainer logs, jail bookings; \"ICE holds\" \\ 2025–2026 — 日本語のテキスト \
                        and a very long tail so that the summary runs well past seventy-five octets"
                        .into(),
                citation: None,
                statutory: false,
            },
            Deadline {
                request_id: 12,
                request_uid: "01937a4e-0000-7000-8000-00000000000c".into(),
                clock: "ack".into(),
                due_on: date(2026, 11, 24),
                agency_name: "Mecklenburg County Sheriff's Office".into(),
                state: "NC".into(),
                title: "287(g) agreement".into(),
                citation: Some("N.C. Gen. Stat. § 132-6".into()),
                statutory: true,
            },
        ]
    }

    fn prop<'a>(c: &'a Component<'a>, name: &str) -> String {
        c.find_prop(name)
            .map(|p| p.val.as_str().to_string())
            .unwrap_or_else(|| panic!("{name} missing"))
    }

    #[test]
    fn lines_are_crlf_and_at_most_75_octets() {
        let text = to_ics(&deadlines(), generated(), "-//docket//docket 0.1.0//EN");
        assert!(text.ends_with("END:VCALENDAR\r\n"));
        // No bare LF or CR: every LF is preceded by CR and every CR followed by LF.
        let bytes = text.as_bytes();
        for (i, b) in bytes.iter().enumerate() {
            if *b == b'\n' {
                assert_eq!(bytes[i - 1], b'\r', "bare LF at {i}");
            }
            if *b == b'\r' {
                assert_eq!(bytes.get(i + 1), Some(&b'\n'), "bare CR at {i}");
            }
        }
        let lines: Vec<&str> = text.trim_end_matches("\r\n").split("\r\n").collect();
        for line in &lines {
            assert!(line.len() <= 75, "{} octets: {line}", line.len());
        }
        // The long summary was folded, at least twice.
        assert!(lines.iter().filter(|l| l.starts_with(' ')).count() >= 2);
    }

    #[test]
    fn folding_keeps_utf8_whole_and_unfolds_exactly() {
        // 30 three-octet characters after "SUMMARY:" (8 octets): 98 octets in all.
        let long = format!("SUMMARY:{}", "語".repeat(30));
        let mut out = String::new();
        push_line(&mut out, &long);
        let lines: Vec<&str> = out.trim_end_matches("\r\n").split("\r\n").collect();
        // First line: 8 + 22×3 = 74 octets (a 23rd character would make 77).
        // Second: 1 space + 8×3 = 25 octets.
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].len(), 74);
        assert_eq!(lines[1].len(), 25);
        assert_eq!(unfold(&out), format!("{long}\r\n"));

        // Exactly 75 octets: no fold; 76: one fold after 75.
        for (len, folds) in [(75, 0), (76, 1), (75 + 74, 1), (75 + 75, 2)] {
            let mut out = String::new();
            push_line(&mut out, &"a".repeat(len));
            assert_eq!(out.matches("\r\n ").count(), folds, "len {len}");
        }
    }

    #[test]
    fn parses_back_with_stable_uids_all_day_dates_and_escaped_text() {
        let text = to_ics(&deadlines(), generated(), "-//docket//docket 0.1.0//EN");
        let unfolded = unfold(&text);
        let cal = read_calendar(&unfolded).expect("valid iCalendar");
        let head = |name: &str| {
            cal.properties
                .iter()
                .find(|p| p.name == name)
                .map(|p| p.val.as_str().to_string())
        };
        assert_eq!(head("VERSION").as_deref(), Some("2.0"));
        assert_eq!(
            head("PRODID").as_deref(),
            Some("-//docket//docket 0.1.0//EN")
        );
        assert_eq!(head("CALSCALE").as_deref(), Some("GREGORIAN"));
        assert_eq!(head("METHOD").as_deref(), Some("PUBLISH"));
        assert_eq!(head("X-WR-CALNAME").as_deref(), Some(CALENDAR_NAME));

        let events: Vec<&Component> = cal
            .components
            .iter()
            .filter(|c| c.name == "VEVENT")
            .collect();
        assert_eq!(events.len(), 3);
        // Sorted by date: ack 11-24, follow-up 11-30, response 12-03.
        let uids: Vec<String> = events.iter().map(|e| prop(e, "UID")).collect();
        assert_eq!(
            uids,
            [
                "01937a4e-0000-7000-8000-00000000000c-ack@docket",
                "01937a4e-0000-7000-8000-000000000007-followup@docket",
                "01937a4e-0000-7000-8000-00000000000c-response@docket",
            ]
        );
        let resp = events[2];
        let start = resp.find_prop("DTSTART").expect("DTSTART");
        assert_eq!(start.val.as_str(), "20261203");
        assert!(
            start
                .params
                .iter()
                .any(|p| p.key == "VALUE" && p.val.as_ref().map(|v| v.as_str()) == Some("DATE"))
        );
        assert_eq!(prop(resp, "DTEND"), "20261204");
        assert_eq!(prop(resp, "DTSTAMP"), "20261120T140509Z");
        assert_eq!(
            prop(resp, "SUMMARY"),
            "Due: Mecklenburg County Sheriff's Office (NC) — 287(g) agreement"
        );
        let desc = prop(resp, "DESCRIPTION");
        assert!(desc.contains("Request #12"), "{desc}");
        assert!(
            desc.contains("Citation: N.C. Gen. Stat. § 132-6; § 132-9\n"),
            "{desc}"
        );
        assert_eq!(events[0].components[0].name, "VALARM");
        assert_eq!(prop(&events[0].components[0], "TRIGGER"), "-PT15H");

        // The long follow-up summary comes back whole, unescaped.
        let follow = events[1];
        assert_eq!(prop(follow, "SUMMARY"), summary(&deadlines()[1]));
        assert!(prop(follow, "SUMMARY").starts_with("Follow-up: Harris County"));
        assert_eq!(prop(follow, "DTSTART"), "20261130");
        assert_eq!(prop(follow, "DTEND"), "20261201");
    }

    #[test]
    fn uids_do_not_depend_on_time_or_order() {
        let mut reversed = deadlines();
        reversed.reverse();
        let later = generated() + chrono::Duration::days(3);
        let a = to_ics(&deadlines(), generated(), "p");
        let b = to_ics(&reversed, later, "p");
        let uids = |t: &str| -> Vec<String> {
            t.lines()
                .filter(|l| l.starts_with("UID:"))
                .map(String::from)
                .collect()
        };
        assert_eq!(uids(&a), uids(&b));
        // Only DTSTAMP differs.
        assert_eq!(
            a.replace("20261120T140509Z", "X"),
            b.replace("20261123T140509Z", "X")
        );
    }

    #[test]
    fn duplicate_request_and_clock_is_one_event() {
        let mut ds = deadlines();
        let mut dup = ds[0].clone();
        dup.due_on = date(2026, 12, 10);
        ds.push(dup);
        let text = to_ics(&ds, generated(), "p");
        assert_eq!(text.matches("BEGIN:VEVENT").count(), 3);
        // The earlier date wins.
        assert!(text.contains("DTSTART;VALUE=DATE:20261203"));
        assert!(!text.contains("20261210"));
    }

    #[test]
    fn text_escaping() {
        // input -> escaped, by RFC 5545 §3.3.11
        let cases: &[(&str, &str)] = &[
            ("plain", "plain"),
            ("a,b;c", "a\\,b\\;c"),
            ("back\\slash", "back\\\\slash"),
            ("one\ntwo\r\nthree\rfour", "one\\ntwo\\nthree\\nfour"),
            ("tab\tbell\u{7}", "tab\tbell "),
            ("§ 132-6 — ok", "§ 132-6 — ok"),
        ];
        for (input, want) in cases {
            assert_eq!(escape_text(input), *want, "{input:?}");
        }
    }

    #[test]
    fn labels_by_clock() {
        let mut d = deadlines()[0].clone();
        for (clock, statutory, want) in [
            ("response", true, "Due: "),
            ("ack", true, "Acknowledgment due: "),
            ("certify", true, "Certification due: "),
            ("appeal-window", true, "Last day to appeal: "),
            ("appeal-decision", true, "Appeal decision due: "),
            ("followup", false, "Follow-up: "),
            ("response", false, "Follow-up: "),
        ] {
            d.clock = clock.into();
            d.statutory = statutory;
            assert!(summary(&d).starts_with(want), "{clock}");
        }
    }

    #[test]
    fn empty_calendar_is_still_valid() {
        let text = to_ics(&[], generated(), "p");
        let unfolded = unfold(&text);
        let cal = read_calendar(&unfolded).expect("valid iCalendar");
        assert!(cal.components.is_empty());
        assert!(text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
    }
}
