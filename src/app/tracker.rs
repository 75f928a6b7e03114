//! The rules of a request's life that sit between the commands and the store: what may be
//! logged when, and how the derived columns (status, filed date, tracking number, deadlines,
//! flag) follow from the events. Every function here runs inside the caller's transaction.

use anyhow::{Result, bail};
use chrono::NaiveDate;
use rusqlite::Connection;

use crate::app::deadlines::Law;
use crate::db::requests::{self, Derived, NewEvent};
use crate::model::{Event, EventKind, Machine, Request, Status, replay};

/// The events that count: every event that is not a `void` and has not been voided, in the
/// order they happened.
pub fn effective(events: &[Event]) -> Vec<&Event> {
    let voided: std::collections::HashSet<i64> = events.iter().filter_map(|e| e.voids).collect();
    events
        .iter()
        .filter(|e| e.kind != EventKind::Void && !voided.contains(&e.id))
        .collect()
}

/// The events that count: neither voids nor voided, nor set aside as a conflict (see
/// [`replay_tolerant`]). What the deadlines, `show`, `explain` and the letters are made from.
pub fn counted(events: &[Event]) -> Vec<&Event> {
    let eff = effective(events);
    let (_, refused) = replay_tolerant(&eff);
    eff.into_iter()
        .filter(|e| !refused.contains(&e.uid))
        .collect()
}

/// Replays `events` in order, setting aside each event the state machine refuses where it
/// stands: the machine reached, and the uids set aside (none for a history logged on one
/// laptop, where every event was checked before it was recorded).
pub fn replay_tolerant(events: &[&Event]) -> (Machine, Vec<String>) {
    let mut m = Machine::default();
    let mut refused: Vec<String> = Vec::new();
    for (i, e) in events.iter().enumerate() {
        if e.kind == EventKind::Void {
            continue;
        }
        // Two members who read the same letter and both logged its fee or its extension
        // would count it twice: the second is set aside like any conflict, until one is
        // voided.
        if logged_twice(e, &events[..i], &refused) {
            refused.push(e.uid.clone());
            continue;
        }
        match m.apply(e.kind) {
            Ok(next) => m = next,
            Err(_) => refused.push(e.uid.clone()),
        }
    }
    (m, refused)
}

/// Whether `e` is an event another member logged already (same kind, day and figures) among
/// `before`, for the kinds that would count twice: a fee, a payment, an extension, a pause.
fn logged_twice(e: &Event, before: &[&Event], refused: &[String]) -> bool {
    use EventKind::*;
    matches!(
        e.kind,
        Fee | Paid | Waived | Extend | Clarify | Clarified | Partial
    ) && e.recorded_by.is_some()
        && before.iter().any(|b| {
            !refused.contains(&b.uid)
                && b.kind == e.kind
                && b.on == e.on
                && b.amount_cents == e.amount_cents
                && b.days == e.days
                && b.until == e.until
                && b.recorded_by.is_some()
                && b.recorded_by != e.recorded_by
        })
}

