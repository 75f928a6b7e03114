//! `docket template list | show | export`, `docket letter ID` and `docket config set | show`:
//! the letters, the templates they come from, and the requester's profile they are signed with.

use std::io::Write;

use anyhow::{Context, Result, bail};
use serde_json::json;

use super::{resolve_batch, say};
use crate::app::App;
use crate::cli::{ConfigCommand, Format, LetterArgs, LetterKind, TemplateCommand};
use crate::config::Profile;
use crate::db;
use crate::deadlines::Law;
use crate::letters::{Letters, letter_for};
use crate::render::eml::{Eml, build_eml};
use crate::render::letter::Templates;
use crate::render::table::{Column, Listing};

pub fn template(app: &mut App, cmd: TemplateCommand, out: &mut dyn Write) -> Result<()> {
    match cmd {
        TemplateCommand::List { format } => {
            let (dir, explicit) = &app.templates;
            let t = Templates::load(dir.as_deref(), *explicit)?;
            let mut l = Listing::new(vec![
                Column::fixed("name", "NAME"),
                Column::text("purpose", "PURPOSE"),
                Column::text("source", "SOURCE"),
            ]);
            for info in t.list() {
                let purpose = if info.is_part() {
                    format!("(part included by letters) {}", info.purpose)
                } else {
                    info.purpose.clone()
                };
                l.push(
                    vec![
                        json!(info.name),
                        json!(purpose),
                        json!(info.source.to_string()),
                    ],
                    None,
                );
            }
            out.write_all(l.render(format, &app.style).as_bytes())?;
        }
        TemplateCommand::Show { name } => {
            let (dir, explicit) = &app.templates;
            let t = Templates::load(dir.as_deref(), *explicit)?;
            let info = t.info(&name)?;
            writeln!(out, "# {}: {} ({})", info.name, info.purpose, info.source)?;
            writeln!(out)?;
            out.write_all(t.text(&name)?.as_bytes())?;
            writeln!(out)?;
            let vars = t.variables(&name)?;
            if !vars.is_empty() {
                writeln!(out, "# Variables")?;
                let mut l = Listing::new(vec![
                    Column::fixed("name", "VARIABLE"),
                    Column::fixed("required", "REQUIRED"),
                    Column::text("from", "WHERE THE VALUE COMES FROM"),
                ]);
                for v in vars {
                    l.push(vec![json!(v.name), json!(v.required), json!(v.from)], None);
                }
                out.write_all(l.render(Format::Table, &app.style).as_bytes())?;
            }
        }
        TemplateCommand::Export { dir, force } => {
            let written = Templates::export(&dir, force)?;
            for p in &written {
                say(app, out, p.display())?;
            }
            say(
                app,
                out,
                format!(
                    "wrote {} templates: edit them, then use --templates {} (or copy them to the config folder's templates/)",
                    written.len(),
                    dir.display()
                ),
            )?;
        }
    }
    Ok(())
}

fn template_of(kind: LetterKind, drafted_with: &str) -> String {
    match kind {
        LetterKind::Initial => drafted_with.to_string(),
        LetterKind::Followup => "followup".to_string(),
        LetterKind::Appeal => "appeal".to_string(),
    }
}

