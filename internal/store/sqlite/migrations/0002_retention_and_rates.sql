-- Retention purges by age; this keeps the purge from scanning the table.
-- (unanswered (asked_at) is indexed by 0003.)
CREATE INDEX deliveries_finished ON deliveries (finished_at);

-- The send schedule shared by every replica: for each scope (a platform's
-- global limit), the earliest moment, in Unix microseconds, at which the
-- next message may go. Reserving a slot moves it on by one interval.
CREATE TABLE rate_slots (
	scope   TEXT PRIMARY KEY,
	next_at BIGINT NOT NULL
);

-- Deliveries a replica acknowledged but could not answer before it
-- stopped (a Telegram webhook update cut off by the shutdown grace): the
-- platform will not send them again, so they wait here for a replica's
-- next start.
CREATE TABLE spooled_deliveries (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	scope      TEXT NOT NULL,
	payload    TEXT NOT NULL,
	spooled_at BIGINT NOT NULL
);
CREATE INDEX spooled_deliveries_scope ON spooled_deliveries (scope, id);
