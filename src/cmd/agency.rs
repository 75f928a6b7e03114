//! `docket agency add | list | show | edit`: the offices requests go to.

use std::io::Write;

use anyhow::{Result, bail};
use serde_json::{Value, json};

use super::{parse_states, resolve_agency, say};
use crate::app::App;
use crate::app::{agencies, requests};
use crate::cli::{
    AgencyAddArgs, AgencyEditArgs, AgencyFieldArgs, AgencyListArgs, AgencyShowArgs, Format,
};
use crate::model::{Agency, AgencyFields, AgencyKind, parse_state};
use crate::render::table::{Column, Listing};

fn fields(f: AgencyFieldArgs) -> Result<AgencyFields> {
    let kind = f
        .kind
        .as_deref()
        .map(str::parse::<AgencyKind>)
        .transpose()?;
    let lines = |v: Option<String>| v.map(|s| s.replace("\\n", "\n"));
    Ok(AgencyFields {
        name: None,
        kind,
        state: None,
        county: typed("--county", f.county, false)?,
        email: typed("--email", f.email, false)?,
        portal_url: typed("--portal", f.portal, false)?,
        mailing_address: typed("--address", lines(f.address), true)?,
        phone: typed("--phone", f.phone, false)?,
        records_officer: typed("--officer", f.officer, false)?,
        notes: typed("--notes", lines(f.notes), true)?,
    })
}

/// A field typed by the user: text only (line breaks where the field has lines), and no longer
/// than any agency's field could need.
fn typed(flag: &str, value: Option<String>, multiline: bool) -> Result<Option<String>> {
    let Some(v) = value else { return Ok(None) };
    if let Some(c) = v
        .chars()
        .find(|&c| c.is_control() && !(multiline && c == '\n'))
    {
        bail!(
            "{flag} holds a control character (U+{:04X}): type plain text{}",
            c as u32,
            if multiline {
                ", with \\n between lines"
            } else {
                " on one line"
            }
        );
    }
    if v.chars().count() > crate::model::MAX_FIELD_CHARS {
        bail!(
            "{flag} is longer than {} characters: shorten it",
            crate::model::MAX_FIELD_CHARS
        );
    }
    Ok(Some(v))
}

fn check_name(name: &str) -> Result<String> {
    let n = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if n.is_empty() {
        bail!("the agency's name is empty: give --name \"Wake County Sheriff's Office\"");
    }
    if n.chars().count() > crate::model::MAX_NAME_CHARS || n.chars().any(char::is_control) {
        bail!(
            "the agency's name must be one line of at most {} characters",
            crate::model::MAX_NAME_CHARS
        );
    }
    Ok(n)
}

pub fn add(app: &mut App, args: AgencyAddArgs, out: &mut dyn Write) -> Result<()> {
    let name = check_name(&args.name)?;
    let state = parse_state(&args.state).map_err(anyhow::Error::msg)?;
    let f = fields(args.fields)?;
    let given = args.slug.clone();
    if let Some(s) = &given
        && !crate::slug::is_valid(s)
    {
        bail!(
            "'{s}' is not a usable slug: use lowercase letters, digits and hyphens, e.g. wake-so-nc"
        );
    }
    let agency = app
        .db
        .write(|tx| agencies::add(tx, given.as_deref(), &name, state, &f))?;
    writeln!(out, "{}", agency.slug)?;
    Ok(())
}

/// The columns of an agency listing.
fn agency_columns() -> Vec<Column> {
    vec![
        Column::fixed("slug", "SLUG"),
        Column::text("name", "NAME"),
        Column::fixed("state", "ST"),
        Column::fixed("kind", "KIND"),
        Column::text("county", "COUNTY"),
        Column::text("email", "EMAIL"),
        Column::hidden("portal_url", "PORTAL"),
        Column::hidden("mailing_address", "ADDRESS"),
        Column::hidden("phone", "PHONE"),
        Column::hidden("records_officer", "OFFICER"),
        Column::hidden("notes", "NOTES"),
        Column::hidden("uid", "UID"),
    ]
}

