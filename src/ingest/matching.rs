//! Deciding which request a reply answers.
//!
//! Owns the `[docket #ID]` subject tag, the recognition of agency tracking numbers, and the
//! order of the matching rules. Pure: the caller passes the requests and agency addresses
//! it loaded, and records the outcome. When in doubt it says so rather than guess: a reply
//! filed on the wrong request misstates a legal deadline, an unmatched one only waits for
//! `docket ingest --assign`.

use super::Message;

/// A request as matching needs it. `open` is false once the request has reached an end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenRequest {
    pub id: i64,
    pub agency_id: i64,
    pub tracking_number: Option<String>,
    pub open: bool,
    /// The office the request is about, when it was sent to another agency about it (a FOIA
    /// to ICE about a sheriff's office).
    pub about: Option<AboutOffice>,
    /// Its team reference, when the tracker is shared by a team (the tag letters carry then).
    pub team_ref: Option<String>,
    /// Filed from this laptop (or never filed): its local number is the one a tag written here
    /// carries.
    pub filed_here: bool,
}

/// The office a request is about, as a reply may name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AboutOffice {
    pub name: String,
    pub county: Option<String>,
}

/// An agency's mail address field: it may hold several addresses separated by `,` or `;`,
/// each bare or as `Name <addr>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgencyAddr {
    pub agency_id: i64,
    pub email: String,
}

/// What docket itself wrote, so that a reply is matched to the letter it answers and our own
/// words are never read as the agency's.
#[derive(Debug, Clone, Copy, Default)]
pub struct Ours<'a> {
    /// (Message-ID, request) of the letters docket sent that the message may refer to.
    pub sent: &'a [(String, i64)],
    /// Text of ours a reply may repeat: request titles, the subjects we sent.
    pub texts: &'a [String],
}

/// Which rule matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchedBy {
    /// In-Reply-To or References names the Message-ID of a letter docket sent.
    Reply,
    Tag,
    TrackingNumber,
    Sender,
    /// The sender's agency has several open requests and the reply names the office exactly
    /// one of them is about.
    AboutOffice,
}

