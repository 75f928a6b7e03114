//! Holiday calendars and business-day arithmetic.
//!
//! This module owns the closure days that business-day counting skips: the federal calendar
//! (5 U.S.C. §6103), one calendar per state and DC, and the federal calendar for the
//! territories. Every calendar is computed by rule for any year (no per-year date lists), from a
//! declarative table of [`HolidayRule`]s per jurisdiction. [`Calendar`] adds the user's own
//! closure days and answers business-day questions fast enough for bulk deadline computation.
//!
//! Observance: the closure is the observed day. Each jurisdiction has a default weekend rule and a
//! holiday may override it. When a moved holiday would land on a day that is already a closure,
//! it is pushed to the next free weekday (e.g. NC 2026: the Day after Christmas, a Saturday,
//! would move to Friday Dec 25, which is Christmas, so it is observed Monday Dec 28). A holiday
//! that is not moved keeps its own day, even a Saturday (MA, NY, CA, TX, WI...), so such a day
//! costs no business day. An observed day belongs to the year it falls in: the federal New
//! Year's Day of Saturday 2022-01-01 is the 2021-12-31 closure.
//!
//! Lists follow the state-office schedules of the sources; where a governor sets days by
//! proclamation, the rule-based part ships and [`calendar_note`] says what to check. Counties and
//! single offices close on other days: users add those as closures, which count like holidays.

use chrono::{Datelike, NaiveDate, Weekday};
use std::sync::OnceLock;

mod executive;
mod states;

use executive::EXECUTIVE_CLOSURES;
pub use executive::executive_closure;
use states::JURISDICTIONS;

/// One closure day of a calendar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holiday {
    pub date: NaiveDate,
    pub name: String,
}

// ---------------------------------------------------------------------------------------------
// Rule vocabulary
// ---------------------------------------------------------------------------------------------

/// How a holiday that falls on a weekend is observed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Observe {
    /// Saturday → the Friday before; Sunday → the Monday after (the federal rule).
    SatFriSunMon,
    /// Only Sunday moves (to Monday); a Saturday holiday stays on Saturday.
    SunMonOnly,
    /// Saturday and Sunday both move to the following Monday.
    BothMonday,
    /// Saturday and Sunday both move to the Friday before.
    WeekendFriday,
    /// Never moved.
    Never,
}

/// Which day of a year a holiday falls on (before weekend observance).
#[derive(Debug, Clone, Copy)]
enum When {
    Fixed {
        month: u32,
        day: u32,
    },
    /// The nth `weekday` of `month` (n from 1).
    Nth {
        month: u32,
        weekday: Weekday,
        n: u32,
    },
    /// The last `weekday` of `month`.
    Last {
        month: u32,
        weekday: Weekday,
    },
    /// Days from Western (Gregorian) Easter Sunday: Good Friday is -2, Mardi Gras -47.
    EasterOffset(i64),
    /// The Friday after the fourth Thursday in November.
    DayAfterThanksgiving,
    /// The Tuesday after the first Monday of `month` (general elections in November).
    ElectionDay {
        month: u32,
    },
    /// January 20, or January 21 when the 20th is a Sunday (D.C. Code §1-612.02).
    Inauguration,
    /// Utah's Juneteenth: the Monday of the week of `month`/`day` (Tue–Fri → the Monday before;
    /// Saturday or Sunday → the Monday after).
    MondayOfWeek {
        month: u32,
        day: u32,
    },
    /// Oklahoma's second Christmas day (25 O.S. §82.1), worked out from Christmas's weekday.
    OklahomaSecondChristmas,
    /// The weekday beside Christmas that Georgia and Indiana give Washington's Birthday: the
    /// one that joins Christmas's observed day to a weekend.
    WashingtonNearChristmas,
}

/// One holiday of a jurisdiction's list.
#[derive(Debug, Clone, Copy)]
struct HolidayRule {
    name: &'static str,
    when: When,
    /// First year the holiday applies (inclusive).
    from_year: Option<i32>,
    /// Last year the holiday applies (inclusive).
    until_year: Option<i32>,
    /// Applies only in years where `year % .0 == .1` (election cycles, inaugurations).
    cycle: Option<(i32, i32)>,
    /// Overrides the jurisdiction's weekend rule.
    observe: Option<Observe>,
}

const fn rule(name: &'static str, when: When) -> HolidayRule {
    HolidayRule {
        name,
        when,
        from_year: None,
        until_year: None,
        cycle: None,
        observe: None,
    }
}

impl HolidayRule {
    const fn from(mut self, year: i32) -> Self {
        self.from_year = Some(year);
        self
    }
    const fn until(mut self, year: i32) -> Self {
        self.until_year = Some(year);
        self
    }
    const fn every(mut self, years: i32, remainder: i32) -> Self {
        self.cycle = Some((years, remainder));
        self
    }
    const fn observe(mut self, observe: Observe) -> Self {
        self.observe = Some(observe);
        self
    }
    const fn named(mut self, name: &'static str) -> Self {
        self.name = name;
        self
    }

    fn applies(&self, year: i32) -> bool {
        self.from_year.is_none_or(|f| year >= f)
            && self.until_year.is_none_or(|u| year <= u)
            && self.cycle.is_none_or(|(n, r)| year.rem_euclid(n) == r)
    }
}

const fn fixed(month: u32, day: u32) -> When {
    When::Fixed { month, day }
}
const fn nth(n: u32, weekday: Weekday, month: u32) -> When {
    When::Nth { month, weekday, n }
}
const fn last(weekday: Weekday, month: u32) -> When {
    When::Last { month, weekday }
}

use Weekday::{Fri, Mon, Thu, Tue};

// ---------------------------------------------------------------------------------------------
// Jurisdictions
// ---------------------------------------------------------------------------------------------

struct Jurisdiction {
    code: &'static str,
    observe: Observe,
    rules: &'static [HolidayRule],
    note: Option<&'static str>,
    /// Where the list and its weekend rule come from, as `holiday list` cites it.
    source: &'static str,
}

const fn j(
    code: &'static str,
    observe: Observe,
    rules: &'static [HolidayRule],
    note: Option<&'static str>,
    source: &'static str,
) -> Jurisdiction {
    Jurisdiction {
        code,
        observe,
        rules,
        note,
        source,
    }
}

use Observe::{BothMonday, Never, SatFriSunMon, SunMonOnly};

/// Number of calendars: US, 50 states, DC and 5 territories.
const JURISDICTION_COUNT: usize = 57;

fn jurisdiction_index(code: &str) -> Option<usize> {
    let code = code.trim();
    JURISDICTIONS
        .iter()
        .position(|j| j.code.eq_ignore_ascii_case(code))
}

fn jurisdiction(code: &str) -> Option<&'static Jurisdiction> {
    jurisdiction_index(code).map(|i| &JURISDICTIONS[i])
}

// ---------------------------------------------------------------------------------------------
// Date arithmetic
// ---------------------------------------------------------------------------------------------

/// Western Easter Sunday by the anonymous Gregorian algorithm (Meeus/Jones/Butcher).
fn easter(year: i32) -> Option<NaiveDate> {
    if year < 1583 {
        return None;
    }
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, month as u32, day as u32)
}

fn add_days(d: NaiveDate, days: i64) -> Option<NaiveDate> {
    // Whole days, without the seconds of a Duration (the calendar moves days by the hundred
    // when a listing works out some fifty jurisdictions' years); None past chrono's range, as
    // `checked_add_signed` gives.
    if days >= 0 {
        d.checked_add_days(chrono::Days::new(days as u64))
    } else {
        d.checked_sub_days(chrono::Days::new(days.unsigned_abs()))
    }
}

fn nth_weekday(year: i32, month: u32, weekday: Weekday, n: u32) -> Option<NaiveDate> {
    let first = NaiveDate::from_ymd_opt(year, month, 1)?;
    let offset = (7 + weekday.num_days_from_monday() - first.weekday().num_days_from_monday()) % 7;
    let d = add_days(first, i64::from(offset + 7 * n.checked_sub(1)?))?;
    (d.month() == month).then_some(d)
}

fn last_weekday(year: i32, month: u32, weekday: Weekday) -> Option<NaiveDate> {
    let next_first = if month == 12 {
        NaiveDate::from_ymd_opt(year.checked_add(1)?, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)?
    };
    let last = next_first.pred_opt()?;
    let back = (7 + last.weekday().num_days_from_monday() - weekday.num_days_from_monday()) % 7;
    add_days(last, -i64::from(back))
}

