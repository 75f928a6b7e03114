-- docket: the whole schema of the newest version.
-- A new database is created from this file; an older one is brought here by the migrations in
-- src/db/migrate.rs. The version lives in PRAGMA user_version.
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
    clock INTEGER NOT NULL DEFAULT 0,   -- the logical clock of the import that left it so
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

-- The exemptions a denial cited, as the agency wrote them, in order.
CREATE TABLE event_exemptions (
    event_id   INTEGER NOT NULL REFERENCES events (id),
    position   INTEGER NOT NULL,
    exemption  TEXT NOT NULL,
    PRIMARY KEY (event_id, position)
) STRICT;

-- The agency a request is about, when it is sent to another (a FOIA to ICE about a sheriff).
CREATE TABLE request_subjects (
    request_id  INTEGER PRIMARY KEY REFERENCES requests (id),
    agency_id   INTEGER NOT NULL REFERENCES agencies (id)
) STRICT;

CREATE INDEX request_subjects_by_agency ON request_subjects (agency_id);

-- Built-in holidays a jurisdiction or one office works through: counted as business days.
CREATE TABLE open_days (
    id            INTEGER PRIMARY KEY,
    uid           TEXT NOT NULL UNIQUE,
    jurisdiction  TEXT,
    agency_id     INTEGER REFERENCES agencies (id),
    on_date       TEXT NOT NULL,
    name          TEXT NOT NULL,  -- the holiday's name, as the built-in calendar gives it
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
    paused_days      INTEGER NOT NULL DEFAULT 0,   -- business days paused in pauses that ended
    first_response_on   TEXT,      -- the agency's first answer of any kind
    first_response_days INTEGER,   -- business days to it, paused days excluded
    completed_on        TEXT,      -- the final answer (complete, deny, no-records)
    completion_days     INTEGER,   -- business days to it, paused days excluded
    answered_on_time    INTEGER,   -- 1 or 0 once answered under a statutory clock; NULL otherwise
    fees_requested_cents INTEGER NOT NULL DEFAULT 0,
    fees_paid_cents      INTEGER NOT NULL DEFAULT 0,
    last_event_kind  TEXT,
    last_event_on    TEXT,
    last_event_id    INTEGER,
    flags            TEXT,    -- every condition as of the last change, comma-separated
    waiting_since    TEXT,    -- the agency waits on us since: a fee, a question
    paused_since     TEXT,    -- a pause still open began (paused_days: the pauses that ended)
    final_answer     TEXT,    -- the last final answer: complete, deny, no-records
    conflicts TEXT            -- events a merged history holds that replay refuses, by uid
) STRICT;
CREATE INDEX requests_by_agency ON requests (agency_id);
CREATE INDEX requests_by_batch ON requests (batch_id);
CREATE INDEX requests_by_status ON requests (status);
CREATE INDEX requests_by_due ON requests (due_on) WHERE due_on IS NOT NULL;
-- The open requests' due dates (`overdue` reads only those that have passed). The statuses are
-- those `Status::is_open` names; a query repeats them to use these indexes.
CREATE INDEX requests_open_by_due ON requests (due_on)
    WHERE status IN ('filed', 'acknowledged', 'clarification-needed', 'fee-requested',
                     'extended', 'partial', 'appealed', 'appeal-granted');
CREATE INDEX requests_open_by_ack_due ON requests (ack_due_on)
    WHERE status IN ('filed', 'acknowledged', 'clarification-needed', 'fee-requested',
                     'extended', 'partial', 'appealed', 'appeal-granted');
-- The requests with a reply to read (`overdue` counts the open ones).
CREATE INDEX requests_to_review ON requests (status) WHERE needs_review;

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
    recorded_at   TEXT NOT NULL,
    clock INTEGER NOT NULL DEFAULT 0,   -- replay order within a day, the same on every replica
    recorded_by TEXT                    -- the member's uid, in a team
) STRICT;
CREATE INDEX events_by_request ON events (request_id, occurred_on, id);

