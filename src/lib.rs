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
pub mod ops;
pub mod outfile;
pub mod render;
pub mod slug;
pub mod sync;

use std::io::Write;
use std::process::ExitCode;

/// Runs a parsed command line, writing its output to `out`.
pub fn run(cli: cli::Cli, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let settings = cmd::settings::resolve(&cli.global)?;
    let create = matches!(cli.command, cli::Command::Init);
    let mut app = settings.open(create)?;
    let mut command = cli.command;
    for id in command.request_ids_mut() {
        if let Some(team_ref) = cli::team_ref_of(*id) {
            *id = app::requests::by_team_ref(app.db.conn(), &team_ref)?;
        }
    }
    // Nothing from outside drives the terminal: control characters are shown, not sent.
    let mut out = render::printable::Printable::new(out);
    let code = cmd::dispatch(command, &mut app, &mut out)?;
    out.finish()?;
    Ok(code)
}