fn is_weekend(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

impl When {
    fn date(self, year: i32) -> Option<NaiveDate> {
        match self {
            When::Fixed { month, day } => NaiveDate::from_ymd_opt(year, month, day),
            When::Nth { month, weekday, n } => nth_weekday(year, month, weekday, n),
            When::Last { month, weekday } => last_weekday(year, month, weekday),
            When::EasterOffset(days) => add_days(easter(year)?, days),
            When::DayAfterThanksgiving => add_days(nth_weekday(year, 11, Thu, 4)?, 1),
            When::ElectionDay { month } => add_days(nth_weekday(year, month, Mon, 1)?, 1),
            When::Inauguration => {
                let d = NaiveDate::from_ymd_opt(year, 1, 20)?;
                if d.weekday() == Weekday::Sun {
                    d.succ_opt()
                } else {
                    Some(d)
                }
            }
            When::MondayOfWeek { month, day } => {
                let d = NaiveDate::from_ymd_opt(year, month, day)?;
                match d.weekday() {
                    Weekday::Sat => add_days(d, 2),
                    Weekday::Sun => add_days(d, 1),
                    w => add_days(d, -i64::from(w.num_days_from_monday())),
                }
            }
            When::WashingtonNearChristmas => {
                let christmas = NaiveDate::from_ymd_opt(year, 12, 25)?;
                // Mon → Tue 26; Tue, Wed, Fri → 24; Thu → Fri 26; Sat → Thu 23 (Christmas is
                // observed Fri 24); Sun → Fri 23 (observed Mon 26).
                let offset = match christmas.weekday() {
                    Weekday::Mon | Weekday::Thu => 1,
                    Weekday::Tue | Weekday::Wed | Weekday::Fri => -1,
                    Weekday::Sat | Weekday::Sun => -2,
                };
                add_days(christmas, offset)
            }
            When::OklahomaSecondChristmas => {
                let christmas = NaiveDate::from_ymd_opt(year, 12, 25)?;
                // Weekday Christmas: whichever of Dec 24 / Dec 26 joins it to a weekend, Dec 24
                // when neither does (Wednesday). Weekend Christmas: Thu+Fri before / Mon+Tue after,
                // the other day of the pair being Christmas's own observed day.
                let offset = match christmas.weekday() {
                    Weekday::Mon | Weekday::Thu => 1,
                    Weekday::Tue | Weekday::Wed | Weekday::Fri => -1,
                    Weekday::Sat => -2,
                    Weekday::Sun => 2,
                };
                add_days(christmas, offset)
            }
        }
    }
}

fn observed(d: NaiveDate, observe: Observe) -> Option<NaiveDate> {
    let shift = match (observe, d.weekday()) {
        (Observe::SatFriSunMon | Observe::WeekendFriday, Weekday::Sat) => -1,
        (Observe::SatFriSunMon | Observe::SunMonOnly | Observe::BothMonday, Weekday::Sun) => 1,
        (Observe::BothMonday, Weekday::Sat) => 2,
        (Observe::WeekendFriday, Weekday::Sun) => -2,
        _ => 0,
    };
    if shift == 0 {
        return Some(d);
    }
    add_days(d, shift)
}

/// The observed closures of jurisdiction `index` whose date falls in `year`.
fn compute(index: usize, year: i32) -> Vec<Holiday> {
    compute_dated(index, year)
        .iter()
        .map(Dated::holiday)
        .collect()
}

/// A closure worked out by rule, before its name is written out: counting business days needs
/// only its day, and a listing works out some fifty jurisdictions' years a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Dated {
    date: NaiveDate,
    name: &'static str,
    how: Named,
}

/// How a closure's name is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Named {
    /// The rule's name.
    AsIs,
    /// Moved off its day: "(observed)" added, unless the name says it already.
    Observed,
    /// A federal closure by executive order.
    ExecutiveOrder,
}

impl Dated {
    fn holiday(&self) -> Holiday {
        let name = match self.how {
            Named::AsIs => self.name.to_string(),
            Named::Observed if self.name.ends_with("(observed)") => self.name.to_string(),
            Named::Observed => format!("{} (observed)", self.name),
            Named::ExecutiveOrder => format!("{} (executive order)", self.name),
        };
        Holiday {
            date: self.date,
            name,
        }
    }
}

/// [`compute`], before the names are written out.
fn compute_dated(index: usize, year: i32) -> Vec<Dated> {
    let j = &JURISDICTIONS[index];
    let mut out = compute_rules(index, year);
    if j.code == "US" {
        for (y, m, d, name, _) in EXECUTIVE_CLOSURES.iter().filter(|c| c.0 == year) {
            let Some(date) = NaiveDate::from_ymd_opt(*y, *m, *d) else {
                continue;
            };
            if !out.iter().any(|h| h.date == date) {
                out.push(Dated {
                    date,
                    name,
                    how: Named::ExecutiveOrder,
                });
            }
        }
        out.sort_by_key(|h| h.date);
    }
    out
}

/// A rule's holiday in one year: the day it falls on, and the day it is observed (moved off a
/// weekend by the jurisdiction's rule).
#[derive(Debug, Clone, Copy)]
struct Candidate {
    actual: NaiveDate,
    observed: NaiveDate,
    name: &'static str,
}

impl Candidate {
    /// The order closures claim their days in: holidays on their own day first, then moved
    /// ones by the day they are observed on.
    fn key(&self) -> (bool, NaiveDate, NaiveDate) {
        (self.observed != self.actual, self.observed, self.actual)
    }
}

/// The holidays jurisdiction `index`'s rules give in `year`, in rule order, then ordered by
/// [`Candidate::key`] (stably: rule order among equals).
fn year_candidates(index: usize, year: i32) -> Vec<Candidate> {
    let j = &JURISDICTIONS[index];
    let mut candidates = Vec::with_capacity(j.rules.len());
    for r in j.rules.iter().filter(|r| r.applies(year)) {
        let Some(actual) = r.when.date(year) else {
            continue;
        };
        let Some(obs) = observed(actual, r.observe.unwrap_or(j.observe)) else {
            continue;
        };
        candidates.push(Candidate {
            actual,
            observed: obs,
            name: r.name,
        });
    }
    candidates.sort_by_key(Candidate::key);
    candidates
}

/// Every jurisdiction's [`year_candidates`] of one year, each worked out once: a year's
/// closures take its neighbours' holidays into account, so each year's holidays are asked for
/// three times.
type CandidatesOfAll = Box<[OnceLock<Vec<Candidate>>]>;

static CANDIDATES: [OnceLock<CandidatesOfAll>; CACHE_YEARS] =
    [const { OnceLock::new() }; CACHE_YEARS];

/// Runs `f` on jurisdiction `index`'s [`year_candidates`] in `year`.
fn with_candidates<R>(index: usize, year: i32, f: impl FnOnce(&[Candidate]) -> R) -> R {
    let slot = usize::try_from(i64::from(year) - i64::from(CACHE_FIRST_YEAR))
        .ok()
        .filter(|&i| i < CACHE_YEARS);
    match slot {
        Some(i) => {
            let all = CANDIDATES[i]
                .get_or_init(|| (0..JURISDICTION_COUNT).map(|_| OnceLock::new()).collect());
            f(all[index].get_or_init(|| year_candidates(index, year)))
        }
        None => f(&year_candidates(index, year)),
    }
}

/// The closures jurisdiction `index`'s rules give in `year`.
fn compute_rules(index: usize, year: i32) -> Vec<Dated> {
    let j = &JURISDICTIONS[index];
    // Observed days cross year boundaries (Jan 1 on a Saturday is observed Dec 31 before, a
    // pushed Dec 31 can land in January), so neighbouring years take part in the resolution.
    // Holidays on their own day claim it first; moved ones then take their observed day in date
    // order, and one that finds it taken goes to the next free weekday. The three years'
    // holidays, each already in that order, are merged in it (the earlier year first among
    // equals, as a stable sort of the three in turn would leave them).
    let mut candidates: Vec<Candidate> = Vec::with_capacity(3 * j.rules.len());
    with_candidates(index, year.saturating_sub(1), |before| {
        with_candidates(index, year, |this| {
            with_candidates(index, year.saturating_add(1), |after| {
                let parts = [before, this, after];
                let mut at = [0usize; 3];
                loop {
                    // The least key; among equal keys, the earliest year.
                    let mut next: Option<(usize, &Candidate)> = None;
                    for (p, part) in parts.iter().enumerate() {
                        if let Some(c) = part.get(at[p])
                            && next.is_none_or(|(_, best)| c.key() < best.key())
                        {
                            next = Some((p, c));
                        }
                    }
                    let Some((p, c)) = next else { break };
                    candidates.push(*c);
                    at[p] += 1;
                }
            })
        })
    });
    place(candidates, year, j.rules.len() + 2)
}

