//! Where replies are kept on disk: a single `.eml`, an mbox file (mboxrd or mboxo), a maildir,
//! or a folder of `.eml` files, read one message at a time and handed to `mail::parse_message`.

use std::fs::{self, File};
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use super::IngestError;
use super::mail::{Message, has_extension, header_problem, parse_message, without_bom};

/// Reads every message under `paths`.
///
/// Each path may be a `.eml` file, an mbox file (recognised by a first line starting with
/// `From `), a maildir (a folder with `cur/` and `new/`), or a folder of `.eml` (and `.mbox`)
/// files, read in name order. A path that does not exist or cannot be read, or a folder with
/// no mail in it, is an `Err` for the whole call; a message that is not an email is an `Err`
/// item naming its origin, and the others go on.
pub fn read_paths(paths: &[PathBuf]) -> Result<Vec<Result<Message, IngestError>>, IngestError> {
    let mut all = Vec::new();
    for_each_message(paths, &mut |m| all.push(m))?;
    Ok(all)
}

/// Where each message read goes, as soon as it is read.
pub type Sink<'a> = dyn FnMut(Result<Message, IngestError>) + 'a;

/// [`read_paths`], giving each message to `sink` as it is read, so that a mailbox of any size
/// is held one message at a time.
pub fn for_each_message(paths: &[PathBuf], sink: &mut Sink<'_>) -> Result<(), IngestError> {
    // Look at every path before reading any, so that a typo in the last one fails at once
    // rather than after minutes of parsing.
    let mut is_dir = Vec::with_capacity(paths.len());
    for path in paths {
        let meta = fs::metadata(path).map_err(|source| IngestError::Read {
            path: path.clone(),
            source,
        })?;
        is_dir.push(meta.is_dir());
    }
    for (path, is_dir) in paths.iter().zip(is_dir) {
        if is_dir {
            read_dir(path, sink)?;
        } else {
            read_file(path, sink).map_err(|source| IngestError::Read {
                path: path.clone(),
                source,
            })?;
        }
    }
    Ok(())
}

pub(crate) fn read_dir(dir: &Path, out: &mut Sink<'_>) -> Result<(), IngestError> {
    let (cur, new) = (dir.join("cur"), dir.join("new"));
    if cur.is_dir() && new.is_dir() {
        for sub in [cur, new] {
            for file in files_in(&sub)? {
                read_listed_file(&file, out);
            }
        }
        return Ok(());
    }
    let files: Vec<PathBuf> = files_in(dir)?
        .into_iter()
        .filter(|f| has_extension(f, "eml") || has_extension(f, "mbox"))
        .collect();
    if files.is_empty() {
        return Err(IngestError::NoMail {
            path: dir.to_path_buf(),
        });
    }
    for file in files {
        read_listed_file(&file, out);
    }
    Ok(())
}

/// A file found inside a folder: a failure to read it is reported as an item, since the
/// user did not name it and the other files are still worth reading.
pub(crate) fn read_listed_file(path: &Path, out: &mut Sink<'_>) {
    if let Err(source) = read_file(path, out) {
        out(Err(IngestError::Read {
            path: path.to_path_buf(),
            source,
        }));
    }
}

