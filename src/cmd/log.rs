//! `docket log ID KIND`: add an event to a request's history.

use std::io::Write;

use anyhow::{Result, bail};

use super::input::{check_note, one_line, read_files, read_letter};
use super::say;
use crate::app::App;
use crate::app::requests::NewEvent;
use crate::cli::LogArgs;
use crate::model::EventKind;

pub fn run(app: &mut App, args: LogArgs, out: &mut dyn Write) -> Result<()> {
    let kind: EventKind = args.kind.parse()?;
    if kind == EventKind::Filed {
        bail!(
            "record a filing with `docket file {}` (it also takes --on and --via)",
            args.id
        );
    }
    let amount_cents = args
        .amount
        .as_deref()
        .map(crate::dates::parse_amount)
        .transpose()
        .map_err(anyhow::Error::msg)?;
    let note = args.note.as_deref().map(check_note).transpose()?;
    if !args.exemptions.is_empty() && !matches!(kind, EventKind::Deny | EventKind::Partial) {
        bail!(
            "--exemption goes with deny and partial, the answers that withhold records: leave it out"
        );
    }
    let exemptions = args
        .exemptions
        .iter()
        .map(|e| one_line("--exemption", e, 200))
        .collect::<Result<Vec<_>>>()?;
    let tracking = args
        .tracking
        .as_deref()
        .map(|t| one_line("--tracking", t, 100))
        .transpose()?;
    let new = NewEvent {
        uid: None,
        request_id: args.id,
        kind,
        on: args.on.unwrap_or(app.today),
        note,
        amount_cents,
        days: args.days.map(i64::from),
        until: args.until,
        voids: args.event,
        via: None,
        tracking,
    };
    let files = read_files(&args.files)?;
    // A follow-up or an appeal we sent is kept as the exact letter, like a filing.
    let sent_kind = match kind {
        EventKind::Followup => Some(crate::app::letters::Kind::Followup),
        EventKind::Appeal => Some(crate::app::letters::Kind::Appeal),
        _ => None,
    };
    if args.letter.is_some() && sent_kind.is_none() {
        bail!("--letter goes with `followup` and `appeal`, the letters we send: leave it out");
    }
    let own = args.letter.as_deref().map(read_letter).transpose()?;
    let letters = match sent_kind {
        Some(_) => Some(crate::app::letters::Letters::load(app)?),
        None => None,
    };
    let today = app.today;
    let dir = app.db.documents_dir();
    let (event_id, derived, warnings) = app.db.write(|tx| {
        let mut law = crate::app::deadlines::Law::new(tx);
        if kind == EventKind::Appeal {
            refuse_appeal_without_one(tx, &mut law, new.request_id)?;
        }
        let (event_id, derived) = crate::app::tracker::log_event(tx, &mut law, today, &new)?;
        crate::app::requests::set_exemptions(tx, event_id, &exemptions)?;
        crate::app::documents::attach_files(tx, &dir, new.request_id, Some(event_id), &files)?;
        let mut not_kept = None;
        if let (Some(k), Some(letters)) = (sent_kind, &letters) {
            let by_email = derived.filed_via.as_deref() == Some("email");
            let kept = crate::app::letters::keep_sent(
                letters,
                tx,
                &mut law,
                &dir,
                new.request_id,
                event_id,
                k,
                new.on,
                by_email,
                own.as_deref(),
            );
            // The event stands (it happened); a letter docket cannot write is said, not kept.
            if let Err(e) = kept {
                if own.is_some() {
                    return Err(e);
                }
                not_kept = Some(format!(
                    "no copy of the letter was kept ({e:#}); give the letter you sent with `--letter FILE` next time, or attach it with `docket attach {} FILE`",
                    new.request_id
                ));
            }
        }
        let mut warnings = crate::app::tracker::warnings_of(tx, &mut law, today, new.request_id)?;
        warnings.extend(not_kept);
        Ok((event_id, derived, warnings))
    })?;
    let status = derived.status.map(|s| s.as_str()).unwrap_or("draft");
    let kept = match files.len() {
        0 => String::new(),
        n => format!(" with {n} file(s)"),
    };
    let due = match (derived.due_on, derived.due_clock.as_deref()) {
        (Some(d), Some("followup")) => format!("; follow up by {d}"),
        (Some(d), Some("appeal-window")) => format!("; appeal by {d}"),
        (Some(d), _) => format!("; due {d}"),
        (None, _) => String::new(),
    };
    say(
        app,
        out,
        format!(
            "event {event_id} recorded{kept}; request {} is {status}{due}",
            args.id
        ),
    )?;
    for w in warnings {
        eprintln!(
            "warning: {}",
            crate::render::printable::one_line(&w.to_string())
        );
    }
    Ok(())
}

/// Where the law has neither an administrative appeal nor a body that takes complaints about a
/// denial, there is no appeal to log: the refusal gives the remedies the law has (as `letter
/// --kind appeal` does) and how to record a request for reconsideration or a suit instead.
fn refuse_appeal_without_one(
    conn: &rusqlite::Connection,
    law: &mut crate::app::deadlines::Law,
    request_id: i64,
) -> Result<()> {
    let r = crate::app::requests::get(conn, request_id)?;
    let agency = crate::app::agencies::get_by_id(conn, r.agency_id)?;
    let rule = law.rule_of(&agency.state, &agency.name)?;
    if rule.appeal_to.is_some() || rule.complaint_to.is_some() {
        return Ok(());
    }
    let remedies = if rule.remedies.trim().is_empty() {
        String::new()
    } else {
        format!(" (its remedies: {})", rule.remedies.trim())
    };
    bail!(
        "{} has no administrative appeal{remedies}, so there is no appeal to log; record a request to reconsider or a suit with `docket log {request_id} note --note \"asked the agency to reconsider\"`",
        crate::law::federal::rule_name(&rule.code)
    )
}
