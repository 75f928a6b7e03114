//! A team shares one tracker: each laptop keeps its own database and, on `docket sync`, reads
//! the bundles the others wrote since it last looked and writes one bundle of what is new here.
//!
//! On the medium, under the team's folder or prefix:
//! - `team.check`: a short text sealed with the team's key, so that a wrong invite fails at
//!   once;
//! - `replicas/<replica>/<seq>.bundle`: each replica's bundles, numbered from 1, each holding
//!   the SHA-256 of the one before (a hash chain), written once and never replaced;
//! - `blobs/<name>`: the bytes of each document, sealed, under a name derived from its hash
//!   with the team's key (the medium learns nothing of the content).

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use anyhow::{Context, Result, bail};
use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;

use crate::app::deadlines::Law;
use crate::db::{self, Db};
use crate::ops::{BundleBody, MemberOp, Op};
use crate::sync::medium::{Medium, Place, Put, S3Settings};
use crate::sync::{Invite, seal};

const CHECK: &str = "team.check";
const BUNDLE_VERSION: u32 = 1;

fn bundle_path(replica: &str, seq: i64) -> String {
    format!("replicas/{replica}/{seq:010}.bundle")
}

/// The opaque name of a document's bytes on the medium.
fn blob_path(key: &[u8; 32], sha256: &str) -> String {
    use sha2::Digest;
    let mut h = sha2::Sha256::new();
    h.update(b"docket-blob\0");
    h.update(key);
    h.update(sha256.as_bytes());
    format!("blobs/{}", data_encoding::HEXLOWER.encode(&h.finalize()))
}

fn check_text(team: &str) -> Vec<u8> {
    format!("docket team {team}").into_bytes()
}

fn open_medium(place: &str, endpoint: Option<&str>) -> Result<Medium> {
    let place = Place::parse(place)?;
    Medium::open(&place, &S3Settings::from_environment(endpoint))
}

/// Who this member is, from the requester's profile.
pub struct Me {
    pub name: String,
    pub email: Option<String>,
}

fn new_team_row(
    team_uid: String,
    key: [u8; 32],
    place: &str,
    endpoint: Option<&str>,
    me: &Me,
) -> Result<(db::sync::Team, MemberOp)> {
    let signing = seal::new_signing_key()?;
    let replica = uuid::Uuid::now_v7().to_string();
    let member = uuid::Uuid::now_v7().to_string();
    let now = db::now_stamp();
    let t = db::sync::Team {
        team_uid,
        medium: place.to_string(),
        endpoint: endpoint.map(str::to_string),
        team_key: key,
        replica_uid: replica.clone(),
        member_uid: member.clone(),
        signing_key: signing.to_bytes(),
        joined_at: now.clone(),
        sent_seq: 0,
        sent_hash: None,
        last_sync_at: None,
    };
    let m = MemberOp {
        uid: member,
        name: me.name.clone(),
        email: me.email.clone(),
        public_key: data_encoding::BASE64.encode(&signing.verifying_key().to_bytes()),
        replica,
        joined_at: now,
    };
    Ok((t, m))
}

/// Starts a team on `place`: a new key, this laptop its first member. Returns the invite.
pub fn init(db: &mut Db, place: &str, endpoint: Option<&str>, me: &Me) -> Result<Invite> {
    if db::sync::team(db.conn())?.is_some() {
        bail!("this database is in a team already: `docket team status` says which");
    }
    let medium = open_medium(place, endpoint)?;
    if !medium.list("")?.is_empty() {
        bail!(
            "{} holds files already: start a team in an empty folder or prefix, or join the team there with `docket team join {} --invite CODE`",
            medium.place(),
            medium.place()
        );
    }
    let invite = Invite {
        team: uuid::Uuid::now_v7().to_string(),
        key: crate::sync::random_key()?,
    };
    let (t, m) = new_team_row(invite.team.clone(), invite.key, place, endpoint, me)?;
    let signer = seal::signing_key(&t.signing_key)?;
    let sealed = seal::seal(&invite.key, &signer, CHECK, &check_text(&invite.team))?;
    if let Put::Exists(_) = medium.put_new(CHECK, sealed)? {
        bail!(
            "{} holds a team already: join it with --invite",
            medium.place()
        );
    }
    db.write(|tx| {
        db::sync::rekey(tx)?;
        db::sync::set_team(tx, &t, &m)
    })?;
    Ok(invite)
}

