//! What a user types or names, checked before anything is written: one-line values, notes,
//! and the files given to attach or as the letter sent.

use std::path::PathBuf;

use anyhow::{Context, Result, bail};

use crate::app::documents::display_name;

/// A free-text value that must fit on one line (titles, batch names).
pub fn one_line(flag: &str, s: &str, max: usize) -> Result<String> {
    let t = s.trim();
    if t.is_empty() {
        bail!("{flag} is empty: give a few words");
    }
    if t.chars().any(char::is_control) {
        bail!("{flag} must be one line without control characters");
    }
    if t.chars().count() > max {
        bail!(
            "{flag} is {} characters long: keep it under {max}",
            t.chars().count()
        );
    }
    Ok(t.to_string())
}

/// A note: any text up to 10,000 characters, without NUL bytes.
pub fn check_note(s: &str) -> Result<String> {
    // A note pasted from a Windows program ends its lines with CRLF.
    let s = &s.replace("\r\n", "\n");
    if s.contains('\0') {
        bail!("--note contains a NUL byte: remove it");
    }
    if let Some(c) = s
        .chars()
        .find(|&c| c.is_control() && c != '\n' && c != '\t')
    {
        bail!(
            "--note holds a control character (U+{:04X}): type plain text",
            c as u32
        );
    }
    if s.chars().count() > 10_000 {
        bail!(
            "--note is {} characters long: keep notes under 10,000 and attach long texts with --file",
            s.chars().count()
        );
    }
    Ok(s.trim().to_string())
}

/// The largest file docket stores (a larger one is refused before anything is written).
pub const MAX_FILE_BYTES: u64 = 2 * 1024 * 1024 * 1024;

/// Reads the files to attach, refusing any that is missing, a folder, or too large.
pub fn read_files(paths: &[PathBuf]) -> Result<Vec<(String, Vec<u8>)>> {
    let mut files = Vec::new();
    for p in paths {
        let meta = std::fs::metadata(p)
            .with_context(|| format!("cannot read {}: check the path", p.display()))?;
        if meta.is_dir() {
            bail!("{} is a folder: attach the files inside it", p.display());
        }
        if meta.len() > MAX_FILE_BYTES {
            bail!(
                "{} is larger than 2 GiB: keep it elsewhere and note where with --note",
                p.display()
            );
        }
        let data = std::fs::read(p).with_context(|| format!("cannot read {}", p.display()))?;
        files.push((display_name(&p.to_string_lossy()), data));
    }
    Ok(files)
}

/// A letter the user sent, given with `--letter FILE`: a text file of at most 1 MiB.
pub fn read_letter(path: &std::path::Path) -> Result<Vec<u8>> {
    let data = std::fs::read(path)
        .with_context(|| format!("cannot read the letter {}: check the path", path.display()))?;
    if data.len() > 1 << 20 {
        bail!(
            "{} is over 1 MiB: give the letter's text; attach other files with --file",
            path.display()
        );
    }
    if std::str::from_utf8(&data).is_err() || data.contains(&0) {
        bail!(
            "{} is not a text file: give the letter as plain text (UTF-8); attach a PDF with --file",
            path.display()
        );
    }
    Ok(data)
}
