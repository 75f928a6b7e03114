-- Schema version 7: the open requests' due dates, indexed.
--
-- `overdue` reads the open requests whose due date or acknowledgment date has passed. Without
-- these indexes it read every open request (or every request with a due date, closed ones
-- included) to find them; with them it reads only those, so its cost follows the answer and not
-- the size of the archive. The statuses are those `Status::is_open` names, written out as the
-- queries write them (SQLite uses a partial index only for a query that repeats its condition).
CREATE INDEX requests_open_by_due ON requests (due_on)
    WHERE status IN ('filed', 'acknowledged', 'clarification-needed', 'fee-requested',
                     'extended', 'partial', 'appealed', 'appeal-granted');
CREATE INDEX requests_open_by_ack_due ON requests (ack_due_on)
    WHERE status IN ('filed', 'acknowledged', 'clarification-needed', 'fee-requested',
                     'extended', 'partial', 'appealed', 'appeal-granted');
