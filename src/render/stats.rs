//! Response-time statistics for `docket stats`: counts by outcome, medians and 90th
//! percentiles of business days to first response and to completion, the share answered on
//! time, and fees, per group (agency, state or batch) and overall.
//!
//! Pure: the caller computes each request's business-day figures (with paused days already
//! taken out) from the deadline engine and hands them in as [`StatsInput`]s.

use std::collections::BTreeMap;
use std::str::FromStr;

use serde::Serialize;

use crate::model::Status;

/// Groups smaller than this are marked `small`: a median of four requests says little, and a
/// newsroom should not publish a percentage from it without saying so.
pub const SMALL_GROUP: usize = 5;

/// One request, reduced to what the statistics need.
#[derive(Debug, Clone, PartialEq)]
pub struct StatsInput {
    /// The agency slug, state code or batch name the request is counted under.
    pub group: String,
    /// The status string (`filed`, `no-records`, ...).
    pub status: String,
    /// The agency's last final answer (`complete`, `deny`, `no-records`), kept while an appeal
    /// of it runs: a denial under appeal is counted as a denial.
    pub final_answer: Option<String>,
    /// Whether the request was ever filed (drafts are not).
    pub filed: bool,
    /// Business days from filing to the first agency response, paused days excluded.
    pub first_response_bd: Option<i64>,
    /// Business days from filing to the final answer, paused days excluded.
    pub completion_bd: Option<i64>,
    /// Whether the final answer came within the statutory deadline; `None` where the law sets
    /// no clock or the question is still open.
    pub on_time: Option<bool>,
    pub overdue_now: bool,
    pub fees_requested_cents: i64,
    pub fees_paid_cents: i64,
}

/// The statistics of one group, or of everything (group `"all"`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatsRow {
    pub group: String,
    pub requests: usize,
    pub filed: usize,
    /// Still waiting on the agency (or on us): filed, acknowledged, clarification-needed,
    /// fee-requested, extended, partial, appealed, appeal-granted.
    pub open: usize,
    /// Whose last final answer gave the records.
    pub completed: usize,
    /// Records in part with more to come (also counted as open).
    pub partial: usize,
    /// Whose last final answer was a denial: those under appeal and those whose appeal was
    /// decided included.
    pub denied: usize,
    pub no_records: usize,
    pub withdrawn: usize,
    pub median_first_response: Option<f64>,
    pub p90_first_response: Option<f64>,
    pub median_completion: Option<f64>,
    pub p90_completion: Option<f64>,
    /// Share (0–1) of decided requests answered on time; `None` when none is decided.
    pub on_time_share: Option<f64>,
    pub overdue_now: usize,
    /// Dollars.
    pub fees_requested: f64,
    /// Dollars.
    pub fees_paid: f64,
    /// Fewer than [`SMALL_GROUP`] requests: figures to be read with care.
    pub small: bool,
}

/// The median of `xs` (sorted in place): the middle value, or for an even count the mean of
/// the two middle values. `None` for an empty set.
pub fn median(xs: &mut [i64]) -> Option<f64> {
    if xs.is_empty() {
        return None;
    }
    xs.sort_unstable();
    let n = xs.len();
    if n % 2 == 1 {
        Some(xs[n / 2] as f64)
    } else {
        // Add as floats: two large i64 could overflow.
        Some((xs[n / 2 - 1] as f64 + xs[n / 2] as f64) / 2.0)
    }
}

/// The `p` percentile of `xs` (sorted in place) by the nearest-rank method: the
/// ⌈p·n⌉-th smallest value (at least the first). `p` is a fraction: `0.9` for the 90th
/// percentile. Nearest rank always returns one of the observed values, which is what a reader
/// expects of "90% of requests got an answer within N business days". `None` for an empty set or
/// a `p` outside 0..=1.
pub fn percentile(xs: &mut [i64], p: f64) -> Option<f64> {
    if xs.is_empty() || !(0.0..=1.0).contains(&p) {
        return None;
    }
    xs.sort_unstable();
    let n = xs.len();
    // The small tolerance keeps 0.07 × 100 = 7.000000000000001 (in f64) at rank 7, not 8.
    let rank = (p * n as f64 - 1e-9).ceil().max(1.0) as usize;
    Some(xs[rank.min(n) - 1] as f64)
}

