//! The document store: received files kept once by content (SHA-256) in a folder beside the
//! database. A name from outside is only ever kept as a label: the stored path is made from
//! the hash alone, so no file name can choose where anything is written.

use std::fs;
use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};
use rusqlite::Connection;
use sha2::{Digest, Sha256};

use crate::db;

pub use crate::db::documents::get;

/// A file stored (or found already stored) for a request.
pub struct Stored {
    pub document_id: i64,
    pub sha256: String,
    pub bytes: i64,
    pub new: bool,
}

/// The hex SHA-256 of `data`.
pub fn sha256_hex(data: &[u8]) -> String {
    let digest = Sha256::digest(data);
    let mut s = String::with_capacity(64);
    for b in digest {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

/// Where content with this hash lives, relative to the documents folder: `ab/abcdef...`.
fn relative_path(sha: &str) -> String {
    format!("{}/{}", &sha[..2], sha)
}

/// Stores `data` in `dir` (when not there yet) and records it in the database; the caller's
/// transaction makes the database side atomic, and the file is written (to a temporary name,
/// synced, then renamed) before the row that points to it.
pub fn store(
    conn: &Connection,
    dir: &Path,
    data: &[u8],
    content_type: Option<&str>,
) -> Result<Stored> {
    let sha = sha256_hex(data);
    if let Some((id, stored)) = db::documents::by_sha256(conn, &sha)? {
        // Heal a folder that lost the file (restored database without --with-documents).
        let path = dir.join(&stored);
        if !path.exists() {
            write_file(&path, data)?;
        }
        return Ok(Stored {
            document_id: id,
            sha256: sha,
            bytes: data.len() as i64,
            new: false,
        });
    }
    let rel = relative_path(&sha);
    let path = dir.join(&rel);
    let existed = path.exists();
    write_file(&path, data)?;
    if !existed {
        db::note_created_file(&path);
    }
    let id = db::documents::insert(conn, &sha, data.len() as i64, content_type, &rel)?;
    Ok(Stored {
        document_id: id,
        sha256: sha,
        bytes: data.len() as i64,
        new: true,
    })
}

/// Writes bytes that arrived from the team into `dir` (when not there yet), where a document
/// of that content lives; returns the path relative to `dir`. The row is the caller's.
pub fn store_received(dir: &Path, data: &[u8]) -> Result<String> {
    let rel = relative_path(&sha256_hex(data));
    let path = dir.join(&rel);
    if !path.exists() {
        write_file(&path, data)?;
        db::note_created_file(&path);
    }
    Ok(rel)
}

fn write_file(path: &Path, data: &[u8]) -> Result<()> {
    let parent = path.parent().context("a document path has a folder")?;
    let mut b = fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        b.mode(0o700);
    }
    b.create(parent)
        .with_context(|| format!("cannot create the documents folder {}", parent.display()))?;
    // A temporary file of its own, created exclusively, removed if anything fails: a full disk
    // leaves nothing behind that blocks the next write.
    let no_room = |e: std::io::Error| {
        let what = format!(
            "cannot store {} bytes in {}: {e}",
            data.len(),
            parent.display()
        );
        if e.raw_os_error() == Some(28) {
            anyhow::anyhow!("{what}; free at least that much space and try again")
        } else {
            anyhow::anyhow!(what)
        }
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".")
        .suffix(PARTIAL)
        .tempfile_in(parent)
        .map_err(no_room)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(tmp.path(), fs::Permissions::from_mode(0o600)).map_err(no_room)?;
    }
    tmp.write_all(data).map_err(no_room)?;
    tmp.as_file().sync_all().map_err(no_room)?;
    tmp.persist(path)
        .map_err(|e| e.error)
        .with_context(|| format!("cannot store {}", path.display()))?;
    Ok(())
}

