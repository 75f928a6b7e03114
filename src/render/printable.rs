//! Text from outside (a reply's subject and sender, an imported name, a note) must never drive
//! the terminal it is printed on: an ESC sequence could retitle the window, clear the screen or
//! write the clipboard (OSC 52). Everything docket prints goes through [`Printable`], which
//! shows each control character as a visible escape (`\x1b`) and passes the rest as it is: line
//! feeds, tabs, and the CR of a CRLF line end (an .eml keeps its line ends).

use std::io::{self, Write};

/// How one control character is shown.
fn escape_byte(b: u8) -> String {
    format!("\\x{b:02x}")
}

/// The colour and weight sequences docket's own tables use (bold, a 256-colour foreground,
/// resets): the only escape sequences let through. They can colour text, never hide it, move
/// the cursor, retitle the window or reach the clipboard.
fn allowed_sgr(params: &[u8]) -> bool {
    match params {
        b"" | b"0" | b"1" | b"22" | b"39" | b"49" => true,
        _ => params
            .strip_prefix(b"38;5;")
            .is_some_and(|n| (1..=3).contains(&n.len()) && n.iter().all(u8::is_ascii_digit)),
    }
}

/// What the bytes at the start of `rest` (an ESC) are.
enum Esc {
    /// An allowed colour sequence of this many bytes.
    Colour(usize),
    /// Anything else: the ESC is shown, and what follows is printed as text.
    Other,
    /// Too few bytes to tell yet.
    Undecided,
}

fn classify_esc(rest: &[u8]) -> Esc {
    debug_assert_eq!(rest.first(), Some(&0x1B));
    match rest.get(1) {
        None => return Esc::Undecided,
        Some(b'[') => {}
        Some(_) => return Esc::Other,
    }
    for (i, &b) in rest.iter().enumerate().skip(2).take(12) {
        match b {
            b'm' => {
                return if allowed_sgr(&rest[2..i]) {
                    Esc::Colour(i + 1)
                } else {
                    Esc::Other
                };
            }
            b'0'..=b'9' | b';' => {}
            _ => return Esc::Other,
        }
    }
    if rest.len() < 14 {
        Esc::Undecided
    } else {
        Esc::Other
    }
}

/// A writer that escapes control characters (C0 but tab and line feed, a CR not followed by
/// LF, DEL, the C1 controls U+0080..U+009F, and every ESC but docket's own colours) on their
/// way to `inner`.
pub struct Printable<W: Write> {
    inner: W,
    /// The end of the last write whose meaning depends on what comes next (a CR, the first
    /// byte of a C1 control, the start of an escape sequence).
    pending: Vec<u8>,
}

impl<W: Write> Printable<W> {
    pub fn new(inner: W) -> Self {
        Printable {
            inner,
            pending: Vec::new(),
        }
    }

    /// Writes out what was held back at the end of the output.
    pub fn finish(&mut self) -> io::Result<()> {
        let rest = std::mem::take(&mut self.pending);
        let (out, _) = filter(&rest, true);
        self.inner.write_all(&out)?;
        self.inner.flush()
    }
}

/// Filters `data`; unless `last`, returns the undecided tail apart, to be filtered with what
/// follows.
fn filter(data: &[u8], last: bool) -> (Vec<u8>, Vec<u8>) {
    let mut out = Vec::with_capacity(data.len() + 8);
    let mut i = 0;
    while i < data.len() {
        // Plain bytes (all but the controls and the lead byte of a C1 control) are copied in
        // runs: the filter costs next to nothing on ordinary text.
        let run = data[i..]
            .iter()
            .position(|&b| b < 0x20 || b == 0x7F || b == 0xC2)
            .unwrap_or(data.len() - i);
        out.extend_from_slice(&data[i..i + run]);
        i += run;
        if i == data.len() {
            break;
        }
        let b = data[i];
        let next = data.get(i + 1).copied();
        match b {
            b'\r' => match next {
                Some(b'\n') => out.push(b'\r'),
                None if !last => return (out, data[i..].to_vec()),
                _ => out.extend(escape_byte(b).bytes()),
            },
            0x1B => match classify_esc(&data[i..]) {
                Esc::Colour(n) => {
                    out.extend_from_slice(&data[i..i + n]);
                    i += n;
                    continue;
                }
                Esc::Undecided if !last => return (out, data[i..].to_vec()),
                _ => out.extend(escape_byte(b).bytes()),
            },
            0xC2 => match next {
                Some(c) if (0x80..=0x9F).contains(&c) => {
                    out.extend(format!("\\u{{{c:x}}}").bytes());
                    i += 2;
                    continue;
                }
                None if !last => return (out, data[i..].to_vec()),
                _ => out.push(b),
            },
            b'\n' | b'\t' => out.push(b),
            0x00..=0x1F | 0x7F => out.extend(escape_byte(b).bytes()),
            _ => out.push(b),
        }
        i += 1;
    }
    (out, Vec::new())
}

