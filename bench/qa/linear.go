package qa

import (
	"cmp"
	"slices"

	"github.com/sahilm/fuzzy"

	"github.com/reportbot/reportbot/knowledge/index"
)

// LinearSystem is the baseline a single-report bot grows into: every
// question word is matched with sahilm/fuzzy against every sentence of the
// archive. Its cost grows with the archive, and letters of a short word
// found scattered in a long sentence count as a match.
type LinearSystem struct {
	s *Sentences
}

// NewLinearSystem scans s.
func NewLinearSystem(s *Sentences) *LinearSystem { return &LinearSystem{s: s} }

func (*LinearSystem) Name() string { return "linear sahilm/fuzzy scan" }

type textSource []string

func (t textSource) String(i int) string { return t[i] }
func (t textSource) Len() int            { return len(t) }

func (l *LinearSystem) Answer(question string) Answer {
	words := index.Terms(question)
	if len(words) == 0 {
		return Answer{}
	}
	// Per word: the best score in each report and in each sentence.
	type agg struct {
		score   float64
		matched int
	}
	reports := map[int]*agg{}
	sentences := map[int]float64{}
	pred := map[int]bool{} // sentences that match the first word
	for wi, w := range words {
		best := map[int]int{}
		for _, m := range fuzzy.FindFromNoSort(w, textSource(l.s.Text)) {
			sentences[m.Index] += float64(m.Score)
			if wi == 0 {
				pred[m.Index] = true
			}
			r := l.s.Report[m.Index]
			if b, ok := best[r]; !ok || m.Score > b {
				best[r] = m.Score
			}
		}
		for r, sc := range best {
			a := reports[r]
			if a == nil {
				a = &agg{}
				reports[r] = a
			}
			a.score += float64(sc)
			a.matched++
		}
	}
	top, found := -1, false
	for r, a := range reports {
		if !found || a.score > reports[top].score || (a.score == reports[top].score && r < top) {
			top, found = r, true
		}
	}
	if !found || reports[top].matched < Need(len(words)) {
		return Answer{}
	}
	var in []int
	start := l.s.Start[top]
	for i := start; i < l.s.Start[top+1]; i++ {
		if _, ok := sentences[i]; ok {
			in = append(in, i)
		}
	}
	slices.SortStableFunc(in, func(a, b int) int { return cmp.Compare(sentences[b], sentences[a]) })
	for k := range in {
		in[k] -= start
	}
	return l.s.Pick(top, in, func(i int) bool { return pred[start+i] })
}
