//! The deadline engine: from a rule, a calendar, the filing date and the request's events, the
//! state of every legal clock (response, acknowledgment, certificate, appeal window and appeal
//! decision) and of the follow-up target, as of a given day, plus the derivation in steps a user
//! can check by hand. Pure: no clock, no database, no I/O.
//!
//! Counting follows the project's conventions: the filing day is day 0; "N business days" is the
//! Nth following business day; "N calendar days" is the date N days on, rolled forward to a
//! business day. The due date is the last day to answer; a clock is missed from the day after.
//!
//! `compute` is the hot path (every listing recomputes every open request), so it only asks the
//! calendar for due dates and day counts and builds strings for the output alone; `explain`
//! reruns the same steps and lists every day it counts.

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use super::calendar::Calendar;
use super::rules::{DayKind, PauseEffect, Period, Rule};
use crate::model::EventKind;

/// One event of a request, as the engine needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventIn {
    pub id: i64,
    pub kind: EventKind,
    pub on: NaiveDate,
    pub days: Option<u32>,
    pub until: Option<NaiveDate>,
}

/// Everything a computation depends on.
#[derive(Clone, Copy)]
pub struct Input<'a> {
    pub rule: &'a Rule,
    pub calendar: &'a Calendar,
    pub filed_on: NaiveDate,
    /// How the request was sent (`email`, `fax`, `mail`, `portal`, `hand`), where known: some
    /// laws count an e-mailed request as received later than it was sent.
    pub filed_via: Option<&'a str>,
    /// The events after `filed`, voided ones removed, sorted by (on, id). Events after `today`
    /// are ignored, so a report as of an earlier day sees only what was known then.
    pub events: &'a [EventIn],
    /// The request's own follow-up target in business days, instead of the rule's.
    pub followup_days: Option<u32>,
    pub today: NaiveDate,
}

/// Which clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ClockKind {
    Response,
    Ack,
    Certify,
    Followup,
    AppealWindow,
    AppealDecision,
}

impl ClockKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ClockKind::Response => "response",
            ClockKind::Ack => "ack",
            ClockKind::Certify => "certify",
            ClockKind::Followup => "followup",
            ClockKind::AppealWindow => "appeal-window",
            ClockKind::AppealDecision => "appeal-decision",
        }
    }

    /// How `explain` names the clock.
    pub fn label(self) -> &'static str {
        match self {
            ClockKind::Response => "response",
            ClockKind::Ack => "acknowledgment",
            ClockKind::Certify => "certificate",
            ClockKind::Followup => "follow-up target",
            ClockKind::AppealWindow => "appeal window",
            ClockKind::AppealDecision => "appeal decision",
        }
    }
}

/// Where a clock stands as of `today`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ClockState {
    /// Running; the due date is today or later.
    Pending,
    /// Answered (or, for the appeal window, appealed) by the due date.
    Met,
    /// Answered after the due date: `business_days_late` and `calendar_days_late` say by how
    /// much. A late answer is never "met".
    Late,
    /// Past due with no answer (for the follow-up target: follow-up due).
    Missed,
    /// Stopped while the agency waits on the requester.
    Paused,
    /// Stopped without anyone at fault: an appeal window passed unused, or the request was
    /// withdrawn before the date.
    Lapsed,
}

impl ClockState {
    pub fn as_str(self) -> &'static str {
        match self {
            ClockState::Pending => "pending",
            ClockState::Met => "met",
            ClockState::Late => "late",
            ClockState::Missed => "missed",
            ClockState::Paused => "paused",
            ClockState::Lapsed => "lapsed",
        }
    }
}

/// One clock's result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Clock {
    pub kind: ClockKind,
    /// The last day to answer; `None` while paused.
    pub due: Option<NaiveDate>,
    pub state: ClockState,
    pub met_on: Option<NaiveDate>,
    /// When missed, or met late: business days in (due, met_on or today].
    pub business_days_late: Option<i64>,
    pub calendar_days_late: Option<i64>,
    /// When pending: business days in (today, due].
    pub business_days_left: Option<i64>,
    pub cite: Option<String>,
    /// False for the follow-up target, which no law sets.
    pub statutory: bool,
}

/// What a request needs attention for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Flag {
    /// A statutory response, certificate or appeal-decision date has passed unanswered.
    Overdue,
    /// No law sets a date, and the follow-up target has passed.
    FollowUp,
    /// The acknowledgment date has passed unanswered.
    AckOverdue,
    /// A denial can still be appealed: a reminder of the requester's own deadline.
    AppealDeadline,
}

impl Flag {
    pub fn as_str(self) -> &'static str {
        match self {
            Flag::Overdue => "overdue",
            Flag::FollowUp => "follow-up",
            Flag::AckOverdue => "ack-overdue",
            Flag::AppealDeadline => "appeal-deadline",
        }
    }
}

/// The engine's answer for one request as of one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadlines {
    pub clocks: Vec<Clock>,
    pub flag: Option<Flag>,
    /// The date to cache on the request: the main clock's (response, appeal decision,
    /// follow-up target, appeal window), running or missed; `None` while paused.
    pub due_on: Option<NaiveDate>,
    pub due_clock: Option<ClockKind>,
    pub paused_since: Option<NaiveDate>,
    /// Business days the clock stood still up to `today`, a pause still open included.
    pub paused_business_days: i64,
    /// The part of `paused_business_days` in pauses that ended.
    pub paused_business_days_ended: i64,
    pub warnings: Vec<String>,
    /// The agency's first answer of any kind, and business days from filing to it.
    pub first_response: Option<(NaiveDate, i64)>,
    /// The final answer (complete, deny, no-records), and business days from filing to it
    /// less the days paused.
    pub completion: Option<(NaiveDate, i64)>,
    /// Whether the response came by its statutory date; `None` without a response clock, or
    /// while it still runs.
    pub on_time: Option<bool>,
}

