//! The domain vocabulary: agency kinds, request statuses, event kinds, and the one state
//! machine that derives a request's status from its history.
//!
//! Every value that crosses the database boundary has `as_str` and `FromStr`, and the strings
//! are the ones users type and see (`fee-requested`, `no-records`, ...).

use std::fmt;
use std::str::FromStr;

/// Implements `as_str`, `Display`, `FromStr` and `ALL` for a fieldless enum whose variants map
/// one to one onto user-facing strings.
macro_rules! string_enum {
    ($(#[$meta:meta])* $name:ident, $what:literal { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = UnknownValue;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                let wanted = s.trim().to_ascii_lowercase().replace('_', "-");
                $name::ALL
                    .iter()
                    .copied()
                    .find(|v| v.as_str() == wanted)
                    .ok_or_else(|| UnknownValue {
                        what: $what,
                        given: s.to_string(),
                        allowed: $name::ALL.iter().map(|v| v.as_str()).collect(),
                    })
            }
        }
    };
}

/// A string that names none of an enum's values.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} '{given}': use one of {}", allowed.join(", "))]
pub struct UnknownValue {
    pub what: &'static str,
    pub given: String,
    pub allowed: Vec<&'static str>,
}

string_enum!(
    /// What sort of body an agency is.
    AgencyKind, "agency kind" {
        Sheriff => "sheriff",
        Police => "police",
        Jail => "jail",
        State => "state",
        Federal => "federal",
        Other => "other",
    }
);

string_enum!(
    /// Where a request stands, derived from its events.
    Status, "status" {
        Draft => "draft",
        Filed => "filed",
        Acknowledged => "acknowledged",
        ClarificationNeeded => "clarification-needed",
        FeeRequested => "fee-requested",
        Extended => "extended",
        Partial => "partial",
        Completed => "completed",
        Denied => "denied",
        NoRecords => "no-records",
        Withdrawn => "withdrawn",
        Appealed => "appealed",
        AppealGranted => "appeal-granted",
        AppealDenied => "appeal-denied",
    }
);

string_enum!(
    /// What happened to a request. `filed` is written by `docket file`; the others by `docket log`.
    EventKind, "event kind" {
        Filed => "filed",
        Ack => "ack",
        Clarify => "clarify",
        Clarified => "clarified",
        Fee => "fee",
        Paid => "paid",
        Waived => "waived",
        Extend => "extend",
        Partial => "partial",
        Complete => "complete",
        Deny => "deny",
        NoRecords => "no-records",
        Appeal => "appeal",
        AppealGranted => "appeal-granted",
        AppealDenied => "appeal-denied",
        Followup => "followup",
        Reply => "reply",
        Withdraw => "withdraw",
        Note => "note",
        Void => "void",
    }
);

string_enum!(
    /// How a request was sent.
    Via, "delivery method" {
        Email => "email",
        Portal => "portal",
        Mail => "mail",
        Fax => "fax",
        Hand => "hand",
    }
);

impl Status {
    /// Open requests still wait on the agency (or on us, while paused).
    pub fn is_open(self) -> bool {
        matches!(
            self,
            Status::Filed
                | Status::Acknowledged
                | Status::ClarificationNeeded
                | Status::FeeRequested
                | Status::Extended
                | Status::Partial
                | Status::Appealed
                | Status::AppealGranted
        )
    }
}

impl EventKind {
    /// The kinds a user may give to `docket log` (`filed` comes from `docket file`).
    pub fn loggable() -> impl Iterator<Item = EventKind> {
        EventKind::ALL
            .iter()
            .copied()
            .filter(|k| *k != EventKind::Filed)
    }

    /// An answer from the agency on the substance of the request: it stops the response clock.
    pub fn is_substantive_answer(self) -> bool {
        matches!(
            self,
            EventKind::Partial | EventKind::Complete | EventKind::Deny | EventKind::NoRecords
        )
    }
}

/// Why an event cannot follow the history so far.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot log '{kind}' on a request that is {status}: {hint}")]
pub struct TransitionError {
    pub status: Status,
    pub kind: EventKind,
    pub hint: String,
}

/// The state machine. `open` is the status a request returns to when a pause ends
/// (`clarified`, `paid`, `waived`): filed, acknowledged, extended or partial.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Machine {
    pub status: Status,
    open: Status,
}

impl Default for Machine {
    fn default() -> Self {
        Machine {
            status: Status::Draft,
            open: Status::Filed,
        }
    }
}

impl Machine {
    /// The event kinds allowed from the current status, in display order.
    pub fn allowed(&self) -> Vec<EventKind> {
        EventKind::ALL
            .iter()
            .copied()
            .filter(|k| self.next(*k).is_some())
            .collect()
    }

