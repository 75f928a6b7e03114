//! Team sync in the store: the team this replica belongs to, how far it has read the others,
//! the operations that are new here, and the operations that arrive, applied by uid.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use anyhow::{Context, Result, bail};
use rusqlite::{Connection, OptionalExtension, params};

use super::now_stamp;
use crate::ops::{
    AgencyEditOp, BatchOp, ClosureOp, DocumentOp, EventOp, MemberOp, MessageOp, Op,
    RequestDocumentOp, RequestOp,
};

/// The team this replica belongs to.
#[derive(Debug, Clone)]
pub struct Team {
    pub team_uid: String,
    pub medium: String,
    pub endpoint: Option<String>,
    pub team_key: [u8; 32],
    pub replica_uid: String,
    pub member_uid: String,
    pub signing_key: [u8; 32],
    pub joined_at: String,
    pub sent_seq: i64,
    pub sent_hash: Option<String>,
    pub last_sync_at: Option<String>,
}

fn key32(text: &str) -> rusqlite::Result<[u8; 32]> {
    let raw = data_encoding::BASE64
        .decode(text.as_bytes())
        .unwrap_or_default();
    <[u8; 32]>::try_from(raw.as_slice()).map_err(|_| {
        rusqlite::Error::FromSqlConversionFailure(
            0,
            rusqlite::types::Type::Text,
            "a team key is not 32 bytes".into(),
        )
    })
}

/// The team, when this replica has joined one.
pub fn team(conn: &Connection) -> Result<Option<Team>> {
    conn.prepare_cached(
        "SELECT t.team_uid, t.medium, t.endpoint, t.team_key, t.replica_uid, s.member_uid, \
         t.signing_key, t.joined_at, t.sent_seq, t.sent_hash, t.last_sync_at \
         FROM team t, sync_state s",
    )?
    .query_row([], |r| {
        Ok(Team {
            team_uid: r.get(0)?,
            medium: r.get(1)?,
            endpoint: r.get(2)?,
            team_key: key32(&r.get::<_, String>(3)?)?,
            replica_uid: r.get(4)?,
            member_uid: r.get::<_, Option<String>>(5)?.unwrap_or_default(),
            signing_key: key32(&r.get::<_, String>(6)?)?,
            joined_at: r.get(7)?,
            sent_seq: r.get(8)?,
            sent_hash: r.get(9)?,
            last_sync_at: r.get(10)?,
        })
    })
    .optional()
    .context("reading the team")
}

/// Makes this replica a member of `t`, introducing `me`.
pub fn set_team(conn: &Connection, t: &Team, me: &MemberOp) -> Result<()> {
    if team(conn)?.is_some() {
        bail!("this database is in a team already: `docket team status` says which");
    }
    let b64 = |k: &[u8; 32]| data_encoding::BASE64.encode(k);
    conn.execute(
        "INSERT INTO team (id, team_uid, medium, endpoint, team_key, replica_uid, signing_key, \
         joined_at) VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            t.team_uid,
            t.medium,
            t.endpoint,
            b64(&t.team_key),
            t.replica_uid,
            b64(&t.signing_key),
            t.joined_at
        ],
    )
    .context("joining the team")?;
    conn.execute(
        "UPDATE sync_state SET member_uid = ?1",
        params![t.member_uid],
    )?;
    insert_member(conn, me)?;
    Ok(())
}

/// The team's members this replica knows, in the order they joined.
pub fn members(conn: &Connection) -> Result<Vec<MemberOp>> {
    let mut st = conn.prepare_cached(
        "SELECT uid, name, email, public_key, replica_uid, joined_at FROM members \
         ORDER BY joined_at, uid",
    )?;
    let rows = st.query_map([], |r| {
        Ok(MemberOp {
            uid: r.get(0)?,
            name: r.get(1)?,
            email: r.get(2)?,
            public_key: r.get(3)?,
            replica: r.get(4)?,
            joined_at: r.get(5)?,
        })
    })?;
    rows.collect::<rusqlite::Result<_>>()
        .context("reading the members")
}

fn insert_member(conn: &Connection, m: &MemberOp) -> Result<()> {
    conn.prepare_cached(
        "INSERT OR IGNORE INTO members (uid, name, email, public_key, replica_uid, joined_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        m.uid,
        m.name,
        m.email,
        m.public_key,
        m.replica,
        m.joined_at
    ])
    .context("recording a member")?;
    Ok(())
}

/// How far this replica has read each other replica: its last bundle's number and hash.
pub fn progress(conn: &Connection) -> Result<BTreeMap<String, (i64, String)>> {
    let mut st = conn.prepare_cached("SELECT replica_uid, seq, hash FROM sync_replicas")?;
    let rows = st.query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?;
    rows.collect::<rusqlite::Result<_>>()
        .context("reading what was synced")
}

