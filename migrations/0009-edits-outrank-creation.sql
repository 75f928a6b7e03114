-- Schema version 9: a correction made to an office is never undone by a laptop that only
-- created the office later; and every document link has a uid.
--
-- Every value an agency's field is given stays in agency_edits. The value in force is the
-- latest of the highest rank: 2 a member's edit (`agency edit`, a CSV that updates an office),
-- 1 the value an office was created with (typed, or imported), 0 docket's own value for the
-- federal offices it builds in. Before this version the latest of all won, so a member who
-- joined later (whose database made the built-in offices anew) or who imported ICE's list
-- before syncing gave the offices their first values back, over the team's corrections.
-- Values already shared keep rank 2, as the laptops that read them from the bundles that
-- carried them do; of the values never shared, each field's first value is its creation.
ALTER TABLE agency_edits ADD COLUMN rank INTEGER NOT NULL DEFAULT 2;
UPDATE agency_edits SET rank = 1
WHERE id IN (SELECT min(id) FROM agency_edits GROUP BY agency_uid, field)
  AND NOT EXISTS (SELECT 1 FROM sync_known k WHERE k.uid = agency_edits.uid);
DROP TRIGGER agencies_edits_insert;
CREATE TRIGGER agencies_edits_insert AFTER INSERT ON agencies
WHEN (SELECT importing FROM sync_state) = 0
BEGIN
    UPDATE sync_state SET clock = clock + 1;
    INSERT INTO agency_edits (uid, agency_uid, field, value, edited_at, clock, member_uid, rank)
    SELECT lower(hex(randomblob(16))), NEW.uid, f, v, NEW.updated_at,
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

-- A document link written without a uid (by SQL from outside docket) gets one, so that sync
-- can send it.
UPDATE request_documents SET uid = lower(hex(randomblob(16))) WHERE uid IS NULL;
CREATE TRIGGER request_documents_get_a_uid AFTER INSERT ON request_documents
WHEN NEW.uid IS NULL
BEGIN
    UPDATE request_documents SET uid = lower(hex(randomblob(16))) WHERE id = NEW.id;
END;
