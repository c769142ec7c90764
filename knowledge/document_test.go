package knowledge

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/reportbot/reportbot/knowledge/formats"
	"github.com/reportbot/reportbot/knowledge/formats/formatstest"
)

// Every format reaches the same extraction: each file below says, in its
// own markup, that one person presided, and the knowledge base finds them.
func TestLoadEveryFormat(t *testing.T) {
	dir := t.TempDir()
	write := func(rel string, data []byte) {
		p := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("plain.txt", []byte("date 2031-03-04\nThe guild held its meeting on Monday. Chair Tova Brinck presided over the meeting.\n"))
	write("desk/notes.md", []byte("---\ndate: 2031-03-05\ntags: [Weekly]\n---\n# Guild notes\n\nThe guild met on Tuesday. [Chair Ulla Feng](https://example.org/feng) presided over the meeting.\n\n```\nnot = a.sentence()\n```\n"))
	write("desk/page.html", []byte(`<html><head><meta name="date" content="2031-03-06"></head><body><nav>Home</nav><article><h1>Guild meets</h1><p>The guild met on Wednesday. Chair Pia Lund presided over the meeting.</p></article><footer>About</footer></body></html>`))
	write("scan/doc.pdf", formatstest.PDF(t, formatstest.PDFLines("The guild met on Thursday. Chair Rhea", "Okafor presided over the meeting."), false))
	write("scan/word.docx", formatstest.DOCX(t, []formatstest.Para{{Style: "Title", Runs: []string{"Guild minutes"}}, {Runs: []string{"The guild met on Friday. Chair Sten Ivo presided over the meeting."}}}))
	write("scan/empty.pdf", formatstest.PDF(t, "", false))

	reports, err := LoadPaths([]string{dir}, LoadOptions{})
	var fe *FileError
	if !errors.As(err, &fe) || !errors.Is(err, formats.ErrNoText) || filepath.Base(fe.File) != "empty.pdf" {
		t.Errorf("want the text-less PDF named in the error, got %v", err)
	}
	want := map[string]struct {
		presided, title, date string
		tags                  []string
	}{
		"plain": {"Tova Brinck", "", "2031-03-04", nil},
		"notes": {"Ulla Feng", "Guild notes", "2031-03-05", []string{"desk", "weekly"}},
		"page":  {"Pia Lund", "Guild meets", "2031-03-06", []string{"desk"}},
		"doc":   {"Rhea Okafor", "", "", []string{"scan"}},
		"word":  {"Sten Ivo", "Guild minutes", "", []string{"scan"}},
	}
	if len(reports) != len(want) {
		t.Fatalf("loaded %d reports, want %d", len(reports), len(want))
	}
	for _, r := range reports {
		w, ok := want[r.ID]
		if !ok {
			t.Errorf("unexpected report %q", r.ID)
			continue
		}
		var presided string
		for _, p := range r.People {
			for _, a := range p.Actions {
				if a.Kind == Presided {
					presided = p.Name
				}
			}
		}
		if presided != w.presided {
			t.Errorf("%s: presided %q, want %q", r.ID, presided, w.presided)
		}
		if w.title != "" && r.Title != w.title {
			t.Errorf("%s: title %q, want %q", r.ID, r.Title, w.title)
		}
		if r.Date != w.date {
			t.Errorf("%s: date %q, want %q", r.ID, r.Date, w.date)
		}
		if !reflect.DeepEqual(r.Tags, w.tags) {
			t.Errorf("%s: tags %q, want %q", r.ID, r.Tags, w.tags)
		}
		for _, s := range r.Sentences {
			if s.Text == "not = a.sentence()" || s.Text == "Home" || s.Text == "About" {
				t.Errorf("%s: kept %q", r.ID, s.Text)
			}
		}
	}
}

// A file loaded alone under a root folder keeps its folder tag, as a
// reload that isolates a bad file loads the good ones.
func TestRootTags(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "finance", "q3.txt")
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte("The board met on Monday. Chair Ada Voss presided over the meeting."), 0o644); err != nil {
		t.Fatal(err)
	}
	alone, err := LoadPaths([]string{p}, LoadOptions{})
	if err != nil || len(alone) != 1 || alone[0].Tags != nil {
		t.Fatalf("without roots: %v %v", alone, err)
	}
	rooted, err := LoadPaths([]string{p}, LoadOptions{Roots: []string{filepath.Join(dir, "elsewhere"), dir}})
	if err != nil || len(rooted) != 1 || !reflect.DeepEqual(rooted[0].Tags, []string{"finance"}) {
		t.Fatalf("with roots: tags %v, %v", rooted[0].Tags, err)
	}
}
