//! docket: a tracker for public-records requests. The binary is a thin shell over [`run`].

pub mod app;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod dates;
pub mod db;
pub mod import;
pub mod ingest;
pub mod law;
pub mod model;
pub mod outfile;
pub mod render;
pub mod slug;

use std::io::Write;
use std::process::ExitCode;

/// Runs a parsed command line, writing its output to `out`.
pub fn run(cli: cli::Cli, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let settings = cmd::settings::resolve(&cli.global)?;
    let create = matches!(cli.command, cli::Command::Init);
    let mut app = settings.open(create)?;
    // Nothing from outside drives the terminal: control characters are shown, not sent.
    let mut out = render::printable::Printable::new(out);
    let code = cmd::dispatch(cli.command, &mut app, &mut out)?;
    out.finish()?;
    Ok(code)
}
