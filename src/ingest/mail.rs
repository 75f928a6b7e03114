//! Parsing one agency reply into a [`Message`] (the mailboxes it comes from are read in
//! `mailbox.rs`).
//!
//! Owns the test of what counts as an email at all, the fields docket keeps from a parsed
//! message, and the cleaning of attachment names. MIME parsing itself is `mail-parser`'s job.
//! Nothing here writes anywhere.

use std::borrow::Cow;
use std::path::Path;

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone};
use mail_parser::decoders::html::html_to_text;
use mail_parser::{Encoding, MessageParser, MimeHeaders, PartType};
use sha2::{Digest, Sha256};

use super::IngestError;

/// A file that came with a reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    /// Display name cleaned by [`safe_file_name`]: never a path, never empty.
    pub name: String,
    /// Lowercased `type/subtype`, `application/octet-stream` when the part does not say.
    pub content_type: String,
    /// The decoded content (base64 and quoted-printable undone).
    pub bytes: Vec<u8>,
}

/// One reply, as read from disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// The Message-ID without `<>`; when the header is absent, [`fallback_message_id`] of the
    /// raw bytes, so that ingesting the same file again is still recognised as a duplicate.
    pub message_id: String,
    /// The Message-IDs (without `<>`) named by In-Reply-To and References, in that order:
    /// the messages this one answers.
    pub refers_to: Vec<String>,
    pub date: Option<DateTime<FixedOffset>>,
    /// Lowercased address of the first From (else Sender) mailbox that has one.
    pub from_addr: Option<String>,
    pub from_name: Option<String>,
    /// Lowercased addresses of all To fields.
    pub to: Vec<String>,
    /// Decoded subject, folded onto one line; empty when absent.
    pub subject: String,
    /// The text/plain body parts, else the HTML ones converted to text; `\n` line ends.
    pub body_text: String,
    pub attachments: Vec<Attachment>,
    /// The message exactly as read (for an mbox message: after the `>From ` unescaping).
    pub raw: Vec<u8>,
    /// Where it came from, for messages to the user: `replies/a.eml`, `box.mbox message 3`,
    /// `Maildir/cur/xyz`.
    pub origin: String,
}

pub(crate) fn has_extension(path: &Path, ext: &str) -> bool {
    path.extension()
        .is_some_and(|e| e.to_string_lossy().eq_ignore_ascii_case(ext))
}

/// Headers that any real email carries at least one of.
const MAIL_HEADERS: [&str; 12] = [
    "from",
    "sender",
    "to",
    "cc",
    "subject",
    "date",
    "message-id",
    "received",
    "return-path",
    "reply-to",
    "mime-version",
    "in-reply-to",
];

/// Parses one raw message. `origin` names it in errors and in the result.
///
/// An `Err` means the bytes are not an email at all (empty, binary, no header fields);
/// a message with missing or malformed headers is still returned, with what could be read.
pub fn parse_message(raw: Vec<u8>, origin: String) -> Result<Message, IngestError> {
    let text = without_bom(&raw);
    if let Some(reason) = header_problem(text) {
        return Err(IngestError::NotEmail { origin, reason });
    }
    let Some(mut parsed) = MessageParser::new().parse(text) else {
        return Err(IngestError::NotEmail {
            origin,
            reason: "no header fields".into(),
        });
    };
    let has_mail_header = parsed.headers().iter().any(|h| {
        MAIL_HEADERS
            .iter()
            .any(|m| h.name().eq_ignore_ascii_case(m))
    });
    if !has_mail_header {
        return Err(IngestError::NotEmail {
            origin,
            reason: "no From, To, Subject, Date or Message-ID header".into(),
        });
    }

    let message_id = parsed
        .message_id()
        .or_else(|| parsed.header_raw("Message-ID"))
        .map(|id| {
            id.trim()
                .trim_start_matches('<')
                .trim_end_matches('>')
                .trim()
        })
        .filter(|id| !id.is_empty())
        .map_or_else(|| fallback_message_id(&raw), str::to_owned);
    let date = parsed.date().and_then(to_chrono);
    let mut refers_to: Vec<String> = Vec::new();
    for value in [parsed.in_reply_to(), parsed.references()] {
        for id in value.as_text_list().unwrap_or_default() {
            let id = id
                .trim()
                .trim_start_matches('<')
                .trim_end_matches('>')
                .trim();
            if !id.is_empty() && !refers_to.iter().any(|r| r == id) {
                refers_to.push(id.to_string());
            }
        }
    }

    let mailboxes = parsed
        .from()
        .into_iter()
        .chain(parsed.sender())
        .flat_map(|a| a.iter());
    let mut from_addr = None;
    let mut from_name = None;
    for mailbox in mailboxes {
        let name = mailbox.name().map(str::trim).filter(|n| !n.is_empty());
        if from_name.is_none() {
            from_name = name.map(str::to_owned);
        }
        if let Some(addr) = mailbox.address().map(str::trim).filter(|a| a.contains('@')) {
            from_addr = Some(addr.to_lowercase());
            if name.is_some() {
                from_name = name.map(str::to_owned);
            }
            break;
        }
    }
    let to = parsed
        .all_to()
        .flat_map(|a| a.iter())
        .filter_map(|m| m.address().map(str::trim).filter(|a| !a.is_empty()))
        .map(str::to_lowercase)
        .collect();
    let subject = one_line(parsed.subject().unwrap_or(""));
    let body_text = body_text(&parsed);

    let mut attachments = Vec::with_capacity(parsed.attachments.len());
    for id in parsed.attachments.clone() {
        let Some(part) = parsed.parts.get_mut(id as usize) else {
            continue;
        };
        if let Some(attachment) = take_attachment(part, text) {
            attachments.push(attachment);
        }
    }
    drop(parsed);

    Ok(Message {
        message_id,
        refers_to,
        date,
        from_addr,
        from_name,
        to,
        subject,
        body_text,
        attachments,
        raw,
        origin,
    })
}

