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
    batch_request_ids, count_waiting_and_review, discard_draft, draft_contents, events, for_each,
    for_each_brief, for_each_maybe_late, get, list, set_exemptions, subject_of,
};

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
    let name = unique_batch_name(conn, name)?;
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
