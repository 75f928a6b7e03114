//! `docket draft`: one request per agency, for one agency or a whole selection, in one
//! transaction and one batch.

use std::io::Write;

use anyhow::{Context, Result, bail};

use super::{agency::normalise_program, parse_states, resolve_agency, say};
use crate::app::App;
use crate::app::requests::batch_for;
use crate::app::{agencies, requests};
use crate::cli::DraftArgs;
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

/// The requests a draft makes: to each agency, about an office or not.
struct Target {
    to: Agency,
    about: Option<Agency>,
}

/// What a draft goes to: with --about or --about-program, one request to the single --agency
/// about each office selected; otherwise one request to each agency selected.
fn targets(app: &App, args: &DraftArgs) -> Result<Vec<Target>> {
    if args.about.is_empty() && args.about_programs.is_empty() {
        return Ok(select(app, args)?
            .into_iter()
            .map(|to| Target { to, about: None })
            .collect());
    }
    let conn = app.db.conn();
    let to = match args.agencies.as_slice() {
        [one] => resolve_agency(conn, one)?,
        [] => bail!(
            "say whom the requests about these offices go to: --agency SLUG, e.g. --agency ice (ICE's FOIA office)"
        ),
        _ => bail!(
            "requests about an office go to one agency: give a single --agency (draft again for another)"
        ),
    };
    let selecting = !(args.states.is_empty()
        && args.programs.is_empty()
        && args.support_types.is_empty()
        && args.kinds.is_empty());
    if selecting && args.about_programs.is_empty() {
        bail!(
            "--state, --program, --support-type and --kind choose the offices with --about-program: give --about-program 287g with them, or name each office with --about SLUG"
        );
    }
    let mut offices = Vec::new();
    for a in &args.about {
        offices.push(resolve_agency(conn, a)?);
    }
    if !args.about_programs.is_empty() {
        let mut programs: Vec<String> = args
            .about_programs
            .iter()
            .map(|p| normalise_program(p))
            .collect();
        programs.extend(args.programs.iter().map(|p| normalise_program(p)));
        let filter = agencies::Filter {
            states: parse_states(&args.states)?,
            kinds: parse_kinds(&args.kinds)?,
            programs,
            support_types: args.support_types.clone(),
        };
        let found = agencies::list(conn, &filter)?;
        if found.is_empty() {
            bail!(
                "no office matches that selection: `docket agency list --program ... --state ...` shows what there is"
            );
        }
        offices.extend(found);
    }
    let mut seen = std::collections::HashSet::new();
    offices.retain(|a| seen.insert(a.id));
    if let Some(same) = offices.iter().find(|o| o.id == to.id) {
        bail!(
            "{} cannot be the subject of a request to itself: leave it out of --about",
            same.slug
        );
    }
    Ok(offices
        .into_iter()
        .map(|o| Target {
            to: to.clone(),
            about: Some(o),
        })
        .collect())
}

