//! `docket init`: create or upgrade the database and print where it is.

use std::io::Write;

use anyhow::Result;

use crate::app::App;

pub fn run(app: &mut App, out: &mut dyn Write) -> Result<()> {
    // Opening the database (done before any command runs) created or upgraded it.
    writeln!(out, "{}", app.db.path().display())?;
    Ok(())
}
