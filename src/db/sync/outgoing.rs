//! The operations this replica sends: every shared record whose uid is not yet known here (sent
//! or received), read table by table in an order that puts what a record refers to before it,
//! and handed over one at a time so that a large first sync never holds them all.

use anyhow::{Context, Result};
use rusqlite::{Connection, OptionalExtension, params};

use super::{known, mark_known};
use crate::ops::{
    AgencyEditOp, AgreementOp, BatchOp, ClosureOp, DocumentOp, EventOp, LawEditOp, MemberOp,
    MessageOp, Op, ReplicaOp, RequestDocumentOp, RequestOp,
};

/// Which rows a reader takes: those made or changed here since the last send (in the outbox,
/// and not known), those not yet known (for the few members, which no outbox follows), or
/// those of one request (what a discarded draft held).
#[derive(Clone, Copy)]
enum Rows {
    /// `many`: the outbox holds much (a first sync): each table is read in order and each row
    /// looked up in the outbox, rather than each outbox entry looked up in the table (random
    /// reads, then a sort), which is right for the few records of an everyday sync.
    New {
        many: bool,
    },
    Unknown,
    OfRequest(i64),
}

/// From how many records in the outbox a sync reads the tables through rather than the outbox.
const MANY: i64 = 20_000;

impl Rows {
    /// The condition on the table aliased `alias`, whose request id is `request_column`.
    fn condition(self, alias: &str, request_column: &str) -> String {
        let unknown = format!("NOT EXISTS (SELECT 1 FROM sync_known k WHERE k.uid = {alias}.uid)");
        match self {
            Rows::New { many: false } => {
                format!("{alias}.uid IN (SELECT uid FROM sync_outbox) AND {unknown}")
            }
            Rows::New { many: true } => format!(
                "EXISTS (SELECT 1 FROM sync_outbox o WHERE o.uid = +{alias}.uid) AND {unknown}"
            ),
            Rows::Unknown => unknown,
            Rows::OfRequest(id) => format!("{request_column} = {id}"),
        }
    }
}

/// The tables whose new rows the outbox follows (see the `*_to_send` triggers).
pub(super) const SHARED: [&str; 11] = [
    "agency_edits",
    "agreements",
    "law_edits",
    "batches",
    "closures",
    "open_days",
    "requests",
    "events",
    "documents",
    "request_documents",
    "messages",
];

/// Every shared record goes in the outbox (a database joining a team sends everything).
pub fn fill_outbox(conn: &Connection) -> Result<()> {
    for t in SHARED {
        conn.execute(
            &format!(
                "INSERT OR IGNORE INTO sync_outbox (uid) SELECT uid FROM {t} \
                 WHERE uid IS NOT NULL AND NOT EXISTS (SELECT 1 FROM sync_known k WHERE k.uid = {t}.uid)"
            ),
            [],
        )
        .with_context(|| format!("marking the {t} to send"))?;
    }
    Ok(())
}

