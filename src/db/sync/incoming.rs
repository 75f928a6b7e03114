//! The operations that arrive from the team, applied by uid in the caller's transaction. A
//! record that refers to one not here yet (in a bundle still on its way, or in one that did not
//! open) is kept aside in `sync_parked` and applied as soon as that one is here, so one late or
//! damaged bundle holds back only what depends on it.

use std::collections::{BTreeSet, HashMap, HashSet};

use anyhow::{Context, Result, bail};
use rusqlite::{Connection, OptionalExtension, params};

use super::outgoing::{
    AGREEMENT_OP_SQL, MESSAGE_OP_SQL, agreement_from_row, held_list, keep_discard_told,
    message_from_row,
};
use super::{Missing, insert_member, insert_replica, keep_discarded, known, local_id, need};
use crate::ops::{AgreementOp, EventOp, LawEditOp, MessageOp, Op};

/// What applying a bundle changed, for the application to bring up to date.
#[derive(Debug, Default)]
pub struct Applied {
    /// Requests (local ids) whose history or calendar changed.
    pub requests: BTreeSet<i64>,
    /// A closure or open day arrived: every filed request is recomputed.
    pub calendars: bool,
    /// Jurisdictions whose rule changed (`law set` on another laptop).
    pub rules: BTreeSet<String>,
    /// Agencies whose slug moved here because another with the same slug came: (old, new).
    pub slugs_moved: Vec<(String, String)>,
    /// Operations that were new here.
    pub new_ops: usize,
    /// Operations kept aside until what they refer to arrives.
    pub parked: usize,
    /// Records made here, not sent yet, that met their twin from another laptop and stayed as
    /// they are (the earlier record): they must still be sent, for the others to keep them too.
    pub resend: Vec<String>,
}

/// Agencies whose edits arrived, in the order they first did: settled before anything that
/// refers to an agency, and at the end.
#[derive(Default)]
struct Unsettled {
    agencies: Vec<(String, String)>,
    seen: HashSet<String>,
}

/// Applies operations that arrived in bundle `seq` of `replica` (with the triggers told a sync
/// is importing). `stored` gives where each document's bytes were put (by SHA-256). A record
/// of this replica's own read back carries `sent_in`.
pub fn apply(
    conn: &Connection,
    ops: &[Op],
    stored: &HashMap<String, String>,
    from: (&str, i64),
    sent_in: Option<i64>,
) -> Result<Applied> {
    let mut applied = Applied::default();
    let mut unsettled = Unsettled::default();
    for op in ops {
        // An event, a message, a closure, a batch or an agreement known here may still be a
        // second record of the same thing (one reply ingested on two laptops, one day closed
        // twice, one list imported twice): those merge below.
        let seen = !matches!(op, Op::Discard { .. }) && known(conn, op.uid())?;
        if seen
            && !matches!(
                op,
                Op::Message(_) | Op::Event(_) | Op::Closure(_) | Op::Batch(_) | Op::Agreement(_)
            )
        {
            continue;
        }
        if !seen && !matches!(op, Op::Discard { .. }) {
            applied.new_ops += 1;
        }
        match apply_op(conn, op, stored, &mut applied, &mut unsettled) {
            Ok(()) => {}
            Err(e) => match e.downcast_ref::<Missing>() {
                Some(m) => {
                    park(conn, op, &m.0, from)?;
                    applied.parked += 1;
                }
                None => return Err(e),
            },
        }
    }
    settle_agencies(conn, &mut unsettled, &mut applied)?;
    super::mark_known(conn, ops, sent_in)?;
    let mut st = conn.prepare_cached("DELETE FROM sync_known WHERE uid = ?1")?;
    let mut again = conn.prepare_cached("INSERT OR IGNORE INTO sync_outbox (uid) VALUES (?1)")?;
    for uid in &applied.resend {
        st.execute([uid])?;
        again.execute([uid])?;
    }
    // What waited for what this bundle brought.
    applied.parked = applied.parked.saturating_sub(retry(conn, &mut applied)?);
    Ok(applied)
}

