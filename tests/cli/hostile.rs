//! The second round of hostile input: what a careless or malicious input did to the record, to
//! the files around it, and to the terminal. Each test runs the binary the way the attack did.

use std::path::Path;

use serde_json::Value;

use crate::common::{BUILTIN_AGENCIES, Env, to_run};

fn env_with_filed() -> (Env, String) {
    let env = Env::new();
    env.ok(&["config", "set", "name", "Ana Reyes"]);
    env.ok(&["config", "set", "email", "ana@ledger.example"]);
    let slug = env
        .ok(&[
            "agency",
            "add",
            "--name",
            "Bergen County Sheriff's Office",
            "--state",
            "NJ",
            "--email",
            "opra@bergen.example",
        ])
        .trim()
        .to_string();
    let id = env
        .ok(&["draft", "--agency", &slug, "--template", "287g-agreement"])
        .trim()
        .to_string();
    env.ok(&["file", &id, "--via", "email", "--on", "2026-11-02"]);
    (env, id)
}

fn count(env: &Env, sql: &str) -> i64 {
    rusqlite::Connection::open(env.db())
        .unwrap()
        .query_row(sql, [], |r| r.get(0))
        .unwrap()
}

/// High 1: voiding the filing never makes a request deletable; it keeps its history. A draft
/// with notes or documents is discarded only with --force, which says what goes.
#[test]
fn a_filed_request_is_never_erased_even_after_its_filing_is_voided() {
    let (env, id) = env_with_filed();
    let file = env.path().join("receipt.pdf");
    std::fs::write(&file, b"%PDF-1.4 receipt").unwrap();
    env.ok(&["attach", &id, file.to_str().unwrap()]);
    env.ok(&["log", &id, "note", "--note", "called the clerk"]);
    let filing = env.run(&["show", &id, "--format", "json"]).json()["events"][0]["id"].clone();
    env.ok(&["log", &id, "void", "--event", &filing.to_string()]);
    let v = env.run(&["show", &id, "--format", "json"]).json();
    assert_eq!(v["status"], "draft");

    let before = env.dump();
    for args in [&["discard", &id][..], &["discard", &id, "--force"]] {
        let e = env.run(args).error().to_string();
        assert!(
            e.contains("was filed on 2026-11-02 (the filing was voided since)")
                && e.contains("kept with its history"),
            "{e}"
        );
        assert_eq!(env.dump(), before, "{args:?} changed the database");
    }
    // Not even SQL can delete it: the schema's triggers refuse.
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    let deleted = conn.execute("DELETE FROM events WHERE kind = 'filed'", []);
    assert!(deleted.is_err(), "a filing event was deleted");
    let deleted = conn.execute(&format!("DELETE FROM requests WHERE id = {id}"), []);
    assert!(deleted.is_err(), "a request once filed was deleted");
    drop(conn);
    assert_eq!(count(&env, "SELECT count(*) FROM events"), 4);

    // A draft that holds notes: --force, and the message says what goes.
    let draft = env
        .ok(&["draft", "--agency", "bergen-so-nj", "--set", "records=x"])
        .trim()
        .to_string();
    env.ok(&["log", &draft, "note", "--note", "ask for 2024 too"]);
    let e = env.run(&["discard", &draft]).error().to_string();
    assert!(
        e.contains(&format!("draft {draft} holds 1 logged event(s)")) && e.contains("--force"),
        "{e}"
    );
    env.ok(&["discard", &draft, "--force"]);
    assert_eq!(
        count(
            &env,
            &format!("SELECT count(*) FROM requests WHERE id = {draft}")
        ),
        0
    );
    // A bare draft goes as before.
    let bare = env
        .ok(&["draft", "--agency", "bergen-so-nj", "--set", "records=y"])
        .trim()
        .to_string();
    env.ok(&["discard", &bare]);
}

