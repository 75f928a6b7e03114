//! The helpers templates call: `long_date`, `upper`, `plural`, `dollars`, `default`,
//! `is_positive`, and `wrap`, which reflows a paragraph to the letter's width (a source line
//! that starts "(1)" or "1." is a list item with a hanging indent).

use super::*;

pub(super) fn new_registry() -> Handlebars<'static> {
    let mut h = Handlebars::new();
    h.set_strict_mode(true);
    h.register_escape_fn(handlebars::no_escape);
    h.register_helper("long_date", Box::new(long_date));
    h.register_helper("upper", Box::new(upper));
    h.register_helper("plural", Box::new(plural));
    h.register_helper("dollars", Box::new(dollars));
    h.register_helper("default", Box::new(DefaultHelper));
    h.register_helper("is_positive", Box::new(IsPositive));
    h.register_helper("wrap", Box::new(Wrap));
    h
}

/// The value of a helper's `i`th argument; an absent one is a missing variable that names
/// itself, as it would be outside a helper.
pub(super) fn arg<'a>(h: &'a Helper<'_>, i: usize) -> Result<&'a Value, RenderError> {
    match h.param(i) {
        None => Err(RenderErrorReason::Other(format!(
            "helper '{}' needs {} argument(s)",
            h.name(),
            i + 1
        ))
        .into()),
        Some(p) if p.is_value_missing() => {
            Err(RenderErrorReason::MissingVariable(p.relative_path().cloned()).into())
        }
        Some(p) => Ok(p.value()),
    }
}

pub(super) fn text_of(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

pub(super) fn write(out: &mut dyn Output, s: &str) -> HelperResult {
    out.write(s)
        .map_err(|e| RenderErrorReason::Other(e.to_string()).into())
}

/// `{{long_date "2026-11-20"}}` is "November 20, 2026". Text that is not shaped like a date
/// ("spring 2025", from a --set) is printed as given; a malformed ISO date is an error.
pub(super) fn long_date(
    h: &Helper<'_>,
    _: &Handlebars<'_>,
    _: &Context,
    _: &mut RenderContext<'_, '_>,
    out: &mut dyn Output,
) -> HelperResult {
    let text = text_of(arg(h, 0)?);
    write(
        out,
        &format_long_date(&text).map_err(RenderErrorReason::Other)?,
    )
}

pub(super) fn format_long_date(text: &str) -> Result<String, String> {
    let t = text.trim();
    let head = t.get(..10).unwrap_or(t);
    let looks_iso = head.len() == 10
        && head.char_indices().all(|(i, c)| {
            if i == 4 || i == 7 {
                c == '-'
            } else {
                c.is_ascii_digit()
            }
        });
    if !looks_iso {
        return Ok(t.to_string());
    }
    NaiveDate::parse_from_str(head, "%Y-%m-%d")
        .map(|d| d.format("%B %-d, %Y").to_string())
        .map_err(|_| format!("'{t}' is not a real date (give dates as YYYY-MM-DD)"))
}

pub(super) fn upper(
    h: &Helper<'_>,
    _: &Handlebars<'_>,
    _: &Context,
    _: &mut RenderContext<'_, '_>,
    out: &mut dyn Output,
) -> HelperResult {
    write(out, &text_of(arg(h, 0)?).to_uppercase())
}

/// `{{plural n "business day"}}` is "1 business day" or "3 business days"; a third argument
/// gives an irregular plural.
pub(super) fn plural(
    h: &Helper<'_>,
    _: &Handlebars<'_>,
    _: &Context,
    _: &mut RenderContext<'_, '_>,
    out: &mut dyn Output,
) -> HelperResult {
    let n = text_of(arg(h, 0)?);
    let one = text_of(arg(h, 1)?);
    let many = match h.param(2) {
        Some(p) => text_of(p.value()),
        None => format!("{one}s"),
    };
    let word = if n.trim() == "1" || n.trim() == "-1" {
        one
    } else {
        many
    };
    write(out, &format!("{} {word}", n.trim()))
}

/// `{{dollars "50"}}` is "$50": accepts 50, "$50", "1,000", "25.00".
pub(super) fn dollars(
    h: &Helper<'_>,
    _: &Handlebars<'_>,
    _: &Context,
    _: &mut RenderContext<'_, '_>,
    out: &mut dyn Output,
) -> HelperResult {
    let given = text_of(arg(h, 0)?);
    let amount = format_dollars(&given).map_err(RenderErrorReason::Other)?;
    write(out, &amount)
}

pub(super) fn format_dollars(given: &str) -> Result<String, String> {
    let t = given.trim();
    let t = t.strip_prefix('$').unwrap_or(t).trim();
    let digits = t.replace(',', "");
    let ok = !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
        && digits.matches('.').count() <= 1
        && !digits.starts_with('.')
        && !digits.ends_with('.');
    if ok {
        Ok(format!("${t}"))
    } else {
        Err(format!(
            "'{given}' is not an amount of dollars: give it like 50 or 25.00"
        ))
    }
}

/// `{{default x "fallback"}}`: `x` unless it is absent or empty. Usable as a subexpression.
pub(super) struct DefaultHelper;

impl HelperDef for DefaultHelper {
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
    ) -> Result<ScopedJson<'rc>, RenderError> {
        let first = h
            .param(0)
            .filter(|p| !p.is_value_missing())
            .map(|p| p.value());
        let value = match first {
            Some(v) if !v.is_null() && v.as_str() != Some("") => v.clone(),
            _ => arg(h, 1)?.clone(),
        };
        Ok(ScopedJson::Derived(value))
    }
}

