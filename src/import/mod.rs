//! Agency importers: reading a published list or a user's spreadsheet into plain agency and
//! agreement records, and working out what an import would change (`plan`).
//!
//! Three sources are understood:
//! - `ice-287g`: ICE's list of 287(g) agreements, as the published workbook (`.xlsx`, the MOA and
//!   ADDENDUM URLs are the cells' hyperlinks) or as CSV; the "pending agencies" list too.
//! - `fbi-roster`: the FBI's law-enforcement employee roster (one row per agency, with its ORI).
//! - `csv`: docket's own field names as headers, or any headers mapped with `--map field=Column`.
//!
//! Nothing here touches the database: `read` turns a file into records and row problems, and
//! `plan::plan` compares records with what the database holds. Rows that cannot be imported, and
//! values that can only be imported in part, are reported as `RowProblem`s with the row number a
//! user sees in a spreadsheet (the header is row 1); only a file that cannot be read at all is an
//! `ImportError`.

pub mod builtin;
pub mod csvmap;
pub mod fbi;
pub mod ice;
pub mod plan;
mod table;

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};

use crate::model::{AgencyKind, UnknownValue};

pub use table::MAX_UNPACKED_BYTES;

/// Which kind of list a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Source {
    Ice287g,
    FbiRoster,
    Csv,
}

impl Source {
    pub const ALL: &'static [Source] = &[Source::Ice287g, Source::FbiRoster, Source::Csv];

    pub fn as_str(self) -> &'static str {
        match self {
            Source::Ice287g => "ice-287g",
            Source::FbiRoster => "fbi-roster",
            Source::Csv => "csv",
        }
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Source {
    type Err = UnknownValue;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_ascii_lowercase().replace('_', "-");
        Source::ALL
            .iter()
            .copied()
            .find(|v| v.as_str() == wanted)
            .ok_or_else(|| UnknownValue {
                what: "import source",
                given: s.to_string(),
                allowed: Source::ALL.iter().map(|v| v.as_str()).collect(),
            })
    }
}

/// Whether an agreement is in force (`signed`, possibly with an unreadable date) or announced
/// as pending (ICE's "pending agencies" list, which has no SIGNED column).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AgreementStatus {
    Signed,
    Pending,
}

impl AgreementStatus {
    pub const ALL: &'static [AgreementStatus] =
        &[AgreementStatus::Signed, AgreementStatus::Pending];

    pub fn as_str(self) -> &'static str {
        match self {
            AgreementStatus::Signed => "signed",
            AgreementStatus::Pending => "pending",
        }
    }
}

impl fmt::Display for AgreementStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for AgreementStatus {
    type Err = UnknownValue;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_ascii_lowercase();
        AgreementStatus::ALL
            .iter()
            .copied()
            .find(|v| v.as_str() == wanted)
            .ok_or_else(|| UnknownValue {
                what: "agreement status",
                given: s.to_string(),
                allowed: AgreementStatus::ALL.iter().map(|v| v.as_str()).collect(),
            })
    }
}

/// One agreement as a file states it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgreementRecord {
    /// `287g` for every list docket reads today.
    pub program: String,
    /// "Jail Enforcement Model", "Task Force Model", "Warrant Service Officer", ...
    pub support_type: String,
    pub status: AgreementStatus,
    pub signed_on: Option<NaiveDate>,
    /// The raw text when the signing date could not be read as a plausible date.
    pub signed_raw: Option<String>,
    pub moa_url: Option<String>,
    pub addendum_url: Option<String>,
}

/// One agency as a file states it (one row of the file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgencyRecord {
    /// The row number a user sees in a spreadsheet (the header is row 1).
    pub row: usize,
    /// The slug of an agency docket already has, when the file names it (`csv` with a `slug`
    /// column): the row updates that agency, and its name and state come from the database.
    pub slug: Option<String>,
    pub name: String,
    /// USPS code.
    pub state: String,
    pub kind: AgencyKind,
    /// True when docket worked the kind out (from the name or the list's own type column)
    /// rather than reading one of its own kinds from the file; an inferred kind never replaces
    /// a kind already set, except `other`.
    pub kind_inferred: bool,
    pub county: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub mailing_address: Option<String>,
    pub portal_url: Option<String>,
    pub records_officer: Option<String>,
    pub notes: Option<String>,
    pub agreement: Option<AgreementRecord>,
}

/// A row that was skipped or imported only in part, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    pub row: usize,
    pub message: String,
}

