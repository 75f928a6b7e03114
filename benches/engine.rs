//! The deadline engine's throughput: `docket::law::compute` over a realistic mix of requests.
//!
//! ```sh
//! cargo bench --bench engine
//! ```
//!
//! Each iteration computes the deadlines of 1,000 requests spread over every jurisdiction, each
//! with its state's rule and holiday calendar plus a few closure days, filed on dates across
//! four years, with histories like the benchmark database's (acknowledgments, clarification
//! and fee pauses, extensions, partial releases, answers, denials and appeals), as of a fixed
//! day. Criterion reports the throughput in elements (due-date computations) per second.

use std::hint::black_box;

use chrono::{Days, NaiveDate};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

use docket::law::{Calendar, EventIn, Holiday, Input, Rule, builtin_rule, builtin_rules, compute};
use docket::model::EventKind;

/// SplitMix64, so the mix is the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        ((self.next() as u128 * n as u128) >> 64) as u64
    }
}

struct Case {
    state: usize,
    filed: NaiveDate,
    events: Vec<EventIn>,
}

/// Histories by kind, each event `gap` days after the one before.
const HISTORIES: &[&[(EventKind, u64)]] = {
    use EventKind as K;
    &[
        &[],
        &[(K::Ack, 2)],
        &[(K::Ack, 1), (K::Complete, 20)],
        &[
            (K::Ack, 3),
            (K::Extend, 8),
            (K::Partial, 15),
            (K::Complete, 30),
        ],
        &[(K::Clarify, 4), (K::Clarified, 6), (K::Complete, 25)],
        &[
            (K::Ack, 2),
            (K::Fee, 10),
            (K::Paid, 5),
            (K::Partial, 12),
            (K::Partial, 20),
        ],
        &[(K::Deny, 12), (K::Appeal, 6), (K::AppealDenied, 25)],
        &[(K::Ack, 2), (K::Followup, 20), (K::Followup, 15)],
        &[
            (K::Ack, 1),
            (K::Clarify, 5),
            (K::Clarified, 3),
            (K::Fee, 7),
            (K::Waived, 4),
        ],
        &[(K::NoRecords, 9)],
    ]
};

fn cases(n: usize, rules: &[Rule], today: NaiveDate) -> Vec<Case> {
    let mut rng = Rng(7);
    let start = today - Days::new(4 * 365);
    (0..n)
        .map(|i| {
            let filed = start + Days::new(rng.below(4 * 365));
            let mut on = filed;
            let mut events = Vec::new();
            for (j, (kind, gap)) in HISTORIES[i % HISTORIES.len()].iter().enumerate() {
                on = on + Days::new(*gap + rng.below(*gap + 1));
                events.push(EventIn {
                    id: j as i64 + 2,
                    kind: *kind,
                    on,
                    days: (*kind == EventKind::Extend).then_some(10),
                    until: None,
                });
            }
            Case {
                state: rng.below(rules.len() as u64) as usize,
                filed,
                events,
            }
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let today = NaiveDate::from_ymd_opt(2026, 11, 2).unwrap();
    let rules: Vec<Rule> = builtin_rules();
    // Each state's holidays plus a few closure days of its own, as users add them.
    let calendars: Vec<Calendar> = rules
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let extra = (2022..=2026)
                .map(|y| Holiday {
                    date: NaiveDate::from_ymd_opt(y, 9, 1 + (i as u32 % 27)).unwrap(),
                    name: "storm closure".to_string(),
                })
                .collect();
            Calendar::new(&r.code, extra)
        })
        .collect();
    let all = cases(1_000, &rules, today);

    let mut g = c.benchmark_group("deadline engine");
    g.throughput(Throughput::Elements(all.len() as u64));
    g.bench_function("compute, 1,000 requests across all jurisdictions", |b| {
        b.iter(|| {
            let mut n = 0usize;
            for case in &all {
                let input = Input {
                    rule: &rules[case.state],
                    calendar: &calendars[case.state],
                    filed_on: case.filed,
                    filed_via: None,
                    events: &case.events,
                    followup_days: None,
                    today,
                };
                let d = compute(black_box(&input));
                n += d.clocks.len();
            }
            black_box(n)
        })
    });

    // One busy state (Texas: response, certificate and appeal clocks, winter-storm closures).
    let tx = builtin_rule("TX").expect("TX rule");
    let tx_cal = Calendar::new(
        "TX",
        vec![Holiday {
            date: NaiveDate::from_ymd_opt(2026, 2, 3).unwrap(),
            name: "winter storm closure".to_string(),
        }],
    );
    g.bench_function("compute, 1,000 Texas requests", |b| {
        b.iter(|| {
            let mut n = 0usize;
            for case in &all {
                let input = Input {
                    rule: &tx,
                    calendar: &tx_cal,
                    filed_on: case.filed,
                    filed_via: None,
                    events: &case.events,
                    followup_days: None,
                    today,
                };
                n += compute(black_box(&input)).clocks.len();
            }
            black_box(n)
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
