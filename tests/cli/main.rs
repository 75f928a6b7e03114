//! The one integration test binary: every test runs the real `docket` executable against a
//! temporary database in an isolated environment (see `common`).

mod common;
mod core;
mod deadlines;
mod hardening;
mod hostile;
mod imports;
mod letters;
mod record;
mod reports;
