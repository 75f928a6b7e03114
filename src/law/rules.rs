//! The jurisdiction rules: what each public-records law says about deadlines, extensions,
//! acknowledgments, appeals and pauses, as plain data that is stored as JSON, printed by
//! `law show`, and overridden field by field by the user (`law set`). The built-in table itself
//! lives in `table.rs`; this module owns the types, the override and the wording built from them.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Whether a period counts only business days or every calendar day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DayKind {
    Business,
    Calendar,
}

impl DayKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DayKind::Business => "business",
            DayKind::Calendar => "calendar",
        }
    }
}

/// A number of days of one kind: "7 business days", "30 calendar days".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Period {
    pub days: u32,
    pub kind: DayKind,
}

impl Period {
    pub const fn business(days: u32) -> Period {
        Period {
            days,
            kind: DayKind::Business,
        }
    }

    pub const fn calendar(days: u32) -> Period {
        Period {
            days,
            kind: DayKind::Calendar,
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let unit = if self.days == 1 { "day" } else { "days" };
        write!(f, "{} {} {unit}", self.days, self.kind.as_str())
    }
}

/// What an agency's request for clarification or for a fee does to the response clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PauseEffect {
    /// The clock stops and, once we answer, runs on with the days that were left.
    Toll,
    /// Our answer counts as a new request: the full period starts again.
    Restart,
    /// The clock keeps running.
    None,
}

impl PauseEffect {
    pub fn as_str(self) -> &'static str {
        match self {
            PauseEffect::Toll => "toll",
            PauseEffect::Restart => "restart",
            PauseEffect::None => "none",
        }
    }
}

/// One jurisdiction's public-records rule. `None` periods mean the law sets no such clock.
///
/// Conventions: the day a request is received is day 0. An `extension` of `None` with an
/// `extension_cite` means the law lets the agency set a later date without a fixed cap (no
/// warning); `None` without a cite means the law allows no extension (an extension is warned).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Rule {
    pub code: String,
    pub law: String,
    pub citation: String,
    pub response: Option<Period>,
    pub response_cite: Option<String>,
    /// The rule in plain words, as `law show` prints it.
    pub response_text: String,
    /// The response period runs from the acknowledgment (or, while none has come, from the
    /// acknowledgment deadline) instead of from receipt: NY, AL, SC, WY.
    #[serde(default)]
    pub response_from_ack: bool,
    pub extension: Option<Period>,
    pub extension_cite: Option<String>,
    pub ack: Option<Period>,
    pub ack_cite: Option<String>,
    /// A second statutory clock to certify a date or give a written notice (TX, AR, LA).
    pub certify: Option<Period>,
    pub certify_cite: Option<String>,
    pub appeal_window: Option<Period>,
    pub appeal_decision: Option<Period>,
    pub appeal_to: Option<String>,
    /// Where the appeal goes, when the law names one body (Pennsylvania's Office of Open
    /// Records), with the source in `source`.
    #[serde(default)]
    pub appeal_address: Option<String>,
    /// Where the law has no administrative appeal but an administrative body takes complaints
    /// about a denial (New Jersey's Government Records Council, a state Attorney General):
    /// that body. `log appeal` records such a complaint; where there is neither, it is refused.
    #[serde(default)]
    pub complaint_to: Option<String>,
    /// What the law lets an agency charge, in a sentence for letters, with its citation.
    #[serde(default)]
    pub fees: Option<String>,
    pub appeal_cite: Option<String>,
    pub remedies: String,
    pub clarify: PauseEffect,
    pub fee: PauseEffect,
    /// Where only the first request for information stops the clock (FOIA: once for
    /// information, as often as needed for fees), the citation of that limit.
    #[serde(default)]
    pub clarify_once_cite: Option<String>,
    /// Where a request that arrives on a day the office is closed counts as received on the
    /// next business day, the source that says so.
    #[serde(default)]
    pub closed_day_receipt_cite: Option<String>,
    /// A request sent by e-mail or fax counts as received this many business days after it was
    /// sent (Michigan: one), with the citation.
    #[serde(default)]
    pub electronic_receipt: Option<Period>,
    #[serde(default)]
    pub electronic_receipt_cite: Option<String>,
    /// The follow-up target where the law sets no response date.
    pub followup: Period,
    /// The law treats silence past the deadline as a denial the requester may challenge.
    pub deemed_denied: bool,
    pub verified: bool,
    pub source: String,
    pub notes: String,
}

/// The follow-up target used where the law sets no date.
pub const DEFAULT_FOLLOWUP: Period = Period::business(10);