    /// The status after `kind`, or `None` when the transition makes no sense.
    /// `void` is not decided here: voiding replays the history without the voided event.
    pub fn next(&self, kind: EventKind) -> Option<Machine> {
        use EventKind as K;
        use Status as S;
        let s = self.status;
        let to = |status: Status| {
            let open = if matches!(
                status,
                S::Filed | S::Acknowledged | S::Extended | S::Partial | S::AppealGranted
            ) {
                status
            } else {
                self.open
            };
            Some(Machine { status, open })
        };
        let same = Some(*self);
        let waiting_on_agency = matches!(
            s,
            S::Filed
                | S::Acknowledged
                | S::Extended
                | S::Partial
                | S::ClarificationNeeded
                | S::FeeRequested
        );
        match kind {
            K::Note => same,
            K::Filed => (s == S::Draft).then(|| to(S::Filed)).flatten(),
            _ if s == S::Draft => None,
            K::Void => same,
            K::Reply => same,
            K::Followup => (s.is_open()).then_some(*self),
            K::Ack => matches!(s, S::Filed).then(|| to(S::Acknowledged)).flatten(),
            K::Clarify | K::Fee if waiting_on_agency => to(if kind == K::Clarify {
                S::ClarificationNeeded
            } else {
                S::FeeRequested
            }),
            K::Clarified => (s == S::ClarificationNeeded)
                .then(|| to(self.open))
                .flatten(),
            K::Paid | K::Waived => (s == S::FeeRequested).then(|| to(self.open)).flatten(),
            K::Extend => matches!(s, S::Filed | S::Acknowledged | S::Extended | S::Partial)
                .then(|| to(S::Extended))
                .flatten(),
            K::Partial | K::Complete | K::NoRecords
                if waiting_on_agency || s == S::AppealGranted =>
            {
                to(match kind {
                    K::Partial => S::Partial,
                    K::Complete => S::Completed,
                    _ => S::NoRecords,
                })
            }
            K::Deny if waiting_on_agency => to(S::Denied),
            K::Withdraw if s.is_open() => to(S::Withdrawn),
            K::Appeal => matches!(s, S::Denied | S::Partial | S::NoRecords | S::Completed)
                .then(|| to(S::Appealed))
                .flatten(),
            K::AppealGranted => (s == S::Appealed).then(|| to(S::AppealGranted)).flatten(),
            K::AppealDenied => (s == S::Appealed).then(|| to(S::AppealDenied)).flatten(),
            _ => None,
        }
    }

    /// Applies `kind` or explains why it cannot be applied.
    pub fn apply(&self, kind: EventKind) -> Result<Machine, TransitionError> {
        self.next(kind).ok_or_else(|| TransitionError {
            status: self.status,
            kind,
            hint: self.hint(kind),
        })
    }

    fn hint(&self, kind: EventKind) -> String {
        if self.status == Status::Draft {
            return "file it first with `docket file ID`, or log a note".to_string();
        }
        let allowed: Vec<&str> = self
            .allowed()
            .into_iter()
            .filter(|k| *k != EventKind::Filed)
            .map(|k| k.as_str())
            .collect();
        let why = match (self.status, kind) {
            (_, EventKind::Filed) => "it was filed already; ".to_string(),
            (Status::Withdrawn, _) => "it was withdrawn; ".to_string(),
            (s, _) if !s.is_open() => format!("it is closed ({s}); "),
            _ => String::new(),
        };
        format!("{why}allowed now: {}", allowed.join(", "))
    }
}

/// Replays a history (already in order, voided events removed) and returns the final machine,
/// or the first event that cannot follow the ones before it, as (its index, the error).
pub fn replay<I>(kinds: I) -> Result<Machine, (usize, TransitionError)>
where
    I: IntoIterator<Item = EventKind>,
{
    let mut m = Machine::default();
    for (i, kind) in kinds.into_iter().enumerate() {
        if kind == EventKind::Void {
            continue;
        }
        m = m.apply(kind).map_err(|e| (i, e))?;
    }
    Ok(m)
}