/// High 2: a batch of letters never replaces letters already written; with --force it does.
#[test]
fn letters_into_a_folder_never_replace_what_is_there_unasked() {
    let (env, id) = env_with_filed();
    let dir = env.path().join("letters");
    std::fs::create_dir(&dir).unwrap();
    let existing = dir.join(format!(
        "{:05}-bergen-so-nj-followup.txt",
        id.parse::<i64>().unwrap()
    ));
    std::fs::write(&existing, b"my edited follow-up").unwrap();
    env.ok(&[
        "draft",
        "--agency",
        "bergen-so-nj",
        "--set",
        "records=x",
        "--batch",
        "b",
    ]);
    let _ = env.ok(&[
        "letter",
        &id,
        "--kind",
        "followup",
        "--out",
        dir.join("other.txt").to_str().unwrap(),
    ]);
    let r = env.run(&[
        "letter",
        &id,
        "--kind",
        "followup",
        "--out",
        existing.to_str().unwrap(),
    ]);
    assert!(r.error().contains("exists: add --force"), "{r:?}");
    assert_eq!(std::fs::read(&existing).unwrap(), b"my edited follow-up");
    env.ok(&[
        "letter",
        &id,
        "--kind",
        "followup",
        "--out",
        existing.to_str().unwrap(),
        "--force",
    ]);
    assert_ne!(std::fs::read(&existing).unwrap(), b"my edited follow-up");

    // A batch into a folder where one of its files exists writes none of them.
    let out = env.path().join("batch");
    std::fs::create_dir(&out).unwrap();
    env.ok(&["letter", "--batch", "b", "--out", out.to_str().unwrap()]);
    let written: Vec<_> = std::fs::read_dir(&out).unwrap().collect();
    assert_eq!(written.len(), 1);
    let r = env.run(&["letter", "--batch", "b", "--out", out.to_str().unwrap()]);
    let e = r.error();
    assert!(
        e.contains("cannot be written, so none was") && e.contains("--force"),
        "{e}"
    );
    env.ok(&[
        "letter",
        "--batch",
        "b",
        "--out",
        out.to_str().unwrap(),
        "--force",
    ]);
}

/// Medium 3: exports write through a temporary file of their own. Two exports at once to
/// s.csv and s.html each get their own content; a link planted where the old temporary file
/// went is not followed; an export takes the database's owner-only mode; nothing is left.
#[test]
fn exports_never_share_a_temporary_file_nor_follow_a_planted_link() {
    let (env, _) = env_with_filed();
    #[cfg(unix)]
    {
        let victim = env.path().join("victim.txt");
        std::fs::write(&victim, b"keep me").unwrap();
        std::os::unix::fs::symlink(&victim, env.path().join("s.docket-partial")).unwrap();
    }
    for round in 0..5 {
        let spawn = |format: &str, name: &str| {
            env.cmd()
                .args(["export", "--format", format, "--force", "--out", name])
                .stdout(std::process::Stdio::null())
                .spawn()
                .unwrap()
        };
        let a = spawn("csv", "s.csv");
        let b = spawn("html", "s.html");
        for mut child in [a, b] {
            assert!(child.wait().unwrap().success(), "round {round}");
        }
        let csv = std::fs::read_to_string(env.path().join("s.csv")).unwrap();
        let html = std::fs::read_to_string(env.path().join("s.html")).unwrap();
        assert!(csv.starts_with("id,uid,"), "round {round}: {csv:.80}");
        assert!(
            html.starts_with("<!DOCTYPE html>"),
            "round {round}: {html:.80}"
        );
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::read(env.path().join("victim.txt")).unwrap(),
            b"keep me"
        );
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&env.db()), 0o600);
        assert_eq!(mode(&env.path().join("s.csv")), 0o600);
    }
    let left: Vec<String> = std::fs::read_dir(env.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("docket-partial") && n != "s.docket-partial")
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

