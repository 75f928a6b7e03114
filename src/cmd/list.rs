//! `docket list`: requests with their status and standing, filtered.

use std::io::Write;

use anyhow::Result;
use serde_json::{Value, json};

use crate::app::App;
use crate::app::deadlines::Law;
use crate::app::report::{Standing, standing};
use crate::app::requests::{self, ListRow};
use crate::cli::{Format, ListArgs};
use crate::render::table::{Column, ListingWriter, date_value};

/// The columns of a request listing; the JSON keys are stable.
pub fn request_columns() -> Vec<Column> {
    vec![
        Column::fixed("id", "ID"),
        Column::fixed("agency", "AGENCY"),
        Column::hidden("agency_name", "AGENCY NAME"),
        Column::fixed("state", "ST"),
        Column::text("title", "TITLE"),
        Column::fixed("status", "STATUS"),
        Column::fixed("filed_on", "FILED"),
        Column::fixed("due_on", "DUE"),
        Column::hidden("due_clock", "CLOCK"),
        Column::hidden("flag", "FLAG"),
        Column::fixed("flags", "FLAGS"),
        Column::fixed("days_overdue", "LATE"),
        Column::hidden("calendar_days_overdue", "CALENDAR DAYS LATE"),
        Column::hidden("waiting_since", "WAITING ON US SINCE"),
        Column::hidden("paused_business_days", "PAUSED BUSINESS DAYS"),
        Column::hidden("tracking_number", "TRACKING"),
        Column::hidden("batch", "BATCH"),
    ]
}

/// A request's cells for [`request_columns`]. (The row is taken: its strings move into the
/// cells.)
pub fn request_row(row: ListRow, s: &Standing) -> Vec<Value> {
    let r = row.request;
    vec![
        json!(r.id),
        Value::from(row.agency_slug),
        Value::from(row.agency_name),
        Value::from(row.state),
        Value::from(r.title),
        json!(r.status.as_str()),
        date_value(r.filed_on),
        date_value(s.flag_due.or(r.due_on)),
        json!(s.flag_clock.as_deref().or(r.due_clock.as_deref())),
        json!(s.flag),
        json!(s.flags),
        json!(s.business_days_late),
        json!(s.calendar_days_late),
        date_value(s.waiting_since),
        json!(s.paused_business_days),
        Value::from(r.tracking_number),
        Value::from(row.batch),
    ]
}

/// A footer that counts rows by condition: "12 requests: 3 overdue, 1 needs-review". A row
/// with several conditions counts under each.
pub fn footer(flags: &[Option<String>]) -> String {
    let n = flags.len();
    let mut counts: Vec<(String, usize)> = Vec::new();
    for f in flags.iter().flatten().flat_map(|f| f.split(", ")) {
        let f = f.to_string();
        match counts.iter_mut().find(|(k, _)| *k == f) {
            Some((_, c)) => *c += 1,
            None => counts.push((f, 1)),
        }
    }
    counts.sort();
    let noun = if n == 1 { "request" } else { "requests" };
    if counts.is_empty() {
        return format!("{n} {noun}");
    }
    let parts: Vec<String> = counts.iter().map(|(k, c)| format!("{c} {k}")).collect();
    format!("{n} {noun}: {}", parts.join(", "))
}

pub fn run(app: &mut App, args: ListArgs, out: &mut dyn Write) -> Result<()> {
    let conn = app.db.conn();
    let filter = super::request_filter(conn, &args.filter, args.due_within.is_some())?;
    let mut law = Law::new(conn);
    let today = app.today;
    // Rows are read, judged and written one at a time (CSV and JSON keep none of them).
    let mut l = ListingWriter::new(request_columns(), args.format, out);
    requests::for_each(conn, &filter, |row| {
        let s = standing(&row, &mut law, today)?;
        if args.filter.overdue && !s.is_late() {
            return Ok(());
        }
        if let Some(n) = args.due_within {
            let r = &row.request;
            let next = [r.due_on, r.ack_due_on]
                .into_iter()
                .flatten()
                .filter(|d| *d >= today)
                .min();
            let Some(due) = next else { return Ok(()) };
            if crate::app::report::business_days_until(&row, &mut law, today, due)? > i64::from(n) {
                return Ok(());
            }
        }
        let flags = s.flags_text();
        l.push(request_row(row, &s), flags)?;
        Ok(())
    })?;
    let foot = (args.format == Format::Table).then(|| footer(l.flags()));
    l.finish(foot, &app.style)?;
    Ok(())
}