fn park(conn: &Connection, op: &Op, needs: &str, from: (&str, i64)) -> Result<()> {
    // Two records of one thing (a reply ingested on two laptops) may both wait here: both are
    // kept, and the merge that applies them keeps the same one whatever the order they came in.
    conn.prepare_cached(
        "INSERT INTO sync_parked (uid, op, needs, replica, seq) VALUES (?1, ?2, ?3, ?4, ?5) \
         ON CONFLICT (uid, op) DO UPDATE SET needs = excluded.needs",
    )?
    .execute(params![
        op.uid(),
        serde_json::to_string(op)?,
        needs,
        from.0,
        from.1
    ])
    .context("keeping a record aside until what it refers to arrives")?;
    Ok(())
}

/// Applies every record kept aside whose references are here now, again and again while that
/// makes progress; returns how many were applied.
fn retry(conn: &Connection, applied: &mut Applied) -> Result<usize> {
    let mut done = 0;
    loop {
        let waiting: Vec<(String, String)> = conn
            .prepare_cached("SELECT uid, op FROM sync_parked ORDER BY seq, rowid")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut moved = false;
        for (uid, text) in waiting {
            let op: Op = serde_json::from_str(&text)
                .with_context(|| format!("reading the record {uid} kept aside"))?;
            let mut unsettled = Unsettled::default();
            match apply_op(conn, &op, &HashMap::new(), applied, &mut unsettled) {
                Ok(()) => {
                    settle_agencies(conn, &mut unsettled, applied)?;
                    conn.execute(
                        "DELETE FROM sync_parked WHERE uid = ?1 AND op = ?2",
                        [&uid, &text],
                    )?;
                    done += 1;
                    moved = true;
                }
                Err(e) if e.downcast_ref::<Missing>().is_some() => {}
                Err(e) => return Err(e),
            }
        }
        if !moved {
            return Ok(done);
        }
    }
}

/// Applies the records kept aside that can be now (in the caller's transaction).
pub fn retry_parked(conn: &Connection) -> Result<Applied> {
    let mut applied = Applied::default();
    retry(conn, &mut applied)?;
    Ok(applied)
}

