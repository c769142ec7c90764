package index

import (
	"fmt"
	"math"
	"math/bits"
	"slices"
	"strings"
	"sync"

	"github.com/reportbot/reportbot/knowledge/textmatch"
)

// BM25 parameters: the usual defaults, which suit sentence-length documents.
const (
	bm25K1 = 1.2
	bm25B  = 0.75
)

// How much a word found through a typo counts against the word itself.
const (
	weightPerEdit     = 0.2 // an edit costs a fifth of the word's weight
	weightSubsequence = 0.5 // letters dropped beyond edit distance
	expansionsPerWord = 3   // nearest vocabulary words a typo may stand for
)

// Builder collects sentences, names and terms and builds an Index. Add
// sentences report by report, in ascending report order, so each report's
// sentences sit together and a search within one report touches only them.
type Builder struct {
	docReport   []uint32
	docSentence []uint32
	docLen      []uint16
	postings    map[string]*postingList
	names       dictBuilder
	terms       dictBuilder
	words       []string
	label       string
	err         error
}

// postingList is one term's postings while building: documents and term
// frequencies apart, five bytes a posting rather than eight (a build of a
// large archive is mostly postings).
type postingList struct {
	docs []uint32
	tfs  []uint8
}

// NewBuilder returns an empty Builder.
func NewBuilder() *Builder {
	return &Builder{postings: map[string]*postingList{}}
}

// AddSentence indexes one sentence of a report. report and sentence are the
// caller's numbers (for example positions in its own slices); hits carry
// them back.
func (b *Builder) AddSentence(report, sentence int, text string) {
	if b.err != nil {
		return
	}
	terms := Terms(text)
	b.AddDoc(report, sentence, terms, len(terms))
}

// AddDoc indexes one sentence as terms the caller normalised itself (so a
// caller with its own tokeniser and stemmer gets postings under its own
// terms), with length the sentence's length for BM25 in the same units.
// Terms may repeat; each repeat counts towards the term frequency.
func (b *Builder) AddDoc(report, sentence int, terms []string, length int) {
	if b.err != nil {
		return
	}
	if report < 0 || sentence < 0 || report > math.MaxUint32-1 || sentence > math.MaxUint32 {
		b.err = fmt.Errorf("index: sentence %d of report %d: numbers out of range", sentence, report)
		return
	}
	if n := len(b.docReport); n > 0 && uint32(report) < b.docReport[n-1] {
		b.err = fmt.Errorf("index: report %d added after report %d; add reports in ascending order", report, b.docReport[n-1])
		return
	}
	b.addDoc(report, sentence, terms, length)
}

// AddWords adds words to the index's word list (Index.Words), a
// vocabulary for typo correction kept apart from the indexed terms: for
// example the unstemmed tokens of every sentence.
func (b *Builder) AddWords(words ...string) { b.words = append(b.words, words...) }

// SetLabel stores a caller's string in the index, for example a
// fingerprint of the data it was built from, to check on load.
func (b *Builder) SetLabel(label string) { b.label = label }

func (b *Builder) addDoc(report, sentence int, terms []string, length int) {
	doc := uint32(len(b.docReport))
	b.docReport = append(b.docReport, uint32(report))
	b.docSentence = append(b.docSentence, uint32(sentence))
	b.docLen = append(b.docLen, uint16(min(length, math.MaxUint16)))
	for _, t := range terms {
		ps := b.postings[t]
		if ps == nil {
			ps = &postingList{}
			b.postings[strings.Clone(t)] = ps // not a slice of the caller's text
		}
		if n := len(ps.docs); n > 0 && ps.docs[n-1] == doc {
			if ps.tfs[n-1] < math.MaxUint8 {
				ps.tfs[n-1]++
			}
			continue
		}
		ps.docs = append(ps.docs, doc)
		ps.tfs = append(ps.tfs, 1)
	}
}

// AddName records a person's name (or an alias) for fuzzy lookup; item is
// the caller's number for the person within the report.
func (b *Builder) AddName(name string, report, item int) {
	b.names.add(name, report, item)
}

