//! Benchmark data generator: a realistic docket database, deterministic by seed.
//!
//! ```sh
//! cargo run --release --example gen -- --out bench/out/large.sqlite3 \
//!     --requests 100000 --events 1000000 --agencies 6000 --seed 1 --today 2026-11-02
//! ```
//!
//! What it makes:
//! - agencies across every state: read with docket's own importer from the FBI roster in
//!   `../shared/data/agencies/` (every county sheriff's office, then other agencies drawn by
//!   seed up to `--agencies`), then ICE's 287(g) list from `../shared/data/ice-287g/` merged in
//!   (agreements, and the agencies the roster lacks). Without that folder (or with `--synthetic`)
//!   the agencies are made up, spread over the 50 states and DC;
//! - requests over `--years` years up to `--today`: quarterly bulk batches (one template to
//!   a couple of thousand agencies) plus single requests, a few drafts never filed;
//! - for each request a history that follows docket's state machine: filing, acknowledgments
//!   with tracking numbers, clarifications and answers, fees paid or waived, extensions (in days
//!   or to a date), partial releases, completions, denials, no-records answers, appeals and
//!   their outcomes, withdrawals; agency replies with documents attached, our follow-ups, notes,
//!   and a few mistaken notes voided. Some agencies never answer (they stay overdue), others
//!   answer late. Events after `--today` are not written, so recent requests are still open;
//! - a few closure days (statewide and for single agencies) so that calendars differ.
//!
//! Then, for benchmarks that need a given answer size beside a given archive size, extra
//! requests with short histories of their own (not counted in `--events`), numbered after the
//! others, which stay exactly as they are without them:
//! - `--late N`: filed between `--years` years and 90 days ago and never answered (overdue);
//! - `--pending N`: filed on `--today` (open, nothing due yet);
//! - `--closed N`: filed in the same span and completed ten days later.
//!
//! The event total is exactly `--events`. Rows are inserted directly (one transaction per
//! 5,000 requests) and then docket's own `tracker::recompute` derives every cached column
//! (status, due dates, flag, paused days, ...) exactly as the program does. Uids and
//! timestamps are made from the seed and the dates, so the same arguments give the same file.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result, bail};
use chrono::{Datelike, Days, NaiveDate};
use rusqlite::{Connection, params};

use docket::app::deadlines::Law;
use docket::db::Db;
use docket::model::{AgencyFields, AgencyKind, EventKind, Machine, Status};

// ---------------------------------------------------------------------------------------------
// A small deterministic PRNG (SplitMix64): no dependency, same numbers on every platform.

struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x5DEE_CE66_D1A4_F87D)
    }
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in [0, n).
    fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            return 0;
        }
        ((self.next_u64() as u128 * n as u128) >> 64) as u64
    }
    /// Uniform in [lo, hi].
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }
    fn chance(&mut self, p: f64) -> bool {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    /// One of `choices` by weight.
    fn pick<T: Copy>(&mut self, choices: &[(T, u32)]) -> T {
        let total: u32 = choices.iter().map(|c| c.1).sum();
        let mut x = self.below(total as u64) as u32;
        for &(v, w) in choices {
            if x < w {
                return v;
            }
            x -= w;
        }
        choices[choices.len() - 1].0
    }
    /// A UUIDv7-shaped id: the day's timestamp and seeded random bits.
    fn uid(&mut self, day: NaiveDate, ms_in_day: u64) -> String {
        let ms = (day.and_hms_opt(0, 0, 0).unwrap().and_utc().timestamp() as u64) * 1000
            + ms_in_day % 86_400_000;
        let a = self.next_u64();
        let b = self.next_u64();
        let hi: u128 = ((ms as u128) << 80) | (0x7u128 << 76) | (((a >> 52) as u128) << 64);
        let lo: u128 = ((0b10u128) << 62) | ((b >> 2) as u128);
        let v = hi | lo;
        let h = format!("{v:032x}");
        format!(
            "{}-{}-{}-{}-{}",
            &h[0..8],
            &h[8..12],
            &h[12..16],
            &h[16..20],
            &h[20..32]
        )
    }
}

// ---------------------------------------------------------------------------------------------

struct Args {
    out: PathBuf,
    requests: usize,
    events: usize,
    agencies: usize,
    seed: u64,
    today: NaiveDate,
    years: u32,
    data: Option<PathBuf>,
    force: bool,
    late: usize,
    pending: usize,
    closed: usize,
}

fn usage() -> ! {
    eprintln!(
        "usage: gen --out FILE [--requests N] [--events N] [--agencies N] [--seed S] \
         [--today YYYY-MM-DD] [--years Y] [--data DIR | --synthetic] [--late N] [--pending N] \
         [--closed N] [--force]"
    );
    std::process::exit(2)
}