/// The records kept aside, with what each waits for (at most `limit` of them), and how many.
pub fn parked(conn: &Connection, limit: usize) -> Result<(Vec<String>, usize)> {
    let n: i64 = conn.query_row("SELECT count(*) FROM sync_parked", [], |r| r.get(0))?;
    let needs: Vec<String> = conn
        .prepare_cached("SELECT DISTINCT needs FROM sync_parked ORDER BY needs LIMIT ?1")?
        .query_map([limit as i64], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok((needs, n as usize))
}

fn apply_op(
    conn: &Connection,
    op: &Op,
    stored: &HashMap<String, String>,
    applied: &mut Applied,
    unsettled: &mut Unsettled,
) -> Result<()> {
    match op {
        Op::Member(m) => insert_member(conn, m)?,
        Op::Replica(r) => {
            // A further laptop of a member known here (their first bundle introduced them).
            if local_member(conn, &r.member)?.is_none() {
                return Err(Missing(format!("the member {}", r.member)).into());
            }
            insert_replica(conn, &r.replica, &r.member, &r.since)?;
            if let Some(old) = &r.supersedes {
                super::supersede(conn, old, &r.replica, &r.member)?;
            }
        }
        Op::AgencyEdit(e) => {
            conn.prepare_cached(
                "INSERT OR IGNORE INTO agency_edits (uid, agency_uid, field, value, edited_at, \
                 clock, member_uid, rank) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![
                e.uid, e.agency, e.field, e.value, e.at, e.clock, e.member, e.rank
            ])?;
            advance_clock(conn, e.clock)?;
            if unsettled.seen.insert(e.agency.clone()) {
                unsettled.agencies.push((e.agency.clone(), e.state.clone()));
            }
        }
        Op::Agreement(a) => {
            settle_agencies(conn, unsettled, applied)?;
            if apply_agreement(conn, a)? {
                applied.resend.push(a.uid.clone());
            }
        }
        Op::LawEdit(l) => apply_law_edit(conn, l, applied)?,
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
            settle_agencies(conn, unsettled, applied)?;
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
            settle_agencies(conn, unsettled, applied)?;
            if local_id(conn, "requests", &r.uid)?.is_some() {
                return Ok(());
            }
            // Discarded here: the draft's creation is kept with the discard (a record the
            // discard did not know of brings it back), not made again.
            if discarded(conn, &r.uid)?.is_some() {
                return keep_with_discard(conn, &r.uid, op);
            }
            let agency = need(conn, "agencies", &r.agency, "the agency of a request")?;
            let batch = match &r.batch {
                Some(b) => Some(need(conn, "batches", b, "the batch of a request")?),
                None => None,
            };
            let about = match &r.about {
                Some(a) => Some(need(conn, "agencies", a, "the agency a request is about")?),
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
            if let Some(a) = about {
                conn.prepare_cached(
                    "INSERT INTO request_subjects (request_id, agency_id) VALUES (?1, ?2)",
                )?
                .execute(params![id, a])?;
            }
            applied.requests.insert(id);
        }
        Op::Event(e) => apply_event(conn, e, op, applied, unsettled)?,
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
            let Some(request) = request_for(conn, &d.request, op, applied, unsettled)? else {
                return Ok(());
            };
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
        Op::Message(m) => apply_message(conn, m, op, applied, unsettled)?,
        Op::Discard { request, held } => {
            let Some(id) = local_id(conn, "requests", request)? else {
                // Not here yet (or no longer): when it comes, it stays discarded.
                return keep_discard_told(conn, request, held);
            };
            let draft: bool = conn.query_row(
                "SELECT status = 'draft' FROM requests WHERE id = ?1",
                [id],
                |r| r.get(0),
            )?;
            // Only a draft goes, and only when it holds nothing its discarder did not see:
            // one that someone filed or logged anything on elsewhere stays (and comes back on
            // the discarding laptop when that arrives there).
            let mine: Vec<String> = conn
                .prepare_cached(
                    "SELECT uid FROM events WHERE request_id = ?1 \
                     UNION ALL SELECT uid FROM request_documents WHERE request_id = ?1",
                )?
                .query_map([id], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            if draft && mine.iter().all(|u| held.contains(u)) {
                keep_discarded(conn, id)?;
                super::outgoing::add_held(conn, request, held)?;
                crate::db::requests::discard_draft(conn, id)?;
                applied.requests.remove(&id);
            }
        }
    }
    Ok(())
}

fn local_member(conn: &Connection, uid: &str) -> Result<Option<String>> {
    conn.prepare_cached("SELECT public_key FROM members WHERE uid = ?1")?
        .query_row([uid], |r| r.get(0))
        .optional()
        .context("looking up a member")
}

fn advance_clock(conn: &Connection, clock: i64) -> Result<()> {
    conn.prepare_cached("UPDATE sync_state SET clock = max(clock, ?1)")?
        .execute([clock])?;
    Ok(())
}

/// A draft discarded here: what it held (its records, as operations) and the uids its
/// discarder saw on it.
struct Discarded {
    body: Vec<Op>,
    held: Vec<String>,
}

fn discarded(conn: &Connection, uid: &str) -> Result<Option<Discarded>> {
    let row: Option<(Option<String>, Option<String>)> = conn
        .prepare_cached("SELECT body, held FROM sync_discards WHERE uid = ?1")?
        .query_row([uid], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()
        .context("looking up a discarded draft")?;
    Ok(row.map(|(body, held)| {
        let body: Vec<Op> = body
            .as_deref()
            .and_then(|b| serde_json::from_str(b).ok())
            .unwrap_or_default();
        let held = held_list(held.as_deref());
        Discarded { body, held }
    }))
}

/// `op`, a record of the discarded draft `uid`, is kept with the discard (it comes back with
/// the draft, if the draft does).
fn keep_with_discard(conn: &Connection, uid: &str, op: &Op) -> Result<()> {
    let Some(mut d) = discarded(conn, uid)? else {
        return Ok(());
    };
    if !d.body.iter().any(|o| o.uid() == op.uid()) {
        d.body.push(op.clone());
        conn.execute(
            "UPDATE sync_discards SET body = ?2 WHERE uid = ?1",
            params![uid, serde_json::to_string(&d.body)?],
        )?;
    }
    Ok(())
}

/// The local id of request `uid`, which record `op` (an event, a document, a message) belongs
/// to: when the request is a draft discarded here, `None` if the record is one its discarder
/// saw on it (it is kept with the discard), and otherwise the draft comes back, with all it
/// held, since someone elsewhere did something with it (or the record waits, when the draft
/// itself has not arrived yet).
fn request_for(
    conn: &Connection,
    uid: &str,
    op: &Op,
    applied: &mut Applied,
    unsettled: &mut Unsettled,
) -> Result<Option<i64>> {
    if let Some(id) = local_id(conn, "requests", uid)? {
        return Ok(Some(id));
    }
    let missing = || Missing(format!("the request {}", crate::ops::team_ref(uid)));
    let Some(d) = discarded(conn, uid)? else {
        return Err(missing().into());
    };
    if d.held.iter().any(|h| h == op.uid()) {
        keep_with_discard(conn, uid, op)?;
        return Ok(None);
    }
    if !d.body.iter().any(|o| matches!(o, Op::Request(_))) {
        return Err(missing().into());
    }
    conn.execute("DELETE FROM sync_discards WHERE uid = ?1", [uid])?;
    for held in &d.body {
        apply_op(conn, held, &HashMap::new(), applied, unsettled)?;
    }
    need(conn, "requests", uid, "the request").map(Some)
}

fn apply_event(
    conn: &Connection,
    e: &EventOp,
    op: &Op,
    applied: &mut Applied,
    unsettled: &mut Unsettled,
) -> Result<()> {
    let Some(request) = request_for(conn, &e.request, op, applied, unsettled)? else {
        return Ok(());
    };
    let voids = match &e.voids {
        Some(v) => Some(need(conn, "events", v, "the event a void cancels")?),
        None => None,
    };
    advance_clock(conn, e.clock)?;
    type Held = (
        i64,
        i64,
        Option<String>,
        String,
        (
            i64,
            String,
            String,
            Option<String>,
            Option<i64>,
            Option<i64>,
        ),
        (Option<String>, Option<i64>, Option<String>),
    );
    let here: Option<Held> = conn
        .prepare_cached(
            "SELECT id, clock, recorded_by, recorded_at, request_id, kind, occurred_on, note, \
             amount_cents, days, until, voids, via FROM events WHERE uid = ?1",
        )?
        .query_row([&e.uid], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                (
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                    r.get(8)?,
                    r.get(9)?,
                ),
                (r.get(10)?, r.get(11)?, r.get(12)?),
            ))
        })
        .optional()?;
    if let Some((id, clock, by, recorded_at, what, more)) = here {
        // Another record of an event known here: it must say the same (a record that changes
        // what an event says is refused, never taken in).
        let says = (
            (
                request,
                e.kind.clone(),
                e.on.clone(),
                e.note.clone(),
                e.amount_cents,
                e.days,
            ),
            (e.until.clone(), voids, e.via.clone()),
        );
        // (One reply filed on two laptops may have been dated by the day each read it, when it
        // carried no date: its day is the record that came first here.)
        let same = if what.1 == "reply" {
            (says.0.0, &says.0.1, &says.0.3) == (what.0, &what.1, &what.3)
        } else {
            says == (what.clone(), more)
        };
        if !same {
            bail!(
                "it changes what an event logged on another laptop says ({} of {} on a request)",
                what.1,
                what.2
            );
        }
        let former = |uid: &Option<String>| -> Result<bool> {
            Ok(match uid {
                Some(b) => conn
                    .prepare_cached("SELECT 1 FROM former_members WHERE uid = ?1")?
                    .exists([b])?,
                None => false,
            })
        };
        let relayed_here = former(&by)?;
        let relayed_there = e.former.is_some();
        // Who logged it: one reply ingested on two laptops is one event, and every replica
        // keeps its earlier record, so that all order it alike; a member's own record stands
        // over history relayed from an earlier team; any other event is one member's, and a
        // record that gives it to another member is refused.
        if by != e.member && what.1 != "reply" && !relayed_here && !relayed_there {
            bail!("it gives an event another member logged to someone else");
        }
        let theirs = (relayed_there, e.clock, &e.member, &e.recorded_at);
        let ours = (relayed_here, clock, &by, &recorded_at);
        if theirs < ours {
            conn.prepare_cached(
                "UPDATE events SET clock = ?2, recorded_at = ?3, recorded_by = ?4 WHERE id = ?1",
            )?
            .execute(params![id, e.clock, e.recorded_at, e.member])?;
            applied.requests.insert(request);
        } else if theirs != ours && !known(conn, &e.uid)? {
            applied.resend.push(e.uid.clone());
        }
        return Ok(());
    }
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
    if let (Some(uid), Some(name)) = (&e.member, &e.former) {
        conn.prepare_cached("INSERT OR IGNORE INTO former_members (uid, name) VALUES (?1, ?2)")?
            .execute(params![uid, name])?;
    }
    let mut st = conn.prepare_cached(
        "INSERT INTO event_exemptions (event_id, position, exemption) VALUES (?1, ?2, ?3)",
    )?;
    for (i, x) in e.exemptions.iter().enumerate() {
        st.execute(params![id, i as i64, x])?;
    }
    applied.requests.insert(request);
    Ok(())
}