impl Rule {
    /// Whether the law sets a response date (otherwise a follow-up target applies).
    pub fn has_deadline(&self) -> bool {
        self.response.is_some()
    }

    /// The first date the law imposes, in a phrase for letters. Where the response runs from an
    /// acknowledgment, the first date is the acknowledgment's. Never a number the law lacks.
    pub fn deadline_phrase(&self) -> String {
        let (period, cite) = match (self.response_from_ack, self.ack, self.response) {
            (true, Some(ack), _) => (ack, &self.ack_cite),
            (_, _, Some(r)) => (r, &self.response_cite),
            _ => return "as promptly as possible, as the law requires".to_string(),
        };
        match cite {
            Some(c) => format!("within {period}, as {c} requires"),
            None => format!("within {period}, as the law requires"),
        }
    }

    /// Where a denial goes next, in one line.
    pub fn appeal_route(&self) -> String {
        let Some(to) = &self.appeal_to else {
            return if self.remedies.is_empty() {
                "no administrative appeal".to_string()
            } else {
                format!("no administrative appeal: {}", self.remedies)
            };
        };
        let mut s = format!("appeal to {to}");
        if let Some(w) = self.appeal_window {
            s.push_str(&format!(" within {w}"));
        }
        if let Some(d) = self.appeal_decision {
            s.push_str(&format!(", decided within {d}"));
        }
        if let Some(c) = &self.appeal_cite {
            s.push_str(&format!(" ({c})"));
        }
        s
    }
}

/// A user's changes to one built-in rule, kept apart from it so an upgrade of the built-in
/// table never loses them. `None` leaves a field as built in; for the clocks, `Some(None)`
/// clears a deadline the user believes the law does not set (serialised as `null`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleOverride {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub law: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub citation: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "double_option"
    )]
    pub response: Option<Option<Period>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "double_option"
    )]
    pub response_cite: Option<Option<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_from_ack: Option<bool>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "double_option"
    )]
    pub extension: Option<Option<Period>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "double_option"
    )]
    pub extension_cite: Option<Option<String>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "double_option"
    )]
    pub ack: Option<Option<Period>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "double_option"
    )]
    pub ack_cite: Option<Option<String>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "double_option"
    )]
    pub certify: Option<Option<Period>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "double_option"
    )]
    pub certify_cite: Option<Option<String>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "double_option"
    )]
    pub appeal_window: Option<Option<Period>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "double_option"
    )]
    pub appeal_decision: Option<Option<Period>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "double_option"
    )]
    pub appeal_to: Option<Option<String>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "double_option"
    )]
    pub appeal_cite: Option<Option<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remedies: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clarify: Option<PauseEffect>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fee: Option<PauseEffect>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub followup: Option<Period>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deemed_denied: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verified: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// Serde glue that tells a missing field (`None`) from an explicit `null` (`Some(None)`).
