-- Schema version 8: what a team shares, and how each laptop keeps track of it.
--
-- Each laptop (a replica) keeps its own file and sends what is new in numbered bundles through
-- storage the team already has (`docket sync`). A database that never joins a team uses none
-- of this beyond the history of agency edits and the order of events.

-- The order every replica replays a request's events in: the day it happened, then this
-- logical clock, then the uid. Events recorded before this version keep their order (clock =
-- id); the trigger is lifted for that one update. It comes back allowing one change only: a
-- sync merging two records of one event (one reply ingested on two laptops) to the earlier
-- clock, so that every replica orders it alike; what the event says is never changed.
ALTER TABLE events ADD COLUMN clock INTEGER NOT NULL DEFAULT 0;
ALTER TABLE events ADD COLUMN recorded_by TEXT;  -- the member's uid, in a team
DROP TRIGGER events_are_append_only_update;
UPDATE events SET clock = id;
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

-- Events a merged history holds that the state machine refuses in replay (two people logging
-- 'complete' and 'deny' offline), comma-separated uids, until one of them is voided.
ALTER TABLE requests ADD COLUMN conflicts TEXT;

-- Documents held by a request travel as rows of their own.
ALTER TABLE request_documents ADD COLUMN uid TEXT;
UPDATE request_documents SET uid = lower(hex(randomblob(16)));
CREATE UNIQUE INDEX request_documents_by_uid ON request_documents (uid);

-- One row: the logical clock, the member writing on this laptop, and whether a sync is
-- importing (then the triggers below record nothing: what arrives was recorded where it was made).
CREATE TABLE sync_state (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    importing   INTEGER NOT NULL DEFAULT 0 CHECK (importing IN (0, 1)),
    clock       INTEGER NOT NULL DEFAULT 0,
    member_uid  TEXT
) STRICT;
INSERT INTO sync_state (id, clock) VALUES (1, (SELECT coalesce(max(id), 0) FROM events));

-- Every value an agency's field has been given, by whom and when: the latest edit of a field
-- is its value, on every replica; none is ever removed.
CREATE TABLE agency_edits (
    id          INTEGER PRIMARY KEY,
    uid         TEXT NOT NULL UNIQUE,
    agency_uid  TEXT NOT NULL,
    field       TEXT NOT NULL,
    value       TEXT,
    edited_at   TEXT NOT NULL,
    clock       INTEGER NOT NULL,
    member_uid  TEXT
) STRICT;
CREATE INDEX agency_edits_by_field ON agency_edits (agency_uid, field);

-- The agencies already here: each field's value as of now, as their first edit.
INSERT INTO agency_edits (uid, agency_uid, field, value, edited_at, clock, member_uid)
SELECT lower(hex(randomblob(16))), a.uid, f.field, f.value, a.updated_at, 0, NULL
FROM agencies a
JOIN (SELECT id AS aid, 'slug' AS field, slug AS value FROM agencies
      UNION ALL SELECT id, 'name', name FROM agencies
      UNION ALL SELECT id, 'kind', kind FROM agencies
      UNION ALL SELECT id, 'county', county FROM agencies
      UNION ALL SELECT id, 'email', email FROM agencies
      UNION ALL SELECT id, 'portal_url', portal_url FROM agencies
      UNION ALL SELECT id, 'mailing_address', mailing_address FROM agencies
      UNION ALL SELECT id, 'phone', phone FROM agencies
      UNION ALL SELECT id, 'records_officer', records_officer FROM agencies
      UNION ALL SELECT id, 'notes', notes FROM agencies) AS f ON f.aid = a.id
WHERE f.value IS NOT NULL;

CREATE TRIGGER agencies_edits_insert AFTER INSERT ON agencies
WHEN (SELECT importing FROM sync_state) = 0
BEGIN
    UPDATE sync_state SET clock = clock + 1;
    INSERT INTO agency_edits (uid, agency_uid, field, value, edited_at, clock, member_uid)
    SELECT lower(hex(randomblob(16))), NEW.uid, f, v, NEW.updated_at,
           (SELECT clock FROM sync_state), (SELECT member_uid FROM sync_state)
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
    SELECT lower(hex(randomblob(16))), NEW.uid, f, v, NEW.updated_at,
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
    last_sync_at TEXT
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
    uid  TEXT PRIMARY KEY
) STRICT, WITHOUT ROWID;

-- Shared drafts discarded here, to be told to the others.
CREATE TABLE sync_discards (
    uid   TEXT PRIMARY KEY,
    sent  INTEGER NOT NULL DEFAULT 0 CHECK (sent IN (0, 1))
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
END;