/// Every record of this replica not yet sent or received, as operations, handed to `f` in an
/// order that puts what a record refers to before it.
pub fn for_each_pending(conn: &Connection, mut f: impl FnMut(Op) -> Result<()>) -> Result<()> {
    let outbox: i64 = conn.query_row(
        "SELECT count(*) FROM (SELECT 1 FROM sync_outbox LIMIT ?1)",
        [MANY],
        |r| r.get(0),
    )?;
    let new = Rows::New {
        many: outbox >= MANY,
    };
    let mut st = conn.prepare(&format!(
        "SELECT uid, name, email, public_key, replica_uid, joined_at FROM members m WHERE {}",
        Rows::Unknown.condition("m", "")
    ))?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        f(Op::Member(MemberOp {
            uid: r.get(0)?,
            name: r.get(1)?,
            email: r.get(2)?,
            public_key: r.get(3)?,
            replica: r.get(4)?,
            joined_at: r.get(5)?,
        }))?;
    }
    // A member's further laptops (few rows: their uid is made from the laptop's).
    let laptops: Vec<(String, String, String)> = conn
        .prepare("SELECT replica_uid, member_uid, since FROM member_replicas ORDER BY since")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let supersedes: std::collections::HashMap<String, String> = conn
        .prepare("SELECT superseded_by, replica_uid FROM member_replicas WHERE superseded_by IS NOT NULL")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let firsts: Vec<String> = conn
        .prepare("SELECT replica_uid FROM members")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let me: Option<String> =
        conn.query_row("SELECT member_uid FROM sync_state", [], |r| r.get(0))?;
    for (replica, member, since) in laptops {
        let uid = replica_op_uid(&replica);
        // Only this member's own laptops: another's are theirs to introduce.
        if Some(&member) == me.as_ref() && !firsts.contains(&replica) && !known(conn, &uid)? {
            f(Op::Replica(ReplicaOp {
                uid,
                member,
                supersedes: supersedes.get(&replica).cloned(),
                replica,
                since,
            }))?;
        }
    }
    let mut st = conn.prepare(&format!(
        "SELECT e.uid, e.agency_uid, a.state, e.field, e.value, e.edited_at, e.clock, \
         (SELECT m.uid FROM members m WHERE m.uid = e.member_uid), e.rank FROM agency_edits e JOIN agencies a ON a.uid = e.agency_uid \
         WHERE {} ORDER BY e.clock, e.id",
        new.condition("e", "")
    ))?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        f(Op::AgencyEdit(AgencyEditOp {
            uid: r.get(0)?,
            agency: r.get(1)?,
            state: r.get(2)?,
            field: r.get(3)?,
            value: r.get(4)?,
            at: r.get(5)?,
            clock: r.get(6)?,
            member: r.get(7)?,
            rank: r.get(8)?,
        }))?;
    }
    agreement_ops(conn, &new.condition("g", ""), &mut f)?;
    let mut st = conn.prepare(&format!(
        "SELECT uid, code, overrides, edited_at, clock, \
         (SELECT m.uid FROM members m WHERE m.uid = l.member_uid) FROM law_edits l \
         WHERE {} ORDER BY id",
        new.condition("l", "")
    ))?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        f(Op::LawEdit(LawEditOp {
            uid: r.get(0)?,
            code: r.get(1)?,
            overrides: r.get(2)?,
            at: r.get(3)?,
            clock: r.get(4)?,
            member: r.get(5)?,
        }))?;
    }
    let mut st = conn.prepare(&format!(
        "SELECT uid, name, template, created_at FROM batches b WHERE {} ORDER BY id",
        new.condition("b", "")
    ))?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        f(Op::Batch(BatchOp {
            uid: r.get(0)?,
            name: r.get(1)?,
            template: r.get(2)?,
            created_at: r.get(3)?,
        }))?;
    }
    for (table, open) in [("closures", false), ("open_days", true)] {
        let mut st = conn.prepare(&format!(
            "SELECT c.uid, c.jurisdiction, a.uid, c.on_date, c.name, c.created_at FROM {table} c \
             LEFT JOIN agencies a ON a.id = c.agency_id WHERE {} ORDER BY c.id",
            new.condition("c", "")
        ))?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            f(Op::Closure(ClosureOp {
                uid: r.get(0)?,
                open,
                jurisdiction: r.get(1)?,
                agency: r.get(2)?,
                on: r.get(3)?,
                name: r.get(4)?,
                created_at: r.get(5)?,
            }))?;
        }
    }
    request_ops(conn, new, &mut f)?;
    event_ops(conn, new, &mut f)?;
    let mut st = conn.prepare(&format!(
        "SELECT uid, sha256, bytes, content_type, created_at FROM documents d WHERE {} \
         ORDER BY id",
        new.condition("d", "")
    ))?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        f(Op::Document(DocumentOp {
            uid: r.get(0)?,
            sha256: r.get(1)?,
            bytes: r.get(2)?,
            content_type: r.get(3)?,
            created_at: r.get(4)?,
        }))?;
    }
    request_document_ops(conn, new, &mut f)?;
    let mut st = conn.prepare(&format!(
        "{MESSAGE_OP_SQL} WHERE {} ORDER BY m.id",
        new.condition("m", "")
    ))?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        f(Op::Message(message_from_row(r)?))?;
    }
    let mut st = conn.prepare("SELECT uid, held FROM sync_discards WHERE sent = 0 ORDER BY uid")?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        let held: Option<String> = r.get(1)?;
        f(Op::Discard {
            request: r.get(0)?,
            held: held_list(held.as_deref()),
        })?;
    }
    Ok(())
}

/// Every record of this replica not yet sent or received, as operations (see
/// [`for_each_pending`]).
pub fn pending(conn: &Connection) -> Result<Vec<Op>> {
    let mut ops = Vec::new();
    for_each_pending(conn, |op| {
        ops.push(op);
        Ok(())
    })?;
    Ok(ops)
}

/// How many records the next sync sends.
pub fn count_pending(conn: &Connection) -> Result<usize> {
    let mut n = 0;
    for_each_pending(conn, |_| {
        n += 1;
        Ok(())
    })?;
    Ok(n)
}

/// The uid of the operation that introduces a member's further laptop.
pub fn replica_op_uid(replica: &str) -> String {
    crate::db::uid_of(&["replica", replica])
}

