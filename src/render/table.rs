//! Listings: one set of rows printed as a terminal table, CSV, JSON or Markdown.
//!
//! Terminal tables fit the terminal's width (titles are shortened, dates never broken), colour
//! overdue rows red and follow-up rows yellow, and fall back to plain aligned text without
//! colour or box drawing when the output is not a terminal.

use std::borrow::Cow;

use comfy_table::{
    Attribute, Cell, Color, ColumnConstraint, ContentArrangement, Table, Width, presets,
};
use serde_json::{Map, Value};

/// How a listing is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// An aligned table for the terminal
    #[default]
    Table,
    /// RFC 4180 CSV with a header row, for spreadsheets
    Csv,
    /// An array of objects with stable snake_case keys and ISO dates
    Json,
    /// A pipe table to paste into a newsletter or an issue
    Markdown,
}

/// How a column's values are shown in a terminal table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Free text that may be shortened to fit.
    Text,
    /// Never shortened nor wrapped (dates, ids, numbers, codes).
    Fixed,
}

/// One column: its JSON key, its header, and whether terminal tables show it.
#[derive(Debug, Clone)]
pub struct Column {
    pub key: &'static str,
    pub header: &'static str,
    pub kind: Kind,
    pub in_table: bool,
}

impl Column {
    pub const fn fixed(key: &'static str, header: &'static str) -> Column {
        Column {
            key,
            header,
            kind: Kind::Fixed,
            in_table: true,
        }
    }
    pub const fn text(key: &'static str, header: &'static str) -> Column {
        Column {
            key,
            header,
            kind: Kind::Text,
            in_table: true,
        }
    }
    /// A column present in CSV, JSON and Markdown but left out of terminal tables.
    pub const fn hidden(key: &'static str, header: &'static str) -> Column {
        Column {
            key,
            header,
            kind: Kind::Fixed,
            in_table: false,
        }
    }
}

/// How terminal output looks.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    /// Colours and box drawing (a terminal without NO_COLOR, or --color always).
    pub color: bool,
    /// Whether standard output is a terminal (width fitting; box drawing when `color` too).
    pub tty: bool,
    /// The terminal's width in columns, when known.
    pub width: Option<u16>,
}

impl Style {
    pub fn plain() -> Style {
        Style {
            color: false,
            tty: false,
            width: None,
        }
    }
}

/// Rows with a flag each (for colouring) and an optional footer.
#[derive(Debug, Clone)]
pub struct Listing {
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Value>>,
    pub flags: Vec<Option<String>>,
    pub footer: Option<String>,
}

impl Listing {
    pub fn new(columns: Vec<Column>) -> Listing {
        Listing {
            columns,
            rows: Vec::new(),
            flags: Vec::new(),
            footer: None,
        }
    }

    pub fn push(&mut self, row: Vec<Value>, flag: Option<String>) {
        debug_assert_eq!(row.len(), self.columns.len());
        self.rows.push(row);
        self.flags.push(flag);
    }

    /// The rows as JSON objects keyed by column.
    pub fn objects(&self) -> Vec<Map<String, Value>> {
        self.rows
            .iter()
            .map(|row| {
                self.columns
                    .iter()
                    .zip(row)
                    .map(|(c, v)| (c.key.to_string(), v.clone()))
                    .collect()
            })
            .collect()
    }

    /// The rows as text cells ("" for null).
    pub fn cells(&self, only_table: bool) -> (Vec<&'static str>, Vec<Vec<String>>) {
        let keep: Vec<usize> = (0..self.columns.len())
            .filter(|&i| !only_table || self.columns[i].in_table)
            .collect();
        let headers = keep.iter().map(|&i| self.columns[i].header).collect();
        let rows = self
            .rows
            .iter()
            .map(|r| keep.iter().map(|&i| cell_text(&r[i])).collect())
            .collect();
        (headers, rows)
    }

    /// The listing in `format`, ending with a newline.
    pub fn render(&self, format: Format, style: &Style) -> String {
        match format {
            Format::Json => {
                let mut s = serde_json::to_string_pretty(&self.objects()).unwrap_or_default();
                s.push('\n');
                s
            }
            Format::Csv => {
                let headers: Vec<&str> = self.columns.iter().map(|c| c.key).collect();
                let (_, rows) = self.cells(false);
                crate::render::export::csv_table(&headers, &rows)
            }
            Format::Markdown => {
                let (headers, rows) = self.cells(true);
                crate::render::export::markdown_table(&headers, &rows)
            }
            Format::Table => self.table(style),
        }
    }

