//! `docket law list | show | set`, `docket holiday list | add` and `docket explain ID`: the
//! legal rules and calendars behind every date, and how a date was worked out.

use std::io::Write;

use anyhow::{Context, Result, bail};
use chrono::{Datelike, NaiveDate};
use serde_json::json;

use super::{resolve_agency, say};
use crate::app::App;
use crate::app::deadlines::{Law, effective_rule};
use crate::app::tracker::recompute_where;
use crate::app::{agencies, deadlines, requests};
use crate::cli::{ExplainArgs, Format, HolidayCommand, LawCommand, LawSetArgs};
use crate::law::federal::{jurisdiction_of, rule_name};
use crate::law::{DayKind, PauseEffect, Period, RuleOverride, builtin_rule, builtin_rules};
use crate::model::{EventKind, parse_state};
use crate::render::table::{Column, Listing};

fn period(p: &Option<Period>) -> String {
    p.map(|p| p.to_string()).unwrap_or_default()
}

/// A jurisdiction code from user input, refused when docket has no rule for it.
fn code_of(s: &str) -> Result<String> {
    let code = parse_state(s).map_err(anyhow::Error::msg)?;
    if builtin_rule(code).is_none() {
        bail!("docket has no rule for {code}: `docket law list` shows the jurisdictions");
    }
    Ok(code.to_string())
}

/// A rule row's code from user input: a jurisdiction, or a federal department's row (US-DHS).
fn rule_code_of(s: &str) -> Result<String> {
    if let Some(r) = builtin_rule(s).filter(|r| r.code.contains('-')) {
        return Ok(r.code);
    }
    code_of(s)
}

pub fn run(app: &mut App, cmd: LawCommand, out: &mut dyn Write) -> Result<()> {
    match cmd {
        LawCommand::List { format } => list(app, format, out),
        LawCommand::Show { code, format } => show(app, &code, format, out),
        LawCommand::Set(args) => set(app, args, out),
    }
}

fn list(app: &mut App, format: Format, out: &mut dyn Write) -> Result<()> {
    let conn = app.db.conn();
    let overridden: Vec<String> = deadlines::overrides(conn)?
        .into_iter()
        .map(|(c, _)| c)
        .collect();
    let mut l = Listing::new(vec![
        Column::fixed("code", "CODE"),
        Column::text("law", "LAW"),
        Column::fixed("response", "RESPONSE"),
        Column::fixed("extension", "EXTENSION"),
        Column::fixed("ack", "ACK"),
        Column::fixed("appeal_window", "APPEAL"),
        Column::fixed("followup", "FOLLOW-UP"),
        Column::fixed("verified", "VERIFIED"),
        Column::fixed("override", "OVERRIDE"),
        Column::hidden("citation", "CITATION"),
    ]);
    for base in builtin_rules() {
        let has_override = overridden.contains(&base.code);
        let r = if has_override {
            effective_rule(conn, &base.code)?
        } else {
            base
        };
        l.push(
            vec![
                json!(r.code),
                json!(r.law),
                json!(
                    r.response
                        .map(|p| p.to_string())
                        .unwrap_or_else(|| "none".into())
                ),
                json!(period(&r.extension)),
                json!(period(&r.ack)),
                json!(period(&r.appeal_window)),
                json!(if r.response.is_none() {
                    r.followup.to_string()
                } else {
                    String::new()
                }),
                json!(r.verified),
                json!(has_override),
                json!(r.citation),
            ],
            None,
        );
    }
    if format == Format::Table {
        l.footer =
            Some("unverified rules: read `docket law show CODE` before relying on them".into());
    }
    out.write_all(l.render(format, &app.style).as_bytes())?;
    Ok(())
}

