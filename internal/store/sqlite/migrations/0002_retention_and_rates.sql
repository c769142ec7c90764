-- Retention purges by age; these keep the purge from scanning the tables.
CREATE INDEX deliveries_finished ON deliveries (finished_at);
CREATE INDEX unanswered_asked ON unanswered (asked_at);

-- The send schedule shared by every replica: for each scope (a platform's
-- global limit), the earliest moment, in Unix microseconds, at which the
-- next message may go. Reserving a slot moves it on by one interval.
CREATE TABLE rate_slots (
	scope   TEXT PRIMARY KEY,
	next_at BIGINT NOT NULL
);