// AddTerm records a key term (a quoted phrase, an organisation) for fuzzy
// lookup; item is the caller's number for it within the report.
func (b *Builder) AddTerm(term string, report, item int) {
	b.terms.add(term, report, item)
}

// Build freezes what was added into an Index.
// Build is called once: it hands the postings over to the index.
func (b *Builder) Build() (*Index, error) {
	if b.err != nil {
		return nil, b.err
	}
	words := make([]string, 0, len(b.postings))
	for w := range b.postings {
		words = append(words, w)
	}
	ix := &Index{
		vocab:       newVocab(words),
		docReport:   b.docReport,
		docSentence: b.docSentence,
		docLen:      b.docLen,
		Names:       b.names.build(),
		Terms:       b.terms.build(),
		words:       newVocab(b.words),
		label:       b.label,
	}
	total := 0
	for _, ps := range b.postings {
		total += len(ps.docs)
	}
	ix.postStart = make([]uint32, 0, len(ix.vocab.terms)+1)
	ix.postDoc = make([]uint32, 0, total)
	ix.postTF = make([]uint8, 0, total)
	for _, t := range ix.vocab.terms {
		ix.postStart = append(ix.postStart, uint32(len(ix.postDoc)))
		ps := b.postings[t]
		ix.postDoc = append(ix.postDoc, ps.docs...)
		ix.postTF = append(ix.postTF, ps.tfs...)
		*ps = postingList{} // copied: let the collector have it as the copy grows
	}
	b.postings = nil
	ix.postStart = append(ix.postStart, uint32(len(ix.postDoc)))
	ix.derive()
	return ix, nil
}

// Index is an immutable search index; it is safe for concurrent use.
type Index struct {
	vocab *vocab
	// Postings of vocabulary word i are postDoc/postTF[postStart[i]:postStart[i+1]],
	// in ascending document order.
	postStart []uint32
	postDoc   []uint32
	postTF    []uint8
	// Per document (sentence): its report and sentence numbers and length
	// in terms.
	docReport   []uint32
	docSentence []uint32
	docLen      []uint16

	// Derived at build and load time, never stored.
	// Reports are scored as dense "units": unit u is report repNums[u],
	// its documents are repStart[u]:repStart[u+1], and docUnit maps each
	// document to its unit. Dense units keep per-query memory bounded by
	// what the index holds, whatever numbers the caller uses.
	repNums     []uint32
	repStart    []uint32
	docUnit     []uint32
	norm        []float64 // per document, BM25's length normalisation k1·(1−b+b·len/avg)
	docs, units sync.Pool // scratch for sentence- and report-level scoring

	// Names holds people's names; Terms holds key terms and organisations.
	Names *Dict
	Terms *Dict

	words *vocab // AddWords
	label string
}

// Label is the string given to Builder.SetLabel.
func (ix *Index) Label() string { return ix.label }

// TermVocabulary is the vocabulary of indexed terms.
func (ix *Index) TermVocabulary() *Vocabulary { return &Vocabulary{ix.vocab} }

// Words is the vocabulary given to Builder.AddWords.
func (ix *Index) Words() *Vocabulary { return &Vocabulary{ix.words} }

// Vocabulary is a word list with typo-tolerant lookup through a delete
// table, not a scan.
type Vocabulary struct{ v *vocab }

// NewVocabulary builds a vocabulary over words.
func NewVocabulary(words []string) *Vocabulary { return &Vocabulary{newVocab(words)} }

// Len is the number of distinct words.
func (v *Vocabulary) Len() int { return len(v.v.terms) }

// All returns the words, sorted. The slice is shared: do not modify it.
func (v *Vocabulary) All() []string { return v.v.terms }

// Has reports whether w is in the vocabulary.
func (v *Vocabulary) Has(w string) bool {
	_, ok := v.v.id(w)
	return ok
}

