package bot

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/reportbot/reportbot/bench/corpus"
	"github.com/reportbot/reportbot/knowledge"
	"github.com/reportbot/reportbot/knowledge/index"
	"github.com/reportbot/reportbot/markup"
)

// equivKBs returns two knowledge bases over the same reports: one answering
// through the index, one through the original linear path.
func equivKBs(t *testing.T) (indexed, linear *knowledge.KB) {
	t.Helper()
	dir := t.TempDir()
	if err := corpus.Generate(5, 12, 0).WriteFiles(dir); err != nil {
		t.Fatal(err)
	}
	paths := []string{dir, testdata}
	bundled, err := knowledge.LoadBundled()
	if err != nil {
		t.Fatal(err)
	}
	reports, err := knowledge.LoadPaths(paths, knowledge.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	reports = append(bundled, reports...)
	indexed = knowledge.Build(reports, nil)
	linear = knowledge.Build(reports, nil)
	linear.SetRetriever(nil)
	if reflect.TypeOf(indexed.Retriever()) == reflect.TypeOf(linear.Retriever()) {
		t.Fatalf("both knowledge bases use %T", linear.Retriever())
	}
	return indexed, linear
}

// questions are drawn from the knowledge base itself (nothing about a
// particular report is written here), plus misspellings and questions the
// reports cannot answer.
func equivQuestions(kb *knowledge.KB) []string {
	qs := []string{
		"/speakers", "/people", "/topics", "/when", "/summary", "/reports",
		"who presided over the meeting?", "who hosted the symposium?", "when did the meeting take place?",
		"which official attended but did not speak?", "what is the price of bitcoin?", "how do I bake bread?",
		"who is Taylor Swift?", "who spoke?", "what was decided?", "who chaired the forum?",
	}
	typo := func(s string) string {
		r := []rune(s)
		if len(r) < 6 {
			return s
		}
		i := len(r) / 2
		r[i], r[i+1] = r[i+1], r[i]
		return string(r)
	}
	for ri, r := range kb.Reports {
		for pi, p := range r.People {
			if (ri+pi)%2 == 1 {
				continue
			}
			qs = append(qs, "who is "+p.Name+"?", "/who "+typo(p.Name), "what did "+p.Name+" say?")
			for _, role := range p.Roles {
				if role.Org != "" {
					qs = append(qs, role.Org+" "+role.Title+"?", "who spoke for the "+typo(role.Org)+"?")
				}
			}
		}
		for ti, term := range r.Terms {
			if ti < 3 {
				qs = append(qs, term.Text, "what about "+typo(term.Text)+"?")
			}
		}
		if r.Event.Organizer != "" {
			qs = append(qs, "who presided over the meeting of the "+r.Event.Organizer+"?")
		}
	}
	return qs
}

// The index changes how fast answers come, never what they are.
func TestIndexAnswersLikeLinearPath(t *testing.T) {
	indexed, linear := equivKBs(t)
	bi := New(indexed, Options{MinConfidence: 0.35})
	bl := New(linear, Options{MinConfidence: 0.35})
	qs := equivQuestions(indexed)
	if len(qs) < 100 {
		t.Fatalf("only %d questions", len(qs))
	}
	found := 0
	for _, q := range qs {
		m := Message{Platform: "test", ChatKind: Private, Text: q}
		ri, _ := bi.Handle(context.Background(), m)
		rl, _ := bl.Handle(context.Background(), m)
		if ri.Found {
			found++
		}
		if pi, pl := markup.Plain(ri.Doc), markup.Plain(rl.Doc); pi != pl || ri.Found != rl.Found || ri.Confidence != rl.Confidence || !reflect.DeepEqual(ri.Sources, rl.Sources) {
			t.Errorf("%q differs:\nindex (found=%v %.3f):\n%s\nlinear (found=%v %.3f):\n%s", q, ri.Found, ri.Confidence, pi, rl.Found, rl.Confidence, pl)
		}
	}
	// The comparison means something only if many questions are answered.
	if found < len(qs)/3 {
		t.Errorf("only %d of %d questions answered", found, len(qs))
	}
}

// The retrievers agree call by call, for known words, typos and strangers.
func TestIndexRetrieverLikeLinear(t *testing.T) {
	indexed, linear := equivKBs(t)
	ri, rl := indexed.Retriever(), linear.Retriever()
	li, ll := indexed.Lookup(), linear.Lookup()
	var words []string
	for _, r := range indexed.Reports {
		for _, s := range r.Sentences[:min(4, len(r.Sentences))] {
			for _, w := range knowledgeWords(s.Text) {
				words = append(words, w, w[:len(w)-1], w+"e", swapMid(w))
			}
		}
	}
	words = append(words, "zzzz", "qwertyuiop", "a", "")
	for _, w := range words {
		ci, si := ri.Correct(w)
		cl, sl := rl.Correct(w)
		if ci != cl || si != sl {
			t.Errorf("Correct(%q) = %q %.2f, linear %q %.2f", w, ci, si, cl, sl)
		}
		if ri.IDF(w) != rl.IDF(w) {
			t.Errorf("IDF(%q) differs", w)
		}
		if a, b := li.RoleDF(w); true {
			c, d := ll.RoleDF(w)
			if a != c || b != d {
				t.Errorf("RoleDF(%q) differs", w)
			}
		}
	}
	for i := 0; i+3 < len(words); i += 7 {
		terms := []string{words[i], words[i+1], words[i+3]}
		for _, limit := range []int{0, 3, 50} {
			if a, b := ri.Search(terms, nil, limit), rl.Search(terms, nil, limit); !reflect.DeepEqual(a, b) {
				t.Errorf("Search(%q, %d):\nindex  %v\nlinear %v", terms, limit, a, b)
			}
		}
		within := []knowledge.Ref{{Report: 1, Sentence: 2}, {Report: 0, Sentence: 1}, {Report: 0, Sentence: 0}}
		if a, b := ri.Search(terms, within, 2), rl.Search(terms, within, 2); !reflect.DeepEqual(a, b) {
			t.Errorf("Search(%q, within):\nindex  %v\nlinear %v", terms, a, b)
		}
	}
}

func knowledgeWords(s string) []string {
	var out []string
	for _, w := range splitWords(s) {
		if len(w) >= 4 {
			out = append(out, w)
		}
	}
	return out
}

func splitWords(s string) []string {
	var out []string
	cur := []rune{}
	for _, r := range s + " " {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
			cur = append(cur, r|0x20)
			continue
		}
		if len(cur) > 0 {
			out = append(out, string(cur))
			cur = cur[:0]
		}
	}
	return out
}