/// Checks that `new` may be added to the history of `request`, and says why not otherwise.
pub fn check_event(
    request: &Request,
    history: &[Event],
    new: &NewEvent,
    today: NaiveDate,
) -> Result<()> {
    let id = request.id;
    if new.on > today {
        bail!(
            "{} is in the future (today is {today}): give the day it happened with --on",
            new.on
        );
    }
    if new.kind != EventKind::Filed
        && let Some(filed) = request.filed_on
        && new.on < filed
    {
        bail!(
            "{} is before request {id} was filed ({filed}): give a date on or after the filing",
            new.on
        );
    }
    let kind = new.kind;
    let wants = |flag: &str, ok: bool| -> Result<()> {
        if !ok {
            bail!("{flag} does not go with '{kind}': leave it out");
        }
        Ok(())
    };
    match kind {
        EventKind::Fee | EventKind::Paid => {
            if new.amount_cents.is_none() {
                bail!("'{kind}' needs the amount: add --amount USD, e.g. --amount 45.50");
            }
        }
        _ => wants("--amount", new.amount_cents.is_none())?,
    }
    match kind {
        EventKind::Extend => match (new.days, new.until) {
            (None, None) => {
                bail!(
                    "'extend' needs --days N (days the agency added) or --until DATE (the new due date)"
                )
            }
            (Some(_), Some(_)) => bail!("give either --days or --until for 'extend', not both"),
            (Some(0), None) => bail!("--days must be at least 1"),
            (_, Some(until)) if request.filed_on.is_some_and(|f| until <= f) => {
                bail!("--until {until} is not after the filing date: give the new due date")
            }
            _ => {}
        },
        _ => {
            wants("--days", new.days.is_none())?;
            wants("--until", new.until.is_none())?;
        }
    }
    // The history in the order it replays (by date, then the logical clock), the new event
    // after those of its day.
    let mut after: Vec<(NaiveDate, i64, EventKind)> = Vec::new();
    let mut skip: Option<i64> = None;
    if kind == EventKind::Void {
        let Some(target) = new.voids else {
            bail!(
                "'void' needs the event to cancel: add --event N (`docket show {id}` lists them)"
            );
        };
        let Some(t) = history.iter().find(|e| e.id == target) else {
            bail!("request {id} has no event {target}: `docket show {id}` lists its events");
        };
        if t.kind == EventKind::Void {
            bail!(
                "event {target} is itself a void: log the event again instead of voiding the void"
            );
        }
        if history.iter().any(|e| e.voids == Some(target)) {
            bail!("event {target} was voided already");
        }
        skip = Some(target);
    } else if new.voids.is_some() {
        bail!("--event goes with 'void' only: leave it out");
    }
    // A merged history may hold events replay refuses (conflicts): they do not count here
    // either, so that voiding one of two conflicting events is always possible.
    let (_, refused) = replay_tolerant(&effective(history));
    for e in effective(history) {
        if Some(e.id) != skip && !refused.contains(&e.uid) {
            after.push((e.on, e.id, e.kind));
        }
    }
    if kind != EventKind::Void {
        after.push((new.on, i64::MAX, kind));
    }
    after.sort_by_key(|a| a.0);
    if let Err((i, err)) = replay(after.iter().map(|(_, _, k)| *k)) {
        let (on, eid, k) = after[i];
        if eid == i64::MAX {
            if on < after.last().map(|a| a.0).unwrap_or(on) {
                bail!("{err} (as of {on}, the date given with --on)");
            }
            bail!(err);
        }
        if let Some(target) = skip {
            bail!(
                "voiding event {target} would leave event {eid} ({k} on {on}) impossible: {err}; void event {eid} first"
            );
        }
        bail!(
            "logging '{kind}' on {} would leave event {eid} ({k} on {on}) impossible: {err}",
            new.on
        );
    }
    Ok(())
}

/// Records an event after checking it, then brings the request's derived columns up to date.
pub fn log_event(
    conn: &Connection,
    law: &mut Law,
    today: NaiveDate,
    new: &NewEvent,
) -> Result<(i64, Derived)> {
    let request = requests::get(conn, new.request_id)?;
    let history = requests::events(conn, request.id)?;
    check_event(&request, &history, new, today)?;
    let id = requests::insert_event(conn, new)?;
    let derived = recompute(conn, law, today, request.id)?;
    Ok((id, derived))
}

/// Derives and stores status, filing, tracking number, deadlines and flag of request `id`.
pub fn recompute(conn: &Connection, law: &mut Law, today: NaiveDate, id: i64) -> Result<Derived> {
    let request = requests::get(conn, id)?;
    let history = requests::events(conn, id)?;
    let d = derive(&request, &history, law, today)?;
    requests::set_derived(conn, id, &d)?;
    Ok(d)
}

