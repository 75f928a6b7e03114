//! Reading a file into a plain table of text cells (with each cell's hyperlink), whatever its
//! format: an `.xlsx` workbook's first sheet with data, or a CSV file. The source readers
//! (`ice`, `fbi`, `csvmap`) work on this table only, so every source can come in either format.
//!
//! A workbook is a zip archive, so it is checked before it is opened: the sizes its central
//! directory declares must add up to at most `MAX_UNPACKED_BYTES` (the zip reader underneath
//! refuses to unpack an entry past its declared size, so the declared sizes bound the memory
//! used). CSV files must be UTF-8 and every quote must be closed.

use std::collections::HashMap;
use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Reader, Xlsx};

use super::ImportError;

/// The most a workbook may unpack to. ICE's 832-row list unpacks to under 1 MB.
pub const MAX_UNPACKED_BYTES: u64 = 200_000_000;

/// One file as rows of text.
#[derive(Debug, Default)]
pub(crate) struct Table {
    /// The header row as written (trimmed).
    pub headers: Vec<String>,
    /// The data rows, blank rows left out.
    pub rows: Vec<Row>,
}

#[derive(Debug)]
pub(crate) struct Row {
    /// The row number a spreadsheet shows (the header is row 1 when it is the first row).
    pub number: usize,
    pub cells: Vec<Cell>,
    /// Set when the row cannot be trusted (a CSV quote that swallowed the lines after it).
    pub broken: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Cell {
    pub text: String,
    pub link: Option<String>,
}

/// Headers are compared without case, with runs of spaces, `_` and `-` alike.
pub(crate) fn header_key(h: &str) -> String {
    h.to_lowercase()
        .split(|c: char| c.is_whitespace() || c == '_' || c == '-')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

impl Table {
    /// The index of the first column whose header is one of `names` (given as `header_key`s).
    pub fn column(&self, names: &[&str]) -> Option<usize> {
        self.headers
            .iter()
            .position(|h| names.contains(&header_key(h).as_str()))
    }

    /// The headers for an error message: `STATE, LAW ENFORCEMENT AGENCY, ...`.
    pub fn header_list(&self) -> String {
        let shown: Vec<&str> = self
            .headers
            .iter()
            .map(String::as_str)
            .filter(|h| !h.is_empty())
            .collect();
        if shown.is_empty() {
            "(none)".to_string()
        } else {
            shown.join(", ")
        }
    }
}

impl Row {
    pub fn text(&self, col: Option<usize>) -> &str {
        col.and_then(|c| self.cells.get(c))
            .map(|c| c.text.as_str())
            .unwrap_or("")
    }

    pub fn link(&self, col: Option<usize>) -> Option<&str> {
        col.and_then(|c| self.cells.get(c))
            .and_then(|c| c.link.as_deref())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Xlsx,
    Csv,
}

/// Reads `path` as a workbook or a CSV file, by extension, else by its first bytes.
pub(crate) fn read_table(path: &Path) -> Result<Table, ImportError> {
    let io = |source| ImportError::Io {
        path: path.to_path_buf(),
        source,
    };
    let size = std::fs::metadata(path).map_err(io)?.len();
    if size == 0 {
        return Err(ImportError::Empty {
            path: path.to_path_buf(),
        });
    }
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let format = match ext.as_str() {
        "xlsx" | "xlsm" | "xls" => Some(Format::Xlsx),
        "csv" | "txt" | "tsv" => Some(Format::Csv),
        _ => None,
    };
    // A workbook is read whole; anything larger than what it may unpack to is refused unread.
    if format == Some(Format::Xlsx) && size > MAX_UNPACKED_BYTES {
        return Err(ImportError::TooLarge {
            path: path.to_path_buf(),
            unpacked: size,
        });
    }
    let bytes = std::fs::read(path).map_err(io)?;
    let format = match format {
        Some(f) => f,
        None if bytes.starts_with(b"PK") || bytes.starts_with(&CFB_MAGIC) => Format::Xlsx,
        None if std::str::from_utf8(&bytes[..bytes.len().min(4096)]).is_ok()
            || bytes.len() > 4096 =>
        {
            Format::Csv
        }
        None => {
            return Err(ImportError::UnknownFormat {
                path: path.to_path_buf(),
            });
        }
    };
    match format {
        Format::Xlsx => read_xlsx(path, bytes),
        Format::Csv => read_csv(path, &bytes),
    }
}

/// The signature of an OLE compound file: old `.xls` workbooks and encrypted `.xlsx` ones.
const CFB_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

fn read_xlsx(path: &Path, bytes: Vec<u8>) -> Result<Table, ImportError> {
    check_zip(path, &bytes)?;
    // The workbook parser can panic on some damaged files (an arithmetic overflow on a
    // malformed cell reference was found by fuzzing): a damaged file is a user error to report,
    // never a crash. The panic's own message is silenced while the parser runs.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = std::panic::catch_unwind(|| parse_xlsx(path, bytes));
    std::panic::set_hook(hook);
    result.unwrap_or_else(|_| {
        Err(ImportError::Workbook {
            path: path.to_path_buf(),
            message: "its cell data is damaged and cannot be read".to_string(),
        })
    })
}

fn parse_xlsx(path: &Path, bytes: Vec<u8>) -> Result<Table, ImportError> {
    let wb_err = |e: calamine::XlsxError| ImportError::Workbook {
        path: path.to_path_buf(),
        message: e.to_string().replace('\n', " "),
    };
    let mut wb = Xlsx::new(Cursor::new(bytes)).map_err(wb_err)?;
    // The first sheet with any data: ICE's workbooks have one sheet.
    let sheets = wb.sheet_names();
    for (index, _) in sheets.iter().enumerate() {
        let range = wb.worksheet_range_at(index).transpose().map_err(wb_err)?;
        let Some(range) = range else { continue };
        let Some((first_row, first_col)) = range.start() else {
            continue;
        };
        let links = SheetLinks::new(wb.hyperlinks_by_sheet_id(index).map_err(wb_err)?);
        let mut rows = range.rows().enumerate().map(|(i, cells)| {
            let row = first_row + i as u32;
            let cells = cells
                .iter()
                .enumerate()
                .map(|(j, d)| Cell {
                    text: cell_text(d),
                    link: links.at(row, first_col + j as u32),
                })
                .collect::<Vec<_>>();
            Row {
                number: row as usize + 1,
                cells,
                broken: None,
            }
        });
        // The header is the first row with any text (a title row would be the first, too:
        // the readers then say which columns they found).
        let Some(header) = rows.by_ref().find(|r| !is_blank(&r.cells)) else {
            continue;
        };
        return Ok(Table {
            headers: header
                .cells
                .iter()
                .map(|c| c.text.trim().to_string())
                .collect(),
            rows: rows.filter(|r| !is_blank(&r.cells)).collect(),
        });
    }
    Err(ImportError::NoData {
        path: path.to_path_buf(),
    })
}

fn is_blank(cells: &[Cell]) -> bool {
    cells.iter().all(|c| c.text.trim().is_empty())
}

/// A cell as the text a user sees, dates as `YYYY-MM-DD`. Error cells (`#N/A`) read as empty.
fn cell_text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            format!("{y:04}-{m:02}-{d:02}")
        }
        Data::DateTime(dt) => dt.as_f64().to_string(),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(_) | Data::Empty => String::new(),
    }
}