    fn table(&self, style: &Style) -> String {
        // Without a terminal the table is plain aligned text: drawn directly from the values,
        // with the bytes comfy-table gives, at a fraction of its time and memory on long
        // listings.
        let width = self.columns.len();
        if !style.tty
            && !style.color
            && !self.rows.is_empty()
            && self.rows.iter().all(|r| r.len() == width)
        {
            let keep: Vec<usize> = (0..width).filter(|&i| self.columns[i].in_table).collect();
            let headers: Vec<&str> = keep.iter().map(|&i| self.columns[i].header).collect();
            let kinds: Vec<Kind> = keep.iter().map(|&i| self.columns[i].kind).collect();
            let cell = |r: usize, c: usize| cell_str(&self.rows[r][keep[c]]);
            if let Some(mut out) = plain_table(&headers, self.rows.len(), &kinds, cell) {
                out.push('\n');
                if let Some(f) = &self.footer {
                    out.push_str(f);
                    out.push('\n');
                }
                return out;
            }
        }
        let (headers, mut rows) = self.cells(true);
        // The colours are docket's; nothing in a cell may add its own (see render::printable).
        for row in &mut rows {
            for cell in row.iter_mut() {
                if cell.chars().any(char::is_control) {
                    *cell = crate::render::printable::visible(cell);
                }
            }
        }
        let kinds: Vec<Kind> = self
            .columns
            .iter()
            .filter(|c| c.in_table)
            .map(|c| c.kind)
            .collect();
        if let Some(width) = style.width.filter(|_| style.tty) {
            shorten_text_columns(&headers, &mut rows, &kinds, width as usize);
        }
        let mut t = Table::new();
        if style.tty {
            // NO_COLOR and --color never ask for plain text: no box drawing either.
            if style.color {
                t.load_style(presets::UTF8_FULL_CONDENSED.with_rounded_corners());
            } else {
                t.load_style(presets::NOTHING);
            }
            t.set_content_arrangement(ContentArrangement::Dynamic);
            if let Some(w) = style.width {
                t.set_width(w);
            }
        } else {
            t.load_style(presets::NOTHING);
            t.set_content_arrangement(ContentArrangement::Disabled);
        }
        if style.color {
            t.enforce_styling();
        } else {
            t.force_no_tty();
        }
        t.set_header(headers.iter().map(|h| {
            let c = Cell::new(h);
            if style.color {
                c.add_attribute(Attribute::Bold)
            } else {
                c
            }
        }));
        for (row, flag) in rows.into_iter().zip(&self.flags) {
            let color = if style.color {
                flag_color(flag.as_deref())
            } else {
                None
            };
            t.add_row(row.into_iter().map(|v| {
                let c = Cell::new(v);
                match color {
                    Some(col) => c.fg(col),
                    None => c,
                }
            }));
        }
        for (i, k) in kinds.iter().enumerate() {
            if *k == Kind::Fixed
                && let Some(col) = t.column_mut(i)
            {
                col.set_constraint(ColumnConstraint::ContentWidth);
            } else if let Some(col) = t.column_mut(i) {
                // The bound counts the padding: 8 characters of text (what
                // shorten_text_columns leaves at least) plus a space either side, so a
                // shortened title is never wrapped onto a second line.
                col.set_constraint(ColumnConstraint::LowerBoundary(Width::Fixed(
                    TEXT_MIN_WIDTH,
                )));
            }
        }
        let mut out = String::new();
        if !self.rows.is_empty() {
            out = t
                .lines()
                .map(|l| l.trim_end().to_string())
                .collect::<Vec<_>>()
                .join("\n");
            out.push('\n');
        }
        if let Some(f) = &self.footer {
            out.push_str(f);
            out.push('\n');
        }
        out
    }
}

/// One cell of a listing row, lent by the row's own data: what a JSON value cell would show,
/// without building the value (a listing of tens of thousands of rows would allocate each).
#[derive(Debug, Clone, Copy)]
pub enum CellRef<'a> {
    /// Empty in text, `null` in JSON.
    Null,
    Text(&'a str),
    Int(i64),
    /// `YYYY-MM-DD`, as [`date_value`] shows it.
    Date(chrono::NaiveDate),
    /// Words shown as one cell ("overdue, needs-review"); a JSON array of strings.
    Words(&'a [&'a str]),
    /// Any JSON value, shown as [`cell_text`] shows it.
    Value(&'a Value),
}

impl<'a> CellRef<'a> {
    /// Text, or null.
    pub fn text(s: Option<&'a str>) -> CellRef<'a> {
        s.map_or(CellRef::Null, CellRef::Text)
    }

    /// A number, or null.
    pub fn int(n: Option<i64>) -> CellRef<'a> {
        n.map_or(CellRef::Null, CellRef::Int)
    }

    /// A date, or null.
    pub fn date(d: Option<chrono::NaiveDate>) -> CellRef<'a> {
        d.map_or(CellRef::Null, CellRef::Date)
    }

    /// Appends the cell's text: what [`cell_text`] gives for its JSON value.
    pub fn push_text(&self, out: &mut String) {
        match *self {
            CellRef::Null => {}
            CellRef::Text(s) => out.push_str(s),
            CellRef::Int(n) => crate::render::push_int(out, n),
            CellRef::Date(d) => {
                if !crate::render::push_iso_date(out, d) {
                    out.push_str(&cell_text(&date_value(Some(d))));
                }
            }
            CellRef::Words(words) => {
                for (i, w) in words.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    out.push_str(w);
                }
            }
            CellRef::Value(Value::String(s)) => out.push_str(s),
            CellRef::Value(v) => out.push_str(&cell_text(v)),
        }
    }

    /// The cell as a JSON value.
    pub fn to_value(&self) -> Value {
        match *self {
            CellRef::Null => Value::Null,
            CellRef::Text(s) => Value::from(s),
            CellRef::Int(n) => Value::from(n),
            CellRef::Date(d) => date_value(Some(d)),
            CellRef::Words(words) => Value::from(words),
            CellRef::Value(v) => v.clone(),
        }
    }
}

/// Rows of text kept for the end of a listing, all in one buffer with where each cell ends: a
/// table needs every row for its column widths and a reordered listing every row for its
/// order, and tens of thousands of rows kept as values would cost allocations per cell.
#[derive(Debug, Default)]
struct TextRows {
    text: String,
    ends: Vec<usize>,
    /// Cells per row.
    width: usize,
}

impl TextRows {
    fn new(width: usize) -> TextRows {
        TextRows {
            width: width.max(1),
            ..TextRows::default()
        }
    }

