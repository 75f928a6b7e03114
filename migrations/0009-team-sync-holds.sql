-- Schema version 9: what a team's sync needs to hold whatever happens between laptops: a
-- correction made to an office is never undone by a laptop that only created the office later;
-- every document link has a uid; records that arrive before what they refer to wait; a
-- discarded draft someone filed elsewhere comes back; a database copied or restored continues
-- as a laptop of its own; agreements and rule changes travel.
--

-- What this laptop made or changed since it last sent, in a team: what the next sync reads,
-- so that a sync's cost follows what is new, not the size of the tracker. Filled by the
-- triggers below, by a change shared again, and with every record when the database joins.
CREATE TABLE sync_outbox (
    uid  TEXT PRIMARY KEY
) STRICT, WITHOUT ROWID;

-- Every value an agency's field is given stays in agency_edits. The value in force is the
-- latest of the highest rank: 2 a member's edit (`agency edit`, a CSV that updates an office),
-- 1 the value an office was created with (typed, or imported), 0 docket's own value for the
-- federal offices it builds in. Before this version the latest of all won, so a member who
-- joined later (whose database made the built-in offices anew) or who imported ICE's list
-- before syncing gave the offices their first values back, over the team's corrections.
-- Values already shared take rank 1, as a laptop reading them from the bundles that carried
-- them (which say no rank) does; of the values never shared, each field's first value is its
-- creation and the later ones are edits.
ALTER TABLE agency_edits ADD COLUMN rank INTEGER NOT NULL DEFAULT 2;
UPDATE agency_edits SET rank = 1
WHERE EXISTS (SELECT 1 FROM sync_known k WHERE k.uid = agency_edits.uid)
   OR id IN (SELECT min(id) FROM agency_edits GROUP BY agency_uid, field);
DROP TRIGGER agencies_edits_insert;
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

