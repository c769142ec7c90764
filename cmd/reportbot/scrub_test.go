package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A library error that quotes the request (as slack-go does with a bad
// token) must not reach the final error line with the token in it.
func TestFinalErrorIsScrubbed(t *testing.T) {
	const token = "xoxb-1234-final-error-secret"
	fake := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"ok": false, "error": "invalid_auth body=" + string(body)})
	}))
	defer fake.Close()
	cfg := filepath.Join(t.TempDir(), "bot.yaml")
	src := fmt.Sprintf("slack:\n  enabled: true\n  mode: http\n  bot_token: %s\n  signing_secret: s3cr3t-signing\n  api_url: %s/\n  http:\n    listen: 127.0.0.1:0\nstore:\n  path: %s\n",
		token, fake.URL, filepath.Join(t.TempDir(), "state.db"))
	if err := os.WriteFile(cfg, []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runCLI(t, "", "serve", "--config", cfg)
	if code != 1 {
		t.Fatalf("exit %d; stderr %s", code, errOut)
	}
	if strings.Contains(out+errOut, "1234-final-error-secret") {
		t.Fatalf("token on the output:\n%s%s", out, errOut)
	}
	if !strings.Contains(errOut, "[REDACTED]") {
		t.Errorf("expected the quoted token to be redacted, stderr:\n%s", errOut)
	}
}

// A panic's message is printed, with its stack, through the same scrubber.
func TestPanicIsScrubbed(t *testing.T) {
	const token = "123456:panic-secret-token"
	t.Setenv("TELEGRAM_BOT_TOKEN", token)
	boom := subcommand{name: "boom", run: func(context.Context, []string, io.Reader, io.Writer, io.Writer) error {
		panic(errors.New("GET https://api.telegram.org/bot" + token + "/getMe failed"))
	}}
	var out, errb bytes.Buffer
	code := runWith(context.Background(), []subcommand{boom}, []string{"boom"}, strings.NewReader(""), &out, &errb)
	if code != 2 {
		t.Errorf("exit %d, want 2", code)
	}
	if strings.Contains(errb.String(), "panic-secret-token") || !strings.Contains(errb.String(), "panic:") {
		t.Fatalf("stderr:\n%s", errb.String())
	}
}
