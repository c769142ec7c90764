package sqlite_test

import (
	"context"
	"errors"
	"path/filepath"
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
	if err != nil || v != storetest.LatestMigration(t, "migrations") {
		t.Fatalf("version %d, %v; want the latest migration", v, err)
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