impl MatchedBy {
    /// Stable lowercase name, for notes and JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            MatchedBy::Reply => "reply-to",
            MatchedBy::Tag => "tag",
            MatchedBy::TrackingNumber => "tracking-number",
            MatchedBy::Sender => "sender",
            MatchedBy::AboutOffice => "about-office",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MatchResult {
    Matched {
        request_id: i64,
        by: MatchedBy,
    },
    /// `reason` is one line for the user, ending with what to do.
    Unmatched {
        reason: String,
    },
}

const ASSIGN_HINT: &str = "assign with `docket ingest --assign MSG ID`";

/// Finds the request `msg` answers, trying in order:
///
/// 0. `In-Reply-To` or `References` naming the Message-ID of a letter docket sent (staff often
///    answer from a personal address, and may rewrite the subject);
/// 1. a `[docket #ID]` tag in the subject (the tag docket puts in the subjects it sends);
///    a tag that names no request leaves the message unmatched rather than guessing on;
/// 2. a known tracking number in the agency's words (see [`agency_words`]), compared case-insensitively as a whole
///    token (numbers too plain to be told from ordinary figures, such as `12345` or `2026`,
///    count only where a keyword introduces them, see [`find_tracking_number`]); when it
///    belongs to several requests, the one of the sender's agency if exactly one is, else
///    "ambiguous";
/// 3. the sender's address, when it belongs to exactly one agency that has exactly one open
///    request. Never the sender's domain alone: one county domain serves many offices;
/// 4. when that agency has several open requests about other offices (ICE, asked about each
///    287(g) office), the one whose office the reply names, by its full name or else as
///    "<county> County", in its subject or in the body above the quoted original, when exactly
///    one does (see [`about_office_named`]).
///
/// `requests` are all requests, open or not: a tag or a tracking number may well name a
/// closed request (records sent after the end, an appeal).
pub fn match_message(
    msg: &Message,
    requests: &[OpenRequest],
    agencies: &[AgencyAddr],
    ours: &Ours<'_>,
) -> MatchResult {
    let answered = msg
        .refers_to
        .iter()
        .find_map(|id| ours.sent.iter().find(|(sent, _)| sent == id))
        .map(|(_, request)| *request);
    if let Some(id) = answered.filter(|id| requests.iter().any(|r| r.id == *id)) {
        return MatchResult::Matched {
            request_id: id,
            by: MatchedBy::Reply,
        };
    }
    if let Some(tag) = find_team_tag(&msg.subject) {
        return match requests
            .iter()
            .find(|r| r.team_ref.as_deref() == Some(tag.as_str()))
        {
            Some(r) => MatchResult::Matched {
                request_id: r.id,
                by: MatchedBy::Tag,
            },
            None => unmatched(format!(
                "subject tag [docket #{tag}] names no request of this team: {ASSIGN_HINT}"
            )),
        };
    }
    if let Some(id) = find_docket_tag(&msg.subject) {
        // In a team, a number is the request's number on the laptop that wrote the letter:
        // trusted only for a request filed from this one.
        if requests
            .iter()
            .any(|r| r.id == id && r.team_ref.is_some() && !r.filed_here)
        {
            return unmatched(format!(
                "subject tag [docket #{id}] is a number of another member's laptop (in a team, letters carry the team reference): {ASSIGN_HINT}"
            ));
        }
        // A letter written on a teammate's laptop before the team began carries that laptop's
        // number, which may be one of this laptop's too: a sender known as another agency
        // than the one this laptop's request went to says the number is not this laptop's.
        if let Some(r) = requests.iter().find(|r| r.id == id && r.team_ref.is_some())
            && let Some(addr) = msg.from_addr.as_deref()
        {
            let senders = agencies_of(addr, agencies);
            if !senders.is_empty() && !senders.contains(&r.agency_id) {
                return unmatched(format!(
                    "subject tag [docket #{id}] names request {id} here, but the sender is another agency's (in a team, a number from before the team may be a teammate's): {ASSIGN_HINT}"
                ));
            }
        }
        return if requests.iter().any(|r| r.id == id) {
            MatchResult::Matched {
                request_id: id,
                by: MatchedBy::Tag,
            }
        } else {
            unmatched(format!(
                "subject tag [docket #{id}] names no request: {ASSIGN_HINT}"
            ))
        };
    }

    let sender_agencies = msg
        .from_addr
        .as_deref()
        .map(|addr| agencies_of(addr, agencies))
        .unwrap_or_default();

    let candidates = requests_by_tracking_number(msg, requests, ours.texts);
    match candidates.as_slice() {
        [] => {}
        [only] => {
            return MatchResult::Matched {
                request_id: only.id,
                by: MatchedBy::TrackingNumber,
            };
        }
        several => {
            if let [agency] = sender_agencies.as_slice() {
                let mut of_sender = several.iter().filter(|r| r.agency_id == *agency);
                if let (Some(r), None) = (of_sender.next(), of_sender.next()) {
                    return MatchResult::Matched {
                        request_id: r.id,
                        by: MatchedBy::TrackingNumber,
                    };
                }
            }
            let mut numbers: Vec<&str> = several
                .iter()
                .filter_map(|r| r.tracking_number.as_deref().map(str::trim))
                .collect();
            numbers.sort_unstable();
            numbers.dedup();
            return unmatched(format!(
                "ambiguous: tracking number {} is on requests {}: {ASSIGN_HINT}",
                numbers.join(", "),
                join_ids(several.iter().map(|r| r.id)),
            ));
        }
    }

    let Some(addr) = msg.from_addr.as_deref() else {
        return unmatched(format!(
            "no [docket #N] tag, no known tracking number and no sender address: {ASSIGN_HINT}"
        ));
    };
    match sender_agencies.as_slice() {
        [] => unmatched(format!(
            "sender {addr} belongs to no agency: add the address with `docket agency edit SLUG --email ...` or {ASSIGN_HINT}"
        )),
        [agency] => {
            let open: Vec<&OpenRequest> = requests
                .iter()
                .filter(|r| r.agency_id == *agency && r.open)
                .collect();
            match open.as_slice() {
                [] => unmatched(format!(
                    "sender {addr} belongs to agency {agency}, which has no open request: {ASSIGN_HINT}"
                )),
                [only] => MatchResult::Matched {
                    request_id: only.id,
                    by: MatchedBy::Sender,
                },
                many => match about_office_named(msg, many) {
                    Some(r) => MatchResult::Matched {
                        request_id: r.id,
                        by: MatchedBy::AboutOffice,
                    },
                    None => unmatched(format!(
                        "sender {addr} belongs to agency {agency}, which has {} open requests: {ASSIGN_HINT}",
                        many.len()
                    )),
                },
            }
        }
        many => unmatched(format!(
            "sender {addr} belongs to {} agencies ({}): {ASSIGN_HINT}",
            many.len(),
            join_ids(many.iter().copied()),
        )),
    }
}

/// The one request of `open` whose office the reply names, by the office's full name or as
/// "<county> County" outside the full names named. `None` when no office or several are named
/// (one reply about two offices is for a person to file), or when one of the open requests is
/// about no office (the reply may be about that one). The reply's own words count, quoted
/// lines and the quoted original excluded; our titles stay, since a reply that repeats the
/// title of the letter it answers names that letter's office.
///
/// A name counts only as a whole name: not inside a longer one ("Lake County" in "Salt Lake
/// County", "Charles County" in "St. Charles County", "Dade County" in "Miami-Dade County"),
/// which is what a capitalised word, or a hyphen, just before it says.
fn about_office_named<'r>(msg: &Message, open: &[&'r OpenRequest]) -> Option<&'r OpenRequest> {
    if open.iter().any(|r| r.about.is_none()) {
        return None;
    }
    let (subject, body) = agency_words(&msg.subject, &msg.body_text, &[]);
    let mut text = Words::new(&format!("{subject}\n{body}"));
    let name_of = |r: &OpenRequest| {
        r.about
            .as_ref()
            .map(|o| Words::new(&o.name).lower)
            .unwrap_or_default()
    };
    let mut named: Vec<&'r OpenRequest> = open
        .iter()
        .copied()
        .filter(|r| text.names(&name_of(r)).next().is_some())
        .collect();
    // A county inside a full name named ("Cabarrus County Jail") names no other office.
    for r in &named {
        text.blank(&name_of(r));
    }
    for r in open {
        let county = r
            .about
            .as_ref()
            .and_then(|o| o.county.as_deref())
            .map(str::trim)
            .filter(|c| !c.is_empty());
        let Some(county) = county else { continue };
        // ICE's list gives "Gaston County"; a user may type "Gaston".
        let county = Words::new(county).lower;
        let phrase = match county.rsplit(' ').next() {
            Some("county" | "parish" | "borough") if county.contains(' ') => county,
            _ => format!("{county} county"),
        };
        if text.names(&phrase).next().is_some() && !named.iter().any(|n| n.id == r.id) {
            named.push(r);
        }
    }
    match named.as_slice() {
        [one] => Some(one),
        _ => None,
    }
}

/// A text as names are looked for in it: white space made single spaces (a clerk's line break
/// may fall inside a name), curly apostrophes made straight, and an ASCII-lowercased copy
/// whose byte offsets are the original's.
struct Words {
    orig: String,
    lower: String,
}

impl Words {
    fn new(text: &str) -> Words {
        let orig = text
            .replace(['\u{2019}', '\u{2018}'], "'")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let lower = orig.to_ascii_lowercase();
        Words { orig, lower }
    }

