-- Deliveries a replica acknowledged but could not answer before it
-- stopped (a Telegram webhook update cut off by the shutdown grace): the
-- platform will not send them again, so they wait here for a replica's
-- next start.
CREATE TABLE spooled_deliveries (
	id         BIGSERIAL PRIMARY KEY,
	scope      TEXT NOT NULL,
	payload    TEXT NOT NULL,
	spooled_at BIGINT NOT NULL
);
CREATE INDEX spooled_deliveries_scope ON spooled_deliveries (scope, id);
