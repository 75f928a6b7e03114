-- docket: schema version 1, as first released. Frozen: later changes go in new migrations.
-- New databases are created from schema.sql; this file is kept so that the migrations, applied
-- in order, can be checked to lead to the same schema.
--
-- Dates are ISO text (YYYY-MM-DD), timestamps RFC 3339 text in UTC. Every row a team would
-- share carries `uid`, a UUIDv7, so that two people's databases can be merged without collisions.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE agencies (
    id              INTEGER PRIMARY KEY,
    uid             TEXT NOT NULL UNIQUE,
    slug            TEXT NOT NULL UNIQUE,
    name            TEXT NOT NULL CHECK (length(trim(name)) > 0),
    kind            TEXT NOT NULL DEFAULT 'sheriff'
                    CHECK (kind IN ('sheriff', 'police', 'jail', 'state', 'federal', 'other')),
    state           TEXT NOT NULL CHECK (length(state) = 2),
    county          TEXT,
    email           TEXT,
    portal_url      TEXT,
    mailing_address TEXT,
    phone           TEXT,
    records_officer TEXT,
    notes           TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    UNIQUE (state, name)
) STRICT;

-- 287(g) agreements (or other programs) held by an agency; one row per support type.
CREATE TABLE agreements (
    id            INTEGER PRIMARY KEY,
    uid           TEXT NOT NULL UNIQUE,
    agency_id     INTEGER NOT NULL REFERENCES agencies (id),
    program       TEXT NOT NULL DEFAULT '287g',
    support_type  TEXT NOT NULL DEFAULT '',
    status        TEXT NOT NULL DEFAULT 'signed' CHECK (status IN ('signed', 'pending')),
    signed_on     TEXT,
    signed_raw    TEXT,   -- the published text when it was not a readable date
    moa_url       TEXT,
    addendum_url  TEXT,
    source        TEXT,   -- which list it came from: 'ice-287g', 'csv', 'manual'
    listed        INTEGER NOT NULL DEFAULT 1 CHECK (listed IN (0, 1)),
    first_seen    TEXT NOT NULL,
    last_seen     TEXT NOT NULL,
    UNIQUE (agency_id, program, support_type)
) STRICT;
CREATE INDEX agreements_by_agency ON agreements (agency_id);

-- The built-in rule table, rewritten by the program when its rules change. Read-only for users:
-- their changes live in jurisdiction_overrides, so an upgrade never loses them.
CREATE TABLE jurisdictions (
    code      TEXT PRIMARY KEY,
    name      TEXT NOT NULL,
    law       TEXT NOT NULL,
    citation  TEXT NOT NULL,
    response  TEXT,            -- '7 business days', or NULL where the law sets no deadline
    verified  INTEGER NOT NULL CHECK (verified IN (0, 1)),
    source    TEXT NOT NULL,
    rule      TEXT NOT NULL    -- the whole rule as JSON
) STRICT;

CREATE TABLE jurisdiction_overrides (
    code        TEXT PRIMARY KEY,
    overrides   TEXT NOT NULL,  -- JSON: only the fields the user set
    updated_at  TEXT NOT NULL
) STRICT;

-- Extra closure days: for a whole jurisdiction or for one agency. They count like holidays.
CREATE TABLE closures (
    id            INTEGER PRIMARY KEY,
    uid           TEXT NOT NULL UNIQUE,
    jurisdiction  TEXT,
    agency_id     INTEGER REFERENCES agencies (id),
    on_date       TEXT NOT NULL,
    name          TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    CHECK ((jurisdiction IS NULL) <> (agency_id IS NULL)),
    UNIQUE (jurisdiction, agency_id, on_date)
) STRICT;

CREATE TABLE batches (
    id          INTEGER PRIMARY KEY,
    uid         TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL UNIQUE,
    template    TEXT NOT NULL,
    created_at  TEXT NOT NULL
) STRICT;

