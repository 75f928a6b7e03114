//! The document store: received files kept once by content (SHA-256) in a folder beside the
//! database. A name from outside is only ever kept as a label: the stored path is made from
//! the hash alone, so no file name can choose where anything is written.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use rusqlite::Connection;
use sha2::{Digest, Sha256};

use crate::db;

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
    write_file(&dir.join(&rel), data)?;
    let id = db::documents::insert(conn, &sha, data.len() as i64, content_type, &rel)?;
    Ok(Stored {
        document_id: id,
        sha256: sha,
        bytes: data.len() as i64,
        new: true,
    })
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
    let tmp: PathBuf = path.with_extension("partial");
    let mut o = fs::OpenOptions::new();
    o.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    let mut f = o
        .open(&tmp)
        .with_context(|| format!("cannot write {}", tmp.display()))?;
    f.write_all(data)?;
    f.sync_all()?;
    fs::rename(&tmp, path).with_context(|| format!("cannot store {}", path.display()))?;
    Ok(())
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
