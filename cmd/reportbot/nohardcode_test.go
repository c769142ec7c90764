package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reportbot/reportbot/knowledge"
	"github.com/reportbot/reportbot/knowledge/textmatch"
)

// TestNoReportSpecificWordsInCode guards the rule that the bot learns
// everything from report files: no name, organisation or distinctive word
// of the bundled report may appear in non-test Go code. The words are read
// from the report itself, so the list never goes stale.
func TestNoReportSpecificWordsInCode(t *testing.T) {
	reports, err := knowledge.LoadBundled()
	if err != nil {
		t.Fatal(err)
	}
	// Banned: every full name, every name word of four letters or more, the
	// quoted terms, and organisation words the report only ever writes
	// capitalised (proper nouns, not ordinary words like "industry").
	banned := map[string]bool{}
	for _, r := range reports {
		lowerCase := map[string]bool{}
		for _, s := range r.Sentences {
			for _, w := range strings.Fields(s.Text) {
				w = strings.Trim(w, ",.;:“”\"'()")
				if w != "" && w == strings.ToLower(w) {
					for _, t := range textmatch.Tokens(w) {
						lowerCase[t] = true
						for _, part := range strings.Split(t, "-") {
							lowerCase[part] = true
						}
					}
				}
			}
		}
		for _, p := range r.People {
			banned[strings.ToLower(p.Name)] = true
			// The same name typed without its spaces, as a comment giving
			// an example of a glued query might spell it.
			banned[strings.ReplaceAll(strings.ToLower(p.Name), " ", "")] = true
			for _, w := range textmatch.Tokens(p.Name) {
				if len(w) >= 4 {
					banned[w] = true
				}
			}
			for _, role := range p.Roles {
				for _, w := range textmatch.Tokens(role.Org) {
					if !lowerCase[w] && !knowledge.IsOrgWord(w) && !textmatch.IsStopword(w) {
						banned[w] = true
					}
				}
			}
		}
		for _, term := range r.Terms {
			if term.Quoted {
				banned[strings.ToLower(term.Text)] = true
			}
		}
	}
	if len(banned) < 10 {
		t.Fatalf("too few words to check (%d): extraction broke?", len(banned))
	}
	root := filepath.Join("..", "..")
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "node_modules" || d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) && path != root {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		code := strings.ToLower(string(data))
		for _, tok := range textmatch.Tokens(code) {
			if banned[tok] {
				t.Errorf("%s mentions %q from the bundled report", path, tok)
			}
		}
		for w := range banned {
			if (strings.Contains(w, " ") || len(w) >= 8) && strings.Contains(code, w) {
				t.Errorf("%s mentions %q from the bundled report", path, w)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
