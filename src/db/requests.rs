//! SQL for requests, their events, and batches.

use anyhow::{Context, Result, bail};
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::{date, new_uid, now_stamp};
use crate::model::{Clocks, Event, EventKind, Request, Status};

const REQUEST_COLUMNS: &str = "id, uid, agency_id, batch_id, title, template, vars, \
    followup_days, created_at, status, filed_on, filed_via, tracking_number, due_on, due_clock, \
    flag, needs_review, paused_days, ack_due_on, ack_clock, first_response_on, first_response_days, \
    completed_on, completion_days, answered_on_time, fees_requested_cents, fees_paid_cents, \
    last_event_kind, last_event_on, waiting_since, paused_since, final_answer, conflicts";

fn request_from_row(r: &Row) -> rusqlite::Result<Request> {
    let vars: String = r.get(6)?;
    let status: String = r.get(9)?;
    Ok(Request {
        id: r.get(0)?,
        uid: r.get(1)?,
        agency_id: r.get(2)?,
        batch_id: r.get(3)?,
        title: r.get(4)?,
        template: r.get(5)?,
        vars: serde_json::from_str(&vars).unwrap_or_default(),
        followup_days: r.get(7)?,
        created_at: r.get(8)?,
        status: status.parse().unwrap_or(Status::Draft),
        filed_on: date(r, 10)?,
        filed_via: r.get(11)?,
        tracking_number: r.get(12)?,
        due_on: date(r, 13)?,
        due_clock: r.get(14)?,
        flag: r.get(15)?,
        needs_review: r.get(16)?,
        paused_days: r.get(17)?,
        ack_due_on: date(r, 18)?,
        ack_clock: r.get(19)?,
        first_response_on: date(r, 20)?,
        first_response_days: r.get(21)?,
        completed_on: date(r, 22)?,
        completion_days: r.get(23)?,
        answered_on_time: r.get(24)?,
        fees_requested_cents: r.get(25)?,
        fees_paid_cents: r.get(26)?,
        last_event_kind: r.get(27)?,
        last_event_on: date(r, 28)?,
        waiting_since: date(r, 29)?,
        paused_since: date(r, 30)?,
        final_answer: r.get(31)?,
        conflicts: r
            .get::<_, Option<String>>(32)?
            .map(|c| c.split(',').map(str::to_string).collect())
            .unwrap_or_default(),
    })
}

/// A new request, as a draft.
pub struct NewRequest<'a> {
    pub agency_id: i64,
    pub batch_id: Option<i64>,
    pub title: &'a str,
    pub template: &'a str,
    pub vars: &'a serde_json::Map<String, serde_json::Value>,
}

/// Inserts a draft and returns its id.
pub fn insert(conn: &Connection, r: &NewRequest) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO requests (uid, agency_id, batch_id, title, template, vars, created_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        new_uid(),
        r.agency_id,
        r.batch_id,
        r.title,
        r.template,
        serde_json::Value::Object(r.vars.clone()).to_string(),
        now_stamp()
    ])
    .context("adding the request")?;
    Ok(conn.last_insert_rowid())
}

/// Keeps the exemptions an answer cited, in the order given.
pub fn set_exemptions(conn: &Connection, event_id: i64, exemptions: &[String]) -> Result<()> {
    let mut st = conn.prepare_cached(
        "INSERT INTO event_exemptions (event_id, position, exemption) VALUES (?1, ?2, ?3)",
    )?;
    for (i, e) in exemptions.iter().enumerate() {
        st.execute(params![event_id, i as i64, e])
            .context("keeping the exemptions cited")?;
    }
    Ok(())
}

/// The exemptions event `event_id` cited, in order.
pub fn exemptions(conn: &Connection, event_id: i64) -> Result<Vec<String>> {
    let mut st = conn.prepare_cached(
        "SELECT exemption FROM event_exemptions WHERE event_id = ?1 ORDER BY position",
    )?;
    let rows = st.query_map([event_id], |r| r.get(0))?;
    rows.collect::<rusqlite::Result<_>>()
        .context("reading the exemptions cited")
}

/// Records that request `request_id` is about agency `agency_id`.
pub fn set_subject(conn: &Connection, request_id: i64, agency_id: i64) -> Result<()> {
    conn.prepare_cached("INSERT INTO request_subjects (request_id, agency_id) VALUES (?1, ?2)")?
        .execute(params![request_id, agency_id])
        .context("recording what the request is about")?;
    Ok(())
}

/// The agency request `request_id` is about, when it is about another than its recipient.
pub fn subject_of(conn: &Connection, request_id: i64) -> Result<Option<i64>> {
    conn.prepare_cached("SELECT agency_id FROM request_subjects WHERE request_id = ?1")?
        .query_row([request_id], |r| r.get(0))
        .optional()
        .context("looking up what the request is about")
}

/// The requests about agency `agency_id` (sent to other agencies), by id.
pub fn about(conn: &Connection, agency_id: i64) -> Result<Vec<i64>> {
    let mut st = conn.prepare_cached(
        "SELECT request_id FROM request_subjects WHERE agency_id = ?1 ORDER BY request_id",
    )?;
    let rows = st.query_map([agency_id], |r| r.get(0))?;
    rows.collect::<rusqlite::Result<_>>()
        .context("listing the requests about an agency")
}

/// The request with this id, if any.
pub fn find(conn: &Connection, id: i64) -> Result<Option<Request>> {
    conn.prepare_cached(&format!(
        "SELECT {REQUEST_COLUMNS} FROM requests WHERE id = ?1"
    ))?
    .query_row([id], request_from_row)
    .optional()
    .context("looking up a request")
}

/// The request with this id, or an error that says how to find one.
pub fn get(conn: &Connection, id: i64) -> Result<Request> {
    find(conn, id)?.with_context(|| {
        format!("there is no request {id}: `docket list` shows the requests and their numbers")
    })
}

