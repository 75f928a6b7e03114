//! The application layer: the rules of a user's action, between the command face (`cli`,
//! `cmd`) and the layers under it (`db`, `law`, `render`, `import`, `ingest`, `model`).
//!
//! [`App`] is what every command is given: the open database, "today", and how to print.
//! Resolved once from the flags and the environment, so nothing below reads raw arguments.

pub mod deadlines;
pub mod documents;
pub mod letters;
pub mod report;
pub mod stats;
pub mod tracker;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use chrono::NaiveDate;

use crate::cli::{ColorChoice, Global};
use crate::db::Db;
use crate::render::table::Style;

/// The resolved settings of one run.
pub struct App {
    pub db: Db,
    pub today: NaiveDate,
    pub style: Style,
    pub quiet: bool,
    pub verbose: bool,
    /// A templates folder named with --templates / DOCKET_TEMPLATES (must exist), or the
    /// default one under the config folder (may be absent).
    pub templates: (Option<PathBuf>, bool),
    /// The requester's profile file.
    pub config_file: PathBuf,
}

/// Paths and display settings, resolved before the database is opened.
pub struct Settings {
    pub db_path: PathBuf,
    /// The path was named (--db, DOCKET_DB) rather than the default one.
    pub db_named: bool,
    pub today: NaiveDate,
    pub style: Style,
    pub quiet: bool,
    pub verbose: bool,
    pub templates: (Option<PathBuf>, bool),
    pub config_file: PathBuf,
}

impl App {
    /// The paths no `--out` may name: this database, its companions, its documents.
    pub fn protected(&self) -> crate::outfile::Protected {
        crate::outfile::Protected {
            db: self.db.path().to_path_buf(),
            documents: self.db.documents_dir(),
        }
    }
}

impl Settings {
    pub fn resolve(g: &Global) -> Result<Settings> {
        let db_path = match &g.db {
            Some(p) => p.clone(),
            None => data_home()?.join("docket").join("docket.sqlite3"),
        };
        let today = g.today.unwrap_or_else(|| chrono::Local::now().date_naive());
        let tty = std::io::stdout().is_terminal();
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let color = match g.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => tty && !no_color,
        };
        let width = if tty { terminal_width() } else { None };
        let config_dir = config_home()?.join("docket");
        let templates = match &g.templates {
            Some(dir) => (Some(dir.clone()), true),
            None => (Some(config_dir.join("templates")), false),
        };
        Ok(Settings {
            db_path,
            db_named: g.db.is_some(),
            today,
            style: Style { color, tty, width },
            quiet: g.quiet,
            verbose: g.verbose,
            templates,
            config_file: config_dir.join("config.toml"),
        })
    }

    /// Opens the database and completes the settings. The default database is created on
    /// first use; a named one only when `create` (`docket init`): a mistyped `--db` must not
    /// become a silent empty tracker that reports "nothing is overdue".
    pub fn open(self, create: bool) -> Result<App> {
        let create = create || !self.db_named;
        let mut db = Db::open(&self.db_path, create)?;
        crate::app::deadlines::sync_rules(&mut db, self.today)?;
        crate::app::deadlines::sync_builtin_agencies(&mut db)?;
        Ok(App {
            db,
            today: self.today,
            style: self.style,
            quiet: self.quiet,
            verbose: self.verbose,
            templates: self.templates,
            config_file: self.config_file,
        })
    }
}

fn home() -> Result<PathBuf> {
    std::env::var_os("HOME")
        .filter(|h| !h.is_empty())
        .map(PathBuf::from)
        .context("cannot find your home folder (HOME is not set): give the database with --db PATH")
}

/// An XDG base folder from the environment: the XDG specification says a relative path there
/// is invalid and must be ignored (it would put the database wherever docket was started).
fn xdg(name: &str) -> Option<std::ffi::OsString> {
    std::env::var_os(name).filter(|v| Path::new(v).is_absolute())
}

/// `$XDG_DATA_HOME`, else `~/.local/share`.
fn data_home() -> Result<PathBuf> {
    match xdg("XDG_DATA_HOME") {
        Some(d) => Ok(PathBuf::from(d)),
        None => Ok(home()?.join(".local").join("share")),
    }
}

/// `$XDG_CONFIG_HOME`, else `~/.config`.
fn config_home() -> Result<PathBuf> {
    match xdg("XDG_CONFIG_HOME") {
        Some(d) => Ok(PathBuf::from(d)),
        None => Ok(home()?.join(".config")),
    }
}

/// The terminal's width: COLUMNS when set, else what the terminal reports.
fn terminal_width() -> Option<u16> {
    if let Some(c) = std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()) {
        return Some(c);
    }
    comfy_table::Table::new().width()
}