/// A sheet's hyperlinks by cell. Links anchored to a range are kept as ranges rather than
/// spread over their cells, so a link over a whole sheet costs nothing.
struct SheetLinks {
    cells: HashMap<(u32, u32), String>,
    ranges: Vec<(calamine::Dimensions, String)>,
}

impl SheetLinks {
    fn new(links: Vec<calamine::Hyperlink>) -> Self {
        let mut cells = HashMap::new();
        let mut ranges = Vec::new();
        for l in links {
            let Some(target) = l.target else { continue };
            if l.range.start == l.range.end {
                cells.insert(l.range.start, target);
            } else {
                ranges.push((l.range, target));
            }
        }
        SheetLinks { cells, ranges }
    }

    fn at(&self, row: u32, col: u32) -> Option<String> {
        self.cells.get(&(row, col)).cloned().or_else(|| {
            self.ranges
                .iter()
                .find(|(range, _)| range.contains(row, col))
                .map(|(_, t)| t.clone())
        })
    }
}

/// Refuses what is not a zip archive, and a zip archive whose entries would unpack to more than
/// `MAX_UNPACKED_BYTES`, by reading the sizes its central directory declares.
pub(crate) fn check_zip(path: &Path, bytes: &[u8]) -> Result<(), ImportError> {
    let not_xlsx = |reason| ImportError::NotXlsx {
        path: path.to_path_buf(),
        reason,
    };
    if bytes.starts_with(&CFB_MAGIC) {
        return Err(ImportError::OldOrEncryptedWorkbook {
            path: path.to_path_buf(),
        });
    }
    if !bytes.starts_with(b"PK\x03\x04") {
        return Err(not_xlsx("not a zip archive"));
    }
    let unpacked = declared_unpacked_size(bytes)
        .ok_or_else(|| not_xlsx("a damaged zip archive: its table of contents is unreadable"))?;
    if unpacked > MAX_UNPACKED_BYTES {
        return Err(ImportError::TooLarge {
            path: path.to_path_buf(),
            unpacked,
        });
    }
    Ok(())
}

