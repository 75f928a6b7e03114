//! `docket template list | show | export`, `docket letter ID` and `docket config set | show`:
//! the letters, the templates they come from, and the requester's profile they are signed with.

use std::io::Write;

use anyhow::{Context, Result, bail};
use serde_json::json;

use super::{resolve_batch, say};
use crate::app::App;
use crate::app::deadlines::Law;
use crate::app::letters::{Kind, Letters, email, letter_for, sent_copy};
use crate::app::{agencies, requests};
use crate::cli::{ConfigCommand, Format, LetterArgs, LetterKind, TemplateCommand};
use crate::config::Profile;
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

fn kind_of(kind: LetterKind) -> Kind {
    match kind {
        LetterKind::Initial => Kind::Initial,
        LetterKind::Followup => Kind::Followup,
        LetterKind::Appeal => Kind::Appeal,
    }
}

pub fn letter(app: &mut App, args: LetterArgs, out: &mut dyn Write) -> Result<()> {
    let letters = Letters::load(app)?;
    let conn = app.db.conn();
    let dir = app.db.documents_dir();
    let kind = kind_of(args.kind);
    let ids: Vec<i64> = match (&args.id, &args.batch) {
        (Some(id), _) => vec![*id],
        (None, Some(b)) => requests::batch_request_ids(conn, resolve_batch(conn, b)?)?,
        (None, None) => bail!("give a request number or --batch NAME"),
    };
    // With --batch, --out names a folder however many requests the batch has.
    let to_folder = args.batch.is_some();
    if to_folder
        && let Some(dir) = &args.out
        && dir.exists()
        && !dir.is_dir()
    {
        bail!(
            "{} is a file: give --out a folder for a batch's letters",
            dir.display()
        );
    }
    let mut law = Law::new(conn);
    // Every letter is made before anything is written: a batch that cannot be finished writes
    // nothing, and says at once every agency that stands in the way.
    let mut made = Vec::new();
    let mut no_email = Vec::new();
    for id in &ids {
        let r = requests::get(conn, *id)?;
        let template = kind.template(&r.template);
        let kept = if args.fresh {
            None
        } else {
            sent_copy(conn, &dir, *id, kind)?
        };
        let (request, agency, body) = match kept {
            Some(sent) => {
                let agency = agencies::get_by_id(conn, r.agency_id)?;
                let body = if args.eml {
                    match sent.email {
                        Some(e) => e,
                        None if agency.email.as_deref().is_none_or(|e| e.trim().is_empty()) => {
                            bail!(
                                "{} has no e-mail address and request {id} was sent{}: docket kept the text of its letter; print it without --eml, or add one with `docket agency edit {} --email ...` and write a new e-mail with --eml --fresh",
                                agency.slug,
                                r.filed_via
                                    .as_deref()
                                    .map(|v| format!(" by {v}"))
                                    .unwrap_or_default(),
                                agency.slug
                            )
                        }
                        None => bail!(
                            "request {id} was sent{}: docket kept the text of its letter, not an e-mail message; print it without --eml, or add --fresh for a new one",
                            r.filed_via
                                .as_deref()
                                .map(|v| format!(" by {v}"))
                                .unwrap_or_default()
                        ),
                    }
                } else {
                    sent.text
                };
                (r, agency, body)
            }
            None => {
                if let Some(why) = crate::app::letters::waits_on_us(&r, kind) {
                    bail!("{why}");
                }
                let (request, agency, text) =
                    letter_for(&letters, conn, &mut law, *id, &template, app.today)?;
                let body = if args.eml {
                    // An appeal goes to the office that decides appeals, where docket knows it.
                    let to = match kind {
                        Kind::Appeal => crate::app::letters::appeals_office(conn, &agency)?,
                        _ => None,
                    };
                    let to = to.as_ref().unwrap_or(&agency);
                    match email(&letters, &request, to, kind, &text, app.today) {
                        Some(mail) => mail.text.into_bytes(),
                        None => {
                            no_email.push(to.slug.clone());
                            continue;
                        }
                    }
                } else {
                    text.into_bytes()
                };
                (request, agency, body)
            }
        };
        made.push((request, agency, template, body));
    }
    if !no_email.is_empty() {
        no_email.sort();
        no_email.dedup();
        let n = no_email.len();
        if n == 1 {
            let slug = &no_email[0];
            bail!(
                "{slug} has no e-mail address, so no e-mail was written: add one with `docket agency edit {slug} --email ...`, or print the letter without --eml to mail it"
            );
        }
        // Every one is named: the user needs the whole list to fix them in one go.
        bail!(
            "{n} agencies have no e-mail address, so nothing was written: {}; add them all at once from a CSV with the columns slug,email (`docket agency import contacts.csv --source csv`), or leave out --eml to print letters to mail",
            no_email.join(", ")
        );
    }
    // Where each letter goes, every target checked before any is written: a batch that
    // would replace a letter (or name docket's own files) writes nothing.
    let protected = app.protected();
    let ext = if args.eml { "eml" } else { "txt" };
    let mut targets = Vec::new();
    for (request, agency, template, body) in made {
        let path = match &args.out {
            Some(dir) if to_folder => {
                // The file name comes from the request number and the slug (lowercase letters,
                // digits and hyphens), never from free text, so it stays inside the folder. A
                // slug that is not one (a database edited or merged by hand) is not used.
                let slug = if crate::slug::is_valid(&agency.slug) {
                    agency.slug.as_str()
                } else {
                    "agency"
                };
                Some(dir.join(format!("{:05}-{slug}-{template}.{ext}", request.id)))
            }
            Some(path) => Some(path.clone()),
            None => None,
        };
        targets.push((request, agency, body, path));
    }
    if to_folder && let Some(dir) = &args.out {
        if dir.exists() {
            let blocked: Vec<String> = targets
                .iter()
                .filter_map(|(.., p)| p.as_ref())
                .filter_map(|p| crate::outfile::check(p, args.force, &protected).err())
                .map(|e| e.to_string())
                .collect();
            if let Some(why) = blocked.first() {
                let more = match blocked.len() {
                    1 => String::new(),
                    n => format!(" (and {} more)", n - 1),
                };
                bail!(
                    "{} of {} letter file(s) cannot be written, so none was: {why}{more}",
                    blocked.len(),
                    targets.len()
                );
            }
        } else {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
        }
    }
    let mut written = Vec::new();
    let several = targets.len() > 1;
    for (request, agency, body, path) in targets {
        match path {
            Some(path) => {
                crate::outfile::write(&path, args.force, &protected, &body)?;
                written.push(path);
            }
            None => {
                if several {
                    writeln!(out, "===== request {} to {} =====", request.id, agency.name)?;
                }
                out.write_all(&body)?;
                if !body.ends_with(b"\n") {
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
