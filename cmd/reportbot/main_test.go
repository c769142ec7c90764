package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runCLI(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

var goodReports = filepath.Join("..", "..", "knowledge", "testdata", "good")

func TestAskJSONOnBundledReport(t *testing.T) {
	code, out, errs := runCLI(t, "", "ask", "--json", "who presided over the meeting?")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var res askResult
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("not one JSON object: %v\n%s", err, out)
	}
	if !res.Found || res.Confidence <= 0 || res.Confidence > 1 || len(res.Sources) == 0 || res.Text == "" {
		t.Errorf("got %+v", res)
	}
	if res.Sources[0].Report == "" || res.Sources[0].Sentence == "" || !strings.Contains(res.Text, res.Sources[0].Sentence[:20]) {
		t.Errorf("source must name the report and quote the sentence: %+v", res.Sources)
	}
}

func TestAskNotFoundStillExitsZero(t *testing.T) {
	code, out, _ := runCLI(t, "", "ask", "--json", "what is the price of bitcoin?")
	var res askResult
	if code != 0 || json.Unmarshal([]byte(out), &res) != nil || res.Found || res.Sources == nil {
		t.Errorf("exit %d, %s", code, out)
	}
}

func TestAskReadsQuestionsFromStdinAsJSONLines(t *testing.T) {
	code, out, _ := runCLI(t, "who presided?\n\n/speakers\nhow do I bake bread?\n", "ask", "--json", "--report", goodReports)
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 {
		t.Fatalf("want 3 JSON lines, got %d:\n%s", len(lines), out)
	}
	wantFound := []bool{true, true, false}
	for i, l := range lines {
		var res askResult
		if err := json.Unmarshal([]byte(l), &res); err != nil || res.Found != wantFound[i] {
			t.Errorf("line %d: %v %s", i, err, l)
		}
	}
}

func TestAskErrorsExitNonZero(t *testing.T) {
	bad := filepath.Join("..", "..", "knowledge", "testdata", "bad", "binary.txt")
	code, _, errs := runCLI(t, "", "ask", "--report", bad, "who?")
	if code == 0 || !strings.Contains(errs, "binary.txt") {
		t.Errorf("bad report: exit %d, stderr %q", code, errs)
	}
	if code, _, _ := runCLI(t, "", "ask", "--no-such-flag"); code != 2 {
		t.Errorf("bad flag: exit %d", code)
	}
	if code, _, _ := runCLI(t, "", "frobnicate"); code != 2 {
		t.Errorf("unknown command: exit %d", code)
	}
}

func TestEverySubcommandHasHelp(t *testing.T) {
	for _, sc := range subcommands() {
		code, _, errs := runCLI(t, "", sc.name, "--help")
		if code != 0 || !strings.Contains(errs, "Usage: reportbot "+sc.name) {
			t.Errorf("%s --help: exit %d, %q", sc.name, code, errs)
		}
	}
}

func TestBuildThenAskFromKnowledgeFile(t *testing.T) {
	kb := filepath.Join(t.TempDir(), "kb.json")
	code, _, errs := runCLI(t, "", "build", "--out", kb, goodReports)
	if code != 0 {
		t.Fatalf("build: %d %s", code, errs)
	}
	data, err := os.ReadFile(kb)
	if err != nil || !json.Valid(data) {
		t.Fatalf("knowledge file not readable JSON: %v", err)
	}
	code, out, _ := runCLI(t, "", "ask", "--kb", kb, "who presided over the forum?")
	if code != 0 || !strings.Contains(out, "Tomas Berg") {
		t.Errorf("ask --kb: %d %s", code, out)
	}
	if code, _, _ := runCLI(t, "", "ask", "--kb", kb, "--report", goodReports, "x"); code == 0 {
		t.Error("--kb with --report must be refused")
	}
}

func TestChatConsole(t *testing.T) {
	code, out, _ := runCLI(t, "/help\nwho presided?\n/quit\nnever read\n", "chat")
	if code != 0 || !strings.Contains(out, "/speakers") || !strings.Contains(out, "presided over") || strings.Contains(out, "never read") {
		t.Errorf("chat: %d\n%s", code, out)
	}
}
