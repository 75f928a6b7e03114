//! The copy `docket backup` makes: SQLite's online backup API, from one read snapshot, checked
//! (integrity and row counts) before it is called done.

use std::path::Path;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use rusqlite::backup::StepResult;
use rusqlite::{Connection, OpenFlags};

/// Row counts of the tables a backup must carry whole.
const COUNTED: &[&str] = &[
    "agencies",
    "agreements",
    "requests",
    "events",
    "documents",
    "closures",
    "open_days",
    "batches",
    "request_subjects",
    "event_exemptions",
];

fn counts(conn: &Connection) -> Result<Vec<(String, i64)>> {
    COUNTED
        .iter()
        .map(|t| {
            let n: i64 = conn.query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))?;
            Ok((t.to_string(), n))
        })
        .collect()
}

/// Copies the database `src` into the new file `tmp` (created empty by the caller) and checks
/// the copy; returns the row counts it carries. On an error the caller removes `tmp`.
pub fn copy_checked(src: &Connection, tmp: &Path) -> Result<Vec<(String, i64)>> {
    let mut target =
        Connection::open(tmp).with_context(|| format!("cannot create {}", tmp.display()))?;
    // One read transaction holds a snapshot: the source's counts and the copy (made in a
    // single backup step, so writers never force a restart) both come from it.
    src.execute_batch("BEGIN")?;
    let expected = counts(src);
    let copied = expected.and_then(|expected| {
        let backup = rusqlite::backup::Backup::new(src, &mut target)?;
        // step(-1) copies every page at once (run_to_completion takes only positive
        // counts); Busy and Locked are the destination's, and pass.
        while backup.step(-1).context("copying the database")? != StepResult::Done {
            std::thread::sleep(Duration::from_millis(10));
        }
        Ok(expected)
    });
    src.execute_batch("COMMIT")?;
    let expected = copied?;
    target.execute_batch("PRAGMA journal_mode = DELETE;")?;
    drop(target);
    let copy = Connection::open_with_flags(tmp, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let check: String = copy.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    if check != "ok" {
        bail!("the copy failed its integrity check ({check}): nothing was kept; try again");
    }
    let got = counts(&copy)?;
    if got != expected {
        bail!("the copy's row counts differ from the database's: nothing was kept; try again");
    }
    Ok(got)
}