/// The two-letter codes docket knows: the 50 states, DC, the territories, and `US` for federal
/// agencies, with their names.
pub const JURISDICTIONS: &[(&str, &str)] = &[
    ("AL", "Alabama"),
    ("AK", "Alaska"),
    ("AZ", "Arizona"),
    ("AR", "Arkansas"),
    ("CA", "California"),
    ("CO", "Colorado"),
    ("CT", "Connecticut"),
    ("DE", "Delaware"),
    ("DC", "District of Columbia"),
    ("FL", "Florida"),
    ("GA", "Georgia"),
    ("HI", "Hawaii"),
    ("ID", "Idaho"),
    ("IL", "Illinois"),
    ("IN", "Indiana"),
    ("IA", "Iowa"),
    ("KS", "Kansas"),
    ("KY", "Kentucky"),
    ("LA", "Louisiana"),
    ("ME", "Maine"),
    ("MD", "Maryland"),
    ("MA", "Massachusetts"),
    ("MI", "Michigan"),
    ("MN", "Minnesota"),
    ("MS", "Mississippi"),
    ("MO", "Missouri"),
    ("MT", "Montana"),
    ("NE", "Nebraska"),
    ("NV", "Nevada"),
    ("NH", "New Hampshire"),
    ("NJ", "New Jersey"),
    ("NM", "New Mexico"),
    ("NY", "New York"),
    ("NC", "North Carolina"),
    ("ND", "North Dakota"),
    ("OH", "Ohio"),
    ("OK", "Oklahoma"),
    ("OR", "Oregon"),
    ("PA", "Pennsylvania"),
    ("RI", "Rhode Island"),
    ("SC", "South Carolina"),
    ("SD", "South Dakota"),
    ("TN", "Tennessee"),
    ("TX", "Texas"),
    ("UT", "Utah"),
    ("VT", "Vermont"),
    ("VA", "Virginia"),
    ("WA", "Washington"),
    ("WV", "West Virginia"),
    ("WI", "Wisconsin"),
    ("WY", "Wyoming"),
    ("AS", "American Samoa"),
    ("GU", "Guam"),
    ("MP", "Northern Mariana Islands"),
    ("PR", "Puerto Rico"),
    ("VI", "U.S. Virgin Islands"),
    ("US", "United States (federal)"),
];

/// Normalises a state code or full state name ("nc", "North Carolina", "NORTH CAROLINA ").
pub fn parse_state(s: &str) -> Result<&'static str, String> {
    let t = s.trim();
    JURISDICTIONS
        .iter()
        .find(|(code, name)| code.eq_ignore_ascii_case(t) || name.eq_ignore_ascii_case(t))
        .map(|(code, _)| *code)
        .ok_or_else(|| {
            format!("unknown state '{t}': use a USPS code such as NC, TX or DC (US for federal agencies)")
        })
}

/// The full name of a known code.
pub fn state_name(code: &str) -> &'static str {
    JURISDICTIONS
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, n)| *n)
        .unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_round_trip() {
        for s in Status::ALL {
            assert_eq!(s.as_str().parse::<Status>().unwrap(), *s);
        }
        for k in EventKind::ALL {
            assert_eq!(k.as_str().parse::<EventKind>().unwrap(), *k);
        }
        assert_eq!(
            "NO_RECORDS".parse::<EventKind>().unwrap(),
            EventKind::NoRecords
        );
        let err = "acked".parse::<EventKind>().unwrap_err().to_string();
        assert!(err.contains("unknown event kind 'acked'"), "{err}");
        assert!(err.contains("ack, clarify"), "{err}");
    }

    #[test]
    fn a_pause_returns_to_the_open_status_it_interrupted() {
        use EventKind::*;
        let m = replay([Filed, Ack, Clarify, Clarified]).unwrap();
        assert_eq!(m.status, Status::Acknowledged);
        let m = replay([Filed, Extend, Fee, Paid]).unwrap();
        assert_eq!(m.status, Status::Extended);
        let m = replay([Filed, Fee, Waived]).unwrap();
        assert_eq!(m.status, Status::Filed);
    }

    #[test]
    fn refusals_name_the_status_and_what_is_allowed() {
        use EventKind::*;
        let (i, e) = replay([Filed, Withdraw, Fee]).unwrap_err();
        assert_eq!(i, 2);
        let msg = e.to_string();
        assert!(
            msg.starts_with("cannot log 'fee' on a request that is withdrawn"),
            "{msg}"
        );
        assert!(msg.contains("allowed now: reply, note, void"), "{msg}");
        let e = Machine::default().apply(Ack).unwrap_err().to_string();
        assert!(e.contains("file it first"), "{e}");
    }

    #[test]
    fn states_parse_by_code_or_name() {
        assert_eq!(parse_state("nc").unwrap(), "NC");
        assert_eq!(parse_state("NORTH CAROLINA ").unwrap(), "NC");
        assert_eq!(parse_state("us").unwrap(), "US");
        assert!(parse_state("XX").unwrap_err().contains("USPS code"));
    }
}

