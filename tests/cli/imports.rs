//! Bringing in the real world: ICE's 287(g) list and the FBI roster from ../shared/data, a
//! user's own CSV, received files (`attach`, `open`) and agency replies (`ingest`) from .eml
//! files, an mbox and a maildir written here by hand.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::common::{BUILTIN_AGENCIES, Env, dump, shared_data};

// ---- helpers ---------------------------------------------------------------------------------

const ICE_XLSX: &str = "ice-287g/participatingAgencies07182025pm.xlsx";
const ICE_CSV: &str = "ice-287g/ice_287g_participating_2025-07-18.csv";
const FBI_ROSTER: &str = "agencies/fbi_lee_agency_roster_2025.csv";

/// A file of the shared data folder, or `None` (with the skip message) when it is absent.
fn data(rel: &str) -> Option<String> {
    let p = shared_data()?.join(rel);
    assert!(
        p.is_file(),
        "{} is missing from the shared data",
        p.display()
    );
    Some(p.display().to_string())
}

/// The first column of every row of a plain SQL query on the test's database.
fn sql_strings(env: &Env, sql: &str) -> Vec<String> {
    rusqlite::Connection::open(env.db())
        .expect("open database")
        .prepare(sql)
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

fn sql_i64(env: &Env, sql: &str) -> i64 {
    let conn = rusqlite::Connection::open(env.db()).expect("open database");
    conn.query_row(sql, [], |r| r.get(0))
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// Every row of a plain SQL query, each as its columns joined by `|`.
fn sql_rows(env: &Env, sql: &str) -> Vec<String> {
    let conn = rusqlite::Connection::open(env.db()).expect("open database");
    let mut st = conn.prepare(sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
    let n = st.column_count();
    st.query_map([], |r| {
        let mut cells = Vec::new();
        for i in 0..n {
            let v: rusqlite::types::Value = r.get(i)?;
            cells.push(match v {
                rusqlite::types::Value::Null => "NULL".to_string(),
                rusqlite::types::Value::Integer(i) => i.to_string(),
                rusqlite::types::Value::Real(f) => f.to_string(),
                rusqlite::types::Value::Text(t) => t,
                rusqlite::types::Value::Blob(_) => "<blob>".to_string(),
            });
        }
        Ok(cells.join("|"))
    })
    .expect("query")
    .map(Result::unwrap)
    .collect()
}

fn sha256_hex(data: &[u8]) -> String {
    Sha256::digest(data)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// RFC 4648 base64 in lines of 76 characters, as mail clients write attachments.
fn base64(data: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut s = String::new();
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                s.push(ABC[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                s.push('=');
            }
        }
    }
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && i % 76 == 0 {
            out.push_str("\r\n");
        }
        out.push(c);
    }
    out
}

/// A small PDF whose bytes depend on `text`, with the binary marker line real PDFs carry (so a
/// decoding mistake would show).
fn pdf(text: &str) -> Vec<u8> {
    let mut v = b"%PDF-1.4\n%".to_vec();
    v.extend_from_slice(&[0xE2, 0xE3, 0xCF, 0xD3, b'\n']);
    v.extend_from_slice(
        format!(
            "1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n\
             2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n\
             % {text}\ntrailer << /Root 1 0 R >>\n%%EOF\n"
        )
        .as_bytes(),
    );
    v
}

/// A reply as an agency's mail system sends it: multipart/mixed with a text body and each file
/// attached in base64. `date` is an RFC 5322 date.
struct Mail<'a> {
    id: &'a str,
    from: &'a str,
    subject: &'a str,
    date: &'a str,
    body: &'a str,
    files: Vec<(&'a str, Vec<u8>)>,
}

impl Mail<'_> {
    /// The message with CRLF line ends (an .eml file).
    fn eml(&self) -> String {
        let mut m = format!(
            "From: Records Unit <{}>\r\n\
             To: Ana Reyes <ana@ledger.example>\r\n\
             Date: {}\r\n\
             Message-ID: <{}>\r\n\
             Subject: {}\r\n\
             MIME-Version: 1.0\r\n\
             Content-Type: multipart/mixed; boundary=\"b0undary\"\r\n\
             \r\n\
             --b0undary\r\n\
             Content-Type: text/plain; charset=utf-8\r\n\
             \r\n\
             {}\r\n",
            self.from, self.date, self.id, self.subject, self.body
        );
        for (name, bytes) in &self.files {
            m.push_str(&format!(
                "--b0undary\r\n\
                 Content-Type: application/pdf; name=\"{name}\"\r\n\
                 Content-Disposition: attachment; filename=\"{name}\"\r\n\
                 Content-Transfer-Encoding: base64\r\n\
                 \r\n\
                 {}\r\n",
                base64(bytes)
            ));
        }
        m.push_str("--b0undary--\r\n");
        m
    }

    /// The message as one entry of an mbox: a `From ` postmark line, LF line ends, and body
    /// lines starting with "From " escaped as ">From ".
    fn mbox_entry(&self) -> String {
        let body = self.eml().replace("\r\n", "\n");
        let escaped: Vec<String> = body
            .lines()
            .map(|l| {
                if l.trim_start_matches('>').starts_with("From ") && !l.starts_with("From: ") {
                    format!(">{l}")
                } else {
                    l.to_string()
                }
            })
            .collect();
        format!(
            "From {} Wed Nov 18 09:30:00 2026\n{}\n\n",
            self.from,
            escaped.join("\n")
        )
    }
}

fn write(path: &Path, content: impl AsRef<[u8]>) -> PathBuf {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create folder");
    }
    std::fs::write(path, content).expect("write test file");
    path.to_path_buf()
}

/// Adds an agency with a records address and returns its slug.
fn office(env: &Env, name: &str, state: &str, email: &str) -> String {
    env.ok(&[
        "agency", "add", "--name", name, "--state", state, "--email", email,
    ])
    .trim()
    .to_string()
}

/// A request to `slug` filed on `on`; returns its number.
fn filed_to(env: &Env, slug: &str, on: &str) -> String {
    let id = env.draft(slug);
    env.ok(&["file", &id, "--on", on, "--via", "email"]);
    id
}

fn show(env: &Env, id: &str) -> Value {
    env.run(&["show", id, "--format", "json"]).json()
}

/// A request's documents as name -> (sha256, bytes, content type).
fn documents(env: &Env, id: &str) -> BTreeMap<String, (String, i64, String)> {
    show(env, id)["documents"]
        .as_array()
        .expect("documents")
        .iter()
        .map(|d| {
            (
                d["name"].as_str().expect("name").to_string(),
                (
                    d["sha256"].as_str().expect("sha256").to_string(),
                    d["bytes"].as_i64().expect("bytes"),
                    d["content_type"].as_str().unwrap_or("").to_string(),
                ),
            )
        })
        .collect()
}

