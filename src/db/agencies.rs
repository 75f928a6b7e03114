//! SQL for agencies and their agreements.

use anyhow::{Context, Result, bail};
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::now_stamp;
use crate::model::{Agency, AgencyFields};

const COLUMNS: &str = "id, uid, slug, name, kind, state, county, email, portal_url, \
                       mailing_address, phone, records_officer, notes";

fn from_row(r: &Row) -> rusqlite::Result<Agency> {
    Ok(Agency {
        id: r.get(0)?,
        uid: r.get(1)?,
        slug: r.get(2)?,
        name: r.get(3)?,
        kind: r.get(4)?,
        state: r.get(5)?,
        county: r.get(6)?,
        email: r.get(7)?,
        portal_url: r.get(8)?,
        mailing_address: r.get(9)?,
        phone: r.get(10)?,
        records_officer: r.get(11)?,
        notes: r.get(12)?,
    })
}

/// Filters for `agency list` and for bulk selections; values of one field are alternatives.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub states: Vec<String>,
    pub kinds: Vec<String>,
    /// Only agencies holding a listed agreement of one of these programs ("287g").
    pub programs: Vec<String>,
    /// Only agencies holding a listed agreement of one of these support types.
    pub support_types: Vec<String>,
}

/// Adds an agency under `slug`. (state, name) is unique; so is the slug.
pub fn insert(
    conn: &Connection,
    slug: &str,
    name: &str,
    state: &str,
    f: &AgencyFields,
) -> Result<Agency> {
    if let Some(other) = find_by_state_name(conn, state, name)? {
        bail!(
            "an agency named '{name}' in {state} exists already (slug {}): use `docket agency edit {}` to change it",
            other.slug,
            other.slug
        );
    }
    if get(conn, slug)?.is_some() {
        bail!("the slug '{slug}' is taken: choose another with --slug");
    }
    let now = now_stamp();
    conn.execute(
        "INSERT INTO agencies (uid, slug, name, kind, state, county, email, portal_url, \
         mailing_address, phone, records_officer, notes, created_at, updated_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13)",
        params![
            super::agency_uid(state, name),
            slug,
            name,
            f.kind.map(|k| k.as_str()).unwrap_or("sheriff"),
            state,
            f.county,
            f.email,
            f.portal_url,
            f.mailing_address,
            f.phone,
            f.records_officer,
            f.notes,
            now
        ],
    )
    .context("adding the agency")?;
    get(conn, slug)?.context("reading back the new agency")
}

/// The agency with this slug.
pub fn get(conn: &Connection, slug: &str) -> Result<Option<Agency>> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM agencies WHERE slug = ?1"))?
        .query_row([slug], from_row)
        .optional()
        .context("looking up an agency")
}

/// The agency with this id.
pub fn get_by_id(conn: &Connection, id: i64) -> Result<Agency> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM agencies WHERE id = ?1"))?
        .query_row([id], from_row)
        .context("looking up an agency by id")
}

/// The agency with this name in this state (case and spacing ignored).
pub fn find_by_state_name(conn: &Connection, state: &str, name: &str) -> Result<Option<Agency>> {
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM agencies WHERE state = ?1 AND lower(name) = lower(?2)"
    ))?
    .query_row(params![state, name.trim()], from_row)
    .optional()
    .context("looking up an agency by name")
}

/// Agencies whose name is `name` in any state (for resolving a name that is not a slug).
pub fn find_by_name(conn: &Connection, name: &str) -> Result<Vec<Agency>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM agencies WHERE lower(name) = lower(?1) ORDER BY state"
    ))?;
    let rows = st.query_map([name.trim()], from_row)?;
    rows.collect::<rusqlite::Result<_>>()
        .context("looking up agencies by name")
}

/// Every (slug, name) pair, for suggestions.
pub fn slugs_and_names(conn: &Connection) -> Result<Vec<(String, String)>> {
    let mut st = conn.prepare_cached("SELECT slug, name FROM agencies ORDER BY slug")?;
    let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    rows.collect::<rusqlite::Result<_>>()
        .context("listing agency slugs")
}