/// Some Windows tools save a message with a UTF-8 byte order mark in front of the header.
pub(crate) fn without_bom(raw: &[u8]) -> &[u8] {
    raw.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(raw)
}

/// Why these bytes cannot be the start of an email, if they cannot: an email opens with a
/// header field (`Name: value`), and its header holds no NUL bytes.
pub(crate) fn header_problem(raw: &[u8]) -> Option<String> {
    if raw.iter().all(u8::is_ascii_whitespace) {
        return Some("it is empty".into());
    }
    let first_line = raw.split(|&b| b == b'\n').next().unwrap_or(raw);
    let is_field = first_line
        .iter()
        .position(|&b| b == b':')
        .is_some_and(|colon| {
            (1..=100).contains(&colon) && first_line[..colon].iter().all(|b| (33..=126).contains(b))
        });
    if !is_field {
        let shown: String = String::from_utf8_lossy(&first_line[..first_line.len().min(60)])
            .chars()
            .take(40)
            .collect();
        return Some(format!(
            "its first line is not a header field: {:?}",
            shown.trim_end()
        ));
    }
    // The header ends at the first empty line; look no further than 256 KiB for it.
    let window = &raw[..raw.len().min(256 * 1024)];
    let header_end = window
        .windows(2)
        .position(|w| w == b"\n\n" || w == b"\n\r")
        .unwrap_or(window.len());
    if window[..header_end].contains(&0) {
        return Some("its header holds binary data".into());
    }
    None
}

/// The duplicate key of a message that has no Message-ID: `sha256:<hex>` of its bytes, with
/// CRLF read as LF and trailing line ends and blanks ignored, so that the same reply saved
/// as a `.eml`, exported in an mbox or kept in a maildir gets the same key.
pub fn fallback_message_id(raw: &[u8]) -> String {
    let end = raw
        .iter()
        .rposition(|b| !matches!(b, b'\n' | b'\r' | b' ' | b'\t'))
        .map_or(0, |i| i + 1);
    let mut hasher = Sha256::new();
    for (i, line) in raw[..end].split(|&b| b == b'\n').enumerate() {
        if i > 0 {
            hasher.update(b"\n");
        }
        hasher.update(line.strip_suffix(b"\r").unwrap_or(line));
    }
    let digest = hasher.finalize();
    let mut hex = String::with_capacity(7 + 64);
    hex.push_str("sha256:");
    for byte in digest.iter() {
        hex.push(char::from(HEX[usize::from(byte >> 4)]));
        hex.push(char::from(HEX[usize::from(byte & 0xf)]));
    }
    hex
}

const HEX: &[u8; 16] = b"0123456789abcdef";

fn to_chrono(d: &mail_parser::DateTime) -> Option<DateTime<FixedOffset>> {
    let secs = i32::from(d.tz_hour) * 3600 + i32::from(d.tz_minute) * 60;
    let offset = FixedOffset::east_opt(if d.tz_before_gmt { -secs } else { secs })?;
    // A leap second (":60") is real in mail dates but not in chrono's constructors.
    let naive = NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))?
        .and_hms_opt(
        u32::from(d.hour),
        u32::from(d.minute),
        u32::from(d.second.min(59)),
    )?;
    offset.from_local_datetime(&naive).single()
}

fn one_line(s: &str) -> String {
    s.split(['\r', '\n'])
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn body_text(parsed: &mail_parser::Message<'_>) -> String {
    let mut text = String::new();
    for ids in [&parsed.text_body, &parsed.html_body] {
        for &id in ids {
            let piece: Cow<'_, str> = match parsed.parts.get(id as usize).map(|p| &p.body) {
                Some(PartType::Text(t)) => Cow::Borrowed(t.as_ref()),
                Some(PartType::Html(h)) => Cow::Owned(html_to_text(h)),
                _ => continue,
            };
            if !text.is_empty() {
                text.push('\n');
            }
            text.push_str(&piece);
        }
        if !text.is_empty() {
            break;
        }
    }
    if text.contains('\r') {
        text = text.replace("\r\n", "\n");
    }
    text
}