impl Deadlines {
    /// The acknowledgment or certificate clock still running or missed, with its due date:
    /// the second date a request caches beside `due_on`.
    pub fn ack_due(&self) -> Option<(NaiveDate, ClockKind)> {
        self.clocks
            .iter()
            .filter(|c| matches!(c.kind, ClockKind::Ack | ClockKind::Certify))
            .filter(|c| matches!(c.state, ClockState::Pending | ClockState::Missed))
            .filter_map(|c| c.due.map(|d| (d, c.kind)))
            .min()
    }

    pub fn clock(&self, kind: ClockKind) -> Option<&Clock> {
        self.clocks.iter().find(|c| c.kind == kind)
    }
}

/// One line of a derivation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    pub date: Option<NaiveDate>,
    pub text: String,
}

/// The state of every clock of a request as of `input.today`.
pub fn compute(input: &Input) -> Deadlines {
    let mut run = Run::new(input, false);
    run.replay();
    run.finish()
}

/// The derivation of `compute`'s answer, step by step: the rule, the filing, each day counted
/// and each day skipped with its name, each pause and extension, and the result.
pub fn explain(input: &Input) -> Vec<Step> {
    let mut run = Run::new(input, true);
    run.replay();
    let d = run.finish_tracing();
    let mut steps = run.steps.take().unwrap_or_default();
    summarize(input, &d, &mut steps);
    steps
}

#[derive(Debug, Clone, Copy)]
struct Pause {
    /// Days of the clock's kind left after `since`, up to and including the due date.
    left: i64,
    effect: PauseEffect,
}

/// One running clock. `raw` is the due date before rolling forward (calendar periods), so
/// that pauses and extensions count from the date the law counts from.
#[derive(Debug, Clone)]
struct Timer<'a> {
    kind: ClockKind,
    period: Period,
    cite: Option<&'a str>,
    statutory: bool,
    raw: NaiveDate,
    due: NaiveDate,
    pause: Option<Pause>,
    met: Option<NaiveDate>,
    /// The request ended (withdrawn) on this day with the clock still running.
    ended: Option<NaiveDate>,
    /// Extension used so far, in days of the extension's kind.
    ext_spent: u32,
    /// How many extensions were given, for the wording of a warning.
    ext_count: u32,
    deferred_days: u32,
    deferred_until: Option<NaiveDate>,
}

impl Timer<'_> {
    fn running(&self) -> bool {
        self.met.is_none() && self.ended.is_none()
    }
}

struct Run<'a> {
    rule: &'a Rule,
    cal: &'a Calendar,
    events: &'a [EventIn],
    filed: NaiveDate,
    today: NaiveDate,
    followup_period: Period,
    response: Option<Timer<'a>>,
    ack: Option<Timer<'a>>,
    certify: Option<Timer<'a>>,
    followup: Option<Timer<'a>>,
    appeal_window: Option<Timer<'a>>,
    appeal_decision: Option<Timer<'a>>,
    /// The response period of a `response_from_ack` rule has been anchored on an answer.
    anchored: bool,
    pause_since: Option<NaiveDate>,
    paused_bd: i64,
    /// A request for information has tolled the clock (a law that allows it once).
    clarify_tolled: bool,
    withdrawn: bool,
    warnings: Vec<String>,
    first_response: Option<(NaiveDate, i64)>,
    completion: Option<(NaiveDate, i64)>,
    steps: Option<Vec<Step>>,
}

fn day(d: NaiveDate) -> String {
    d.format("%a %Y-%m-%d").to_string()
}

fn plus_days(d: NaiveDate, n: i64) -> NaiveDate {
    if n >= 0 {
        d.checked_add_days(Days::new(n as u64)).unwrap_or(d)
    } else {
        d.checked_sub_days(Days::new(n.unsigned_abs())).unwrap_or(d)
    }
}

fn unit(kind: DayKind, n: i64) -> String {
    let s = if n == 1 { "day" } else { "days" };
    format!("{n} {} {s}", kind.as_str())
}

