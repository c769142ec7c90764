package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// One good report beside an empty, a binary and an oversized file: ask
// answers from the good one (exit 0) and names each bad one on stderr.
func TestAskAnswersFromTheGoodFileAndReportsTheBad(t *testing.T) {
	dir := t.TempDir()
	files := map[string][]byte{
		"good.txt":   []byte("date 2024-05-02\nMayor Ana Lima presided over the harbour council meeting.\n"),
		"empty.txt":  nil,
		"binary.txt": {0x7f, 'E', 'L', 'F', 0, 0, 1, 2},
		"huge.txt":   bytes.Repeat([]byte("word "), 4<<20), // 20 MiB
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	code, out, errOut := runCLI(t, "", "ask", "--report", dir, "who presided?")
	if code != 0 || !strings.Contains(out, "Ana Lima") {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	for _, bad := range []string{"empty.txt", "binary.txt", "huge.txt"} {
		if !strings.Contains(errOut, filepath.Join(dir, bad)+":") {
			t.Errorf("stderr does not name %s:\n%s", bad, errOut)
		}
	}
	if strings.Contains(errOut, "good.txt") {
		t.Errorf("the good file is reported:\n%s", errOut)
	}
	// build keeps refusing: a knowledge file must not silently lack a report.
	if code, _, _ := runCLI(t, "", "build", "--out", filepath.Join(t.TempDir(), "kb.json"), dir); code == 0 {
		t.Error("build accepted a folder with bad files")
	}
}

// A signal while the reports load (ctx done) stops the command instead of
// answering after the load.
func TestAskObeysCancelWhileLoading(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out, errb bytes.Buffer
	code := run(ctx, []string{"ask", "--report", goodReports, "who presided?"}, strings.NewReader(""), &out, &errb)
	if code == 0 || out.Len() != 0 || !strings.Contains(errb.String(), "canceled") {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out.String(), errb.String())
	}
}

// Neither `unanswered` nor a serve that refuses to start leaves a store
// file behind in the working folder.
func TestNoStrayStoreFile(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	if code, out, errOut := runCLI(t, "", "unanswered"); code != 0 || !strings.Contains(out, "No unanswered") {
		t.Fatalf("unanswered: exit %d %q %q", code, out, errOut)
	}
	// Telegram enabled without a token: serve refuses after opening the store.
	t.Setenv("REPORTBOT_TELEGRAM_ENABLED", "true")
	t.Setenv("TELEGRAM_BOT_TOKEN", "")
	if code, _, errOut := runCLI(t, "", "serve"); code != 1 || !strings.Contains(errOut, "token") {
		t.Fatalf("serve: exit %d %q", code, errOut)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		t.Errorf("left behind: %s", e.Name())
	}
}

// A signal while serve loads its reports stops it: it neither carries on
// loading nor starts.
func TestServeObeysCancelWhileLoading(t *testing.T) {
	reports, err := filepath.Abs(goodReports)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	t.Chdir(dir)
	t.Setenv("REPORTBOT_TELEGRAM_ENABLED", "true")
	t.Setenv("TELEGRAM_BOT_TOKEN", "1:never-used")
	t.Setenv("REPORTBOT_REPORTS", reports)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out, errb bytes.Buffer
	code := run(ctx, []string{"serve"}, strings.NewReader(""), &out, &errb)
	if code == 0 || !strings.Contains(errb.String(), "canceled") {
		t.Fatalf("exit %d, stderr %q", code, errb.String())
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("serve left %s behind", entries[0].Name())
	}
}
