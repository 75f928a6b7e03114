//! A team shares one tracker: each laptop keeps its own database and, on `docket sync`, reads
//! the bundles the others wrote since it last looked and writes bundles of what is new here.
//!
//! On the medium, under the team's folder or prefix:
//! - `team.check`: a short text sealed with the team's key, so that a wrong invite, or a folder
//!   that is not the team's (a share not mounted, an emptied bucket), fails at once;
//! - `replicas/<replica>/<seq>.bundle`: each laptop's bundles, numbered from 1, each holding the
//!   SHA-256 of the one before (a hash chain), written once and never replaced; the records
//!   inside are JSON, compressed (zstd), encrypted with the team's key and signed by the member;
//! - `blobs/<name>`: the bytes of each document, sealed, under a name derived from its hash
//!   with the team's key (the medium learns nothing of the content).
//!
//! One database is one laptop (replica). A database that turns out to be another file than the
//! one that joined (copied to a second computer, or restored from a backup) goes on as a new
//! laptop of the same member, and reads its former history like a teammate's, so that neither
//! copy's work is lost and no two databases ever write under one name.

use std::collections::{BTreeMap, HashMap};
use std::io::Read as _;
use std::path::{Path, PathBuf};

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
/// Bundles written now: the records' JSON compressed with zstd. Version 1 (plain JSON) is read.
const BUNDLE_VERSION: u32 = 2;
/// The most operations one bundle holds: a first sync of a large tracker goes out in bundles
/// of this size, each imported in its own transaction on the other side.
const BUNDLE_OPS: usize = 25_000;
/// The most a bundle may hold once decompressed (a bundle of 25,000 records is about 9 MB).
const MAX_BUNDLE_BYTES: u64 = 1 << 30;

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

/// A bundle's records as they are sealed: JSON, compressed.
fn encode(body: &BundleBody) -> Result<Vec<u8>> {
    let json = serde_json::to_vec(body)?;
    zstd::bulk::compress(&json, 3).context("compressing a bundle")
}

/// A bundle's records from what its seal held (a version 2 zstd frame, or version 1 JSON).
fn decode(plain: &[u8]) -> std::result::Result<BundleBody, String> {
    const ZSTD_MAGIC: [u8; 4] = [0x28, 0xb5, 0x2f, 0xfd];
    let json = if plain.starts_with(&ZSTD_MAGIC) {
        let mut out = Vec::new();
        zstd::stream::read::Decoder::new(plain)
            .and_then(|d| d.take(MAX_BUNDLE_BYTES + 1).read_to_end(&mut out))
            .map_err(|_| "it does not decompress".to_string())?;
        if out.len() as u64 > MAX_BUNDLE_BYTES {
            return Err("it holds more than a bundle may".into());
        }
        out
    } else {
        plain.to_vec()
    };
    serde_json::from_slice(&json)
        .map_err(|_| "it is not a bundle this docket reads (upgrade docket?)".to_string())
}

/// `place` as stored for the team: a folder as an absolute path (`~` expanded), so that the
/// team is found from any directory; a bucket as `s3://bucket/prefix`.
fn stored_place(place: &str) -> Result<String> {
    let p = Place::parse(place)?;
    Ok(match p {
        Place::Folder(dir) => {
            let dir = expand_home(&dir);
            let dir = std::fs::canonicalize(&dir)
                .unwrap_or_else(|_| std::path::absolute(&dir).unwrap_or_else(|_| dir.clone()));
            dir.display().to_string()
        }
        s3 => s3.to_string(),
    })
}

fn expand_home(dir: &Path) -> PathBuf {
    let text = dir.display().to_string();
    match (text.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => Path::new(&home).join(rest),
        _ if text == "~" => std::env::var_os("HOME")
            .map(PathBuf::from)
            .unwrap_or_default(),
        _ => dir.to_path_buf(),
    }
}

