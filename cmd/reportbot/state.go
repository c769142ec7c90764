package main

import (
	"context"
	"fmt"

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
