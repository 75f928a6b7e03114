//! A letter as an email draft: an RFC 5322 message (`.eml`) that mail clients open as an
//! unsent draft (`X-Unsent: 1`), ready for the reporter to review and send from their own
//! account.
//!
//! Headers are ASCII (RFC 2047 encoded-words for anything else) and can never be injected into:
//! every control character in a header value, CR and LF above all, becomes a space. The body is
//! UTF-8 in quoted-printable, so no line exceeds 76 octets whatever the letter holds.

use chrono::{DateTime, FixedOffset};

/// What goes into one draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Eml {
    /// The sender, as "Name <address>" or a bare address; `None` leaves it to the mail client.
    pub from: Option<String>,
    /// The recipient(s), "Name <address>" or bare addresses, separated by commas.
    pub to: String,
    pub subject: String,
    pub body: String,
    pub date: DateTime<FixedOffset>,
    /// With or without the angle brackets.
    pub message_id: String,
}

/// The header lines this module aims to keep within (RFC 5322 says SHOULD 78, MUST 998).
const LINE: usize = 78;

/// The whole message, CRLF line endings.
pub fn build_eml(e: &Eml) -> String {
    let mut out = String::new();
    if let Some(from) = &e.from {
        let from = address_list("From", from);
        if !from.is_empty() {
            push_header(&mut out, "From", &from);
        }
    }
    push_header(&mut out, "To", &address_list("To", &e.to));
    push_header(&mut out, "Subject", &unstructured("Subject", &e.subject));
    push_header(&mut out, "Date", &e.date.to_rfc2822());
    let id: String = one_line(&e.message_id)
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '<' && *c != '>')
        .collect();
    push_header(&mut out, "Message-ID", &format!("<{id}>"));
    push_header(&mut out, "MIME-Version", "1.0");
    push_header(&mut out, "Content-Type", "text/plain; charset=utf-8");
    push_header(&mut out, "Content-Transfer-Encoding", "quoted-printable");
    push_header(&mut out, "X-Unsent", "1");
    out.push_str("\r\n");
    out.push_str(&quoted_printable(&e.body));
    out
}

fn push_header(out: &mut String, name: &str, value: &str) {
    out.push_str(name);
    out.push_str(": ");
    out.push_str(value);
    out.push_str("\r\n");
}

/// Every control character (CR, LF, tab, NUL...) becomes a space: a header value stays one
/// header, whatever the caller passes.
fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .trim()
        .to_string()
}