// Near returns every word within maxEdits (at most 2) edits of w
// (optimal-string-alignment distance), w itself included if present, in
// vocabulary order. Words of three letters or fewer carry no delete table
// and are found only exactly; words of four or five letters only within
// one edit.
func (v *Vocabulary) Near(w string, maxEdits int) []string {
	maxEdits = min(maxEdits, 2)
	var out []string
	if _, ok := v.v.id(w); ok {
		out = append(out, w)
	}
	if maxEdits <= 0 {
		return out
	}
	r := []rune(w)
	var probeBuf [64]uint32
	seen := map[uint32]bool{}
	var tr []rune
	for _, h := range deleteHashes(prefixRunes(r), maxEdits, probeBuf[:0]) {
		i, _ := slices.BinarySearch(v.v.delHash, h)
		for ; i < len(v.v.delHash) && v.v.delHash[i] == h; i++ {
			id := v.v.delTerm[i]
			if seen[id] {
				continue
			}
			seen[id] = true
			t := v.v.terms[id]
			if t == w {
				continue
			}
			tr = append(tr[:0], []rune(t)...)
			if textmatch.DistanceRunes(r, tr, maxEdits) <= maxEdits {
				out = append(out, t)
			}
		}
	}
	slices.Sort(out)
	return out
}

// Postings are the sentences that contain one term, in index order.
type Postings struct {
	docs []uint32
	tfs  []uint8
}

// Postings returns the sentences containing term exactly.
func (ix *Index) Postings(term string) Postings {
	id, ok := ix.vocab.id(term)
	if !ok {
		return Postings{}
	}
	a, b := ix.postStart[id], ix.postStart[id+1]
	return Postings{docs: ix.postDoc[a:b], tfs: ix.postTF[a:b]}
}

// Len is the number of sentences: the term's document frequency.
func (p Postings) Len() int { return len(p.docs) }

// At returns the i-th sentence (as a document number) and the term's
// frequency in it.
func (p Postings) At(i int) (doc, tf int) { return int(p.docs[i]), int(p.tfs[i]) }

// TF is the term's frequency in document doc (0 when absent).
func (p Postings) TF(doc int) int {
	if doc < 0 {
		return 0
	}
	i, ok := slices.BinarySearch(p.docs, uint32(doc))
	if !ok {
		return 0
	}
	return int(p.tfs[i])
}

// Doc returns the report, sentence and length of document doc.
func (ix *Index) Doc(doc int) (report, sentence, length int) {
	return int(ix.docReport[doc]), int(ix.docSentence[doc]), int(ix.docLen[doc])
}

// Norm is BM25's length normalisation of document doc,
// k1·(1−b+b·len/avg) with k1 = 1.2 and b = 0.75, precomputed.
func (ix *Index) Norm(doc int) float64 { return ix.norm[doc] }

// DocOf returns the document number of a report's sentence.
func (ix *Index) DocOf(report, sentence int) (int, bool) {
	u, ok := ix.unitOf(report)
	if !ok {
		return 0, false
	}
	lo, hi := int(ix.repStart[u]), int(ix.repStart[u+1])
	// Sentences are usually added in order, so the guess is usually right.
	if d := lo + sentence; sentence >= 0 && d < hi && int(ix.docSentence[d]) == sentence {
		return d, true
	}
	for d := lo; d < hi; d++ {
		if int(ix.docSentence[d]) == sentence {
			return d, true
		}
	}
	return 0, false
}

// unitOf returns the unit of a report number.
func (ix *Index) unitOf(report int) (uint32, bool) {
	if report < 0 || report > math.MaxUint32 {
		return 0, false
	}
	u, ok := slices.BinarySearch(ix.repNums, uint32(report))
	return uint32(u), ok
}

func (ix *Index) derive() {
	ix.repNums, ix.repStart = nil, nil
	ix.docUnit = make([]uint32, len(ix.docReport))
	for d, r := range ix.docReport {
		if n := len(ix.repNums); n == 0 || ix.repNums[n-1] != r {
			ix.repNums = append(ix.repNums, r)
			ix.repStart = append(ix.repStart, uint32(d))
		}
		ix.docUnit[d] = uint32(len(ix.repNums) - 1)
	}
	ix.repStart = append(ix.repStart, uint32(len(ix.docReport)))
	nReports := len(ix.repNums)
	var sum float64
	for _, l := range ix.docLen {
		sum += float64(l)
	}
	avg := 1.0
	if len(ix.docLen) > 0 && sum > 0 {
		avg = sum / float64(len(ix.docLen))
	}
	ix.norm = make([]float64, len(ix.docLen))
	for d, l := range ix.docLen {
		ix.norm[d] = bm25K1 * (1 - bm25B + bm25B*float64(l)/avg)
	}
	nDocs := len(ix.docReport)
	ix.docs.New = func() any { return newScratch(nDocs) }
	ix.units.New = func() any { return newScratch(nReports) }
}