/// Moves one attachment's content out of the parsed message (no copy when `mail-parser`
/// already decoded it into its own buffer, which is the case of every base64 part).
fn take_attachment(part: &mut mail_parser::MessagePart<'_>, raw: &[u8]) -> Option<Attachment> {
    let declared = part.content_type().map(|ct| {
        let main = ct.ctype().to_ascii_lowercase();
        match ct.subtype() {
            Some(sub) => format!("{main}/{}", sub.to_ascii_lowercase()),
            None => main,
        }
    });
    let given_name = part.attachment_name().map(str::to_owned);
    let (start, end) = (part.offset_body as usize, part.offset_end as usize);
    let (bytes, default_type, subject) = match std::mem::take(&mut part.body) {
        PartType::Binary(b) | PartType::InlineBinary(b) => {
            (b.into_owned(), "application/octet-stream", None)
        }
        PartType::Text(t) => (t.into_owned().into_bytes(), "text/plain", None),
        PartType::Html(t) => (t.into_owned().into_bytes(), "text/html", None),
        PartType::Message(m) => {
            let subject = m.subject().map(str::to_owned);
            // A message/rfc822 part sent as is was parsed in place, and its raw_message is
            // then the whole outer message: take its own bytes from the offsets instead.
            let bytes = match (&part.encoding, raw.get(start..end)) {
                (Encoding::None, Some(own)) => own.to_vec(),
                _ => m.raw_message.into_owned(),
            };
            (bytes, "message/rfc822", subject)
        }
        PartType::Multipart(_) => return None,
    };
    let content_type = match declared {
        Some(ct) if ct.contains('/') => ct,
        _ => default_type.to_owned(),
    };
    let is_mail = content_type == "message/rfc822" || content_type == "message/global";
    let mut name = given_name
        .or(subject)
        .map(|n| safe_file_name(&n))
        .filter(|n| n != FALLBACK_NAME)
        .unwrap_or_else(|| match extension_for(&content_type) {
            Some(ext) => format!("{FALLBACK_NAME}.{ext}"),
            None => FALLBACK_NAME.to_owned(),
        });
    if is_mail && !has_extension(Path::new(&name), "eml") {
        name = safe_file_name(&format!("{name}.eml"));
    }
    Some(Attachment {
        name,
        content_type,
        bytes,
    })
}

const FALLBACK_NAME: &str = "attachment";

fn extension_for(content_type: &str) -> Option<&'static str> {
    Some(match content_type {
        "application/pdf" => "pdf",
        "image/png" => "png",
        "image/jpeg" | "image/jpg" => "jpg",
        "image/gif" => "gif",
        "image/tiff" => "tif",
        "text/plain" => "txt",
        "text/html" => "html",
        "text/csv" => "csv",
        "text/calendar" => "ics",
        "message/rfc822" | "message/global" => "eml",
        "application/zip" => "zip",
        "application/msword" => "doc",
        "application/vnd.ms-excel" => "xls",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => "docx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => "xlsx",
        _ => return None,
    })
}

/// Longest name kept, in bytes: well under the 255-byte limit of common file systems, with
/// room for a prefix the storage may add.
const MAX_NAME_BYTES: usize = 200;

/// Turns an attachment's declared name into a plain display name that is safe to show and
/// to use as a file name: never a path, never hidden, never empty.
///
/// Keeps only the last path component (`/` or `\`), drops control and invisible
/// direction-changing characters (which can disguise `fdp.exe` as `exe.pdf`), replaces the
/// characters Windows forbids with `_`, collapses blanks, strips leading dots and trailing
/// dots and blanks, defuses Windows device names, and cuts to 200 bytes keeping the
/// extension. What is left empty becomes `attachment`.
pub fn safe_file_name(name: &str) -> String {
    let last = name
        .rsplit(['/', '\\'])
        .find(|part| !part.trim().is_empty())
        .unwrap_or("");
    let mut clean = String::with_capacity(last.len());
    let mut blank = false;
    for c in last.chars() {
        if c.is_whitespace() {
            blank = true;
            continue;
        }
        if c.is_control() || is_invisible(c) {
            continue;
        }
        if blank && !clean.is_empty() {
            clean.push(' ');
        }
        blank = false;
        clean.push(if matches!(c, '<' | '>' | ':' | '"' | '|' | '?' | '*') {
            '_'
        } else {
            c
        });
    }
    let trimmed = clean
        .trim_start_matches(['.', ' '])
        .trim_end_matches(['.', ' ']);
    let mut out = truncate_keeping_extension(trimmed, MAX_NAME_BYTES);
    if is_windows_device_name(&out) {
        out.insert(0, '_');
    }
    if out.is_empty() {
        FALLBACK_NAME.to_owned()
    } else {
        out
    }
}

fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{061C}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
}

fn truncate_keeping_extension(name: &str, max: usize) -> String {
    if name.len() <= max {
        return name.to_owned();
    }
    let ext = name
        .rfind('.')
        .filter(|&dot| dot > 0 && name.len() - dot <= 16)
        .map_or("", |dot| &name[dot..]);
    let stem = &name[..name.len() - ext.len()];
    let mut cut = max - ext.len();
    while !stem.is_char_boundary(cut) {
        cut -= 1;
    }
    let stem = stem[..cut].trim_end_matches(['.', ' ']);
    format!("{stem}{ext}")
}

