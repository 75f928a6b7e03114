//! Everything docket prints or writes for people: tables, letters, exports, and the figures
//! (`stats`) that reports print.

pub mod eml;
pub mod export;
pub mod html;
pub mod ics;
pub mod letter;
pub mod printable;
pub mod stats;
pub mod table;
