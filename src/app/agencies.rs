//! The agencies a user writes to: found by slug or name, listed, added, edited and imported.
//! Every read and write of an agency a command makes goes through here.

use anyhow::{Result, bail};
use rusqlite::Connection;

use crate::db;
use crate::model::{Agency, AgencyFields};

pub use crate::db::agencies::{Agreement, Filter};

/// The agency named by `wanted`: a slug, or an agency's exact name when only one agency has it.
/// An unknown or ambiguous name is refused with the closest slugs.
pub fn resolve(conn: &Connection, wanted: &str) -> Result<Agency> {
    let wanted = wanted.trim();
    if let Some(a) = db::agencies::get(conn, wanted)? {
        return Ok(a);
    }
    let by_name = db::agencies::find_by_name(conn, wanted)?;
    match by_name.len() {
        1 => return Ok(by_name.into_iter().next().expect("one")),
        0 => {}
        _ => {
            let slugs: Vec<String> = by_name.into_iter().map(|a| a.slug).collect();
            bail!(
                "'{wanted}' is ambiguous: {} agencies have that name; use a slug: {}",
                slugs.len(),
                slugs.join(", ")
            );
        }
    }
    let all = db::agencies::slugs_and_names(conn)?;
    let near = crate::slug::closest(wanted, all.iter().map(|(s, n)| (s.as_str(), n.as_str())), 3);
    if near.is_empty() {
        bail!(
            "no agency '{wanted}': `docket agency list` shows the slugs, `docket agency add` adds one"
        );
    }
    bail!("no agency '{wanted}': did you mean {}?", near.join(", "));
}

/// The agency of this slug, if any.
pub fn get(conn: &Connection, slug: &str) -> Result<Option<Agency>> {
    db::agencies::get(conn, slug)
}

/// The agency of this id.
pub fn get_by_id(conn: &Connection, id: i64) -> Result<Agency> {
    db::agencies::get_by_id(conn, id)
}

/// The agencies the filter selects, by slug.
pub fn list(conn: &Connection, filter: &Filter) -> Result<Vec<Agency>> {
    db::agencies::list(conn, filter)
}

/// The agreements (287(g) and others) an agency is listed with.
pub fn agreements(conn: &Connection, id: i64) -> Result<Vec<Agreement>> {
    db::agencies::agreements(conn, id)
}

/// Adds an agency in the caller's transaction: under `slug` when given, else under the slug
/// made from its name and state, numbered (`-2`, `-3`...) when that one is taken.
pub fn add(
    tx: &Connection,
    slug: Option<&str>,
    name: &str,
    state: &str,
    f: &AgencyFields,
) -> Result<Agency> {
    let slug = match slug {
        Some(s) => s.to_string(),
        None => {
            let base = crate::slug::make(name, state);
            let mut slug = base.clone();
            let mut n = 2;
            while db::agencies::slug_taken(tx, &slug)? {
                slug = format!("{base}-{n}");
                n += 1;
            }
            slug
        }
    };
    db::agencies::insert(tx, &slug, name, state, f)
}

/// Changes the fields given of an agency, in the caller's transaction.
pub fn edit(tx: &Connection, id: i64, f: &AgencyFields) -> Result<()> {
    db::agencies::update(tx, id, f)
}

/// Plans the import of `file` against the agencies the database holds and, unless `dry`,
/// applies the plan, in the caller's transaction.
pub fn import(
    tx: &Connection,
    file: &crate::import::ImportFile,
    dry: bool,
    today: chrono::NaiveDate,
) -> Result<crate::import::plan::Plan> {
    let existing = db::import::existing(tx)?;
    let p = crate::import::plan::plan(&existing, file, &file.label);
    if !dry {
        db::import::apply(tx, &p, &file.label, today)?;
    }
    Ok(p)
}
