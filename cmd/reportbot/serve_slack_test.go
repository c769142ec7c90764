package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/reportbot/reportbot/internal/store/postgres/pgtest"
)

// TestServeSlackHTTPEndToEnd builds the real binary, runs `reportbot serve`
// on the HTTP Events API against a fake Slack Web API, and checks that a
// signed app_mention is answered in its thread, once, even when Slack
// retries the delivery.
func TestServeSlackHTTPEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := filepath.Join(t.TempDir(), "reportbot")
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("go tool: %v", err)
	}
	if out, err := exec.Command(goTool, "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	// Both stores: the SQLite file by default, and PostgreSQL (a fresh
	// schema) as replicas run it; the dedupe of Slack's retries lives there.
	t.Run("sqlite", func(t *testing.T) { serveSlackHTTP(t, bin, "") })
	t.Run("postgres", func(t *testing.T) {
		dsn := pgtest.DSN(t)
		schema := pgtest.Schema(t, dsn)
		st := pgtest.OpenIn(t, dsn, schema) // creates the schema
		t.Cleanup(func() {
			var n int
			if err := st.SQL().QueryRow(`SELECT COUNT(*) FROM processed`).Scan(&n); err != nil || n == 0 {
				t.Errorf("serve did not use the PostgreSQL store: %d processed rows, %v", n, err)
			}
		})
		sep := "?"
		if strings.Contains(dsn, "?") {
			sep = "&"
		}
		serveSlackHTTP(t, bin, fmt.Sprintf("store:\n  driver: postgres\n  dsn: %q\n", dsn+sep+"search_path="+schema))
	})
}

func serveSlackHTTP(t *testing.T, bin, storeCfg string) {
	const (
		botToken = "xoxb-e2e-token-never-logged"
		secret   = "e2e-signing-secret-never-logged"
		botUser  = "UE2EBOT"
	)
	dir := t.TempDir()

	type post struct{ Channel, ThreadTS, Text, Blocks string }
	posts := make(chan post, 20)
	mux := http.NewServeMux()
	mux.HandleFunc("/api/auth.test", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `{"ok":true,"user_id":%q,"bot_id":"BE2E"}`, botUser)
	})
	mux.HandleFunc("/api/users.info", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"ok":true,"user":{"id":"U1","name":"asker"}}`)
	})
	mux.HandleFunc("/api/chat.postMessage", func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		if r.Form.Get("token") != botToken && r.Header.Get("Authorization") != "Bearer "+botToken {
			http.Error(w, `{"ok":false,"error":"invalid_auth"}`, http.StatusOK)
			return
		}
		posts <- post{r.Form.Get("channel"), r.Form.Get("thread_ts"), r.Form.Get("text"), r.Form.Get("blocks")}
		fmt.Fprint(w, `{"ok":true,"channel":"C42","ts":"1700000200.000100"}`)
	})
	fake := httptest.NewServer(mux)
	defer fake.Close()

	cfg := filepath.Join(dir, "config.yaml")
	writeFile(t, cfg, fmt.Sprintf(`slack:
  enabled: true
  mode: http
  api_url: %s/api/
  http:
    listen: 127.0.0.1:0
    path: /slack/events
log:
  level: debug
  format: json
`, fake.URL)+storeCfg)

	srv := startSlackServe(t, bin, dir, cfg, botToken, secret)

	deliver := func(eventID, ts string, retry int) {
		t.Helper()
		body := fmt.Sprintf(`{"token":"x","team_id":"T1","api_app_id":"A1","type":"event_callback","event_id":%q,"event_time":1700000100,
"event":{"type":"app_mention","user":"U1","text":"<@%s> /help","ts":%q,"channel":"C42","event_ts":%q}}`, eventID, botUser, ts, ts)
		var header map[string]string
		if retry > 0 {
			header = map[string]string{"X-Slack-Retry-Num": strconv.Itoa(retry), "X-Slack-Retry-Reason": "http_timeout"}
		}
		srv.deliver(t, body, header)
	}
	next := func() post {
		t.Helper()
		select {
		case p := <-posts:
			return p
		case <-time.After(30 * time.Second):
			t.Fatalf("nothing posted\n%s", srv.log())
			return post{}
		}
	}

	deliver("EvE2E1", "1700000100.000100", 0)
	p := next()
	if p.Channel != "C42" || p.ThreadTS != "1700000100.000100" {
		t.Fatalf("posted %+v; want the answer in C42's thread 1700000100.000100", p)
	}
	var blocks []struct {
		Type string
		Text struct{ Type, Text string }
	}
	if err := json.Unmarshal([]byte(p.Blocks), &blocks); err != nil || len(blocks) == 0 || blocks[0].Text.Type != "mrkdwn" || strings.TrimSpace(p.Text) == "" {
		t.Fatalf("answer is not Block Kit with a fallback text: %v\nblocks %s\ntext %q", err, p.Blocks, p.Text)
	}

	t.Logf("answer posted in the thread: %.200q", p.Text)

	// Slack retries the same event: acknowledged, never answered again.
	deliver("EvE2E1", "1700000100.000100", 1)
	deliver("EvE2E1", "1700000100.000100", 2)
	// A new question in the same channel is answered after anything queued
	// before it, so a leaked retry would show up first.
	deliver("EvE2E2", "1700000300.000300", 0)
	if p := next(); p.ThreadTS != "1700000300.000300" {
		t.Fatalf("posted %+v; want only the new question's answer after the retries", p)
	}

	srv.stop(t, botToken, secret)
	if !strings.Contains(srv.log(), "duplicate delivery dropped") {
		t.Fatalf("the retries were not recognised as duplicates:\n%s", srv.log())
	}
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}
