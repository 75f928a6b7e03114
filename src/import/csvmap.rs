//! A user's own list of agencies (`csv`, from a CSV file or a workbook): headers named as
//! docket's fields are read as they are; any other header is read when `--map field=Column`
//! names it; headers that name nothing are ignored.
//!
//! Fields: `name` and `state` (required unless `slug` is given), `slug` (an agency docket has
//! already: the row updates it, so a contacts list needs only `slug,email`), `county`, `kind`, `email`, `phone`,
//! `mailing_address` (or `address`), `portal_url` (or `portal`), `records_officer` (or
//! `officer`), `notes`, and for one agreement per row `support_type` with optional `program`
//! (default `287g`), `status` (`signed` or `pending`), `signed_on`, `moa_url`, `addendum_url`.
//! Headers are compared without case, with spaces, `_` and `-` alike.
//!
//! A row with an empty name or an unknown state is reported and not imported. An unknown kind
//! is reported and the kind worked out from the name instead; an unreadable `signed_on` keeps
//! its raw text, as with ICE's list. A header-only file is zero records.

use std::path::Path;

use super::table::{Row, Table, header_key};
use super::{
    AgencyRecord, AgreementRecord, AgreementStatus, ImportError, RowProblem, SourceRead, cell_url,
    clean, clean_lines, kind_from_name, signing_date,
};
use crate::model::{AgencyKind, parse_state};

/// The fields a column can be read into, in the order `--help` and errors list them.
pub const FIELDS: &[&str] = &[
    "slug",
    "name",
    "state",
    "county",
    "kind",
    "email",
    "phone",
    "mailing_address",
    "portal_url",
    "records_officer",
    "notes",
    "program",
    "support_type",
    "status",
    "signed_on",
    "moa_url",
    "addendum_url",
];

/// Other names a header (or a `--map` field) may use for a field.
const ALIASES: &[(&str, &str)] = &[
    ("address", "mailing_address"),
    ("portal", "portal_url"),
    ("officer", "records_officer"),
    ("agency", "name"),
    ("signed", "signed_on"),
    ("moa", "moa_url"),
    ("addendum", "addendum_url"),
];

/// The field a header or `--map` name stands for.
fn field_of(s: &str) -> Option<&'static str> {
    let key = header_key(s);
    FIELDS
        .iter()
        .copied()
        .find(|f| header_key(f) == key)
        .or_else(|| {
            ALIASES
                .iter()
                .find(|(alias, _)| header_key(alias) == key)
                .map(|(_, f)| *f)
        })
}

/// For each of `FIELDS`, the column it is read from.
struct Columns([Option<usize>; FIELDS.len()]);

impl Columns {
    fn of(&self, field: &str) -> Option<usize> {
        FIELDS
            .iter()
            .position(|f| *f == field)
            .and_then(|i| self.0[i])
    }
}

fn columns(path: &Path, table: &Table, map: &[(String, String)]) -> Result<Columns, ImportError> {
    let mut cols = [None; FIELDS.len()];
    let index = |field: &str| FIELDS.iter().position(|f| *f == field);
    // Headers named as fields first, then --map, which wins.
    for (c, h) in table.headers.iter().enumerate() {
        if let Some(i) = field_of(h).and_then(index) {
            cols[i].get_or_insert(c);
        }
    }
    for (field, column) in map {
        let i = field_of(field)
            .and_then(index)
            .ok_or_else(|| ImportError::UnknownField {
                field: field.trim().to_string(),
            })?;
        let want = header_key(column);
        let c = table
            .headers
            .iter()
            .position(|h| header_key(h) == want)
            .ok_or_else(|| ImportError::MappedColumnAbsent {
                path: path.to_path_buf(),
                field: field.trim().to_string(),
                column: column.trim().to_string(),
                found: table.header_list(),
            })?;
        cols[i] = Some(c);
    }
    let cols = Columns(cols);
    for required in ["name", "state"] {
        if cols.of(required).is_none() && cols.of("slug").is_none() {
            return Err(ImportError::CsvFieldMissing {
                path: path.to_path_buf(),
                field: required,
                found: table.header_list(),
            });
        }
    }
    Ok(cols)
}

pub(crate) fn from_table(
    path: &Path,
    table: &Table,
    map: &[(String, String)],
) -> Result<SourceRead, ImportError> {
    let cols = columns(path, table, map)?;
    let mut out = SourceRead {
        records: Vec::new(),
        problems: Vec::new(),
        pending: false,
    };
    for row in &table.rows {
        let mut problems = Vec::new();
        if let Some(r) = record(table, row, &cols, &mut problems) {
            out.records.push(r);
        }
        out.problems
            .extend(problems.into_iter().map(|message| RowProblem {
                row: row.number,
                message,
            }));
    }
    Ok(out)
}

