//! Requests and their batches as commands read and write them: found, listed, drafted,
//! discarded. The store's reads a command needs are named here (re-exported from `db`, whose
//! SQL they run), so that no command reaches the store itself; what composes several writes
//! (a draft and what it is about, a batch that grows) is written out here.

use anyhow::{Result, bail};
use rusqlite::Connection;

use crate::db;

pub use crate::db::documents::{for_request as documents_of, messages_to_review};
pub use crate::db::requests::{
    Brief, BriefColumns, BriefMore, Filter, ListRow, NewEvent, NewRequest, batch_id, batch_name,
    batch_request_ids, count_waiting_and_review, draft_contents, events, for_each, for_each_brief,
    for_each_maybe_late, get, list, set_exemptions, subject_of,
};

/// Deletes a draft that was never filed, in the caller's transaction. In a team, what it held
/// is kept aside first: a teammate who filed it offline brings it back at the next sync.
pub fn discard_draft(conn: &Connection, id: i64) -> Result<()> {
    db::sync::keep_discarded(conn, id)?;
    db::requests::discard_draft(conn, id)
}

/// The batch named `name`, with suggestions when there is none.
pub fn resolve_batch(conn: &Connection, name: &str) -> Result<i64> {
    if let Some(id) = db::requests::batch_id(conn, name)? {
        return Ok(id);
    }
    let names = db::requests::batch_names(conn)?;
    let near = crate::slug::closest(name, names.iter().map(|n| (n.as_str(), n.as_str())), 3);
    if near.is_empty() {
        bail!("no batch '{name}': `docket list --format json` shows each request's batch");
    }
    bail!("no batch '{name}': did you mean {}?", near.join(", "));
}

/// Drafts one request (in the caller's transaction), recording the office it is about when
/// it is sent to another agency about one; returns its id.
pub fn draft(tx: &Connection, new: &NewRequest<'_>, about: Option<i64>) -> Result<i64> {
    let id = db::requests::insert(tx, new)?;
    if let Some(office) = about {
        db::requests::set_subject(tx, id, office)?;
    }
    Ok(id)
}

/// The batch a draft goes into.
pub struct Batch {
    pub id: i64,
    pub name: String,
    /// An existing batch this draft adds to, and how many requests it held before.
    pub added_to: bool,
    pub before: i64,
}

/// The batch named `name`: a batch named with `--batch` that exists grows (when its letters
/// are of the same template); a generated name that is taken gets a counter.
pub fn batch_for(conn: &Connection, name: &str, given: bool, template: &str) -> Result<Batch> {
    if given && let Some(id) = db::requests::batch_id(conn, name)? {
        let (theirs, before) = db::requests::batch_template(conn, id)?;
        if theirs != template {
            bail!(
                "batch '{name}' holds {theirs} letters, not {template}: draft with --template {theirs}, or choose another --batch name"
            );
        }
        return Ok(Batch {
            id,
            name: name.to_string(),
            added_to: true,
            before,
        });
    }
    // In a team a batch is known by its name on every laptop: a generated name carries the
    // member's, so that two members drafting the same day keep two batches.
    let name = match (given, db::sync::team(conn)?) {
        (false, Some(t)) => {
            let who = db::sync::members(conn)?
                .into_iter()
                .find(|m| m.uid == t.member_uid)
                .map(|m| member_suffix(&m.name, &m.uid))
                .unwrap_or_else(|| member_suffix("", &t.member_uid));
            format!("{name}-{who}")
        }
        _ => name.to_string(),
    };
    let name = unique_batch_name(conn, &name)?;
    Ok(Batch {
        id: db::requests::insert_batch(conn, &name, template)?,
        name,
        added_to: false,
        before: 0,
    })
}

/// A new batch's name: as generated, with a counter when it is taken.
fn unique_batch_name(conn: &Connection, name: &str) -> Result<String> {
    if db::requests::batch_id(conn, name)?.is_none() {
        return Ok(name.to_string());
    }
    let mut n = 2;
    loop {
        let candidate = format!("{name}-{n}");
        if db::requests::batch_id(conn, &candidate)?.is_none() {
            return Ok(candidate);
        }
        n += 1;
    }
}

/// The local number of the request whose team reference is `team_ref`.
pub fn by_team_ref(conn: &rusqlite::Connection, team_ref: &str) -> anyhow::Result<i64> {
    if crate::db::sync::team(conn)?.is_none() {
        anyhow::bail!(
            "{team_ref} looks like a team reference, but this database is in no team: give the request's number (`docket list`)"
        );
    }
    let found: Vec<i64> = crate::db::sync::request_uids(conn)?
        .into_iter()
        .filter(|(_, uid)| crate::sync::team_ref(uid) == team_ref)
        .map(|(id, _)| id)
        .collect();
    match found.as_slice() {
        [id] => Ok(*id),
        [] => anyhow::bail!(
            "no request of this team has the reference {team_ref}: `docket list` shows the requests (sync first if a teammate made it)"
        ),
        _ => anyhow::bail!(
            "several requests share the reference {team_ref}: give the request's number (`docket list`)"
        ),
    }
}

/// What a generated batch name carries of its member in a team: the letters and digits of the
/// name, lower case, words joined by hyphens (`ana-reyes`); the end of the member's uid when
/// the name has none (a name in another script).
pub fn member_suffix(name: &str, member_uid: &str) -> String {
    let words: Vec<String> = name
        .split_whitespace()
        .map(|w| {
            w.chars()
                .filter(char::is_ascii_alphanumeric)
                .collect::<String>()
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() {
        let tail: String = member_uid
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect();
        return format!("m{}", &tail[tail.len().saturating_sub(6)..]);
    }
    words.join("-")
}

/// Whether `name` is one docket made up for a batch of `template` (`TEMPLATE-YYYY-MM-DD`, with
/// a counter when that was taken).
pub fn is_generated_batch_name(name: &str, template: &str) -> bool {
    let Some(rest) = name
        .strip_prefix(template)
        .and_then(|r| r.strip_prefix('-'))
    else {
        return false;
    };
    let (date, counter) = match rest.get(10..) {
        Some("") => (rest, None),
        Some(c) => match c.strip_prefix('-') {
            Some(n) => (&rest[..10], Some(n)),
            None => return false,
        },
        None => return false,
    };
    chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").is_ok()
        && counter.is_none_or(|c| !c.is_empty() && c.chars().all(|d| d.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_generated_batch_name_is_told_from_a_given_one() {
        let t = "287g-agreement";
        assert!(is_generated_batch_name("287g-agreement-2026-11-20", t));
        assert!(is_generated_batch_name("287g-agreement-2026-11-20-3", t));
        for given in [
            "nc-moa",
            "287g-agreement-2026-11-20abc",
            "287g-agreement-2026-13-40",
            "287g-agreement-2026-11-20-",
            "287g-agreement-2026-11-20-ana",
            "initial-2026-11-20",
        ] {
            assert!(!is_generated_batch_name(given, t), "{given}");
        }
    }

    #[test]
    fn a_member_shows_in_a_batch_name_whatever_the_script_of_their_name() {
        assert_eq!(member_suffix("Ana Reyes", "x"), "ana-reyes");
        assert_eq!(member_suffix("José Núñez", "x"), "jos-nez");
        assert_eq!(
            member_suffix("Мария Иванова", "01a24f02-99cf-7aa0-b1c2-0123456789ab"),
            "m6789ab"
        );
    }
}