fn u16_at(b: &[u8], at: usize) -> Option<u64> {
    let s = b.get(at..at.checked_add(2)?)?;
    Some(u64::from(u16::from_le_bytes([s[0], s[1]])))
}

fn u32_at(b: &[u8], at: usize) -> Option<u64> {
    let s = b.get(at..at.checked_add(4)?)?;
    Some(u64::from(u32::from_le_bytes([s[0], s[1], s[2], s[3]])))
}

fn u64_at(b: &[u8], at: usize) -> Option<u64> {
    let s: [u8; 8] = b.get(at..at.checked_add(8)?)?.try_into().ok()?;
    Some(u64::from_le_bytes(s))
}

/// The sum of the uncompressed sizes in a zip archive's central directory (zip64 included), or
/// `None` when the directory cannot be found or read.
fn declared_unpacked_size(b: &[u8]) -> Option<u64> {
    const EOCD: &[u8] = b"PK\x05\x06";
    const ZIP64_LOCATOR: &[u8] = b"PK\x06\x07";
    const ZIP64_EOCD: &[u8] = b"PK\x06\x06";
    const ENTRY: &[u8] = b"PK\x01\x02";
    // The end record is 22 bytes plus a comment of at most 64 KiB, at the very end.
    let lowest = b.len().saturating_sub(22 + 0xFFFF);
    let eocd = (lowest..=b.len().checked_sub(22)?)
        .rev()
        .find(|&i| b[i..].starts_with(EOCD))?;
    let mut entries = u16_at(b, eocd + 10)?;
    let mut offset = u32_at(b, eocd + 16)?;
    if entries == 0xFFFF || offset == 0xFFFF_FFFF {
        let locator = eocd.checked_sub(20)?;
        if !b[locator..].starts_with(ZIP64_LOCATOR) {
            return None;
        }
        let z = usize::try_from(u64_at(b, locator + 8)?).ok()?;
        if !b.get(z..)?.starts_with(ZIP64_EOCD) {
            return None;
        }
        entries = u64_at(b, z + 32)?;
        offset = u64_at(b, z + 48)?;
    }
    let mut at = usize::try_from(offset).ok()?;
    let mut total: u64 = 0;
    for _ in 0..entries {
        if !b.get(at..)?.starts_with(ENTRY) {
            return None;
        }
        let mut size = u32_at(b, at + 24)?;
        let name_len = usize::try_from(u16_at(b, at + 28)?).ok()?;
        let extra_len = usize::try_from(u16_at(b, at + 30)?).ok()?;
        let comment_len = usize::try_from(u16_at(b, at + 32)?).ok()?;
        if size == 0xFFFF_FFFF {
            // The real size is the first field of the zip64 extra block (id 1).
            let extra = b.get(at + 46 + name_len..at + 46 + name_len + extra_len)?;
            let mut e = 0;
            let mut found = None;
            while e + 4 <= extra.len() {
                let id = u16_at(extra, e)?;
                let len = usize::try_from(u16_at(extra, e + 2)?).ok()?;
                if id == 1 {
                    found = u64_at(extra, e + 4);
                    break;
                }
                e += 4 + len;
            }
            size = found?;
        }
        total = total.saturating_add(size);
        at = at.checked_add(46 + name_len + extra_len + comment_len)?;
    }
    Some(total)
}

