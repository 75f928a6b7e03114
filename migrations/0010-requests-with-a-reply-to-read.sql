-- Schema version 10: the requests with a reply to read, indexed.
--
-- `overdue` ends its table by counting the open requests that wait on us and those with a
-- reply nobody has acted on. The first are found from the index of statuses; for the second it
-- read every open request (the whole open archive, to find a handful). With this index it reads
-- only those requests, so the count costs what it finds.
CREATE INDEX requests_to_review ON requests (status) WHERE needs_review;
