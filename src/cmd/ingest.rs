//! `docket ingest PATH...`: agency replies read from .eml files, maildirs and mboxes, matched to
//! their requests and logged as `reply` events with every attachment stored. A message that
//! cannot be matched is kept (with the reason) for `docket ingest --assign MSG ID`; the same
//! message twice is recognised by its Message-ID and changes nothing. One run is one transaction.

use std::io::Write;

use anyhow::{Result, bail};

use super::say;
use crate::app::App;
use crate::app::deadlines::Law;
use crate::app::ingest::{self, Outcome, Tracking};
use crate::cli::IngestArgs;
use crate::ingest::for_each_message;

pub fn run(app: &mut App, args: IngestArgs, out: &mut dyn Write) -> Result<()> {
    if let Some(pair) = &args.assign {
        return assign(app, pair[0], pair[1], out);
    }
    let today = app.today;
    let dry = args.dry_run;
    // A dry run files everything in a transaction that is rolled back; the documents it
    // stores on the way go to a throwaway folder, removed below, so nothing stays on disk.
    let scratch =
        dry.then(|| std::env::temp_dir().join(format!("docket-dry-run-{}", ingest::new_uid())));
    let dir = scratch.clone().unwrap_or_else(|| app.db.documents_dir());
    if !dry {
        crate::app::documents::report_sweep(app, out)?;
    }
    let mut unreadable = Vec::new();
    let mut read_ok = 0usize;
    let outcomes = app.db.write(|tx| {
        let mut law = Law::new(tx);
        let mut outcomes = Vec::new();
        let mut failed = None;
        // Each message is filed as it is read and then dropped: a mailbox of any size is
        // held one message at a time.
        for_each_message(&args.paths, &mut |m| {
            if failed.is_some() {
                return;
            }
            match m {
                Ok(m) => match ingest::file_one(tx, &mut law, &dir, &m, today)
                    .inspect(|_| read_ok += 1)
                {
                    Ok(o) => outcomes.push((m.origin.clone(), o)),
                    Err(e) => failed = Some(e),
                },
                Err(e) => unreadable.push(e.to_string()),
            }
        })?;
        if let Some(e) = failed {
            return Err(e);
        }
        if dry {
            bail!(DryRun(report(&outcomes, &unreadable)));
        }
        Ok(outcomes)
    });
    if let Some(scratch) = &scratch {
        let _ = std::fs::remove_dir_all(scratch);
    }
    let (outcomes, dry_text) = match outcomes {
        Ok(o) => (o, None),
        Err(e) => match e.downcast::<DryRun>() {
            Ok(DryRun(text)) => (Vec::new(), Some(text)),
            Err(e) => return Err(e),
        },
    };
    // A dry run says exactly what the real run would have said, then that nothing was kept.
    let text = dry_text.unwrap_or_else(|| report(&outcomes, &unreadable));
    let (lines, summary) = text
        .trim_end()
        .rsplit_once('\n')
        .unwrap_or(("", text.trim_end()));
    if !lines.is_empty() {
        writeln!(out, "{lines}")?;
    }
    if read_ok == 0 && !unreadable.is_empty() {
        bail!(
            "no message could be read ({} unreadable): check the paths, or save the replies as .eml and ingest those",
            unreadable.len()
        );
    }
    say(app, out, summary)?;
    if dry {
        say(app, out, "dry run: nothing was written")?;
    }
    Ok(())
}

/// Every outcome, every unreadable input, then the counts, one line each.
fn report(outcomes: &[(String, Outcome)], unreadable: &[String]) -> String {
    let mut s = outcomes_text(outcomes);
    for u in unreadable {
        s.push_str(&format!("unreadable: {u}\n"));
    }
    let count = |f: fn(&Outcome) -> bool| outcomes.iter().filter(|(_, o)| f(o)).count();
    let repaired = count(|o| matches!(o, Outcome::Repaired { .. }));
    let repaired = if repaired > 0 {
        format!(", {repaired} completed")
    } else {
        String::new()
    };
    s.push_str(&format!(
        "{} message(s): {} filed, {} unmatched, {} already ingested{repaired}, {} unreadable\n",
        outcomes.len() + unreadable.len(),
        count(|o| matches!(o, Outcome::Filed { .. })),
        count(|o| matches!(o, Outcome::Unmatched { .. })),
        count(|o| matches!(o, Outcome::Duplicate)),
        unreadable.len()
    ));
    s
}

/// A dry run computes everything in the transaction, then rolls it back through this error.
#[derive(Debug)]
struct DryRun(String);

impl std::fmt::Display for DryRun {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("dry run")
    }
}

impl std::error::Error for DryRun {}

fn outcomes_text(outcomes: &[(String, Outcome)]) -> String {
    let mut s = String::new();
    for (origin, o) in outcomes {
        let line = match o {
            Outcome::Filed {
                request,
                by,
                attachments,
                tracking,
            } => {
                let tracking = match tracking {
                    Tracking::Known => String::new(),
                    Tracking::Found(t) => format!("; their reference {t} recorded"),
                    Tracking::None => "; no reference number in their words, none recorded".into(),
                };
                format!(
                    "{origin}: filed on request {request} (matched by {by}; {attachments} attachment(s){tracking}); review it and log what the agency said\n"
                )
            }
            Outcome::Unmatched { msg, reason } => {
                format!("{origin}: not matched, kept as msg {msg}: {reason}\n")
            }
            Outcome::Duplicate => format!("{origin}: already ingested, skipped\n"),
            Outcome::Repaired { request, added } => format!(
                "{origin}: read before in part, now complete: {added} missing attachment(s) added to its reply on request {request}\n"
            ),
        };
        s.push_str(&line);
    }
    s
}

fn assign(app: &mut App, msg: i64, request_id: i64, out: &mut dyn Write) -> Result<()> {
    let today = app.today;
    let dir = app.db.documents_dir();
    let attachments = app
        .db
        .write(|tx| ingest::assign(tx, &dir, msg, request_id, today))?;
    say(
        app,
        out,
        format!("message {msg} filed on request {request_id} with {attachments} attachment(s)"),
    )
}
