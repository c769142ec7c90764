package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/reportbot/reportbot/internal/store"
	"github.com/reportbot/reportbot/internal/store/sqlite"
)

func TestDigestWindow(t *testing.T) {
	wall := time.Date(2026, 3, 10, 15, 0, 0, 0, time.UTC)
	now, since, err := digestWindow(wall, "", "", time.UTC)
	if err != nil || !now.Equal(wall) || !since.Equal(wall.AddDate(0, 0, -1)) {
		t.Fatalf("defaults: %v %v %v", now, since, err)
	}
	now, since, err = digestWindow(wall, "2026-03-01", "2026-02-20", time.UTC)
	if err != nil || !now.Equal(time.Date(2026, 3, 1, 23, 59, 59, 0, time.UTC)) || !since.Equal(time.Date(2026, 2, 20, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("past date: %v %v %v", now, since, err)
	}
	for _, bad := range [][2]string{{"2026-3-1", ""}, {"", "yesterday"}, {"2026-03-01", "2026-03-05"}} {
		if _, _, err := digestWindow(wall, bad[0], bad[1], time.UTC); err == nil {
			t.Errorf("%q: want an error", bad)
		}
	}
}

func writeConfig(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "config.yaml")
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestDigestCommandPrintsPlainText(t *testing.T) {
	cfg := writeConfig(t, "digest:\n  when_nothing_new: archive\n")
	var out, errOut bytes.Buffer
	// Archive mode prints an item even when the bundled report is not new.
	if code := run(context.Background(), []string{"digest", "--config", cfg}, nil, &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	text := out.String()
	if !strings.Contains(text, "/summary") || strings.Contains(text, "<") {
		t.Fatalf("want a plain-text digest with command pointers:\n%s", text)
	}
	out.Reset()
	if code := run(context.Background(), []string{"digest", "--date", "nonsense"}, nil, &out, &errOut); code != 2 {
		t.Fatalf("bad --date: exit %d, want 2", code)
	}
}

func TestUnansweredCommand(t *testing.T) {
	db := filepath.Join(t.TempDir(), "state.db")
	cfg := writeConfig(t, "store:\n  path: "+db+"\n")
	var out, errOut bytes.Buffer
	if code := run(context.Background(), []string{"unanswered", "--config", cfg}, nil, &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	if !strings.Contains(out.String(), "No unanswered") {
		t.Fatalf("empty log: %s", out.String())
	}
	st, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	for i, q := range []string{"Who catered?", "who catered", "Where was parking?"} {
		st.LogUnanswered(context.Background(), store.Question{Chat: store.Chat{Platform: "telegram", ID: "1"}, Text: q, Asked: at.Add(time.Duration(i) * time.Hour)})
	}
	st.Close()
	out.Reset()
	if code := run(context.Background(), []string{"unanswered", "--config", cfg, "--limit", "1"}, nil, &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) < 3 || !strings.HasPrefix(lines[2], "2 ") || !strings.Contains(strings.ToLower(lines[2]), "who catered") ||
		strings.Contains(strings.ToLower(out.String()), "parking") {
		t.Fatalf("want a title, a header and only the most-asked question:\n%s", out.String())
	}
}