impl<'a> Run<'a> {
    fn new(input: &'a Input<'a>, trace: bool) -> Run<'a> {
        let rule = input.rule;
        let mut run = Run {
            rule,
            cal: input.calendar,
            events: input.events,
            filed: input.filed_on,
            today: input.today,
            followup_period: input
                .followup_days
                .map(Period::business)
                .unwrap_or(rule.followup),
            response: None,
            ack: None,
            certify: None,
            followup: None,
            appeal_window: None,
            appeal_decision: None,
            anchored: false,
            pause_since: None,
            paused_bd: 0,
            clarify_tolled: false,
            withdrawn: false,
            warnings: Vec::new(),
            first_response: None,
            completion: None,
            steps: trace.then(Vec::new),
        };
        run.trace_rule();
        run.filed = run.received(input.filed_on, input.filed_via);
        let filed = run.filed;
        if filed == input.filed_on {
            run.say(Some(filed), || format!("filed: {} (day 0)", day(filed)));
        } else {
            run.say(Some(filed), || format!("received: {} (day 0)", day(filed)));
        }
        if let Some(p) = rule.ack {
            run.ack = Some(run.timer(ClockKind::Ack, p, rule.ack_cite.as_deref(), true, filed));
        }
        if let Some(p) = rule.certify {
            let cite = rule.certify_cite.as_deref();
            run.certify = Some(run.timer(ClockKind::Certify, p, cite, true, filed));
        }
        if let Some(p) = rule.response {
            // A period that runs from the acknowledgment starts, until one comes, from the
            // acknowledgment deadline.
            let from = match (&run.ack, rule.response_from_ack) {
                (Some(a), true) => {
                    let from = a.due;
                    run.say(Some(from), || {
                        format!(
                            "the response period runs from the acknowledgment; until one comes, \
                             from the acknowledgment deadline {}",
                            day(from)
                        )
                    });
                    from
                }
                _ => filed,
            };
            let cite = rule.response_cite.as_deref();
            // In a derivation, a provisional count that an answer will replace is not listed
            // day by day.
            let steps = if rule.response_from_ack && run.will_anchor(input) {
                run.steps.take()
            } else {
                None
            };
            run.response = Some(run.timer(ClockKind::Response, p, cite, true, from));
            if let Some(mut steps) = steps {
                if let Some(r) = &run.response {
                    let due = r.due;
                    steps.push(Step {
                        date: Some(due),
                        text: format!("response due (until an answer comes): {}", day(due)),
                    });
                }
                run.steps = Some(steps);
            }
        } else {
            let p = run.followup_period;
            run.say(None, || {
                format!("no response date in the law: a follow-up target of {p} applies")
            });
            run.followup = Some(run.timer(ClockKind::Followup, p, None, false, filed));
        }
        run
    }

    /// The day the law counts the request as received, from the day it was sent: later for an
    /// e-mail or fax where the law says so (Michigan), or the next business day for one that
    /// arrived on a closed day where the law or the agency's practice says so. A filing on a
    /// closed day is always pointed out.
    fn received(&mut self, sent: NaiveDate, via: Option<&str>) -> NaiveDate {
        let rule = self.rule;
        let cal = self.cal;
        if let (Some(p), Some(how @ ("email" | "fax"))) = (rule.electronic_receipt, via) {
            let received = cal.add_business_days(sent, p.days);
            let cite = rule
                .electronic_receipt_cite
                .as_deref()
                .unwrap_or(&rule.citation);
            self.say(Some(sent), || {
                format!(
                    "sent by {how} on {}: received for counting {p} later, on {} ({cite})",
                    day(sent),
                    day(received)
                )
            });
            return received;
        }
        let Some(why) = cal.closed_because(sent) else {
            return sent;
        };
        match &rule.closed_day_receipt_cite {
            Some(cite) => {
                let received = cal.roll_forward(sent);
                self.say(Some(sent), || {
                    format!(
                        "filed on {}, a day the office is closed ({why}): received on the next \
                         business day, {} ({cite})",
                        day(sent),
                        day(received)
                    )
                });
                received
            }
            None => {
                let next = cal.roll_forward(sent);
                self.say(Some(sent), || {
                    format!(
                        "note: filed on {}, a day the office is closed ({why}); the law says \
                         nothing of receipt on a closed day, so the count starts from it (an \
                         office that logs the request as received on {} would count from \
                         there: log the date its acknowledgment gives)",
                        day(sent),
                        day(next)
                    )
                });
                sent
            }
        }
    }

    /// Whether an answer known by `today` will set the start of a `response_from_ack` period.
    fn will_anchor(&self, input: &Input) -> bool {
        use EventKind as K;
        input
            .events
            .iter()
            .filter(|e| e.on <= input.today)
            .find(|e| {
                matches!(e.kind, K::Ack | K::Clarify | K::Fee | K::Extend)
                    || e.kind.is_substantive_answer()
            })
            .is_some_and(|e| !e.kind.is_substantive_answer())
    }

    fn tracing(&self) -> bool {
        self.steps.is_some()
    }

    fn say(&mut self, date: Option<NaiveDate>, text: impl FnOnce() -> String) {
        if let Some(steps) = &mut self.steps {
            steps.push(Step { date, text: text() });
        }
    }

    fn warn(&mut self, date: NaiveDate, text: String) {
        self.say(Some(date), || format!("warning: {text}"));
        self.warnings.push(text);
    }

    fn trace_rule(&mut self) {
        if !self.tracing() {
            return;
        }
        let r = self.rule;
        let v = if r.verified {
            "verified"
        } else {
            "not verified"
        };
        self.say(None, || {
            format!(
                "rule: {} {}, {} ({v}; source: {})",
                r.code, r.law, r.citation, r.source
            )
        });
        let cite = |c: &Option<String>| c.as_deref().map(|c| format!(" ({c})")).unwrap_or_default();
        self.say(None, || {
            format!("response: {}{}", r.response_text, cite(&r.response_cite))
        });
        if let Some(p) = r.extension {
            self.say(None, || {
                format!("extension: up to {p}{}", cite(&r.extension_cite))
            });
        }
        if let Some(p) = r.ack {
            self.say(None, || format!("acknowledgment: {p}{}", cite(&r.ack_cite)));
        }
        if let Some(p) = r.certify {
            self.say(None, || {
                format!("certificate: {p}{}", cite(&r.certify_cite))
            });
        }
        self.say(None, || {
            format!(
                "clarification: {}; fee request: {}",
                pause_words(r.clarify),
                pause_words(r.fee)
            )
        });
        if !r.verified && !r.notes.is_empty() {
            self.say(None, || format!("caution: {}", r.notes));
        }
        if let Some(note) = super::calendar::calendar_note(self.cal.code()) {
            self.say(None, || format!("calendar: {note}"));
        }
    }

    // ---- counting ----------------------------------------------------------------------------

    /// The (raw, due) dates `p` after `from`, listing each day when tracing.
    fn count(&mut self, from: NaiveDate, p: Period) -> (NaiveDate, NaiveDate) {
        let (raw, due) = match p.kind {
            DayKind::Business => {
                let d = if p.days == 0 {
                    self.cal.roll_forward(from)
                } else {
                    self.cal.add_business_days(from, p.days)
                };
                (d, d)
            }
            DayKind::Calendar => {
                let raw = plus_days(from, i64::from(p.days));
                (raw, self.cal.roll_forward(raw))
            }
        };
        if self.tracing() {
            self.list_days(from, p, raw);
        }
        (raw, due)
    }

    fn list_days(&mut self, from: NaiveDate, p: Period, raw: NaiveDate) {
        let cal = self.cal;
        let mut lines = Vec::new();
        let mut d = from;
        match p.kind {
            DayKind::Business => {
                let mut k = 0;
                while k < p.days {
                    d = plus_days(d, 1);
                    match cal.closed_because(d) {
                        Some(why) => lines.push((d, format!("skipped: {} {why}", day(d)))),
                        None => {
                            k += 1;
                            let open = cal
                                .opened_holiday(d)
                                .map(|h| format!(" ({h}: open here, by your setting)"))
                                .unwrap_or_default();
                            lines.push((d, format!("day {k}: {}{open}", day(d))));
                        }
                    }
                }
            }
            DayKind::Calendar => {
                for k in 1..=p.days {
                    d = plus_days(d, 1);
                    let why = cal
                        .closed_because(d)
                        .map(|w| format!(" ({w})"))
                        .unwrap_or_default();
                    lines.push((d, format!("day {k}: {}{why}", day(d))));
                }
                d = raw;
            }
        }
        // A calendar count (or a zero-day business count) that ends on a closed day rolls on.
        let mut first = true;
        while let Some(why) = cal.closed_because(d) {
            if first && p.kind == DayKind::Calendar {
                lines.push((d, format!("{} is closed ({why}): roll forward", day(d))));
            } else {
                lines.push((d, format!("skipped: {} {why}", day(d))));
            }
            first = false;
            d = plus_days(d, 1);
        }
        if let Some(steps) = &mut self.steps {
            steps.extend(lines.into_iter().map(|(date, text)| Step {
                date: Some(date),
                text,
            }));
        }
    }

    fn timer(
        &mut self,
        kind: ClockKind,
        period: Period,
        cite: Option<&'a str>,
        statutory: bool,
        from: NaiveDate,
    ) -> Timer<'a> {
        self.say(Some(from), || {
            let c = cite.map(|c| format!(" ({c})")).unwrap_or_default();
            format!("{}: {period} from {}{c}", kind.label(), day(from))
        });
        let (raw, due) = self.count(from, period);
        self.say(Some(due), || format!("{} due: {}", kind.label(), day(due)));
        Timer {
            kind,
            period,
            cite,
            statutory,
            raw,
            due,
            pause: None,
            met: None,
            ended: None,
            ext_spent: 0,
            ext_count: 0,
            deferred_days: 0,
            deferred_until: None,
        }
    }

    /// Business days paused before `d`, counting a pause still open at `d`.
    fn paused_before(&self, d: NaiveDate) -> i64 {
        let open = match self.pause_since {
            Some(since) if since < d => self.cal.business_days_between(since, d),
            _ => 0,
        };
        self.paused_bd + open
    }

    // ---- events ------------------------------------------------------------------------------

    fn replay(&mut self) {
        let events = self.events;
        for e in events {
            if e.on > self.today {
                continue;
            }
            let on = e.on.max(self.filed);
            self.event(e, on);
        }
    }

    fn event(&mut self, e: &EventIn, on: NaiveDate) {
        use EventKind as K;
        if matches!(e.kind, K::Filed | K::Void | K::Note) {
            return;
        }
        self.say(Some(on), || format!("{} {}", day(on), e.kind));
        let answer = matches!(
            e.kind,
            K::Ack
                | K::Clarify
                | K::Fee
                | K::Extend
                | K::Partial
                | K::Complete
                | K::Deny
                | K::NoRecords
                | K::Reply
        );
        if answer && self.first_response.is_none() {
            let n = self.cal.business_days_between(self.filed, on) - self.paused_before(on);
            self.first_response = Some((on, n));
        }
        match e.kind {
            K::Ack => {
                self.meet_ack(on, true);
                self.meet(ClockKind::Certify, on);
                if e.days.is_some() || e.until.is_some() {
                    self.extend(e, on);
                }
            }
            K::Clarify | K::Fee => {
                self.meet_ack(on, true);
                let effect = if e.kind == K::Clarify {
                    self.rule.clarify
                } else {
                    self.rule.fee
                };
                if e.kind == K::Clarify
                    && let Some(cite) = &self.rule.clarify_once_cite
                {
                    if self.clarify_tolled {
                        self.say(Some(on), || {
                            format!(
                                "a second request for information does not stop the clock: the \
                                 law lets the agency toll it once for information ({cite}); only \
                                 fee questions toll it again"
                            )
                        });
                        return;
                    }
                    self.clarify_tolled = effect != PauseEffect::None;
                }
                self.pause(on, effect);
            }
            K::Clarified | K::Paid | K::Waived => self.resume(on),
            K::Extend => {
                self.meet_ack(on, true);
                self.meet(ClockKind::Certify, on);
                self.extend(e, on);
            }
            K::Partial | K::Complete | K::Deny | K::NoRecords => self.answer(e.kind, on),
            K::Appeal => self.appeal(on),
            K::AppealGranted | K::AppealDenied => {
                self.end_pause(on);
                self.meet(ClockKind::AppealDecision, on);
                self.meet(ClockKind::Followup, on);
                if e.kind == K::AppealGranted {
                    let p = self.followup_period;
                    self.say(Some(on), || {
                        "the agency now owes the records: no statutory clock".to_string()
                    });
                    self.followup = Some(self.timer(ClockKind::Followup, p, None, false, on));
                }
            }
            K::Followup => {
                if let Some(f) = self
                    .followup
                    .as_ref()
                    .filter(|f| f.running() && f.pause.is_none())
                {
                    let p = f.period;
                    self.say(Some(on), || {
                        "the next follow-up target counts from here".into()
                    });
                    self.followup = Some(self.timer(ClockKind::Followup, p, None, false, on));
                }
            }
            K::Withdraw => {
                self.end_pause(on);
                self.withdrawn = true;
                for t in self.timers_mut() {
                    if t.running() {
                        // A clock that waited on us was not running late: it lapses.
                        t.ended = Some(if t.pause.is_some() { on.min(t.due) } else { on });
                        t.pause = None;
                    }
                }
                self.say(Some(on), || "withdrawn: every clock stops".into());
            }
            K::Reply | K::Filed | K::Void | K::Note => {}
        }
    }

    fn timers_mut(&mut self) -> impl Iterator<Item = &mut Timer<'a>> {
        [
            &mut self.response,
            &mut self.ack,
            &mut self.certify,
            &mut self.followup,
            &mut self.appeal_window,
            &mut self.appeal_decision,
        ]
        .into_iter()
        .filter_map(|t| t.as_mut())
    }

    fn slot(&mut self, kind: ClockKind) -> &mut Option<Timer<'a>> {
        match kind {
            ClockKind::Response => &mut self.response,
            ClockKind::Ack => &mut self.ack,
            ClockKind::Certify => &mut self.certify,
            ClockKind::Followup => &mut self.followup,
            ClockKind::AppealWindow => &mut self.appeal_window,
            ClockKind::AppealDecision => &mut self.appeal_decision,
        }
    }

    /// Marks a running clock met on `on`.
    fn meet(&mut self, kind: ClockKind, on: NaiveDate) {
        let Some(t) = self.slot(kind).as_mut().filter(|t| t.running()) else {
            return;
        };
        t.met = Some(on);
        t.pause = None;
        let due = t.due;
        self.say(Some(on), || {
            if on > due {
                format!("{} answered late (due {})", kind.label(), day(due))
            } else {
                format!("{} met", kind.label())
            }
        });
    }

    /// Any written answer meets the acknowledgment; where the response runs from the
    /// acknowledgment, that answer is its day 0.
    fn meet_ack(&mut self, on: NaiveDate, anchor: bool) {
        self.meet(ClockKind::Ack, on);
        if !self.rule.response_from_ack || self.anchored {
            return;
        }
        self.anchored = true;
        if !anchor {
            return;
        }
        let Some(r) = self
            .response
            .as_ref()
            .filter(|r| r.running() && r.pause.is_none())
        else {
            return;
        };
        let p = r.period;
        let cite = r.cite;
        self.say(Some(on), || {
            "the response period now counts from this answer".into()
        });
        self.response = Some(self.timer(ClockKind::Response, p, cite, true, on));
    }

    fn pause(&mut self, on: NaiveDate, effect: PauseEffect) {
        if self.pause_since.is_some() {
            self.say(Some(on), || "already paused: no change".into());
            return;
        }
        let mut paused = false;
        for kind in [ClockKind::Response, ClockKind::Certify] {
            paused |= self.pause_clock(kind, on, effect);
        }
        // The follow-up target waits while the agency waits on us.
        if let Some(f) = self.followup.as_mut().filter(|f| f.running()) {
            f.pause = Some(Pause {
                left: 0,
                effect: PauseEffect::Restart,
            });
            paused = true;
            self.say(Some(on), || "follow-up target waits for our answer".into());
        }
        if paused {
            self.pause_since = Some(on);
        }
    }

    /// Stops one statutory clock as the rule says; true if it stopped.
    fn pause_clock(&mut self, kind: ClockKind, on: NaiveDate, effect: PauseEffect) -> bool {
        let cal = self.cal;
        let Some(t) = self.slot(kind).as_mut().filter(|t| t.running()) else {
            return false;
        };
        let (due, day_kind) = (t.due, t.period.kind);
        if effect == PauseEffect::None {
            self.say(Some(on), || {
                format!("{}: the clock keeps running", kind.label())
            });
            return false;
        }
        if on > due {
            self.warn(
                on,
                format!(
                    "the request came on {on} after the {} was already due on {due}: the clock \
                     is not tolled",
                    kind.label()
                ),
            );
            return false;
        }
        let left = match day_kind {
            DayKind::Business => cal.business_days_between(on, due).max(0),
            DayKind::Calendar => (t.raw - on).num_days().max(0),
        };
        t.pause = Some(Pause { left, effect });
        self.say(Some(on), || match effect {
            PauseEffect::Toll => format!(
                "{} clock stops with {} left (tolled)",
                kind.label(),
                unit(day_kind, left)
            ),
            _ => format!(
                "{} clock stops; it starts again in full on our answer",
                kind.label()
            ),
        });
        true
    }

    fn end_pause(&mut self, on: NaiveDate) {
        if let Some(since) = self.pause_since.take() {
            let n = self.cal.business_days_between(since, on).max(0);
            self.paused_bd += n;
            self.say(Some(on), || {
                format!(
                    "paused {} (since {})",
                    unit(DayKind::Business, n),
                    day(since)
                )
            });
        }
    }

    fn resume(&mut self, on: NaiveDate) {
        if self.pause_since.is_none() {
            return;
        }
        self.end_pause(on);
        for kind in [ClockKind::Response, ClockKind::Certify, ClockKind::Followup] {
            let Some(t) = self.slot(kind).as_mut() else {
                continue;
            };
            let Some(p) = t.pause.take() else {
                continue;
            };
            let (period, cite, statutory) = (t.period, t.cite, t.statutory);
            let (days, until) = (t.deferred_days, t.deferred_until);
            let next = match p.effect {
                PauseEffect::Toll => {
                    let left = p.left.max(0) as u32;
                    let rest = Period {
                        days: left,
                        kind: period.kind,
                    };
                    self.say(Some(on), || {
                        format!("{} resumes: day 0 of the remaining {rest}", kind.label())
                    });
                    let (raw, due) = self.count(on, rest);
                    self.say(Some(due), || format!("{} due: {}", kind.label(), day(due)));
                    let Some(t) = self.slot(kind).as_mut() else {
                        continue;
                    };
                    t.raw = raw;
                    t.due = due;
                    t.deferred_days = 0;
                    t.deferred_until = None;
                    None
                }
                _ => {
                    self.say(Some(on), || format!("{} starts again", kind.label()));
                    // A restart is a new request: no extension used yet.
                    Some(self.timer(kind, period, cite, statutory, on))
                }
            };
            if let Some(t) = next {
                *self.slot(kind) = Some(t);
            }
            if days > 0 || until.is_some() {
                self.say(Some(on), || {
                    "the extension given during the pause applies now".into()
                });
                self.apply_extension(kind, on, (days > 0).then_some(days), until);
            }
        }
    }

    fn extend(&mut self, e: &EventIn, on: NaiveDate) {
        let target = if self.response.as_ref().is_some_and(|t| t.running()) {
            ClockKind::Response
        } else if self.followup.as_ref().is_some_and(|t| t.running()) {
            ClockKind::Followup
        } else {
            self.say(Some(on), || "no running clock to extend".into());
            return;
        };
        if let Some(t) = self.slot(target).as_mut().filter(|t| t.pause.is_some()) {
            t.deferred_days += e.days.unwrap_or(0);
            if e.until.is_some() {
                t.deferred_until = e.until;
            }
            self.say(Some(on), || {
                "the clock is paused: the extension applies on resuming".into()
            });
            return;
        }
        self.apply_extension(target, on, e.days, e.until);
    }

    fn apply_extension(
        &mut self,
        kind: ClockKind,
        on: NaiveDate,
        days: Option<u32>,
        until: Option<NaiveDate>,
    ) {
        let rule = self.rule;
        let cal = self.cal;
        let Some(t) = self.slot(kind).as_ref() else {
            return;
        };
        let (old_due, old_raw, timer_kind) = (t.due, t.raw, t.period.kind);
        // A statutory extension is counted in the kind the law gives it; the agency's own
        // follow-up promise in the target's kind.
        let ext_kind = match (kind, rule.extension) {
            (ClockKind::Response, Some(p)) => p.kind,
            _ => timer_kind,
        };
        let mut spent = 0u32;
        let (mut raw, mut due) = (old_raw, old_due);
        if let Some(n) = days {
            let from = if ext_kind == DayKind::Calendar && timer_kind == DayKind::Calendar {
                raw
            } else {
                due
            };
            self.say(Some(on), || {
                format!(
                    "extension: {} more from {}",
                    unit(ext_kind, i64::from(n)),
                    day(from)
                )
            });
            (raw, due) = self.count(
                from,
                Period {
                    days: n,
                    kind: ext_kind,
                },
            );
            if timer_kind == DayKind::Business {
                raw = due;
            }
            spent += n;
        }
        if let Some(u) = until {
            let before = due;
            raw = u;
            due = cal.roll_forward(u);
            self.say(Some(on), || format!("extension: until {}", day(u)));
            if due != u {
                self.say(Some(due), || {
                    format!("{} is closed: rolls forward to {}", day(u), day(due))
                });
            }
            if due > before {
                let n = match ext_kind {
                    DayKind::Business => cal.business_days_between(before, due),
                    DayKind::Calendar => (due - before).num_days(),
                };
                spent += u32::try_from(n).unwrap_or(u32::MAX);
            }
        }
        let Some(t) = self.slot(kind).as_mut() else {
            return;
        };
        t.raw = raw;
        t.due = due;
        t.ext_spent = t.ext_spent.saturating_add(spent);
        t.ext_count += 1;
        let total = t.ext_spent;
        let several = t.ext_count > 1;
        self.say(Some(due), || format!("{} due: {}", kind.label(), day(due)));
        if kind != ClockKind::Response {
            return;
        }
        if on > old_due {
            self.warn(
                on,
                format!("extension given on {on}, after the response was already due on {old_due}"),
            );
        }
        let cite = rule
            .extension_cite
            .as_deref()
            .or(rule.response_cite.as_deref())
            .unwrap_or("the law");
        match rule.extension {
            Some(limit) if total > limit.days => {
                let what = if several {
                    "extensions totalling"
                } else {
                    "extension of"
                };
                self.warn(
                    on,
                    format!(
                        "{what} {} exceeds the {limit} {cite} allows",
                        unit(limit.kind, i64::from(total))
                    ),
                );
            }
            None if rule.extension_cite.is_none() && spent > 0 => {
                self.warn(
                    on,
                    format!(
                        "extension of {}: the law sets no extension beyond the {} of {cite}",
                        unit(ext_kind, i64::from(spent)),
                        rule.response.map(|p| p.to_string()).unwrap_or_default()
                    ),
                );
            }
            _ => {}
        }
    }

    /// A substantive answer: partial, complete, deny or no-records.
    fn answer(&mut self, kind: EventKind, on: NaiveDate) {
        self.end_pause(on);
        self.meet_ack(on, false);
        self.meet(ClockKind::Certify, on);
        self.meet(ClockKind::Response, on);
        let final_answer = kind != EventKind::Partial;
        if final_answer {
            self.meet(ClockKind::Followup, on);
            let n = self.cal.business_days_between(self.filed, on) - self.paused_bd;
            self.completion = Some((on, n));
        } else {
            let p = self.followup_period;
            self.say(Some(on), || {
                "records in part: the rest has no statutory clock, so a follow-up target applies"
                    .into()
            });
            self.followup = Some(self.timer(ClockKind::Followup, p, None, false, on));
        }
        if kind == EventKind::Complete {
            // Everything was produced: a window left open by an earlier partial answer ends.
            if self.appeal_window.as_ref().is_some_and(|t| t.running()) {
                self.appeal_window = None;
            }
            return;
        }
        if let Some(p) = self.rule.appeal_window {
            let cite = self.rule.appeal_cite.as_deref();
            self.appeal_window = Some(self.timer(ClockKind::AppealWindow, p, cite, true, on));
        }
    }

    fn appeal(&mut self, on: NaiveDate) {
        if let Some(w) = self.appeal_window.as_ref().filter(|t| t.running()) {
            let due = w.due;
            if on > due {
                self.warn(
                    on,
                    format!("appeal filed on {on}, after the appeal window closed on {due}"),
                );
            }
        }
        self.meet(ClockKind::AppealWindow, on);
        self.meet(ClockKind::Followup, on);
        self.followup = None;
        if let Some(p) = self.rule.appeal_decision {
            let cite = self.rule.appeal_cite.as_deref();
            self.appeal_decision = Some(self.timer(ClockKind::AppealDecision, p, cite, true, on));
        } else {
            let p = self.followup_period;
            self.say(Some(on), || {
                "no decision deadline for the appeal: a follow-up target applies".into()
            });
            self.followup = Some(self.timer(ClockKind::Followup, p, None, false, on));
        }
    }

    // ---- result ------------------------------------------------------------------------------

    fn clock(&self, t: &Timer) -> Clock {
        let cal = self.cal;
        let mut c = Clock {
            kind: t.kind,
            due: Some(t.due),
            state: ClockState::Pending,
            met_on: t.met,
            business_days_late: None,
            calendar_days_late: None,
            business_days_left: None,
            cite: t.cite.map(str::to_string),
            statutory: t.statutory,
        };
        let late_to = |c: &mut Clock, to: NaiveDate| {
            c.business_days_late = Some(cal.business_days_between(t.due, to));
            c.calendar_days_late = Some((to - t.due).num_days());
        };
        if let Some(m) = t.met {
            c.state = ClockState::Met;
            if m > t.due {
                c.state = ClockState::Late;
                late_to(&mut c, m);
            }
        } else if t.pause.is_some() {
            c.state = ClockState::Paused;
            c.due = None;
        } else if let Some(end) = t.ended {
            // Only a statutory date the agency let pass stays missed once the request ends.
            if end > t.due && t.statutory && t.kind != ClockKind::AppealWindow {
                c.state = ClockState::Missed;
                late_to(&mut c, end);
            } else {
                c.state = ClockState::Lapsed;
            }
        } else if self.today > t.due {
            if t.kind == ClockKind::AppealWindow {
                c.state = ClockState::Lapsed;
            } else {
                c.state = ClockState::Missed;
                late_to(&mut c, self.today);
            }
        } else {
            c.business_days_left = Some(cal.business_days_between(self.today, t.due));
        }
        c
    }

    fn finish(&self) -> Deadlines {
        let mut clocks = Vec::with_capacity(6);
        for t in [
            &self.response,
            &self.ack,
            &self.certify,
            &self.followup,
            &self.appeal_window,
            &self.appeal_decision,
        ]
        .into_iter()
        .flatten()
        {
            clocks.push(self.clock(t));
        }
        let find =
            |k: ClockKind, s: ClockState| clocks.iter().find(|c| c.kind == k && c.state == s);
        use ClockKind as C;
        use ClockState as S;
        let flagged = if self.withdrawn {
            None
        } else {
            [
                (C::Response, S::Missed, Flag::Overdue),
                (C::Certify, S::Missed, Flag::Overdue),
                (C::AppealDecision, S::Missed, Flag::Overdue),
                (C::Ack, S::Missed, Flag::AckOverdue),
                (C::Followup, S::Missed, Flag::FollowUp),
                (C::AppealWindow, S::Pending, Flag::AppealDeadline),
            ]
            .into_iter()
            .find_map(|(k, s, f)| find(k, s).map(|c| (f, c)))
        };
        let flag = flagged.map(|(f, _)| f);
        // The cached date is the main clock's (response, appeal decision, follow-up target or
        // appeal window); the acknowledgment and certificate clocks are cached beside it
        // (`Deadlines::ack_due`).
        let main = if self.withdrawn {
            None
        } else {
            [
                (C::Response, None),
                (C::AppealDecision, None),
                (C::Followup, Some(S::Missed)),
                (C::AppealWindow, Some(S::Pending)),
                (C::Followup, None),
            ]
            .into_iter()
            .find_map(|(k, s)| {
                clocks.iter().find(|c| {
                    c.kind == k
                        && match s {
                            Some(s) => c.state == s,
                            None => matches!(c.state, S::Pending | S::Missed | S::Paused),
                        }
                })
            })
        };
        let (due_on, due_clock) = match main {
            Some(c) => (c.due, Some(c.kind)),
            None => (None, None),
        };
        let on_time = clocks
            .iter()
            .find(|c| c.kind == C::Response)
            .and_then(|c| match c.state {
                S::Met => Some(true),
                S::Late | S::Missed => Some(false),
                _ => None,
            });
        let open_pause = self.pause_since.map_or(0, |since| {
            self.cal.business_days_between(since, self.today).max(0)
        });
        Deadlines {
            clocks,
            flag,
            due_on,
            due_clock,
            paused_since: self.pause_since,
            paused_business_days: self.paused_bd + open_pause,
            paused_business_days_ended: self.paused_bd,
            warnings: self.warnings.clone(),
            first_response: self.first_response,
            completion: self.completion,
            on_time,
        }
    }

    fn finish_tracing(&mut self) -> Deadlines {
        // Whether a statutory clock stopped, or only the follow-up target waits for us (a fee
        // that does not stop the clock): said differently, never "paused" for a running clock.
        let stopped = [&self.response, &self.certify]
            .into_iter()
            .flatten()
            .any(|t| t.pause.is_some());
        let running: Vec<&'static str> = [&self.response, &self.certify]
            .into_iter()
            .flatten()
            .filter(|t| t.running() && t.pause.is_none())
            .map(|t| t.kind.label())
            .collect();
        let d = self.finish();
        if let Some(since) = self.pause_since {
            let n = self.cal.business_days_between(since, self.today).max(0);
            let today = self.today;
            self.say(Some(today), || {
                if stopped {
                    format!(
                        "still paused since {}: {} so far, waiting on the requester",
                        day(since),
                        unit(DayKind::Business, n)
                    )
                } else {
                    let keeps = match running.as_slice() {
                        [] => String::new(),
                        r => format!("; the {} clock keeps running", r.join(" and ")),
                    };
                    format!(
                        "waiting on the requester since {}: {} so far; the follow-up target \
                         waits{keeps}",
                        day(since),
                        unit(DayKind::Business, n)
                    )
                }
            });
        }
        d
    }
}

