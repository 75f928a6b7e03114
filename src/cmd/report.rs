//! `docket stats` and `docket export`: what a newsroom reports, from the cached columns of each
//! request (no event is replayed, so both stay fast at tens of thousands of requests).

use std::io::Write;

use anyhow::{Context, Result};
use chrono::NaiveDate;

use super::say;
use crate::app::App;
use crate::app::deadlines::Law;
use crate::app::report::{Standing, standing, standing_of};
use crate::app::requests::{self, Brief, BriefColumns, ListRow};
use crate::cli::{ExportArgs, ExportFormat, Format, StatsArgs, StatsBy};
use crate::model::Status;
use crate::render::export::{Deadline, ReportRef, ReportRow, Words};
use crate::render::stats::{StatsInput, StatsRow};
use crate::render::table::{Column, Listing};

/// What to do next about a request, in a few words.
pub fn next_action(b: &Brief<'_>, s: &Standing<'_>, law: &mut Law) -> Result<Option<String>> {
    let r = &b.clocks;
    // The late flag, if any, comes before the others: (status, first missed clock).
    let late = s.late_flag();
    let first = if s.has("needs-review") {
        Some("needs-review")
    } else {
        late.or(s.flag)
    };
    Ok(Some(match (r.status, first) {
        (Status::Draft, _) => "file it".to_string(),
        (_, Some("needs-review")) => "read the reply and log what the agency said".to_string(),
        // What waits on us comes before any lateness: a follow-up would blame the agency for
        // our own delay.
        (Status::ClarificationNeeded, _) => "answer the agency's question".to_string(),
        (Status::FeeRequested, _) => "pay, contest or ask to waive the fee".to_string(),
        (_, Some("overdue")) => match s.business_days_late {
            Some(n) => format!("send a follow-up: {n} business days late"),
            None => "send a follow-up".to_string(),
        },
        (_, Some("ack-overdue")) => "send a follow-up: no acknowledgment".to_string(),
        (_, Some("follow-up")) => "send a follow-up".to_string(),
        (_, Some("appeal-deadline")) => match r.due_on {
            Some(d) => format!("appeal by {d}, or accept the answer"),
            None => "consider an appeal".to_string(),
        },
        (Status::Appealed, _) => match r.due_on {
            Some(d) => format!("wait: appeal decision due {d}"),
            None => "wait for the appeal decision".to_string(),
        },
        (Status::Denied | Status::NoRecords | Status::AppealDenied, _) => {
            let rule = law.rule_of(b.state, b.agency_name)?;
            if rule.remedies.is_empty() {
                return Ok(None);
            }
            format!("remedies: {}", rule.remedies)
        }
        (status, _) if status.is_open() => match (r.due_on, r.due_clock) {
            (Some(d), Some("followup")) => format!("wait: follow up on {d}"),
            (Some(d), _) => format!("wait: due {d}"),
            _ => "wait".to_string(),
        },
        _ => return Ok(None),
    }))
}

fn dollars(cents: i64) -> Option<f64> {
    (cents != 0).then(|| cents as f64 / 100.0)
}

/// One export row per request.
/// One export row per request; with its team reference when `team`.
pub fn report_row(row: &ListRow, team: bool, law: &mut Law, today: NaiveDate) -> Result<ReportRow> {
    let b = row.brief();
    let s = standing_of(&b.clocks, b.state, b.agency_id, law, today)?;
    let next = next_action(&b, &s, law)?;
    let team_ref = super::list::team_ref_of(team, &b);
    Ok(report_ref(&b, team_ref.as_deref(), &s, next.as_deref(), law)?.to_row())
}

