//! `docket show ID`: one request with its agency, its rule, every clock, and its whole history.

use std::io::Write;

use anyhow::Result;
use serde_json::{Value, json};

use crate::app::App;
use crate::app::deadlines::Law;
use crate::app::tracker::counted;
use crate::app::{agencies, requests};
use crate::cli::{Format, ShowArgs};
use crate::law::{Clock, ClockState};
use crate::model::{Event, EventKind};
use crate::render::table::{Column, Listing};

/// Who logged what, in a team: member uid -> name; and which events are conflicts.
struct Team {
    names: std::collections::HashMap<String, String>,
    on: bool,
    conflicts: Vec<String>,
}

impl Team {
    fn by(&self, e: &Event) -> Option<String> {
        e.recorded_by
            .as_ref()
            .map(|u| self.names.get(u).cloned().unwrap_or_else(|| u.clone()))
    }
    fn conflict(&self, e: &Event) -> bool {
        self.conflicts.contains(&e.uid)
    }
}

fn event_json(e: &Event, voided_by: Option<i64>, team: &Team) -> Value {
    json!({
        "recorded_by": team.by(e),
        "conflict": team.conflict(e),
        "id": e.id,
        "kind": e.kind.as_str(),
        "on": e.on,
        "note": e.note,
        "amount": e.amount_cents.map(|c| c as f64 / 100.0),
        "days": e.days,
        "until": e.until,
        "voids": e.voids,
        "voided_by": voided_by,
        "via": e.via,
        "tracking_number": e.tracking,
        "recorded_at": e.recorded_at,
    })
}

fn clock_json(c: &Clock) -> Value {
    json!({
        "clock": c.kind.as_str(),
        "due_on": c.due,
        "state": c.state.as_str(),
        "met_on": c.met_on,
        "business_days_late": c.business_days_late,
        "calendar_days_late": c.calendar_days_late,
        "business_days_left": c.business_days_left,
        "statutory": c.statutory,
        "cite": c.cite,
    })
}

/// "pending: due 2026-12-01, 3 business days left", "missed: due 2026-11-20, 4 business days late".
pub fn clock_text(c: &Clock) -> String {
    let due = c
        .due
        .map(|d| format!("due {d}"))
        .unwrap_or_else(|| "clock paused".to_string());
    let mut s = format!("{}: {due}", c.state.as_str());
    match c.state {
        ClockState::Pending => {
            if let Some(n) = c.business_days_left {
                s.push_str(&format!(
                    ", {n} business day{} left",
                    if n == 1 { "" } else { "s" }
                ));
            }
        }
        ClockState::Missed => {
            if let (Some(b), Some(cd)) = (c.business_days_late, c.calendar_days_late) {
                s.push_str(&format!(", {b} business days ({cd} calendar days) late"));
            }
        }
        ClockState::Met => {
            if let Some(m) = c.met_on {
                s.push_str(&format!(", met {m}"));
            }
        }
        ClockState::Late => {
            if let Some(m) = c.met_on {
                s.push_str(&format!(", answered {m}"));
            }
            if let (Some(b), Some(cd)) = (c.business_days_late, c.calendar_days_late) {
                s.push_str(&format!(", {b} business days ({cd} calendar days) late"));
            }
        }
        _ => {}
    }
    if let Some(cite) = &c.cite {
        s.push_str(&format!(" [{cite}]"));
    }
    s
}