fn is_windows_device_name(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or("").trim_end();
    let upper = stem.to_ascii_uppercase();
    match upper.as_str() {
        "CON" | "PRN" | "AUX" | "NUL" => true,
        _ => {
            let bytes = upper.as_bytes();
            bytes.len() == 4
                && (upper.starts_with("COM") || upper.starts_with("LPT"))
                && (b'1'..=b'9').contains(&bytes[3])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::mailbox::*;
    use std::fs;
    use std::path::PathBuf;
    use std::time::Instant;

    const PDF: &[u8] =
        b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

    /// Standard base64 with 76-character lines, as mailers write it.
    fn base64(bytes: &[u8]) -> String {
        const ALPHABET: &[u8; 64] =
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut out = String::with_capacity(bytes.len() / 3 * 4 + bytes.len() / 57 * 2 + 8);
        for (i, chunk) in bytes.chunks(3).enumerate() {
            if i > 0 && i % 19 == 0 {
                out.push_str("\r\n");
            }
            let b = [
                chunk[0],
                *chunk.get(1).unwrap_or(&0),
                *chunk.get(2).unwrap_or(&0),
            ];
            let n = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
            for k in 0..4 {
                if k <= chunk.len() {
                    out.push(char::from(ALPHABET[(n >> (18 - 6 * k) & 63) as usize]));
                } else {
                    out.push('=');
                }
            }
        }
        out
    }

    #[test]
    fn base64_helper_matches_rfc_4648_examples() {
        // RFC 4648 section 10.
        for (plain, encoded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(plain.as_bytes()), encoded);
        }
    }

    fn reply_with_pdf(message_id: &str) -> String {
        format!(
            "From: \"Records Unit\" <Records@Meck-Sheriff.example.gov>\r\n\
             To: Reporter <reporter@news.example>, desk@news.example\r\n\
             Date: Fri, 20 Nov 2026 10:15:00 -0500\r\n\
             {message_id}\
             Subject: RE: Public records request [docket #12]\r\n\
             MIME-Version: 1.0\r\n\
             Content-Type: multipart/mixed; boundary=\"outer\"\r\n\
             \r\n\
             --outer\r\n\
             Content-Type: text/plain; charset=utf-8\r\n\
             \r\n\
             Please find the responsive records attached.\r\n\
             \r\n\
             --outer\r\n\
             Content-Type: application/pdf; name=\"records.pdf\"\r\n\
             Content-Disposition: attachment; filename=\"records.pdf\"\r\n\
             Content-Transfer-Encoding: base64\r\n\
             \r\n\
             {}\r\n\
             --outer--\r\n",
            base64(PDF)
        )
    }

    fn write(dir: &Path, name: &str, content: impl AsRef<[u8]>) -> PathBuf {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).expect("create dir");
        }
        fs::write(&path, content).expect("write test file");
        path
    }

    fn read_ok(paths: &[PathBuf]) -> Vec<Message> {
        read_paths(paths)
            .expect("paths readable")
            .into_iter()
            .map(|m| m.expect("message parses"))
            .collect()
    }

    fn parse(raw: &str) -> Message {
        parse_message(raw.as_bytes().to_vec(), "test".into()).expect("parses")
    }

    #[test]
    fn eml_with_a_pdf_attachment() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = write(
            dir.path(),
            "a.eml",
            reply_with_pdf("Message-ID: <r-1@meck.example.gov>\r\n"),
        );
        let messages = read_ok(std::slice::from_ref(&path));
        assert_eq!(messages.len(), 1);
        let m = &messages[0];
        assert_eq!(m.message_id, "r-1@meck.example.gov");
        assert_eq!(
            m.date.map(|d| d.to_rfc3339()).as_deref(),
            Some("2026-11-20T10:15:00-05:00")
        );
        assert_eq!(
            m.from_addr.as_deref(),
            Some("records@meck-sheriff.example.gov")
        );
        assert_eq!(m.from_name.as_deref(), Some("Records Unit"));
        assert_eq!(m.to, ["reporter@news.example", "desk@news.example"]);
        assert_eq!(m.subject, "RE: Public records request [docket #12]");
        assert_eq!(
            m.body_text.trim_end(),
            "Please find the responsive records attached."
        );
        assert_eq!(m.attachments.len(), 1);
        assert_eq!(m.attachments[0].name, "records.pdf");
        assert_eq!(m.attachments[0].content_type, "application/pdf");
        assert_eq!(m.attachments[0].bytes, PDF);
        assert_eq!(m.origin, path.display().to_string());
        assert_eq!(m.raw, fs::read(&path).expect("reread"));
    }

    #[test]
    fn a_paragraph_starting_from_is_no_postmark() {
        assert!(is_postmark(
            b"From clerk@a.example Fri Nov 20 10:15:00 2026\n"
        ));
        assert!(is_postmark(
            b"From MAILER-DAEMON Fri Nov 20 10:15:00 2026 -0500\n"
        ));
        assert!(is_postmark(b"From - Sat Nov 21 09:00:00 2026\r\n"));
        assert!(!is_postmark(
            b"From 2019 to 2024 we received 12 detainer requests.\n"
        ));
        assert!(!is_postmark(b"From the desk of the sheriff, 2026\n"));
        assert!(!is_postmark(
            b"From 9:00 to 17:00 on Mon May 4, 2026 the office is closed\n"
        ));
    }

    #[test]
    fn mbox_of_three_replies_with_escaped_from_lines() {
        let dir = tempfile::tempdir().expect("tempdir");
        // Message 2 has body lines that began with "From " and ">From " before the
        // mbox writer escaped them; message 3 has an mboxo-style unescaped paragraph,
        // which is no postmark (no digit), so it stays in its message.
        let mbox = "From clerk@a.example Fri Nov 20 10:15:00 2026\n\
                    From: clerk@a.example\n\
                    Subject: first\n\
                    Message-ID: <m1@a.example>\n\
                    \n\
                    Received your request.\n\
                    \n\
                    From clerk@b.example Sat Nov 21 09:00:00 2026\n\
                    From: clerk@b.example\n\
                    Subject: second\n\
                    Message-ID: <m2@b.example>\n\
                    \n\
                    >From the desk of the records officer:\n\
                    >>From an earlier letter, quoted.\n\
                    >not a From line\n\
                    \n\
                    From clerk@c.example Sun Nov 22 08:30:00 2026\n\
                    From: clerk@c.example\n\
                    Subject: third\n\
                    \n\
                    First paragraph.\n\
                    \n\
                    From the desk of the sheriff\n\
                    \n";
        let path = write(dir.path(), "box.mbox", mbox);
        let messages = read_ok(std::slice::from_ref(&path));
        let subjects: Vec<&str> = messages.iter().map(|m| m.subject.as_str()).collect();
        assert_eq!(subjects, ["first", "second", "third"]);
        let origins: Vec<String> = messages.iter().map(|m| m.origin.clone()).collect();
        let base = path.display();
        assert_eq!(origins, [1, 2, 3].map(|n| format!("{base} message {n}")));
        // The blank line before each postmark is the separator, not content.
        assert_eq!(
            String::from_utf8_lossy(&messages[0].raw),
            "From: clerk@a.example\nSubject: first\nMessage-ID: <m1@a.example>\n\nReceived your request.\n"
        );
        assert_eq!(
            messages[1].body_text,
            "From the desk of the records officer:\n>From an earlier letter, quoted.\n>not a From line\n"
        );
        assert_eq!(
            messages[2].body_text,
            "First paragraph.\n\nFrom the desk of the sheriff\n"
        );
        assert!(messages[2].message_id.starts_with("sha256:"));
    }

    #[test]
    fn mbox_with_crlf_line_ends() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mbox = "From a@x.example Fri Nov 20 10:15:00 2026\r\nSubject: one\r\n\r\nbody one\r\n\r\n\
                    From b@x.example Fri Nov 20 10:16:00 2026\r\nSubject: two\r\n\r\nbody two\r\n";
        let path = write(dir.path(), "crlf.mbox", mbox);
        let messages = read_ok(&[path]);
        assert_eq!(messages.len(), 2);
        assert_eq!(messages[0].raw, b"Subject: one\r\n\r\nbody one\r\n");
        assert_eq!(messages[1].body_text, "body two\n");
    }

    #[test]
    fn postmark_and_unescape_rules() {
        for (line, postmark) in [
            (
                &b"From clerk@a.example Fri Nov 20 10:15:00 2026\n"[..],
                true,
            ),
            (b"From MAILER-DAEMON Thu Jan  1 00:00:00 1970\n", true),
            (b"From the desk of the sheriff\n", false),
            (b"From: clerk@a.example\n", false),
            (b"From 2026\n", false),
            (b">From x 2026\n", false),
        ] {
            assert_eq!(
                is_postmark(line),
                postmark,
                "{}",
                String::from_utf8_lossy(line)
            );
        }
        for (line, unescaped) in [
            (&b">From x\n"[..], &b"From x\n"[..]),
            (b">>From x\n", b">From x\n"),
            (b">Fromage\n", b">Fromage\n"),
            (b"> From x\n", b"> From x\n"),
            (b"plain\n", b"plain\n"),
        ] {
            assert_eq!(unescape_from(line), unescaped);
        }
    }

    #[test]
    fn maildir_reads_cur_then_new_and_skips_hidden_files() {
        let dir = tempfile::tempdir().expect("tempdir");
        let maildir = dir.path().join("Maildir");
        write(
            &maildir,
            "cur/1700000001.M1.host:2,S",
            "Subject: seen\r\n\r\nold\r\n",
        );
        write(
            &maildir,
            "new/1700000002.M2.host",
            "Subject: unseen\n\nnew\n",
        );
        write(&maildir, "new/.hidden", "Subject: no\n\n");
        fs::create_dir_all(maildir.join("tmp")).expect("tmp");
        let messages = read_ok(std::slice::from_ref(&maildir));
        let got: Vec<(&str, String)> = messages
            .iter()
            .map(|m| (m.subject.as_str(), m.origin.clone()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "seen",
                    maildir
                        .join("cur/1700000001.M1.host:2,S")
                        .display()
                        .to_string()
                ),
                (
                    "unseen",
                    maildir.join("new/1700000002.M2.host").display().to_string()
                ),
            ]
        );
    }

    #[test]
    fn folder_of_eml_files_keeps_going_past_a_bad_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        write(dir.path(), "a.eml", "Subject: a\n\none\n");
        write(dir.path(), "b.EML", PDF);
        write(dir.path(), "c.eml", "Subject: c\n\nthree\n");
        write(dir.path(), "notes.txt", "Subject: not read\n\n");
        let items = read_paths(&[dir.path().to_path_buf()]).expect("folder readable");
        assert_eq!(items.len(), 3);
        assert_eq!(
            items[0].as_ref().map(|m| m.subject.as_str()).ok(),
            Some("a")
        );
        let err = items[1]
            .as_ref()
            .expect_err("a PDF is no email")
            .to_string();
        assert_eq!(
            err,
            format!(
                "{}: not an email (its first line is not a header field: \"%PDF-1.4\"); \
                 skip it, or save the reply as .eml and ingest that",
                dir.path().join("b.EML").display()
            )
        );
        assert!(!err.contains('\n'));
        assert_eq!(
            items[2].as_ref().map(|m| m.subject.as_str()).ok(),
            Some("c")
        );
    }

    #[test]
    fn paths_that_cannot_be_read_fail_the_whole_call() {
        let dir = tempfile::tempdir().expect("tempdir");
        let good = write(dir.path(), "a.eml", "Subject: a\n\n");
        let missing = dir.path().join("missing.eml");
        let err = read_paths(&[good.clone(), missing.clone()]).expect_err("missing path");
        assert!(
            matches!(err, IngestError::Read { ref path, .. } if *path == missing),
            "{err}"
        );

        let empty = dir.path().join("empty");
        fs::create_dir(&empty).expect("mkdir");
        let err = read_paths(std::slice::from_ref(&empty)).expect_err("no mail in folder");
        assert!(matches!(err, IngestError::NoMail { .. }), "{err}");
        assert!(err.to_string().contains("maildir (with cur/ and new/)"));
    }

    #[test]
    fn what_is_not_an_email() {
        // (bytes, reason) worked out from the rules in header_problem and parse_message.
        let cases: [(&[u8], &str); 6] = [
            (b"", "it is empty"),
            (b"  \n\r\n", "it is empty"),
            (PDF, "its first line is not a header field: \"%PDF-1.4\""),
            (
                b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR",
                "its first line is not a header field: \"\u{FFFD}PNG\"",
            ),
            (
                b"X-Thing: 1\nY: \0\0\n\nbody",
                "its header holds binary data",
            ),
            (
                b"{\"a\": 1}\n",
                "no From, To, Subject, Date or Message-ID header",
            ),
        ];
        for (raw, reason) in cases {
            match parse_message(raw.to_vec(), "f".into()) {
                Err(IngestError::NotEmail {
                    origin,
                    reason: got,
                }) => {
                    assert_eq!((origin.as_str(), got.as_str()), ("f", reason));
                }
                other => panic!("{raw:?} gave {other:?}"),
            }
        }
    }

    #[test]
    fn message_without_message_id_gets_a_stable_content_key() {
        let raw = "Subject: x\n\nhi\n";
        let m = parse(raw);
        // printf 'Subject: x\n\nhi' | sha256sum  (the trailing line end is not hashed)
        assert_eq!(
            m.message_id,
            "sha256:5abb5d1780faf33a88be010acf624003386f0c2f98b6e6f03a965723ba082d62"
        );
        // The same reply with CRLF line ends, or with the blank line an mbox adds, is the
        // same message for duplicate detection; a changed byte is not.
        for same in [
            "Subject: x\r\n\r\nhi\r\n",
            "Subject: x\n\nhi\n\n",
            "Subject: x\n\nhi",
        ] {
            assert_eq!(parse(same).message_id, m.message_id, "{same:?}");
        }
        assert_ne!(parse("Subject: x\n\nhi!\n").message_id, m.message_id);
    }

    #[test]
    fn duplicate_key_is_the_same_from_every_container() {
        let dir = tempfile::tempdir().expect("tempdir");
        let eml = reply_with_pdf("");
        let lf = eml.replace("\r\n", "\n");
        let a = write(dir.path(), "a.eml", &eml);
        let b = write(
            dir.path(),
            "box.mbox",
            format!("From x@y.example Fri Nov 20 10:15:00 2026\n{lf}\n"),
        );
        write(&dir.path().join("md"), "cur/1", &eml);
        fs::create_dir_all(dir.path().join("md/new")).expect("new");
        let keys: Vec<String> = read_ok(&[a.clone(), b, dir.path().join("md"), a])
            .into_iter()
            .map(|m| m.message_id)
            .collect();
        assert_eq!(keys.len(), 4);
        assert!(keys[0].starts_with("sha256:") && keys[0].len() == 7 + 64);
        assert!(keys.iter().all(|k| *k == keys[0]), "{keys:?}");

        // With a Message-ID, the key is the id, brackets and blanks removed.
        for header in [
            "Message-ID: <r-1@x>\r\n",
            "Message-Id:   <r-1@x>  \r\n",
            "message-id: r-1@x\r\n",
        ] {
            assert_eq!(
                parse(&reply_with_pdf(header)).message_id,
                "r-1@x",
                "{header:?}"
            );
        }
    }

    #[test]
    fn attachment_names_are_never_paths() {
        let raw = "From: a@x.example\r\nSubject: names\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n\
                   --b\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n\
                   --b\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=\"../../etc/passwd\"\r\n\r\nroot:x:0:0\r\n\
                   --b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"..\"\r\n\r\n%PDF-1.4\r\n\
                   --b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"C:\\\\Users\\\\clerk\\\\.hidden.pdf\"\r\n\r\n%PDF-1.4\r\n\
                   --b--\r\n";
        let names: Vec<String> = parse(raw).attachments.into_iter().map(|a| a.name).collect();
        assert_eq!(names, ["passwd", "attachment.pdf", "hidden.pdf"]);
    }

    #[test]
    fn safe_file_name_table() {
        let long_stem = "é".repeat(150); // 300 bytes
        let cut_stem = "é".repeat(98); // 196 bytes + ".pdf" = 200
        let cases: Vec<(String, String)> = vec![
            ("records.pdf".into(), "records.pdf".into()),
            ("../../etc/passwd".into(), "passwd".into()),
            ("..".into(), "attachment".into()),
            ("...".into(), "attachment".into()),
            ("".into(), "attachment".into()),
            ("dir/sub/".into(), "sub".into()),
            ("C:\\Users\\clerk\\letter.docx".into(), "letter.docx".into()),
            (".bashrc".into(), "bashrc".into()),
            ("  two   words .pdf ".into(), "two words .pdf".into()),
            ("nul\0byte\x07.pdf".into(), "nulbyte.pdf".into()),
            ("line\r\nbreak.pdf".into(), "line break.pdf".into()),
            // U+202E would show "invoice_fdp.exe" as "invoice_exe.pdf".
            ("invoice_\u{202E}fdp.exe".into(), "invoice_fdp.exe".into()),
            ("what?<>|*\".pdf".into(), "what______.pdf".into()),
            ("trailing dots...".into(), "trailing dots".into()),
            ("CON.txt".into(), "_CON.txt".into()),
            ("com1".into(), "_com1".into()),
            ("console.txt".into(), "console.txt".into()),
            ("réponse été.pdf".into(), "réponse été.pdf".into()),
            (format!("{long_stem}.pdf"), format!("{cut_stem}.pdf")),
            ("a".repeat(250), "a".repeat(200)),
        ];
        for (input, expected) in cases {
            let got = safe_file_name(&input);
            assert_eq!(got, expected, "{input:?}");
            assert!(got.len() <= MAX_NAME_BYTES);
        }
    }

    #[test]
    fn encoded_word_subject_and_international_attachment_names() {
        // "Réponse à votre demande" split over a B and a Q encoded word.
        let raw = "From: =?UTF-8?Q?Bureau_des_archives?= <archives@ville.example>\r\n\
                   Subject: =?UTF-8?B?UsOpcG9uc2U=?= =?utf-8?q?_=C3=A0_votre_demande?= [docket #12]\r\n\
                   MIME-Version: 1.0\r\n\
                   Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n\
                   --b\r\nContent-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nCi-joint la r=E9ponse.\r\n\
                   --b\r\nContent-Type: application/pdf\r\n\
                   Content-Disposition: attachment; filename*0*=UTF-8''r%C3%A9ponse%20; filename*1*=finale.pdf\r\n\
                   Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQ=\r\n\
                   --b\r\nContent-Type: application/pdf; name=\"=?UTF-8?Q?lettre_=C3=A9t=C3=A9.pdf?=\"\r\n\
                   Content-Disposition: attachment\r\n\r\n%PDF-1.4\r\n\
                   --b--\r\n";
        let m = parse(raw);
        assert_eq!(m.subject, "Réponse à votre demande [docket #12]");
        assert_eq!(m.from_name.as_deref(), Some("Bureau des archives"));
        assert_eq!(m.body_text.trim_end(), "Ci-joint la réponse.");
        let names: Vec<&str> = m.attachments.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["réponse finale.pdf", "lettre été.pdf"]);
        assert_eq!(m.attachments[0].bytes, b"%PDF-1.4");
    }

    #[test]
    fn nested_multiparts_inline_images_and_html_only_bodies() {
        // mixed[ alternative[ text, related[ html, inline png ] ], pdf ]
        let raw = "From: a@x.example\r\nSubject: nested\r\nContent-Type: multipart/mixed; boundary=m\r\n\r\n\
                   --m\r\nContent-Type: multipart/alternative; boundary=a\r\n\r\n\
                   --a\r\nContent-Type: text/plain\r\n\r\nPlain words.\r\n\
                   --a\r\nContent-Type: multipart/related; boundary=r\r\n\r\n\
                   --r\r\nContent-Type: text/html\r\n\r\n<p>HTML <b>words</b>.</p><img src=\"cid:seal\">\r\n\
                   --r\r\nContent-Type: image/png\r\nContent-ID: <seal>\r\nContent-Disposition: inline\r\nContent-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n\
                   --r--\r\n\
                   --a--\r\n\
                   --m\r\nContent-Type: application/pdf; name=letter.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQ=\r\n\
                   --m--\r\n";
        let m = parse(raw);
        assert_eq!(m.body_text.trim_end(), "Plain words.");
        let got: Vec<(&str, &str, &[u8])> = m
            .attachments
            .iter()
            .map(|a| (a.name.as_str(), a.content_type.as_str(), a.bytes.as_slice()))
            .collect();
        assert_eq!(
            got,
            [
                ("attachment.png", "image/png", &b"\x89PNG\r\n\x1a\n"[..]),
                ("letter.pdf", "application/pdf", b"%PDF-1.4"),
            ]
        );

        let html_only = "From: a@x.example\r\nSubject: html\r\nContent-Type: text/html; charset=utf-8\r\n\r\n\
                         <html><body><p>Your request #R000123-112026 is <b>closed</b>.</p></body></html>\r\n";
        let m = parse(html_only);
        assert!(
            m.body_text
                .contains("Your request #R000123-112026 is closed."),
            "{:?}",
            m.body_text
        );
        assert!(m.attachments.is_empty());
    }

    #[test]
    fn forwarded_mail_is_attached_as_eml() {
        let inner = "From: clerk@county.example\r\nSubject: Records: jail roster\r\n\r\nThe roster is attached.";
        for (encoding, body) in [
            ("", inner.to_owned()),
            (
                "Content-Transfer-Encoding: base64\r\n",
                base64(inner.as_bytes()),
            ),
        ] {
            let raw = format!(
                "From: counsel@county.example\r\nSubject: Fwd: Records\r\nContent-Type: multipart/mixed; boundary=f\r\n\r\n\
                 --f\r\nContent-Type: text/plain\r\n\r\nForwarding the clerk's answer.\r\n\
                 --f\r\nContent-Type: message/rfc822\r\n{encoding}\r\n{body}\r\n--f--\r\n"
            );
            let m = parse(&raw);
            assert_eq!(
                m.body_text.trim_end(),
                "Forwarding the clerk's answer.",
                "{encoding:?}"
            );
            assert_eq!(m.attachments.len(), 1, "{encoding:?}");
            let a = &m.attachments[0];
            assert_eq!(a.name, "Records_ jail roster.eml");
            assert_eq!(a.content_type, "message/rfc822");
            assert_eq!(String::from_utf8_lossy(&a.bytes), inner);
        }
    }

    #[test]
    fn invalid_utf8_and_missing_headers_are_tolerated() {
        // Latin-1 bytes with no charset declared, in a header and in the body.
        let mut raw = b"Subject: R\xe9ponse\nX-Junk: \xff\xfe\n\nCaf\xe9 \xff\n".to_vec();
        let m = parse_message(raw.clone(), "latin1".into()).expect("parses");
        assert!(
            m.subject.starts_with('R') && m.subject.ends_with("ponse"),
            "{:?}",
            m.subject
        );
        assert!(m.body_text.starts_with("Caf"));
        assert_eq!((m.from_addr, m.from_name, m.date), (None, None, None));
        assert!(m.to.is_empty());
        assert!(m.attachments.is_empty());

        raw = b"\xEF\xBB\xBFSubject: saved with a BOM\n\nok\n".to_vec();
        let m = parse_message(raw, "bom".into()).expect("parses");
        assert_eq!(m.subject, "saved with a BOM");

        raw = b"From: no address here\nDate: not a date\n\n".to_vec();
        let m = parse_message(raw, "odd".into()).expect("parses");
        assert_eq!(m.from_addr, None);
        assert_eq!(m.date, None);
        assert_eq!(m.subject, "");
        assert_eq!(m.body_text, "");
    }

    #[test]
    fn dates_keep_their_offset() {
        for (header, expected) in [
            (
                "Fri, 20 Nov 2026 10:15:00 -0500",
                Some("2026-11-20T10:15:00-05:00"),
            ),
            (
                "20 Nov 2026 16:15:00 +0100",
                Some("2026-11-20T16:15:00+01:00"),
            ),
            (
                "Thu, 31 Dec 2026 23:59:60 +0000",
                Some("2026-12-31T23:59:59+00:00"),
            ),
            ("Fri, 31 Feb 2026 10:00:00 +0000", None),
        ] {
            let m = parse(&format!("Date: {header}\nSubject: d\n\n"));
            assert_eq!(
                m.date.map(|d| d.to_rfc3339()).as_deref(),
                expected,
                "{header}"
            );
        }
    }

    /// 50 MB of attachment: parsing must stay linear and keep memory near a few times the
    /// message. Debug builds decode slowly, so the bound is loose; it catches quadratic
    /// behaviour (which would take minutes), not a few slow seconds.
    #[test]
    fn fifty_megabyte_attachment() {
        let size = 50 * 1024 * 1024;
        let payload: Vec<u8> = (0..size).map(|i| (i % 251) as u8).collect();
        let mut raw = reply_with_pdf("Message-ID: <big@x>\r\n").into_bytes();
        let tail = "--outer\r\nContent-Type: application/octet-stream; name=big.bin\r\nContent-Transfer-Encoding: base64\r\n\r\n";
        let at = raw.len() - "--outer--\r\n".len();
        let mut tail = tail.as_bytes().to_vec();
        tail.extend_from_slice(base64(&payload).as_bytes());
        tail.extend_from_slice(b"\r\n--outer--\r\n");
        raw.truncate(at);
        raw.extend_from_slice(&tail);
        drop(tail);

        // The same message alone in a .eml, and second in an mbox behind a small one.
        let dir = tempfile::tempdir().expect("tempdir");
        let eml = write(dir.path(), "big.eml", &raw);
        let mut mbox = b"From a@x Fri Nov 20 10:15:00 2026\nSubject: small\n\nhi\n\nFrom a@x Fri Nov 20 10:16:00 2026\n".to_vec();
        mbox.extend_from_slice(&raw);
        let mbox = write(dir.path(), "big.mbox", mbox);
        let raw_len = raw.len();
        drop(raw);
        let started = Instant::now();
        let messages = read_ok(&[eml, mbox]);
        let elapsed = started.elapsed();
        assert!(elapsed.as_secs() < 60, "took {elapsed:?}");
        assert_eq!(messages.len(), 3);
        for m in [&messages[0], &messages[2]] {
            assert_eq!(m.raw.len(), raw_len);
            assert_eq!(m.attachments.len(), 2);
            assert_eq!(m.attachments[1].name, "big.bin");
            assert!(m.attachments[1].bytes == payload);
        }
    }
}