/// `(is_positive x)`: true when `x` is a number (or numeric text) above zero; false when
/// absent. Lets a template test "days late" without failing on a missing value.
pub(super) struct IsPositive;

impl HelperDef for IsPositive {
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
    ) -> Result<ScopedJson<'rc>, RenderError> {
        let n = h
            .param(0)
            .filter(|p| !p.is_value_missing())
            .and_then(|p| match p.value() {
                Value::Number(n) => n.as_f64(),
                Value::String(s) => s.trim().parse::<f64>().ok(),
                _ => None,
            });
        Ok(ScopedJson::Derived(Value::Bool(n.is_some_and(|n| n > 0.0))))
    }
}

/// `{{#wrap}}...{{/wrap}}` refills each paragraph of its content to 76 columns (`width=N` to
/// change), so templates can be written with short lines and values of any length still
/// read well. List items (`1. `, `a. `, `- `) get a hanging indent; `hang=N` gives one to
/// other paragraphs (a long "Re:" line).
pub(super) struct Wrap;

impl HelperDef for Wrap {
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        r: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        rc: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        wrap(h, r, ctx, rc, out)
    }
}

/// The deepest nesting of blocks (`{{#if}}`...) and subexpressions (`(...)` inside a tag) a
/// template may have; a letter needs a handful, and thousands overflow the renderer's stack.
pub(super) const MAX_NESTING: usize = 64;

/// Where a template nests deeper than [`MAX_NESTING`], if it does: the line and a message.
pub(super) fn too_deep(text: &str) -> Option<(usize, String)> {
    let bytes = text.as_bytes();
    let (mut blocks, mut parens, mut line) = (0usize, 0usize, 1usize);
    let mut in_tag = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'\n' {
            line += 1;
        }
        if !in_tag && bytes[i..].starts_with(b"{{") {
            in_tag = true;
            match bytes.get(i + 2) {
                Some(b'#') => blocks += 1,
                Some(b'/') => blocks = blocks.saturating_sub(1),
                _ => {}
            }
            i += 2;
            continue;
        }
        if in_tag {
            match b {
                b'(' => parens += 1,
                b')' => parens = parens.saturating_sub(1),
                b'}' if bytes[i..].starts_with(b"}}") => {
                    in_tag = false;
                    parens = 0;
                    i += 2;
                    continue;
                }
                _ => {}
            }
        }
        if blocks + parens > MAX_NESTING {
            return Some((
                line,
                format!(
                    "blocks and subexpressions are nested more than {MAX_NESTING} deep; a letter needs far fewer"
                ),
            ));
        }
        i += 1;
    }
    None
}