fn agreement_ops(
    conn: &Connection,
    condition: &str,
    f: &mut impl FnMut(Op) -> Result<()>,
) -> Result<()> {
    let mut st = conn.prepare(&format!(
        "{AGREEMENT_OP_SQL} WHERE {condition} ORDER BY g.id"
    ))?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        f(Op::Agreement(agreement_from_row(r)?))?;
    }
    Ok(())
}

pub(super) const AGREEMENT_OP_SQL: &str = "SELECT g.uid, a.uid, g.program, g.support_type, \
     g.status, g.signed_on, g.signed_raw, g.moa_url, g.addendum_url, g.source, g.listed, \
     g.first_seen, g.last_seen, g.clock FROM agreements g JOIN agencies a ON a.id = g.agency_id";

pub(super) fn agreement_from_row(r: &rusqlite::Row) -> rusqlite::Result<AgreementOp> {
    Ok(AgreementOp {
        uid: r.get(0)?,
        agency: r.get(1)?,
        program: r.get(2)?,
        support_type: r.get(3)?,
        status: r.get(4)?,
        signed_on: r.get(5)?,
        signed_raw: r.get(6)?,
        moa_url: r.get(7)?,
        addendum_url: r.get(8)?,
        source: r.get(9)?,
        listed: r.get(10)?,
        first_seen: r.get(11)?,
        last_seen: r.get(12)?,
        clock: r.get(13)?,
    })
}

fn request_ops(conn: &Connection, rows: Rows, f: &mut impl FnMut(Op) -> Result<()>) -> Result<()> {
    let mut st = conn.prepare(&format!(
        "SELECT r.uid, a.uid, b.uid, r.title, r.template, r.vars, r.followup_days, r.created_at, \
         (SELECT s.uid FROM request_subjects rs JOIN agencies s ON s.id = rs.agency_id \
          WHERE rs.request_id = r.id) \
         FROM requests r JOIN agencies a ON a.id = r.agency_id \
         LEFT JOIN batches b ON b.id = r.batch_id WHERE {} ORDER BY r.id",
        rows.condition("r", "r.id")
    ))?;
    let mut it = st.query([])?;
    while let Some(r) = it.next()? {
        f(Op::Request(RequestOp {
            uid: r.get(0)?,
            agency: r.get(1)?,
            batch: r.get(2)?,
            title: r.get(3)?,
            template: r.get(4)?,
            vars: r.get(5)?,
            followup_days: r.get(6)?,
            created_at: r.get(7)?,
            about: r.get(8)?,
        }))?;
    }
    Ok(())
}

/// Events in the order they were recorded here (by id: an event a void cancels was recorded
/// before the void, so it comes first).
fn event_ops(conn: &Connection, rows: Rows, f: &mut impl FnMut(Op) -> Result<()>) -> Result<()> {
    let mut st = conn.prepare(&format!(
        "SELECT e.uid, r.uid, e.kind, e.occurred_on, e.note, e.amount_cents, e.days, e.until, \
         v.uid, e.via, e.tracking, e.recorded_at, e.clock, \
         CASE WHEN EXISTS (SELECT 1 FROM members m WHERE m.uid = e.recorded_by) \
           OR EXISTS (SELECT 1 FROM former_members f WHERE f.uid = e.recorded_by) \
           THEN e.recorded_by END, \
         (SELECT group_concat(exemption, char(31)) FROM \
            (SELECT exemption FROM event_exemptions x WHERE x.event_id = e.id ORDER BY position)), \
         (SELECT f.name FROM former_members f WHERE f.uid = e.recorded_by) \
         FROM events e JOIN requests r ON r.id = e.request_id \
         LEFT JOIN events v ON v.id = e.voids WHERE {} ORDER BY e.id",
        rows.condition("e", "e.request_id")
    ))?;
    let mut it = st.query([])?;
    while let Some(r) = it.next()? {
        let ex: Option<String> = r.get(14)?;
        f(Op::Event(EventOp {
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
            former: r.get(15)?,
        }))?;
    }
    Ok(())
}

fn request_document_ops(
    conn: &Connection,
    rows: Rows,
    f: &mut impl FnMut(Op) -> Result<()>,
) -> Result<()> {
    let mut st = conn.prepare(&format!(
        "SELECT rd.uid, r.uid, d.uid, e.uid, rd.name, rd.added_at, rd.role \
         FROM request_documents rd JOIN requests r ON r.id = rd.request_id \
         JOIN documents d ON d.id = rd.document_id LEFT JOIN events e ON e.id = rd.event_id \
         WHERE {} ORDER BY rd.id",
        rows.condition("rd", "rd.request_id")
    ))?;
    let mut it = st.query([])?;
    while let Some(r) = it.next()? {
        f(Op::RequestDocument(RequestDocumentOp {
            uid: r.get(0)?,
            request: r.get(1)?,
            document: r.get(2)?,
            event: r.get(3)?,
            name: r.get(4)?,
            added_at: r.get(5)?,
            role: r.get(6)?,
        }))?;
    }
    Ok(())
}