/// Sweeps the documents folder of `app` (see [`sweep`]) and says what it removed, if anything.
pub fn report_sweep(app: &crate::app::App, out: &mut dyn std::io::Write) -> Result<()> {
    let (files, bytes) = sweep(app.db.conn(), &app.db.documents_dir())?;
    if files > 0 && !app.quiet {
        writeln!(
            out,
            "removed {files} file(s) ({bytes} bytes) that an interrupted write left in the documents folder"
        )?;
    }
    Ok(())
}

/// The suffix of a document being written.
const PARTIAL: &str = ".partial";

/// Removes what interrupted writes left in the documents folder `dir`: temporary files, and
/// stored files no row of the database points to (a process killed during a long ingest). Only
/// what is older than an hour, so that another docket process's write in progress is never
/// touched. Returns the files and bytes removed.
pub fn sweep(conn: &Connection, dir: &Path) -> Result<(usize, u64)> {
    let Ok(folders) = fs::read_dir(dir) else {
        return Ok((0, 0));
    };
    let known = db::documents::stored_paths(conn)?;
    let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    let (mut files, mut bytes) = (0, 0);
    for folder in folders.flatten() {
        // Only docket's own `ab/` folders: nothing a user put beside them.
        let folder_name = folder.file_name().to_string_lossy().into_owned();
        if folder_name.len() != 2 || !folder_name.bytes().all(|b| b.is_ascii_hexdigit()) {
            continue;
        }
        let Ok(entries) = fs::read_dir(folder.path()) else {
            continue;
        };
        for entry in entries.flatten() {
            let Ok(meta) = entry.metadata() else { continue };
            if !meta.is_file() || meta.modified().map_or(true, |m| m > hour_ago) {
                continue;
            }
            let name = entry.file_name().to_string_lossy().into_owned();
            let rel = format!("{folder_name}/{name}");
            let stale = name.ends_with(PARTIAL) || !known.contains(&rel);
            if stale && fs::remove_file(entry.path()).is_ok() {
                files += 1;
                bytes += meta.len();
            }
        }
    }
    Ok((files, bytes))
}

/// A content type guessed from a file name's extension.
pub fn guess_type(name: &str) -> Option<&'static str> {
    let ext = Path::new(name).extension()?.to_str()?.to_ascii_lowercase();
    Some(match ext.as_str() {
        "pdf" => "application/pdf",
        "txt" => "text/plain",
        "csv" => "text/csv",
        "html" | "htm" => "text/html",
        "eml" => "message/rfc822",
        "json" => "application/json",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "xls" => "application/vnd.ms-excel",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "doc" => "application/msword",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "tif" | "tiff" => "image/tiff",
        "zip" => "application/zip",
        "mp4" => "video/mp4",
        "mp3" => "audio/mpeg",
        "wav" => "audio/wav",
        _ => return None,
    })
}

/// A display name from a path or an attachment: its last component only, without control
/// characters, at most 200 bytes; never empty.
pub fn display_name(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or("");
    let mut s: String = last.chars().filter(|c| !c.is_control()).collect();
    s = s.trim().trim_start_matches('.').to_string();
    while s.len() > 200 {
        s.pop();
    }
    if s.is_empty() {
        "document".to_string()
    } else {
        s
    }
}

/// Stores `files` for request `id` under event `event_id` (inside the caller's transaction).
pub fn attach_files(
    conn: &rusqlite::Connection,
    docs_dir: &std::path::Path,
    id: i64,
    event_id: Option<i64>,
    files: &[(String, Vec<u8>)],
) -> Result<Vec<i64>> {
    let mut ids = Vec::new();
    for (name, data) in files {
        let s = store(conn, docs_dir, data, guess_type(name))?;
        crate::db::documents::link(conn, id, s.document_id, event_id, name)?;
        ids.push(s.document_id);
    }
    Ok(ids)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_never_carry_paths() {
        assert_eq!(display_name("../../etc/passwd"), "passwd");
        assert_eq!(display_name("..\\..\\boot.ini"), "boot.ini");
        assert_eq!(display_name(".."), "document");
        assert_eq!(display_name("a\u{0}b.pdf"), "ab.pdf");
        assert_eq!(relative_path(&sha256_hex(b"x")).len(), 67);
    }
}
