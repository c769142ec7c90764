package index

import (
	"math/bits"
	"slices"
	"strings"
)

// Ref points at one item of one report, in the caller's numbering.
type Ref struct {
	Report, Item int
}

// Dict is a dictionary of multi-word names or terms, looked up fuzzily in
// free text: "who is marta kovalnko" finds the entry "Marta Kovalenko". Entries
// with the same normalised spelling are one entry with several refs.
type Dict struct {
	vocab   *vocab
	display []string // per entry, the first spelling added
	// Words of entry e (vocabulary ids, in order):
	// entryWords[entryStart[e]:entryStart[e+1]].
	entryStart []uint32
	entryWords []uint32
	// Refs of entry e: refReport/refItem[refStart[e]:refStart[e+1]].
	refStart  []uint32
	refReport []uint32
	refItem   []uint32

	// Derived at build and load time: entries that contain vocabulary word
	// w are wordEntries[wordStart[w]:wordStart[w+1]].
	wordStart   []uint32
	wordEntries []uint32
	keys        map[string]uint32 // normalised spelling → entry
}

// DictMatch is an entry found in a text.
type DictMatch struct {
	Key   string // the entry's spelling
	Refs  []Ref
	Words int // words in the entry
	// Matched is how many of the entry's words the text contains; Edits is
	// the typos it took to match them.
	Matched, Edits int
}

