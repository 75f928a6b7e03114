//! `docket overdue`: open requests whose deadline or follow-up target has passed, with which
//! clock, how late in business and calendar days, and the law behind it.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;
use serde_json::{Value, json};

use super::{parse_states, resolve_batch};
use crate::app::App;
use crate::cli::{Format, OverdueArgs};
use crate::db;
use crate::deadlines::Law;
use crate::render::table::{Column, Listing, date_value};
use crate::report::standing;

/// The exit status of `overdue --fail` when something is late.
pub const FOUND: u8 = 3;

pub fn run(app: &mut App, args: OverdueArgs, out: &mut dyn Write) -> Result<ExitCode> {
    let conn = app.db.conn();
    let filter = db::requests::Filter {
        states: parse_states(&args.state)?,
        batch_id: args
            .batch
            .as_deref()
            .map(|b| resolve_batch(conn, b))
            .transpose()?,
        open_only: true,
        ..Default::default()
    };
    let mut law = Law::new(conn);
    let today = app.today;
    // Only the late requests are kept, as the cells they are shown with.
    let every_column = !matches!(args.format, Format::Table | Format::Markdown);
    let mut found: Vec<(i64, i64, Vec<Value>, &'static str)> = Vec::new();
    db::requests::for_each_maybe_late(conn, &filter, today, |row| {
        let s = standing(&row, &mut law, today)?;
        let Some(flag @ ("overdue" | "ack-overdue" | "follow-up")) = s.flag else {
            return Ok(());
        };
        let rule = law.rule(&row.state)?;
        let cite = match s.flag_clock.as_deref() {
            _ if !every_column => None,
            Some("ack") => rule.ack_cite.clone(),
            Some("certify") => rule.certify_cite.clone(),
            Some("response") => rule.response_cite.clone().or(Some(rule.citation.clone())),
            Some("appeal-decision") => rule.appeal_cite.clone(),
            _ => None,
        };
        // The row is not needed after this: its strings move into the cells. A table or
        // Markdown leaves the hidden columns out, so those cells are not kept for them.
        let r = row.request;
        let hidden = |v: Value| if every_column { v } else { Value::Null };
        let cells = vec![
            json!(r.id),
            Value::from(row.agency_slug),
            hidden(Value::from(row.agency_name)),
            Value::from(row.state),
            json!(s.flag),
            Value::from(s.flag_clock),
            date_value(s.flag_due),
            json!(s.business_days_late),
            json!(s.calendar_days_late),
            Value::from(r.title),
            hidden(json!(r.status.as_str())),
            hidden(Value::from(cite)),
            hidden(Value::from(r.tracking_number)),
            hidden(Value::from(row.batch)),
        ];
        found.push((s.business_days_late.unwrap_or(0), r.id, cells, flag));
        Ok(())
    })?;
    // The latest first: what an editor chases today.
    found.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let late = found.len();
    let mut l = Listing::new(vec![
        Column::fixed("id", "ID"),
        Column::fixed("agency", "AGENCY"),
        Column::hidden("agency_name", "AGENCY NAME"),
        Column::fixed("state", "ST"),
        Column::fixed("flag", "FLAG"),
        Column::fixed("clock", "CLOCK"),
        Column::fixed("due_on", "DUE"),
        Column::fixed("days_overdue", "BUS. DAYS"),
        Column::fixed("calendar_days_overdue", "CAL. DAYS"),
        Column::text("title", "TITLE"),
        Column::hidden("status", "STATUS"),
        Column::hidden("citation", "CITATION"),
        Column::hidden("tracking_number", "TRACKING"),
        Column::hidden("batch", "BATCH"),
    ]);
    for (_, _, cells, flag) in found {
        l.push(cells, Some(flag.to_string()));
    }
    if args.format == Format::Table {
        l.footer = Some(if late == 0 {
            "nothing is overdue".to_string()
        } else {
            let mut f = super::list::footer(&l.flags);
            f.push_str(" (follow-up: the law sets no deadline; the follow-up target has passed)");
            f
        });
    }
    out.write_all(l.render(args.format, &app.style).as_bytes())?;
    if args.fail && late > 0 {
        return Ok(ExitCode::from(FOUND));
    }
    Ok(ExitCode::SUCCESS)
}
