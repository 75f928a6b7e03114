//! SQL for stored documents and the messages `ingest` has read.

use anyhow::{Context, Result};
use rusqlite::{Connection, OptionalExtension, params};

use super::now_stamp;

/// A document held by a request.
#[derive(Debug, Clone)]
pub struct RequestDocument {
    pub id: i64,
    pub name: String,
    pub bytes: i64,
    pub content_type: Option<String>,
    pub sha256: String,
    pub stored_path: String,
    pub event_id: Option<i64>,
}

/// The document with this content hash, if stored: (id, stored path).
pub fn by_sha256(conn: &Connection, sha256: &str) -> Result<Option<(i64, String)>> {
    conn.prepare_cached("SELECT id, stored_path FROM documents WHERE sha256 = ?1")?
        .query_row([sha256], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()
        .context("looking up a document")
}

/// Records a stored file and returns its id.
pub fn insert(
    conn: &Connection,
    sha256: &str,
    bytes: i64,
    content_type: Option<&str>,
    stored_path: &str,
) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO documents (uid, sha256, bytes, content_type, stored_path, created_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        super::uid_of(&["document", sha256]),
        sha256,
        bytes,
        content_type,
        stored_path,
        now_stamp()
    ])
    .context("recording the document")?;
    Ok(conn.last_insert_rowid())
}

/// Gives request `request_id` the document `document_id` under `name`.
pub fn link(
    conn: &Connection,
    request_id: i64,
    document_id: i64,
    event_id: Option<i64>,
    name: &str,
) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO request_documents (request_id, document_id, event_id, name, added_at, uid) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        request_id,
        document_id,
        event_id,
        name,
        now_stamp(),
        attachment_uid(conn, request_id, document_id, event_id, name)?
    ])
    .context("attaching the document")?;
    Ok(conn.last_insert_rowid())
}

/// The documents of request `id`, in the order they came.
pub fn for_request(conn: &Connection, id: i64) -> Result<Vec<RequestDocument>> {
    let mut st = conn.prepare_cached(
        "SELECT d.id, rd.name, d.bytes, d.content_type, d.sha256, d.stored_path, rd.event_id \
         FROM request_documents rd JOIN documents d ON d.id = rd.document_id \
         WHERE rd.request_id = ?1 ORDER BY rd.id",
    )?;
    let rows = st.query_map([id], |r| {
        Ok(RequestDocument {
            id: r.get(0)?,
            name: r.get(1)?,
            bytes: r.get(2)?,
            content_type: r.get(3)?,
            sha256: r.get(4)?,
            stored_path: r.get(5)?,
            event_id: r.get(6)?,
        })
    })?;
    rows.collect::<rusqlite::Result<_>>()
        .context("listing the request's documents")
}

