//! `docket team` (start, invite, join, status) and `docket sync`: one tracker shared by a team
//! through storage it already has.

use std::io::Write;

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
            sync::init(
                &mut app.db,
                &args.medium,
                args.who.endpoint.as_deref(),
                &who,
            )?;
            say(
                app,
                out,
                format!(
                    "started a team on {}, with {} as its first member\ninvite the others: `docket team invite` prints the code to give each of them privately; they run `docket team join {} --invite CODE`",
                    args.medium, who.name, args.medium
                ),
            )
        }
        TeamCommand::Invite => {
            writeln!(out, "{}", sync::invite(app.db.conn())?)?;
            Ok(())
        }
        TeamCommand::Join(args) => {
            let who = me(app, &args.who)?;
            sync::join(
                &mut app.db,
                &args.medium,
                args.who.endpoint.as_deref(),
                &args.invite,
                &who,
            )?;
            say(
                app,
                out,
                format!(
                    "joined the team on {} as {}: `docket sync` brings in the team's work",
                    args.medium, who.name
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
                let what = if m.me {
                    format!("this laptop; {} {bundles} sent", m.bundles)
                } else {
                    format!(
                        "{} {bundles} read, last at {}",
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
            writeln!(out, "waiting to be sent: {} records", s.to_send)?;
            Ok(())
        }
    }
}

pub fn sync(app: &mut App, args: SyncArgs, out: &mut dyn Write) -> Result<()> {
    let s = sync::sync(&mut app.db, app.today)?;
    if args.format == Format::Json {
        let v = json!({
            "received_bundles": s.received_bundles,
            "received": s.received,
            "sent_bundles": s.sent_bundles,
            "sent": s.sent,
            "conflicts": s.conflicts.iter().map(|(id, r)| json!({"id": id, "ref": r})).collect::<Vec<_>>(),
            "problems": s.problems,
            "slugs_moved": s.slugs_moved.iter().map(|(a, b)| json!({"from": a, "to": b})).collect::<Vec<_>>(),
        });
        writeln!(out, "{}", serde_json::to_string_pretty(&v)?)?;
        return Ok(());
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
            "conflict: request {id} ({r}) holds events that cannot both stand: `docket show {id}`, then void one with `docket log {id} void --event N`"
        )?;
    }
    for (from, to) in &s.slugs_moved {
        writeln!(
            out,
            "note: the agency that was {from} here is now {to}: a teammate's agency has that slug"
        )?;
    }
    for p in &s.problems {
        writeln!(out, "note: {}", crate::render::printable::one_line(p))?;
    }
    Ok(())
}