/// The document number of the document called `name` on request `id`.
fn doc_id(env: &Env, id: &str, name: &str) -> String {
    show(env, id)["documents"]
        .as_array()
        .expect("documents")
        .iter()
        .find(|d| d["name"] == name)
        .unwrap_or_else(|| panic!("request {id} has no document {name}"))["id"]
        .to_string()
}

/// The live flag of request `id`.
/// Every condition request `id` carries, most pressing first.
fn flags(env: &Env, id: &str) -> Vec<String> {
    show(env, id)["flags"]
        .as_array()
        .expect("flags")
        .iter()
        .map(|f| f.as_str().expect("a flag is a string").to_string())
        .collect()
}

fn has_flag(env: &Env, id: &str, flag: &str) -> bool {
    flags(env, id).iter().any(|f| f == flag)
}

/// The kinds of request `id`'s events, in order.
fn event_kinds(env: &Env, id: &str) -> Vec<String> {
    show(env, id)["events"]
        .as_array()
        .expect("events")
        .iter()
        .map(|e| e["kind"].as_str().expect("kind").to_string())
        .collect()
}

/// The documents folder beside the test database.
fn docs_dir(env: &Env) -> PathBuf {
    env.path().join("docket.documents")
}

/// Every file under `dir`, relative to it.
fn files_under(dir: &Path) -> BTreeSet<PathBuf> {
    let mut out = BTreeSet::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("read folder") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.insert(p.strip_prefix(dir).expect("under dir").to_path_buf());
            }
        }
    }
    out
}

/// `docket open DOC` prints a path inside the documents folder, named by the content's hash,
/// holding exactly `bytes`.
#[track_caller]
fn assert_opens(env: &Env, doc: &str, bytes: &[u8]) {
    let printed = env.ok(&["open", doc]);
    let path = PathBuf::from(printed.trim());
    let inside = path
        .canonicalize()
        .expect("the printed path exists")
        .starts_with(docs_dir(env).canonicalize().expect("documents folder"));
    assert!(inside, "{} is outside the documents folder", path.display());
    assert_eq!(
        path.file_name().and_then(|n| n.to_str()),
        Some(sha256_hex(bytes).as_str()),
        "stored under its SHA-256"
    );
    assert_eq!(std::fs::read(&path).expect("read stored file"), bytes);
}

// ---- agency import: ICE's 287(g) list --------------------------------------------------------

#[test]
fn ice_workbook_imports_every_agreement_and_reports_the_bad_dates() {
    let Some(xlsx) = data(ICE_XLSX) else { return };
    let env = Env::new();
    let out = env.ok(&["agency", "import", &xlsx]);
    // 906 sheet rows, of which 832 hold an agreement (the rest are blank).
    assert!(out.contains(": 832 rows read as ice-287g"), "{out}");
    // 690 distinct (state, name) spellings on the list, but five Texas offices are written
    // once with a straight and once with a curly apostrophe ("Galveston County Sheriff's
    // Office" / "Galveston County Sheriff’s Office"); the importer treats them as one agency,
    // which gives 685.
    assert!(
        out.contains("agencies: 685 added, 0 updated, 0 unchanged"),
        "{out}"
    );
    assert!(
        out.contains("agreements: 832 read, 832 added, 0 changed"),
        "{out}"
    );
    // The three signing dates ICE published with typos, each with its spreadsheet row.
    assert!(out.contains("rows with problems: 3"), "{out}");
    for (row, raw) in [(639, "5025-07-07"), (775, "7/72025"), (785, "05/082025")] {
        let line = out
            .lines()
            .find(|l| l.contains(&format!("row {row}:")))
            .unwrap_or_else(|| panic!("row {row} is not reported: {out}"));
        assert!(line.contains(raw), "{line}");
        assert!(line.contains("raw text kept"), "{line}");
    }

    // 685 imported, beside the built-in federal offices.
    assert_eq!(
        sql_i64(&env, "SELECT count(*) FROM agencies"),
        685 + BUILTIN_AGENCIES as i64
    );
    assert_eq!(sql_i64(&env, "SELECT count(*) FROM agreements"), 832);
    // Imported with the date empty and the published text kept.
    assert_eq!(
        sql_rows(
            &env,
            "SELECT a.slug, g.signed_raw FROM agreements g JOIN agencies a ON a.id = g.agency_id \
             WHERE g.signed_on IS NULL AND g.signed_raw IS NOT NULL ORDER BY a.slug"
        ),
        [
            "campbell-so-va|05/082025",
            "grundy-so-tn|5025-07-07",
            "tooele-so-ut|7/72025"
        ]
    );
    // Unknown counties, published as `#N/A`, `#NA` or `N/A`, are no county.
    assert_eq!(
        sql_i64(
            &env,
            "SELECT count(*) FROM agencies WHERE county IN ('#N/A', '#NA', 'N/A')"
        ),
        0
    );
    // Mail-gateway "safelinks" are unwrapped to the ice.gov address behind them.
    assert_eq!(
        sql_i64(
            &env,
            "SELECT count(*) FROM agreements WHERE moa_url LIKE '%safelinks%' OR addendum_url LIKE '%safelinks%'"
        ),
        0
    );
    let colbert = env
        .run(&["agency", "show", "colbert-so-al", "--format", "json"])
        .json();
    let moas: Vec<&str> = colbert["agreements"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| a["moa_url"].as_str())
        .collect();
    assert_eq!(moas.len(), 2, "{colbert}");
    assert!(
        moas.iter()
            .all(|u| u.starts_with("https://www.ice.gov/doclib/287gMOA/")),
        "{moas:?}"
    );

    // The data has Harris County only in Georgia (ICE's list holds no Harris County, Texas);
    // names that recur across states stay apart: Orange County FL and TX, Harrison County MS
    // and TX. Harrison County MS holds two agreements on one agency.
    let all = env.run(&["agency", "list", "--format", "json"]).json();
    let slugs_named = |prefix: &str| -> Vec<String> {
        let mut v: Vec<String> = all
            .as_array()
            .unwrap()
            .iter()
            .filter(|a| {
                a["name"]
                    .as_str()
                    .unwrap()
                    .replace('’', "'")
                    .starts_with(prefix)
            })
            .map(|a| {
                format!(
                    "{}:{}",
                    a["state"].as_str().unwrap(),
                    a["slug"].as_str().unwrap()
                )
            })
            .collect();
        v.sort();
        v
    };
    assert_eq!(
        slugs_named("Harris County Sheriff's Office"),
        ["GA:harris-so-ga"]
    );
    assert_eq!(
        slugs_named("Orange County Sheriff's Office"),
        ["FL:orange-so-fl", "TX:orange-so-tx"]
    );
    assert_eq!(
        slugs_named("Harrison County Sheriff's Office"),
        ["MS:harrison-so-ms", "TX:harrison-so-tx"]
    );
    let harrison_ms = env
        .run(&["agency", "show", "harrison-so-ms", "--format", "json"])
        .json();
    assert_eq!(harrison_ms["agreements"].as_array().unwrap().len(), 2);
    assert_eq!(harrison_ms["county"], "Harrison County");
    let harrison_tx = env
        .run(&["agency", "show", "harrison-so-tx", "--format", "json"])
        .json();
    assert_eq!(harrison_tx["agreements"].as_array().unwrap().len(), 1);

    // Re-importing the same workbook (even a week later) changes nothing at all.
    let before = env.dump();
    let again = env.ok(&["--today", "2026-11-27", "agency", "import", &xlsx]);
    assert!(
        again.contains("agencies: 0 added, 0 updated, 685 unchanged"),
        "{again}"
    );
    assert!(
        again.contains("agreements: 832 read, 0 added, 0 changed, 0 no longer listed (kept), 0 listed again, 832 unchanged"),
        "{again}"
    );
    assert_eq!(env.dump(), before, "a re-import changed the database");
}