pub fn run(app: &mut App, args: ShowArgs, out: &mut dyn Write) -> Result<()> {
    let conn = app.db.conn();
    let r = requests::get(conn, args.id)?;
    let agency = agencies::get_by_id(conn, r.agency_id)?;
    let history = requests::events(conn, r.id)?;
    let docs = requests::documents_of(conn, r.id)?;
    let batch = match r.batch_id {
        Some(b) => requests::batch_name(conn, b)?,
        None => None,
    };
    let mut law = Law::new(conn);
    let rule = law.rule_of(&agency.state, &agency.name)?.clone();
    let events = counted(&history);
    let deadlines = match r.filed_on {
        Some(filed) if events.iter().any(|e| e.kind == EventKind::Filed) => {
            Some(law.deadlines(&r, filed, &events, app.today)?)
        }
        _ => None,
    };
    let about = requests::subject_of(conn, r.id)?
        .map(|id| agencies::get_by_id(conn, id))
        .transpose()?;
    let voided_by = |id: i64| history.iter().find(|e| e.voids == Some(id)).map(|e| e.id);
    let team_ref = crate::app::sync::team_ref_of(conn, &r.uid)?;
    let names = crate::app::sync::member_names(conn)?;
    // In a team, or where the history says who (a database that left one).
    let on = team_ref.is_some()
        || history.iter().any(|e| {
            e.recorded_by
                .as_ref()
                .is_some_and(|u| names.contains_key(u))
        });
    let team = Team {
        names,
        on,
        conflicts: r.conflicts.clone(),
    };
    let row = requests::ListRow {
        request: r.clone(),
        agency_slug: agency.slug.clone(),
        agency_name: agency.name.clone(),
        state: agency.state.clone(),
        batch: batch.clone(),
        about: about.as_ref().map(|a| a.slug.clone()),
    };
    let standing = crate::app::report::standing(&row, &mut law, app.today)?;
    match args.format {
        Format::Json => {
            let v = json!({
                "id": r.id,
                "uid": r.uid,
                "team_ref": team_ref,
                "conflicts": history.iter().filter(|e| team.conflict(e)).map(|e| e.id).collect::<Vec<_>>(),
                "agency": agency.slug,
                "agency_name": agency.name,
                "state": agency.state,
                "title": r.title,
                "template": r.template,
                "status": r.status.as_str(),
                "filed_on": r.filed_on,
                "filed_via": r.filed_via,
                "due_on": standing.flag_due.or(r.due_on),
                "due_clock": standing.flag_clock.or(r.due_clock.as_deref()),
                "flag": standing.flag,
                "flags": standing.flags,
                "waiting_since": standing.waiting_since,
                "days_overdue": standing.business_days_late,
                "calendar_days_overdue": standing.calendar_days_late,
                "tracking_number": r.tracking_number,
                "batch": batch,
                "about": about.as_ref().map(|a| json!({"slug": a.slug, "name": a.name, "state": a.state})),
                "paused_business_days": standing.paused_business_days,
                "vars": r.vars,
                "rule": {
                    "code": rule.code,
                    "law": rule.law,
                    "citation": rule.citation,
                    "response": rule.response_text,
                    "verified": rule.verified,
                },
                "deadlines": deadlines.as_ref().map(|d| d.clocks.iter().map(clock_json).collect::<Vec<_>>()).unwrap_or_default(),
                "warnings": deadlines.as_ref().map(|d| d.warnings.clone()).unwrap_or_default(),
                "events": history.iter().map(|e| event_json(e, voided_by(e.id), &team)).collect::<Vec<_>>(),
                "documents": docs.iter().map(|d| json!({"id": d.id, "name": d.name, "bytes": d.bytes, "content_type": d.content_type, "sha256": d.sha256, "event": d.event_id})).collect::<Vec<_>>(),
            });
            writeln!(out, "{}", serde_json::to_string_pretty(&v)?)?;
        }
        Format::Table => {
            match &team_ref {
                Some(t) => writeln!(out, "Request {} (team {t}): {}", r.id, r.title)?,
                None => writeln!(out, "Request {}: {}", r.id, r.title)?,
            }
            writeln!(
                out,
                "  agency     {} ({}), {}",
                agency.name, agency.slug, agency.state
            )?;
            if let Some(a) = &about {
                writeln!(out, "  about      {} ({}), {}", a.name, a.slug, a.state)?;
            }
            writeln!(out, "  status     {}", r.status)?;
            if let Some(f) = r.filed_on {
                let via = r
                    .filed_via
                    .as_deref()
                    .map(|v| format!(" by {v}"))
                    .unwrap_or_default();
                writeln!(out, "  filed      {f}{via}")?;
            }
            if let Some(t) = &r.tracking_number {
                writeln!(out, "  tracking   {t}")?;
            }
            if let Some(b) = &batch {
                writeln!(out, "  batch      {b}")?;
            }
            if let Some(f) = standing.flags_text() {
                writeln!(out, "  flags      {f}")?;
            }
            let clashing: Vec<String> = history
                .iter()
                .filter(|e| team.conflict(e))
                .map(|e| format!("event {} ({} on {})", e.id, e.kind, e.on))
                .collect();
            if !clashing.is_empty() {
                writeln!(
                    out,
                    "  conflict   {} cannot stand after what came before (two members logged them before their laptops synced, or logged the same thing twice): it does not count until one of them is voided with `docket log {} void --event N` (event numbers are this laptop's own)",
                    clashing.join(", "),
                    r.id
                )?;
            }
            if let (Some(since), Some(n)) = (standing.waiting_since, standing.waiting_days) {
                let what = if r.status == crate::model::Status::FeeRequested {
                    "a fee to pay, contest or ask to waive"
                } else {
                    "an answer to its question"
                };
                writeln!(
                    out,
                    "  waiting    on us since {since} ({n} calendar days): {what}"
                )?;
            }
            let verified = if rule.verified {
                ""
            } else {
                " (UNVERIFIED: check before relying on it)"
            };
            writeln!(
                out,
                "  law        {}, {}{verified}",
                rule.law, rule.citation
            )?;
            writeln!(out, "  deadline   {}", rule.response_text)?;
            if let Some(d) = &deadlines {
                for c in &d.clocks {
                    writeln!(out, "  {:<10} {}", c.kind.as_str(), clock_text(c))?;
                }
                if standing.paused_business_days > 0 {
                    writeln!(
                        out,
                        "  paused     {} business days while the agency waited on the requester",
                        standing.paused_business_days
                    )?;
                }
                for w in &d.warnings {
                    writeln!(out, "  warning    {w}")?;
                }
            }
            writeln!(out)?;
            out.write_all(
                history_listing(&history, &voided_by, &team)
                    .render(Format::Table, &app.style)
                    .as_bytes(),
            )?;
            if !docs.is_empty() {
                writeln!(out)?;
                writeln!(out, "Documents:")?;
                for d in &docs {
                    writeln!(
                        out,
                        "  doc {}  {}  ({} bytes{})",
                        d.id,
                        d.name,
                        d.bytes,
                        d.content_type
                            .as_deref()
                            .map(|t| format!(", {t}"))
                            .unwrap_or_default()
                    )?;
                }
            }
        }
        format => {
            out.write_all(
                history_listing(&history, &voided_by, &team)
                    .render(format, &app.style)
                    .as_bytes(),
            )?;
        }
    }
    Ok(())
}