// Sentences is how many sentences the index holds.
func (ix *Index) Sentences() int { return len(ix.docReport) }

// VocabularySize is how many distinct terms the index holds.
func (ix *Index) VocabularySize() int { return len(ix.vocab.terms) }

// Query is a question analysed against the vocabulary: each meaningful word
// with the vocabulary words it was taken to mean. Analyse once, search as
// often as needed.
type Query struct {
	Words []QueryWord
}

// QueryWord is one meaningful word of a question.
type QueryWord struct {
	Word    string
	Matches []Match // empty when nothing in the index resembles it
}

// Known is how many of the query's words match something in the index.
func (q Query) Known() int {
	n := 0
	for _, w := range q.Words {
		if len(w.Matches) > 0 {
			n++
		}
	}
	return n
}

// Analyze splits text into terms and expands each through the vocabulary:
// exact words stay as they are; unknown words become the nearest words
// within the edit limit, or failing that words they are a subsequence of.
func (ix *Index) Analyze(text string) Query {
	var q Query
	seen := map[string]bool{}
	for _, w := range Terms(text) {
		if seen[w] {
			continue
		}
		seen[w] = true
		q.Words = append(q.Words, QueryWord{Word: w, Matches: ix.vocab.expand(w, expansionsPerWord, true)})
	}
	return q
}

// Hit is one sentence found.
type Hit struct {
	Report, Sentence int
	Score            float64
	// Matched is how many of the query's words the sentence contains, in
	// some form; compare with len(Query.Words) to judge coverage.
	Matched int
}

// ReportHit is one report found; its score sums, for each query word, the
// best score of that word in any of the report's sentences, so a question
// whose words are spread over several sentences still finds the report.
type ReportHit struct {
	Report  int
	Score   float64
	Matched int
}

// Options narrow a search.
type Options struct {
	// K is how many results to return; 0 means 10.
	K int
	// MinMatched drops results that contain fewer of the query's words.
	// Besides saving the caller a filter, it lets the search skip work: once
	// the words left to score could not lift an untouched report to
	// MinMatched, only reports already in the running are looked at.
	MinMatched int
	// Only, when not nil, limits the search to these reports: for example
	// the reports a name found in the Names dictionary appears in
	// (DictMatch.Reports). An empty, non-nil list finds nothing.
	Only []int
}

func (o Options) k() int {
	if o.K <= 0 {
		return 10
	}
	return o.K
}

// Search returns the best sentences of all reports.
func (ix *Index) Search(q Query, o Options) []Hit {
	return ix.searchDocs(q, 0, uint32(len(ix.docReport)), o)
}

// SearchReport returns the best sentences of one report.
func (ix *Index) SearchReport(q Query, report int, o Options) []Hit {
	u, ok := ix.unitOf(report)
	if !ok {
		return nil
	}
	return ix.searchDocs(q, ix.repStart[u], ix.repStart[u+1], o)
}

func (ix *Index) searchDocs(q Query, lo, hi uint32, o Options) []Hit {
	s := ix.docs.Get().(*scratch)
	defer ix.docs.Put(s)
	ix.score(q, lo, hi, s, false, o)
	top := s.top(o.k())
	hits := make([]Hit, len(top))
	for i, u := range top {
		hits[i] = Hit{Report: int(ix.docReport[u]), Sentence: int(ix.docSentence[u]), Score: float64(s.score[u]), Matched: int(s.matched[u])}
	}
	s.reset()
	return hits
}