/// Reads CSV text: the first non-blank record is the header. Fields may be quoted; a quoted
/// field may span lines (an address), and the row numbers count it as one row, as a spreadsheet
/// does. A header line with tabs or semicolons and no commas sets the delimiter.
fn read_csv(path: &Path, bytes: &[u8]) -> Result<Table, ImportError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ImportError::Empty {
            path: path.to_path_buf(),
        });
    }
    if let Err(e) = std::str::from_utf8(bytes) {
        return Err(ImportError::NotUtf8 {
            path: path.to_path_buf(),
            line: line_of(bytes, e.valid_up_to()),
        });
    }
    let first_line = bytes.split(|&b| b == b'\n').next().unwrap_or(bytes);
    let delimiter = if first_line.contains(&b',') {
        b','
    } else if first_line.contains(&b'\t') {
        b'\t'
    } else if first_line.contains(&b';') {
        b';'
    } else {
        b','
    };
    if let Some(line) = unclosed_quote_line(bytes, delimiter) {
        return Err(ImportError::UnclosedQuote {
            path: path.to_path_buf(),
            line,
        });
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(bytes);
    let mut headers: Option<Vec<String>> = None;
    let mut rows = Vec::new();
    // Lines taken up by line breaks inside quoted fields so far: a spreadsheet shows such a
    // record as one row, so they do not count as rows.
    let mut inner_breaks: u64 = 0;
    // The reader's own line numbers skip blank lines and miscount CRLF endings, so lines are
    // counted here from its byte offsets.
    let (mut counted_to, mut line) = (0usize, 1u64);
    let mut line_at = |byte: u64| {
        let mut at = usize::try_from(byte)
            .unwrap_or(bytes.len())
            .min(bytes.len());
        // A record's offset may point at the line end before it.
        while at < bytes.len() && matches!(bytes[at], b'\r' | b'\n') {
            at += 1;
        }
        if at > counted_to {
            line += bytes[counted_to..at]
                .iter()
                .filter(|&&b| b == b'\n')
                .count() as u64;
            counted_to = at;
        }
        line
    };
    for record in reader.records() {
        let record = record.map_err(|e| ImportError::Csv {
            path: path.to_path_buf(),
            line: e.position().map(|p| p.line()).unwrap_or(0),
            message: e.to_string(),
        })?;
        let line = line_at(record.position().map(|p| p.byte()).unwrap_or(0));
        let breaks: u64 = record
            .iter()
            .map(|f| f.bytes().filter(|&b| b == b'\n').count() as u64)
            .sum();
        let number = usize::try_from(line.saturating_sub(inner_breaks)).unwrap_or(usize::MAX);
        inner_breaks += breaks;
        let cells: Vec<Cell> = record
            .iter()
            .map(|f| Cell {
                text: f.to_string(),
                link: None,
            })
            .collect();
        if is_blank(&cells) {
            continue;
        }
        match &headers {
            None => headers = Some(cells.iter().map(|c| c.text.trim().to_string()).collect()),
            Some(h) => {
                // A quote opened by mistake swallows the lines up to the next quote: the record
                // then spans lines and has the wrong number of fields.
                let broken = (breaks > 0 && cells.len() != h.len()).then(|| {
                    format!(
                        "lines {line}-{} read as one row of {} fields where the header has {}: a quote is probably not closed; row not imported",
                        line + breaks,
                        cells.len(),
                        h.len()
                    )
                });
                rows.push(Row {
                    number,
                    cells,
                    broken,
                })
            }
        }
    }
    Ok(Table {
        headers: headers.unwrap_or_default(),
        rows,
    })
}