fn parse_kinds(kinds: &[String]) -> Result<Vec<String>> {
    Ok(kinds
        .iter()
        .map(|k| k.parse::<AgencyKind>().map(|k| k.as_str().to_string()))
        .collect::<Result<Vec<_>, _>>()?)
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
        let filter = agencies::Filter {
            states: parse_states(&args.states)?,
            kinds: parse_kinds(&args.kinds)?,
            programs: args.programs.iter().map(|p| normalise_program(p)).collect(),
            support_types: args.support_types.clone(),
        };
        let found = agencies::list(conn, &filter)?;
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
    let targets = targets(app, &args)?;
    let letters = crate::app::letters::Letters::load(app)?;
    letters.check_template(&args.template)?;
    for t in &targets {
        letters.check_fit(&args.template, &t.to)?;
    }
    let title = match &args.title {
        Some(t) => super::input::one_line("--title", t, 300)?,
        None => letters.default_title(&args.template)?,
    };
    let batch_name = match (&args.batch, targets.len()) {
        (Some(b), _) => Some(super::input::one_line("--batch", b, 100)?),
        (None, 1) => None,
        (None, _) => Some(format!("{}-{}", args.template, app.today)),
    };
    let today = app.today;
    let template = args.template.clone();
    let dry_run = args.dry_run;
    let given_batch = args.batch.is_some();
    let titled = args.title.is_some();
    let result = app.db.write(|tx| {
        let batch = match &batch_name {
            Some(name) => Some(batch_for(tx, name, given_batch, &template)?),
            None => None,
        };
        let mut ids = Vec::with_capacity(targets.len());
        let mut previews = Vec::new();
        let mut law = crate::app::deadlines::Law::new(tx);
        for t in &targets {
            let a = &t.to;
            // Requests about different offices are told apart by their titles.
            let title = match &t.about {
                Some(o) if !titled => format!("{title}: {}", o.name),
                _ => title.clone(),
            };
            let id = requests::draft(
                tx,
                &requests::NewRequest {
                    agency_id: a.id,
                    batch_id: batch.as_ref().map(|b| b.id),
                    title: &title,
                    template: &template,
                    vars: &vars,
                },
                t.about.as_ref().map(|o| o.id),
            )?;
            let about = t
                .about
                .as_ref()
                .map(|o| format!(" about {}", o.slug))
                .unwrap_or_default();
            // Render now, so that a missing variable stops the whole draft with nothing kept.
            let request = requests::get(tx, id)?;
            let text = letters
                .render(tx, &mut law, a, &template, &request, today)
                .with_context(|| format!("drafting to {}{about}: nothing was drafted", a.slug))?;
            if dry_run {
                previews.push(format!(
                    "would draft '{title}' to {} ({}){about}:\n\n{}",
                    a.name,
                    a.slug,
                    text.trim_end()
                ));
            }
            ids.push(id);
        }
        if dry_run {
            // Every letter was drafted and rendered as the real run would: roll it all back.
            return Err(DryRun(previews).into());
        }
        Ok((ids, batch))
    });
    let ids = match result {
        Err(e) if e.downcast_ref::<DryRun>().is_some() => {
            let Ok(DryRun(previews)) = e.downcast::<DryRun>() else {
                unreachable!("checked above");
            };
            for p in &previews {
                writeln!(out, "{p}\n")?;
            }
            return say(
                app,
                out,
                format!(
                    "{} request(s){}; nothing was written (drop --dry-run to draft them)",
                    previews.len(),
                    batch_name
                        .as_ref()
                        .map(|b| format!(" in batch {b}"))
                        .unwrap_or_default()
                ),
            );
        }
        other => other?,
    };
    let (ids, batch) = ids;
    let batch_line = batch.as_ref().map(|b| {
        if b.added_to {
            format!(
                "added to batch {}, which now holds {} request(s)",
                b.name,
                b.before + ids.len() as i64
            )
        } else {
            format!("batch: {}", b.name)
        }
    });
    if ids.len() > 10 {
        let place = match &batch {
            Some(b) if b.added_to => format!(", {}", batch_line.as_deref().unwrap_or("")),
            Some(b) => format!(", in batch {}", b.name),
            None => String::new(),
        };
        writeln!(
            out,
            "drafted {} requests, numbers {} to {}{place}",
            ids.len(),
            ids[0],
            ids[ids.len() - 1],
        )?;
    } else {
        for id in &ids {
            writeln!(out, "{id}")?;
        }
        if let Some(b) = batch_line {
            say(app, out, b)?;
        }
    }
    Ok(())
}

/// What a dry run drafted and rendered, carried out of the transaction that is rolled back.
#[derive(Debug)]
struct DryRun(Vec<String>);

impl std::fmt::Display for DryRun {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "a dry run drafts nothing")
    }
}

impl std::error::Error for DryRun {}
