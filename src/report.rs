//! What listings show about a request as of "today": its live flag and how late it is, worked
//! out from the cached clocks and the jurisdiction's calendar (no event is read).

use anyhow::Result;
use chrono::NaiveDate;

use crate::db::requests::ListRow;
use crate::deadlines::Law;
use crate::model::{FlagClock, live_flag};

/// A listed request with its standing as of today.
#[derive(Debug, Clone)]
pub struct Standing {
    pub flag: Option<&'static str>,
    /// The date of the clock the flag is about (the due date, or the acknowledgment's).
    pub flag_due: Option<NaiveDate>,
    /// Which clock that is.
    pub flag_clock: Option<String>,
    /// Business days past that date (for overdue, ack-overdue and follow-up).
    pub business_days_late: Option<i64>,
    pub calendar_days_late: Option<i64>,
}

/// The standing of `row` as of `today`.
pub fn standing(row: &ListRow, law: &mut Law, today: NaiveDate) -> Result<Standing> {
    let r = &row.request;
    let flagged = live_flag(
        r.due_on,
        r.due_clock.as_deref(),
        r.ack_due_on,
        r.ack_clock.as_deref(),
        r.needs_review,
        today,
    );
    let flag = flagged.map(|f| f.0);
    // The clock the flag speaks of; without a flag, the main clock.
    let (due, clock) = match flagged.map(|f| f.1) {
        Some(FlagClock::Ack) => (r.ack_due_on, r.ack_clock.clone()),
        _ => (r.due_on, r.due_clock.clone()),
    };
    let mut s = Standing {
        flag,
        flag_due: due,
        flag_clock: clock,
        business_days_late: None,
        calendar_days_late: None,
    };
    if matches!(flag, Some("overdue" | "ack-overdue" | "follow-up"))
        && let Some(d) = due
    {
        let cal = law.calendar(&row.state, Some(r.agency_id))?;
        s.business_days_late = Some(cal.business_days_between(d, today));
        s.calendar_days_late = Some((today - d).num_days());
    }
    Ok(s)
}

/// Business days from `today` until `due` in the agency's calendar (0 when due today).
pub fn business_days_until(
    row: &ListRow,
    law: &mut Law,
    today: NaiveDate,
    due: NaiveDate,
) -> Result<i64> {
    let cal = law.calendar(&row.state, Some(row.request.agency_id))?;
    Ok(cal.business_days_between(today, due))
}
