//! ICE's published list of 287(g) agreements (`ice-287g`): one row per agreement, as the
//! workbook ICE publishes or as CSV.
//!
//! Columns (headers compared without case; the CSV spellings in brackets):
//! `STATE` (a full state name in capitals, sometimes with trailing spaces), `LAW ENFORCEMENT
//! AGENCY` [`agency`], `TYPE` [`agency_type`], `COUNTY`, `SUPPORT TYPE` [`support_type`],
//! `SIGNED` [`signed`], `MOA` [`moa_url`] and `ADDENDUM` [`addendum_url`].
//!
//! - The kind: `State Agency` is `state`; otherwise the name decides (a sheriff's office, a
//!   jail or corrections department, a police department or department of public safety), and
//!   a name that says none of these (a board of county commissioners, a constable, a district
//!   attorney) is `other`. The kind is marked inferred, so it never overrides a kind a user set.
//! - `SIGNED` holds Excel dates or text. A text that is no date (`7/72025`, `05/082025`) or a
//!   date no agreement can have been signed on (`5025-07-07`) leaves the date empty, keeps the
//!   raw text, and is reported with its row.
//! - `MOA` and `ADDENDUM` read `link` or `link pending`; the URL is the cell's hyperlink (in the
//!   CSV, the cell's text). Outlook "safe links" are unwrapped to the real address.
//! - ICE's "pending agencies" list has no `SIGNED`, `MOA` or `ADDENDUM`: its agreements are
//!   `pending`, with no date.
//! - A county of `#N/A` is no county.

use std::path::Path;

use super::table::{Row, Table};
use super::{
    AgencyRecord, AgreementRecord, AgreementStatus, ImportError, RowProblem, Source, SourceRead,
    cell_url, clean, kind_from_name, signing_date,
};
use crate::model::{AgencyKind, parse_state};

pub(crate) const STATE: &[&str] = &["state"];
pub(crate) const AGENCY: &[&str] = &["law enforcement agency", "agency", "agency name"];
pub(crate) const TYPE: &[&str] = &["type", "agency type"];
pub(crate) const COUNTY: &[&str] = &["county"];
pub(crate) const SUPPORT_TYPE: &[&str] = &["support type"];
pub(crate) const SIGNED: &[&str] = &["signed", "signed on", "date signed"];
pub(crate) const MOA: &[&str] = &["moa", "moa url"];
pub(crate) const ADDENDUM: &[&str] = &["addendum", "addendum url"];

/// The kind of an agency on ICE's list, from its TYPE and its name.
pub(crate) fn kind(agency_type: &str, name: &str) -> AgencyKind {
    match super::table::header_key(agency_type).as_str() {
        "state agency" | "state" => AgencyKind::State,
        "federal" | "federal agency" => AgencyKind::Federal,
        _ => kind_from_name(name).unwrap_or(AgencyKind::Other),
    }
}

pub(crate) fn from_table(path: &Path, table: &Table) -> Result<SourceRead, ImportError> {
    let need = |names: &[&str], shown: &str| {
        table
            .column(names)
            .ok_or_else(|| ImportError::MissingColumn {
                path: path.to_path_buf(),
                column: shown.to_string(),
                reads_as: Source::Ice287g,
                found: table.header_list(),
            })
    };
    let c_state = need(STATE, "STATE")?;
    let c_agency = need(AGENCY, "LAW ENFORCEMENT AGENCY")?;
    let c_type = table.column(TYPE);
    let c_county = table.column(COUNTY);
    let c_support = table.column(SUPPORT_TYPE);
    let c_signed = table.column(SIGNED);
    let c_moa = table.column(MOA);
    let c_addendum = table.column(ADDENDUM);
    let pending = c_signed.is_none();
    let signed_header = c_signed
        .and_then(|c| table.headers.get(c))
        .map(String::as_str)
        .unwrap_or("SIGNED");

    let mut out = SourceRead {
        records: Vec::new(),
        problems: Vec::new(),
        pending,
    };
    for row in &table.rows {
        let mut problem = |message: String| {
            out.problems.push(RowProblem {
                row: row.number,
                message,
            })
        };
        if let Some(why) = &row.broken {
            problem(why.clone());
            continue;
        }
        let state_text = row.text(Some(c_state));
        let state = match parse_state(state_text) {
            Ok(s) => s,
            Err(e) => {
                problem(format!("{e}; row not imported"));
                continue;
            }
        };
        let Some(name) = clean(row.text(Some(c_agency))) else {
            problem("the agency name is empty; row not imported".to_string());
            continue;
        };
        let agreement = match clean(row.text(c_support)) {
            Some(support_type) => Some(agreement(
                row,
                support_type,
                pending,
                signed_header,
                &mut problem,
                [c_signed, c_moa, c_addendum],
            )),
            None => {
                problem(
                    "SUPPORT TYPE is empty; the agency is imported without this agreement"
                        .to_string(),
                );
                None
            }
        };
        out.records.push(AgencyRecord {
            row: row.number,
            slug: None,
            kind: kind(row.text(c_type), &name),
            kind_inferred: true,
            name,
            state: state.to_string(),
            county: clean(row.text(c_county)),
            email: None,
            phone: None,
            mailing_address: None,
            portal_url: None,
            records_officer: None,
            notes: None,
            agreement,
        });
    }
    Ok(out)
}