// SearchReports returns the best reports.
func (ix *Index) SearchReports(q Query, o Options) []ReportHit {
	s := ix.units.Get().(*scratch)
	defer ix.units.Put(s)
	ix.score(q, 0, uint32(len(ix.docReport)), s, true, o)
	top := s.top(o.k())
	hits := make([]ReportHit, len(top))
	for i, u := range top {
		hits[i] = ReportHit{Report: int(ix.repNums[u]), Score: float64(s.score[u]), Matched: int(s.matched[u])}
	}
	s.reset()
	return hits
}

// score accumulates BM25 over documents lo:hi into s, per document or, with
// byReport, per report. A word that stands for several vocabulary words
// counts once per unit, with its best form.
//
// Words go rarest first. While an untouched unit could still reach
// minMatched, every posting is scored; after that only units already
// touched can qualify, so units that can no longer reach minMatched are
// dropped, and each remaining word is scored either by scanning its
// postings for the survivors or, when there are few survivors, by binary
// search of the postings within each survivor's range — whichever is
// cheaper. The result is exactly what a full scan and a final filter would
// give.
func (ix *Index) score(q Query, lo, hi uint32, s *scratch, byReport bool, o Options) {
	n := float64(len(ix.docReport))
	minMatched := o.MinMatched
	var allow []uint64 // bit per report, when o.Only limits the search
	if o.Only != nil {
		allow = s.allowOnly(ix, o.Only)
		defer clear(allow)
		if len(s.only) == 0 {
			return
		}
	}
	words := slices.Clone(q.Words)
	size := func(w QueryWord) (t uint32) {
		for _, m := range w.Matches {
			t += ix.postStart[m.id+1] - ix.postStart[m.id]
		}
		return t
	}
	slices.SortStableFunc(words, func(a, b QueryWord) int { return cmpU32(size(a), size(b)) })
	unitRange := func(u uint32) (uint32, uint32) {
		if byReport {
			return max(ix.repStart[u], lo), min(ix.repStart[u+1], hi)
		}
		return u, u + 1
	}
	closed := false // no new units may enter
	for k, w := range words {
		left := len(words) - k // words still to score, this one included
		if !closed && left < minMatched {
			closed = true
		}
		if closed {
			s.prune(func(u uint32) bool { return int(s.matched[u])+left >= minMatched })
			slices.Sort(s.touched)
			if len(s.touched) == 0 {
				return
			}
		}
		gen := s.nextGen()
		s.wordTouched = s.wordTouched[:0]
		for _, m := range w.Matches {
			a, b := ix.postStart[m.id], ix.postStart[m.id+1]
			df := float64(b - a)
			weight := math.Log(1+(n-df+0.5)/(df+0.5)) * matchWeight(m)
			docs, tfs := ix.postDoc[a:b], ix.postTF[a:b]
			add := func(i int) {
				d := docs[i]
				u := d
				if byReport {
					u = ix.docUnit[d]
				}
				if closed && s.matched[u] == 0 {
					return
				}
				if allow != nil {
					if r := ix.docUnit[d]; allow[r/64]&(1<<(r%64)) == 0 {
						return
					}
				}
				tf := float64(tfs[i])
				sc := float32(weight * tf * (bm25K1 + 1) / (tf + ix.norm[d]))
				if s.stamp[u] != gen {
					s.stamp[u] = gen
					s.cur[u] = sc
					s.wordTouched = append(s.wordTouched, u)
				} else if sc > s.cur[u] {
					s.cur[u] = sc
				}
			}
			// Few candidates (survivors, or the reports Only allows): look
			// each one's range up instead of scanning every posting.
			var cands []uint32
			rangeOf := unitRange
			switch {
			case closed:
				cands = s.touched
			case o.Only != nil:
				cands = s.only
				rangeOf = func(r uint32) (uint32, uint32) {
					return max(ix.repStart[r], lo), min(ix.repStart[r+1], hi)
				}
			}
			if cands != nil && len(cands)*bits.Len(uint(len(docs))) < len(docs) {
				i := 0
				for _, u := range cands {
					ulo, uhi := rangeOf(u)
					j, _ := slices.BinarySearch(docs[i:], ulo)
					i += j
					for ; i < len(docs) && docs[i] < uhi; i++ {
						add(i)
					}
				}
				continue
			}
			i := 0
			if lo > 0 {
				i, _ = slices.BinarySearch(docs, lo)
			}
			for ; i < len(docs) && docs[i] < hi; i++ {
				add(i)
			}
		}
		for _, u := range s.wordTouched {
			if s.matched[u] == 0 {
				s.touched = append(s.touched, u)
			}
			s.score[u] += s.cur[u]
			if s.matched[u] < math.MaxUint8 {
				s.matched[u]++
			}
		}
	}
	s.prune(func(u uint32) bool { return int(s.matched[u]) >= minMatched })
}