/// The columns the program derives from a request's events.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Derived {
    pub status: Option<Status>,
    pub filed_on: Option<NaiveDate>,
    pub filed_via: Option<String>,
    pub tracking_number: Option<String>,
    pub due_on: Option<NaiveDate>,
    pub due_clock: Option<String>,
    pub ack_due_on: Option<NaiveDate>,
    pub ack_clock: Option<String>,
    pub flag: Option<String>,
    /// Every condition as of the change (the first is `flag`).
    pub flags: Vec<String>,
    pub needs_review: bool,
    /// Business days paused in pauses that ended.
    pub paused_days: i64,
    pub paused_since: Option<NaiveDate>,
    pub waiting_since: Option<NaiveDate>,
    pub final_answer: Option<String>,
    /// Events of a merged history that replay refuses, by uid.
    pub conflicts: Vec<String>,
    pub last_event_id: Option<i64>,
    pub first_response_on: Option<NaiveDate>,
    pub first_response_days: Option<i64>,
    pub completed_on: Option<NaiveDate>,
    pub completion_days: Option<i64>,
    pub answered_on_time: Option<bool>,
    pub fees_requested_cents: i64,
    pub fees_paid_cents: i64,
    pub last_event_kind: Option<String>,
    pub last_event_on: Option<NaiveDate>,
}

/// Stores the derived columns of request `id`.
pub fn set_derived(conn: &Connection, id: i64, d: &Derived) -> Result<()> {
    conn.prepare_cached(
        "UPDATE requests SET status = ?2, filed_on = ?3, filed_via = ?4, tracking_number = ?5, \
         due_on = ?6, due_clock = ?7, flag = ?8, needs_review = ?9, paused_days = ?10, \
         last_event_id = ?11, ack_due_on = ?12, ack_clock = ?13, first_response_on = ?14, \
         first_response_days = ?15, completed_on = ?16, completion_days = ?17, answered_on_time = ?18, \
         fees_requested_cents = ?19, fees_paid_cents = ?20, last_event_kind = ?21, last_event_on = ?22, \
         flags = ?23, waiting_since = ?24, paused_since = ?25, final_answer = ?26, \
         conflicts = ?27 WHERE id = ?1",
    )?
    .execute(params![
        id,
        d.status.unwrap_or(Status::Draft).as_str(),
        d.filed_on,
        d.filed_via,
        d.tracking_number,
        d.due_on,
        d.due_clock,
        d.flag,
        d.needs_review,
        d.paused_days,
        d.last_event_id,
        d.ack_due_on,
        d.ack_clock,
        d.first_response_on,
        d.first_response_days,
        d.completed_on,
        d.completion_days,
        d.answered_on_time,
        d.fees_requested_cents,
        d.fees_paid_cents,
        d.last_event_kind,
        d.last_event_on,
        (!d.flags.is_empty()).then(|| d.flags.join(",")),
        d.waiting_since,
        d.paused_since,
        d.final_answer,
        (!d.conflicts.is_empty()).then(|| d.conflicts.join(","))
    ])
    .context("updating the request's status")?;
    Ok(())
}

/// A request's follow-up target of its own (business days), or none to use the rule's.
pub fn set_followup_days(conn: &Connection, id: i64, days: Option<i64>) -> Result<()> {
    conn.execute(
        "UPDATE requests SET followup_days = ?2 WHERE id = ?1",
        params![id, days],
    )
    .context("setting the follow-up target")?;
    Ok(())
}

/// A new event.
#[derive(Debug, Clone)]
pub struct NewEvent {
    /// Its uid when it has an identity in the world (a reply: from its Message-ID), so that two
    /// people recording the same thing record one event; otherwise a new one.
    pub uid: Option<String>,
    pub request_id: i64,
    pub kind: EventKind,
    pub on: NaiveDate,
    pub note: Option<String>,
    pub amount_cents: Option<i64>,
    pub days: Option<i64>,
    pub until: Option<NaiveDate>,
    pub voids: Option<i64>,
    pub via: Option<String>,
    pub tracking: Option<String>,
}

/// Appends an event and returns its id.
pub fn insert_event(conn: &Connection, e: &NewEvent) -> Result<i64> {
    // The next tick of the logical clock, and the member logging (in a team).
    conn.prepare_cached("UPDATE sync_state SET clock = clock + 1")?
        .execute([])?;
    conn.prepare_cached(
        "INSERT INTO events (uid, request_id, kind, occurred_on, note, amount_cents, days, \
         until, voids, via, tracking, recorded_at, clock, recorded_by) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, \
         (SELECT clock FROM sync_state), (SELECT member_uid FROM sync_state))",
    )?
    .execute(params![
        e.uid.clone().unwrap_or_else(new_uid),
        e.request_id,
        e.kind.as_str(),
        e.on,
        e.note,
        e.amount_cents,
        e.days,
        e.until,
        e.voids,
        e.via,
        e.tracking,
        now_stamp()
    ])
    .context("recording the event")?;
    Ok(conn.last_insert_rowid())
}

fn event_from_row(r: &Row) -> rusqlite::Result<Event> {
    let kind: String = r.get(3)?;
    Ok(Event {
        id: r.get(0)?,
        uid: r.get(1)?,
        request_id: r.get(2)?,
        kind: kind.parse().map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(3, rusqlite::types::Type::Text, Box::new(e))
        })?,
        on: r.get(4)?,
        note: r.get(5)?,
        amount_cents: r.get(6)?,
        days: r.get(7)?,
        until: r.get(8)?,
        voids: r.get(9)?,
        via: r.get(10)?,
        tracking: r.get(11)?,
        recorded_at: r.get(12)?,
        clock: r.get(13)?,
        recorded_by: r.get(14)?,
    })
}

