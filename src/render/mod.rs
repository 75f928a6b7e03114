//! Everything docket prints or writes for people: tables, letters, exports, and the figures
//! (`stats`) that reports print.

pub mod eml;
pub mod export;
pub mod html;
pub mod ics;
pub mod letter;
pub mod printable;
pub mod stats;
pub mod table;

use chrono::{Datelike, NaiveDate};

/// Appends `n` in decimal, as `n.to_string()` writes it, without allocating (listings write
/// several numbers a row).
pub fn push_int(out: &mut String, n: i64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut v = n.unsigned_abs();
    loop {
        at -= 1;
        digits[at] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    if n < 0 {
        out.push('-');
    }
    for &d in &digits[at..] {
        out.push(char::from(d));
    }
}

/// Appends `d` as `YYYY-MM-DD` without chrono's formatter (listings write several dates a row)
/// and returns true, for a year from 0 to 9999, where chrono's ISO text, its JSON and its
/// `%Y-%m-%d` all give that; for another year appends nothing and returns false, leaving the
/// caller to ask chrono.
pub fn push_iso_date(out: &mut String, d: NaiveDate) -> bool {
    let year = d.year();
    if !(0..=9999).contains(&year) {
        return false;
    }
    let year = year as u32;
    for k in [1000, 100, 10, 1] {
        out.push(char::from(b'0' + (year / k % 10) as u8));
    }
    for n in [d.month(), d.day()] {
        out.push('-');
        out.push(char::from(b'0' + (n / 10) as u8));
        out.push(char::from(b'0' + (n % 10) as u8));
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_as_rust_writes_them() {
        for n in [
            0,
            1,
            -1,
            9,
            10,
            -10,
            12345,
            i64::MAX,
            i64::MIN,
            1 << 40,
            -(1 << 40) + 7,
        ] {
            let mut s = String::from("x");
            push_int(&mut s, n);
            assert_eq!(s, format!("x{n}"));
        }
    }

    #[test]
    fn dates_are_written_as_chrono_writes_them() {
        let mut d = NaiveDate::from_ymd_opt(-3, 12, 25).unwrap();
        while d < NaiveDate::from_ymd_opt(10_003, 1, 10).unwrap() {
            let mut s = String::new();
            if push_iso_date(&mut s, d) {
                assert_eq!(s, d.format("%Y-%m-%d").to_string(), "{d}");
                assert_eq!(s, d.to_string(), "{d}");
            } else {
                assert!(s.is_empty() && !(0..=9999).contains(&d.year()), "{d}");
            }
            let step = if d.year() < 5 || d.year() > 9995 {
                1
            } else {
                97
            };
            d = d + chrono::Days::new(step);
        }
    }
}