func swapMid(w string) string {
	r := []rune(w)
	i := len(r) / 2
	if i+1 < len(r) {
		r[i], r[i+1] = r[i+1], r[i]
	}
	return string(r)
}

// A knowledge file written by build comes back with its index, and a stale
// index beside it is ignored rather than trusted.
func TestKnowledgeFileIndex(t *testing.T) {
	indexed, _ := equivKBs(t)
	dir := t.TempDir()
	kbFile := filepath.Join(dir, "kb.json")
	write := func(path string, w func(*os.File) error) {
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := w(f); err != nil {
			t.Fatal(err)
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
	}
	write(kbFile, func(f *os.File) error { return knowledge.Write(f, indexed) })
	write(knowledge.IndexPath(kbFile), func(f *os.File) error { return knowledge.WriteIndex(f, indexed) })
	loaded, err := knowledge.Open(knowledge.OpenOptions{KBFile: kbFile})
	if err != nil {
		t.Fatal(err)
	}
	b1, b2 := New(indexed, Options{MinConfidence: 0.35}), New(loaded, Options{MinConfidence: 0.35})
	for _, q := range equivQuestions(indexed)[:40] {
		r1, _ := b1.Handle(context.Background(), Message{Platform: "test", ChatKind: Private, Text: q})
		r2, _ := b2.Handle(context.Background(), Message{Platform: "test", ChatKind: Private, Text: q})
		if markup.Plain(r1.Doc) != markup.Plain(r2.Doc) {
			t.Errorf("%q differs after reload", q)
		}
	}
	// An index of other reports is refused.
	small := knowledge.Build(indexed.Reports[:1], nil)
	write(knowledge.IndexPath(kbFile), func(f *os.File) error { return knowledge.WriteIndex(f, small) })
	data, err := os.ReadFile(knowledge.IndexPath(kbFile))
	if err != nil {
		t.Fatal(err)
	}
	ix, err := index.Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	if err := loaded.UseIndex(ix); !errors.Is(err, knowledge.ErrStaleIndex) {
		t.Errorf("stale index: err = %v", err)
	}
	// Open still works and answers the same, from an index it builds.
	again, err := knowledge.Open(knowledge.OpenOptions{KBFile: kbFile})
	if err != nil {
		t.Fatal(err)
	}
	r1, _ := New(again, Options{MinConfidence: 0.35}).Handle(context.Background(), Message{Platform: "test", ChatKind: Private, Text: "/speakers"})
	r2, _ := b1.Handle(context.Background(), Message{Platform: "test", ChatKind: Private, Text: "/speakers"})
	if markup.Plain(r1.Doc) != markup.Plain(r2.Doc) {
		t.Error("answers differ after a stale index was replaced")
	}
}
