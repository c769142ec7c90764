package knowledge

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/reportbot/reportbot/bench/corpus"
	"github.com/reportbot/reportbot/knowledge/textmatch"
)

// A knowledge base extended report by report, its index appended to
// rather than rebuilt, is the one a whole build over the same reports
// gives: the index written byte for byte, and every lookup the bot makes,
// for known words, typos and strangers.
func TestExtendIndexEqualsRebuild(t *testing.T) {
	dir := t.TempDir()
	if err := corpus.Generate(3, 24, 0).WriteFiles(dir); err != nil {
		t.Fatal(err)
	}
	loaded, err := Open(OpenOptions{Reports: []string{dir}})
	if err != nil {
		t.Fatal(err)
	}
	// Reports the corpus lacks, with their own words and people, so the
	// appended vocabularies and name tables must grow.
	extra := []*Report{
		mustParse(t, "x1.txt", "The Fenwick rowing club met on Thursday. Chair Ysolde Karrow presided over the meeting. Coach Tamsin Vell spoke about the regatta schedule."),
		mustParse(t, "x2.txt", "The orchard cooperative held its harvest meeting on Saturday. Secretary Ysolde Karrow read the minutes. Grower Oskar Plimm warned about frost."),
	}
	all := append(append([]*Report(nil), loaded.Reports...), extra...)
	whole := Build(all, nil)
	if _, ok := whole.indexed(); !ok {
		t.Fatal("the whole build has no index")
	}
	words := []string{"nosuchword", "zzzz", "a", ""}
	for _, r := range []*Report{all[0], all[len(all)/2], extra[0], extra[1]} {
		for _, s := range r.Sentences {
			for _, w := range textmatch.Content(s.Text) {
				words = append(words, w, w[:len(w)-1], w+"e", swapLetters(w))
			}
		}
	}
	for _, split := range []int{0, 1, len(all) / 2, len(all) - 2, len(all) - 1} {
		kb := Build(all[:split], nil)
		for i := split; i < len(all); i += 2 {
			more := all[i:min(i+2, len(all))]
			// The join must take the append path, not fall back to a rebuild.
			if x, _ := kb.indexed(); x == nil {
				t.Fatalf("split %d: no index to append to", split)
			} else if _, _, err := appendIndex(x.ix, kb.Reports, more); err != nil {
				t.Fatalf("split %d: append: %v", split, err)
			}
			kb = Extend(kb, more)
		}
		compareKBs(t, split, kb, whole, words)
	}
}

func swapLetters(w string) string {
	r := []rune(w)
	if i := len(r) / 2; i+1 < len(r) {
		r[i], r[i+1] = r[i+1], r[i]
	}
	return string(r)
}

func compareKBs(t *testing.T, split int, got, want *KB, words []string) {
	t.Helper()
	gx, ok := got.indexed()
	if !ok {
		t.Fatalf("split %d: the extended KB has no index", split)
	}
	wx, _ := want.indexed()
	var gb, wb bytes.Buffer
	if _, err := gx.ix.WriteTo(&gb); err != nil {
		t.Fatal(err)
	}
	if _, err := wx.ix.WriteTo(&wb); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(gb.Bytes(), wb.Bytes()) {
		t.Fatalf("split %d: the appended index differs from a rebuilt one", split)
	}
	for _, word := range wx.words.All() {
		st := textmatch.Stem(word)
		if a, b := gx.stemWords.get(st), wx.stemWords.get(st); !reflect.DeepEqual(a, b) {
			t.Fatalf("split %d: words of stem %q: %q, rebuilt %q", split, st, a, b)
		}
	}
	g, w := got.Lookup(), want.Lookup()
	gr, wr := got.Retriever(), want.Retriever()
	for i, word := range words {
		if a, b := g.NamesNear([]string{word}), w.NamesNear([]string{word}); !reflect.DeepEqual(a, b) {
			t.Errorf("split %d: NamesNear(%q) = %v, rebuilt %v", split, word, a, b)
		}
		if a, b := g.RolesNear([]string{word}), w.RolesNear([]string{word}); !reflect.DeepEqual(a, b) {
			t.Errorf("split %d: RolesNear(%q) differs", split, word)
		}
		if a, b := g.PeopleNamed([]string{word}), w.PeopleNamed([]string{word}); !reflect.DeepEqual(a, b) {
			t.Errorf("split %d: PeopleNamed(%q) differs", split, word)
		}
		if a, b := g.PeopleWithRole([]string{word}), w.PeopleWithRole([]string{word}); !reflect.DeepEqual(a, b) {
			t.Errorf("split %d: PeopleWithRole(%q) differs", split, word)
		}
		if a, b := g.TermsWith([]string{word}), w.TermsWith([]string{word}); !reflect.DeepEqual(a, b) {
			t.Errorf("split %d: TermsWith(%q) differs", split, word)
		}
		if a, b, c, d := rolesDF(g, word, w); a != c || b != d {
			t.Errorf("split %d: RoleDF(%q) = %d/%d, rebuilt %d/%d", split, word, a, b, c, d)
		}
		ca, sa := gr.Correct(word)
		cb, sb := wr.Correct(word)
		if ca != cb || sa != sb || gr.IDF(word) != wr.IDF(word) {
			t.Errorf("split %d: Correct/IDF(%q) = %q %v, rebuilt %q %v", split, word, ca, sa, cb, sb)
		}
		if i+3 < len(words) && i%5 == 0 {
			terms := []string{word, words[i+1], words[i+3]}
			for _, limit := range []int{0, 3} {
				if a, b := gr.Search(terms, nil, limit), wr.Search(terms, nil, limit); !reflect.DeepEqual(a, b) {
					t.Errorf("split %d: Search(%q, %d):\nappended %v\nrebuilt  %v", split, terms, limit, a, b)
				}
			}
			within := []Ref{{Report: len(got.Reports) - 1, Sentence: 1}, {Report: 0, Sentence: 0}}
			if a, b := gr.Search(terms, within, 2), wr.Search(terms, within, 2); !reflect.DeepEqual(a, b) {
				t.Errorf("split %d: Search(%q, within) differs", split, terms)
			}
		}
	}
}

func rolesDF(g Candidates, word string, w Candidates) (int, int, int, int) {
	a, b := g.RoleDF(word)
	c, d := w.RoleDF(word)
	return a, b, c, d
}
