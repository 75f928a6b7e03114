//! `docket backup FILE`: a consistent copy made with SQLite's online backup API while other
//! processes go on writing, checked before it is called done.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result, bail};

use super::say;
use crate::app::App;
use crate::cli::BackupArgs;

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
    let result = app.backup_to(&tmp);
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