fn parse_args() -> Result<Args> {
    let mut a = Args {
        out: PathBuf::new(),
        requests: 100_000,
        events: 1_000_000,
        agencies: 6_000,
        seed: 1,
        today: NaiveDate::from_ymd_opt(2026, 11, 2).unwrap(),
        years: 4,
        data: Some(Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data")),
        force: false,
        late: 0,
        pending: 0,
        closed: 0,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut val = || it.next().unwrap_or_else(|| usage());
        match flag.as_str() {
            "--out" => a.out = PathBuf::from(val()),
            "--requests" => a.requests = val().replace('_', "").parse()?,
            "--events" => a.events = val().replace('_', "").parse()?,
            "--agencies" => a.agencies = val().replace('_', "").parse()?,
            "--seed" => a.seed = val().parse()?,
            "--today" => a.today = val().parse()?,
            "--years" => a.years = val().parse()?,
            "--data" => a.data = Some(PathBuf::from(val())),
            "--synthetic" => a.data = None,
            "--force" => a.force = true,
            "--late" => a.late = val().replace('_', "").parse()?,
            "--pending" => a.pending = val().replace('_', "").parse()?,
            "--closed" => a.closed = val().replace('_', "").parse()?,
            "-h" | "--help" => usage(),
            other => bail!("unknown argument {other}"),
        }
    }
    if a.out.as_os_str().is_empty() {
        usage();
    }
    if a.events < a.requests {
        bail!("--events must be at least --requests");
    }
    Ok(a)
}

fn main() -> Result<()> {
    let args = parse_args()?;
    let started = Instant::now();
    if args.out.exists() {
        if !args.force {
            bail!("{} exists: add --force to replace it", args.out.display());
        }
        for suffix in ["", "-wal", "-shm"] {
            let mut p = args.out.clone().into_os_string();
            p.push(suffix);
            let _ = std::fs::remove_file(PathBuf::from(p));
        }
    }
    if let Some(parent) = args.out.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    let mut rng = Rng::new(args.seed);
    let mut db = Db::open(&args.out, true)?;
    docket::app::upgrade::sync_rules(&mut db, args.today)?;

    let data = args.data.clone().filter(|d| d.join("agencies").is_dir());
    let n_agencies = make_agencies(&mut db, &args, data.as_deref(), &mut rng)?;
    let agencies = load_agencies(db.conn())?;
    fix_agency_uids(&mut db, &args, &mut rng)?;
    add_closures(&mut db, &args, &agencies, &mut rng)?;
    let docs = make_documents(&mut db, &args, &mut rng)?;
    let (specs, batches) = plan_requests(&args, &agencies, &mut rng);
    let agency_ids: Vec<i64> = agencies.iter().map(|a| a.id).collect();
    let (n_events, n_links) = write_requests(
        &mut db,
        &args,
        &specs,
        &batches,
        &agency_ids,
        &docs,
        &mut rng,
    )?;
    let n_extra = write_extra(&mut db, &args, &agency_ids)?;
    db.conn()
        .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    let (open, overdue): (i64, i64) = db.conn().query_row(
        "SELECT sum(status IN ('filed','acknowledged','clarification-needed','fee-requested',\
         'extended','partial','appealed','appeal-granted')), \
         sum(flag IN ('overdue','ack-overdue','follow-up')) FROM requests",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    eprintln!(
        "{}: {} agencies ({}), {} requests ({} open, {} flagged late), {} events, {} documents \
         linked {} times; seed {}, today {}; {:.1} s",
        args.out.display(),
        agencies.len(),
        if data.is_some() {
            format!("{n_agencies} from the FBI roster, then ICE's 287(g) list merged")
        } else {
            "synthetic".to_string()
        },
        specs.len() + n_extra,
        open,
        overdue,
        n_events,
        docs.len(),
        n_links,
        args.seed,
        args.today,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Agencies

#[derive(Clone)]
struct AgencyRow {
    id: i64,
    in_287g: bool,
}

/// Creates the agencies; returns how many came from the roster (or were made up).
fn make_agencies(db: &mut Db, args: &Args, data: Option<&Path>, rng: &mut Rng) -> Result<usize> {
    use docket::import::{Source, plan::plan, read};
    let today = args.today;
    let Some(data) = data else {
        return synthetic_agencies(db, args, rng);
    };
    let roster = data.join("agencies/fbi_lee_agency_roster_2025.csv");
    let mut file = read(&roster, Some(Source::FbiRoster), &[])
        .with_context(|| format!("reading {}", roster.display()))?;
    // Every sheriff's office, then other agencies drawn by seed, up to --agencies.
    let (mut sheriffs, mut others): (Vec<_>, Vec<_>) = file
        .records
        .drain(..)
        .filter(|r| r.state != "US")
        .partition(|r| r.kind == AgencyKind::Sheriff);
    shuffle(&mut sheriffs, rng);
    shuffle(&mut others, rng);
    sheriffs.truncate(args.agencies);
    let rest = args.agencies - sheriffs.len();
    others.truncate(rest);
    file.records = sheriffs;
    file.records.extend(others);
    file.records.sort_by_key(|r| r.row);
    let n = file.records.len();
    let label = file.label.clone();
    db.write(|tx| {
        let existing = docket::db::import::existing(tx)?;
        let p = plan(&existing, &file, &label);
        docket::db::import::apply(tx, &p, &label, today)
    })?;
    let ice_dir = data.join("ice-287g");
    for name in [
        "participatingAgencies07182025pm.xlsx",
        "ice_287g_participating_2025-07-18.csv",
    ] {
        let path = ice_dir.join(name);
        if !path.exists() {
            continue;
        }
        let ice = read(&path, Some(Source::Ice287g), &[])
            .with_context(|| format!("reading {}", path.display()))?;
        let label = ice.label.clone();
        db.write(|tx| {
            let existing = docket::db::import::existing(tx)?;
            let p = plan(&existing, &ice, &label);
            docket::db::import::apply(tx, &p, &label, today)
        })?;
        break;
    }
    Ok(n)
}

fn shuffle<T>(v: &mut [T], rng: &mut Rng) {
    for i in (1..v.len()).rev() {
        let j = rng.below(i as u64 + 1) as usize;
        v.swap(i, j);
    }
}

const SYLLABLES: &[&str] = &[
    "al", "ber", "cas", "dal", "el", "fair", "gran", "hart", "iron", "jef", "kings", "lin", "mar",
    "nor", "oak", "pine", "quin", "ross", "sum", "tay", "union", "val", "wash", "york", "ash",
    "brook", "clay", "dun", "ev", "field", "glen", "hamp", "ton", "ville", "ford", "dale",
];

fn place_name(rng: &mut Rng) -> String {
    let n = rng.range(2, 3);
    let mut s = String::new();
    for _ in 0..n {
        s.push_str(SYLLABLES[rng.below(SYLLABLES.len() as u64) as usize]);
    }
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => s,
    }
}

fn synthetic_agencies(db: &mut Db, args: &Args, rng: &mut Rng) -> Result<usize> {
    let states: Vec<&str> = docket::model::JURISDICTIONS
        .iter()
        .map(|(c, _)| *c)
        .filter(|c| !matches!(*c, "AS" | "GU" | "MP" | "PR" | "VI" | "US"))
        .collect();
    let mut names: HashSet<(String, String)> = HashSet::new();
    let mut made = 0;
    db.write(|tx| {
        while made < args.agencies {
            let state = states[made % states.len()];
            let place = place_name(rng);
            let sheriff = made % 2 == 0;
            let name = if sheriff {
                format!("{place} County Sheriff's Office")
            } else {
                format!("{place} Police Department")
            };
            if !names.insert((state.to_string(), name.clone())) {
                continue;
            }
            let slug = docket::slug::make(&name, state);
            let f = AgencyFields {
                kind: Some(if sheriff {
                    AgencyKind::Sheriff
                } else {
                    AgencyKind::Police
                }),
                county: sheriff.then(|| format!("{place} County")),
                email: Some(format!("records@{}.example", slug)),
                ..AgencyFields::default()
            };
            if docket::db::agencies::slug_taken(tx, &slug)? {
                continue;
            }
            docket::db::agencies::insert(tx, &slug, &name, state, &f)?;
            made += 1;
        }
        Ok(())
    })?;
    Ok(made)
}

fn load_agencies(conn: &Connection) -> Result<Vec<AgencyRow>> {
    let mut st = conn.prepare(
        "SELECT a.id, EXISTS (SELECT 1 FROM agreements g WHERE g.agency_id = a.id) \
         FROM agencies a ORDER BY a.id",
    )?;
    let rows = st.query_map([], |r| {
        Ok(AgencyRow {
            id: r.get(0)?,
            in_287g: r.get(1)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The importer stamps new rows with the clock and a random uid: make both follow the seed,
/// and give every agency a records address, as a user would have added.
fn fix_agency_uids(db: &mut Db, args: &Args, rng: &mut Rng) -> Result<()> {
    let day = args.today - Days::new(365 * args.years as u64 + 30);
    let stamp = format!("{day}T09:00:00Z");
    db.write(|tx| {
        let ids: Vec<(i64, String)> = tx
            .prepare("SELECT id, slug FROM agencies ORDER BY id")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut st = tx.prepare(
            "UPDATE agencies SET uid = ?2, created_at = ?3, updated_at = ?3, \
             email = coalesce(email, ?4) WHERE id = ?1",
        )?;
        for (id, slug) in ids {
            let email = format!("records@{slug}.example");
            st.execute(params![id, rng.uid(day, id as u64), stamp, email])?;
        }
        let ids: Vec<i64> = tx
            .prepare("SELECT id FROM agreements ORDER BY id")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut st = tx.prepare("UPDATE agreements SET uid = ?2 WHERE id = ?1")?;
        for id in ids {
            st.execute(params![id, rng.uid(day, id as u64)])?;
        }
        Ok(())
    })
}

/// Statewide closure days (storms, a governor's extra holiday) and a few closures of single
/// agencies, over the whole period.
fn add_closures(db: &mut Db, args: &Args, agencies: &[AgencyRow], rng: &mut Rng) -> Result<()> {
    let first = args.today.year() - args.years as i32 - 1;
    let last = args.today.year();
    db.write(|tx| {
        let mut st = tx.prepare(
            "INSERT OR IGNORE INTO closures (uid, jurisdiction, agency_id, on_date, name, created_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        for year in first..=last {
            for (state, name, month) in [
                ("FL", "Hurricane closure", 9),
                ("TX", "Winter storm closure", 2),
                ("NC", "Hurricane closure", 9),
                ("LA", "Hurricane closure", 8),
                ("GA", "State employee appreciation day", 12),
            ] {
                let day = NaiveDate::from_ymd_opt(year, month, rng.range(2, 27) as u32).unwrap();
                let on = day.to_string();
                st.execute(params![
                    rng.uid(day, 0),
                    state,
                    Option::<i64>::None,
                    on,
                    name,
                    format!("{on}T08:00:00Z")
                ])?;
            }
        }
        for _ in 0..(agencies.len() / 100).max(1) {
            let a = &agencies[rng.below(agencies.len() as u64) as usize];
            let day = NaiveDate::from_ymd_opt(rng.range(first as i64, last as i64) as i32, 1, 1)
                .unwrap()
                + Days::new(rng.below(360));
            let on = day.to_string();
            st.execute(params![
                rng.uid(day, 1),
                Option::<String>::None,
                a.id,
                on,
                "Office closed (records system migration)",
                format!("{on}T08:00:00Z")
            ])?;
        }
        Ok(())
    })
}

/// A pool of received documents (letters, spreadsheets, PDFs), stored through docket's own
/// document store; replies link to them.
fn make_documents(db: &mut Db, args: &Args, rng: &mut Rng) -> Result<Vec<(i64, &'static str)>> {
    let dir = db.documents_dir();
    let n = (args.requests / 250).clamp(20, 400);
    db.write(|tx| {
        let mut out = Vec::with_capacity(n);
        for i in 0..n {
            let (ext, ctype) = [
                ("pdf", "application/pdf"),
                (
                    "xlsx",
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                ),
                ("txt", "text/plain"),
            ][i % 3];
            let len = rng.range(200, 4000) as usize;
            let mut data = format!("synthetic document {i} ({ext})\n").into_bytes();
            while data.len() < len {
                data.extend_from_slice(&rng.next_u64().to_le_bytes());
            }
            let stored = docket::app::documents::store(tx, &dir, &data, Some(ctype))?;
            tx.execute(
                "UPDATE documents SET uid = ?2, created_at = ?3 WHERE id = ?1",
                params![
                    stored.document_id,
                    rng.uid(args.today, i as u64),
                    format!("{}T00:00:00Z", args.today)
                ],
            )?;
            out.push((stored.document_id, ext));
        }
        Ok(out)
    })
}

// ---------------------------------------------------------------------------------------------
// Requests

struct Spec {
    agency: usize,
    batch: Option<usize>,
    template: &'static str,
    drafted: NaiveDate,
    /// None: a draft never filed.
    filed: Option<NaiveDate>,
}

struct BatchSpec {
    name: String,
    template: &'static str,
    on: NaiveDate,
}

const TEMPLATES: &[(&str, &str)] = &[
    ("287g-agreement", "287(g) agreement records"),
    ("287g-detainers", "287(g) detainers and warrants"),
    ("287g-encounters", "287(g) screening and encounter logs"),
    ("287g-communications", "287(g) communications with ICE"),
    ("287g-costs", "287(g) costs and reimbursements"),
    ("initial", "Public records request"),
];

fn title_of(template: &str) -> &'static str {
    TEMPLATES
        .iter()
        .find(|t| t.0 == template)
        .map(|t| t.1)
        .unwrap_or("Public records request")
}

fn plan_requests(
    args: &Args,
    agencies: &[AgencyRow],
    rng: &mut Rng,
) -> (Vec<Spec>, Vec<BatchSpec>) {
    let start = args.today - Days::new(365 * args.years as u64);
    let quarters = (args.years * 4) as usize;
    let batched = args.requests * 9 / 10;
    let singles = args.requests - batched;
    // Two batches a quarter, each to a sample of agencies (287(g) agencies first in line).
    let n_batches = (quarters * 2).max(1);
    let mut batches: Vec<BatchSpec> = Vec::new();
    let mut specs: Vec<Spec> = Vec::with_capacity(args.requests);
    let mut order: Vec<usize> = (0..agencies.len()).collect();
    for b in 0..n_batches {
        let on = start
            + Days::new((b as u64 * 365 * args.years as u64) / n_batches as u64)
            + Days::new(rng.below(20));
        let on = on.min(args.today);
        let template = TEMPLATES[rng.below(5) as usize].0;
        let size = batched / n_batches + usize::from(b < batched % n_batches);
        batches.push(BatchSpec {
            name: format!("{template}-{on}"),
            template,
            on,
        });
        // 287(g) agencies are in every batch when the batch is large enough.
        shuffle(&mut order, rng);
        order.sort_by_key(|&i| !agencies[i].in_287g);
        let mut k = 0;
        while k < size {
            let agency = order[k % order.len()];
            k += 1;
            let filed = on + Days::new(rng.below(8));
            let never_filed = (args.today - on).num_days() < 45 && rng.chance(0.04);
            specs.push(Spec {
                agency,
                batch: Some(b),
                template,
                drafted: on,
                filed: (!never_filed && filed <= args.today).then_some(filed),
            });
        }
    }
    let span = (args.today - start).num_days() as u64;
    for _ in 0..singles {
        let on = start + Days::new(rng.below(span + 1));
        let filed = on + Days::new(rng.below(4));
        let never_filed = (args.today - on).num_days() < 30 && rng.chance(0.2);
        specs.push(Spec {
            agency: rng.below(agencies.len() as u64) as usize,
            batch: None,
            template: TEMPLATES[rng.below(TEMPLATES.len() as u64) as usize].0,
            drafted: on,
            filed: (!never_filed && filed <= args.today).then_some(filed),
        });
    }
    // Requests are numbered in the order they were drafted.
    specs.sort_by_key(|s| (s.drafted, s.batch.is_none(), s.batch));
    (specs, batches)
}

/// One event to write.
struct Ev {
    kind: EventKind,
    on: NaiveDate,
    note: Option<String>,
    amount: Option<i64>,
    days: Option<i64>,
    until: Option<NaiveDate>,
    /// Index (in this history) of the event a `void` cancels.
    voids: Option<usize>,
    via: Option<&'static str>,
    tracking: Option<String>,
    /// Documents that came with it.
    docs: u8,
}

impl Ev {
    fn new(kind: EventKind, on: NaiveDate) -> Ev {
        Ev {
            kind,
            on,
            note: None,
            amount: None,
            days: None,
            until: None,
            voids: None,
            via: None,
            tracking: None,
            docs: 0,
        }
    }
}

/// How an agency behaves with this request.
#[derive(Clone, Copy, PartialEq)]
enum Temper {
    Prompt,
    Normal,
    Slow,
    Silent,
}

/// The lifecycle of a filed request: the events the state machine allows, with dates, up to
/// `today`.
fn lifecycle(filed: NaiveDate, today: NaiveDate, rng: &mut Rng) -> Vec<Ev> {
    use EventKind as K;
    use Status as S;
    let temper = rng.pick(&[
        (Temper::Prompt, 25),
        (Temper::Normal, 45),
        (Temper::Slow, 24),
        (Temper::Silent, 6),
    ]);
    let mut out = Vec::new();
    let mut m = Machine::default();
    let mut ev = Ev::new(K::Filed, filed);
    ev.via = Some(rng.pick(&[("email", 60), ("portal", 30), ("mail", 10)]));
    m = m.next(K::Filed).expect("filed");
    out.push(ev);
    if temper == Temper::Silent {
        return out;
    }
    let mut day = filed;
    let mut appeals = 0;
    for _ in 0..40 {
        let waiting_on_us = matches!(m.status, S::ClarificationNeeded | S::FeeRequested);
        let kind = match m.status {
            S::Filed => rng.pick(&[
                (K::Ack, 46),
                (K::Clarify, 6),
                (K::Fee, 6),
                (K::Extend, 6),
                (K::Partial, 5),
                (K::Complete, 14),
                (K::Deny, 8),
                (K::NoRecords, 7),
                (K::Withdraw, 1),
            ]),
            S::Acknowledged => rng.pick(&[
                (K::Clarify, 8),
                (K::Fee, 10),
                (K::Extend, 13),
                (K::Partial, 13),
                (K::Complete, 30),
                (K::Deny, 12),
                (K::NoRecords, 9),
                (K::Withdraw, 1),
            ]),
            S::ClarificationNeeded => rng.pick(&[(K::Clarified, 90), (K::Withdraw, 10)]),
            S::FeeRequested => rng.pick(&[(K::Paid, 70), (K::Waived, 15), (K::Withdraw, 15)]),
            S::Extended => rng.pick(&[
                (K::Extend, 10),
                (K::Fee, 5),
                (K::Partial, 20),
                (K::Complete, 45),
                (K::Deny, 12),
                (K::NoRecords, 8),
            ]),
            S::Partial => rng.pick(&[
                (K::Partial, 35),
                (K::Extend, 5),
                (K::Fee, 5),
                (K::Complete, 45),
                (K::Deny, 10),
            ]),
            S::Denied if appeals == 0 && rng.chance(0.35) => K::Appeal,
            S::NoRecords if appeals == 0 && rng.chance(0.15) => K::Appeal,
            S::Completed if appeals == 0 && rng.chance(0.04) => K::Appeal,
            S::Appealed => rng.pick(&[(K::AppealGranted, 40), (K::AppealDenied, 60)]),
            S::AppealGranted => {
                rng.pick(&[(K::Complete, 60), (K::Partial, 25), (K::NoRecords, 15)])
            }
            _ => break,
        };
        let Some(next) = m.next(kind) else {
            continue;
        };
        // Days until it happens: the requester answers within days; agencies per temper.
        let gap = if waiting_on_us || kind == K::Appeal {
            rng.range(1, 12)
        } else if kind == K::Ack {
            match temper {
                Temper::Prompt => rng.range(0, 3),
                _ => rng.range(1, 12),
            }
        } else {
            match temper {
                Temper::Prompt => rng.range(1, 15),
                Temper::Normal => rng.range(3, 35),
                Temper::Slow => rng.range(15, 120),
                Temper::Silent => rng.range(60, 400),
            }
        };
        day = day + Days::new(gap as u64);
        if day > today {
            break;
        }
        m = next;
        if kind == K::Appeal {
            appeals += 1;
        }
        let mut ev = Ev::new(kind, day);
        match kind {
            K::Ack if rng.chance(0.6) => {
                ev.tracking = Some(format!(
                    "{}-{:05}",
                    rng.pick(&[("R", 3), ("PRR", 2), ("ORR", 1), ("W", 1)]),
                    rng.below(100_000)
                ));
            }
            K::Fee => {
                ev.amount = Some(
                    rng.pick(&[(1500, 3), (4550, 3), (12000, 2), (48000, 1)]) as i64
                        + rng.range(0, 99) * 100,
                );
                ev.docs = 1;
            }
            K::Paid => {
                ev.amount = out
                    .iter()
                    .rev()
                    .find(|e| e.kind == K::Fee)
                    .and_then(|e| e.amount)
            }
            K::Extend => {
                if rng.chance(0.7) {
                    ev.days = Some(rng.pick(&[(10, 5), (15, 2), (20, 2), (30, 1)]));
                } else {
                    ev.until = Some(day + Days::new(rng.range(14, 60) as u64));
                }
            }
            K::Partial | K::Complete => ev.docs = rng.range(1, 3) as u8,
            K::Deny | K::NoRecords | K::AppealDenied => ev.docs = 1,
            _ => {}
        }
        if rng.chance(0.3) {
            ev.note = Some(note_for(kind, rng).to_string());
        }
        // Agency answers often arrive as a message first, read and classified the same day or
        // the next.
        if !waiting_on_us
            && !matches!(
                kind,
                K::Appeal | K::Withdraw | K::Clarified | K::Paid | K::Waived
            )
            && rng.chance(0.3)
        {
            let mut reply = Ev::new(K::Reply, ev.on);
            reply.note = Some("message from the agency".to_string());
            reply.docs = ev.docs;
            out.push(reply);
            ev.on = (ev.on + Days::new(rng.below(2))).min(today);
            ev.docs = 0;
        }
        out.push(ev);
    }
    out
}

fn note_for(kind: EventKind, rng: &mut Rng) -> &'static str {
    use EventKind as K;
    match kind {
        K::Ack => "receipt from the records portal",
        K::Clarify => "asks which date range and which units",
        K::Clarified => "narrowed to the jail division, 2024 onward",
        K::Fee => "estimate for staff time and redaction",
        K::Paid => "paid by card through the portal",
        K::Waived => "fee waived as news media",
        K::Extend => "needs more time to search e-mail",
        K::Partial => "first installment",
        K::Complete => "final production",
        K::Deny => "cites the law-enforcement exemption",
        K::NoRecords => "says no responsive records exist",
        K::Appeal => "appeal sent to the records officer",
        K::AppealGranted => "appeal granted: search ordered",
        K::AppealDenied => "appeal denied",
        _ => [
            "called the records office, left a message",
            "spoke to the clerk: in the queue",
            "reminder sent",
            "to check again next week",
        ][rng.below(4) as usize],
    }
}

/// Adds `extra` events that change no status: our follow-ups while the request is open, notes,
/// and now and then a mistaken note voided. Dates stay in order and never pass `today`.
fn add_chatter(evs: &mut Vec<Ev>, extra: usize, today: NaiveDate, rng: &mut Rng) {
    use EventKind as K;
    if extra == 0 {
        return;
    }
    // Open status after each event, to know where a follow-up is allowed.
    let mut open_after = Vec::with_capacity(evs.len());
    let mut m = Machine::default();
    for e in evs.iter() {
        m = m.next(e.kind).unwrap_or(m);
        open_after.push(m.status.is_open());
    }
    let filed = evs.iter().any(|e| e.kind == K::Filed);
    let mut inserts: Vec<(usize, Ev)> = Vec::with_capacity(extra);
    let mut left = extra;
    while left > 0 {
        // After event `pos` (0-based), before event pos + 1.
        let pos = if evs.len() == 1 || rng.chance(0.35) {
            evs.len() - 1
        } else {
            rng.below(evs.len() as u64) as usize
        };
        let lo = evs[pos].on;
        let hi = if pos + 1 < evs.len() {
            evs[pos + 1].on
        } else {
            (lo + Days::new(120)).min(today)
        };
        let span = (hi - lo).num_days().max(0) as u64;
        let on = lo + Days::new(rng.below(span + 1));
        let kind = if open_after[pos] && rng.chance(0.55) {
            K::Followup
        } else {
            K::Note
        };
        if kind == K::Note && filed && left >= 2 && rng.chance(0.03) {
            // A note logged on the wrong request, then voided.
            let mut wrong = Ev::new(K::Note, on);
            wrong.note = Some("logged on the wrong request".to_string());
            let mut void = Ev::new(K::Void, on);
            void.note = Some("wrong request".to_string());
            // The void points at the note just before it; resolved after sorting.
            void.voids = Some(usize::MAX);
            inserts.push((pos, wrong));
            inserts.push((pos, void));
            left -= 2;
            continue;
        }
        let mut e = Ev::new(kind, on);
        e.note = Some(note_for(kind, rng).to_string());
        inserts.push((pos, e));
        left -= 1;
    }
    // Merge: inserted events go after event `pos`, in date order, before events of a later
    // position. A stable sort on (position, date) keeps each void right after its note.
    inserts.sort_by_key(|(p, e)| (*p, e.on));
    let old = std::mem::take(evs);
    let mut ins = inserts.into_iter().peekable();
    for (i, e) in old.into_iter().enumerate() {
        evs.push(e);
        while ins.peek().is_some_and(|(p, _)| *p == i) {
            let (_, mut x) = ins.next().unwrap();
            if x.voids == Some(usize::MAX) {
                x.voids = Some(evs.len() - 1);
                x.on = evs[evs.len() - 1].on;
            }
            evs.push(x);
        }
    }
}

fn write_requests(
    db: &mut Db,
    args: &Args,
    specs: &[Spec],
    batches: &[BatchSpec],
    agency_ids: &[i64],
    docs: &[(i64, &'static str)],
    rng: &mut Rng,
) -> Result<(usize, usize)> {
    let today = args.today;
    // Batch ids in the order batches first appear.
    let mut batch_ids: Vec<Option<i64>> = vec![None; batches.len()];
    let mut used_events = 0usize;
    let mut links = 0usize;
    let total = args.events;
    let n = specs.len();
    let filed_count = specs.iter().filter(|s| s.filed.is_some()).count();
    let mut filed_seen = 0usize;
    const CHUNK: usize = 5_000;
    for (chunk_no, chunk) in specs.chunks(CHUNK).enumerate() {
        db.write(|tx| {
            let mut law = Law::new(tx);
            let mut ids = Vec::with_capacity(chunk.len());
            for (k, s) in chunk.iter().enumerate() {
                let index = chunk_no * CHUNK + k;
                let batch_id = match s.batch {
                    Some(b) => Some(match batch_ids[b] {
                        Some(id) => id,
                        None => {
                            let bs = &batches[b];
                            tx.prepare_cached(
                                "INSERT INTO batches (uid, name, template, created_at) \
                                 VALUES (?1, ?2, ?3, ?4)",
                            )?
                            .execute(params![
                                rng.uid(bs.on, b as u64),
                                bs.name,
                                bs.template,
                                format!("{}T10:00:00Z", bs.on)
                            ])?;
                            let id = tx.last_insert_rowid();
                            batch_ids[b] = Some(id);
                            id
                        }
                    }),
                    None => None,
                };
                let vars = if s.template.starts_with("287g") && rng.chance(0.5) {
                    r#"{"date_range":"January 1, 2024 to the date of this request"}"#
                } else {
                    "{}"
                };
                tx.prepare_cached(
                    "INSERT INTO requests (uid, agency_id, batch_id, title, template, vars, created_at) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                )?
                .execute(params![
                    rng.uid(s.drafted, index as u64),
                    agency_ids[s.agency],
                    batch_id,
                    title_of(s.template),
                    s.template,
                    vars,
                    format!("{}T10:{:02}:00Z", s.drafted, index % 60)
                ])?;
                let request_id = tx.last_insert_rowid();
                ids.push(request_id);
                let Some(filed) = s.filed else { continue };
                filed_seen += 1;
                // This request's share of the events still to write, with some spread.
                let remaining_requests = filed_count - filed_seen + 1;
                let left = total - used_events;
                let mut evs = lifecycle(filed, today, rng);
                let wanted = if remaining_requests == 1 {
                    left
                } else {
                    let avg = left as f64 / remaining_requests as f64;
                    (avg * (0.4 + 1.2 * rng.unit())).round() as usize
                };
                if remaining_requests == 1 && evs.len() > wanted {
                    evs.truncate(wanted.max(1));
                }
                let extra = wanted.saturating_sub(evs.len());
                add_chatter(&mut evs, extra, today, rng);
                // Never overshoot the total: the last requests absorb the difference.
                let room = left - (remaining_requests - 1);
                if evs.len() > room {
                    evs.truncate(room.max(1));
                }
                used_events += evs.len();
                write_events(tx, request_id, &evs, docs, rng, &mut links)?;
            }
            for id in ids {
                docket::app::tracker::recompute(tx, &mut law, today, id)?;
            }
            Ok(())
        })?;
        eprint!(
            "\r{} / {} requests",
            (chunk_no * CHUNK + chunk.len()).min(n),
            n
        );
    }
    eprintln!();
    if used_events != total {
        eprintln!("note: wrote {used_events} events ({total} asked)");
    }
    Ok((used_events, links))
}

/// The requests of `--late`, `--pending` and `--closed`, after the others (with their own
/// random numbers, so that the others are the same with or without them); returns how many.
fn write_extra(db: &mut Db, args: &Args, agency_ids: &[i64]) -> Result<usize> {
    use EventKind as K;
    #[derive(Clone, Copy)]
    enum Extra {
        Late,
        Pending,
        Closed,
    }
    let today = args.today;
    let mut rng = Rng::new(args.seed ^ 0xE47A);
    let mut plan = Vec::with_capacity(args.late + args.pending + args.closed);
    plan.extend(std::iter::repeat_n(Extra::Late, args.late));
    plan.extend(std::iter::repeat_n(Extra::Pending, args.pending));
    plan.extend(std::iter::repeat_n(Extra::Closed, args.closed));
    if plan.is_empty() || agency_ids.is_empty() {
        return Ok(0);
    }
    // Mixed, so that the open requests are spread over the file as they would be.
    let mut order: Vec<usize> = (0..plan.len()).collect();
    shuffle(&mut order, &mut rng);
    let span = 365 * u64::from(args.years);
    const CHUNK: usize = 5_000;
    let mut no_docs = 0usize;
    for (chunk_no, chunk) in order.chunks(CHUNK).enumerate() {
        db.write(|tx| {
            let mut law = Law::new(tx);
            let mut ids = Vec::with_capacity(chunk.len());
            for &k in chunk {
                let agency = agency_ids[rng.below(agency_ids.len() as u64) as usize];
                let filed = match plan[k] {
                    Extra::Pending => today,
                    Extra::Late | Extra::Closed => today - Days::new(90 + rng.below(span - 90)),
                };
                let template = TEMPLATES[rng.below(TEMPLATES.len() as u64) as usize].0;
                tx.prepare_cached(
                    "INSERT INTO requests (uid, agency_id, batch_id, title, template, vars, created_at) \
                     VALUES (?1, ?2, NULL, ?3, ?4, '{}', ?5)",
                )?
                .execute(params![
                    rng.uid(filed, k as u64),
                    agency,
                    title_of(template),
                    template,
                    format!("{}T09:{:02}:00Z", filed, k % 60)
                ])?;
                let id = tx.last_insert_rowid();
                ids.push(id);
                let mut ev = Ev::new(K::Filed, filed);
                ev.via = Some("email");
                let mut evs = vec![ev];
                if let Extra::Closed = plan[k] {
                    evs.push(Ev::new(K::Complete, filed + Days::new(10)));
                }
                write_events(tx, id, &evs, &[], &mut rng, &mut no_docs)?;
            }
            for id in ids {
                docket::app::tracker::recompute(tx, &mut law, today, id)?;
            }
            Ok(())
        })?;
        eprint!(
            "\r{} / {} extra requests",
            (chunk_no * CHUNK + chunk.len()).min(plan.len()),
            plan.len()
        );
    }
    eprintln!();
    Ok(plan.len())
}

fn write_events(
    tx: &Connection,
    request_id: i64,
    evs: &[Ev],
    docs: &[(i64, &'static str)],
    rng: &mut Rng,
    links: &mut usize,
) -> Result<()> {
    let mut ids: Vec<i64> = Vec::with_capacity(evs.len());
    for (i, e) in evs.iter().enumerate() {
        let voids = e.voids.map(|j| ids[j]);
        let ms = (i as u64 + 1) * 60_000 + rng.below(59_000);
        tx.prepare_cached(
            "INSERT INTO events (uid, request_id, kind, occurred_on, note, amount_cents, days, \
             until, voids, via, tracking, recorded_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        )?
        .execute(params![
            rng.uid(e.on, ms),
            request_id,
            e.kind.as_str(),
            e.on,
            e.note,
            e.amount,
            e.days,
            e.until,
            voids,
            e.via,
            e.tracking,
            format!(
                "{}T{:02}:{:02}:{:02}Z",
                e.on,
                12 + (ms / 3_600_000) % 10,
                (ms / 60_000) % 60,
                (ms / 1000) % 60
            )
        ])?;
        let event_id = tx.last_insert_rowid();
        ids.push(event_id);
        for d in 0..e.docs {
            let (doc, ext) = docs[rng.below(docs.len() as u64) as usize];
            tx.prepare_cached(
                "INSERT INTO request_documents (request_id, document_id, event_id, name, added_at, \
                 uid) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![
                request_id,
                doc,
                event_id,
                format!("{}-{}-{}.{ext}", e.kind.as_str(), e.on, d + 1),
                format!("{}T18:00:00Z", e.on),
                // Every shared row has a uid (team sync sends it); made from the link, so the
                // seeded sequence of everything else stays as it was.
                uuid::Uuid::new_v5(
                    &uuid::Uuid::NAMESPACE_OID,
                    format!("docket-bench-link-{event_id}-{d}").as_bytes()
                )
                .to_string()
            ])?;
            *links += 1;
        }
    }
    Ok(())
}
