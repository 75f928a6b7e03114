//! SQL for the rule table, users' rule overrides and closure days.

use anyhow::{Context, Result};
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};

use super::now_stamp;

/// A user's override of jurisdiction `code`, as stored JSON.
pub fn override_json(conn: &Connection, code: &str) -> Result<Option<String>> {
    conn.prepare_cached("SELECT overrides FROM jurisdiction_overrides WHERE code = ?1")?
        .query_row([code], |r| r.get(0))
        .optional()
        .context("reading a rule override")
}

/// Every override, by code.
pub fn overrides(conn: &Connection) -> Result<Vec<(String, String)>> {
    let mut st =
        conn.prepare_cached("SELECT code, overrides FROM jurisdiction_overrides ORDER BY code")?;
    let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    rows.collect::<rusqlite::Result<_>>()
        .context("reading rule overrides")
}

/// Records a change of `code`'s rule (`law set`): back to docket's own rule first when `reset`,
/// then the fields `fields` names set (a JSON object of the override's fields). The change is
/// kept in the rule's history, which is what a team's laptops exchange, and the override in
/// force is what that history leaves (see [`settle_override`]).
pub fn set_override(
    conn: &Connection,
    code: &str,
    reset: bool,
    fields: Option<&str>,
) -> Result<()> {
    let changes = [reset.then_some(None), fields.map(Some)];
    for change in changes.into_iter().flatten() {
        conn.prepare_cached("UPDATE sync_state SET clock = clock + 1")?
            .execute([])?;
        // No earlier than the latest change of the rule known here: it stands over that one
        // everywhere, whatever the laptops' clocks say.
        conn.prepare_cached(
            "INSERT INTO law_edits (uid, code, overrides, edited_at, clock, member_uid) \
             VALUES (?1, ?2, ?3, max(?4, coalesce((SELECT max(edited_at) FROM law_edits \
             WHERE code = ?2), '')), (SELECT clock FROM sync_state), \
             (SELECT member_uid FROM sync_state))",
        )?
        .execute(params![super::new_uid(), code, change, now_stamp()])
        .context("keeping the rule's change")?;
    }
    settle_override(conn, code)
}

fn write_override(conn: &Connection, code: &str, json: Option<&str>, at: &str) -> Result<()> {
    match json {
        Some(j) => conn.execute(
            "INSERT INTO jurisdiction_overrides (code, overrides, updated_at) VALUES (?1, ?2, ?3) \
             ON CONFLICT (code) DO UPDATE SET overrides = excluded.overrides, updated_at = excluded.updated_at",
            params![code, j, at],
        ),
        None => conn.execute("DELETE FROM jurisdiction_overrides WHERE code = ?1", [code]),
    }
    .context("saving the rule override")?;
    Ok(())
}

/// Makes the override in force of `code` what its history of changes leaves, in their order
/// (time, then logical clock, then uid): each change sets the fields it names, a reset clears
/// them all. After a change here, or changes from a team's laptops.
pub fn settle_override(conn: &Connection, code: &str) -> Result<()> {
    use serde_json::{Map, Value};
    let changes: Vec<(Option<String>, String)> = conn
        .prepare_cached(
            "SELECT overrides, edited_at FROM law_edits WHERE code = ?1 \
             ORDER BY edited_at, clock, uid",
        )?
        .query_map([code], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let Some(last) = changes.last().map(|c| c.1.clone()) else {
        return Ok(());
    };
    let mut fields: Map<String, Value> = Map::new();
    for (change, _) in &changes {
        match change.as_deref().map(serde_json::from_str::<Value>) {
            None => fields.clear(),
            Some(Ok(Value::Object(m))) => fields.extend(m),
            Some(_) => {}
        }
    }
    let json = (!fields.is_empty()).then(|| Value::Object(fields).to_string());
    write_override(conn, code, json.as_deref(), &last)
}

/// A row of the built-in rule table as written to `jurisdictions`.
pub struct RuleRow<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub law: &'a str,
    pub citation: &'a str,
    pub response: Option<String>,
    pub verified: bool,
    pub source: &'a str,
    pub rule_json: String,
}

/// Rewrites the built-in rule table (users' overrides live apart and are kept).
pub fn replace_rules(conn: &Connection, rows: &[RuleRow]) -> Result<()> {
    conn.execute("DELETE FROM jurisdictions", [])?;
    let mut st = conn.prepare_cached(
        "INSERT INTO jurisdictions (code, name, law, citation, response, verified, source, rule) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for r in rows {
        st.execute(params![
            r.code,
            r.name,
            r.law,
            r.citation,
            r.response,
            r.verified,
            r.source,
            r.rule_json
        ])
        .context("writing the rule table")?;
    }
    Ok(())
}

/// A value kept in the `meta` table.
pub fn meta(conn: &Connection, key: &str) -> Result<Option<String>> {
    conn.prepare_cached("SELECT value FROM meta WHERE key = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()
        .context("reading meta")
}

/// Sets a value in the `meta` table.
pub fn set_meta(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )
    .context("writing meta")?;
    Ok(())
}

/// A closure day added by a user.
#[derive(Debug, Clone, PartialEq)]
pub struct Closure {
    pub on: NaiveDate,
    pub name: String,
    pub jurisdiction: Option<String>,
    pub agency_id: Option<i64>,
}

