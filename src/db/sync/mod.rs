//! Team sync in the store: the team this replica belongs to, how far it has read the others,
//! the operations that are new here (`outgoing.rs`), and the operations that arrive, applied
//! by uid (`incoming.rs`).
//!
//! What is visible when: a record made here is new (pending) until a bundle that carries it is
//! recorded as sent; a record that arrived is known from the transaction that applied it. A
//! record that arrives before what it refers to is kept in `sync_parked` and applied, in a
//! later transaction, as soon as that is here.

mod incoming;
mod outgoing;

use std::collections::{BTreeMap, HashMap};

use anyhow::{Context, Result, bail};
use rusqlite::{Connection, OptionalExtension, params};

use super::now_stamp;
use crate::ops::{MemberOp, Op};

pub use incoming::{Applied, apply, parked, retry_parked};
pub use outgoing::{count_pending, fill_outbox, for_each_pending, keep_discarded, pending};

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
    /// Which file the database was when it joined (or last continued as a laptop of its own).
    pub file_id: Option<String>,
    /// What the last sync could not do, one line each.
    pub problems: Vec<String>,
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
         t.signing_key, t.joined_at, t.sent_seq, t.sent_hash, t.last_sync_at, t.file_id, \
         t.problems FROM team t, sync_state s",
    )?
    .query_row([], |r| {
        let problems: Option<String> = r.get(12)?;
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
            file_id: r.get(11)?,
            problems: problems
                .and_then(|p| serde_json::from_str(&p).ok())
                .unwrap_or_default(),
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
         joined_at, file_id) VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            t.team_uid,
            t.medium,
            t.endpoint,
            b64(&t.team_key),
            t.replica_uid,
            b64(&t.signing_key),
            t.joined_at,
            t.file_id
        ],
    )
    .context("joining the team")?;
    conn.execute(
        "UPDATE sync_state SET member_uid = ?1",
        params![t.member_uid],
    )?;
    insert_member(conn, me)?;
    fill_outbox(conn)
}

/// Leaves the team: the database keeps every record it holds and stops syncing. What it knew
/// of the team (members, what was read and sent) goes, so that it can join a team again.
///
/// The events its members logged keep saying who, as history: each member's name is kept under
/// a uid made from the name alone ([`former_uid`]), which no member of any team has, so that
/// the history travels to a team joined later without ever passing for a member's own work.
/// Discarded drafts stay discarded (they are told to the next team).
pub fn leave(conn: &Connection) -> Result<()> {
    let members = members(conn)?;
    set_importing(conn, true)?;
    for m in &members {
        let former = former_uid(&m.name);
        conn.execute(
            "INSERT OR IGNORE INTO former_members (uid, name, email) VALUES (?1, ?2, ?3)",
            params![former, m.name, m.email],
        )?;
        conn.execute(
            "UPDATE events SET recorded_by = ?2 WHERE recorded_by = ?1",
            params![m.uid, former],
        )?;
    }
    set_importing(conn, false)?;
    conn.execute_batch(
        "DELETE FROM team; DELETE FROM members; DELETE FROM member_replicas; \
         DELETE FROM sync_replicas; DELETE FROM sync_known; DELETE FROM sync_parked; \
         DELETE FROM sync_outbox; UPDATE sync_discards SET sent = 0; \
         UPDATE sync_state SET member_uid = NULL;",
    )
    .context("leaving the team")
}

/// The uid an earlier team's member's name goes by in history (see [`leave`]).
pub fn former_uid(name: &str) -> String {
    super::uid_of(&["former member", name])
}