/// Whether the filter would give back `buf` as it is: no control but tab and line feed, no DEL,
/// no C1 control; a CR only before a line feed (the CRLF line ends of CSV), and the lead byte of
/// a C1 control only before a byte that makes another character of it (the `§` of every
/// citation an export writes is C2 A7). A CR or a lead byte at the very end waits for what
/// follows, so it is not.
///
/// Each byte is looked at with the next one, in blocks, without stopping early inside a block:
/// the compiler turns that into vector instructions, and the whole output passes here.
fn plain_text(buf: &[u8]) -> bool {
    let Some(&last) = buf.last() else {
        return true;
    };
    if special(last, None) {
        return false;
    }
    let pairs = buf.len() - 1;
    (0..pairs).step_by(4096).all(|start| {
        let end = (start + 4096).min(pairs);
        !buf[start..end]
            .iter()
            .zip(&buf[start + 1..end + 1])
            .fold(false, |seen, (&b, &next)| seen | special(b, Some(next)))
    })
}

/// Whether the filter would change byte `b` (followed by `next`, when there is one).
#[inline(always)]
fn special(b: u8, next: Option<u8>) -> bool {
    let control = b < 0x20 && b != b'\n' && b != b'\t' && b != b'\r';
    let lone_cr = b == b'\r' && next != Some(b'\n');
    let c1 = b == 0xC2 && next.is_none_or(|n| (0x80..=0x9F).contains(&n));
    control | (b == 0x7F) | lone_cr | c1
}

impl<W: Write> Write for Printable<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        // The common case, a listing of plain text (or CSV, with its CRLF line ends): nothing to
        // look at twice, nothing copied.
        if self.pending.is_empty() && plain_text(buf) {
            self.inner.write_all(buf)?;
            return Ok(buf.len());
        }
        let (out, rest) = if self.pending.is_empty() {
            filter(buf, false)
        } else {
            let mut data = std::mem::take(&mut self.pending);
            data.extend_from_slice(buf);
            filter(&data, false)
        };
        self.pending = rest;
        self.inner.write_all(&out)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Text for a table cell that docket colours: every control character shown as an escape
/// (line breaks and tabs kept), so that no sequence of its own reaches the terminal.
pub fn visible(text: &str) -> String {
    if !text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        return text.to_string();
    }
    text.split('\n')
        .map(one_line)
        .collect::<Vec<_>>()
        .join("\n")
}

