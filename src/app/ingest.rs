//! Filing agency replies: each message matched to its request (see `ingest::matching`) and
//! logged as a `reply` event with its attachments, or kept unmatched with the reason; a
//! message read before is recognised by its Message-ID, and one read in part is completed.
//! Everything runs in the caller's transaction.

use std::path::Path;

use anyhow::{Context, Result, bail};
use chrono::NaiveDate;
use rusqlite::Connection;

use crate::app::deadlines::Law;
use crate::db::{self, requests::NewEvent};
use crate::ingest::{
    AboutOffice, AgencyAddr, MatchResult, Message, OpenRequest, Ours, agency_words,
    find_tracking_number, match_message,
};
use crate::model::{EventKind, Status};

/// What a reply told us of the agency's own reference number.
pub enum Tracking {
    /// The request had one already.
    Known,
    /// Found in the agency's words, and recorded.
    Found(String),
    /// None in the agency's words: nothing was recorded.
    None,
}

/// What happened to one message.
pub enum Outcome {
    Filed {
        request: i64,
        by: &'static str,
        attachments: usize,
        tracking: Tracking,
    },
    Unmatched {
        msg: i64,
        reason: String,
    },
    Duplicate,
    /// A message read before in part (a cut mbox), now complete: what it lacked is added.
    Repaired {
        request: i64,
        added: usize,
    },
}

/// The day a message was sent, in its own time zone, kept within the request's life.
fn reply_date(m: &Message, filed: Option<NaiveDate>, today: NaiveDate) -> NaiveDate {
    let sent = m.date.map(|d| d.date_naive()).unwrap_or(today);
    let sent = sent.min(today);
    match filed {
        Some(f) if sent < f => f,
        _ => sent,
    }
}

pub fn file_one(
    conn: &Connection,
    law: &mut Law,
    dir: &Path,
    m: &Message,
    today: NaiveDate,
) -> Result<Outcome> {
    if let Some(prev) = db::documents::message_by_message_id(conn, &m.message_id)? {
        return repair(conn, dir, prev.id, m);
    }
    let reqs = db::documents::match_requests(conn)?;
    let ags = db::documents::agency_emails(conn)?;
    let in_team = db::sync::team(conn)?.is_some();
    let requests: Vec<OpenRequest> = reqs
        .into_iter()
        .map(|r| OpenRequest {
            id: r.id,
            agency_id: r.agency_id,
            tracking_number: r.tracking_number,
            open: r.status.parse::<Status>().is_ok_and(|s| s.is_open()),
            about: r.about.map(|(name, county)| AboutOffice { name, county }),
            team_ref: in_team.then(|| crate::sync::team_ref(&r.uid)),
            filed_here: r.filed_here,
        })
        .collect();
    let agencies: Vec<AgencyAddr> = ags
        .into_iter()
        .map(|(agency_id, email)| AgencyAddr { agency_id, email })
        .collect();
    let sent = db::documents::sent_messages_among(conn, &m.refers_to)?;
    let texts = db::documents::our_texts(conn)?;
    let ours = Ours {
        sent: &sent,
        texts: &texts,
    };
    let matched = match match_message(m, &requests, &agencies, &ours) {
        MatchResult::Matched { request_id, by } => {
            let r = db::requests::get(conn, request_id)?;
            if r.status == Status::Draft {
                Err(format!(
                    "request {request_id} is a draft that was never filed: file it, then assign the message"
                ))
            } else {
                Ok((request_id, by.as_str()))
            }
        }
        MatchResult::Unmatched { reason } => Err(reason),
    };
    let raw = crate::app::documents::store(conn, dir, &m.raw, Some("message/rfc822"))?;
    let sent_at = m.date.map(|d| d.to_rfc3339());
    match matched {
        Ok((request_id, by)) => {
            let (event_id, attachments, tracking) =
                log_reply(conn, law, dir, request_id, m, raw.document_id, today)?;
            db::documents::insert_message(
                conn,
                &db::documents::NewMessage {
                    message_id: &m.message_id,
                    request_id: Some(request_id),
                    event_id: Some(event_id),
                    document_id: raw.document_id,
                    from_addr: m.from_addr.as_deref(),
                    subject: &m.subject,
                    sent_at,
                    origin: &m.origin,
                    matched_by: Some(by),
                    reason: None,
                },
            )?;
            Ok(Outcome::Filed {
                request: request_id,
                by,
                attachments,
                tracking,
            })
        }
        Err(reason) => {
            let msg = db::documents::insert_message(
                conn,
                &db::documents::NewMessage {
                    message_id: &m.message_id,
                    request_id: None,
                    event_id: None,
                    document_id: raw.document_id,
                    from_addr: m.from_addr.as_deref(),
                    subject: &m.subject,
                    sent_at,
                    origin: &m.origin,
                    matched_by: None,
                    reason: Some(&reason),
                },
            )?;
            Ok(Outcome::Unmatched {
                msg,
                reason: reason.replace("MSG", &msg.to_string()),
            })
        }
    }
}