/// A document by id: (stored path, sha256).
pub fn get(conn: &Connection, id: i64) -> Result<Option<(String, String)>> {
    conn.prepare_cached("SELECT stored_path, sha256 FROM documents WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()
        .context("looking up a document")
}

/// A message `ingest` has read.
#[derive(Debug, Clone)]
pub struct MessageRow {
    pub id: i64,
    pub message_id: String,
    pub request_id: Option<i64>,
    pub document_id: Option<i64>,
    pub from_addr: Option<String>,
    pub subject: String,
    pub sent_at: Option<String>,
    pub origin: String,
    pub reason: Option<String>,
}

/// The message with this Message-ID, if it was read before.
pub fn message_by_message_id(conn: &Connection, message_id: &str) -> Result<Option<MessageRow>> {
    message_where(conn, "message_id = ?1", &message_id)
}

/// The event a filed message brought, and the SHA-256 of every document its request holds: what
/// a second, complete copy of the message is checked against.
pub fn filed_message_holdings(
    conn: &Connection,
    message: i64,
) -> Result<Option<(i64, i64, std::collections::HashSet<String>)>> {
    let found: Option<(Option<i64>, Option<i64>)> = conn
        .prepare_cached("SELECT request_id, event_id FROM messages WHERE id = ?1")?
        .query_row([message], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let Some((Some(request_id), Some(event_id))) = found else {
        return Ok(None);
    };
    let shas = conn
        .prepare_cached(
            "SELECT d.sha256 FROM request_documents rd JOIN documents d ON d.id = rd.document_id \
             WHERE rd.request_id = ?1",
        )?
        .query_map([request_id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Some((request_id, event_id, shas)))
}

/// The stored path of every document, relative to the documents folder.
pub fn stored_paths(conn: &Connection) -> Result<std::collections::HashSet<String>> {
    conn.prepare_cached("SELECT stored_path FROM documents")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()
        .context("listing stored documents")
}

/// The message with this number.
pub fn message(conn: &Connection, id: i64) -> Result<Option<MessageRow>> {
    message_where(conn, "id = ?1", &id)
}

fn message_where(
    conn: &Connection,
    cond: &str,
    arg: &dyn rusqlite::ToSql,
) -> Result<Option<MessageRow>> {
    conn.prepare_cached(&format!(
        "SELECT id, message_id, request_id, document_id, from_addr, subject, sent_at, origin, reason \
         FROM messages WHERE {cond}"
    ))?
    .query_row([arg], |r| {
        Ok(MessageRow {
            id: r.get(0)?,
            message_id: r.get(1)?,
            request_id: r.get(2)?,
            document_id: r.get(3)?,
            from_addr: r.get(4)?,
            subject: r.get(5)?,
            sent_at: r.get(6)?,
            origin: r.get(7)?,
            reason: r.get(8)?,
        })
    })
    .optional()
    .context("looking up a message")
}

/// A message read by `ingest`, matched or not.
pub struct NewMessage<'a> {
    pub message_id: &'a str,
    pub request_id: Option<i64>,
    pub event_id: Option<i64>,
    pub document_id: i64,
    pub from_addr: Option<&'a str>,
    pub subject: &'a str,
    pub sent_at: Option<String>,
    pub origin: &'a str,
    pub matched_by: Option<&'a str>,
    pub reason: Option<&'a str>,
}

/// Records a message and returns its number.
pub fn insert_message(conn: &Connection, m: &NewMessage) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO messages (uid, message_id, request_id, event_id, document_id, from_addr, subject, \
         sent_at, origin, matched_by, reason, ingested_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?
    .execute(params![
        super::uid_of(&["message", m.message_id]),
        m.message_id,
        m.request_id,
        m.event_id,
        m.document_id,
        m.from_addr,
        m.subject,
        m.sent_at,
        m.origin,
        m.matched_by,
        m.reason,
        now_stamp()
    ])
    .context("recording the message")?;
    Ok(conn.last_insert_rowid())
}

/// Files an unmatched message on a request.
pub fn assign_message(conn: &Connection, id: i64, request_id: i64, event_id: i64) -> Result<()> {
    conn.execute(
        "UPDATE messages SET request_id = ?2, event_id = ?3, matched_by = 'assigned', reason = NULL \
         WHERE id = ?1 AND request_id IS NULL",
        params![id, request_id, event_id],
    )
    .context("assigning the message")?;
    Ok(())
}

/// A request as reply matching sees it.
pub struct MatchRequest {
    pub id: i64,
    pub agency_id: i64,
    pub tracking_number: Option<String>,
    pub status: String,
    /// The name and county of the office the request is about, when it is about one.
    pub about: Option<(String, Option<String>)>,
    pub uid: String,
    /// Filed from this laptop (its filing recorded by this member, or before any team).
    pub filed_here: bool,
}

/// Every request, for matching replies.
pub fn match_requests(conn: &Connection) -> Result<Vec<MatchRequest>> {
    let mut st = conn.prepare(
        "SELECT r.id, r.agency_id, r.tracking_number, r.status, s.name, s.county, r.uid,
                coalesce((SELECT e.recorded_by IS NULL
                                 OR e.recorded_by = (SELECT member_uid FROM sync_state)
                            FROM events e WHERE e.request_id = r.id AND e.kind = 'filed'
                           ORDER BY e.occurred_on, e.clock LIMIT 1), 1)
           FROM requests r
           LEFT JOIN request_subjects rs ON rs.request_id = r.id
           LEFT JOIN agencies s ON s.id = rs.agency_id",
    )?;
    let rows = st.query_map([], |r| {
        let about = r
            .get::<_, Option<String>>(4)?
            .map(|name| r.get::<_, Option<String>>(5).map(|county| (name, county)))
            .transpose()?;
        Ok(MatchRequest {
            id: r.get(0)?,
            agency_id: r.get(1)?,
            tracking_number: r.get(2)?,
            status: r.get(3)?,
            about,
            uid: r.get(6)?,
            filed_here: r.get(7)?,
        })
    })?;
    rows.collect::<rusqlite::Result<_>>()
        .context("reading requests for matching")
}

/// Every agency's (id, email field), for matching replies by sender.
pub fn agency_emails(conn: &Connection) -> Result<Vec<(i64, String)>> {
    let mut st = conn.prepare("SELECT id, email FROM agencies WHERE email IS NOT NULL")?;
    let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    rows.collect::<rusqlite::Result<_>>()
        .context("reading agency addresses")
}

/// A message waiting to be read: matched to a request on which nothing was logged after it, or
/// not matched at all.
#[derive(Debug, Clone)]
pub struct ReviewRow {
    pub message: i64,
    pub request_id: Option<i64>,
    pub agency: Option<String>,
    pub from_addr: Option<String>,
    pub subject: String,
    /// The reply's date (the event's), else the day it was sent or ingested.
    pub on: String,
    pub document_id: Option<i64>,
    /// Why it was not matched, for an unmatched one.
    pub reason: Option<String>,
}

/// The messages not yet acted on, oldest first: a reply counts as acted on once any other
/// event that still counts (not another reply, not voided) is logged after it on its request.
/// The same rule as `needs_review` in `tracker::derive`.
pub fn messages_to_review(conn: &Connection) -> Result<Vec<ReviewRow>> {
    let mut st = conn.prepare(
        "SELECT m.id, m.request_id, a.slug, m.from_addr, m.subject, \
                coalesce(e.occurred_on, substr(m.sent_at, 1, 10), substr(m.ingested_at, 1, 10)), \
                m.document_id, m.reason \
         FROM messages m \
         LEFT JOIN events e ON e.id = m.event_id \
         LEFT JOIN requests r ON r.id = m.request_id \
         LEFT JOIN agencies a ON a.id = r.agency_id \
         WHERE m.origin <> 'sent' AND (m.request_id IS NULL OR (e.id IS NOT NULL \
           AND e.id NOT IN (SELECT voids FROM events WHERE voids IS NOT NULL) \
           AND NOT EXISTS (SELECT 1 FROM events l WHERE l.request_id = m.request_id \
               AND l.kind NOT IN ('reply', 'void') \
               AND (l.occurred_on > e.occurred_on OR (l.occurred_on = e.occurred_on AND l.id > e.id)) \
               AND l.id NOT IN (SELECT voids FROM events WHERE voids IS NOT NULL)))) \
         ORDER BY 6, m.id",
    )?;
    let rows = st.query_map([], |r| {
        Ok(ReviewRow {
            message: r.get(0)?,
            request_id: r.get(1)?,
            agency: r.get(2)?,
            from_addr: r.get(3)?,
            subject: r.get(4)?,
            on: r.get(5)?,
            document_id: r.get(6)?,
            reason: r.get(7)?,
        })
    })?;
    rows.collect::<rusqlite::Result<_>>()
        .context("listing the messages to review")
}

/// Marks the link `link_id` as the exact letter sent with its event.
pub fn mark_sent(conn: &Connection, link_id: i64) -> Result<()> {
    conn.execute(
        "UPDATE request_documents SET role = 'sent' WHERE id = ?1",
        [link_id],
    )
    .context("keeping the letter sent")?;
    Ok(())
}

/// The letters kept as sent with request `request_id`'s event `event_id`: (name, stored path,
/// content type), the text first.
pub fn sent_letters(
    conn: &Connection,
    request_id: i64,
    event_id: i64,
) -> Result<Vec<(String, String, Option<String>)>> {
    let mut st = conn.prepare_cached(
        "SELECT rd.name, d.stored_path, d.content_type FROM request_documents rd \
         JOIN documents d ON d.id = rd.document_id \
         WHERE rd.request_id = ?1 AND rd.event_id = ?2 AND rd.role = 'sent' \
         ORDER BY d.content_type = 'message/rfc822', rd.id",
    )?;
    let rows = st.query_map(params![request_id, event_id], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?))
    })?;
    rows.collect::<rusqlite::Result<_>>()
        .context("reading the letters sent")
}