/// Medium 4: a reply whose subject and body carry terminal escapes (window title, clear
/// screen, OSC 52 clipboard write), in encoded words as mail carries them, never reaches the
/// terminal raw: not from ingest, show, review or list, with colour on or off.
#[test]
fn terminal_escapes_from_mail_are_shown_never_sent() {
    let (env, id) = env_with_filed();
    let mail = format!(
        "From: =?utf-8?q?Records_=1B]0;pwned=07?= <opra@bergen.example>\r\n\
         To: ana@ledger.example\r\n\
         Subject: =?utf-8?q?Re=3A_=1B]0;pwned=07_=1B[2J=1B[H?= [docket #{id}]\r\n\
         Date: Wed, 25 Nov 2026 09:13:00 -0500\r\n\
         Message-ID: <esc@bergen.example>\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\
         Content-Transfer-Encoding: quoted-printable\r\n\
         \r\n\
         Your records.=1B]52;c;ZXZpbA=3D=3D=07 =C2=9B2J\r\n"
    );
    let path = env.path().join("esc.eml");
    std::fs::write(&path, mail).unwrap();
    let mut outputs = vec![env.run(&["ingest", path.to_str().unwrap()])];
    for args in [
        &["show", id.as_str()][..],
        &["review"],
        &["list"],
        &["overdue"],
        &["export", "--format", "csv"],
        &["export", "--format", "markdown"],
    ] {
        outputs.push(env.run(args));
        let mut coloured = args.to_vec();
        coloured.extend(["--color", "always"]);
        if args[0] != "export" {
            outputs.push(env.run(&coloured));
        }
    }
    for r in &outputs {
        assert_eq!(r.code, 0, "{r:?}");
        for (i, w) in r.stdout.as_bytes().windows(2).enumerate() {
            if w[0] == 0x1b {
                // Only docket's own colours: ESC [ ... m with digits and semicolons.
                let rest = &r.stdout.as_bytes()[i + 1..];
                let end = rest.iter().position(|&b| b == b'm').unwrap();
                assert!(
                    rest[0] == b'['
                        && rest[1..end]
                            .iter()
                            .all(|b| b.is_ascii_digit() || *b == b';'),
                    "a raw escape reached the terminal: {:?}",
                    String::from_utf8_lossy(&rest[..end.min(20)])
                );
            }
        }
        assert!(
            !r.stdout.contains('\u{7}') && !r.stdout.contains('\u{9b}'),
            "{r:?}"
        );
        assert!(!r.stdout.contains("\u{1b}]"), "{r:?}");
    }
    let shown = env.ok(&["show", &id]);
    assert!(shown.contains("\\x1b]0;pwned\\x07"), "{shown}");
}

/// Low 10 and 15: the environment. A busy timeout that is no number of milliseconds is
/// refused (no panic); an empty DOCKET_TODAY means "not set".
#[test]
fn environment_values_are_checked_not_ignored() {
    let (env, _) = env_with_filed();
    for value in ["2147483648", "-5", "abc", "99999999999999999999"] {
        let r = to_run(
            env.cmd()
                .env("DOCKET_BUSY_TIMEOUT_MS", value)
                .arg("list")
                .output()
                .unwrap(),
        );
        let e = r.error();
        assert!(
            e.contains(&format!("DOCKET_BUSY_TIMEOUT_MS is '{value}'"))
                && e.contains("milliseconds"),
            "{e}"
        );
    }
    let r = to_run(
        env.cmd()
            .env("DOCKET_BUSY_TIMEOUT_MS", "250")
            .arg("list")
            .output()
            .unwrap(),
    );
    r.ok();
    let r = to_run(
        env.cmd()
            .env("DOCKET_TODAY", "")
            .arg("list")
            .output()
            .unwrap(),
    );
    r.ok();
}

/// Medium 8: imports keep `agency add`'s limits: a 10,000,000-character name is a row
/// problem, the other rows are imported, and listings stay quick.
#[test]
fn imports_keep_the_limits_of_agency_add() {
    let env = Env::new();
    let csv = env.path().join("huge.csv");
    let mut text = String::from("name,state,notes\n");
    text.push_str(&format!("{},NC,\n", "A".repeat(10_000_000)));
    text.push_str("Wake County Sheriff's Office,NC,\n");
    text.push_str(&format!(
        "Durham County Sheriff's Office,NC,{}\n",
        "n".repeat(10_001)
    ));
    std::fs::write(&csv, text).unwrap();
    let out = env.ok(&["agency", "import", csv.to_str().unwrap()]);
    assert!(out.contains("agencies: 1 added"), "{:.400}", out);
    assert!(
        out.contains("row 2: the name is longer than 200 characters; row not imported"),
        "{:.400}",
        out
    );
    assert!(
        out.contains("row 4: notes is longer than 10000 characters; row not imported"),
        "{:.400}",
        out
    );
    let list: Value = env.run(&["agency", "list", "--format", "json"]).json();
    // The one imported row, beside the built-in federal offices.
    assert_eq!(list.as_array().unwrap().len(), 1 + BUILTIN_AGENCIES);
}

