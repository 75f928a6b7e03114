//! Deadline tests with dates worked out by hand on the 2026 and 2027 calendars. The closures
//! each case depends on are listed beside it (they are the jurisdiction's holidays from the law
//! notes); the hand-working is in the comments.

use chrono::{Datelike, NaiveDate};

use super::*;
use crate::law::calendar::{Calendar, Holiday};
use crate::law::table::builtin_rule;
use crate::model::EventKind as K;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn holiday_name(date: &str) -> &'static str {
    match date {
        "2026-11-26" => "Thanksgiving Day",
        "2026-11-27" => "Day after Thanksgiving",
        "2026-12-25" => "Christmas Day",
        "2027-01-01" => "New Year's Day",
        "2027-01-18" => "Birthday of Martin Luther King Jr.",
        "2026-10-12" | "2027-10-11" => "Columbus Day",
        "2026-11-11" => "Veterans Day",
        "2026-07-03" | "2027-07-05" => "Independence Day (observed)",
        "2026-06-19" | "2027-06-18" => "Juneteenth",
        _ => "closure",
    }
}

/// The calendar of `code`. `closures` are the holidays the hand-working of a case relies on:
/// each must be a closure of that calendar (the calendar has the jurisdiction's full list).
fn cal(code: &str, closures: &[&str]) -> Calendar {
    let calendar = Calendar::new(crate::law::federal::jurisdiction_of(code), Vec::new());
    for s in closures {
        assert!(
            !calendar.is_business_day(d(s)),
            "{code}: the hand-working assumes {s} ({}) is closed",
            holiday_name(s)
        );
    }
    calendar
}

/// An event: kind, date, `--days`, `--until`.
type Ev = (K, &'static str, Option<u32>, Option<&'static str>);

fn events(evs: &[Ev]) -> Vec<EventIn> {
    evs.iter()
        .enumerate()
        .map(|(i, (kind, on, days, until))| EventIn {
            id: i as i64 + 2,
            kind: *kind,
            on: d(on),
            days: *days,
            until: until.map(d),
        })
        .collect()
}

fn run(code: &str, closures: &[&str], filed: &str, evs: &[Ev], today: &str) -> Deadlines {
    let rule = builtin_rule(code).unwrap();
    let calendar = cal(code, closures);
    let evs = events(evs);
    compute(&Input {
        rule: &rule,
        calendar: &calendar,
        filed_on: d(filed),
        filed_via: None,
        events: &evs,
        followup_days: None,
        today: d(today),
    })
}

fn steps(code: &str, closures: &[&str], filed: &str, evs: &[Ev], today: &str) -> Vec<String> {
    let rule = builtin_rule(code).unwrap();
    let calendar = cal(code, closures);
    let evs = events(evs);
    explain(&Input {
        rule: &rule,
        calendar: &calendar,
        filed_on: d(filed),
        filed_via: None,
        events: &evs,
        followup_days: None,
        today: d(today),
    })
    .into_iter()
    .map(|s| s.text)
    .collect()
}

fn clock(dl: &Deadlines, kind: ClockKind) -> &Clock {
    dl.clock(kind)
        .unwrap_or_else(|| panic!("no {kind:?} clock in {dl:#?}"))
}

use ClockKind as C;

const THU: &[&str] = &["2026-11-26"];
const THU_FRI: &[&str] = &["2026-11-26", "2026-11-27"];
const SAT_TO_FRI: &[&str] = &["2026-07-03"];
const JUN19_SAT_TO_FRI: &[&str] = &["2026-06-19", "2026-07-03"];
const SUN_TO_MON: &[&str] = &["2027-07-05"];
const JUN18_SUN_TO_MON: &[&str] = &["2027-06-18", "2027-07-05"];

