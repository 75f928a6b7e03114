//! `docket team` (start, invite, join, status) and `docket sync`: one tracker shared by a team
//! through storage it already has.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Result, bail};
use serde_json::json;

use crate::app::App;
use crate::app::sync::{self, Me};
use crate::cli::{Format, SyncArgs, TeamCommand, TeamMemberArgs};
use crate::config::Profile;

use super::say;

fn me(app: &App, who: &TeamMemberArgs) -> Result<Me> {
    let profile = Profile::load(&app.config_file)?;
    let name = who
        .name
        .clone()
        .or(profile.name)
        .map(|n| n.trim().to_string())
        .filter(|n| !n.is_empty());
    let Some(name) = name else {
        bail!(
            "the team needs your name: give --name \"Your Name\", or set it once with `docket config set name \"Your Name\"`"
        );
    };
    let name = super::input::one_line("--name", &name, 200)?;
    let email = who.email.clone().or(profile.email);
    Ok(Me { name, email })
}

pub fn team(app: &mut App, command: TeamCommand, out: &mut dyn Write) -> Result<()> {
    match command {
        TeamCommand::Init(args) => {
            let who = me(app, &args.who)?;
            let (_, place) = sync::init(
                &mut app.db,
                &args.medium,
                args.who.endpoint.as_deref(),
                &who,
            )?;
            say(
                app,
                out,
                format!(
                    "started a team on {place}, with {} as its first member\ninvite the others: `docket team invite` prints the code to give each of them privately; they run `{}`",
                    who.name,
                    sync::join_line(&place, args.who.endpoint.as_deref())
                ),
            )
        }
        TeamCommand::Invite => {
            writeln!(out, "{}", sync::invite(app.db.conn())?)?;
            Ok(())
        }
        TeamCommand::Join(args) => {
            let who = me(app, &args.who)?;
            let place = sync::join(
                &mut app.db,
                &args.medium,
                args.who.endpoint.as_deref(),
                &args.invite,
                &who,
            )?;
            let (requests, documents) = sync::holdings(app.db.conn())?;
            let shares = if requests + documents > 0 {
                format!(
                    ", and sends this database's {requests} request(s) and {documents} document(s), with their history, to the team"
                )
            } else {
                String::new()
            };
            say(
                app,
                out,
                format!(
                    "joined the team on {place} as {}: `docket sync` brings in the team's work{shares}",
                    who.name
                ),
            )
        }
        TeamCommand::Leave(args) => {
            let place = sync::leave(&mut app.db, args.force)?;
            say(
                app,
                out,
                format!(
                    "left the team on {place}: this database keeps every record it holds and no longer syncs; `docket team join` joins a team again. Leave your laptop's folder on the storage: members who join later read your work from it"
                ),
            )
        }
        TeamCommand::Status(args) => {
            let s = sync::status(app.db.conn())?;
            if args.format == Format::Json {
                writeln!(out, "{}", serde_json::to_string_pretty(&s)?)?;
                return Ok(());
            }
            writeln!(out, "team storage: {}", s.medium)?;
            writeln!(
                out,
                "last sync here: {}",
                s.last_sync_at.as_deref().unwrap_or("never")
            )?;
            writeln!(out, "members:")?;
            for m in &s.members {
                let email = m
                    .email
                    .as_deref()
                    .map(|e| format!(" <{e}>"))
                    .unwrap_or_default();
                let bundles = if m.bundles == 1 { "bundle" } else { "bundles" };
                let laptops = if m.laptops > 1 {
                    format!("{} laptops; ", m.laptops)
                } else {
                    String::new()
                };
                let what = if m.me {
                    format!(
                        "you; {laptops}{} {bundles} sent from this laptop",
                        m.bundles
                    )
                } else {
                    format!(
                        "{laptops}{} {bundles} read, the last at {}",
                        m.bundles,
                        m.last_read_at.as_deref().unwrap_or("never")
                    )
                };
                writeln!(
                    out,
                    "  {}{email} ({what})",
                    crate::render::printable::one_line(&m.name)
                )?;
            }
            let records = |n: usize| format!("{n} record{}", if n == 1 { "" } else { "s" });
            writeln!(out, "waiting to be sent: {}", records(s.to_send))?;
            if s.waiting > 0 {
                writeln!(
                    out,
                    "received, waiting for what they refer to: {}",
                    records(s.waiting)
                )?;
            }
            if s.last_sync_at.is_some() {
                if s.problems.is_empty() {
                    writeln!(out, "the last sync that finished: no problems")?;
                } else {
                    writeln!(out, "the last sync that finished could not:")?;
                    for p in &s.problems {
                        writeln!(out, "  {}", crate::render::printable::one_line(p))?;
                    }
                }
            }
            Ok(())
        }
    }
}

/// The exit status of `sync` when a teammate's bundle was refused (someone must act).
pub const REFUSED: u8 = 3;

pub fn sync(app: &mut App, args: SyncArgs, out: &mut dyn Write) -> Result<ExitCode> {
    let s = sync::sync(&mut app.db, app.today, args.republish)?;
    let code = if s.refused {
        ExitCode::from(REFUSED)
    } else {
        ExitCode::SUCCESS
    };
    if args.format == Format::Json {
        let v = json!({
            "received_bundles": s.received_bundles,
            "received": s.received,
            "sent_bundles": s.sent_bundles,
            "sent": s.sent,
            "conflicts": s.conflicts.iter().map(|(id, r)| json!({"id": id, "ref": r})).collect::<Vec<_>>(),
            "problems": s.problems,
            "refusals": s.refusals,
            "refused": s.refused,
            "waiting": s.waiting,
            "notes": s.notes,
            "slugs_moved": s.slugs_moved.iter().map(|(a, b)| json!({"from": a, "to": b})).collect::<Vec<_>>(),
        });
        writeln!(out, "{}", serde_json::to_string_pretty(&v)?)?;
        return Ok(code);
    }
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    say(
        app,
        out,
        format!(
            "received {} ({}), sent {} ({}), {}",
            plural(s.received_bundles, "bundle", "bundles"),
            plural(s.received, "new record", "new records"),
            plural(s.sent_bundles, "bundle", "bundles"),
            plural(s.sent, "record", "records"),
            plural(s.conflicts.len(), "conflict", "conflicts"),
        ),
    )?;
    for (id, r) in &s.conflicts {
        writeln!(
            out,
            "conflict: request {id} ({r}) holds events that cannot both stand: `docket show {r}` lists them; void one with `docket log {r} void --event N` (N as `show` numbers it on this laptop)"
        )?;
    }
    for (from, to) in &s.slugs_moved {
        writeln!(
            out,
            "note: the agency that was {from} here is now {to}: a teammate's agency has that slug"
        )?;
    }
    for n in &s.notes {
        writeln!(out, "note: {}", crate::render::printable::one_line(n))?;
    }
    for p in &s.refusals {
        writeln!(out, "warning: {}", crate::render::printable::one_line(p))?;
    }
    for p in &s.problems {
        writeln!(out, "note: {}", crate::render::printable::one_line(p))?;
    }
    Ok(code)
}