fn pause_words(e: PauseEffect) -> &'static str {
    match e {
        PauseEffect::Toll => "tolls the clock",
        PauseEffect::Restart => "restarts the clock on our answer",
        PauseEffect::None => "does not stop the clock",
    }
}

/// The closing lines of `explain`: each clock's state as of today.
fn summarize(input: &Input, d: &Deadlines, steps: &mut Vec<Step>) {
    let today = input.today;
    steps.push(Step {
        date: Some(today),
        text: format!("as of {}:", day(today)),
    });
    for c in &d.clocks {
        let label = c.kind.label();
        let due = c.due.map(day).unwrap_or_default();
        let late = |c: &Clock| {
            format!(
                "{} ({} calendar) late",
                unit(DayKind::Business, c.business_days_late.unwrap_or(0)),
                c.calendar_days_late.unwrap_or(0)
            )
        };
        let text = match c.state {
            ClockState::Pending => format!(
                "{label}: pending, due {due}, {} left",
                unit(DayKind::Business, c.business_days_left.unwrap_or(0))
            ),
            ClockState::Met => {
                let on = c.met_on.map(day).unwrap_or_default();
                format!("{label}: met on {on}, due {due}: on time")
            }
            ClockState::Late => {
                let on = c.met_on.map(day).unwrap_or_default();
                format!("{label}: late: answered on {on}, due {due}: {}", late(c))
            }
            ClockState::Missed if !c.statutory => format!(
                "{label}: passed on {due}, {} ({} calendar) ago: time to follow up",
                unit(DayKind::Business, c.business_days_late.unwrap_or(0)),
                c.calendar_days_late.unwrap_or(0)
            ),
            ClockState::Missed => format!("{label}: missed, due {due}: {}", late(c)),
            ClockState::Paused => format!("{label}: paused"),
            ClockState::Lapsed => format!("{label}: lapsed (due {due})"),
        };
        steps.push(Step {
            date: c.due,
            text: format!("result: {text}"),
        });
    }
    if d.paused_business_days > 0 {
        steps.push(Step {
            date: None,
            text: format!(
                "paused in all: {}",
                unit(DayKind::Business, d.paused_business_days)
            ),
        });
    }
    let flag = d.flag.map(Flag::as_str).unwrap_or("none");
    steps.push(Step {
        date: d.due_on,
        text: format!("flag: {flag}"),
    });
}

#[cfg(test)]
#[path = "engine_tests.rs"]
mod tests;
