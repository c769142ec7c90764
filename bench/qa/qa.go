// Package qa answers generated questions with interchangeable retrieval
// systems and measures them the same way: latency per question and the
// share answered correctly. Every system answers in two steps — the best
// report, then the best sentence in it — and says it found nothing when the
// best report lacks too many of the question's words, so the systems differ
// only in how they match and rank.
package qa

import (
	"slices"
	"strings"
	"time"

	"github.com/reportbot/reportbot/bench/corpus"
	"github.com/reportbot/reportbot/knowledge/index"
)

// Answer is a system's reply: the sentences it shows from the best report
// (up to Shown, best first), or nothing.
type Answer struct {
	Found  bool
	Report int
	Text   string
}

// Shown is how many sentences of the best report an answer shows, as the
// bot shows the supporting sentences under an answer.
const Shown = 3

// System answers questions over one corpus.
type System interface {
	Name() string
	Answer(question string) Answer
}

// Need is how many of a question's n meaningful words the best report must
// contain before a system may claim an answer: two thirds, rounded up.
func Need(n int) int { return (2*n + 2) / 3 }

// Correct reports whether a answers q: an answerable question needs a found
// sentence containing every expected text; an out-of-scope one needs
// nothing found.
func Correct(q corpus.Question, a Answer) bool {
	if !q.Found {
		return !a.Found
	}
	if !a.Found {
		return false
	}
	low := strings.ToLower(a.Text)
	for _, e := range q.Expect {
		if !strings.Contains(low, strings.ToLower(e)) {
			return false
		}
	}
	return true
}

// Sentences is a corpus flattened: sentence i of the archive is Text[i], in
// report Report[i] at position Index[i]. Reports' sentences are contiguous,
// starting at Start[r].
type Sentences struct {
	Text   []string
	Report []int
	Index  []int
	Start  []int
}

// Flatten lists every sentence of c.
func Flatten(c *corpus.Corpus) *Sentences {
	s := &Sentences{}
	for r, rep := range c.Reports {
		s.Start = append(s.Start, len(s.Text))
		for i, t := range rep.Sentences() {
			s.Text = append(s.Text, t)
			s.Report = append(s.Report, r)
			s.Index = append(s.Index, i)
		}
	}
	s.Start = append(s.Start, len(s.Text))
	return s
}

// At returns sentence i of report r.
func (s *Sentences) At(r, i int) string { return s.Text[s.Start[r]+i] }

// BuildTextIndex indexes every sentence of c and nothing else: what Bleve
// is given, so the two compare fairly.
func BuildTextIndex(c *corpus.Corpus) (*index.Index, error) {
	b := index.NewBuilder()
	for r, rep := range c.Reports {
		for i, t := range rep.Sentences() {
			b.AddSentence(r, i, t)
		}
	}
	return b.Build()
}

// BuildIndex indexes every sentence of c, the people it names and its key
// terms (organisers and quoted terms), taken from the generator: structure
// no other system here is given (the whole bot learns its own from the
// text).
func BuildIndex(c *corpus.Corpus) (*index.Index, error) {
	b := index.NewBuilder()
	for r, rep := range c.Reports {
		for i, t := range rep.Sentences() {
			b.AddSentence(r, i, t)
		}
		people := append([]int{rep.Presider}, rep.Speakers...)
		people = append(people, rep.Attendees...)
		for _, p := range people {
			b.AddName(c.People[p].Name, r, p)
		}
		for i, t := range rep.Terms {
			b.AddTerm(t, r, i)
		}
		// Organisations, numbered after the quoted terms: the organiser
		// first, then those of the people present.
		item := len(rep.Terms)
		b.AddTerm(rep.Org, r, item)
		for _, p := range people {
			if org := c.People[p].Org; org != "" {
				item++
				b.AddTerm(org, r, item)
				// The role as stated, so "the chairman of the X" finds
				// the chairman, not the vice chairman.
				item++
				b.AddTerm(c.People[p].Role+" of the "+org, r, item)
			}
		}
	}
	return b.Build()
}

// IndexSystem answers through knowledge/index.
type IndexSystem struct {
	ix *index.Index
	s  *Sentences
}

// NewIndexSystem answers from ix, which indexes s.
func NewIndexSystem(ix *index.Index, s *Sentences) *IndexSystem { return &IndexSystem{ix: ix, s: s} }

func (*IndexSystem) Name() string { return "reportbot index" }