/// Records which file the database is now.
pub fn set_file_id(conn: &Connection, file_id: &str) -> Result<()> {
    conn.execute("UPDATE team SET file_id = ?1", [file_id])?;
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

/// The members of teams this database was in before, by uid: (name, email).
pub fn former_members(conn: &Connection) -> Result<BTreeMap<String, String>> {
    let mut st = conn.prepare_cached("SELECT uid, name FROM former_members")?;
    let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    rows.collect::<rusqlite::Result<_>>()
        .context("reading the former members")
}

/// Every laptop (replica) of the team known here, with its member's uid.
pub fn replicas(conn: &Connection) -> Result<BTreeMap<String, String>> {
    let mut st = conn.prepare_cached("SELECT replica_uid, member_uid FROM member_replicas")?;
    let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    rows.collect::<rusqlite::Result<_>>()
        .context("reading the team's laptops")
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
    insert_replica(conn, &m.replica, &m.uid, &m.joined_at)?;
    // A member's own introduction, signed with their key, says whose laptop it is, whatever
    // another member claimed of it before.
    conn.prepare_cached(
        "UPDATE member_replicas SET member_uid = ?2, superseded_by = NULL \
         WHERE replica_uid = ?1 AND member_uid <> ?2",
    )?
    .execute(params![m.replica, m.uid])?;
    Ok(())
}

fn insert_replica(conn: &Connection, replica: &str, member: &str, since: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT OR IGNORE INTO member_replicas (replica_uid, member_uid, since) \
         VALUES (?1, ?2, ?3)",
    )?
    .execute(params![replica, member, since])
    .context("recording a member's laptop")?;
    Ok(())
}

/// Laptop `old` of `member` is superseded by `new`, which sent all its records again: only a
/// laptop known here as that member's (a member never stops the others reading another's).
fn supersede(conn: &Connection, old: &str, new: &str, member: &str) -> Result<()> {
    conn.prepare_cached(
        "UPDATE member_replicas SET superseded_by = ?2 WHERE replica_uid = ?1 \
         AND member_uid = ?3 AND superseded_by IS NULL",
    )?
    .execute(params![old, new, member])
    .context("recording a laptop that was republished")?;
    Ok(())
}

/// Whether the member of laptop `replica` writes from a later one of theirs (the database went
/// on under another name: a copy, a restore, an unreadable bundle of its own).
pub fn gone_on_from(conn: &Connection, replica: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT 1 FROM member_replicas a JOIN member_replicas b \
             ON b.member_uid = a.member_uid AND b.since > a.since WHERE a.replica_uid = ?1",
        )?
        .exists([replica])?)
}

/// The laptops whose records another of their member's laptops sent all again: their bundles
/// are not read any more.
pub fn superseded(conn: &Connection) -> Result<std::collections::BTreeSet<String>> {
    let mut st = conn.prepare_cached(
        "SELECT replica_uid FROM member_replicas WHERE superseded_by IS NOT NULL",
    )?;
    let rows = st.query_map([], |r| r.get(0))?;
    rows.collect::<rusqlite::Result<_>>()
        .context("reading the laptops republished")
}

/// How far this replica has read each other replica: its last bundle's number and hash (`*`
/// when the next bundle is taken whatever it follows: the history of a laptop that was copied
/// goes on from there, see [`continue_elsewhere`]).
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

/// This replica's bundle `seq` (file hash `hash`) carries the records `uids` and the discards
/// `discards`: they are sent.
pub fn record_sent(
    conn: &Connection,
    seq: i64,
    hash: &str,
    uids: &[String],
    discards: &[String],
) -> Result<()> {
    conn.execute(
        "UPDATE team SET sent_seq = ?1, sent_hash = ?2",
        params![seq, hash],
    )?;
    let mut st = conn.prepare_cached(
        "INSERT INTO sync_known (uid, sent_in) VALUES (?1, ?2) \
         ON CONFLICT (uid) DO UPDATE SET sent_in = excluded.sent_in",
    )?;
    let mut sent = conn.prepare_cached("DELETE FROM sync_outbox WHERE uid = ?1")?;
    for uid in uids {
        st.execute(params![uid, seq])?;
        sent.execute([uid])?;
    }
    let mut st = conn.prepare_cached("UPDATE sync_discards SET sent = 1 WHERE uid = ?1")?;
    for d in discards {
        st.execute([d])?;
    }
    Ok(())
}

/// A bundle this replica wrote before (a sync stopped before recording it, or a backup was
/// restored since) was read back: it is where this replica's history stands.
pub fn record_read_back(conn: &Connection, seq: i64, hash: &str, ops: &[Op]) -> Result<()> {
    let uids: Vec<String> = ops
        .iter()
        .filter(|o| !matches!(o, Op::Discard { .. }))
        .map(|o| o.uid().to_string())
        .collect();
    let discards: Vec<String> = ops
        .iter()
        .filter(|o| matches!(o, Op::Discard { .. }))
        .map(|o| o.uid().to_string())
        .collect();
    record_sent(conn, seq, hash, &uids, &discards)
}