#[test]
fn ice_csv_says_what_the_workbook_says() {
    let (Some(xlsx), Some(csv)) = (data(ICE_XLSX), data(ICE_CSV)) else {
        return;
    };
    // Agencies and agreements as a user would compare them, without the generated uids.
    let projection = |env: &Env| {
        sql_rows(
            env,
            "SELECT a.slug, a.name, a.state, a.kind, a.county, g.program, g.support_type, \
             g.status, g.signed_on, g.signed_raw, g.moa_url, g.addendum_url, g.source, g.listed \
             FROM agencies a LEFT JOIN agreements g ON g.agency_id = a.id \
             WHERE a.slug NOT IN ('ice', 'ice-foia-appeals', 'cbp', 'dhs-privacy', 'dhs-oig') ORDER BY a.slug, g.support_type",
        )
    };
    let from_csv = Env::new();
    let out = from_csv.ok(&["agency", "import", &csv]);
    assert!(out.contains(": 832 rows read as ice-287g"), "{out}");
    assert!(
        out.contains("agencies: 685 added, 0 updated, 0 unchanged"),
        "{out}"
    );
    assert!(out.contains("agreements: 832 read, 832 added"), "{out}");
    // The same three rows (the CSV has no blank rows, so its numbers are the workbook's).
    for row in ["row 639:", "row 775:", "row 785:"] {
        assert!(out.contains(row), "{row} missing: {out}");
    }
    let from_xlsx = Env::new();
    from_xlsx.ok(&["agency", "import", &xlsx]);
    assert_eq!(projection(&from_csv), projection(&from_xlsx));
    assert_eq!(projection(&from_csv).len(), 832);

    // The CSV imported over the workbook is recognised as the same list.
    let before = from_xlsx.dump();
    let again = from_xlsx.ok(&["agency", "import", &csv]);
    assert!(
        again.contains("agencies: 0 added, 0 updated, 685 unchanged"),
        "{again}"
    );
    assert!(again.contains("0 added, 0 changed"), "{again}");
    assert_eq!(from_xlsx.dump(), before);
}