fn agency_row(a: &Agency) -> Vec<Value> {
    vec![
        json!(a.slug),
        json!(a.name),
        json!(a.state),
        json!(a.kind),
        json!(a.county),
        json!(a.email),
        json!(a.portal_url),
        json!(a.mailing_address),
        json!(a.phone),
        json!(a.records_officer),
        json!(a.notes),
        json!(a.uid),
    ]
}

pub fn list(app: &mut App, args: AgencyListArgs, out: &mut dyn Write) -> Result<()> {
    let kinds = args
        .kind
        .iter()
        .map(|k| k.parse::<AgencyKind>().map(|k| k.as_str().to_string()))
        .collect::<Result<Vec<_>, _>>()?;
    let filter = agencies::Filter {
        states: parse_states(&args.state)?,
        kinds,
        programs: args.program.iter().map(|p| normalise_program(p)).collect(),
        support_types: Vec::new(),
    };
    let found = agencies::list(app.db.conn(), &filter)?;
    let mut l = Listing::new(agency_columns());
    for a in &found {
        l.push(agency_row(a), None);
    }
    if args.format == Format::Table {
        l.footer = Some(match found.len() {
            0 => "no agencies: add one with `docket agency add` or import a list with `docket agency import`".into(),
            1 => "1 agency".into(),
            n => format!("{n} agencies"),
        });
    }
    out.write_all(l.render(args.format, &app.style).as_bytes())?;
    Ok(())
}

/// "287(g)", "287G", "287g" all name the same program.
pub fn normalise_program(p: &str) -> String {
    p.to_lowercase().replace(['(', ')', ' '], "")
}

pub fn show(app: &mut App, args: AgencyShowArgs, out: &mut dyn Write) -> Result<()> {
    let conn = app.db.conn();
    let a = resolve_agency(conn, &args.agency)?;
    let agreements = agencies::agreements(conn, a.id)?;
    let requests = requests::list(
        conn,
        &requests::Filter {
            office_ids: vec![a.id],
            ..Default::default()
        },
    )?;
    match args.format {
        Format::Json => {
            let mut v = serde_json::to_value(&a)?;
            v["agreements"] = serde_json::to_value(&agreements)?;
            v["requests"] = json!(
                requests
                    .iter()
                    .map(|r| json!({
                        "id": r.request.id,
                        "title": r.request.title,
                        "status": r.request.status.as_str(),
                        "to": r.agency_slug,
                        "about": r.about,
                    }))
                    .collect::<Vec<_>>()
            );
            writeln!(out, "{}", serde_json::to_string_pretty(&v)?)?;
        }
        format => {
            let mut l = Listing::new(vec![
                Column::fixed("field", "FIELD"),
                Column::text("value", "VALUE"),
            ]);
            let field = |l: &mut Listing, k: &str, v: Option<&str>| {
                if let Some(v) = v.filter(|v| !v.is_empty()) {
                    l.push(vec![json!(k), json!(v)], None);
                }
            };
            field(&mut l, "slug", Some(&a.slug));
            field(&mut l, "name", Some(&a.name));
            field(&mut l, "state", Some(&a.state));
            field(&mut l, "kind", Some(&a.kind));
            field(&mut l, "county", a.county.as_deref());
            field(&mut l, "email", a.email.as_deref());
            field(&mut l, "portal", a.portal_url.as_deref());
            field(&mut l, "address", a.mailing_address.as_deref());
            field(&mut l, "phone", a.phone.as_deref());
            field(&mut l, "officer", a.records_officer.as_deref());
            field(&mut l, "notes", a.notes.as_deref());
            for g in &agreements {
                let signed = g
                    .signed_on
                    .clone()
                    .or_else(|| g.signed_raw.as_ref().map(|r| format!("'{r}' as published")))
                    .unwrap_or_else(|| g.status.clone());
                let listed = if g.listed { "" } else { " (no longer listed)" };
                field(
                    &mut l,
                    "agreement",
                    Some(&format!(
                        "{} {}: {signed}{listed}",
                        g.program, g.support_type
                    )),
                );
            }
            for r in &requests {
                // Both sides of the office's record: what was asked of it, and what was asked
                // of others about it (a FOIA to ICE about its agreement).
                let (key, to) = if r.about.is_some() {
                    ("request about it", format!(", to {}", r.agency_slug))
                } else {
                    ("request", String::new())
                };
                field(
                    &mut l,
                    key,
                    Some(&format!(
                        "#{} {} ({}{to})",
                        r.request.id, r.request.title, r.request.status
                    )),
                );
            }
            out.write_all(l.render(format, &app.style).as_bytes())?;
        }
    }
    Ok(())
}

