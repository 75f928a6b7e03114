//! `docket attach ID FILE...` and `docket open DOC`: received records kept with a request.

use std::io::Write;

use anyhow::{Result, bail};

use super::input::{check_note, read_files};
use super::say;
use crate::app::App;
use crate::cli::{AttachArgs, OpenArgs};

pub fn attach(app: &mut App, args: AttachArgs, out: &mut dyn Write) -> Result<()> {
    let files = read_files(&args.files)?;
    let note = args.note.as_deref().map(check_note).transpose()?;
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
            &crate::app::requests::NewEvent {
                uid: None,
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
        crate::app::documents::attach_files(tx, &dir, args.id, Some(event_id), &files)
    })?;
    for (doc, name) in docs.iter().zip(&names) {
        say(app, out, format!("doc {doc}: {name}"))?;
    }
    Ok(())
}

pub fn open(app: &mut App, args: OpenArgs, out: &mut dyn Write) -> Result<()> {
    let Some((stored, _)) = crate::app::documents::get(app.db.conn(), args.doc)? else {
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
