//! The store: opening the SQLite file, its pragmas and migrations, and (in the submodules) every
//! SQL statement docket runs. Nothing outside `db/` speaks SQL.
//!
//! Contract: a `Db` is opened once per process. Reads see the last committed state. Every write
//! goes through [`Db::write`], one `BEGIN IMMEDIATE` transaction: it either commits whole or,
//! when the closure fails or the process dies, leaves nothing behind.

pub mod agencies;
pub mod backup;
pub mod documents;
pub mod import;
pub mod law;
pub mod migrate;
pub mod requests;
pub mod sync;

use std::fs::{self, OpenOptions};
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result, bail};
use chrono::NaiveDate;
use rusqlite::{Connection, ErrorCode, OpenFlags, Row, Transaction, TransactionBehavior};

/// `PRAGMA application_id` of a docket database ("dckt"), so that docket never mistakes
/// another program's SQLite file for its own.
pub const APPLICATION_ID: i32 = 0x6463_6b74;

/// How long a writer waits for another process's write before giving up.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// The busy timeout in force: [`BUSY_TIMEOUT`], or `DOCKET_BUSY_TIMEOUT_MS` milliseconds when
/// that is set (for scripts that would rather fail fast, and for the tests of the busy case).
pub fn busy_timeout() -> Duration {
    busy_timeout_setting().unwrap_or(BUSY_TIMEOUT)
}

/// The longest wait `DOCKET_BUSY_TIMEOUT_MS` may ask for: one hour.
const BUSY_TIMEOUT_MAX_MS: u64 = 3_600_000;

/// `DOCKET_BUSY_TIMEOUT_MS` read and checked: unset or empty is the default; anything but a
/// number of milliseconds from 0 to one hour is refused.
pub fn busy_timeout_setting() -> Result<Duration> {
    let Some(raw) = std::env::var_os("DOCKET_BUSY_TIMEOUT_MS") else {
        return Ok(BUSY_TIMEOUT);
    };
    let text = raw.to_string_lossy();
    if text.trim().is_empty() {
        return Ok(BUSY_TIMEOUT);
    }
    match text.trim().parse::<u64>() {
        Ok(ms) if ms <= BUSY_TIMEOUT_MAX_MS => Ok(Duration::from_millis(ms)),
        _ => bail!(
            "DOCKET_BUSY_TIMEOUT_MS is '{}': give a number of milliseconds from 0 to {BUSY_TIMEOUT_MAX_MS}, or unset it for the default of 10000",
            text.trim()
        ),
    }
}

/// A date column. The `YYYY-MM-DD` text docket writes is read directly (a listing reads six
/// dates a row, and chrono's format parser is slow); anything else goes through rusqlite's
/// conversion, with its result or error as before.
pub(crate) fn date(r: &Row, i: usize) -> rusqlite::Result<Option<NaiveDate>> {
    match r.get_ref(i) {
        Ok(rusqlite::types::ValueRef::Text(t)) => {
            if let Some(d) = iso_date(t) {
                return Ok(Some(d));
            }
        }
        // No date (most of a row's dates): nothing to convert.
        Ok(rusqlite::types::ValueRef::Null) => return Ok(None),
        _ => {}
    }
    r.get(i)
}

pub(crate) fn iso_date(t: &[u8]) -> Option<NaiveDate> {
    if t.len() != 10 || t[4] != b'-' || t[7] != b'-' {
        return None;
    }
    let num = |s: &[u8]| {
        s.iter().try_fold(0u32, |n, b| {
            b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0'))
        })
    };
    NaiveDate::from_ymd_opt(num(&t[0..4])? as i32, num(&t[5..7])?, num(&t[8..10])?)
}

/// A date column that holds a date, read as [`date`] reads it; anything else (NULL included)
/// goes through rusqlite's conversion, with its result or error as before.
pub(crate) fn required_date(r: &Row, i: usize) -> rusqlite::Result<NaiveDate> {
    if let rusqlite::types::ValueRef::Text(t) = r.get_ref(i)?
        && let Some(d) = iso_date(t)
    {
        return Ok(d);
    }
    r.get(i)
}

/// An open docket database.
pub struct Db {
    conn: Connection,
    path: PathBuf,
}

/// The failures a user can act on, each with its own message.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("{0} is a directory: give --db the path of a database file, e.g. {0}/docket.sqlite3")]
    IsDirectory(String),
    #[error("no database at {0}: check the path, or create it with `docket init --db {0}`")]
    Missing(String),
    #[error(
        "{0} is not a docket database: point --db (or DOCKET_DB) at a docket file or a new path"
    )]
    NotDocket(String),
    #[error(
        "{path} was written by a newer docket (schema version {found}; this docket knows up to {known}): upgrade docket to open it"
    )]
    Newer {
        path: String,
        found: i64,
        known: i64,
    },
    #[error(
        "the database is busy: another docket process has held the write lock for over {} s; try again when it has finished",
        .0.as_secs_f64()
    )]
    Busy(Duration),
    #[error(
        "{0} is damaged (SQLite reads it as a malformed database): restore it from a backup, and keep the damaged file for inspection"
    )]
    Damaged(String),
    #[error(
        "{0} is read-only: make it writable (chmod u+w {0}) to record changes; commands that only read work as it is"
    )]
    ReadOnly(String),
}