pub fn edit(app: &mut App, args: AgencyEditArgs, out: &mut dyn Write) -> Result<()> {
    let a = resolve_agency(app.db.conn(), &args.agency)?;
    let mut f = fields(args.fields)?;
    f.name = args.name.as_deref().map(check_name).transpose()?;
    app.db.write(|tx| agencies::edit(tx, a.id, &f))?;
    say(app, out, format!("updated {}", a.slug))
}

pub fn import(
    app: &mut App,
    args: crate::cli::AgencyImportArgs,
    out: &mut dyn Write,
) -> Result<()> {
    use crate::import::{Source, read};
    let source = args
        .source
        .as_deref()
        .map(|s| s.parse::<Source>())
        .transpose()?;
    let mut maps = Vec::new();
    for m in &args.maps {
        let Some((field, column)) = m.split_once('=') else {
            bail!(
                "--map '{m}' has no '=': write it as field=Column, e.g. --map name=\"Agency Name\""
            );
        };
        maps.push((field.trim().to_string(), column.trim().to_string()));
    }
    let mut file = read(&args.file, source, &maps)?;
    let conn = app.db.conn();
    let mut lookup_failed = None;
    file.resolve_slugs(|slug| match agencies::get(conn, slug) {
        Ok(found) => found.map(|a| {
            let kind = a.kind.parse().unwrap_or(crate::model::AgencyKind::Other);
            (a.name, a.state, kind)
        }),
        Err(e) => {
            lookup_failed.get_or_insert(e);
            None
        }
    });
    if let Some(e) = lookup_failed {
        return Err(e);
    }
    let today = app.today;
    let dry = args.dry_run;
    let p = app.db.write(|tx| agencies::import(tx, &file, dry, today))?;
    let agreements_read = file
        .records
        .iter()
        .filter(|r| r.agreement.is_some())
        .count();
    writeln!(
        out,
        "{}: {} rows read as {}",
        args.file.display(),
        file.rows_read,
        file.source.as_str()
    )?;
    writeln!(
        out,
        "agencies: {} added, {} updated, {} unchanged",
        p.new_agencies.len(),
        p.updated_agencies.len(),
        p.unchanged_agencies
    )?;
    if agreements_read > 0 || !p.unlisted_agreements.is_empty() {
        writeln!(
            out,
            "agreements: {} read, {} added, {} changed, {} no longer listed (kept), {} listed again, {} unchanged",
            agreements_read,
            p.new_agreements.len(),
            p.changed_agreements.len(),
            p.unlisted_agreements.len(),
            p.relisted_agreements.len(),
            p.unchanged_agreements
        )?;
    }
    writeln!(out, "rows with problems: {}", file.problems.len())?;
    for problem in &file.problems {
        writeln!(out, "  {problem}")?;
    }
    if app.verbose {
        for (_, changes, rec) in &p.updated_agencies {
            for c in changes {
                writeln!(
                    out,
                    "  {} ({}): {} {} -> {}",
                    rec.name,
                    rec.state,
                    c.field,
                    c.old.as_deref().unwrap_or("(empty)"),
                    c.new.as_deref().unwrap_or("(empty)")
                )?;
            }
        }
    }
    if dry {
        writeln!(out, "dry run: nothing was written")?;
    }
    Ok(())
}