fn show(app: &mut App, code: &str, format: Format, out: &mut dyn Write) -> Result<()> {
    let code = rule_code_of(code)?;
    let conn = app.db.conn();
    let base = builtin_rule(&code).context("a built-in rule")?;
    let ov: Option<RuleOverride> = deadlines::override_json(conn, &code)?
        .map(|j| serde_json::from_str(&j))
        .transpose()
        .context("reading your override")?;
    let rule = ov
        .as_ref()
        .map(|o| o.apply(&base))
        .unwrap_or_else(|| base.clone());
    let note = crate::law::calendar::calendar_note(jurisdiction_of(&code));
    if format == Format::Json {
        let mut v = serde_json::to_value(&rule)?;
        v["name"] = json!(rule_name(&code));
        v["deadline_phrase"] = json!(rule.deadline_phrase());
        v["appeal_route"] = json!(rule.appeal_route());
        v["override"] = match &ov {
            Some(o) => serde_json::to_value(o)?,
            None => serde_json::Value::Null,
        };
        v["calendar_note"] = json!(note);
        writeln!(out, "{}", serde_json::to_string_pretty(&v)?)?;
        return Ok(());
    }
    let mut l = Listing::new(vec![
        Column::fixed("field", "FIELD"),
        Column::text("value", "VALUE"),
    ]);
    let mut row = |k: &str, v: String| {
        if !v.is_empty() {
            l.push(vec![json!(k), json!(v)], None);
        }
    };
    let cite = |p: &Option<Period>, c: &Option<String>| match (p, c) {
        (Some(p), Some(c)) => format!("{p} ({c})"),
        (Some(p), None) => p.to_string(),
        (None, Some(c)) => format!("no fixed number of days ({c})"),
        (None, None) => "none".to_string(),
    };
    row("jurisdiction", format!("{code}: {}", rule_name(&code)));
    row("law", rule.law.clone());
    row("citation", rule.citation.clone());
    row("response", rule.response_text.clone());
    row("counted", cite(&rule.response, &rule.response_cite));
    if rule.response.is_none() {
        row(
            "follow-up",
            format!(
                "{} after filing (docket's reminder; the law sets no date)",
                rule.followup
            ),
        );
    }
    row("extension", cite(&rule.extension, &rule.extension_cite));
    row("acknowledgment", cite(&rule.ack, &rule.ack_cite));
    if rule.certify.is_some() {
        row("certification", cite(&rule.certify, &rule.certify_cite));
    }
    row("appeal", rule.appeal_route());
    if rule.appeal_to.is_some() {
        row("appeal window", period(&rule.appeal_window));
        row("appeal decision", period(&rule.appeal_decision));
        if let Some(a) = &rule.appeal_address {
            row("appeal address", a.replace('\n', ", "));
        }
    }
    if let Some(c) = &rule.complaint_to {
        row(
            "complaint",
            format!("{c} takes complaints about a denial: `docket log ID appeal` records one"),
        );
    }
    row("remedies", rule.remedies.clone());
    let mut clarify = pause_text(rule.clarify);
    if let Some(c) = &rule.clarify_once_cite {
        clarify.push_str(&format!(
            "; only the first request for information does ({c}), fee questions every time"
        ));
    }
    row("clarification", clarify);
    let mut receipt = Vec::new();
    if let (Some(p), Some(c)) = (rule.electronic_receipt, &rule.electronic_receipt_cite) {
        receipt.push(format!(
            "a request sent by e-mail or fax is received {p} after it is sent ({c})"
        ));
    }
    match &rule.closed_day_receipt_cite {
        Some(c) => receipt.push(format!(
            "a request that arrives on a day the office is closed is received the next business day ({c})"
        )),
        None => receipt.push(
            "counted from the day it arrives, even a day the office is closed (`docket explain` points such a filing out)".into(),
        ),
    }
    row("receipt", receipt.join("; "));
    row("fee request", pause_text(rule.fee));
    row(
        "deemed denied",
        if rule.deemed_denied {
            "yes: silence past the deadline counts as a denial".into()
        } else {
            "no".into()
        },
    );
    row(
        "verified",
        if rule.verified {
            "yes".into()
        } else {
            "NO: check the law before relying on these dates".into()
        },
    );
    row("source", rule.source.clone());
    row("notes", rule.notes.clone());
    if let Some(n) = note {
        row("holidays", n.to_string());
    }
    if let Some(o) = &ov {
        for line in o.describe(&base) {
            row("your override", line);
        }
    }
    out.write_all(l.render(format, &app.style).as_bytes())?;
    if format == Format::Table && !rule.verified {
        writeln!(
            out,
            "warning: this rule is not verified; check the statute and set your own with `docket law set {code}`"
        )?;
    }
    Ok(())
}

fn pause_text(p: PauseEffect) -> String {
    match p {
        PauseEffect::Toll => "pauses the clock; it runs on with the days left once answered".into(),
        PauseEffect::Restart => "restarts the clock from the answer".into(),
        PauseEffect::None => "does not stop the clock".into(),
    }
}

