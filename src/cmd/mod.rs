//! One module per command (or command group). Each reads its arguments, calls the store and
//! the core, and renders; none of them speaks SQL.

pub mod agency;
pub mod attach;
pub mod backup;
pub mod draft;
pub mod file;
pub mod ingest;
pub mod init;
pub mod input;
pub mod law;
pub mod letters;
pub mod list;
pub mod log;
pub mod overdue;
pub mod report;
pub mod review;
pub mod settings;
pub mod show;
pub mod team;

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;
use rusqlite::Connection;

use crate::app::App;
pub use crate::app::agencies::resolve as resolve_agency;
pub use crate::app::requests::resolve_batch;
use crate::cli::{AgencyCommand, Command};
use crate::model::parse_state;

/// Runs one command.
pub fn dispatch(command: Command, app: &mut App, out: &mut dyn Write) -> Result<ExitCode> {
    match command {
        Command::Init => init::run(app, out),
        Command::Agency(a) => match a {
            AgencyCommand::Add(args) => agency::add(app, args, out),
            AgencyCommand::List(args) => agency::list(app, args, out),
            AgencyCommand::Show(args) => agency::show(app, args, out),
            AgencyCommand::Edit(args) => agency::edit(app, args, out),
            AgencyCommand::Import(args) => agency::import(app, args, out),
        },
        Command::Draft(args) => draft::run(app, args, out),
        Command::File(args) => file::file(app, args, out),
        Command::Discard(args) => file::discard(app, args, out),
        Command::Log(args) => log::run(app, args, out),
        Command::Show(args) => show::run(app, args, out),
        Command::List(args) => list::run(app, args, out),
        Command::Overdue(args) => return overdue::run(app, args, out),
        Command::Attach(args) => attach::attach(app, args, out),
        Command::Open(args) => attach::open(app, args, out),
        Command::Review(args) => review::run(app, args, out),
        Command::Backup(args) => backup::run(app, args, out),
        Command::Ingest(args) => ingest::run(app, args, out),
        Command::Stats(args) => report::stats(app, args, out),
        Command::Law(c) => law::run(app, c, out),
        Command::Template(c) => letters::template(app, c, out),
        Command::Letter(args) => letters::letter(app, args, out),
        Command::Config(c) => letters::config(app, c, out),
        Command::Holiday(c) => law::holiday(app, c, out),
        Command::Explain(args) => law::explain(app, args, out),
        Command::Export(args) => report::export(app, args, out),
        Command::Team(c) => team::team(app, c, out),
        Command::Sync(args) => return team::sync(app, args, out),
    }?;
    Ok(ExitCode::SUCCESS)
}

/// State codes from user input (codes or full names), refused with a hint when unknown.
pub fn parse_states(values: &[String]) -> Result<Vec<String>> {
    values
        .iter()
        .map(|v| {
            parse_state(v)
                .map(str::to_string)
                .map_err(anyhow::Error::msg)
        })
        .collect()
}

/// Writes a line unless --quiet was given.
pub fn say(app: &App, out: &mut dyn Write, line: impl std::fmt::Display) -> Result<()> {
    if !app.quiet {
        writeln!(out, "{line}")?;
    }
    Ok(())
}

/// The store's filter for `list` and `export`, with every name resolved (unknown ones refused
/// with suggestions). `open_only` also keeps closed requests out.
pub fn request_filter(
    conn: &Connection,
    args: &crate::cli::RequestFilterArgs,
    open_only: bool,
) -> Result<crate::app::requests::Filter> {
    let statuses = args
        .status
        .iter()
        .map(|s| {
            s.parse::<crate::model::Status>()
                .map(|s| s.as_str().to_string())
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut agency_ids = Vec::new();
    for a in &args.agency {
        agency_ids.push(resolve_agency(conn, a)?.id);
    }
    Ok(crate::app::requests::Filter {
        statuses,
        agency_ids,
        states: parse_states(&args.state)?,
        batch_id: args
            .batch
            .as_deref()
            .map(|b| resolve_batch(conn, b))
            .transpose()?,
        open_only: open_only || args.overdue,
        about_ids: args
            .about
            .iter()
            .map(|a| resolve_agency(conn, a).map(|a| a.id))
            .collect::<Result<_>>()?,
        office_ids: args
            .office
            .iter()
            .map(|a| resolve_agency(conn, a).map(|a| a.id))
            .collect::<Result<_>>()?,
        conflicts_only: args.conflicts,
    })
}