const EVENT_COLUMNS: &str = "id, uid, request_id, kind, occurred_on, note, amount_cents, days, until, voids, via, \
     tracking, recorded_at, clock, recorded_by";

/// The history of request `id` in the order it happened: by date, then as recorded.
pub fn events(conn: &Connection, id: i64) -> Result<Vec<Event>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {EVENT_COLUMNS} FROM events WHERE request_id = ?1 ORDER BY occurred_on, clock, uid"
    ))?;
    let rows = st.query_map([id], event_from_row)?;
    rows.collect::<rusqlite::Result<_>>()
        .context("reading the request's history")
}

/// The histories of many requests at once, grouped by request id (for bulk recomputation).
pub fn events_of_all(conn: &Connection) -> Result<std::collections::HashMap<i64, Vec<Event>>> {
    let mut st = conn.prepare(&format!(
        "SELECT {EVENT_COLUMNS} FROM events ORDER BY request_id, occurred_on, clock, uid"
    ))?;
    let mut map: std::collections::HashMap<i64, Vec<Event>> = std::collections::HashMap::new();
    for e in st.query_map([], event_from_row)? {
        let e = e?;
        map.entry(e.request_id).or_default().push(e);
    }
    Ok(map)
}

/// Ids of requests to recompute: all, or those of one jurisdiction, or of one agency.
pub fn ids_for_recompute(
    conn: &Connection,
    state: Option<&str>,
    agency_id: Option<i64>,
) -> Result<Vec<i64>> {
    let mut st = conn.prepare_cached(
        "SELECT r.id FROM requests r JOIN agencies a ON a.id = r.agency_id \
         WHERE r.status <> 'draft' AND (?1 IS NULL OR a.state = ?1) AND (?2 IS NULL OR a.id = ?2) \
         ORDER BY r.id",
    )?;
    let rows = st.query_map(params![state, agency_id], |r| r.get(0))?;
    rows.collect::<rusqlite::Result<_>>()
        .context("listing requests to recompute")
}

/// What discarding a draft would delete: its events (notes and the like) and its documents.
pub struct DraftContents {
    /// The day it was filed, when a filing (voided since) is in its history.
    pub filed_on: Option<String>,
    pub events: i64,
    pub documents: i64,
}

pub fn draft_contents(conn: &Connection, id: i64) -> Result<DraftContents> {
    conn.query_row(
        "SELECT (SELECT min(occurred_on) FROM events WHERE request_id = ?1 AND kind = 'filed'), \
                (SELECT count(*) FROM events WHERE request_id = ?1), \
                (SELECT count(*) FROM request_documents WHERE request_id = ?1)",
        [id],
        |r| {
            Ok(DraftContents {
                filed_on: r.get(0)?,
                events: r.get(1)?,
                documents: r.get(2)?,
            })
        },
    )
    .context("reading what a draft holds")
}

/// Deletes a draft that was never filed (with its notes and document links). A request that was
/// filed, even if the filing was voided since, is refused, also by triggers in the schema.
pub fn discard_draft(conn: &Connection, id: i64) -> Result<()> {
    let r = get(conn, id)?;
    if r.status != Status::Draft {
        bail!(
            "request {id} was filed ({}): a filed request is never deleted; log `withdraw` instead",
            r.status
        );
    }
    if let Some(on) = draft_contents(conn, id)?.filed_on {
        bail!(
            "request {id} was filed on {on} (the filing was voided since): a request once filed is kept with its history; file it again with `docket file {id}`, or leave it as it is"
        );
    }
    conn.execute("DELETE FROM request_documents WHERE request_id = ?1", [id])?;
    conn.execute("DELETE FROM request_subjects WHERE request_id = ?1", [id])?;
    conn.execute(
        "DELETE FROM event_exemptions WHERE event_id IN (SELECT id FROM events WHERE request_id = ?1)",
        [id],
    )?;
    conn.execute("DELETE FROM events WHERE request_id = ?1", [id])?;
    conn.execute("DELETE FROM requests WHERE id = ?1", [id])?;
    Ok(())
}

/// A batch by name.
pub fn batch_id(conn: &Connection, name: &str) -> Result<Option<i64>> {
    conn.prepare_cached("SELECT id FROM batches WHERE name = ?1")?
        .query_row([name], |r| r.get(0))
        .optional()
        .context("looking up a batch")
}

/// The template a batch was drafted with, and how many requests it holds.
pub fn batch_template(conn: &Connection, batch_id: i64) -> Result<(String, i64)> {
    conn.prepare_cached(
        "SELECT template, (SELECT count(*) FROM requests WHERE batch_id = ?1) FROM batches \
         WHERE id = ?1",
    )?
    .query_row([batch_id], |r| Ok((r.get(0)?, r.get(1)?)))
    .context("looking up a batch")
}

/// Creates a batch and returns its id.
pub fn insert_batch(conn: &Connection, name: &str, template: &str) -> Result<i64> {
    conn.execute(
        "INSERT INTO batches (uid, name, template, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![super::uid_of(&["batch", name]), name, template, now_stamp()],
    )
    .context("creating the batch")?;
    Ok(conn.last_insert_rowid())
}

/// Every batch name (for suggestions).
pub fn batch_names(conn: &Connection) -> Result<Vec<String>> {
    let mut st = conn.prepare_cached("SELECT name FROM batches ORDER BY name")?;
    let rows = st.query_map([], |r| r.get(0))?;
    rows.collect::<rusqlite::Result<_>>()
        .context("listing batches")
}

/// Every batch: id, name, template.
pub fn batches(conn: &Connection) -> Result<Vec<(i64, String, String)>> {
    let mut st = conn.prepare_cached("SELECT id, name, template FROM batches ORDER BY id")?;
    let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    rows.collect::<rusqlite::Result<_>>()
        .context("listing batches")
}

