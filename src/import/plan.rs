//! What an import changes: the records read from a file compared with the agencies and
//! agreements the database holds. Pure: the caller reads the database into `ExistingAgency`
//! values, shows or writes the `Plan`, and does so in one transaction.
//!
//! The rules:
//! - An agency is identified by state and name, compared without case and with runs of
//!   whitespace alike. The rows of one agency (ICE's list has one row per agreement) make one
//!   agency.
//! - A user's own list (`csv`) fills empty fields and changes the fields it provides; a
//!   published list (`ice-287g`, `fbi-roster`) only fills empty fields, so that two lists that
//!   spell a county differently (ICE's "Layafette County", the FBI's "Lafayette County") do not
//!   undo each other at every import. No import empties a field (a list without e-mail
//!   addresses leaves a typed address alone) or renames an agency. A kind the importer only worked out (`kind_inferred`) replaces `other` only. Notes
//!   are added to, never replaced: a note already there (any case) is not added again.
//! - An agreement is identified by agency, program and support type. A date in the file
//!   replaces the date and clears the raw text of an unreadable one; an unreadable date only
//!   records its raw text while no date is known (a date corrected by hand stays). A pending
//!   agreement in the file never turns a signed one back to pending.
//! - Agreements carry the label of the list they came from (`source`). An agreement matched by
//!   this import takes this import's label; one that this label listed before and the file no
//!   longer holds is marked no longer listed (never deleted); one marked so and listed again
//!   is relisted. Agreements of other labels are never unlisted by this import.
//! - Re-importing the file a plan came from, once written, plans no change at all.
//!
//! Writing a plan: insert `new_agencies`, then `new_agreements` (their `AgencyKey.id` is the
//! agency's id when it exists, else look the new agency up by state and name), with
//! `listed = true` and `source = label`; update each `updated_agencies` row to its record, each
//! `changed_agreements` row to its record with `source = label` and `listed = true`; set
//! `listed = false` on `unlisted_agreements` and `listed = true` on `relisted_agreements`.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use super::{AgencyRecord, AgreementRecord, AgreementStatus, ImportFile, Source, name_key};
use crate::model::AgencyKind;

/// An agency as the database holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExistingAgency {
    pub id: i64,
    pub name: String,
    pub state: String,
    pub kind: AgencyKind,
    pub county: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub mailing_address: Option<String>,
    pub portal_url: Option<String>,
    pub records_officer: Option<String>,
    pub notes: Option<String>,
    pub agreements: Vec<ExistingAgreement>,
}

/// An agreement as the database holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExistingAgreement {
    pub id: i64,
    pub program: String,
    pub support_type: String,
    pub status: AgreementStatus,
    pub signed_on: Option<NaiveDate>,
    pub signed_raw: Option<String>,
    pub moa_url: Option<String>,
    pub addendum_url: Option<String>,
    /// False once the list it came from no longer holds it.
    pub listed: bool,
    /// The label of the import that last confirmed it; `None` when typed by hand.
    pub source: Option<String>,
}

/// One field an import changes, with the values before and after (dates as `YYYY-MM-DD`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    pub field: &'static str,
    pub old: Option<String>,
    pub new: Option<String>,
}

/// The agency an agreement belongs to: `id` when the agency exists, else the state and name of
/// one of `Plan::new_agencies` (exactly as that record spells them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgencyKey {
    pub state: String,
    pub name: String,
    pub id: Option<i64>,
}

/// What an import would do.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    /// One per agency (state and name), merged from its rows; `agreement` is always `None`:
    /// agreements are in `new_agreements`.
    pub new_agencies: Vec<AgencyRecord>,
    /// (agency id, what changes, the agency as it is to be after the import; `agreement` is
    /// `None`).
    pub updated_agencies: Vec<(i64, Vec<FieldChange>, AgencyRecord)>,
    pub unchanged_agencies: usize,
    pub new_agreements: Vec<(AgencyKey, AgreementRecord)>,
    /// (agreement id, what changes, the agreement as it is to be after the import).
    pub changed_agreements: Vec<(i64, Vec<FieldChange>, AgreementRecord)>,
    /// Listed before under this label, absent now: mark no longer listed, never delete.
    pub unlisted_agreements: Vec<i64>,
    /// Marked no longer listed, and listed again (an id may also be in `changed_agreements`).
    pub relisted_agreements: Vec<i64>,
    pub unchanged_agreements: usize,
}