/// Joins the team on `place` whose invite is `code`.
pub fn join(db: &mut Db, place: &str, endpoint: Option<&str>, code: &str, me: &Me) -> Result<()> {
    if let Some(t) = db::sync::team(db.conn())? {
        bail!(
            "this database is in the team on {} already: one database belongs to one team",
            t.medium
        );
    }
    let invite = Invite::parse(code)?;
    let medium = open_medium(place, endpoint)?;
    let Some(check) = medium.get(CHECK)? else {
        bail!(
            "{} holds no docket team (no {CHECK}): check the path, or start one with `docket team init`",
            medium.place()
        );
    };
    match seal::open(&invite.key, CHECK, &check) {
        Ok(o) if o.plain == check_text(&invite.team) => {}
        _ => bail!(
            "the invite code does not open the team on {}: ask for a new invite (`docket team invite`) and check the storage path",
            medium.place()
        ),
    }
    let (t, m) = new_team_row(invite.team.clone(), invite.key, place, endpoint, me)?;
    db.write(|tx| {
        db::sync::rekey(tx)?;
        db::sync::set_team(tx, &t, &m)
    })
}

/// The invite code of this replica's team.
pub fn invite(conn: &Connection) -> Result<String> {
    let t = require_team(conn)?;
    Ok(Invite {
        team: t.team_uid,
        key: t.team_key,
    }
    .code())
}

fn require_team(conn: &Connection) -> Result<db::sync::Team> {
    db::sync::team(conn)?.context(
        "this database is in no team: `docket team init FOLDER|s3://bucket/prefix` starts one, `docket team join ... --invite CODE` joins one",
    )
}