/// Bundle `seq` of `replica`, with file hash `hash`, is imported.
pub fn set_progress(conn: &Connection, replica: &str, seq: i64, hash: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO sync_replicas (replica_uid, seq, hash, synced_at) VALUES (?1, ?2, ?3, ?4) \
         ON CONFLICT (replica_uid) DO UPDATE SET seq = excluded.seq, hash = excluded.hash, \
         synced_at = excluded.synced_at",
    )?
    .execute(params![replica, seq, hash, now_stamp()])?;
    Ok(())
}

/// This replica's bundle `seq` (file hash `hash`) holds `ops`: they are sent.
pub fn record_sent(conn: &Connection, seq: i64, hash: &str, ops: &[Op]) -> Result<()> {
    conn.execute(
        "UPDATE team SET sent_seq = ?1, sent_hash = ?2",
        params![seq, hash],
    )?;
    mark_known(conn, ops)?;
    let mut st = conn.prepare_cached("UPDATE sync_discards SET sent = 1 WHERE uid = ?1")?;
    for op in ops {
        if let Op::Discard { request } = op {
            st.execute([request])?;
        }
    }
    Ok(())
}

/// The time of the last sync that finished.
pub fn set_synced(conn: &Connection) -> Result<()> {
    conn.execute("UPDATE team SET last_sync_at = ?1", [now_stamp()])?;
    Ok(())
}

fn mark_known(conn: &Connection, ops: &[Op]) -> Result<()> {
    let mut st = conn.prepare_cached("INSERT OR IGNORE INTO sync_known (uid) VALUES (?1)")?;
    for op in ops {
        if !matches!(op, Op::Discard { .. }) {
            st.execute([op.uid()])?;
        }
    }
    Ok(())
}