/// The time of the last sync that finished, and what it could not do.
pub fn set_synced(conn: &Connection, problems: &[String]) -> Result<()> {
    conn.execute(
        "UPDATE team SET last_sync_at = ?1, problems = ?2",
        params![now_stamp(), serde_json::to_string(problems)?],
    )?;
    Ok(())
}

/// This laptop goes on as a new one (`replica`), signed with the same member's key: its
/// history so far stays on the medium under the old name, read from where it stands like any
/// other laptop's (`from`: the last bundle of it this database holds, `*` when the next one
/// is taken whatever it follows). Done when the database turns out to be a copy (another file
/// than the one that joined), or when a bundle of its own on the medium is not the one it wrote.
pub fn continue_elsewhere(
    conn: &Connection,
    replica: &str,
    file_id: Option<&str>,
    from: (i64, &str),
    republish: bool,
) -> Result<()> {
    let t = team(conn)?.context("this database is in no team")?;
    if from.0 > 0 {
        set_progress(conn, &t.replica_uid, from.0, from.1)?;
    }
    let now = now_stamp();
    conn.execute(
        "UPDATE team SET replica_uid = ?1, sent_seq = 0, sent_hash = NULL, file_id = ?2",
        params![replica, file_id],
    )?;
    insert_replica(conn, replica, &t.member_uid, &now)?;
    if republish {
        supersede(conn, &t.replica_uid, replica, &t.member_uid)?;
    }
    Ok(())
}

/// Every record this laptop holds goes out again (in the bundles of a new name for it, see
/// [`continue_elsewhere`]), but for the events and edits another member made (their own
/// laptops send those): for a bundle of this laptop's that others cannot read. Returns how
/// many.
pub fn send_again(conn: &Connection) -> Result<usize> {
    let me: Option<String> =
        conn.query_row("SELECT member_uid FROM sync_state", [], |r| r.get(0))?;
    let mut n = 0;
    for t in outgoing::SHARED {
        let by = match t {
            "events" => Some("recorded_by"),
            "agency_edits" | "law_edits" => Some("member_uid"),
            _ => None,
        };
        let mine = by
            .map(|c| {
                format!(
                    " AND ({c} IS NULL OR {c} = ?1 \
                     OR NOT EXISTS (SELECT 1 FROM members m WHERE m.uid = {t}.{c}))"
                )
            })
            .unwrap_or_default();
        let sql = format!(
            "INSERT OR IGNORE INTO sync_outbox (uid) SELECT uid FROM {t} WHERE uid IS NOT NULL{mine}"
        );
        n += if by.is_some() {
            conn.execute(&sql, [&me])?
        } else {
            conn.execute(&sql, [])?
        };
    }
    conn.execute(
        "DELETE FROM sync_known WHERE uid IN (SELECT uid FROM sync_outbox)",
        [],
    )
    .context("marking what this laptop holds as new")?;
    conn.execute("UPDATE sync_discards SET sent = 0", [])?;
    Ok(n)
}

/// The records that bundle `seq` of this replica carried go out again.
pub fn unsend(conn: &Connection, seq: i64) -> Result<usize> {
    conn.execute(
        "INSERT OR IGNORE INTO sync_outbox (uid) SELECT uid FROM sync_known WHERE sent_in = ?1",
        [seq],
    )?;
    Ok(conn.execute("DELETE FROM sync_known WHERE sent_in = ?1", [seq])?)
}

/// The records of `ops` are known here (sent, or received): none of them is sent again
/// unless it changes here.
fn mark_known(conn: &Connection, ops: &[Op], sent_in: Option<i64>) -> Result<()> {
    let mut st =
        conn.prepare_cached("INSERT OR IGNORE INTO sync_known (uid, sent_in) VALUES (?1, ?2)")?;
    let mut sent = conn.prepare_cached("DELETE FROM sync_outbox WHERE uid = ?1")?;
    for op in ops {
        if !matches!(op, Op::Discard { .. }) {
            st.execute(params![op.uid(), sent_in])?;
            sent.execute([op.uid()])?;
        }
    }
    Ok(())
}

fn known(conn: &Connection, uid: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM sync_known WHERE uid = ?1")?
        .exists([uid])?)
}

fn local_id(conn: &Connection, table: &str, uid: &str) -> Result<Option<i64>> {
    conn.prepare_cached(&format!("SELECT id FROM {table} WHERE uid = ?1"))?
        .query_row([uid], |r| r.get(0))
        .optional()
        .with_context(|| format!("looking up {uid} in {table}"))
}

