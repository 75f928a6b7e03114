//! The bridge between the store and the pure deadline engine: it loads a jurisdiction's rule
//! (the built-in one with the user's override applied) and its calendar (holidays plus the
//! closure days users added), caches both for the length of a command, and runs the engine.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

use anyhow::{Context, Result};
use chrono::NaiveDate;
use rusqlite::Connection;

use crate::db;
use crate::law::{
    Calendar, Deadlines, EventIn, Holiday, Input, Rule, RuleOverride, builtin_rule_ref,
};
use crate::model::{Event, EventKind, Request};

/// What the user changed of the law (`law set`, `holiday add`, `holiday open`), as stored.
pub use crate::db::law::{
    Closure, OpenDay, add_closure, add_open_day, all_open_days, closures, override_json, overrides,
    set_override,
};

/// FNV-1a, for the caches below: a listing looks them up for every row it prints, by a state's
/// code and an agency's id, where SipHash's guard against chosen keys guards nothing (the keys
/// come from the user's own database) and costs most of the lookup.
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        // The table picks buckets by the low bits and tags by the high ones: spread both.
        self.0 ^ (self.0 >> 29)
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
        }
    }
}

type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;
type FastSet<K> = HashSet<K, BuildHasherDefault<Fnv>>;

/// Rules and calendars read from one connection, cached for one command.
pub struct Law<'c> {
    conn: &'c Connection,
    /// The rules asked for, by code: the built-in ones borrowed, those the user changed owned.
    rules: FastMap<String, Cow<'static, Rule>>,
    /// The user's overrides, by code, read once with the first rule asked for (a listing asks
    /// for the rule of every state it meets).
    overrides: Option<FastMap<String, String>>,
    /// By jurisdiction, then by agency (None: the jurisdiction's own calendar).
    calendars: FastMap<String, FastMap<Option<i64>, Calendar>>,
    /// By agency: its state and the code of the rule row it follows.
    agency_state: HashMap<i64, (String, String)>,
    agencies_with_closures: Option<FastSet<i64>>,
    /// Every closure day users added, read once (a listing builds a calendar per state and
    /// per agency with closures of its own).
    closures: Option<Vec<db::law::Closure>>,
    /// Every built-in holiday users said an office works through, read with the closures.
    open_days: Vec<db::law::OpenDay>,
}

impl<'c> Law<'c> {
    pub fn new(conn: &'c Connection) -> Self {
        Law {
            conn,
            rules: FastMap::default(),
            overrides: None,
            calendars: FastMap::default(),
            agency_state: HashMap::new(),
            agencies_with_closures: None,
            closures: None,
            open_days: Vec::new(),
        }
    }

    /// Forgets what was cached (after a rule override or a closure changed).
    pub fn clear(&mut self) {
        self.rules.clear();
        self.overrides = None;
        self.calendars.clear();
        self.agencies_with_closures = None;
        self.closures = None;
    }

    /// The rule in force for `code`: built in, with the user's override applied.
    pub fn rule(&mut self, code: &str) -> Result<&Rule> {
        if !self.rules.contains_key(code) {
            let base = builtin_rule_of(code)?;
            if self.overrides.is_none() {
                self.overrides = Some(db::law::overrides(self.conn)?.into_iter().collect());
            }
            let json = self.overrides.as_ref().and_then(|o| o.get(code));
            let rule = with_override(code, base, json.map(String::as_str))?;
            self.rules.insert(code.to_string(), rule);
        }
        Ok(&self.rules[code])
    }

    /// The rule in force for an agency of `state` named `agency_name`: its jurisdiction's, or
    /// for a federal agency its department's regulation's (see [`crate::law::federal`]).
    pub fn rule_of(&mut self, state: &str, agency_name: &str) -> Result<&Rule> {
        // A state's agencies follow its rule: no code to work out (exports ask for every row).
        if !state.eq_ignore_ascii_case("US") {
            return self.rule(state);
        }
        let code = crate::law::federal::rule_code(state, agency_name);
        self.rule(&code)
    }

