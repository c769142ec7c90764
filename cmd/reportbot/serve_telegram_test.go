package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Misconfiguration stops `serve` at once with a message naming the
// setting, and never echoes the token.
func TestServeTelegramConfigErrors(t *testing.T) {
	t.Chdir(t.TempDir()) // serve opens its default SQLite state file here
	t.Setenv("TELEGRAM_BOT_TOKEN", "")
	t.Setenv("TELEGRAM_WEBHOOK_SECRET", "")
	const token = "42:do-not-print-me"
	for _, tc := range []struct{ name, cfg, want string }{
		{"no token", "telegram:\n  enabled: true\n", "TELEGRAM_BOT_TOKEN"},
		{"webhook without secret", "telegram:\n  enabled: true\n  token: " + token + "\n  mode: webhook\n  webhook:\n    listen: 127.0.0.1:0\n    public_url: https://bot.example.org/tg\n", "webhook.secret"},
		{"unknown mode", "telegram:\n  enabled: true\n  token: " + token + "\n  mode: carrier-pigeon\n", "telegram.mode"},
		{"bad endpoint", "telegram:\n  enabled: true\n  token: " + token + "\n  api_endpoint: http://h/%d\n", "api_endpoint"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "c.yaml")
			if err := os.WriteFile(path, []byte(tc.cfg), 0o600); err != nil {
				t.Fatal(err)
			}
			code, _, stderr := runCLI(t, "", "serve", "--config", path)
			if code != 1 || !strings.Contains(stderr, tc.want) {
				t.Errorf("exit %d, stderr %q; want exit 1 mentioning %q", code, stderr, tc.want)
			}
			if strings.Contains(stderr, token) {
				t.Errorf("the token was printed: %q", stderr)
			}
		})
	}
}
