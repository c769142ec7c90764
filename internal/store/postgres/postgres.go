// Package postgres is the store for several replicas: they share one
// PostgreSQL database, whose unique constraints and row locks make digest
// claims and delivery dedupe hold across them.
package postgres

import (
	"context"
	"embed"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/reportbot/reportbot/internal/config"
	"github.com/reportbot/reportbot/internal/store/internal/sqlstore"
)

//go:embed migrations/*.sql
var migrations embed.FS

// migrationLock makes replicas starting at once queue; the key is
// arbitrary but fixed.
const migrationLock = `SELECT pg_advisory_xact_lock(7305166249115340800)`

// Options tunes Open.
type Options struct {
	// Schema puts the tables in this schema (created if missing) instead of
	// the DSN's search path; tests use a fresh one per run.
	Schema string
	// MaxConns bounds the pool; 0 means 10.
	MaxConns int
}

// Open connects to the DSN (a URL or key=value string) and migrates.
// Errors never include the DSN, which may hold a password.
func Open(ctx context.Context, dsn string, o Options) (*sqlstore.DB, error) {
	if dsn == "" {
		return nil, errors.New("postgres: no DSN: set store.dsn or DATABASE_URL")
	}
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		// The reason without the DSN, which may hold a password.
		return nil, fmt.Errorf("postgres: %w", config.DSNProblem(dsn))
	}
	if o.Schema != "" {
		if err := createSchema(ctx, cfg, o.Schema); err != nil {
			return nil, err
		}
		cfg.RuntimeParams["search_path"] = o.Schema
	}
	db := stdlib.OpenDB(*cfg)
	if o.MaxConns == 0 {
		o.MaxConns = 10
	}
	db.SetMaxOpenConns(o.MaxConns)
	db.SetMaxIdleConns(o.MaxConns)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("postgres: connect to %s:%d: %w", cfg.Host, cfg.Port, err)
	}
	s := sqlstore.New(db, sqlstore.Dialect{
		Name:          "postgres",
		Dollar:        true,
		MigrationLock: migrationLock,
		Listen:        listener(*cfg),
	})
	if err := s.Migrate(ctx, migrations, "migrations"); err != nil {
		db.Close()
		return nil, fmt.Errorf("postgres: %w", err)
	}
	return s, nil
}

func createSchema(ctx context.Context, cfg *pgx.ConnConfig, schema string) error {
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return fmt.Errorf("postgres: connect to %s:%d: %w", cfg.Host, cfg.Port, err)
	}
	defer conn.Close(ctx)
	// CREATE SCHEMA IF NOT EXISTS is not safe against a concurrent
	// creator, so replicas take the migration lock for it too.
	tx, err := conn.Begin(ctx)
	if err != nil {
		return fmt.Errorf("postgres: create schema: %w", err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, migrationLock); err != nil {
		return fmt.Errorf("postgres: create schema: %w", err)
	}
	if _, err := tx.Exec(ctx, `CREATE SCHEMA IF NOT EXISTS `+pgx.Identifier{schema}.Sanitize()); err != nil {
		return fmt.Errorf("postgres: create schema: %w", err)
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("postgres: create schema: %w", err)
	}
	return nil
}

// DropSchema removes a schema and everything in it; tests clean up with it.
func DropSchema(ctx context.Context, dsn, schema string) error {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return errors.New("postgres: cannot parse the DSN")
	}
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return fmt.Errorf("postgres: connect to %s:%d: %w", cfg.Host, cfg.Port, err)
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, `DROP SCHEMA IF EXISTS `+pgx.Identifier{schema}.Sanitize()+` CASCADE`)
	return err
}

// listener returns the Dialect.Listen for cfg. LISTEN needs a connection of
// its own that stays open, so it does not come from the pool.
func listener(cfg pgx.ConnConfig) func(ctx context.Context, channel string, wake func()) error {
	return func(ctx context.Context, channel string, wake func()) error {
		conn, err := pgx.ConnectConfig(ctx, &cfg)
		if err != nil {
			return fmt.Errorf("postgres: listen: connect to %s:%d: %w", cfg.Host, cfg.Port, err)
		}
		defer conn.Close(context.WithoutCancel(ctx))
		if _, err := conn.Exec(ctx, "LISTEN "+pgx.Identifier{channel}.Sanitize()); err != nil {
			return fmt.Errorf("postgres: listen: %w", err)
		}
		// Anything that changed before LISTEN took effect is caught by the
		// caller's first look after this wake.
		wake()
		for {
			if _, err := conn.WaitForNotification(ctx); err != nil {
				if ctx.Err() != nil {
					return ctx.Err()
				}
				return fmt.Errorf("postgres: listen: %w", err)
			}
			wake()
		}
	}
}