fn agreement(
    row: &Row,
    support_type: String,
    pending: bool,
    signed_header: &str,
    problem: &mut dyn FnMut(String),
    [c_signed, c_moa, c_addendum]: [Option<usize>; 3],
) -> AgreementRecord {
    let (signed_on, signed_raw, msg) = signing_date(signed_header, row.text(c_signed));
    if let Some(msg) = msg {
        problem(msg);
    }
    let mut url = |col: Option<usize>, what: &str| {
        let text = row.text(col).trim();
        let url = cell_url(text, row.link(col));
        if url.is_none() && text.eq_ignore_ascii_case("link") {
            problem(format!(
                "{what} reads 'link' but the cell has no hyperlink; imported without the URL"
            ));
        }
        url
    };
    AgreementRecord {
        program: "287g".to_string(),
        support_type,
        status: if pending {
            AgreementStatus::Pending
        } else {
            AgreementStatus::Signed
        },
        signed_on,
        signed_raw,
        moa_url: url(c_moa, "MOA"),
        addendum_url: url(c_addendum, "ADDENDUM"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::{ImportFile, read, shared_data};
    use std::collections::{BTreeMap, BTreeSet};

    fn ice(file: &str) -> Option<ImportFile> {
        let path = shared_data()?.join("ice-287g").join(file);
        Some(read(&path, None, &[]).unwrap())
    }

    #[test]
    fn kinds_follow_the_type_and_the_name() {
        let cases = [
            (
                "County",
                "Harris County Sheriff's Office",
                AgencyKind::Sheriff,
            ),
            ("County", "Oldham County Detention Center", AgencyKind::Jail),
            (
                "County",
                "Nassau County Police Department",
                AgencyKind::Police,
            ),
            (
                "County",
                "Pasco County Board of County Commissioners",
                AgencyKind::Other,
            ),
            (
                "Municipality",
                "Dunnellon Police Department",
                AgencyKind::Police,
            ),
            (
                "Municipality",
                "Jupiter Island Department of Public Safety",
                AgencyKind::Police,
            ),
            (
                "Municipality",
                "Damascus Township Constable",
                AgencyKind::Other,
            ),
            (
                "State Agency",
                "Florida Department of Corrections",
                AgencyKind::State,
            ),
            (
                "State Agency ",
                "Idaho State Police Department",
                AgencyKind::State,
            ),
        ];
        for (t, name, want) in cases {
            assert_eq!(kind(t, name), want, "{t} {name}");
        }
    }

    #[test]
    fn the_published_workbook_reads_whole() {
        let Some(f) = ice("participatingAgencies07182025pm.xlsx") else {
            return;
        };
        assert_eq!(f.source, Source::Ice287g);
        assert_eq!(f.label, "ice-287g");
        assert_eq!(f.rows_read, 832);
        assert_eq!(f.records.len(), 832);
        // 690 names as written; 685 agencies, because five Texas sheriff's offices are
        // written once with a straight and once with a curly apostrophe ("Calhoun County
        // Sheriff's Office" and "Calhoun County Sheriff’s Office", likewise Galveston, Goliad,
        // Lavaca and Wharton).
        let written: BTreeSet<(&str, &str)> = f
            .records
            .iter()
            .map(|r| (r.state.as_str(), r.name.as_str()))
            .collect();
        assert_eq!(written.len(), 690);
        let agencies: BTreeSet<(String, String)> = f
            .records
            .iter()
            .map(|r| (r.state.clone(), crate::import::name_key(&r.name)))
            .collect();
        assert_eq!(agencies.len(), 685);
        // The three typos as published, at their sheet rows.
        let problems: Vec<(usize, &str)> = f
            .problems
            .iter()
            .map(|p| (p.row, p.message.as_str()))
            .collect();
        assert_eq!(
            problems,
            [
                (
                    639,
                    "SIGNED '5025-07-07' is not a plausible signing date; imported with the date empty, raw text kept"
                ),
                (
                    775,
                    "SIGNED '7/72025' is not a date; imported with the date empty, raw text kept"
                ),
                (
                    785,
                    "SIGNED '05/082025' is not a date; imported with the date empty, raw text kept"
                ),
            ]
        );
        let row = |n: usize| f.records.iter().find(|r| r.row == n).unwrap();
        let tooele = row(775);
        assert_eq!(tooele.name, "Tooele County Sheriff's Office");
        let a = tooele.agreement.as_ref().unwrap();
        assert_eq!(
            (a.signed_on, a.signed_raw.as_deref()),
            (None, Some("7/72025"))
        );
        assert_eq!(
            row(639).agreement.as_ref().unwrap().signed_raw.as_deref(),
            Some("5025-07-07")
        );
        // Row 2: Cherokee County AL, signed on serial 45833 = 2025-06-25, MOA "link pending".
        let first = row(2);
        assert_eq!(
            (
                first.name.as_str(),
                first.state.as_str(),
                first.kind,
                first.county.as_deref()
            ),
            (
                "Cherokee County Sheriff's Office",
                "AL",
                AgencyKind::Sheriff,
                Some("Cherokee County")
            )
        );
        let a = first.agreement.as_ref().unwrap();
        assert_eq!(a.signed_on, chrono::NaiveDate::from_ymd_opt(2025, 6, 25));
        assert_eq!(
            (a.moa_url.as_deref(), a.status),
            (None, AgreementStatus::Signed)
        );
        assert_eq!(a.support_type, "Warrant Service Officer");

        // One name, several states, kept apart. (The list of 2025-07-18 has Harris County in
        // Georgia only; Harrison County is in Mississippi and Texas.)
        let states = |name: &str| -> BTreeSet<&str> {
            f.records
                .iter()
                .filter(|r| r.name == name)
                .map(|r| r.state.as_str())
                .collect()
        };
        assert_eq!(
            states("Harris County Sheriff's Office"),
            BTreeSet::from(["GA"])
        );
        assert_eq!(
            states("Harrison County Sheriff's Office"),
            BTreeSet::from(["MS", "TX"])
        );
        assert_eq!(
            states("Orange County Sheriff's Office"),
            BTreeSet::from(["FL", "TX"])
        );

        // Every MOA link is a real ice.gov address: 603 MOAs and 39 addenda carry one.
        let moas: Vec<&str> = f
            .records
            .iter()
            .filter_map(|r| r.agreement.as_ref()?.moa_url.as_deref())
            .collect();
        let addenda = f
            .records
            .iter()
            .filter(|r| {
                r.agreement
                    .as_ref()
                    .is_some_and(|a| a.addendum_url.is_some())
            })
            .count();
        assert_eq!((moas.len(), addenda), (603, 39));
        // Ten are published as http:// and kept so.
        assert!(
            moas.iter()
                .all(|u| u.starts_with("https://www.ice.gov/doclib/")
                    || u.starts_with("http://www.ice.gov/doclib/")),
            "{moas:?}"
        );
        assert_eq!(moas.iter().filter(|u| u.starts_with("http://")).count(), 10);
        // Row 4 (Colbert County AL, Warrant Service Officer) is published as a safe link.
        assert_eq!(
            row(4).agreement.as_ref().unwrap().moa_url.as_deref(),
            Some(
                "https://www.ice.gov/doclib/287gMOA/ColbertCoSheriffsOfficeAL_WSO_MOA_05.08.25.pdf"
            )
        );

        let kinds = f.records.iter().fold(BTreeMap::new(), |mut m, r| {
            *m.entry(r.kind.as_str()).or_insert(0) += 1;
            m
        });
        // Worked out from the rows: 550 sheriff rows (County with "Sheriff"), 61 State Agency
        // rows, 9 jail rows (corrections / detention / jail), police 195 (189 municipal police
        // departments less constables and the like, plus the 4 public-safety departments and
        // the county police departments), and 17 others.
        assert_eq!(kinds.values().sum::<i32>(), 832);
        assert_eq!(kinds["sheriff"], 550);
        assert_eq!(kinds["state"], 61);
    }

    #[test]
    fn the_workbook_and_its_csv_give_the_same_records() {
        let (Some(x), Some(c)) = (
            ice("participatingAgencies07182025pm.xlsx"),
            ice("ice_287g_participating_2025-07-18.csv"),
        ) else {
            return;
        };
        assert_eq!(c.source, Source::Ice287g);
        assert_eq!(x.records.len(), c.records.len());
        for (a, b) in x.records.iter().zip(&c.records) {
            assert_eq!(a, b);
        }
        // The same problems, naming the column as each file spells it (SIGNED, signed).
        let problems = |f: &ImportFile| -> Vec<(usize, String)> {
            f.problems
                .iter()
                .map(|p| (p.row, p.message.to_lowercase()))
                .collect()
        };
        assert_eq!(problems(&x), problems(&c));
    }

    #[test]
    fn the_pending_list_reads_as_pending_agreements() {
        let (Some(x), Some(c)) = (
            ice("pendingAgencies07182025pm.xlsx"),
            ice("ice_287g_pending_2025-07-18.csv"),
        ) else {
            return;
        };
        assert_eq!(x.label, "ice-287g-pending");
        assert_eq!(c.label, "ice-287g-pending");
        assert_eq!(x.records, c.records);
        assert_eq!((x.records.len(), x.problems.len()), (26, 0));
        for r in &x.records {
            let a = r.agreement.as_ref().unwrap();
            assert_eq!(
                (a.status, a.signed_on, &a.moa_url),
                (AgreementStatus::Pending, None, &None)
            );
        }
        // "#N/A" and "#NA" counties read as no county.
        let highspire = x
            .records
            .iter()
            .find(|r| r.name == "Highspire Police Department")
            .unwrap();
        assert_eq!(
            (highspire.county.as_deref(), highspire.kind),
            (None, AgencyKind::Police)
        );
    }
}