fn pause_effect(s: &str) -> Result<PauseEffect> {
    Ok(match s.trim().to_ascii_lowercase().as_str() {
        "toll" | "pause" => PauseEffect::Toll,
        "restart" => PauseEffect::Restart,
        "none" => PauseEffect::None,
        other => bail!("'{other}' is not an effect: use toll, restart or none"),
    })
}

fn set(app: &mut App, args: LawSetArgs, out: &mut dyn Write) -> Result<()> {
    let code = rule_code_of(&args.code)?;
    let base = builtin_rule(&code).context("a built-in rule")?;
    let today = app.today;
    let lines = app.db.write(|tx| {
        let mut o: RuleOverride = match deadlines::override_json(tx, &code)? {
            Some(j) => serde_json::from_str(&j).context("reading your override")?,
            None => RuleOverride::default(),
        };
        if args.reset {
            o = RuleOverride::default();
        }
        let current = o.apply(&base);
        let kind = if args.calendar {
            DayKind::Calendar
        } else if args.business {
            DayKind::Business
        } else {
            current
                .response
                .map(|p| p.kind)
                .unwrap_or(DayKind::Business)
        };
        if args.no_deadline || args.days == Some(0) {
            o.response = Some(None);
            o.response_text = Some("none (your override): as promptly as possible".into());
        } else if let Some(n) = args.days {
            o.response = Some(Some(Period { days: n, kind }));
            o.response_text = Some(format!("{} (your override)", Period { days: n, kind }));
        } else if args.calendar || args.business {
            let Some(p) = current.response else {
                bail!("{code} has no response deadline to count in other days: give --days N too");
            };
            o.response = Some(Some(Period { days: p.days, kind }));
            o.response_text = Some(format!("{} (your override)", Period { days: p.days, kind }));
        }
        if let Some(n) = args.followup_days {
            if n == 0 {
                bail!("--followup-days must be at least 1");
            }
            o.followup = Some(Period::business(n));
        }
        let some_period = |n: u32, k: DayKind| {
            if n == 0 {
                Some(None)
            } else {
                Some(Some(Period { days: n, kind: k }))
            }
        };
        if let Some(n) = args.extension_days {
            o.extension = some_period(n, kind);
        }
        if let Some(n) = args.ack_days {
            o.ack = some_period(n, DayKind::Business);
        }
        if let Some(n) = args.appeal_days {
            o.appeal_window = some_period(
                n,
                current
                    .appeal_window
                    .map(|p| p.kind)
                    .unwrap_or(DayKind::Calendar),
            );
        }
        if let Some(n) = args.appeal_decision_days {
            o.appeal_decision = some_period(
                n,
                current
                    .appeal_decision
                    .map(|p| p.kind)
                    .unwrap_or(DayKind::Business),
            );
        }
        if let Some(c) = &args.clarify {
            o.clarify = Some(pause_effect(c)?);
        }
        if let Some(f) = &args.fee {
            o.fee = Some(pause_effect(f)?);
        }
        if let Some(s) = &args.source {
            o.source = Some(super::input::one_line("--source", s, 500)?);
        }
        if !args.reset && o.is_empty() {
            bail!("nothing to change: give a field such as --days 7 --business, or --reset");
        }
        // What this command sets, and only that, is what the rule's history keeps: another
        // member's change to another part of the rule stands beside it.
        let named: Vec<&str> = [
            (
                args.days.is_some() || args.no_deadline || args.calendar || args.business,
                &["response", "response_text"][..],
            ),
            (args.followup_days.is_some(), &["followup"]),
            (args.extension_days.is_some(), &["extension"]),
            (args.ack_days.is_some(), &["ack"]),
            (args.appeal_days.is_some(), &["appeal_window"]),
            (args.appeal_decision_days.is_some(), &["appeal_decision"]),
            (args.clarify.is_some(), &["clarify"]),
            (args.fee.is_some(), &["fee"]),
            (args.source.is_some(), &["source"]),
        ]
        .into_iter()
        .filter(|(given, _)| *given)
        .flat_map(|(_, keys)| keys.iter().copied())
        .collect();
        let fields = match serde_json::to_value(&o)? {
            serde_json::Value::Object(all) => {
                let set: serde_json::Map<String, serde_json::Value> = all
                    .into_iter()
                    .filter(|(k, _)| named.contains(&k.as_str()))
                    .collect();
                (!set.is_empty()).then(|| serde_json::Value::Object(set).to_string())
            }
            _ => None,
        };
        deadlines::set_override(tx, &code, args.reset, fields.as_deref())?;
        recompute_where(tx, today, Some(jurisdiction_of(&code)), None)?;
        Ok(o.describe(&base))
    })?;
    if lines.is_empty() {
        say(app, out, format!("{code}: back to the built-in rule"))?;
    }
    for l in lines {
        say(app, out, format!("{code} {l}"))?;
    }
    Ok(())
}

