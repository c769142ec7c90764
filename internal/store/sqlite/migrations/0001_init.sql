-- Times are Unix milliseconds (the caller's clock), the same as in the
-- PostgreSQL schema, so one set of statements serves both.
CREATE TABLE subscriptions (
	platform   TEXT NOT NULL,
	chat_id    TEXT NOT NULL,
	at_time    TEXT NOT NULL,
	timezone   TEXT NOT NULL,
	created_by TEXT NOT NULL DEFAULT '',
	updated_at BIGINT NOT NULL,
	PRIMARY KEY (platform, chat_id)
);

-- One row per (chat, local date): the primary key is the claim.
-- outcome is '' while the delivery is pending.
CREATE TABLE deliveries (
	platform    TEXT NOT NULL,
	chat_id     TEXT NOT NULL,
	local_date  TEXT NOT NULL,
	owner       TEXT NOT NULL,
	lease_until BIGINT NOT NULL,
	attempts    INTEGER NOT NULL,
	outcome     TEXT NOT NULL DEFAULT '',
	finished_at BIGINT,
	last_error  TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (platform, chat_id, local_date)
);

CREATE TABLE processed (
	delivery_key TEXT PRIMARY KEY,
	expires_at   BIGINT NOT NULL
);
CREATE INDEX processed_expires ON processed (expires_at);

CREATE TABLE unanswered (
	id       INTEGER PRIMARY KEY AUTOINCREMENT,
	platform TEXT NOT NULL,
	chat_id  TEXT NOT NULL,
	text     TEXT NOT NULL,
	norm     TEXT NOT NULL,
	asked_at BIGINT NOT NULL
);
CREATE INDEX unanswered_norm ON unanswered (norm);

CREATE TABLE archive_shown (
	platform TEXT NOT NULL,
	chat_id  TEXT NOT NULL,
	item     TEXT NOT NULL,
	shown_at BIGINT NOT NULL,
	PRIMARY KEY (platform, chat_id, item)
);