    fn len(&self) -> usize {
        self.ends.len() / self.width
    }

    /// Ends the cell whose text was appended to `text` since the last one.
    fn end_cell(&mut self) {
        self.ends.push(self.text.len());
    }

    fn cell(&self, row: usize, column: usize) -> &str {
        let i = row * self.width + column;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.text[start..self.ends[i]]
    }
}

/// A listing written as its rows come. CSV and JSON need no column widths, so each row is
/// written at once and nothing is kept (the bytes are those of [`Listing::render`]); a table
/// or Markdown needs every row first, so those rows are kept, as text, and drawn by
/// [`finish`]. A listing made with [`ListingWriter::reordered`] keeps its rows in every
/// format, to write them in the order [`finish_in_order`] is given.
///
/// [`finish`]: ListingWriter::finish
/// [`finish_in_order`]: ListingWriter::finish_in_order
pub struct ListingWriter<'w> {
    /// The columns written: every one for CSV and JSON, the shown ones for a table or Markdown.
    columns: Vec<Column>,
    /// Which of the columns given are written.
    shown: Vec<bool>,
    format: Format,
    out: &'w mut dyn std::io::Write,
    csv: Option<crate::render::export::CsvRecords>,
    /// For a reordered CSV, its header row, written first at the end.
    csv_header: Vec<u8>,
    /// One CSV record of a reordered listing, on its way to `kept`.
    csv_bytes: Vec<u8>,
    written: usize,
    reorder: bool,
    /// The rows kept: the shown cells of a table or Markdown row; one cell with the whole CSV
    /// record or JSON element of a reordered row.
    kept: TextRows,
    /// The flag of each kept table row, as 1 + its place in `flag_counts` (0: none).
    row_flags: Vec<u32>,
    /// Whether each kept table row's cells are all printable ASCII (see [`draw_plain_table`]).
    row_ascii: Vec<bool>,
    /// Each distinct flag of the rows so far (as one text, "overdue, needs-review"), with how
    /// many rows carry it.
    flag_counts: Vec<(String, usize)>,
    /// One row's cells, while it is written as CSV.
    row: TextRows,
    flag_text: String,
}