/// Whether a slug is in use.
pub fn slug_taken(conn: &Connection, slug: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM agencies WHERE slug = ?1")?
        .exists([slug])?)
}

/// Agencies matching `filter`, ordered by state and name.
pub fn list(conn: &Connection, filter: &Filter) -> Result<Vec<Agency>> {
    let mut sql = format!("SELECT {COLUMNS} FROM agencies a WHERE 1 = 1");
    let mut args: Vec<String> = Vec::new();
    let mut any_of = |sql: &mut String, column: &str, values: &[String]| {
        if values.is_empty() {
            return;
        }
        let marks: Vec<String> = values
            .iter()
            .map(|v| {
                args.push(v.clone());
                format!("?{}", args.len())
            })
            .collect();
        sql.push_str(&format!(" AND {column} IN ({})", marks.join(", ")));
    };
    any_of(&mut sql, "a.state", &filter.states);
    any_of(&mut sql, "a.kind", &filter.kinds);
    let lowered: Vec<String> = filter
        .support_types
        .iter()
        .map(|s| s.trim().to_lowercase())
        .collect();
    if !filter.programs.is_empty() || !filter.support_types.is_empty() {
        let mut sub =
            String::from("SELECT 1 FROM agreements g WHERE g.agency_id = a.id AND g.listed = 1");
        any_of(&mut sub, "g.program", &filter.programs);
        any_of(&mut sub, "lower(trim(g.support_type))", &lowered);
        sql.push_str(&format!(" AND EXISTS ({sub})"));
    }
    sql.push_str(" ORDER BY a.state, a.name");
    let mut st = conn.prepare(&sql)?;
    let rows = st.query_map(rusqlite::params_from_iter(args.iter()), from_row)?;
    rows.collect::<rusqlite::Result<_>>()
        .context("listing agencies")
}

/// Changes the given fields of agency `id`.
pub fn update(conn: &Connection, id: i64, f: &AgencyFields) -> Result<()> {
    let mut sets: Vec<String> = Vec::new();
    let mut args: Vec<Option<String>> = Vec::new();
    let mut set = |column: &str, value: Option<String>| {
        if let Some(v) = value {
            let v = v.trim().to_string();
            args.push((!v.is_empty()).then_some(v));
            sets.push(format!("{column} = ?{}", args.len()));
        }
    };
    set("name", f.name.clone());
    set("kind", f.kind.map(|k| k.as_str().to_string()));
    set("state", f.state.clone());
    set("county", f.county.clone());
    set("email", f.email.clone());
    set("portal_url", f.portal_url.clone());
    set("mailing_address", f.mailing_address.clone());
    set("phone", f.phone.clone());
    set("records_officer", f.records_officer.clone());
    set("notes", f.notes.clone());
    if sets.is_empty() {
        bail!("nothing to change: give at least one field, e.g. --email records@example.gov");
    }
    args.push(Some(now_stamp()));
    sets.push(format!("updated_at = ?{}", args.len()));
    args.push(Some(id.to_string()));
    let sql = format!(
        "UPDATE agencies SET {} WHERE id = ?{}",
        sets.join(", "),
        args.len()
    );
    conn.execute(&sql, rusqlite::params_from_iter(args.iter()))
        .map_err(|e| match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::ConstraintViolation) => anyhow::anyhow!(
                "another agency in that state has that name already: choose another name"
            ),
            _ => anyhow::Error::from(e).context("changing the agency"),
        })?;
    Ok(())
}

/// An agreement as shown with its agency.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Agreement {
    pub program: String,
    pub support_type: String,
    pub status: String,
    pub signed_on: Option<String>,
    pub signed_raw: Option<String>,
    pub moa_url: Option<String>,
    pub addendum_url: Option<String>,
    pub source: Option<String>,
    pub listed: bool,
}