/// Gives batch `id` the name `name`.
pub fn rename_batch(conn: &Connection, id: i64, name: &str) -> Result<()> {
    conn.execute(
        "UPDATE batches SET name = ?2 WHERE id = ?1",
        rusqlite::params![id, name],
    )
    .context("renaming a batch")?;
    Ok(())
}

/// The requests of a batch, by id.
pub fn batch_request_ids(conn: &Connection, batch_id: i64) -> Result<Vec<i64>> {
    let mut st = conn.prepare_cached("SELECT id FROM requests WHERE batch_id = ?1 ORDER BY id")?;
    let rows = st.query_map([batch_id], |r| r.get(0))?;
    rows.collect::<rusqlite::Result<_>>()
        .context("listing the batch's requests")
}

/// Filters for `list`, `overdue` and `export`; values of one field are alternatives.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub statuses: Vec<String>,
    pub agency_ids: Vec<i64>,
    pub states: Vec<String>,
    pub batch_id: Option<i64>,
    /// Only requests that are not drafts and not closed.
    pub open_only: bool,
    /// Only requests about these agencies (sent to another, as a FOIA to ICE about a sheriff).
    pub about_ids: Vec<i64>,
    /// Only requests to these agencies or about them: both sides of an office's record.
    pub office_ids: Vec<i64>,
    /// Only requests whose merged history holds conflicting events.
    pub conflicts_only: bool,
}

/// One row of a request listing, joined with its agency and batch.
#[derive(Debug, Clone)]
pub struct ListRow {
    pub request: Request,
    pub agency_slug: String,
    pub agency_name: String,
    pub state: String,
    pub batch: Option<String>,
    /// The slug of the agency the request is about, when it is about another than its recipient.
    pub about: Option<String>,
}

impl ListRow {
    /// This row as a [`Brief`] with the export's columns.
    pub fn brief(&self) -> Brief<'_> {
        let r = &self.request;
        Brief {
            id: r.id,
            agency_id: r.agency_id,
            title: &r.title,
            tracking_number: r.tracking_number.as_deref(),
            filed_on: r.filed_on,
            clocks: r.clocks(),
            agency_slug: &self.agency_slug,
            agency_name: &self.agency_name,
            state: &self.state,
            batch: self.batch.as_deref(),
            more: Some(BriefMore {
                uid: &r.uid,
                template: &r.template,
                fees_requested_cents: r.fees_requested_cents,
                fees_paid_cents: r.fees_paid_cents,
                last_event_kind: r.last_event_kind.as_deref(),
                last_event_on: r.last_event_on,
                completed_on: r.completed_on,
                answered_on_time: r.answered_on_time,
                about: self.about.as_deref(),
            }),
        }
    }
}

/// Requests matching `filter`, ordered by id.
pub fn list(conn: &Connection, filter: &Filter) -> Result<Vec<ListRow>> {
    let mut rows = Vec::new();
    for_each(conn, filter, |row| {
        rows.push(row);
        Ok(())
    })?;
    Ok(rows)
}

/// Requests matching `filter`, ordered by id, handed to `f` one at a time as they are read, so
/// that listing or exporting every request keeps only one row in memory.
pub fn for_each(
    conn: &Connection,
    filter: &Filter,
    f: impl FnMut(ListRow) -> Result<()>,
) -> Result<()> {
    query_each(conn, filter, None, f)
}

/// Like [`for_each`], but only the requests that may be late on `today`: a cached due date or
/// acknowledgment date before `today` (whatever else is true of them: a reply to read never
/// hides a missed clock). The caller
/// still decides which are late (the flag also depends on the clock); this only spares it
/// reading the others.
pub fn for_each_maybe_late(
    conn: &Connection,
    filter: &Filter,
    today: NaiveDate,
    f: impl FnMut(ListRow) -> Result<()>,
) -> Result<()> {
    query_each(conn, filter, Some(today), f)
}

/// The open statuses as SQL, as the partial indexes of the open requests' dates name them
/// (SQLite uses such an index only for a query that repeats its condition; a test checks that
/// these are the statuses `Status::is_open` names).
const OPEN_STATUSES_SQL: &str = "'filed', 'acknowledged', 'clarification-needed', \
    'fee-requested', 'extended', 'partial', 'appealed', 'appeal-granted'";

