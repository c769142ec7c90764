// Package pgtest gives tests a PostgreSQL store in a fresh schema of their
// own, so test packages running in parallel never see each other's rows.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/reportbot/reportbot/internal/store/internal/sqlstore"
	"github.com/reportbot/reportbot/internal/store/postgres"
)

// DefaultDSN is the CI database: trust auth on the loopback address.
const DefaultDSN = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"

// DSN returns the test database's DSN (REPORTBOT_TEST_DSN, else
// DefaultDSN). When it is unreachable the test is skipped, except with
// CI=true, where it fails: CI must never pass by skipping the database.
func DSN(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv("REPORTBOT_TEST_DSN")
	if dsn == "" {
		dsn = DefaultDSN
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, dsn)
	if err == nil {
		err = conn.Ping(ctx)
		conn.Close(ctx)
	}
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("PostgreSQL is unreachable and CI=true: %v", err)
		}
		t.Skipf("PostgreSQL is unreachable (set REPORTBOT_TEST_DSN): %v", err)
	}
	return dsn
}

// Schema returns a new schema name and drops the schema when the test ends.
func Schema(t testing.TB, dsn string) string {
	t.Helper()
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		t.Fatal(err)
	}
	schema := "reportbot_test_" + hex.EncodeToString(b[:])
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := postgres.DropSchema(ctx, dsn, schema); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	return schema
}

// Open returns a migrated store in a fresh schema, closed when the test ends.
func Open(t testing.TB) *sqlstore.DB {
	t.Helper()
	dsn := DSN(t)
	return OpenIn(t, dsn, Schema(t, dsn))
}

// OpenIn opens another handle on an existing test schema, as a second
// replica would.
func OpenIn(t testing.TB, dsn, schema string) *sqlstore.DB {
	t.Helper()
	s, err := postgres.Open(context.Background(), dsn, postgres.Options{Schema: schema})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}
