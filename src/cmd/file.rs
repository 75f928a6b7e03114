//! `docket file` (a request was sent) and `docket discard` (drop drafts never sent).

use std::io::Write;

use anyhow::{Result, bail};

use super::{resolve_batch, say};
use crate::app::App;
use crate::app::requests::{self, NewEvent};
use crate::cli::{DiscardArgs, FileArgs, ViaArg};
use crate::model::{EventKind, Status};

fn via_str(v: ViaArg) -> &'static str {
    match v {
        ViaArg::Email => "email",
        ViaArg::Portal => "portal",
        ViaArg::Mail => "mail",
        ViaArg::Fax => "fax",
        ViaArg::Hand => "hand",
    }
}

pub fn file(app: &mut App, args: FileArgs, out: &mut dyn Write) -> Result<()> {
    let on = args.on.unwrap_or(app.today);
    let note = args
        .note
        .as_deref()
        .map(super::input::check_note)
        .transpose()?;
    let ids: Vec<i64> = match (&args.id, &args.batch) {
        (Some(id), _) => vec![*id],
        (None, Some(b)) => {
            let batch = resolve_batch(app.db.conn(), b)?;
            let all = requests::batch_request_ids(app.db.conn(), batch)?;
            let mut drafts = Vec::new();
            for id in all {
                if requests::get(app.db.conn(), id)?.status == Status::Draft {
                    drafts.push(id);
                }
            }
            if drafts.is_empty() {
                bail!(
                    "batch '{b}' has no drafts left to file: `docket list --batch {b}` shows its requests"
                );
            }
            drafts
        }
        (None, None) => bail!("give a request number or --batch NAME"),
    };
    let today = app.today;
    let via = args.via.map(via_str).map(str::to_string);
    let by_email = matches!(args.via, Some(ViaArg::Email));
    let single = args.id.is_some();
    let own = args
        .letter
        .as_deref()
        .map(super::input::read_letter)
        .transpose()?;
    // The exact letter sent is kept with each filing: rendered as of the day it was sent, from
    // the templates and profile as they are now.
    let letters = crate::app::letters::Letters::load(app)?;
    let dir = app.db.documents_dir();
    app.db.write(|tx| {
        let mut law = crate::app::deadlines::Law::new(tx);
        for &id in &ids {
            let r = requests::get(tx, id)?;
            if r.status != Status::Draft {
                let filed = r.filed_on.map(|d| format!(" on {d}")).unwrap_or_default();
                bail!(
                    "request {id} was filed{filed} already: to correct the date, void its filed event (`docket show {id}` lists events) and file again"
                );
            }
            let (event_id, _) = crate::app::tracker::log_event(
                tx,
                &mut law,
                today,
                &NewEvent {
                    uid: None,
                    request_id: id,
                    kind: EventKind::Filed,
                    on,
                    note: note.clone(),
                    amount_cents: None,
                    days: None,
                    until: None,
                    voids: None,
                    via: via.clone(),
                    tracking: None,
                },
            )?;
            crate::app::letters::keep_sent(
                &letters,
                tx,
                &mut law,
                &dir,
                id,
                event_id,
                crate::app::letters::Kind::Initial,
                on,
                by_email,
                own.as_deref(),
            )?;
        }
        Ok(())
    })?;
    if single {
        let r = requests::get(app.db.conn(), ids[0])?;
        let due = match (r.due_on, r.due_clock.as_deref()) {
            (Some(d), Some("followup")) => format!("; no legal deadline, follow up by {d}"),
            (Some(d), _) => format!("; due {d}"),
            _ => String::new(),
        };
        say(app, out, format!("filed request {} on {on}{due}", ids[0]))
    } else {
        say(app, out, format!("filed {} requests on {on}", ids.len()))
    }
}

pub fn discard(app: &mut App, args: DiscardArgs, out: &mut dyn Write) -> Result<()> {
    let ids: Vec<i64> = match (&args.id, &args.batch) {
        (Some(id), _) => vec![*id],
        (None, Some(b)) => {
            let batch = resolve_batch(app.db.conn(), b)?;
            requests::batch_request_ids(app.db.conn(), batch)?
        }
        (None, None) => bail!("give a draft's number or --batch NAME"),
    };
    let n = app.db.write(|tx| {
        let mut n = 0;
        for &id in &ids {
            let r = requests::get(tx, id)?;
            if r.status != Status::Draft {
                if args.batch.is_some() {
                    bail!(
                        "request {id} of this batch was filed: a filed request is never deleted, so nothing was discarded; discard the drafts one by one or log `withdraw`"
                    );
                }
                bail!("request {id} was filed ({}): a filed request is never deleted; log `withdraw` instead", r.status);
            }
            let held = requests::draft_contents(tx, id)?;
            if held.filed_on.is_none() && (held.events > 0 || held.documents > 0) && !args.force {
                let mut what = Vec::new();
                if held.events > 0 {
                    what.push(format!("{} logged event(s)", held.events));
                }
                if held.documents > 0 {
                    what.push(format!("{} attached document(s)", held.documents));
                }
                bail!(
                    "draft {id} holds {}: discarding deletes them from its history, so nothing was discarded; add --force to discard it with them",
                    what.join(" and ")
                );
            }
            requests::discard_draft(tx, id)?;
            n += 1;
        }
        Ok(n)
    })?;
    say(app, out, format!("discarded {n} draft(s)"))
}
