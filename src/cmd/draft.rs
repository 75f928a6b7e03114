//! `docket draft`: one request per agency, for one agency or a whole selection, in one
//! transaction and one batch.

use std::io::Write;

use anyhow::{Context, Result, bail};

use super::{agency::normalise_program, parse_states, resolve_agency, say};
use crate::app::App;
use crate::cli::DraftArgs;
use crate::db;
use crate::model::{Agency, AgencyKind};

/// `--set key=value` pairs, in order; a key given twice keeps the last value.
pub fn parse_sets(sets: &[String]) -> Result<serde_json::Map<String, serde_json::Value>> {
    let mut map = serde_json::Map::new();
    for s in sets {
        let Some((k, v)) = s.split_once('=') else {
            bail!(
                "--set '{s}' has no '=': write it as key=value, e.g. --set records=\"booking logs\""
            );
        };
        let k = k.trim();
        if k.is_empty() || !k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            bail!("--set '{s}': the key must be letters, digits and underscores, e.g. date_range");
        }
        map.insert(k.to_string(), serde_json::Value::String(v.to_string()));
    }
    Ok(map)
}

/// The agencies a draft goes to: the named ones plus, when any selector is given, every
/// agency matching all of the selectors.
fn select(app: &App, args: &DraftArgs) -> Result<Vec<Agency>> {
    let conn = app.db.conn();
    let mut chosen: Vec<Agency> = Vec::new();
    for a in &args.agencies {
        chosen.push(resolve_agency(conn, a)?);
    }
    let selecting = !(args.states.is_empty()
        && args.programs.is_empty()
        && args.support_types.is_empty()
        && args.kinds.is_empty());
    if selecting {
        let kinds = args
            .kinds
            .iter()
            .map(|k| k.parse::<AgencyKind>().map(|k| k.as_str().to_string()))
            .collect::<Result<Vec<_>, _>>()?;
        let filter = db::agencies::Filter {
            states: parse_states(&args.states)?,
            kinds,
            programs: args.programs.iter().map(|p| normalise_program(p)).collect(),
            support_types: args.support_types.clone(),
        };
        let found = db::agencies::list(conn, &filter)?;
        if found.is_empty() {
            bail!(
                "no agency matches that selection: `docket agency list` with the same flags shows what there is"
            );
        }
        chosen.extend(found);
    }
    if chosen.is_empty() {
        bail!(
            "say whom to write to: --agency SLUG (repeatable), or a selection such as --state NC --program 287g"
        );
    }
    let mut seen = std::collections::HashSet::new();
    chosen.retain(|a| seen.insert(a.id));
    Ok(chosen)
}

pub fn run(app: &mut App, args: DraftArgs, out: &mut dyn Write) -> Result<()> {
    let vars = parse_sets(&args.sets)?;
    let agencies = select(app, &args)?;
    let letters = crate::letters::Letters::load(app)?;
    letters.check_template(&args.template)?;
    let title = match &args.title {
        Some(t) => crate::cmd::log::one_line("--title", t, 300)?,
        None => letters.default_title(&args.template)?,
    };
    let batch_name = match (&args.batch, agencies.len()) {
        (Some(b), _) => Some(crate::cmd::log::one_line("--batch", b, 100)?),
        (None, 1) => None,
        (None, _) => Some(format!("{}-{}", args.template, app.today)),
    };
    if args.dry_run {
        for a in &agencies {
            writeln!(out, "would draft '{}' to {} ({})", title, a.name, a.slug)?;
        }
        say(
            app,
            out,
            format!(
                "{} request(s){}; nothing was written (drop --dry-run to draft them)",
                agencies.len(),
                batch_name
                    .as_ref()
                    .map(|b| format!(" in batch {b}"))
                    .unwrap_or_default()
            ),
        )?;
        return Ok(());
    }
    let today = app.today;
    let template = args.template.clone();
    let ids = app.db.write(|tx| {
        let batch_id = match &batch_name {
            Some(name) => {
                let name = unique_batch_name(tx, name, args.batch.is_some())?;
                Some((db::requests::insert_batch(tx, &name, &template)?, name))
            }
            None => None,
        };
        let mut ids = Vec::with_capacity(agencies.len());
        let mut law = crate::deadlines::Law::new(tx);
        for a in &agencies {
            let id = db::requests::insert(
                tx,
                &db::requests::NewRequest {
                    agency_id: a.id,
                    batch_id: batch_id.as_ref().map(|b| b.0),
                    title: &title,
                    template: &template,
                    vars: &vars,
                },
            )?;
            // Render now, so that a missing variable stops the whole draft with nothing kept.
            let request = db::requests::get(tx, id)?;
            letters
                .render(tx, &mut law, a, &template, &request, today)
                .with_context(|| format!("drafting to {}: nothing was drafted", a.slug))?;
            ids.push(id);
        }
        Ok((ids, batch_id.map(|b| b.1)))
    })?;
    let (ids, batch) = ids;
    if ids.len() > 10 {
        writeln!(
            out,
            "drafted {} requests, numbers {} to {}, in batch {}",
            ids.len(),
            ids[0],
            ids[ids.len() - 1],
            batch.as_deref().unwrap_or("")
        )?;
    } else {
        for id in &ids {
            writeln!(out, "{id}")?;
        }
        if let Some(b) = batch {
            say(app, out, format!("batch: {b}"))?;
        }
    }
    Ok(())
}

/// A new batch's name: as given (refused when taken), or generated with a counter.
fn unique_batch_name(conn: &rusqlite::Connection, name: &str, given: bool) -> Result<String> {
    if db::requests::batch_id(conn, name)?.is_none() {
        return Ok(name.to_string());
    }
    if given {
        bail!("a batch named '{name}' exists already: choose another --batch name");
    }
    let mut n = 2;
    loop {
        let candidate = format!("{name}-{n}");
        if db::requests::batch_id(conn, &candidate)?.is_none() {
            return Ok(candidate);
        }
        n += 1;
    }
}