mod double_option {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<T: Serialize, S: Serializer>(
        v: &Option<Option<T>>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match v {
            Some(inner) => inner.serialize(s),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<Option<T>>, D::Error> {
        Option::<T>::deserialize(d).map(Some)
    }
}

fn show_period(p: &Option<Period>) -> String {
    match p {
        Some(p) => p.to_string(),
        None => "none".to_string(),
    }
}

fn show_text(t: &Option<String>) -> String {
    match t {
        Some(t) => t.clone(),
        None => "none".to_string(),
    }
}

impl RuleOverride {
    /// The built-in rule with this override's fields put in place.
    pub fn apply(&self, base: &Rule) -> Rule {
        let mut r = base.clone();
        macro_rules! set {
            ($($f:ident),*) => { $( if let Some(v) = &self.$f { r.$f = v.clone(); } )* };
        }
        set!(
            law,
            citation,
            response,
            response_cite,
            response_text,
            response_from_ack,
            extension,
            extension_cite,
            ack,
            ack_cite,
            certify,
            certify_cite,
            appeal_window,
            appeal_decision,
            appeal_to,
            appeal_cite,
            remedies,
            clarify,
            fee,
            followup,
            deemed_denied,
            verified,
            source,
            notes
        );
        r
    }

    pub fn is_empty(&self) -> bool {
        *self == RuleOverride::default()
    }

    /// One line per overridden field: "response: 7 business days (built-in: 5 business days)".
    pub fn describe(&self, base: &Rule) -> Vec<String> {
        let mut out = Vec::new();
        let mut line = |name: &str, new: String, old: String| {
            out.push(format!("{name}: {new} (built-in: {old})"));
        };
        macro_rules! text {
            ($($f:ident),*) => { $( if let Some(v) = &self.$f {
                line(stringify!($f), v.clone(), base.$f.clone());
            } )* };
        }
        macro_rules! opt_text {
            ($($f:ident),*) => { $( if let Some(v) = &self.$f {
                line(stringify!($f), show_text(v), show_text(&base.$f));
            } )* };
        }
        macro_rules! period {
            ($($f:ident),*) => { $( if let Some(v) = &self.$f {
                line(stringify!($f), show_period(v), show_period(&base.$f));
            } )* };
        }
        macro_rules! plain {
            ($($f:ident),*) => { $( if let Some(v) = &self.$f {
                line(stringify!($f), v.to_string(), base.$f.to_string());
            } )* };
        }
        text!(law, citation);
        period!(response);
        opt_text!(response_cite);
        text!(response_text);
        plain!(response_from_ack);
        period!(extension);
        opt_text!(extension_cite);
        period!(ack);
        opt_text!(ack_cite);
        period!(certify);
        opt_text!(certify_cite);
        period!(appeal_window, appeal_decision);
        opt_text!(appeal_to, appeal_cite);
        text!(remedies);
        if let Some(v) = self.clarify {
            line("clarify", v.as_str().into(), base.clarify.as_str().into());
        }
        if let Some(v) = self.fee {
            line("fee", v.as_str().into(), base.fee.as_str().into());
        }
        plain!(followup, deemed_denied, verified);
        text!(source, notes);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::law::table::{builtin_rule, builtin_rules};
    use crate::model::JURISDICTIONS;

    #[test]
    fn every_jurisdiction_has_a_rule_sorted_by_code() {
        let rules = builtin_rules();
        for (code, _) in JURISDICTIONS {
            assert!(builtin_rule(code).is_some(), "no rule for {code}");
        }
        // Beside the jurisdictions, the federal departments whose FOIA regulations differ.
        assert_eq!(rules.len(), JURISDICTIONS.len() + 2);
        assert!(rules.windows(2).all(|w| w[0].code < w[1].code));
        assert_eq!(builtin_rule(" nj").map(|r| r.code), Some("NJ".to_string()));
        assert!(builtin_rule("XX").is_none());
    }

    #[test]
    fn every_rule_is_complete_and_honest() {
        for r in builtin_rules() {
            let c = &r.code;
            assert!(!r.law.is_empty() && !r.citation.is_empty(), "{c}: law");
            assert!(!r.response_text.is_empty(), "{c}: response_text");
            assert!(!r.source.is_empty(), "{c}: source");
            assert!(
                r.verified || !r.notes.is_empty(),
                "{c}: unverified without a note"
            );
            // Every clock the law sets carries its citation.
            assert!(
                r.response.is_none() || r.response_cite.is_some(),
                "{c}: response cite"
            );
            assert!(r.ack.is_none() || r.ack_cite.is_some(), "{c}: ack cite");
            assert!(
                r.certify.is_none() || r.certify_cite.is_some(),
                "{c}: certify cite"
            );
            assert!(
                r.extension.is_none() || r.extension_cite.is_some(),
                "{c}: ext cite"
            );
            let appeal = r.appeal_window.is_some() || r.appeal_decision.is_some();
            assert!(
                !appeal || (r.appeal_to.is_some() && r.appeal_cite.is_some()),
                "{c}"
            );
            assert!(
                r.appeal_to.is_some() || !r.remedies.is_empty(),
                "{c}: remedies"
            );
            assert!(
                !r.response_from_ack || r.response.is_some(),
                "{c}: from ack"
            );
            assert!(r.followup.days > 0, "{c}: followup");
        }
    }

    #[test]
    fn the_researched_rows_say_what_laws_md_says() {
        // (code, response, extension, ack, certify, appeal window, appeal decision, verified)
        let b = |n| Some(Period::business(n));
        let cd = |n| Some(Period::calendar(n));
        let cases = [
            ("NC", None, None, None, None, None, None, true),
            ("TX", None, None, None, b(10), None, None, true),
            ("NJ", b(7), None, None, None, None, None, true),
            ("CA", cd(10), cd(14), None, None, None, None, true),
            ("AZ", None, None, b(5), None, None, None, true),
            ("GA", b(3), None, None, None, None, None, true),
            ("FL", None, None, None, None, None, None, true),
            ("VA", b(5), b(7), None, None, None, None, true),
            ("NY", b(20), None, b(5), None, cd(30), b(10), true),
            ("PA", b(5), cd(30), None, None, b(15), cd(30), true),
            ("MA", b(10), b(5), None, None, cd(90), b(10), true),
            // The statute's floor for an agency docket cannot place; DHS's 90 working days
            // (6 C.F.R. §5.8(a)(1)); DOJ's 90 calendar days (28 C.F.R. §16.8(a)).
            ("US", b(20), b(10), None, None, cd(90), b(20), true),
            ("US-DHS", b(20), b(10), None, None, b(90), b(20), true),
            ("US-DOJ", b(20), b(10), None, None, cd(90), b(20), true),
            ("MD", cd(30), cd(30), b(10), None, None, None, true),
            ("WY", cd(30), None, None, None, None, None, false),
            ("NM", cd(15), None, b(3), None, None, None, true),
            ("AL", b(15), b(15), cd(10), None, None, None, false),
        ];
        for (code, resp, ext, ack, cert, win, dec, verified) in cases {
            let r = builtin_rule(code).unwrap();
            assert_eq!(
                (
                    r.response,
                    r.extension,
                    r.ack,
                    r.certify,
                    r.appeal_window,
                    r.appeal_decision
                ),
                (resp, ext, ack, cert, win, dec),
                "{code}"
            );
            assert_eq!(r.verified, verified, "{code}");
        }
        let us = builtin_rule("US").unwrap();
        assert_eq!((us.clarify, us.fee), (PauseEffect::Toll, PauseEffect::Toll));
        assert!(builtin_rule("NY").unwrap().response_from_ack);
    }

    #[test]
    fn phrases_cite_the_law_and_never_invent_a_number() {
        let nj = builtin_rule("NJ").unwrap();
        assert_eq!(
            nj.deadline_phrase(),
            "within 7 business days, as N.J.S.A. 47:1A-5(i) requires"
        );
        let nc = builtin_rule("NC").unwrap();
        assert_eq!(
            nc.deadline_phrase(),
            "as promptly as possible, as the law requires"
        );
        assert!(!nc.has_deadline() && nj.has_deadline());
        let ny = builtin_rule("NY").unwrap();
        assert_eq!(
            ny.deadline_phrase(),
            "within 5 business days, as N.Y. Public Officers Law §89(3)(a) requires"
        );
        assert_eq!(
            builtin_rule("PA").unwrap().appeal_route(),
            "appeal to the Office of Open Records within 15 business days, decided within 30 \
             calendar days (65 P.S. §67.1101(a)(1), (b)(1))"
        );
        assert!(
            nc.appeal_route()
                .starts_with("no administrative appeal: civil action")
        );
    }

    #[test]
    fn an_override_changes_only_its_fields_and_says_so() {
        let base = builtin_rule("PA").unwrap();
        let o = RuleOverride {
            response: Some(Some(Period::business(7))),
            extension: Some(None),
            notes: Some("county policy".into()),
            ..Default::default()
        };
        let r = o.apply(&base);
        assert_eq!(r.response, Some(Period::business(7)));
        assert_eq!(r.extension, None);
        assert_eq!(r.appeal_window, base.appeal_window);
        assert_eq!(
            o.describe(&base)[..2],
            [
                "response: 7 business days (built-in: 5 business days)".to_string(),
                "extension: none (built-in: 30 calendar days)".to_string(),
            ]
        );
        assert!(!o.is_empty() && RuleOverride::default().is_empty());
    }

    #[test]
    fn an_override_round_trips_through_json_keeping_null_apart_from_missing() {
        let o = RuleOverride {
            response: Some(None),
            ack: Some(Some(Period::business(3))),
            clarify: Some(PauseEffect::Restart),
            ..Default::default()
        };
        let json = serde_json::to_string(&o).unwrap();
        assert_eq!(
            json,
            r#"{"response":null,"ack":{"days":3,"kind":"business"},"clarify":"restart"}"#
        );
        let back: RuleOverride = serde_json::from_str(&json).unwrap();
        assert_eq!(back, o);
        assert_eq!(
            serde_json::from_str::<RuleOverride>("{}").unwrap(),
            RuleOverride::default()
        );
        assert!(serde_json::from_str::<RuleOverride>(r#"{"respnse":null}"#).is_err());
    }

    #[test]
    fn rules_round_trip_through_json() {
        for r in builtin_rules() {
            let json = serde_json::to_string(&r).unwrap();
            let back: Rule = serde_json::from_str(&json).unwrap();
            assert_eq!(back, r);
        }
        let json = serde_json::to_value(builtin_rule("CA").unwrap()).unwrap();
        assert_eq!(json["response"]["kind"], "calendar");
        assert_eq!(json["clarify"], "toll");
    }
}
