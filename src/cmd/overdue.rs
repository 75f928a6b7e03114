//! `docket overdue`: open requests whose deadline or follow-up target has passed, with which
//! clock, how late in business and calendar days, and the law behind it.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;
use serde_json::{Value, json};

use super::{parse_states, resolve_batch};
use crate::app::App;
use crate::app::deadlines::Law;
use crate::app::report::standing;
use crate::app::requests;
use crate::cli::{Format, OverdueArgs};
use crate::render::table::{Column, Listing, date_value};

/// The exit status of `overdue --fail` when something is late.
pub const FOUND: u8 = 3;

pub fn run(app: &mut App, args: OverdueArgs, out: &mut dyn Write) -> Result<ExitCode> {
    let conn = app.db.conn();
    let filter = requests::Filter {
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
    let mut found: Vec<(i64, i64, Vec<Value>, String)> = Vec::new();
    requests::for_each_maybe_late(conn, &filter, today, |row| {
        let s = standing(&row, &mut law, today)?;
        if !s.is_late() {
            return Ok(());
        }
        let flags = s.flags_text().unwrap_or_default();
        let rule = law.rule_of(&row.state, &row.agency_name)?;
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
            json!(
                s.flags
                    .iter()
                    .find(|f| crate::model::LATE_FLAGS.contains(f))
            ),
            json!(s.flags),
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
        found.push((s.business_days_late.unwrap_or(0), r.id, cells, flags));
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
        Column::hidden("flag", "FLAG"),
        Column::fixed("flags", "FLAGS"),
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
        l.push(cells, Some(flag));
    }
    if args.format == Format::Table {
        l.footer = Some(if late == 0 {
            "nothing is overdue".to_string()
        } else {
            // The summary counts the lateness; what else the rows carry is said below.
            let late_only: Vec<Option<String>> = l
                .flags
                .iter()
                .map(|f| {
                    let kept: Vec<&str> = f
                        .iter()
                        .flat_map(|f| f.split(", "))
                        .filter(|x| crate::model::LATE_FLAGS.contains(x))
                        .collect();
                    (!kept.is_empty()).then(|| kept.join(", "))
                })
                .collect();
            let mut f = super::list::footer(&late_only);
            // Explain a word only when a row carries it.
            let has = |w: &str| {
                l.flags
                    .iter()
                    .flatten()
                    .any(|f| f.split(", ").any(|x| x == w))
            };
            if has("follow-up") {
                f.push_str(
                    " (follow-up: the law sets no deadline; the follow-up target has passed)",
                );
            }
            f
        });
    }
    if args.format == Format::Table {
        // What is not late but waits on us: said, so that a fee or a reply is never invisible.
        let (waiting, review) = requests::count_waiting_and_review(conn, &filter)?;
        let mut also = Vec::new();
        if waiting > 0 {
            also.push(format!(
                "{waiting} wait on us (a fee to pay or contest, a question to answer): `docket list --status fee-requested --status clarification-needed`"
            ));
        }
        if review > 0 {
            also.push(format!("{review} have a reply to read: `docket review`"));
        }
        if let (Some(f), false) = (&mut l.footer, also.is_empty()) {
            f.push_str(&format!("\nalso: {}", also.join("; ")));
        }
    }
    out.write_all(l.render(args.format, &app.style).as_bytes())?;
    if args.fail && late > 0 {
        return Ok(ExitCode::from(FOUND));
    }
    Ok(ExitCode::SUCCESS)
}
