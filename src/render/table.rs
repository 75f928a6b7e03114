//! Listings: one set of rows printed as a terminal table, CSV, JSON or Markdown.
//!
//! Terminal tables fit the terminal's width (titles are shortened, dates never broken), colour
//! overdue rows red and follow-up rows yellow, and fall back to plain aligned text without
//! colour or box drawing when the output is not a terminal.

use comfy_table::{
    Attribute, Cell, Color, ColumnConstraint, ContentArrangement, Table, Width, presets,
};
use serde_json::{Map, Value};

use crate::cli::Format;

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
    /// Whether standard output is a terminal (box drawing, width fitting).
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
        let (headers, mut rows) = self.cells(true);
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
            t.load_style(presets::UTF8_FULL_CONDENSED.with_rounded_corners());
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
                col.set_constraint(ColumnConstraint::LowerBoundary(Width::Fixed(8)));
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

/// The colour of a row with this flag.
fn flag_color(flag: Option<&str>) -> Option<Color> {
    match flag? {
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
