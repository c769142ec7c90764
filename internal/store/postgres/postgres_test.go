package postgres_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/reportbot/reportbot/internal/store"
	"github.com/reportbot/reportbot/internal/store/postgres"
	"github.com/reportbot/reportbot/internal/store/postgres/pgtest"
	"github.com/reportbot/reportbot/internal/store/storetest"
)

func TestSuite(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store { return pgtest.Open(t) })
}

// TestReplicasMigrateTogether starts several replicas on one empty schema at
// once: the advisory lock lets each migration run once, and all come up.
func TestReplicasMigrateTogether(t *testing.T) {
	dsn := pgtest.DSN(t)
	schema := pgtest.Schema(t, dsn)
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := postgres.Open(context.Background(), dsn, postgres.Options{Schema: schema})
			if err != nil {
				t.Error(err)
				return
			}
			s.Close()
		}()
	}
	wg.Wait()
	s := pgtest.OpenIn(t, dsn, schema)
	if v, err := s.Version(context.Background()); err != nil || v != storetest.LatestMigration(t, "migrations") {
		t.Fatalf("version %d, %v; want the latest migration", v, err)
	}
}

func TestNoDSN(t *testing.T) {
	if _, err := postgres.Open(context.Background(), "", postgres.Options{}); err == nil {
		t.Fatal("want an error without a DSN")
	}
}

func TestBadDSNIsNotEchoed(t *testing.T) {
	_, err := postgres.Open(context.Background(), "postgres://u:s3cretpw@[::1", postgres.Options{})
	if err == nil {
		t.Fatal("want an error")
	}
	if got := err.Error(); strings.Contains(got, "s3cretpw") {
		t.Fatalf("error leaks the password: %s", got)
	}
}
