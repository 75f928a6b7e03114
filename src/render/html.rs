//! The HTML export: one self-contained status page a newsroom can publish, mail or print, with
//! the summary counts, the statistics table and the request table.
//!
//! The page has inline CSS and nothing else: no script, no font or stylesheet from elsewhere,
//! so it opens the same from a laptop, a phone or an archive years later. Every value that comes
//! from the database passes through [`escape`]; agency names and titles are typed by people and
//! may hold anything. Meaning never rests on colour alone: flagged rows carry a text marker and
//! a solid or dashed bar, so a black-and-white printout reads the same.

use std::fmt::Write as _;

use super::export::ReportRow;
use crate::render::stats::{STATS_HEADERS, StatsRow, stats_table};

/// Escapes text for HTML element content and quoted attribute values: `& < > " '`. Control
/// characters and Unicode noncharacters, which HTML forbids, become a space or U+FFFD so the
/// page stays well-formed whatever an agency pasted into a reply.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' => out.push(c),
            '\r' => out.push('\n'),
            c if c.is_control() => out.push(' '),
            c if is_noncharacter(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

fn is_noncharacter(c: char) -> bool {
    let n = u32::from(c);
    (0xFDD0..=0xFDEF).contains(&n) || (n & 0xFFFE) == 0xFFFE
}

/// Escaped text whose line breaks survive as `<br>` (a title pasted from a letter may have them).
fn escape_lines(s: &str) -> String {
    escape(&s.replace("\r\n", "\n")).replace('\n', "<br>")
}

/// `$1,250.50`; negative as `-$5.00`; empty for a non-finite amount.
fn money(x: f64) -> String {
    if !x.is_finite() {
        return String::new();
    }
    let cents = (x * 100.0).round() as i64;
    let sign = if cents < 0 { "-" } else { "" };
    let cents = cents.unsigned_abs();
    let dollars = (cents / 100).to_string();
    let mut grouped = String::new();
    for (i, ch) in dollars.chars().enumerate() {
        if i > 0 && (dollars.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    format!("{sign}${grouped}.{:02}", cents % 100)
}

/// The row class and the printed marker of a flag. Classes come from this fixed list only,
/// never from the data. Overdue flags are red with a solid bar; flags asking us to act soon are
/// yellow with a dashed bar; a reply to read is blue with a dotted bar.
fn flag_style(flag: &str) -> Option<(&'static str, &'static str)> {
    match flag {
        "overdue" => Some(("flag-overdue", "Overdue")),
        "ack-overdue" => Some(("flag-overdue", "Ack overdue")),
        "follow-up" => Some(("flag-follow-up", "Follow up")),
        "appeal-deadline" => Some(("flag-follow-up", "Appeal deadline")),
        "needs-review" => Some(("flag-review", "Needs review")),
        "waiting-on-us" => Some(("flag-review", "Waiting on us")),
        _ => None,
    }
}

const CSS: &str = r#"
:root {
  color-scheme: light;
  --ink: #1b1b1b; --muted: #565656; --line: #cfcfcf; --head: #f1f1f1;
  --red: #a1141b; --red-bg: #fde3e1;
  --yellow: #6b4e00; --yellow-bg: #fff2bf;
  --blue: #1d4b85; --blue-bg: #e2ecf8;
}
* { box-sizing: border-box; }
body {
  margin: 0 auto; max-width: 90rem; padding: 1rem 1.25rem 2rem;
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: var(--ink); background: #fff;
}
h1 { font-size: 1.6rem; line-height: 1.2; margin: 0 0 .25rem; }
h2 { font-size: 1.15rem; margin: 1.75rem 0 .6rem; padding-bottom: .2rem; border-bottom: 2px solid var(--ink); }
.generated, .notes { color: var(--muted); margin: .25rem 0; }
.notes { font-size: .85rem; }
.summary { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: .5rem; }
.summary li { border: 1px solid var(--line); border-radius: 6px; padding: .35rem .8rem; min-width: 7.5rem; }
.summary .count { display: block; font-size: 1.5rem; font-weight: 700; font-variant-numeric: tabular-nums; }
.summary li.flag-overdue { background: var(--red-bg); border: 2px solid var(--red); }
.summary li.flag-follow-up { background: var(--yellow-bg); border: 2px dashed var(--yellow); }
.summary li.flag-review { background: var(--blue-bg); border: 2px dotted var(--blue); }
.table-wrap { overflow-x: auto; border: 1px solid var(--line); border-radius: 4px; }
.table-wrap:focus-visible { outline: 3px solid var(--blue); outline-offset: 2px; }
table { border-collapse: collapse; width: 100%; font-size: .88rem; }
caption { caption-side: top; text-align: left; font-weight: 600; padding: .5rem .6rem; }
th, td { padding: .35rem .5rem; border-top: 1px solid var(--line); text-align: left; vertical-align: top; }
thead th { background: var(--head); border-top: 0; border-bottom: 2px solid var(--ink); font-size: .92em; line-height: 1.25; }
tbody th { font-weight: 600; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
thead th.num { white-space: normal; }
.stats tbody th { white-space: nowrap; }
.nowrap { white-space: nowrap; }
/* Room for what is read first; the longest cell (often the next action) must not take it all. */
.requests tbody th[scope=row] { min-width: 10rem; }
.requests td.req { min-width: 14rem; }
.requests td.due { min-width: 9rem; }
.requests td.next { min-width: 12rem; }
.sub { display: block; color: var(--muted); font-size: .88em; font-weight: 400; }
.marker { font-weight: 700; font-size: .85em; letter-spacing: .04em; text-transform: uppercase; white-space: nowrap; }
tbody tr { background: #fff; }
.requests tr > :first-child { border-left: 5px solid transparent; }
tr.flag-overdue { background: var(--red-bg); }
tr.flag-overdue > :first-child { border-left: 5px solid var(--red); }
tr.flag-overdue .marker { color: var(--red); }
tr.flag-follow-up { background: var(--yellow-bg); }
tr.flag-follow-up > :first-child { border-left: 5px dashed var(--yellow); }
tr.flag-follow-up .marker { color: var(--yellow); }
tr.flag-review { background: var(--blue-bg); }
tr.flag-review > :first-child { border-left: 5px dotted var(--blue); }
tr.flag-review .marker { color: var(--blue); }
.stats tr.total > * { font-weight: 700; border-top: 2px solid var(--ink); }
.empty { color: var(--muted); font-style: italic; }
@media (max-width: 40rem) {
  body { padding: .6rem .6rem 1.5rem; font-size: 14px; }
  h1 { font-size: 1.3rem; }
  th, td { padding: .3rem .35rem; }
  .summary li { min-width: 6rem; flex: 1 1 6rem; }
  /* Keep columns readable and scroll sideways, with the agency or group pinned at the left. */
  .requests { min-width: 60rem; }
  .requests tbody th[scope=row] { min-width: 9rem; }
  .requests td.req { min-width: 12rem; }
  .stats { min-width: 44rem; }
  tbody th[scope=row] { position: sticky; left: 0; z-index: 1; background: inherit; box-shadow: 1px 0 0 var(--line); }
}
@page { size: landscape; margin: 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 9pt; color: #000; }
  h2 { break-after: avoid; page-break-after: avoid; }
  .generated, .notes, .sub { color: #333; }
  .table-wrap { overflow: visible; border: 0; }
  table { font-size: 8pt; }
  thead { display: table-header-group; }
  /* The same proportions at print size (em: the 8pt of the table). */
  .requests tbody th[scope=row] { min-width: 8em; }
  .requests td.req { min-width: 12em; }
  .requests td.due, .requests td.next { min-width: 10em; }
  /* Keep a table's caption and header with its first row: no header alone at a page's foot. */
  caption, thead { break-after: avoid; page-break-after: avoid; }
  tbody tr:first-child { break-before: avoid; page-break-before: avoid; }
  tr, .summary li { break-inside: avoid; page-break-inside: avoid; }
  thead th, tbody tr, tr.flag-overdue, tr.flag-follow-up, tr.flag-review,
  .summary li.flag-overdue, .summary li.flag-follow-up, .summary li.flag-review { background: none; }
  .marker { color: #000 !important; }
  tr.flag-overdue > :first-child, tr.flag-follow-up > :first-child,
  tr.flag-review > :first-child, .summary li { border-color: #000; }
}
"#;

/// One self-contained HTML page: `title` as heading, `generated` (shown after "As of", e.g.
/// "2026-11-20"), the summary counts (label, count) by flag or status, the statistics
/// table and the request table, in the caller's order.
pub fn to_html(
    title: &str,
    generated: &str,
    summary: &[(String, i64)],
    stats: &[StatsRow],
    rows: &[ReportRow],
) -> String {
    let mut h = String::with_capacity(16 * 1024 + rows.len() * 1024);
    let t = escape(title);
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"docket\">\n<title>{t}</title>\n\
         <style>{CSS}</style>\n</head>\n<body>\n<header>\n<h1>{t}</h1>\n\
         <p class=\"generated\">As of {}</p>\n</header>\n<main>\n",
        escape(generated)
    );
    write_summary(&mut h, summary);
    write_stats(&mut h, stats);
    write_requests(&mut h, rows);
    h.push_str("</main>\n</body>\n</html>\n");
    h
}

fn write_summary(h: &mut String, summary: &[(String, i64)]) {
    h.push_str(
        "<section aria-labelledby=\"summary-heading\">\n<h2 id=\"summary-heading\">Summary</h2>\n",
    );
    if summary.is_empty() {
        h.push_str("<p class=\"empty\">Nothing to count.</p>\n");
    } else {
        h.push_str("<ul class=\"summary\">\n");
        for (label, count) in summary {
            let class = flag_style(label)
                .map(|(c, _)| format!(" class=\"{c}\""))
                .unwrap_or_default();
            let _ = writeln!(
                h,
                "<li{class}><span class=\"count\">{count}</span> <span class=\"label\">{}</span></li>",
                escape(label)
            );
        }
        h.push_str("</ul>\n");
    }
    h.push_str("</section>\n");
}

fn write_stats(h: &mut String, stats: &[StatsRow]) {
    h.push_str(
        "<section aria-labelledby=\"stats-heading\">\n<h2 id=\"stats-heading\">Response times</h2>\n\
         <div class=\"table-wrap\" role=\"region\" aria-labelledby=\"stats-caption\" tabindex=\"0\">\n\
         <table class=\"stats\">\n\
         <caption id=\"stats-caption\">Requests, outcomes and response times by group \
         (bd = business days)</caption>\n<thead>\n<tr>",
    );
    for (i, head) in STATS_HEADERS.iter().enumerate() {
        let class = if i == 0 { "" } else { " class=\"num\"" };
        let _ = write!(h, "<th scope=\"col\"{class}>{}</th>", escape(head));
    }
    h.push_str("</tr>\n</thead>\n<tbody>\n");
    let (_, cells) = stats_table(stats);
    if cells.is_empty() {
        let _ = writeln!(
            h,
            "<tr><td colspan=\"{}\" class=\"empty\">No statistics.</td></tr>",
            STATS_HEADERS.len()
        );
    }
    let last = stats.len().saturating_sub(1);
    for (i, (row, cells)) in stats.iter().zip(&cells).enumerate() {
        let mut classes = Vec::new();
        if i == last && row.group == "all" {
            classes.push("total");
        }
        if row.small {
            classes.push("small");
        }
        let class = if classes.is_empty() {
            String::new()
        } else {
            format!(" class=\"{}\"", classes.join(" "))
        };
        let _ = write!(h, "<tr{class}>");
        for (j, cell) in cells.iter().enumerate() {
            if j == 0 {
                let _ = write!(h, "<th scope=\"row\">{}</th>", escape(cell));
            } else {
                let _ = write!(h, "<td class=\"num\">{}</td>", escape(cell));
            }
        }
        h.push_str("</tr>\n");
    }
    h.push_str(
        "</tbody>\n</table>\n</div>\n<p class=\"notes\">Business days leave out weekends, \
         holidays and the days a request was paused (waiting on a clarification or a fee). \
         Median: the middle value, or the mean of the two middle values. P90: nine in ten \
         requests were answered within this many business days (nearest rank). On time: share \
         of requests with a legal deadline that were answered by it; n/a where none has been \
         decided. (n&lt;5): fewer than five requests, too few to generalise from.</p>\n\
         </section>\n",
    );
}

const REQUEST_HEADERS: [(&str, bool); 11] = [
    ("#", true),
    ("Agency", false),
    ("Request", false),
    ("Status", false),
    ("Filed", false),
    ("Due", false),
    ("Flag", false),
    ("Days late", true),
    ("Next action", false),
    ("Fees", true),
    ("Last event", false),
];

fn write_requests(h: &mut String, rows: &[ReportRow]) {
    let _ = write!(
        h,
        "<section aria-labelledby=\"requests-heading\">\n\
         <h2 id=\"requests-heading\">Requests</h2>\n\
         <p class=\"notes\">Rows marked <strong>OVERDUE</strong> (solid bar) are past a legal \
         deadline; <strong>FOLLOW UP</strong> (dashed bar) have passed the follow-up target or \
         have an appeal deadline coming; <strong>NEEDS REVIEW</strong> (dotted bar) have a reply \
         to read. Days late are business days, calendar days below.</p>\n\
         <div class=\"table-wrap\" role=\"region\" aria-labelledby=\"requests-caption\" tabindex=\"0\">\n\
         <table class=\"requests\">\n\
         <caption id=\"requests-caption\">{} {}</caption>\n<thead>\n<tr>",
        rows.len(),
        if rows.len() == 1 {
            "request"
        } else {
            "requests"
        }
    );
    for (head, num) in REQUEST_HEADERS {
        let class = if num { " class=\"num\"" } else { "" };
        let _ = write!(h, "<th scope=\"col\"{class}>{}</th>", escape(head));
    }
    h.push_str("</tr>\n</thead>\n<tbody>\n");
    if rows.is_empty() {
        let _ = writeln!(
            h,
            "<tr><td colspan=\"{}\" class=\"empty\">No requests.</td></tr>",
            REQUEST_HEADERS.len()
        );
    }
    for r in rows {
        write_request_row(h, r);
    }
    h.push_str("</tbody>\n</table>\n</div>\n</section>\n");
}

/// `text` plus, when there is one, a smaller second line.
fn with_sub(text: &str, sub: &[String]) -> String {
    let sub: Vec<&str> = sub
        .iter()
        .map(String::as_str)
        .filter(|s| !s.is_empty())
        .collect();
    if sub.is_empty() {
        text.to_string()
    } else {
        format!("{text}<span class=\"sub\">{}</span>", sub.join(" · "))
    }
}

/// The clock a due date belongs to, in words; an unknown clock is shown as given.
fn clock_label(clock: &str) -> String {
    match clock {
        "response" => "response".into(),
        "ack" => "acknowledgment".into(),
        "certify" => "certification".into(),
        "followup" => "follow-up target".into(),
        "appeal-window" => "last day to appeal".into(),
        "appeal-decision" => "appeal decision".into(),
        other => escape(other),
    }
}

fn date(d: Option<chrono::NaiveDate>) -> String {
    d.map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

fn write_request_row(h: &mut String, r: &ReportRow) {
    let style = r.flag.as_deref().and_then(flag_style);
    let class = style
        .map(|(c, _)| format!(" class=\"{c}\""))
        .unwrap_or_default();
    // Every condition, each with its marker; the row takes the first one's colour.
    let flag_cell = r
        .flags
        .iter()
        .map(|f| match flag_style(f) {
            Some((_, marker)) => format!("<span class=\"marker\">{marker}</span>"),
            None => escape(f),
        })
        .collect::<Vec<_>>()
        .join("<br>");

    let agency = with_sub(&escape(&r.agency_name), &[escape(&r.state)]);
    let request = with_sub(
        &escape_lines(&r.title),
        &[
            r.batch
                .as_deref()
                .map(|b| format!("batch {}", escape(b)))
                .unwrap_or_default(),
            r.tracking_number
                .as_deref()
                .map(|t| format!("tracking no. {}", escape(t)))
                .unwrap_or_default(),
        ],
    );
    let due = with_sub(
        &r.due_on
            .map(|d| format!("<span class=\"nowrap\">{}</span>", d.format("%Y-%m-%d")))
            .unwrap_or_default(),
        &[
            r.due_clock.as_deref().map(clock_label).unwrap_or_default(),
            if r.paused_business_days > 0 {
                format!(
                    "{} business {} paused",
                    r.paused_business_days,
                    if r.paused_business_days == 1 {
                        "day"
                    } else {
                        "days"
                    }
                )
            } else {
                String::new()
            },
            // The law behind a date; without a date (closed, draft) it would only be noise.
            r.due_on
                .and(r.citation.as_deref())
                .map(escape)
                .unwrap_or_default(),
        ],
    );
    let late = with_sub(
        &r.days_overdue.map(|d| d.to_string()).unwrap_or_default(),
        &[r.calendar_days_overdue
            .map(|d| format!("{d} cal."))
            .unwrap_or_default()],
    );
    let fees = match (r.fees_requested, r.fees_paid) {
        (None, None) => String::new(),
        (asked, paid) => {
            let asked = asked.map(money).unwrap_or_default();
            let paid = paid
                .map(|p| format!("{} paid", money(p)))
                .unwrap_or_default();
            with_sub(&asked, &[paid])
        }
    };
    let last = with_sub(
        &r.last_event.as_deref().map(escape).unwrap_or_default(),
        &[r.last_event_on
            .map(|d| format!("<span class=\"nowrap\">{}</span>", d.format("%Y-%m-%d")))
            .unwrap_or_default()],
    );

    let _ = writeln!(
        h,
        "<tr{class}><td class=\"num\">{}</td><th scope=\"row\">{agency}</th><td class=\"req\">{request}</td>\
         <td>{}</td><td class=\"nowrap\">{}</td><td class=\"due\">{due}</td><td>{flag_cell}</td>\
         <td class=\"num\">{late}</td><td class=\"next\">{}</td><td class=\"num\">{fees}</td><td>{last}</td></tr>",
        r.id,
        escape(&crate::render::export::status_words(r)),
        date(r.filed_on),
        r.next_action
            .as_deref()
            .map(escape_lines)
            .unwrap_or_default(),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::export::sample_rows;
    use crate::render::stats::{StatsInput, compute};
    use scraper::{Html, Selector};

    fn sel(s: &str) -> Selector {
        Selector::parse(s).expect("valid selector")
    }

    fn sample_stats() -> Vec<StatsRow> {
        let input =
            |group: &str, status: &str, first: Option<i64>, on_time: Option<bool>| StatsInput {
                group: group.into(),
                status: status.into(),
                final_answer: match status {
                    "completed" => Some("complete".into()),
                    "denied" => Some("deny".into()),
                    _ => None,
                },
                filed: status != "draft",
                first_response_bd: first,
                completion_bd: None,
                on_time,
                overdue_now: false,
                fees_requested_cents: 0,
                fees_paid_cents: 0,
            };
        compute(&[
            input("NC", "fee-requested", Some(5), None),
            input("TX", "acknowledged", Some(2), None),
            input("GA", "completed", Some(4), Some(true)),
            input("FL", "draft", None, None),
        ])
    }

    fn sample_summary() -> Vec<(String, i64)> {
        vec![
            ("overdue".into(), 1),
            ("follow-up".into(), 1),
            ("open".into(), 2),
            ("completed".into(), 1),
        ]
    }

    fn page(title: &str, rows: &[ReportRow]) -> String {
        to_html(
            title,
            "2026-11-20 14:05 UTC",
            &sample_summary(),
            &sample_stats(),
            rows,
        )
    }

    #[test]
    fn escape_cases() {
        // input -> escaped, one rule each
        let cases: &[(&str, &str)] = &[
            ("plain", "plain"),
            ("a & b", "a &amp; b"),
            ("<b>", "&lt;b&gt;"),
            ("\"q\" 'a'", "&quot;q&quot; &#39;a&#39;"),
            ("nul\0bell\u{7}", "nul bell "),
            ("non\u{FFFF}char", "non\u{FFFD}char"),
            ("§ 132-6 — ok", "§ 132-6 — ok"),
        ];
        for (input, want) in cases {
            assert_eq!(escape(input), *want, "{input:?}");
        }
    }

    #[test]
    fn money_cases() {
        for (x, want) in [
            (0.0, "$0.00"),
            (25.0, "$25.00"),
            (1250.5, "$1,250.50"),
            (1234567.891, "$1,234,567.89"),
            (-5.0, "-$5.00"),
            (f64::NAN, ""),
        ] {
            assert_eq!(money(x), want, "{x}");
        }
    }

    #[test]
    fn page_is_well_formed_html() {
        let html = page("Records requests: 287(g) sheriffs", &sample_rows());
        let doc = Html::parse_document(&html);
        assert!(doc.errors.is_empty(), "parse errors: {:?}", doc.errors);
        assert_eq!(doc.select(&sel("html[lang=en]")).count(), 1);
        assert_eq!(doc.select(&sel("meta[charset=utf-8]")).count(), 1);
        assert_eq!(doc.select(&sel("meta[name=viewport]")).count(), 1);
        // Self-contained: no scripts, no external resources.
        for bad in ["script", "link", "img", "iframe", "a[href]", "[src]"] {
            assert_eq!(doc.select(&sel(bad)).count(), 0, "{bad}");
        }
        // Both tables have a caption, column headers with scope, and one row header per row.
        let tables: Vec<_> = doc.select(&sel("table")).collect();
        assert_eq!(tables.len(), 2);
        for t in &tables {
            assert_eq!(t.select(&sel("caption")).count(), 1);
            assert!(t.select(&sel("thead th[scope=col]")).count() >= 11);
            for tr in t.select(&sel("tbody tr")) {
                assert_eq!(tr.select(&sel("th[scope=row]")).count(), 1);
            }
        }
        let request_rows: Vec<_> = doc.select(&sel("table.requests tbody tr")).collect();
        assert_eq!(request_rows.len(), 4);
        // Row 1 is overdue, row 2 a follow-up; both say so in words, not only in colour.
        assert_eq!(request_rows[0].value().attr("class"), Some("flag-overdue"));
        assert_eq!(
            request_rows[1].value().attr("class"),
            Some("flag-follow-up")
        );
        assert_eq!(request_rows[2].value().attr("class"), None);
        let marker = |i: usize| {
            request_rows[i]
                .select(&sel(".marker"))
                .map(|m| m.text().collect::<String>())
                .collect::<Vec<_>>()
        };
        assert_eq!(marker(0), ["Overdue"]);
        assert_eq!(marker(1), ["Follow up"]);
        // The stats table ends with the "all" row; small groups are marked.
        let stats_rows: Vec<_> = doc.select(&sel("table.stats tbody tr")).collect();
        assert_eq!(stats_rows.len(), 5);
        assert_eq!(stats_rows[4].value().attr("class"), Some("total small"));
        let first_group: String = stats_rows[0]
            .select(&sel("th"))
            .flat_map(|t| t.text())
            .collect();
        assert_eq!(first_group, "FL (n<5)");
        // Summary counts.
        let counts: Vec<String> = doc
            .select(&sel(".summary li"))
            .map(|li| li.text().collect())
            .collect();
        assert_eq!(counts[0], "1 overdue");
        // The print stylesheet is there, with repeating headers and unbroken rows.
        assert!(html.contains("@media print"));
        assert!(html.contains("thead { display: table-header-group; }"));
        assert!(html.contains("break-inside: avoid"));
    }

    #[test]
    fn hostile_text_is_escaped_never_markup() {
        let evil = "<script>alert(1)</script> & \"quotes\" 'single' <img src=x onerror=alert(2)>";
        let mut rows = sample_rows();
        rows[0].title = evil.into();
        rows[0].agency_name = evil.into();
        rows[1].flag = Some("<b>odd flag</b>".into());
        rows[1].flags = vec!["<b>odd flag</b>".into()];
        rows[2].next_action = Some(evil.into());
        let summary = vec![(evil.to_string(), 3)];
        let mut stats = sample_stats();
        stats[0].group = evil.into();
        let html = to_html(evil, evil, &summary, &stats, &rows);
        let doc = Html::parse_document(&html);
        assert!(doc.errors.is_empty(), "parse errors: {:?}", doc.errors);
        assert_eq!(doc.select(&sel("script")).count(), 0);
        assert_eq!(doc.select(&sel("img")).count(), 0);
        assert_eq!(doc.select(&sel("b")).count(), 0);
        assert!(!html.contains("<script>"));
        assert!(html.contains(
            "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot; &#39;single&#39;"
        ));
        // The text reads back exactly as it was given.
        let text_of = |s: &str| -> String {
            doc.select(&sel(s))
                .next()
                .map(|e| e.text().collect())
                .unwrap_or_default()
        };
        assert_eq!(text_of("title"), evil);
        assert_eq!(text_of("h1"), evil);
        assert_eq!(text_of(".generated"), format!("As of {evil}"));
        assert_eq!(text_of(".summary .label"), evil);
        assert_eq!(text_of("table.stats tbody th"), format!("{evil} (n<5)"));
        let first_title: String = doc
            .select(&sel("table.requests tbody tr td"))
            .nth(1)
            .map(|td| td.text().collect())
            .unwrap_or_default();
        assert!(first_title.starts_with(evil), "{first_title}");
        // An unknown flag gets no class and shows as text.
        let second = doc
            .select(&sel("table.requests tbody tr"))
            .nth(1)
            .expect("row");
        assert_eq!(second.value().attr("class"), None);
        assert!(second.text().any(|t| t == "<b>odd flag</b>"));
    }

    #[test]
    fn empty_page_is_still_well_formed() {
        let html = to_html("Nothing yet", "now", &[], &[], &[]);
        let doc = Html::parse_document(&html);
        assert!(doc.errors.is_empty(), "parse errors: {:?}", doc.errors);
        assert!(html.contains("No requests."));
        assert!(html.contains("No statistics."));
        assert!(html.contains("Nothing to count."));
        assert!(html.contains("<caption id=\"requests-caption\">0 requests</caption>"));
    }

    #[test]
    fn html_snapshot() {
        // No module prefix in the file name, so the snapshot survives a rename of the crate.
        insta::with_settings!({ prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!(
                "export_html_sample",
                page("287(g) records requests: status", &sample_rows())
            );
        });
    }
}