pub fn letter(app: &mut App, args: LetterArgs, out: &mut dyn Write) -> Result<()> {
    let letters = Letters::load(app)?;
    let conn = app.db.conn();
    let ids: Vec<i64> = match (&args.id, &args.batch) {
        (Some(id), _) => vec![*id],
        (None, Some(b)) => db::requests::batch_request_ids(conn, resolve_batch(conn, b)?)?,
        (None, None) => bail!("give a request number or --batch NAME"),
    };
    // With --batch, --out names a folder however many requests the batch has.
    let to_folder = args.batch.is_some();
    if to_folder {
        match &args.out {
            Some(dir) if dir.is_dir() => {}
            Some(dir) if !dir.exists() => std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?,
            Some(dir) => bail!(
                "{} is a file: give --out a folder for a batch's letters",
                dir.display()
            ),
            None => {}
        }
    }
    let mut law = Law::new(conn);
    let mut written = Vec::new();
    for id in &ids {
        let r = db::requests::get(conn, *id)?;
        let template = template_of(args.kind, &r.template);
        let (request, agency, text) =
            letter_for(&letters, conn, &mut law, *id, &template, app.today)?;
        let body = if args.eml {
            let Some(to) = agency.email.clone().filter(|e| !e.trim().is_empty()) else {
                bail!(
                    "{} has no email address: add one with `docket agency edit {} --email ...`, or print the letter without --eml to mail it",
                    agency.name,
                    agency.slug
                );
            };
            let p = &letters.profile;
            let from = p.email.as_ref().map(|e| match &p.name {
                Some(n) => format!("{n} <{e}>"),
                None => e.clone(),
            });
            let prefix = match args.kind {
                LetterKind::Initial => "Public records request",
                LetterKind::Followup => "Follow-up on public records request",
                LetterKind::Appeal => "Appeal of public records request",
            };
            let tracking = request
                .tracking_number
                .as_deref()
                .map(|t| format!(" ({t})"))
                .unwrap_or_default();
            let domain = p
                .email
                .as_deref()
                .and_then(|e| e.rsplit_once('@').map(|(_, d)| d.to_string()))
                .unwrap_or_else(|| "docket.invalid".to_string());
            let now = chrono::Local::now().fixed_offset();
            build_eml(&Eml {
                from,
                to,
                subject: format!(
                    "{prefix}: {}{tracking} [docket #{}]",
                    request.title, request.id
                ),
                body: text,
                date: now,
                message_id: format!(
                    "docket-{}-{}-{}@{domain}",
                    request.uid,
                    template,
                    now.timestamp_nanos_opt().unwrap_or_default()
                ),
            })
        } else {
            text
        };
        match &args.out {
            Some(dir) if to_folder => {
                let ext = if args.eml { "eml" } else { "txt" };
                // The file name comes from the request number and the slug (lowercase letters,
                // digits and hyphens), never from free text, so it stays inside the folder. A
                // slug that is not one (a database edited or merged by hand) is not used.
                let slug = if crate::slug::is_valid(&agency.slug) {
                    agency.slug.as_str()
                } else {
                    "agency"
                };
                let path = dir.join(format!("{:05}-{slug}-{template}.{ext}", request.id));
                crate::cmd::report::write_atomically(&path, body.as_bytes())?;
                written.push(path);
            }
            Some(path) => {
                crate::cmd::report::write_atomically(path, body.as_bytes())?;
                written.push(path.clone());
            }
            None => {
                if ids.len() > 1 {
                    writeln!(out, "===== request {} to {} =====", request.id, agency.name)?;
                }
                out.write_all(body.as_bytes())?;
                if !body.ends_with('\n') {
                    writeln!(out)?;
                }
            }
        }
    }
    for p in written {
        say(app, out, format!("wrote {}", p.display()))?;
    }
    Ok(())
}

pub fn config(app: &mut App, cmd: ConfigCommand, out: &mut dyn Write) -> Result<()> {
    match cmd {
        ConfigCommand::Set { key, value } => {
            let mut p = Profile::load(&app.config_file)?;
            // Addresses are typed on one line with \n between lines, as for agencies.
            p.set(&key, &value.replace("\\n", "\n"))
                .map_err(anyhow::Error::msg)?;
            p.save(&app.config_file)?;
            say(
                app,
                out,
                format!("{key} set in {}", app.config_file.display()),
            )?;
        }
        ConfigCommand::Show => {
            let p = Profile::load(&app.config_file)?;
            writeln!(out, "# {}", app.config_file.display())?;
            let v = p.to_json();
            for key in Profile::KEYS {
                let shown = match &v[*key] {
                    serde_json::Value::Null => "(not set)".to_string(),
                    serde_json::Value::String(s) => s.replace('\n', "\\n"),
                    other => other.to_string(),
                };
                writeln!(out, "{key:<13} {shown}")?;
            }
        }
    }
    Ok(())
}
