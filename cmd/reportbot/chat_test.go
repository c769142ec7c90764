package main

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestChatFollowUpsAndDigestCommands(t *testing.T) {
	code, out, errs := runCLI(t, "who presided over the meeting?\nwhat did he say about supervision?\n/subscribe 08:00 UTC\n/settings\n/digest\n", "chat")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	answers := strings.Split(out, "\n\n")
	var first string
	for _, a := range answers {
		if strings.Contains(a, "presided") {
			first = a
			break
		}
	}
	name := strings.TrimSpace(strings.SplitN(first, "(", 2)[0])
	if name == "" || !strings.Contains(out, "("+name+")") {
		t.Errorf("the follow-up was not read as about %q:\n%s", name, out)
	}
	if strings.Contains(out, "I don't know the command") || !strings.Contains(out, "08:00 UTC") {
		t.Errorf("digest commands must work in the console:\n%s", out)
	}
}

func TestChatStoreKeepsSettings(t *testing.T) {
	db := filepath.Join(t.TempDir(), "console.db")
	if code, _, errs := runCLI(t, "/subscribe 07:15 UTC\n", "chat", "--store", db); code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	code, out, _ := runCLI(t, "/settings\n", "chat", "--store", db)
	if code != 0 || !strings.Contains(out, "07:15") {
		t.Errorf("the second session does not see the first one's subscription: %d\n%s", code, out)
	}
	if code, _, _ := runCLI(t, "", "chat", "--store", db, "--config", "x.yaml"); code == 0 {
		t.Error("--store with --config must be refused")
	}
}