/// The conditions of `filter` on a request `r` (and its agency `a`, when it filters by state),
/// each as " AND ...", with their arguments.
fn filter_terms(filter: &Filter) -> (String, Vec<rusqlite::types::Value>) {
    let mut sql = String::new();
    let mut args: Vec<rusqlite::types::Value> = Vec::new();
    let mut any_of = |sql: &mut String, column: &str, values: Vec<rusqlite::types::Value>| {
        if values.is_empty() {
            return;
        }
        let marks: Vec<String> = values
            .into_iter()
            .map(|v| {
                args.push(v);
                format!("?{}", args.len())
            })
            .collect();
        sql.push_str(&format!(" AND {column} IN ({})", marks.join(", ")));
    };
    use rusqlite::types::Value as V;
    any_of(
        &mut sql,
        "r.status",
        filter.statuses.iter().cloned().map(V::Text).collect(),
    );
    any_of(
        &mut sql,
        "r.agency_id",
        filter.agency_ids.iter().copied().map(V::Integer).collect(),
    );
    any_of(
        &mut sql,
        "a.state",
        filter.states.iter().cloned().map(V::Text).collect(),
    );
    any_of(
        &mut sql,
        "r.batch_id",
        filter.batch_id.into_iter().map(V::Integer).collect(),
    );
    let ids = |v: &[i64]| {
        v.iter()
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    if !filter.about_ids.is_empty() {
        sql.push_str(&format!(
            " AND r.id IN (SELECT request_id FROM request_subjects WHERE agency_id IN ({}))",
            ids(&filter.about_ids)
        ));
    }
    if !filter.office_ids.is_empty() {
        let list = ids(&filter.office_ids);
        sql.push_str(&format!(
            " AND (r.agency_id IN ({list}) OR r.id IN (SELECT request_id FROM request_subjects \
             WHERE agency_id IN ({list})))"
        ));
    }
    if filter.conflicts_only {
        sql.push_str(" AND r.conflicts IS NOT NULL");
    }
    if filter.open_only {
        let open: Vec<V> = Status::ALL
            .iter()
            .filter(|s| s.is_open())
            .map(|s| V::Text(s.as_str().to_string()))
            .collect();
        any_of(&mut sql, "r.status", open);
    }
    (sql, args)
}

/// The WHERE clause (from " WHERE") and its arguments for `filter`, with the requests that may
/// be late on `late_on` only, when given.
fn filter_clause(
    filter: &Filter,
    late_on: Option<NaiveDate>,
) -> (String, Vec<rusqlite::types::Value>) {
    // The conditions pick the ids in a subquery (from the indexes alone), which SQLite walks
    // in id order: each row is then read once, in file order, and never sorted.
    let (sql, mut args) = filter_terms(filter);
    use rusqlite::types::Value as V;
    if let (Some(today), true) = (late_on, filter.open_only) {
        // The open requests whose due or acknowledgment date has passed, from the partial
        // indexes of the open requests' dates (schema version 7): only those are read, however
        // many requests the archive holds (named, as the planner cannot know how few rows
        // they give without statistics). The other conditions are checked on those rows.
        args.push(V::Text(today.to_string()));
        let n = args.len();
        let open = OPEN_STATUSES_SQL;
        let chosen = format!(
            " WHERE r.id IN (SELECT id FROM requests INDEXED BY requests_open_by_due \
             WHERE status IN ({open}) AND due_on < ?{n} UNION ALL SELECT id FROM requests \
             INDEXED BY requests_open_by_ack_due WHERE status IN ({open}) AND ack_due_on < ?{n}){sql}"
        );
        return (chosen, args);
    }
    let mut chosen = if sql.is_empty() {
        " WHERE 1 = 1".to_string()
    } else {
        let agencies = if filter.states.is_empty() {
            ""
        } else {
            " JOIN agencies a ON a.id = r.agency_id"
        };
        format!(" WHERE r.id IN (SELECT r.id FROM requests r{agencies} WHERE 1 = 1{sql})")
    };
    if let Some(today) = late_on {
        args.push(V::Text(today.to_string()));
        let n = args.len();
        chosen.push_str(&format!(" AND (r.due_on < ?{n} OR r.ack_due_on < ?{n})"));
    }
    (chosen, args)
}

fn query_each(
    conn: &Connection,
    filter: &Filter,
    late_on: Option<NaiveDate>,
    mut f: impl FnMut(ListRow) -> Result<()>,
) -> Result<()> {
    let cols: String = REQUEST_COLUMNS
        .split(", ")
        .map(|c| format!("r.{}", c.trim()))
        .collect::<Vec<_>>()
        .join(", ");
    let (chosen, args) = filter_clause(filter, late_on);
    let sql = format!(
        "SELECT {cols}, a.slug, a.name, a.state, b.name, \
         (SELECT s.slug FROM request_subjects rs JOIN agencies s ON s.id = rs.agency_id \
          WHERE rs.request_id = r.id) FROM requests r \
         JOIN agencies a ON a.id = r.agency_id LEFT JOIN batches b ON b.id = r.batch_id{chosen} \
         ORDER BY r.id"
    );
    let mut st = conn.prepare(&sql)?;
    let rows = st.query_map(rusqlite::params_from_iter(args.iter()), |r| {
        Ok(ListRow {
            request: request_from_row(r)?,
            agency_slug: r.get(33)?,
            agency_name: r.get(34)?,
            state: r.get(35)?,
            batch: r.get(36)?,
            about: r.get(37)?,
        })
    })?;
    for row in rows {
        f(row.context("listing requests")?)?;
    }
    Ok(())
}

/// One request of a listing or an export as SQLite hands it over: the columns those show,
/// borrowed from the row being read (nothing is copied into owned strings, and the request's
/// letter variables are not read). A field lives until the next row is read.
#[derive(Debug, Clone, Copy)]
pub struct Brief<'r> {
    pub id: i64,
    pub agency_id: i64,
    pub title: &'r str,
    pub tracking_number: Option<&'r str>,
    pub filed_on: Option<NaiveDate>,
    /// What decides the request's conditions and lateness.
    pub clocks: Clocks<'r>,
    pub agency_slug: &'r str,
    pub agency_name: &'r str,
    pub state: &'r str,
    pub batch: Option<&'r str>,
    /// The columns only an export shows (None when the listing's columns were asked for).
    pub more: Option<BriefMore<'r>>,
}

/// The columns of a [`Brief`] that exports add to a listing's.
#[derive(Debug, Clone, Copy)]
pub struct BriefMore<'r> {
    pub uid: &'r str,
    pub template: &'r str,
    pub fees_requested_cents: i64,
    pub fees_paid_cents: i64,
    pub last_event_kind: Option<&'r str>,
    pub last_event_on: Option<NaiveDate>,
    pub completed_on: Option<NaiveDate>,
    pub answered_on_time: Option<bool>,
    /// The slug of the agency the request is about, when it is about another than its recipient.
    pub about: Option<&'r str>,
}

/// Which columns a [`Brief`] carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BriefColumns {
    /// What `list` and `overdue` show.
    Listing,
    /// What a listing's table shows, which leaves out the agency's full name, the tracking
    /// number and the batch: those come as empty (`agency_name` "", the others None), and the
    /// batch is not looked up.
    Table,
    /// Those of a listing and what an export adds ([`BriefMore`]).
    Export,
}

