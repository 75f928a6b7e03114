use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

use clap::Parser;
use clap::error::ErrorKind;

fn main() -> ExitCode {
    // An empty DOCKET_* variable (`DOCKET_TODAY= docket list`) means "not set", as an empty
    // NO_COLOR does, rather than failing every command.
    for name in ["DOCKET_TODAY", "DOCKET_DB", "DOCKET_TEMPLATES"] {
        if std::env::var_os(name).is_some_and(|v| v.is_empty()) {
            // SAFETY: nothing else runs yet; no other thread reads the environment.
            unsafe { std::env::remove_var(name) };
        }
    }
    let cli = match docket::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage_error(e),
    };
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let result = docket::run(cli, &mut out).and_then(|code| {
        out.flush()?;
        Ok(code)
    });
    match result {
        Ok(code) => code,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            let _ = out.flush();
            eprintln!(
                "error: {}",
                docket::render::printable::one_line(&format!("{e:#}"))
            );
            ExitCode::FAILURE
        }
    }
}

/// Help and version print as clap makes them; a usage error becomes one line (the problem and
/// where to look), exit code 2.
fn usage_error(e: clap::Error) -> ExitCode {
    match e.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => e.exit(),
        _ => {
            let text = e.render().to_string();
            let first: Vec<&str> = text
                .lines()
                .take_while(|l| !l.trim().is_empty())
                .map(str::trim)
                .collect();
            eprintln!("{} (see `docket --help`)", first.join(" "));
            ExitCode::from(2)
        }
    }
}

/// `docket list | head` closes the pipe early: that is not an error.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}