impl fmt::Display for RowProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "row {}: {}", self.row, self.message)
    }
}

/// What a file holds, ready for `plan::plan`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportFile {
    pub source: Source,
    /// The label to pass to `plan::plan` and to store as the agreements' `source`: `ice-287g`,
    /// `ice-287g-pending` (ICE's pending list), `fbi-roster`, or `csv:FILE-NAME`. Agreements are
    /// only ever marked "no longer listed" by a later import under the same label.
    pub label: String,
    /// Data rows read, blank rows not counted.
    pub rows_read: usize,
    pub records: Vec<AgencyRecord>,
    pub problems: Vec<RowProblem>,
}

impl ImportFile {
    /// The limits `agency add` sets: a row whose name or other field is longer is not
    /// imported, and says so.
    fn apply_limits(&mut self) {
        use crate::model::{MAX_FIELD_CHARS, MAX_NAME_CHARS};
        let mut problems = Vec::new();
        self.records.retain(|r| {
            let fields = [
                ("county", &r.county),
                ("email", &r.email),
                ("phone", &r.phone),
                ("mailing_address", &r.mailing_address),
                ("portal_url", &r.portal_url),
                ("records_officer", &r.records_officer),
                ("notes", &r.notes),
            ];
            let why = if r.name.chars().count() > MAX_NAME_CHARS {
                Some(format!(
                    "the name is longer than {MAX_NAME_CHARS} characters; row not imported"
                ))
            } else {
                fields.iter().find_map(|(field, v)| {
                    v.as_ref()
                        .filter(|v| v.chars().count() > MAX_FIELD_CHARS)
                        .map(|_| {
                            format!(
                                "{field} is longer than {MAX_FIELD_CHARS} characters; row not imported"
                            )
                        })
                })
            };
            match why {
                Some(message) => {
                    problems.push(RowProblem {
                        row: r.row,
                        message,
                    });
                    false
                }
                None => true,
            }
        });
        if !problems.is_empty() {
            self.problems.extend(problems);
            self.problems.sort_by_key(|p| p.row);
        }
    }

    /// Gives each row that names an agency by slug that agency's name and state (and its kind,
    /// where the row does not set one), from `known`; a slug docket does not have is a row
    /// problem, and the row is not imported.
    pub fn resolve_slugs(
        &mut self,
        mut known: impl FnMut(&str) -> Option<(String, String, AgencyKind)>,
    ) {
        let mut problems = Vec::new();
        self.records.retain_mut(|r| {
            let Some(slug) = &r.slug else { return true };
            match known(slug) {
                Some((name, state, kind)) => {
                    r.name = name;
                    r.state = state;
                    if r.kind_inferred {
                        r.kind = kind;
                    }
                    true
                }
                None => {
                    problems.push(RowProblem {
                        row: r.row,
                        message: format!(
                            "slug '{slug}' is no agency docket has (see `docket agency list`); row not imported"
                        ),
                    });
                    false
                }
            }
        });
        self.problems.extend(problems);
        self.problems.sort_by_key(|p| p.row);
    }
}

/// Why a file could not be read at all. Every message is one line naming the file.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("cannot read {path}: check the path and its permissions")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path} is empty: there is nothing to import")]
    Empty { path: PathBuf },
    #[error(
        "{path} is not an .xlsx workbook ({reason}): save it from the spreadsheet as .xlsx or CSV and import that"
    )]
    NotXlsx { path: PathBuf, reason: &'static str },
    #[error(
        "{path} is an old Excel 97-2003 (.xls) or password-protected workbook: save it as .xlsx or CSV and import that"
    )]
    OldOrEncryptedWorkbook { path: PathBuf },
    #[error(
        "{path} would unpack to {} MB, more than the {} MB docket reads (a damaged file or a zip bomb): export the sheet as CSV and import that",
        .unpacked / 1_000_000, MAX_UNPACKED_BYTES / 1_000_000
    )]
    TooLarge { path: PathBuf, unpacked: u64 },
    #[error(
        "cannot read the workbook {path} ({message}): open it in the spreadsheet and save it again, or export the sheet as CSV and import that"
    )]
    Workbook { path: PathBuf, message: String },
    #[error("{path} has no worksheet with data")]
    NoData { path: PathBuf },
    #[error(
        "{path} line {line} is not UTF-8 text: save it as UTF-8 (in Excel: \"CSV UTF-8\") and import again"
    )]
    NotUtf8 { path: PathBuf, line: u64 },
    #[error(
        "{path} line {line}: the quote that opens here is never closed; fix the quoting and import again"
    )]
    UnclosedQuote { path: PathBuf, line: u64 },
    #[error("{path} line {line}: {message}")]
    Csv {
        path: PathBuf,
        line: u64,
        message: String,
    },
    #[error("{path} has no {column} column, which {reads_as} needs; its columns are: {found}")]
    MissingColumn {
        path: PathBuf,
        column: String,
        reads_as: Source,
        found: String,
    },
    #[error(
        "{path} has no '{field}' column: name one with --map {field}=COLUMN; its columns are: {found}"
    )]
    CsvFieldMissing {
        path: PathBuf,
        field: &'static str,
        found: String,
    },
    #[error("--map {field}={column}: {path} has no column '{column}'; its columns are: {found}")]
    MappedColumnAbsent {
        path: PathBuf,
        field: String,
        column: String,
        found: String,
    },
    #[error("--map {field}=...: unknown field '{field}': use one of {}", csvmap::FIELDS.join(", "))]
    UnknownField { field: String },
    #[error("--map only applies to --source csv, and {path} reads as {reads_as}: add --source csv")]
    MapNeedsCsv { path: PathBuf, reads_as: Source },
    #[error(
        "{path} is neither an .xlsx workbook nor UTF-8 text: export it from the spreadsheet as .xlsx or CSV and import that"
    )]
    UnknownFormat { path: PathBuf },
}