/// The columns of a [`Brief`], in order, and the tables they come from (after `requests r`);
/// an export's own are read only for an export.
fn brief_select(columns: BriefColumns) -> (String, &'static str) {
    let clocks = "r.status, r.due_on, r.due_clock, r.ack_due_on, r.ack_clock, r.needs_review, \
        r.conflicts IS NOT NULL, r.waiting_since, r.paused_since, r.paused_days";
    let agencies = " JOIN agencies a ON a.id = r.agency_id";
    let batches = " JOIN agencies a ON a.id = r.agency_id LEFT JOIN batches b ON b.id = r.batch_id";
    let listing = format!(
        "r.id, r.agency_id, r.title, r.tracking_number, r.filed_on, {clocks}, a.slug, a.name, \
         a.state, b.name"
    );
    match columns {
        BriefColumns::Listing => (listing, batches),
        BriefColumns::Table => (
            format!(
                "r.id, r.agency_id, r.title, NULL, r.filed_on, {clocks}, a.slug, '', a.state, \
                 NULL"
            ),
            agencies,
        ),
        BriefColumns::Export => (
            format!(
                "{listing}, r.uid, r.template, r.fees_requested_cents, r.fees_paid_cents, \
                 r.last_event_kind, r.last_event_on, r.completed_on, r.answered_on_time, \
                 (SELECT s.slug FROM request_subjects rs JOIN agencies s ON s.id = rs.agency_id \
                  WHERE rs.request_id = r.id)"
            ),
            batches,
        ),
    }
}

/// Text column `i` of `r`, borrowed; the error [`Row::get`] gives for a `String` otherwise.
fn text<'r>(r: &'r Row, i: usize) -> rusqlite::Result<&'r str> {
    as_text(r, i, r.get_ref(i)?)
}

/// Text column `i` of `r` or NULL, borrowed (the column is read once).
fn opt_text<'r>(r: &'r Row, i: usize) -> rusqlite::Result<Option<&'r str>> {
    match r.get_ref(i)? {
        rusqlite::types::ValueRef::Null => Ok(None),
        value => as_text(r, i, value).map(Some),
    }
}

/// `value`, read from column `i` of `r`, as text: the error [`Row::get`] gives for a `String`
/// when it is not.
fn as_text<'r>(
    r: &Row,
    i: usize,
    value: rusqlite::types::ValueRef<'r>,
) -> rusqlite::Result<&'r str> {
    match value {
        rusqlite::types::ValueRef::Text(t) => {
            std::str::from_utf8(t).map_err(|e| rusqlite::Error::Utf8Error(i, e))
        }
        other => Err(rusqlite::Error::InvalidColumnType(
            i,
            r.as_ref().column_name(i).unwrap_or_default().to_string(),
            other.data_type(),
        )),
    }
}

/// A stored status, as [`request_from_row`] reads it (exact spellings found at once).
fn stored_status(s: &str) -> Status {
    Status::ALL
        .iter()
        .copied()
        .find(|v| v.as_str() == s)
        .unwrap_or_else(|| s.parse().unwrap_or(Status::Draft))
}

fn brief_from_row<'r>(r: &'r Row, columns: BriefColumns) -> rusqlite::Result<Brief<'r>> {
    let more = match columns {
        BriefColumns::Listing | BriefColumns::Table => None,
        BriefColumns::Export => Some(BriefMore {
            uid: text(r, 19)?,
            template: text(r, 20)?,
            fees_requested_cents: r.get(21)?,
            fees_paid_cents: r.get(22)?,
            last_event_kind: opt_text(r, 23)?,
            last_event_on: date(r, 24)?,
            completed_on: date(r, 25)?,
            answered_on_time: r.get(26)?,
            about: opt_text(r, 27)?,
        }),
    };
    Ok(Brief {
        id: r.get(0)?,
        agency_id: r.get(1)?,
        title: text(r, 2)?,
        tracking_number: opt_text(r, 3)?,
        filed_on: date(r, 4)?,
        clocks: Clocks {
            status: stored_status(text(r, 5)?),
            due_on: date(r, 6)?,
            due_clock: opt_text(r, 7)?,
            ack_due_on: date(r, 8)?,
            ack_clock: opt_text(r, 9)?,
            needs_review: r.get(10)?,
            has_conflicts: r.get(11)?,
            waiting_since: date(r, 12)?,
            paused_since: date(r, 13)?,
            paused_days: r.get(14)?,
        },
        agency_slug: text(r, 15)?,
        agency_name: text(r, 16)?,
        state: text(r, 17)?,
        batch: opt_text(r, 18)?,
        more,
    })
}

