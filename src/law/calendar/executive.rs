//! Days the President closed the federal government by executive order: dated facts, not
//! rules, counted as federal closures.

use chrono::{Datelike, NaiveDate};

/// Full days the President closed the executive departments and agencies by executive order:
/// dated facts, not rules. Half-day closures (2002-12-24, E.O. 13281; 2009-12-24, E.O. 13523;
/// 2015-12-24, E.O. 13713) leave the day a working day and are not listed. The orders of 2012,
/// 2014, 2018, 2019 and 2025-01-09 were read in the Federal Register; the others' numbers and
/// dates come from OPM notices and news reports of the order, checked against the holidays
/// library's list.
pub(super) const EXECUTIVE_CLOSURES: &[(i32, u32, u32, &str, &str)] = &[
    (2001, 12, 24, "Christmas Eve", "E.O. 13238"),
    (2003, 12, 26, "Day after Christmas", "E.O. 13320"),
    (
        2004,
        6,
        11,
        "National Day of Mourning for Ronald Reagan",
        "E.O. 13343",
    ),
    (
        2007,
        1,
        2,
        "National Day of Mourning for Gerald R. Ford",
        "E.O. 13421",
    ),
    (2007, 12, 24, "Christmas Eve", "E.O. 13453"),
    (2008, 12, 26, "Day after Christmas", "E.O. 13482"),
    (2012, 12, 24, "Christmas Eve", "E.O. 13633, 77 FR 76339"),
    (
        2014,
        12,
        26,
        "Day after Christmas",
        "E.O. 13682, 79 FR 73459",
    ),
    (
        2018,
        12,
        5,
        "National Day of Mourning for George H. W. Bush",
        "E.O. 13852, 83 FR 62687",
    ),
    (2018, 12, 24, "Christmas Eve", "E.O. 13854, 83 FR 65481"),
    (2019, 12, 24, "Christmas Eve", "E.O. 13900, 84 FR 69983"),
    (2020, 12, 24, "Christmas Eve", "E.O. 13965"),
    (2024, 12, 24, "Christmas Eve", "E.O. 14129"),
    (
        2025,
        1,
        9,
        "National Day of Mourning for Jimmy Carter",
        "E.O. 14133, 90 FR 187",
    ),
    (2025, 12, 24, "Christmas Eve", "E.O. 14371"),
    (2025, 12, 26, "Day after Christmas", "E.O. 14371"),
];

/// The executive order that closed federal offices on `d`, if one did.
pub fn executive_closure(d: NaiveDate) -> Option<&'static str> {
    EXECUTIVE_CLOSURES
        .iter()
        .find(|(y, m, day, _, _)| d.year() == *y && d.month() == *m && d.day() == *day)
        .map(|(_, _, _, _, order)| *order)
}