/// The closures of `year` from the three years' `candidates` in the order they claim their
/// days: a holiday on its own day takes it; a moved one takes its observed day, or the next
/// free weekday when that is taken.
fn place(candidates: Vec<Candidate>, year: i32, room: usize) -> Vec<Dated> {
    let mut taken: Vec<NaiveDate> = Vec::with_capacity(candidates.len());
    let mut out = Vec::with_capacity(room);
    for c in candidates {
        if c.observed == c.actual {
            taken.push(c.actual);
            if c.actual.year() == year {
                out.push(Dated {
                    date: c.actual,
                    name: c.name,
                    how: Named::AsIs,
                });
            }
            continue;
        }
        let mut d = c.observed;
        while taken.contains(&d) || is_weekend(d) {
            match d.succ_opt() {
                Some(n) => d = n,
                None => break,
            }
        }
        taken.push(d);
        if d.year() == year {
            out.push(Dated {
                date: d,
                name: c.name,
                how: Named::Observed,
            });
        }
    }
    out.sort_by_key(|h| h.date);
    out
}

// ---------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------

/// Closures of `code` whose (observed) date falls in `year`, sorted by date. An unknown code has
/// no holidays.
pub fn holidays(code: &str, year: i32) -> Vec<Holiday> {
    jurisdiction_index(code).map_or_else(Vec::new, |i| compute(i, year))
}

/// A caution to show users for this code's calendar (proclamation-based, partial, unverified),
/// if any.
pub fn calendar_note(code: &str) -> Option<&'static str> {
    match jurisdiction(code) {
        Some(j) => j.note,
        None => {
            Some("No holiday calendar for this code: only weekends and added closures are skipped.")
        }
    }
}

/// States that publish each year's schedule of state-office holidays and move Christmas and New
/// Year closures that fall on a weekend by it: docket works those observed days out by rule.
const PUBLISHED_SCHEDULES: &[&str] = &["NC", "MI", "SC", "AR", "GA", "IN", "KY"];

/// Years whose worked-out Christmas and New Year closures were checked against the published
/// schedule (NC: the OSHR 2026 schedule; GA: the 2026 proclamation).
const CHECKED_SCHEDULES: &[(&str, i32)] = &[("NC", 2026), ("GA", 2026)];

/// Whether `h`, a closure of `code`, is a Christmas or New Year day moved off a weekend by rule
/// in a state whose published schedule decides it, for a year docket has not checked: `holiday
/// list` then says to check the published schedule.
pub fn check_published_schedule(code: &str, h: &Holiday) -> bool {
    let season =
        (h.date.month() == 12 && h.date.day() >= 20) || (h.date.month() == 1 && h.date.day() <= 3);
    PUBLISHED_SCHEDULES.contains(&code)
        && season
        && h.name.ends_with("(observed)")
        && !CHECKED_SCHEDULES.contains(&(code, h.date.year()))
}

/// Where `code`'s holiday list and weekend rule come from.
pub fn calendar_source(code: &str) -> Option<&'static str> {
    jurisdiction(code).map(|j| j.source)
}

/// Years whose rule-based closures are cached; other years are computed on each use.
const CACHE_FIRST_YEAR: i32 = 1900;
const CACHE_YEARS: usize = 301;

/// One year's rule-based closures: a bitset by day of year for speed, and the list for names
/// (written out the first time a name is asked for).
#[derive(Debug)]
struct YearClosures {
    bits: [u64; 6],
    /// The closures that fall on a weekday (those are the ones that cost a business day).
    weekday_bits: [u64; 6],
    /// How many of those fall in the words of `weekday_bits` before each one.
    weekday_before: [u32; 6],
    dated: Vec<Dated>,
    named: OnceLock<Vec<Holiday>>,
}

impl YearClosures {
    fn new(dated: Vec<Dated>) -> YearClosures {
        let mut bits = [0u64; 6];
        let mut weekday_bits = [0u64; 6];
        for h in &dated {
            let i = h.date.ordinal0() as usize;
            bits[i / 64] |= 1 << (i % 64);
            if !is_weekend(h.date) {
                weekday_bits[i / 64] |= 1 << (i % 64);
            }
        }
        let mut weekday_before = [0u32; 6];
        for w in 1..6 {
            weekday_before[w] = weekday_before[w - 1] + weekday_bits[w - 1].count_ones();
        }
        YearClosures {
            bits,
            weekday_bits,
            weekday_before,
            dated,
            named: OnceLock::new(),
        }
    }

    /// The closures with their names, by date.
    fn list(&self) -> &[Holiday] {
        self.named
            .get_or_init(|| self.dated.iter().map(Dated::holiday).collect())
    }

    fn contains(&self, d: NaiveDate) -> bool {
        let i = d.ordinal0() as usize;
        self.bits[i / 64] & (1 << (i % 64)) != 0
    }

    /// How many weekday closures fall on days of year `0..x` (0-based ordinals, `x` at most
    /// 366): two population counts, whatever the span (listings ask this of every late row).
    fn weekday_closures_before(&self, x: u32) -> i64 {
        let w = (x / 64) as usize;
        let below = self.weekday_bits[w] & ((1u64 << (x % 64)) - 1);
        i64::from(self.weekday_before[w] + below.count_ones())
    }

    /// How many weekday closures fall on days of year `lo..=hi` (0-based ordinals).
    fn weekday_closures_in(&self, lo: u32, hi: u32) -> i64 {
        if hi < lo {
            return 0;
        }
        self.weekday_closures_before(hi.min(365) + 1) - self.weekday_closures_before(lo.min(366))
    }
}

/// Weekdays (Monday to Friday) in (a, b], for a <= b.
fn weekdays_between(a: NaiveDate, b: NaiveDate) -> i64 {
    let days = (b - a).num_days();
    let mut n = days / 7 * 5;
    // The remaining days follow `a` by 1..=rest, in the same weekdays as the days after it.
    let first = a.weekday().num_days_from_monday() as i64;
    for k in 1..=days % 7 {
        if (first + k) % 7 < 5 {
            n += 1;
        }
    }
    n
}

/// Every jurisdiction's closures in one year, each boxed once worked out.
type YearOfAll = Box<[OnceLock<Box<YearClosures>>]>;

/// Rule-based closures shared by every [`Calendar`] of a jurisdiction, so that building a
/// calendar costs nothing and each year is worked out once per process. The slots are kept by
/// year, then by jurisdiction, each a pointer wide: a listing touches some 50 jurisdictions over
/// the same few years, and their slots then share a few pages of new memory (slots kept by
/// jurisdiction cost a page or more each, and each new page a fault).
static SHARED: [OnceLock<YearOfAll>; CACHE_YEARS] = [const { OnceLock::new() }; CACHE_YEARS];

/// Runs `f` on jurisdiction `index`'s closures in `year`.
fn with_year<R>(index: usize, year: i32, f: impl FnOnce(&YearClosures) -> R) -> R {
    let build = || Box::new(YearClosures::new(compute_dated(index, year)));
    let slot = usize::try_from(i64::from(year) - i64::from(CACHE_FIRST_YEAR))
        .ok()
        .filter(|&i| i < CACHE_YEARS);
    match slot {
        Some(i) => {
            let all = SHARED[i]
                .get_or_init(|| (0..JURISDICTION_COUNT).map(|_| OnceLock::new()).collect());
            f(all[index].get_or_init(build))
        }
        None => f(&build()),
    }
}

