-- Schema version 4: a built-in holiday a jurisdiction or one office works through.
--
-- A county that stays open on a state holiday counts that day like any other business day.
-- The user's open days are kept apart from the built-in calendar, as closures are.
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