/// Reads `path` as `source`, or, when `source` is `None`, as what its extension and headers say
/// it is. `map` holds `field=Column` pairs from `--map` (csv only).
pub fn read(
    path: &Path,
    source: Option<Source>,
    map: &[(String, String)],
) -> Result<ImportFile, ImportError> {
    let table = table::read_table(path)?;
    let source = match source {
        Some(s) => s,
        None if !map.is_empty() => Source::Csv,
        None => detect(&table),
    };
    if !map.is_empty() && source != Source::Csv {
        return Err(ImportError::MapNeedsCsv {
            path: path.to_path_buf(),
            reads_as: source,
        });
    }
    let read = match source {
        Source::Ice287g => ice::from_table(path, &table)?,
        Source::FbiRoster => fbi::from_table(path, &table)?,
        Source::Csv => csvmap::from_table(path, &table, map)?,
    };
    let label = match source {
        Source::Ice287g if read.pending => "ice-287g-pending".to_string(),
        Source::Csv => format!(
            "csv:{}",
            path.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        ),
        s => s.as_str().to_string(),
    };
    let mut file = ImportFile {
        source,
        label,
        rows_read: table.rows.len(),
        records: read.records,
        problems: read.problems,
    };
    file.apply_limits();
    Ok(file)
}

/// What one source reader made of a table.
pub(crate) struct SourceRead {
    pub records: Vec<AgencyRecord>,
    pub problems: Vec<RowProblem>,
    /// ICE's pending list (no SIGNED column).
    pub pending: bool,
}

/// The source a table's headers point to: the FBI roster has `ori` and `pub_agency_name`; ICE's
/// list has a state, an agency and a support type; anything else is docket's own csv layout.
fn detect(table: &table::Table) -> Source {
    if table.column(&["ori"]).is_some() && table.column(&["pub agency name"]).is_some() {
        Source::FbiRoster
    } else if table.column(&["state"]).is_some()
        && table.column(ice::AGENCY).is_some()
        && table.column(ice::SUPPORT_TYPE).is_some()
    {
        Source::Ice287g
    } else {
        Source::Csv
    }
}

/// Trims, collapses runs of whitespace, and treats an empty cell, an Excel error shown as text
/// (`#N/A`, `#NA`, `#REF!`, ...) or a typed `N/A` as no value: ICE's list has `#N/A` where a
/// county is unknown, and once `N/A`.
pub(crate) fn clean(s: &str) -> Option<String> {
    let t = collapse_ws(s);
    let upper = t.to_ascii_uppercase();
    let is_error = matches!(
        upper.as_str(),
        "#N/A" | "#NA" | "N/A" | "#REF!" | "#VALUE!" | "#NAME?" | "#DIV/0!" | "#NULL!" | "#NUM!"
    );
    (!t.is_empty() && !is_error).then_some(t)
}

/// Like `clean`, but keeps line breaks (a mailing address, notes): each line is cleaned and
/// empty lines are dropped.
pub(crate) fn clean_lines(s: &str) -> Option<String> {
    let lines: Vec<String> = s.lines().filter_map(clean).collect();
    (!lines.is_empty()).then(|| lines.join("\n"))
}