impl Db {
    /// Opens and upgrades the database at `path`; when it is absent, creates it (with its
    /// folder) if `create`, else refuses. A new folder is made owner-only (0700) and a new file
    /// owner-only (0600).
    pub fn open(path: &Path, create: bool) -> Result<Db> {
        if path.is_dir() {
            bail!(DbError::IsDirectory(path.display().to_string()));
        }
        let fresh = !path.exists();
        if fresh && !create {
            bail!(DbError::Missing(path.display().to_string()));
        }
        if fresh {
            create_private(path)?;
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .with_context(|| format!("cannot open the database {}", path.display()))?;
        conn.busy_timeout(busy_timeout_setting()?)?;
        let mut db = Db {
            conn,
            path: path.to_path_buf(),
        };
        db.configure()
            .map_err(|e| db.explain(e))
            .with_context(|| format!("cannot use the database {}", path.display()))?;
        migrate::upgrade(&mut db.conn, &db.path)?;
        // Only now that the file is known to be a docket database this program can use: the
        // switch to WAL rewrites the file's header, and a refused file is left as it was.
        db.use_wal()
            .map_err(|e| db.explain(e))
            .with_context(|| format!("cannot use the database {}", path.display()))?;
        db.free_companions();
        Ok(db)
    }

    fn configure(&self) -> rusqlite::Result<()> {
        // Reading the header first tells a non-SQLite file apart before any write is tried.
        let app: i32 = self
            .conn
            .query_row("PRAGMA application_id", [], |r| r.get(0))?;
        if app != 0 && app != APPLICATION_ID {
            return Err(rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_NOTADB),
                None,
            ));
        }
        self.conn.pragma_update(None, "foreign_keys", true)?;
        // FULL: a committed event survives a power cut too; a request history is evidence.
        self.conn.pragma_update(None, "synchronous", "FULL")?;
        Ok(())
    }

    /// SQLite gives the `-wal` and `-shm` files it creates the mode of the database file. Made
    /// while the database was read-only (0444) they would stay read-only after the user makes
    /// the database writable again, and every later write would fail. They are the database's
    /// working files, never meant to be read-only by their owner: each of ours gets the owner's
    /// write bit (one owned by someone else is left as it is).
    fn free_companions(&self) {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            for file in companions(&self.path) {
                let Ok(meta) = fs::metadata(&file) else {
                    continue;
                };
                let mode = meta.permissions().mode() & 0o777;
                if mode & 0o200 == 0 {
                    let _ = fs::set_permissions(&file, fs::Permissions::from_mode(mode | 0o200));
                }
            }
        }
    }

    /// Whether this process may not write the database file.
    fn read_only(&self) -> bool {
        self.conn.is_readonly(c"main").unwrap_or(false)
    }

    fn use_wal(&self) -> rusqlite::Result<()> {
        let mode: String = self
            .conn
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        debug_assert!(mode.eq_ignore_ascii_case("wal") || mode == "memory");
        Ok(())
    }

    /// Turns low-level failures into the messages of [`DbError`] where one applies.
    fn explain(&self, e: rusqlite::Error) -> anyhow::Error {
        explain_sqlite(e, &self.path)
    }

    /// The file this database lives in.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The folder beside the database where received documents are stored.
    pub fn documents_dir(&self) -> PathBuf {
        let mut name = self
            .path
            .file_stem()
            .map(|s| s.to_os_string())
            .unwrap_or_default();
        name.push(".documents");
        self.path.with_file_name(name)
    }

    /// The connection, for reads.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Runs `f` in one immediate transaction: committed when `f` returns `Ok`, rolled back
    /// otherwise. Waits up to [`BUSY_TIMEOUT`] for another writer.
    pub fn write<T>(&mut self, f: impl FnOnce(&Transaction) -> Result<T>) -> Result<T> {
        let path = self.path.clone();
        if self.read_only() {
            bail!(DbError::ReadOnly(path.display().to_string()));
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| explain_sqlite(e, &path))?;
        CREATED.with_borrow_mut(Vec::clear);
        let result = f(&tx).and_then(|value| {
            tx.commit().map_err(|e| explain_sqlite(e, &path))?;
            Ok(value)
        });
        // Files the transaction stored for rows that were rolled back point to nothing: they
        // go with it, so a failed or refused write leaves the documents folder as it was.
        let created = CREATED.with_borrow_mut(std::mem::take);
        // A `-wal` or `-shm` file left read-only (by an older docket, or by hand) refuses the
        // first write inside the transaction: said as such, not as SQLite's code.
        let result = result.map_err(|e| {
            let code = e
                .chain()
                .find_map(|c| c.downcast_ref::<rusqlite::Error>())
                .and_then(|c| c.sqlite_error_code());
            match code {
                Some(ErrorCode::ReadOnly) => DbError::ReadOnly(path.display().to_string()).into(),
                _ => e,
            }
        });
        if result.is_err() {
            for file in created {
                let _ = std::fs::remove_file(file);
            }
        }
        result
    }
}