CREATE TABLE requests (
    id               INTEGER PRIMARY KEY,
    uid              TEXT NOT NULL UNIQUE,
    agency_id        INTEGER NOT NULL REFERENCES agencies (id),
    batch_id         INTEGER REFERENCES batches (id),
    title            TEXT NOT NULL,
    template         TEXT NOT NULL,
    vars             TEXT NOT NULL DEFAULT '{}',  -- JSON object of --set values
    followup_days    INTEGER,                     -- this request's own follow-up target
    created_at       TEXT NOT NULL,
    -- Derived from the events by the program, in the same transaction as every change.
    status           TEXT NOT NULL DEFAULT 'draft',
    filed_on         TEXT,
    filed_via        TEXT,
    tracking_number  TEXT,
    due_on           TEXT,    -- the date of the clock that matters now
    due_clock        TEXT,    -- which clock: response, followup, appeal-window, appeal-decision
    ack_due_on       TEXT,    -- a second, earlier clock still open: an acknowledgment or certification
    ack_clock        TEXT,    -- ack or certify
    flag             TEXT,    -- as of the last change; the request_status view computes it for today
    needs_review     INTEGER NOT NULL DEFAULT 0,
    paused_days      INTEGER NOT NULL DEFAULT 0,   -- business days the clock stood still
    first_response_on   TEXT,      -- the agency's first answer of any kind
    first_response_days INTEGER,   -- business days to it, paused days excluded
    completed_on        TEXT,      -- the final answer (complete, deny, no-records)
    completion_days     INTEGER,   -- business days to it, paused days excluded
    answered_on_time    INTEGER,   -- 1 or 0 once answered under a statutory clock; NULL otherwise
    fees_requested_cents INTEGER NOT NULL DEFAULT 0,
    fees_paid_cents      INTEGER NOT NULL DEFAULT 0,
    last_event_kind  TEXT,
    last_event_on    TEXT,
    last_event_id    INTEGER
) STRICT;
CREATE INDEX requests_by_agency ON requests (agency_id);
CREATE INDEX requests_by_batch ON requests (batch_id);
CREATE INDEX requests_by_status ON requests (status);
CREATE INDEX requests_by_due ON requests (due_on) WHERE due_on IS NOT NULL;

-- The append-only history. Nothing here is ever updated or deleted (see the triggers); a
-- mistake is corrected by a later 'void' event that names it.
CREATE TABLE events (
    id            INTEGER PRIMARY KEY,
    uid           TEXT NOT NULL UNIQUE,
    request_id    INTEGER NOT NULL REFERENCES requests (id),
    kind          TEXT NOT NULL,
    occurred_on   TEXT NOT NULL,
    note          TEXT,
    amount_cents  INTEGER,
    days          INTEGER,
    until         TEXT,
    voids         INTEGER REFERENCES events (id),
    via           TEXT,
    tracking      TEXT,    -- the agency's own number, when this event gave one
    recorded_at   TEXT NOT NULL
) STRICT;
CREATE INDEX events_by_request ON events (request_id, occurred_on, id);

CREATE TRIGGER events_are_append_only_update BEFORE UPDATE ON events
BEGIN
    SELECT RAISE(ABORT, 'events are append-only: record a void event instead of changing one');
END;

-- Drafts that were never filed may be discarded with their notes; nothing else is deleted.
CREATE TRIGGER events_are_append_only_delete BEFORE DELETE ON events
WHEN (SELECT status FROM requests WHERE id = OLD.request_id) IS NOT 'draft'
BEGIN
    SELECT RAISE(ABORT, 'events are append-only: record a void event instead of deleting one');
END;

CREATE TRIGGER filed_requests_are_kept BEFORE DELETE ON requests
WHEN OLD.status <> 'draft'
BEGIN
    SELECT RAISE(ABORT, 'a filed request is never deleted: log withdraw instead');
END;

-- Received files, stored once by content (SHA-256) in the documents folder beside the database.
CREATE TABLE documents (
    id            INTEGER PRIMARY KEY,
    uid           TEXT NOT NULL UNIQUE,
    sha256        TEXT NOT NULL UNIQUE,
    bytes         INTEGER NOT NULL,
    content_type  TEXT,
    stored_path   TEXT NOT NULL,   -- relative to the documents folder
    created_at    TEXT NOT NULL
) STRICT;

-- Which documents a request holds, under which name, and the event that brought them.
CREATE TABLE request_documents (
    id           INTEGER PRIMARY KEY,
    request_id   INTEGER NOT NULL REFERENCES requests (id),
    document_id  INTEGER NOT NULL REFERENCES documents (id),
    event_id     INTEGER REFERENCES events (id),
    name         TEXT NOT NULL,
    added_at     TEXT NOT NULL
) STRICT;
CREATE INDEX request_documents_by_request ON request_documents (request_id);

