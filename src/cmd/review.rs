//! `docket review`: the replies nobody has acted on yet, oldest first, with the request, the
//! sender and the first lines of what the agency wrote, and the messages that matched no
//! request. A reply leaves this list once anything is logged after it on its request: what the
//! agency said (`log ID ack|fee|extend|deny...`), or `log ID note` when it said nothing to
//! classify ("we are still looking").

use std::io::Write;

use anyhow::Result;
use serde_json::{Value, json};

use crate::app::App;
use crate::app::requests;
use crate::cli::{Format, ReviewArgs};
use crate::ingest::is_quote_start;
use crate::render::table::{Column, Listing};

/// How many lines of the agency's own words are shown.
const FIRST_LINES: usize = 3;

pub fn run(app: &mut App, args: ReviewArgs, out: &mut dyn Write) -> Result<()> {
    let conn = app.db.conn();
    let rows = requests::messages_to_review(conn)?;
    let dir = app.db.documents_dir();
    let mut l = Listing::new(vec![
        Column::fixed("message", "MSG"),
        Column::fixed("on", "ON"),
        Column::fixed("request", "REQUEST"),
        Column::fixed("agency", "AGENCY"),
        Column::text("from", "FROM"),
        Column::text("subject", "SUBJECT"),
        Column::text("first_lines", "FIRST LINES"),
        Column::hidden("next", "NEXT"),
    ]);
    let n = rows.len();
    for r in rows {
        let text = r
            .document_id
            .and_then(|d| crate::app::documents::get(conn, d).ok().flatten())
            .and_then(|(stored, _)| std::fs::read(dir.join(stored)).ok())
            .and_then(|raw| crate::ingest::parse_message(raw, String::new()).ok())
            .map(|m| first_lines(&m.body_text, FIRST_LINES))
            .unwrap_or_default();
        let next = match (r.request_id, &r.reason) {
            (Some(id), _) => format!(
                "log what the agency said (`docket log {id} KIND`), or `docket log {id} note` when there is nothing to classify"
            ),
            (None, Some(reason)) => reason.replace("MSG", &r.message.to_string()),
            (None, None) => format!("docket ingest --assign {} ID", r.message),
        };
        l.push(
            vec![
                json!(r.message),
                json!(r.on),
                json!(r.request_id),
                Value::from(r.agency.map(|a| clean(&a))),
                Value::from(r.from_addr.map(|a| clean(&a))),
                json!(clean(&r.subject)),
                json!(text),
                json!(next),
            ],
            Some(if r.request_id.is_some() {
                "needs-review".to_string()
            } else {
                "unmatched".to_string()
            }),
        );
    }
    if args.format == Format::Table {
        l.footer = Some(match n {
            0 => "nothing to review: every reply has been acted on".to_string(),
            1 => "1 message to review".to_string(),
            n => format!("{n} messages to review"),
        });
    }
    out.write_all(l.render(args.format, &app.style).as_bytes())?;
    Ok(())
}

/// Text from outside (a subject, a sender) with control characters made visible, so that what
/// an agency's mail holds never drives the terminal.
fn clean(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { '\u{fffd}' } else { c })
        .collect()
}

/// The first `n` lines of what the agency wrote: blank lines, quoted lines (`>`) and everything
/// from the quoted original ("On ... wrote:", "-----Original Message-----", "From: ") on are
/// left out, so that our own letter is never shown as their words.
pub fn first_lines(body: &str, n: usize) -> String {
    let mut lines = Vec::new();
    for line in body.lines() {
        let t = line.trim();
        if is_quote_start(t) {
            break;
        }
        if t.is_empty() || t.starts_with('>') {
            continue;
        }
        lines.push(clean(t));
        if lines.len() == n {
            break;
        }
    }
    lines.join(" / ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_lines_are_the_agencys_own_words() {
        let body = "Good afternoon,\n\nWe are still looking.\n> Public records request: 287(g)\n\
                    Thanks\nMore\nOn Tue, Dec 1, 2026 at 9:00 AM Ana <ana@x.org> wrote:\n> old\n";
        assert_eq!(
            first_lines(body, 3),
            "Good afternoon, / We are still looking. / Thanks"
        );
        assert_eq!(
            first_lines("Hi\n-----Original Message-----\nFrom: a@b\nours", 3),
            "Hi"
        );
        assert_eq!(
            first_lines("\u{1b}]52;c;ZXZpbA==\u{7}ok", 3),
            "\u{fffd}]52;c;ZXZpbA==\u{fffd}ok"
        );
    }
}
