-- Retention purges answers by age (votes go with their answer, found by
-- the votes primary key); this keeps the purge from scanning the table.
CREATE INDEX answers_at ON answers (at);