-- A laptop's own edit of a field is stamped no earlier than the latest edit of it the laptop
-- knows, so that it stands over that edit everywhere even when this laptop's clock is behind
-- the laptop that made it (the logical clock then decides, and it is this edit's).
DROP TRIGGER agencies_edits_update;
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

-- A document link written without a uid (by SQL from outside docket) gets one, so that sync
-- can send it.
UPDATE request_documents SET uid = lower(hex(randomblob(16))) WHERE uid IS NULL;
CREATE TRIGGER request_documents_get_a_uid AFTER INSERT ON request_documents
WHEN NEW.uid IS NULL
BEGIN
    UPDATE request_documents SET uid = lower(hex(randomblob(16))) WHERE id = NEW.id;
    INSERT OR IGNORE INTO sync_outbox (uid)
    SELECT uid FROM request_documents WHERE id = NEW.id
      AND (SELECT importing FROM sync_state) = 0 AND EXISTS (SELECT 1 FROM team);
END;

-- The bundle of this laptop that carried each record it sent (NULL: a record received): what a
-- laptop sends again when it republishes.
ALTER TABLE sync_known ADD COLUMN sent_in INTEGER;

-- What a discarded shared draft held, as operations (JSON): a record for it from another laptop
-- (someone filed it there) brings it back with all it held.
ALTER TABLE sync_discards ADD COLUMN body TEXT;
-- The events and documents the discarding laptop saw on the draft (JSON list of uids): a
-- laptop that holds anything more keeps the draft.
ALTER TABLE sync_discards ADD COLUMN held TEXT;

-- Records that arrived before what they refer to (in a bundle still on its way, or one that
-- did not open): applied as soon as that is here.
CREATE TABLE sync_parked (
    uid      TEXT PRIMARY KEY,
    op       TEXT NOT NULL,
    needs    TEXT NOT NULL,
    replica  TEXT NOT NULL,
    seq      INTEGER NOT NULL
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
INSERT INTO member_replicas (replica_uid, member_uid, since)
SELECT replica_uid, uid, joined_at FROM members;

-- Which file this laptop's database is (host, device, inode, as the program reads them): a copy
-- or a restored backup is another file, and continues as a laptop of its own. The last sync's
-- problems, for `team status`.
ALTER TABLE team ADD COLUMN file_id TEXT;
ALTER TABLE team ADD COLUMN problems TEXT;

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
INSERT INTO law_edits (uid, code, overrides, edited_at, clock)
SELECT lower(hex(randomblob(16))), code, overrides, updated_at, 0 FROM jurisdiction_overrides;

ALTER TABLE agreements ADD COLUMN clock INTEGER NOT NULL DEFAULT 0;
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

-- A message assigned to a request after it was shared is shared again.
DROP TRIGGER messages_changed;
CREATE TRIGGER messages_changed AFTER UPDATE ON messages
WHEN (SELECT importing FROM sync_state) = 0
BEGIN
    DELETE FROM sync_known WHERE uid = NEW.uid;
    INSERT OR IGNORE INTO sync_outbox (uid) SELECT NEW.uid WHERE EXISTS (SELECT 1 FROM team);
END;

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

-- A database in a team already: what it has not sent yet.
INSERT OR IGNORE INTO sync_outbox (uid)
SELECT uid FROM agency_edits WHERE uid IS NOT NULL AND EXISTS (SELECT 1 FROM team)
  AND NOT EXISTS (SELECT 1 FROM sync_known k WHERE k.uid = agency_edits.uid);
INSERT OR IGNORE INTO sync_outbox (uid)
SELECT uid FROM agreements WHERE uid IS NOT NULL AND EXISTS (SELECT 1 FROM team)
  AND NOT EXISTS (SELECT 1 FROM sync_known k WHERE k.uid = agreements.uid);
INSERT OR IGNORE INTO sync_outbox (uid)
SELECT uid FROM law_edits WHERE uid IS NOT NULL AND EXISTS (SELECT 1 FROM team)
  AND NOT EXISTS (SELECT 1 FROM sync_known k WHERE k.uid = law_edits.uid);
INSERT OR IGNORE INTO sync_outbox (uid)
SELECT uid FROM batches WHERE uid IS NOT NULL AND EXISTS (SELECT 1 FROM team)
  AND NOT EXISTS (SELECT 1 FROM sync_known k WHERE k.uid = batches.uid);
INSERT OR IGNORE INTO sync_outbox (uid)
SELECT uid FROM closures WHERE uid IS NOT NULL AND EXISTS (SELECT 1 FROM team)
  AND NOT EXISTS (SELECT 1 FROM sync_known k WHERE k.uid = closures.uid);
INSERT OR IGNORE INTO sync_outbox (uid)
SELECT uid FROM open_days WHERE uid IS NOT NULL AND EXISTS (SELECT 1 FROM team)
  AND NOT EXISTS (SELECT 1 FROM sync_known k WHERE k.uid = open_days.uid);
INSERT OR IGNORE INTO sync_outbox (uid)
SELECT uid FROM requests WHERE uid IS NOT NULL AND EXISTS (SELECT 1 FROM team)
  AND NOT EXISTS (SELECT 1 FROM sync_known k WHERE k.uid = requests.uid);
INSERT OR IGNORE INTO sync_outbox (uid)
SELECT uid FROM events WHERE uid IS NOT NULL AND EXISTS (SELECT 1 FROM team)
  AND NOT EXISTS (SELECT 1 FROM sync_known k WHERE k.uid = events.uid);
INSERT OR IGNORE INTO sync_outbox (uid)
SELECT uid FROM documents WHERE uid IS NOT NULL AND EXISTS (SELECT 1 FROM team)
  AND NOT EXISTS (SELECT 1 FROM sync_known k WHERE k.uid = documents.uid);
INSERT OR IGNORE INTO sync_outbox (uid)
SELECT uid FROM request_documents WHERE uid IS NOT NULL AND EXISTS (SELECT 1 FROM team)
  AND NOT EXISTS (SELECT 1 FROM sync_known k WHERE k.uid = request_documents.uid);
INSERT OR IGNORE INTO sync_outbox (uid)
SELECT uid FROM messages WHERE uid IS NOT NULL AND EXISTS (SELECT 1 FROM team)
  AND NOT EXISTS (SELECT 1 FROM sync_known k WHERE k.uid = messages.uid);