/// Logs the `reply` event and stores the message and its attachments with it.
fn log_reply(
    conn: &Connection,
    law: &mut Law,
    dir: &Path,
    request_id: i64,
    m: &Message,
    raw_doc: i64,
    today: NaiveDate,
) -> Result<(i64, usize, Tracking)> {
    let r = db::requests::get(conn, request_id)?;
    let from = m.from_addr.as_deref().unwrap_or("an unknown sender");
    let mut note = format!("reply from {from}: {}", m.subject);
    if note.chars().count() > 500 {
        note = note.chars().take(500).collect();
    }
    // The agency's number, from the agency's words only: never from our subject or the letter
    // they quote back.
    let tracking = if r.tracking_number.is_none() {
        let (subject, body) =
            agency_words(&m.subject, &m.body_text, &db::documents::our_texts(conn)?);
        find_tracking_number(&subject, &body)
    } else {
        None
    };
    let told = match (&r.tracking_number, &tracking) {
        (Some(_), _) => Tracking::Known,
        (None, Some(t)) => Tracking::Found(t.clone()),
        (None, None) => Tracking::None,
    };
    let (event_id, _) = crate::app::tracker::log_event(
        conn,
        law,
        today,
        &NewEvent {
            uid: Some(crate::app::ingest::reply_uid(m, &r.uid)),
            request_id,
            kind: EventKind::Reply,
            on: reply_date(m, r.filed_on, today),
            note: Some(note),
            amount_cents: None,
            days: None,
            until: None,
            voids: None,
            via: Some("email".to_string()),
            tracking,
        },
    )?;
    let name = format!("{}.eml", message_file_stem(m));
    db::documents::link(conn, request_id, raw_doc, Some(event_id), &name)?;
    if !m.body_text.trim().is_empty() {
        let body =
            crate::app::documents::store(conn, dir, m.body_text.as_bytes(), Some("text/plain"))?;
        db::documents::link(
            conn,
            request_id,
            body.document_id,
            Some(event_id),
            "message body.txt",
        )?;
    }
    for a in &m.attachments {
        let s = crate::app::documents::store(conn, dir, &a.bytes, Some(&a.content_type))?;
        db::documents::link(conn, request_id, s.document_id, Some(event_id), &a.name)?;
    }
    Ok((event_id, m.attachments.len(), told))
}

/// The name a stored message goes by: its subject, made safe as a file name.
fn message_file_stem(m: &Message) -> String {
    crate::ingest::safe_file_name(if m.subject.trim().is_empty() {
        "message"
    } else {
        &m.subject
    })
}

/// A message read before: when this copy carries attachments the request does not hold (the
/// first copy was cut short), they and the complete message are added to the event the first
/// copy brought; otherwise it is a duplicate.
fn repair(conn: &Connection, dir: &Path, msg: i64, m: &Message) -> Result<Outcome> {
    let Some((request_id, event_id, held)) = db::documents::filed_message_holdings(conn, msg)?
    else {
        return Ok(Outcome::Duplicate);
    };
    let missing: Vec<_> = m
        .attachments
        .iter()
        .filter(|a| !held.contains(&crate::app::documents::sha256_hex(&a.bytes)))
        .collect();
    if missing.is_empty() {
        return Ok(Outcome::Duplicate);
    }
    let raw = crate::app::documents::store(conn, dir, &m.raw, Some("message/rfc822"))?;
    let name = format!("{} (complete).eml", message_file_stem(m));
    db::documents::link(conn, request_id, raw.document_id, Some(event_id), &name)?;
    for a in &missing {
        let s = crate::app::documents::store(conn, dir, &a.bytes, Some(&a.content_type))?;
        db::documents::link(conn, request_id, s.document_id, Some(event_id), &a.name)?;
    }
    Ok(Outcome::Repaired {
        request: request_id,
        added: missing.len(),
    })
}

/// Files the unmatched message `msg` on request `request_id` (`docket ingest --assign`), in
/// the caller's transaction; returns how many attachments it carried.
pub fn assign(
    tx: &Connection,
    dir: &Path,
    msg: i64,
    request_id: i64,
    today: NaiveDate,
) -> Result<usize> {
    let Some(row) = db::documents::message(tx, msg)? else {
        bail!(
            "there is no message {msg}: `docket ingest` lists unmatched messages with their numbers"
        );
    };
    if let Some(r) = row.request_id {
        bail!("message {msg} is filed on request {r} already");
    }
    let r = db::requests::get(tx, request_id)?;
    if r.status == Status::Draft {
        bail!("request {request_id} is a draft: file it first with `docket file {request_id}`");
    }
    let doc = row.document_id.context("the message's text was not kept")?;
    let (stored, _) = db::documents::get(tx, doc)?.context("the message's document is missing")?;
    let raw = std::fs::read(dir.join(&stored)).with_context(|| {
        format!("cannot read the stored message {stored}: restore the documents folder")
    })?;
    let m = crate::ingest::parse_message(raw, row.origin.clone())?;
    let mut law = Law::new(tx);
    let (event_id, n, _) = log_reply(tx, &mut law, dir, request_id, &m, doc, today)?;
    db::documents::assign_message(tx, msg, request_id, event_id)?;
    Ok(n)
}

/// A fresh unique id (names a dry run's scratch folder).
pub fn new_uid() -> String {
    db::new_uid()
}

/// The uid of the reply event a message makes on request `request_uid`: the same on every
/// laptop that files it there, so that two people ingesting one reply record one event (and
/// two people filing it on two requests record two, which every laptop then shows alike).
pub fn reply_uid(m: &Message, request_uid: &str) -> String {
    db::uid_of(&["reply", &m.message_id, request_uid])
}