impl<'w> ListingWriter<'w> {
    pub fn new(
        columns: Vec<Column>,
        format: Format,
        out: &'w mut dyn std::io::Write,
    ) -> ListingWriter<'w> {
        let csv = (format == Format::Csv).then(|| {
            let headers: Vec<&str> = columns.iter().map(|c| c.key).collect();
            crate::render::export::CsvRecords::new(&headers)
        });
        let buffered = matches!(format, Format::Table | Format::Markdown);
        let shown: Vec<bool> = columns.iter().map(|c| !buffered || c.in_table).collect();
        let columns: Vec<Column> = columns
            .into_iter()
            .filter(|c| !buffered || c.in_table)
            .collect();
        let width = if buffered { columns.len() } else { 1 };
        ListingWriter {
            row: TextRows::new(columns.len()),
            columns,
            shown,
            format,
            out,
            csv,
            csv_header: Vec::new(),
            csv_bytes: Vec::new(),
            written: 0,
            reorder: false,
            kept: TextRows::new(width),
            row_flags: Vec::new(),
            row_ascii: Vec::new(),
            flag_counts: Vec::new(),
            flag_text: String::new(),
        }
    }

    /// A listing whose rows are all kept, whatever the format, and written at the end in the
    /// order given to [`ListingWriter::finish_in_order`].
    pub fn reordered(
        columns: Vec<Column>,
        format: Format,
        out: &'w mut dyn std::io::Write,
    ) -> ListingWriter<'w> {
        let mut l = ListingWriter::new(columns, format, out);
        l.reorder = true;
        if let Some(csv) = &mut l.csv {
            csv.write_to(&mut l.csv_header)
                .expect("writing to memory cannot fail");
        }
        l
    }

    /// Adds a row (written now for CSV and JSON, unless reordered), flagged with the text of
    /// its conditions ("overdue, needs-review") for a table's colour and footer.
    pub fn push(&mut self, row: Vec<Value>, flag: Option<String>) -> std::io::Result<()> {
        let cells: Vec<CellRef> = row.iter().map(CellRef::Value).collect();
        self.push_row(&cells, flag.as_deref())
    }

    /// Adds a row of cells, flagged with its conditions' words (none: no flag).
    pub fn push_cells(&mut self, cells: &[CellRef], flags: &[&str]) -> std::io::Result<()> {
        if flags.is_empty() {
            return self.push_row(cells, None);
        }
        let mut text = std::mem::take(&mut self.flag_text);
        text.clear();
        for (i, f) in flags.iter().enumerate() {
            if i > 0 {
                text.push_str(", ");
            }
            text.push_str(f);
        }
        let result = self.push_row(cells, Some(&text));
        self.flag_text = text;
        result
    }

    fn push_row(&mut self, cells: &[CellRef], flag: Option<&str>) -> std::io::Result<()> {
        debug_assert_eq!(cells.len(), self.shown.len());
        match self.format {
            Format::Csv => {
                let row = &mut self.row;
                row.text.clear();
                row.ends.clear();
                for cell in cells {
                    cell.push_text(&mut row.text);
                    row.end_cell();
                }
                let csv = self.csv.as_mut().expect("a CSV writer for CSV");
                csv.table_row_texts((0..row.ends.len()).map(|c| row.cell(0, c)));
                if self.reorder {
                    let bytes = &mut self.csv_bytes;
                    bytes.clear();
                    csv.write_to(bytes)?;
                    // Cells of text with the writer's ASCII quotes and separators: text.
                    let record = std::str::from_utf8(bytes).map_err(std::io::Error::other)?;
                    self.kept.text.push_str(record);
                    self.kept.end_cell();
                } else {
                    csv.write_some(self.out)?;
                }
            }
            Format::Json => {
                let object: Map<String, Value> = self
                    .columns
                    .iter()
                    .zip(cells)
                    .map(|(c, v)| (c.key.to_string(), v.to_value()))
                    .collect();
                if self.reorder {
                    crate::render::export::push_json_element(&mut self.kept.text, &object)
                        .map_err(std::io::Error::other)?;
                    self.kept.end_cell();
                } else {
                    crate::render::export::json_array_item(self.out, self.written, &object)?;
                }
            }
            Format::Table | Format::Markdown => {
                let start = self.kept.text.len();
                for (cell, _) in cells.iter().zip(&self.shown).filter(|(_, keep)| **keep) {
                    cell.push_text(&mut self.kept.text);
                    self.kept.end_cell();
                }
                if self.format == Format::Table {
                    let ascii = is_printable_ascii(&self.kept.text[start..]);
                    self.row_ascii.push(ascii);
                }
            }
        }
        let index = match flag {
            None => 0,
            Some(f) => match self.flag_counts.iter().position(|(t, _)| t == f) {
                Some(i) => {
                    self.flag_counts[i].1 += 1;
                    i + 1
                }
                None => {
                    self.flag_counts.push((f.to_string(), 1));
                    self.flag_counts.len()
                }
            },
        };
        if self.format == Format::Table {
            self.row_flags.push(index as u32);
        }
        self.written += 1;
        Ok(())
    }

    /// How many rows were added.
    pub fn rows(&self) -> usize {
        self.written
    }

    /// Each distinct flag of the rows so far, with how many rows carry it.
    pub fn flag_counts(&self) -> impl Iterator<Item = (&str, usize)> {
        self.flag_counts.iter().map(|(f, n)| (f.as_str(), *n))
    }

    /// Writes what remains: the header of an empty CSV, the end of the JSON array, or the
    /// whole table with `footer`.
    pub fn finish(self, footer: Option<String>, style: &Style) -> std::io::Result<()> {
        let order: Vec<usize> = if self.reorder {
            (0..self.written).collect()
        } else {
            Vec::new()
        };
        self.finish_in_order(&order, footer, style)
    }

    /// [`ListingWriter::finish`], the rows kept written in `order` (their places, from 0, in
    /// the order they were added; for a listing that keeps them: every place once).
    pub fn finish_in_order(
        self,
        order: &[usize],
        footer: Option<String>,
        style: &Style,
    ) -> std::io::Result<()> {
        let place = |k: usize| if order.is_empty() { k } else { order[k] };
        match self.format {
            Format::Csv => {
                self.out.write_all(&self.csv_header)?;
                for k in 0..self.kept.len() {
                    self.out.write_all(self.kept.cell(place(k), 0).as_bytes())?;
                }
                let mut csv = self.csv.expect("a CSV writer for CSV");
                csv.write_to(self.out)
            }
            Format::Json => {
                for k in 0..self.kept.len() {
                    self.out
                        .write_all(crate::render::export::json_separator(k))?;
                    self.out.write_all(self.kept.cell(place(k), 0).as_bytes())?;
                }
                crate::render::export::json_array_end(self.out, self.written)
            }
            Format::Table | Format::Markdown => {
                let rows = self.kept.len();
                let headers: Vec<&str> = self.columns.iter().map(|c| c.header).collect();
                if self.format == Format::Table && rows > 0 && !style.tty && !style.color {
                    let kinds: Vec<Kind> = self.columns.iter().map(|c| c.kind).collect();
                    let kept = &self.kept;
                    let kept_ascii = &self.row_ascii;
                    let cell = |r: usize, c: usize| Cow::Borrowed(kept.cell(place(r), c));
                    let out = &mut *self.out;
                    let ascii = |r: usize| kept_ascii[place(r)];
                    let drawn =
                        draw_plain_table(&headers, rows, &kinds, cell, &ascii, &mut |chunk| {
                            out.write_all(chunk.as_bytes())
                        })?;
                    if drawn {
                        self.out.write_all(b"\n")?;
                        if let Some(f) = &footer {
                            self.out.write_all(f.as_bytes())?;
                            self.out.write_all(b"\n")?;
                        }
                        return Ok(());
                    }
                }
                // Markdown, and tables for a terminal: drawn from values, as any listing.
                let mut listing = Listing::new(self.columns.clone());
                for k in 0..rows {
                    let r = place(k);
                    let row = (0..self.kept.width)
                        .map(|c| Value::from(self.kept.cell(r, c)))
                        .collect();
                    let flag = match self.row_flags.get(r) {
                        Some(&i) if i > 0 => Some(self.flag_counts[i as usize - 1].0.clone()),
                        _ => None,
                    };
                    listing.push(row, flag);
                }
                listing.footer = footer;
                self.out
                    .write_all(listing.render(self.format, style).as_bytes())
            }
        }
    }
}

/// The narrowest a text column is drawn, padding included (see `table`).
const TEXT_MIN_WIDTH: u16 = 10;

