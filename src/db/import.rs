//! SQL for agency imports: reading what the database holds in the importer's terms, and
//! writing an import plan.

use std::collections::HashMap;

use anyhow::{Context, Result};
use chrono::NaiveDate;
use rusqlite::{Connection, params};

use super::now_stamp;
use crate::import::plan::{ExistingAgency, ExistingAgreement, Plan};
use crate::import::{AgencyRecord, AgreementRecord, AgreementStatus};
use crate::model::AgencyKind;

/// Every agency with its agreements.
pub fn existing(conn: &Connection) -> Result<Vec<ExistingAgency>> {
    let mut agreements: HashMap<i64, Vec<ExistingAgreement>> = HashMap::new();
    let mut st = conn.prepare(
        "SELECT id, agency_id, program, support_type, status, signed_on, signed_raw, moa_url, \
         addendum_url, listed, source FROM agreements ORDER BY id",
    )?;
    let rows = st.query_map([], |r| {
        let status: String = r.get(4)?;
        Ok((
            r.get::<_, i64>(1)?,
            ExistingAgreement {
                id: r.get(0)?,
                program: r.get(2)?,
                support_type: r.get(3)?,
                status: status.parse().unwrap_or(AgreementStatus::Signed),
                signed_on: r.get(5)?,
                signed_raw: r.get(6)?,
                moa_url: r.get(7)?,
                addendum_url: r.get(8)?,
                listed: r.get(9)?,
                source: r.get(10)?,
            },
        ))
    })?;
    for row in rows {
        let (agency, a) = row?;
        agreements.entry(agency).or_default().push(a);
    }
    let mut st = conn.prepare(
        "SELECT id, name, state, kind, county, email, phone, mailing_address, portal_url, \
         records_officer, notes FROM agencies ORDER BY id",
    )?;
    let rows = st.query_map([], |r| {
        let kind: String = r.get(3)?;
        Ok(ExistingAgency {
            id: r.get(0)?,
            name: r.get(1)?,
            state: r.get(2)?,
            kind: kind.parse().unwrap_or(AgencyKind::Other),
            county: r.get(4)?,
            email: r.get(5)?,
            phone: r.get(6)?,
            mailing_address: r.get(7)?,
            portal_url: r.get(8)?,
            records_officer: r.get(9)?,
            notes: r.get(10)?,
            agreements: Vec::new(),
        })
    })?;
    let mut out = Vec::new();
    for row in rows {
        let mut a = row?;
        a.agreements = agreements.remove(&a.id).unwrap_or_default();
        out.push(a);
    }
    Ok(out)
}

fn insert_agency(conn: &Connection, rec: &AgencyRecord, now: &str) -> Result<i64> {
    let base = crate::slug::make(&rec.name, &rec.state);
    let mut slug = base.clone();
    let mut n = 2;
    while super::agencies::slug_taken(conn, &slug)? {
        slug = format!("{base}-{n}");
        n += 1;
    }
    conn.prepare_cached(
        "INSERT INTO agencies (uid, slug, name, kind, state, county, email, portal_url, \
         mailing_address, phone, records_officer, notes, created_at, updated_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13)",
    )?
    .execute(params![
        super::agency_uid(&rec.state, &rec.name),
        slug,
        rec.name,
        rec.kind.as_str(),
        rec.state,
        rec.county,
        rec.email,
        rec.portal_url,
        rec.mailing_address,
        rec.phone,
        rec.records_officer,
        rec.notes,
        now
    ])
    .with_context(|| format!("adding {} ({}) from row {}", rec.name, rec.state, rec.row))?;
    Ok(conn.last_insert_rowid())
}

fn update_agency(conn: &Connection, id: i64, rec: &AgencyRecord, now: &str) -> Result<()> {
    conn.prepare_cached(
        "UPDATE agencies SET kind = ?2, county = ?3, email = ?4, portal_url = ?5, \
         mailing_address = ?6, phone = ?7, records_officer = ?8, notes = ?9, updated_at = ?10 \
         WHERE id = ?1",
    )?
    .execute(params![
        id,
        rec.kind.as_str(),
        rec.county,
        rec.email,
        rec.portal_url,
        rec.mailing_address,
        rec.phone,
        rec.records_officer,
        rec.notes,
        now
    ])
    .with_context(|| format!("updating {} ({})", rec.name, rec.state))?;
    Ok(())
}

fn upsert_agreement(
    conn: &Connection,
    agency_id: Option<i64>,
    agreement_id: Option<i64>,
    a: &AgreementRecord,
    label: &str,
    today: NaiveDate,
) -> Result<()> {
    match agreement_id {
        None => conn
            .prepare_cached(
                "INSERT INTO agreements (uid, agency_id, program, support_type, status, signed_on, \
                 signed_raw, moa_url, addendum_url, source, listed, first_seen, last_seen) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 1, ?11, ?11)",
            )?
            .execute(params![
                {
                    let agency_uid: String = conn.query_row(
                        "SELECT uid FROM agencies WHERE id = ?1",
                        [agency_id],
                        |r| r.get(0),
                    )?;
                    super::agreement_uid(&agency_uid, &a.program, &a.support_type)
                },
                agency_id,
                a.program,
                a.support_type,
                a.status.as_str(),
                a.signed_on,
                a.signed_raw,
                a.moa_url,
                a.addendum_url,
                label,
                today
            ]),
        Some(id) => conn
            .prepare_cached(
                "UPDATE agreements SET status = ?2, signed_on = ?3, signed_raw = ?4, moa_url = ?5, \
                 addendum_url = ?6, source = ?7, listed = 1, last_seen = ?8 WHERE id = ?1",
            )?
            .execute(params![
                id,
                a.status.as_str(),
                a.signed_on,
                a.signed_raw,
                a.moa_url,
                a.addendum_url,
                label,
                today
            ]),
    }
    .context("writing an agreement")?;
    Ok(())
}

/// Writes `plan` (in the caller's transaction).
pub fn apply(conn: &Connection, plan: &Plan, label: &str, today: NaiveDate) -> Result<()> {
    let now = now_stamp();
    let mut new_ids: HashMap<(String, String), i64> = HashMap::new();
    for rec in &plan.new_agencies {
        let id = insert_agency(conn, rec, &now)?;
        new_ids.insert((rec.state.clone(), rec.name.clone()), id);
    }
    for (id, _, rec) in &plan.updated_agencies {
        update_agency(conn, *id, rec, &now)?;
    }
    for (key, a) in &plan.new_agreements {
        let agency = match key.id {
            Some(id) => id,
            None => *new_ids
                .get(&(key.state.clone(), key.name.clone()))
                .with_context(|| {
                    format!(
                        "the new agency {} ({}) of an agreement",
                        key.name, key.state
                    )
                })?,
        };
        upsert_agreement(conn, Some(agency), None, a, label, today)?;
    }
    for (id, _, a) in &plan.changed_agreements {
        upsert_agreement(conn, None, Some(*id), a, label, today)?;
    }
    for id in &plan.unlisted_agreements {
        conn.prepare_cached("UPDATE agreements SET listed = 0 WHERE id = ?1")?
            .execute([id])?;
    }
    for id in &plan.relisted_agreements {
        conn.prepare_cached("UPDATE agreements SET listed = 1, last_seen = ?2 WHERE id = ?1")?
            .execute(params![id, today])?;
    }
    Ok(())
}
