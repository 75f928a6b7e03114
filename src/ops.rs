//! The operations that travel between a team's replicas: each is a record with a uid that is
//! the same on every laptop, and refers to other records by their uids (never by a local id).
//! A bundle is a numbered list of them from one replica. Merging is a union by uid.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// One operation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "kebab-case")]
pub enum Op {
    Member(MemberOp),
    /// A further laptop of a member (a database copied or restored continues as a new one).
    Replica(ReplicaOp),
    AgencyEdit(AgencyEditOp),
    Agreement(AgreementOp),
    LawEdit(LawEditOp),
    Batch(BatchOp),
    Closure(ClosureOp),
    Request(RequestOp),
    Event(EventOp),
    Document(DocumentOp),
    RequestDocument(RequestDocumentOp),
    Message(MessageOp),
    /// A draft that was never filed, discarded by its author, with the events and documents
    /// it held there: a laptop that holds anything more on it (someone filed it offline) keeps
    /// it, and the discarding laptop gets it back when that arrives.
    Discard {
        request: String,
        #[serde(default)]
        held: Vec<String>,
    },
}

impl Op {
    /// The uid that says this operation was seen.
    pub fn uid(&self) -> &str {
        match self {
            Op::Member(m) => &m.uid,
            Op::Replica(r) => &r.uid,
            Op::AgencyEdit(e) => &e.uid,
            Op::Agreement(a) => &a.uid,
            Op::LawEdit(l) => &l.uid,
            Op::Batch(b) => &b.uid,
            Op::Closure(c) => &c.uid,
            Op::Request(r) => &r.uid,
            Op::Event(e) => &e.uid,
            Op::Document(d) => &d.uid,
            Op::RequestDocument(d) => &d.uid,
            Op::Message(m) => &m.uid,
            Op::Discard { request, .. } => request,
        }
    }
}

/// A team member, as their replica introduces them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MemberOp {
    pub uid: String,
    pub name: String,
    pub email: Option<String>,
    /// The member's signing key (ed25519, base64).
    pub public_key: String,
    pub replica: String,
    pub joined_at: String,
}

/// A further laptop a member writes from: its bundles are signed with the member's key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReplicaOp {
    pub uid: String,
    pub member: String,
    pub replica: String,
    pub since: String,
    /// The member's laptop whose records this one sent all again (`sync --republish`): that
    /// laptop's bundles need not be read any more.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supersedes: Option<String>,
}

/// An agency's agreement with a program (ICE's 287(g)), as the last import that listed it
/// gave it. The same agreement imported on two laptops has one uid (its agency, program and
/// support type); the later import's values stand (by logical clock, then by their text).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgreementOp {
    pub uid: String,
    pub agency: String,
    pub program: String,
    pub support_type: String,
    pub status: String,
    pub signed_on: Option<String>,
    pub signed_raw: Option<String>,
    pub moa_url: Option<String>,
    pub addendum_url: Option<String>,
    pub source: Option<String>,
    pub listed: bool,
    pub first_seen: String,
    pub last_seen: String,
    /// The logical clock of the import that left it so: a later import (on any laptop, of
    /// what it had read) stands.
    #[serde(default)]
    pub clock: i64,
}

/// A change to a jurisdiction's rule (`law set`): the fields set, as JSON, or none when the
/// rule went back to docket's own. The latest change of a rule stands on every laptop.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LawEditOp {
    pub uid: String,
    pub code: String,
    pub overrides: Option<String>,
    pub at: String,
    pub clock: i64,
    pub member: Option<String>,
}

/// One field of an agency given a value. The agency is known by its uid and its state; its
/// first edits make it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgencyEditOp {
    pub uid: String,
    pub agency: String,
    pub state: String,
    pub field: String,
    pub value: Option<String>,
    pub at: String,
    pub clock: i64,
    pub member: Option<String>,
    /// What kind of value it is: a field's value is the latest of its highest rank (see
    /// [`EditRank`]). Bundles written before ranks were kept carry none: their values count as
    /// an office's first values (an import on a laptop not yet upgraded never undoes a
    /// correction made on one that is), and among themselves the latest stands, as it did.
    #[serde(default = "EditRank::created")]
    pub rank: i64,
}

