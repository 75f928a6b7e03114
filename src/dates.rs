//! Reading dates and amounts as users type them.

use chrono::{Datelike, NaiveDate};

/// Parses `YYYY-MM-DD`, saying what is wrong otherwise.
pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    let t = s.trim();
    // Exactly four, two and two digits: chrono alone also takes signs and blanks inside
    // ("2024- 4-02", "+024-04-02").
    let shaped = t.len() == 10
        && t.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    let d = NaiveDate::parse_from_str(t, "%Y-%m-%d")
        .ok()
        .filter(|_| shaped)
        .ok_or_else(|| format!("'{t}' is not a date: use YYYY-MM-DD, e.g. 2026-11-20"))?;
    if !(FIRST_YEAR..=LAST_YEAR).contains(&d.year()) {
        return Err(format!(
            "'{t}' is not a plausible date for a records request: give one between {FIRST_YEAR} and {LAST_YEAR}"
        ));
    }
    Ok(d)
}

/// The years a date typed for a request may fall in: every date docket derives from one (a
/// due date, an appeal window) then stays a four-digit year, in SQLite and in calendars.
pub const FIRST_YEAR: i32 = 1900;
pub const LAST_YEAR: i32 = 2199;

/// Parses a dollar amount ("45", "45.5", "$1,045.50") into cents; refuses negatives and more
/// than two decimals.
pub fn parse_amount(s: &str) -> Result<i64, String> {
    let raw = s.trim().trim_start_matches('$');
    // One format: a dot for cents, commas only between groups of three digits ("1,045.50").
    // "45,50" is refused, never read as 4550.
    let int_part = raw.split_once('.').map_or(raw, |(w, _)| w);
    if raw.contains(',') {
        let mut groups = int_part.split(',');
        let first_ok = groups
            .next()
            .is_some_and(|g| (1..=3).contains(&g.len()) && g.bytes().all(|b| b.is_ascii_digit()));
        let rest_ok = groups.all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()));
        let frac_has_comma = raw.split_once('.').is_some_and(|(_, f)| f.contains(','));
        if !first_ok || !rest_ok || frac_has_comma {
            return Err(format!(
                "'{}' is not an amount docket reads: use a dot for cents and commas only between thousands, e.g. 45.50 or 1,045.50",
                s.trim()
            ));
        }
    }
    let t = raw.replace(',', "");
    let bad = || {
        format!(
            "'{}' is not an amount: use dollars and cents, e.g. 45.50",
            s.trim()
        )
    };
    if t.starts_with('-') {
        return Err(format!(
            "'{}' is negative: give the amount as a positive number of dollars",
            s.trim()
        ));
    }
    let (whole, frac) = t.split_once('.').unwrap_or((&t, ""));
    if whole.is_empty() && frac.is_empty()
        || !whole.chars().all(|c| c.is_ascii_digit())
        || !frac.chars().all(|c| c.is_ascii_digit())
        || frac.len() > 2
        || whole.len() > 12
    {
        return Err(bad());
    }
    let dollars: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().map_err(|_| bad())?
    };
    let cents: i64 = match frac.len() {
        0 => 0,
        1 => frac.parse::<i64>().map_err(|_| bad())? * 10,
        _ => frac.parse().map_err(|_| bad())?,
    };
    Ok(dollars * 100 + cents)
}

/// Cents as dollars, e.g. 4550 → "45.50".
pub fn dollars(cents: i64) -> String {
    format!("{}.{:02}", cents / 100, cents % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(parse_date("2026-11-20").unwrap().to_string(), "2026-11-20");
        for bad in [
            "2026-13-01",
            "2026-02-30",
            "20261120",
            "11/20/2026",
            "2026-1-5",
            "",
            // Found by the fuzzer: blanks and signs that chrono reads past.
            "2024-\u{c}4-02",
            "2024- 4-02",
            "+024-04-02",
        ] {
            let e = parse_date(bad).unwrap_err();
            assert!(e.contains("use YYYY-MM-DD"), "{bad}: {e}");
        }
    }

    #[test]
    fn amounts() {
        assert_eq!(parse_amount("45").unwrap(), 4500);
        assert_eq!(parse_amount("45.5").unwrap(), 4550);
        assert_eq!(parse_amount("$1,045.05").unwrap(), 104505);
        assert_eq!(parse_amount(".75").unwrap(), 75);
        assert!(parse_amount("-5").unwrap_err().contains("negative"));
        for bad in ["abc", "1.234", "", "1e5", "4 5"] {
            assert!(parse_amount(bad).is_err(), "{bad}");
        }
        assert_eq!(dollars(4550), "45.50");
    }
}