/// The message `uid` as it stands here, as an operation.
fn message_op(conn: &Connection, uid: &str) -> Result<Option<MessageOp>> {
    conn.prepare_cached(&format!("{MESSAGE_OP_SQL} WHERE m.uid = ?1"))?
        .query_row([uid], message_from_row)
        .optional()
        .context("reading a message")
}

fn apply_message(
    conn: &Connection,
    m: &MessageOp,
    op: &Op,
    applied: &mut Applied,
    unsettled: &mut Unsettled,
) -> Result<()> {
    // (A message of a draft discarded with it, were there one, is kept unfiled.)
    let request = match &m.request {
        Some(r) => request_for(conn, r, op, applied, unsettled)?,
        None => None,
    };
    let opt = |table: &str, uid: &Option<String>, what: &str| -> Result<Option<i64>> {
        match uid {
            Some(u) => Ok(Some(need(conn, table, u, what)?)),
            None => Ok(None),
        }
    };
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
            }
        }
    }
    Ok(())
}

/// An agreement as another laptop's import left it: the later import's (by logical clock, then
/// by its whole text) stands everywhere. True when this laptop's
/// own, not sent yet, stands against it (and must still be sent).
fn apply_agreement(conn: &Connection, a: &AgreementOp) -> Result<bool> {
    let agency = need(conn, "agencies", &a.agency, "the agency of an agreement")?;
    let here: Option<AgreementOp> = conn
        .prepare_cached(&format!("{AGREEMENT_OP_SQL} WHERE g.uid = ?1"))?
        .query_row([&a.uid], agreement_from_row)
        .optional()?;
    advance_clock(conn, a.clock)?;
    let rank = |o: &AgreementOp| (o.clock, serde_json::to_string(o).unwrap_or_default());
    match here {
        Some(h) if rank(a) <= rank(&h) => {
            // This laptop's own, not sent yet, stands: it must still go out, for the others
            // to keep it too.
            if rank(a) < rank(&h) && !known(conn, &a.uid)? {
                return Ok(true);
            }
        }
        Some(_) => {
            conn.prepare_cached(
                "UPDATE agreements SET status = ?2, signed_on = ?3, signed_raw = ?4, \
                 moa_url = ?5, addendum_url = ?6, source = ?7, listed = ?8, \
                 first_seen = ?9, last_seen = ?10, clock = ?11 WHERE uid = ?1",
            )?
            .execute(params![
                a.uid,
                a.status,
                a.signed_on,
                a.signed_raw,
                a.moa_url,
                a.addendum_url,
                a.source,
                a.listed,
                a.first_seen,
                a.last_seen,
                a.clock
            ])?;
        }
        None => {
            conn.prepare_cached(
                "INSERT INTO agreements (uid, agency_id, program, support_type, status, \
                 signed_on, signed_raw, moa_url, addendum_url, source, listed, first_seen, \
                 last_seen, clock) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, \
                 ?14)",
            )?
            .execute(params![
                a.uid,
                agency,
                a.program,
                a.support_type,
                a.status,
                a.signed_on,
                a.signed_raw,
                a.moa_url,
                a.addendum_url,
                a.source,
                a.listed,
                a.first_seen,
                a.last_seen,
                a.clock
            ])
            .context("adding an agreement another laptop imported")?;
        }
    }
    Ok(false)
}

/// A change of a jurisdiction's rule from another laptop: kept, and the latest change of the
/// rule (by time, then logical clock, then uid) is the override in force.
fn apply_law_edit(conn: &Connection, l: &LawEditOp, applied: &mut Applied) -> Result<()> {
    conn.prepare_cached(
        "INSERT OR IGNORE INTO law_edits (uid, code, overrides, edited_at, clock, member_uid) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![l.uid, l.code, l.overrides, l.at, l.clock, l.member])?;
    advance_clock(conn, l.clock)?;
    crate::db::law::settle_override(conn, &l.code)?;
    applied.rules.insert(l.code.clone());
    Ok(())
}

/// The agencies fields to take from their edits.
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
    unsettled: &mut Unsettled,
    applied: &mut Applied,
) -> Result<()> {
    unsettled.seen.clear();
    for (uid, state) in unsettled.agencies.drain(..) {
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
