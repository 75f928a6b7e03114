//! `docket overdue`: open requests whose deadline or follow-up target has passed, with which
//! clock, how late in business and calendar days, and the law behind it.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;
use serde_json::json;

use super::{parse_states, resolve_batch};
use crate::app::App;
use crate::cli::{Format, OverdueArgs};
use crate::db;
use crate::deadlines::Law;
use crate::render::table::{Column, Listing};
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
    let rows = db::requests::list(conn, &filter)?;
    let mut law = Law::new(conn);
    let today = app.today;
    let mut found: Vec<(i64, crate::report::Standing, &db::requests::ListRow)> = Vec::new();
    for row in &rows {
        let s = standing(row, &mut law, today)?;
        if matches!(s.flag, Some("overdue" | "ack-overdue" | "follow-up")) {
            found.push((s.business_days_late.unwrap_or(0), s, row));
        }
    }
    // The latest first: what an editor chases today.
    found.sort_by(|a, b| b.0.cmp(&a.0).then(a.2.request.id.cmp(&b.2.request.id)));
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
    for (_, s, row) in &found {
        let rule = law.rule(&row.state)?;
        let cite = match s.flag_clock.as_deref() {
            Some("ack") => rule.ack_cite.clone(),
            Some("certify") => rule.certify_cite.clone(),
            Some("response") => rule.response_cite.clone().or(Some(rule.citation.clone())),
            Some("appeal-decision") => rule.appeal_cite.clone(),
            _ => None,
        };
        let r = &row.request;
        l.push(
            vec![
                json!(r.id),
                json!(row.agency_slug),
                json!(row.agency_name),
                json!(row.state),
                json!(s.flag),
                json!(s.flag_clock),
                json!(s.flag_due),
                json!(s.business_days_late),
                json!(s.calendar_days_late),
                json!(r.title),
                json!(r.status.as_str()),
                json!(cite),
                json!(r.tracking_number),
                json!(row.batch),
            ],
            s.flag.map(str::to_string),
        );
    }
    if args.format == Format::Table {
        l.footer = Some(if found.is_empty() {
            "nothing is overdue".to_string()
        } else {
            let mut f = super::list::footer(&l.flags);
            f.push_str(" (follow-up: the law sets no deadline; the follow-up target has passed)");
            f
        });
    }
    out.write_all(l.render(args.format, &app.style).as_bytes())?;
    if args.fail && !found.is_empty() {
        return Ok(ExitCode::from(FOUND));
    }
    Ok(ExitCode::SUCCESS)
}
