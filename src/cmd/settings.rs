//! The settings of one run, resolved once from the flags and the environment (the database's
//! path, "today", colour and width, the templates folder, the profile file), so that nothing
//! under the command face reads raw arguments or environment variables.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::app::Settings;
use crate::cli::{ColorChoice, Global};
use crate::render::table::Style;

/// The settings named by the global flags, with the environment's defaults.
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
