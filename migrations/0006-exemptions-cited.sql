-- Schema version 6: the exemptions a denial cited, as the agency wrote them.
--
-- An appeal answers the grounds the agency gave (Pennsylvania's Office of Open Records dismisses
-- one that does not): `log ID deny --exemption "7(E)"` keeps each cited exemption with its event.
CREATE TABLE event_exemptions (
    event_id   INTEGER NOT NULL REFERENCES events (id),
    position   INTEGER NOT NULL,
    exemption  TEXT NOT NULL,
    PRIMARY KEY (event_id, position)
) STRICT;