/// An office that receives requests.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Agency {
    #[serde(skip)]
    pub id: i64,
    pub uid: String,
    pub slug: String,
    pub name: String,
    pub kind: String,
    pub state: String,
    pub county: Option<String>,
    pub email: Option<String>,
    pub portal_url: Option<String>,
    pub mailing_address: Option<String>,
    pub phone: Option<String>,
    pub records_officer: Option<String>,
    pub notes: Option<String>,
}

/// The editable fields of an agency; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct AgencyFields {
    pub name: Option<String>,
    pub kind: Option<AgencyKind>,
    pub state: Option<String>,
    pub county: Option<String>,
    pub email: Option<String>,
    pub portal_url: Option<String>,
    pub mailing_address: Option<String>,
    pub phone: Option<String>,
    pub records_officer: Option<String>,
    pub notes: Option<String>,
}

/// One entry of a request's history.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub id: i64,
    pub uid: String,
    pub request_id: i64,
    pub kind: EventKind,
    pub on: chrono::NaiveDate,
    pub note: Option<String>,
    pub amount_cents: Option<i64>,
    pub days: Option<i64>,
    pub until: Option<chrono::NaiveDate>,
    pub voids: Option<i64>,
    pub via: Option<String>,
    pub tracking: Option<String>,
    pub recorded_at: String,
    /// The logical clock that orders events of one day, the same on every replica.
    pub clock: i64,
    /// The uid of the team member who logged it (none outside a team).
    pub recorded_by: Option<String>,
}

/// A request as stored, with its derived columns.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    pub id: i64,
    pub uid: String,
    pub agency_id: i64,
    pub batch_id: Option<i64>,
    pub title: String,
    pub template: String,
    pub vars: serde_json::Map<String, serde_json::Value>,
    pub followup_days: Option<i64>,
    pub created_at: String,
    pub status: Status,
    pub filed_on: Option<chrono::NaiveDate>,
    pub filed_via: Option<String>,
    pub tracking_number: Option<String>,
    pub due_on: Option<chrono::NaiveDate>,
    pub due_clock: Option<String>,
    pub flag: Option<String>,
    pub needs_review: bool,
    pub paused_days: i64,
    pub ack_due_on: Option<chrono::NaiveDate>,
    pub ack_clock: Option<String>,
    pub first_response_on: Option<chrono::NaiveDate>,
    pub first_response_days: Option<i64>,
    pub completed_on: Option<chrono::NaiveDate>,
    pub completion_days: Option<i64>,
    pub answered_on_time: Option<bool>,
    pub fees_requested_cents: i64,
    pub fees_paid_cents: i64,
    pub last_event_kind: Option<String>,
    pub last_event_on: Option<chrono::NaiveDate>,
    /// The day the agency began waiting on us (a fee to pay or contest, a question to answer).
    pub waiting_since: Option<chrono::NaiveDate>,
    /// The day a pause still open began; `paused_days` counts the pauses that ended.
    pub paused_since: Option<chrono::NaiveDate>,
    /// The agency's last final answer (complete, deny, no-records), kept while an appeal runs.
    pub final_answer: Option<String>,
    /// Events of a merged history that replay refuses (by uid): a conflict until one is voided.
    pub conflicts: Vec<String>,
}

/// Which cached clock a flag is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlagClock {
    /// The main clock: response, follow-up or appeal.
    Main,
    /// The acknowledgment-type clock: ack or certify.
    Ack,
    /// Neither (a reply waiting to be read, something the agency waits for from us).
    None,
}

/// The conditions that count as a missed clock: `overdue` and `list --overdue` show a request
/// while any of them holds.
/// The longest agency name docket keeps, typed or imported.
pub const MAX_NAME_CHARS: usize = 200;

/// The longest other agency field (an address, notes, a list of e-mail addresses), typed or
/// imported.
pub const MAX_FIELD_CHARS: usize = 10_000;

pub const LATE_FLAGS: [&str; 3] = ["overdue", "ack-overdue", "follow-up"];

/// The cached columns that decide a request's conditions and how late it is, borrowed from
/// wherever the request was read (a whole [`Request`], or a listing's row as SQLite hands it
/// over, which is never copied into owned strings).
#[derive(Debug, Clone, Copy)]
pub struct Clocks<'a> {
    pub status: Status,
    pub due_on: Option<chrono::NaiveDate>,
    pub due_clock: Option<&'a str>,
    pub ack_due_on: Option<chrono::NaiveDate>,
    pub ack_clock: Option<&'a str>,
    pub needs_review: bool,
    /// Whether the merged history holds events that replay refuses.
    pub has_conflicts: bool,
    pub waiting_since: Option<chrono::NaiveDate>,
    pub paused_since: Option<chrono::NaiveDate>,
    pub paused_days: i64,
}