impl Plan {
    /// True when writing the plan would change nothing.
    pub fn is_empty(&self) -> bool {
        self.new_agencies.is_empty()
            && self.updated_agencies.is_empty()
            && self.new_agreements.is_empty()
            && self.changed_agreements.is_empty()
            && self.unlisted_agreements.is_empty()
            && self.relisted_agreements.is_empty()
    }
}

type Key = (String, String);

fn agency_key(state: &str, name: &str) -> Key {
    (state.trim().to_ascii_uppercase(), name_key(name))
}

fn agreement_key(program: &str, support_type: &str) -> Key {
    (name_key(program), name_key(support_type))
}

/// An agency of the file with all its agreements.
struct Group {
    record: AgencyRecord,
    agreements: Vec<AgreementRecord>,
}

/// Fills `into`'s empty fields from a later row of the same agency.
fn merge_record(into: &mut AgencyRecord, from: &AgencyRecord) {
    let fill = |a: &mut Option<String>, b: &Option<String>| {
        if a.is_none() {
            a.clone_from(b);
        }
    };
    fill(&mut into.county, &from.county);
    fill(&mut into.email, &from.email);
    fill(&mut into.phone, &from.phone);
    fill(&mut into.mailing_address, &from.mailing_address);
    fill(&mut into.portal_url, &from.portal_url);
    fill(&mut into.records_officer, &from.records_officer);
    if let Some(n) = &from.notes {
        into.notes = Some(add_note(into.notes.as_deref(), n));
    }
    if into.kind_inferred && (!from.kind_inferred || into.kind == AgencyKind::Other) {
        into.kind = from.kind;
        into.kind_inferred = from.kind_inferred;
    }
}

fn merge_agreement(into: &mut AgreementRecord, from: &AgreementRecord) {
    if into.signed_on.is_none() && from.signed_on.is_some() {
        into.signed_on = from.signed_on;
        into.signed_raw = None;
    }
    if into.signed_on.is_none() && into.signed_raw.is_none() {
        into.signed_raw.clone_from(&from.signed_raw);
    }
    if into.moa_url.is_none() {
        into.moa_url.clone_from(&from.moa_url);
    }
    if into.addendum_url.is_none() {
        into.addendum_url.clone_from(&from.addendum_url);
    }
    if from.status == AgreementStatus::Signed {
        into.status = AgreementStatus::Signed;
    }
}

/// `old` with `note` added on a line of its own, unless it is there already.
fn add_note(old: Option<&str>, note: &str) -> String {
    match old {
        None => note.to_string(),
        Some(o) if o.to_lowercase().contains(&note.to_lowercase()) => o.to_string(),
        Some(o) => format!("{o}\n{note}"),
    }
}

fn group(file: &ImportFile) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    let mut index: HashMap<Key, usize> = HashMap::new();
    for r in &file.records {
        let key = agency_key(&r.state, &r.name);
        let g = match index.get(&key) {
            Some(&i) => {
                merge_record(&mut groups[i].record, r);
                &mut groups[i]
            }
            None => {
                index.insert(key, groups.len());
                groups.push(Group {
                    record: AgencyRecord {
                        agreement: None,
                        ..r.clone()
                    },
                    agreements: Vec::new(),
                });
                groups.last_mut().expect("just pushed")
            }
        };
        if let Some(a) = &r.agreement {
            let k = agreement_key(&a.program, &a.support_type);
            match g
                .agreements
                .iter_mut()
                .find(|b| agreement_key(&b.program, &b.support_type) == k)
            {
                Some(b) => merge_agreement(b, a),
                None => g.agreements.push(a.clone()),
            }
        }
    }
    groups
}