/// Every record of this replica not yet sent or received, as operations, in an order that
/// puts what a record refers to before it.
pub fn pending(conn: &Connection) -> Result<Vec<Op>> {
    let mut ops = Vec::new();
    let unknown =
        |alias: &str| format!("NOT EXISTS (SELECT 1 FROM sync_known k WHERE k.uid = {alias}.uid)");
    let mut st = conn.prepare(&format!(
        "SELECT uid, name, email, public_key, replica_uid, joined_at FROM members m WHERE {}",
        unknown("m")
    ))?;
    for m in st.query_map([], |r| {
        Ok(MemberOp {
            uid: r.get(0)?,
            name: r.get(1)?,
            email: r.get(2)?,
            public_key: r.get(3)?,
            replica: r.get(4)?,
            joined_at: r.get(5)?,
        })
    })? {
        ops.push(Op::Member(m?));
    }
    let mut st = conn.prepare(&format!(
        "SELECT e.uid, e.agency_uid, a.state, e.field, e.value, e.edited_at, e.clock, e.member_uid, \
         e.rank FROM agency_edits e JOIN agencies a ON a.uid = e.agency_uid WHERE {} \
         ORDER BY e.clock, e.id",
        unknown("e")
    ))?;
    for e in st.query_map([], |r| {
        Ok(AgencyEditOp {
            uid: r.get(0)?,
            agency: r.get(1)?,
            state: r.get(2)?,
            field: r.get(3)?,
            value: r.get(4)?,
            at: r.get(5)?,
            clock: r.get(6)?,
            member: r.get(7)?,
            rank: r.get(8)?,
        })
    })? {
        ops.push(Op::AgencyEdit(e?));
    }
    let mut st = conn.prepare(&format!(
        "SELECT uid, name, template, created_at FROM batches b WHERE {} ORDER BY id",
        unknown("b")
    ))?;
    for b in st.query_map([], |r| {
        Ok(BatchOp {
            uid: r.get(0)?,
            name: r.get(1)?,
            template: r.get(2)?,
            created_at: r.get(3)?,
        })
    })? {
        ops.push(Op::Batch(b?));
    }
    for (table, open) in [("closures", false), ("open_days", true)] {
        let mut st = conn.prepare(&format!(
            "SELECT c.uid, c.jurisdiction, a.uid, c.on_date, c.name, c.created_at FROM {table} c \
             LEFT JOIN agencies a ON a.id = c.agency_id WHERE {} ORDER BY c.id",
            unknown("c")
        ))?;
        for c in st.query_map([], |r| {
            Ok(ClosureOp {
                uid: r.get(0)?,
                open,
                jurisdiction: r.get(1)?,
                agency: r.get(2)?,
                on: r.get(3)?,
                name: r.get(4)?,
                created_at: r.get(5)?,
            })
        })? {
            ops.push(Op::Closure(c?));
        }
    }
    let mut st = conn.prepare(&format!(
        "SELECT r.uid, a.uid, b.uid, r.title, r.template, r.vars, r.followup_days, r.created_at, \
         (SELECT s.uid FROM request_subjects rs JOIN agencies s ON s.id = rs.agency_id \
          WHERE rs.request_id = r.id) \
         FROM requests r JOIN agencies a ON a.id = r.agency_id \
         LEFT JOIN batches b ON b.id = r.batch_id WHERE {} ORDER BY r.id",
        unknown("r")
    ))?;
    for r in st.query_map([], |r| {
        Ok(RequestOp {
            uid: r.get(0)?,
            agency: r.get(1)?,
            batch: r.get(2)?,
            title: r.get(3)?,
            template: r.get(4)?,
            vars: r.get(5)?,
            followup_days: r.get(6)?,
            created_at: r.get(7)?,
            about: r.get(8)?,
        })
    })? {
        ops.push(Op::Request(r?));
    }
    let mut st = conn.prepare(&format!(
        "SELECT e.uid, r.uid, e.kind, e.occurred_on, e.note, e.amount_cents, e.days, e.until, \
         v.uid, e.via, e.tracking, e.recorded_at, e.clock, e.recorded_by, \
         (SELECT group_concat(exemption, char(31)) FROM \
            (SELECT exemption FROM event_exemptions x WHERE x.event_id = e.id ORDER BY position)) \
         FROM events e JOIN requests r ON r.id = e.request_id \
         LEFT JOIN events v ON v.id = e.voids WHERE {} ORDER BY e.clock, e.id",
        unknown("e")
    ))?;
    for e in st.query_map([], |r| {
        let ex: Option<String> = r.get(14)?;
        Ok(EventOp {
            uid: r.get(0)?,
            request: r.get(1)?,
            kind: r.get(2)?,
            on: r.get(3)?,
            note: r.get(4)?,
            amount_cents: r.get(5)?,
            days: r.get(6)?,
            until: r.get(7)?,
            voids: r.get(8)?,
            via: r.get(9)?,
            tracking: r.get(10)?,
            recorded_at: r.get(11)?,
            clock: r.get(12)?,
            member: r.get(13)?,
            exemptions: ex
                .map(|x| x.split('\u{1f}').map(str::to_string).collect())
                .unwrap_or_default(),
        })
    })? {
        ops.push(Op::Event(e?));
    }
    let mut st = conn.prepare(&format!(
        "SELECT uid, sha256, bytes, content_type, created_at FROM documents d WHERE {} ORDER BY id",
        unknown("d")
    ))?;
    for d in st.query_map([], |r| {
        Ok(DocumentOp {
            uid: r.get(0)?,
            sha256: r.get(1)?,
            bytes: r.get(2)?,
            content_type: r.get(3)?,
            created_at: r.get(4)?,
        })
    })? {
        ops.push(Op::Document(d?));
    }
    let mut st = conn.prepare(&format!(
        "SELECT rd.uid, r.uid, d.uid, e.uid, rd.name, rd.added_at, rd.role \
         FROM request_documents rd JOIN requests r ON r.id = rd.request_id \
         JOIN documents d ON d.id = rd.document_id LEFT JOIN events e ON e.id = rd.event_id \
         WHERE {} ORDER BY rd.id",
        unknown("rd")
    ))?;
    for d in st.query_map([], |r| {
        Ok(RequestDocumentOp {
            uid: r.get(0)?,
            request: r.get(1)?,
            document: r.get(2)?,
            event: r.get(3)?,
            name: r.get(4)?,
            added_at: r.get(5)?,
            role: r.get(6)?,
        })
    })? {
        ops.push(Op::RequestDocument(d?));
    }
    let mut st = conn.prepare(&format!(
        "{MESSAGE_OP_SQL} WHERE {} ORDER BY m.id",
        unknown("m")
    ))?;
    for m in st.query_map([], message_from_row)? {
        ops.push(Op::Message(m?));
    }
    let mut st = conn.prepare("SELECT uid FROM sync_discards WHERE sent = 0 ORDER BY uid")?;
    for u in st.query_map([], |r| r.get::<_, String>(0))? {
        ops.push(Op::Discard { request: u? });
    }
    Ok(ops)
}

/// What applying a bundle changed, for the application to bring up to date.
#[derive(Debug, Default)]
pub struct Applied {
    /// Requests (local ids) whose history or calendar changed.
    pub requests: BTreeSet<i64>,
    /// A closure or open day arrived: every filed request is recomputed.
    pub calendars: bool,
    /// Agencies whose slug moved here because another with the same slug came: (old, new).
    pub slugs_moved: Vec<(String, String)>,
    /// Operations that were new here.
    pub new_ops: usize,
    /// Records made here, not sent yet, that met their twin from another laptop and stayed as
    /// they are (the earlier record): they must still be sent, for the others to keep them too.
    pub resend: Vec<String>,
}

