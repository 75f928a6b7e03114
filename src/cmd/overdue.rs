//! `docket overdue`: open requests whose deadline or follow-up target has passed, with which
//! clock, how late in business and calendar days, and the law behind it.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;

use super::{parse_states, resolve_batch};
use crate::app::App;
use crate::app::deadlines::Law;
use crate::app::report::standing_of;
use crate::app::requests::{self, BriefColumns};
use crate::cli::{Format, OverdueArgs};
use crate::render::table::{CellRef, Column, ListingWriter};

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
    let every_column = !matches!(args.format, Format::Table | Format::Markdown);
    // The late requests are kept (as the text of their cells, or their CSV or JSON) to be
    // written latest first: what an editor chases today.
    let team = crate::app::sync::in_team(conn)?;
    let mut l = ListingWriter::reordered(
        vec![
            Column::fixed("id", "ID"),
            super::list::team_ref_column(team),
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
        ],
        args.format,
        out,
    );
    // Business days late and id of each row kept, in the order they came.
    let mut keys: Vec<(i64, i64)> = Vec::new();
    // In a team each row's uid is read too, for its team reference.
    let columns = if team {
        BriefColumns::Export
    } else {
        BriefColumns::Listing
    };
    requests::for_each_brief(conn, &filter, Some(today), columns, |b| {
        let s = standing_of(&b.clocks, b.state, b.agency_id, &mut law, today)?;
        if !s.is_late() {
            return Ok(());
        }
        let team_ref = super::list::team_ref_of(team, b);
        let rule = law.rule_of(b.state, b.agency_name)?;
        let cite = match s.flag_clock {
            _ if !every_column => None,
            Some("ack") => rule.ack_cite.as_deref(),
            Some("certify") => rule.certify_cite.as_deref(),
            Some("response") => rule.response_cite.as_deref().or(Some(&rule.citation)),
            Some("appeal-decision") => rule.appeal_cite.as_deref(),
            _ => None,
        };
        let cells = [
            CellRef::Int(b.id),
            CellRef::text(team_ref.as_deref()),
            CellRef::Text(b.agency_slug),
            CellRef::Text(b.agency_name),
            CellRef::Text(b.state),
            CellRef::text(s.late_flag()),
            CellRef::Words(&s.flags),
            CellRef::text(s.flag_clock),
            CellRef::date(s.flag_due),
            CellRef::int(s.business_days_late),
            CellRef::int(s.calendar_days_late),
            CellRef::Text(b.title),
            CellRef::Text(b.clocks.status.as_str()),
            CellRef::text(cite),
            CellRef::text(b.tracking_number),
            CellRef::text(b.batch),
        ];
        l.push_cells(&cells, &s.flags)?;
        keys.push((s.business_days_late.unwrap_or(0), b.id));
        Ok(())
    })?;
    // The latest first, then by id.
    let mut order: Vec<usize> = (0..keys.len()).collect();
    order.sort_unstable_by(|&a, &b| keys[b].0.cmp(&keys[a].0).then(keys[a].1.cmp(&keys[b].1)));
    let late = keys.len();
    let mut footer = None;
    if args.format == Format::Table {
        let mut f = if late == 0 {
            "nothing is overdue".to_string()
        } else {
            // The summary counts the lateness; what else the rows carry is said below.
            let late_only: Vec<(String, usize)> = l
                .flag_counts()
                .filter_map(|(f, n)| {
                    let kept: Vec<&str> = f
                        .split(", ")
                        .filter(|x| crate::model::LATE_FLAGS.contains(x))
                        .collect();
                    (!kept.is_empty()).then(|| (kept.join(", "), n))
                })
                .collect();
            let mut f = super::list::footer(late, late_only.iter().map(|(f, n)| (f.as_str(), *n)));
            // Explain a word only when a row carries it.
            let has = |w: &str| l.flag_counts().any(|(f, _)| f.split(", ").any(|x| x == w));
            if has("follow-up") {
                f.push_str(
                    " (follow-up: the law sets no deadline; the follow-up target has passed)",
                );
            }
            f
        };
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
        if !also.is_empty() {
            f.push_str(&format!("\nalso: {}", also.join("; ")));
        }
        footer = Some(f);
    }
    l.finish_in_order(&order, footer, &app.style)?;
    if args.fail && late > 0 {
        return Ok(ExitCode::from(FOUND));
    }
    Ok(ExitCode::SUCCESS)
}