pub fn holiday(app: &mut App, cmd: HolidayCommand, out: &mut dyn Write) -> Result<()> {
    match cmd {
        HolidayCommand::List {
            state,
            year,
            agency,
            format,
        } => {
            let code = code_of(&state)?;
            let conn = app.db.conn();
            let agency = agency
                .as_deref()
                .map(|a| resolve_agency(conn, a))
                .transpose()?;
            if let Some(a) = &agency
                && a.state != code
            {
                bail!(
                    "{} is in {}, not {code}: give --state {}",
                    a.slug,
                    a.state,
                    a.state
                );
            }
            let year = year.unwrap_or(app.today.year());
            if !(1900..=2200).contains(&year) {
                bail!("--year {year} is out of range: give a year from 1900 to 2200");
            }
            let mut law = Law::new(conn);
            let cal = law.calendar(&code, agency.as_ref().map(|a| a.id))?.clone();
            let agency_id = agency.as_ref().map(|a| a.id);
            let added: Vec<deadlines::Closure> = deadlines::closures(conn, &code, agency_id)?;
            let opened: Vec<deadlines::OpenDay> = deadlines::all_open_days(conn)?
                .into_iter()
                .filter(|o| {
                    o.jurisdiction.as_deref() == Some(code.as_str())
                        || (agency_id.is_some() && o.agency_id == agency_id)
                })
                .filter(|o| o.on.year() == year)
                .collect();
            let law_cite = crate::law::calendar::calendar_source(&code).unwrap_or_default();
            let mut rows = Vec::new();
            for h in cal.closures_in(year) {
                let (source, cite) = match added.iter().find(|c| c.on == h.date && c.name == h.name)
                {
                    Some(c) if c.agency_id.is_some() => {
                        ("yours: agency".to_string(), String::new())
                    }
                    Some(_) => ("yours".to_string(), String::new()),
                    None => match crate::law::calendar::executive_closure(h.date)
                        .filter(|_| code == "US")
                    {
                        Some(order) => (order.to_string(), order.to_string()),
                        None if crate::law::calendar::check_published_schedule(&code, &h) => (
                            "law: check the published schedule".to_string(),
                            law_cite.to_string(),
                        ),
                        None => ("law".to_string(), law_cite.to_string()),
                    },
                };
                rows.push((h.date, h.name, source, cite));
            }
            for o in opened {
                let whose = if o.agency_id.is_some() {
                    "yours: agency"
                } else {
                    "yours"
                };
                rows.push((
                    o.on,
                    format!("{}: open, a working day here", o.name),
                    whose.to_string(),
                    String::new(),
                ));
            }
            rows.sort_by_key(|r| r.0);
            let mut l = Listing::new(vec![
                Column::fixed("date", "DATE"),
                Column::fixed("weekday", "DAY"),
                Column::text("name", "NAME"),
                Column::fixed("source", "SOURCE"),
                Column::hidden("cite", "CITATION"),
            ]);
            for (date, name, source, cite) in rows {
                l.push(
                    vec![
                        json!(date),
                        json!(date.format("%a").to_string()),
                        json!(name),
                        json!(source),
                        json!(cite),
                    ],
                    None,
                );
            }
            if format == Format::Table {
                let mut foot = vec![format!("source: {law_cite}")];
                if let Some(n) = crate::law::calendar::calendar_note(&code) {
                    foot.push(format!("note: {n}"));
                }
                l.footer = Some(foot.join("\n"));
            }
            out.write_all(l.render(format, &app.style).as_bytes())?;
            Ok(())
        }
        HolidayCommand::Open {
            state,
            agency,
            date,
        } => {
            let scope = Scope::of(app.db.conn(), state, agency)?;
            let code = scope.code();
            let Some(holiday) = crate::law::calendar::holidays(&code, date.year())
                .into_iter()
                .find(|h| h.date == date)
            else {
                bail!(
                    "{date} is not a holiday in {code}'s calendar: nothing to open (`docket holiday list --state {code} --year {}` shows them)",
                    date.year()
                );
            };
            if matches!(date.weekday(), chrono::Weekday::Sat | chrono::Weekday::Sun) {
                bail!(
                    "{date} ({}) falls on a weekend: weekends are never business days, so there is nothing to open",
                    holiday.name
                );
            }
            let today = app.today;
            let n = app.db.write(|tx| {
                deadlines::add_open_day(
                    tx,
                    &deadlines::OpenDay {
                        on: date,
                        name: holiday.name.clone(),
                        jurisdiction: scope.jurisdiction.clone(),
                        agency_id: scope.agency_id(),
                    },
                )?;
                scope.recompute(tx, today)
            })?;
            let place = scope.place();
            say(
                app,
                out,
                format!(
                    "{date} ({}) is a working day for {place}; {n} request(s) recomputed",
                    holiday.name
                ),
            )
        }
        HolidayCommand::Add {
            state,
            agency,
            date,
            name,
        } => {
            let name = super::input::one_line("the closure's name", &name, 200)?;
            let scope = Scope::of(app.db.conn(), state, agency)?;
            let today = app.today;
            let n = app.db.write(|tx| {
                deadlines::add_closure(
                    tx,
                    &deadlines::Closure {
                        on: date,
                        name: name.clone(),
                        jurisdiction: scope.jurisdiction.clone(),
                        agency_id: scope.agency_id(),
                    },
                )?;
                scope.recompute(tx, today)
            })?;
            let place = scope.place();
            say(
                app,
                out,
                format!("{date} ({name}) is a closure day for {place}; {n} request(s) recomputed"),
            )
        }
    }
}

