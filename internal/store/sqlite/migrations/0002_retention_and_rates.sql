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