/// The table comfy-table draws with no borders, no colour and no width limit (what `table`
/// builds when the output is not a terminal), lines trimmed at the end and joined with
/// newlines: every cell padded by a space either side to its column's width, a fixed column as
/// wide as its widest line, a text column at least [`TEXT_MIN_WIDTH`] wide with its padding, a
/// cell of several lines making its row as tall. None when a column is too wide
/// for comfy-table's widths (u16), to let comfy-table draw it.
fn plain_table<'a>(
    headers: &[&str],
    rows: usize,
    kinds: &[Kind],
    cell: impl Fn(usize, usize) -> Cow<'a, str>,
) -> Option<String> {
    let mut out = String::new();
    let drawn = draw_plain_table(headers, rows, kinds, cell, &|_| false, &mut |chunk| {
        out.push_str(chunk);
        Ok(())
    })
    .expect("drawing into a String cannot fail");
    drawn.then_some(out)
}

/// [`plain_table`] handed to `emit` a piece at a time as it is drawn (a long table is never
/// held whole); false, with nothing emitted, where `plain_table` gives None.
///
/// `ascii(r)` may say that every cell of row `r` is printable ASCII (so one line, as wide as it
/// is long), which spares looking at each cell's characters; false leaves them to be looked at.
fn draw_plain_table<'a>(
    headers: &[&str],
    rows: usize,
    kinds: &[Kind],
    cell: impl Fn(usize, usize) -> Cow<'a, str>,
    ascii: &dyn Fn(usize) -> bool,
    emit: &mut dyn FnMut(&str) -> std::io::Result<()>,
) -> std::io::Result<bool> {
    /// How much of the table is drawn before it is handed on.
    const PIECE: usize = 64 * 1024;
    let n = headers.len();
    let mut widths = vec![1usize; n];
    let measure = |width: &mut usize, text: &str| {
        if is_printable_ascii(text) {
            *width = (*width).max(text.len());
            return;
        }
        for line in text.split('\n') {
            *width = (*width).max(line_width(line));
        }
    };
    for (i, h) in headers.iter().enumerate() {
        measure(&mut widths[i], h);
    }
    for r in 0..rows {
        let known = ascii(r);
        for (i, width) in widths.iter_mut().enumerate() {
            let text = cell(r, i);
            if known {
                *width = (*width).max(text.len());
            } else {
                measure(width, &text);
            }
        }
    }
    if widths.iter().any(|w| *w >= usize::from(u16::MAX) - 2) {
        return Ok(false);
    }
    let min = usize::from(TEXT_MIN_WIDTH);
    for (w, kind) in widths.iter_mut().zip(kinds) {
        if *kind == Kind::Text && *w + 2 <= min {
            *w = min.saturating_sub(2).max(1);
        }
    }
    let line_length = widths.iter().sum::<usize>() + 2 * n;
    let mut out = String::with_capacity(PIECE.min((rows + 1) * line_length) + line_length);
    let mut texts: Vec<Cow<'a, str>> = Vec::with_capacity(n);
    for r in 0..=rows {
        if r > 0 && ascii(r - 1) {
            // A row of printable ASCII: one line, each cell as wide as it is long.
            out.push('\n');
            let start = out.len();
            for (i, width) in widths.iter().enumerate() {
                let text = cell(r - 1, i);
                out.push(' ');
                out.push_str(&text);
                if i + 1 < n {
                    push_spaces(&mut out, width.saturating_sub(text.len()) + 1);
                }
            }
            let kept = out[start..].trim_end().len();
            out.truncate(start + kept);
            if out.len() >= PIECE {
                emit(&out)?;
                out.clear();
            }
            continue;
        }
        texts.clear();
        if r == 0 {
            texts.extend(headers.iter().map(|h| Cow::Owned(h.to_string())));
        } else {
            texts.extend((0..n).map(|i| cell(r - 1, i)));
        }
        let height = if texts.iter().any(|t| t.contains('\n')) {
            texts
                .iter()
                .map(|t| t.split('\n').count())
                .max()
                .unwrap_or(1)
        } else {
            1
        };
        for k in 0..height {
            if r > 0 || k > 0 {
                out.push('\n');
            }
            // The line is drawn in place and its end trimmed there: the last column's padding
            // would be trimmed, so it is not drawn.
            let start = out.len();
            for (i, text) in texts.iter().enumerate() {
                let part = if height == 1 {
                    Some(text.as_ref())
                } else {
                    text.split('\n').nth(k)
                };
                let last = i + 1 == n;
                match part {
                    Some(part) => {
                        out.push(' ');
                        out.push_str(part);
                        if !last {
                            let pad = widths[i].saturating_sub(line_width(part)) + 1;
                            push_spaces(&mut out, pad);
                        }
                    }
                    None if !last => push_spaces(&mut out, widths[i] + 2),
                    None => {}
                }
            }
            let kept = out[start..].trim_end().len();
            out.truncate(start + kept);
        }
        if out.len() >= PIECE {
            emit(&out)?;
            out.clear();
        }
    }
    if !out.is_empty() {
        emit(&out)?;
    }
    Ok(true)
}

fn push_spaces(line: &mut String, n: usize) {
    const SPACES: &str = "                                                                ";
    let mut left = n;
    while left > 0 {
        let k = left.min(SPACES.len());
        line.push_str(&SPACES[..k]);
        left -= k;
    }
}

/// A date as a cell: the JSON `json!` makes of it (chrono's `YYYY-MM-DD`), written without
/// chrono's formatter, which listings would otherwise run twice a row.
pub fn date_value(d: Option<chrono::NaiveDate>) -> Value {
    use chrono::Datelike;
    let Some(d) = d else { return Value::Null };
    let year = d.year();
    if !(0..=9999).contains(&year) {
        return serde_json::json!(d);
    }
    let mut s = String::with_capacity(10);
    let digits = |s: &mut String, n: u32, width: u32| {
        for k in (0..width).rev() {
            s.push(char::from(b'0' + (n / 10u32.pow(k) % 10) as u8));
        }
    };
    digits(&mut s, year as u32, 4);
    s.push('-');
    digits(&mut s, d.month(), 2);
    s.push('-');
    digits(&mut s, d.day(), 2);
    Value::String(s)
}

