package index

import (
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/sahilm/fuzzy"
)

// deletePrefix is how much of a word the delete table covers. Deleting
// letters only within the first few letters keeps the table to a few dozen
// entries per word (SymSpell's prefix trick); candidates are then checked
// against the whole word, so nothing wrong gets through.
const deletePrefix = 7

// Match is one vocabulary word a query word was taken to mean.
type Match struct {
	Term string
	// Edits is the edit distance from the query word; 0 is an exact match.
	// A word found only as a subsequence (letters dropped beyond what edit
	// distance allows) reports Subsequence and the letters it lacks.
	Edits       int
	Subsequence bool
	id          uint32
}

// vocab is a sorted list of distinct words with a table for finding words
// a few edits from a misspelling without scanning the list.
type vocab struct {
	terms []string // sorted, distinct
	// delHash/delTerm: for every word, the hash of each string reachable by
	// deleting up to maxEdits letters from its prefix, sorted by hash.
	delHash []uint32
	delTerm []uint32
	// byFirst groups word ids by first letter, each group ordered by length,
	// for the subsequence fallback.
	byFirst map[rune][]uint32
}

// newVocab builds a vocabulary over words (any order, duplicates allowed).
func newVocab(words []string) *vocab {
	terms := slices.Clone(words)
	slices.Sort(terms)
	terms = slices.Compact(terms)
	v := &vocab{terms: terms}
	type pair struct{ h, t uint32 }
	var pairs []pair
	seen := map[string]struct{}{}
	for id, t := range terms {
		r := []rune(t)
		d := maxEdits(len(r))
		if d == 0 {
			continue
		}
		clear(seen)
		deletes(prefixRunes(r), d, seen)
		for s := range seen {
			pairs = append(pairs, pair{hashString(s), uint32(id)})
		}
	}
	slices.SortFunc(pairs, func(a, b pair) int {
		if a.h != b.h {
			return cmpU32(a.h, b.h)
		}
		return cmpU32(a.t, b.t)
	})
	v.delHash = make([]uint32, len(pairs))
	v.delTerm = make([]uint32, len(pairs))
	for i, p := range pairs {
		v.delHash[i], v.delTerm[i] = p.h, p.t
	}
	v.index()
	return v
}

// index builds what is cheap to derive at load time instead of storing it.
func (v *vocab) index() {
	v.byFirst = map[rune][]uint32{}
	for id, t := range v.terms {
		r, _ := utf8.DecodeRuneInString(t)
		v.byFirst[r] = append(v.byFirst[r], uint32(id))
	}
	for _, ids := range v.byFirst {
		slices.SortStableFunc(ids, func(a, b uint32) int { return len(v.terms[a]) - len(v.terms[b]) })
	}
}

func cmpU32(a, b uint32) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func prefixRunes(r []rune) []rune {
	if len(r) > deletePrefix {
		return r[:deletePrefix]
	}
	return r
}

// deletes adds w and every string reachable by deleting up to d runes.
func deletes(w []rune, d int, out map[string]struct{}) {
	s := string(w)
	if _, ok := out[s]; ok {
		return
	}
	out[s] = struct{}{}
	if d == 0 || len(w) <= 1 {
		return
	}
	buf := make([]rune, len(w)-1)
	for i := range w {
		copy(buf, w[:i])
		copy(buf[i:], w[i+1:])
		deletes(buf, d-1, out)
	}
}

// hashString is FNV-1a, inlined so probing allocates nothing.
func hashString(s string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		h ^= uint32(s[i])
		h *= 16777619
	}
	return h
}

// id returns the id of an exact word.
func (v *vocab) id(w string) (uint32, bool) {
	i, ok := slices.BinarySearch(v.terms, w)
	return uint32(i), ok
}

// expand returns the vocabulary words w may stand for: itself if present;
// otherwise every word within the edit limit of both words' lengths (nearest
// first); and, only when that finds nothing, words that contain w as a
// subsequence (letters dropped), ranked by sahilm/fuzzy. limit caps the
// result.
func (v *vocab) expand(w string, limit int) []Match {
	if id, ok := v.id(w); ok {
		return []Match{{Term: w, id: id}}
	}
	r := []rune(w)
	qd := maxEdits(len(r))
	if qd == 0 {
		return nil
	}
	var out []Match
	probes := map[string]struct{}{}
	deletes(prefixRunes(r), qd, probes)
	checked := map[uint32]struct{}{}
	var tr []rune
	for p := range probes {
		h := hashString(p)
		i := sort.Search(len(v.delHash), func(i int) bool { return v.delHash[i] >= h })
		for ; i < len(v.delHash) && v.delHash[i] == h; i++ {
			id := v.delTerm[i]
			if _, ok := checked[id]; ok {
				continue
			}
			checked[id] = struct{}{}
			t := v.terms[id]
			tr = append(tr[:0], []rune(t)...)
			max := min(qd, maxEdits(len(tr)))
			if d := distance(r, tr, max); d <= max {
				out = append(out, Match{Term: t, Edits: d, id: id})
			}
		}
	}
	if len(out) == 0 {
		out = v.subsequences(w, len(r))
	}
	slices.SortFunc(out, func(a, b Match) int {
		if a.Edits != b.Edits {
			return a.Edits - b.Edits
		}
		return strings.Compare(a.Term, b.Term)
	})
	if len(out) > limit {
		out = out[:limit]
	}
	return out
}

// subsequences finds words that w is a subsequence of, starting with the
// same letter and at most twice as long: "fdratin" → "federation". The
// first-letter group ordered by length bounds the scan to a slice of the
// vocabulary.
func (v *vocab) subsequences(w string, n int) []Match {
	if n < 5 {
		return nil
	}
	first, _ := utf8.DecodeRuneInString(w)
	ids := v.byFirst[first]
	lo := sort.Search(len(ids), func(i int) bool { return len(v.terms[ids[i]]) > len(w) })
	hi := sort.Search(len(ids), func(i int) bool { return len(v.terms[ids[i]]) > 2*len(w) })
	if lo >= hi {
		return nil
	}
	src := idSource{v: v, ids: ids[lo:hi]}
	var out []Match
	for _, m := range fuzzy.FindFrom(w, src) {
		t := src.String(m.Index)
		missing := utf8.RuneCountInString(t) - n
		// At least two thirds of the word must be there.
		if 3*n < 2*(n+missing) {
			continue
		}
		out = append(out, Match{Term: t, Edits: missing, Subsequence: true, id: src.ids[m.Index]})
		if len(out) == 3 {
			break
		}
	}
	return out
}

type idSource struct {
	v   *vocab
	ids []uint32
}

func (s idSource) String(i int) string { return s.v.terms[s.ids[i]] }
func (s idSource) Len() int            { return len(s.ids) }