    /// Where the lowercase `phrase` stands as a whole name, without overlaps.
    fn names<'w>(&'w self, phrase: &'w str) -> impl Iterator<Item = usize> + 'w {
        self.lower
            .match_indices(phrase)
            .map(|(at, _)| at)
            .filter(move |&at| {
                phrase.chars().any(char::is_alphanumeric)
                    && self.starts_name(at)
                    && !self.lower[at + phrase.len()..]
                        .chars()
                        .next()
                        .is_some_and(char::is_alphanumeric)
            })
    }

    /// Whether a name may start at `at`: not inside a word, not after a hyphen, an apostrophe
    /// or a dot, and not after a capitalised word that would make it part of a longer name.
    fn starts_name(&self, at: usize) -> bool {
        let before = &self.orig[..at];
        match before.chars().next_back() {
            None => true,
            Some(c) if c.is_alphanumeric() || matches!(c, '-' | '\'' | '.') => false,
            Some(' ') => {
                let word = before.trim_end().rsplit(' ').next().unwrap_or_default();
                let capital = word.chars().next().is_some_and(char::is_uppercase);
                let ends_as_name = word
                    .chars()
                    .next_back()
                    .is_some_and(|c| c.is_alphanumeric() || c == '.');
                !(capital && ends_as_name)
            }
            Some(_) => true,
        }
    }

    /// Blanks every whole occurrence of `phrase`.
    fn blank(&mut self, phrase: &str) {
        let spans: Vec<usize> = self.names(phrase).collect();
        for at in spans.into_iter().rev() {
            self.orig.replace_range(at..at + phrase.len(), " | ");
            self.lower.replace_range(at..at + phrase.len(), " | ");
        }
    }
}

fn unmatched(reason: String) -> MatchResult {
    MatchResult::Unmatched { reason }
}

fn join_ids(ids: impl Iterator<Item = i64>) -> String {
    ids.map(|id| id.to_string()).collect::<Vec<_>>().join(", ")
}

/// The distinct agencies whose address field lists `addr` exactly (case-insensitively).
fn agencies_of(addr: &str, agencies: &[AgencyAddr]) -> Vec<i64> {
    let addr = addr.trim().to_lowercase();
    let mut ids: Vec<i64> = agencies
        .iter()
        .filter(|a| addresses_in(&a.email).any(|listed| listed == addr))
        .map(|a| a.agency_id)
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// The addresses of an agency's email field, lowercased. Entries without a local part
/// (`@county.gov`, `county.gov`) are dropped: they would amount to domain matching.
fn addresses_in(field: &str) -> impl Iterator<Item = String> + '_ {
    field.split([',', ';']).filter_map(|entry| {
        let entry = match (entry.find('<'), entry.rfind('>')) {
            (Some(open), Some(close)) if open < close => &entry[open + 1..close],
            _ => entry,
        };
        let entry = entry.trim();
        let entry = entry
            .get(..7)
            .filter(|p| p.eq_ignore_ascii_case("mailto:"))
            .map_or(entry, |_| &entry[7..]);
        let (local, domain) = entry.split_once('@')?;
        (!local.is_empty() && !domain.is_empty() && !entry.contains(char::is_whitespace))
            .then(|| entry.to_lowercase())
    })
}

fn requests_by_tracking_number<'r>(
    msg: &Message,
    requests: &'r [OpenRequest],
    ours: &[String],
) -> Vec<&'r OpenRequest> {
    let (subject, body) = agency_words(&msg.subject, &msg.body_text, ours);
    let introduced = find_tracking_number(&subject, &body).map(|t| t.to_lowercase());
    let subject = subject.to_lowercase();
    let body = body.to_lowercase();
    requests
        .iter()
        .filter(|r| {
            let Some(number) = r.tracking_number.as_deref().map(str::trim) else {
                return false;
            };
            if number.is_empty() {
                return false;
            }
            let number = number.to_lowercase();
            introduced.as_deref() == Some(number.as_str())
                || is_distinctive(&number)
                    && (contains_token(&subject, &number) || contains_token(&body, &number))
        })
        .collect()
}

/// Whether a tracking number is unusual enough to be trusted wherever it appears: five
/// characters or more with a digit, and six or more when it is only digits (so that a ZIP
/// code, a year or a count of days is never taken for one).
fn is_distinctive(number: &str) -> bool {
    let len = number.chars().count();
    let digits = number.chars().filter(char::is_ascii_digit).count();
    digits > 0 && len >= 5 && (digits < len || len >= 6)
}

fn is_token_char(c: char) -> bool {
    c.is_alphanumeric() || c == '-' || c == '_'
}

/// Whether `needle` occurs in `hay` with no letter, digit, `-` or `_` glued to either end,
/// so `2026-1234` is found in "No. 2026-1234." but not in "PRR-2026-12345".
fn contains_token(hay: &str, needle: &str) -> bool {
    hay.match_indices(needle).any(|(at, _)| {
        let before = hay[..at].chars().next_back();
        let after = hay[at + needle.len()..].chars().next();
        !before.is_some_and(is_token_char) && !after.is_some_and(is_token_char)
    })
}

/// Where a reply's quotation of an earlier message begins: "On ... wrote:", an Outlook
/// "-----Original Message-----" or rule, or a quoted header block ("From: name <addr>").
pub fn is_quote_start(line: &str) -> bool {
    let lower = line.trim().to_ascii_lowercase();
    (lower.starts_with("on ") && lower.ends_with("wrote:"))
        || lower.starts_with("-----original message-----")
        || lower.starts_with("________________________________")
        || (lower.starts_with("from:") && lower.contains('@'))
}

/// The agency's own words in a reply: its subject and body with what docket wrote taken out,
/// so that a number in our subject ("287(g) agreement") or in our quoted letter is never taken
/// for the agency's reference. Out go: `[docket #N]` tags, every text of `ours` (request
/// titles, the subjects we sent; case-insensitively), quoted lines (`>`), and the body from
/// the quoted original on (see [`is_quote_start`]). A removed span leaves a mark that ends
/// an announcement, so "Request: <our title>" announces nothing.
pub fn agency_words(subject: &str, body: &str, ours: &[String]) -> (String, String) {
    let mut kept = String::with_capacity(body.len());
    for line in body.lines() {
        if is_quote_start(line) {
            break;
        }
        if !line.trim_start().starts_with('>') {
            kept.push_str(line);
            kept.push('\n');
        }
    }
    (strip_ours(subject, ours), strip_ours(&kept, ours))
}

