package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/reportbot/reportbot/knowledge/formats/formatstest"
)

// reportbot add stores a file for every replica, tags and all; reports
// lists it; remove takes it away. A file that does not read is refused
// with its reason and nothing is stored.
func TestAddReportsRemove(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "config.yaml")
	writeFile(t, cfg, "store:\n  path: "+filepath.Join(dir, "state.db")+"\n")
	page := filepath.Join(dir, "Rowing Club.html")
	writeFile(t, page, `<html><body><nav>Home | News</nav><article><h1>Rowing club meets</h1>
<p>The Rowing Club held its annual meeting on Saturday. Captain Mirela Voss presided over the meeting.</p>
<p>Coach Anselm Dray spoke about the new boats.</p></article><footer>Contact</footer></body></html>`)

	code, out, errs := runCLI(t, "", "add", page, "--tag", "sport", "--config", cfg)
	if code != 0 {
		t.Fatalf("add: exit %d: %s", code, errs)
	}
	for _, want := range []string{"Rowing club meets", "Presided: Mirela Voss", "Spoke: 1 person", "Tags: sport", "reportbot remove rowing-club-"} {
		if !strings.Contains(out, want) {
			t.Errorf("add output lacks %q:\n%s", want, out)
		}
	}
	id := regexp.MustCompile(`rowing-club-[0-9a-f]{6}`).FindString(out)

	scanned := filepath.Join(dir, "scan.pdf")
	if err := os.WriteFile(scanned, formatstest.PDF(t, "", false), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := runCLI(t, "", "add", "--config", cfg, scanned); code != 1 || !strings.Contains(errs, "no text layer") {
		t.Errorf("scanned PDF: exit %d: %s", code, errs)
	}

	code, out, errs = runCLI(t, "", "reports", "--config", cfg)
	if code != 0 || !strings.Contains(out, id) || !strings.Contains(out, "sport") || !strings.Contains(out, "cli") || strings.Contains(out, "scan.pdf") {
		t.Errorf("reports: exit %d\n%s%s", code, out, errs)
	}
	if code, out, errs := runCLI(t, "", "remove", id, "--config", cfg); code != 0 || !strings.Contains(out, "Removed "+id) {
		t.Errorf("remove: exit %d: %s%s", code, out, errs)
	}
	if code, _, errs := runCLI(t, "", "remove", id, "--config", cfg); code != 1 || !strings.Contains(errs, "no stored report") {
		t.Errorf("remove twice: exit %d: %s", code, errs)
	}
	if code, out, _ := runCLI(t, "", "reports", "--config", cfg); code != 0 || !strings.Contains(out, "No reports stored") {
		t.Errorf("reports after remove:\n%s", out)
	}
	if code, _, _ := runCLI(t, "", "add", "--config", cfg); code != 2 {
		t.Errorf("add without a file: exit %d, want 2", code)
	}
}

// reportbot digest --scope previews a scoped chat's digest: a folder's
// reports carry its name as a tag.
func TestDigestScope(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []struct{ path, text string }{
		{"ports/harbour.txt", "date 2025-05-01\nThe harbour board met on Monday. Chair Nils Oberg presided over the meeting."},
		{"sport/league.txt", "date 2025-05-01\nThe cycling league met on Monday. Chair Wren Adair presided over the meeting."},
	} {
		p := filepath.Join(dir, f.path)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		writeFile(t, p, f.text)
		// Added (the file's time) before the digest's day, as it would be.
		old := time.Date(2025, 4, 15, 0, 0, 0, 0, time.UTC)
		if err := os.Chtimes(p, old, old); err != nil {
			t.Fatal(err)
		}
	}
	code, out, errs := runCLI(t, "", "digest", "--report", dir, "--date", "2025-05-02", "--since", "2025-04-01", "--scope", "ports")
	if code != 0 || !strings.Contains(out, "Nils Oberg") || strings.Contains(out, "Wren Adair") {
		t.Errorf("scoped digest: exit %d\n%s%s", code, out, errs)
	}
	code, out, _ = runCLI(t, "", "digest", "--report", dir, "--date", "2025-05-02", "--since", "2025-04-01")
	if code != 0 || !strings.Contains(out, "Nils Oberg") || !strings.Contains(out, "Wren Adair") {
		t.Errorf("unscoped digest: exit %d\n%s", code, out)
	}
}
