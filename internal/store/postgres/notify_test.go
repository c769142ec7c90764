package postgres_test

import (
	"context"
	"testing"
	"time"

	"github.com/reportbot/reportbot/internal/store"
	"github.com/reportbot/reportbot/internal/store/postgres/pgtest"
)

// TestWatchReports: a replica listening on the database hears another
// replica add and remove a report, within seconds and without polling.
func TestWatchReports(t *testing.T) {
	dsn := pgtest.DSN(t)
	schema := pgtest.Schema(t, dsn)
	a, b := pgtest.OpenIn(t, dsn, schema), pgtest.OpenIn(t, dsn, schema)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	wakes := make(chan struct{}, 16)
	done := make(chan error, 1)
	go func() { done <- a.WatchReports(ctx, func() { wakes <- struct{}{} }) }()
	wait := func(what string) {
		t.Helper()
		select {
		case <-wakes:
		case err := <-done:
			t.Fatalf("%s: watch ended: %v", what, err)
		case <-time.After(5 * time.Second):
			t.Fatalf("%s: no notification within 5s", what)
		}
	}
	wait("listening") // the first wake says LISTEN is in place
	if err := b.AddReport(ctx, store.StoredReport{ID: "r1", Name: "r1.txt", Data: []byte("The board met."), AddedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	wait("add")
	if _, err := b.RemoveReport(ctx, "r1"); err != nil {
		t.Fatal(err)
	}
	wait("remove")
	cancel()
	if err := <-done; err != context.Canceled {
		t.Errorf("watch ended with %v, want context.Canceled", err)
	}
}