/// `text` with every `[docket #N]` tag and every text of `ours` replaced by ` | `.
fn strip_ours(text: &str, ours: &[String]) -> String {
    let mut text = text.to_string();
    while let Some(start) = text
        .match_indices('[')
        .map(|(at, _)| at)
        .find(|at| parse_tag(&text[at + 1..]).is_some())
    {
        let end = text[start..]
            .find(']')
            .map_or(text.len(), |e| start + e + 1);
        text.replace_range(start..end, " | ");
    }
    for own in ours
        .iter()
        .map(|o| o.trim())
        .filter(|o| o.chars().count() >= 3)
    {
        let lower = text.to_lowercase();
        let needle = own.to_lowercase();
        // Lowercasing may change byte lengths outside ASCII; then the text is left as it is
        // rather than cut at a wrong place.
        if lower.len() != text.len() || needle.len() != own.len() {
            continue;
        }
        let mut out = String::with_capacity(text.len());
        let mut last = 0;
        for (at, _) in lower.match_indices(&needle) {
            out.push_str(&text[last..at]);
            out.push_str(" | ");
            last = at + needle.len();
        }
        out.push_str(&text[last..]);
        text = out;
    }
    text
}

/// The request id of the first `[docket #ID]` tag in a subject, wherever it stands (after
/// `Re:`, `RE:`, `Fwd:`, a mailing-list prefix...). Case and blanks inside the brackets are
/// forgiven (`[Docket # 12]`), since some mail systems rewrite subjects.
pub fn find_docket_tag(subject: &str) -> Option<i64> {
    subject
        .match_indices('[')
        .find_map(|(at, _)| parse_tag(&subject[at + 1..]))
}

/// The team reference of the first `[docket #K7Q2MX]` tag in a subject: six letters and
/// digits of which at least one is a letter (a number is a local tag, see [`find_docket_tag`]).
pub fn find_team_tag(subject: &str) -> Option<String> {
    subject.match_indices('[').find_map(|(at, _)| {
        let rest = subject[at + 1..].trim_start();
        let word = rest.get(..6)?;
        if !word.eq_ignore_ascii_case("docket") {
            return None;
        }
        let rest = rest[6..].trim_start().strip_prefix('#')?.trim_start();
        let tag = rest.get(..6)?;
        let after = rest[6..].trim_start();
        (tag.chars().all(|c| c.is_ascii_alphanumeric())
            && tag.chars().any(|c| c.is_ascii_alphabetic())
            && after.starts_with(']'))
        .then(|| tag.to_ascii_uppercase())
    })
}

fn parse_tag(rest: &str) -> Option<i64> {
    let rest = rest.trim_start();
    let word = rest.get(..6)?;
    if !word.eq_ignore_ascii_case("docket") {
        return None;
    }
    let rest = rest[6..].trim_start().strip_prefix('#')?.trim_start();
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let (number, rest) = rest.split_at(digits);
    if !rest.trim_start().starts_with(']') {
        return None;
    }
    number.parse().ok()
}

/// Words that introduce an agency's own number for a request.
const KEYWORDS: [&str; 12] = [
    "request",
    "reference",
    "ref",
    "tracking",
    "case",
    "ticket",
    "confirmation",
    "control",
    "file",
    "foia",
    "prr",
    "pra",
];

/// Words between a keyword and the number that mark it as one ("Reference No.").
const INDICATORS: [&str; 7] = ["number", "no", "num", "nbr", "nr", "id", "#"];

/// The agency's tracking number for the request, where the agency's phrasing announces one:
/// a keyword (request, reference, tracking, case, ticket, confirmation, control, file, FOIA,
/// PRR, PRA), then usually an indicator (`#`, `number`, `No.`, `ID`, a colon, "is"), then
/// the number. The subject is searched first, then the body.
///
/// Conservative by design: the number must hold a digit and only letters, digits and
/// `-_/.`, and must not be a date. Without an indicator or colon ("FOIA Request
/// 2026-ICFO-12345") it must also look like a code: letters mixed with three digits or
/// more, or five digits or more split by `-`, `/` or `.`.
///
/// Failing that, a word that is a reference by its form alone, as records portals write them:
/// `PRR-2026-0113`, `PRA-26-0042`, `FOIA-2026-00123` (a request keyword, `-`, then digits in
/// groups), or `R000123-112026`, `P012345-110226` (one letter, six digits, `-`, digits).
///
/// Pass the agency's words ([`agency_words`]), never a raw reply: our own subject and quoted
/// letter hold numbers ("287(g)") that are not references.
pub fn find_tracking_number(subject: &str, body: &str) -> Option<String> {
    find_in(subject)
        .or_else(|| find_in(body))
        .or_else(|| find_code(subject))
        .or_else(|| find_code(body))
}

fn find_code(text: &str) -> Option<String> {
    Lexer { text, pos: 0 }.find_map(|tok| match tok {
        Tok::Word(word) => is_portal_code(word.trim_end_matches(['.', '-', '/', '_']))
            .then(|| word.trim_end_matches(['.', '-', '/', '_']).to_string()),
        _ => None,
    })
}

/// `PRR-2026-0113`, `FOIA-26-00123`, `R000123-112026`: see [`find_tracking_number`].
fn is_portal_code(word: &str) -> bool {
    let Some((head, rest)) = word.split_once('-') else {
        return false;
    };
    let groups_of_digits = !rest.is_empty()
        && rest
            .split('-')
            .all(|g| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit()));
    let digits = rest.bytes().filter(u8::is_ascii_digit).count();
    let keyword = ["prr", "pra", "foia", "opra", "rtk", "ora"]
        .iter()
        .any(|k| head.eq_ignore_ascii_case(k));
    let portal = head.len() == 7
        && head.as_bytes()[0].is_ascii_alphabetic()
        && head[1..].bytes().all(|b| b.is_ascii_digit());
    groups_of_digits && digits >= 4 && (keyword || portal)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tok<'a> {
    Word(&'a str),
    Hash,
    Colon,
    /// Any other punctuation: it ends an announcement.
    Stop,
}

