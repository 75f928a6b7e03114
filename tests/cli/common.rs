//! Runs the real `docket` binary in an isolated environment: a temp folder as HOME and as every
//! XDG folder, no DOCKET_* variables from the caller, a fixed "today".

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const TODAY: &str = "2026-11-20";

/// How many federal offices docket builds into every database (`docket agency list --state US`).
pub const BUILTIN_AGENCIES: usize = 5;

pub struct Env {
    pub dir: tempfile::TempDir,
    pub today: String,
}

/// What one run printed and returned.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Asserts success and returns stdout.
    #[track_caller]
    pub fn ok(&self) -> &str {
        assert_eq!(
            self.code, 0,
            "expected success\nstdout: {}\nstderr: {}",
            self.stdout, self.stderr
        );
        &self.stdout
    }

    /// Asserts failure with `code`, a single-line message on stderr, and returns it.
    #[track_caller]
    pub fn fails(&self, code: i32) -> &str {
        assert_eq!(
            self.code, code,
            "expected exit {code}\nstdout: {}\nstderr: {}",
            self.stdout, self.stderr
        );
        self.stderr.trim_end()
    }

    /// Asserts a one-line `error: ...` message with exit 1, and returns the message.
    #[track_caller]
    pub fn error(&self) -> &str {
        let e = self.fails(1);
        assert!(e.starts_with("error: "), "not an error line: {e}");
        assert_eq!(e.lines().count(), 1, "error message is not one line: {e}");
        e
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(self.ok())
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.stdout))
    }
}

impl Env {
    /// A new environment whose database was made with `docket init`, as a user makes one
    /// at a path of their choosing.
    pub fn new() -> Env {
        let env = Env::bare();
        env.ok(&["init"]);
        env
    }

    /// A new environment with no database yet.
    pub fn bare() -> Env {
        Env {
            dir: tempfile::tempdir().expect("temp dir"),
            today: TODAY.to_string(),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn db(&self) -> PathBuf {
        self.dir.path().join("docket.sqlite3")
    }

    /// A `docket` command with the isolated environment and `--db` set.
    pub fn cmd(&self) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_docket"));
        c.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.path())
            .env("XDG_DATA_HOME", self.path().join("data"))
            .env("XDG_CONFIG_HOME", self.path().join("config"))
            .env("DOCKET_DB", self.db())
            .env("DOCKET_TODAY", &self.today)
            .env("NO_COLOR", "1")
            .current_dir(self.path());
        c
    }

    pub fn run(&self, args: &[&str]) -> Run {
        let out = self.cmd().args(args).output().expect("run docket");
        to_run(out)
    }

    /// Runs and asserts success, returning stdout.
    #[track_caller]
    pub fn ok(&self, args: &[&str]) -> String {
        let r = self.run(args);
        r.ok().to_string()
    }

    /// Adds an agency and returns its slug.
    pub fn agency(&self, name: &str, state: &str) -> String {
        self.ok(&["agency", "add", "--name", name, "--state", state])
            .trim()
            .to_string()
    }

    /// Drafts a request to `slug` and returns its number.
    pub fn draft(&self, slug: &str) -> String {
        self.ok(&[
            "draft",
            "--agency",
            slug,
            "--set",
            "records=jail booking logs",
            "--set",
            "name=Ana Reyes",
        ])
        .trim()
        .to_string()
    }

    /// A filed request to a new NJ agency, filed on `on`.
    pub fn filed(&self, on: &str) -> String {
        let slug = match self.run(&["agency", "show", "bergen-so-nj"]).code {
            0 => "bergen-so-nj".to_string(),
            _ => self.agency("Bergen County Sheriff's Office", "NJ"),
        };
        let id = self.draft(&slug);
        self.ok(&["file", &id, "--on", on]);
        id
    }

    /// Every row of every table, as text: two equal dumps mean nothing changed.
    pub fn dump(&self) -> String {
        dump(&self.db())
    }

    /// The database file's bytes.
    pub fn bytes(&self) -> Vec<u8> {
        std::fs::read(self.db()).unwrap_or_default()
    }
}

pub fn to_run(out: Output) -> Run {
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A textual dump of every table of the database at `path`.
pub fn dump(path: &Path) -> String {
    let conn =
        rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .expect("open for dump");
    let mut tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    tables.sort();
    let mut out = String::new();
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    out.push_str(&format!("user_version {version}\n"));
    for t in tables {
        out.push_str(&format!("== {t}\n"));
        let mut st = conn
            .prepare(&format!("SELECT * FROM \"{t}\" ORDER BY 1"))
            .unwrap();
        let n = st.column_count();
        let rows = st
            .query_map([], |r| {
                let mut line = Vec::new();
                for i in 0..n {
                    let v: rusqlite::types::Value = r.get(i)?;
                    line.push(format!("{v:?}"));
                }
                Ok(line.join("|"))
            })
            .unwrap();
        for row in rows {
            out.push_str(&row.unwrap());
            out.push('\n');
        }
    }
    out
}

/// The folder of real public data beside the project, when present.
pub fn shared_data() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("DOCKET_SHARED_DATA") {
        let p = PathBuf::from(p);
        return p.is_dir().then_some(p);
    }
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data");
    if p.is_dir() {
        Some(p)
    } else {
        eprintln!("skipped: ../shared/data is absent (the real ICE and FBI lists live there)");
        None
    }
}
