//! Everything docket prints or writes for people: tables, letters and exports.

pub mod eml;
pub mod export;
pub mod html;
pub mod ics;
pub mod letter;
pub mod printable;
pub mod table;
