-- Schema version 2: a request carries several conditions at once, and the letters docket sent
-- are kept.
--
-- requests.flags: every condition as of the last change (comma-separated); the views compute
-- them for today. requests.waiting_since: the day the agency began waiting on us (a fee to pay
-- or contest, a question to answer). requests.paused_since: the day a pause still open began
-- (paused_days counts the business days of the pauses that ended). requests.final_answer: the
-- agency's last final answer (complete, deny, no-records), kept while an appeal runs.
-- request_documents.role: 'sent' for the exact letter docket sent with a filing, follow-up or
-- appeal event.
ALTER TABLE requests ADD COLUMN flags TEXT;
ALTER TABLE requests ADD COLUMN waiting_since TEXT;
ALTER TABLE requests ADD COLUMN paused_since TEXT;
ALTER TABLE requests ADD COLUMN final_answer TEXT;
ALTER TABLE request_documents ADD COLUMN role TEXT;
CREATE INDEX request_documents_by_event ON request_documents (event_id);
-- The new columns are derived: forgetting the rule table's hash makes docket rewrite it and
-- recompute every filed request when it next opens the file.
DELETE FROM meta WHERE key = 'rules_sha256';

DROP VIEW agency_scorecard;
DROP VIEW overdue_requests;
DROP VIEW request_status;

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
