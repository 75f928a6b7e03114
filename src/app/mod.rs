//! The application layer: the rules of a user's action, between the command face (`cli`,
//! `cmd`) and the layers under it (`db`, `law`, `render`, `import`, `ingest`, `model`).
//!
//! [`App`] is what every command is given: the open database, "today", and how to print.
//! Resolved once from the flags and the environment, so nothing below reads raw arguments.

pub mod agencies;
pub mod deadlines;
pub mod documents;
pub mod ingest;
pub mod letters;
pub mod report;
pub mod requests;
pub mod sync;
pub mod tracker;
pub mod upgrade;

use std::path::PathBuf;

use anyhow::Result;
use chrono::NaiveDate;

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
    /// Copies the database into the new file `tmp` and checks the copy (see
    /// [`crate::db::backup::copy_checked`]); returns the row counts it carries.
    pub fn backup_to(&self, tmp: &std::path::Path) -> Result<Vec<(String, i64)>> {
        crate::db::backup::copy_checked(self.db.conn(), tmp)
    }

    /// The paths no `--out` may name: this database, its companions, its documents.
    pub fn protected(&self) -> crate::outfile::Protected {
        crate::outfile::Protected {
            db: self.db.path().to_path_buf(),
            documents: self.db.documents_dir(),
        }
    }
}

impl Settings {
    /// Opens the database and completes the settings. The default database is created on
    /// first use; a named one only when `create` (`docket init`): a mistyped `--db` must not
    /// become a silent empty tracker that reports "nothing is overdue".
    pub fn open(self, create: bool) -> Result<App> {
        let create = create || !self.db_named;
        let mut db = Db::open(&self.db_path, create)?;
        upgrade::sync_rules(&mut db, self.today)?;
        upgrade::sync_builtin_agencies(&mut db)?;
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
