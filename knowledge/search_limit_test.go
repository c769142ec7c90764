package knowledge

import (
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/reportbot/reportbot/bench/corpus"
	"github.com/reportbot/reportbot/knowledge/textmatch"
)

// A search cut to its best hits returns exactly the first hits of a full
// search (the heap that picks them must agree with the full sort):
// the same sentences, scores to the last bit, matched terms and order.
func TestSearchLimitIsTheFullSearchCut(t *testing.T) {
	dir := t.TempDir()
	if err := corpus.Generate(9, 60, 0).WriteFiles(dir); err != nil {
		t.Fatal(err)
	}
	kb, err := Open(OpenOptions{Reports: []string{dir}})
	if err != nil {
		t.Fatal(err)
	}
	x := kb.retriever.(*indexed)
	var words []string
	for _, r := range kb.Reports[:10] {
		for _, s := range r.Sentences {
			words = append(words, textmatch.Content(s.Text)...)
		}
	}
	words = append(words, "presided", "meeting", "held", "nosuchword")
	r := rand.New(rand.NewPCG(1, 2))
	for q := 0; q < 300; q++ {
		terms := make([]string, 2+r.IntN(6))
		for i := range terms {
			terms[i] = words[r.IntN(len(words))]
		}
		full := x.Search(terms, nil, 0)
		for _, limit := range []int{1, 3, 200} {
			want := full[:min(limit, len(full))]
			got := x.Search(terms, nil, limit)
			if len(want) == 0 && len(got) == 0 {
				continue
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("%v limit %d:\n got %v\nwant %v", terms, limit, got, want)
			}
		}
	}
}
