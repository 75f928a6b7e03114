//! What each fuzz target checks, as plain functions of the input bytes. The cargo-fuzz targets
//! (`fuzz_targets/*.rs`) call them under libFuzzer; the test suite includes this very file
//! (tests/cli/hardening.rs) and calls them on mutated seeds and on every input a fuzzer ever
//! crashed on, so both run the same checks.
//!
//! A check panics only when docket panics or breaks a promise it makes about its output:
//! returning an error for garbage is what the functions are for.

use std::path::Path;
use std::sync::OnceLock;

use serde_json::{Value, json};

/// Splits an input into text fields at NUL bytes, invalid UTF-8 replaced.
pub fn fields(data: &[u8]) -> Vec<String> {
    data.split(|b| *b == 0)
        .map(|f| String::from_utf8_lossy(f).into_owned())
        .collect()
}

/// `parse_date` and `parse_amount`: never panic, and what they accept reads back the same.
pub fn dates(data: &[u8]) {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(d) = docket::dates::parse_date(s) {
        assert_eq!(
            d.format("%Y-%m-%d").to_string(),
            s.trim(),
            "parse_date({s:?}) accepted a date it does not print back"
        );
    }
    if let Ok(cents) = docket::dates::parse_amount(s) {
        assert!(cents >= 0, "parse_amount({s:?}) = {cents}");
        assert_eq!(
            docket::dates::parse_amount(&docket::dates::dollars(cents)),
            Ok(cents),
            "parse_amount({s:?}) does not read its own dollars back"
        );
    }
}

/// The importers, on a file whose first input byte picks the extension (`.csv`, `.xlsx`, none)
/// and whose other bytes are the content, read as every source: never panic; every record has
/// a name without control characters and a two-letter state; planning it never panics.
pub fn import(data: &[u8]) {
    let dir = tempfile::tempdir().expect("a temp dir");
    let ext = match data.first().map(|b| b % 3) {
        Some(0) => "input.csv",
        Some(1) => "input.xlsx",
        _ => "input",
    };
    let path = dir.path().join(ext);
    std::fs::write(&path, data.get(1..).unwrap_or_default()).expect("write the input");
    import_file(&path);
}

fn import_file(path: &Path) {
    use docket::import::Source;
    type Map<'a> = &'a [(String, String)];
    let map = [("name".to_string(), "Agency".to_string())];
    let tries: [(Option<Source>, Map); 5] = [
        (None, &[]),
        (Some(Source::Csv), &[]),
        (Some(Source::Csv), &map),
        (Some(Source::Ice287g), &[]),
        (Some(Source::FbiRoster), &[]),
    ];
    for (source, map) in tries {
        let Ok(file) = docket::import::read(path, source, map) else {
            continue;
        };
        for r in &file.records {
            assert!(!r.name.trim().is_empty(), "an empty name: {r:?}");
            assert!(
                !r.name.chars().any(char::is_control),
                "control characters: {r:?}"
            );
            assert_eq!(r.state.len(), 2, "a state that is no code: {r:?}");
        }
        let _ = docket::import::plan::plan(&[], &file, &file.label);
    }
}

/// The e-mail parser (and, for inputs with an odd first byte, the mbox and .eml readers):
/// never panics; a message has an id and a one-line subject, attachment names are never
/// paths, and matching names only requests that exist.
pub fn mail(data: &[u8]) {
    if let Ok(m) = docket::ingest::parse_message(data.to_vec(), "fuzz".into()) {
        check_message(&m);
    }
    if data.first().is_some_and(|b| b % 2 == 1) {
        let dir = tempfile::tempdir().expect("a temp dir");
        let name = if data.starts_with(b"From ") {
            "box.mbox"
        } else {
            "reply.eml"
        };
        let path = dir.path().join(name);
        std::fs::write(&path, data).expect("write the input");
        if let Ok(items) = docket::ingest::read_paths(&[path]) {
            for m in items.into_iter().flatten() {
                check_message(&m);
            }
        }
    }
}

fn check_message(m: &docket::ingest::Message) {
    use docket::ingest::{AgencyAddr, MatchResult, OpenRequest};
    assert!(!m.message_id.is_empty());
    assert!(!m.subject.contains(['\n', '\r']), "{:?}", m.subject);
    for a in &m.attachments {
        let n = &a.name;
        assert!(
            !n.is_empty()
                && !n.contains(['/', '\\'])
                && !n.starts_with('.')
                && !n.chars().any(char::is_control)
                && n.len() <= 255,
            "an attachment name that is a path or hidden: {n:?}"
        );
    }
    let requests: Vec<OpenRequest> = (1..=3)
        .map(|id| OpenRequest {
            id,
            agency_id: id,
            tracking_number: Some(format!("R-2026-{id:04}")),
            open: id != 3,
            about: (id == 2).then(|| docket::ingest::AboutOffice {
                name: "Gaston County Sheriff's Office".into(),
                county: Some("Gaston County".into()),
            }),
            team_ref: (id == 3).then(|| "K7Q2MX".to_string()),
            filed_here: true,
        })
        .collect();
    let agencies = vec![
        AgencyAddr {
            agency_id: 1,
            email: "records@bergen.example, Clerk <clerk@bergen.example>".into(),
        },
        AgencyAddr {
            agency_id: 2,
            email: "pia@hcso.example".into(),
        },
    ];
    let sent = [("docket-1@paper.example".to_string(), 2)];
    let texts = [
        "287(g) agreement records".to_string(),
        "[docket".to_string(),
    ];
    let ours = docket::ingest::Ours {
        sent: &sent,
        texts: &texts,
    };
    if let MatchResult::Matched { request_id, .. } =
        docket::ingest::match_message(m, &requests, &agencies, &ours)
    {
        assert!(
            (1..=3).contains(&request_id),
            "matched a request that is not there"
        );
    }
    let _ = docket::ingest::find_docket_tag(&m.subject);
    let _ = docket::ingest::find_tracking_number(&m.subject, &m.body_text);
    let (subject, body) = docket::ingest::agency_words(&m.subject, &m.body_text, &texts);
    assert!(
        subject.len() <= m.subject.len() && body.len() <= m.body_text.len() + 1,
        "the agency's words grew"
    );
    let _ = docket::ingest::find_tracking_number(&subject, &body);
    let _ = docket::ingest::safe_file_name(&m.subject);
}