/// Runs of whitespace become one space; control characters (a NUL, a form feed pasted into a
/// cell) count as whitespace, so none reaches a name, a letter or the database.
pub(crate) fn collapse_ws(s: &str) -> String {
    s.split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The form in which agency names are compared: case, runs of whitespace, apostrophes
/// (straight or curly: ICE writes both "Sheriff's" and "Sheriff’s"), periods and hyphens do
/// not matter ("St. Charles" is "St Charles", "Miami-Dade" is "Miami Dade").
pub fn name_key(name: &str) -> String {
    let plain: String = name
        .chars()
        .filter(|c| !matches!(c, '\'' | '\u{2019}' | '\u{2018}' | '`' | '.'))
        .map(|c| if c == '-' { ' ' } else { c })
        .collect();
    collapse_ws(&plain).to_lowercase()
}

/// What a date cell held.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DateRead {
    Date(NaiveDate),
    /// A real calendar date, but not one on which an agreement can have been signed
    /// (`5025-07-07`).
    Implausible(NaiveDate),
    NotADate,
}

/// The 287(g) program began in 1996; a date outside 1996-2099 is a typo, not a signing date.
const PLAUSIBLE_YEARS: std::ops::RangeInclusive<i32> = 1996..=2099;

/// Reads a date as spreadsheets and people write it: `2025-06-25`, `2025/06/25`, `6/25/2025`,
/// `6/25/25`, an ISO date-time, or an Excel serial day number (`45833`). Anything else, such as
/// the published typos `7/72025` and `05/082025`, is not a date.
pub(crate) fn read_date(text: &str) -> DateRead {
    let t = text.trim();
    let date = serial_date(t).or_else(|| {
        // An ISO date-time: only the date matters.
        let d = t.split(['T', ' ']).next().unwrap_or(t);
        calendar_date(d)
    });
    match date {
        Some(d) if PLAUSIBLE_YEARS.contains(&d.year()) => DateRead::Date(d),
        Some(d) => DateRead::Implausible(d),
        None => DateRead::NotADate,
    }
}

fn calendar_date(t: &str) -> Option<NaiveDate> {
    let parts: Vec<&str> = t.split(['-', '/', '.']).collect();
    if parts.len() != 3
        || parts
            .iter()
            .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let n = |p: &str| p.parse::<u32>().ok();
    let (y, m, d) = match (parts[0].len(), parts[1].len(), parts[2].len()) {
        (4, 1..=2, 1..=2) => (n(parts[0])?, n(parts[1])?, n(parts[2])?),
        (1..=2, 1..=2, 4) => (n(parts[2])?, n(parts[0])?, n(parts[1])?),
        (1..=2, 1..=2, 2) => (2000 + n(parts[2])?, n(parts[0])?, n(parts[1])?),
        _ => return None,
    };
    NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d)
}

/// Excel counts days from 1899-12-30 (past the fictitious 1900-02-29, which no signing date
/// is near). Only whole numbers are taken, so a stray decimal is not mistaken for a date.
fn serial_date(t: &str) -> Option<NaiveDate> {
    let digits = t.strip_suffix(".0").unwrap_or(t);
    if digits.is_empty() || digits.len() > 7 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let days: i64 = digits.parse().ok()?;
    NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_signed(chrono::Duration::days(days))
}

/// Reads a signing-date cell into (date, raw text kept, problem message). `column` is the
/// header as the file spells it.
pub(crate) fn signing_date(
    column: &str,
    text: &str,
) -> (Option<NaiveDate>, Option<String>, Option<String>) {
    let Some(raw) = clean(text) else {
        return (None, None, None);
    };
    match read_date(&raw) {
        DateRead::Date(d) => (Some(d), None, None),
        DateRead::Implausible(_) => {
            let msg = format!(
                "{column} '{raw}' is not a plausible signing date; imported with the date empty, raw text kept"
            );
            (None, Some(raw), Some(msg))
        }
        DateRead::NotADate => {
            let msg = format!(
                "{column} '{raw}' is not a date; imported with the date empty, raw text kept"
            );
            (None, Some(raw), Some(msg))
        }
    }
}