/// Records the Message-ID of a letter docket sent by e-mail, so that a reply naming it in
/// `In-Reply-To` or `References` finds its request.
pub fn insert_sent_message(
    conn: &Connection,
    message_id: &str,
    request_id: i64,
    event_id: i64,
    document_id: i64,
    subject: &str,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO messages (uid, message_id, request_id, event_id, document_id, subject, \
         origin, matched_by, ingested_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'sent', 'sent', ?7) \
         ON CONFLICT (message_id) DO NOTHING",
    )?
    .execute(params![
        super::uid_of(&["message", message_id]),
        message_id,
        request_id,
        event_id,
        document_id,
        subject,
        now_stamp()
    ])
    .context("keeping the Message-ID of the letter sent")?;
    Ok(())
}

/// (Message-ID, request) of the letters sent by docket among these Message-IDs.
pub fn sent_messages_among(conn: &Connection, ids: &[String]) -> Result<Vec<(String, i64)>> {
    let mut st = conn.prepare_cached(
        "SELECT request_id FROM messages WHERE origin = 'sent' AND message_id = ?1",
    )?;
    let mut found = Vec::new();
    for id in ids {
        if let Some(r) = st.query_row([id], |r| r.get(0)).optional()? {
            found.push((id.clone(), r));
        }
    }
    Ok(found)
}

/// Text docket wrote that a reply may repeat: every request title and every subject sent.
pub fn our_texts(conn: &Connection) -> Result<Vec<String>> {
    let mut st = conn.prepare_cached(
        "SELECT title FROM requests UNION SELECT subject FROM messages WHERE origin = 'sent'",
    )?;
    let rows = st.query_map([], |r| r.get(0))?;
    rows.collect::<rusqlite::Result<_>>()
        .context("reading our own subjects")
}

/// The uid of a document held by a request: from the request, the document, the event that
/// brought it and its name, so that the same attachment made on two laptops is one.
fn attachment_uid(
    conn: &Connection,
    request_id: i64,
    document_id: i64,
    event_id: Option<i64>,
    name: &str,
) -> Result<String> {
    let uid = |table: &str, id: i64| -> Result<String> {
        conn.prepare_cached(&format!("SELECT uid FROM {table} WHERE id = ?1"))?
            .query_row([id], |r| r.get(0))
            .with_context(|| format!("looking up a uid in {table}"))
    };
    let event = match event_id {
        Some(e) => uid("events", e)?,
        None => String::new(),
    };
    Ok(super::uid_of(&[
        "request-document",
        &uid("requests", request_id)?,
        &uid("documents", document_id)?,
        &event,
        name,
    ]))
}