/// The agreements of agency `id`.
pub fn agreements(conn: &Connection, id: i64) -> Result<Vec<Agreement>> {
    let mut st = conn.prepare_cached(
        "SELECT program, support_type, status, signed_on, signed_raw, moa_url, addendum_url, \
         source, listed FROM agreements WHERE agency_id = ?1 ORDER BY program, support_type",
    )?;
    let rows = st.query_map([id], |r| {
        Ok(Agreement {
            program: r.get(0)?,
            support_type: r.get(1)?,
            status: r.get(2)?,
            signed_on: r.get(3)?,
            signed_raw: r.get(4)?,
            moa_url: r.get(5)?,
            addendum_url: r.get(6)?,
            source: r.get(7)?,
            listed: r.get(8)?,
        })
    })?;
    rows.collect::<rusqlite::Result<_>>()
        .context("listing agreements")
}

/// Brings the built-in agencies into the database: a new one is added (unless the user already
/// has an agency of that slug or that name, which is left alone); one added before is updated
/// field by field where the field still holds what docket wrote last time (`previous`, by slug),
/// so a user's own edits survive every upgrade.
pub fn sync_builtin(
    conn: &Connection,
    agencies: &[crate::import::builtin::BuiltinAgency],
    previous: &std::collections::HashMap<String, crate::import::builtin::BuiltinAgencyRecord>,
) -> Result<()> {
    use crate::model::AgencyKind;
    for b in agencies {
        let record = crate::import::builtin::BuiltinAgencyRecord::of(b);
        match previous.get(b.slug) {
            None => {
                if get(conn, b.slug)?.is_some()
                    || find_by_state_name(conn, b.state, b.name)?.is_some()
                {
                    continue;
                }
                let f = AgencyFields {
                    kind: Some(AgencyKind::Federal),
                    email: record.email.clone(),
                    portal_url: record.portal_url.clone(),
                    mailing_address: record.mailing_address.clone(),
                    phone: record.phone.clone(),
                    notes: record.notes.clone(),
                    ..Default::default()
                };
                let a = insert(conn, b.slug, b.name, b.state, &f)?;
                mark_builtin_values(conn, &a.uid)?;
            }
            Some(old) => {
                let Some(now) = get(conn, b.slug)? else {
                    continue;
                };
                // A field moves to the new built-in value only where it still holds the old one.
                let moved =
                    |current: &Option<String>, old: &Option<String>, new: &Option<String>| {
                        (current == old && old != new).then(|| new.clone().unwrap_or_default())
                    };
                let f = AgencyFields {
                    email: moved(&now.email, &old.email, &record.email),
                    portal_url: moved(&now.portal_url, &old.portal_url, &record.portal_url),
                    mailing_address: moved(
                        &now.mailing_address,
                        &old.mailing_address,
                        &record.mailing_address,
                    ),
                    phone: moved(&now.phone, &old.phone, &record.phone),
                    notes: moved(&now.notes, &old.notes, &record.notes),
                    ..Default::default()
                };
                let any = [
                    &f.email,
                    &f.portal_url,
                    &f.mailing_address,
                    &f.phone,
                    &f.notes,
                ]
                .iter()
                .any(|v| v.is_some());
                if any {
                    update(conn, now.id, &f)?;
                    mark_builtin_values(conn, &now.uid)?;
                }
            }
        }
    }
    Ok(())
}

/// The values just written to agency `uid` are docket's own: in a team, any member's value
/// for those fields wins over them (a member who joins later, or upgrades later, never undoes
/// the team's corrections of a built-in office).
fn mark_builtin_values(conn: &Connection, uid: &str) -> Result<()> {
    conn.execute(
        "UPDATE agency_edits SET rank = ?2 WHERE agency_uid = ?1 \
         AND clock = (SELECT clock FROM sync_state)",
        params![uid, crate::ops::EditRank::BUILTIN],
    )
    .context("marking docket's own values of a built-in office")?;
    Ok(())
}