/// Outlook "safe links" wrap the real address in a `url=` parameter
/// (`https://gcc02.safelinks.protection.outlook.com/?url=https%3A%2F%2Fwww.ice.gov%2F...&data=...`);
/// the published list carries them as its MOA links. Returns the real address, or the link
/// unchanged when it is not a safe link or its `url=` does not decode.
pub fn unwrap_safelink(link: &str) -> String {
    let link = link.trim();
    let lower = link.to_ascii_lowercase();
    let host = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
        .and_then(|rest| rest.split(['/', '?']).next())
        .unwrap_or("");
    if !host.ends_with("safelinks.protection.outlook.com") {
        return link.to_string();
    }
    let Some((_, query)) = link.split_once('?') else {
        return link.to_string();
    };
    query
        .split('&')
        .find_map(|pair| pair.strip_prefix("url="))
        .and_then(percent_decode)
        .filter(|u| u.starts_with("http://") || u.starts_with("https://"))
        .unwrap_or_else(|| link.to_string())
}

/// Decodes `%XX` escapes (and `+` as a space, as in a query string); `None` when an escape is
/// malformed or the result is not UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

/// A URL from a cell: its hyperlink when it has one, else its text when that is an address.
/// "link pending" and the like are no URL.
pub(crate) fn cell_url(text: &str, link: Option<&str>) -> Option<String> {
    let candidate = match link {
        Some(l) if !l.trim().is_empty() => l.trim().to_string(),
        _ => {
            let t = text.trim();
            let lower = t.to_ascii_lowercase();
            if lower.starts_with("http://") || lower.starts_with("https://") {
                t.to_string()
            } else {
                return None;
            }
        }
    };
    Some(unwrap_safelink(&candidate))
}

/// The kind an agency's name gives away, if any: "Sheriff" is a sheriff's office; a jail,
/// detention center or corrections department is a jail; "Police" or "Public Safety" is police.
pub(crate) fn kind_from_name(name: &str) -> Option<AgencyKind> {
    let words: Vec<String> = name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
        .collect();
    let has = |w: &str| words.iter().any(|x| x == w);
    let has_prefix = |p: &str| words.iter().any(|x| x.starts_with(p));
    if has_prefix("sheriff") {
        Some(AgencyKind::Sheriff)
    } else if has("jail") || has("detention") || has_prefix("correction") {
        Some(AgencyKind::Jail)
    } else if has("police") || name.to_lowercase().contains("public safety") {
        Some(AgencyKind::Police)
    } else {
        None
    }
}