#[test]
fn a_newer_list_updates_agreements_and_keeps_the_dropped_ones() {
    let Some(csv_path) = data(ICE_CSV) else {
        return;
    };
    let env = Env::new();
    env.ok(&["agency", "import", &csv_path]);
    // A "newer" list made from ICE's: Wharton County TX's two agreements dropped, Colbert
    // County AL's Task Force agreement signed on another day, Wake County NC added.
    let mut reader = csv::Reader::from_path(&csv_path).expect("ICE CSV");
    let headers = reader.headers().expect("headers").clone();
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(&headers).unwrap();
    for rec in reader.records() {
        let rec = rec.expect("record");
        let mut cells: Vec<String> = rec.iter().map(String::from).collect();
        if cells[1].starts_with("Wharton County") {
            continue;
        }
        if cells[1] == "Colbert County Sheriff's Office" && cells[4] == "Task Force Model" {
            cells[5] = "2025-07-09".into();
        }
        w.write_record(&cells).unwrap();
    }
    w.write_record([
        "NORTH CAROLINA",
        "Wake County Sheriff's Office",
        "County",
        "Wake County",
        "Jail Enforcement Model",
        "2025-08-01",
        "link pending",
        "",
    ])
    .unwrap();
    let newer = write(&env.path().join("newer.csv"), w.into_inner().unwrap());
    let out = env.ok(&["agency", "import", newer.to_str().unwrap()]);
    assert!(out.contains(": 831 rows read as ice-287g"), "{out}");
    assert!(
        out.contains("agencies: 1 added, 0 updated, 684 unchanged"),
        "{out}"
    );
    assert!(
        out.contains("agreements: 831 read, 1 added, 1 changed, 2 no longer listed (kept), 0 listed again, 829 unchanged"),
        "{out}"
    );
    // Nothing is deleted: the dropped agreements stay, marked as no longer listed.
    assert_eq!(sql_i64(&env, "SELECT count(*) FROM agreements"), 833);
    let wharton = env
        .run(&["agency", "show", "wharton-so-tx", "--format", "json"])
        .json();
    let listed: Vec<&Value> = wharton["agreements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| &a["listed"])
        .collect();
    assert_eq!(listed, [&Value::Bool(false), &Value::Bool(false)]);
    let colbert = env
        .run(&["agency", "show", "colbert-so-al", "--format", "json"])
        .json();
    assert!(
        colbert["agreements"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["support_type"] == "Task Force Model" && a["signed_on"] == "2025-07-09"),
        "{colbert}"
    );
    // The published list again: the two come back.
    let out = env.ok(&["agency", "import", &csv_path]);
    assert!(out.contains("2 listed again"), "{out}");
    assert!(out.contains("1 no longer listed (kept)"), "{out}");
}

#[test]
fn dry_run_reports_the_import_and_writes_nothing() {
    let Some(xlsx) = data(ICE_XLSX) else { return };
    let env = Env::new();
    env.ok(&["init"]);
    let before = env.dump();
    let out = env.ok(&["agency", "import", &xlsx, "--dry-run"]);
    assert!(
        out.contains("agencies: 685 added, 0 updated, 0 unchanged"),
        "{out}"
    );
    assert!(out.contains("rows with problems: 3"), "{out}");
    assert!(out.contains("dry run: nothing was written"), "{out}");
    assert_eq!(env.dump(), before, "--dry-run wrote to the database");
}

#[test]
fn fbi_roster_county_agencies_become_sheriff_offices() {
    let (Some(roster), Some(ice)) = (data(FBI_ROSTER), data(ICE_CSV)) else {
        return;
    };
    let env = Env::new();
    let out = env.ok(&["agency", "import", &roster]);
    assert!(out.contains(": 18330 rows read as fbi-roster"), "{out}");
    assert!(
        out.contains("agencies: 18330 added, 0 updated, 0 unchanged"),
        "{out}"
    );
    assert!(out.contains("rows with problems: 0"), "{out}");

    // Which rows of the roster are county agencies, by ORI (docket keeps the ORI in notes).
    let mut reader = csv::Reader::from_path(&roster).expect("roster");
    let headers = reader.headers().expect("headers").clone();
    let col = |name: &str| headers.iter().position(|h| h == name).expect(name);
    let (ori, kind) = (col("ori"), col("agency_type_name"));
    let county_oris: BTreeSet<String> = reader
        .records()
        .map(|r| r.expect("record"))
        .filter(|r| &r[kind] == "County")
        .map(|r| r[ori].to_string())
        .collect();
    assert_eq!(county_oris.len(), 2992);
    let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
    for row in sql_rows(
        &env,
        "SELECT notes, kind FROM agencies WHERE notes LIKE 'ORI %'",
    ) {
        let (notes, kind) = row.split_once('|').unwrap();
        if county_oris.contains(notes.trim_start_matches("ORI ")) {
            *kinds.entry(kind.to_string()).or_default() += 1;
        }
    }
    // Each county row is one agency: 2,946 sheriff offices and 46 county police
    // departments ("Cobb County Police Department", "Westchester Public Safety").
    assert_eq!(
        kinds,
        BTreeMap::from([("police".to_string(), 46), ("sheriff".to_string(), 2946)])
    );

    // North Carolina's 100 counties: 99 sheriff offices named as letters address them, plus
    // Gaston County's police department (Gaston's sheriff is a row of its own).
    let nc = env
        .run(&[
            "agency", "list", "--state", "NC", "--kind", "sheriff", "--format", "json",
        ])
        .json();
    let nc_sheriffs: Vec<&Value> = nc
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| {
            a["name"]
                .as_str()
                .unwrap()
                .ends_with("County Sheriff's Office")
        })
        .collect();
    assert_eq!(nc_sheriffs.len(), 99);
    let wake = env
        .run(&["agency", "show", "wake-so-nc", "--format", "json"])
        .json();
    assert_eq!(wake["name"], "Wake County Sheriff's Office");
    assert_eq!(wake["kind"], "sheriff");
    assert_eq!(wake["county"], "Wake County");
    assert_eq!(wake["notes"], "ORI NC0920000");

    // ICE's list then meets the roster on the same offices instead of duplicating them (572
    // of its 685 agencies are on the roster under the same name), and Harris County stays two
    // agencies: Georgia's (on ICE's list) and Texas's (roster only).
    let out = env.ok(&["agency", "import", &ice]);
    assert!(
        out.contains("agencies: 113 added, 0 updated, 572 unchanged"),
        "{out}"
    );
    let ga = env
        .run(&["agency", "show", "harris-so-ga", "--format", "json"])
        .json();
    let tx = env
        .run(&["agency", "show", "harris-so-tx", "--format", "json"])
        .json();
    assert_eq!(ga["name"], "Harris County Sheriff's Office");
    assert_eq!(tx["name"], "Harris County Sheriff's Office");
    assert_ne!(ga["uid"], tx["uid"]);
    assert_eq!(ga["agreements"].as_array().unwrap().len(), 1);
    assert_eq!(tx["agreements"].as_array().unwrap().len(), 0);
    let program = env
        .run(&["agency", "list", "--program", "287g", "--format", "json"])
        .json();
    assert_eq!(program.as_array().unwrap().len(), 685);
}

#[test]
fn a_csv_with_other_headers_is_read_through_map() {
    let env = Env::new();
    let file = write(
        &env.path().join("contacts.csv"),
        "Office,ST,Records e-mail,Seat,Phone number\r\n\
         Wake County Sheriff's Office,NC,records@wakeso.example,Wake County,919-555-0100\r\n\
         \"Bergen County Sheriff's Office, Records\",New Jersey,opra@bergen.example,Bergen County,\r\n\
         Nowhere Police,ZZ,x@nowhere.example,,\r\n",
    );
    let file = file.to_str().unwrap();
    // Without --map, nothing says which column is the name.
    let e = env.run(&["agency", "import", file]).error().to_string();
    assert!(e.contains("name"), "{e}");
    if env.db().exists() {
        assert_eq!(
            sql_i64(
                &env,
                "SELECT count(*) FROM agencies WHERE slug NOT IN ('ice', 'ice-foia-appeals', 'cbp', 'dhs-privacy', 'dhs-oig')"
            ),
            0
        );
    }

    let maps = [
        "--map",
        "name=Office",
        "--map",
        "state=ST",
        "--map",
        "email=Records e-mail",
        "--map",
        "county=Seat",
        "--map",
        "phone=Phone number",
    ];
    let mut args = vec!["agency", "import", file];
    args.extend(maps);
    let out = env.ok(&args);
    assert!(out.contains(": 3 rows read as csv"), "{out}");
    assert!(
        out.contains("agencies: 2 added, 0 updated, 0 unchanged"),
        "{out}"
    );
    // The row with an unknown state is reported with its row number and not imported.
    assert!(out.contains("rows with problems: 1"), "{out}");
    assert!(out.contains("row 4:"), "{out}");
    let wake = env
        .run(&["agency", "show", "wake-so-nc", "--format", "json"])
        .json();
    assert_eq!(wake["email"], "records@wakeso.example");
    assert_eq!(wake["county"], "Wake County");
    assert_eq!(wake["phone"], "919-555-0100");
    assert_eq!(wake["kind"], "sheriff");
    let list = env
        .run(&["agency", "list", "--state", "NJ", "--format", "json"])
        .json();
    assert_eq!(list[0]["name"], "Bergen County Sheriff's Office, Records");
    assert_eq!(list[0]["email"], "opra@bergen.example");

    // Again: nothing changes. A mapped field that docket does not have is refused.
    let before = env.dump();
    let again = env.ok(&args);
    assert!(
        again.contains("agencies: 0 added, 0 updated, 2 unchanged"),
        "{again}"
    );
    assert_eq!(env.dump(), before);
    let e = env
        .run(&["agency", "import", file, "--map", "colour=Office"])
        .error()
        .to_string();
    assert!(e.contains("colour"), "{e}");
    assert_eq!(env.dump(), before);
}

