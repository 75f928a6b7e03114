//! Reply ingestion: turning what agencies send back (saved `.eml` files, mbox exports,
//! maildirs) into [`Message`]s, and deciding which request each one answers.
//!
//! This module owns reading and parsing mail ([`mail`]) and the matching rules
//! ([`matching`]). It reads only the paths it is given and speaks no SQL: the caller looks
//! up the requests and agencies, calls [`match_message`], and records the `reply` event and
//! the attachments as documents.

pub mod mail;
pub mod mailbox;
pub mod matching;

use std::path::PathBuf;

pub use mail::{Attachment, Message, fallback_message_id, parse_message, safe_file_name};
pub use mailbox::{Sink, for_each_message, read_paths};
pub use matching::{
    AboutOffice, AgencyAddr, MatchResult, MatchedBy, OpenRequest, Ours, agency_words,
    find_docket_tag, find_tracking_number, is_quote_start, match_message,
};

/// Why a path or one message in it could not be read.
///
/// A whole path that cannot be read stops `read_paths`; a single message that cannot be
/// parsed is reported as an item naming its origin, and the others go on.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("cannot read {}: check the path and its permissions", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "{} holds no mail: give a .eml file, an mbox file, a maildir (with cur/ and new/) or a folder of .eml files",
        path.display()
    )]
    NoMail { path: PathBuf },
    #[error(
        "{origin}: not an email ({reason}); skip it, or save the reply as .eml and ingest that"
    )]
    NotEmail { origin: String, reason: String },
}