CREATE TRIGGER events_are_append_only_update BEFORE UPDATE ON events
WHEN NOT ((SELECT importing FROM sync_state) = 1
          AND NEW.uid = OLD.uid AND NEW.request_id = OLD.request_id AND NEW.kind = OLD.kind
          AND NEW.occurred_on = OLD.occurred_on AND NEW.note IS OLD.note
          AND NEW.amount_cents IS OLD.amount_cents AND NEW.days IS OLD.days
          AND NEW.until IS OLD.until AND NEW.voids IS OLD.voids AND NEW.via IS OLD.via
          AND NEW.tracking IS OLD.tracking)
BEGIN
    SELECT RAISE(ABORT, 'events are append-only: record a void event instead of changing one');
END;

-- Drafts that were never filed may be discarded with their notes; nothing else is deleted. A
-- request whose filing was voided was still filed once: it and its filing event are kept.
CREATE TRIGGER events_are_append_only_delete BEFORE DELETE ON events
WHEN (SELECT status FROM requests WHERE id = OLD.request_id) IS NOT 'draft'
  OR OLD.kind = 'filed'
BEGIN
    SELECT RAISE(ABORT, 'events are append-only: record a void event instead of deleting one');
END;

CREATE TRIGGER filed_requests_are_kept BEFORE DELETE ON requests
WHEN OLD.status <> 'draft'
  OR EXISTS (SELECT 1 FROM events WHERE request_id = OLD.id AND kind = 'filed')
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
    added_at     TEXT NOT NULL,
    role         TEXT,   -- 'sent': the exact letter docket sent with that event
    uid TEXT
) STRICT;
CREATE INDEX request_documents_by_request ON request_documents (request_id);
CREATE INDEX request_documents_by_event ON request_documents (event_id);
CREATE UNIQUE INDEX request_documents_by_uid ON request_documents (uid);
-- A document link written without a uid (by SQL from outside docket) gets one.
CREATE TRIGGER request_documents_get_a_uid AFTER INSERT ON request_documents
WHEN NEW.uid IS NULL
BEGIN
    UPDATE request_documents SET uid = lower(hex(randomblob(16))) WHERE id = NEW.id;
    INSERT OR IGNORE INTO sync_outbox (uid)
    SELECT uid FROM request_documents WHERE id = NEW.id
      AND (SELECT importing FROM sync_state) = 0 AND EXISTS (SELECT 1 FROM team);
END;

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