/// Each verified jurisdiction's first clock in a plain week, a week that starts on a
/// Saturday, Thanksgiving week, around a Saturday holiday and around a Sunday holiday.
#[test]
fn first_clock_of_every_verified_jurisdiction() {
    #[rustfmt::skip]
    let cases: &[(&str, ClockKind, &str, &[&str], &str)] = &[
        // Plain: filed Tue 2026-09-08, no closures until Columbus Day (Mon 10-12).
        // 3 BD: Wed 9, Thu 10, Fri 11.
        ("CO", C::Response, "2026-09-08", &[], "2026-09-11"),
        ("GA", C::Response, "2026-09-08", &[], "2026-09-11"),
        ("KS", C::Response, "2026-09-08", &[], "2026-09-11"),
        ("MO", C::Response, "2026-09-08", &[], "2026-09-11"),
        ("VT", C::Response, "2026-09-08", &[], "2026-09-11"),
        ("LA", C::Certify, "2026-09-08", &[], "2026-09-11"),
        ("NM", C::Ack, "2026-09-08", &[], "2026-09-11"),
        // 4 BD: ... Mon 14.
        ("CT", C::Response, "2026-09-08", &[], "2026-09-14"),
        ("NE", C::Response, "2026-09-08", &[], "2026-09-14"),
        // 5 BD: ... Mon 14, Tue 15.
        ("IL", C::Response, "2026-09-08", &[], "2026-09-15"),
        ("KY", C::Response, "2026-09-08", &[], "2026-09-15"),
        ("MI", C::Response, "2026-09-08", &[], "2026-09-15"),
        ("NH", C::Response, "2026-09-08", &[], "2026-09-15"),
        ("NV", C::Response, "2026-09-08", &[], "2026-09-15"),
        ("PA", C::Response, "2026-09-08", &[], "2026-09-15"),
        ("VA", C::Response, "2026-09-08", &[], "2026-09-15"),
        ("WA", C::Response, "2026-09-08", &[], "2026-09-15"),
        ("WV", C::Response, "2026-09-08", &[], "2026-09-15"),
        ("AZ", C::Ack, "2026-09-08", &[], "2026-09-15"),
        ("ME", C::Ack, "2026-09-08", &[], "2026-09-15"),
        ("NY", C::Ack, "2026-09-08", &[], "2026-09-15"),
        ("OR", C::Ack, "2026-09-08", &[], "2026-09-15"),
        // 7 CD: Tue 15.
        ("IN", C::Ack, "2026-09-08", &[], "2026-09-15"),
        // 7 BD: ... Wed 16, Thu 17.
        ("MS", C::Response, "2026-09-08", &[], "2026-09-17"),
        ("NJ", C::Response, "2026-09-08", &[], "2026-09-17"),
        ("TN", C::Response, "2026-09-08", &[], "2026-09-17"),
        // 10 BD: ... Fri 18, Mon 21, Tue 22.
        ("AK", C::Response, "2026-09-08", &[], "2026-09-22"),
        ("HI", C::Response, "2026-09-08", &[], "2026-09-22"),
        ("MA", C::Response, "2026-09-08", &[], "2026-09-22"),
        ("RI", C::Response, "2026-09-08", &[], "2026-09-22"),
        ("SD", C::Response, "2026-09-08", &[], "2026-09-22"),
        ("UT", C::Response, "2026-09-08", &[], "2026-09-22"),
        ("MD", C::Ack, "2026-09-08", &[], "2026-09-22"),
        ("TX", C::Certify, "2026-09-08", &[], "2026-09-22"),
        ("TX", C::Followup, "2026-09-08", &[], "2026-09-22"),
        ("FL", C::Followup, "2026-09-08", &[], "2026-09-22"),
        ("IA", C::Followup, "2026-09-08", &[], "2026-09-22"),
        ("MT", C::Followup, "2026-09-08", &[], "2026-09-22"),
        ("NC", C::Followup, "2026-09-08", &[], "2026-09-22"),
        ("ND", C::Followup, "2026-09-08", &[], "2026-09-22"),
        ("OH", C::Followup, "2026-09-08", &[], "2026-09-22"),
        ("OK", C::Followup, "2026-09-08", &[], "2026-09-22"),
        ("WI", C::Followup, "2026-09-08", &[], "2026-09-22"),
        ("AZ", C::Followup, "2026-09-08", &[], "2026-09-22"),
        ("IN", C::Followup, "2026-09-08", &[], "2026-09-22"),
        ("ME", C::Followup, "2026-09-08", &[], "2026-09-22"),
        // 15 BD: ... Wed 23, Thu 24, Fri 25, Mon 28, Tue 29.
        ("DC", C::Response, "2026-09-08", &[], "2026-09-29"),
        ("DE", C::Response, "2026-09-08", &[], "2026-09-29"),
        ("OR", C::Response, "2026-09-08", &[], "2026-09-29"),
        // 20 BD: ... Wed 30, Thu 10-01, Fri 10-02, Mon 10-05, Tue 10-06.
        ("US", C::Response, "2026-09-08", &[], "2026-10-06"),
        // 10 CD: Fri 09-18; 15 CD: Wed 09-23; 30 CD: Thu 10-08.
        ("CA", C::Response, "2026-09-08", &[], "2026-09-18"),
        ("NM", C::Response, "2026-09-08", &[], "2026-09-23"),
        ("MD", C::Response, "2026-09-08", &[], "2026-10-08"),
        // NY: 20 BD from the acknowledgment deadline Tue 09-15, skipping Columbus Day:
        // 16,17,18 (3), 21-25 (8), 28-10/02 (13), 10/05-09 (18), [12], 13 (19), 14 (20).
        ("NY", C::Response, "2026-09-08", &["2026-10-12"], "2026-10-14"),

        // Filed on Saturday 2026-09-12: day 0 is Saturday, day 1 Monday 09-14.
        ("CO", C::Response, "2026-09-12", &[], "2026-09-16"),
        ("GA", C::Response, "2026-09-12", &[], "2026-09-16"),
        ("KS", C::Response, "2026-09-12", &[], "2026-09-16"),
        ("MO", C::Response, "2026-09-12", &[], "2026-09-16"),
        ("VT", C::Response, "2026-09-12", &[], "2026-09-16"),
        ("LA", C::Certify, "2026-09-12", &[], "2026-09-16"),
        ("NM", C::Ack, "2026-09-12", &[], "2026-09-16"),
        ("CT", C::Response, "2026-09-12", &[], "2026-09-17"),
        ("NE", C::Response, "2026-09-12", &[], "2026-09-17"),
        ("IL", C::Response, "2026-09-12", &[], "2026-09-18"),
        ("KY", C::Response, "2026-09-12", &[], "2026-09-18"),
        ("MI", C::Response, "2026-09-12", &[], "2026-09-18"),
        ("NH", C::Response, "2026-09-12", &[], "2026-09-18"),
        ("NV", C::Response, "2026-09-12", &[], "2026-09-18"),
        ("PA", C::Response, "2026-09-12", &[], "2026-09-18"),
        ("VA", C::Response, "2026-09-12", &[], "2026-09-18"),
        ("WA", C::Response, "2026-09-12", &[], "2026-09-18"),
        ("WV", C::Response, "2026-09-12", &[], "2026-09-18"),
        ("AZ", C::Ack, "2026-09-12", &[], "2026-09-18"),
        ("ME", C::Ack, "2026-09-12", &[], "2026-09-18"),
        ("NY", C::Ack, "2026-09-12", &[], "2026-09-18"),
        ("OR", C::Ack, "2026-09-12", &[], "2026-09-18"),
        // 7 CD: Sat 09-19, rolled to Mon 09-21.
        ("IN", C::Ack, "2026-09-12", &[], "2026-09-21"),
        // 7 BD: 14-18 (5), 21, 22.
        ("MS", C::Response, "2026-09-12", &[], "2026-09-22"),
        ("NJ", C::Response, "2026-09-12", &[], "2026-09-22"),
        ("TN", C::Response, "2026-09-12", &[], "2026-09-22"),
        // Alaska logs a request that arrives on a closed day on the next working day (Dept. of
        // Law): received Mon 09-14 (day 0), 10 BD: 15-18 (4), 21-25 (9), Mon 09-28.
        ("AK", C::Response, "2026-09-12", &[], "2026-09-28"),
        ("HI", C::Response, "2026-09-12", &[], "2026-09-25"),
        ("MA", C::Response, "2026-09-12", &[], "2026-09-25"),
        ("RI", C::Response, "2026-09-12", &[], "2026-09-25"),
        ("SD", C::Response, "2026-09-12", &[], "2026-09-25"),
        ("UT", C::Response, "2026-09-12", &[], "2026-09-25"),
        ("MD", C::Ack, "2026-09-12", &[], "2026-09-25"),
        ("TX", C::Certify, "2026-09-12", &[], "2026-09-25"),
        ("NC", C::Followup, "2026-09-12", &[], "2026-09-25"),
        ("FL", C::Followup, "2026-09-12", &[], "2026-09-25"),
        ("WI", C::Followup, "2026-09-12", &[], "2026-09-25"),
        // 15 BD: ... 28-10/02.
        ("DC", C::Response, "2026-09-12", &[], "2026-10-02"),
        ("DE", C::Response, "2026-09-12", &[], "2026-10-02"),
        ("OR", C::Response, "2026-09-12", &[], "2026-10-02"),
        // Federal: a request that arrives on a Saturday is received Monday 09-14 (day 0):
        // 15-18 (4), 21-25 (9), 28-10/02 (14), 5-9 (19), [12 Columbus Day], Tue 10-13 (20).
        ("US", C::Response, "2026-09-12", &["2026-10-12"], "2026-10-13"),
        // 10 CD: Tue 09-22. 15 CD: Sun 09-27, rolled to Mon 09-28. 30 CD: Mon 10-12, Columbus
        // Day in Maryland, rolled to Tue 10-13.
        ("CA", C::Response, "2026-09-12", &[], "2026-09-22"),
        ("NM", C::Response, "2026-09-12", &[], "2026-09-28"),
        ("MD", C::Response, "2026-09-12", &["2026-10-12"], "2026-10-13"),
        // NY: 20 BD from Fri 09-18: 21-25 (5), 28-10/02 (10), 5-9 (15), [12], 13-16 (19), 19.
        ("NY", C::Response, "2026-09-12", &["2026-10-12"], "2026-10-19"),

        // Thanksgiving week: filed Mon 2026-11-23; Thanksgiving Thu 11-26 closed everywhere,
        // the Friday after only where the state lists it.
        // 3 BD: Tue 24, Wed 25, Fri 27 | with Friday closed: Mon 30.
        ("MO", C::Response, "2026-11-23", THU, "2026-11-27"),
        ("VT", C::Response, "2026-11-23", THU, "2026-11-27"),
        ("LA", C::Certify, "2026-11-23", THU, "2026-11-27"),
        ("GA", C::Response, "2026-11-23", THU_FRI, "2026-11-30"),
        // 4 BD: 24, 25, 27, Mon 30 | 24, 25, 30, Tue 12-01.
        ("CT", C::Response, "2026-11-23", THU, "2026-11-30"),
        ("NE", C::Response, "2026-11-23", THU_FRI, "2026-12-01"),
        // 5 BD: 24, 25, 27, 30, Tue 12-01 | 24, 25, 30, 12-01, Wed 12-02.
        ("AZ", C::Ack, "2026-11-23", THU, "2026-12-01"),
        ("NY", C::Ack, "2026-11-23", THU, "2026-12-01"),
        ("IL", C::Response, "2026-11-23", THU_FRI, "2026-12-02"),
        ("MI", C::Response, "2026-11-23", THU_FRI, "2026-12-02"),
        ("NH", C::Response, "2026-11-23", THU_FRI, "2026-12-02"),
        ("NV", C::Response, "2026-11-23", THU_FRI, "2026-12-02"),
        ("PA", C::Response, "2026-11-23", THU_FRI, "2026-12-02"),
        ("VA", C::Response, "2026-11-23", THU_FRI, "2026-12-02"),
        ("WA", C::Response, "2026-11-23", THU_FRI, "2026-12-02"),
        ("WV", C::Response, "2026-11-23", THU_FRI, "2026-12-02"),
        ("ME", C::Ack, "2026-11-23", THU_FRI, "2026-12-02"),
        // 7 CD: Mon 11-30. 7 BD: 24, 25, 27, 30, 1, 2, Thu 12-03.
        ("IN", C::Ack, "2026-11-23", THU_FRI, "2026-11-30"),
        ("MS", C::Response, "2026-11-23", THU, "2026-12-03"),
        ("NJ", C::Response, "2026-11-23", THU, "2026-12-03"),
        // 10 BD: 24, 25, 27, 30, 1-4, 7, Tue 12-08 | 24, 25, 30, 1-4, 7, 8, Wed 12-09.
        ("AK", C::Response, "2026-11-23", THU, "2026-12-08"),
        ("HI", C::Response, "2026-11-23", THU, "2026-12-08"),
        ("MA", C::Response, "2026-11-23", THU, "2026-12-08"),
        ("RI", C::Response, "2026-11-23", THU, "2026-12-08"),
        ("SD", C::Response, "2026-11-23", THU, "2026-12-08"),
        ("UT", C::Response, "2026-11-23", THU, "2026-12-08"),
        ("AZ", C::Followup, "2026-11-23", THU, "2026-12-08"),
        ("MT", C::Followup, "2026-11-23", THU, "2026-12-08"),
        ("ND", C::Followup, "2026-11-23", THU, "2026-12-08"),
        ("OH", C::Followup, "2026-11-23", THU, "2026-12-08"),
        ("WI", C::Followup, "2026-11-23", THU, "2026-12-08"),
        ("MD", C::Ack, "2026-11-23", THU_FRI, "2026-12-09"),
        ("TX", C::Certify, "2026-11-23", THU_FRI, "2026-12-09"),
        ("TX", C::Followup, "2026-11-23", THU_FRI, "2026-12-09"),
        ("FL", C::Followup, "2026-11-23", THU_FRI, "2026-12-09"),
        ("IA", C::Followup, "2026-11-23", THU_FRI, "2026-12-09"),
        ("IN", C::Followup, "2026-11-23", THU_FRI, "2026-12-09"),
        ("NC", C::Followup, "2026-11-23", THU_FRI, "2026-12-09"),
        ("OK", C::Followup, "2026-11-23", THU_FRI, "2026-12-09"),
        // 15 BD: ... 8, 9, 10, 11, 14, Tue 15 | ... 14, 15, Wed 16.
        ("DC", C::Response, "2026-11-23", THU, "2026-12-15"),
        ("DE", C::Response, "2026-11-23", THU_FRI, "2026-12-16"),
        // 20 BD: 24, 25, 27 (3), 30-12/04 (8), 7-11 (13), 14-18 (18), 21, Tue 22.
        ("US", C::Response, "2026-11-23", THU, "2026-12-22"),
        // 10 CD: Thu 12-03. 30 CD: Wed 12-23.
        ("CA", C::Response, "2026-11-23", THU_FRI, "2026-12-03"),
        ("MD", C::Response, "2026-11-23", THU_FRI, "2026-12-23"),
        // NY: 20 BD from the ack deadline Tue 12-01: 2-4 (3), 7-11 (8), 14-18 (13),
        // 21-24 (17), [25], 28, 29, Wed 30.
        ("NY", C::Response, "2026-11-23", &["2026-11-26", "2026-12-25"], "2026-12-30"),
        // States whose lists were settled by the calendar: Colorado closes only the Thursday;
        // Kansas, Kentucky, New Mexico, Oregon and Tennessee also the Friday.
        ("CO", C::Response, "2026-11-23", THU, "2026-11-27"),
        ("KS", C::Response, "2026-11-23", THU_FRI, "2026-11-30"),
        ("NM", C::Ack, "2026-11-23", THU_FRI, "2026-11-30"),
        ("KY", C::Response, "2026-11-23", THU_FRI, "2026-12-02"),
        ("OR", C::Ack, "2026-11-23", THU_FRI, "2026-12-02"),
        ("TN", C::Response, "2026-11-23", THU_FRI, "2026-12-04"),
        // 15 BD with the Friday closed: ... 14, 15, Wed 16. 15 CD: Tue 12-08.
        ("OR", C::Response, "2026-11-23", THU_FRI, "2026-12-16"),
        ("NM", C::Response, "2026-11-23", THU_FRI, "2026-12-08"),
        // 10 CD landing on Thanksgiving: filed Mon 11-16 -> Thu 11-26, closed, Fri 11-27
        // closed in California, weekend -> Mon 11-30. 30 CD: filed Tue 10-27 -> 11-26 -> 11-30.
        ("CA", C::Response, "2026-11-16", THU_FRI, "2026-11-30"),
        ("MD", C::Response, "2026-10-27", THU_FRI, "2026-11-30"),

        // Saturday holiday: Independence Day 2026 is a Saturday, observed Friday 07-03 (but not
        // moved in California, Massachusetts, New York or Wisconsin, and moved to Monday 07-06
        // in Rhode Island).
        // Each filing date puts the last counted day on Fri 07-03 when it is open.
        // 3 BD from Tue 06-30: 07-01, 07-02, [07-03], Mon 07-06.
        ("CO", C::Response, "2026-06-30", SAT_TO_FRI, "2026-07-06"),
        ("GA", C::Response, "2026-06-30", SAT_TO_FRI, "2026-07-06"),
        ("KS", C::Response, "2026-06-30", SAT_TO_FRI, "2026-07-06"),
        ("VT", C::Response, "2026-06-30", SAT_TO_FRI, "2026-07-06"),
        ("LA", C::Certify, "2026-06-30", SAT_TO_FRI, "2026-07-06"),
        // 4 BD from Mon 06-29; 5 BD from Fri 06-26; 7 BD from Wed 06-24: all reach 07-06.
        ("CT", C::Response, "2026-06-29", SAT_TO_FRI, "2026-07-06"),
        ("IL", C::Response, "2026-06-26", SAT_TO_FRI, "2026-07-06"),
        ("NV", C::Response, "2026-06-26", SAT_TO_FRI, "2026-07-06"),
        ("PA", C::Response, "2026-06-26", SAT_TO_FRI, "2026-07-06"),
        ("VA", C::Response, "2026-06-26", SAT_TO_FRI, "2026-07-06"),
        ("WA", C::Response, "2026-06-26", SAT_TO_FRI, "2026-07-06"),
        ("WV", C::Response, "2026-06-26", SAT_TO_FRI, "2026-07-06"),
        ("AZ", C::Ack, "2026-06-26", SAT_TO_FRI, "2026-07-06"),
        ("NY", C::Ack, "2026-06-26", &[], "2026-07-03"),
        ("NJ", C::Response, "2026-06-24", SAT_TO_FRI, "2026-07-06"),
        ("TN", C::Response, "2026-06-24", SAT_TO_FRI, "2026-07-06"),
        // 10 BD from Fri 06-19: 22-26 (5), 29, 30, 07-01, 07-02 (9), Fri 07-03 or Mon 07-06.
        ("HI", C::Response, "2026-06-19", SAT_TO_FRI, "2026-07-06"),
        ("SD", C::Response, "2026-06-19", SAT_TO_FRI, "2026-07-06"),
        ("UT", C::Response, "2026-06-19", SAT_TO_FRI, "2026-07-06"),
        ("MD", C::Ack, "2026-06-19", SAT_TO_FRI, "2026-07-06"),
        ("NC", C::Followup, "2026-06-19", SAT_TO_FRI, "2026-07-06"),
        ("FL", C::Followup, "2026-06-19", SAT_TO_FRI, "2026-07-06"),
        ("IA", C::Followup, "2026-06-19", SAT_TO_FRI, "2026-07-06"),
        ("ND", C::Followup, "2026-06-19", SAT_TO_FRI, "2026-07-06"),
        ("OH", C::Followup, "2026-06-19", SAT_TO_FRI, "2026-07-06"),
        ("OK", C::Followup, "2026-06-19", SAT_TO_FRI, "2026-07-06"),
        ("MA", C::Response, "2026-06-19", &[], "2026-07-03"),
        ("RI", C::Response, "2026-06-19", &["2026-07-06"], "2026-07-03"),
        ("WI", C::Followup, "2026-06-19", &[], "2026-07-03"),
        // Texas does not move a Saturday holiday either.
        ("TX", C::Certify, "2026-06-19", &[], "2026-07-03"),
        // Alaska and New Mexico close state offices the Friday before a Saturday holiday (AK:
        // 2 AAC 07.810; NM: the State Personnel Office's schedule): Fri 07-03 is closed. In
        // Alaska, Fri 06-19 is Juneteenth, so the request is received Mon 06-22 (day 0): 23-26
        // (4), 29, 30 (6), 07/01, 02 (8), [03], 6 (9), Tue 07-07. New Mexico's 3 BD from Tue
        // 06-30: 07/01, 02, [03], Mon 07-06.
        ("AK", C::Response, "2026-06-19", &["2026-06-19", "2026-07-03"], "2026-07-07"),
        ("NM", C::Ack, "2026-06-30", &["2026-07-03"], "2026-07-06"),
        // The other lists move it to Friday: 3 BD from 06-30, 4 BD from 06-29, 5 BD from
        // 06-26, 7 BD from 06-24 and 10 BD from 06-19 all reach Mon 07-06; 7 CD from Fri
        // 06-26 is Fri 07-03, rolled to Mon 07-06.
        ("MO", C::Response, "2026-06-30", SAT_TO_FRI, "2026-07-06"),
        ("NE", C::Response, "2026-06-29", SAT_TO_FRI, "2026-07-06"),
        ("KY", C::Response, "2026-06-26", SAT_TO_FRI, "2026-07-06"),
        ("MI", C::Response, "2026-06-26", SAT_TO_FRI, "2026-07-06"),
        ("NH", C::Response, "2026-06-26", SAT_TO_FRI, "2026-07-06"),
        ("ME", C::Ack, "2026-06-26", SAT_TO_FRI, "2026-07-06"),
        ("OR", C::Ack, "2026-06-26", SAT_TO_FRI, "2026-07-06"),
        ("IN", C::Ack, "2026-06-26", SAT_TO_FRI, "2026-07-06"),
        ("MS", C::Response, "2026-06-24", SAT_TO_FRI, "2026-07-06"),
        ("MT", C::Followup, "2026-06-19", SAT_TO_FRI, "2026-07-06"),
        // 15 BD from Thu 06-11 with Juneteenth (Fri 06-19) closed: 12 (1), 15-18 (5),
        // 22-26 (10), 29, 30, 07-01, 07-02 (14), [07-03], Mon 07-06.
        ("DC", C::Response, "2026-06-11", JUN19_SAT_TO_FRI, "2026-07-06"),
        ("DE", C::Response, "2026-06-11", JUN19_SAT_TO_FRI, "2026-07-06"),
        ("OR", C::Response, "2026-06-11", JUN19_SAT_TO_FRI, "2026-07-06"),
        // 20 BD from Thu 06-04: 5 (1), 8-12 (6), 15-18 (10), [19], 22-26 (15), 29-07/02
        // (19), [07-03], Mon 07-06.
        ("US", C::Response, "2026-06-04", JUN19_SAT_TO_FRI, "2026-07-06"),
        // 10 CD from Tue 06-23 and 30 CD from Wed 06-03 land on Fri 07-03: open in California,
        // rolled to 07-06 in Maryland.
        ("CA", C::Response, "2026-06-23", &[], "2026-07-03"),
        ("MD", C::Response, "2026-06-03", SAT_TO_FRI, "2026-07-06"),

        // Sunday holiday: Independence Day 2027 is a Sunday, observed Monday 07-05. Each
        // filing date puts the last counted day on Mon 07-05, so it moves to Tue 07-06.
        // 3 BD from Wed 06-30: Thu 07-01, Fri 07-02, [07-05], Tue 07-06.
        ("CO", C::Response, "2027-06-30", SUN_TO_MON, "2027-07-06"),
        ("GA", C::Response, "2027-06-30", SUN_TO_MON, "2027-07-06"),
        ("KS", C::Response, "2027-06-30", SUN_TO_MON, "2027-07-06"),
        ("MO", C::Response, "2027-06-30", SUN_TO_MON, "2027-07-06"),
        ("VT", C::Response, "2027-06-30", SUN_TO_MON, "2027-07-06"),
        ("LA", C::Certify, "2027-06-30", SUN_TO_MON, "2027-07-06"),
        ("NM", C::Ack, "2027-06-30", SUN_TO_MON, "2027-07-06"),
        // 4 BD from Tue 06-29; 5 BD from Mon 06-28; 7 BD from Thu 06-24.
        ("CT", C::Response, "2027-06-29", SUN_TO_MON, "2027-07-06"),
        ("NE", C::Response, "2027-06-29", SUN_TO_MON, "2027-07-06"),
        ("IL", C::Response, "2027-06-28", SUN_TO_MON, "2027-07-06"),
        ("NV", C::Response, "2027-06-28", SUN_TO_MON, "2027-07-06"),
        ("PA", C::Response, "2027-06-28", SUN_TO_MON, "2027-07-06"),
        ("VA", C::Response, "2027-06-28", SUN_TO_MON, "2027-07-06"),
        ("WA", C::Response, "2027-06-28", SUN_TO_MON, "2027-07-06"),
        ("WV", C::Response, "2027-06-28", SUN_TO_MON, "2027-07-06"),
        ("AZ", C::Ack, "2027-06-28", SUN_TO_MON, "2027-07-06"),
        ("NY", C::Ack, "2027-06-28", SUN_TO_MON, "2027-07-06"),
        ("OR", C::Ack, "2027-06-28", SUN_TO_MON, "2027-07-06"),
        ("MS", C::Response, "2027-06-24", SUN_TO_MON, "2027-07-06"),
        ("NJ", C::Response, "2027-06-24", SUN_TO_MON, "2027-07-06"),
        ("TN", C::Response, "2027-06-24", SUN_TO_MON, "2027-07-06"),
        // 10 BD from Mon 06-21: 22-25 (4), 28-07/02 (9), [07-05], Tue 07-06.
        ("AK", C::Response, "2027-06-21", SUN_TO_MON, "2027-07-06"),
        ("HI", C::Response, "2027-06-21", SUN_TO_MON, "2027-07-06"),
        ("MA", C::Response, "2027-06-21", SUN_TO_MON, "2027-07-06"),
        ("RI", C::Response, "2027-06-21", SUN_TO_MON, "2027-07-06"),
        ("SD", C::Response, "2027-06-21", SUN_TO_MON, "2027-07-06"),
        ("UT", C::Response, "2027-06-21", SUN_TO_MON, "2027-07-06"),
        ("MD", C::Ack, "2027-06-21", SUN_TO_MON, "2027-07-06"),
        ("NC", C::Followup, "2027-06-21", SUN_TO_MON, "2027-07-06"),
        ("FL", C::Followup, "2027-06-21", SUN_TO_MON, "2027-07-06"),
        ("IA", C::Followup, "2027-06-21", SUN_TO_MON, "2027-07-06"),
        ("ND", C::Followup, "2027-06-21", SUN_TO_MON, "2027-07-06"),
        ("OH", C::Followup, "2027-06-21", SUN_TO_MON, "2027-07-06"),
        ("OK", C::Followup, "2027-06-21", SUN_TO_MON, "2027-07-06"),
        ("WI", C::Followup, "2027-06-21", SUN_TO_MON, "2027-07-06"),
        ("MT", C::Followup, "2027-06-21", SUN_TO_MON, "2027-07-06"),
        ("IN", C::Followup, "2027-06-21", SUN_TO_MON, "2027-07-06"),
        ("KY", C::Response, "2027-06-28", SUN_TO_MON, "2027-07-06"),
        ("MI", C::Response, "2027-06-28", SUN_TO_MON, "2027-07-06"),
        ("NH", C::Response, "2027-06-28", SUN_TO_MON, "2027-07-06"),
        ("ME", C::Ack, "2027-06-28", SUN_TO_MON, "2027-07-06"),
        // 7 CD from Mon 06-28 is Mon 07-05: rolled to Tue 07-06.
        ("IN", C::Ack, "2027-06-28", SUN_TO_MON, "2027-07-06"),
        // Texas does not move a Sunday holiday: Mon 07-05 is open, the 10th business day.
        ("TX", C::Certify, "2027-06-21", &[], "2027-07-05"),
        // 15 BD from Mon 06-14 with Juneteenth observed Fri 06-18: 15-17 (3), 21-25 (8),
        // 28-07/02 (13), [07-05], 6 (14), Wed 07-07.
        ("DC", C::Response, "2027-06-14", JUN18_SUN_TO_MON, "2027-07-07"),
        ("DE", C::Response, "2027-06-14", JUN18_SUN_TO_MON, "2027-07-07"),
        ("OR", C::Response, "2027-06-14", JUN18_SUN_TO_MON, "2027-07-07"),
        // 20 BD from Mon 06-07: 8-11 (4), 14-17 (8), [18], 21-25 (13), 28-07/02 (18),
        // [07-05], 6 (19), Wed 07-07.
        ("US", C::Response, "2027-06-07", JUN18_SUN_TO_MON, "2027-07-07"),
        // 10 CD from Fri 06-25, 30 CD from Sat 06-05, 15 CD from Sun 06-20 all land on
        // Mon 07-05: rolled to Tue 07-06.
        ("CA", C::Response, "2027-06-25", SUN_TO_MON, "2027-07-06"),
        ("MD", C::Response, "2027-06-05", SUN_TO_MON, "2027-07-06"),
        ("NM", C::Response, "2027-06-20", SUN_TO_MON, "2027-07-06"),
    ];
    let mut failures = Vec::new();
    for (code, kind, filed, closures, due) in cases {
        let dl = run(code, closures, filed, &[], filed);
        let got = dl.clock(*kind).and_then(|c| c.due);
        if got != Some(d(due)) {
            failures.push(format!(
                "{code} {kind:?} filed {filed}: got {got:?}, want {due}"
            ));
        }
        assert!(
            dl.clocks.iter().all(|c| c.state == ClockState::Pending),
            "{code} {filed}: {dl:#?}"
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_verified_deadline_row_is_covered_by_the_table_above() {
    // The table above has a plain case for every verified row: keep it that way.
    let covered = [
        "AK", "AZ", "CA", "CO", "CT", "DC", "DE", "FL", "GA", "HI", "IA", "IL", "IN", "KS", "KY",
        "LA", "MA", "MD", "ME", "MI", "MO", "MS", "MT", "NC", "ND", "NE", "NH", "NJ", "NM", "NV",
        "NY", "OH", "OK", "OR", "PA", "RI", "SD", "TN", "TX", "UT", "VA", "VT", "WA", "WI", "WV",
        "US", "US-DHS", "US-DOJ",
    ];
    for r in crate::law::table::builtin_rules() {
        if r.verified {
            assert!(
                covered.contains(&r.code.as_str()),
                "{} is not in the table",
                r.code
            );
        }
    }
}

#[test]
fn pauses_that_span_new_year_keep_the_days_that_were_left() {
    struct Case {
        code: &'static str,
        closures: &'static [&'static str],
        filed: &'static str,
        pause: (K, &'static str),
        resume: (K, &'static str),
        kind: ClockKind,
        due: &'static str,
        paused: i64,
    }
    let cases = [
        // US, 20 BD tolled. Filed Mon 2026-12-14; first due: 15-18 (4), 21-24 (8), [25],
        // 28-31 (12), [01-01], 01/04-08 (17), 11-13 (20): Wed 01-13.
        // Clarify Fri 12-18: left = 21-24, 28-31, 01/04-08, 11-13 = 16.
        // Clarified Mon 2027-01-04 is day 0: 5-8 (4), 11-15 (9), [18 MLK], 19-22 (13),
        // 25-27 (16): Wed 2027-01-27. Paused: 21-24, 28-31, 01-04 = 9 business days.
        Case {
            code: "US",
            closures: &["2026-12-25", "2027-01-01", "2027-01-18"],
            filed: "2026-12-14",
            pause: (K::Clarify, "2026-12-18"),
            resume: (K::Clarified, "2027-01-04"),
            kind: C::Response,
            due: "2027-01-27",
            paused: 9,
        },
        // PA, 5 BD tolled. Filed Mon 12-21: 22, 23, 24, [25], 28, 29: Tue 12-29.
        // Fee Wed 12-23: left = 24, 28, 29 = 3. Paid Mon 2027-01-04: 5, 6, 7 -> Thu 01-07.
        // Paused: 24, 28, 29, 30, 31, 01-04 = 6.
        Case {
            code: "PA",
            closures: &["2026-12-25", "2027-01-01"],
            filed: "2026-12-21",
            pause: (K::Fee, "2026-12-23"),
            resume: (K::Paid, "2027-01-04"),
            kind: C::Response,
            due: "2027-01-07",
            paused: 6,
        },
        // VA, 5 BD tolled: the same days as PA (12-24 is open in both).
        Case {
            code: "VA",
            closures: &["2026-12-25", "2027-01-01"],
            filed: "2026-12-21",
            pause: (K::Clarify, "2026-12-23"),
            resume: (K::Clarified, "2027-01-04"),
            kind: C::Response,
            due: "2027-01-07",
            paused: 6,
        },
        // MA, 10 BD tolled. Filed Mon 12-14: 15-18 (4), 21-24 (8), [25], 28, 29: Tue 12-29.
        // Clarify Fri 12-18: left 21-24, 28, 29 = 6. Clarified Mon 2027-01-04: 5-8, 11, 12 ->
        // Tue 01-12. Paused: 21-24, 28-31, 01-04 = 9.
        Case {
            code: "MA",
            closures: &["2026-12-25", "2027-01-01"],
            filed: "2026-12-14",
            pause: (K::Clarify, "2026-12-18"),
            resume: (K::Clarified, "2027-01-04"),
            kind: C::Response,
            due: "2027-01-12",
            paused: 9,
        },
        // GA, 3 BD tolled; Georgia closes 12-24 (Washington's Birthday observed) and 12-25.
        // Filed Tue 12-22: 23, [24, 25], 28, 29: Tue 12-29. Fee Wed 12-23: left 28, 29 = 2.
        // Paid Mon 2027-01-04: 5, 6 -> Wed 01-06. Paused: 28-31, 01-04 = 5.
        Case {
            code: "GA",
            closures: &["2026-12-24", "2026-12-25", "2027-01-01"],
            filed: "2026-12-22",
            pause: (K::Fee, "2026-12-23"),
            resume: (K::Paid, "2027-01-04"),
            kind: C::Response,
            due: "2027-01-06",
            paused: 5,
        },
        // CT, 4 BD tolled. Filed Mon 12-21: 22, 23, 24, 28: Mon 12-28. Clarify Tue 12-22:
        // left 23, 24, 28 = 3. Clarified Mon 2027-01-04: 5, 6, 7 -> Thu 01-07.
        // Paused: 23, 24, 28-31, 01-04 = 7.
        Case {
            code: "CT",
            closures: &["2026-12-25", "2027-01-01"],
            filed: "2026-12-21",
            pause: (K::Clarify, "2026-12-22"),
            resume: (K::Clarified, "2027-01-04"),
            kind: C::Response,
            due: "2027-01-07",
            paused: 7,
        },
        // NY: the clarification on Fri 12-18 answers within the 5 days, so the 20 BD count
        // from it; all 20 are left when it stops. Clarified Mon 2027-01-04: 5-8 (4),
        // 11-15 (9), [18], 19-22 (13), 25-29 (18), 02-01, 02-02 -> Tue 02-02. Paused: 9.
        Case {
            code: "NY",
            closures: &["2026-12-25", "2027-01-01", "2027-01-18"],
            filed: "2026-12-14",
            pause: (K::Clarify, "2026-12-18"),
            resume: (K::Clarified, "2027-01-04"),
            kind: C::Response,
            due: "2027-02-02",
            paused: 9,
        },
        // NJ, 7 BD tolled. Filed Mon 12-21: 22, 23, 24, [25], 28-31: Thu 12-31.
        // Clarify Tue 12-22: left = 23, 24, 28, 29, 30, 31 = 6. Clarified Tue 2027-01-05:
        // 6, 7, 8, 11, 12, 13 -> Wed 01-13. Paused: 23, 24, 28-31, 01-04, 01-05 = 8.
        Case {
            code: "NJ",
            closures: &["2026-12-25", "2027-01-01"],
            filed: "2026-12-21",
            pause: (K::Clarify, "2026-12-22"),
            resume: (K::Clarified, "2027-01-05"),
            kind: C::Response,
            due: "2027-01-13",
            paused: 8,
        },
        // CA, 10 CD tolled. Filed Fri 12-18: raw Mon 12-28 (open). Clarify Tue 12-22: left
        // 28 - 22 = 6 calendar days. Clarified Mon 2027-01-04: Sun 01-10, rolled to Mon 01-11.
        // Paused: 23, 24, [25], 28-31, [01-01], 01-04 = 7 business days.
        Case {
            code: "CA",
            closures: &["2026-12-25", "2027-01-01"],
            filed: "2026-12-18",
            pause: (K::Clarify, "2026-12-22"),
            resume: (K::Clarified, "2027-01-04"),
            kind: C::Response,
            due: "2027-01-11",
            paused: 7,
        },
        // MD, 30 CD tolled. Filed Mon 12-07: Wed 2027-01-06. Fee Fri 12-18: left 19 days.
        // Waived Mon 01-04: Sat 01-23, rolled to Mon 01-25.
        // Paused: 21-24, 28-31, 01-04 = 9.
        Case {
            code: "MD",
            closures: &["2026-12-25", "2027-01-01"],
            filed: "2026-12-07",
            pause: (K::Fee, "2026-12-18"),
            resume: (K::Waived, "2027-01-04"),
            kind: C::Response,
            due: "2027-01-25",
            paused: 9,
        },
        // DC restarts on clarification: clarified Mon 2027-01-04 is a new day 0 for 15 BD:
        // 5-8 (4), 11-15 (9), [18], 19-22 (13), 25, 26 (15) -> Tue 01-26.
        // Paused: 21-24, 28-31, 01-04 = 9.
        Case {
            code: "DC",
            closures: &["2026-12-25", "2027-01-01", "2027-01-18"],
            filed: "2026-12-14",
            pause: (K::Clarify, "2026-12-18"),
            resume: (K::Clarified, "2027-01-04"),
            kind: C::Response,
            due: "2027-01-26",
            paused: 9,
        },
        // TX restarts the 10-BD certificate on payment of a deposit: from Tue 12-29: 30, 31
        // (2), [01-01], 4-8 (7), 11-13 -> Wed 2027-01-13. Texas closes 12-24, 25 and 26 (a
        // Saturday, not moved), so Mon 12-28 is open. Paused: 21, 22, 23, 28, 29 = 5.
        Case {
            code: "TX",
            closures: &["2026-12-24", "2026-12-25", "2027-01-01"],
            filed: "2026-12-14",
            pause: (K::Fee, "2026-12-18"),
            resume: (K::Paid, "2026-12-29"),
            kind: C::Certify,
            due: "2027-01-13",
            paused: 5,
        },
        // NC has no clock to pause: the follow-up target waits, then counts 10 BD again from
        // Mon 2027-01-04: 5-8 (4), 11-15 (9), [18], 19 -> Tue 01-19.
        // Paused: 21, 22, 23, 29, 30, 31, 01-04 = 7 (NC closes 12-24, 25, 28).
        Case {
            code: "NC",
            closures: &[
                "2026-12-24",
                "2026-12-25",
                "2026-12-28",
                "2027-01-01",
                "2027-01-18",
            ],
            filed: "2026-12-14",
            pause: (K::Fee, "2026-12-18"),
            resume: (K::Waived, "2027-01-04"),
            kind: C::Followup,
            due: "2027-01-19",
            paused: 7,
        },
    ];
    for c in cases {
        let evs = [
            (c.pause.0, c.pause.1, None, None),
            (c.resume.0, c.resume.1, None, None),
        ];
        // While paused, there is no due date and no flag.
        let mid = run(c.code, c.closures, c.filed, &evs[..1], "2026-12-30");
        assert_eq!(clock(&mid, c.kind).state, ClockState::Paused, "{}", c.code);
        assert_eq!(
            (mid.flag, mid.paused_since),
            (None, Some(d(c.pause.1))),
            "{}",
            c.code
        );
        let dl = run(c.code, c.closures, c.filed, &evs, c.resume.1);
        assert_eq!(clock(&dl, c.kind).due, Some(d(c.due)), "{}", c.code);
        assert_eq!(dl.paused_business_days, c.paused, "{}", c.code);
        assert_eq!(dl.paused_since, None, "{}", c.code);
    }
}

#[test]
fn states_flags_and_late_counts_as_of_today() {
    let us = [
        "2026-10-12",
        "2026-11-11",
        "2026-11-26",
        "2026-12-25",
        "2027-01-01",
        "2027-01-18",
    ];
    // US filed Tue 2026-09-08, due Tue 10-06.
    let dl = run("US", &us, "2026-09-08", &[], "2026-10-01");
    let r = clock(&dl, C::Response);
    // Left: 10-02, 05, 06 = 3.
    assert_eq!(
        (r.state, r.business_days_left),
        (ClockState::Pending, Some(3))
    );
    assert_eq!(
        (dl.flag, dl.due_on, dl.due_clock),
        (None, Some(d("2026-10-06")), Some(C::Response))
    );
    assert_eq!(dl.on_time, None);
    // On the due date itself: pending, 0 left.
    let dl = run("US", &us, "2026-09-08", &[], "2026-10-06");
    assert_eq!(clock(&dl, C::Response).business_days_left, Some(0));
    assert_eq!(dl.flag, None);
    // The day after: missed. As of Tue 10-13: business days 7, 8, 9, [12], 13 = 4; 7 calendar.
    let dl = run("US", &us, "2026-09-08", &[], "2026-10-13");
    let r = clock(&dl, C::Response);
    assert_eq!(r.state, ClockState::Missed);
    assert_eq!(
        (r.business_days_late, r.calendar_days_late),
        (Some(4), Some(7))
    );
    assert_eq!(
        (dl.flag, dl.due_on),
        (Some(Flag::Overdue), Some(d("2026-10-06")))
    );
    assert_eq!(dl.on_time, Some(false));
    // Answered late on Thu 10-08: met, 2 business (and calendar) days late; no flag.
    let dl = run(
        "US",
        &us,
        "2026-09-08",
        &[(K::Complete, "2026-10-08", None, None)],
        "2026-10-20",
    );
    let r = clock(&dl, C::Response);
    // Answered after its due date: late, never "met".
    assert_eq!(
        (r.state, r.met_on),
        (ClockState::Late, Some(d("2026-10-08")))
    );
    assert_eq!(
        (r.business_days_late, r.calendar_days_late),
        (Some(2), Some(2))
    );
    assert_eq!((dl.flag, dl.due_on, dl.on_time), (None, None, Some(false)));
    // From 09-08 to 10-08: 15 business days in September after the 8th, 6 in October = 22.
    assert_eq!(dl.completion, Some((d("2026-10-08"), 22)));
    assert_eq!(dl.first_response, Some((d("2026-10-08"), 22)));
    // An event dated after "today" is not known yet.
    let dl = run(
        "US",
        &us,
        "2026-09-08",
        &[(K::Complete, "2026-10-08", None, None)],
        "2026-10-07",
    );
    assert_eq!((dl.flag, dl.completion), (Some(Flag::Overdue), None));
}

#[test]
fn a_pause_counts_its_days_and_shows_no_due_date() {
    let us = ["2026-10-12"];
    // Clarify Tue 09-15 (day 5), today Sun 09-20: paused 16, 17, 18 = 3 business days.
    let dl = run(
        "US",
        &us,
        "2026-09-08",
        &[(K::Clarify, "2026-09-15", None, None)],
        "2026-09-20",
    );
    let r = clock(&dl, C::Response);
    assert_eq!((r.state, r.due), (ClockState::Paused, None));
    assert_eq!(
        (dl.flag, dl.due_on, dl.due_clock),
        (None, None, Some(C::Response))
    );
    assert_eq!(
        (dl.paused_since, dl.paused_business_days),
        (Some(d("2026-09-15")), 3)
    );
    assert_eq!(dl.first_response, Some((d("2026-09-15"), 5)));
    // Completed later: the 4 paused days (16, 17, 18, 21) are not the agency's.
    // Clarified Mon 09-21 with 15 left: 22-25 (4), 28-10/02 (9), 5-9 (14), [12], 13 -> 10-13.
    let evs = [
        (K::Clarify, "2026-09-15", None, None),
        (K::Clarified, "2026-09-21", None, None),
        (K::Complete, "2026-10-09", None, None),
    ];
    let dl = run("US", &us, "2026-09-08", &evs, "2026-10-20");
    let r = clock(&dl, C::Response);
    assert_eq!(
        (r.due, r.state, r.business_days_late),
        (Some(d("2026-10-13")), ClockState::Met, None)
    );
    // 09-08 to 10-09: 23 business days, less 4 paused.
    assert_eq!(dl.completion, Some((d("2026-10-09"), 19)));
    assert_eq!(dl.on_time, Some(true));
    // A clarification asked after the due date does not revive the clock.
    let dl = run(
        "US",
        &us,
        "2026-09-08",
        &[(K::Clarify, "2026-10-08", None, None)],
        "2026-10-09",
    );
    assert_eq!(clock(&dl, C::Response).state, ClockState::Missed);
    assert_eq!(dl.flag, Some(Flag::Overdue));
    assert!(
        dl.warnings[0].contains("already due on 2026-10-06"),
        "{:?}",
        dl.warnings
    );
}

#[test]
fn extensions_move_the_date_and_warn_beyond_the_statute() {
    struct Case {
        code: &'static str,
        closures: &'static [&'static str],
        filed: &'static str,
        extends: &'static [Ev],
        due: &'static str,
        warning: Option<&'static str>,
    }
    let cases = [
        // US: due Tue 2026-10-06; +10 BD: 7, 8, 9, [12], 13-16, 19-21 -> Wed 10-21.
        Case {
            code: "US",
            closures: &["2026-10-12"],
            filed: "2026-09-08",
            extends: &[(K::Extend, "2026-10-01", Some(10), None)],
            due: "2026-10-21",
            warning: None,
        },
        // +20 BD: 7, 8, 9, [12], 13-16 (7), 19-23 (12), 26-30 (17), 11/02, 03, 04 -> Wed 11-04,
        // warned.
        Case {
            code: "US",
            closures: &["2026-10-12"],
            filed: "2026-09-08",
            extends: &[(K::Extend, "2026-10-01", Some(20), None)],
            due: "2026-11-04",
            warning: Some(
                "extension of 20 business days exceeds the 10 business days \
                 5 U.S.C. §552(a)(6)(B)(i) allows",
            ),
        },
        // Two extensions of 10 then 5: 10-21 + 5 BD = 22, 23, 26, 27, 28 -> Wed 10-28.
        Case {
            code: "US",
            closures: &["2026-10-12"],
            filed: "2026-09-08",
            extends: &[
                (K::Extend, "2026-10-01", Some(10), None),
                (K::Extend, "2026-10-15", Some(5), None),
            ],
            due: "2026-10-28",
            warning: Some(
                "extensions totalling 15 business days exceeds the 10 business days \
                 5 U.S.C. §552(a)(6)(B)(i) allows",
            ),
        },
        // US across Veterans Day: filed Tue 10-13, due 14-16 (3), 19-23 (8), 26-30 (13),
        // 11/02-06 (18), 9, 10 -> Tue 11-10; +10 BD: [11], 12, 13, 16-20, 23-25 -> Wed 11-25.
        Case {
            code: "US",
            closures: &["2026-11-11", "2026-11-26"],
            filed: "2026-10-13",
            extends: &[(K::Extend, "2026-11-05", Some(10), None)],
            due: "2026-11-25",
            warning: None,
        },
        // CA: filed Tue 12-01, due Fri 12-11; +14 CD = Fri 12-25, Christmas: rolled over the
        // weekend to Mon 12-28.
        Case {
            code: "CA",
            closures: &["2026-12-25"],
            filed: "2026-12-01",
            extends: &[(K::Extend, "2026-12-10", Some(14), None)],
            due: "2026-12-28",
            warning: None,
        },
        // PA: filed Tue 10-20, due Tue 10-27; +30 CD = Thu 11-26, Thanksgiving, and the Friday
        // after: rolled to Mon 11-30.
        Case {
            code: "PA",
            closures: THU_FRI,
            filed: "2026-10-20",
            extends: &[(K::Extend, "2026-10-26", Some(30), None)],
            due: "2026-11-30",
            warning: None,
        },
        // PA with a date: due Tue 09-15, until Fri 10-30 = 45 calendar days, warned.
        Case {
            code: "PA",
            closures: &[],
            filed: "2026-09-08",
            extends: &[(K::Extend, "2026-09-14", None, Some("2026-10-30"))],
            due: "2026-10-30",
            warning: Some(
                "extension of 45 calendar days exceeds the 30 calendar days 65 P.S. §67.902(b) \
                 allows",
            ),
        },
        // MD: filed Tue 10-27: 30 CD = Thu 11-26, rolled past the Friday (American Indian
        // Heritage Day) and the weekend to Mon 11-30; +30 CD counts from Thu 11-26 (as the law
        // counts 60 days from receipt): Sat 12-26, rolled to Mon 12-28.
        Case {
            code: "MD",
            closures: THU_FRI,
            filed: "2026-10-27",
            extends: &[(K::Extend, "2026-11-20", Some(30), None)],
            due: "2026-12-28",
            warning: None,
        },
        // VA: filed Mon 11-16, due 17-20, 23 -> Mon 11-23; +7 BD: 24, 25, [26, 27], 30,
        // 12/01-04 -> Fri 12-04.
        Case {
            code: "VA",
            closures: THU_FRI,
            filed: "2026-11-16",
            extends: &[(K::Extend, "2026-11-20", Some(7), None)],
            due: "2026-12-04",
            warning: None,
        },
        // MA: the agency's date Thu 11-26 (Thanksgiving) rolls to Fri 11-27, open in MA.
        // Due Wed 11-18 (filed Tue 11-03: 4, 5, 6, 9, 10, [11], 12, 13, 16, 17, 18); 11-18 to
        // 11-27 is 6 business days (19, 20, 23, 24, 25, 27): beyond the 5 allowed.
        Case {
            code: "MA",
            closures: &["2026-11-11", "2026-11-26"],
            filed: "2026-11-03",
            extends: &[(K::Extend, "2026-11-10", None, Some("2026-11-26"))],
            due: "2026-11-27",
            warning: Some(
                "extension of 6 business days exceeds the 5 business days M.G.L. c.66 §10(b) \
                 allows",
            ),
        },
        // NJ has no statutory extension: due Thu 09-17, +5 BD -> Thu 09-24, warned.
        Case {
            code: "NJ",
            closures: &[],
            filed: "2026-09-08",
            extends: &[(K::Extend, "2026-09-15", Some(5), None)],
            due: "2026-09-24",
            warning: Some(
                "extension of 5 business days: the law sets no extension beyond the 7 business \
                 days of N.J.S.A. 47:1A-5(i)",
            ),
        },
        // GA lets the agency set a timetable without a cap: no warning.
        Case {
            code: "GA",
            closures: &["2026-10-12"],
            filed: "2026-09-08",
            extends: &[(K::Extend, "2026-09-10", None, Some("2026-10-15"))],
            due: "2026-10-15",
            warning: None,
        },
        // An agency date on a Saturday rolls to Monday.
        Case {
            code: "GA",
            closures: &[],
            filed: "2026-09-08",
            extends: &[(K::Extend, "2026-09-10", None, Some("2026-10-17"))],
            due: "2026-10-19",
            warning: None,
        },
    ];
    for c in cases {
        let today = c.extends[c.extends.len() - 1].1;
        let dl = run(c.code, c.closures, c.filed, c.extends, today);
        assert_eq!(
            clock(&dl, C::Response).due,
            Some(d(c.due)),
            "{} {}",
            c.code,
            c.filed
        );
        assert_eq!(
            dl.warnings.last().map(String::as_str),
            c.warning,
            "{} {}",
            c.code,
            c.filed
        );
    }
    // An extension given after the date passed is applied and warned.
    let dl = run(
        "VA",
        &[],
        "2026-09-08",
        &[(K::Extend, "2026-09-16", Some(7), None)],
        "2026-09-16",
    );
    assert_eq!(clock(&dl, C::Response).state, ClockState::Pending);
    assert!(dl.warnings[0].contains("after the response was already due on 2026-09-15"));
    // An extension during a pause applies when the clock resumes. US due 10-06; clarify Tue
    // 09-15 leaves 15; extend +5 on 09-16; clarified Mon 09-21: 15 BD -> 10-13 (Columbus
    // Day skipped), then +5: 14, 15, 16, 19, 20 -> Tue 10-20.
    let evs = [
        (K::Clarify, "2026-09-15", None, None),
        (K::Extend, "2026-09-16", Some(5), None),
        (K::Clarified, "2026-09-21", None, None),
    ];
    let dl = run("US", &["2026-10-12"], "2026-09-08", &evs, "2026-09-21");
    assert_eq!(clock(&dl, C::Response).due, Some(d("2026-10-20")));
}

#[test]
fn new_york_counts_the_answer_from_the_acknowledgment() {
    let col = &["2026-10-12"];
    // Acknowledged Thu 09-10: 20 BD from it: 11 (1), 14-18 (6), 21-25 (11), 28-10/02 (16),
    // 5-8 (20) -> Thu 10-08. As of Fri 10-09, 1 business day late.
    let dl = run(
        "NY",
        col,
        "2026-09-08",
        &[(K::Ack, "2026-09-10", None, None)],
        "2026-10-09",
    );
    let (a, r) = (clock(&dl, C::Ack), clock(&dl, C::Response));
    assert_eq!(
        (a.state, a.met_on),
        (ClockState::Met, Some(d("2026-09-10")))
    );
    assert_eq!(
        (r.due, r.state, r.business_days_late),
        (Some(d("2026-10-08")), ClockState::Missed, Some(1))
    );
    assert_eq!(
        (dl.flag, dl.due_clock),
        (Some(Flag::Overdue), Some(C::Response))
    );
    // No acknowledgment by Tue 09-15: as of Wed 09-16 the acknowledgment is overdue; the
    // response date still counts from the acknowledgment deadline (Wed 10-14).
    let dl = run("NY", col, "2026-09-08", &[], "2026-09-16");
    assert_eq!(dl.flag, Some(Flag::AckOverdue));
    assert_eq!(
        (dl.due_on, dl.due_clock),
        (Some(d("2026-10-14")), Some(C::Response))
    );
    assert_eq!(dl.ack_due(), Some((d("2026-09-15"), C::Ack)));
    assert_eq!(clock(&dl, C::Ack).business_days_late, Some(1));
    // A denial meets both; the appeal window is 30 CD (Wed 10-14); the appeal on Thu 10-01
    // is decided within 10 BD: 2, 5-9, [12], 13-16 -> Fri 10-16.
    let evs = [(K::Deny, "2026-09-14", None, None)];
    let dl = run("NY", col, "2026-09-08", &evs, "2026-09-20");
    assert_eq!(
        (dl.flag, dl.due_on),
        (Some(Flag::AppealDeadline), Some(d("2026-10-14")))
    );
    assert_eq!(dl.on_time, Some(true));
    let evs = [
        (K::Deny, "2026-09-14", None, None),
        (K::Appeal, "2026-10-01", None, None),
    ];
    let dl = run("NY", col, "2026-09-08", &evs, "2026-10-02");
    assert_eq!(clock(&dl, C::AppealWindow).state, ClockState::Met);
    assert_eq!(clock(&dl, C::AppealDecision).due, Some(d("2026-10-16")));
    assert_eq!((dl.flag, dl.due_clock), (None, Some(C::AppealDecision)));
    // An acknowledgment with a date certain: no cap in the statute, no warning.
    let dl = run(
        "NY",
        col,
        "2026-09-08",
        &[(K::Ack, "2026-09-10", None, Some("2026-11-20"))],
        "2026-09-10",
    );
    assert_eq!(clock(&dl, C::Response).due, Some(d("2026-11-20")));
    assert!(dl.warnings.is_empty());
}

#[test]
fn laws_without_a_date_use_a_follow_up_target() {
    // NC filed Tue 09-08: target Tue 09-22. As of Wed 09-23: follow-up, never overdue.
    let dl = run("NC", &[], "2026-09-08", &[], "2026-09-23");
    let f = clock(&dl, C::Followup);
    assert_eq!(
        (f.state, f.statutory, f.business_days_late),
        (ClockState::Missed, false, Some(1))
    );
    assert_eq!(
        (dl.flag, dl.due_on, dl.due_clock),
        (
            Some(Flag::FollowUp),
            Some(d("2026-09-22")),
            Some(C::Followup)
        )
    );
    assert_eq!(dl.on_time, None);
    // We followed up on Thu 09-24: the next target is 10 BD from it: 25, 28-10/02, 5-8 ->
    // Thu 10-08 (North Carolina does not close on Columbus Day).
    let dl = run(
        "NC",
        &[],
        "2026-09-08",
        &[(K::Followup, "2026-09-24", None, None)],
        "2026-09-30",
    );
    assert_eq!((dl.flag, dl.due_on), (None, Some(d("2026-10-08"))));
    // A per-request target of 5 BD: 9, 10, 11, 14, 15.
    let rule = builtin_rule("NC").unwrap();
    let calendar = cal("NC", &[]);
    let input = Input {
        rule: &rule,
        calendar: &calendar,
        filed_on: d("2026-09-08"),
        filed_via: None,
        events: &[],
        followup_days: Some(5),
        today: d("2026-09-16"),
    };
    assert_eq!(compute(&input).due_on, Some(d("2026-09-15")));
    // Texas: the certificate is a statutory clock, so missing it is overdue.
    let dl = run("TX", &[], "2026-09-08", &[], "2026-09-23");
    assert_eq!(
        (dl.flag, dl.ack_due()),
        (Some(Flag::Overdue), Some((d("2026-09-22"), C::Certify)))
    );
    // A certified date meets it and becomes the follow-up target.
    let evs = [(K::Extend, "2026-09-18", None, Some("2026-10-30"))];
    let dl = run("TX", &[], "2026-09-08", &evs, "2026-09-23");
    assert_eq!(clock(&dl, C::Certify).state, ClockState::Met);
    assert_eq!(
        (dl.flag, dl.due_on, dl.due_clock),
        (None, Some(d("2026-10-30")), Some(C::Followup))
    );
    assert!(dl.warnings.is_empty());
    let dl = run("TX", &[], "2026-09-08", &evs, "2026-11-02");
    assert_eq!(dl.flag, Some(Flag::FollowUp));
    // Arizona: a missed acknowledgment outranks the follow-up target.
    let dl = run("AZ", &[], "2026-09-08", &[], "2026-09-23");
    assert_eq!(
        (dl.flag, dl.due_clock),
        (Some(Flag::AckOverdue), Some(C::Followup))
    );
    let dl = run(
        "AZ",
        &[],
        "2026-09-08",
        &[(K::Ack, "2026-09-11", None, None)],
        "2026-09-23",
    );
    assert_eq!(dl.flag, Some(Flag::FollowUp));
    // Texas restarts the certificate after a clarification: clarify Mon 09-14, clarified
    // Mon 09-21: 22-25, 28-10/02, 5 -> Mon 10-05; the follow-up target too.
    let evs = [
        (K::Clarify, "2026-09-14", None, None),
        (K::Clarified, "2026-09-21", None, None),
    ];
    let dl = run("TX", &[], "2026-09-08", &evs, "2026-09-21");
    assert_eq!(clock(&dl, C::Certify).due, Some(d("2026-10-05")));
    assert_eq!(clock(&dl, C::Followup).due, Some(d("2026-10-05")));
    assert_eq!(dl.paused_business_days, 5);
}

#[test]
fn partial_answers_appeals_and_endings() {
    let us = [
        "2026-10-12",
        "2026-11-11",
        "2026-11-26",
        "2026-12-25",
        "2027-01-01",
        "2027-01-18",
    ];
    // Partial on Wed 09-30: response met; the rest gets a follow-up target of 10 BD:
    // 10/01, 02, 05-09, [12], 13-15 -> Thu 10-15; the appeal window is open.
    let evs = [(K::Partial, "2026-09-30", None, None)];
    let dl = run("US", &us, "2026-09-08", &evs, "2026-10-02");
    assert_eq!(clock(&dl, C::Response).state, ClockState::Met);
    assert_eq!(clock(&dl, C::Followup).due, Some(d("2026-10-15")));
    assert_eq!(
        (dl.flag, dl.due_clock),
        (Some(Flag::AppealDeadline), Some(C::AppealWindow))
    );
    let dl = run("US", &us, "2026-09-08", &evs, "2026-10-16");
    assert_eq!(
        (dl.flag, dl.due_on),
        (Some(Flag::FollowUp), Some(d("2026-10-15")))
    );
    // Denied Thu 09-24. Under DHS's regulation (US-DHS) the window is 90 BD: 25 (1), 28-10/02 (6), 5-9 (11), [12], 13-16 (15),
    // 19-23 (20), 26-30 (25), 11/02-06 (30), 9, 10 (32), [11], 12, 13 (34), 16-20 (39),
    // 23-25 (42), [26], 27 (43), 30-12/04 (48), 7-11 (53), 14-18 (58), 21-24 (62), [25],
    // 28-31 (66), [01-01], 4-8 (71), 11-15 (76), [18], 19-22 (80), 25-29 (85), 2-5 Feb (90).
    let evs = [(K::Deny, "2026-09-24", None, None)];
    let dl = run("US-DHS", &us, "2026-09-08", &evs, "2026-10-01");
    assert_eq!(
        (dl.flag, dl.due_on),
        (Some(Flag::AppealDeadline), Some(d("2027-02-05")))
    );
    assert_eq!(dl.completion, Some((d("2026-09-24"), 12)));
    // Unappealed by then: lapsed, nobody's fault, no flag.
    let dl = run("US-DHS", &us, "2026-09-08", &evs, "2027-02-08");
    assert_eq!(clock(&dl, C::AppealWindow).state, ClockState::Lapsed);
    assert_eq!((dl.flag, dl.due_on), (None, None));
    // Appealed Mon 10-19: decided within 20 BD: 20-23 (4), 26-30 (9), 11/02-06 (14), 9, 10
    // (16), [11], 12, 13 (18), 16, 17 -> Tue 11-17. As of Fri 11-20: 3 days late.
    let evs = [
        (K::Deny, "2026-09-24", None, None),
        (K::Appeal, "2026-10-19", None, None),
    ];
    let dl = run("US", &us, "2026-09-08", &evs, "2026-11-20");
    let a = clock(&dl, C::AppealDecision);
    assert_eq!(
        (a.due, a.state, a.business_days_late, a.calendar_days_late),
        (Some(d("2026-11-17")), ClockState::Missed, Some(3), Some(3))
    );
    assert_eq!(
        (dl.flag, dl.due_clock),
        (Some(Flag::Overdue), Some(C::AppealDecision))
    );
    // Decided Thu 11-19: met, 2 days late, no flag.
    let mut evs = evs.to_vec();
    evs.push((K::AppealDenied, "2026-11-19", None, None));
    let dl = run("US", &us, "2026-09-08", &evs, "2026-11-20");
    assert_eq!(clock(&dl, C::AppealDecision).business_days_late, Some(2));
    assert_eq!(dl.flag, None);
    // PA: a denial opens 15 BD to appeal to the Office of Open Records: from Wed 10-14:
    // 15, 16, 19-23, 26-30, 11/02-04 -> Wed 11-04; appealed Fri 10-30, decided in 30 CD:
    // Sun 11-29 -> Mon 11-30.
    let evs = [
        (K::Deny, "2026-10-14", None, None),
        (K::Appeal, "2026-10-30", None, None),
    ];
    let dl = run("PA", THU_FRI, "2026-09-08", &evs[..1], "2026-10-20");
    assert_eq!(clock(&dl, C::AppealWindow).due, Some(d("2026-11-04")));
    let dl = run("PA", THU_FRI, "2026-09-08", &evs, "2026-12-02");
    assert_eq!(clock(&dl, C::AppealDecision).due, Some(d("2026-11-30")));
    assert_eq!(dl.flag, Some(Flag::Overdue));
    // Withdrawn before the date: nothing pending, no flag.
    let dl = run(
        "US",
        &us,
        "2026-09-08",
        &[(K::Withdraw, "2026-09-20", None, None)],
        "2026-10-20",
    );
    assert_eq!(clock(&dl, C::Response).state, ClockState::Lapsed);
    assert_eq!((dl.flag, dl.due_on), (None, None));
    // Withdrawn after it: the lateness is counted to the withdrawal (7, 8, 9 = 3).
    let dl = run(
        "US",
        &us,
        "2026-09-08",
        &[(K::Withdraw, "2026-10-09", None, None)],
        "2026-10-20",
    );
    let r = clock(&dl, C::Response);
    assert_eq!(
        (r.state, r.business_days_late),
        (ClockState::Missed, Some(3))
    );
    assert_eq!(dl.flag, None);
    // Withdrawn while the agency waited on us: lapsed, not late.
    let evs = [
        (K::Clarify, "2026-09-15", None, None),
        (K::Withdraw, "2026-11-02", None, None),
    ];
    let dl = run("US", &us, "2026-09-08", &evs, "2026-11-20");
    assert_eq!(clock(&dl, C::Response).state, ClockState::Lapsed);
    assert_eq!((dl.flag, dl.paused_since), (None, None));
    // Completed: no pending clock, no flag.
    let dl = run(
        "NC",
        &[],
        "2026-09-08",
        &[(K::Complete, "2026-09-29", None, None)],
        "2026-10-20",
    );
    assert!(dl.clocks.iter().all(|c| c.state != ClockState::Pending));
    assert_eq!((dl.flag, dl.due_on), (None, None));
    // Maryland: the 10-BD notice is its own clock beside the 30-day response.
    let dl = run("MD", &[], "2026-09-08", &[], "2026-09-23");
    assert_eq!(
        (dl.flag, dl.due_on, dl.due_clock),
        (
            Some(Flag::AckOverdue),
            Some(d("2026-10-08")),
            Some(C::Response)
        )
    );
}

#[test]
fn explain_lists_each_day_and_each_closure_by_name() {
    // PA filed Wed 2026-11-25: Thanksgiving and the Friday after are closed.
    let s = steps("PA", THU_FRI, "2026-11-25", &[], "2026-11-30");
    let has = |t: &str| s.iter().any(|l| l == t);
    assert!(
        s[0].starts_with("rule: PA Right-to-Know Law, 65 P.S. §67.101 et seq. (verified"),
        "{s:#?}"
    );
    for line in [
        "filed: Wed 2026-11-25 (day 0)",
        "skipped: Thu 2026-11-26 Thanksgiving Day",
        "skipped: Fri 2026-11-27 Day after Thanksgiving",
        "skipped: Sat 2026-11-28 Saturday",
        "skipped: Sun 2026-11-29 Sunday",
        "day 1: Mon 2026-11-30",
        "day 5: Fri 2026-12-04",
        "response due: Fri 2026-12-04",
        "result: response: pending, due Fri 2026-12-04, 4 business days left",
        "flag: none",
    ] {
        assert!(has(line), "missing {line:?} in {s:#?}");
    }
    // A calendar count that ends on a holiday says so and rolls forward.
    let evs = [(K::Extend, "2026-12-10", Some(14), None)];
    let s = steps("CA", &["2026-12-25"], "2026-12-01", &evs, "2026-12-29");
    for line in [
        "day 10: Fri 2026-12-11",
        "extension: 14 calendar days more from Fri 2026-12-11",
        "Fri 2026-12-25 is closed (Christmas Day): roll forward",
        "skipped: Sat 2026-12-26 Saturday",
        "response due: Mon 2026-12-28",
        "result: response: missed, due Mon 2026-12-28: 1 business day (1 calendar) late",
        "flag: overdue",
    ] {
        assert!(s.iter().any(|l| l == line), "missing {line:?} in {s:#?}");
    }
    // Pauses say how many days were left and how long they lasted.
    let evs = [
        (K::Clarify, "2026-12-18", None, None),
        (K::Clarified, "2027-01-04", None, None),
    ];
    let s = steps(
        "US",
        &["2026-12-25", "2027-01-01", "2027-01-18"],
        "2026-12-14",
        &evs,
        "2027-01-05",
    );
    for line in [
        "response clock stops with 16 business days left (tolled)",
        "paused 9 business days (since Fri 2026-12-18)",
        "response resumes: day 0 of the remaining 16 business days",
        "skipped: Mon 2027-01-18 Birthday of Martin Luther King, Jr.",
        "response due: Wed 2027-01-27",
        "paused in all: 9 business days",
    ] {
        assert!(s.iter().any(|l| l == line), "missing {line:?} in {s:#?}");
    }
    // Warnings appear in the derivation too.
    let s = steps(
        "US",
        &[],
        "2026-09-08",
        &[(K::Extend, "2026-10-01", Some(20), None)],
        "2026-10-01",
    );
    assert!(
        s.iter()
            .any(|l| l.starts_with("warning: extension of 20 business days"))
    );
    // An unverified rule carries its caution.
    let s = steps("AL", &[], "2026-09-08", &[], "2026-09-08");
    assert!(s.iter().any(|l| l.starts_with("caution: ")), "{s:#?}");
}

#[test]
fn explain_and_compute_agree() {
    // Every clock's due date in compute() is the last "... due:" line explain() prints for it.
    let evs = [
        (K::Ack, "2026-09-10", None, None),
        (K::Clarify, "2026-09-15", None, None),
        (K::Clarified, "2026-09-22", None, None),
        (K::Extend, "2026-09-25", Some(7), None),
    ];
    for code in ["US", "NY", "CA", "PA", "MD", "TX", "NC", "SC", "WY", "AL"] {
        let dl = run(code, &[], "2026-09-08", &evs, "2026-10-01");
        let s = steps(code, &[], "2026-09-08", &evs, "2026-10-01");
        for c in &dl.clocks {
            let Some(due) = c.due else { continue };
            let prefix = format!("{} due: ", c.kind.label());
            let last = s.iter().rev().find(|l| l.starts_with(&prefix));
            assert_eq!(
                last,
                Some(&format!("{prefix}{}", due.format("%a %Y-%m-%d"))),
                "{code}"
            );
        }
    }
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    fn codes() -> Vec<String> {
        crate::law::table::builtin_rules()
            .into_iter()
            .map(|r| r.code)
            .collect()
    }

    fn date(offset: i64) -> NaiveDate {
        d("2026-01-01") + chrono::Duration::days(offset)
    }

    /// Rule index, filing day, closures, more closures, pause (start, length), extension days,
    /// today: all as day offsets from 2026-01-01 or from the filing.
    type Scenario = (
        usize,
        i64,
        Vec<i64>,
        Vec<i64>,
        Option<(i64, i64)>,
        Option<u32>,
        i64,
    );

    /// A random request: a rule, a filing day, closures, and maybe a pause and an extension.
    fn scenario() -> impl Strategy<Value = Scenario> {
        (
            0..crate::model::JURISDICTIONS.len(),
            0..700i64,
            proptest::collection::vec(0..800i64, 0..25),
            proptest::collection::vec(0..800i64, 0..25),
            proptest::option::of((1..15i64, 0..30i64)),
            proptest::option::of(1..40u32),
            0..200i64,
        )
    }

    fn compute_with(
        code: &str,
        filed: i64,
        closures: &[i64],
        pause: Option<(i64, i64)>,
        extend: Option<u32>,
        today: i64,
    ) -> Deadlines {
        let rule = builtin_rule(code).unwrap();
        let extra = closures
            .iter()
            .map(|o| Holiday {
                date: date(*o),
                name: "closure".into(),
            })
            .collect();
        let calendar = Calendar::new(code, extra);
        let mut evs = Vec::new();
        if let Some((at, len)) = pause {
            evs.push(EventIn {
                id: 1,
                kind: K::Clarify,
                on: date(filed + at),
                days: None,
                until: None,
            });
            evs.push(EventIn {
                id: 2,
                kind: K::Clarified,
                on: date(filed + at + len),
                days: None,
                until: None,
            });
        }
        if let Some(n) = extend {
            let at = filed + pause.map_or(2, |(a, l)| a + l + 1);
            evs.push(EventIn {
                id: 3,
                kind: K::Extend,
                on: date(at),
                days: Some(n),
                until: None,
            });
        }
        compute(&Input {
            rule: &rule,
            calendar: &calendar,
            filed_on: date(filed),
            filed_via: None,
            events: &evs,
            followup_days: None,
            today: date(filed + today),
        })
    }

    proptest! {
        #[test]
        fn more_closures_never_make_a_due_date_earlier(
            (rule, filed, some, more, pause, extend, today) in scenario()
        ) {
            let code = &codes()[rule];
            let mut all = some.clone();
            all.extend(more);
            let a = compute_with(code, filed, &some, pause, extend, today);
            let b = compute_with(code, filed, &all, pause, extend, today);
            for ca in &a.clocks {
                let Some(cb) = b.clock(ca.kind) else { continue };
                if let (Some(da), Some(db)) = (ca.due, cb.due) {
                    prop_assert!(db >= da, "{code} {:?}: {da} then {db}", ca.kind);
                }
            }
        }

        #[test]
        fn a_due_date_is_never_a_weekend_or_closure(
            (rule, filed, closures, _more, pause, extend, today) in scenario()
        ) {
            let code = &codes()[rule];
            let dl = compute_with(code, filed, &closures, pause, extend, today);
            let extra = closures.iter().map(|o| Holiday { date: date(*o), name: "c".into() }).collect();
            let calendar = Calendar::new(code, extra);
            for c in &dl.clocks {
                if let Some(due) = c.due {
                    prop_assert!(calendar.is_business_day(due), "{code} {:?} due {due}", c.kind);
                }
            }
        }
    }
}

/// Counts heap allocations made on this thread, to show that compute() allocates a fixed
/// number of times however many days it counts.
mod allocations {
    use std::alloc::{GlobalAlloc, Layout, System};
    use std::cell::Cell;

    pub struct Counting;

    thread_local! {
        pub static COUNT: Cell<usize> = const { Cell::new(0) };
    }

    unsafe impl GlobalAlloc for Counting {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            let _ = COUNT.try_with(|c| c.set(c.get() + 1));
            unsafe { System.alloc(layout) }
        }
        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            unsafe { System.dealloc(ptr, layout) }
        }
    }

    #[global_allocator]
    static GLOBAL: Counting = Counting;

    pub fn count<T>(f: impl FnOnce() -> T) -> (T, usize) {
        let before = COUNT.with(|c| c.get());
        let out = f();
        (out, COUNT.with(|c| c.get()) - before)
    }
}

#[test]
fn compute_allocates_a_fixed_amount_however_long_the_count() {
    let rule = builtin_rule("US").unwrap();
    let calendar = cal("US", &["2026-10-12", "2026-11-11"]);
    let evs = events(&[
        (K::Clarify, "2026-09-15", None, None),
        (K::Clarified, "2026-09-21", None, None),
    ]);
    let at = |today: &str| {
        let input = Input {
            rule: &rule,
            calendar: &calendar,
            filed_on: d("2026-09-08"),
            filed_via: None,
            events: &evs,
            followup_days: None,
            today: d(today),
        };
        allocations::count(|| compute(&input)).1
    };
    // The calendar works out each year's holidays once per process: warm it up first.
    at("2028-10-14");
    let near = at("2026-10-14");
    let far = at("2028-10-14");
    assert_eq!(near, far, "allocations grow with the days counted");
    // The clocks vector and the citation strings only.
    assert!(near <= 4, "{near} allocations");
}

#[test]
fn compute_is_fast_enough_for_every_listing() {
    // At least 1,000,000 due-date computations a second in release builds. Debug builds only
    // run the loop.
    let rule = builtin_rule("US").unwrap();
    let calendar = cal("US", &["2026-10-12", "2026-11-11", "2026-11-26"]);
    let n = if cfg!(debug_assertions) {
        20_000
    } else {
        1_000_000
    };
    let start = std::time::Instant::now();
    let mut sum = 0i64;
    for i in 0..n {
        let filed = d("2026-09-01") + chrono::Duration::days(i64::from(i % 60));
        let input = Input {
            rule: &rule,
            calendar: &calendar,
            filed_on: filed,
            filed_via: None,
            events: &[],
            followup_days: None,
            today: filed + chrono::Duration::days(25),
        };
        sum += compute(&input).due_on.map_or(0, |d| i64::from(d.ordinal()));
    }
    let elapsed = start.elapsed();
    assert!(sum > 0);
    if !cfg!(debug_assertions) {
        assert!(
            elapsed.as_secs_f64() < 1.0,
            "{n} computations took {elapsed:?}"
        );
    }
}

#[test]
fn election_day_and_other_state_closures_count() {
    // NJ closes on Election Day (Tue 2026-11-03) and Veterans Day: filed Thu 10-29: 30 (1),
    // 11/02 (2), [3], 4, 5, 6 (5), 9, 10 (7) -> Tue 11-10.
    let dl = run(
        "NJ",
        &["2026-11-03", "2026-11-11"],
        "2026-10-29",
        &[],
        "2026-10-29",
    );
    assert_eq!(dl.due_on, Some(d("2026-11-10")));
    // North Carolina's day after Christmas falls on a Saturday and is observed Mon 12-28:
    // filed Fri 12-18, 10 BD: 21, 22, 23 (3), [24, 25, 28], 29, 30, 31 (6), [01-01], 4-7 ->
    // Thu 2027-01-07.
    let nc = ["2026-12-24", "2026-12-25", "2026-12-28", "2027-01-01"];
    let dl = run("NC", &nc, "2026-12-18", &[], "2026-12-18");
    assert_eq!(dl.due_on, Some(d("2027-01-07")));
    // Closures the user adds count like holidays: with a county closure on Mon 09-14, 3 BD
    // from Wed 09-09 are 10, 11, [14], 15 -> Tue 09-15.
    let rule = builtin_rule("KS").unwrap();
    let calendar = Calendar::new(
        "KS",
        vec![Holiday {
            date: d("2026-09-14"),
            name: "County closure".into(),
        }],
    );
    let input = Input {
        rule: &rule,
        calendar: &calendar,
        filed_on: d("2026-09-09"),
        filed_via: None,
        events: &[],
        followup_days: None,
        today: d("2026-09-09"),
    };
    assert_eq!(compute(&input).due_on, Some(d("2026-09-15")));
    let s = explain(&input);
    assert!(
        s.iter()
            .any(|s| s.text == "skipped: Mon 2026-09-14 County closure")
    );
}

// ---------------------------------------------------------------------------------------------
// Receipt, federal regulations, tolling once, open days (the law audit)

fn run_via(
    code: &str,
    filed: &str,
    via: Option<&str>,
    evs: &[Ev],
    today: &str,
) -> (Deadlines, Vec<String>) {
    let rule = builtin_rule(code).unwrap();
    let calendar = cal(code, &[]);
    let evs = events(evs);
    let input = Input {
        rule: &rule,
        calendar: &calendar,
        filed_on: d(filed),
        filed_via: via,
        events: &evs,
        followup_days: None,
        today: d(today),
    };
    let steps = explain(&input).into_iter().map(|s| s.text).collect();
    (compute(&input), steps)
}

#[test]
fn michigan_counts_an_emailed_request_from_the_next_business_day() {
    // MCL 15.235(1): sent by e-mail Fri 2026-09-11, received Mon 09-14 (day 0); 5 BD: 15-18
    // (4), Mon 09-21. By mail the same day: 14-18 -> Fri 09-18.
    let (dl, steps) = run_via("MI", "2026-09-11", Some("email"), &[], "2026-09-11");
    assert_eq!(dl.due_on, Some(d("2026-09-21")));
    assert!(
        steps.iter().any(|s| s
            == "sent by email on Fri 2026-09-11: received for counting 1 business day later, on Mon 2026-09-14 (MCL 15.235(1))"),
        "{steps:#?}"
    );
    let (dl, _) = run_via("MI", "2026-09-11", Some("fax"), &[], "2026-09-11");
    assert_eq!(dl.due_on, Some(d("2026-09-21")));
    let (dl, _) = run_via("MI", "2026-09-11", Some("mail"), &[], "2026-09-11");
    assert_eq!(dl.due_on, Some(d("2026-09-18")));
    // Another state's e-mail is received the day it is sent: NJ, 7 BD from Fri 09-11: 14-18
    // (5), 21, 22 -> Tue 09-22.
    let (dl, _) = run_via("NJ", "2026-09-11", Some("email"), &[], "2026-09-11");
    assert_eq!(dl.due_on, Some(d("2026-09-22")));
}

#[test]
fn a_request_filed_on_a_closed_day_is_always_pointed_out() {
    // Federal: arrives Sat 2026-10-10, logged Tue 10-13 (Mon 10-12 is Columbus Day): 20 working
    // days: 14-16 (3), 19-23 (8), 26-30 (13), 11/02-06 (18), 9, 10 (20) -> Tue 11-10.
    let (dl, steps) = run_via("US", "2026-10-10", Some("email"), &[], "2026-10-10");
    assert_eq!(dl.due_on, Some(d("2026-11-10")));
    assert!(steps.iter().any(|s| s.starts_with(
        "filed on Sat 2026-10-10, a day the office is closed (Saturday): received on the next business day, Tue 2026-10-13"
    )), "{steps:#?}");
    assert!(
        steps
            .iter()
            .any(|s| s == "received: Tue 2026-10-13 (day 0)")
    );
    // New Jersey says nothing of it: the count starts on the Saturday, and explain says so.
    // 7 BD: [10/12 Columbus Day], 13-16 (4), 19-21 (7) -> Wed 10-21.
    let (dl, steps) = run_via("NJ", "2026-10-10", None, &[], "2026-10-10");
    assert_eq!(dl.due_on, Some(d("2026-10-21")));
    assert!(steps.iter().any(|s| s.starts_with(
        "note: filed on Sat 2026-10-10, a day the office is closed (Saturday); the law says nothing of receipt on a closed day"
    )), "{steps:#?}");
    // A filing on a business day says nothing of it.
    let (_, steps) = run_via("NJ", "2026-10-13", None, &[], "2026-10-13");
    assert!(
        !steps
            .iter()
            .any(|s| s.contains("a day the office is closed"))
    );
}

#[test]
fn federal_appeal_windows_follow_the_departments_regulation() {
    // Denied Thu 2026-09-24 on a request filed Tue 09-08.
    let evs = [(K::Deny, "2026-09-24", None, None)];
    // DHS (6 C.F.R. §5.8(a)(1)): 90 working days, worked in partial_answers_appeals_and_endings:
    // Fri 2027-02-05.
    let (dl, _) = run_via("US-DHS", "2026-09-08", None, &evs, "2026-10-01");
    assert_eq!(dl.due_on, Some(d("2027-02-05")));
    // DOJ (28 C.F.R. §16.8(a)): 90 calendar days: 09-24 + 6 = 09-30, + 31 = 10-31, + 30 =
    // 11-30, + 23 = Wed 12-23.
    let (dl, steps) = run_via("US-DOJ", "2026-09-08", None, &evs, "2026-10-01");
    assert_eq!(dl.due_on, Some(d("2026-12-23")));
    assert!(
        steps.iter().any(|s| s.contains("28 C.F.R. §16.8(a)")),
        "{steps:#?}"
    );
    // An agency docket cannot place gets the statute's floor, 90 days, and is told to read
    // its regulation.
    let (dl, _) = run_via("US", "2026-09-08", None, &evs, "2026-10-01");
    assert_eq!(dl.due_on, Some(d("2026-12-23")));
    let us = builtin_rule("US").unwrap();
    assert!(
        us.notes
            .contains("Each federal agency sets its appeal window in its own FOIA regulation")
    );
}

#[test]
fn foia_tolls_once_for_information_and_as_often_as_needed_for_fees() {
    // Filed Tue 2026-09-08 with ICE; due Tue 10-06 (20 working days, worked above).
    // Clarify Tue 09-15 (5 used, 15 left), answered Mon 09-21: 15 WD from 09-21: 22-25 (4),
    // 28-10/02 (9), 5-9 (14), [12], 13 (15) -> Tue 10-13.
    let one = [
        (K::Clarify, "2026-09-15", None, None),
        (K::Clarified, "2026-09-21", None, None),
    ];
    let (dl, _) = run_via("US-DHS", "2026-09-08", None, &one, "2026-09-22");
    assert_eq!(dl.due_on, Some(d("2026-10-13")));
    // A second request for information on Thu 09-24 does not stop the clock: still 10-13.
    let mut two = one.to_vec();
    two.push((K::Clarify, "2026-09-24", None, None));
    let (dl, steps) = run_via("US-DHS", "2026-09-08", None, &two, "2026-09-30");
    assert_eq!((dl.due_on, dl.paused_since), (Some(d("2026-10-13")), None));
    assert!(steps.iter().any(|s| s.starts_with(
        "a second request for information does not stop the clock: the law lets the agency toll it once for information (5 U.S.C. §552(a)(6)(A)(ii)(I))"
    )), "{steps:#?}");
    // A fee question after it still tolls: fee Thu 09-24 (13 WD left to 10-13: 25, 28-10/02,
    // 5-9, 13 = 12... counted by the engine as the days in (09-24, 10-13]: 25 (1), 28-10/02
    // (6), 5-9 (11), 13 (12)), paid Mon 09-28: 12 WD from 09-28: 29, 30, 10/01, 02 (4), 5-9 (9),
    // [12], 13-15 (12) -> Thu 10-15.
    let mut fee = one.to_vec();
    fee.push((K::Fee, "2026-09-24", None, None));
    fee.push((K::Paid, "2026-09-28", None, None));
    let (dl, _) = run_via("US-DHS", "2026-09-08", None, &fee, "2026-09-29");
    assert_eq!(dl.due_on, Some(d("2026-10-15")));
    // A state law without the limit tolls every clarification (Pennsylvania has no such cap
    // in docket's table): NJ tolls both.
    assert!(builtin_rule("NJ").unwrap().clarify_once_cite.is_none());
}

#[test]
fn a_holiday_the_office_works_through_counts_as_a_business_day() {
    // NJ, filed Thu 2026-10-29: 7 BD skipping Election Day 11-03 and Veterans Day 11-11 is
    // Tue 11-10 (worked above). An office open on Election Day: 30 (1), 11/02 (2), 03 (3), 04,
    // 05, 06 (6), 09 (7) -> Mon 11-09.
    let rule = builtin_rule("NJ").unwrap();
    let calendar = Calendar::new("NJ", Vec::new()).with_open_days(vec![d("2026-11-03")]);
    let input = Input {
        rule: &rule,
        calendar: &calendar,
        filed_on: d("2026-10-29"),
        filed_via: None,
        events: &[],
        followup_days: None,
        today: d("2026-10-29"),
    };
    assert_eq!(compute(&input).due_on, Some(d("2026-11-09")));
    assert!(
        explain(&input)
            .iter()
            .any(|s| s.text == "day 3: Tue 2026-11-03 (Election Day: open here, by your setting)")
    );
    assert_eq!(
        calendar.business_days_between(d("2026-10-29"), d("2026-11-09")),
        7
    );
    // A day the user also closes stays closed.
    let both = Calendar::new(
        "NJ",
        vec![Holiday {
            date: d("2026-11-03"),
            name: "County closure".into(),
        }],
    )
    .with_open_days(vec![d("2026-11-03")]);
    assert!(!both.is_business_day(d("2026-11-03")));
}