/// A jurisdiction's calendar plus user-added closures, answering business-day questions.
/// Cheap to build and to query; `Send + Sync`.
#[derive(Debug, Clone)]
pub struct Calendar {
    code: String,
    index: Option<usize>,
    /// User-added closures, sorted by date.
    extra: Vec<Holiday>,
    /// Their dates, sorted and deduplicated, for lookup.
    extra_dates: Vec<NaiveDate>,
    /// Built-in holidays the user says this office works through, sorted: business days.
    opened: Vec<NaiveDate>,
}

impl Calendar {
    /// A calendar for `code` (unknown codes have no holidays) with user-added closure days,
    /// which count exactly like holidays.
    pub fn new(code: &str, extra: Vec<Holiday>) -> Calendar {
        let mut extra = extra;
        extra.sort_by_key(|h| h.date);
        let mut extra_dates: Vec<NaiveDate> = extra.iter().map(|h| h.date).collect();
        extra_dates.dedup();
        Calendar {
            code: code.trim().to_ascii_uppercase(),
            index: jurisdiction_index(code),
            extra,
            extra_dates,
            opened: Vec::new(),
        }
    }

    /// This calendar with built-in holidays the office works through: each counts as a
    /// business day (a day the user also added as a closure stays closed).
    pub fn with_open_days(mut self, days: Vec<NaiveDate>) -> Calendar {
        self.opened = days;
        self.opened.sort();
        self.opened.dedup();
        self
    }

    fn is_opened(&self, d: NaiveDate) -> bool {
        !self.opened.is_empty() && self.opened.binary_search(&d).is_ok()
    }

    fn is_extra(&self, d: NaiveDate) -> bool {
        !self.extra_dates.is_empty() && self.extra_dates.binary_search(&d).is_ok()
    }

    fn is_rule_closure(&self, d: NaiveDate) -> bool {
        self.index
            .is_some_and(|i| with_year(i, d.year(), |y| y.contains(d)))
    }

    /// The built-in holiday on `d` that the user says this office works through, if any.
    pub fn opened_holiday(&self, d: NaiveDate) -> Option<String> {
        if !self.is_opened(d) || is_weekend(d) || self.is_extra(d) {
            return None;
        }
        let i = self.index?;
        with_year(i, d.year(), |y| {
            y.list()
                .iter()
                .find(|h| h.date == d)
                .map(|h| h.name.clone())
        })
    }

    /// The jurisdiction code, upper-cased.
    pub fn code(&self) -> &str {
        &self.code
    }

    fn is_closure(&self, d: NaiveDate) -> bool {
        self.is_extra(d) || (self.is_rule_closure(d) && !self.is_opened(d))
    }

    /// Why `d` is not a business day: "Saturday", "Sunday", or the closure's name; None if it is
    /// one.
    pub fn closed_because(&self, d: NaiveDate) -> Option<String> {
        match d.weekday() {
            Weekday::Sat => return Some("Saturday".to_string()),
            Weekday::Sun => return Some("Sunday".to_string()),
            _ => {}
        }
        let rule_based = self.index.filter(|_| !self.is_opened(d)).and_then(|i| {
            with_year(i, d.year(), |y| {
                if y.contains(d) {
                    y.list()
                        .iter()
                        .find(|h| h.date == d)
                        .map(|h| h.name.clone())
                } else {
                    None
                }
            })
        });
        rule_based.or_else(|| {
            self.extra
                .iter()
                .find(|h| h.date == d)
                .map(|h| h.name.clone())
        })
    }

    /// True if `d` is neither a weekend day nor a closure.
    pub fn is_business_day(&self, d: NaiveDate) -> bool {
        !is_weekend(d) && !self.is_closure(d)
    }

    /// The Nth business day after `from` (`from` itself is day 0, never counted); n = 0 → `from`.
    /// Saturates at the last representable date.
    pub fn add_business_days(&self, from: NaiveDate, n: u32) -> NaiveDate {
        let mut d = from;
        let mut left = n;
        while left > 0 {
            match d.succ_opt() {
                Some(next) => d = next,
                None => return d,
            }
            if self.is_business_day(d) {
                left -= 1;
            }
        }
        d
    }

    /// `d` if it is a business day, else the next one (saturating at the last representable
    /// date).
    pub fn roll_forward(&self, d: NaiveDate) -> NaiveDate {
        let mut d = d;
        while !self.is_business_day(d) {
            match d.succ_opt() {
                Some(next) => d = next,
                None => return d,
            }
        }
        d
    }

    /// Number of business days in (a, b]; negative if b < a (the count in (b, a], negated).
    ///
    /// Counted without walking the days (listings ask it of every late request, some of them
    /// years late): the weekdays in the range, less the rule-based closures on weekdays (a
    /// population count per year), less the added closures on weekdays that no rule closes.
    pub fn business_days_between(&self, a: NaiveDate, b: NaiveDate) -> i64 {
        if b < a {
            return -self.business_days_between(b, a);
        }
        if a == b {
            return 0;
        }
        let mut n = weekdays_between(a, b);
        // (a, b] is [a + 1, b]; `a` < b so the successor exists.
        let start = a.succ_opt().unwrap_or(b);
        if let Some(index) = self.index {
            for year in start.year()..=b.year() {
                let lo = if year == start.year() {
                    start.ordinal0()
                } else {
                    0
                };
                let hi = if year == b.year() { b.ordinal0() } else { 365 };
                n -= with_year(index, year, |y| y.weekday_closures_in(lo, hi));
            }
        }
        if !self.opened.is_empty() {
            let from = self.opened.partition_point(|d| *d < start);
            let to = self.opened.partition_point(|d| *d <= b);
            for d in &self.opened[from..to] {
                if !is_weekend(*d) && self.is_rule_closure(*d) && !self.is_extra(*d) {
                    n += 1;
                }
            }
        }
        if !self.extra_dates.is_empty() {
            let from = self.extra_dates.partition_point(|d| *d < start);
            let to = self.extra_dates.partition_point(|d| *d <= b);
            for d in &self.extra_dates[from..to] {
                let ruled = self
                    .index
                    .is_some_and(|i| with_year(i, d.year(), |y| y.contains(*d)));
                if !is_weekend(*d) && !ruled {
                    n -= 1;
                }
            }
        }
        n
    }