/// The export row of the request `b` (read with the export's columns), of team reference
/// `team_ref`, standing as `s`, whose next action is `next`, borrowed from them.
fn report_ref<'a>(
    b: &'a Brief<'a>,
    team_ref: Option<&'a str>,
    s: &'a Standing<'a>,
    next: Option<&'a str>,
    law: &'a mut Law,
) -> Result<ReportRef<'a>> {
    let r = &b.clocks;
    let more = b
        .more
        .context("an export reads the request's export columns")?;
    let citation = &law.rule_of(b.state, b.agency_name)?.citation;
    Ok(ReportRef {
        id: b.id,
        uid: more.uid,
        team_ref,
        agency: b.agency_slug,
        agency_name: b.agency_name,
        state: b.state,
        batch: b.batch,
        title: b.title,
        template: more.template,
        status: r.status.as_str(),
        filed_on: b.filed_on,
        due_on: s.flag_due.or(r.due_on),
        due_clock: s.flag_clock.or(r.due_clock),
        flag: s.flag,
        flags: Words::Borrowed(&s.flags),
        days_overdue: s.business_days_late,
        calendar_days_overdue: s.calendar_days_late,
        waiting_since: s.waiting_since,
        paused_business_days: s.paused_business_days,
        tracking_number: b.tracking_number,
        fees_requested: dollars(more.fees_requested_cents),
        fees_paid: dollars(more.fees_paid_cents),
        last_event: more.last_event_kind,
        last_event_on: more.last_event_on,
        answered_on: more.completed_on,
        answered_on_time: more.answered_on_time.or(on_time_late(s)),
        next_action: next,
        citation: Some(citation),
        about: more.about,
    })
}

/// Whether an open request is being answered on time, as far as its lateness tells: not when
/// overdue, unknown otherwise.
fn on_time_late(s: &Standing) -> Option<bool> {
    if s.has("overdue") { Some(false) } else { None }
}

/// Whether the request was (or, while still open and late, is not being) answered by its
/// statutory deadline: one definition for exports and stats.
fn on_time(row: &ListRow, s: &Standing) -> Option<bool> {
    row.request.answered_on_time.or(on_time_late(s))
}

/// The figures stats needs of one request.
fn stats_input(row: &ListRow, group: String, s: &Standing) -> StatsInput {
    let r = &row.request;
    let overdue_now = s.has("overdue") || s.has("ack-overdue");
    let on_time = on_time(row, s);
    StatsInput {
        group,
        status: r.status.as_str().to_string(),
        final_answer: r.final_answer.clone(),
        filed: r.status != Status::Draft,
        first_response_bd: r.first_response_days,
        completion_bd: r.completion_days,
        on_time,
        overdue_now,
        fees_requested_cents: r.fees_requested_cents,
        fees_paid_cents: r.fees_paid_cents,
    }
}

/// What stats needs of one request, grouped `by`.
fn grouped_input(
    row: &ListRow,
    by: StatsBy,
    law: &mut Law,
    today: NaiveDate,
) -> Result<StatsInput> {
    let s = standing(row, law, today)?;
    let group = match by {
        StatsBy::Agency => row.agency_slug.clone(),
        StatsBy::State => row.state.clone(),
        StatsBy::Batch => row
            .batch
            .clone()
            .unwrap_or_else(|| "(no batch)".to_string()),
        StatsBy::Office => row.about.clone().unwrap_or_else(|| row.agency_slug.clone()),
    };
    Ok(stats_input(row, group, &s))
}

/// Per-group statistics of `rows`.
pub fn compute_stats(
    rows: &[ListRow],
    by: StatsBy,
    law: &mut Law,
    today: NaiveDate,
) -> Result<Vec<StatsRow>> {
    let mut inputs = Vec::with_capacity(rows.len());
    for row in rows {
        inputs.push(grouped_input(row, by, law, today)?);
    }
    Ok(crate::render::stats::compute(&inputs))
}