    /// The calendar of `code`, with the closures of agency `agency_id` when it has any.
    pub fn calendar(&mut self, code: &str, agency_id: Option<i64>) -> Result<&Calendar> {
        if self.closures.is_none() {
            let all = db::law::all_closures(self.conn)?;
            self.open_days = db::law::all_open_days(self.conn)?;
            let mut own: FastSet<i64> = all.iter().filter_map(|c| c.agency_id).collect();
            own.extend(self.open_days.iter().filter_map(|o| o.agency_id));
            self.agencies_with_closures = Some(own);
            self.closures = Some(all);
        }
        let agency_id = agency_id.filter(|a| {
            self.agencies_with_closures
                .as_ref()
                .is_some_and(|s| s.contains(a))
        });
        let built = self
            .calendars
            .get(code)
            .is_some_and(|m| m.contains_key(&agency_id));
        if !built {
            // The jurisdiction's closures and the agency's, in date order (as
            // `db::law::closures` gives them).
            let extra = self
                .closures
                .iter()
                .flatten()
                .filter(|c| {
                    c.jurisdiction.as_deref() == Some(code)
                        || (agency_id.is_some() && c.agency_id == agency_id)
                })
                .map(|c| Holiday {
                    date: c.on,
                    name: c.name.clone(),
                })
                .collect();
            let opened = self
                .open_days
                .iter()
                .filter(|o| {
                    o.jurisdiction.as_deref() == Some(code)
                        || (agency_id.is_some() && o.agency_id == agency_id)
                })
                .map(|o| o.on)
                .collect();
            self.calendars
                .entry(code.to_string())
                .or_default()
                .insert(agency_id, Calendar::new(code, extra).with_open_days(opened));
        }
        Ok(&self.calendars[code][&agency_id])
    }

    /// The state of the agency `id`, and the code of the rule row it follows.
    pub fn state_of(&mut self, agency_id: i64) -> Result<(String, String)> {
        if let Some(s) = self.agency_state.get(&agency_id) {
            return Ok(s.clone());
        }
        let agency = db::agencies::get_by_id(self.conn, agency_id)?;
        let code = crate::law::federal::rule_code(&agency.state, &agency.name);
        let both = (agency.state, code);
        self.agency_state.insert(agency_id, both.clone());
        Ok(both)
    }

    /// Runs `f` with the engine's input for a filed request.
    pub fn with_input<T>(
        &mut self,
        request: &Request,
        filed_on: NaiveDate,
        events: &[&Event],
        today: NaiveDate,
        f: impl FnOnce(&Input) -> T,
    ) -> Result<T> {
        let (state, code) = self.state_of(request.agency_id)?;
        let rule = self.rule(&code)?.clone();
        let calendar = self.calendar(&state, Some(request.agency_id))?;
        let filed_via = events
            .iter()
            .rev()
            .find(|e| e.kind == EventKind::Filed)
            .and_then(|e| e.via.as_deref());
        let events: Vec<EventIn> = events
            .iter()
            .filter(|e| e.kind != EventKind::Filed)
            .map(|e| EventIn {
                id: e.id,
                kind: e.kind,
                on: e.on,
                days: e.days.and_then(|d| u32::try_from(d).ok()),
                until: e.until,
            })
            .collect();
        let input = Input {
            rule: &rule,
            calendar,
            filed_on,
            filed_via,
            events: &events,
            followup_days: request.followup_days.and_then(|d| u32::try_from(d).ok()),
            today,
        };
        Ok(f(&input))
    }

    /// The deadlines of a filed request as of `today`.
    pub fn deadlines(
        &mut self,
        request: &Request,
        filed_on: NaiveDate,
        events: &[&Event],
        today: NaiveDate,
    ) -> Result<Deadlines> {
        self.with_input(request, filed_on, events, today, crate::law::compute)
    }
}

/// The built-in rule of `code` with the user's override applied.
pub fn effective_rule(conn: &Connection, code: &str) -> Result<Rule> {
    let base = builtin_rule_of(code)?;
    let json = db::law::override_json(conn, code)?;
    Ok(with_override(code, base, json.as_deref())?.into_owned())
}

/// The built-in rule of `code`, or an error that says where to find the codes.
fn builtin_rule_of(code: &str) -> Result<&'static Rule> {
    builtin_rule_ref(code).with_context(|| {
        format!("docket has no rule for '{code}': `docket law list` shows the jurisdictions")
    })
}

/// `base`, the built-in rule of `code`, with the stored override `json` applied (borrowed as it
/// is when there is none).
fn with_override(
    code: &str,
    base: &'static Rule,
    json: Option<&str>,
) -> Result<Cow<'static, Rule>> {
    Ok(match json {
        Some(json) => {
            let o: RuleOverride = serde_json::from_str(json)
                .with_context(|| format!("the stored override of {code} cannot be read"))?;
            Cow::Owned(o.apply(base))
        }
        None => Cow::Borrowed(base),
    })
}
