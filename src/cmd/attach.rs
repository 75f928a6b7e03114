//! `docket attach ID FILE...` and `docket open DOC`: received records kept with a request.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result, bail};

use super::say;
use crate::app::App;
use crate::app::documents::{display_name, guess_type, store};
use crate::cli::{AttachArgs, OpenArgs};
use crate::db;

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
        db::documents::link(conn, id, s.document_id, event_id, name)?;
        ids.push(s.document_id);
    }
    Ok(ids)
}

pub fn attach(app: &mut App, args: AttachArgs, out: &mut dyn Write) -> Result<()> {
    let files = read_files(&args.files)?;
    let note = args
        .note
        .as_deref()
        .map(super::log::check_note)
        .transpose()?;
    let today = app.today;
    let dir = app.db.documents_dir();
    crate::app::documents::report_sweep(app, out)?;
    let names: Vec<String> = files.iter().map(|(n, _)| n.clone()).collect();
    let docs = app.db.write(|tx| {
        let mut law = crate::app::deadlines::Law::new(tx);
        let note = note.unwrap_or_else(|| format!("attached {}", names.join(", ")));
        let (event_id, _) = crate::app::tracker::log_event(
            tx,
            &mut law,
            today,
            &db::requests::NewEvent {
                request_id: args.id,
                kind: crate::model::EventKind::Note,
                on: today,
                note: Some(note),
                amount_cents: None,
                days: None,
                until: None,
                voids: None,
                via: None,
                tracking: None,
            },
        )?;
        attach_files(tx, &dir, args.id, Some(event_id), &files)
    })?;
    for (doc, name) in docs.iter().zip(&names) {
        say(app, out, format!("doc {doc}: {name}"))?;
    }
    Ok(())
}

pub fn open(app: &mut App, args: OpenArgs, out: &mut dyn Write) -> Result<()> {
    let Some((stored, _)) = db::documents::get(app.db.conn(), args.doc)? else {
        bail!(
            "there is no document {}: `docket show ID` lists a request's documents",
            args.doc
        );
    };
    let path = app.db.documents_dir().join(stored);
    if !path.exists() {
        bail!(
            "document {} is recorded but its file is missing from {}: restore the documents folder from a backup",
            args.doc,
            app.db.documents_dir().display()
        );
    }
    writeln!(out, "{}", path.display())?;
    Ok(())
}