/// One line of text for a message: every control character escaped, line breaks included.
pub fn one_line(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' => s.push_str("\\n"),
            c if c.is_control() && c != '\t' => {
                let n = c as u32;
                if n < 0x80 {
                    s.push_str(&format!("\\x{n:02x}"));
                } else {
                    s.push_str(&format!("\\u{{{n:x}}}"));
                }
            }
            c => s.push(c),
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn through(chunks: &[&[u8]]) -> String {
        let mut p = Printable::new(Vec::new());
        for c in chunks {
            p.write_all(c).unwrap();
        }
        p.finish().unwrap();
        String::from_utf8(p.inner).unwrap()
    }

    #[test]
    fn escapes_drive_nothing() {
        // Window title, clear screen, OSC 52 clipboard write, a bell.
        let hostile = "Re: \x1b]0;pwned\x07 \x1b[2J\x1b]52;c;ZXZpbA==\x07 done";
        let shown = through(&[hostile.as_bytes()]);
        assert!(
            !shown.contains('\x1b') && !shown.contains('\x07'),
            "{shown}"
        );
        assert_eq!(
            shown,
            "Re: \\x1b]0;pwned\\x07 \\x1b[2J\\x1b]52;c;ZXZpbA==\\x07 done"
        );
        // C1 controls (CSI as U+009B) too, but not other non-ASCII text.
        assert_eq!(through(&["\u{9b}2J über".as_bytes()]), "\\u{9b}2J über");
    }

    #[test]
    fn line_ends_and_tabs_pass_even_split_across_writes() {
        assert_eq!(through(&[b"a\r\nb\tc\n"]), "a\r\nb\tc\n");
        assert_eq!(through(&[b"a\r", b"\nb"]), "a\r\nb");
        // A CR alone would overwrite the line it is on.
        assert_eq!(through(&[b"paid\rdenied"]), "paid\\x0ddenied");
        assert_eq!(through(&[b"end\r"]), "end\\x0d");
        assert_eq!(through(&[b"x\xc2", b"\x9b"]), "x\\u{9b}");
    }

    #[test]
    fn docket_colours_pass_and_nothing_else() {
        let ours = "\x1b[1m ID \x1b[0m\x1b[38;5;9m 1 \x1b[39m";
        assert_eq!(through(&[ours.as_bytes()]), ours);
        // Split anywhere, the same.
        let bytes = ours.as_bytes();
        for cut in 0..bytes.len() {
            assert_eq!(
                through(&[&bytes[..cut], &bytes[cut..]]),
                ours,
                "cut at {cut}"
            );
        }
        // Conceal, cursor moves, other SGR: shown, not sent.
        assert_eq!(through(&[b"\x1b[8mhidden"]), "\\x1b[8mhidden");
        assert_eq!(through(&[b"\x1b[H\x1b[2J"]), "\\x1b[H\\x1b[2J");
        assert_eq!(through(&[b"end\x1b"]), "end\\x1b");
        assert_eq!(through(&[b"\x1b[38;5;1234m"]), "\\x1b[38;5;1234m");
    }

    #[test]
    fn plain_text_is_told_apart_wherever_a_control_is() {
        let text = "A long listing line, with plain text only: 2026-11-02 überall\tand\n".repeat(5);
        assert!(plain_text(text.as_bytes()));
        for special in [0x00u8, 0x07, 0x0D, 0x1B, 0x1F, 0x7F, 0xC2] {
            for at in [0, 1, 63, 64, 65, text.len() - 1] {
                let mut bytes = text.clone().into_bytes();
                bytes[at] = special;
                // A CR before a line feed passes; so would a C2 before a byte that is no C1.
                let next = bytes.get(at + 1).copied();
                let pair = (special == 0x0D && next == Some(b'\n'))
                    || (special == 0xC2 && next.is_some_and(|n| !(0x80..=0x9F).contains(&n)));
                assert_eq!(plain_text(&bytes), pair, "{special:#x} at {at}");
            }
        }
    }

    #[test]
    fn text_let_through_is_what_the_filter_gives_back() {
        let cases: [&[u8]; 19] = [
            "§552.221, 5 U.S.C. §552\r\n".as_bytes(),
            b"\xc2\xc2\x9b",
            b"\r\r\n",
            b"\xc2\x9b2J",
            b"x\xc2",
            b"\xc2\xa7\xc2\x80",
            b"\xc2\xc2\xa7",
            b"a,b\r\nc,d\r\n",
            b"a\r\n",
            b"a\r",
            b"\r",
            b"\r\n",
            b"a\rb\r\n",
            b"a\r\rb",
            b"tab\tand\nlf",
            b"\x1b[2J\r\n",
            b"x\xc2\x9by\r\n",
            b"caf\xc3\xa9\r\n",
            b"",
        ];
        for case in cases {
            // Let through, it must be what the filter makes of it with nothing held back.
            if plain_text(case) {
                assert_eq!(filter(case, false), (case.to_vec(), Vec::new()), "{case:?}");
            }
        }
        assert!(plain_text(b"a,b\r\nc,d\r\n"));
        assert!(plain_text("§552.221, 5 U.S.C. §552\r\n".as_bytes()));
        assert!(!plain_text(b"\xc2\x9b2J"));
        assert!(!plain_text(b"x\xc2"));
        assert!(!plain_text(b"\xc2\xc2\x9b"));
        assert!(!plain_text(b"a\r"));
        assert!(!plain_text(b"a\rb\r\n"));
        // CRLF in long text, a CR at every place of a block.
        let line = "x".repeat(70) + "\r\n";
        assert!(plain_text(line.repeat(9).as_bytes()));
        for at in 0..200 {
            let mut t = line.repeat(3).into_bytes();
            if t[at] == b'x' {
                t[at] = b'\r';
                assert!(!plain_text(&t), "a lone CR at {at}");
            }
        }
        // And through the writer, CSV is passed as it is, split anywhere.
        let csv = line.repeat(4);
        let bytes = csv.as_bytes();
        for cut in 0..bytes.len() {
            assert_eq!(
                through(&[&bytes[..cut], &bytes[cut..]]),
                csv,
                "cut at {cut}"
            );
        }
    }

    #[test]
    fn one_line_escapes_breaks() {
        assert_eq!(one_line("a\nb\x1b[2J"), "a\\nb\\x1b[2J");
    }
}