/// Splits text into words of letters, digits and `-_/.`, the marks `#` and `:`, and stops.
#[derive(Clone)]
struct Lexer<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Iterator for Lexer<'a> {
    type Item = Tok<'a>;

    fn next(&mut self) -> Option<Tok<'a>> {
        let rest = &self.text[self.pos..];
        let start = rest.len() - rest.trim_start().len();
        let rest = &rest[start..];
        let c = rest.chars().next()?;
        let word_len = rest.find(|c: char| !is_word_char(c)).unwrap_or(rest.len());
        let (tok, len) = if word_len > 0 {
            (Tok::Word(&rest[..word_len]), word_len)
        } else {
            let tok = match c {
                '#' => Tok::Hash,
                ':' => Tok::Colon,
                _ => Tok::Stop,
            };
            (tok, c.len_utf8())
        };
        self.pos += start + len;
        Some(tok)
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '-' | '_' | '/' | '.')
}

fn find_in(text: &str) -> Option<String> {
    let mut lexer = Lexer { text, pos: 0 };
    while let Some(tok) = lexer.next() {
        let Tok::Word(word) = tok else { continue };
        let word = word.trim_end_matches('.');
        if KEYWORDS.iter().any(|k| word.eq_ignore_ascii_case(k))
            && let Some(number) = number_after(lexer.clone())
        {
            return Some(number);
        }
    }
    None
}

/// Reads what follows a keyword: indicators, "is", colons, then the number itself.
fn number_after(mut tokens: Lexer<'_>) -> Option<String> {
    let mut announced = false;
    let mut said_is = false;
    for _ in 0..8 {
        let tok = tokens.next()?;
        // A number glued to a parenthesis is a citation ("287(g)", "47:1A-5(i)"), not a
        // reference.
        if let Tok::Word(_) = tok
            && tokens.text[tokens.pos..].starts_with('(')
        {
            return None;
        }
        match tok {
            Tok::Hash | Tok::Colon => announced = true,
            Tok::Stop => return None,
            Tok::Word(word) => {
                let bare = word.trim_end_matches('.');
                if INDICATORS.iter().any(|i| bare.eq_ignore_ascii_case(i)) {
                    announced = true;
                } else if announced
                    && !said_is
                    && (bare.eq_ignore_ascii_case("is") || bare.eq_ignore_ascii_case("was"))
                {
                    said_is = true;
                } else if let Some(glued) = strip_glued_no(word) {
                    // "No.2026-1234"
                    return valid_number(glued, true);
                } else {
                    return valid_number(word, announced);
                }
            }
        }
    }
    None
}

fn strip_glued_no(word: &str) -> Option<&str> {
    let head = word.get(..3)?;
    let rest = &word[3..];
    (head.eq_ignore_ascii_case("no.") && rest.starts_with(|c: char| c.is_ascii_alphanumeric()))
        .then_some(rest)
}

fn valid_number(word: &str, announced: bool) -> Option<String> {
    let number = word.trim_end_matches(['.', '-', '/', '_']);
    let len = number.len();
    let digits = number.bytes().filter(u8::is_ascii_digit).count();
    let letters = number.bytes().filter(u8::is_ascii_alphabetic).count();
    let ascii_code = number
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"-_/.".contains(&b));
    let starts_well = number.starts_with(|c: char| c.is_ascii_alphanumeric());
    if !ascii_code || !starts_well || digits == 0 || !(2..=40).contains(&len) || is_date(number) {
        return None;
    }
    if !announced {
        let separated = digits + letters < len;
        let looks_like_code = letters > 0 && digits >= 3 || separated && digits >= 5;
        if !looks_like_code || len < 5 {
            return None;
        }
    }
    Some(number.to_owned())
}

