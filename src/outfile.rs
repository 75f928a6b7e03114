//! Files a command writes for the user (`--out`): never the database, its companions or the
//! documents folder; never an existing file unless asked (`--force`); always whole or not at
//! all, through a temporary file of its own (created exclusively, so a planted link there is
//! never followed), with the mode of the file it replaces or, for a new one, the database's.

use std::fs;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

/// The paths docket itself owns, which no `--out` may name.
pub struct Protected {
    /// The database file; `-wal`, `-shm` and `-journal` beside it are protected with it.
    pub db: PathBuf,
    /// The documents folder; everything under it is protected.
    pub documents: PathBuf,
}

impl Protected {
    /// Why `path` must never be written by an export, if it must not.
    fn refuses(&self, path: &Path) -> Option<&'static str> {
        let target = resolved(path);
        let db = resolved(&self.db);
        let name = |p: &Path| p.file_name().map(|n| n.to_os_string()).unwrap_or_default();
        if target == db {
            return Some("docket's database");
        }
        for suffix in ["-wal", "-shm", "-journal"] {
            let mut companion = name(&db);
            companion.push(suffix);
            if target == db.with_file_name(companion) {
                return Some("a companion file of docket's database");
            }
        }
        if target.starts_with(resolved(&self.documents)) {
            return Some("inside docket's documents folder");
        }
        None
    }
}

/// `path` made absolute with links resolved: the file itself when it exists (a link to the
/// database is the database), else its folder resolved and its name.
fn resolved(path: &Path) -> PathBuf {
    if let Ok(p) = fs::canonicalize(path) {
        return p;
    }
    let parent = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let parent = fs::canonicalize(parent).unwrap_or_else(|_| parent.to_path_buf());
    match path.file_name() {
        Some(name) => parent.join(name),
        None => parent,
    }
}

/// Checks that `path` may be written: not docket's own, not a folder, in a folder that exists,
/// and new unless `force`. Called for every target before anything is written.
pub fn check(path: &Path, force: bool, protected: &Protected) -> Result<()> {
    if let Some(what) = protected.refuses(path) {
        bail!(
            "{} is {what}: an export never replaces it; write to another file",
            path.display()
        );
    }
    if path.is_dir() {
        bail!("{} is a folder: give a file name", path.display());
    }
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty())
        && !parent.is_dir()
    {
        bail!(
            "the folder {} does not exist: create it first",
            parent.display()
        );
    }
    if !force && fs::symlink_metadata(path).is_ok() {
        bail!(
            "{} exists: add --force to replace it, or choose another name",
            path.display()
        );
    }
    Ok(())
}

/// Writes `data` to `path` (see [`write_with`]).
pub fn write(path: &Path, force: bool, protected: &Protected, data: &[u8]) -> Result<()> {
    write_with(path, force, protected, |w| Ok(w.write_all(data)?))
}

/// Runs `write` on a new temporary file beside `path`, then puts it in place: a reader never
/// sees half a file, two docket processes never share a temporary file, and a failure leaves
/// `path` as it was and no temporary file behind.
pub fn write_with<T>(
    path: &Path,
    force: bool,
    protected: &Protected,
    write: impl FnOnce(&mut dyn Write) -> Result<T>,
) -> Result<T> {
    check(path, force, protected)?;
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let stem = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = tempfile::Builder::new()
        .prefix(&format!(".{stem}."))
        .suffix(".docket-partial")
        .tempfile_in(folder)
        .with_context(|| format!("cannot write in {}", folder.display()))?;
    // The mode of what it replaces; for a new file, the database's (owner-only by default).
    let mode_of = fs::metadata(path)
        .ok()
        .filter(|m| m.is_file())
        .or_else(|| fs::metadata(&protected.db).ok())
        .map(|m| m.permissions());
    if let Some(perms) = mode_of {
        fs::set_permissions(tmp.path(), perms)
            .with_context(|| format!("cannot write {}", tmp.path().display()))?;
    }
    let mut w = BufWriter::new(tmp.as_file());
    let value = write(&mut w)
        .and_then(|v| {
            w.flush()?;
            Ok(v)
        })
        .with_context(|| format!("cannot write {}", path.display()))?;
    drop(w);
    tmp.as_file()
        .sync_all()
        .with_context(|| format!("cannot write {}", path.display()))?;
    // Renaming over a link replaces the link, never the file it points to.
    tmp.persist(path)
        .map_err(|e| e.error)
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn protected(dir: &Path) -> Protected {
        Protected {
            db: dir.join("docket.sqlite3"),
            documents: dir.join("docket.documents"),
        }
    }

    #[test]
    fn never_the_database_its_companions_or_documents() {
        let dir = tempfile::tempdir().unwrap();
        let p = protected(dir.path());
        fs::write(&p.db, b"db").unwrap();
        fs::create_dir(&p.documents).unwrap();
        for name in [
            "docket.sqlite3",
            "docket.sqlite3-wal",
            "docket.sqlite3-shm",
            "docket.documents/ab/x",
        ] {
            let e = write(&dir.path().join(name), true, &p, b"x").unwrap_err();
            assert!(e.to_string().contains("an export never replaces it"), "{e}");
        }
        // A link to the database is the database.
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(&p.db, dir.path().join("link.json")).unwrap();
            let e = write(&dir.path().join("link.json"), true, &p, b"x").unwrap_err();
            assert!(e.to_string().contains("docket's database"), "{e}");
        }
        assert_eq!(fs::read(&p.db).unwrap(), b"db");
    }

    #[test]
    fn an_existing_file_needs_force_and_keeps_its_mode() {
        let dir = tempfile::tempdir().unwrap();
        let p = protected(dir.path());
        let out = dir.path().join("status.csv");
        fs::write(&out, b"old").unwrap();
        let e = write(&out, false, &p, b"new").unwrap_err();
        assert!(e.to_string().contains("exists: add --force"), "{e}");
        assert_eq!(fs::read(&out).unwrap(), b"old");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&out, fs::Permissions::from_mode(0o640)).unwrap();
            write(&out, true, &p, b"new").unwrap();
            assert_eq!(fs::read(&out).unwrap(), b"new");
            let mode = fs::metadata(&out).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o640);
        }
        // Nothing is left beside it.
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["status.csv"]);
    }

    #[cfg(unix)]
    #[test]
    fn a_new_file_takes_the_database_mode_and_a_planted_link_is_replaced_not_followed() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let p = protected(dir.path());
        fs::write(&p.db, b"db").unwrap();
        fs::set_permissions(&p.db, fs::Permissions::from_mode(0o600)).unwrap();
        let out = dir.path().join("new.csv");
        write(&out, false, &p, b"rows").unwrap();
        assert_eq!(
            fs::metadata(&out).unwrap().permissions().mode() & 0o777,
            0o600
        );

        let victim = dir.path().join("victim.txt");
        fs::write(&victim, b"keep me").unwrap();
        let link = dir.path().join("s.csv");
        std::os::unix::fs::symlink(&victim, &link).unwrap();
        write(&link, true, &p, b"export").unwrap();
        assert_eq!(fs::read(&victim).unwrap(), b"keep me");
        assert!(
            !fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read(&link).unwrap(), b"export");
    }
}