/// A reply as a clerk writes it, with a PDF, as an mbox writer (mboxo) stores it: a paragraph
/// that starts "From 2019 to 2024" after a blank line, unescaped.
fn mbox_reply(id: &str, with_pdf: bool) -> String {
    let mut m = format!(
        "From opra@bergen.example Wed Nov 25 09:13:00 2026\n\
         From: OPRA <opra@bergen.example>\n\
         To: ana@ledger.example\n\
         Subject: RE: Public records request [docket #{id}]\n\
         Date: Wed, 25 Nov 2026 09:13:00 -0500\n\
         Message-ID: <detainers-1@bergen.example>\n\
         MIME-Version: 1.0\n\
         Content-Type: multipart/mixed; boundary=\"b\"\n\
         \n\
         --b\n\
         Content-Type: text/plain\n\
         \n\
         Ms. Reyes,\n\
         \n\
         From 2019 to 2024 we received 12 detainer requests.\n\
         The log is attached.\n\
         \n"
    );
    if with_pdf {
        m.push_str(
            "--b\n\
             Content-Type: application/pdf; name=\"detainers.pdf\"\n\
             Content-Disposition: attachment; filename=\"detainers.pdf\"\n\
             Content-Transfer-Encoding: base64\n\
             \n\
             JVBERi0xLjQgZGV0YWluZXIgbG9n\n\
             --b--\n",
        );
    } else {
        m.push_str("--b--\n");
    }
    m
}

/// Medium 5: "From " at the start of a paragraph does not cut an mbox message (the PDF after
/// it is kept); a message first read without its attachment is completed by a later, whole
/// copy instead of being skipped as already ingested.
#[test]
fn an_mbox_paragraph_starting_from_keeps_its_message_whole() {
    let (env, id) = env_with_filed();
    let mbox = env.path().join("replies.mbox");
    std::fs::write(&mbox, mbox_reply(&id, true)).unwrap();
    let out = env.ok(&["ingest", mbox.to_str().unwrap()]);
    assert!(out.contains("1 message(s): 1 filed"), "{out}");
    assert!(out.contains("1 attachment(s)"), "{out}");
    let docs = env.run(&["show", &id, "--format", "json"]).json()["documents"].clone();
    assert!(
        docs.as_array()
            .unwrap()
            .iter()
            .any(|d| d["name"] == "detainers.pdf"),
        "{docs}"
    );

    // The same reply, first read cut short (no PDF), then whole.
    let (env, id) = env_with_filed();
    let cut = env.path().join("cut.mbox");
    std::fs::write(&cut, mbox_reply(&id, false)).unwrap();
    env.ok(&["ingest", cut.to_str().unwrap()]);
    let whole = env.path().join("whole.mbox");
    std::fs::write(&whole, mbox_reply(&id, true)).unwrap();
    let out = env.ok(&["ingest", whole.to_str().unwrap()]);
    assert!(
        out.contains("now complete: 1 missing attachment(s) added to its reply on request"),
        "{out}"
    );
    assert!(out.contains("1 completed"), "{out}");
    let docs = env.run(&["show", &id, "--format", "json"]).json()["documents"].clone();
    assert!(
        docs.as_array()
            .unwrap()
            .iter()
            .any(|d| d["name"] == "detainers.pdf"),
        "{docs}"
    );
    // A third copy is a plain duplicate.
    let out = env.ok(&["ingest", whole.to_str().unwrap()]);
    assert!(out.contains("already ingested, skipped"), "{out}");
}

