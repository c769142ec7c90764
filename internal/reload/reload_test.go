package reload

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/reportbot/reportbot/knowledge"
)

// fakeLoader "parses" report files: one containing BAD fails. It counts calls.
type fakeLoader struct {
	mu    sync.Mutex
	calls int
}

func (f *fakeLoader) load(paths []string) (*knowledge.KB, error) {
	f.mu.Lock()
	f.calls++
	f.mu.Unlock()
	files, err := reportFiles(paths)
	if err != nil {
		return nil, err
	}
	kb := &knowledge.KB{}
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		if strings.Contains(string(data), "BAD") {
			return nil, errors.New(filepath.Base(p) + ": no report found")
		}
		kb.Reports = append(kb.Reports, &knowledge.Report{ID: strings.TrimSuffix(filepath.Base(p), filepath.Ext(p))})
	}
	return kb, nil
}

func (f *fakeLoader) count() int { f.mu.Lock(); defer f.mu.Unlock(); return f.calls }

func ids(kb *knowledge.KB) string {
	var out []string
	for _, r := range kb.Reports {
		out = append(out, r.ID)
	}
	slices.Sort(out)
	return strings.Join(out, ",")
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func setup(t *testing.T, files map[string]string) (string, *fakeLoader, *knowledge.Live, *Watcher) {
	dir := t.TempDir()
	for name, c := range files {
		write(t, filepath.Join(dir, name), c)
	}
	fl := &fakeLoader{}
	live := knowledge.NewLive(&knowledge.KB{Reports: []*knowledge.Report{{ID: "old"}}})
	w := New(Config{Reports: []string{dir}, Load: fl.load, Live: live})
	return dir, fl, live, w
}

func TestReloadSwaps(t *testing.T) {
	_, _, live, w := setup(t, map[string]string{"a.txt": "ok", "b.md": "ok", "notes.json": "BAD but not a report"})
	if err := w.Reload(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := ids(live.KB()); got != "a,b" {
		t.Fatalf("serving %q, want a,b", got)
	}
}

func TestReloadSkipsBadReport(t *testing.T) {
	_, _, live, w := setup(t, map[string]string{"a.txt": "ok", "b.txt": "BAD", "c.txt": "ok"})
	err := w.Reload(context.Background())
	if err == nil || !strings.Contains(err.Error(), "skipped 1") {
		t.Fatalf("err = %v, want the skipped report reported", err)
	}
	if got := ids(live.KB()); got != "a,c" {
		t.Fatalf("serving %q, want a,c without the bad one", got)
	}
}

func TestReloadAllBadKeepsOld(t *testing.T) {
	_, _, live, w := setup(t, map[string]string{"b.txt": "BAD"})
	if err := w.Reload(context.Background()); err == nil {
		t.Fatal("want an error")
	}
	if got := ids(live.KB()); got != "old" {
		t.Fatalf("serving %q, want the old knowledge", got)
	}
}

func TestDebounceBurstGivesOneReload(t *testing.T) {
	_, fl, live, w := setup(t, map[string]string{"a.txt": "ok"})
	made := make(chan chan time.Time, 10)
	w.after = func(time.Duration) <-chan time.Time {
		c := make(chan time.Time, 1)
		made <- c
		return c
	}
	reloaded := make(chan error, 10)
	w.c.OnReload = func(err error) { reloaded <- err }
	ctx, cancel := context.WithCancel(context.Background())
	events := make(chan string)
	done := make(chan struct{})
	go func() { w.loop(ctx, events); close(done) }()
	var timers []chan time.Time
	for i := 0; i < 5; i++ {
		events <- "a.txt"
		timers = append(timers, <-made)
	}
	// Each event restarted the quiet period. A stale timer firing does
	// nothing; the last one reloads once.
	timers[2] <- time.Time{}
	timers[4] <- time.Time{}
	if err := <-reloaded; err != nil {
		t.Fatal(err)
	}
	events <- "a.txt" // a sync point: the loop is past the reload
	cancel()
	<-done
	if fl.count() != 1 {
		t.Fatalf("%d loads for one burst, want 1", fl.count())
	}
	if got := ids(live.KB()); got != "a" {
		t.Fatalf("serving %q", got)
	}
}

// TestWatchFolder drives the real fsnotify watcher: a report copied into
// the folder is served without a restart, and a bad one is skipped.
func TestWatchFolder(t *testing.T) {
	dir, _, live, w := setup(t, map[string]string{"a.txt": "ok"})
	w.c.Debounce = 20 * time.Millisecond
	reloaded := make(chan error, 10)
	w.c.OnReload = func(err error) { reloaded <- err }
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error)
	go func() { done <- w.Run(ctx) }()

	// The watch is set up asynchronously; keep touching the file until
	// the first reload shows it is live (bounded, so a broken watcher fails).
	deadline := time.After(20 * time.Second)
	// Reloads queued by earlier touches may still arrive, so wait for the
	// one that shows the change.
	waitReload := func(touch func(), seen func(error) bool) error {
		for {
			touch()
			select {
			case err := <-reloaded:
				if seen(err) {
					return err
				}
			case <-time.After(200 * time.Millisecond):
			case <-deadline:
				t.Fatal("no reload after file changes")
			}
		}
	}
	hasB := func(error) bool { return strings.Contains(ids(live.KB()), "b") }
	if err := waitReload(func() { write(t, filepath.Join(dir, "b.txt"), "ok") }, hasB); err != nil {
		t.Fatal(err)
	}
	if got := ids(live.KB()); got != "a,b" {
		t.Fatalf("serving %q, want a,b", got)
	}
	failed := func(err error) bool { return err != nil }
	if err := waitReload(func() { write(t, filepath.Join(dir, "c.txt"), "BAD") }, failed); !strings.Contains(err.Error(), "skipped 1") {
		t.Fatalf("the bad report must be reported: %v", err)
	}
	if got := ids(live.KB()); got != "a,b" {
		t.Fatalf("serving %q, want a,b with c skipped", got)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}