// Answer ranks reports by BM25; when the question names a person or an
// organisation the dictionaries know (typos allowed), only reports that
// mention them compete.
func (x *IndexSystem) Answer(question string) Answer {
	q := x.ix.Analyze(question)
	if len(q.Words) == 0 {
		return Answer{}
	}
	opts := index.Options{K: Rerank, MinMatched: Need(len(q.Words))}
	var person *index.DictMatch
	for _, d := range []*index.Dict{x.ix.Names, x.ix.Terms} {
		m := d.LookupQuery(q, 1)
		if len(m) == 0 || !m[0].Complete() {
			continue
		}
		if d == x.ix.Names {
			person = &m[0]
		}
		if opts.Only == nil {
			opts.Only = m[0].Reports()
		} else {
			opts.Only = intersect(opts.Only, m[0].Reports())
		}
	}
	top := x.ix.SearchReports(q, opts)
	if len(top) == 0 {
		return Answer{}
	}
	// Of the best few, prefer the report whose best sentence holds most of
	// the question together: bag-of-words over a whole report cannot tell
	// "the forum of the X held on April 16" from a report where those words
	// are scattered.
	r, best := -1, 0.0
	for _, t := range top {
		sc := t.Score
		if h := x.ix.SearchReport(q, t.Report, index.Options{K: 1}); len(h) > 0 {
			sc += h[0].Score
		}
		if r < 0 || sc > best {
			r, best = t.Report, sc
		}
	}
	n := x.s.Start[r+1] - x.s.Start[r]
	var ranked []int
	for _, h := range x.ix.SearchReport(q, r, index.Options{K: n}) {
		ranked = append(ranked, h.Sentence)
	}
	within := func(q index.Query) map[int]bool {
		set := map[int]bool{}
		for _, h := range x.ix.SearchReport(q, r, index.Options{K: n, MinMatched: len(q.Words)}) {
			set[h.Sentence] = true
		}
		return set
	}
	// The answer must say what is asked (the first word: "presided",
	// "chairman") and, when the question names someone, name them whole.
	pred := within(index.Query{Words: q.Words[:1]})
	filter := func(i int) bool { return pred[i] }
	if person != nil {
		named := within(x.ix.Analyze(person.Key))
		both := false
		for i := range named {
			both = both || pred[i]
		}
		filter = func(i int) bool { return named[i] && (!both || pred[i]) }
	}
	return x.s.Pick(r, ranked, filter)
}

// Rerank is how many of the best reports are compared by their best
// sentence.
const Rerank = 5

// Pick shows the first Shown of ranked sentences of report r, keeping
// only those that contain the question's predicate when any does: the word
// that says what is asked ("presided", "chairman") must be in the answer,
// not just the words that pick the event.
func (s *Sentences) Pick(r int, ranked []int, hasPredicate func(sentence int) bool) Answer {
	var keep []int
	for _, i := range ranked {
		if hasPredicate(i) {
			keep = append(keep, i)
		}
	}
	if len(keep) == 0 {
		keep = ranked
	}
	if len(keep) == 0 {
		return Answer{}
	}
	var texts []string
	for _, i := range keep[:min(len(keep), Shown)] {
		texts = append(texts, s.At(r, i))
	}
	return Answer{Found: true, Report: r, Text: strings.Join(texts, "\n")}
}

// Result is how one system did on a set of questions.
type Result struct {
	System    string
	Latencies []time.Duration
	Questions int // distinct questions asked
	Correct   int
	// ByKind counts [correct, asked] per question kind ("typo" for the
	// misspelt ones).
	ByKind map[string][2]int
}

// Accuracy is the share answered correctly.
func (r Result) Accuracy() float64 {
	if r.Questions == 0 {
		return 0
	}
	return float64(r.Correct) / float64(r.Questions)
}

// Run asks every question repeat times (at least once), timing each, and
// scores the first round.
func Run(sys System, qs []corpus.Question, repeat int) Result {
	res := Result{System: sys.Name(), Questions: len(qs), ByKind: map[string][2]int{}}
	for round := 0; round < max(repeat, 1); round++ {
		for _, q := range qs {
			start := time.Now()
			a := sys.Answer(q.Text)
			res.Latencies = append(res.Latencies, time.Since(start))
			if round > 0 {
				continue
			}
			kind := q.Kind
			if q.Typo {
				kind = "typo"
			}
			k := res.ByKind[kind]
			k[1]++
			if Correct(q, a) {
				res.Correct++
				k[0]++
			}
			res.ByKind[kind] = k
		}
	}
	return res
}

// Percentile returns the p-th percentile (0–100) of d.
func Percentile(d []time.Duration, p float64) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := slices.Clone(d)
	slices.Sort(s)
	i := int(p / 100 * float64(len(s)-1))
	return s[i]
}

// intersect returns the numbers in both ascending lists.
func intersect(a, b []int) []int {
	out := []int{}
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			out = append(out, a[i])
			i++
			j++
		}
	}
	return out
}