thread_local! {
    /// The document files the write transaction in progress on this thread has created (see
    /// [`Db::write`]). One list per thread: a transaction runs on one thread, and another
    /// thread's transaction (a program that embeds docket, the tests) neither clears this list
    /// nor removes these files when it rolls back.
    static CREATED: std::cell::RefCell<Vec<PathBuf>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Records that the transaction in progress created `path` for a row it inserts: removed again
/// if the transaction does not commit.
pub fn note_created_file(path: &Path) {
    CREATED.with_borrow_mut(|c| c.push(path.to_path_buf()));
}

/// Maps SQLite's codes for "not a database" and "busy" to messages a user can act on.
pub fn explain_sqlite(e: rusqlite::Error, path: &Path) -> anyhow::Error {
    match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => DbError::NotDocket(path.display().to_string()).into(),
        Some(ErrorCode::DatabaseCorrupt) => DbError::Damaged(path.display().to_string()).into(),
        Some(ErrorCode::DatabaseBusy) | Some(ErrorCode::DatabaseLocked) => {
            DbError::Busy(busy_timeout()).into()
        }
        Some(ErrorCode::ReadOnly) => DbError::ReadOnly(path.display().to_string()).into(),
        _ => e.into(),
    }
}

/// The database's `-wal` and `-shm` files.
fn companions(path: &Path) -> [PathBuf; 2] {
    ["-wal", "-shm"].map(|suffix| {
        let mut name = path.as_os_str().to_os_string();
        name.push(suffix);
        PathBuf::from(name)
    })
}

/// Creates the database file (and its folder) readable by its owner only.
fn create_private(path: &Path) -> Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
        && !dir.exists()
    {
        let mut b = fs::DirBuilder::new();
        b.recursive(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::DirBuilderExt;
            b.mode(0o700);
        }
        b.create(dir)
            .with_context(|| format!("cannot create the folder {}", dir.display()))?;
    }
    let mut o = OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    o.open(path)
        .with_context(|| format!("cannot create the database {}", path.display()))?;
    Ok(())
}

/// The uid of a record that has an identity in the world (an agency by its state and name, a
/// message by its Message-ID, a document by its content, a batch by its name, a closure by its
/// place and day): a UUIDv5 of its kind and key, the same on every laptop that makes it, so
/// that two people recording the same thing merge into one.
pub fn uid_of(parts: &[&str]) -> String {
    const NAMESPACE: uuid::Uuid = uuid::Uuid::from_u128(0x6463_6b74_0000_4000_8000_0000_0000_0001);
    uuid::Uuid::new_v5(&NAMESPACE, parts.join("\u{1f}").as_bytes()).to_string()
}

/// An agency's name as its uid reads it: lower case, letters and digits, one space between
/// words ("St. Mary's P.D." and "st marys pd" are one name).
pub fn name_key(name: &str) -> String {
    let mut out = String::new();
    for word in name
        .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’' && c != '.')
        .map(|w| {
            w.chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&word);
    }
    out
}

/// The uid of the agency named `name` in `state`.
pub fn agency_uid(state: &str, name: &str) -> String {
    uid_of(&["agency", &state.to_ascii_uppercase(), &name_key(name)])
}

/// The uid of an agreement: its agency, program and support type (the same on every laptop
/// that imports the same list).
pub fn agreement_uid(agency_uid: &str, program: &str, support_type: &str) -> String {
    uid_of(&["agreement", agency_uid, program, support_type])
}

/// A new UUIDv7, the id that travels with a row when databases are merged.
pub fn new_uid() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// The current instant as stored in `*_at` columns.
pub fn now_stamp() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Barrier};

    /// A write on one thread that rolls back removes the files it stored, never those of a
    /// write committing on another thread at the same time.
    #[test]
    fn a_rolled_back_write_removes_only_its_own_files() {
        let dir = tempfile::tempdir().unwrap();
        let (kept, dropped) = (dir.path().join("kept"), dir.path().join("dropped"));
        let both = Arc::new(Barrier::new(2));
        let committer = {
            let (both, db, kept) = (both.clone(), dir.path().join("a.db"), kept.clone());
            std::thread::spawn(move || {
                let mut db = Db::open(&db, true).unwrap();
                both.wait(); // the other write has begun
                db.write(|_| {
                    std::fs::write(&kept, b"letter").unwrap();
                    note_created_file(&kept);
                    both.wait(); // this one has stored its file
                    both.wait(); // the other has rolled back
                    Ok(())
                })
                .unwrap();
            })
        };
        let mut db = Db::open(&dir.path().join("b.db"), true).unwrap();
        let refused = db.write(|_| -> Result<()> {
            both.wait();
            both.wait();
            std::fs::write(&dropped, b"reply").unwrap();
            note_created_file(&dropped);
            bail!("refused")
        });
        both.wait();
        committer.join().unwrap();
        assert!(refused.is_err());
        assert!(!dropped.exists(), "the rolled-back write's file is removed");
        assert!(kept.exists(), "the committed write's file stays");
    }
}