/// A record that refers to another that is not here (yet): the operation waits.
#[derive(Debug)]
pub struct Missing(pub String);

impl std::fmt::Display for Missing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} is not here yet", self.0)
    }
}

impl std::error::Error for Missing {}

fn need(conn: &Connection, table: &str, uid: &str, what: &str) -> Result<i64> {
    match local_id(conn, table, uid)? {
        Some(id) => Ok(id),
        None => Err(Missing(format!("{what} {uid}")).into()),
    }
}

/// Whether triggers record local edits (0) or a sync is importing (1).
pub fn set_importing(conn: &Connection, on: bool) -> Result<()> {
    conn.execute("UPDATE sync_state SET importing = ?1", [on])?;
    Ok(())
}

/// Room for 64 MB of pages in memory while a sync runs (a bundle may bring a whole roster; a
/// first sync reads every table), or back to SQLite's default.
pub fn roomy_cache(conn: &Connection, on: bool) -> Result<()> {
    conn.pragma_update(None, "cache_size", if on { -65536 } else { -2000 })?;
    Ok(())
}

/// Gives the records that have an identity in the world the uid every laptop gives them (an
/// agency from its state and the name it was first given, a batch from its name, a closure
/// from its place and day, a document from its content, a message from its Message-ID, an
/// agreement from its agency, program and support type), for a database made before those
/// uids were: done when it joins a team, before anything is sent.
pub fn rekey(conn: &Connection) -> Result<()> {
    // An office renamed here keeps the identity of the name it was created with (the name a
    // teammate's import of the same list gives it), unless another office here has that name.
    let agencies: Vec<(i64, String, String, String, Option<String>)> = conn
        .prepare(
            "SELECT a.id, a.uid, a.state, a.name, (SELECT e.value FROM agency_edits e \
             WHERE e.agency_uid = a.uid AND e.field = 'name' AND e.value IS NOT NULL \
             ORDER BY e.clock, e.id LIMIT 1) FROM agencies a",
        )?
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let keys: HashMap<String, usize> = agencies.iter().fold(HashMap::new(), |mut m, a| {
        *m.entry(super::agency_uid(&a.2, &a.3)).or_default() += 1;
        m
    });
    for (id, old, state, name, first) in &agencies {
        let by_first = first
            .as_deref()
            .map(|f| super::agency_uid(state, f))
            .filter(|u| *u == super::agency_uid(state, name) || !keys.contains_key(u));
        let new = by_first.unwrap_or_else(|| super::agency_uid(state, name));
        if new != *old {
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
    rekey_agreements(conn)?;
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

/// Gives every agreement the uid its agency, program and support type make (the same on
/// every laptop that imports the same list). Agreements travel since schema 9: a database in a
/// team before it has them under random uids, never sent, and is rekeyed once on open.
pub fn rekey_agreements(conn: &Connection) -> Result<usize> {
    let rows: Vec<(i64, String, String, String, String)> = conn
        .prepare(
            "SELECT g.id, g.uid, a.uid, g.program, g.support_type FROM agreements g \
             JOIN agencies a ON a.id = g.agency_id",
        )?
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut n = 0;
    for (id, old, agency, program, support) in rows {
        let new = super::agreement_uid(&agency, &program, &support);
        if new != old {
            conn.execute(
                "UPDATE agreements SET uid = ?2 WHERE id = ?1",
                params![id, new],
            )?;
            n += 1;
        }
    }
    Ok(n)
}

/// How many requests and documents this database holds (what joining a team shares).
pub fn holdings(conn: &Connection) -> Result<(i64, i64)> {
    conn.query_row(
        "SELECT (SELECT count(*) FROM requests), (SELECT count(*) FROM documents)",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .context("counting what this database holds")
}

/// Where the documents of `sha256` is stored, when it is.
pub fn document_path(conn: &Connection, sha256: &str) -> Result<Option<String>> {
    conn.prepare_cached("SELECT stored_path FROM documents WHERE sha256 = ?1")?
        .query_row([sha256], |r| r.get(0))
        .optional()
        .context("looking up a document")
}

/// How many records the next sync sends, for `team status`.
pub fn waiting_to_send(conn: &Connection) -> Result<usize> {
    count_pending(conn)
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