/// Whether triggers record local edits (0) or a sync is importing (1).
pub fn set_importing(conn: &Connection, on: bool) -> Result<()> {
    conn.execute("UPDATE sync_state SET importing = ?1", [on])?;
    // A bundle may bring a whole roster: room for its pages in memory while it is applied
    // (64 MB), the default after.
    conn.pragma_update(None, "cache_size", if on { -65536 } else { -2000 })?;
    Ok(())
}

fn local_id(conn: &Connection, table: &str, uid: &str) -> Result<Option<i64>> {
    conn.prepare_cached(&format!("SELECT id FROM {table} WHERE uid = ?1"))?
        .query_row([uid], |r| r.get(0))
        .optional()
        .with_context(|| format!("looking up {uid} in {table}"))
}

fn need(conn: &Connection, table: &str, uid: &str, what: &str) -> Result<i64> {
    match local_id(conn, table, uid)? {
        Some(id) => Ok(id),
        None => bail!("{what} {uid} is not here yet"),
    }
}

fn known(conn: &Connection, uid: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM sync_known WHERE uid = ?1")?
        .exists([uid])?)
}

/// Applies operations that arrived, in the caller's transaction and with the triggers told a
/// sync is importing. `stored` gives where each document's bytes were put (by SHA-256).
pub fn apply(conn: &Connection, ops: &[Op], stored: &HashMap<String, String>) -> Result<Applied> {
    let mut applied = Applied::default();
    // Agencies whose edits arrived, in the order they first did (and a set to ask quickly).
    let mut agencies: Vec<(String, String)> = Vec::new();
    let mut pending_set: std::collections::HashSet<String> = std::collections::HashSet::new();
    for op in ops {
        // An event, a message, a closure or a batch known here may still be a second record of
        // the same thing (one reply ingested on two laptops, one day closed twice): those merge
        // below.
        if !matches!(
            op,
            Op::Discard { .. } | Op::Message(_) | Op::Event(_) | Op::Closure(_) | Op::Batch(_)
        ) && known(conn, op.uid())?
        {
            continue;
        }
        applied.new_ops += 1;
        match op {
            Op::Member(m) => insert_member(conn, m)?,
            Op::AgencyEdit(e) => {
                conn.prepare_cached(
                    "INSERT OR IGNORE INTO agency_edits (uid, agency_uid, field, value, edited_at, \
                     clock, member_uid, rank) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                )?
                .execute(params![
                    e.uid, e.agency, e.field, e.value, e.at, e.clock, e.member, e.rank
                ])?;
                advance_clock(conn, e.clock)?;
                if pending_set.insert(e.agency.clone()) {
                    agencies.push((e.agency.clone(), e.state.clone()));
                }
            }
            Op::Batch(b) => {
                conn.prepare_cached(
                    "INSERT INTO batches (uid, name, template, created_at) VALUES (?1, ?2, ?3, ?4) \
                     ON CONFLICT (uid) DO UPDATE SET template = excluded.template, \
                     created_at = excluded.created_at \
                     WHERE (excluded.created_at, excluded.template) < (created_at, template)",
                )?
                .execute(params![b.uid, b.name, b.template, b.created_at])?;
                if conn.changes() == 0 && !known(conn, &b.uid)? {
                    applied.resend.push(b.uid.clone());
                }
            }
            Op::Closure(c) => {
                // An agency's closure needs its agency: the edits that make it come first.
                settle_agencies(conn, &mut agencies, &mut applied)?;
                pending_set.clear();
                let agency = match &c.agency {
                    Some(a) => Some(need(conn, "agencies", a, "the agency of a closure")?),
                    None => None,
                };
                let table = if c.open { "open_days" } else { "closures" };
                // The same day added on two laptops: the same uid; every replica keeps the
                // smaller of the two names.
                conn.prepare_cached(&format!(
                    "INSERT INTO {table} (uid, jurisdiction, agency_id, on_date, name, \
                     created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (uid) DO UPDATE \
                     SET name = excluded.name, created_at = excluded.created_at \
                     WHERE (excluded.name, excluded.created_at) < (name, created_at)"
                ))?
                .execute(params![
                    c.uid,
                    c.jurisdiction,
                    agency,
                    c.on,
                    c.name,
                    c.created_at
                ])?;
                applied.calendars = true;
            }
            Op::Request(r) => {
                settle_agencies(conn, &mut agencies, &mut applied)?;
                pending_set.clear();
                if local_id(conn, "requests", &r.uid)?.is_some() {
                    continue;
                }
                let agency = need(conn, "agencies", &r.agency, "the agency of a request")?;
                let batch = match &r.batch {
                    Some(b) => Some(need(conn, "batches", b, "the batch of a request")?),
                    None => None,
                };
                conn.prepare_cached(
                    "INSERT INTO requests (uid, agency_id, batch_id, title, template, vars, \
                     followup_days, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                )?
                .execute(params![
                    r.uid,
                    agency,
                    batch,
                    r.title,
                    r.template,
                    r.vars,
                    r.followup_days,
                    r.created_at
                ])?;
                let id = conn.last_insert_rowid();
                if let Some(about) = &r.about {
                    let a = need(conn, "agencies", about, "the agency a request is about")?;
                    conn.prepare_cached(
                        "INSERT INTO request_subjects (request_id, agency_id) VALUES (?1, ?2)",
                    )?
                    .execute(params![id, a])?;
                }
                applied.requests.insert(id);
            }
            Op::Event(e) => apply_event(conn, e, &mut applied)?,
            Op::Document(d) => {
                let Some(path) = stored.get(&d.sha256) else {
                    bail!("the bytes of document {} did not arrive", d.sha256);
                };
                conn.prepare_cached(
                    "INSERT OR IGNORE INTO documents (uid, sha256, bytes, content_type, \
                     stored_path, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                )?
                .execute(params![
                    d.uid,
                    d.sha256,
                    d.bytes,
                    d.content_type,
                    path,
                    d.created_at
                ])?;
            }
            Op::RequestDocument(d) => {
                if discarded(conn, &d.request)? && local_id(conn, "requests", &d.request)?.is_none()
                {
                    continue;
                }
                let request = need(conn, "requests", &d.request, "the request of a document")?;
                let document = need(conn, "documents", &d.document, "a document")?;
                let event = match &d.event {
                    Some(e) => Some(need(conn, "events", e, "the event of a document")?),
                    None => None,
                };
                conn.prepare_cached(
                    "INSERT OR IGNORE INTO request_documents (uid, request_id, document_id, \
                     event_id, name, added_at, role) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                )?
                .execute(params![
                    d.uid, request, document, event, d.name, d.added_at, d.role
                ])?;
            }
            Op::Message(m) => apply_message(conn, m, &mut applied)?,
            Op::Discard { request } => {
                let Some(id) = local_id(conn, "requests", request)? else {
                    continue;
                };
                // Only a draft nobody filed goes; one that someone logged anything on stays.
                let events: i64 = conn.query_row(
                    "SELECT count(*) FROM events WHERE request_id = ?1",
                    [id],
                    |r| r.get(0),
                )?;
                let draft: bool = conn.query_row(
                    "SELECT status = 'draft' FROM requests WHERE id = ?1",
                    [id],
                    |r| r.get(0),
                )?;
                if events == 0 && draft {
                    super::requests::discard_draft(conn, id)?;
                    applied.requests.remove(&id);
                    conn.prepare_cached(
                        "INSERT OR IGNORE INTO sync_discards (uid, sent) VALUES (?1, 1)",
                    )?
                    .execute([request])?;
                }
            }
        }
    }
    settle_agencies(conn, &mut agencies, &mut applied)?;
    mark_known(conn, ops)?;
    let mut st = conn.prepare_cached("DELETE FROM sync_known WHERE uid = ?1")?;
    for uid in &applied.resend {
        st.execute([uid])?;
    }
    Ok(applied)
}

fn advance_clock(conn: &Connection, clock: i64) -> Result<()> {
    conn.prepare_cached("UPDATE sync_state SET clock = max(clock, ?1)")?
        .execute([clock])?;
    Ok(())
}

/// Whether the request `uid` was a draft discarded here (what arrives for it is let go).
fn discarded(conn: &Connection, uid: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM sync_discards WHERE uid = ?1")?
        .exists([uid])?)
}

fn apply_event(conn: &Connection, e: &EventOp, applied: &mut Applied) -> Result<()> {
    if discarded(conn, &e.request)? && local_id(conn, "requests", &e.request)?.is_none() {
        return Ok(());
    }
    let request = need(conn, "requests", &e.request, "the request of an event")?;
    advance_clock(conn, e.clock)?;
    if let Some((id, clock, by, recorded_at)) = conn
        .prepare_cached("SELECT id, clock, recorded_by, recorded_at FROM events WHERE uid = ?1")?
        .query_row([&e.uid], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, String>(3)?,
            ))
        })
        .optional()?
    {
        // One event recorded on two laptops (a reply both ingested): every replica keeps the
        // earlier record of it, so that all order it alike.
        if (e.clock, &e.member, &e.recorded_at) < (clock, &by, &recorded_at) {
            conn.prepare_cached(
                "UPDATE events SET clock = ?2, recorded_at = ?3, recorded_by = ?4 WHERE id = ?1",
            )?
            .execute(params![id, e.clock, e.recorded_at, e.member])?;
            applied.requests.insert(request);
        } else if !known(conn, &e.uid)? {
            applied.resend.push(e.uid.clone());
        }
        return Ok(());
    }
    let voids = match &e.voids {
        Some(v) => Some(need(conn, "events", v, "the event a void cancels")?),
        None => None,
    };
    conn.prepare_cached(
        "INSERT INTO events (uid, request_id, kind, occurred_on, note, amount_cents, days, until, \
         voids, via, tracking, recorded_at, clock, recorded_by) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    )?
    .execute(params![
        e.uid,
        request,
        e.kind,
        e.on,
        e.note,
        e.amount_cents,
        e.days,
        e.until,
        voids,
        e.via,
        e.tracking,
        e.recorded_at,
        e.clock,
        e.member
    ])?;
    let id = conn.last_insert_rowid();
    let mut st = conn.prepare_cached(
        "INSERT INTO event_exemptions (event_id, position, exemption) VALUES (?1, ?2, ?3)",
    )?;
    for (i, x) in e.exemptions.iter().enumerate() {
        st.execute(params![id, i as i64, x])?;
    }
    applied.requests.insert(request);
    Ok(())
}

const MESSAGE_OP_SQL: &str = "SELECT m.uid, m.message_id, r.uid, e.uid, d.uid, m.from_addr, \
     m.subject, m.sent_at, m.origin, m.matched_by, m.reason, m.ingested_at FROM messages m \
     LEFT JOIN requests r ON r.id = m.request_id LEFT JOIN events e ON e.id = m.event_id \
     LEFT JOIN documents d ON d.id = m.document_id";

fn message_from_row(r: &rusqlite::Row) -> rusqlite::Result<MessageOp> {
    Ok(MessageOp {
        uid: r.get(0)?,
        message_id: r.get(1)?,
        request: r.get(2)?,
        event: r.get(3)?,
        document: r.get(4)?,
        from_addr: r.get(5)?,
        subject: r.get(6)?,
        sent_at: r.get(7)?,
        origin: r.get(8)?,
        matched_by: r.get(9)?,
        reason: r.get(10)?,
        ingested_at: r.get(11)?,
    })
}

/// The message `uid` as it stands here, as an operation.
fn message_op(conn: &Connection, uid: &str) -> Result<Option<MessageOp>> {
    conn.prepare_cached(&format!("{MESSAGE_OP_SQL} WHERE m.uid = ?1"))?
        .query_row([uid], message_from_row)
        .optional()
        .context("reading a message")
}

fn apply_message(conn: &Connection, m: &MessageOp, applied: &mut Applied) -> Result<()> {
    let opt = |table: &str, uid: &Option<String>, what: &str| -> Result<Option<i64>> {
        match uid {
            Some(u) => Ok(Some(need(conn, table, u, what)?)),
            None => Ok(None),
        }
    };
    let request = opt("requests", &m.request, "the request of a message")?;
    let event = opt("events", &m.event, "the event of a message")?;
    let document = opt("documents", &m.document, "the file of a message")?;
    let here = message_op(conn, &m.uid)?;
    match here {
        None => {
            conn.prepare_cached(
                "INSERT INTO messages (uid, message_id, request_id, event_id, document_id, \
                 from_addr, subject, sent_at, origin, matched_by, reason, ingested_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            )?
            .execute(params![
                m.uid,
                m.message_id,
                request,
                event,
                document,
                m.from_addr,
                m.subject,
                m.sent_at,
                m.origin,
                m.matched_by,
                m.reason,
                m.ingested_at
            ])?;
            applied.new_ops += 1;
        }
        // The same message on two laptops: a match beats none, then the earlier record, then
        // the record's whole text, so that every replica keeps the same one.
        Some(here) => {
            let rank = |o: &MessageOp| {
                (
                    o.request.is_none(),
                    o.ingested_at.clone(),
                    serde_json::to_string(o).unwrap_or_default(),
                )
            };
            let better = rank(m) < rank(&here);
            if !better && rank(m) != rank(&here) && !known(conn, &m.uid)? {
                applied.resend.push(m.uid.clone());
            }
            if better {
                conn.prepare_cached(
                    "UPDATE messages SET request_id = ?2, event_id = ?3, document_id = \
                     coalesce(?4, document_id), from_addr = ?5, subject = ?6, sent_at = ?7, \
                     origin = ?8, matched_by = ?9, reason = ?10, ingested_at = ?11 WHERE uid = ?1",
                )?
                .execute(params![
                    m.uid,
                    request,
                    event,
                    document,
                    m.from_addr,
                    m.subject,
                    m.sent_at,
                    m.origin,
                    m.matched_by,
                    m.reason,
                    m.ingested_at
                ])?;
                applied.new_ops += 1;
            }
        }
    }
    Ok(())
}

/// The agencies fields to take from their latest edits.
const AGENCY_FIELDS: [&str; 9] = [
    "name",
    "kind",
    "county",
    "email",
    "portal_url",
    "mailing_address",
    "phone",
    "records_officer",
    "notes",
];

/// Brings the agencies whose edits arrived to the value in force of each field (the latest of
/// its highest rank: an edit over a creation over a built-in value), made when new, then
/// settles their slugs.
fn settle_agencies(
    conn: &Connection,
    pending: &mut Vec<(String, String)>,
    applied: &mut Applied,
) -> Result<()> {
    for (uid, state) in pending.drain(..) {
        let mut latest: HashMap<String, Option<String>> = HashMap::new();
        let (mut first, mut last) = (String::new(), String::new());
        {
            let mut st = conn.prepare_cached(
                "SELECT field, value, edited_at FROM (SELECT field, value, edited_at, \
                 row_number() OVER (PARTITION BY field \
                   ORDER BY rank DESC, edited_at DESC, clock DESC, uid DESC) AS n \
                 FROM agency_edits WHERE agency_uid = ?1) WHERE n = 1",
            )?;
            let rows = st.query_map([&uid], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<String>>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })?;
            for row in rows {
                let (f, v, at) = row?;
                if first.is_empty() || at < first {
                    first = at.clone();
                }
                if at > last {
                    last = at.clone();
                }
                latest.insert(f, v);
            }
        }
        let get = |f: &str| latest.get(f).cloned().flatten();
        let Some(name) = get("name") else { continue };
        let kind = get("kind")
            .filter(|k| {
                ["sheriff", "police", "jail", "state", "federal", "other"].contains(&k.as_str())
            })
            .unwrap_or_else(|| "sheriff".into());
        let id = local_id(conn, "agencies", &uid)?;
        let values: Vec<Option<String>> = AGENCY_FIELDS[1..].iter().map(|f| get(f)).collect();
        let id = match id {
            Some(id) => {
                conn.prepare_cached(
                    "UPDATE agencies SET name = ?2, kind = ?3, county = ?4, email = ?5, \
                     portal_url = ?6, mailing_address = ?7, phone = ?8, records_officer = ?9, \
                     notes = ?10, updated_at = max(updated_at, ?11) WHERE id = ?1",
                )?
                .execute(params![
                    id, name, kind, values[1], values[2], values[3], values[4], values[5],
                    values[6], values[7], last
                ])
                .or_else(|e| match e.sqlite_error_code() {
                    // Renamed to the name of another agency of the state: the name stays.
                    Some(rusqlite::ErrorCode::ConstraintViolation) => conn.execute(
                        "UPDATE agencies SET kind = ?2, county = ?3, email = ?4, portal_url = ?5, \
                         mailing_address = ?6, phone = ?7, records_officer = ?8, notes = ?9 \
                         WHERE id = ?1",
                        params![
                            id, kind, values[1], values[2], values[3], values[4], values[5],
                            values[6], values[7]
                        ],
                    ),
                    _ => Err(e),
                })
                .with_context(|| format!("bringing agency {name} ({state}) up to date"))?;
                id
            }
            None => {
                // A placeholder slug, settled below.
                conn.prepare_cached(
                    "INSERT INTO agencies (uid, slug, name, kind, state, county, email, \
                     portal_url, mailing_address, phone, records_officer, notes, created_at, \
                     updated_at) VALUES (?1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
                )?
                .execute(params![
                    uid, name, kind, state, values[1], values[2], values[3], values[4],
                    values[5], values[6], values[7], first, last
                ])
                .with_context(|| format!("adding agency {name} ({state})"))?;
                conn.last_insert_rowid()
            }
        };
        let wanted = get("slug").unwrap_or_else(|| crate::slug::make(&name, &state));
        settle_slug(conn, id, &uid, &wanted, applied)?;
    }
    Ok(())
}

/// Gives agency `id` the slug `wanted`. When another agency has it, the one with the smaller
/// uid keeps it and the other takes `wanted-` and the first six characters of its uid: the same
/// outcome on every replica, whatever order they learned of the two in.
fn settle_slug(
    conn: &Connection,
    id: i64,
    uid: &str,
    wanted: &str,
    applied: &mut Applied,
) -> Result<()> {
    let suffixed = |u: &str| format!("{wanted}-{}", &u[..6.min(u.len())]);
    let holder: Option<(i64, String)> = conn
        .prepare_cached("SELECT id, uid FROM agencies WHERE slug = ?1 AND id <> ?2")?
        .query_row(params![wanted, id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let mine = match holder {
        None => wanted.to_string(),
        Some((other, other_uid)) if uid < other_uid.as_str() => {
            let moved = suffixed(&other_uid);
            conn.execute(
                "UPDATE agencies SET slug = ?2 WHERE id = ?1",
                params![other, moved],
            )?;
            applied.slugs_moved.push((wanted.to_string(), moved));
            wanted.to_string()
        }
        Some(_) => suffixed(uid),
    };
    conn.execute(
        "UPDATE agencies SET slug = ?2 WHERE id = ?1 AND slug IS NOT ?2",
        params![id, mine],
    )?;
    Ok(())
}

/// Gives the records that have an identity in the world the uid every laptop gives them (an
/// agency from its state and name, a batch from its name, a closure from its place and day, a
/// document from its content, a message from its Message-ID), for a database made before
/// those uids were: done once, when it joins a team, before anything is sent.
pub fn rekey(conn: &Connection) -> Result<()> {
    let agencies: Vec<(i64, String, String, String)> = conn
        .prepare("SELECT id, uid, state, name FROM agencies")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (id, old, state, name) in agencies {
        let new = super::agency_uid(&state, &name);
        if new != old {
            conn.execute(
                "UPDATE agencies SET uid = ?2 WHERE id = ?1",
                params![id, new],
            )?;
            conn.execute(
                "UPDATE agency_edits SET agency_uid = ?2 WHERE agency_uid = ?1",
                params![old, new],
            )?;
        }
    }
    let rows: Vec<(i64, String)> = conn
        .prepare("SELECT id, name FROM batches")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (id, name) in rows {
        conn.execute(
            "UPDATE batches SET uid = ?2 WHERE id = ?1",
            params![id, super::uid_of(&["batch", &name])],
        )?;
    }
    for (table, kind) in [("closures", "closure"), ("open_days", "open-day")] {
        let rows: Vec<(i64, Option<String>, Option<i64>, chrono::NaiveDate)> = conn
            .prepare(&format!(
                "SELECT id, jurisdiction, agency_id, on_date FROM {table}"
            ))?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (id, j, a, on) in rows {
            let uid = super::law::closure_uid(conn, kind, j.as_deref(), a, on)?;
            conn.execute(
                &format!("UPDATE {table} SET uid = ?2 WHERE id = ?1"),
                params![id, uid],
            )?;
        }
    }
    conn.execute_batch("SELECT 1")?;
    let docs: Vec<(i64, String)> = conn
        .prepare("SELECT id, sha256 FROM documents")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (id, sha) in docs {
        conn.execute(
            "UPDATE documents SET uid = ?2 WHERE id = ?1",
            params![id, super::uid_of(&["document", &sha])],
        )?;
    }
    let msgs: Vec<(i64, String)> = conn
        .prepare("SELECT id, message_id FROM messages")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (id, mid) in msgs {
        conn.execute(
            "UPDATE messages SET uid = ?2 WHERE id = ?1",
            params![id, super::uid_of(&["message", &mid])],
        )?;
    }
    Ok(())
}

/// Where the documents of `sha256` is stored, when it is.
pub fn document_path(conn: &Connection, sha256: &str) -> Result<Option<String>> {
    conn.prepare_cached("SELECT stored_path FROM documents WHERE sha256 = ?1")?
        .query_row([sha256], |r| r.get(0))
        .optional()
        .context("looking up a document")
}

/// Counts of what this replica holds, for `team status`.
pub fn waiting_to_send(conn: &Connection) -> Result<usize> {
    Ok(pending(conn)?.len())
}

/// When each other replica was last read.
pub fn synced_at(conn: &Connection) -> Result<BTreeMap<String, String>> {
    let mut st = conn.prepare_cached("SELECT replica_uid, synced_at FROM sync_replicas")?;
    let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    rows.collect::<rusqlite::Result<_>>()
        .context("reading what was synced")
}

/// The requests (local id, uid) whose merged history holds conflicting events.
pub fn conflicted(conn: &Connection) -> Result<Vec<(i64, String)>> {
    let mut st = conn
        .prepare_cached("SELECT id, uid FROM requests WHERE conflicts IS NOT NULL ORDER BY id")?;
    let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    rows.collect::<rusqlite::Result<_>>()
        .context("reading the conflicts")
}

/// Every request's (local id, uid).
pub fn request_uids(conn: &Connection) -> Result<Vec<(i64, String)>> {
    let mut st = conn.prepare_cached("SELECT id, uid FROM requests ORDER BY id")?;
    let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    rows.collect::<rusqlite::Result<_>>()
        .context("reading the requests' uids")
}
