package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/reportbot/reportbot/bench/corpus"
	"github.com/reportbot/reportbot/bot/markup"
	"github.com/reportbot/reportbot/knowledge"
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

// A knowledge file written with its index file comes back from the
// snapshot and index, answering the same; an edited knowledge file is read
// from its JSON, and an index of other reports is refused.
func TestKnowledgeFileIndex(t *testing.T) {
	indexed, _ := equivKBs(t)
	dir := t.TempDir()
	kbFile := filepath.Join(dir, "kb.json")
	writeKB := func(kb *knowledge.KB, edit func([]byte) []byte) {
		var buf bytes.Buffer
		if err := knowledge.Write(&buf, kb); err != nil {
			t.Fatal(err)
		}
		var sum knowledge.Checksum
		sum.Write(buf.Bytes())
		var side bytes.Buffer
		if err := knowledge.WriteIndex(&side, kb, sum); err != nil {
			t.Fatal(err)
		}
		data := buf.Bytes()
		if edit != nil {
			data = edit(data)
		}
		if err := os.WriteFile(kbFile, data, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(knowledge.IndexPath(kbFile), side.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	same := func(name string, a, b *knowledge.KB) {
		t.Helper()
		b1, b2 := New(a, Options{MinConfidence: 0.35}), New(b, Options{MinConfidence: 0.35})
		for _, q := range equivQuestions(a)[:60] {
			m := Message{Platform: "test", ChatKind: Private, Text: q}
			r1, _ := b1.Handle(context.Background(), m)
			r2, _ := b2.Handle(context.Background(), m)
			if markup.Plain(r1.Doc) != markup.Plain(r2.Doc) || !reflect.DeepEqual(r1.Sources, r2.Sources) {
				t.Errorf("%s: %q differs:\n%s\n---\n%s", name, q, markup.Plain(r1.Doc), markup.Plain(r2.Doc))
			}
		}
	}
	writeKB(indexed, nil)
	loaded, err := knowledge.Open(knowledge.OpenOptions{KBFile: kbFile})
	if err != nil {
		t.Fatal(err)
	}
	if reflect.TypeOf(loaded.Retriever()) != reflect.TypeOf(indexed.Retriever()) {
		t.Fatalf("loaded knowledge base answers through %T", loaded.Retriever())
	}
	same("from snapshot", indexed, loaded)

	// The JSON edited by hand: the snapshot no longer matches it, so the
	// JSON is read, and the edit shows.
	first := indexed.Reports[0].Sentences[0].Text
	writeKB(indexed, func(b []byte) []byte {
		return bytes.Replace(b, []byte(jsonText(first)), []byte(jsonText("Edited by hand.")), 1)
	})
	edited, err := knowledge.Open(knowledge.OpenOptions{KBFile: kbFile})
	if err != nil {
		t.Fatal(err)
	}
	if got := edited.Reports[0].Sentences[0].Text; got != "Edited by hand." {
		t.Errorf("edit lost: first sentence %q", got)
	}

	// An index of other reports is refused.
	small := knowledge.Build(indexed.Reports[:1], nil)
	var side bytes.Buffer
	if err := knowledge.WriteIndex(&side, small, knowledge.Checksum{}); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(knowledge.IndexPath(kbFile), side.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	again, err := knowledge.Open(knowledge.OpenOptions{KBFile: kbFile})
	if err != nil {
		t.Fatal(err)
	}
	if len(again.Reports) != len(indexed.Reports) {
		t.Fatalf("%d reports after a stale index file, want %d", len(again.Reports), len(indexed.Reports))
	}
	if ix, err := knowledge.BuildIndex(small); err != nil || again.UseIndex(ix) == nil {
		t.Errorf("an index of other reports was accepted (%v)", err)
	}
	same("stale index file", edited, again)
}

// jsonText is s as the knowledge file spells it.
func jsonText(s string) string {
	b, _ := json.Marshal(s)
	return strings.Trim(string(b), `"`)
}

// A title asked alone ("who is the vice chairman?") can be any role's, so
// the index must hand every role to the scoring, as the linear path does,
// also for titles that look like nationality adjectives to countryForms.
func TestIndexRoleByTitleAloneLikeLinear(t *testing.T) {
	var reports []*knowledge.Report
	for i, text := range []string{
		"The Harbour Rowing Club met on Monday. Vice Chairman Oskar Lind of the Harbour Rowing Club presided over the meeting. Treasurer Mia Berg spoke.",
		"The Valley Chess Circle met on Friday. Mia Berg, secretary of the Valley Chess Circle, spoke. Spokesman Ravi Nair attended the meeting.",
	} {
		rep, err := knowledge.Parse("r"+string(rune('a'+i))+".txt", []byte(text), time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		reports = append(reports, rep)
	}
	indexed := knowledge.Build(reports, nil)
	linear := knowledge.Build(reports, nil)
	linear.SetRetriever(nil)
	holders := func(rs []roleRef) []string {
		var out []string
		for _, r := range rs {
			out = append(out, fmt.Sprintf("%s|%s|%.3f", r.p.Name, r.role.Text, r.score))
		}
		return out
	}
	for _, titles := range [][]string{{"vice", "chairman"}, {"secretary"}, {"spokesman"}, {"treasurer"}} {
		ri, rl := holders(matchRoles(indexed, nil, titles)), holders(matchRoles(linear, nil, titles))
		if len(rl) == 0 {
			t.Errorf("%v: linear path finds no role", titles)
		}
		if !reflect.DeepEqual(ri, rl) {
			t.Errorf("%v:\nindex  %v\nlinear %v", titles, ri, rl)
		}
	}
}