/// The derived columns of a request from its history (no writes).
pub fn derive(
    request: &Request,
    history: &[Event],
    law: &mut Law,
    today: NaiveDate,
) -> Result<Derived> {
    // What the state machine refuses (only a merged history holds such events) is set aside
    // as a conflict, shown on the request until someone voids one side.
    let (machine, conflicts) = replay_tolerant(&effective(history));
    let events: Vec<&Event> = effective(history)
        .into_iter()
        .filter(|e| !conflicts.contains(&e.uid))
        .collect();
    let mut d = Derived {
        status: Some(machine.status),
        conflicts,
        last_event_id: history.iter().map(|e| e.id).max(),
        ..Derived::default()
    };
    let mut waiting_since = None;
    for e in &events {
        match e.kind {
            EventKind::Filed => {
                d.filed_on = Some(e.on);
                d.filed_via = e.via.clone();
            }
            // A reply waits to be read until anything else is logged after it: what the
            // agency said, or a note when it said nothing to classify ("still looking").
            EventKind::Reply => d.needs_review = true,
            _ => d.needs_review = false,
        }
        match e.kind {
            EventKind::Fee | EventKind::Clarify => waiting_since = waiting_since.or(Some(e.on)),
            EventKind::Reply | EventKind::Note | EventKind::Followup => {}
            _ => waiting_since = None,
        }
        match e.kind {
            EventKind::Complete | EventKind::Deny | EventKind::NoRecords => {
                d.final_answer = Some(e.kind.as_str().to_string());
            }
            EventKind::Partial => d.final_answer = None,
            _ => {}
        }
        if let Some(t) = &e.tracking {
            d.tracking_number = Some(t.clone());
        }
        match e.kind {
            EventKind::Fee => d.fees_requested_cents += e.amount_cents.unwrap_or(0),
            EventKind::Paid => d.fees_paid_cents += e.amount_cents.unwrap_or(0),
            _ => {}
        }
    }
    if matches!(
        machine.status,
        Status::FeeRequested | Status::ClarificationNeeded
    ) {
        d.waiting_since = waiting_since;
    }
    if let Some(last) = events.last() {
        d.last_event_kind = Some(last.kind.as_str().to_string());
        d.last_event_on = Some(last.on);
    }
    if machine.status != Status::Draft
        && let Some(filed_on) = d.filed_on
    {
        let deadlines = law.deadlines(request, filed_on, &events, today)?;
        d.paused_days = deadlines.paused_business_days_ended;
        d.paused_since = deadlines.paused_since;
        d.first_response_on = deadlines.first_response.map(|f| f.0);
        d.first_response_days = deadlines.first_response.map(|f| f.1);
        d.completed_on = deadlines.completion.map(|c| c.0);
        d.completion_days = deadlines.completion.map(|c| c.1);
        // Only a settled answer is cached; "not yet late" changes with the date.
        d.answered_on_time = deadlines
            .on_time
            .filter(|_| d.first_response_on.is_some() || deadlines.completion.is_some());
        d.due_on = deadlines.due_on;
        d.due_clock = deadlines.due_clock.map(|c| c.as_str().to_string());
        let ack = deadlines.ack_due();
        d.ack_due_on = ack.map(|a| a.0);
        d.ack_clock = ack.map(|a| a.1.as_str().to_string());
    }
    // The conditions as of this change, by the same rule listings apply for their day.
    let mut as_stored = request.clone();
    as_stored.status = machine.status;
    as_stored.due_on = d.due_on;
    as_stored.due_clock = d.due_clock.clone();
    as_stored.ack_due_on = d.ack_due_on;
    as_stored.ack_clock = d.ack_clock.clone();
    as_stored.needs_review = d.needs_review;
    as_stored.conflicts = d.conflicts.clone();
    d.flags = crate::model::live_flags(&as_stored, today)
        .into_iter()
        .map(|(f, _)| f.to_string())
        .collect();
    d.flag = d.flags.first().cloned();
    Ok(d)
}

/// The engine's warnings for request `id` as it stands (e.g. an extension beyond the statute).
pub fn warnings_of(
    conn: &Connection,
    law: &mut Law,
    today: NaiveDate,
    id: i64,
) -> Result<Vec<String>> {
    let request = requests::get(conn, id)?;
    let history = requests::events(conn, id)?;
    let events = counted(&history);
    let filed = events
        .iter()
        .find(|e| e.kind == EventKind::Filed)
        .map(|e| e.on);
    match filed {
        Some(filed_on) if request.status != Status::Draft => {
            Ok(law.deadlines(&request, filed_on, &events, today)?.warnings)
        }
        _ => Ok(Vec::new()),
    }
}

/// Recomputes the filed requests of a jurisdiction or an agency (or all) after a rule or a
/// calendar changed, in the caller's transaction.
pub fn recompute_where(
    conn: &rusqlite::Connection,
    today: NaiveDate,
    state: Option<&str>,
    agency: Option<i64>,
) -> Result<usize> {
    let ids = crate::db::requests::ids_for_recompute(conn, state, agency)?;
    let mut law = Law::new(conn);
    for id in &ids {
        recompute(conn, &mut law, today, *id)?;
    }
    Ok(ids.len())
}