/// `11/20/2026`, `2026-11-20`, `20.11.26`, `11/20`: numbers that are dates, not requests.
fn is_date(token: &str) -> bool {
    let parts: Vec<&str> = token.split(['-', '/', '.']).collect();
    if !parts
        .iter()
        .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    {
        return false;
    }
    let lens: Vec<usize> = parts.iter().map(|p| p.len()).collect();
    match lens.as_slice() {
        [a, b] => *a <= 2 && *b <= 2 && token.contains('/'),
        [a, b, c] => {
            (*a <= 2 && *b <= 2 && (*c == 2 || *c == 4)) || (*a == 4 && *b <= 2 && *c <= 2)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docket_tag_table() {
        let cases: [(&str, Option<i64>); 16] = [
            ("[docket #12] Public records request", Some(12)),
            ("Re: [docket #12] Public records request", Some(12)),
            ("RE: RE: [docket #7] records", Some(7)),
            ("Fwd: [docket #3]", Some(3)),
            ("AW: Request [docket #45] (second letter)", Some(45)),
            ("[External] Re: [docket #12]", Some(12)),
            ("[Docket # 12]", Some(12)),
            ("[ docket#12 ]", Some(12)),
            ("[docket #007]", Some(7)),
            ("[docket #12] and [docket #13]", Some(12)),
            ("[docket #]", None),
            ("[docket #12", None),
            ("[docket 12]", None),
            ("docket #12", None),
            ("[docket #99999999999999999999]", None),
            ("[dock\u{e9}t #12] Réponse", None),
        ];
        for (subject, expected) in cases {
            assert_eq!(find_docket_tag(subject), expected, "{subject:?}");
        }
    }

    #[test]
    fn tracking_number_table() {
        // (subject, body, expected): each phrasing read by the rules of find_tracking_number.
        let cases: [(&str, &str, Option<&str>); 30] = [
            (
                "Public Records Request #R000123-112026",
                "",
                Some("R000123-112026"),
            ),
            (
                "",
                "Reference No. 2026-1234 has been assigned.",
                Some("2026-1234"),
            ),
            (
                "",
                "Your tracking number: 25-ICE-00123.",
                Some("25-ICE-00123"),
            ),
            ("", "Your request number is P012345", Some("P012345")),
            ("", "Request ID: 4417", Some("4417")),
            ("", "Case #: 2026-001", Some("2026-001")),
            ("", "Ticket #12345", Some("12345")),
            ("", "Reference No.2026-77 (please quote)", Some("2026-77")),
            ("", "Confirmation number:\n  ABC123", Some("ABC123")),
            (
                "Public Records Request :: R001234-010126",
                "",
                Some("R001234-010126"),
            ),
            ("FOIA Request 2026-ICFO-12345", "", Some("2026-ICFO-12345")),
            (
                "",
                "Re: your records request 26-1234, the county",
                Some("26-1234"),
            ),
            ("", "Control No. 2026/0457 applies.", Some("2026/0457")),
            ("", "PRR #25-314", Some("25-314")),
            // The subject wins over the body.
            ("Ref: ABC-2026-9", "Request #R1-2", Some("ABC-2026-9")),
            // Case of the token is kept.
            ("", "request number: ab-1234", Some("ab-1234")),
            // Not announced, or not a number: nothing.
            ("", "We received your request on 11/20/2026.", None),
            ("", "Your request 10-15 business days", None),
            ("", "Your request 2026-11-20 was received", None),
            ("", "Request No. 11/20/2026", None),
            ("", "in case no records exist", None),
            ("", "in case #1 applies", None),
            ("", "the request for 2023 records", None),
            ("", "Request 12345 received", None),
            ("", "Please call 704-555-0100 about your request", None),
            ("", "your request is being processed", None),
            ("", "requested number 2026-1234", None),
            ("", "Reference: see below", None),
            ("", "Case 2:26-cv-00123", None),
            ("", "", None),
        ];
        for (subject, body, expected) in cases {
            assert_eq!(
                find_tracking_number(subject, body).as_deref(),
                expected,
                "{subject:?} / {body:?}"
            );
        }
    }

    #[test]
    fn dates_are_not_numbers() {
        for (token, date) in [
            ("11/20/2026", true),
            ("2026-11-20", true),
            ("20.11.26", true),
            ("11/20", true),
            ("2026-1234", false),
            ("25-ICE-00123", false),
            ("10-15", false),
            ("2026/0457", false),
        ] {
            assert_eq!(is_date(token), date, "{token}");
        }
    }

    #[test]
    fn whole_token_search() {
        for (hay, needle, found) in [
            ("no. 2026-1234.", "2026-1234", true),
            ("#r000123-112026 ", "r000123-112026", true),
            ("prr-2026-1234", "2026-1234", false),
            ("2026-12345", "2026-1234", false),
            ("x2026-1234", "2026-1234", false),
            ("(2026-1234)", "2026-1234", true),
            ("2026-1234", "2026-1234", true),
            ("é2026-1234", "2026-1234", false),
        ] {
            assert_eq!(contains_token(hay, needle), found, "{hay} / {needle}");
        }
    }

    #[test]
    fn agency_address_fields() {
        let field = "records@a.example; Sheriff Records <FOIA@A.example>, mailto:clerk@a.example,@a.example, a.example, bad address@a.example";
        let got: Vec<String> = addresses_in(field).collect();
        assert_eq!(
            got,
            ["records@a.example", "foia@a.example", "clerk@a.example"]
        );
    }

    fn msg(subject: &str, body: &str, from: Option<&str>) -> Message {
        Message {
            message_id: "m@x".into(),
            refers_to: vec![],
            date: None,
            from_addr: from.map(str::to_owned),
            from_name: None,
            to: vec![],
            subject: subject.into(),
            body_text: body.into(),
            attachments: vec![],
            raw: vec![],
            origin: "test.eml".into(),
        }
    }

    fn req(id: i64, agency_id: i64, tracking: Option<&str>, open: bool) -> OpenRequest {
        OpenRequest {
            id,
            agency_id,
            tracking_number: tracking.map(str::to_owned),
            open,
            about: None,
            team_ref: None,
            filed_here: true,
        }
    }

    fn matched(request_id: i64, by: MatchedBy) -> MatchResult {
        MatchResult::Matched { request_id, by }
    }

    fn reason(s: &str) -> MatchResult {
        MatchResult::Unmatched { reason: s.into() }
    }

    #[test]
    fn matching_rules_in_order() {
        // Agency 1 (Mecklenburg): requests 1 (open, R000123-112026) and 2 (closed, 2026-1234).
        // Agency 2 (Gaston): requests 3 (open, 2026-1234) and 4 (open, 12345).
        // Agency 3 (Union): requests 5, 6, 7, all open. Agency 4 (Wake): no request.
        // Agencies 5 and 6 share one county mailbox.
        let requests = [
            req(1, 1, Some("R000123-112026"), true),
            req(2, 1, Some("2026-1234"), false),
            req(3, 2, Some(" 2026-1234 "), true),
            req(4, 2, Some("12345"), true),
            req(5, 3, None, true),
            req(6, 3, None, true),
            req(7, 3, Some(""), true),
            req(8, 5, None, true),
        ];
        let agencies = [
            AgencyAddr {
                agency_id: 1,
                email: "records@meck.example".into(),
            },
            AgencyAddr {
                agency_id: 2,
                email: "foia@gaston.example; Clerk <clerk@gaston.example>".into(),
            },
            AgencyAddr {
                agency_id: 3,
                email: "prr@union.example".into(),
            },
            AgencyAddr {
                agency_id: 4,
                email: "records@wake.example".into(),
            },
            AgencyAddr {
                agency_id: 5,
                email: "county@shared.example".into(),
            },
            AgencyAddr {
                agency_id: 6,
                email: "county@shared.example".into(),
            },
            AgencyAddr {
                agency_id: 1,
                email: "@meck.example".into(),
            },
        ];
        let cases = [
            // 1. The tag wins over everything, and may name a closed request.
            (
                msg(
                    "Re: [docket #2] records",
                    "Request #R000123-112026",
                    Some("prr@union.example"),
                ),
                matched(2, MatchedBy::Tag),
            ),
            (
                msg(
                    "Re: [docket #99]",
                    "Request #R000123-112026",
                    Some("records@meck.example"),
                ),
                reason(
                    "subject tag [docket #99] names no request: assign with `docket ingest --assign MSG ID`",
                ),
            ),
            // 2. A distinctive number anywhere, whatever the sender.
            (
                msg(
                    "Status update",
                    "We have located records for r000123-112026.",
                    None,
                ),
                matched(1, MatchedBy::TrackingNumber),
            ),
            // Shared by requests 2 and 3: the sender's agency decides, else ambiguous.
            (
                msg("Reference No. 2026-1234", "", Some("clerk@gaston.example")),
                matched(3, MatchedBy::TrackingNumber),
            ),
            (
                msg("Reference No. 2026-1234", "", Some("someone@else.example")),
                reason(
                    "ambiguous: tracking number 2026-1234 is on requests 2, 3: assign with `docket ingest --assign MSG ID`",
                ),
            ),
            // A plain number counts only where a keyword announces it...
            (
                msg(
                    "Your request",
                    "Ticket #12345 has been closed.",
                    Some("someone@else.example"),
                ),
                matched(4, MatchedBy::TrackingNumber),
            ),
            // ...never as a bare figure in the text (here a ZIP code).
            (
                msg(
                    "Hours",
                    "Our office at 12345 Main St is closed.",
                    Some("someone@else.example"),
                ),
                reason(
                    "sender someone@else.example belongs to no agency: add the address with `docket agency edit SLUG --email ...` or assign with `docket ingest --assign MSG ID`",
                ),
            ),
            // 3. The sender, when their agency has exactly one open request.
            (
                msg("Your letter", "", Some("records@meck.example")),
                matched(1, MatchedBy::Sender),
            ),
            (
                msg("Your letter", "", Some("prr@union.example")),
                reason(
                    "sender prr@union.example belongs to agency 3, which has 3 open requests: assign with `docket ingest --assign MSG ID`",
                ),
            ),
            (
                msg("Your letter", "", Some("records@wake.example")),
                reason(
                    "sender records@wake.example belongs to agency 4, which has no open request: assign with `docket ingest --assign MSG ID`",
                ),
            ),
            (
                msg("Your letter", "", Some("county@shared.example")),
                reason(
                    "sender county@shared.example belongs to 2 agencies (5, 6): assign with `docket ingest --assign MSG ID`",
                ),
            ),
            // The domain alone never matches.
            (
                msg("Your letter", "", Some("deputy@meck.example")),
                reason(
                    "sender deputy@meck.example belongs to no agency: add the address with `docket agency edit SLUG --email ...` or assign with `docket ingest --assign MSG ID`",
                ),
            ),
            (
                msg("Your letter", "", None),
                reason(
                    "no [docket #N] tag, no known tracking number and no sender address: assign with `docket ingest --assign MSG ID`",
                ),
            ),
        ];
        for (message, expected) in cases {
            assert_eq!(
                match_message(&message, &requests, &agencies, &Ours::default()),
                expected,
                "{:?} / {:?}",
                message.subject,
                message.body_text
            );
        }
    }

    #[test]
    fn our_own_words_are_never_a_reference() {
        let ours = ["287(g) agreement records".to_string()];
        let subject = "RE: Public records request: 287(g) agreement records [docket #1]";
        let body = "Good afternoon,\n\nWe are still looking.\n\n\
                    On Mon, Nov 2, 2026 at 9:00 AM Ana Reyes <ana@paper.example> wrote:\n\
                    > Under the Public Records Act, request number 4417, I ask ...\n";
        let (s, b) = agency_words(subject, body, &ours);
        assert!(!s.contains("287") && !s.contains("docket"), "{s}");
        assert_eq!(b, "Good afternoon,\n\nWe are still looking.\n\n");
        assert_eq!(find_tracking_number(&s, &b), None);
        // Even without the title to take out, a citation is not a number.
        assert_eq!(find_tracking_number(subject, ""), None);
        // The agency's number next to our words is still found, in the subject or the body.
        let (s, b) = agency_words(
            "RE: Public records request: 287(g) agreement records [docket #1] - Ref 2026-55",
            "",
            &ours,
        );
        assert_eq!(find_tracking_number(&s, &b).as_deref(), Some("2026-55"));
        let (s, b) = agency_words(
            subject,
            "Your request has been assigned PRR-2026-0113.\n> Request #999999\n",
            &ours,
        );
        assert_eq!(
            find_tracking_number(&s, &b).as_deref(),
            Some("PRR-2026-0113")
        );
        // Outlook's quoted header block ends the agency's words.
        let (_, b) = agency_words(
            "",
            "Received.\nFrom: Ana Reyes <ana@paper.example>\nSent: Monday\nRequest #4417\n",
            &ours,
        );
        assert_eq!(b, "Received.\n");
    }

    #[test]
    fn portal_codes_need_no_label() {
        for (body, expected) in [
            ("Thank you. PRR-2026-0113 is open.", Some("PRR-2026-0113")),
            ("See R000123-112026.", Some("R000123-112026")),
            ("P012345-110226", Some("P012345-110226")),
            ("FOIA-2027-00042", Some("FOIA-2027-00042")),
            ("call 704-555-0100", None),
            ("Form W-2 and 2026-11-20", None),
            ("PRR-26", None),
        ] {
            assert_eq!(
                find_tracking_number("", body).as_deref(),
                expected,
                "{body}"
            );
        }
    }

    #[test]
    fn a_reply_to_our_letter_matches_whatever_its_sender_and_subject() {
        let requests = [req(1, 1, None, true), req(2, 1, None, true)];
        let mut m = msg(
            "RE: records",
            "see attached",
            Some("deputy.jones@gmail.example"),
        );
        m.refers_to = vec!["other@x".into(), "docket-abc-nj-1@paper.example".into()];
        let sent = [("docket-abc-nj-1@paper.example".to_string(), 2)];
        let ours = Ours {
            sent: &sent,
            texts: &[],
        };
        assert_eq!(
            match_message(&m, &requests, &[], &ours),
            matched(2, MatchedBy::Reply)
        );
        // A Message-ID we never sent decides nothing.
        m.refers_to = vec!["other@x".into()];
        assert!(matches!(
            match_message(&m, &requests, &[], &ours),
            MatchResult::Unmatched { .. }
        ));
    }

    #[test]
    fn distinctive_numbers() {
        for (number, distinctive) in [
            ("2026-1234", true),
            ("r000123-112026", true),
            ("p0123", true),
            ("123456", true),
            ("12345", false),
            ("2026", false),
            ("r123", false),
            ("abcdef", false),
        ] {
            assert_eq!(is_distinctive(number), distinctive, "{number}");
        }
    }

    #[test]
    fn a_parsed_reply_matches_end_to_end() {
        let raw = "From: Records <RECORDS@meck.example>\r\nSubject: =?UTF-8?Q?R=C3=A9ponse?= [docket #1]\r\n\r\nDone.\r\n";
        let message =
            super::super::parse_message(raw.as_bytes().to_vec(), "x.eml".into()).expect("parses");
        let requests = [req(1, 1, None, true)];
        assert_eq!(
            match_message(&message, &requests, &[], &Ours::default()),
            matched(1, MatchedBy::Tag)
        );
    }

    /// An open request of ICE's (agency 9) about an office.
    fn about_office(id: i64, name: &str, county: &str) -> OpenRequest {
        OpenRequest {
            about: Some(AboutOffice {
                name: name.into(),
                county: Some(county.into()),
            }),
            ..req(id, 9, None, true)
        }
    }

    /// ICE's FOIA address, agency 9's.
    fn ice_address() -> [AgencyAddr; 1] {
        [AgencyAddr {
            agency_id: 9,
            email: "ice-foia@ice.example".into(),
        }]
    }

    /// ICE has one open request about each of several offices; a reply that names one office
    /// (fully, or as "<county> County") is filed on that office's request, and a reply that
    /// names two, or none, is left for a person.
    #[test]
    fn a_reply_naming_the_office_finds_the_request_about_it() {
        let requests = [
            about_office(1, "Gaston County Sheriff's Office", "Gaston"),
            about_office(2, "Cabarrus County Sheriff's Office", "Cabarrus County"),
            about_office(3, "Cabarrus County Jail", "Cabarrus"),
        ];
        let ice = ice_address();
        let from = Some("ice-foia@ice.example");
        let m = |subject: &str, body: &str| {
            match_message(&msg(subject, body, from), &requests, &ice, &Ours::default())
        };
        let ack = "Your request regarding the Gaston\nCounty Sheriff's Office was received.";
        assert_eq!(
            m("ICE FOIA acknowledgment", ack),
            matched(1, MatchedBy::AboutOffice)
        );
        assert_eq!(
            m(
                "ICE FOIA acknowledgment",
                "Records on gaston county's agreement."
            ),
            matched(1, MatchedBy::AboutOffice)
        );
        assert_eq!(
            m("RE: Cabarrus County Jail", "Received."),
            matched(3, MatchedBy::AboutOffice)
        );
        for (subject, body) in [
            // Two offices of one county, named only by the county.
            ("Cabarrus County", "Received."),
            // Two offices named.
            ("Gaston County and Cabarrus County Jail", "Received."),
            // None named; one only in the quoted original.
            (
                "ICE FOIA acknowledgment",
                "Received.\n> Gaston County Sheriff's Office",
            ),
            // A longer word is not the county.
            ("Gastonia County", "Received."),
        ] {
            assert!(
                matches!(m(subject, body), MatchResult::Unmatched { .. }),
                "{subject} / {body}"
            );
        }
    }

    /// A name inside a longer one is not that name, a curly apostrophe is an apostrophe, and a
    /// sender with an open request about no office gets no guess.
    #[test]
    fn an_office_is_named_only_by_its_whole_name() {
        let requests = [
            about_office(1, "Charles County Sheriff's Office", "Charles County"),
            about_office(2, "Lake County Sheriff's Office", "Lake County"),
            about_office(3, "Dade County Sheriff's Office", "Dade County"),
        ];
        let ice = ice_address();
        let from = Some("ice-foia@ice.example");
        let m = |requests: &[OpenRequest], subject: &str, body: &str| {
            match_message(&msg(subject, body, from), requests, &ice, &Ours::default())
        };
        for body in [
            "Records of the St. Charles County Sheriff's Office are enclosed.",
            "Records of the Salt Lake County Sheriff's Office are enclosed.",
            "Records about Miami-Dade County are enclosed.",
            "Records about New Lake County are enclosed.",
        ] {
            assert!(
                matches!(
                    m(&requests, "ICE FOIA", body),
                    MatchResult::Unmatched { .. }
                ),
                "{body}"
            );
        }
        assert_eq!(
            m(
                &requests,
                "ICE FOIA",
                "About the Lake County Sheriff\u{2019}s Office."
            ),
            matched(2, MatchedBy::AboutOffice)
        );
        assert_eq!(
            m(&requests, "Re: Dade County", "Enclosed."),
            matched(3, MatchedBy::AboutOffice)
        );
        // One of the sender's open requests is about no office: the reply may be about it.
        let mixed = [requests[2].clone(), req(4, 9, None, true)];
        assert!(matches!(
            m(&mixed, "Re: Dade County", "Enclosed."),
            MatchResult::Unmatched { .. }
        ));
    }
}