/// "Ana Núñez <ana@example.org>, records@county.gov" with display names encoded as needed,
/// folded between addresses so that no line passes 78 columns. The list is read by
/// mail-parser's address parser, after turning the semicolons Outlook puts between addresses
/// ("Records Unit <a@x.gov>; b@y.gov") into commas.
fn address_list(header: &str, s: &str) -> String {
    let text = commas_for_semicolons(&one_line(s));
    let raw = format!("{header}: {text}\r\n\r\n");
    let parsed = mail_parser::MessageParser::default().parse(raw.as_bytes());
    let from_parser: Vec<String> = parsed
        .as_ref()
        .and_then(|m| m.header(header))
        .and_then(|h| h.as_address())
        .map(|a| {
            a.iter()
                .filter_map(|m| {
                    let addr = m.address()?.trim();
                    addr.contains('@').then(|| {
                        let name = m.name().map(str::trim).unwrap_or("");
                        mailbox(&if name.is_empty() {
                            addr.to_string()
                        } else {
                            format!("\"{}\" <{addr}>", name.replace('"', "\\\""))
                        })
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    let mailboxes = if from_parser.is_empty() {
        split_addresses(&text).iter().map(|a| mailbox(a)).collect()
    } else {
        from_parser
    };
    fold_list(header, mailboxes.into_iter().filter(|a| !a.is_empty()))
}

/// `a, b, c` folded after a comma wherever the next address would pass [`LINE`].
fn fold_list(header: &str, items: impl Iterator<Item = String>) -> String {
    let mut out = String::new();
    let mut col = header.len() + 2;
    for (i, item) in items.enumerate() {
        if i > 0 {
            out.push(',');
            col += 1;
            if col + 1 + item.len() > LINE {
                out.push_str("\r\n");
                col = 0;
            }
            out.push(' ');
            col += 1;
        }
        col += item.len();
        out.push_str(&item);
    }
    out
}

/// Semicolons outside quotes and angle brackets become commas.
fn commas_for_semicolons(s: &str) -> String {
    let (mut quoted, mut angle) = (false, false);
    s.chars()
        .map(|c| {
            match c {
                '"' => quoted = !quoted,
                '<' if !quoted => angle = true,
                '>' if !quoted => angle = false,
                ';' if !quoted && !angle => return ',',
                _ => {}
            }
            c
        })
        .collect()
}

/// Splits on commas outside double quotes ("Doe, Jane" <j@x> stays one address): the fallback
/// when the address parser finds no address.
fn split_addresses(s: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    for c in s.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                cur.push(c);
            }
            ',' if !quoted => parts.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    parts.push(cur);
    parts
        .into_iter()
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

fn mailbox(s: &str) -> String {
    let (name, addr) = match (s.rfind('<'), s.ends_with('>')) {
        (Some(i), true) => (s[..i].trim(), &s[i + 1..s.len() - 1]),
        _ => ("", s),
    };
    let addr: String = addr
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '<' | '>' | '"' | ','))
        .collect();
    let name = name
        .strip_prefix('"')
        .and_then(|n| n.strip_suffix('"'))
        .unwrap_or(name)
        .replace("\\\"", "\"");
    if name.is_empty() {
        addr
    } else {
        format!("{} <{addr}>", phrase(&name))
    }
}

/// A display name: as is when it is plain ASCII words, quoted when it holds specials,
/// encoded-words when it is not ASCII.
fn phrase(name: &str) -> String {
    if !name.is_ascii() || name.contains("=?") {
        return encoded_words(name).join(" ");
    }
    let special = name.chars().any(|c| "()<>[]:;@\\,.\"".contains(c));
    if special {
        format!("\"{}\"", name.replace('\\', "\\\\").replace('"', "\\\""))
    } else {
        name.to_string()
    }
}

/// An unstructured header value (Subject): ASCII words stay readable, runs of words with other
/// characters become encoded-words, and the line folds at spaces to stay near 78 columns.
fn unstructured(header: &str, value: &str) -> String {
    let value = one_line(value);
    // Runs of words that need encoding are encoded together, spaces included, because the
    // space between two encoded-words disappears when decoded.
    let mut atoms: Vec<String> = Vec::new();
    let mut run: Vec<&str> = Vec::new();
    for word in value.split(' ') {
        if !word.is_ascii() || word.contains("=?") {
            run.push(word);
            continue;
        }
        if !run.is_empty() {
            atoms.extend(encoded_words(&run.join(" ")));
            run.clear();
        }
        atoms.push(word.to_string());
    }
    if !run.is_empty() {
        atoms.extend(encoded_words(&run.join(" ")));
    }
    let mut out = String::new();
    let mut col = header.len() + 2;
    for (i, atom) in atoms.iter().enumerate() {
        if i > 0 {
            if col + 1 + atom.len() > LINE && !atom.is_empty() {
                out.push_str("\r\n");
                col = 0;
            }
            out.push(' ');
            col += 1;
        }
        out.push_str(atom);
        col += atom.len();
    }
    out
}

/// `s` as RFC 2047 "B" encoded-words, split on character boundaries so that each word stays
/// well under the 75-octet limit.
fn encoded_words(s: &str) -> Vec<String> {
    // 39 bytes make 52 base64 characters: a 64-character word that fits beside "Subject: ".
    const CHUNK: usize = 39;
    let mut words = Vec::new();
    let mut start = 0;
    while start < s.len() {
        let mut end = (start + CHUNK).min(s.len());
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        words.push(format!("=?utf-8?B?{}?=", base64(&s.as_bytes()[start..end])));
        start = end;
    }
    words
}

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The body in quoted-printable (RFC 2045 §6.7) with CRLF line ends: soft breaks keep every
/// line within 76 octets; `=`, control and non-ASCII bytes, and a space or tab that would end
/// a line, and a dot that would start a line, are escaped.
fn quoted_printable(body: &str) -> String {
    const MAX: usize = 76;
    let body = body.replace("\r\n", "\n").replace('\r', "\n");
    let body = body.strip_suffix('\n').unwrap_or(&body);
    let mut out = String::with_capacity(body.len() + body.len() / 8);
    for line in body.split('\n') {
        let bytes = line.as_bytes();
        let mut col = 0;
        for (i, &b) in bytes.iter().enumerate() {
            let last = i + 1 == bytes.len();
            let plain_at = |col: usize| match b {
                b'=' => false,
                // A line of "." alone ends a message in SMTP: never start a line with one.
                b'.' => col > 0,
                b' ' | b'\t' => !last,
                33..=126 => true,
                _ => false,
            };
            let mut plain = plain_at(col);
            let width = if plain { 1 } else { 3 };
            // Leave room for the '=' of a soft break.
            if col + width > MAX - 1 {
                out.push_str("=\r\n");
                col = 0;
                plain = plain_at(0);
            }
            let width = if plain { 1 } else { 3 };
            if plain {
                out.push(b as char);
            } else {
                out.push_str(&format!("={b:02X}"));
            }
            col += width;
        }
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use mail_parser::MessageParser;

    fn sample() -> Eml {
        Eml {
            from: Some("Ana Núñez <ana@example.org>".to_string()),
            to: "Records Custodian <records@mecklenburgcountync.gov>".to_string(),
            subject: "Solicitud de registros públicos: acuerdo 287(g) [docket #42]".to_string(),
            body: format!(
                "Dear Custodian of Records:\n\nCafé = 100% señor.\n{}\nEnd \n",
                "long ".repeat(60)
            ),
            date: DateTime::parse_from_rfc3339("2026-11-28T09:30:00-05:00").unwrap(),
            message_id: "docket-42-0199@example.org".to_string(),
        }
    }

    #[test]
    fn parses_back_with_mail_parser() {
        let e = sample();
        let raw = build_eml(&e);
        let m = MessageParser::default().parse(raw.as_bytes()).unwrap();
        let to = m.to().unwrap().first().unwrap();
        assert_eq!(to.address(), Some("records@mecklenburgcountync.gov"));
        assert_eq!(to.name(), Some("Records Custodian"));
        let from = m.from().unwrap().first().unwrap();
        assert_eq!(from.name(), Some("Ana Núñez"));
        assert_eq!(from.address(), Some("ana@example.org"));
        assert_eq!(m.subject(), Some(e.subject.as_str()));
        assert_eq!(m.date().unwrap().to_rfc3339(), "2026-11-28T09:30:00-05:00");
        assert_eq!(m.message_id(), Some("docket-42-0199@example.org"));
        let body = m.body_text(0).unwrap();
        assert_eq!(body.replace("\r\n", "\n"), e.body);
        assert_eq!(m.header_raw("X-Unsent").map(str::trim), Some("1"));
    }

    #[test]
    fn lines_are_crlf_and_short() {
        let raw = build_eml(&sample());
        assert!(raw.ends_with("\r\n"));
        for line in raw.split("\r\n") {
            assert!(!line.contains('\n') && !line.contains('\r'), "{line:?}");
            assert!(line.len() <= 78, "{} octets: {line}", line.len());
            assert!(line.is_ascii(), "{line}");
        }
        assert!(raw.contains("\r\nMIME-Version: 1.0\r\n"));
        assert!(raw.contains("\r\nContent-Type: text/plain; charset=utf-8\r\n"));
        assert!(raw.contains("\r\nX-Unsent: 1\r\n"));
        assert!(raw.contains("\r\nDate: Sat, 28 Nov 2026 09:30:00 -0500\r\n"));
    }

    #[test]
    fn header_injection_is_impossible() {
        let mut e = sample();
        e.subject = "Hello\r\nBcc: victim@example.com".to_string();
        e.to = "records@county.gov\nBcc: victim@example.com".to_string();
        e.from = Some("Ana <ana@example.org>\r\nX-Evil: 1".to_string());
        e.message_id = "id\r\nX-Evil: 2".to_string();
        let raw = build_eml(&e);
        let headers = raw.split("\r\n\r\n").next().unwrap();
        for line in headers.split("\r\n") {
            assert!(
                !line.starts_with("Bcc") && !line.starts_with("X-Evil"),
                "injected: {line}"
            );
        }
        let m = MessageParser::default().parse(raw.as_bytes()).unwrap();
        assert!(m.header_raw("Bcc").is_none());
        assert_eq!(m.subject(), Some("Hello  Bcc: victim@example.com"));
    }

    #[test]
    fn plain_subjects_stay_readable_and_long_ones_fold() {
        let mut e = sample();
        e.subject = format!("Public records request {} [docket #7]", "word ".repeat(20));
        let raw = build_eml(&e);
        assert!(raw.contains("Subject: Public records request word"));
        let m = MessageParser::default().parse(raw.as_bytes()).unwrap();
        assert_eq!(m.subject(), Some(e.subject.as_str()));
    }

    #[test]
    fn display_names_with_specials_are_quoted() {
        // (given, header form)
        let cases = [
            ("records@x.gov", "records@x.gov"),
            ("Jane Doe <j@x.gov>", "Jane Doe <j@x.gov>"),
            ("\"Doe, Jane\" <j@x.gov>", "\"Doe, Jane\" <j@x.gov>"),
            ("Sheriff's Office <s@x.gov>", "Sheriff's Office <s@x.gov>"),
            ("J. Doe <j@x.gov>, k@x.gov", "\"J. Doe\" <j@x.gov>, k@x.gov"),
        ];
        for (given, want) in cases {
            assert_eq!(address_list("To", given), want);
        }
    }

    #[test]
    fn base64_matches_rfc_4648_vectors() {
        for (given, want) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(given.as_bytes()), want);
        }
    }

    #[test]
    fn quoted_printable_escapes_what_it_must() {
        // "a=b" -> "a=3Db"; a trailing space -> "=20"; "é" is C3 A9 in UTF-8.
        assert_eq!(quoted_printable("a=b \né"), "a=3Db=20\r\n=C3=A9\r\n");
    }

    #[test]
    fn address_lists_as_agencies_type_them() {
        let mut e = sample();
        e.to = "Records Unit <records@co.gov>; clerk@co.gov, \"Doe, Jane\" <jdoe@co.gov>".into();
        let text = build_eml(&e);
        assert!(
            text.contains(
                "To: Records Unit <records@co.gov>, clerk@co.gov, \"Doe, Jane\" <jdoe@co.gov>\r\n"
            ),
            "{text}"
        );
        let parsed = MessageParser::default().parse(text.as_bytes()).unwrap();
        let to: Vec<&str> = parsed
            .to()
            .unwrap()
            .iter()
            .filter_map(|a| a.address())
            .collect();
        assert_eq!(to, ["records@co.gov", "clerk@co.gov", "jdoe@co.gov"]);

        // Two hundred addresses fold between addresses, every line within 78 octets.
        e.to = (0..200)
            .map(|i| format!("records{i}@county{i}.example.gov"))
            .collect::<Vec<_>>()
            .join("; ");
        let text = build_eml(&e);
        let head = &text[..text.find("\r\n\r\n").unwrap()];
        assert!(head.split("\r\n").all(|l| l.len() <= 78), "{head}");
        let parsed = MessageParser::default().parse(text.as_bytes()).unwrap();
        assert_eq!(parsed.to().unwrap().iter().count(), 200);
    }

    #[test]
    fn no_line_of_the_body_starts_with_a_dot() {
        // A line of "." alone ends an SMTP message; a dot that a soft break would put at the
        // start of a line is escaped too.
        assert_eq!(quoted_printable("a\n.\n.b"), "a\r\n=2E\r\n=2Eb\r\n");
        let long = format!("{}.end", "x".repeat(75));
        let qp = quoted_printable(&long);
        assert!(qp.lines().all(|l| !l.starts_with('.')), "{qp}");
        assert!(qp.contains("=2Eend"), "{qp}");
    }
}