// Reports lists the reports the entry's refs point into, ascending and
// without repeats: the argument for Options.Only.
func (m DictMatch) Reports() []int {
	out := make([]int, 0, len(m.Refs))
	for _, r := range m.Refs {
		out = append(out, r.Report)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// Complete reports whether every word of the entry was found.
func (m DictMatch) Complete() bool { return m.Matched == m.Words }

type dictBuilder struct {
	keys    map[string]int
	entries []builderEntry
}

type builderEntry struct {
	display string
	words   []string
	refs    []Ref
}

func entryWords(s string) []string {
	if ws := Terms(s); len(ws) > 0 {
		return ws
	}
	return Words(s)
}

func (b *dictBuilder) add(s string, report, item int) {
	key := Normalize(s)
	if key == "" {
		return
	}
	if b.keys == nil {
		b.keys = map[string]int{}
	}
	e, ok := b.keys[key]
	if !ok {
		e = len(b.entries)
		b.keys[key] = e
		words := entryWords(s)
		if len(words) > 64 { // the lookup tracks words in a 64-bit mask
			words = words[:64]
		}
		b.entries = append(b.entries, builderEntry{display: strings.TrimSpace(s), words: words})
	}
	b.entries[e].refs = append(b.entries[e].refs, Ref{Report: report, Item: item})
}

func (b *dictBuilder) build() *Dict {
	var all []string
	for _, e := range b.entries {
		all = append(all, e.words...)
	}
	d := &Dict{vocab: newVocab(all)}
	for _, e := range b.entries {
		d.display = append(d.display, e.display)
		d.entryStart = append(d.entryStart, uint32(len(d.entryWords)))
		for _, w := range e.words {
			id, _ := d.vocab.id(w)
			d.entryWords = append(d.entryWords, id)
		}
		d.refStart = append(d.refStart, uint32(len(d.refReport)))
		for _, r := range e.refs {
			d.refReport = append(d.refReport, uint32(r.Report))
			d.refItem = append(d.refItem, uint32(r.Item))
		}
	}
	d.entryStart = append(d.entryStart, uint32(len(d.entryWords)))
	d.refStart = append(d.refStart, uint32(len(d.refReport)))
	d.derive()
	return d
}

func (d *Dict) derive() {
	// Each entry is listed once under each distinct word it contains.
	distinct := func(e int, visit func(w uint32)) {
		words := d.entryWords[d.entryStart[e]:d.entryStart[e+1]]
		for i, w := range words {
			if slices.Index(words[:i], w) < 0 {
				visit(w)
			}
		}
	}
	nEntries := len(d.display)
	start := make([]uint32, len(d.vocab.terms)+1)
	for e := 0; e < nEntries; e++ {
		distinct(e, func(w uint32) { start[w+1]++ })
	}
	for i := 1; i < len(start); i++ {
		start[i] += start[i-1]
	}
	d.wordStart = start
	d.wordEntries = make([]uint32, start[len(start)-1])
	fill := slices.Clone(start)
	d.keys = make(map[string]uint32, nEntries)
	for e := 0; e < nEntries; e++ {
		distinct(e, func(w uint32) {
			d.wordEntries[fill[w]] = uint32(e)
			fill[w]++
		})
		if k := Normalize(d.display[e]); k != "" {
			if _, ok := d.keys[k]; !ok {
				d.keys[k] = uint32(e)
			}
		}
	}
}

// Len is the number of entries.
func (d *Dict) Len() int { return len(d.display) }

// Get returns the entry spelled exactly key (after normalisation).
func (d *Dict) Get(key string) (DictMatch, bool) {
	e, ok := d.keys[Normalize(key)]
	if !ok {
		return DictMatch{}, false
	}
	n := int(d.entryStart[e+1] - d.entryStart[e])
	return d.match(e, n, 0), true
}

func (d *Dict) match(e uint32, matched, edits int) DictMatch {
	m := DictMatch{Key: d.display[e], Words: int(d.entryStart[e+1] - d.entryStart[e]), Matched: matched, Edits: edits}
	for i := d.refStart[e]; i < d.refStart[e+1]; i++ {
		m.Refs = append(m.Refs, Ref{Report: int(d.refReport[i]), Item: int(d.refItem[i])})
	}
	return m
}

// Lookup finds entries whose words occur in text, allowing typos in each
// word (the same edit limits as the index, without the subsequence search:
// a name is not guessed from a few of its letters). An entry is returned when at least
// half of its words are found; complete matches come first, then the most
// words matched, the fewest typos and the shortest entry. limit caps the
// result.
func (d *Dict) Lookup(text string, limit int) []DictMatch {
	var words []string
	seen := map[string]bool{}
	for _, w := range entryWords(text) {
		if !seen[w] {
			seen[w] = true
			words = append(words, w)
		}
	}
	return d.lookup(words, nil, limit)
}

// LookupQuery is Lookup for a query the index analysed. Words the index
// knows exactly are taken as spelt right and matched exactly, so only the
// misspelt words pay for a fuzzy search of the dictionary.
func (d *Dict) LookupQuery(q Query, limit int) []DictMatch {
	words := make([]string, len(q.Words))
	exact := make([]bool, len(q.Words))
	for i, w := range q.Words {
		words[i] = w.Word
		exact[i] = len(w.Matches) > 0 && w.Matches[0].Term == w.Word
	}
	return d.lookup(words, exact, limit)
}

func (d *Dict) lookup(words []string, exact []bool, limit int) []DictMatch {
	type acc struct {
		mask  uint64
		edits int
	}
	found := map[uint32]acc{}
	for i, w := range words {
		var ms []Match
		if exact != nil && exact[i] {
			if id, ok := d.vocab.id(w); ok {
				ms = []Match{{Term: w, id: id}}
			}
		} else {
			ms = d.vocab.expand(w, expansionsPerWord, false)
		}
		for _, m := range ms {
			for _, e := range d.wordEntries[d.wordStart[m.id]:d.wordStart[m.id+1]] {
				a := found[e]
				for j, id := range d.entryWords[d.entryStart[e]:d.entryStart[e+1]] {
					if bit := uint64(1) << j; id == m.id && a.mask&bit == 0 {
						a.mask |= bit
						a.edits += m.Edits
					}
				}
				found[e] = a
			}
		}
	}
	type cand struct {
		e                     uint32
		words, matched, edits int
	}
	cands := make([]cand, 0, len(found))
	for e, a := range found {
		n := int(d.entryStart[e+1] - d.entryStart[e])
		matched := bits.OnesCount64(a.mask)
		if 2*matched < n {
			continue
		}
		cands = append(cands, cand{e: e, words: n, matched: matched, edits: a.edits})
	}
	slices.SortFunc(cands, func(a, b cand) int {
		ac, bc := a.matched == a.words, b.matched == b.words
		switch {
		case ac != bc:
			if ac {
				return -1
			}
			return 1
		case a.matched != b.matched:
			return b.matched - a.matched
		case a.edits != b.edits:
			return a.edits - b.edits
		case a.words != b.words:
			return a.words - b.words
		}
		return cmpU32(a.e, b.e)
	})
	res := make([]DictMatch, 0, min(limit, len(cands)))
	for _, c := range cands {
		if len(res) == limit {
			break
		}
		res = append(res, d.match(c.e, c.matched, c.edits))
	}
	return res
}