/// The 1-based line holding byte `at`.
fn line_of(bytes: &[u8], at: usize) -> u64 {
    bytes[..at.min(bytes.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count() as u64
        + 1
}

/// The line of a quote that opens a field and is never closed, read as the CSV reader reads:
/// a quote opens a field only at its start; inside, `""` is a quote and `"` ends the field.
fn unclosed_quote_line(bytes: &[u8], delimiter: u8) -> Option<u64> {
    #[derive(Clone, Copy, PartialEq)]
    enum S {
        FieldStart,
        Unquoted,
        Quoted,
        QuoteInQuoted,
    }
    let mut state = S::FieldStart;
    let mut line = 1u64;
    let mut opened = 1u64;
    for &b in bytes {
        state = match (state, b) {
            (S::FieldStart, b'"') => {
                opened = line;
                S::Quoted
            }
            (S::FieldStart | S::Unquoted | S::QuoteInQuoted, b'\n') => S::FieldStart,
            (S::FieldStart | S::Unquoted | S::QuoteInQuoted, d) if d == delimiter => S::FieldStart,
            (S::FieldStart | S::Unquoted, _) => S::Unquoted,
            (S::Quoted, b'"') => S::QuoteInQuoted,
            (S::Quoted, _) => S::Quoted,
            (S::QuoteInQuoted, b'"') => S::Quoted,
            (S::QuoteInQuoted, _) => S::Unquoted,
        };
        if b == b'\n' {
            line += 1;
        }
    }
    (state == S::Quoted).then_some(opened)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn write(name: &str, bytes: &[u8]) -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(name);
        std::fs::File::create(&path)
            .unwrap()
            .write_all(bytes)
            .unwrap();
        (dir, path)
    }

    #[test]
    fn quotes_are_followed_as_the_reader_follows_them() {
        let cases: &[(&str, Option<u64>)] = &[
            ("a,b\n1,2\n", None),
            ("a,b\n\"1,\n2\",3\n", None),
            // `""` inside quotes is a quote; a quote inside an unquoted field is text.
            ("a,b\n\"say \"\"hi\"\"\",5\" pipe\n", None),
            ("a,b\n1,2\n\"3,4\n5,6\n", Some(3)),
            ("a,b\n1,\"2\n", Some(2)),
        ];
        for (text, want) in cases {
            assert_eq!(
                unclosed_quote_line(text.as_bytes(), b','),
                *want,
                "{text:?}"
            );
        }
    }

    #[test]
    fn csv_rows_are_numbered_as_a_spreadsheet_shows_them() {
        // Line 1 header, line 2 row 2, lines 3-4 one quoted field (row 3), line 5 blank (row
        // 4, skipped), line 6 row 5.
        let (_d, p) = write(
            "a.csv",
            b"\xEF\xBB\xBFname,address\nA,x\nB,\"1 Main St\nTown\"\n\nC,y\n",
        );
        let t = read_table(&p).unwrap();
        assert_eq!(t.headers, ["name", "address"]);
        let got: Vec<(usize, &str)> = t.rows.iter().map(|r| (r.number, r.text(Some(0)))).collect();
        assert_eq!(got, [(2, "A"), (3, "B"), (5, "C")]);
        assert_eq!(t.rows[1].text(Some(1)), "1 Main St\nTown");
        assert!(t.rows.iter().all(|r| r.broken.is_none()));
    }

    #[test]
    fn a_stray_quote_that_swallows_lines_marks_the_row_broken() {
        // Line 2 opens a quote that the quote on line 4 closes: lines 2-4 become one record
        // (row 2) of three fields against a two-column header.
        let (_d, p) = write("a.csv", b"name,state\n\"A,NC\nB,NC\nC\",NC,x\nD,NC\n");
        let t = read_table(&p).unwrap();
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[0].number, 2);
        let msg = t.rows[0].broken.as_deref().unwrap();
        assert!(
            msg.starts_with("lines 2-4 read as one row of 3 fields"),
            "{msg}"
        );
        // D is on line 5, and on row 3 as a spreadsheet reads the file.
        assert_eq!((t.rows[1].number, t.rows[1].broken.is_none()), (3, true));
    }

    #[test]
    fn semicolon_and_tab_files_are_read() {
        let (_d, p) = write("a.csv", b"name;state\nA;NC\n");
        let t = read_table(&p).unwrap();
        assert_eq!((t.headers.len(), t.rows[0].text(Some(1))), (2, "NC"));
        let (_d, p) = write("a.tsv", b"name\tstate\nA\tNC\n");
        assert_eq!(read_table(&p).unwrap().rows[0].text(Some(1)), "NC");
        // Windows line ends, a blank line: rows 2 and 4.
        let (_d, p) = write("a.csv", b"name,state\r\nA,NC\r\n\r\nB,NC\r\n");
        let rows: Vec<usize> = read_table(&p)
            .unwrap()
            .rows
            .iter()
            .map(|r| r.number)
            .collect();
        assert_eq!(rows, [2, 4]);
    }

    #[test]
    fn unreadable_files_say_what_is_wrong() {
        let (_d, p) = write("a.csv", b"");
        assert!(matches!(read_table(&p), Err(ImportError::Empty { .. })));
        let (_d, p) = write("a.csv", b"name\nCaf\xE9\n");
        let e = read_table(&p).unwrap_err();
        assert!(matches!(e, ImportError::NotUtf8 { line: 2, .. }), "{e}");
        assert!(e.to_string().ends_with(
            "a.csv line 2 is not UTF-8 text: save it as UTF-8 (in Excel: \"CSV UTF-8\") and import again"
        ));
        let (_d, p) = write("a.csv", b"name,state\nA,NC\n\"B,NC\n");
        let e = read_table(&p).unwrap_err().to_string();
        assert!(e.ends_with("a.csv line 3: the quote that opens here is never closed; fix the quoting and import again"), "{e}");
        let (_d, p) = write("a.xlsx", b"name,state\nA,NC\n");
        let e = read_table(&p).unwrap_err().to_string();
        assert!(e.ends_with("a.xlsx is not an .xlsx workbook (not a zip archive): save it from the spreadsheet as .xlsx or CSV and import that"), "{e}");
        let (_d, p) = write("a.xlsx", &CFB_MAGIC);
        assert!(matches!(
            read_table(&p),
            Err(ImportError::OldOrEncryptedWorkbook { .. })
        ));
        // A zip header and nothing after it: no table of contents.
        let (_d, p) = write("a.xlsx", b"PK\x03\x04garbage");
        let e = read_table(&p).unwrap_err().to_string();
        assert!(e.contains("(a damaged zip archive"), "{e}");
    }

    /// Builds a zip archive by hand: each entry's bytes are stored as given, with `method` 0
    /// (stored) or 8 (deflate) and the sizes declared in both headers.
    pub(crate) fn zip(entries: &[(&str, u16, &[u8], u32)]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut central = Vec::new();
        for &(name, method, data, unpacked) in entries {
            let offset = out.len() as u32;
            let header = |sig: &[u8], central: bool| {
                let mut h = Vec::new();
                h.extend_from_slice(sig);
                if central {
                    h.extend_from_slice(&20u16.to_le_bytes()); // made by
                }
                h.extend_from_slice(&20u16.to_le_bytes()); // needed
                h.extend_from_slice(&0u16.to_le_bytes()); // flags
                h.extend_from_slice(&method.to_le_bytes());
                h.extend_from_slice(&0u32.to_le_bytes()); // time, date
                h.extend_from_slice(&0u32.to_le_bytes()); // crc (never reached)
                h.extend_from_slice(&(data.len() as u32).to_le_bytes());
                h.extend_from_slice(&unpacked.to_le_bytes());
                h.extend_from_slice(&(name.len() as u16).to_le_bytes());
                h.extend_from_slice(&0u16.to_le_bytes()); // extra
                if central {
                    h.extend_from_slice(&0u16.to_le_bytes()); // comment
                    h.extend_from_slice(&0u16.to_le_bytes()); // disk
                    h.extend_from_slice(&0u16.to_le_bytes()); // internal attrs
                    h.extend_from_slice(&0u32.to_le_bytes()); // external attrs
                    h.extend_from_slice(&offset.to_le_bytes());
                }
                h.extend_from_slice(name.as_bytes());
                h
            };
            out.extend(header(b"PK\x03\x04", false));
            out.extend_from_slice(data);
            central.extend(header(b"PK\x01\x02", true));
        }
        let cd_offset = out.len() as u32;
        out.extend_from_slice(&central);
        out.extend_from_slice(b"PK\x05\x06");
        out.extend_from_slice(&0u32.to_le_bytes()); // disks
        out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
        out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
        out.extend_from_slice(&(central.len() as u32).to_le_bytes());
        out.extend_from_slice(&cd_offset.to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes());
        out
    }

    /// A raw deflate stream that unpacks to `n` zero bytes (n = 1 + 258 k): one fixed-Huffman
    /// block holding the literal 0 and then k copies of "258 bytes from distance 1", 13 bits
    /// each, so 250 MB of zeros take under 2 MB.
    pub(crate) fn deflate_zeros(copies: usize) -> Vec<u8> {
        let mut out = Vec::new();
        let (mut acc, mut nbits) = (0u64, 0u32);
        let mut put = |value: u64, bits: u32, out: &mut Vec<u8>| {
            acc |= value << nbits;
            nbits += bits;
            while nbits >= 8 {
                out.push(acc as u8);
                acc >>= 8;
                nbits -= 8;
            }
        };
        // Huffman codes go most significant bit first, so they are reversed into the stream.
        let code = |c: u64, bits: u32| c.reverse_bits() >> (64 - bits);
        put(1, 1, &mut out); // final block
        put(1, 2, &mut out); // fixed Huffman codes
        put(code(0x30, 8), 8, &mut out); // literal 0: codes 0-143 are 0x30 + literal, 8 bits
        for _ in 0..copies {
            put(code(0xC5, 8), 8, &mut out); // length 258 = code 285: 0xC0 + (285 - 280)
            put(0, 5, &mut out); // distance code 0 = distance 1
        }
        put(0, 7, &mut out); // end of block = code 256: 7 zero bits
        put(0, 7, &mut out); // flush
        out
    }

    #[test]
    fn a_zip_bomb_is_refused_before_anything_is_unpacked() {
        // 1 + 258 * 1_000_000 = 258,000,001 bytes of zeros from a 1.6 MB stream, declared
        // honestly: over the 200 MB limit.
        let copies = 1_000_000;
        let stream = deflate_zeros(copies);
        assert!(stream.len() < 2_000_000);
        let bytes = zip(&[("xl/sharedStrings.xml", 8, &stream, 1 + 258 * copies as u32)]);
        let (_d, p) = write("bomb.xlsx", &bytes);
        let e = read_table(&p).unwrap_err();
        assert!(
            matches!(
                e,
                ImportError::TooLarge {
                    unpacked: 258_000_001,
                    ..
                }
            ),
            "{e}"
        );
        assert!(
            e.to_string()
                .ends_with("bomb.xlsx would unpack to 258 MB, more than the 200 MB docket reads (a damaged file or a zip bomb): export the sheet as CSV and import that"),
            "{e}"
        );
    }

    #[test]
    fn a_zip_bomb_that_understates_its_size_stops_at_the_declared_size() {
        // The same stream declared as 100 bytes: it passes the directory check, and the zip
        // reader stops it as soon as it unpacks more than it declared.
        let stream = deflate_zeros(1_000_000);
        let bytes = zip(&[("_rels/.rels", 8, &stream, 100)]);
        let (_d, p) = write("liar.xlsx", &bytes);
        let e = read_table(&p).unwrap_err();
        assert!(matches!(e, ImportError::Workbook { .. }), "{e}");
    }

    #[test]
    fn declared_sizes_are_summed_over_every_entry() {
        // Two stored entries of 3 and 4 bytes declared as 3 and 4: 7.
        let bytes = zip(&[("a", 0, b"abc", 3), ("b", 0, b"defg", 4)]);
        assert_eq!(declared_unpacked_size(&bytes), Some(7));
        assert_eq!(declared_unpacked_size(&bytes[..bytes.len() - 3]), None);
    }
}