/// A member as `team status` shows them.
#[derive(Debug, Serialize)]
pub struct MemberStatus {
    pub name: String,
    pub email: Option<String>,
    pub me: bool,
    /// Bundles of theirs this replica has read (or sent, for this member).
    pub bundles: i64,
    pub last_read_at: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct TeamStatus {
    pub medium: String,
    pub members: Vec<MemberStatus>,
    pub last_sync_at: Option<String>,
    /// Records made here that the next sync sends.
    pub to_send: usize,
}

pub fn status(conn: &Connection) -> Result<TeamStatus> {
    let t = require_team(conn)?;
    let progress = db::sync::progress(conn)?;
    let synced_at: BTreeMap<String, String> = db::sync::synced_at(conn)?;
    let members = db::sync::members(conn)?
        .into_iter()
        .map(|m| {
            let me = m.replica == t.replica_uid;
            MemberStatus {
                bundles: if me {
                    t.sent_seq
                } else {
                    progress.get(&m.replica).map(|p| p.0).unwrap_or(0)
                },
                last_read_at: if me {
                    t.last_sync_at.clone()
                } else {
                    synced_at.get(&m.replica).cloned()
                },
                name: m.name,
                email: m.email,
                me,
            }
        })
        .collect();
    Ok(TeamStatus {
        medium: t.medium,
        members,
        last_sync_at: t.last_sync_at,
        to_send: db::sync::waiting_to_send(conn)?,
    })
}

/// What a sync did.
#[derive(Debug, Default, Serialize)]
pub struct Summary {
    /// Bundles read and imported, and the operations in them that were new here.
    pub received_bundles: usize,
    pub received: usize,
    pub sent_bundles: usize,
    pub sent: usize,
    /// Requests (local number, team reference) with conflicting events.
    pub conflicts: Vec<(i64, String)>,
    /// Bundles left for a later sync, with the reason: one line each.
    pub problems: Vec<String>,
    /// Agencies whose slug changed because another agency with the same slug arrived.
    pub slugs_moved: Vec<(String, String)>,
}

/// Exchanges what is new with the team: reads every other replica's new bundles, then sends
/// one bundle of what was made here since the last sync.
pub fn sync(db: &mut Db, today: NaiveDate) -> Result<Summary> {
    let t = require_team(db.conn())?;
    let medium = open_medium(&t.medium, t.endpoint.as_deref())?;
    let docs = db.documents_dir();
    let mut summary = Summary::default();
    receive(db, &medium, &t, today, &docs, &mut summary)?;
    send(db, &medium, today, &mut summary)?;
    db.write(|tx| db::sync::set_synced(tx))?;
    summary.conflicts = db::sync::conflicted(db.conn())?
        .into_iter()
        .map(|(id, uid)| (id, crate::sync::team_ref(&uid)))
        .collect();
    Ok(summary)
}

/// A bundle read from the medium and checked.
struct Arrived {
    body: BundleBody,
    hash: String,
}

enum Read {
    Ready(Box<Arrived>),
    /// Not yet: why (a gap, a bundle it depends on, bytes still copying).
    Later(String),
    /// Never as it is: why (a wrong key, a broken chain, a bad signature).
    Refused(String),
}

fn read_bundle(
    conn: &Connection,
    medium: &Medium,
    t: &db::sync::Team,
    replica: &str,
    seq: i64,
    prev_hash: Option<&str>,
) -> Result<Read> {
    let path = bundle_path(replica, seq);
    let who = short(replica);
    let Some(bytes) = medium.get(&path)? else {
        return Ok(Read::Later(format!(
            "bundle {seq} of replica {who} has not arrived"
        )));
    };
    let opened = match seal::open(&t.team_key, &path, &bytes) {
        Ok(o) => o,
        Err(seal::Broken::Truncated) => {
            return Ok(Read::Later(format!(
                "bundle {seq} of replica {who} is cut short (still being copied?): left for the next sync"
            )));
        }
        Err(e) => {
            return Ok(Read::Refused(format!(
                "bundle {seq} of replica {who} was refused: {e}"
            )));
        }
    };
    let body: BundleBody = match serde_json::from_slice(&opened.plain) {
        Ok(b) => b,
        Err(_) => {
            return Ok(Read::Refused(format!(
                "bundle {seq} of replica {who} was refused: it is not a bundle this docket reads (upgrade docket?)"
            )));
        }
    };
    if body.team != t.team_uid || body.replica != replica || body.seq != seq {
        return Ok(Read::Refused(format!(
            "bundle {seq} of replica {who} was refused: it says it is another bundle (moved or copied from elsewhere)"
        )));
    }
    if body.prev.as_deref() != prev_hash {
        return Ok(Read::Refused(format!(
            "bundle {seq} of replica {who} was refused: it does not follow bundle {} (a database copied to a second laptop, or a file replaced)",
            seq - 1
        )));
    }
    // The member's key: as known here, or as this bundle introduces them.
    let key = db::sync::members(conn)?
        .into_iter()
        .chain(body.ops.iter().filter_map(|o| match o {
            Op::Member(m) => Some(m.clone()),
            _ => None,
        }))
        .find(|m| m.uid == body.member && m.replica == replica)
        .and_then(|m| data_encoding::BASE64.decode(m.public_key.as_bytes()).ok())
        .and_then(|k| <[u8; 32]>::try_from(k.as_slice()).ok());
    let Some(key) = key else {
        return Ok(Read::Refused(format!(
            "bundle {seq} of replica {who} was refused: its member is not known to the team"
        )));
    };
    if opened.verify(&key).is_err() {
        return Ok(Read::Refused(format!(
            "bundle {seq} of replica {who} was refused: its signature is not its member's"
        )));
    }
    Ok(Read::Ready(Box::new(Arrived {
        body,
        hash: crate::app::documents::sha256_hex(&bytes),
    })))
}

fn short(uid: &str) -> String {
    uid.chars()
        .rev()
        .take(8)
        .collect::<String>()
        .chars()
        .rev()
        .collect()
}

/// The replicas on the medium, with the names under each that are not bundles (conflict
/// copies that a file-sync service made, stray files).
fn replicas_on(medium: &Medium) -> Result<BTreeMap<String, Vec<String>>> {
    let mut found: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for name in medium.list("replicas/")? {
        let mut parts = name.splitn(3, '/');
        let (_, Some(replica), Some(file)) = (parts.next(), parts.next(), parts.next()) else {
            continue;
        };
        let strays = found.entry(replica.to_string()).or_default();
        let is_bundle = file.len() == 17
            && file.ends_with(".bundle")
            && file[..10].bytes().all(|b| b.is_ascii_digit());
        // Files still being written by a sync tool are its own business.
        let temporary = file.starts_with('.') || file.starts_with('~') || file.ends_with(".tmp");
        if !is_bundle && !temporary {
            strays.push(file.to_string());
        }
    }
    Ok(found)
}

fn receive(
    db: &mut Db,
    medium: &Medium,
    t: &db::sync::Team,
    today: NaiveDate,
    docs: &Path,
    summary: &mut Summary,
) -> Result<()> {
    let replicas = replicas_on(medium)?;
    for (replica, strays) in &replicas {
        for s in strays {
            summary.problems.push(format!(
                "replicas/{replica}/{s} is not a bundle (a conflict copy made by a file-sync service?): not imported; it can be deleted"
            ));
        }
    }
    let mut waiting: BTreeMap<String, String> = BTreeMap::new();
    loop {
        let mut moved = false;
        for replica in replicas.keys() {
            if *replica == t.replica_uid {
                continue;
            }
            loop {
                let progress = db::sync::progress(db.conn())?;
                let (seq, hash) = progress
                    .get(replica)
                    .map(|(s, h)| (*s, Some(h.clone())))
                    .unwrap_or((0, None));
                let arrived =
                    match read_bundle(db.conn(), medium, t, replica, seq + 1, hash.as_deref())? {
                        Read::Ready(a) => a,
                        Read::Later(why) => {
                            // Only a gap before later bundles is worth saying.
                            if medium.get(&bundle_path(replica, seq + 2))?.is_some()
                                || !why.contains("has not arrived")
                            {
                                waiting.insert(replica.clone(), why);
                            }
                            break;
                        }
                        Read::Refused(why) => {
                            waiting.insert(replica.clone(), why);
                            break;
                        }
                    };
                // What it depends on must be here first.
                let behind = arrived.body.seen.iter().find(|(r, s)| {
                    **r != t.replica_uid && progress.get(*r).map(|p| p.0).unwrap_or(0) < **s
                });
                if let Some((r, s)) = behind {
                    waiting.insert(
                        replica.clone(),
                        format!(
                            "bundle {} of replica {} waits for bundle {s} of replica {}",
                            arrived.body.seq,
                            short(replica),
                            short(r)
                        ),
                    );
                    break;
                }
                let stored = match fetch_blobs(db.conn(), medium, t, docs, &arrived.body)? {
                    Ok(s) => s,
                    Err(why) => {
                        waiting.insert(replica.clone(), why);
                        break;
                    }
                };
                let body = &arrived.body;
                let applied = db.write(|tx| {
                    db::sync::set_importing(tx, true)?;
                    let applied = db::sync::apply(tx, &body.ops, &stored)?;
                    db::sync::set_progress(tx, replica, body.seq, &arrived.hash)?;
                    db::sync::set_importing(tx, false)?;
                    recompute(tx, today, &applied)?;
                    Ok(applied)
                });
                let applied = match applied {
                    Ok(a) => a,
                    Err(e) => {
                        waiting.insert(
                            replica.clone(),
                            format!(
                                "bundle {} of replica {} could not be imported: {e:#}",
                                body.seq,
                                short(replica)
                            ),
                        );
                        break;
                    }
                };
                waiting.remove(replica);
                summary.received_bundles += 1;
                summary.received += applied.new_ops;
                summary.slugs_moved.extend(applied.slugs_moved);
                moved = true;
            }
        }
        if !moved {
            break;
        }
    }
    summary.problems.extend(waiting.into_values());
    Ok(())
}

/// Brings the requests a bundle touched up to date (all of them when a calendar changed).
fn recompute(conn: &Connection, today: NaiveDate, applied: &db::sync::Applied) -> Result<()> {
    if applied.calendars {
        crate::app::tracker::recompute_where(conn, today, None, None)?;
    }
    let mut law = Law::new(conn);
    for id in &applied.requests {
        crate::app::tracker::recompute(conn, &mut law, today, *id)?;
    }
    Ok(())
}

/// The bytes of the documents a bundle brings, fetched, checked and stored in the documents
/// folder; or why not yet.
fn fetch_blobs(
    conn: &Connection,
    medium: &Medium,
    t: &db::sync::Team,
    docs: &Path,
    body: &BundleBody,
) -> Result<std::result::Result<HashMap<String, String>, String>> {
    let mut stored = HashMap::new();
    for op in &body.ops {
        let Op::Document(d) = op else { continue };
        if let Some(p) = db::sync::document_path(conn, &d.sha256)?
            && docs.join(&p).exists()
        {
            stored.insert(d.sha256.clone(), p);
            continue;
        }
        let path = blob_path(&t.team_key, &d.sha256);
        let Some(bytes) = medium.get(&path)? else {
            return Ok(Err(format!(
                "a document of bundle {} of replica {} has not arrived",
                body.seq,
                short(&body.replica)
            )));
        };
        let plain = match seal::open(&t.team_key, &path, &bytes) {
            Ok(o) => o.plain,
            Err(e) => {
                return Ok(Err(format!(
                    "a document of bundle {} of replica {} does not open: {e}",
                    body.seq,
                    short(&body.replica)
                )));
            }
        };
        if crate::app::documents::sha256_hex(&plain) != d.sha256 {
            return Ok(Err(format!(
                "a document of bundle {} of replica {} is not the file it names: not imported",
                body.seq,
                short(&body.replica)
            )));
        }
        let rel = crate::app::documents::store_received(docs, &plain)?;
        stored.insert(d.sha256.clone(), rel);
    }
    Ok(Ok(stored))
}

/// The most operations one bundle holds: a new member's first sync of a large tracker goes out
/// in bundles of this size, each imported in its own transaction on the other side.
const BUNDLE_OPS: usize = 25_000;

fn send(db: &mut Db, medium: &Medium, _today: NaiveDate, summary: &mut Summary) -> Result<()> {
    'pending: loop {
        let mut ops = db::sync::pending(db.conn())?;
        if ops.is_empty() {
            return Ok(());
        }
        let all: std::collections::HashSet<String> =
            ops.iter().map(|o| o.uid().to_string()).collect();
        while !ops.is_empty() {
            let rest = ops.split_off(ops.len().min(BUNDLE_OPS));
            let chunk = std::mem::replace(&mut ops, rest);
            if !send_one(db, medium, chunk, &all, summary)? {
                // An earlier sync's bundle was found and taken as sent: what is left is read
                // again.
                continue 'pending;
            }
        }
        return Ok(());
    }
}

