//! Public-records law: the jurisdiction rules (`rules`, with the built-in `table`), the
//! holiday calendars (`calendar`) and the deadline engine (`engine`). Everything here is pure:
//! dates in, dates out; no clock, no database, no I/O.

pub mod calendar;
pub mod engine;
pub mod federal;
pub mod rules;
mod table;

pub use calendar::{Calendar, Holiday};
pub use engine::{
    Clock, ClockKind, ClockState, Deadlines, EventIn, Flag, Input, Step, compute, explain,
};
pub use rules::{DayKind, PauseEffect, Period, Rule, RuleOverride};
pub use table::{builtin_rule, builtin_rule_ref, builtin_rule_table, builtin_rules};
