package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/reportbot/reportbot/internal/config"
	"github.com/reportbot/reportbot/internal/store"
	"github.com/reportbot/reportbot/internal/store/postgres"
	"github.com/reportbot/reportbot/internal/store/sqlite"
)

// openStore opens the configured state store and runs its migrations.
func openStore(ctx context.Context, c config.Store) (store.Store, error) {
	switch c.Driver {
	case "postgres":
		return postgres.Open(ctx, c.DSN, postgres.Options{})
	case "sqlite", "":
		return sqlite.Open(ctx, c.Path)
	}
	return nil, fmt.Errorf("store.driver %q: want sqlite or postgres", c.Driver)
}

// sqliteFileMissing reports whether the store is a SQLite file that does
// not exist yet: opening it would create it.
func sqliteFileMissing(c config.Store) bool {
	if (c.Driver != "sqlite" && c.Driver != "") || c.Path == ":memory:" {
		return false
	}
	_, err := os.Stat(c.Path)
	return errors.Is(err, fs.ErrNotExist)
}

// removeSQLiteFile deletes a SQLite store this process created and never
// used, with its WAL side files, so a serve that refuses to start leaves
// no reportbot.db behind in the working folder.
func removeSQLiteFile(path string) {
	for _, f := range []string{path, path + "-wal", path + "-shm", path + "-journal"} {
		_ = os.Remove(f)
	}
}