/// Low 16: the calendar takes --title; a relative XDG_DATA_HOME is ignored; a backup whose
/// documents folder would be the live one is refused before anything is written.
#[test]
fn small_hostile_inputs_of_round_two() {
    let (env, _) = env_with_filed();
    let ics = env.ok(&[
        "export",
        "--format",
        "ics",
        "--title",
        "Bergen 287(g) deadlines",
    ]);
    assert!(
        ics.contains("X-WR-CALNAME:Bergen 287(g) deadlines"),
        "{ics}"
    );

    // XDG_DATA_HOME=relative: the spec says ignore it; the default under HOME is used.
    let work = env.path().join("elsewhere");
    std::fs::create_dir(&work).unwrap();
    let r = to_run(
        env.cmd()
            .env_remove("DOCKET_DB")
            .env("XDG_DATA_HOME", "data")
            .current_dir(&work)
            .arg("init")
            .output()
            .unwrap(),
    );
    let printed = r.ok().trim().to_string();
    assert!(
        !work.join("data").exists(),
        "a relative XDG_DATA_HOME was used"
    );
    assert!(
        printed.ends_with(".local/share/docket/docket.sqlite3"),
        "{printed}"
    );

    // db.bak beside docket.sqlite3 would put its documents in docket.documents itself.
    let file = env.path().join("scan.pdf");
    std::fs::write(&file, b"%PDF-1.4 scan").unwrap();
    env.ok(&["attach", "1", file.to_str().unwrap()]);
    let bak = env.path().join("docket.bak");
    let e = env
        .run(&["backup", bak.to_str().unwrap(), "--with-documents"])
        .error()
        .to_string();
    assert!(e.contains("which is the live documents folder"), "{e}");
    assert!(!bak.exists());
    let good = env.path().join("docket-2026-12-03.sqlite3");
    let out = env.ok(&["backup", good.to_str().unwrap(), "--with-documents"]);
    assert!(out.contains("copied 3 document file(s)"), "{out}");
}

/// Low 9: an agency's address list as offices publish it ("Name <a>; b") gives a To: header
/// that mail clients read as every address, folded within 78 columns however long.
#[test]
fn address_lists_give_a_to_header_mail_clients_read() {
    let (env, id) = env_with_filed();
    env.ok(&[
        "agency",
        "edit",
        "bergen-so-nj",
        "--email",
        "Records Unit <records@bergen.example>; clerk@bergen.example",
    ]);
    let eml = env.ok(&["letter", &id, "--eml", "--fresh"]);
    assert!(
        eml.contains("To: Records Unit <records@bergen.example>, clerk@bergen.example\r\n"),
        "{eml}"
    );
    let many: Vec<String> = (0..200)
        .map(|i| format!("records{i}@county{i}.example.gov"))
        .collect();
    env.ok(&[
        "agency",
        "edit",
        "bergen-so-nj",
        "--email",
        &many.join("; "),
    ]);
    let eml = env.ok(&["letter", &id, "--eml", "--fresh"]);
    let head = &eml[..eml.find("\r\n\r\n").unwrap()];
    let to: Vec<&str> = head
        .split("\r\n")
        .skip_while(|l| !l.starts_with("To: "))
        .enumerate()
        .take_while(|(i, l)| *i == 0 || l.starts_with(' '))
        .map(|(_, l)| l)
        .collect();
    assert!(to.len() > 50, "{head}");
    assert!(to.iter().all(|l| l.len() <= 78), "{head}");
    // Every line of the head stays within RFC 5322's hard limit.
    assert!(head.split("\r\n").all(|l| l.len() <= 998));
    for a in &many {
        assert!(head.contains(a.as_str()), "{a} lost");
    }
}

