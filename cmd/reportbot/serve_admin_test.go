package main

import (
	"bufio"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/reportbot/reportbot/bot"
	"github.com/reportbot/reportbot/internal/admin"
	"github.com/reportbot/reportbot/internal/config"
	"github.com/reportbot/reportbot/internal/store"
	"github.com/reportbot/reportbot/internal/store/sqlite"
	"github.com/reportbot/reportbot/knowledge"
)

func testStore(t *testing.T) store.Store {
	t.Helper()
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "state.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func testDeps(t *testing.T, kb *knowledge.KB) (*serveDeps, *httptest.Server) {
	t.Helper()
	d := newServeDeps(config.Default(), slog.New(slog.DiscardHandler), kb, testStore(t))
	srv := httptest.NewServer(d.health.Handler()) // binds 127.0.0.1
	t.Cleanup(srv.Close)
	return d, srv
}

func fetch(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(body)
}

// scrape reads /metrics and returns the value of each sample, keyed by its
// name and labels as exposed ("reportbot_commands_total{command=\"help\"}").
func scrape(t *testing.T, base string) map[string]float64 {
	t.Helper()
	code, body := fetch(t, base+"/metrics")
	if code != http.StatusOK {
		t.Fatalf("/metrics: %d", code)
	}
	out := map[string]float64{}
	sc := bufio.NewScanner(strings.NewReader(body))
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		v, err := strconv.ParseFloat(line[i+1:], 64)
		if err != nil {
			t.Fatalf("bad sample line %q", line)
		}
		out[line[:i]] = v
	}
	return out
}

func TestMetricsCountersMoveAfterQuestions(t *testing.T) {
	kb, err := knowledge.Open(knowledge.OpenOptions{}) // the bundled report
	if err != nil {
		t.Fatal(err)
	}
	d, srv := testDeps(t, kb)
	const (
		unanswered = `reportbot_questions_total{outcome="unanswered",platform="scrapetest"}`
		help       = `reportbot_commands_total{command="help"}`
		made       = `reportbot_commands_total{command="other"}`
		latency    = `reportbot_answer_seconds_count{platform="scrapetest"}`
	)
	before := scrape(t, srv.URL)
	ctx := context.Background()
	ask := func(text string) {
		if _, ok := d.handler.Handle(ctx, bot.Message{Platform: "scrapetest", ChatID: "c", ChatKind: bot.Private, UserID: "u", Text: text}); !ok {
			t.Fatalf("no reply to %q", text)
		}
	}
	// Every question is either answered or unanswered, whatever the core
	// makes of it; the test does not depend on which.
	ask("who presided over the meeting?")
	ask("when did it take place?")
	ask("what is the colour of the moon?")
	ask("/help")
	ask("/no-such-command")
	after := scrape(t, srv.URL)

	answered := `reportbot_questions_total{outcome="answered",platform="scrapetest"}`
	if got := after[answered] + after[unanswered] - before[answered] - before[unanswered]; got != 3 {
		t.Errorf("questions moved by %v, want 3", got)
	}
	if got := after[help] - before[help]; got != 1 {
		t.Errorf("help command moved by %v, want 1", got)
	}
	if got := after[made] - before[made]; got != 1 {
		t.Errorf("unknown command moved by %v, want 1 (as other)", got)
	}
	if got := after[latency] - before[latency]; got != 5 {
		t.Errorf("latency histogram count moved by %v, want 5", got)
	}
}

func TestReadyzKnowledgeAndStore(t *testing.T) {
	d, srv := testDeps(t, &knowledge.KB{Reports: []*knowledge.Report{{ID: "r"}}})
	if code, body := fetch(t, srv.URL+"/readyz"); code != http.StatusOK {
		t.Fatalf("with a report loaded: %d %q", code, body)
	}
	if _, body := fetch(t, srv.URL+"/readyz"); !strings.Contains(body, "[+] store ok") {
		t.Fatalf("the store check is not registered: %q", body)
	}
	// A store that cannot be reached makes the bot unready: here a fake
	// check standing in for a database that is down…
	d.health.Register("store", admin.CheckFunc(func(context.Context) error { return errors.New("connection refused") }))
	if code, body := fetch(t, srv.URL+"/readyz"); code != http.StatusServiceUnavailable || !strings.Contains(body, "store: connection refused") {
		t.Fatalf("store down: %d %q", code, body)
	}
	if code, _ := fetch(t, srv.URL+"/healthz"); code != http.StatusOK {
		t.Fatalf("healthz must stay ok while unready: %d", code)
	}
	// …and the real check on a store whose database is gone.
	st := testStore(t)
	d.health.Register("store", admin.CheckFunc(func(ctx context.Context) error { return storeReady(ctx, st) }))
	if code, _ := fetch(t, srv.URL+"/readyz"); code != http.StatusOK {
		t.Fatalf("open store: %d", code)
	}
	st.Close()
	if code, body := fetch(t, srv.URL+"/readyz"); code != http.StatusServiceUnavailable || !strings.Contains(body, "store: unreachable") {
		t.Fatalf("closed store: %d %q", code, body)
	}
	// An emptied knowledge base is unready too.
	d.health.Register("store", admin.CheckFunc(func(context.Context) error { return nil }))
	d.kb.Swap(&knowledge.KB{})
	if code, body := fetch(t, srv.URL+"/readyz"); code != http.StatusServiceUnavailable || !strings.Contains(body, "knowledge: no report loaded") {
		t.Fatalf("no knowledge: %d %q", code, body)
	}
}

func TestAdminRunnerOnlyWhenListening(t *testing.T) {
	cfg := config.Default()
	d := newServeDeps(cfg, slog.New(slog.DiscardHandler), &knowledge.KB{}, testStore(t))
	if adminRunner(d) != nil {
		t.Fatal("admin runner without admin.listen")
	}
	d.cfg.Admin.Listen = "127.0.0.1:0"
	if r := adminRunner(d); r == nil || r.name != "admin" {
		t.Fatal("no admin runner with admin.listen set")
	}
}

func TestWatchedRunnerReadiness(t *testing.T) {
	d, srv := testDeps(t, &knowledge.KB{Reports: []*knowledge.Report{{ID: "r"}}})
	started := make(chan struct{})
	release := make(chan error)
	r := d.watched(runner{name: "telegram", run: func(ctx context.Context) error {
		close(started)
		return <-release
	}})
	if code, body := fetch(t, srv.URL+"/readyz"); code != http.StatusServiceUnavailable || !strings.Contains(body, "telegram: not started") {
		t.Fatalf("before start: %d %q", code, body)
	}
	done := make(chan error)
	go func() { done <- r.run(context.Background()) }()
	<-started
	if code, body := fetch(t, srv.URL+"/readyz"); code != http.StatusOK {
		t.Fatalf("running: %d %q", code, body)
	}
	release <- errors.New("409 Conflict")
	if err := <-done; err == nil {
		t.Fatal("runner error lost")
	}
	if code, body := fetch(t, srv.URL+"/readyz"); code != http.StatusServiceUnavailable || !strings.Contains(body, "telegram: stopped: 409 Conflict") {
		t.Fatalf("after stop: %d %q", code, body)
	}
}
