-- Schema version 11: every record kept aside, not one a uid.
--
-- Two records of one thing (a reply ingested on two laptops, an agreement imported on two) can
-- both arrive before what they refer to. `sync_parked` kept one a uid, the one read last, so a
-- laptop that read the bundles in another order could keep another record than the rest. Both
-- are kept now, and both applied when what they wait for is here: the merge that applies them
-- keeps the same one whatever the order.
CREATE TABLE sync_parked_all (
    uid      TEXT NOT NULL,
    op       TEXT NOT NULL,
    needs    TEXT NOT NULL,
    replica  TEXT NOT NULL,
    seq      INTEGER NOT NULL,
    PRIMARY KEY (uid, op)
) STRICT;
INSERT INTO sync_parked_all (uid, op, needs, replica, seq)
    SELECT uid, op, needs, replica, seq FROM sync_parked ORDER BY rowid;
DROP TABLE sync_parked;
ALTER TABLE sync_parked_all RENAME TO sync_parked;