fn is_open(status: &str) -> bool {
    Status::from_str(status).is_ok_and(Status::is_open)
}

#[derive(Default)]
struct Acc {
    requests: usize,
    filed: usize,
    open: usize,
    completed: usize,
    partial: usize,
    denied: usize,
    no_records: usize,
    withdrawn: usize,
    first: Vec<i64>,
    completion: Vec<i64>,
    decided: usize,
    on_time: usize,
    overdue_now: usize,
    fees_requested_cents: i64,
    fees_paid_cents: i64,
}

impl Acc {
    fn add(&mut self, i: &StatsInput) {
        self.requests += 1;
        self.filed += usize::from(i.filed);
        self.open += usize::from(is_open(&i.status));
        match i.final_answer.as_deref() {
            Some("complete") => self.completed += 1,
            Some("deny") => self.denied += 1,
            Some("no-records") => self.no_records += 1,
            _ => {}
        }
        match i.status.as_str() {
            "partial" => self.partial += 1,
            "withdrawn" => self.withdrawn += 1,
            _ => {}
        }
        self.first.extend(i.first_response_bd);
        self.completion.extend(i.completion_bd);
        if let Some(ok) = i.on_time {
            self.decided += 1;
            self.on_time += usize::from(ok);
        }
        self.overdue_now += usize::from(i.overdue_now);
        self.fees_requested_cents = self
            .fees_requested_cents
            .saturating_add(i.fees_requested_cents);
        self.fees_paid_cents = self.fees_paid_cents.saturating_add(i.fees_paid_cents);
    }

    fn finish(mut self, group: String) -> StatsRow {
        StatsRow {
            group,
            requests: self.requests,
            filed: self.filed,
            open: self.open,
            completed: self.completed,
            partial: self.partial,
            denied: self.denied,
            no_records: self.no_records,
            withdrawn: self.withdrawn,
            median_first_response: median(&mut self.first),
            p90_first_response: percentile(&mut self.first, 0.9),
            median_completion: median(&mut self.completion),
            p90_completion: percentile(&mut self.completion, 0.9),
            on_time_share: (self.decided > 0).then(|| self.on_time as f64 / self.decided as f64),
            overdue_now: self.overdue_now,
            fees_requested: self.fees_requested_cents as f64 / 100.0,
            fees_paid: self.fees_paid_cents as f64 / 100.0,
            small: self.requests < SMALL_GROUP,
        }
    }
}

/// One row per group, sorted by group name, then a final row `"all"` over every input (present
/// even when there are no inputs, with zero counts and `n/a` figures).
pub fn compute(inputs: &[StatsInput]) -> Vec<StatsRow> {
    let mut groups: BTreeMap<&str, Acc> = BTreeMap::new();
    let mut all = Acc::default();
    for i in inputs {
        groups.entry(i.group.as_str()).or_default().add(i);
        all.add(i);
    }
    let mut rows: Vec<StatsRow> = groups
        .into_iter()
        .map(|(g, acc)| acc.finish(g.to_string()))
        .collect();
    rows.push(all.finish("all".to_string()));
    rows
}

/// The column headers of [`stats_table`]; "bd" is business days.
pub const STATS_HEADERS: [&str; 17] = [
    "Group",
    "Requests",
    "Filed",
    "Open",
    "Completed",
    "Partial",
    "Denied",
    "No records",
    "Withdrawn",
    "Median 1st response (bd)",
    "P90 1st response (bd)",
    "Median completion (bd)",
    "P90 completion (bd)",
    "On time",
    "Overdue now",
    "Fees requested ($)",
    "Fees paid ($)",
];

