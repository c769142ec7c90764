-- Reports added through chat or `reportbot add`: they live in the store so
-- every replica serves them. data is the file as it was sent; each replica
-- parses it once. tags is a comma-separated list of normalised tags.
CREATE TABLE reports (
	id       TEXT PRIMARY KEY,
	name     TEXT NOT NULL,
	data     BLOB NOT NULL,
	tags     TEXT NOT NULL DEFAULT '',
	added_by TEXT NOT NULL DEFAULT '',
	added_at BIGINT NOT NULL
);

-- A chat's scope: it sees only reports carrying one of these tags.
CREATE TABLE chat_scopes (
	platform   TEXT NOT NULL,
	chat_id    TEXT NOT NULL,
	tags       TEXT NOT NULL,
	updated_at BIGINT NOT NULL,
	PRIMARY KEY (platform, chat_id)
);
