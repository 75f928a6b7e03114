//! What listings show about a request as of "today": its live flag and how late it is, worked
//! out from the cached clocks and the jurisdiction's calendar (no event is read).

use anyhow::Result;
use chrono::NaiveDate;

use crate::app::deadlines::Law;
use crate::db::requests::ListRow;
use crate::model::{Clocks, FlagClock, FlagNames, LATE_FLAGS, flags_of};

/// A listed request with its standing as of today. The clock names are borrowed from the row
/// it was worked out from.
#[derive(Debug, Clone)]
pub struct Standing<'r> {
    /// The first of `flags`: what a row is coloured and sorted by.
    pub flag: Option<&'static str>,
    /// Every condition that holds (see [`crate::model::live_flags`]).
    pub flags: FlagNames,
    /// The date of the clock the first missed-clock flag is about (the due date, or the
    /// acknowledgment's); without one, the main clock's.
    pub flag_due: Option<NaiveDate>,
    /// Which clock that is.
    pub flag_clock: Option<&'r str>,
    /// Business days past that date (for overdue, ack-overdue and follow-up).
    pub business_days_late: Option<i64>,
    pub calendar_days_late: Option<i64>,
    /// The agency waits on us since this day (a fee, a question), and for how many calendar
    /// days.
    pub waiting_since: Option<NaiveDate>,
    pub waiting_days: Option<i64>,
    /// Business days the clock stood still up to today, a pause still open included.
    pub paused_business_days: i64,
}

impl Standing<'_> {
    pub fn has(&self, flag: &str) -> bool {
        self.flags.contains(&flag)
    }

    /// Whether any clock is missed (what `overdue` lists).
    pub fn is_late(&self) -> bool {
        self.flags.iter().any(|f| LATE_FLAGS.contains(f))
    }

    /// The first missed-clock flag, if any.
    pub fn late_flag(&self) -> Option<&'static str> {
        self.flags.iter().copied().find(|f| LATE_FLAGS.contains(f))
    }

    /// The flags as one cell: "overdue, needs-review".
    pub fn flags_text(&self) -> Option<String> {
        (!self.flags.is_empty()).then(|| self.flags.join(", "))
    }
}

/// The standing of `row` as of `today`.
pub fn standing<'r>(row: &'r ListRow, law: &mut Law, today: NaiveDate) -> Result<Standing<'r>> {
    standing_of(
        &row.request.clocks(),
        &row.state,
        row.request.agency_id,
        law,
        today,
    )
}

/// The standing as of `today` of a request with these clocks, sent to agency `agency_id` of
/// `state` (whose calendar counts the business days).
pub fn standing_of<'r>(
    r: &Clocks<'r>,
    state: &str,
    agency_id: i64,
    law: &mut Law,
    today: NaiveDate,
) -> Result<Standing<'r>> {
    let flagged = flags_of(r, today);
    let late = flagged.iter().find(|(f, _)| LATE_FLAGS.contains(f));
    // The clock the lateness speaks of; without one, the main clock.
    let (due, clock) = match late.map(|f| f.1) {
        Some(FlagClock::Ack) => (r.ack_due_on, r.ack_clock),
        _ => (r.due_on, r.due_clock),
    };
    let mut s = Standing {
        flag: flagged.first().map(|f| f.0),
        flags: flagged.names(),
        flag_due: due,
        flag_clock: clock,
        business_days_late: None,
        calendar_days_late: None,
        waiting_since: r.waiting_since,
        waiting_days: r.waiting_since.map(|w| (today - w).num_days().max(0)),
        paused_business_days: r.paused_days,
    };
    let open_pause = r.paused_since.filter(|p| *p < today);
    if (late.is_some() && due.is_some()) || open_pause.is_some() {
        let cal = law.calendar(state, Some(agency_id))?;
        if let (Some(_), Some(d)) = (late, due) {
            s.business_days_late = Some(cal.business_days_between(d, today));
            s.calendar_days_late = Some((today - d).num_days());
        }
        if let Some(p) = open_pause {
            s.paused_business_days += cal.business_days_between(p, today).max(0);
        }
    }
    Ok(s)
}

/// Business days from `today` until `due` in the calendar of agency `agency_id` of `state` (0
/// when due today).
pub fn business_days_until(
    state: &str,
    agency_id: i64,
    law: &mut Law,
    today: NaiveDate,
    due: NaiveDate,
) -> Result<i64> {
    let cal = law.calendar(state, Some(agency_id))?;
    Ok(cal.business_days_between(today, due))
}