/// A cell as [`cell_text`] shows it, borrowed where it can be.
fn cell_str(v: &Value) -> Cow<'_, str> {
    match v {
        Value::String(s) => Cow::Borrowed(s),
        other => Cow::Owned(cell_text(other)),
    }
}

fn is_printable_ascii(s: &str) -> bool {
    // Looked at in blocks without stopping early inside one, which the compiler turns into
    // vector instructions: tables look at every cell.
    s.as_bytes().chunks(32).all(|block| {
        block
            .iter()
            .fold(true, |plain, &b| plain & (0x20..0x7f).contains(&b))
    })
}

/// A line's width as comfy-table measures it: its length when it is printable ASCII, else
/// comfy-table's own measure (of the line after one ASCII letter, so that an empty-looking line
/// is told from the minimum of 1 that comfy-table reports).
fn line_width(line: &str) -> usize {
    if is_printable_ascii(line) {
        return line.len();
    }
    let mut t = Table::new();
    t.add_row(vec![format!("x{line}")]);
    usize::from(t.column_max_content_widths()[0]).saturating_sub(1)
}

/// The colour of a row with this flag.
fn flag_color(flag: Option<&str>) -> Option<Color> {
    // A row with several conditions ("overdue, needs-review") takes its first one's colour.
    match flag?.split(", ").next()? {
        "overdue" | "ack-overdue" => Some(Color::Red),
        "follow-up" | "appeal-deadline" => Some(Color::Yellow),
        "needs-review" => Some(Color::Cyan),
        _ => None,
    }
}

/// A cell as text: strings as they are, null as empty, numbers and booleans printed.
pub fn cell_text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Bool(b) => if *b { "yes" } else { "no" }.to_string(),
        // A list of words (a request's flags) reads as one cell: "overdue, needs-review".
        Value::Array(items) => items.iter().map(cell_text).collect::<Vec<_>>().join(", "),
        other => other.to_string(),
    }
}

/// Shortens the text columns (titles, names) with an ellipsis so the table fits `width`;
/// fixed columns (dates, ids) keep their full text.
fn shorten_text_columns(headers: &[&str], rows: &mut [Vec<String>], kinds: &[Kind], width: usize) {
    let n = headers.len();
    let natural: Vec<usize> = (0..n)
        .map(|i| {
            rows.iter()
                .map(|r| r[i].chars().count())
                .chain(std::iter::once(headers[i].chars().count()))
                .max()
                .unwrap_or(0)
        })
        .collect();
    // Borders and padding: one bar per column plus one, and a space either side of each cell.
    let chrome = 3 * n + 1;
    let total: usize = natural.iter().sum::<usize>() + chrome;
    if total <= width {
        return;
    }
    let fixed: usize = (0..n)
        .filter(|&i| kinds[i] == Kind::Fixed)
        .map(|i| natural[i])
        .sum();
    let texts: Vec<usize> = (0..n).filter(|&i| kinds[i] == Kind::Text).collect();
    if texts.is_empty() {
        return;
    }
    let room = width.saturating_sub(fixed + chrome).max(8 * texts.len());
    // Share the room: narrow columns keep their width, the widest give way.
    let mut limits: Vec<usize> = texts.iter().map(|&i| natural[i]).collect();
    while limits.iter().sum::<usize>() > room {
        let (widest, _) = limits
            .iter()
            .enumerate()
            .max_by_key(|(_, w)| **w)
            .unwrap_or((0, &0));
        if limits[widest] <= 8 {
            break;
        }
        limits[widest] -= 1;
    }
    for (j, &i) in texts.iter().enumerate() {
        for r in rows.iter_mut() {
            r[i] = ellipsize(&r[i], limits[j]);
        }
    }
}

