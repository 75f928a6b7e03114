//! `docket backup FILE`: a consistent copy made with SQLite's online backup API while other
//! processes go on writing, checked before it is called done.

use std::io::Write;
use std::path::Path;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use rusqlite::backup::StepResult;
use rusqlite::{Connection, OpenFlags};

use super::say;
use crate::app::App;
use crate::cli::BackupArgs;

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

pub fn run(app: &mut App, args: BackupArgs, out: &mut dyn Write) -> Result<()> {
    let dest = &args.file;
    if dest.exists() {
        bail!(
            "{} exists: give a new file name (a backup never overwrites)",
            dest.display()
        );
    }
    if let Some(parent) = dest.parent().filter(|p| !p.as_os_str().is_empty())
        && !parent.is_dir()
    {
        bail!(
            "the folder {} does not exist: create it first",
            parent.display()
        );
    }
    // Where the documents go, decided (and refused) before anything is written: `db.bak`
    // beside `db.sqlite3` would name the live `db.documents` folder itself.
    let docs_to = args.with_documents.then(|| {
        let mut name = dest
            .file_stem()
            .map(|s| s.to_os_string())
            .unwrap_or_default();
        name.push(".documents");
        dest.with_file_name(name)
    });
    if let Some(to) = &docs_to {
        let live = app.db.documents_dir();
        let same = |a: &Path, b: &Path| match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        };
        if same(to, &live) {
            bail!(
                "the documents of {} would go in {}, which is the live documents folder: give the backup another name, e.g. {}",
                dest.display(),
                to.display(),
                dest.with_file_name("docket-backup.sqlite3").display()
            );
        }
        if to.exists() {
            bail!(
                "{} exists: give the backup a new name (a backup never overwrites)",
                to.display()
            );
        }
    }
    // The copy is made under a name of its own, created here so that no file of the user's
    // that happens to bear it is ever written over (or removed when the copy fails).
    let tmp = dest.with_extension(format!("{}.partial", std::process::id()));
    create_private(&tmp)?;
    let result = (|| -> Result<Vec<(String, i64)>> {
        let mut target =
            Connection::open(&tmp).with_context(|| format!("cannot create {}", tmp.display()))?;
        // One read transaction holds a snapshot: the source's counts and the copy (made in a
        // single backup step, so writers never force a restart) both come from it.
        let src = app.db.conn();
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
        let copy = Connection::open_with_flags(&tmp, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        let check: String = copy.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        if check != "ok" {
            bail!("the copy failed its integrity check ({check}): nothing was kept; try again");
        }
        let got = counts(&copy)?;
        if got != expected {
            bail!("the copy's row counts differ from the database's: nothing was kept; try again");
        }
        Ok(got)
    })();
    let copied = match result {
        Ok(c) => c,
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            return Err(e);
        }
    };
    restrict(&tmp)?;
    std::fs::rename(&tmp, dest).with_context(|| format!("cannot write {}", dest.display()))?;
    let mut docs = 0usize;
    if let Some(to) = &docs_to {
        let from = app.db.documents_dir();
        if from.exists() {
            docs = copy_tree(&from, to)?;
        }
    }
    let summary: Vec<String> = copied.iter().map(|(t, n)| format!("{n} {t}")).collect();
    say(
        app,
        out,
        format!("backed up to {}: {}", dest.display(), summary.join(", ")),
    )?;
    if args.with_documents {
        say(app, out, format!("copied {docs} document file(s)"))?;
    }
    Ok(())
}

/// Creates `path`, which must not exist, readable by its owner only.
fn create_private(path: &Path) -> Result<()> {
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    o.open(path)
        .with_context(|| format!("cannot create {}", path.display()))?;
    Ok(())
}

fn restrict(path: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
    }
    Ok(())
}

/// Copies the documents folder (two levels: `ab/abcdef...`), skipping files already there.
fn copy_tree(from: &Path, to: &Path) -> Result<usize> {
    let mut n = 0;
    std::fs::create_dir_all(to).with_context(|| format!("cannot create {}", to.display()))?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            n += copy_tree(&entry.path(), &target)?;
        } else if entry.path().extension().is_none_or(|e| e != "partial") && !target.exists() {
            std::fs::copy(entry.path(), &target)
                .with_context(|| format!("cannot copy {}", entry.path().display()))?;
            n += 1;
        }
    }
    Ok(n)
}