/// Regular files of `dir` in name order, hidden ones (maildir `.` files, `.DS_Store`) left out.
pub(crate) fn files_in(dir: &Path) -> Result<Vec<PathBuf>, IngestError> {
    let read_err = |source| IngestError::Read {
        path: dir.to_path_buf(),
        source,
    };
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).map_err(read_err)? {
        let entry = entry.map_err(read_err)?;
        let path = entry.path();
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        if !hidden && path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

pub(crate) fn read_file(path: &Path, out: &mut Sink<'_>) -> io::Result<()> {
    let file = File::open(path)?;
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    let mut reader = BufReader::with_capacity(64 * 1024, file);
    let origin = path.display().to_string();
    let head = reader.fill_buf()?;
    if head.starts_with(b"From ") {
        let mut mbox = MboxReader::new(reader);
        let mut n = 0;
        loop {
            match mbox.next_message() {
                Ok(Some(raw)) => {
                    n += 1;
                    out(parse_message(raw, format!("{origin} message {n}")));
                }
                Ok(None) => break,
                Err(source) => {
                    // The messages before the failure are good; report the rest as unread.
                    out(Err(IngestError::Read {
                        path: path.to_path_buf(),
                        source,
                    }));
                    break;
                }
            }
        }
        return Ok(());
    }
    // Judge the first bytes before reading the whole file, so that a video or a disk image
    // given by mistake is refused without being loaded into memory.
    if let Some(reason) = header_problem(without_bom(head)) {
        out(Err(IngestError::NotEmail { origin, reason }));
        return Ok(());
    }
    let capacity = usize::try_from(len).unwrap_or(0).min(1 << 30);
    let mut raw = Vec::with_capacity(capacity);
    reader.read_to_end(&mut raw)?;
    out(parse_message(raw, origin));
    Ok(())
}

/// Splits an mbox stream into messages, one at a time, in a single pass over the lines.
///
/// A message starts at a `From ` postmark line that opens the file or follows a blank line;
/// that blank line is the separator and is not part of the message. Body lines escaped as
/// `>From `, `>>From `... lose one `>` (mboxrd; for mboxo this also undoes its escaping).
/// A postmark must look like one (`From sender date`, with a digit in the date), which keeps
/// an unescaped "From the desk of ..." paragraph of an mboxo file inside its message.
pub(crate) struct MboxReader<R> {
    reader: R,
    line: Vec<u8>,
    started: bool,
    done: bool,
}

impl<R: BufRead> MboxReader<R> {
    fn new(reader: R) -> Self {
        MboxReader {
            reader,
            line: Vec::with_capacity(256),
            started: false,
            done: false,
        }
    }

    fn next_message(&mut self) -> io::Result<Option<Vec<u8>>> {
        if self.done {
            return Ok(None);
        }
        if !self.started {
            self.started = true;
            // The caller saw the file start with "From ": this is the first postmark.
            self.line.clear();
            if self.reader.read_until(b'\n', &mut self.line)? == 0 {
                self.done = true;
                return Ok(None);
            }
        }
        let mut message = Vec::new();
        let mut held_blank: Option<&'static [u8]> = None;
        loop {
            self.line.clear();
            if self.reader.read_until(b'\n', &mut self.line)? == 0 {
                self.done = true;
                // A trailing blank line is the writer's separator, not content.
                return Ok(Some(message));
            }
            if held_blank.is_some() && is_postmark(&self.line) {
                return Ok(Some(message));
            }
            if let Some(blank) = held_blank.take() {
                message.extend_from_slice(blank);
            }
            match self.line.as_slice() {
                b"\n" => held_blank = Some(b"\n"),
                b"\r\n" => held_blank = Some(b"\r\n"),
                line => message.extend_from_slice(unescape_from(line)),
            }
        }
    }
}

/// A postmark as mbox writers make it: `From SENDER DATE`, the date in C's asctime form
/// (`Fri Nov 20 10:15:00 2026`, sometimes with a zone, or the year before the time). Asking
/// for a weekday (or month) name first, a clock time and a four-digit year keeps a paragraph
/// such as "From 2019 to 2024 we received 12 detainer requests." inside its message.
pub(crate) fn is_postmark(line: &[u8]) -> bool {
    let Some(rest) = line.strip_prefix(b"From ") else {
        return false;
    };
    let mut words = rest
        .split(u8::is_ascii_whitespace)
        .filter(|w| !w.is_empty());
    if words.next().is_none() {
        return false;
    }
    let date: Vec<&[u8]> = words.collect();
    const NAMES: [&[u8]; 19] = [
        b"mon", b"tue", b"wed", b"thu", b"fri", b"sat", b"sun", b"jan", b"feb", b"mar", b"apr",
        b"may", b"jun", b"jul", b"aug", b"sep", b"oct", b"nov", b"dec",
    ];
    // The date opens with its weekday (or, from a few writers, its month).
    let named = date
        .first()
        .is_some_and(|w| w.len() == 3 && NAMES.iter().any(|n| w.eq_ignore_ascii_case(n)));
    let clock = date.iter().any(|w| {
        let parts: Vec<&[u8]> = w.split(|&b| b == b':').collect();
        (2..=3).contains(&parts.len())
            && parts
                .iter()
                .all(|p| (1..=2).contains(&p.len()) && p.iter().all(u8::is_ascii_digit))
    });
    let year = date
        .iter()
        .any(|w| w.len() == 4 && w.iter().all(u8::is_ascii_digit));
    named && clock && year
}

pub(crate) fn unescape_from(line: &[u8]) -> &[u8] {
    let quotes = line.iter().take_while(|&&b| b == b'>').count();
    if quotes > 0 && line[quotes..].starts_with(b"From ") {
        &line[1..]
    } else {
        line
    }
}
