//! Schema versions. A new database is made from `schema.sql` (the newest schema); an older one
//! is brought forward by the ordered list of migrations, each in its own transaction. A
//! database newer than this program is refused and left untouched.

use std::path::Path;

use anyhow::{Context, Result, bail};
use rusqlite::{Connection, TransactionBehavior};

use super::{APPLICATION_ID, DbError, explain_sqlite};

/// The newest schema, as created for a new database.
pub const SCHEMA: &str = include_str!("../../schema.sql");

/// Migrations from version `n - 1` to `n`, in order, each frozen once released.
/// `MIGRATIONS[0]` is version 1 as first released. A later schema change adds its own file to
/// `migrations/`, appends it here, and edits `schema.sql` to match; a test checks that both
/// roads (the migrations in order, or `schema.sql` at once) lead to the same schema.
pub const MIGRATIONS: &[&str] = &[
    include_str!("../../migrations/0001-initial.sql"),
    include_str!("../../migrations/0002-conditions-and-sent-letters.sql"),
    include_str!("../../migrations/0003-a-filing-is-kept.sql"),
    include_str!("../../migrations/0004-open-days.sql"),
    include_str!("../../migrations/0005-requests-about-an-agency.sql"),
    include_str!("../../migrations/0006-exemptions-cited.sql"),
    include_str!("../../migrations/0007-open-requests-by-due-date.sql"),
    include_str!("../../migrations/0008-team-sync.sql"),
    include_str!("../../migrations/0009-team-sync-holds.sql"),
    include_str!("../../migrations/0010-requests-with-a-reply-to-read.sql"),
    include_str!("../../migrations/0011-every-record-kept-aside.sql"),
];

/// What a version's upgrade does beyond its SQL, in the same transaction.
type Step = fn(&Connection) -> Result<()>;

/// Version 9: agreements travel between a team's laptops, by a uid made from their agency,
/// program and support type; a database in a team has them under random uids, never sent. (One
/// in no team is rekeyed when it joins one.)
const STEPS: &[(i64, Step)] = &[(9, |c| {
    let in_team: bool = c.query_row("SELECT EXISTS (SELECT 1 FROM team)", [], |r| r.get(0))?;
    if in_team {
        super::sync::rekey_agreements(c)?;
    }
    Ok(())
})];

/// The schema version this program writes.
pub fn current_version() -> i64 {
    MIGRATIONS.len() as i64
}

/// Brings the database at `conn` to the current version.
pub fn upgrade(conn: &mut Connection, path: &Path) -> Result<()> {
    let found: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|e| explain_sqlite(e, path))?;
    let known = current_version();
    if found > known {
        bail!(DbError::Newer {
            path: path.display().to_string(),
            found,
            known,
        });
    }
    if found == known {
        return Ok(());
    }
    if found == 0 {
        let tables: i64 = conn
            .query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))
            .map_err(|e| explain_sqlite(e, path))?;
        if tables > 0 {
            bail!(DbError::NotDocket(path.display().to_string()));
        }
        return apply(conn, path, SCHEMA, known);
    }
    // Every docket database carries docket's application_id from its first version: a file
    // with a schema version and no such id is another program's, and is left as it is.
    let app: i32 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .map_err(|e| explain_sqlite(e, path))?;
    if app != APPLICATION_ID {
        bail!(DbError::NotDocket(path.display().to_string()));
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        apply(conn, path, sql, i as i64 + 1)?;
    }
    Ok(())
}

fn apply(conn: &mut Connection, path: &Path, sql: &str, version: i64) -> Result<()> {
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(|e| explain_sqlite(e, path))?;
    // Another process may have upgraded while we waited for the lock.
    let now: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if now >= version {
        return Ok(());
    }
    tx.execute_batch(sql)
        .with_context(|| format!("upgrading the database to schema version {version}"))?;
    for (v, step) in STEPS {
        if *v == version {
            step(&tx)
                .with_context(|| format!("upgrading the database to schema version {version}"))?;
        }
    }
    tx.pragma_update(None, "user_version", version)?;
    tx.pragma_update(None, "application_id", APPLICATION_ID)?;
    tx.commit()?;
    Ok(())
}
