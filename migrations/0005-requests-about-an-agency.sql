-- Schema version 5: a request can be about another agency.
--
-- A FOIA request to ICE about a sheriff's 287(g) agreement is sent to ICE and is about the
-- sheriff's office: reports put it beside the state request to that office.
CREATE TABLE request_subjects (
    request_id  INTEGER PRIMARY KEY REFERENCES requests (id),
    agency_id   INTEGER NOT NULL REFERENCES agencies (id)
) STRICT;

CREATE INDEX request_subjects_by_agency ON request_subjects (agency_id);