    /// All closures (holidays and added closures) in `year`, sorted by date.
    pub fn closures_in(&self, year: i32) -> Vec<Holiday> {
        let mut list = self
            .index
            .map_or_else(Vec::new, |i| with_year(i, year, |y| y.list().to_vec()));
        list.retain(|h| !self.is_opened(h.date));
        list.extend(self.extra.iter().filter(|h| h.date.year() == year).cloned());
        list.sort_by_key(|h| h.date);
        list
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The closures of a year as they were worked out before each year's holidays were kept
    /// and merged: the three years' holidays listed in turn and sorted together.
    fn resolved_by_sorting(j: &Jurisdiction, year: i32) -> Vec<Dated> {
        let mut candidates = Vec::new();
        for y in year.saturating_sub(1)..=year.saturating_add(1) {
            for r in j.rules.iter().filter(|r| r.applies(y)) {
                let Some(actual) = r.when.date(y) else {
                    continue;
                };
                let Some(obs) = observed(actual, r.observe.unwrap_or(j.observe)) else {
                    continue;
                };
                candidates.push(Candidate {
                    actual,
                    observed: obs,
                    name: r.name,
                });
            }
        }
        candidates.sort_by_key(|c| (c.observed != c.actual, c.observed, c.actual));
        place(candidates, year, 0)
    }

    #[test]
    fn days_are_added_as_chrono_adds_a_duration_of_days() {
        let dates = [
            NaiveDate::MIN,
            d(-1, 12, 31),
            d(1, 1, 1),
            d(2024, 2, 29),
            d(2026, 12, 31),
            NaiveDate::MAX,
        ];
        for date in dates {
            for days in [
                0,
                1,
                -1,
                6,
                -6,
                365,
                -366,
                1_000_000,
                -1_000_000,
                i64::from(i32::MAX),
                i64::from(i32::MIN),
            ] {
                assert_eq!(
                    add_days(date, days),
                    date.checked_add_signed(chrono::Duration::days(days)),
                    "{date} + {days}"
                );
            }
        }
    }

    #[test]
    fn merged_years_resolve_as_the_three_years_sorted_together() {
        for (index, j) in JURISDICTIONS.iter().enumerate() {
            // Inside the years kept once per process and past both ends of them.
            for year in (1890..1910).chain(1960..2060).chain(2195..2210) {
                assert_eq!(
                    compute_rules(index, year),
                    resolved_by_sorting(j, year),
                    "{} {year}",
                    j.code
                );
            }
        }
    }

    #[test]
    fn weekday_closures_of_any_span_are_counted_as_day_by_day() {
        for (code, year) in [("US", 2026), ("TX", 2024), ("NC", 2021), ("CA", 2100)] {
            let j = jurisdiction_index(code).unwrap();
            with_year(j, year, |y| {
                let days = if NaiveDate::from_ymd_opt(year, 12, 31).unwrap().ordinal() == 366 {
                    366
                } else {
                    365
                };
                // Closed weekdays before each day, counted one day at a time.
                let mut before = vec![0i64];
                for i in 0..days {
                    let closed = y.weekday_bits[i as usize / 64] & (1 << (i % 64)) != 0;
                    before.push(before[i as usize] + i64::from(closed));
                }
                assert!(before[days as usize] > 0, "{code} {year} has closures");
                for lo in 0..days {
                    for hi in lo..days {
                        let by_day = before[hi as usize + 1] - before[lo as usize];
                        assert_eq!(
                            y.weekday_closures_in(lo, hi),
                            by_day,
                            "{code} {year} {lo}..={hi}"
                        );
                    }
                }
                assert_eq!(y.weekday_closures_in(5, 4), 0);
            });
        }
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn ymd(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn dates(code: &str, year: i32) -> Vec<NaiveDate> {
        holidays(code, year).into_iter().map(|h| h.date).collect()
    }

    fn parse_list(list: &[&str]) -> Vec<NaiveDate> {
        list.iter().map(|s| ymd(s)).collect()
    }

    fn name_on(code: &str, date: NaiveDate) -> Option<String> {
        holidays(code, date.year())
            .into_iter()
            .find(|h| h.date == date)
            .map(|h| h.name)
    }

    // OPM's published federal holiday dates. Worked by hand: fixed dates take their weekday
    // (Sat → Fri before, Sun → Mon after); MLK and Washington = 3rd Monday, Memorial = last
    // Monday of May, Labor = 1st Monday of Sep, Columbus = 2nd Monday of Oct, Thanksgiving =
    // 4th Thursday of Nov. 2020: Jul 4 Sat → Jul 3. 2021: Jun 19 Sat → Jun 18, Jul 4 Sun → Jul 5,
    // Dec 25 Sat → Dec 24, and Jan 1 2022 (Sat) → Dec 31 2021. 2022: Jun 19 Sun → Jun 20,
    // Dec 25 Sun → Dec 26, no January 1 closure. 2023: Jan 1 Sun → Jan 2, Nov 11 Sat → Nov 10.
    // 2026: Jul 4 Sat → Jul 3. 2027: Jun 19 Sat → Jun 18, Jul 4 Sun → Jul 5, Dec 25 Sat →
    // Dec 24, Jan 1 2028 (Sat) → Dec 31 2027.
    #[rustfmt::skip]
    const OPM: &[(i32, &[&str])] = &[
        (2020, &["2020-01-01", "2020-01-20", "2020-02-17", "2020-05-25", "2020-07-03", "2020-09-07", "2020-10-12", "2020-11-11", "2020-11-26", "2020-12-25"]),
        (2021, &["2021-01-01", "2021-01-18", "2021-02-15", "2021-05-31", "2021-06-18", "2021-07-05", "2021-09-06", "2021-10-11", "2021-11-11", "2021-11-25", "2021-12-24", "2021-12-31"]),
        (2022, &["2022-01-17", "2022-02-21", "2022-05-30", "2022-06-20", "2022-07-04", "2022-09-05", "2022-10-10", "2022-11-11", "2022-11-24", "2022-12-26"]),
        (2023, &["2023-01-02", "2023-01-16", "2023-02-20", "2023-05-29", "2023-06-19", "2023-07-04", "2023-09-04", "2023-10-09", "2023-11-10", "2023-11-23", "2023-12-25"]),
        (2024, &["2024-01-01", "2024-01-15", "2024-02-19", "2024-05-27", "2024-06-19", "2024-07-04", "2024-09-02", "2024-10-14", "2024-11-11", "2024-11-28", "2024-12-25"]),
        (2025, &["2025-01-01", "2025-01-20", "2025-02-17", "2025-05-26", "2025-06-19", "2025-07-04", "2025-09-01", "2025-10-13", "2025-11-11", "2025-11-27", "2025-12-25"]),
        (2026, &["2026-01-01", "2026-01-19", "2026-02-16", "2026-05-25", "2026-06-19", "2026-07-03", "2026-09-07", "2026-10-12", "2026-11-11", "2026-11-26", "2026-12-25"]),
        (2027, &["2027-01-01", "2027-01-18", "2027-02-15", "2027-05-31", "2027-06-18", "2027-07-05", "2027-09-06", "2027-10-11", "2027-11-11", "2027-11-25", "2027-12-24", "2027-12-31"]),
    ];

    #[test]
    fn federal_matches_opm_2020_2027() {
        // OPM's lists hold the holidays of 5 U.S.C. §6103; the closures ordered by the President
        // come on top: 2020-12-24 (E.O. 13965), 2024-12-24 (E.O. 14129), 2025-01-09 (E.O. 14133),
        // 2025-12-24 and 2025-12-26 (E.O. 14371).
        let ordered = [
            "2020-12-24",
            "2024-12-24",
            "2025-01-09",
            "2025-12-24",
            "2025-12-26",
        ];
        for (year, want) in OPM {
            let mut want = parse_list(want);
            want.extend(ordered.iter().map(|s| ymd(s)).filter(|d| d.year() == *year));
            want.sort();
            assert_eq!(dates("US", *year), want, "US {year}");
        }
    }

    #[test]
    fn executive_orders_close_federal_offices_and_only_federal_ones() {
        // Every full-day closure since 2001, with its order; the half days are not closures.
        let full = [
            "2001-12-24",
            "2003-12-26",
            "2004-06-11",
            "2007-01-02",
            "2007-12-24",
            "2008-12-26",
            "2012-12-24",
            "2014-12-26",
            "2018-12-05",
            "2018-12-24",
            "2019-12-24",
            "2020-12-24",
            "2024-12-24",
            "2025-01-09",
            "2025-12-24",
            "2025-12-26",
        ];
        let us = Calendar::new("US", vec![]);
        for s in full {
            assert!(!us.is_business_day(ymd(s)), "{s}");
            assert!(executive_closure(ymd(s)).is_some(), "{s}");
            // A state's calendar is its own: Pennsylvania worked on 2025-01-09.
            assert!(
                !holidays("PA", ymd(s).year())
                    .iter()
                    .any(|h| h.date == ymd(s) && h.name.contains("executive order"))
            );
        }
        for half in ["2002-12-24", "2009-12-24", "2015-12-24"] {
            assert!(us.is_business_day(ymd(half)), "{half} was a half day");
        }
        assert_eq!(
            executive_closure(ymd("2025-01-09")),
            Some("E.O. 14133, 90 FR 187")
        );
        assert_eq!(
            name_on("US", ymd("2025-01-09")).as_deref(),
            Some("National Day of Mourning for Jimmy Carter (executive order)")
        );
    }

    #[test]
    fn new_jersey_juneteenth_is_the_third_friday_of_june() {
        // N.J.S.A. 36:1-1.1 (P.L.2020, c.75): June 2024 begins on a Saturday, so its Fridays are
        // 7, 14, 21; 2025 (Sunday): 6, 13, 20; 2028 (Thursday): 2, 9, 16; 2029 (Friday): 1, 8,
        // 15; 2030 (Saturday): 7, 14, 21.
        for (year, want) in [
            (2024, "2024-06-21"),
            (2025, "2025-06-20"),
            (2028, "2028-06-16"),
            (2029, "2029-06-15"),
            (2030, "2030-06-21"),
        ] {
            let june: Vec<NaiveDate> = dates("NJ", year)
                .into_iter()
                .filter(|d| d.month() == 6)
                .collect();
            assert_eq!(june, vec![ymd(want)], "NJ {year}");
        }
        // June 19 itself is a working day in New Jersey when it is not the third Friday.
        assert!(Calendar::new("NJ", vec![]).is_business_day(ymd("2024-06-19")));
    }

    #[test]
    fn georgia_and_indiana_keep_washingtons_birthday_beside_christmas() {
        // Christmas 2026 is a Friday: Thu 12-24. 2027, a Saturday (observed Fri 12-24): Thu
        // 12-23. 2028, a Monday: Tue 12-26. 2022, a Sunday (observed Mon 12-26): Fri 12-23.
        for code in ["GA", "IN"] {
            for (date, year) in [
                ("2026-12-24", 2026),
                ("2027-12-23", 2027),
                ("2028-12-26", 2028),
                ("2022-12-23", 2022),
            ] {
                assert_eq!(
                    name_on(code, ymd(date)).as_deref(),
                    Some("Washington's Birthday (observed)"),
                    "{code} {year}"
                );
            }
        }
    }

    #[test]
    fn kentucky_louisiana_and_new_mexico_as_decided() {
        // KY: KRS 18A.190's extra days, as the Governor usually names them: 2026 Thu 12-24
        // and Thu 12-31. In 2027 Christmas Eve keeps Fri 12-24, so Christmas (Sat) goes to the
        // next free weekday, Mon 12-27.
        let ky = dates("KY", 2026);
        assert!(ky.contains(&ymd("2026-12-24")) && ky.contains(&ymd("2026-12-31")));
        let ky = dates("KY", 2027);
        assert!(ky.contains(&ymd("2027-12-24")) && ky.contains(&ymd("2027-12-27")));
        // LA: Memorial Day, 2026-05-25.
        assert!(dates("LA", 2026).contains(&ymd("2026-05-25")));
        // NM: Saturday Jul 4 2026 closes Friday Jul 3.
        assert!(dates("NM", 2026).contains(&ymd("2026-07-03")));
        // CO: the Governor's holiday moves from year to year (2023: Jul 3), so the day after
        // Thanksgiving (2026-11-27) is not assumed, and the note says to check.
        assert!(!dates("CO", 2026).contains(&ymd("2026-11-27")));
        assert!(calendar_note("CO").unwrap().contains("Governor's holiday"));
        // Territories: only federal holidays, said plainly.
        for code in ["PR", "VI", "GU", "MP", "AS"] {
            assert!(
                calendar_note(code)
                    .unwrap()
                    .starts_with("Only federal holidays are counted")
            );
            assert_eq!(dates(code, 2026), dates("US", 2026));
        }
    }

    #[test]
    fn weekend_christmas_in_a_state_with_a_published_schedule_says_to_check_it() {
        let flagged = |code: &str, year| -> Vec<NaiveDate> {
            holidays(code, year)
                .into_iter()
                .filter(|h| check_published_schedule(code, h))
                .map(|h| h.date)
                .collect()
        };
        // NC 2027: Christmas (Sat) and the day after (Sun) are moved to Mon 12-27 and Tue
        // 12-28, New Year's Day 2028 (Sat) to Fri 12-31: worked out, to be checked.
        assert_eq!(
            flagged("NC", 2027),
            vec![ymd("2027-12-27"), ymd("2027-12-28"), ymd("2027-12-31")]
        );
        // 2026 was checked against the OSHR schedule; Pennsylvania publishes no such schedule.
        assert!(flagged("NC", 2026).is_empty());
        assert!(flagged("PA", 2027).is_empty());
    }

    #[test]
    fn federal_observed_names_and_year_boundary() {
        assert_eq!(
            name_on("US", d(2021, 6, 18)).as_deref(),
            Some("Juneteenth National Independence Day (observed)")
        );
        assert_eq!(
            name_on("US", d(2021, 12, 31)).as_deref(),
            Some("New Year's Day (observed)")
        );
        assert!(holidays("US", 2022).iter().all(|h| h.date.year() == 2022));
        assert_eq!(
            name_on("US", d(2023, 1, 2)).as_deref(),
            Some("New Year's Day (observed)")
        );
        assert_eq!(
            name_on("US", d(2026, 7, 3)).as_deref(),
            Some("Independence Day (observed)")
        );
        // MLK Day from 1986 (first observed Jan 20, 1986); Juneteenth from 2021.
        assert!(
            holidays("US", 1985)
                .iter()
                .all(|h| !h.name.contains("King"))
        );
        assert_eq!(
            name_on("US", d(1986, 1, 20)).as_deref(),
            Some("Birthday of Martin Luther King, Jr.")
        );
        assert!(
            holidays("US", 2020)
                .iter()
                .all(|h| !h.name.contains("Juneteenth"))
        );
    }

    #[test]
    fn easter_dates() {
        assert_eq!(easter(2024), Some(d(2024, 3, 31)));
        assert_eq!(easter(2025), Some(d(2025, 4, 20)));
        assert_eq!(easter(2026), Some(d(2026, 4, 5)));
        assert_eq!(easter(2027), Some(d(2027, 3, 28)));
        // Extremes of the Easter range: 1818 on Mar 22, 1943 on Apr 25.
        assert_eq!(easter(1818), Some(d(1818, 3, 22)));
        assert_eq!(easter(1943), Some(d(1943, 4, 25)));
    }

    // 2026 state lists. Weekdays of 2026: Jan 1 Thu; Feb 12 Thu; Good Friday Apr 3 (Easter
    // Apr 5); Mar 31 Tue; Jun 19 Fri; Jul 4 Sat; Nov 3 is the Tuesday after Mon Nov 2; Nov 11 Wed;
    // Thanksgiving Nov 26, day after Nov 27; Dec 24 Thu, Dec 25 Fri, Dec 26 Sat.
    #[rustfmt::skip]
    const STATES_2026: &[(&str, &[&str])] = &[
        // Dec 26 Sat → Fri Dec 25, taken by Christmas → next free weekday Mon Dec 28.
        ("NC", &["2026-01-01", "2026-01-19", "2026-04-03", "2026-05-25", "2026-07-03", "2026-09-07", "2026-11-11", "2026-11-26", "2026-11-27", "2026-12-24", "2026-12-25", "2026-12-28"]),
        // Weekend holidays not moved: Jul 4 and Dec 26 stay on Saturday. MLK and Confederate
        // Heroes Day share Jan 19.
        ("TX", &["2026-01-01", "2026-01-19", "2026-01-19", "2026-02-16", "2026-03-02", "2026-04-21", "2026-05-25", "2026-06-19", "2026-07-04", "2026-08-27", "2026-09-07", "2026-11-11", "2026-11-26", "2026-11-27", "2026-12-24", "2026-12-25", "2026-12-26"]),
        ("NJ", &["2026-01-01", "2026-01-19", "2026-02-12", "2026-02-16", "2026-04-03", "2026-05-25", "2026-06-19", "2026-07-03", "2026-09-07", "2026-10-12", "2026-11-03", "2026-11-11", "2026-11-26", "2026-12-25"]),
        // Saturday Jul 4 not moved in California.
        ("CA", &["2026-01-01", "2026-01-19", "2026-02-16", "2026-03-31", "2026-05-25", "2026-07-04", "2026-09-07", "2026-11-11", "2026-11-26", "2026-11-27", "2026-12-25"]),
        ("AZ", &["2026-01-01", "2026-01-19", "2026-02-16", "2026-05-25", "2026-06-19", "2026-07-03", "2026-09-07", "2026-10-12", "2026-11-11", "2026-11-26", "2026-12-25"]),
        ("GA", &["2026-01-01", "2026-01-19", "2026-04-03", "2026-05-25", "2026-06-19", "2026-07-03", "2026-09-07", "2026-10-12", "2026-11-11", "2026-11-26", "2026-11-27", "2026-12-24", "2026-12-25"]),
        ("FL", &["2026-01-01", "2026-01-19", "2026-05-25", "2026-07-03", "2026-09-07", "2026-11-11", "2026-11-26", "2026-11-27", "2026-12-25"]),
        ("VA", &["2026-01-01", "2026-01-19", "2026-02-16", "2026-05-25", "2026-06-19", "2026-07-03", "2026-09-07", "2026-10-12", "2026-11-03", "2026-11-11", "2026-11-26", "2026-11-27", "2026-12-25"]),
        // Saturday Jul 4 not moved in New York.
        ("NY", &["2026-01-01", "2026-01-19", "2026-02-12", "2026-02-16", "2026-05-25", "2026-06-19", "2026-07-04", "2026-09-07", "2026-10-12", "2026-11-03", "2026-11-11", "2026-11-26", "2026-12-25"]),
        ("PA", &["2026-01-01", "2026-01-19", "2026-02-16", "2026-05-25", "2026-06-19", "2026-07-03", "2026-09-07", "2026-10-12", "2026-11-11", "2026-11-26", "2026-11-27", "2026-12-25"]),
        // Patriots' Day = 3rd Monday of April (Apr 6, 13, 20); Saturday Jul 4 not moved.
        ("MA", &["2026-01-01", "2026-01-19", "2026-02-16", "2026-04-20", "2026-05-25", "2026-06-19", "2026-07-04", "2026-09-07", "2026-10-12", "2026-11-11", "2026-11-26", "2026-12-25"]),
    ];

    #[test]
    fn state_lists_2026() {
        for (code, want) in STATES_2026 {
            assert_eq!(dates(code, 2026), parse_list(want), "{code} 2026");
        }
        assert_eq!(
            name_on("NC", d(2026, 12, 28)).as_deref(),
            Some("Day after Christmas (observed)")
        );
        assert_eq!(
            name_on("GA", d(2026, 4, 3)).as_deref(),
            Some("State Holiday")
        );
    }

    #[test]
    fn massachusetts_keeps_saturday_holidays() {
        // Veterans Day 2023 is a Saturday: MA keeps it there, the federal calendar closes Fri.
        assert!(dates("MA", 2023).contains(&d(2023, 11, 11)));
        assert!(!dates("MA", 2023).contains(&d(2023, 11, 10)));
        assert!(dates("US", 2023).contains(&d(2023, 11, 10)));
        // Sunday still moves: Jan 1 2023 → Mon Jan 2.
        assert!(dates("MA", 2023).contains(&d(2023, 1, 2)));
        let ma = Calendar::new("MA", vec![]);
        assert!(ma.is_business_day(d(2023, 11, 10)));
    }

    #[test]
    fn rhode_island_saturday_goes_to_monday() {
        // Jul 4 2026 Sat → Mon Jul 6; Christmas 2027 Sat → Mon Dec 27.
        assert_eq!(
            name_on("RI", d(2026, 7, 6)).as_deref(),
            Some("Independence Day (observed)")
        );
        assert!(!dates("RI", 2026).contains(&d(2026, 7, 3)));
        assert!(dates("RI", 2027).contains(&d(2027, 12, 27)));
    }

    #[test]
    fn alaska_sunday_rule() {
        // Alaska Day, Oct 18 2026, is a Sunday: Monday Oct 19 is the closure.
        assert_eq!(
            name_on("AK", d(2026, 10, 19)).as_deref(),
            Some("Alaska Day (observed)")
        );
        // Saturday Jul 4 2026 closes Friday Jul 3 (2 AAC 07.810).
        let ak = Calendar::new("AK", vec![]);
        assert!(!ak.is_business_day(d(2026, 7, 3)));
        assert!(!ak.is_business_day(d(2026, 10, 19)));
        // Juneteenth only from 2025.
        assert!(!dates("AK", 2024).contains(&d(2024, 6, 19)));
        assert!(dates("AK", 2025).contains(&d(2025, 6, 19)));
    }

    #[test]
    fn partial_weekend_rules() {
        // WI: 2022 Dec 24 Sat stays, Dec 25 Sun → Mon Dec 26; Jul 4 2027 Sun → Mon Jul 5;
        // Jul 4 2026 Sat stays.
        let wi = dates("WI", 2022);
        assert!(wi.contains(&d(2022, 12, 24)) && wi.contains(&d(2022, 12, 26)));
        assert!(dates("WI", 2027).contains(&d(2027, 7, 5)));
        assert!(dates("WI", 2026).contains(&d(2026, 7, 4)));
        // LA: Veterans Day 2023 (Sat) not moved, Christmas 2022 (Sun) → Mon Dec 26.
        assert!(dates("LA", 2023).contains(&d(2023, 11, 11)));
        assert!(dates("LA", 2022).contains(&d(2022, 12, 26)));
        // NV: Nov 11 moves (2023 Sat → Fri Nov 10).
        assert!(dates("NV", 2023).contains(&d(2023, 11, 10)));
        // WY: Sunday only; Jul 4 2027 (Sun) → Mon Jul 5; Jul 4 2026 (Sat) stays.
        assert!(dates("WY", 2027).contains(&d(2027, 7, 5)));
        assert!(dates("WY", 2026).contains(&d(2026, 7, 4)));
    }

    #[test]
    fn election_and_inauguration_days() {
        // NJ every year (Nov 4 2025); DE only even years (Nov 5 2024); KY presidential years.
        assert!(dates("NJ", 2025).contains(&d(2025, 11, 4)));
        assert!(!dates("DE", 2025).contains(&d(2025, 11, 4)));
        assert!(dates("DE", 2024).contains(&d(2024, 11, 5)));
        assert!(dates("KY", 2024).contains(&d(2024, 11, 5)));
        assert!(!dates("KY", 2026).contains(&d(2026, 11, 3)));
        // DC Inauguration Day: Jan 20 2017 (Fri); 2013's Jan 20 was a Sunday → Jan 21; 2025's
        // Jan 20 is also MLK Day (both listed); 2029's is a Saturday (no weekday closure).
        assert_eq!(
            name_on("DC", d(2017, 1, 20)).as_deref(),
            Some("Inauguration Day")
        );
        assert!(
            holidays("DC", 2013)
                .iter()
                .any(|h| h.date == d(2013, 1, 21) && h.name == "Inauguration Day")
        );
        assert!(
            holidays("DC", 2025)
                .iter()
                .any(|h| h.date == d(2025, 1, 20) && h.name == "Inauguration Day")
        );
        assert!(
            holidays("DC", 2029)
                .iter()
                .any(|h| h.date == d(2029, 1, 20) && h.name == "Inauguration Day")
        );
        assert!(
            !holidays("DC", 2026)
                .iter()
                .any(|h| h.name == "Inauguration Day")
        );
        assert!(
            !holidays("US", 2025)
                .iter()
                .any(|h| h.name == "Inauguration Day")
        );
    }

    #[test]
    fn special_rules() {
        // Utah Juneteenth: Jun 19 2026 is a Friday → Monday Jun 15; 2027 Sat → Mon Jun 21.
        assert_eq!(name_on("UT", d(2026, 6, 15)).as_deref(), Some("Juneteenth"));
        assert!(dates("UT", 2027).contains(&d(2027, 6, 21)));
        // Oklahoma: Christmas 2027 Sat → Thu Dec 23 + Fri Dec 24; 2022 Sun → Mon 26 + Tue 27.
        let ok27 = dates("OK", 2027);
        assert!(ok27.contains(&d(2027, 12, 23)) && ok27.contains(&d(2027, 12, 24)));
        let ok22 = dates("OK", 2022);
        assert!(ok22.contains(&d(2022, 12, 26)) && ok22.contains(&d(2022, 12, 27)));
        // SC 2026 has the same three Christmas days as NC: Dec 24, 25, and Dec 26 → Mon 28.
        let sc = dates("SC", 2026);
        assert!(sc.ends_with(&[d(2026, 12, 24), d(2026, 12, 25), d(2026, 12, 28)]));
        // LA Mardi Gras 2026: Easter Apr 5 − 47 days = Tue Feb 17.
        assert_eq!(name_on("LA", d(2026, 2, 17)).as_deref(), Some("Mardi Gras"));
        // CO: Columbus Day through 2019, Cabrini Day (1st Monday of October) from 2020.
        assert!(dates("CO", 2019).contains(&d(2019, 10, 14)));
        assert!(dates("CO", 2026).contains(&d(2026, 10, 5)));
        assert!(!dates("CO", 2026).contains(&d(2026, 10, 12)));
    }

    #[rustfmt::skip]
    const ALL_CODES: &[&str] = &[
        "US", "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL",
        "IN", "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV",
        "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX",
        "UT", "VT", "VA", "WA", "WV", "WI", "WY", "AS", "GU", "MP", "PR", "VI",
    ];

    #[test]
    fn every_code_has_a_calendar() {
        assert_eq!(ALL_CODES.len(), 57);
        assert_eq!(JURISDICTIONS.len(), 57);
        for code in ALL_CODES {
            for year in 1990..2060 {
                let list = holidays(code, year);
                assert!(list.len() >= 7, "{code} {year}: {list:?}");
                assert!(list.iter().all(|h| h.date.year() == year), "{code} {year}");
                assert!(
                    list.windows(2).all(|w| w[0].date <= w[1].date),
                    "{code} {year}"
                );
            }
        }
        for t in ["AS", "GU", "MP", "PR", "VI"] {
            assert_eq!(dates(t, 2026), dates("US", 2026));
            assert!(calendar_note(t).is_some_and(|n| n.contains("add them")));
        }
        assert!(holidays("XX", 2026).is_empty());
        assert_eq!(dates("nc", 2026), dates("NC", 2026));
    }

    #[test]
    fn codes_unique_and_calendar_shareable() {
        fn shareable<T: Send + Sync>() {}
        shareable::<Calendar>();
        for (i, j) in JURISDICTIONS.iter().enumerate() {
            assert_eq!(
                jurisdiction_index(j.code),
                Some(i),
                "{} listed twice",
                j.code
            );
        }
        // Indiana 2023: Dec 24 (Sun) → Mon Dec 25, taken by Christmas → Tue Dec 26, named once.
        assert_eq!(
            name_on("IN", d(2023, 12, 26)).as_deref(),
            Some("Washington's Birthday (observed)")
        );
    }

    #[test]
    fn notes_flag_proclamation_states() {
        for code in [
            "AL", "CO", "KS", "IN", "CT", "GA", "NM", "LA", "OK", "KY", "WV",
        ] {
            let note = calendar_note(code).unwrap_or_default();
            assert!(
                note.to_lowercase().contains("check this year's"),
                "{code}: {note}"
            );
        }
        assert!(calendar_note("GA").is_some_and(|n| n.contains("verified only for 2026")));
        assert!(calendar_note("XX").is_some());
    }

    #[test]
    fn calendar_business_days() {
        let us = Calendar::new("us", vec![]);
        assert_eq!(us.code(), "US");
        // Wed Jul 1 2026: Thu Jul 2 is day 1; Fri Jul 3 closed (observed); weekend; Mon Jul 6 is
        // day 2.
        assert_eq!(us.add_business_days(d(2026, 7, 1), 0), d(2026, 7, 1));
        assert_eq!(us.add_business_days(d(2026, 7, 1), 2), d(2026, 7, 6));
        assert_eq!(us.business_days_between(d(2026, 7, 1), d(2026, 7, 6)), 2);
        assert_eq!(us.business_days_between(d(2026, 7, 6), d(2026, 7, 1)), -2);
        assert_eq!(us.business_days_between(d(2026, 7, 6), d(2026, 7, 6)), 0);
        assert_eq!(
            us.closed_because(d(2026, 7, 3)).as_deref(),
            Some("Independence Day (observed)")
        );
        assert_eq!(
            us.closed_because(d(2026, 7, 4)).as_deref(),
            Some("Saturday")
        );
        assert_eq!(us.closed_because(d(2026, 7, 5)).as_deref(), Some("Sunday"));
        assert_eq!(us.closed_because(d(2026, 7, 6)), None);
        assert_eq!(us.roll_forward(d(2026, 7, 3)), d(2026, 7, 6));
        assert_eq!(us.roll_forward(d(2026, 7, 6)), d(2026, 7, 6));
        // 20 working days from Mon Nov 2 2026: Nov 3–6 (4), 9–10, 12–13 (Nov 11 closed; 8),
        // 16–20 (13), 23–25 (16; Nov 26 closed), Nov 27 (17), Nov 30, Dec 1, Dec 2 (20).
        assert_eq!(us.add_business_days(d(2026, 11, 2), 20), d(2026, 12, 2));

        // NC from Wed Dec 23 2026: Dec 24, 25 closed, weekend, Dec 28 closed → Tue Dec 29.
        let nc = Calendar::new("NC", vec![]);
        assert_eq!(nc.add_business_days(d(2026, 12, 23), 1), d(2026, 12, 29));

        // An added closure on Thu Jul 2 2026 pushes the first business day after Jul 1 to Jul 6.
        let extra = Holiday {
            date: d(2026, 7, 2),
            name: "Office closed".to_string(),
        };
        let with = Calendar::new("US", vec![extra.clone()]);
        assert_eq!(with.add_business_days(d(2026, 7, 1), 1), d(2026, 7, 6));
        assert_eq!(
            with.closed_because(d(2026, 7, 2)).as_deref(),
            Some("Office closed")
        );
        let closures = with.closures_in(2026);
        assert_eq!(closures.len(), 12);
        assert!(closures.contains(&extra));
        assert!(closures.windows(2).all(|w| w[0].date <= w[1].date));

        // Unknown code: weekends only.
        let none = Calendar::new("XX", vec![]);
        assert!(none.is_business_day(d(2026, 12, 25)));
        assert!(none.closures_in(2026).is_empty());

        // Years outside the cache still work; the far end of the date range saturates.
        assert!(!us.is_business_day(d(2300, 12, 25)));
        assert_eq!(us.add_business_days(NaiveDate::MAX, 5), NaiveDate::MAX);
    }

    fn arb_date() -> impl Strategy<Value = NaiveDate> {
        (1990i32..2090, 1u32..=365).prop_map(|(y, o)| NaiveDate::from_yo_opt(y, o).unwrap())
    }

    fn arb_code() -> impl Strategy<Value = &'static str> {
        proptest::sample::select(ALL_CODES)
    }

    proptest! {
        #[test]
        fn add_then_count_gives_n(code in arb_code(), from in arb_date(), n in 0u32..400) {
            let cal = Calendar::new(code, vec![]);
            let to = cal.add_business_days(from, n);
            prop_assert_eq!(cal.business_days_between(from, to), i64::from(n));
            prop_assert_eq!(cal.business_days_between(to, from), -i64::from(n));
        }

        #[test]
        fn added_day_is_a_business_day(code in arb_code(), from in arb_date(), n in 1u32..400) {
            let cal = Calendar::new(code, vec![]);
            let to = cal.add_business_days(from, n);
            prop_assert!(to > from);
            prop_assert!(cal.is_business_day(to));
            prop_assert!(cal.closed_because(to).is_none());
        }

        #[test]
        fn extra_closures_never_make_it_earlier(
            code in arb_code(),
            from in arb_date(),
            n in 0u32..100,
            offsets in proptest::collection::vec(0i64..200, 0..10),
        ) {
            let extra = offsets
                .iter()
                .map(|o| Holiday { date: from + chrono::Duration::days(*o), name: "Closed".into() })
                .collect();
            let plain = Calendar::new(code, vec![]);
            let with = Calendar::new(code, extra);
            prop_assert!(with.add_business_days(from, n) >= plain.add_business_days(from, n));
            if n > 0 {
                prop_assert!(with.is_business_day(with.add_business_days(from, n)));
            }
        }

        #[test]
        fn counting_matches_walking_the_days(
            code in arb_code(),
            a in arb_date(),
            span in -800i64..800,
            offsets in proptest::collection::vec(-30i64..830, 0..8),
        ) {
            // Added closures on any day, some on weekends or rule closures, some outside.
            let extra = offsets
                .iter()
                .map(|o| Holiday { date: a + chrono::Duration::days(*o), name: "Closed".into() })
                .collect();
            let cal = Calendar::new(code, extra);
            let b = a + chrono::Duration::days(span);
            let walked = |x: NaiveDate, y: NaiveDate| {
                x.iter_days().skip(1).take_while(|d| *d <= y).filter(|d| cal.is_business_day(*d)).count() as i64
            };
            let expected = if b < a { -walked(b, a) } else { walked(a, b) };
            prop_assert_eq!(cal.business_days_between(a, b), expected);
        }

        #[test]
        fn roll_forward_is_idempotent(code in arb_code(), day in arb_date()) {
            let cal = Calendar::new(code, vec![]);
            let r = cal.roll_forward(day);
            prop_assert!(r >= day);
            prop_assert!(cal.is_business_day(r));
            prop_assert_eq!(cal.roll_forward(r), r);
            prop_assert_eq!(cal.is_business_day(day), r == day);
        }
    }
}