/// Where a closure or an open day applies: a whole jurisdiction (`--state`) or one agency.
struct Scope {
    jurisdiction: Option<String>,
    agency: Option<crate::model::Agency>,
}

impl Scope {
    fn of(
        conn: &rusqlite::Connection,
        state: Option<String>,
        agency: Option<String>,
    ) -> Result<Scope> {
        Ok(match (state, agency) {
            (Some(s), None) => Scope {
                jurisdiction: Some(code_of(&s)?),
                agency: None,
            },
            (None, Some(a)) => Scope {
                jurisdiction: None,
                agency: Some(resolve_agency(conn, &a)?),
            },
            _ => bail!("give --state ST or --agency SLUG"),
        })
    }

    fn agency_id(&self) -> Option<i64> {
        self.agency.as_ref().map(|a| a.id)
    }

    /// The jurisdiction whose calendar applies.
    fn code(&self) -> String {
        self.jurisdiction
            .clone()
            .or_else(|| self.agency.as_ref().map(|a| a.state.clone()))
            .unwrap_or_default()
    }

    /// How messages name it: the state code or the agency's slug.
    fn place(&self) -> String {
        self.jurisdiction
            .clone()
            .or_else(|| self.agency.as_ref().map(|a| a.slug.clone()))
            .unwrap_or_default()
    }

    /// Recomputes the filed requests the change touches, in the caller's transaction.
    fn recompute(&self, tx: &rusqlite::Connection, today: NaiveDate) -> Result<usize> {
        match (&self.jurisdiction, self.agency_id()) {
            (Some(j), _) => recompute_where(tx, today, Some(j), None),
            (_, Some(a)) => recompute_where(tx, today, None, Some(a)),
            _ => Ok(0),
        }
    }
}

pub fn explain(app: &mut App, args: ExplainArgs, out: &mut dyn Write) -> Result<()> {
    let conn = app.db.conn();
    let r = requests::get(conn, args.id)?;
    let history = requests::events(conn, r.id)?;
    let events = crate::app::tracker::counted(&history);
    let Some(filed) = events
        .iter()
        .find(|e| e.kind == EventKind::Filed)
        .map(|e| e.on)
    else {
        bail!(
            "request {} is a draft: its deadlines start when it is filed (`docket file {}`)",
            r.id,
            r.id
        );
    };
    let mut law = Law::new(conn);
    let steps = law.with_input(&r, filed, &events, app.today, crate::law::explain)?;
    let agency = agencies::get_by_id(conn, r.agency_id)?;
    writeln!(
        out,
        "Request {}: {} to {} ({})",
        r.id, r.title, agency.name, agency.state
    )?;
    for s in steps {
        writeln!(out, "{}", s.text)?;
    }
    Ok(())
}
