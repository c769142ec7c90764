// Package sqlite is the embedded default store: one file, pure Go (no cgo),
// no server to run. It suits one replica; several replicas need the
// PostgreSQL store.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"net/url"

	"github.com/reportbot/reportbot/internal/store/internal/sqlstore"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

//go:embed migrations/*.sql
var migrations embed.FS

// Open opens (creating if needed) the database file at path and migrates
// it. ":memory:" gives a private in-memory database, for tests.
func Open(ctx context.Context, path string) (*sqlstore.DB, error) {
	// WAL lets readers work during a write; busy_timeout makes a second
	// process on the same file wait instead of failing; immediate
	// transactions take the write lock up front so they cannot deadlock.
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(5000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Set("_txlock", "immediate")
	dsn := "file:" + path + "?" + q.Encode()
	if path == ":memory:" {
		dsn = ":memory:?" + q.Encode()
	}
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("sqlite %s: %w", path, err)
	}
	// One connection: SQLite has one writer anyway, and this keeps a
	// ":memory:" database a single database.
	db.SetMaxOpenConns(1)
	s := sqlstore.New(db, sqlstore.Dialect{Name: "sqlite"})
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("sqlite %s: %w", path, err)
	}
	if err := s.Migrate(ctx, migrations, "migrations"); err != nil {
		db.Close()
		return nil, fmt.Errorf("sqlite %s: %w", path, err)
	}
	return s, nil
}