fn builtin_templates() -> &'static docket::render::letter::Templates {
    static T: OnceLock<docket::render::letter::Templates> = OnceLock::new();
    T.get_or_init(|| {
        docket::render::letter::Templates::load(None, false).expect("the built-in templates")
    })
}

/// Every built-in letter rendered with hostile values: the input's NUL-separated fields become
/// the requester's profile, the agency's record, the request's title and tracking number and
/// `--set` values. Rendering may refuse (a missing value, no appeal); it never panics.
pub fn render(data: &[u8]) {
    let f = fields(data);
    let get = |i: usize| f.get(i).cloned().unwrap_or_default();
    let opt = |i: usize| f.get(i).cloned().map_or(Value::Null, Value::String);
    let code = ["NC", "NJ", "CA", "US", "TX"][data.first().map_or(0, |b| usize::from(*b) % 5)];
    let rule = docket::law::builtin_rule(code).expect("a built-in rule");
    let mut ctx = json!({
        "requester": {
            "name": get(0), "organization": opt(1), "email": opt(2), "address": opt(3),
            "phone": opt(4), "news_media": data.len().is_multiple_of(2),
        },
        "agency": {
            "name": get(5), "slug": "fuzz-so-nc", "state": code, "state_name": get(6),
            "county": opt(7), "email": opt(8), "mailing_address": opt(9), "phone": Value::Null,
            "records_officer": opt(10), "kind": "sheriff", "portal_url": Value::Null,
        },
        "law": docket::app::letters::law_context(&rule),
        "request": {
            "id": 1, "title": get(11), "filed_on": "2026-11-02", "tracking_number": opt(12),
            "due_on": "2026-11-13", "business_days_late": 3, "calendar_days_since_filed": 18,
            "status": "denied", "denied_on": "2026-11-10",
        },
        "today": "2026-11-20",
    });
    let mut sets: Vec<(String, String)> = ["records", "since", "office", "date_range"]
        .iter()
        .enumerate()
        .map(|(i, k)| (k.to_string(), get(13 + i)))
        .collect();
    sets.extend(
        f.iter()
            .skip(17)
            .filter_map(|s| s.split_once('='))
            .map(|(k, v)| (k.to_string(), v.to_string())),
    );
    if docket::render::letter::apply_sets(&mut ctx, &sets).is_err() {
        docket::render::letter::apply_sets(&mut ctx, &sets[..4]).expect("plain keys");
    }
    let t = builtin_templates();
    for name in docket::render::letter::builtin_names() {
        if !name.starts_with('_') {
            let _ = t.render(name, &ctx);
        }
    }
}

/// A user's template folder holding the input as `initial.hbs` (and, split at its first NUL,
/// a `_signature.hbs` partial): loading it either works or says why in one line; a loaded
/// template renders or refuses; nothing panics or overflows the stack.
pub fn templates(data: &[u8]) {
    let dir = tempfile::tempdir().expect("a temp dir");
    let (main, partial) = match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], Some(&data[i + 1..])),
        None => (data, None),
    };
    std::fs::write(dir.path().join("initial.hbs"), main).expect("write the template");
    if let Some(p) = partial {
        std::fs::write(dir.path().join("_signature.hbs"), p).expect("write the partial");
    }
    match docket::render::letter::Templates::load(Some(dir.path()), true) {
        Ok(t) => {
            let ctx = json!({
                "requester": {"name": "Ana Reyes", "email": "ana@ledger.example"},
                "agency": {"name": "Wake County Sheriff's Office", "state": "NC"},
                "request": {"id": 1, "title": "records"},
                "records": "jail booking logs",
                "today": "2026-11-20",
            });
            if let Err(e) = t.render("initial", &ctx) {
                assert!(!e.to_string().contains('\n'), "a two-line error: {e}");
            }
        }
        Err(e) => assert!(!e.to_string().is_empty()),
    }
}

/// The input as the body of an mbox (after a postmark): the reader never panics, never loses
/// a message's bytes (each message is a slice of the file, unescaped), and every message it
/// gives passes the mail checks.
pub fn mbox(data: &[u8]) {
    let dir = tempfile::tempdir().expect("a temp dir");
    let path = dir.path().join("box.mbox");
    let mut file = b"From clerk@a.example Fri Nov 20 10:15:00 2026\n".to_vec();
    file.extend_from_slice(data);
    std::fs::write(&path, &file).expect("write the input");
    if let Ok(items) = docket::ingest::read_paths(&[path]) {
        let read: usize = items
            .iter()
            .filter_map(|m| m.as_ref().ok())
            .map(|m| m.raw.len())
            .sum();
        assert!(read <= file.len(), "the reader made up bytes");
        for m in items.into_iter().flatten() {
            check_message(&m);
        }
    }
}