/// Writes one bundle of `ops`; false when the next bundle was on the medium already (a sync
/// stopped after writing it) and was recorded instead.
fn send_one(
    db: &mut Db,
    medium: &Medium,
    ops: Vec<Op>,
    pending: &std::collections::HashSet<String>,
    summary: &mut Summary,
) -> Result<bool> {
    {
        let t = require_team(db.conn())?;
        let seq = t.sent_seq + 1;
        let path = bundle_path(&t.replica_uid, seq);
        let signer = seal::signing_key(&t.signing_key)?;
        // The documents' bytes first: a reader that has the bundle finds them.
        let docs = db.documents_dir();
        for op in &ops {
            let Op::Document(d) = op else { continue };
            let Some(rel) = db::sync::document_path(db.conn(), &d.sha256)? else {
                continue;
            };
            let data = std::fs::read(docs.join(&rel)).with_context(|| {
                format!(
                    "reading document {} to send it: is the documents folder complete?",
                    d.sha256
                )
            })?;
            let bp = blob_path(&t.team_key, &d.sha256);
            medium.put_new(&bp, seal::seal(&t.team_key, &signer, &bp, &data)?)?;
        }
        let seen = db::sync::progress(db.conn())?
            .into_iter()
            .map(|(r, (s, _))| (r, s))
            .collect();
        let body = BundleBody {
            version: BUNDLE_VERSION,
            team: t.team_uid.clone(),
            replica: t.replica_uid.clone(),
            seq,
            prev: t.sent_hash.clone(),
            member: t.member_uid.clone(),
            seen,
            ops,
        };
        let plain = serde_json::to_vec(&body)?;
        let sealed = seal::seal(&t.team_key, &signer, &path, &plain)?;
        match medium.put_new(&path, sealed.clone())? {
            Put::Created => {
                let hash = crate::app::documents::sha256_hex(&sealed);
                db.write(|tx| db::sync::record_sent(tx, seq, &hash, &body.ops))?;
                summary.sent_bundles += 1;
                summary.sent += body.ops.len();
                Ok(true)
            }
            Put::Exists(there) => {
                // A sync stopped after writing this bundle and before recording it: it is
                // ours when it opens with our key, follows our last, and holds only what is
                // here. Anything else is a second laptop writing as this replica.
                let theirs: Option<BundleBody> = seal::open(&t.team_key, &path, &there)
                    .ok()
                    .filter(|o| o.verify(&signer.verifying_key().to_bytes()).is_ok())
                    .and_then(|o| serde_json::from_slice(&o.plain).ok());
                let ours = theirs.filter(|b| {
                    b.prev == t.sent_hash
                        && b.replica == t.replica_uid
                        && b.ops.iter().all(|o| pending.contains(o.uid()))
                });
                let Some(ours) = ours else {
                    bail!(
                        "bundle {seq} of this replica is on {} already and was not written here: this database was copied from another member's; give each laptop its own database and `docket team join`",
                        medium.place()
                    );
                };
                let hash = crate::app::documents::sha256_hex(&there);
                db.write(|tx| db::sync::record_sent(tx, seq, &hash, &ours.ops))?;
                summary.sent_bundles += 1;
                summary.sent += ours.ops.len();
                Ok(false)
            }
        }
    }
}

/// The team reference of the request `uid`, when this database is in a team.
pub fn team_ref_of(conn: &Connection, uid: &str) -> Result<Option<String>> {
    Ok(db::sync::team(conn)?.map(|_| crate::sync::team_ref(uid)))
}

/// The team's members by uid: their names, for "who did what".
pub fn member_names(conn: &Connection) -> Result<HashMap<String, String>> {
    Ok(db::sync::members(conn)?
        .into_iter()
        .map(|m| (m.uid, m.name))
        .collect())
}
