//! The FBI's law-enforcement employee roster (`fbi-roster`): one row per agency, with
//! `ori, data_year, pub_agency_name, state_abbr, county_name, agency_type_name, ...`.
//!
//! The roster names most agencies by their place alone: a `County` agency is "Alamance", a
//! `City` agency "Anchorage". docket names them as the offices a letter is addressed to, and as
//! ICE's list names them, so that both lists meet on the same agency:
//! - a `County` agency whose name is a bare place becomes "Alamance County Sheriff's Office"
//!   ("Acadia Parish Sheriff's Office" in Louisiana; a name that already ends in County, or a
//!   consolidated city such as Carson City, gets only "Sheriff's Office"; in Virginia "Charles
//!   City" is a county); kind `sheriff`;
//! - a `City` agency whose name is a bare place becomes "Anchorage Police Department"; kind
//!   `police`;
//! - a name that already says what it is ("Cobb County Police Department", "Jacksonville
//!   Sheriff's Office") is kept, and its words give the kind;
//! - `State Police` and `Other State Agency` are `state`, `Federal` is `federal`, `University or
//!   College` and `Tribal` are `police` unless the name says otherwise, `Other` is `other`.
//!
//! The roster's names are in mixed case already and are kept as written, only trimmed of the
//! `:` or `,` that ends its truncated names ("District Attorney:"); a name all in capitals is
//! title-cased. Counties (`ALAMANCE`, `JEFFERSON, SHELBY`) are title-cased with "County"
//! ("Parish" in Louisiana, "Borough" in Alaska); `NOT SPECIFIED` is no county. The ORI goes to
//! the notes ("ORI NC0010000"). Where two rows of one state still share a name (the roster has
//! several "State Park:" rows), each gets its ORI in brackets so that none is merged into
//! another. The roster's own state codes `NB` (Nebraska), `GM` (Guam) and `FS` (federal) read
//! as NE, GU and US.

use std::collections::HashMap;
use std::path::Path;

use super::table::{Table, header_key};
use super::{
    AgencyRecord, ImportError, RowProblem, Source, SourceRead, clean, kind_from_name, name_key,
};
use crate::model::{AgencyKind, parse_state};

/// Words that show a name already names an agency rather than a place.
const AGENCY_WORDS: &[&str] = &[
    "police",
    "sheriff",
    "sheriffs",
    "sheriff's",
    "department",
    "dept",
    "office",
    "marshal",
    "marshals",
    "patrol",
    "constable",
    "constables",
    "authority",
    "commission",
    "jail",
    "detention",
    "corrections",
    "correctional",
    "troopers",
    "agency",
    "division",
    "unit",
    "force",
    "security",
    "safety",
    "investigation",
    "investigations",
    "enforcement",
    "school",
    "schools",
    "university",
    "college",
    "airport",
];

fn is_bare_place(name: &str) -> bool {
    !name
        .split(|c: char| c.is_whitespace() || c == '-' || c == '/')
        .any(|w| AGENCY_WORDS.contains(&w.to_lowercase().as_str()))
}

/// The roster's state codes that are not USPS codes.
fn state_code(abbr: &str) -> Result<&'static str, String> {
    match abbr.trim().to_ascii_uppercase().as_str() {
        "NB" => Ok("NE"),
        "GM" => Ok("GU"),
        "FS" => Ok("US"),
        other => parse_state(other),
    }
}

/// "Alamance" (NC) → "Alamance County Sheriff's Office"; see the module doc.
fn sheriff_name(state: &str, place: &str) -> String {
    let lower = place.to_lowercase();
    let has_suffix = [" county", " parish", " borough"]
        .iter()
        .any(|s| lower.ends_with(s));
    if has_suffix || (lower.ends_with(" city") && state != "VA") {
        format!("{place} Sheriff's Office")
    } else if state == "LA" {
        format!("{place} Parish Sheriff's Office")
    } else {
        format!("{place} County Sheriff's Office")
    }
}