/// Business days as a reader wants them: `4`, `4.5`, or `n/a`.
fn days(v: Option<f64>) -> String {
    match v {
        None => "n/a".into(),
        Some(x) if x.fract() == 0.0 => format!("{x:.0}"),
        Some(x) => format!("{x:.1}"),
    }
}

/// The rows as text cells for a table, CSV or Markdown: `n/a` for figures that have no data,
/// the on-time share as a whole percentage, fees with cents, and ` (n<5)` after the name of a
/// small group.
pub fn stats_table(rows: &[StatsRow]) -> (Vec<&'static str>, Vec<Vec<String>>) {
    let cells = rows
        .iter()
        .map(|r| {
            let group = if r.small {
                format!("{} (n<{SMALL_GROUP})", r.group)
            } else {
                r.group.clone()
            };
            vec![
                group,
                r.requests.to_string(),
                r.filed.to_string(),
                r.open.to_string(),
                r.completed.to_string(),
                r.partial.to_string(),
                r.denied.to_string(),
                r.no_records.to_string(),
                r.withdrawn.to_string(),
                days(r.median_first_response),
                days(r.p90_first_response),
                days(r.median_completion),
                days(r.p90_completion),
                r.on_time_share
                    .map(|s| format!("{:.0}%", s * 100.0))
                    .unwrap_or_else(|| "n/a".into()),
                r.overdue_now.to_string(),
                format!("{:.2}", r.fees_requested),
                format!("{:.2}", r.fees_paid),
            ]
        })
        .collect();
    (STATS_HEADERS.to_vec(), cells)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_is_the_middle_or_the_mean_of_the_two_middles() {
        // (input, expected): sorted by hand
        let cases: &[(&[i64], Option<f64>)] = &[
            (&[], None),
            (&[7], Some(7.0)),
            (&[3, 1, 2], Some(2.0)),                        // 1 2 3 -> 2
            (&[4, 1, 3, 2], Some(2.5)),                     // 1 2 3 4 -> (2+3)/2
            (&[10, 0], Some(5.0)),                          // (0+10)/2
            (&[5, 5, 1, 9, 9], Some(5.0)),                  // 1 5 5 9 9 -> 5
            (&[2, 8, 3, 5], Some(4.0)),                     // 2 3 5 8 -> (3+5)/2
            (&[-2, 1], Some(-0.5)),                         // (-2+1)/2
            (&[i64::MAX, i64::MAX], Some(i64::MAX as f64)), // no overflow
        ];
        for (xs, want) in cases {
            let mut v = xs.to_vec();
            assert_eq!(median(&mut v), *want, "median of {xs:?}");
        }
    }

    #[test]
    fn percentile_is_nearest_rank() {
        let one_to = |n: i64| (1..=n).rev().collect::<Vec<i64>>();
        // (set, p, expected): rank = ceil(p·n), value = rank-th smallest
        let cases: Vec<(Vec<i64>, f64, Option<f64>)> = vec![
            (vec![], 0.9, None),
            (vec![42], 0.9, Some(42.0)),        // ceil(0.9) = 1
            (vec![2, 3, 5, 8], 0.9, Some(8.0)), // ceil(3.6) = 4 -> 8
            (vec![4, 10, 12, 20], 0.9, Some(20.0)),
            (one_to(10), 0.9, Some(9.0)),   // ceil(9.0) = 9
            (one_to(11), 0.9, Some(10.0)),  // ceil(9.9) = 10
            (one_to(20), 0.9, Some(18.0)),  // ceil(18.0) = 18
            (one_to(100), 0.07, Some(7.0)), // 0.07 × 100 is 7.000000000000001 in f64: still rank 7
            (one_to(4), 0.5, Some(2.0)),    // ceil(2.0) = 2 (not the mean 2.5)
            (one_to(5), 0.0, Some(1.0)),    // rank at least 1
            (one_to(5), 1.0, Some(5.0)),
            (one_to(5), 1.5, None),
            (one_to(5), -0.1, None),
            (one_to(5), f64::NAN, None),
        ];
        for (xs, p, want) in cases {
            let mut v = xs.clone();
            assert_eq!(percentile(&mut v, p), want, "p{p} of {xs:?}");
        }
        // Against integer arithmetic for many sizes: rank = ceil(9n/10) = (9n + 9) / 10.
        for n in 1..=1000_i64 {
            let mut v = one_to(n);
            assert_eq!(
                percentile(&mut v, 0.9),
                Some(((9 * n + 9) / 10) as f64),
                "n={n}"
            );
        }
    }

    fn input(
        group: &str,
        status: &str,
        filed: bool,
        first: Option<i64>,
        completion: Option<i64>,
        on_time: Option<bool>,
    ) -> StatsInput {
        let final_answer = match status {
            "completed" => Some("complete"),
            "denied" | "appeal-denied" | "appealed" => Some("deny"),
            "no-records" => Some("no-records"),
            _ => None,
        };
        StatsInput {
            group: group.into(),
            status: status.into(),
            final_answer: final_answer.map(str::to_string),
            filed,
            first_response_bd: first,
            completion_bd: completion,
            on_time,
            overdue_now: false,
            fees_requested_cents: 0,
            fees_paid_cents: 0,
        }
    }

    /// Nine requests in three groups. The business-day figures are what the caller hands in,
    /// paused days already taken out (e.g. NC #3 waited 2 bd for an answer plus 6 bd paused on
    /// a fee: it comes in as 2).
    fn sample() -> Vec<StatsInput> {
        let mut v = vec![
            input("NC", "completed", true, Some(3), Some(10), Some(true)),
            input("NC", "denied", true, Some(5), Some(12), Some(false)),
            input("NC", "fee-requested", true, Some(2), None, None),
            input("NC", "filed", true, None, None, None),
            input("NC", "partial", true, Some(8), None, Some(true)),
            input("TX", "draft", false, None, None, None),
            input("TX", "withdrawn", true, None, None, None),
            input("GA", "no-records", true, Some(4), Some(4), Some(true)),
            input("GA", "appeal-denied", true, Some(6), Some(20), Some(false)),
        ];
        v[2].fees_requested_cents = 2500;
        v[3].overdue_now = true;
        v[4].fees_requested_cents = 1000;
        v[4].fees_paid_cents = 1000;
        v
    }

    #[test]
    fn compute_on_a_hand_computed_set() {
        let rows = compute(&sample());
        let groups: Vec<&str> = rows.iter().map(|r| r.group.as_str()).collect();
        assert_eq!(groups, ["GA", "NC", "TX", "all"]);

        // GA: 2 requests, both filed and closed. appeal-denied counts as denied.
        //   first response 4, 6 -> median (4+6)/2 = 5; p90 rank ceil(1.8) = 2 -> 6
        //   completion 4, 20 -> median 12; p90 -> 20
        //   on time: true, false -> 1/2
        let ga = &rows[0];
        assert_eq!(
            (ga.requests, ga.filed, ga.open, ga.no_records, ga.denied),
            (2, 2, 0, 1, 1)
        );
        assert_eq!(ga.median_first_response, Some(5.0));
        assert_eq!(ga.p90_first_response, Some(6.0));
        assert_eq!(ga.median_completion, Some(12.0));
        assert_eq!(ga.p90_completion, Some(20.0));
        assert_eq!(ga.on_time_share, Some(0.5));
        assert!(ga.small);

        // NC: 5 requests, all filed; open = fee-requested, filed, partial = 3.
        //   first response 3, 5, 2, 8 (sorted 2 3 5 8) -> median (3+5)/2 = 4; p90 ceil(3.6)=4 -> 8
        //   completion 10, 12 -> median 11; p90 ceil(1.8) = 2 -> 12
        //   on time: true, false, true (two undecided left out) -> 2/3
        //   fees: 25.00 + 10.00 requested, 10.00 paid; one overdue now; n = 5 is not small.
        let nc = &rows[1];
        assert_eq!(
            (
                nc.requests,
                nc.filed,
                nc.open,
                nc.completed,
                nc.partial,
                nc.denied
            ),
            (5, 5, 3, 1, 1, 1)
        );
        assert_eq!(nc.median_first_response, Some(4.0));
        assert_eq!(nc.p90_first_response, Some(8.0));
        assert_eq!(nc.median_completion, Some(11.0));
        assert_eq!(nc.p90_completion, Some(12.0));
        assert_eq!(nc.on_time_share, Some(2.0 / 3.0));
        assert_eq!(nc.overdue_now, 1);
        assert_eq!((nc.fees_requested, nc.fees_paid), (35.0, 10.0));
        assert!(!nc.small);

        // TX: a draft (not filed, not open) and a withdrawal: no figures, on-time n/a.
        let tx = &rows[2];
        assert_eq!((tx.requests, tx.filed, tx.open, tx.withdrawn), (2, 1, 0, 1));
        assert_eq!(tx.median_first_response, None);
        assert_eq!(tx.p90_completion, None);
        assert_eq!(tx.on_time_share, None);
        assert!(tx.small);

        // all: 9 requests, 8 filed, 3 open, 2 denied.
        //   first response 2 3 4 5 6 8 -> median (4+5)/2 = 4.5; p90 ceil(5.4) = 6 -> 8
        //   completion 4 10 12 20 -> median 11; p90 ceil(3.6) = 4 -> 20
        //   on time: 3 of 5 decided -> 0.6
        let all = &rows[3];
        assert_eq!(
            (
                all.requests,
                all.filed,
                all.open,
                all.denied,
                all.no_records,
                all.withdrawn
            ),
            (9, 8, 3, 2, 1, 1)
        );
        assert_eq!(all.median_first_response, Some(4.5));
        assert_eq!(all.p90_first_response, Some(8.0));
        assert_eq!(all.median_completion, Some(11.0));
        assert_eq!(all.p90_completion, Some(20.0));
        assert_eq!(all.on_time_share, Some(0.6));
        assert_eq!((all.fees_requested, all.fees_paid), (35.0, 10.0));
        assert!(!all.small);
    }

    #[test]
    fn compute_of_nothing_is_an_empty_all_row() {
        let rows = compute(&[]);
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].group, "all");
        assert_eq!(rows[0].requests, 0);
        assert_eq!(rows[0].on_time_share, None);
        assert!(rows[0].small);
    }

    #[test]
    fn stats_table_formats_na_percentages_and_small_groups() {
        let (headers, cells) = stats_table(&compute(&sample()));
        assert_eq!(headers.len(), 17);
        assert!(cells.iter().all(|r| r.len() == headers.len()));
        assert_eq!(
            cells[0],
            [
                "GA (n<5)", "2", "2", "0", "0", "0", "1", "1", "0", "5", "6", "12", "20", "50%",
                "0", "0.00", "0.00"
            ]
        );
        assert_eq!(cells[1][0], "NC");
        assert_eq!(cells[1][13], "67%"); // 2/3
        assert_eq!(cells[1][15], "35.00");
        assert_eq!(&cells[2][9..14], ["n/a", "n/a", "n/a", "n/a", "n/a"]);
        assert_eq!(cells[3][0], "all");
        assert_eq!(cells[3][9], "4.5");
    }

    #[test]
    fn stats_rows_serialise_with_snake_case_keys() {
        let v = serde_json::to_value(compute(&sample())).expect("serialises");
        assert_eq!(v[2]["group"], "TX");
        assert!(v[2]["on_time_share"].is_null());
        assert_eq!(v[2]["no_records"], 0);
        assert_eq!(v[3]["median_first_response"], 4.5);
        assert_eq!(v[3]["small"], false);
    }
}
