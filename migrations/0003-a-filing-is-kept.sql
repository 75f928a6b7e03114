-- Schema version 3: a request once filed is never deleted, even when its filing was voided.
--
-- Voiding the filing made the request a draft again, and the draft's events could then be
-- deleted with it. The filing event itself is now never deleted, and a request that has one
-- is kept whatever its status.
DROP TRIGGER events_are_append_only_delete;
CREATE TRIGGER events_are_append_only_delete BEFORE DELETE ON events
WHEN (SELECT status FROM requests WHERE id = OLD.request_id) IS NOT 'draft'
  OR OLD.kind = 'filed'
BEGIN
    SELECT RAISE(ABORT, 'events are append-only: record a void event instead of deleting one');
END;

DROP TRIGGER filed_requests_are_kept;
CREATE TRIGGER filed_requests_are_kept BEFORE DELETE ON requests
WHEN OLD.status <> 'draft'
  OR EXISTS (SELECT 1 FROM events WHERE request_id = OLD.id AND kind = 'filed')
BEGIN
    SELECT RAISE(ABORT, 'a filed request is never deleted: log withdraw instead');
END;
