package sqlite_test

import (
	"context"
	"errors"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/reportbot/reportbot/internal/store"
	"github.com/reportbot/reportbot/internal/store/sqlite"
	"github.com/reportbot/reportbot/internal/store/storetest"
)

func TestSuite(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store {
		s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "state.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	})
}

func TestMemory(t *testing.T) {
	s, err := sqlite.Open(context.Background(), ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.ListSubscriptions(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// TestReopenKeepsStateAndMigratesOnce is the restart case: the second open
// finds its migrations applied and the data still there.
func TestReopenKeepsStateAndMigratesOnce(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "state.db")
	s, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	chat := store.Chat{Platform: "telegram", ID: "1"}
	if err := s.Subscribe(ctx, store.Subscription{Chat: chat, Time: "09:00", Timezone: "UTC"}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, ok, err := s.Subscription(ctx, chat); err != nil || !ok {
		t.Fatalf("after reopen: ok=%v err=%v", ok, err)
	}
	v, err := s.Version(ctx)
	if want := latestMigration(t); err != nil || v != want {
		t.Fatalf("version %d, %v; want %d", v, err, want)
	}
}

// SQLite has no notifications: the caller is told to poll.
func TestWatchReportsPolls(t *testing.T) {
	s, err := sqlite.Open(context.Background(), ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.WatchReports(context.Background(), func() {}); !errors.Is(err, store.ErrNoNotify) {
		t.Fatalf("got %v, want store.ErrNoNotify", err)
	}
}

// latestMigration is the highest number among the migration files, so the
// test need not change with every new migration.
func latestMigration(t *testing.T) int {
	t.Helper()
	files, err := filepath.Glob("migrations/*.sql")
	if err != nil || len(files) == 0 {
		t.Fatalf("no migrations: %v", err)
	}
	max := 0
	for _, f := range files {
		n, _, _ := strings.Cut(filepath.Base(f), "_")
		v, err := strconv.Atoi(n)
		if err != nil {
			t.Fatalf("migration %s: %v", f, err)
		}
		if v > max {
			max = v
		}
	}
	return max
}