pub(super) const MESSAGE_OP_SQL: &str = "SELECT m.uid, m.message_id, r.uid, e.uid, d.uid, \
     m.from_addr, m.subject, m.sent_at, m.origin, m.matched_by, m.reason, m.ingested_at \
     FROM messages m LEFT JOIN requests r ON r.id = m.request_id \
     LEFT JOIN events e ON e.id = m.event_id LEFT JOIN documents d ON d.id = m.document_id";

pub(super) fn message_from_row(r: &rusqlite::Row) -> rusqlite::Result<MessageOp> {
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

/// What a discarded draft held (its request, events and documents), as operations.
fn held_ops(conn: &Connection, request_id: i64) -> Result<Vec<Op>> {
    let mut ops = Vec::new();
    let mut push = |op: Op| {
        ops.push(op);
        Ok(())
    };
    let rows = Rows::OfRequest(request_id);
    request_ops(conn, rows, &mut push)?;
    event_ops(conn, rows, &mut push)?;
    request_document_ops(conn, rows, &mut push)?;
    Ok(ops)
}

/// The uids a discard's `held` column lists.
pub(super) fn held_list(held: Option<&str>) -> Vec<String> {
    held.and_then(|h| serde_json::from_str(h).ok())
        .unwrap_or_default()
}

/// Before draft `request_id` is deleted: in a team, what it held is kept (so that a record of
/// it from another laptop brings it all back), and the others are told (a sync stopped after
/// writing may have sent it without recording so). While a sync is importing, the discard came
/// from another laptop: it is kept as told.
pub fn keep_discarded(conn: &Connection, request_id: i64) -> Result<()> {
    let (uid, importing, in_team): (String, bool, bool) = conn
        .query_row(
            "SELECT r.uid, (SELECT importing FROM sync_state), \
             EXISTS (SELECT 1 FROM team) FROM requests r WHERE r.id = ?1",
            [request_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .context("reading a draft to discard")?;
    if !importing && !in_team {
        return Ok(());
    }
    let ops = held_ops(conn, request_id)?;
    // Its records stay known: a later copy of them is what a discard answers.
    mark_known(conn, &ops, None)?;
    let held: Vec<&str> = ops
        .iter()
        .filter(|o| matches!(o, Op::Event(_) | Op::RequestDocument(_)))
        .map(Op::uid)
        .collect();
    conn.execute(
        "INSERT INTO sync_discards (uid, sent, body, held) VALUES (?1, ?2, ?3, '[]') \
         ON CONFLICT (uid) DO UPDATE SET body = excluded.body, \
         sent = min(sent, excluded.sent)",
        params![uid, importing, serde_json::to_string(&ops)?],
    )
    .context("keeping what a discarded draft held")?;
    let held: Vec<String> = held.into_iter().map(str::to_string).collect();
    add_held(conn, &uid, &held)
}

/// A discard that arrived for a draft not here (yet): kept with what its discarder saw on it,
/// so that the draft, when it comes, stays discarded (and what comes for it is kept with it).
pub(super) fn keep_discard_told(conn: &Connection, uid: &str, held: &[String]) -> Result<()> {
    conn.execute(
        "INSERT OR IGNORE INTO sync_discards (uid, sent, body, held) VALUES (?1, 1, '[]', '[]')",
        [uid],
    )
    .context("keeping a discard told by a teammate")?;
    add_held(conn, uid, held)
}

/// What another discard of the same draft saw joins what this laptop's discard saw: a record
/// any of them saw goes with the draft.
pub(super) fn add_held(conn: &Connection, uid: &str, more: &[String]) -> Result<()> {
    let held: Option<String> = conn
        .query_row(
            "SELECT held FROM sync_discards WHERE uid = ?1",
            [uid],
            |r| r.get(0),
        )
        .optional()?
        .flatten();
    let mut all = held_list(held.as_deref());
    for h in more {
        if !all.contains(h) {
            all.push(h.clone());
        }
    }
    conn.execute(
        "UPDATE sync_discards SET held = ?2 WHERE uid = ?1",
        params![uid, serde_json::to_string(&all)?],
    )?;
    Ok(())
}