/// `text` as a shell word: quoted when it holds anything a shell would read otherwise.
pub fn shell_word(text: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "/._-~:@%+=,".contains(c);
    if !text.is_empty() && text.chars().all(plain) {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

/// What the command line to join the team on `place` says, for the others.
pub fn join_line(place: &str, endpoint: Option<&str>) -> String {
    let endpoint = endpoint
        .map(|e| format!(" --endpoint {}", shell_word(e)))
        .unwrap_or_default();
    format!(
        "docket team join {}{endpoint} --invite CODE",
        shell_word(place)
    )
}

fn open_medium(place: &str, endpoint: Option<&str>) -> Result<Medium> {
    let place = Place::parse(place)?;
    Medium::open(&place, &S3Settings::from_environment(endpoint)?)
}

/// The medium at `place` for `team init` or `join`; a folder that is not there is refused with
/// `advice`.
fn open_place(place: &str, endpoint: Option<&str>, advice: &str) -> Result<Medium> {
    if let Place::Folder(dir) = Place::parse(place)?
        && !dir.is_dir()
    {
        bail!("{} is not a folder: {advice}", dir.display());
    }
    open_medium(place, endpoint)
}

/// The team's medium, for a sync: a folder that is not there is a share not mounted or a
/// sync service not running, never a folder to create.
fn team_medium(t: &db::sync::Team) -> Result<Medium> {
    if let Place::Folder(dir) = Place::parse(&t.medium)?
        && !dir.is_dir()
    {
        bail!(
            "the team's folder {} is not there: is the shared drive mounted, or the file-sync service running? Nothing was read or sent",
            dir.display()
        );
    }
    let medium = open_medium(&t.medium, t.endpoint.as_deref())?;
    match medium.get(CHECK)? {
        Some(check) => match seal::open(&t.team_key, CHECK, &check) {
            Ok(o) if o.plain == check_text(&t.team_uid) => Ok(medium),
            _ => bail!(
                "{} holds another team (its {CHECK} does not open with this team's key): check the storage path; nothing was read or sent",
                medium.place()
            ),
        },
        None => bail!(
            "{} does not hold this team (no {CHECK}): is it the team's folder, mounted and synced, or the right bucket and prefix? Nothing was read or sent",
            medium.place()
        ),
    }
}

/// Which file the database is: its inode and the time the file was made. A copy, or a backup
/// moved into its place, is another file; the same file renamed, remounted (a network share's
/// device number changes) or on a computer that took another name is the same.
fn file_id(path: &Path) -> Option<String> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let m = std::fs::metadata(path).ok()?;
        let born = m
            .created()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map(|d| format!("{}.{:09}", d.as_secs(), d.subsec_nanos()))
            .unwrap_or_default();
        Some(format!("{}:{born}", m.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
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
    file: Option<String>,
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
        file_id: file,
        problems: Vec::new(),
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

/// Files a file-sync service or a desktop puts in any folder (a fresh Syncthing folder, one
/// Finder or Explorer opened): not the team's, and no reason to call the folder in use.
fn is_housekeeping(name: &str) -> bool {
    name.split('/').any(|part| {
        part.starts_with('.')
            || part.eq_ignore_ascii_case("desktop.ini")
            || part.eq_ignore_ascii_case("thumbs.db")
            || part.starts_with("Icon\r")
    })
}

/// Starts a team on `place`: a new key, this laptop its first member. Returns the invite and
/// the place as stored.
pub fn init(db: &mut Db, place: &str, endpoint: Option<&str>, me: &Me) -> Result<(Invite, String)> {
    if db::sync::team(db.conn())?.is_some() {
        bail!(
            "this database is in a team already: `docket team status` says which (`docket team leave` leaves it)"
        );
    }
    let place = stored_place(place)?;
    let medium = open_place(
        &place,
        endpoint,
        "create it (or give the folder your file-sync service shares)",
    )?;
    let files: Vec<String> = medium
        .list("")?
        .into_iter()
        .filter(|f| !is_housekeeping(f))
        .collect();
    if files.iter().any(|f| f == CHECK) {
        bail!(
            "{} holds a docket team already: join it with `{}` (a member's `docket team invite` gives the code)",
            medium.place(),
            join_line(&place, endpoint)
        );
    }
    if let Some(first) = files.first() {
        bail!(
            "{} holds files already ({first}{}): start a team in an empty folder or prefix",
            medium.place(),
            if files.len() > 1 {
                format!(" and {} more", files.len() - 1)
            } else {
                String::new()
            }
        );
    }
    let invite = Invite {
        team: uuid::Uuid::now_v7().to_string(),
        key: crate::sync::random_key()?,
    };
    let (t, m) = new_team_row(
        invite.team.clone(),
        invite.key,
        &place,
        endpoint,
        me,
        file_id(db.path()),
    )?;
    let signer = seal::signing_key(&t.signing_key)?;
    let sealed = seal::seal(&invite.key, &signer, CHECK, &check_text(&invite.team))?;
    if let Put::Exists(_) = medium.put_new(CHECK, sealed)? {
        bail!(
            "{} holds a team already: join it with --invite",
            medium.place()
        );
    }
    db.write(|tx| {
        name_generated_batches(tx, me, &t.member_uid)?;
        db::sync::rekey(tx)?;
        db::sync::set_team(tx, &t, &m)
    })?;
    Ok((invite, place))
}

/// Joins the team on `place` whose invite is `code`; returns the place as stored.
pub fn join(
    db: &mut Db,
    place: &str,
    endpoint: Option<&str>,
    code: &str,
    me: &Me,
) -> Result<String> {
    if let Some(t) = db::sync::team(db.conn())? {
        bail!(
            "this database is in the team on {} already: one database belongs to one team (`docket team leave` leaves it)",
            t.medium
        );
    }
    let invite = Invite::parse(code)?;
    let place = stored_place(place)?;
    let medium = open_place(
        &place,
        endpoint,
        "give the team's folder as your file-sync service shares it on this laptop",
    )?;
    let Some(check) = medium.get(CHECK)? else {
        bail!(
            "{} holds no docket team (no {CHECK}): check the path (has the shared folder finished syncing?), or start one with `docket team init`",
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
    let (t, m) = new_team_row(
        invite.team.clone(),
        invite.key,
        &place,
        endpoint,
        me,
        file_id(db.path()),
    )?;
    db.write(|tx| {
        name_generated_batches(tx, me, &t.member_uid)?;
        db::sync::rekey(tx)?;
        db::sync::set_team(tx, &t, &m)
    })?;
    Ok(place)
}

/// Batches whose names docket made up before the team (`287g-agreement-2026-11-20`) take the
/// member's name, as those made in a team do: two members' batches of one day stay two.
fn name_generated_batches(conn: &Connection, me: &Me, member_uid: &str) -> Result<()> {
    let suffix = crate::app::requests::member_suffix(&me.name, member_uid);
    let taken: std::collections::HashSet<String> =
        db::requests::batch_names(conn)?.into_iter().collect();
    for (id, name, template) in db::requests::batches(conn)? {
        if crate::app::requests::is_generated_batch_name(&name, &template) {
            let mut new = format!("{name}-{suffix}");
            let mut n = 2;
            while taken.contains(&new) {
                new = format!("{name}-{suffix}-{n}");
                n += 1;
            }
            db::requests::rename_batch(conn, id, &new)?;
        }
    }
    Ok(())
}

/// How many requests and documents the database holds, which joining a team shares with it.
pub fn holdings(conn: &Connection) -> Result<(i64, i64)> {
    db::sync::holdings(conn)
}

/// Leaves the team: the database keeps every record and stops syncing. Refused while records
/// made here were never sent, unless `force`. Returns the storage it was synced through.
pub fn leave(db: &mut Db, force: bool) -> Result<String> {
    let t = require_team(db.conn())?;
    let unsent = db::sync::waiting_to_send(db.conn())?;
    if unsent > 0 && !force {
        bail!(
            "{unsent} record(s) here have not been sent to the team yet: run `docket sync` first, or leave with --force (the team does not get them unless this database joins it again); nothing was changed"
        );
    }
    db.write(|tx| db::sync::leave(tx))?;
    Ok(t.medium)
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

/// The team's storage and the command line that joins it, for the others.
pub fn joining(conn: &Connection) -> Result<String> {
    let t = require_team(conn)?;
    Ok(join_line(&t.medium, t.endpoint.as_deref()))
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
    /// How many laptops (databases) they have written from.
    pub laptops: usize,
    /// Their bundles this replica has read (or, for this member, sent from this laptop).
    pub bundles: i64,
    /// When one of their bundles was last read here (for this member: the last sync here).
    pub last_read_at: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct TeamStatus {
    pub medium: String,
    pub members: Vec<MemberStatus>,
    pub last_sync_at: Option<String>,
    /// Records made here that the next sync sends.
    pub to_send: usize,
    /// Records that arrived before what they refer to, and wait for it.
    pub waiting: usize,
    /// What the last sync could not do.
    pub problems: Vec<String>,
}

pub fn status(conn: &Connection) -> Result<TeamStatus> {
    let t = require_team(conn)?;
    let progress = db::sync::progress(conn)?;
    let synced_at: BTreeMap<String, String> = db::sync::synced_at(conn)?;
    let superseded = db::sync::superseded(conn)?;
    let laptops: BTreeMap<String, String> = db::sync::replicas(conn)?
        .into_iter()
        .filter(|(r, _)| !superseded.contains(r) || *r == t.replica_uid)
        .collect();
    let members = db::sync::members(conn)?
        .into_iter()
        .map(|m| {
            let me = m.uid == t.member_uid;
            let theirs: Vec<&String> = laptops
                .iter()
                .filter(|(_, member)| **member == m.uid)
                .map(|(r, _)| r)
                .collect();
            let read: i64 = theirs
                .iter()
                .filter(|r| ***r != t.replica_uid)
                .filter_map(|r| progress.get(*r).map(|p| p.0))
                .sum();
            let last = theirs
                .iter()
                .filter_map(|r| synced_at.get(*r))
                .max()
                .cloned();
            MemberStatus {
                bundles: if me { t.sent_seq } else { read },
                last_read_at: if me { t.last_sync_at.clone() } else { last },
                laptops: theirs.len().max(1),
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
        waiting: db::sync::parked(conn, 0)?.1,
        problems: t.problems,
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
    /// What could not be read yet, one line each: a bundle not there yet, or still being
    /// copied, a record waiting for what it refers to. These mend themselves.
    pub problems: Vec<String>,
    /// What will not mend itself (a bundle refused: someone must act), one line each.
    pub refusals: Vec<String>,
    /// Whether anything was refused.
    pub refused: bool,
    /// What the sync did that the user should know of (a copied database going on as a new
    /// laptop, bundles of this laptop read back), one line each.
    pub notes: Vec<String>,
    /// Records that arrived before what they refer to, and wait for it.
    pub waiting: usize,
    /// Agencies whose slug changed because another agency with the same slug arrived.
    pub slugs_moved: Vec<(String, String)>,
}

impl Summary {
    fn refuse(&mut self, why: String) {
        self.refusals.push(why);
        self.refused = true;
    }
}

/// Holds the sync lock of a database while it lives: two syncs of one database at once would
/// write two bundles of the same records.
struct SyncLock(#[allow(dead_code)] std::fs::File);

fn lock(db_path: &Path) -> Result<SyncLock> {
    let mut name = db_path.as_os_str().to_owned();
    name.push(".sync-lock");
    let path = PathBuf::from(name);
    let mut opts = std::fs::OpenOptions::new();
    opts.create(true).truncate(false).write(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let file = opts
        .open(&path)
        .with_context(|| format!("opening the sync lock {}", path.display()))?;
    match file.try_lock() {
        Ok(()) => Ok(SyncLock(file)),
        Err(std::fs::TryLockError::WouldBlock) => bail!(
            "another `docket sync` of this database is running: let it finish, then sync again if needed"
        ),
        Err(std::fs::TryLockError::Error(e)) => {
            Err(e).with_context(|| format!("taking the sync lock {}", path.display()))
        }
    }
}

/// Exchanges what is new with the team: reads every other laptop's new bundles, then sends
/// what was made here since the last sync. With `republish`, every record this laptop holds
/// (but teammates' own events and edits) goes out again under a new name for it, and the
/// others stop reading its former bundles (for a teammate who cannot read one of them).
pub fn sync(db: &mut Db, today: NaiveDate, republish: bool) -> Result<Summary> {
    let _lock = lock(db.path())?;
    let t = require_team(db.conn())?;
    let medium = team_medium(&t)?;
    let docs = db.documents_dir();
    let mut summary = Summary::default();

    // One database, one laptop: a copy (or a restored backup) goes on under a name of its own.
    let here = file_id(db.path());
    match (&t.file_id, &here) {
        (None, Some(h)) => db.write(|tx| db::sync::set_file_id(tx, h))?,
        (Some(was), Some(h)) if was != h => {
            go_on_as_new_laptop(
                db,
                &t,
                here.as_deref(),
                (t.sent_seq, t.sent_hash.clone()),
                false,
            )?;
            summary.notes.push(
                "this database is not the file that joined the team (a copy on another computer, or a backup restored): it goes on as a laptop of its own, and reads what it wrote before like a teammate's work"
                    .into(),
            );
        }
        _ => {}
    }
    if republish {
        send_all_again(db, here.as_deref())?;
        summary.notes.push(
            "what this laptop holds (but teammates' own events and edits) goes out again, under a new name for this laptop; the others stop reading its former bundles"
                .into(),
        );
    }
    if matches!(Place::parse(&t.medium)?, Place::Folder(_)) {
        own_last_bundle_stands(db, &medium, &mut summary)?;
    }

    db::sync::roomy_cache(db.conn(), true)?;
    receive(db, &medium, today, &docs, None, &mut summary)?;
    // Another copy of this database republished the name this one writes under (a backup from
    // before a --republish, restored in place): the others no longer read it, so everything
    // goes out again under a new name.
    let t = require_team(db.conn())?;
    if db::sync::superseded(db.conn())?.contains(&t.replica_uid) {
        send_all_again(db, here.as_deref())?;
        summary.notes.push(
            "the name this laptop wrote under was republished by another copy of this database (a backup from before a --republish?): everything it holds goes out again under a new name"
                .into(),
        );
    }
    send(db, &medium, today, &docs, &mut summary)?;
    db::sync::roomy_cache(db.conn(), false)?;
    let (needs, waiting) = db::sync::parked(db.conn(), 3)?;
    summary.waiting = waiting;
    if waiting > 0 {
        summary.problems.push(format!(
            "{waiting} record(s) wait for what they refer to ({}): they come in when it does",
            needs.join("; ")
        ));
    }
    let all: Vec<String> = summary
        .refusals
        .iter()
        .chain(&summary.problems)
        .cloned()
        .collect();
    db.write(|tx| db::sync::set_synced(tx, &all))?;
    summary.conflicts = db::sync::conflicted(db.conn())?
        .into_iter()
        .map(|(id, uid)| (id, crate::sync::team_ref(&uid)))
        .collect();
    Ok(summary)
}

/// This laptop goes on under a new name (its former history stays on the medium and is read
/// from `from` like a teammate's), with the same member and key.
/// Sends everything this laptop holds again, under a new name for it that supersedes the one
/// it wrote under (`file` is the database file's identity).
fn send_all_again(db: &mut Db, file: Option<&str>) -> Result<()> {
    let t = require_team(db.conn())?;
    db.write(|tx| db::sync::send_again(tx))?;
    go_on_as_new_laptop(db, &t, file, (t.sent_seq, t.sent_hash.clone()), true)
}

fn go_on_as_new_laptop(
    db: &mut Db,
    t: &db::sync::Team,
    file: Option<&str>,
    from: (i64, Option<String>),
    republish: bool,
) -> Result<()> {
    let replica = uuid::Uuid::now_v7().to_string();
    let hash = from.1.unwrap_or_else(|| "*".into());
    db.write(|tx| {
        db::sync::continue_elsewhere(
            tx,
            &replica,
            file.or(t.file_id.as_deref()),
            (from.0, &hash),
            republish,
        )
    })
}

/// On a shared folder, a file-sync service that met two files of one name keeps one and
/// renames the other: when the last bundle this laptop wrote is not the one on the medium,
/// what it carried goes out again under a new name for this laptop.
fn own_last_bundle_stands(db: &mut Db, medium: &Medium, summary: &mut Summary) -> Result<()> {
    let t = require_team(db.conn())?;
    let Some(ours) = &t.sent_hash else {
        return Ok(());
    };
    let there = medium.get(&bundle_path(&t.replica_uid, t.sent_seq))?;
    let Some(there) = there else {
        summary.refuse(format!(
            "bundle {} of this laptop is not in {}: if it was deleted, `docket sync --republish` sends this laptop's records again",
            t.sent_seq,
            medium.place()
        ));
        return Ok(());
    };
    if crate::app::documents::sha256_hex(&there) == *ours {
        return Ok(());
    }
    let n = db.write(|tx| db::sync::unsend(tx, t.sent_seq))?;
    go_on_as_new_laptop(db, &t, t.file_id.as_deref(), (t.sent_seq - 1, None), false)?;
    summary.notes.push(format!(
        "bundle {} of this laptop was replaced in the folder by another computer's (is this database in use on two computers?): its {n} records go out again under a new name for this laptop",
        t.sent_seq
    ));
    Ok(())
}

/// A bundle read from the medium and checked.
struct Arrived {
    body: BundleBody,
    hash: String,
}

enum Read {
    Ready(Box<Arrived>),
    /// Not yet: why (bytes still copying, a gap).
    Later(String),
    /// Never as it is: why (a broken chain, a bad signature, work in another's name).
    Refused(String),
}

/// How the problems name a laptop: its member's name, and which of their laptops.
fn laptop_name(conn: &Connection, replica: &str) -> String {
    let short: String = replica
        .chars()
        .rev()
        .take(4)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let member = db::sync::replicas(conn)
        .ok()
        .and_then(|r| r.get(replica).cloned())
        .and_then(|m| {
            db::sync::members(conn)
                .ok()?
                .into_iter()
                .find(|x| x.uid == m)
                .map(|x| x.name)
        });
    match member {
        Some(name) => format!("{name}'s laptop ({short})"),
        None => format!("the laptop in replicas/{replica}"),
    }
}

/// What in a bundle claims work in another member's name, if anything: each record it carries
/// must be its own member's, or no one's (recorded before the team), or history from a team
/// its database was in before, under the uid made from the name alone.
fn foreign_work(body: &BundleBody) -> Option<&'static str> {
    let mine = |m: &Option<String>| m.as_ref().is_none_or(|m| *m == body.member);
    // A member's id is a random one their database made (never the id history goes by).
    let made = |uid: &str| uuid::Uuid::parse_str(uid).is_ok_and(|u| u.get_version_num() == 7);
    if !made(&body.member) {
        return Some("a member under an id docket does not make");
    }
    body.ops.iter().find_map(|op| match op {
        Op::Member(m) if m.uid != body.member => Some("another member's introduction"),
        Op::Replica(r) if r.member != body.member => Some("another member's laptop"),
        // History from an earlier team goes by a uid made from the name alone, which no
        // member has: it can never pass for a member's own work.
        Op::Event(e)
            if !mine(&e.member)
                && !e.former.as_deref().is_some_and(|name| {
                    e.member.as_deref() == Some(db::sync::former_uid(name).as_str())
                }) =>
        {
            Some("an event in another member's name")
        }
        Op::AgencyEdit(e) if !mine(&e.member) => Some("an agency edit in another member's name"),
        Op::LawEdit(l) if !mine(&l.member) => Some("a rule change in another member's name"),
        _ => None,
    })
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
    let who = laptop_name(conn, replica);
    let Some(bytes) = medium.get(&path)? else {
        return Ok(Read::Later(format!(
            "bundle {seq} of {who} has not arrived"
        )));
    };
    let opened = match seal::open(&t.team_key, &path, &bytes) {
        Ok(o) => o,
        Err(seal::Broken::Truncated) => {
            return Ok(Read::Later(format!(
                "bundle {seq} of {who} is cut short (still being copied?): left for the next sync"
            )));
        }
        Err(_) => {
            let advice = if db::sync::gone_on_from(conn, replica)? {
                "its member's database has gone on under another name since, so what it held reaches this laptop only through a teammate who read it"
            } else {
                "if it stays so, ask its member to run `docket sync --republish`"
            };
            return Ok(Read::Later(format!(
                "bundle {seq} of {who} does not open with this team's key (still being copied, changed on the way, or another team's): left for the next sync; {advice}"
            )));
        }
    };
    let body = match decode(&opened.plain) {
        Ok(b) => b,
        Err(why) => {
            return Ok(Read::Refused(format!(
                "bundle {seq} of {who} was refused: {why}"
            )));
        }
    };
    if body.team != t.team_uid || body.replica != replica || body.seq != seq {
        return Ok(Read::Refused(format!(
            "bundle {seq} of {who} was refused: it says it is another bundle (moved or copied from elsewhere)"
        )));
    }
    if prev_hash != Some("*") && body.prev.as_deref() != prev_hash {
        return Ok(Read::Refused(format!(
            "bundle {seq} of {who} was refused: it does not follow bundle {} (a file replaced on the way): ask its member to run `docket sync --republish`",
            seq - 1
        )));
    }
    if let Some(what) = foreign_work(&body) {
        return Ok(Read::Refused(format!(
            "bundle {seq} of {who} was refused: it records {what}"
        )));
    }
    // The member's key, as known here or as this bundle introduces them; and this laptop must
    // be theirs (known here, or introduced by this bundle).
    // (A bundle introduces only its own member: see `foreign_work`.)
    let introduced = body.ops.iter().find_map(|o| match o {
        Op::Member(m) => Some(m.clone()),
        _ => None,
    });
    let members = db::sync::members(conn)?;
    let key = members
        .iter()
        .chain(introduced.iter())
        .find(|m| m.uid == body.member)
        .and_then(|m| data_encoding::BASE64.decode(m.public_key.as_bytes()).ok())
        .and_then(|k| <[u8; 32]>::try_from(k.as_slice()).ok());
    let laptop_known = db::sync::replicas(conn)?.get(replica) == Some(&body.member)
        || body.ops.iter().any(|o| match o {
            Op::Member(m) => m.replica == replica,
            Op::Replica(r) => r.replica == replica,
            _ => false,
        });
    let Some(key) = key.filter(|_| laptop_known) else {
        // Their first bundle, which introduces them, may still be on its way.
        return Ok(Read::Later(format!(
            "bundle {seq} of {who} is from a member not known here yet: it waits for their first bundle"
        )));
    };
    if opened.verify(&key).is_err() {
        return Ok(Read::Refused(format!(
            "bundle {seq} of {who} was refused: its signature is not its member's"
        )));
    }
    Ok(Read::Ready(Box::new(Arrived {
        body,
        hash: crate::app::documents::sha256_hex(&bytes),
    })))
}

/// The laptops on the medium, each with the numbers of its bundles there and the names under it
/// that are not bundles (conflict copies that a file-sync service made, stray files).
struct OnMedium {
    bundles: BTreeMap<String, std::collections::BTreeSet<i64>>,
    strays: Vec<String>,
}

fn laptops_on(medium: &Medium) -> Result<OnMedium> {
    let mut found = OnMedium {
        bundles: BTreeMap::new(),
        strays: Vec::new(),
    };
    for name in medium.list("replicas/")? {
        let mut parts = name.splitn(3, '/');
        let (_, Some(replica), Some(file)) = (parts.next(), parts.next(), parts.next()) else {
            continue;
        };
        let seqs = found.bundles.entry(replica.to_string()).or_default();
        let seq = (file.len() == 17 && file.ends_with(".bundle"))
            .then(|| file[..10].parse::<i64>().ok())
            .flatten();
        match seq {
            Some(n) => {
                seqs.insert(n);
            }
            // Files still being written by a sync tool are its own business.
            None if is_housekeeping(file) || file.ends_with(".tmp") || file.starts_with('~') => {}
            None => found.strays.push(format!("replicas/{replica}/{file}")),
        }
    }
    Ok(found)
}

/// Reads every laptop's new bundles (or only `only`'s), this laptop's own included: a bundle
/// of its own beyond what it recorded as sent (a sync stopped after writing it, or a backup
/// restored in place) is read back.
fn receive(
    db: &mut Db,
    medium: &Medium,
    today: NaiveDate,
    docs: &Path,
    only: Option<&str>,
    summary: &mut Summary,
) -> Result<()> {
    let on = laptops_on(medium)?;
    if only.is_none() {
        for s in &on.strays {
            summary.problems.push(format!(
                "{s} is not a bundle (a copy a file-sync service made; docket writes each file once): not read; it can be deleted"
            ));
        }
    }
    let superseded = db::sync::superseded(db.conn())?;
    // What each laptop's bundles could not do, said at the end: a laptop its member
    // republished meanwhile (in a bundle read later in this sync) is not worth a word.
    let mut said: Vec<(String, String, bool)> = Vec::new();
    for (replica, present) in &on.bundles {
        if only.is_some_and(|o| o != replica) {
            continue;
        }
        // Its member's republished laptop carries all of it.
        if superseded.contains(replica) {
            continue;
        }
        loop {
            let t = require_team(db.conn())?;
            let own = *replica == t.replica_uid;
            let (seq, hash) = if own {
                (t.sent_seq, t.sent_hash.clone())
            } else {
                db::sync::progress(db.conn())?
                    .get(replica)
                    .map(|(s, h)| (*s, Some(h.clone())))
                    .unwrap_or((0, None))
            };
            let next = seq + 1;
            if !present.contains(&next) {
                if present.range(next..).next().is_some() {
                    said.push((
                        replica.clone(),
                        format!(
                            "bundle {next} of {} has not arrived, and later ones have: they wait for it",
                            laptop_name(db.conn(), replica)
                        ),
                        false,
                    ));
                }
                break;
            }
            let arrived = match read_bundle(db.conn(), medium, &t, replica, next, hash.as_deref())?
            {
                Read::Ready(a) => a,
                Read::Refused(why) | Read::Later(why) if own => {
                    // Not the history this laptop wrote (another computer writes under its
                    // name), or a bundle of its own it cannot read: this laptop goes on under
                    // a new name, and that history is read as another's from here.
                    go_on_as_new_laptop(db, &t, t.file_id.as_deref(), (seq, None), false)?;
                    let _ = why;
                    summary.notes.push(format!(
                        "bundle {next} of this laptop on the storage cannot be taken as its own (changed or cut short on the way, or written by a copy of this database on another computer): this laptop goes on under a new name"
                    ));
                    continue;
                }
                Read::Later(why) => {
                    said.push((replica.clone(), why, false));
                    break;
                }
                Read::Refused(why) => {
                    said.push((replica.clone(), why, true));
                    break;
                }
            };
            let stored = match fetch_blobs(db.conn(), medium, &t, docs, &arrived.body)? {
                Ok(s) => s,
                Err(why) => {
                    said.push((replica.clone(), why, false));
                    break;
                }
            };
            let body = &arrived.body;
            let sent_in = own.then_some(body.seq);
            let applied = db.write(|tx| {
                db::sync::set_importing(tx, true)?;
                let applied =
                    db::sync::apply(tx, &body.ops, &stored, (replica, body.seq), sent_in)?;
                if own {
                    db::sync::record_read_back(tx, body.seq, &arrived.hash, &body.ops)?;
                } else {
                    db::sync::set_progress(tx, replica, body.seq, &arrived.hash)?;
                }
                db::sync::set_importing(tx, false)?;
                recompute(tx, today, &applied)?;
                Ok(applied)
            });
            let applied = match applied {
                Ok(a) => a,
                Err(e) => {
                    said.push((
                        replica.clone(),
                        format!(
                            "bundle {} of {} could not be imported: {e:#}",
                            body.seq,
                            laptop_name(db.conn(), replica)
                        ),
                        true,
                    ));
                    break;
                }
            };
            if own {
                summary.notes.push(format!(
                    "bundle {} of this laptop was on the storage but not recorded here (a sync stopped after writing it, or a backup restored): read back",
                    body.seq
                ));
            } else {
                summary.received_bundles += 1;
                summary.received += applied.new_ops;
            }
            summary.slugs_moved.extend(applied.slugs_moved);
        }
    }
    let superseded = db::sync::superseded(db.conn())?;
    for (replica, line, refused) in said {
        if superseded.contains(&replica) {
            continue;
        }
        if refused {
            summary.refuse(line);
        } else {
            summary.problems.push(line);
        }
    }
    Ok(())
}

/// Brings the requests a bundle touched up to date (all of them when a calendar changed, those
/// of a jurisdiction whose rule changed).
fn recompute(conn: &Connection, today: NaiveDate, applied: &db::sync::Applied) -> Result<()> {
    if applied.calendars {
        crate::app::tracker::recompute_where(conn, today, None, None)?;
    } else {
        for code in &applied.rules {
            let state = code.split('-').next().unwrap_or(code);
            crate::app::tracker::recompute_where(conn, today, Some(state), None)?;
        }
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
    let who = || laptop_name(conn, &body.replica);
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
                "a document of bundle {} of {} has not arrived",
                body.seq,
                who()
            )));
        };
        let plain = match seal::open(&t.team_key, &path, &bytes) {
            Ok(o) => o.plain,
            Err(e) => {
                return Ok(Err(format!(
                    "a document of bundle {} of {} does not open: {e}",
                    body.seq,
                    who()
                )));
            }
        };
        if crate::app::documents::sha256_hex(&plain) != d.sha256 {
            return Ok(Err(format!(
                "a document of bundle {} of {} is not the file it names: not imported",
                body.seq,
                who()
            )));
        }
        let rel = crate::app::documents::store_received(docs, &plain)?;
        stored.insert(d.sha256.clone(), rel);
    }
    Ok(Ok(stored))
}

/// A bundle written to the medium, to record once the reading is done.
struct Written {
    seq: i64,
    hash: String,
    uids: Vec<String>,
    discards: Vec<String>,
}

/// Stops the reading of what is new: the next bundle's name was taken.
#[derive(Debug)]
struct Taken;

impl std::fmt::Display for Taken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the next bundle's name is taken")
    }
}

impl std::error::Error for Taken {}

/// Sends what was made here, in bundles of at most [`BUNDLE_OPS`] records, read from the
/// database as they go out (a first sync of a large tracker never holds them all) and recorded
/// as sent once written. A bundle name found taken (a bundle of this laptop a stopped sync
/// wrote) is read back, and the rest sent after it.
fn send(
    db: &mut Db,
    medium: &Medium,
    today: NaiveDate,
    docs: &Path,
    summary: &mut Summary,
) -> Result<()> {
    for _ in 0..4 {
        let t = require_team(db.conn())?;
        let signer = seal::signing_key(&t.signing_key)?;
        let seen: BTreeMap<String, i64> = db::sync::progress(db.conn())?
            .into_iter()
            .map(|(r, (s, _))| (r, s))
            .collect();
        let mut written: Vec<Written> = Vec::new();
        let mut chunk: Vec<Op> = Vec::new();
        let (mut seq, mut prev) = (t.sent_seq, t.sent_hash.clone());
        let conn = db.conn();
        let mut flush = |chunk: &mut Vec<Op>| -> Result<bool> {
            let ops = std::mem::take(chunk);
            // The documents' bytes first: a reader that has the bundle finds them.
            for op in &ops {
                let Op::Document(d) = op else { continue };
                let Some(rel) = db::sync::document_path(conn, &d.sha256)? else {
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
            let body = BundleBody {
                version: BUNDLE_VERSION,
                team: t.team_uid.clone(),
                replica: t.replica_uid.clone(),
                seq: seq + 1,
                prev: prev.clone(),
                member: t.member_uid.clone(),
                seen: seen.clone(),
                ops,
            };
            let path = bundle_path(&t.replica_uid, body.seq);
            let sealed = seal::seal(&t.team_key, &signer, &path, &encode(&body)?)?;
            let hash = crate::app::documents::sha256_hex(&sealed);
            match medium.put_new(&path, sealed)? {
                Put::Created => {
                    seq = body.seq;
                    prev = Some(hash.clone());
                    written.push(Written {
                        seq: body.seq,
                        hash,
                        uids: body
                            .ops
                            .iter()
                            .filter(|o| !matches!(o, Op::Discard { .. }))
                            .map(|o| o.uid().to_string())
                            .collect(),
                        discards: body
                            .ops
                            .iter()
                            .filter(|o| matches!(o, Op::Discard { .. }))
                            .map(|o| o.uid().to_string())
                            .collect(),
                    });
                    Ok(true)
                }
                Put::Exists(_) => Ok(false),
            }
        };
        let read = db::sync::for_each_pending(conn, |op| {
            chunk.push(op);
            if chunk.len() >= BUNDLE_OPS && !flush(&mut chunk)? {
                return Err(Taken.into());
            }
            Ok(())
        });
        let taken = match read {
            Ok(()) => !chunk.is_empty() && !flush(&mut chunk)?,
            Err(e) if e.downcast_ref::<Taken>().is_some() => true,
            Err(e) => return Err(e),
        };
        db.write(|tx| {
            for w in &written {
                db::sync::record_sent(tx, w.seq, &w.hash, &w.uids, &w.discards)?;
            }
            Ok(())
        })?;
        summary.sent_bundles += written.len();
        summary.sent += written
            .iter()
            .map(|w| w.uids.len() + w.discards.len())
            .sum::<usize>();
        if !taken {
            return Ok(());
        }
        let t = require_team(db.conn())?;
        receive(db, medium, today, docs, Some(&t.replica_uid), summary)?;
    }
    bail!("the next bundle's name on the storage stayed taken: sync again")
}

/// The team reference of the request `uid`, when this database is in a team.
pub fn team_ref_of(conn: &Connection, uid: &str) -> Result<Option<String>> {
    Ok(in_team(conn)?.then(|| crate::sync::team_ref(uid)))
}

/// Whether this database is in a team: its requests then have team references, which listings
/// and exports show.
pub fn in_team(conn: &Connection) -> Result<bool> {
    Ok(db::sync::team(conn)?.is_some())
}

pub use crate::sync::team_ref;

/// The team's members by uid: their names, for "who did what".
pub fn member_names(conn: &Connection) -> Result<HashMap<String, String>> {
    let mut names: HashMap<String, String> = db::sync::former_members(conn)?
        .into_iter()
        .map(|(uid, name)| (uid, format!("{name} (an earlier team)")))
        .collect();
    names.extend(
        db::sync::members(conn)?
            .into_iter()
            .map(|m| (m.uid, m.name)),
    );
    Ok(names)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_is_quoted_for_a_shell_only_when_it_needs_to_be() {
        assert_eq!(
            shell_word("/home/ana/Dropbox/docket"),
            "/home/ana/Dropbox/docket"
        );
        assert_eq!(
            shell_word("/Users/ana/My Drive/docket 287g"),
            "'/Users/ana/My Drive/docket 287g'"
        );
        assert_eq!(shell_word("it's"), r"'it'\''s'");
        assert_eq!(
            join_line("s3://news/287g", Some("http://127.0.0.1:9000")),
            "docket team join s3://news/287g --endpoint http://127.0.0.1:9000 --invite CODE"
        );
    }

    #[test]
    fn housekeeping_files_do_not_make_a_folder_in_use() {
        for f in [
            ".stfolder/syncthing-folder-1.txt",
            ".DS_Store",
            "desktop.ini",
            "Thumbs.db",
            "a/.dropbox",
        ] {
            assert!(is_housekeeping(f), "{f}");
        }
        for f in ["notes.txt", "team.check", "replicas/x/0000000001.bundle"] {
            assert!(!is_housekeeping(f), "{f}");
        }
    }

    #[test]
    fn a_bundle_reads_back_compressed_or_as_first_written() {
        let body = BundleBody {
            version: 2,
            team: "t".into(),
            replica: "r".into(),
            seq: 1,
            prev: None,
            member: "m".into(),
            seen: BTreeMap::new(),
            ops: vec![Op::Discard {
                request: "x".into(),
                held: vec![],
            }],
        };
        let packed = encode(&body).unwrap();
        assert_eq!(decode(&packed).unwrap(), body);
        // Version 1 bundles were plain JSON, without the discard's list.
        let v1 = br#"{"version":1,"team":"t","replica":"r","seq":1,"prev":null,"member":"m","seen":{},"ops":[{"op":"discard","request":"x"}]}"#;
        assert_eq!(decode(v1).unwrap().ops, body.ops);
        assert!(decode(b"\x28\xb5\x2f\xfdgarbage").is_err());
    }

    /// History from an earlier team passes only under the uid its name makes, which no member
    /// has: a member cannot log work as another member, past or present.
    #[test]
    fn history_from_an_earlier_team_cannot_pass_for_a_members_work() {
        let event = |member: &str, former: Option<&str>| {
            Op::Event(crate::ops::EventOp {
                uid: "e".into(),
                request: "r".into(),
                kind: "withdraw".into(),
                on: "2026-11-19".into(),
                note: None,
                amount_cents: None,
                days: None,
                until: None,
                voids: None,
                via: None,
                tracking: None,
                recorded_at: "2026-11-19T10:00:00Z".into(),
                clock: 1,
                member: Some(member.into()),
                exemptions: vec![],
                former: former.map(str::to_string),
            })
        };
        let ben = uuid::Uuid::now_v7().to_string();
        let dan = uuid::Uuid::now_v7().to_string();
        let body = |member: &str, op: Op| BundleBody {
            version: 2,
            team: "t".into(),
            replica: "r".into(),
            seq: 1,
            prev: None,
            member: member.into(),
            seen: BTreeMap::new(),
            ops: vec![op],
        };
        let ana = db::sync::former_uid("Ana Reyes");
        assert_eq!(
            foreign_work(&body(&ben, event(&ana, Some("Ana Reyes")))),
            None
        );
        assert_eq!(foreign_work(&body(&ben, event(&ben, None))), None);
        for forged in [
            event(&dan, Some("Dan Ito")),
            event(&ana, Some("Dan Ito")),
            event(&dan, None),
        ] {
            assert!(foreign_work(&body(&ben, forged)).is_some());
        }
        // A member who takes the id earlier-team history goes by.
        assert!(foreign_work(&body(&ana, event(&ana, None))).is_some());
    }

    /// A bundle written before ranks were kept says none: its agency values count as an
    /// office's first values, so a teammate not yet upgraded never undoes a correction.
    #[test]
    fn an_agency_value_from_a_first_version_bundle_counts_as_a_creation() {
        let v1 = br#"{"version":1,"team":"t","replica":"r","seq":1,"prev":null,"member":"m","seen":{},"ops":[{"op":"agency-edit","uid":"e","agency":"a","state":"NC","field":"county","value":"Avery County","at":"2026-11-20T10:00:00Z","clock":3,"member":"m"}]}"#;
        match &decode(v1).unwrap().ops[0] {
            Op::AgencyEdit(e) => assert_eq!(e.rank, crate::ops::EditRank::CREATED),
            other => panic!("{other:?}"),
        }
    }
}