-- For people who open the database in sqlite3 or Datasette: one row per request, with its
-- conditions computed for the real date of the machine (SQLite's date('now'), in UTC: a view
-- cannot take docket's --today). `flags` lists every condition that holds, comma-separated, in
-- the order docket shows them; `flag` is the first. Lateness comes from the law and the
-- calendar alone: a reply waiting to be read never hides it.
CREATE VIEW request_status AS
SELECT s.*,
       CASE WHEN s.flags = '' THEN NULL
            WHEN instr(s.flags, ',') > 0 THEN substr(s.flags, 1, instr(s.flags, ',') - 1)
            ELSE s.flags
       END AS flag,
       CAST(julianday('now', 'start of day') - julianday(s.late_since) AS INTEGER)
           AS calendar_days_late
FROM (
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
           r.ack_due_on,
           r.ack_clock,
           rtrim(
               CASE WHEN (r.due_on < date('now') AND r.due_clock IN ('response', 'appeal-decision'))
                      OR (r.ack_due_on < date('now') AND r.ack_clock = 'certify')
                    THEN 'overdue,' ELSE '' END ||
               CASE WHEN r.ack_due_on < date('now') AND r.ack_clock = 'ack'
                    THEN 'ack-overdue,' ELSE '' END ||
               CASE WHEN r.due_on < date('now') AND r.due_clock = 'followup'
                    THEN 'follow-up,' ELSE '' END ||
               CASE WHEN r.status IN ('fee-requested', 'clarification-needed')
                    THEN 'waiting-on-us,' ELSE '' END ||
               CASE WHEN r.needs_review THEN 'needs-review,' ELSE '' END ||
               CASE WHEN r.due_on >= date('now') AND r.due_clock = 'appeal-window'
                    THEN 'appeal-deadline,' ELSE '' END,
               ',') AS flags,
           -- The date the first late clock was due: the statutory one first.
           CASE WHEN r.due_on < date('now') AND r.due_clock IN ('response', 'appeal-decision')
                THEN r.due_on
                WHEN r.ack_due_on < date('now') THEN r.ack_due_on
                WHEN r.due_on < date('now') AND r.due_clock = 'followup' THEN r.due_on
           END AS late_since,
           r.waiting_since,
           r.tracking_number,
           -- Business days paused in pauses that have ended; a pause still open started on
           -- paused_since (docket's own figures add its days with the office's calendar).
           r.paused_days AS paused_business_days_ended,
           r.paused_since
    FROM requests r
    JOIN agencies a ON a.id = r.agency_id
    LEFT JOIN batches b ON b.id = r.batch_id
) s;

-- The requests with a missed clock (statutory, acknowledgment, or a follow-up target where the
-- law sets no date), whatever else is true of them.
CREATE VIEW overdue_requests AS
SELECT * FROM request_status
WHERE ',' || flags || ',' LIKE '%,overdue,%'
   OR ',' || flags || ',' LIKE '%,ack-overdue,%'
   OR ',' || flags || ',' LIKE '%,follow-up,%'
ORDER BY coalesce(late_since, due_on);

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
       coalesce(sum(r.final_answer = 'complete'), 0) AS completed,
       sum(r.status = 'partial') AS partial,
       coalesce(sum(r.final_answer = 'deny'), 0) AS denied,
       coalesce(sum(r.final_answer = 'no-records'), 0) AS no_records,
       sum(r.status = 'withdrawn') AS withdrawn,
       coalesce(sum(',' || s.flags || ',' LIKE '%,overdue,%' OR ',' || s.flags || ',' LIKE '%,ack-overdue,%'), 0) AS overdue_now,
       round(avg(r.first_response_days), 1) AS avg_first_response_days,
       round(avg(r.completion_days), 1) AS avg_completion_days,
       -- Of the requests whose answer was due under a statutory clock: answered by it, or
       -- (still open) overdue now; NULL while none is decided.
       round(avg(CASE WHEN r.answered_on_time IS NOT NULL THEN r.answered_on_time
                      WHEN ',' || s.flags || ',' LIKE '%,overdue,%' THEN 0 END), 2) AS on_time_share,
       sum(r.fees_requested_cents) / 100.0 AS fees_requested,
       sum(r.fees_paid_cents) / 100.0 AS fees_paid
FROM requests r
JOIN agencies a ON a.id = r.agency_id
JOIN request_status s ON s.id = r.id
GROUP BY a.id
ORDER BY a.state, a.name;

-- Team sync (`docket team`, `docket sync`): see migrations/0008-team-sync.sql.

-- One row: the logical clock, the member writing on this laptop, and whether a sync is
-- importing (then the triggers below record nothing: what arrives was recorded where it was made).
CREATE TABLE sync_state (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    importing   INTEGER NOT NULL DEFAULT 0 CHECK (importing IN (0, 1)),
    clock       INTEGER NOT NULL DEFAULT 0,
    member_uid  TEXT
) STRICT;
INSERT INTO sync_state (id, clock) VALUES (1, 0);

-- Every value an agency's field has been given, by whom and when: the value of a field is the
-- latest of its highest rank (2 a member's edit, 1 the value the office was created with, 0
-- docket's built-in value), on every replica; none is ever removed.
CREATE TABLE agency_edits (
    id          INTEGER PRIMARY KEY,
    uid         TEXT NOT NULL UNIQUE,
    agency_uid  TEXT NOT NULL,
    field       TEXT NOT NULL,
    value       TEXT,
    edited_at   TEXT NOT NULL,
    clock       INTEGER NOT NULL,
    member_uid  TEXT,
    rank INTEGER NOT NULL DEFAULT 2
) STRICT;
CREATE INDEX agency_edits_by_field ON agency_edits (agency_uid, field);

CREATE TRIGGER agencies_edits_insert AFTER INSERT ON agencies
WHEN (SELECT importing FROM sync_state) = 0
BEGIN
    UPDATE sync_state SET clock = clock + 1;
    INSERT INTO agency_edits (uid, agency_uid, field, value, edited_at, clock, member_uid, rank)
    SELECT lower(hex(randomblob(16))), NEW.uid, f, v,
           max(NEW.updated_at, coalesce((SELECT max(x.edited_at) FROM agency_edits x
                                        WHERE x.agency_uid = NEW.uid AND x.field = f), '')),
           (SELECT clock FROM sync_state), (SELECT member_uid FROM sync_state), 1
    FROM (SELECT 'slug' AS f, NEW.slug AS v UNION ALL SELECT 'name', NEW.name
          UNION ALL SELECT 'kind', NEW.kind UNION ALL SELECT 'county', NEW.county
          UNION ALL SELECT 'email', NEW.email UNION ALL SELECT 'portal_url', NEW.portal_url
          UNION ALL SELECT 'mailing_address', NEW.mailing_address
          UNION ALL SELECT 'phone', NEW.phone
          UNION ALL SELECT 'records_officer', NEW.records_officer
          UNION ALL SELECT 'notes', NEW.notes)
    WHERE v IS NOT NULL;
END;

CREATE TRIGGER agencies_edits_update AFTER UPDATE ON agencies
WHEN (SELECT importing FROM sync_state) = 0
BEGIN
    UPDATE sync_state SET clock = clock + 1;
    INSERT INTO agency_edits (uid, agency_uid, field, value, edited_at, clock, member_uid)
    SELECT lower(hex(randomblob(16))), NEW.uid, f, v,
           max(NEW.updated_at, coalesce((SELECT max(x.edited_at) FROM agency_edits x
                                        WHERE x.agency_uid = NEW.uid AND x.field = f), '')),
           (SELECT clock FROM sync_state), (SELECT member_uid FROM sync_state)
    FROM (SELECT 'slug' AS f, NEW.slug AS v, OLD.slug IS NOT NEW.slug AS changed
          UNION ALL SELECT 'name', NEW.name, OLD.name IS NOT NEW.name
          UNION ALL SELECT 'kind', NEW.kind, OLD.kind IS NOT NEW.kind
          UNION ALL SELECT 'county', NEW.county, OLD.county IS NOT NEW.county
          UNION ALL SELECT 'email', NEW.email, OLD.email IS NOT NEW.email
          UNION ALL SELECT 'portal_url', NEW.portal_url, OLD.portal_url IS NOT NEW.portal_url
          UNION ALL SELECT 'mailing_address', NEW.mailing_address,
                           OLD.mailing_address IS NOT NEW.mailing_address
          UNION ALL SELECT 'phone', NEW.phone, OLD.phone IS NOT NEW.phone
          UNION ALL SELECT 'records_officer', NEW.records_officer,
                           OLD.records_officer IS NOT NEW.records_officer
          UNION ALL SELECT 'notes', NEW.notes, OLD.notes IS NOT NEW.notes)
    WHERE changed;
END;

-- The team this replica belongs to (none until `docket team init` or `join`).
CREATE TABLE team (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    team_uid     TEXT NOT NULL,
    medium       TEXT NOT NULL,   -- a folder path or s3://bucket/prefix
    endpoint     TEXT,            -- an S3-compatible host other than AWS
    team_key     TEXT NOT NULL,   -- the shared key, base64
    replica_uid  TEXT NOT NULL,   -- this laptop's prefix on the medium
    signing_key  TEXT NOT NULL,   -- this member's private key, base64
    joined_at    TEXT NOT NULL,
    sent_seq     INTEGER NOT NULL DEFAULT 0,
    sent_hash    TEXT,
    last_sync_at TEXT,
    file_id TEXT,
    problems TEXT
) STRICT;

-- The team's members as their first bundle introduced them.
CREATE TABLE members (
    uid          TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    email        TEXT,
    public_key   TEXT NOT NULL,
    replica_uid  TEXT NOT NULL UNIQUE,
    joined_at    TEXT NOT NULL
) STRICT;

-- How far this replica has read each other replica's bundles.
CREATE TABLE sync_replicas (
    replica_uid  TEXT PRIMARY KEY,
    seq          INTEGER NOT NULL,
    hash         TEXT NOT NULL,
    synced_at    TEXT NOT NULL
) STRICT;

-- The uids this replica has sent or received: what is not here is new.
CREATE TABLE sync_known (
    uid  TEXT PRIMARY KEY,
    sent_in INTEGER
) STRICT, WITHOUT ROWID;

-- Shared drafts discarded here, to be told to the others.
CREATE TABLE sync_discards (
    uid   TEXT PRIMARY KEY,
    sent  INTEGER NOT NULL DEFAULT 0 CHECK (sent IN (0, 1)),
    body TEXT,
    held TEXT
) STRICT;

CREATE TRIGGER requests_discarded AFTER DELETE ON requests
WHEN (SELECT importing FROM sync_state) = 0
     AND EXISTS (SELECT 1 FROM sync_known WHERE uid = OLD.uid)
BEGIN
    INSERT OR IGNORE INTO sync_discards (uid) VALUES (OLD.uid);
END;

-- A message assigned to a request after it was shared is shared again.
CREATE TRIGGER messages_changed AFTER UPDATE ON messages
WHEN (SELECT importing FROM sync_state) = 0
BEGIN
    DELETE FROM sync_known WHERE uid = NEW.uid;
    INSERT OR IGNORE INTO sync_outbox (uid) SELECT NEW.uid WHERE EXISTS (SELECT 1 FROM team);
END;

-- Records that arrived before what they refer to (in a bundle still on its way, or one that
-- did not open): applied as soon as that is here. Two records of one thing are both kept.
CREATE TABLE "sync_parked" (
    uid      TEXT NOT NULL,
    op       TEXT NOT NULL,
    needs    TEXT NOT NULL,
    replica  TEXT NOT NULL,
    seq      INTEGER NOT NULL,
    PRIMARY KEY (uid, op)
) STRICT;

-- Members of a team this database was in before (kept when it leaves one): the events they
-- logged still say who, here and, as history, in a team it joins later.
CREATE TABLE former_members (
    uid    TEXT PRIMARY KEY,
    name   TEXT NOT NULL,
    email  TEXT
) STRICT;

-- Each laptop a member writes from: a database copied to another computer, or restored from a
-- backup, continues as a laptop of its own, signed with the same member's key.
CREATE TABLE member_replicas (
    replica_uid    TEXT PRIMARY KEY,
    member_uid     TEXT NOT NULL,
    since          TEXT NOT NULL,
    superseded_by  TEXT   -- the laptop that sent all of this one's records again (--republish)
) STRICT;

-- Every change of a jurisdiction's rule (`law set`), kept: the latest of a rule is the override
-- in force on every laptop (NULL overrides: back to docket's own rule).
CREATE TABLE law_edits (
    id          INTEGER PRIMARY KEY,
    uid         TEXT NOT NULL UNIQUE,
    code        TEXT NOT NULL,
    overrides   TEXT,
    edited_at   TEXT NOT NULL,
    clock       INTEGER NOT NULL,
    member_uid  TEXT
) STRICT;
CREATE INDEX law_edits_by_code ON law_edits (code);

-- An agreement made or changed here (a newer import) takes the next tick of the logical
-- clock, so that it stands over what this laptop had read, and is shared again.
CREATE TRIGGER agreements_made AFTER INSERT ON agreements
WHEN (SELECT importing FROM sync_state) = 0
BEGIN
    UPDATE sync_state SET clock = clock + 1;
    UPDATE agreements SET clock = (SELECT clock FROM sync_state) WHERE id = NEW.id;
END;
CREATE TRIGGER agreements_changed AFTER UPDATE ON agreements
WHEN (SELECT importing FROM sync_state) = 0
BEGIN
    UPDATE sync_state SET clock = clock + 1;
    UPDATE agreements SET clock = (SELECT clock FROM sync_state) WHERE id = NEW.id;
    DELETE FROM sync_known WHERE uid = NEW.uid;
    INSERT OR IGNORE INTO sync_outbox (uid) SELECT NEW.uid WHERE EXISTS (SELECT 1 FROM team);
END;

-- What this laptop made or changed since it last sent, in a team: what the next sync reads,
-- so that a sync's cost follows what is new, not the size of the tracker. Filled by the
-- triggers below, by a change shared again, and with every record when the database joins.
CREATE TABLE sync_outbox (
    uid  TEXT PRIMARY KEY
) STRICT, WITHOUT ROWID;

CREATE TRIGGER agency_edits_to_send AFTER INSERT ON agency_edits
WHEN (SELECT importing FROM sync_state) = 0 AND EXISTS (SELECT 1 FROM team)
BEGIN
    INSERT OR IGNORE INTO sync_outbox (uid) VALUES (NEW.uid);
END;
CREATE TRIGGER agreements_to_send AFTER INSERT ON agreements
WHEN (SELECT importing FROM sync_state) = 0 AND EXISTS (SELECT 1 FROM team)
BEGIN
    INSERT OR IGNORE INTO sync_outbox (uid) VALUES (NEW.uid);
END;
CREATE TRIGGER law_edits_to_send AFTER INSERT ON law_edits
WHEN (SELECT importing FROM sync_state) = 0 AND EXISTS (SELECT 1 FROM team)
BEGIN
    INSERT OR IGNORE INTO sync_outbox (uid) VALUES (NEW.uid);
END;
CREATE TRIGGER batches_to_send AFTER INSERT ON batches
WHEN (SELECT importing FROM sync_state) = 0 AND EXISTS (SELECT 1 FROM team)
BEGIN
    INSERT OR IGNORE INTO sync_outbox (uid) VALUES (NEW.uid);
END;
CREATE TRIGGER closures_to_send AFTER INSERT ON closures
WHEN (SELECT importing FROM sync_state) = 0 AND EXISTS (SELECT 1 FROM team)
BEGIN
    INSERT OR IGNORE INTO sync_outbox (uid) VALUES (NEW.uid);
END;
CREATE TRIGGER open_days_to_send AFTER INSERT ON open_days
WHEN (SELECT importing FROM sync_state) = 0 AND EXISTS (SELECT 1 FROM team)
BEGIN
    INSERT OR IGNORE INTO sync_outbox (uid) VALUES (NEW.uid);
END;
CREATE TRIGGER requests_to_send AFTER INSERT ON requests
WHEN (SELECT importing FROM sync_state) = 0 AND EXISTS (SELECT 1 FROM team)
BEGIN
    INSERT OR IGNORE INTO sync_outbox (uid) VALUES (NEW.uid);
END;
CREATE TRIGGER events_to_send AFTER INSERT ON events
WHEN (SELECT importing FROM sync_state) = 0 AND EXISTS (SELECT 1 FROM team)
BEGIN
    INSERT OR IGNORE INTO sync_outbox (uid) VALUES (NEW.uid);
END;
CREATE TRIGGER documents_to_send AFTER INSERT ON documents
WHEN (SELECT importing FROM sync_state) = 0 AND EXISTS (SELECT 1 FROM team)
BEGIN
    INSERT OR IGNORE INTO sync_outbox (uid) VALUES (NEW.uid);
END;
CREATE TRIGGER messages_to_send AFTER INSERT ON messages
WHEN (SELECT importing FROM sync_state) = 0 AND EXISTS (SELECT 1 FROM team)
BEGIN
    INSERT OR IGNORE INTO sync_outbox (uid) VALUES (NEW.uid);
END;
CREATE TRIGGER request_documents_to_send AFTER INSERT ON request_documents
WHEN NEW.uid IS NOT NULL AND (SELECT importing FROM sync_state) = 0
     AND EXISTS (SELECT 1 FROM team)
BEGIN
    INSERT OR IGNORE INTO sync_outbox (uid) VALUES (NEW.uid);
END;