/// Where the shared test data lives: `DOCKET_SHARED_DATA`, else `../shared/data` beside the
/// crate. `None` (and the tests that need it skip) when neither exists.
#[cfg(test)]
pub(crate) fn shared_data() -> Option<PathBuf> {
    let candidates = [
        std::env::var_os("DOCKET_SHARED_DATA").map(PathBuf::from),
        Some(PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/data"
        ))),
    ];
    let found = candidates.into_iter().flatten().find(|p| p.is_dir());
    if found.is_none() {
        eprintln!("skipped: no shared data folder (set DOCKET_SHARED_DATA)");
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn dates_read_as_written_and_typos_do_not() {
        use DateRead::*;
        let cases = [
            ("2025-06-25", Date(ymd(2025, 6, 25))),
            (" 2025/6/5 ", Date(ymd(2025, 6, 5))),
            ("6/25/2025", Date(ymd(2025, 6, 25))),
            ("06/25/25", Date(ymd(2025, 6, 25))),
            ("2025-06-25T00:00:00", Date(ymd(2025, 6, 25))),
            ("2025-06-25 13:30:00", Date(ymd(2025, 6, 25))),
            // 45833 days after 1899-12-30: 2025-06-25 (the first row of ICE's workbook).
            ("45833", Date(ymd(2025, 6, 25))),
            ("45833.0", Date(ymd(2025, 6, 25))),
            ("5025-07-07", Implausible(ymd(5025, 7, 7))),
            ("1990-01-01", Implausible(ymd(1990, 1, 1))),
            ("7/72025", NotADate),
            ("05/082025", NotADate),
            ("2025-02-30", NotADate),
            ("13/01/2025", NotADate),
            ("45833.5", NotADate),
            ("June 2025", NotADate),
            ("", NotADate),
        ];
        for (text, want) in cases {
            assert_eq!(read_date(text), want, "{text:?}");
        }
    }

    #[test]
    fn signing_dates_keep_the_raw_text_of_typos() {
        assert_eq!(
            signing_date("SIGNED", "2025-06-25"),
            (Some(ymd(2025, 6, 25)), None, None)
        );
        assert_eq!(signing_date("SIGNED", "  "), (None, None, None));
        let (d, raw, msg) = signing_date("SIGNED", "7/72025");
        assert_eq!((d, raw.as_deref()), (None, Some("7/72025")));
        assert_eq!(
            msg.unwrap(),
            "SIGNED '7/72025' is not a date; imported with the date empty, raw text kept"
        );
        let (_, _, msg) = signing_date("signed", "5025-07-07");
        assert!(
            msg.unwrap()
                .starts_with("signed '5025-07-07' is not a plausible signing date")
        );
    }

    #[test]
    fn safelinks_unwrap_to_the_real_address() {
        let cases = [
            (
                "https://gcc02.safelinks.protection.outlook.com/?url=https%3A%2F%2Fwww.ice.gov%2Fdoclib%2F287gMOA%2FColbertCoSheriffsOfficeAL_WSO_MOA_05.08.25.pdf&data=05%7C02&reserved=0",
                "https://www.ice.gov/doclib/287gMOA/ColbertCoSheriffsOfficeAL_WSO_MOA_05.08.25.pdf",
            ),
            // `url` need not be the first parameter.
            (
                "https://nam12.safelinks.protection.outlook.com/?data=x&url=https%3A%2F%2Fexample.org%2Fa%20b.pdf",
                "https://example.org/a b.pdf",
            ),
            (
                "https://www.ice.gov/doclib/287gMOA/x.pdf",
                "https://www.ice.gov/doclib/287gMOA/x.pdf",
            ),
            // A broken escape or a non-web target: the link is kept as it is.
            (
                "https://gcc02.safelinks.protection.outlook.com/?url=https%3A%2",
                "https://gcc02.safelinks.protection.outlook.com/?url=https%3A%2",
            ),
            (
                "https://gcc02.safelinks.protection.outlook.com/?url=javascript%3Ax",
                "https://gcc02.safelinks.protection.outlook.com/?url=javascript%3Ax",
            ),
        ];
        for (link, want) in cases {
            assert_eq!(unwrap_safelink(link), want);
        }
    }

    #[test]
    fn cell_urls_come_from_the_hyperlink_or_an_address_text() {
        assert_eq!(
            cell_url("link", Some("https://a.gov/x")).as_deref(),
            Some("https://a.gov/x")
        );
        assert_eq!(
            cell_url("https://a.gov/y", None).as_deref(),
            Some("https://a.gov/y")
        );
        assert_eq!(cell_url("link pending", None), None);
        assert_eq!(cell_url("link", None), None);
    }

    #[test]
    fn names_give_kinds_away() {
        let cases = [
            ("Harris County Sheriff's Office", Some(AgencyKind::Sheriff)),
            ("Texas County's Sheriff's Office", Some(AgencyKind::Sheriff)),
            ("Oldham County Detention Center", Some(AgencyKind::Jail)),
            (
                "Orange County Corrections Department",
                Some(AgencyKind::Jail),
            ),
            ("Albemarle District Jail", Some(AgencyKind::Jail)),
            ("Nassau County Police Department", Some(AgencyKind::Police)),
            (
                "Jupiter Island Department of Public Safety",
                Some(AgencyKind::Police),
            ),
            // Whole words only: "Marshall" is a town, not a marshal, and no police.
            ("Marshall", None),
            ("Pasco County Board of County Commissioners", None),
        ];
        for (name, want) in cases {
            assert_eq!(kind_from_name(name), want, "{name}");
        }
    }

    #[test]
    fn cleaning_drops_blanks_and_excel_errors() {
        assert_eq!(
            clean("  Harris   County "),
            Some("Harris County".to_string())
        );
        assert_eq!(clean("#N/A"), None);
        assert_eq!(clean("#NA"), None);
        assert_eq!(clean(" n/a "), None);
        assert_eq!(clean(" \t"), None);
        assert_eq!(
            name_key(" Harris  COUNTY Sheriff's Office"),
            "harris county sheriffs office"
        );
        assert_eq!(
            name_key("Knox County Sheriff\u{2019}s Office"),
            "knox county sheriffs office"
        );
        assert_eq!(
            name_key("Miami-Dade St. Police"),
            name_key("miami dade st police")
        );
    }

    #[test]
    fn sources_parse_from_their_names() {
        assert_eq!("ice-287g".parse::<Source>().unwrap(), Source::Ice287g);
        assert_eq!("FBI_ROSTER".parse::<Source>().unwrap(), Source::FbiRoster);
        let e = "excel".parse::<Source>().unwrap_err().to_string();
        assert_eq!(
            e,
            "unknown import source 'excel': use one of ice-287g, fbi-roster, csv"
        );
    }
}