pub fn stats(app: &mut App, args: StatsArgs, out: &mut dyn Write) -> Result<()> {
    let conn = app.db.conn();
    let mut law = Law::new(conn);
    // Only the figures of each request are kept, not the request.
    let mut inputs = Vec::new();
    requests::for_each(conn, &requests::Filter::default(), |row| {
        if let Some(since) = args.since
            && row.request.filed_on.is_none_or(|f| f < since)
        {
            return Ok(());
        }
        inputs.push(grouped_input(&row, args.by, &mut law, app.today)?);
        Ok(())
    })?;
    let stats = crate::render::stats::compute(&inputs);
    drop(inputs);
    match args.format {
        Format::Json => {
            writeln!(out, "{}", serde_json::to_string_pretty(&stats)?)?;
        }
        format => {
            let (headers, cells) = crate::render::stats::stats_table(&stats);
            let keys: Vec<&'static str> = STATS_KEYS.to_vec();
            let mut l = Listing::new(
                headers
                    .iter()
                    .zip(keys)
                    .enumerate()
                    .map(|(i, (h, k))| {
                        if i == 0 {
                            Column::text(k, h)
                        } else {
                            Column::fixed(k, h)
                        }
                    })
                    .collect(),
            );
            for row in cells {
                l.push(row.into_iter().map(serde_json::Value::from).collect(), None);
            }
            if format == Format::Table {
                l.footer = Some(
                    "business days exclude weekends, holidays and days paused while the agency waited on the requester; (n<5): a small group".to_string(),
                );
            }
            out.write_all(l.render(format, &app.style).as_bytes())?;
        }
    }
    Ok(())
}

/// CSV keys of the stats table, in the order of `stats_table`'s headers.
const STATS_KEYS: [&str; 17] = [
    "group",
    "requests",
    "filed",
    "open",
    "completed",
    "partial",
    "denied",
    "no_records",
    "withdrawn",
    "median_first_response",
    "p90_first_response",
    "median_completion",
    "p90_completion",
    "on_time_share",
    "overdue_now",
    "fees_requested",
    "fees_paid",
];

pub fn export(app: &mut App, args: ExportArgs, out: &mut dyn Write) -> Result<()> {
    let conn = app.db.conn();
    let filter = super::request_filter(conn, &args.filter, false)?;
    let mut law = Law::new(conn);
    let today = app.today;
    let team = crate::app::sync::in_team(conn)?;
    if matches!(args.format, ExportFormat::Csv | ExportFormat::Json) {
        // Written as the rows are read: nothing but the current row is kept.
        let format = args.format;
        let overdue = args.filter.overdue;
        let mut write = |w: &mut dyn Write| -> Result<usize> {
            stream_report(conn, &filter, overdue, format, &mut law, today, w)
        };
        match &args.out {
            Some(path) => {
                let n =
                    crate::outfile::write_with(path, args.force, &app.protected(), |w| write(w))?;
                say(app, out, format!("wrote {} ({n} requests)", path.display()))?;
            }
            None => {
                write(out)?;
            }
        }
        return Ok(());
    }
    let mut rows = requests::list(conn, &filter)?;
    if args.filter.overdue {
        let mut kept = Vec::new();
        for row in rows {
            if standing(&row, &mut law, today)?.is_late() {
                kept.push(row);
            }
        }
        rows = kept;
    }
    let title = args
        .title
        .clone()
        .unwrap_or_else(|| "Public records requests".to_string());
    let text = match args.format {
        ExportFormat::Csv => {
            let report = report_rows(&rows, team, &mut law, today)?;
            crate::render::export::to_csv(&report)
        }
        ExportFormat::Json => {
            let report = report_rows(&rows, team, &mut law, today)?;
            crate::render::export::to_json(&report)
        }
        ExportFormat::Markdown => {
            let report = report_rows(&rows, team, &mut law, today)?;
            crate::render::export::to_markdown(&report)
        }
        ExportFormat::Html => {
            let report = report_rows(&rows, team, &mut law, today)?;
            let stats = compute_stats(&rows, StatsBy::State, &mut law, today)?;
            let summary = summary_counts(&report);
            let generated = today.to_string();
            crate::render::html::to_html(&title, &generated, &summary, &stats, &report)
        }
        ExportFormat::Ics => {
            let deadlines = open_deadlines(&rows, &mut law)?;
            match &args.title {
                Some(name) => crate::render::ics::to_ics_named(
                    &deadlines,
                    chrono::Utc::now(),
                    "-//docket//public records deadlines//EN",
                    name,
                ),
                None => crate::render::ics::to_ics(
                    &deadlines,
                    chrono::Utc::now(),
                    "-//docket//public records deadlines//EN",
                ),
            }
        }
    };
    match &args.out {
        Some(path) => {
            crate::outfile::write(path, args.force, &app.protected(), text.as_bytes())?;
            say(
                app,
                out,
                format!("wrote {} ({} requests)", path.display(), rows.len()),
            )?;
        }
        None => out.write_all(text.as_bytes())?,
    }
    Ok(())
}