// ---- documents: attach and open --------------------------------------------------------------

#[test]
fn attach_stores_each_content_once_by_hash() {
    let env = Env::new();
    let id = env.filed("2026-11-02");
    let a = pdf("booking log, page 1");
    let b = b"Records officer's cover letter\n".to_vec();
    let pa = write(&env.path().join("in/booking-log.pdf"), &a);
    let pb = write(&env.path().join("in/cover letter.txt"), &b);
    let pa2 = write(&env.path().join("in/copy of booking log.pdf"), &a);

    let out = env.ok(&["attach", &id, pa.to_str().unwrap(), pb.to_str().unwrap()]);
    assert!(out.contains(": booking-log.pdf"), "{out}");
    assert!(out.contains(": cover letter.txt"), "{out}");
    // The same bytes again, under another name and on another request: one stored file.
    let second = env.filed("2026-11-03");
    env.ok(&["attach", &id, pa2.to_str().unwrap()]);
    env.ok(&["attach", &second, pa.to_str().unwrap()]);
    // The letters kept at filing are documents too; the attachments are two more.
    assert_eq!(
        sql_i64(
            &env,
            "SELECT count(*) FROM documents WHERE id NOT IN \
             (SELECT document_id FROM request_documents WHERE role = 'sent')"
        ),
        2
    );
    assert_eq!(
        sql_i64(
            &env,
            "SELECT count(*) FROM request_documents WHERE role IS NOT 'sent'"
        ),
        4
    );
    let sent: BTreeSet<PathBuf> = sql_strings(
        &env,
        "SELECT d.stored_path FROM documents d JOIN request_documents rd \
         ON rd.document_id = d.id WHERE rd.role = 'sent'",
    )
    .into_iter()
    .map(PathBuf::from)
    .collect();
    let stored: BTreeSet<PathBuf> = files_under(&docs_dir(&env))
        .into_iter()
        .filter(|p| !sent.contains(p))
        .collect();
    let expected: BTreeSet<PathBuf> = [&a, &b]
        .iter()
        .map(|d| {
            let h = sha256_hex(d);
            PathBuf::from(&h[..2]).join(&h)
        })
        .collect();
    assert_eq!(stored, expected);

    let docs = documents(&env, &id);
    assert_eq!(
        docs.keys().collect::<Vec<_>>(),
        [
            "booking-log.pdf",
            "copy of booking log.pdf",
            "cover letter.txt",
            "letter sent 2026-11-02.txt"
        ]
    );
    assert_eq!(
        docs["booking-log.pdf"],
        (
            sha256_hex(&a),
            a.len() as i64,
            "application/pdf".to_string()
        )
    );
    assert_eq!(docs["booking-log.pdf"].0, docs["copy of booking log.pdf"].0);
    // `show` lists them for a reader too.
    let text = env.ok(&["show", &id]);
    assert!(text.contains("Documents:"), "{text}");
    assert!(text.contains("booking-log.pdf"), "{text}");
    assert!(text.contains("cover letter.txt"), "{text}");
    assert_opens(&env, &doc_id(&env, &id, "booking-log.pdf"), &a);
    assert_opens(&env, &doc_id(&env, &second, "booking-log.pdf"), &a);

    // `log --file` keeps the agency's letter with the event it came with.
    let letter = b"We will produce the records by 2026-12-15.\n".to_vec();
    let pl = write(&env.path().join("in/extension letter.txt"), &letter);
    env.ok(&[
        "log",
        &second,
        "extend",
        "--until",
        "2026-12-15",
        "--file",
        pl.to_str().unwrap(),
    ]);
    let shown = show(&env, &second);
    let extend_event = shown["events"].as_array().unwrap().last().unwrap()["id"].clone();
    let doc = shown["documents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["name"] == "extension letter.txt")
        .expect("the letter is listed")
        .clone();
    assert_eq!(doc["event"], extend_event);
    assert_opens(&env, &doc["id"].to_string(), &letter);

    // A missing file is refused and nothing is written.
    let before = env.dump();
    let e = env
        .run(&["attach", &id, pb.to_str().unwrap(), "in/missing.pdf"])
        .error()
        .to_string();
    assert!(e.contains("missing.pdf"), "{e}");
    assert_eq!(env.dump(), before);
    let e = env.run(&["open", "99"]).error().to_string();
    assert!(e.contains("no document 99"), "{e}");
}

// ---- ingest: agency replies ------------------------------------------------------------------

/// The number of the unmatched message on the line about `origin` in `ingest`'s output.
fn unmatched_number(out: &str, origin: &str) -> String {
    let line = out
        .lines()
        .find(|l| l.contains(origin) && l.contains("not matched"))
        .unwrap_or_else(|| panic!("{origin} is not listed as unmatched: {out}"));
    let rest = &line[line.find("kept as msg ").expect("message number") + 12..];
    rest[..rest.find(':').unwrap()].to_string()
}

#[test]
fn ingest_files_replies_by_tag_tracking_number_and_sender() {
    let env = Env::new();
    let wake = office(
        &env,
        "Wake County Sheriff's Office",
        "NC",
        "records@wakeso.example",
    );
    let gaston = office(
        &env,
        "Gaston County Sheriff's Office",
        "NC",
        "pra@gastonso.example",
    );
    let onslow = office(
        &env,
        "Onslow County Sheriff's Office",
        "NC",
        "Records Desk <records@onslowso.example>; clerk@onslowso.example",
    );
    let bergen = office(
        &env,
        "Bergen County Sheriff's Office",
        "NJ",
        "opra@bergen.example",
    );
    let r_wake = filed_to(&env, &wake, "2026-11-02");
    let r_gaston = filed_to(&env, &gaston, "2026-11-02");
    env.ok(&[
        "log",
        &r_gaston,
        "ack",
        "--on",
        "2026-11-04",
        "--tracking",
        "PRR-2026-0412",
    ]);
    let r_onslow = filed_to(&env, &onslow, "2026-11-02");
    let r_bergen = filed_to(&env, &bergen, "2026-11-05");

    let logs = pdf("jail booking logs 2025");
    let invoice = pdf("invoice 45.50");
    let replies = env.path().join("replies");
    // The tag docket puts in subjects wins, whoever forwards the reply.
    write(
        &replies.join("a-tagged.eml"),
        Mail {
            id: "r1@wakeso.example",
            from: "it-helpdesk@county.example",
            subject: &format!("RE: Public records request [docket #{r_wake}]"),
            date: "Wed, 18 Nov 2026 09:30:00 -0500",
            body: "Please find the responsive records attached.",
            files: vec![("booking-logs.pdf", logs.clone())],
        }
        .eml(),
    );
    // The agency's own number, from a portal that writes from its own address.
    write(
        &replies.join("b-tracking.eml"),
        Mail {
            id: "r2@portal.example",
            from: "noreply@portal.example",
            subject: "Update on PRR-2026-0412",
            date: "Thu, 19 Nov 2026 14:00:00 -0500",
            body: "An invoice for your request is attached.",
            files: vec![("invoice.pdf", invoice.clone())],
        }
        .eml(),
    );
    // Only the sender: one of the addresses on Onslow's record, and Onslow has one open
    // request. The message gives the agency's number, which docket records.
    write(
        &replies.join("c-sender.eml"),
        Mail {
            id: "r3@onslowso.example",
            from: "Clerk@OnslowSO.example",
            subject: "Your public records request",
            date: "Tue, 17 Nov 2026 08:00:00 -0500",
            body: "Your request has been received. Reference No. R-2026-118.",
            files: vec![],
        }
        .eml(),
    );
    // Nobody we know.
    write(
        &replies.join("d-unknown.eml"),
        Mail {
            id: "r4@elsewhere.example",
            from: "someone@elsewhere.example",
            subject: "Question about your letter",
            date: "Thu, 19 Nov 2026 16:00:00 -0500",
            body: "Which office did you mean to write to?",
            files: vec![],
        }
        .eml(),
    );
    // A dry run says what would happen and leaves the database and the folder untouched.
    let before = env.dump();
    let docs_before = files_under(&docs_dir(&env));
    let dry = env.ok(&["ingest", "--dry-run", replies.to_str().unwrap()]);
    assert!(dry.contains("(matched by tag; 1 attachment(s);"), "{dry}");
    assert!(
        dry.contains("4 message(s): 3 filed, 1 unmatched, 0 already ingested, 0 unreadable"),
        "{dry}"
    );
    assert!(dry.contains("dry run: nothing was written"), "{dry}");
    assert_eq!(env.dump(), before);
    assert_eq!(
        files_under(&docs_dir(&env)),
        docs_before,
        "a dry run stored documents"
    );

    let out = env.ok(&["ingest", replies.to_str().unwrap()]);
    let line = |name: &str| -> &str {
        out.lines()
            .find(|l| l.contains(name))
            .unwrap_or_else(|| panic!("{name} not reported: {out}"))
    };
    assert!(
        line("a-tagged.eml").contains(&format!(
            "filed on request {r_wake} (matched by tag; 1 attachment(s); no reference number in their words, none recorded)"
        )),
        "{out}"
    );
    assert!(
        line("b-tracking.eml").contains(&format!(
            "filed on request {r_gaston} (matched by tracking-number; 1 attachment(s))"
        )),
        "{out}"
    );
    assert!(
        line("c-sender.eml").contains(&format!(
            "filed on request {r_onslow} (matched by sender; 0 attachment(s); their reference R-2026-118 recorded)"
        )),
        "{out}"
    );
    assert!(
        line("d-unknown.eml").contains("sender someone@elsewhere.example belongs to no agency"),
        "{out}"
    );
    assert!(
        out.contains("4 message(s): 3 filed, 1 unmatched, 0 already ingested, 0 unreadable"),
        "{out}"
    );

    // Each reply is a `reply` event dated from the message, and the request waits for review.
    let shown = show(&env, &r_wake);
    let reply = shown["events"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(reply["kind"], "reply");
    assert_eq!(reply["on"], "2026-11-18");
    assert!(
        shown["flags"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f == "needs-review"),
        "{shown}"
    );
    let docs = documents(&env, &r_wake);
    assert_eq!(
        docs["booking-logs.pdf"],
        (
            sha256_hex(&logs),
            logs.len() as i64,
            "application/pdf".to_string()
        )
    );
    assert!(docs.contains_key("message body.txt"), "{docs:?}");
    assert!(
        docs.keys().any(|k| k.ends_with(".eml")),
        "the message itself is kept: {docs:?}"
    );
    assert_opens(&env, &doc_id(&env, &r_wake, "booking-logs.pdf"), &logs);
    assert_eq!(
        documents(&env, &r_gaston)["invoice.pdf"].0,
        sha256_hex(&invoice)
    );
    assert_eq!(show(&env, &r_onslow)["tracking_number"], "R-2026-118");
    assert_eq!(show(&env, &r_gaston)["tracking_number"], "PRR-2026-0412");
    let text = env.ok(&["show", &r_wake]);
    assert!(text.contains("booking-logs.pdf"), "{text}");
    let list = env.ok(&["list"]);
    assert!(list.contains("3 needs-review"), "{list}");

    // The unmatched message waits, with its number, until it is assigned by hand.
    let msg = unmatched_number(&out, "d-unknown.eml");
    assert_eq!(event_kinds(&env, &r_bergen), ["filed"]);
    let assigned = env.ok(&["ingest", "--assign", &msg, &r_bergen]);
    assert!(
        assigned.contains(&format!("message {msg} filed on request {r_bergen}")),
        "{assigned}"
    );
    assert_eq!(event_kinds(&env, &r_bergen), ["filed", "reply"]);
    assert!(
        has_flag(&env, &r_bergen, "needs-review"),
        "request {}",
        &r_bergen
    );
    let e = env
        .run(&["ingest", "--assign", &msg, &r_wake])
        .error()
        .to_string();
    assert!(e.contains("already"), "{e}");

    // The same messages again (same Message-IDs): skipped, nothing changes.
    let before = env.dump();
    let again = env.ok(&["ingest", replies.to_str().unwrap()]);
    assert_eq!(
        again.matches("already ingested, skipped").count(),
        4,
        "{again}"
    );
    assert!(
        again.contains("0 filed, 0 unmatched, 4 already ingested"),
        "{again}"
    );
    assert_eq!(env.dump(), before);

    // Logging what the agency said clears the review; so does a note when it said nothing to
    // classify.
    env.ok(&["log", &r_wake, "partial", "--on", "2026-11-18"]);
    assert!(!has_flag(&env, &r_wake, "needs-review"));
    env.ok(&["log", &r_bergen, "note", "--note", "they are still looking"]);
    assert!(!has_flag(&env, &r_bergen, "needs-review"));
    env.ok(&[
        "log",
        &r_gaston,
        "fee",
        "--amount",
        "45.50",
        "--on",
        "2026-11-19",
    ]);
    assert!(!has_flag(&env, &r_gaston, "needs-review"));
    let list = env.ok(&["list"]);
    assert!(list.contains("1 needs-review"), "{list}");
}

#[test]
fn ingest_reads_an_mbox_and_a_maildir() {
    let env = Env::new();
    let mut ids = Vec::new();
    for (name, email) in [
        (
            "Alamance County Sheriff's Office",
            "records@alamance.example",
        ),
        (
            "Cabarrus County Sheriff's Office",
            "records@cabarrus.example",
        ),
        ("Catawba County Sheriff's Office", "records@catawba.example"),
        ("Nash County Sheriff's Office", "records@nash.example"),
        ("Union County Sheriff's Office", "records@union.example"),
    ] {
        let slug = office(&env, name, "NC", email);
        ids.push(filed_to(&env, &slug, "2026-11-02"));
    }
    // An mbox of three replies, tagged; one body has lines starting with "From ".
    let files: Vec<Vec<u8>> = (0..3).map(|i| pdf(&format!("mbox record {i}"))).collect();
    let mut mbox = String::new();
    for (i, id) in ids[..3].iter().enumerate() {
        mbox.push_str(
            &Mail {
                id: &format!("mbox-{i}@county.example"),
                from: "records@county.example",
                subject: &format!("RE: 287(g) records [docket #{id}]"),
                date: "Wed, 18 Nov 2026 09:30:00 -0500",
                body: "From the records unit:\nFrom now on, write to this address.",
                files: vec![(&format!("records-{i}.pdf"), files[i].clone())],
            }
            .mbox_entry(),
        );
    }
    let mbox_path = write(&env.path().join("exported.mbox"), &mbox);
    let out = env.ok(&["ingest", mbox_path.to_str().unwrap()]);
    assert!(out.contains("3 message(s): 3 filed"), "{out}");
    for (i, id) in ids[..3].iter().enumerate() {
        let docs = documents(&env, id);
        assert_eq!(docs[&format!("records-{i}.pdf")].0, sha256_hex(&files[i]));
        let body = doc_id(&env, id, "message body.txt");
        let path = env.ok(&["open", &body]);
        let text = std::fs::read_to_string(path.trim()).unwrap();
        // The mbox escaping (">From ") is undone.
        assert!(text.contains("From the records unit:"), "{text:?}");
        assert!(text.contains("\nFrom now on"), "{text:?}");
        assert!(has_flag(&env, id, "needs-review"), "request {}", id);
    }

    // A maildir: one message read (cur/), one new (new/), matched by sender.
    let maildir = env.path().join("Maildir");
    std::fs::create_dir_all(maildir.join("tmp")).unwrap();
    for (sub, i, email) in [
        ("cur", 3, "records@nash.example"),
        ("new", 4, "records@union.example"),
    ] {
        write(
            &maildir
                .join(sub)
                .join(format!("1763470000.M{i}P1.host:2,S")),
            Mail {
                id: &format!("maildir-{i}@county.example"),
                from: email,
                subject: "Your records request",
                date: "Thu, 19 Nov 2026 10:00:00 -0500",
                body: "We are working on it.",
                files: vec![],
            }
            .eml(),
        );
    }
    let out = env.ok(&["ingest", maildir.to_str().unwrap()]);
    assert!(out.contains("2 message(s): 2 filed"), "{out}");
    assert!(
        out.contains(&format!("filed on request {} (matched by sender", ids[3])),
        "{out}"
    );
    assert!(
        out.contains(&format!("filed on request {} (matched by sender", ids[4])),
        "{out}"
    );
    for id in &ids {
        assert_eq!(event_kinds(&env, id), ["filed", "reply"], "request {id}");
    }
}

#[test]
fn attachment_names_never_choose_a_path() {
    let env = Env::new();
    let slug = office(
        &env,
        "Wake County Sheriff's Office",
        "NC",
        "records@wakeso.example",
    );
    let id = filed_to(&env, &slug, "2026-11-02");
    let escaped = env.path().join("escaped.pdf");
    let hostile = [
        "../../etc/passwd".to_string(),
        "..\\..\\windows\\evil.pdf".to_string(),
        escaped.display().to_string(),
        "../docket.sqlite3".to_string(),
    ];
    let contents: Vec<Vec<u8>> = (0..hostile.len())
        .map(|i| pdf(&format!("hostile {i}")))
        .collect();
    let mail = Mail {
        id: "hostile@wakeso.example",
        from: "records@wakeso.example",
        subject: &format!("Records [docket #{id}]"),
        date: "Wed, 18 Nov 2026 09:30:00 -0500",
        body: "See attached.",
        files: hostile
            .iter()
            .map(String::as_str)
            .zip(contents.iter().cloned())
            .collect(),
    };
    let eml = write(&env.path().join("in/hostile.eml"), mail.eml());
    let db_before = std::fs::read(env.db()).unwrap();
    let out = env.ok(&["ingest", eml.to_str().unwrap()]);
    assert!(out.contains("4 attachment(s)"), "{out}");

    // Nothing was written where the names point.
    assert!(!env.path().join("etc").exists());
    assert!(!env.path().join("windows").exists());
    assert!(!escaped.exists());
    assert_ne!(std::fs::read(env.db()).unwrap(), db_before);
    assert!(
        dump(&env.db()).contains("== documents"),
        "the database is still a docket database"
    );
    // Every stored file is inside the documents folder, named by its hash.
    let stored = files_under(&docs_dir(&env));
    for c in &contents {
        let h = sha256_hex(c);
        assert!(
            stored.contains(&PathBuf::from(&h[..2]).join(&h)),
            "{stored:?}"
        );
    }
    for p in &stored {
        let name = p.file_name().unwrap().to_str().unwrap();
        assert_eq!(name.len(), 64, "{p:?} is not named by a hash");
        assert!(name.bytes().all(|b| b.is_ascii_hexdigit()), "{p:?}");
    }
    // The names are kept as labels, without any path.
    let docs = documents(&env, &id);
    for name in docs.keys() {
        assert!(
            !name.contains('/') && !name.contains('\\') && !name.starts_with('.'),
            "{name}"
        );
    }
    assert!(docs.contains_key("passwd"), "{docs:?}");
    for (name, c) in docs
        .iter()
        .filter(|(n, _)| n.ends_with(".pdf") || *n == "passwd")
    {
        let doc = doc_id(&env, &id, name);
        let bytes = contents
            .iter()
            .find(|x| sha256_hex(x) == c.0)
            .expect("a stored attachment");
        assert_opens(&env, &doc, bytes);
    }
}

// ---- the whole story -------------------------------------------------------------------------

#[test]
fn a_new_user_imports_the_ice_list_drafts_to_nc_and_files_the_replies() {
    let Some(xlsx) = data(ICE_XLSX) else { return };
    let env = Env::new();
    env.ok(&["config", "set", "name", "Ana Reyes"]);
    env.ok(&["config", "set", "email", "ana@ledger.example"]);
    env.ok(&["agency", "import", &xlsx]);
    // The list has no e-mail addresses: the newsroom's own contact sheet adds them.
    let contacts = write(
        &env.path().join("nc-contacts.csv"),
        "Agency,State,Records email\n\
         Alamance County Sheriff's Office,NC,records@alamance-so.example\n\
         Gaston County Sheriff's Office,NC,pra@gaston-so.example\n\
         Union County Sheriff's Office,NC,records@union-so.example\n",
    );
    let out = env.ok(&[
        "agency",
        "import",
        contacts.to_str().unwrap(),
        "--map",
        "email=Records email",
    ]);
    assert!(
        out.contains("agencies: 0 added, 3 updated, 0 unchanged"),
        "{out}"
    );

    let out = env.ok(&[
        "draft",
        "--state",
        "NC",
        "--program",
        "287g",
        "--template",
        "287g-agreement",
        "--set",
        "name=Ana Reyes",
        "--batch",
        "nc-287g",
    ]);
    // Every North Carolina agency on ICE's list: 22.
    assert!(out.contains("drafted 22 requests"), "{out}");
    env.ok(&[
        "file",
        "--batch",
        "nc-287g",
        "--on",
        "2026-11-02",
        "--via",
        "email",
    ]);
    let list = env
        .run(&["list", "--batch", "nc-287g", "--format", "json"])
        .json();
    let rows = list.as_array().unwrap();
    assert_eq!(rows.len(), 22);
    assert!(rows.iter().all(|r| r["status"] == "filed"));
    let request_of = |slug: &str| -> String {
        rows.iter()
            .find(|r| r["agency"] == slug)
            .unwrap_or_else(|| panic!("no request to {slug}"))["id"]
            .to_string()
    };
    let (alamance, gaston, union, nash, onslow) = (
        request_of("alamance-so-nc"),
        request_of("gaston-so-nc"),
        request_of("union-so-nc"),
        request_of("nash-so-nc"),
        request_of("onslow-so-nc"),
    );
    let letter = env.ok(&["letter", &gaston]);
    assert!(letter.contains("287(g)"), "{letter}");

    // Weeks later, a folder of replies: .eml files saved from the mail client and an mbox
    // exported from a shared inbox.
    let replies = env.path().join("replies");
    let moa = pdf("Alamance 287(g) MOA");
    let fee = pdf("Gaston fee estimate");
    let sop = pdf("Nash standard operating procedure");
    write(
        &replies.join("alamance.eml"),
        Mail {
            id: "a1@alamance-so.example",
            from: "records@alamance-so.example",
            subject: "RE: Public records request: 287(g) agreement records",
            date: "Mon, 16 Nov 2026 11:00:00 -0500",
            body: "The agreement is attached.",
            files: vec![("Alamance MOA signed.pdf", moa.clone())],
        }
        .eml(),
    );
    write(
        &replies.join("gaston.eml"),
        Mail {
            id: "g1@gaston-so.example",
            from: "pra@gaston-so.example",
            subject: &format!("Fee estimate [docket #{gaston}]"),
            date: "Tue, 17 Nov 2026 09:00:00 -0500",
            body: "Reference No. G-2026-0091. Estimate attached.",
            files: vec![("estimate.pdf", fee.clone())],
        }
        .eml(),
    );
    let mut mbox = Mail {
        id: "n1@nash.example",
        from: "sheriff@nash.example",
        subject: &format!("RE: 287(g) agreement records [docket #{nash}]"),
        date: "Wed, 18 Nov 2026 15:00:00 -0500",
        body: "Our SOP is attached.",
        files: vec![("SOP.pdf", sop.clone())],
    }
    .mbox_entry();
    mbox.push_str(
        &Mail {
            id: "u1@union-so.example",
            from: "records@union-so.example",
            subject: "Received",
            date: "Thu, 19 Nov 2026 10:00:00 -0500",
            body: "We received your request.",
            files: vec![],
        }
        .mbox_entry(),
    );
    write(&replies.join("shared-inbox.mbox"), mbox);
    let out = env.ok(&["ingest", replies.to_str().unwrap()]);
    assert!(
        out.contains("4 message(s): 4 filed, 0 unmatched, 0 already ingested, 0 unreadable"),
        "{out}"
    );

    // Each reply landed on its request, with its attachment.
    assert_eq!(
        documents(&env, &alamance)["Alamance MOA signed.pdf"].0,
        sha256_hex(&moa)
    );
    assert_eq!(documents(&env, &gaston)["estimate.pdf"].0, sha256_hex(&fee));
    assert_eq!(documents(&env, &nash)["SOP.pdf"].0, sha256_hex(&sop));
    assert_eq!(show(&env, &gaston)["tracking_number"], "G-2026-0091");
    for id in [&alamance, &gaston, &nash, &union] {
        assert_eq!(event_kinds(&env, id), ["filed", "reply"], "request {id}");
        assert!(has_flag(&env, id, "needs-review"), "request {}", id);
    }
    // The others heard nothing: North Carolina sets no deadline, and docket's follow-up target
    // (10 business days after 2026-11-02, skipping Veterans Day) has passed.
    assert_eq!(event_kinds(&env, &onslow), ["filed"]);
    assert_eq!(flags(&env, &onslow), ["follow-up"]);
    assert_eq!(show(&env, &onslow)["due_on"], "2026-11-17");
    // A reply does not take a request off the overdue list: the four that answered are still
    // past their follow-up target, and have a reply to read besides.
    let overdue = env.ok(&["overdue"]);
    assert!(
        overdue.contains("22 requests: 22 follow-up (follow-up:"),
        "{overdue}"
    );
    assert!(
        overdue.contains("also: 4 have a reply to read: `docket review`"),
        "{overdue}"
    );
}