/// "JEFFERSON, ST CLAIR" (AL) → "Jefferson County, St. Clair County".
fn county(state: &str, raw: &str) -> Option<String> {
    let raw = clean(raw)?;
    if raw.eq_ignore_ascii_case("not specified") {
        return None;
    }
    let suffix = match state {
        "LA" => "Parish",
        "AK" => "Borough",
        _ => "County",
    };
    let parts: Vec<String> = raw
        .split(',')
        .filter_map(clean)
        .map(|c| {
            let c = title_case(&c);
            let lower = c.to_lowercase();
            if ["county", "parish", "borough", "city"]
                .iter()
                .any(|s| lower.ends_with(s))
            {
                c
            } else {
                format!("{c} {suffix}")
            }
        })
        .collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

/// Title case for names written in capitals: "DE SOTO" → "De Soto", "LAKE OF THE WOODS" →
/// "Lake of the Woods", "ST CHARLES" → "St. Charles", "MCLEAN" → "McLean", "O'BRIEN" →
/// "O'Brien", "PRINCE GEORGE'S" → "Prince George's".
pub(crate) fn title_case(s: &str) -> String {
    fn cap(w: &str) -> String {
        let mut c = w.chars();
        match c.next() {
            Some(f) => f.to_uppercase().chain(c).collect(),
            None => String::new(),
        }
    }
    fn word(w: &str, first: bool) -> String {
        let lower = w.to_lowercase();
        if !first && matches!(lower.as_str(), "of" | "the" | "and") {
            return lower;
        }
        if lower == "st" {
            return "St.".to_string();
        }
        if lower.len() > 2 && lower.starts_with("mc") {
            return format!("Mc{}", cap(&lower[2..]));
        }
        if let Some((a, b)) = lower.split_once('\'')
            && a.chars().count() == 1
            && !b.is_empty()
        {
            return format!("{}'{}", cap(a), cap(b));
        }
        lower.split('-').map(cap).collect::<Vec<_>>().join("-")
    }
    s.split_whitespace()
        .enumerate()
        .map(|(i, w)| word(w, i == 0))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The name and kind docket gives a roster row; see the module doc.
pub(crate) fn name_and_kind(
    state: &str,
    agency_type: &str,
    raw_name: &str,
) -> (String, AgencyKind) {
    let mut name = raw_name
        .trim()
        .trim_end_matches([':', ','])
        .trim()
        .to_string();
    name = super::collapse_ws(&name);
    if name.chars().any(char::is_alphabetic) && !name.chars().any(char::is_lowercase) {
        name = title_case(&name);
    }
    let by_name = kind_from_name(&name);
    match header_key(agency_type).as_str() {
        "county" if is_bare_place(&name) => (sheriff_name(state, &name), AgencyKind::Sheriff),
        "city" if is_bare_place(&name) => (format!("{name} Police Department"), AgencyKind::Police),
        "county" | "city" | "university or college" | "tribal" => {
            (name, by_name.unwrap_or(AgencyKind::Police))
        }
        "state police" | "other state agency" => (name, AgencyKind::State),
        "federal" => (name, AgencyKind::Federal),
        _ => (name, by_name.unwrap_or(AgencyKind::Other)),
    }
}

pub(crate) fn from_table(path: &Path, table: &Table) -> Result<SourceRead, ImportError> {
    let need = |name: &str| {
        table
            .column(&[header_key(name).as_str()])
            .ok_or_else(|| ImportError::MissingColumn {
                path: path.to_path_buf(),
                column: name.to_string(),
                reads_as: Source::FbiRoster,
                found: table.header_list(),
            })
    };
    let c_name = need("pub_agency_name")?;
    let c_state = need("state_abbr")?;
    let c_ori = table.column(&["ori"]);
    let c_county = table.column(&["county name"]);
    let c_type = table.column(&["agency type name"]);

    let mut records = Vec::new();
    let mut problems = Vec::new();
    let mut oris = Vec::new();
    for row in &table.rows {
        let mut problem = |message: String| {
            problems.push(RowProblem {
                row: row.number,
                message,
            })
        };
        if let Some(why) = &row.broken {
            problem(why.clone());
            continue;
        }
        let state = match state_code(row.text(Some(c_state))) {
            Ok(s) => s,
            Err(e) => {
                problem(format!("{e}; row not imported"));
                continue;
            }
        };
        if clean(row.text(Some(c_name))).is_none() {
            problem("pub_agency_name is empty; row not imported".to_string());
            continue;
        }
        let (name, kind) = name_and_kind(state, row.text(c_type), row.text(Some(c_name)));
        let ori = clean(row.text(c_ori));
        records.push(AgencyRecord {
            row: row.number,
            slug: None,
            name,
            state: state.to_string(),
            kind,
            kind_inferred: true,
            county: county(state, row.text(c_county)),
            email: None,
            phone: None,
            mailing_address: None,
            portal_url: None,
            records_officer: None,
            notes: ori.as_ref().map(|o| format!("ORI {o}")),
            agreement: None,
        });
        oris.push(ori);
    }
    // Rows that name the same agency in one state are told apart by their ORI.
    let mut seen: HashMap<(String, String), usize> = HashMap::new();
    for r in &records {
        *seen
            .entry((r.state.clone(), name_key(&r.name)))
            .or_default() += 1;
    }
    for (r, ori) in records.iter_mut().zip(&oris) {
        if let Some(ori) = ori
            && seen[&(r.state.clone(), name_key(&r.name))] > 1
        {
            r.name = format!("{} (ORI {ori})", r.name);
        }
    }
    Ok(SourceRead {
        records,
        problems,
        pending: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::{read, shared_data};
    use std::collections::BTreeSet;

    #[test]
    fn roster_names_become_the_offices_they_are() {
        use AgencyKind::*;
        let cases = [
            (
                "NC",
                "County",
                "Alamance",
                "Alamance County Sheriff's Office",
                Sheriff,
            ),
            (
                "LA",
                "County",
                "St. Bernard",
                "St. Bernard Parish Sheriff's Office",
                Sheriff,
            ),
            (
                "MD",
                "County",
                "Baltimore County",
                "Baltimore County Sheriff's Office",
                Sheriff,
            ),
            (
                "NV",
                "County",
                "Carson City",
                "Carson City Sheriff's Office",
                Sheriff,
            ),
            (
                "VA",
                "County",
                "Charles City",
                "Charles City County Sheriff's Office",
                Sheriff,
            ),
            (
                "IL",
                "County",
                "Bureau",
                "Bureau County Sheriff's Office",
                Sheriff,
            ),
            (
                "NH",
                "County",
                "Hillsborough ",
                "Hillsborough County Sheriff's Office",
                Sheriff,
            ),
            (
                "MN",
                "County",
                "Lake of the Woods",
                "Lake of the Woods County Sheriff's Office",
                Sheriff,
            ),
            (
                "GA",
                "County",
                "Cobb County Police Department",
                "Cobb County Police Department",
                Police,
            ),
            (
                "FL",
                "County",
                "Jacksonville Sheriff's Office",
                "Jacksonville Sheriff's Office",
                Sheriff,
            ),
            (
                "NY",
                "County",
                "Westchester Public Safety",
                "Westchester Public Safety",
                Police,
            ),
            (
                "AK",
                "City",
                "Anchorage",
                "Anchorage Police Department",
                Police,
            ),
            (
                "TX",
                "City",
                "Marshall",
                "Marshall Police Department",
                Police,
            ),
            (
                "VA",
                "City",
                "Richmond City Sheriff's Office",
                "Richmond City Sheriff's Office",
                Sheriff,
            ),
            (
                "AK",
                "State Police",
                "Alaska State Troopers",
                "Alaska State Troopers",
                State,
            ),
            (
                "AL",
                "Other State Agency",
                "Alabama Department of Corrections",
                "Alabama Department of Corrections",
                State,
            ),
            (
                "AL",
                "Other",
                "District Attorney:",
                "District Attorney",
                Other,
            ),
            (
                "AL",
                "University or College",
                "Samford University",
                "Samford University",
                Police,
            ),
            ("AZ", "Tribal", "Navajo Nation", "Navajo Nation", Police),
            (
                "US",
                "Federal",
                "United States Department of Labor,",
                "United States Department of Labor",
                Federal,
            ),
            (
                "TX",
                "County",
                "HARRIS",
                "Harris County Sheriff's Office",
                Sheriff,
            ),
        ];
        for (state, t, raw, name, kind) in cases {
            assert_eq!(
                name_and_kind(state, t, raw),
                (name.to_string(), kind),
                "{raw}"
            );
        }
    }

    #[test]
    fn counties_and_capitals_are_title_cased() {
        let cases = [
            ("NC", "ALAMANCE", Some("Alamance County")),
            (
                "AL",
                "JEFFERSON, ST CLAIR",
                Some("Jefferson County, St. Clair County"),
            ),
            ("LA", "EAST BATON ROUGE", Some("East Baton Rouge Parish")),
            ("MD", "PRINCE GEORGE'S", Some("Prince George's County")),
            ("VA", "RICHMOND CITY", Some("Richmond City")),
            ("DC", "NOT SPECIFIED", None),
            ("TX", "", None),
        ];
        for (state, raw, want) in cases {
            assert_eq!(county(state, raw).as_deref(), want, "{raw}");
        }
        assert_eq!(title_case("MCLEAN"), "McLean");
        assert_eq!(title_case("O'BRIEN"), "O'Brien");
        assert_eq!(title_case("WINSTON-SALEM"), "Winston-Salem");
        assert_eq!(title_case("LAKE OF THE WOODS"), "Lake of the Woods");
    }

    #[test]
    fn roster_state_codes_include_the_fbis_own() {
        assert_eq!(state_code("NB"), Ok("NE"));
        assert_eq!(state_code("FS"), Ok("US"));
        assert_eq!(state_code("GM"), Ok("GU"));
        assert_eq!(state_code("nc"), Ok("NC"));
        assert!(state_code("ZZ").is_err());
    }

    #[test]
    fn the_roster_reads_whole() {
        let Some(dir) = shared_data() else { return };
        let path = dir.join("agencies/fbi_lee_agency_roster_2025.csv");
        let f = read(&path, None, &[]).unwrap();
        assert_eq!(
            (f.source, f.label.as_str()),
            (Source::FbiRoster, "fbi-roster")
        );
        assert_eq!(
            (f.rows_read, f.records.len(), f.problems.len()),
            (18_330, 18_330, 0)
        );
        // The 2,992 County rows: every row is in the file's order, so pick them by row number
        // from the table the records came from.
        let table = crate::import::table::read_table(&path).unwrap();
        let c_type = table.column(&["agency type name"]);
        let county_rows: BTreeSet<usize> = table
            .rows
            .iter()
            .filter(|r| r.text(c_type) == "County")
            .map(|r| r.number)
            .collect();
        assert_eq!(county_rows.len(), 2_992);
        let county: Vec<&AgencyRecord> = f
            .records
            .iter()
            .filter(|r| county_rows.contains(&r.row))
            .collect();
        let sheriffs = county
            .iter()
            .filter(|r| r.kind == AgencyKind::Sheriff)
            .count();
        let police = county
            .iter()
            .filter(|r| r.kind == AgencyKind::Police)
            .count();
        // 47 County names are not bare places: 45 "... Police Department" (44 county police
        // departments, among them Hawaii, Kauai and Maui, and Salt Lake's Unified Police
        // Department), "Westchester Public Safety" (police) and "Jacksonville Sheriff's
        // Office" (sheriff). So 2,992 - 47 = 2,945 renamed sheriffs + 1 = 2,946 sheriffs and
        // 45 + 1 = 46 police.
        assert_eq!((sheriffs, police, county.len()), (2_946, 46, 2_992));
        let alamance = f
            .records
            .iter()
            .find(|r| r.notes.as_deref() == Some("ORI NC0010000"))
            .unwrap();
        assert_eq!(
            (
                alamance.name.as_str(),
                alamance.state.as_str(),
                alamance.county.as_deref()
            ),
            (
                "Alamance County Sheriff's Office",
                "NC",
                Some("Alamance County")
            )
        );
        // No two records of one state share a name.
        let keys: BTreeSet<(String, String)> = f
            .records
            .iter()
            .map(|r| (r.state.clone(), name_key(&r.name)))
            .collect();
        assert_eq!(keys.len(), f.records.len());
        // Nebraska is NE.
        assert!(f.records.iter().any(|r| r.state == "NE"));
        assert!(!f.records.iter().any(|r| r.state == "NB"));

        // How many of ICE's sheriff's offices the roster names the same way (measured).
        let ice = shared_data()
            .map(|d| d.join("ice-287g/participatingAgencies07182025pm.xlsx"))
            .and_then(|p| read(&p, None, &[]).ok());
        if let Some(ice) = ice {
            let ice_sheriffs: BTreeSet<(String, String)> = ice
                .records
                .iter()
                .filter(|r| r.kind == AgencyKind::Sheriff)
                .map(|r| (r.state.clone(), name_key(&r.name)))
                .collect();
            let met = ice_sheriffs.iter().filter(|k| keys.contains(*k)).count();
            for k in ice_sheriffs.iter().filter(|k| !keys.contains(*k)) {
                eprintln!("MISS {k:?}");
            }
            // Measured: 398 of ICE's 408 sheriff's offices; the others are spelled apart
            // ("Berrian" for Berrien, "Lampass" for Lampasas) or named otherwise.
            assert_eq!((met, ice_sheriffs.len()), (398, 408));
        }
    }
}
