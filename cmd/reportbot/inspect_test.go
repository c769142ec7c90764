package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestInspectPrintsPeopleWithTheirSentences(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "forum.txt")
	report := "date 2024-03-09 The harbor forum was held on Thursday at the Maritime Hall.\n\n" +
		"Deputy mayor Ana Lima presided over the forum. Tom Berg, director of the Port Authority, spoke.\n"
	if err := os.WriteFile(path, []byte(report), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runCLI(t, "", "inspect", path)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		"report forum",
		"2024-03-07 (on Thursday)",
		"the Maritime Hall",
		"Ana Lima", "role: Deputy mayor", "presided",
		"Tom Berg", "role: director of the Port Authority", "spoke",
		"[1] Deputy mayor Ana Lima presided over the forum.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("inspect output lacks %q:\n%s", want, out)
		}
	}
	// Each fact sits on the line of the sentence it came from.
	for _, line := range strings.Split(out, "\n") {
		if strings.Contains(line, "role: director") && !strings.Contains(line, "[2] Tom Berg") {
			t.Errorf("role beside the wrong sentence: %q", line)
		}
	}
	if code, _, _ := runCLI(t, "", "inspect"); code != 2 {
		t.Errorf("inspect with no file: exit %d, want 2", code)
	}
}