/// `s` cut to `max` characters, ending in "…" when cut.
pub fn ellipsize(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortening_keeps_dates_whole() {
        let headers = ["ID", "TITLE", "DUE"];
        let mut rows = vec![vec![
            "1".to_string(),
            "A very long title that will not fit in a narrow terminal at all".to_string(),
            "2026-12-01".to_string(),
        ]];
        shorten_text_columns(
            &headers,
            &mut rows,
            &[Kind::Fixed, Kind::Text, Kind::Fixed],
            40,
        );
        assert_eq!(rows[0][2], "2026-12-01");
        assert!(rows[0][1].ends_with('…'));
        let line = 3 * 3 + 1 + 1 + rows[0][1].chars().count() + 10;
        assert!(line <= 40, "{line}");
    }

    /// The table comfy-table draws without a terminal, as `Listing::table` built it before
    /// `plain_table` (the reference the fast path must match byte for byte).
    fn comfy_plain(headers: &[&str], rows: &[Vec<String>], kinds: &[Kind]) -> String {
        let mut t = Table::new();
        t.load_style(presets::NOTHING);
        t.set_content_arrangement(ContentArrangement::Disabled);
        t.force_no_tty();
        t.set_header(headers.iter().map(Cell::new));
        for row in rows {
            t.add_row(row.iter().map(Cell::new));
        }
        for (i, k) in kinds.iter().enumerate() {
            let col = t.column_mut(i).unwrap();
            if *k == Kind::Fixed {
                col.set_constraint(ColumnConstraint::ContentWidth);
            } else {
                col.set_constraint(ColumnConstraint::LowerBoundary(Width::Fixed(
                    TEXT_MIN_WIDTH,
                )));
            }
        }
        t.lines()
            .map(|l| l.trim_end().to_string())
            .collect::<Vec<_>>()
            .join("\n")
    }

    proptest::proptest! {
        #[test]
        fn plain_tables_are_drawn_as_comfy_table_draws_them(
            rows in proptest::collection::vec(
                proptest::collection::vec(
                    proptest::prop_oneof![
                        "[ -~]{0,14}",
                        "[a-z ]{0,6}\n[a-z]{0,4}",
                        "[a-zé’…漢字\u{301}\u{200d}\u{fe0f}🙂 \t]{0,6}",
                    ],
                    3,
                ),
                1..6,
            ),
            kinds in proptest::collection::vec(proptest::prop_oneof![proptest::strategy::Just(Kind::Fixed), proptest::strategy::Just(Kind::Text)], 3),
        ) {
            let headers = ["ID", "A TITLE", "X"];
            let cell = |r: usize, c: usize| Cow::Borrowed(rows[r][c].as_str());
            proptest::prop_assert_eq!(
                plain_table(&headers, rows.len(), &kinds, cell).unwrap(),
                comfy_plain(&headers, &rows, &kinds)
            );
        }
    }

    proptest::proptest! {
        /// Rows said to be printable ASCII are drawn as when each cell is looked at.
        #[test]
        fn rows_known_to_be_ascii_are_drawn_as_rows_looked_at(
            rows in proptest::collection::vec(
                proptest::collection::vec(
                    proptest::prop_oneof![
                        "[ -~]{0,14}",
                        "[ -~]{0,3}",
                        "[a-z ]{0,6}\n[a-z]{0,4}",
                        "[a-zé漢 \t]{0,6}",
                    ],
                    3,
                ),
                1..8,
            ),
            kinds in proptest::collection::vec(proptest::prop_oneof![proptest::strategy::Just(Kind::Fixed), proptest::strategy::Just(Kind::Text)], 3),
        ) {
            let headers = ["ID", "A TITLE", "X"];
            let cell = |r: usize, c: usize| Cow::Borrowed(rows[r][c].as_str());
            let ascii = |r: usize| rows[r].iter().all(|c| is_printable_ascii(c));
            let mut drawn = String::new();
            let whole = draw_plain_table(&headers, rows.len(), &kinds, cell, &ascii, &mut |piece| {
                drawn.push_str(piece);
                Ok(())
            })
            .unwrap();
            proptest::prop_assert!(whole);
            proptest::prop_assert_eq!(drawn, plain_table(&headers, rows.len(), &kinds, cell).unwrap());
        }
    }

    #[test]
    fn printable_ascii_is_told_apart_in_any_block() {
        let text = "A plain line of a listing, 2026-11-02, ~ and space.".repeat(3);
        assert!(is_printable_ascii(&text));
        assert!(is_printable_ascii(""));
        for at in [0, 31, 32, 33, text.len() - 1] {
            for odd in ["\n", "\t", "\x7f", "\x1b", "é"] {
                let mut t = text.clone();
                t.replace_range(at..at + 1, odd);
                assert!(!is_printable_ascii(&t), "{odd:?} at {at}");
            }
        }
    }

    #[test]
    fn a_written_listing_has_the_bytes_of_a_rendered_one() {
        use serde_json::json;
        let columns = || {
            vec![
                Column::fixed("id", "ID"),
                Column::text("title", "TITLE"),
                Column::hidden("n", "N"),
            ]
        };
        let rows = [
            (
                vec![json!(1), json!("=SUM(A1)"), json!(-3)],
                Some("overdue".to_string()),
            ),
            (
                vec![json!(2), json!("a, \"quoted\"\nline"), json!(null)],
                None,
            ),
            (vec![json!(3), json!("plain"), json!(true)], None),
        ];
        for format in [Format::Csv, Format::Json, Format::Table, Format::Markdown] {
            for n in [0, 1, 3] {
                let mut l = Listing::new(columns());
                let mut bytes = Vec::new();
                let mut w = ListingWriter::new(columns(), format, &mut bytes);
                for (row, flag) in rows.iter().take(n) {
                    l.push(row.clone(), flag.clone());
                    w.push(row.clone(), flag.clone()).unwrap();
                }
                l.footer = Some("footer".to_string());
                w.finish(Some("footer".to_string()), &Style::plain())
                    .unwrap();
                assert_eq!(
                    String::from_utf8(bytes).unwrap(),
                    l.render(format, &Style::plain()),
                    "{format:?} with {n} rows"
                );
            }
        }
    }

    /// Rows of typed cells with what listings meet: control characters, several lines,
    /// non-ASCII and wide text, formulas, empty and null cells, negative and large numbers,
    /// dates out of chrono's four-digit years, lists of words; each with its flags.
    fn cell_rows() -> Vec<(Vec<CellRef<'static>>, &'static [&'static str])> {
        use chrono::NaiveDate;
        static YES: Value = Value::Bool(true);
        static NO: Value = Value::Bool(false);
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        let words: [&'static [&'static str]; 4] = [
            &[],
            &["overdue"],
            &["overdue", "needs-review"],
            &["follow-up"],
        ];
        let texts = [
            "Jail logs",
            "esc \x1b[2J bell\x07 cr\rx",
            "two\nlines",
            "Überprüfung — 漢字 ñ 🙂",
            "=HYPERLINK(\"x\")",
            "",
            "-5",
            "tab\tbed, \"quoted\"",
            "c1 \u{9b} csi",
        ];
        let dates = [
            Some(d(2026, 11, 2)),
            None,
            Some(d(-44, 3, 15)),
            Some(d(10_000, 1, 1)),
        ];
        let ints = [Some(0), Some(-3), None, Some(i64::MAX), Some(i64::MIN)];
        (0..24usize)
            .map(|i| {
                let cells = vec![
                    CellRef::Int(i as i64 * 7 - 20),
                    CellRef::Text(texts[i % texts.len()]),
                    CellRef::text((i % 3 != 0).then_some(texts[(i * 5) % texts.len()])),
                    CellRef::date(dates[i % dates.len()]),
                    CellRef::int(ints[i % ints.len()]),
                    CellRef::Words(words[i % words.len()]),
                    CellRef::Value(if i % 2 == 0 { &YES } else { &NO }),
                ];
                (cells, words[(i * 3) % words.len()])
            })
            .collect()
    }

    fn cell_columns() -> Vec<Column> {
        vec![
            Column::fixed("id", "ID"),
            Column::text("title", "TITLE"),
            Column::hidden("note", "NOTE"),
            Column::fixed("due_on", "DUE"),
            Column::fixed("late", "LATE"),
            Column::fixed("flags", "FLAGS"),
            Column::hidden("yes", "YES"),
        ]
    }

    /// Cells written as they come (or kept and written in another order) give the bytes of the
    /// same rows as JSON values in a [`Listing`], in every format and style.
    #[test]
    fn typed_cells_are_written_as_their_values_render() {
        let rows = cell_rows();
        let styles = [
            Style::plain(),
            Style {
                color: true,
                tty: false,
                width: None,
            },
            Style {
                color: false,
                tty: true,
                width: Some(60),
            },
            Style {
                color: true,
                tty: true,
                width: Some(200),
            },
        ];
        for format in [Format::Csv, Format::Json, Format::Table, Format::Markdown] {
            for style in &styles {
                for n in [0, 1, 5, rows.len()] {
                    // Odd places first, each half from the end.
                    let mut order: Vec<usize> = (0..n).collect();
                    order.sort_by_key(|&i| (i % 2 == 0, std::cmp::Reverse(i)));
                    for reordered in [false, true] {
                        let mut bytes = Vec::new();
                        let mut w = if reordered {
                            ListingWriter::reordered(cell_columns(), format, &mut bytes)
                        } else {
                            ListingWriter::new(cell_columns(), format, &mut bytes)
                        };
                        for (cells, flags) in rows.iter().take(n) {
                            w.push_cells(cells, flags).unwrap();
                        }
                        let footer = Some("footer".to_string());
                        let taken = if reordered {
                            w.finish_in_order(&order, footer.clone(), style).unwrap();
                            order.clone()
                        } else {
                            w.finish(footer.clone(), style).unwrap();
                            (0..n).collect()
                        };
                        let mut l = Listing::new(cell_columns());
                        for i in taken {
                            let (cells, flags) = &rows[i];
                            let flag = (!flags.is_empty()).then(|| flags.join(", "));
                            l.push(cells.iter().map(CellRef::to_value).collect(), flag);
                        }
                        l.footer = footer;
                        assert_eq!(
                            String::from_utf8(bytes).unwrap(),
                            l.render(format, style),
                            "{format:?}, {style:?}, {n} rows, reordered: {reordered}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn typed_cells_show_the_text_and_json_of_their_values() {
        use chrono::NaiveDate;
        let d = NaiveDate::from_ymd_opt(2026, 3, 9).unwrap();
        let far = NaiveDate::from_ymd_opt(10_000, 1, 1).unwrap();
        let words = ["overdue", "needs-review"];
        let cases = [
            (CellRef::Null, Value::Null),
            (CellRef::Text("a\nb"), Value::from("a\nb")),
            (CellRef::Int(-42), serde_json::json!(-42)),
            (CellRef::Date(d), serde_json::json!(d)),
            (CellRef::Date(far), serde_json::json!(far)),
            (CellRef::Words(&words), serde_json::json!(words)),
            (CellRef::Words(&[]), serde_json::json!([])),
        ];
        for (cell, value) in cases {
            assert_eq!(cell.to_value(), value);
            let mut text = String::new();
            cell.push_text(&mut text);
            assert_eq!(text, cell_text(&value), "{cell:?}");
        }
    }

    #[test]
    fn dates_are_the_json_of_chrono() {
        use chrono::{Datelike, NaiveDate};
        assert_eq!(date_value(None), Value::Null);
        let mut d = NaiveDate::from_ymd_opt(-3, 12, 25).unwrap();
        while d < NaiveDate::from_ymd_opt(10_003, 1, 10).unwrap() {
            assert_eq!(date_value(Some(d)), serde_json::json!(d), "{d}");
            let step = if d.year() < 5 || d.year() > 9995 {
                1
            } else {
                97
            };
            d = d + chrono::Days::new(step);
        }
    }

    #[test]
    fn plain_tables_have_no_box_drawing() {
        let mut l = Listing::new(vec![
            Column::fixed("id", "ID"),
            Column::text("title", "TITLE"),
        ]);
        l.push(
            vec![Value::from(1), Value::from("Jail logs")],
            Some("overdue".into()),
        );
        let s = l.render(Format::Table, &Style::plain());
        assert!(!s.contains('│') && !s.contains('\u{1b}'), "{s}");
        assert!(s.contains("Jail logs"));
    }
}