func matchWeight(m Match) float64 {
	if m.Subsequence {
		return weightSubsequence
	}
	return 1 - weightPerEdit*float64(m.Edits)
}

// scratch is per-query working memory, dense over documents or reports and
// reused through a pool; only the entries a query touched are reset.
type scratch struct {
	score       []float32
	cur         []float32
	matched     []uint8
	stamp       []uint32
	gen         uint32
	touched     []uint32
	wordTouched []uint32
	allow       []uint64
	only        []uint32
}

func newScratch(n int) *scratch {
	return &scratch{score: make([]float32, n), cur: make([]float32, n), matched: make([]uint8, n), stamp: make([]uint32, n)}
}

func (s *scratch) nextGen() uint32 {
	s.gen++
	if s.gen == 0 { // wrapped: old stamps could collide
		clear(s.stamp)
		s.gen = 1
	}
	return s.gen
}

// allowOnly returns a bitset over units of the reports in only, and keeps
// their units sorted in s.only.
func (s *scratch) allowOnly(ix *Index, only []int) []uint64 {
	words := (len(ix.repNums) + 63) / 64
	if cap(s.allow) < words {
		s.allow = make([]uint64, words)
	}
	s.allow = s.allow[:words]
	s.only = s.only[:0]
	for _, r := range only {
		if u, ok := ix.unitOf(r); ok {
			s.allow[u/64] |= 1 << (u % 64)
			s.only = append(s.only, u)
		}
	}
	slices.Sort(s.only)
	s.only = slices.Compact(s.only)
	return s.allow
}

// prune drops touched units for which ok is false.
func (s *scratch) prune(ok func(u uint32) bool) {
	kept := s.touched[:0]
	for _, u := range s.touched {
		if ok(u) {
			kept = append(kept, u)
		} else {
			s.score[u], s.matched[u] = 0, 0
		}
	}
	s.touched = kept
}

func (s *scratch) reset() {
	for _, u := range s.touched {
		s.score[u] = 0
		s.matched[u] = 0
	}
	s.touched = s.touched[:0]
}

// top returns the k best touched units, best first; ties go to the lower
// number so results are stable.
func (s *scratch) top(k int) []uint32 {
	if k <= 0 || len(s.touched) == 0 {
		return nil
	}
	better := func(a, b uint32) bool {
		if s.score[a] != s.score[b] {
			return s.score[a] > s.score[b]
		}
		return a < b
	}
	// A min-heap of the best k so far: its root is the worst of them.
	h := make([]uint32, 0, min(k, len(s.touched)))
	down := func(i int) {
		for {
			l, m := 2*i+1, i
			if l < len(h) && better(h[m], h[l]) {
				m = l
			}
			if r := l + 1; r < len(h) && better(h[m], h[r]) {
				m = r
			}
			if m == i {
				return
			}
			h[i], h[m] = h[m], h[i]
			i = m
		}
	}
	for _, u := range s.touched {
		if len(h) < k {
			h = append(h, u)
			for i := len(h) - 1; i > 0; {
				p := (i - 1) / 2
				if !better(h[p], h[i]) {
					break
				}
				h[i], h[p] = h[p], h[i]
				i = p
			}
			continue
		}
		if better(u, h[0]) {
			h[0] = u
			down(0)
		}
	}
	slices.SortFunc(h, func(a, b uint32) int {
		if better(a, b) {
			return -1
		}
		if better(b, a) {
			return 1
		}
		return 0
	})
	return h
}