/// The fields of `ex` that `rec` changes, and the agency as it is to be. With `overwrite`
/// (a user's own list) a field the file gives replaces a different value; without it (a
/// published list) the file only fills empty fields, so that two lists that spell a county
/// differently do not undo each other at every import.
fn agency_changes(
    ex: &ExistingAgency,
    rec: &AgencyRecord,
    overwrite: bool,
) -> (Vec<FieldChange>, AgencyRecord) {
    let mut changes = Vec::new();
    let mut after = AgencyRecord {
        row: rec.row,
        slug: rec.slug.clone(),
        name: ex.name.clone(),
        state: ex.state.clone(),
        kind: ex.kind,
        kind_inferred: false,
        county: ex.county.clone(),
        email: ex.email.clone(),
        phone: ex.phone.clone(),
        mailing_address: ex.mailing_address.clone(),
        portal_url: ex.portal_url.clone(),
        records_officer: ex.records_officer.clone(),
        notes: ex.notes.clone(),
        agreement: None,
    };
    let kind_changes = if rec.kind_inferred {
        ex.kind == AgencyKind::Other && rec.kind != AgencyKind::Other
    } else {
        rec.kind != ex.kind
    };
    if kind_changes {
        changes.push(FieldChange {
            field: "kind",
            old: Some(ex.kind.to_string()),
            new: Some(rec.kind.to_string()),
        });
        after.kind = rec.kind;
    }
    // Text compared without case or spacing; URLs as written.
    let texts: [(&'static str, &Option<String>, &mut Option<String>, bool); 6] = [
        ("county", &rec.county, &mut after.county, false),
        ("email", &rec.email, &mut after.email, false),
        ("phone", &rec.phone, &mut after.phone, false),
        (
            "mailing_address",
            &rec.mailing_address,
            &mut after.mailing_address,
            false,
        ),
        ("portal_url", &rec.portal_url, &mut after.portal_url, true),
        (
            "records_officer",
            &rec.records_officer,
            &mut after.records_officer,
            false,
        ),
    ];
    for (field, new, slot, exact) in texts {
        let Some(new) = new else { continue };
        let same = match slot.as_deref() {
            Some(_) if !overwrite => true,
            Some(old) if exact => old.trim() == new.trim(),
            Some(old) => name_key(old) == name_key(new),
            None => false,
        };
        if !same {
            changes.push(FieldChange {
                field,
                old: slot.clone(),
                new: Some(new.clone()),
            });
            *slot = Some(new.clone());
        }
    }
    if let Some(note) = &rec.notes {
        let notes = add_note(ex.notes.as_deref(), note);
        if ex.notes.as_deref() != Some(notes.as_str()) {
            changes.push(FieldChange {
                field: "notes",
                old: ex.notes.clone(),
                new: Some(notes.clone()),
            });
            after.notes = Some(notes);
        }
    }
    (changes, after)
}

/// The fields of `ex` that `rec` changes under `label`, and the agreement as it is to be.
fn agreement_changes(
    ex: &ExistingAgreement,
    rec: &AgreementRecord,
    label: &str,
) -> (Vec<FieldChange>, AgreementRecord) {
    let mut changes = Vec::new();
    let mut after = AgreementRecord {
        program: ex.program.clone(),
        support_type: ex.support_type.clone(),
        status: ex.status,
        signed_on: ex.signed_on,
        signed_raw: ex.signed_raw.clone(),
        moa_url: ex.moa_url.clone(),
        addendum_url: ex.addendum_url.clone(),
    };
    let mut change = |field, old: Option<String>, new: Option<String>| {
        changes.push(FieldChange { field, old, new })
    };
    let date = |d: Option<NaiveDate>| d.map(|d| d.format("%Y-%m-%d").to_string());
    if rec.status != ex.status {
        change(
            "status",
            Some(ex.status.to_string()),
            Some(rec.status.to_string()),
        );
        after.status = rec.status;
    }
    if rec.signed_on.is_some() && rec.signed_on != ex.signed_on {
        change("signed_on", date(ex.signed_on), date(rec.signed_on));
        after.signed_on = rec.signed_on;
    }
    if rec.signed_on.is_some() && ex.signed_raw.is_some() {
        change("signed_raw", ex.signed_raw.clone(), None);
        after.signed_raw = None;
    } else if rec.signed_raw.is_some() && ex.signed_on.is_none() && rec.signed_raw != ex.signed_raw
    {
        change("signed_raw", ex.signed_raw.clone(), rec.signed_raw.clone());
        after.signed_raw.clone_from(&rec.signed_raw);
    }
    for (field, new, slot) in [
        ("moa_url", &rec.moa_url, &mut after.moa_url),
        ("addendum_url", &rec.addendum_url, &mut after.addendum_url),
    ] {
        if new.is_some() && new != slot {
            change(field, slot.clone(), new.clone());
            slot.clone_from(new);
        }
    }
    if ex.source.as_deref() != Some(label) {
        change("source", ex.source.clone(), Some(label.to_string()));
    }
    (changes, after)
}

/// Compares what `file` holds with `existing`; `source_label` is the label the file's
/// agreements are stored under (normally `file.label`).
pub fn plan(existing: &[ExistingAgency], file: &ImportFile, source_label: &str) -> Plan {
    let mut by_key: HashMap<Key, &ExistingAgency> = HashMap::new();
    for ex in existing {
        by_key.entry(agency_key(&ex.state, &ex.name)).or_insert(ex);
    }
    let mut plan = Plan::default();
    let mut matched: HashSet<i64> = HashSet::new();
    for g in group(file) {
        let Some(ex) = by_key
            .get(&agency_key(&g.record.state, &g.record.name))
            .copied()
        else {
            let key = AgencyKey {
                state: g.record.state.clone(),
                name: g.record.name.clone(),
                id: None,
            };
            plan.new_agreements
                .extend(g.agreements.into_iter().map(|a| (key.clone(), a)));
            plan.new_agencies.push(g.record);
            continue;
        };
        let (changes, after) = agency_changes(ex, &g.record, file.source == Source::Csv);
        if changes.is_empty() {
            plan.unchanged_agencies += 1;
        } else {
            plan.updated_agencies.push((ex.id, changes, after));
        }
        let key = AgencyKey {
            state: ex.state.clone(),
            name: ex.name.clone(),
            id: Some(ex.id),
        };
        for a in g.agreements {
            let k = agreement_key(&a.program, &a.support_type);
            let found = ex
                .agreements
                .iter()
                .find(|e| agreement_key(&e.program, &e.support_type) == k);
            let Some(ea) = found else {
                plan.new_agreements.push((key.clone(), a));
                continue;
            };
            matched.insert(ea.id);
            // A pending list says nothing new about an agreement already signed.
            if a.status == AgreementStatus::Pending && ea.status == AgreementStatus::Signed {
                plan.unchanged_agreements += 1;
                continue;
            }
            let (changes, after) = agreement_changes(ea, &a, source_label);
            if !ea.listed {
                plan.relisted_agreements.push(ea.id);
            }
            if !changes.is_empty() {
                plan.changed_agreements.push((ea.id, changes, after));
            } else if ea.listed {
                plan.unchanged_agreements += 1;
            }
        }
    }
    plan.unlisted_agreements = existing
        .iter()
        .flat_map(|ex| &ex.agreements)
        .filter(|a| {
            a.listed && a.source.as_deref() == Some(source_label) && !matched.contains(&a.id)
        })
        .map(|a| a.id)
        .collect();
    plan
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::{read, shared_data};

    fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    /// Writes a plan into an in-memory copy of the database, as the SQL side does.
    fn apply(existing: &[ExistingAgency], plan: &Plan, label: &str) -> Vec<ExistingAgency> {
        let mut db = existing.to_vec();
        let mut next_id = db
            .iter()
            .flat_map(|a| std::iter::once(a.id).chain(a.agreements.iter().map(|g| g.id)))
            .max()
            .unwrap_or(0)
            + 1;
        let mut id = || {
            next_id += 1;
            next_id - 1
        };
        let from_record = |id: i64, r: &AgencyRecord, agreements| ExistingAgency {
            id,
            name: r.name.clone(),
            state: r.state.clone(),
            kind: r.kind,
            county: r.county.clone(),
            email: r.email.clone(),
            phone: r.phone.clone(),
            mailing_address: r.mailing_address.clone(),
            portal_url: r.portal_url.clone(),
            records_officer: r.records_officer.clone(),
            notes: r.notes.clone(),
            agreements,
        };
        for r in &plan.new_agencies {
            db.push(from_record(id(), r, Vec::new()));
        }
        for (aid, _, r) in &plan.updated_agencies {
            let a = db.iter_mut().find(|a| a.id == *aid).unwrap();
            *a = from_record(*aid, r, std::mem::take(&mut a.agreements));
        }
        let stored = |id: i64, r: &AgreementRecord| ExistingAgreement {
            id,
            program: r.program.clone(),
            support_type: r.support_type.clone(),
            status: r.status,
            signed_on: r.signed_on,
            signed_raw: r.signed_raw.clone(),
            moa_url: r.moa_url.clone(),
            addendum_url: r.addendum_url.clone(),
            listed: true,
            source: Some(label.to_string()),
        };
        for (key, r) in &plan.new_agreements {
            let agency = db
                .iter_mut()
                .find(|a| match key.id {
                    Some(id) => a.id == id,
                    None => a.state == key.state && a.name == key.name,
                })
                .unwrap();
            agency.agreements.push(stored(id(), r));
        }
        for a in db.iter_mut().flat_map(|a| a.agreements.iter_mut()) {
            if let Some((_, _, r)) = plan.changed_agreements.iter().find(|c| c.0 == a.id) {
                *a = stored(a.id, r);
            }
            if plan.unlisted_agreements.contains(&a.id) {
                a.listed = false;
            }
            if plan.relisted_agreements.contains(&a.id) {
                a.listed = true;
            }
        }
        db
    }

    fn record(state: &str, name: &str, agreement: Option<AgreementRecord>) -> AgencyRecord {
        AgencyRecord {
            row: 2,
            slug: None,
            name: name.to_string(),
            state: state.to_string(),
            kind: crate::import::kind_from_name(name).unwrap_or(AgencyKind::Other),
            kind_inferred: true,
            county: None,
            email: None,
            phone: None,
            mailing_address: None,
            portal_url: None,
            records_officer: None,
            notes: None,
            agreement,
        }
    }

    fn agreement(support_type: &str, signed_on: Option<NaiveDate>) -> AgreementRecord {
        AgreementRecord {
            program: "287g".to_string(),
            support_type: support_type.to_string(),
            status: AgreementStatus::Signed,
            signed_on,
            signed_raw: None,
            moa_url: None,
            addendum_url: None,
        }
    }

    fn file(records: Vec<AgencyRecord>) -> ImportFile {
        ImportFile {
            source: Source::Ice287g,
            label: "ice-287g".to_string(),
            rows_read: records.len(),
            records,
            problems: Vec::new(),
        }
    }

    #[test]
    fn rows_of_one_agency_make_one_agency_and_states_stay_apart() {
        // Three rows: Harris County GA (two agreements, names differing in case and spacing)
        // and Harris County TX (one): two agencies, three agreements.
        let f = file(vec![
            record(
                "GA",
                "Harris County Sheriff's Office",
                Some(agreement("Task Force Model", None)),
            ),
            record(
                "GA",
                "HARRIS  COUNTY SHERIFF'S OFFICE",
                Some(agreement("Warrant Service Officer", None)),
            ),
            record(
                "TX",
                "Harris County Sheriff's Office",
                Some(agreement("Task Force Model", None)),
            ),
        ]);
        let p = plan(&[], &f, "ice-287g");
        let names: Vec<(&str, &str)> = p
            .new_agencies
            .iter()
            .map(|r| (r.state.as_str(), r.name.as_str()))
            .collect();
        assert_eq!(
            names,
            [
                ("GA", "Harris County Sheriff's Office"),
                ("TX", "Harris County Sheriff's Office")
            ]
        );
        assert!(p.new_agencies.iter().all(|r| r.agreement.is_none()));
        let agreements: Vec<(&str, &str)> = p
            .new_agreements
            .iter()
            .map(|(k, a)| (k.state.as_str(), a.support_type.as_str()))
            .collect();
        assert_eq!(
            agreements,
            [
                ("GA", "Task Force Model"),
                ("GA", "Warrant Service Officer"),
                ("TX", "Task Force Model")
            ]
        );
        assert!(p.new_agreements.iter().all(|(k, _)| k.id.is_none()));
    }

    fn existing_wake() -> ExistingAgency {
        ExistingAgency {
            id: 7,
            name: "Wake County Sheriff's Office".to_string(),
            state: "NC".to_string(),
            kind: AgencyKind::Jail,
            county: None,
            email: Some("records@wake.gov".to_string()),
            phone: None,
            mailing_address: None,
            portal_url: None,
            records_officer: None,
            notes: Some("ask for Ms. Lee".to_string()),
            agreements: vec![ExistingAgreement {
                id: 70,
                program: "287g".to_string(),
                support_type: "Jail Enforcement Model".to_string(),
                status: AgreementStatus::Signed,
                signed_on: ymd(2025, 3, 1),
                signed_raw: None,
                moa_url: Some("https://www.ice.gov/a.pdf".to_string()),
                addendum_url: None,
                listed: true,
                source: Some("ice-287g".to_string()),
            }],
        }
    }

    #[test]
    fn an_import_fills_and_updates_but_never_blanks_or_overrides_a_users_kind() {
        let ex = existing_wake();
        let mut r = record("NC", "wake county sheriff's office", None);
        r.county = Some("Wake County".to_string());
        r.notes = Some("ORI NC0920000".to_string());
        let mut a = agreement("jail enforcement model", ymd(2025, 3, 1));
        a.addendum_url = Some("https://www.ice.gov/b.pdf".to_string());
        r.agreement = Some(a);
        let p = plan(std::slice::from_ref(&ex), &file(vec![r]), "ice-287g");
        // The kind (jail, set by hand) stays: the file's sheriff was only inferred. The email
        // stays: the file has none. The county is filled and the ORI added to the notes.
        let (id, changes, after) = &p.updated_agencies[0];
        assert_eq!(*id, 7);
        let fields: Vec<(&str, Option<&str>)> = changes
            .iter()
            .map(|c| (c.field, c.new.as_deref()))
            .collect();
        assert_eq!(
            fields,
            [
                ("county", Some("Wake County")),
                ("notes", Some("ask for Ms. Lee\nORI NC0920000"))
            ]
        );
        assert_eq!(
            (after.kind, after.email.as_deref()),
            (AgencyKind::Jail, Some("records@wake.gov"))
        );
        assert_eq!(after.name, "Wake County Sheriff's Office");
        // The agreement: the same date, the MOA kept, the addendum filled.
        let (aid, changes, after) = &p.changed_agreements[0];
        assert_eq!(*aid, 70);
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].field, "addendum_url");
        assert_eq!(after.moa_url.as_deref(), Some("https://www.ice.gov/a.pdf"));
        assert_eq!(
            (
                p.new_agencies.len(),
                p.new_agreements.len(),
                p.unlisted_agreements.len()
            ),
            (0, 0, 0)
        );

        // A kind the file states (a user's csv) does change it.
        let mut r = record("NC", "Wake County Sheriff's Office", None);
        r.kind = AgencyKind::Sheriff;
        r.kind_inferred = false;
        let p = plan(std::slice::from_ref(&ex), &file(vec![r]), "csv:x.csv");
        assert_eq!(p.updated_agencies[0].1[0].field, "kind");
        // A user's csv replaces an e-mail address; a published list does not.
        let mut r = record("NC", "Wake County Sheriff's Office", None);
        r.email = Some("pio@wake.gov".to_string());
        let mut mine = file(vec![r]);
        let published = plan(std::slice::from_ref(&ex), &mine, "another-list");
        assert!(published.is_empty(), "{published:?}");
        mine.source = Source::Csv;
        let p = plan(std::slice::from_ref(&ex), &mine, "csv:x.csv");
        assert_eq!(
            p.updated_agencies[0].1,
            [FieldChange {
                field: "email",
                old: Some("records@wake.gov".to_string()),
                new: Some("pio@wake.gov".to_string())
            }]
        );
        // ... and an inferred kind replaces `other`.
        let ex_other = ExistingAgency {
            kind: AgencyKind::Other,
            ..ex.clone()
        };
        let r = record("NC", "Wake County Sheriff's Office", None);
        let p = plan(&[ex_other], &file(vec![r]), "fbi-roster");
        assert_eq!(p.updated_agencies[0].2.kind, AgencyKind::Sheriff);
    }

    #[test]
    fn dates_typed_by_hand_survive_a_typo_in_the_list() {
        // The list still says "7/72025"; a user has put 2025-07-07 in by hand and cleared the
        // raw text: nothing changes. Once the list has a real date, it wins.
        let mut ex = existing_wake();
        ex.agreements[0].signed_on = ymd(2025, 7, 7);
        let mut a = agreement("Jail Enforcement Model", None);
        a.signed_raw = Some("7/72025".to_string());
        a.moa_url = Some("https://www.ice.gov/a.pdf".to_string());
        let r = record("NC", "Wake County Sheriff's Office", Some(a));
        let p = plan(std::slice::from_ref(&ex), &file(vec![r]), "ice-287g");
        assert!(p.is_empty(), "{p:?}");
        // The other way round: the database holds the raw typo, the list now a date.
        ex.agreements[0].signed_on = None;
        ex.agreements[0].signed_raw = Some("7/72025".to_string());
        let r = record(
            "NC",
            "Wake County Sheriff's Office",
            Some(agreement("Jail Enforcement Model", ymd(2025, 7, 2))),
        );
        let p = plan(&[ex], &file(vec![r]), "ice-287g");
        let changes = &p.changed_agreements[0].1;
        let fields: Vec<(&str, Option<&str>)> = changes
            .iter()
            .map(|c| (c.field, c.new.as_deref()))
            .collect();
        assert_eq!(
            fields,
            [("signed_on", Some("2025-07-02")), ("signed_raw", None)]
        );
    }

    #[test]
    fn only_this_labels_agreements_are_unlisted_and_they_come_back() {
        let mut ex = existing_wake();
        ex.agreements.push(ExistingAgreement {
            id: 71,
            support_type: "Task Force Model".to_string(),
            source: None, // typed by hand
            ..ex.agreements[0].clone()
        });
        // A list without Wake County at all.
        let other = record(
            "NC",
            "Durham County Sheriff's Office",
            Some(agreement("Task Force Model", None)),
        );
        let p = plan(
            std::slice::from_ref(&ex),
            &file(vec![other.clone()]),
            "ice-287g",
        );
        assert_eq!(p.unlisted_agreements, [70]);
        let p = plan(
            std::slice::from_ref(&ex),
            &file(vec![other]),
            "ice-287g-pending",
        );
        assert_eq!(p.unlisted_agreements, Vec::<i64>::new());
        // Listed again.
        ex.agreements[0].listed = false;
        let back = record(
            "NC",
            "Wake County Sheriff's Office",
            Some(AgreementRecord {
                moa_url: Some("https://www.ice.gov/a.pdf".to_string()),
                ..agreement("Jail Enforcement Model", ymd(2025, 3, 1))
            }),
        );
        let p = plan(&[ex], &file(vec![back]), "ice-287g");
        assert_eq!(
            (p.relisted_agreements.as_slice(), p.changed_agreements.len()),
            (&[70][..], 0)
        );
    }

    #[test]
    fn a_pending_list_never_unsigns_an_agreement() {
        let ex = existing_wake();
        let pending = AgreementRecord {
            status: AgreementStatus::Pending,
            ..agreement("Jail Enforcement Model", None)
        };
        let r = record("NC", "Wake County Sheriff's Office", Some(pending.clone()));
        let p = plan(
            std::slice::from_ref(&ex),
            &file(vec![r]),
            "ice-287g-pending",
        );
        assert!(p.is_empty(), "{p:?}");
        assert_eq!(p.unchanged_agreements, 1);
        // A pending agreement that gets signed takes the list's label.
        let mut ex = existing_wake();
        ex.agreements[0] = ExistingAgreement {
            status: AgreementStatus::Pending,
            signed_on: None,
            moa_url: None,
            source: Some("ice-287g-pending".to_string()),
            ..ex.agreements[0].clone()
        };
        let r = record(
            "NC",
            "Wake County Sheriff's Office",
            Some(agreement("Jail Enforcement Model", ymd(2025, 8, 1))),
        );
        let p = plan(&[ex], &file(vec![r]), "ice-287g");
        let fields: Vec<&str> = p.changed_agreements[0].1.iter().map(|c| c.field).collect();
        assert_eq!(fields, ["status", "signed_on", "source"]);
    }

    fn ice(name: &str) -> Option<ImportFile> {
        let p = shared_data()?.join("ice-287g").join(name);
        Some(read(&p, None, &[]).unwrap())
    }

    #[test]
    fn the_published_list_imports_once_and_then_changes_nothing() {
        let (Some(x), Some(c)) = (
            ice("participatingAgencies07182025pm.xlsx"),
            ice("ice_287g_participating_2025-07-18.csv"),
        ) else {
            return;
        };
        let first = plan(&[], &x, &x.label);
        // 685 agencies: see ice.rs for the five written with two apostrophes.
        assert_eq!(
            (first.new_agencies.len(), first.new_agreements.len()),
            (685, 832)
        );
        assert_eq!(
            first.updated_agencies.len() + first.changed_agreements.len(),
            0
        );
        let db = apply(&[], &first, &x.label);
        let again = plan(&db, &x, &x.label);
        assert!(again.is_empty(), "{again:?}");
        assert_eq!(
            (again.unchanged_agencies, again.unchanged_agreements),
            (685, 832)
        );
        // The CSV of the same list changes nothing either.
        assert!(plan(&db, &c, &c.label).is_empty());
    }

    #[test]
    fn a_newer_list_drops_one_agreement_and_changes_another() {
        let Some(x) = ice("participatingAgencies07182025pm.xlsx") else {
            return;
        };
        let db = apply(&[], &plan(&[], &x, &x.label), &x.label);
        // The newer list: row 3 (Colbert County AL, Task Force Model) is gone, and row 2
        // (Cherokee County AL, "link pending") now has its MOA.
        let moa = "https://www.ice.gov/doclib/287gMOA/CherokeeCoSheriffsOfficeAL_WSO_MOA.pdf";
        let mut newer = x.clone();
        newer.records.retain(|r| r.row != 3);
        let cherokee = newer.records.iter_mut().find(|r| r.row == 2).unwrap();
        cherokee.agreement.as_mut().unwrap().moa_url = Some(moa.to_string());
        let p = plan(&db, &newer, "ice-287g");
        let colbert_tfm = db
            .iter()
            .find(|a| a.state == "AL" && a.name == "Colbert County Sheriff's Office")
            .and_then(|a| {
                a.agreements
                    .iter()
                    .find(|g| g.support_type == "Task Force Model")
            })
            .unwrap();
        assert_eq!(p.unlisted_agreements, [colbert_tfm.id]);
        assert_eq!(p.changed_agreements.len(), 1);
        let (_, changes, after) = &p.changed_agreements[0];
        assert_eq!(
            changes,
            &[FieldChange {
                field: "moa_url",
                old: None,
                new: Some(moa.to_string())
            }]
        );
        assert_eq!(after.support_type, "Warrant Service Officer");
        assert_eq!(
            (
                p.new_agencies.len(),
                p.new_agreements.len(),
                p.updated_agencies.len()
            ),
            (0, 0, 0)
        );
        // Colbert County keeps its other agreements, so every agency is still unchanged.
        assert_eq!((p.unchanged_agencies, p.unchanged_agreements), (685, 830));

        // Writing it, then importing the old list again: the dropped agreement is relisted,
        // and the MOA stays (the old list had none to give).
        let db2 = apply(&db, &p, "ice-287g");
        let back = plan(&db2, &x, "ice-287g");
        assert_eq!(back.relisted_agreements, [colbert_tfm.id]);
        assert_eq!(
            (
                back.changed_agreements.len(),
                back.unlisted_agreements.len()
            ),
            (0, 0)
        );
    }

    #[test]
    fn pending_and_signed_lists_live_side_by_side() {
        let (Some(signed), Some(pending)) = (
            ice("participatingAgencies07182025pm.xlsx"),
            ice("pendingAgencies07182025pm.xlsx"),
        ) else {
            return;
        };
        let db = apply(&[], &plan(&[], &signed, &signed.label), &signed.label);
        let p = plan(&db, &pending, &pending.label);
        // The 26 pending rows name 25 agencies (Marion County AL twice); 4 of them hold signed
        // agreements already (Marion AL, Haywood TN, Randall TX, Pittsylvania VA), so 21 are
        // new. Haywood County TN's Warrant Service Officer agreement is signed already and
        // stays so; the other 25 pending agreements are new.
        assert!(p.changed_agreements.is_empty() && p.unlisted_agreements.is_empty());
        assert_eq!(
            (
                p.new_agencies.len(),
                p.new_agreements.len(),
                p.unchanged_agreements
            ),
            (21, 25, 1)
        );
        assert!(
            p.new_agreements
                .iter()
                .all(|(_, a)| a.status == AgreementStatus::Pending)
        );
        let db2 = apply(&db, &p, &pending.label);
        // Importing the signed list again changes nothing: pending agreements belong to the
        // pending list's label.
        assert!(plan(&db2, &signed, &signed.label).is_empty());
        assert!(plan(&db2, &pending, &pending.label).is_empty());
    }

    #[test]
    fn the_roster_joins_the_agencies_of_the_list() {
        let (Some(x), Some(dir)) = (ice("participatingAgencies07182025pm.xlsx"), shared_data())
        else {
            return;
        };
        let roster = read(
            &dir.join("agencies/fbi_lee_agency_roster_2025.csv"),
            None,
            &[],
        )
        .unwrap();
        let db = apply(&[], &plan(&[], &x, &x.label), &x.label);
        let p = plan(&db, &roster, &roster.label);
        // No agreement of the list is touched by a roster, and each agency is new, updated
        // (the ORI added to its notes) or unchanged.
        assert!(p.unlisted_agreements.is_empty() && p.new_agreements.is_empty());
        // Measured: 572 of the list's 685 agencies are on the roster under the same name and
        // get their ORI (and a county where the list had none); 17,758 roster agencies are new.
        assert_eq!(
            (
                p.new_agencies.len(),
                p.updated_agencies.len(),
                p.unchanged_agencies
            ),
            (17_758, 572, 0)
        );
        assert!(p.updated_agencies.iter().all(|(_, changes, _)| {
            changes
                .iter()
                .all(|c| matches!(c.field, "notes" | "county" | "kind"))
        }));
        let db2 = apply(&db, &p, &roster.label);
        assert!(plan(&db2, &roster, &roster.label).is_empty());
        assert!(plan(&db2, &x, &x.label).is_empty());
        // Harris County's sheriff: Georgia's from the list, with its agreement; Texas's from
        // the roster, without.
        let harris: Vec<(&str, usize)> = db2
            .iter()
            .filter(|a| a.name == "Harris County Sheriff's Office")
            .map(|a| (a.state.as_str(), a.agreements.len()))
            .collect();
        assert_eq!(harris, [("GA", 1), ("TX", 0)]);
    }
}