/// The ranks of an agency's values.
pub struct EditRank;

impl EditRank {
    /// docket's own value for an office it builds in (ICE's FOIA office...).
    pub const BUILTIN: i64 = 0;
    /// The value an office was created with, typed or imported.
    pub const CREATED: i64 = 1;
    /// A member's edit: it wins over any value the office was created with, wherever and
    /// whenever that was.
    pub const EDIT: i64 = 2;

    fn created() -> i64 {
        Self::CREATED
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BatchOp {
    pub uid: String,
    pub name: String,
    pub template: String,
    pub created_at: String,
}

/// A closure day (`open: false`) or a built-in holiday worked through (`open: true`), for a
/// jurisdiction or for one agency (by uid).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClosureOp {
    pub uid: String,
    pub open: bool,
    pub jurisdiction: Option<String>,
    pub agency: Option<String>,
    pub on: String,
    pub name: String,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequestOp {
    pub uid: String,
    pub agency: String,
    pub batch: Option<String>,
    pub title: String,
    pub template: String,
    pub vars: String,
    pub followup_days: Option<i64>,
    pub created_at: String,
    /// The agency the request is about, when another than its recipient.
    pub about: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventOp {
    pub uid: String,
    pub request: String,
    pub kind: String,
    pub on: String,
    pub note: Option<String>,
    pub amount_cents: Option<i64>,
    pub days: Option<i64>,
    pub until: Option<String>,
    /// The uid of the event this one voids.
    pub voids: Option<String>,
    pub via: Option<String>,
    pub tracking: Option<String>,
    pub recorded_at: String,
    pub clock: i64,
    pub member: Option<String>,
    pub exemptions: Vec<String>,
    /// The name of the member who logged it, when that was in a team this laptop's database was
    /// in before (their uid is no member of this team): history, shown as theirs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub former: Option<String>,
}

/// A stored file, known by its content; its bytes travel beside the bundle, encrypted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentOp {
    pub uid: String,
    pub sha256: String,
    pub bytes: i64,
    pub content_type: Option<String>,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequestDocumentOp {
    pub uid: String,
    pub request: String,
    pub document: String,
    pub event: Option<String>,
    pub name: String,
    pub added_at: String,
    pub role: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MessageOp {
    pub uid: String,
    pub message_id: String,
    pub request: Option<String>,
    pub event: Option<String>,
    pub document: Option<String>,
    pub from_addr: Option<String>,
    pub subject: String,
    pub sent_at: Option<String>,
    pub origin: String,
    pub matched_by: Option<String>,
    pub reason: Option<String>,
    pub ingested_at: String,
}

/// What a bundle says inside its encryption.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BundleBody {
    pub version: u32,
    pub team: String,
    pub replica: String,
    pub seq: i64,
    /// SHA-256 (hex) of the replica's previous bundle file; none for its first.
    pub prev: Option<String>,
    /// The member who wrote it (their uid).
    pub member: String,
    /// How far its replica had read every other replica when it was written. (Readers of
    /// the first version waited for those bundles; records that arrive before what they refer
    /// to are now kept aside until it comes, so this is informative.)
    pub seen: BTreeMap<String, i64>,
    pub ops: Vec<Op>,
}

/// The short reference of a request for a team (six letters and digits from its uid): the same
/// on every laptop, where local numbers differ.
pub fn team_ref(uid: &str) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(uid.as_bytes());
    // Crockford's alphabet: no I, L, O or U to misread.
    const ALPHABET: &[u8] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    let mut bits: u64 = 0;
    for b in &digest[..5] {
        bits = (bits << 8) | u64::from(*b);
    }
    let mut r: Vec<u8> = (0..6)
        .map(|i| ALPHABET[((bits >> (35 - 5 * i)) & 31) as usize])
        .collect();
    // Six digits would read as a request number: the first becomes a letter (0 → A ... 9 → K).
    if r.iter().all(u8::is_ascii_digit) {
        r[0] = ALPHABET[10 + usize::from(r[0] - b'0')];
    }
    String::from_utf8_lossy(&r).into_owned()
}