fn history_listing(
    history: &[Event],
    voided_by: &dyn Fn(i64) -> Option<i64>,
    team: &Team,
) -> Listing {
    let mut columns = vec![
        Column::fixed("id", "EVENT"),
        Column::fixed("on", "ON"),
        Column::fixed("kind", "KIND"),
        Column::fixed("amount", "AMOUNT"),
        Column::text("detail", "DETAIL"),
    ];
    if team.on {
        columns.push(Column::fixed("recorded_by", "BY"));
    }
    let mut l = Listing::new(columns);
    for e in history {
        let mut detail: Vec<String> = Vec::new();
        if let Some(d) = e.days {
            detail.push(format!("{d} days"));
        }
        if let Some(u) = e.until {
            detail.push(format!("until {u}"));
        }
        if let Some(v) = e.voids {
            detail.push(format!("voids event {v}"));
        }
        if let Some(v) = &e.via {
            detail.push(format!("via {v}"));
        }
        if let Some(t) = &e.tracking {
            detail.push(format!("tracking {t}"));
        }
        if let Some(n) = &e.note {
            detail.push(n.replace('\n', " "));
        }
        if let Some(by) = voided_by(e.id) {
            detail.push(format!("(voided by event {by})"));
        }
        if team.conflict(e) {
            detail.push("(conflict: not counted)".to_string());
        }
        let mut cells = vec![
            json!(e.id),
            json!(e.on),
            json!(e.kind.as_str()),
            json!(e.amount_cents.map(crate::dates::dollars)),
            json!(detail.join("; ")),
        ];
        if team.on {
            cells.push(json!(team.by(e)));
        }
        l.push(cells, None);
    }
    l
}