impl Request {
    /// The columns of this request that [`live_flags`] and a listing's standing read.
    pub fn clocks(&self) -> Clocks<'_> {
        Clocks {
            status: self.status,
            due_on: self.due_on,
            due_clock: self.due_clock.as_deref(),
            ack_due_on: self.ack_due_on,
            ack_clock: self.ack_clock.as_deref(),
            needs_review: self.needs_review,
            has_conflicts: !self.conflicts.is_empty(),
            waiting_since: self.waiting_since,
            paused_since: self.paused_since,
            paused_days: self.paused_days,
        }
    }
}

/// The conditions of a request, each with the clock it is about, in the order docket shows
/// them: at most one of each of the eight, held inline (a listing judges every row it prints,
/// and a list per row would cost an allocation each).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FlagList {
    items: [(&'static str, FlagClock); 8],
    len: u8,
}

impl FlagList {
    fn new() -> FlagList {
        FlagList {
            items: [("", FlagClock::None); 8],
            len: 0,
        }
    }

    fn push(&mut self, flag: &'static str, clock: FlagClock) {
        self.items[usize::from(self.len)] = (flag, clock);
        self.len += 1;
    }

    /// The flags alone, in order.
    pub fn names(&self) -> FlagNames {
        let mut names = FlagNames {
            items: [""; 8],
            len: self.len,
        };
        for (n, (f, _)) in names.items.iter_mut().zip(self.iter()) {
            *n = f;
        }
        names
    }
}

impl std::ops::Deref for FlagList {
    type Target = [(&'static str, FlagClock)];
    fn deref(&self) -> &Self::Target {
        &self.items[..usize::from(self.len)]
    }
}

/// A request's conditions by name ("overdue", "needs-review"), in order, held inline; reads as
/// a slice of words and serialises as a JSON array of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FlagNames {
    items: [&'static str; 8],
    len: u8,
}

impl std::ops::Deref for FlagNames {
    type Target = [&'static str];
    fn deref(&self) -> &Self::Target {
        &self.items[..usize::from(self.len)]
    }
}

impl serde::Serialize for FlagNames {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        (**self).serialize(s)
    }
}

/// Every condition of a request as of `today`, from its cached columns, each with the clock it
/// is about, in the order docket shows them (the first is "the" flag of a row):
/// - `overdue`: a statutory response, certificate or appeal-decision date has passed;
/// - `ack-overdue`: the acknowledgment date has passed;
/// - `follow-up`: the law sets no date and the follow-up target has passed;
/// - `waiting-on-us`: the agency waits for us (a fee to pay or contest, a question to answer);
/// - `needs-review`: a reply came that nobody has acted on yet;
/// - `appeal-deadline`: a denial can still be appealed.
///
/// Lateness is a fact of the law and the calendar: a reply to read never hides it. The same
/// rule as the `request_status` view in schema.sql.
pub fn live_flags(r: &Request, today: chrono::NaiveDate) -> Vec<(&'static str, FlagClock)> {
    flags_of(&r.clocks(), today).to_vec()
}

/// [`live_flags`] of a request's cached columns, without allocating.
pub fn flags_of(r: &Clocks<'_>, today: chrono::NaiveDate) -> FlagList {
    let past = |d: Option<chrono::NaiveDate>| d.is_some_and(|d| d < today);
    let main = r.due_clock;
    let ack = r.ack_clock;
    let mut flags = FlagList::new();
    if past(r.due_on) && matches!(main, Some("response" | "appeal-decision")) {
        flags.push("overdue", FlagClock::Main);
    } else if past(r.ack_due_on) && ack == Some("certify") {
        flags.push("overdue", FlagClock::Ack);
    }
    if past(r.ack_due_on) && ack == Some("ack") {
        flags.push("ack-overdue", FlagClock::Ack);
    }
    if past(r.due_on) && main == Some("followup") {
        flags.push("follow-up", FlagClock::Main);
    }
    if matches!(r.status, Status::FeeRequested | Status::ClarificationNeeded) {
        flags.push("waiting-on-us", FlagClock::None);
    }
    if r.needs_review {
        flags.push("needs-review", FlagClock::None);
    }
    if r.due_on.is_some_and(|d| d >= today) && main == Some("appeal-window") {
        flags.push("appeal-deadline", FlagClock::Main);
    }
    if r.has_conflicts {
        flags.push("conflict", FlagClock::None);
    }
    flags
}