/// Low 12: a write that fails part way (here: the file-size limit, as a full disk would) leaves
/// no temporary file and no stored file behind, says which file and how much space it needed,
/// and the next write works; what a killed process left is swept at the next attach.
#[cfg(unix)]
#[test]
fn a_failed_store_leaves_nothing_behind_and_leftovers_are_swept() {
    let (env, id) = env_with_filed();
    let docs = env.path().join("docket.documents");
    let files_in = |dir: &Path| -> Vec<std::path::PathBuf> {
        let mut all = Vec::new();
        for d in std::fs::read_dir(dir).unwrap().flatten() {
            if d.path().is_dir() {
                all.extend(
                    std::fs::read_dir(d.path())
                        .unwrap()
                        .flatten()
                        .map(|e| e.path()),
                );
            }
        }
        all.sort();
        all
    };
    let before = files_in(&docs);
    let small = env.path().join("small.pdf");
    let big = env.path().join("big.pdf");
    std::fs::write(&small, b"%PDF-1.4 a small receipt").unwrap();
    std::fs::write(&big, vec![b'x'; 256 * 1024]).unwrap();
    let db_before = env.dump();
    // The shell ignores SIGXFSZ, so writing past the limit fails with an error (EFBIG)
    // instead of killing docket: the same path as a full disk.
    let mut cmd = std::process::Command::new("sh");
    cmd.arg("-c")
        .arg(format!(
            "trap '' XFSZ; ulimit -f 64; exec \"$0\" attach {id} small.pdf big.pdf"
        ))
        .arg(env!("CARGO_BIN_EXE_docket"));
    // The isolated environment of every test, on the shell that runs docket.
    let base = env.cmd();
    cmd.env_clear();
    for (k, v) in base.get_envs() {
        if let Some(v) = v {
            cmd.env(k, v);
        }
    }
    let r = to_run(cmd.current_dir(env.path()).output().unwrap());
    let e = r.error();
    assert!(e.contains("cannot store 262144 bytes in"), "{e}");
    assert_eq!(files_in(&docs), before, "a failed attach left files");
    assert_eq!(env.dump(), db_before);
    env.ok(&["attach", &id, small.to_str().unwrap()]);

    // Leftovers of a killed process, an hour old: a temporary file and a stored file no row
    // points to. A fresh unreferenced file (another process's write in progress) stays.
    let folder = docs.join("ff");
    std::fs::create_dir_all(&folder).unwrap();
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(2 * 3600);
    for name in [".abc123.partial", &"f".repeat(64)] {
        let f = std::fs::File::create(folder.join(name)).unwrap();
        f.set_len(1000).unwrap();
        f.set_modified(old).unwrap();
    }
    std::fs::write(folder.join(format!("ff{}", "0".repeat(62))), b"in progress").unwrap();
    let out = env.ok(&["attach", &id, big.to_str().unwrap()]);
    assert!(
        out.contains("removed 2 file(s) (2000 bytes) that an interrupted write left"),
        "{out}"
    );
    assert!(folder.join(format!("ff{}", "0".repeat(62))).exists());
    assert!(!folder.join(".abc123.partial").exists());
}

/// A `docket` command run as an ordinary user: the permission bits of a file only bind a user
/// who is not root, so under root the command drops to `nobody` (the suite often runs as root).
fn as_user(env: &Env) -> std::process::Command {
    let root = std::process::Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false);
    let plain = env.cmd();
    if !root {
        return plain;
    }
    // The build folder may lie under a home `nobody` cannot enter: the binary is run from a
    // copy in the test's own folder.
    let bin = env.path().join("docket-as-user");
    if !bin.exists() {
        std::fs::copy(plain.get_program(), &bin).expect("copy the binary");
    }
    let mut c = std::process::Command::new("setpriv");
    c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(&bin)
        .env_clear()
        .current_dir(env.path());
    for (k, v) in plain.get_envs() {
        if let Some(v) = v {
            c.env(k, v);
        }
    }
    c
}

/// Low 13: a database made read-only is read as it is, a write to it says what to do, and
/// once the user makes it writable again the next write succeeds (no `-shm` left read-only).
#[cfg(unix)]
#[test]
fn a_read_only_database_is_read_and_writable_again_after_chmod() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::bare();
    std::fs::set_permissions(env.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
    let run = |args: &[&str]| to_run(as_user(&env).args(args).output().expect("run docket"));
    run(&["init"]).ok();
    let slug = run(&[
        "agency",
        "add",
        "--name",
        "Bergen County Sheriff",
        "--state",
        "NJ",
    ]);
    let slug = slug.ok().trim().to_string();
    let db = env.db();
    let chmod = |mode| std::fs::set_permissions(&db, std::fs::Permissions::from_mode(mode));

    chmod(0o444).unwrap();
    assert!(run(&["agency", "list"]).ok().contains(&slug));
    let e = run(&[
        "agency",
        "add",
        "--name",
        "Camden County Sheriff",
        "--state",
        "NJ",
    ]);
    let e = e.error().to_string();
    assert!(
        e.contains("is read-only: make it writable (chmod u+w"),
        "{e}"
    );
    for suffix in ["-wal", "-shm"] {
        let companion = env.path().join(format!("docket.sqlite3{suffix}"));
        if let Ok(meta) = std::fs::metadata(&companion) {
            let mode = meta.permissions().mode() & 0o777;
            assert_ne!(mode & 0o200, 0, "{suffix} left {mode:o}");
        }
    }

    chmod(0o644).unwrap();
    run(&[
        "agency",
        "add",
        "--name",
        "Camden County Sheriff",
        "--state",
        "NJ",
    ])
    .ok();
    assert!(
        run(&["agency", "list"])
            .ok()
            .contains("camden-county-sheriff-nj")
    );
}
