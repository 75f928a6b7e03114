//! `docket list`: requests with their status and standing, filtered.

use std::io::Write;

use anyhow::Result;

use crate::app::App;
use crate::app::deadlines::Law;
use crate::app::report::{Standing, business_days_until, standing_of};
use crate::app::requests::{self, Brief, BriefColumns};
use crate::cli::{Format, ListArgs};
use crate::render::table::{CellRef, Column, ListingWriter};

/// The columns of a request listing; the JSON keys are stable. In a team the table shows each
/// request's team reference beside its number (the number is this laptop's own); outside a
/// team the key is there, empty.
pub fn request_columns(team: bool) -> Vec<Column> {
    vec![
        Column::fixed("id", "ID"),
        team_ref_column(team),
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

/// The column of a request's team reference: in the table when the database is in a team.
pub fn team_ref_column(team: bool) -> Column {
    if team {
        Column::fixed("team_ref", "REF")
    } else {
        Column::hidden("team_ref", "REF")
    }
}

/// A request's cells for [`request_columns`], lent by its row, its team reference and its
/// standing.
pub fn request_cells<'a>(
    b: &'a Brief<'a>,
    team_ref: Option<&'a str>,
    s: &'a Standing<'a>,
) -> [CellRef<'a>; 18] {
    let r = &b.clocks;
    [
        CellRef::Int(b.id),
        CellRef::text(team_ref),
        CellRef::Text(b.agency_slug),
        CellRef::Text(b.agency_name),
        CellRef::Text(b.state),
        CellRef::Text(b.title),
        CellRef::Text(r.status.as_str()),
        CellRef::date(b.filed_on),
        CellRef::date(s.flag_due.or(r.due_on)),
        CellRef::text(s.flag_clock.or(r.due_clock)),
        CellRef::text(s.flag),
        CellRef::Words(&s.flags),
        CellRef::int(s.business_days_late),
        CellRef::int(s.calendar_days_late),
        CellRef::date(s.waiting_since),
        CellRef::Int(s.paused_business_days),
        CellRef::text(b.tracking_number),
        CellRef::text(b.batch),
    ]
}

/// The team reference of the request `b` was read for, in a team (`b` read with its uid:
/// [`BriefColumns::Export`]).
pub fn team_ref_of(team: bool, b: &Brief<'_>) -> Option<String> {
    team.then(|| b.more.map(|m| crate::app::sync::team_ref(m.uid)))
        .flatten()
}

/// A footer that counts rows by condition: "12 requests: 3 overdue, 1 needs-review". `flags`
/// are the distinct flags of the `rows` rows ("overdue, needs-review"), each with how many
/// rows carry it; a row with several conditions counts under each.
pub fn footer<'a>(rows: usize, flags: impl IntoIterator<Item = (&'a str, usize)>) -> String {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for (text, n) in flags {
        for f in text.split(", ") {
            match counts.iter_mut().find(|(k, _)| k == f) {
                Some((_, c)) => *c += n,
                None => counts.push((f.to_string(), n)),
            }
        }
    }
    counts.sort();
    let noun = if rows == 1 { "request" } else { "requests" };
    if counts.is_empty() {
        return format!("{rows} {noun}");
    }
    let parts: Vec<String> = counts.iter().map(|(k, c)| format!("{c} {k}")).collect();
    format!("{rows} {noun}: {}", parts.join(", "))
}

pub fn run(app: &mut App, args: ListArgs, out: &mut dyn Write) -> Result<()> {
    let conn = app.db.conn();
    let filter = super::request_filter(conn, &args.filter, args.due_within.is_some())?;
    let mut law = Law::new(conn);
    let today = app.today;
    // Rows are read, judged and written one at a time (CSV and JSON keep none of them; a table
    // keeps the text of its cells).
    let team = crate::app::sync::in_team(conn)?;
    let mut l = ListingWriter::new(request_columns(team), args.format, out);
    // A table (or Markdown) leaves out the agency's full name, the tracking number and the
    // batch: they are not read for it. A team reference is made from the request's uid.
    let columns = match args.format {
        _ if team => BriefColumns::Export,
        Format::Table | Format::Markdown => BriefColumns::Table,
        Format::Csv | Format::Json => BriefColumns::Listing,
    };
    requests::for_each_brief(conn, &filter, None, columns, |b| {
        let s = standing_of(&b.clocks, b.state, b.agency_id, &mut law, today)?;
        if args.filter.overdue && !s.is_late() {
            return Ok(());
        }
        if let Some(n) = args.due_within {
            let r = &b.clocks;
            let next = [r.due_on, r.ack_due_on]
                .into_iter()
                .flatten()
                .filter(|d| *d >= today)
                .min();
            let Some(due) = next else { return Ok(()) };
            if business_days_until(b.state, b.agency_id, &mut law, today, due)? > i64::from(n) {
                return Ok(());
            }
        }
        let team_ref = team_ref_of(team, b);
        l.push_cells(&request_cells(b, team_ref.as_deref(), &s), &s.flags)?;
        Ok(())
    })?;
    let foot = (args.format == Format::Table).then(|| footer(l.rows(), l.flag_counts()));
    l.finish(foot, &app.style)?;
    Ok(())
}