fn record(
    table: &Table,
    row: &Row,
    cols: &Columns,
    problems: &mut Vec<String>,
) -> Option<AgencyRecord> {
    let text = |field: &str| row.text(cols.of(field));
    let value = |field: &str| clean(text(field));
    let header = |field: &str| {
        cols.of(field)
            .and_then(|c| table.headers.get(c))
            .cloned()
            .unwrap_or_else(|| field.to_string())
    };
    if let Some(why) = &row.broken {
        problems.push(why.clone());
        return None;
    }
    // A slug names an agency docket has: its name and state come from the database
    // (`resolve_slugs`), and the row's own name and state columns are not read.
    let slug = value("slug").map(|s| s.to_lowercase());
    let (name, state) = if slug.is_some() {
        (String::new(), String::new())
    } else {
        let Some(name) = value("name") else {
            problems.push(format!("{} is empty; row not imported", header("name")));
            return None;
        };
        let state = match value("state").map(|s| parse_state(&s)) {
            Some(Ok(s)) => s,
            Some(Err(e)) => {
                problems.push(format!("{e}; row not imported"));
                return None;
            }
            None => {
                problems.push(format!("{} is empty; row not imported", header("state")));
                return None;
            }
        };
        (name, state.to_string())
    };
    let inferred = kind_from_name(&name).unwrap_or(AgencyKind::Other);
    let (kind, kind_inferred) = match value("kind").map(|k| k.parse::<AgencyKind>()) {
        Some(Ok(k)) => (k, false),
        Some(Err(e)) => {
            problems.push(format!(
                "{e}; imported as {inferred}, worked out from the name"
            ));
            (inferred, true)
        }
        None => (inferred, true),
    };
    let url = |field: &str| {
        let col = cols.of(field);
        cell_url(row.text(col), row.link(col)).or_else(|| clean(row.text(col)))
    };
    let email = value("email").map(|e| {
        let e = e.strip_prefix("mailto:").unwrap_or(&e).to_string();
        if !e.contains('@') {
            problems.push(format!(
                "{} '{e}' does not look like an e-mail address; imported as written",
                header("email")
            ));
        }
        e
    });
    let agreement = match value("support_type") {
        Some(support_type) => {
            let (signed_on, signed_raw, msg) =
                signing_date(&header("signed_on"), text("signed_on"));
            problems.extend(msg);
            let status = match value("status").map(|s| s.parse::<AgreementStatus>()) {
                Some(Ok(s)) => s,
                Some(Err(e)) => {
                    problems.push(format!("{e}; imported as signed"));
                    AgreementStatus::Signed
                }
                None => AgreementStatus::Signed,
            };
            Some(AgreementRecord {
                program: value("program").unwrap_or_else(|| "287g".to_string()),
                support_type,
                status,
                signed_on,
                signed_raw,
                moa_url: url("moa_url"),
                addendum_url: url("addendum_url"),
            })
        }
        None => {
            if ["signed_on", "moa_url", "addendum_url"]
                .iter()
                .any(|f| value(f).is_some())
            {
                problems.push(format!(
                    "{} is empty, so the agreement on this row is not imported (the agency is)",
                    header("support_type")
                ));
            }
            None
        }
    };
    Some(AgencyRecord {
        row: row.number,
        slug,
        name,
        state,
        kind,
        kind_inferred,
        county: value("county"),
        email,
        phone: value("phone"),
        mailing_address: clean_lines(text("mailing_address")),
        portal_url: url("portal_url"),
        records_officer: value("records_officer"),
        notes: clean_lines(text("notes")),
        agreement,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::{ImportError, Source, read};
    use std::io::Write;

    fn file(name: &str, text: &str) -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(name);
        std::fs::File::create(&path)
            .unwrap()
            .write_all(text.as_bytes())
            .unwrap();
        (dir, path)
    }

    fn map(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(f, c)| (f.to_string(), c.to_string()))
            .collect()
    }

    #[test]
    fn docket_headers_read_without_flags() {
        let (_d, p) = file(
            "mine.csv",
            "Name,State,County,Email,Address,Portal,Officer,Notes,Shoe size,support_type,signed_on\n\
             Mecklenburg County Sheriff's Office,NC,Mecklenburg County,mailto:records@mecksheriff.gov,\"700 E 4th St\nCharlotte NC\",https://mecksheriff.gov/records,J. Doe,called twice,44,Warrant Service Officer,2025-05-08\n",
        );
        let f = read(&p, None, &[]).unwrap();
        assert_eq!((f.source, f.label.as_str()), (Source::Csv, "csv:mine.csv"));
        assert_eq!(f.problems, []);
        let r = &f.records[0];
        assert_eq!(r.row, 2);
        assert_eq!((r.kind, r.kind_inferred), (AgencyKind::Sheriff, true));
        assert_eq!(r.email.as_deref(), Some("records@mecksheriff.gov"));
        assert_eq!(
            r.mailing_address.as_deref(),
            Some("700 E 4th St\nCharlotte NC")
        );
        assert_eq!(
            r.portal_url.as_deref(),
            Some("https://mecksheriff.gov/records")
        );
        assert_eq!(r.records_officer.as_deref(), Some("J. Doe"));
        let a = r.agreement.as_ref().unwrap();
        assert_eq!(
            (a.program.as_str(), a.support_type.as_str()),
            ("287g", "Warrant Service Officer")
        );
        assert_eq!(a.signed_on, chrono::NaiveDate::from_ymd_opt(2025, 5, 8));
    }

    #[test]
    fn other_headers_are_read_through_map() {
        // A newsroom's sheet: "Agency", "ST", "E-mail address", "Kind of office".
        let (_d, p) = file(
            "sheet.csv",
            "Agency,ST,E-mail address,Kind of office\nWake County Sheriff's Office,nc,pio@wake.gov,sheriff\nRaleigh Jail,NC,,lockup\n",
        );
        let m = map(&[
            ("state", "st"),
            ("email", "E-mail address"),
            ("kind", "Kind of office"),
        ]);
        let f = read(&p, None, &m).unwrap();
        assert_eq!(f.source, Source::Csv);
        let got: Vec<(&str, &str, AgencyKind, bool, Option<&str>)> = f
            .records
            .iter()
            .map(|r| {
                (
                    r.name.as_str(),
                    r.state.as_str(),
                    r.kind,
                    r.kind_inferred,
                    r.email.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    "Wake County Sheriff's Office",
                    "NC",
                    AgencyKind::Sheriff,
                    false,
                    Some("pio@wake.gov")
                ),
                ("Raleigh Jail", "NC", AgencyKind::Jail, true, None),
            ]
        );
        assert_eq!(f.problems.len(), 1);
        assert_eq!(f.problems[0].row, 3);
        assert!(
            f.problems[0]
                .message
                .starts_with("unknown agency kind 'lockup'"),
            "{}",
            f.problems[0]
        );
        assert!(
            f.problems[0]
                .message
                .ends_with("; imported as jail, worked out from the name")
        );
    }

    #[test]
    fn map_errors_name_what_exists() {
        let (_d, p) = file("sheet.csv", "Agency,ST\nA,NC\n");
        let e = read(&p, None, &map(&[("state", "State code")])).unwrap_err();
        assert!(
            e.to_string()
                .ends_with("sheet.csv has no column 'State code'; its columns are: Agency, ST"),
            "{e}"
        );
        assert!(e.to_string().starts_with("--map state=State code: "), "{e}");
        let e = read(&p, None, &map(&[("fax", "ST")])).unwrap_err();
        assert!(matches!(e, ImportError::UnknownField { .. }));
        assert!(
            e.to_string()
                .contains("use one of slug, name, state, county"),
            "{e}"
        );
        let e = read(&p, None, &[]).unwrap_err().to_string();
        assert!(e.ends_with("sheet.csv has no 'state' column: name one with --map state=COLUMN; its columns are: Agency, ST"), "{e}");
        let e = read(&p, Some(Source::Ice287g), &map(&[("state", "ST")])).unwrap_err();
        assert!(matches!(e, ImportError::MapNeedsCsv { .. }), "{e}");
    }

    #[test]
    fn a_header_only_file_is_zero_records() {
        let (_d, p) = file("empty.csv", "name,state,email\n");
        let f = read(&p, None, &[]).unwrap();
        assert_eq!((f.rows_read, f.records.len(), f.problems.len()), (0, 0, 0));
    }

    #[test]
    fn rows_without_a_name_or_a_known_state_are_reported() {
        let (_d, p) = file(
            "a.csv",
            "name,state,support_type,signed_on\n,NC,,\nA Police Department,Carolina,,\nB Police Department,,,\nC Sheriff,TX,,7/72025\nD Sheriff,TX,Task Force Model,7/72025\n",
        );
        let f = read(&p, None, &[]).unwrap();
        let problems: Vec<String> = f.problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(
            problems,
            [
                "row 2: name is empty; row not imported",
                "row 3: unknown state 'Carolina': use a USPS code such as NC, TX or DC (US for federal agencies); row not imported",
                "row 4: state is empty; row not imported",
                "row 5: support_type is empty, so the agreement on this row is not imported (the agency is)",
                "row 6: signed_on '7/72025' is not a date; imported with the date empty, raw text kept",
            ]
        );
        assert_eq!(f.records.len(), 2);
        assert_eq!(f.rows_read, 5);
    }

    #[test]
    fn mismatched_quotes_are_an_error_naming_the_line() {
        let (_d, p) = file("q.csv", "name,state\nA,NC\n\"B Sheriff,TX\nC,TX\n");
        let e = read(&p, None, &[]).unwrap_err();
        assert!(
            matches!(e, ImportError::UnclosedQuote { line: 3, .. }),
            "{e}"
        );
    }
}