pub(super) fn wrap<'reg: 'rc, 'rc>(
    h: &Helper<'rc>,
    r: &'reg Handlebars<'reg>,
    ctx: &'rc Context,
    rc: &mut RenderContext<'reg, 'rc>,
    out: &mut dyn Output,
) -> HelperResult {
    let number = |key: &str| h.hash_get(key).and_then(|v| v.value().as_u64());
    // A letter is a page: anything wider, or a deeper indent, is a mistake in the template
    // (and hang=999999999999 would ask for that many spaces per line).
    let width = number("width").map_or(WRAP_WIDTH as u64, |w| w);
    let hang = number("hang").unwrap_or(0);
    if !(20..=200).contains(&width) || hang > 40 {
        return Err(RenderErrorReason::Other(format!(
            "wrap takes width=20..200 and hang=0..40, not width={width} hang={hang}: fix the template"
        ))
        .into());
    }
    let (width, hang) = (width as usize, hang as usize);
    let mut buf = StringOutput::new();
    if let Some(t) = h.template() {
        t.render(r, ctx, rc, &mut buf)?;
    }
    let text = buf
        .into_string()
        .map_err(|e| RenderErrorReason::Other(e.to_string()))?;
    write(out, &reflow(&text, width, hang))
}

/// Refills paragraphs (runs of non-blank lines) to `width`, indenting the continuation lines
/// of a paragraph that is not a list item by `hang` columns; see [`Wrap`].
pub(super) fn reflow(text: &str, width: usize, hang: usize) -> String {
    let mut items: Vec<Vec<&str>> = Vec::new();
    let mut paragraphs: Vec<Vec<Vec<&str>>> = Vec::new();
    for line in text.lines() {
        if line.trim().is_empty() {
            if !items.is_empty() {
                paragraphs.push(std::mem::take(&mut items));
            }
        } else if items.is_empty() || list_marker(line).is_some() {
            items.push(vec![line]);
        } else if let Some(last) = items.last_mut() {
            last.push(line);
        }
    }
    if !items.is_empty() {
        paragraphs.push(items);
    }
    let mut out = String::new();
    for (i, paragraph) in paragraphs.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        for item in paragraph {
            fill(item, width, hang, &mut out);
        }
    }
    out
}

/// The list marker that opens `line` ("1.", "a)", "(ii)", "-"), if any.
pub(super) fn list_marker(line: &str) -> Option<&str> {
    let t = line.trim_start();
    let word = t.split_whitespace().next()?;
    if t.len() == word.len() {
        return None;
    }
    let is_marker = match word {
        "-" | "*" | "•" => true,
        _ => {
            let inner = word
                .strip_prefix('(')
                .and_then(|w| w.strip_suffix(')'))
                .or_else(|| word.strip_suffix('.'))
                .or_else(|| word.strip_suffix(')'));
            inner.is_some_and(|s| {
                !s.is_empty()
                    && (s.chars().all(|c| c.is_ascii_digit())
                        || (s.len() <= 4 && s.chars().all(|c| c.is_ascii_lowercase())))
            })
        }
    };
    is_marker.then_some(word)
}

pub(super) fn fill(lines: &[&str], width: usize, hang: usize, out: &mut String) {
    let first = lines.first().copied().unwrap_or("");
    let indent = first.len() - first.trim_start().len();
    let (lead, hang) = match list_marker(first) {
        Some(marker) => (
            format!("{}{marker} ", &first[..indent]),
            " ".repeat(indent + marker.chars().count() + 1),
        ),
        None => (first[..indent].to_string(), " ".repeat(indent + hang)),
    };
    let mut words = lines.iter().flat_map(|l| l.split_whitespace());
    if list_marker(first).is_some() {
        words.next();
    }
    let mut line = lead.clone();
    let mut line_len = line.chars().count();
    let mut empty = true;
    for word in words {
        let w = word.chars().count();
        if !empty && line_len + 1 + w > width {
            out.push_str(&line);
            out.push('\n');
            line = hang.clone();
            line_len = line.chars().count();
            empty = true;
        }
        if !empty {
            line.push(' ');
            line_len += 1;
        }
        line.push_str(word);
        line_len += w;
        empty = false;
    }
    out.push_str(&line);
    out.push('\n');
}