/// Requests matching `filter` (only those that may be late on `late_on`, when given, as
/// [`for_each_maybe_late`] picks them), ordered by id, each handed to `f` as a [`Brief`] of
/// `columns` while its row is read: a listing of any length allocates nothing per row here.
pub fn for_each_brief(
    conn: &Connection,
    filter: &Filter,
    late_on: Option<NaiveDate>,
    columns: BriefColumns,
    mut f: impl FnMut(&Brief<'_>) -> Result<()>,
) -> Result<()> {
    let (chosen, args) = filter_clause(filter, late_on);
    let (select, joins) = brief_select(columns);
    let sql = format!("SELECT {select} FROM requests r{joins}{chosen} ORDER BY r.id");
    let mut st = conn.prepare(&sql)?;
    let mut rows = st.query(rusqlite::params_from_iter(args.iter()))?;
    while let Some(row) = rows.next().context("listing requests")? {
        let brief = brief_from_row(row, columns).context("listing requests")?;
        f(&brief)?;
    }
    Ok(())
}

/// Of the requests matching `filter`: how many the agency waits on us for (a fee, a question),
/// and how many have a reply nobody has acted on.
///
/// Each is counted from an index of just those requests (the waiting statuses, and the partial
/// index of the requests with a reply to read, schema version 10), with the filter's conditions
/// checked on them: the count costs what it finds, not the number of open requests.
pub fn count_waiting_and_review(conn: &Connection, filter: &Filter) -> Result<(i64, i64)> {
    let (terms, args) = filter_terms(filter);
    let agencies = if filter.states.is_empty() {
        ""
    } else {
        " JOIN agencies a ON a.id = r.agency_id"
    };
    let sql = format!(
        "SELECT (SELECT count(*) FROM requests r{agencies} \
                 WHERE r.status IN ('fee-requested', 'clarification-needed'){terms}), \
                (SELECT coalesce(sum(r.needs_review), 0) FROM requests r \
                 INDEXED BY requests_to_review{agencies} WHERE r.needs_review{terms})"
    );
    conn.prepare(&sql)?
        .query_row(rusqlite::params_from_iter(args.iter()), |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .context("counting what waits on us")
}

/// The name of batch `id`.
pub fn batch_name(conn: &Connection, id: i64) -> Result<Option<String>> {
    conn.prepare_cached("SELECT name FROM batches WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()
        .context("looking up a batch")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::iso_date;

    #[test]
    fn the_open_statuses_of_the_indexes_are_the_open_statuses() {
        let open: Vec<String> = Status::ALL
            .iter()
            .filter(|s| s.is_open())
            .map(|s| format!("'{}'", s.as_str()))
            .collect();
        assert_eq!(OPEN_STATUSES_SQL, open.join(", "));
        let schema: String = crate::db::migrate::SCHEMA
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        for index in ["requests_open_by_due", "requests_open_by_ack_due"] {
            let at = schema.find(&format!("CREATE INDEX {index}")).unwrap();
            let def = &schema[at..at + schema[at..].find(';').unwrap()];
            assert!(def.ends_with(&format!("IN ({OPEN_STATUSES_SQL})")), "{def}");
        }
    }

    #[test]
    fn the_late_candidates_are_read_from_the_open_requests_indexes() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(crate::db::migrate::SCHEMA).unwrap();
        let filter = Filter {
            open_only: true,
            states: vec!["TX".into()],
            ..Default::default()
        };
        let today = NaiveDate::from_ymd_opt(2026, 11, 2).unwrap();
        let (chosen, args) = filter_clause(&filter, Some(today));
        let sql = format!(
            "EXPLAIN QUERY PLAN SELECT r.id FROM requests r JOIN agencies a ON a.id = r.agency_id{chosen}"
        );
        let mut st = conn.prepare(&sql).unwrap();
        let plan: Vec<String> = st
            .query_map(rusqlite::params_from_iter(args.iter()), |r| r.get(3))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let plan = plan.join("\n");
        assert!(plan.contains("requests_open_by_due"), "{plan}");
        assert!(plan.contains("requests_open_by_ack_due"), "{plan}");
    }

    #[test]
    fn a_tables_brief_is_the_listings_without_what_tables_leave_out() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(crate::db::migrate::SCHEMA).unwrap();
        conn.execute_batch(
            "INSERT INTO agencies (id, uid, slug, name, kind, state, created_at, updated_at)
                 VALUES (1, 'a1', 'one-tx', 'One County', 'sheriff', 'TX', 'now', 'now');
             INSERT INTO batches (id, uid, name, template, created_at)
                 VALUES (1, 'b1', 'spring', 'initial', 'now');
             INSERT INTO requests (uid, agency_id, batch_id, title, template, vars, created_at,
                 status, filed_on, due_on, due_clock, tracking_number, needs_review, conflicts)
                 VALUES ('r1', 1, 1, 'Jail logs', 'initial', '{}', 'now', 'filed', '2026-01-05',
                         '2026-02-02', 'response', 'T-1', 1, 'x'),
                        ('r2', 1, NULL, 'Budgets', 'initial', '{}', 'now', 'draft', NULL, NULL,
                         NULL, NULL, 0, NULL);",
        )
        .unwrap();
        let read = |columns| {
            let mut rows = Vec::new();
            for_each_brief(&conn, &Filter::default(), None, columns, |b| {
                rows.push(format!("{b:?}"));
                let mut table = *b;
                table.agency_name = "";
                table.tracking_number = None;
                table.batch = None;
                rows.push(format!("{table:?}"));
                Ok(())
            })
            .unwrap();
            rows
        };
        let listing = read(BriefColumns::Listing);
        let table = read(BriefColumns::Table);
        assert_eq!(listing.len(), 4);
        assert!(listing[0].contains("\"One County\"") && listing[0].contains("\"spring\""));
        for (l, t) in listing.chunks(2).zip(table.chunks(2)) {
            // The listing's row with the three fields emptied is the table's row.
            assert_eq!(l[1], t[0]);
        }
    }

    #[test]
    fn borrowed_text_reads_as_rusqlite_reads_a_string() {
        let conn = Connection::open_in_memory().unwrap();
        for sql in [
            "SELECT 'plain' AS c",
            "SELECT 'über 漢字' AS c",
            "SELECT '' AS c",
            "SELECT NULL AS c",
            "SELECT 12 AS c",
            "SELECT 2.5 AS c",
            "SELECT x'41' AS c",
            "SELECT CAST(x'ff41' AS TEXT) AS c",
        ] {
            let mine = conn
                .query_row(sql, [], |r| text(r, 0).map(str::to_string))
                .map_err(|e| e.to_string());
            let theirs = conn
                .query_row(sql, [], |r| r.get::<_, String>(0))
                .map_err(|e| e.to_string());
            assert_eq!(mine, theirs, "{sql}");
            let mine = conn
                .query_row(sql, [], |r| opt_text(r, 0).map(|t| t.map(str::to_string)))
                .map_err(|e| e.to_string());
            let theirs = conn
                .query_row(sql, [], |r| r.get::<_, Option<String>>(0))
                .map_err(|e| e.to_string());
            assert_eq!(mine, theirs, "{sql}");
        }
    }

    #[test]
    fn a_missing_or_odd_date_reads_as_rusqlite_reads_it() {
        let conn = Connection::open_in_memory().unwrap();
        for sql in [
            "SELECT NULL",
            "SELECT 20261102",
            "SELECT 2.5",
            "SELECT x'00'",
            "SELECT '2026-11-02'",
            "SELECT '2026-2-3'",
        ] {
            let mine = conn
                .query_row(sql, [], |r| date(r, 0))
                .map_err(|e| e.to_string());
            let theirs = conn
                .query_row(sql, [], |r| r.get::<_, Option<NaiveDate>>(0))
                .map_err(|e| e.to_string());
            assert_eq!(mine, theirs, "{sql}");
            let mine = conn
                .query_row(sql, [], |r| crate::db::required_date(r, 0))
                .map_err(|e| e.to_string());
            let theirs = conn
                .query_row(sql, [], |r| r.get::<_, NaiveDate>(0))
                .map_err(|e| e.to_string());
            assert_eq!(mine, theirs, "{sql}");
        }
    }

    /// The counts as they were taken before the index: every request the filter picks, read.
    fn counted_by_reading(conn: &Connection, filter: &Filter) -> (i64, i64) {
        let (chosen, args) = filter_clause(filter, None);
        let sql = format!(
            "SELECT coalesce(sum(r.status IN ('fee-requested', 'clarification-needed')), 0), \
             coalesce(sum(r.needs_review), 0) FROM requests r{chosen}"
        );
        conn.query_row(&sql, rusqlite::params_from_iter(args.iter()), |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap()
    }

    #[test]
    fn what_waits_on_us_is_counted_from_its_indexes_as_by_reading_every_request() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(crate::db::migrate::SCHEMA).unwrap();
        conn.execute_batch(
            "INSERT INTO agencies (id, uid, slug, name, kind, state, created_at, updated_at)
                 VALUES (1, 'a1', 'one-tx', 'One', 'sheriff', 'TX', 'now', 'now'),
                        (2, 'a2', 'two-nc', 'Two', 'sheriff', 'NC', 'now', 'now');
             INSERT INTO batches (id, uid, name, template, created_at)
                 VALUES (1, 'b1', 'b', 'initial', 'now');",
        )
        .unwrap();
        let statuses = [
            "draft",
            "filed",
            "acknowledged",
            "clarification-needed",
            "fee-requested",
            "completed",
            "denied",
            "appealed",
        ];
        let mut st = conn
            .prepare(
                "INSERT INTO requests (uid, agency_id, batch_id, title, template, vars, created_at, \
                 status, needs_review) VALUES (?1, ?2, ?3, 't', 'initial', '{}', 'now', ?4, ?5)",
            )
            .unwrap();
        for i in 0..96i64 {
            let batch = (i % 3 == 0).then_some(1);
            let review = i64::from(i % 5 == 0 || i % 7 == 0);
            st.execute(params![
                format!("r{i}"),
                1 + i % 2,
                batch,
                statuses[i as usize % statuses.len()],
                review
            ])
            .unwrap();
        }
        let filters = [
            Filter::default(),
            Filter {
                open_only: true,
                ..Default::default()
            },
            Filter {
                open_only: true,
                states: vec!["TX".into()],
                ..Default::default()
            },
            Filter {
                open_only: true,
                batch_id: Some(1),
                states: vec!["NC".into(), "TX".into()],
                ..Default::default()
            },
            Filter {
                statuses: vec!["fee-requested".into(), "completed".into()],
                agency_ids: vec![2],
                ..Default::default()
            },
        ];
        for filter in &filters {
            let counted = count_waiting_and_review(&conn, filter).unwrap();
            assert_eq!(counted, counted_by_reading(&conn, filter), "{filter:?}");
        }
        let open = &filters[1];
        assert!(count_waiting_and_review(&conn, open).unwrap().1 > 0);
        // The requests with a reply to read come from their own index.
        let (terms, args) = filter_terms(open);
        let plan: Vec<String> = conn
            .prepare(&format!(
                "EXPLAIN QUERY PLAN SELECT count(*) FROM requests r \
                 INDEXED BY requests_to_review WHERE r.needs_review{terms}"
            ))
            .unwrap()
            .query_map(rusqlite::params_from_iter(args.iter()), |r| r.get(3))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert!(plan.join("\n").contains("requests_to_review"), "{plan:?}");
    }

    #[test]
    fn dates_read_directly_are_the_dates_chrono_reads() {
        for text in [
            "2026-11-02",
            "1999-01-31",
            "2024-02-29",
            "2023-02-29",
            "2026-13-01",
            "2026-00-10",
            "0000-01-01",
            "9999-12-31",
            "2026-1-02",
            "2026/11/02",
            "+2026-11-0",
            "2026-11-02 ",
            "",
        ] {
            let chrono = NaiveDate::parse_from_str(text, "%F").ok();
            // What it does not read is left to rusqlite, which reads it as before.
            if let Some(d) = iso_date(text.as_bytes()) {
                assert_eq!(Some(d), chrono, "{text}");
            }
        }
        let conn = Connection::open_in_memory().unwrap();
        for text in ["2026-11-02", "2026-2-3", "not a date"] {
            let mine = conn
                .query_row("SELECT ?1", [text], |r| date(r, 0))
                .map_err(|e| e.to_string());
            let theirs = conn
                .query_row("SELECT ?1", [text], |r| r.get::<_, Option<NaiveDate>>(0))
                .map_err(|e| e.to_string());
            assert_eq!(mine, theirs, "{text}");
        }
    }
}