-- Every message `docket ingest` has read, matched or not, so that nothing is dropped and the
-- same message twice is recognised.
CREATE TABLE messages (
    id           INTEGER PRIMARY KEY,
    uid          TEXT NOT NULL UNIQUE,
    message_id   TEXT NOT NULL UNIQUE,
    request_id   INTEGER REFERENCES requests (id),
    event_id     INTEGER REFERENCES events (id),
    document_id  INTEGER REFERENCES documents (id),  -- the raw message
    from_addr    TEXT,
    subject      TEXT NOT NULL,
    sent_at      TEXT,
    origin       TEXT NOT NULL,
    matched_by   TEXT,
    reason       TEXT,   -- why it could not be matched
    ingested_at  TEXT NOT NULL
) STRICT;

-- For people who open the database in sqlite3 or Datasette: one row per request, with the flag
-- computed for today (the cached requests.flag is as of the last change).
CREATE VIEW request_status AS
SELECT r.id,
       r.uid,
       a.slug AS agency,
       a.name AS agency_name,
       a.state,
       b.name AS batch,
       r.title,
       r.status,
       r.filed_on,
       r.due_on,
       r.due_clock,
       CASE
           WHEN r.needs_review THEN 'needs-review'
           WHEN r.due_on < date('now') AND r.due_clock IN ('response', 'appeal-decision') THEN 'overdue'
           WHEN r.ack_due_on < date('now') AND r.ack_clock = 'certify' THEN 'overdue'
           WHEN r.ack_due_on < date('now') THEN 'ack-overdue'
           WHEN r.due_on < date('now') AND r.due_clock = 'followup' THEN 'follow-up'
           WHEN r.due_on >= date('now') AND r.due_clock = 'appeal-window' THEN 'appeal-deadline'
       END AS flag,
       CASE WHEN r.due_on < date('now') AND r.due_clock <> 'appeal-window'
            THEN CAST(julianday('now', 'start of day') - julianday(r.due_on) AS INTEGER)
       END AS calendar_days_late,
       r.tracking_number,
       r.paused_days
FROM requests r
JOIN agencies a ON a.id = r.agency_id
LEFT JOIN batches b ON b.id = r.batch_id;

CREATE VIEW overdue_requests AS
SELECT * FROM request_status
WHERE flag IN ('overdue', 'ack-overdue', 'follow-up')
ORDER BY due_on;

-- One row per agency that has at least one request: the figures plain SQL can give, with
-- 'today' taken as date('now') through request_status. Business-day medians and percentiles
-- need the holiday calendars: `docket stats --by agency` has them.
CREATE VIEW agency_scorecard AS
SELECT a.id AS agency_id,
       a.slug AS agency,
       a.name AS agency_name,
       a.state,
       a.kind,
       count(*) AS requests,
       sum(r.status <> 'draft') AS filed,
       sum(r.status IN ('filed', 'acknowledged', 'clarification-needed', 'fee-requested',
                        'extended', 'partial', 'appealed', 'appeal-granted')) AS open,
       sum(r.status = 'completed') AS completed,
       sum(r.status = 'partial') AS partial,
       sum(r.status IN ('denied', 'appeal-denied')) AS denied,
       sum(r.status = 'no-records') AS no_records,
       sum(r.status = 'withdrawn') AS withdrawn,
       sum(ifnull(s.flag, '') IN ('overdue', 'ack-overdue')) AS overdue_now,
       round(avg(r.first_response_days), 1) AS avg_first_response_days,
       round(avg(r.completion_days), 1) AS avg_completion_days,
       -- Of the requests whose answer was due under a statutory clock: answered by it, or
       -- (still open) overdue now; NULL while none is decided.
       round(avg(CASE WHEN r.answered_on_time IS NOT NULL THEN r.answered_on_time
                      WHEN s.flag = 'overdue' THEN 0 END), 2) AS on_time_share,
       sum(r.fees_requested_cents) / 100.0 AS fees_requested,
       sum(r.fees_paid_cents) / 100.0 AS fees_paid
FROM requests r
JOIN agencies a ON a.id = r.agency_id
JOIN request_status s ON s.id = r.id
GROUP BY a.id
ORDER BY a.state, a.name;