/// Closures of a jurisdiction, and (when `agency_id` is given) of that agency too.
pub fn closures(conn: &Connection, code: &str, agency_id: Option<i64>) -> Result<Vec<Closure>> {
    let mut st = conn.prepare_cached(
        "SELECT on_date, name, jurisdiction, agency_id FROM closures \
         WHERE jurisdiction = ?1 OR (?2 IS NOT NULL AND agency_id = ?2) ORDER BY on_date",
    )?;
    let rows = st.query_map(params![code, agency_id], |r| {
        Ok(Closure {
            on: super::required_date(r, 0)?,
            name: r.get(1)?,
            jurisdiction: r.get(2)?,
            agency_id: r.get(3)?,
        })
    })?;
    rows.collect::<rusqlite::Result<_>>()
        .context("reading closure days")
}

/// Every closure, by date (then as added), for building many calendars from one read.
pub fn all_closures(conn: &Connection) -> Result<Vec<Closure>> {
    let mut st = conn.prepare_cached(
        "SELECT on_date, name, jurisdiction, agency_id FROM closures ORDER BY on_date, id",
    )?;
    let rows = st.query_map([], |r| {
        Ok(Closure {
            on: super::required_date(r, 0)?,
            name: r.get(1)?,
            jurisdiction: r.get(2)?,
            agency_id: r.get(3)?,
        })
    })?;
    rows.collect::<rusqlite::Result<_>>()
        .context("reading closure days")
}

/// Whether any agency-specific closure exists (so calendars per agency are needed).
pub fn agencies_with_closures(conn: &Connection) -> Result<std::collections::HashSet<i64>> {
    let mut st =
        conn.prepare_cached("SELECT DISTINCT agency_id FROM closures WHERE agency_id IS NOT NULL")?;
    let rows = st.query_map([], |r| r.get(0))?;
    rows.collect::<rusqlite::Result<_>>()
        .context("reading closure days")
}

/// Adds a closure day; the same day twice for the same place is refused.
pub fn add_closure(conn: &Connection, c: &Closure) -> Result<()> {
    let exists: bool = conn
        .prepare_cached(
            "SELECT 1 FROM closures WHERE on_date = ?1 AND jurisdiction IS ?2 AND agency_id IS ?3",
        )?
        .exists(params![c.on, c.jurisdiction, c.agency_id])?;
    if exists {
        anyhow::bail!("{} is already a closure day there", c.on);
    }
    conn.execute(
        "INSERT INTO closures (uid, jurisdiction, agency_id, on_date, name, created_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            closure_uid(
                conn,
                "closure",
                c.jurisdiction.as_deref(),
                c.agency_id,
                c.on
            )?,
            c.jurisdiction,
            c.agency_id,
            c.on,
            c.name,
            now_stamp()
        ],
    )
    .context("adding the closure day")?;
    Ok(())
}

/// A built-in holiday that a whole jurisdiction or one agency works through.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenDay {
    pub on: NaiveDate,
    /// The holiday's name, as the built-in calendar gives it.
    pub name: String,
    pub jurisdiction: Option<String>,
    pub agency_id: Option<i64>,
}

/// Every open day users set, in date order.
pub fn all_open_days(conn: &Connection) -> Result<Vec<OpenDay>> {
    let mut st = conn.prepare_cached(
        "SELECT on_date, name, jurisdiction, agency_id FROM open_days ORDER BY on_date, id",
    )?;
    let rows = st.query_map([], |r| {
        Ok(OpenDay {
            on: super::required_date(r, 0)?,
            name: r.get(1)?,
            jurisdiction: r.get(2)?,
            agency_id: r.get(3)?,
        })
    })?;
    rows.collect::<rusqlite::Result<_>>()
        .context("reading open days")
}

/// Records that a built-in holiday is a working day there; refused if it already is.
pub fn add_open_day(conn: &Connection, o: &OpenDay) -> Result<()> {
    let exists: bool = conn
        .prepare_cached(
            "SELECT 1 FROM open_days WHERE on_date = ?1 AND jurisdiction IS ?2 AND agency_id IS ?3",
        )?
        .exists(params![o.on, o.jurisdiction, o.agency_id])?;
    if exists {
        anyhow::bail!(
            "{} is already marked as a working day there: nothing to change",
            o.on
        );
    }
    conn.execute(
        "INSERT INTO open_days (uid, jurisdiction, agency_id, on_date, name, created_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            closure_uid(
                conn,
                "open-day",
                o.jurisdiction.as_deref(),
                o.agency_id,
                o.on
            )?,
            o.jurisdiction,
            o.agency_id,
            o.on,
            o.name,
            now_stamp()
        ],
    )
    .context("recording the open day")?;
    Ok(())
}

/// The uid of a closure or open day: its kind, its place (a jurisdiction, or an agency's uid)
/// and its day.
pub fn closure_uid(
    conn: &Connection,
    kind: &str,
    jurisdiction: Option<&str>,
    agency_id: Option<i64>,
    on: chrono::NaiveDate,
) -> Result<String> {
    let place = match (jurisdiction, agency_id) {
        (Some(j), _) => j.to_string(),
        (None, Some(a)) => conn
            .prepare_cached("SELECT uid FROM agencies WHERE id = ?1")?
            .query_row([a], |r| r.get(0))
            .context("looking up the agency of a closure")?,
        (None, None) => String::new(),
    };
    Ok(super::uid_of(&[kind, &place, &on.to_string()]))
}