/// Writes the CSV or JSON export of the requests matching `filter` (only the late ones with
/// `overdue`) to `w`, one row at a time; returns how many.
fn stream_report(
    conn: &rusqlite::Connection,
    filter: &requests::Filter,
    overdue: bool,
    format: ExportFormat,
    law: &mut Law,
    today: NaiveDate,
    w: &mut dyn Write,
) -> Result<usize> {
    let mut csv = (format == ExportFormat::Csv)
        .then(|| crate::render::export::CsvRecords::new(&crate::render::export::report_headers()));
    let team = crate::app::sync::in_team(conn)?;
    let mut n = 0;
    requests::for_each_brief(conn, filter, None, BriefColumns::Export, |b| {
        let s = standing_of(&b.clocks, b.state, b.agency_id, law, today)?;
        if overdue && !s.is_late() {
            return Ok(());
        }
        let next = next_action(b, &s, law)?;
        let team_ref = super::list::team_ref_of(team, b);
        let report = report_ref(b, team_ref.as_deref(), &s, next.as_deref(), law)?;
        match &mut csv {
            Some(csv) => {
                csv.report_row_ref(&report);
                csv.write_some(w)?;
            }
            None => crate::render::export::json_array_item(w, n, &report)?,
        }
        n += 1;
        Ok(())
    })?;
    match &mut csv {
        Some(csv) => csv.write_to(w)?,
        None => crate::render::export::json_array_end(w, n)?,
    }
    Ok(n)
}

fn report_rows(
    rows: &[ListRow],
    team: bool,
    law: &mut Law,
    today: NaiveDate,
) -> Result<Vec<ReportRow>> {
    rows.iter()
        .map(|r| report_row(r, team, law, today))
        .collect()
}

/// Counts for the page's summary: requests, then by flag, then by status.
fn summary_counts(rows: &[ReportRow]) -> Vec<(String, i64)> {
    let mut out: Vec<(String, i64)> = vec![("requests".to_string(), rows.len() as i64)];
    let mut bump = |label: String| match out.iter_mut().find(|(l, _)| *l == label) {
        Some((_, n)) => *n += 1,
        None => out.push((label, 1)),
    };
    for r in rows {
        for f in &r.flags {
            bump(f.clone());
        }
    }
    for r in rows {
        bump(r.status.clone());
    }
    out
}

/// Every open deadline of open requests (the cached clocks), for the calendar.
fn open_deadlines(rows: &[ListRow], law: &mut Law) -> Result<Vec<Deadline>> {
    let mut out = Vec::new();
    for row in rows {
        let r = &row.request;
        if !r.status.is_open() && r.due_clock.as_deref() != Some("appeal-window") {
            continue;
        }
        let rule = law.rule_of(&row.state, &row.agency_name)?.clone();
        for (due, clock) in [
            (r.due_on, r.due_clock.as_deref()),
            (r.ack_due_on, r.ack_clock.as_deref()),
        ] {
            let (Some(due_on), Some(clock)) = (due, clock) else {
                continue;
            };
            let citation = match clock {
                "ack" => rule.ack_cite.clone(),
                "certify" => rule.certify_cite.clone(),
                "response" => rule.response_cite.clone(),
                "appeal-window" | "appeal-decision" => rule.appeal_cite.clone(),
                _ => None,
            }
            .or(Some(rule.citation.clone()));
            out.push(Deadline {
                request_id: r.id,
                request_uid: r.uid.clone(),
                clock: clock.to_string(),
                due_on,
                agency_name: row.agency_name.clone(),
                state: row.state.clone(),
                title: r.title.clone(),
                citation,
                statutory: clock != "followup",
            });
        }
    }
    Ok(out)
}
