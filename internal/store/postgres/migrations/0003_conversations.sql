-- Conversation state for follow-up questions; expires_at in Unix ms.
CREATE TABLE conversations (
	platform   TEXT NOT NULL,
	chat_id    TEXT NOT NULL,
	thread     TEXT NOT NULL,
	state      TEXT NOT NULL,
	expires_at BIGINT NOT NULL,
	PRIMARY KEY (platform, chat_id, thread)
);
CREATE INDEX conversations_expires ON conversations (expires_at);

-- Free-text answers, so that votes can be shown with what they judged.
CREATE TABLE answers (
	id       TEXT PRIMARY KEY,
	platform TEXT NOT NULL,
	chat_id  TEXT NOT NULL,
	question TEXT NOT NULL,
	norm     TEXT NOT NULL,
	answer   TEXT NOT NULL,
	report   TEXT NOT NULL DEFAULT '',
	at       BIGINT NOT NULL
);

-- One vote per user and answer; a changed mind replaces the row.
CREATE TABLE votes (
	answer_id TEXT NOT NULL REFERENCES answers (id),
	platform  TEXT NOT NULL,
	user_id   TEXT NOT NULL,
	value     INTEGER NOT NULL,
	at        BIGINT NOT NULL,
	PRIMARY KEY (answer_id, platform, user_id)
);

-- What the bot said when it declined, for the curator's report.
ALTER TABLE unanswered ADD COLUMN reply TEXT NOT NULL DEFAULT '';
ALTER TABLE unanswered ADD COLUMN report TEXT NOT NULL DEFAULT '';
CREATE INDEX unanswered_asked ON unanswered (asked_at);
