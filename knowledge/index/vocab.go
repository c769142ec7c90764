package index

import (
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/reportbot/reportbot/knowledge/textmatch"
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
	var hs []uint32
	for id, t := range terms {
		r := []rune(t)
		d := maxEdits(len(r))
		if d == 0 {
			continue
		}
		hs = deleteHashes(prefixRunes(r), d, hs[:0])
		for _, h := range hs {
			pairs = append(pairs, pair{h, uint32(id)})
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
		slices.SortStableFunc(ids, func(a, b uint32) int {
			return utf8.RuneCountInString(v.terms[a]) - utf8.RuneCountInString(v.terms[b])
		})
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

// deleteHashes appends the hashes of w and of every string reachable by
// deleting up to d (at most 2) runes from it, sorted and without repeats.
// It hashes the UTF-8 bytes the strings would have without building them.
func deleteHashes(w []rune, d int, out []uint32) []uint32 {
	var bufs [3][deletePrefix]rune
	var walk func(w []rune, from, level int)
	walk = func(w []rune, from, level int) {
		out = append(out, hashRunes(w))
		if level == d || len(w) <= 1 {
			return
		}
		// Deleting at positions in increasing order reaches each set of
		// positions once.
		next := bufs[level+1][:len(w)-1]
		for i := from; i < len(w); i++ {
			copy(next, w[:i])
			copy(next[i:], w[i+1:])
			walk(next, i, level+1)
		}
	}
	walk(w, 0, 0)
	slices.Sort(out)
	return slices.Compact(out)
}

// hashRunes is FNV-1a over the UTF-8 encoding of r.
func hashRunes(r []rune) uint32 {
	h := uint32(2166136261)
	var b [utf8.UTFMax]byte
	for _, c := range r {
		n := utf8.EncodeRune(b[:], c)
		for _, x := range b[:n] {
			h ^= uint32(x)
			h *= 16777619
		}
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
// first); and, when subseq is set and that finds nothing, words that contain
// w as a subsequence (letters dropped), ranked by sahilm/fuzzy. limit caps
// the result.
func (v *vocab) expand(w string, limit int, subseq bool) []Match {
	if id, ok := v.id(w); ok {
		return []Match{{Term: w, id: id}}
	}
	r := []rune(w)
	qd := maxEdits(len(r))
	if qd == 0 {
		return nil
	}
	var out []Match
	var probeBuf [64]uint32
	var checkedBuf [16]uint32
	checked := checkedBuf[:0]
	var tr []rune
	for _, h := range deleteHashes(prefixRunes(r), qd, probeBuf[:0]) {
		i, _ := slices.BinarySearch(v.delHash, h)
		for ; i < len(v.delHash) && v.delHash[i] == h; i++ {
			id := v.delTerm[i]
			if slices.Contains(checked, id) {
				continue
			}
			checked = append(checked, id)
			t := v.terms[id]
			tr = append(tr[:0], []rune(t)...)
			max := min(qd, maxEdits(len(tr)))
			if d := textmatch.DistanceRunes(r, tr, max); d <= max {
				out = append(out, Match{Term: t, Edits: d, id: id})
			}
		}
	}
	if len(out) == 0 && subseq {
		out = v.subsequences(w, len(r), qd)
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
// same letter: "fdratin" → "federation". At least two thirds of the word
// must be there, and words within the edit limit were already tried, so
// only lengths from n+edits+1 to 1.5n are scanned: the first-letter group
// ordered by length bounds the scan to a thin slice of the vocabulary.
func (v *vocab) subsequences(w string, n, edits int) []Match {
	if n < 5 {
		return nil
	}
	first, _ := utf8.DecodeRuneInString(w)
	ids := v.byFirst[first]
	minLen, maxLen := n+edits+1, n*3/2
	lo := sort.Search(len(ids), func(i int) bool { return utf8.RuneCountInString(v.terms[ids[i]]) >= minLen })
	hi := sort.Search(len(ids), func(i int) bool { return utf8.RuneCountInString(v.terms[ids[i]]) > maxLen })
	if lo >= hi {
		return nil
	}
	// A plain subsequence test first: sahilm/fuzzy ranks the few words
	// that pass, instead of scoring every word in the window.
	var pass []uint32
	for _, id := range ids[lo:hi] {
		if isSubsequence(w, v.terms[id]) {
			pass = append(pass, id)
		}
	}
	if len(pass) == 0 {
		return nil
	}
	src := idSource{v: v, ids: pass}
	var out []Match
	for _, m := range fuzzy.FindFrom(w, src) {
		t := src.String(m.Index)
		missing := utf8.RuneCountInString(t) - n
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

// isSubsequence reports whether the letters of w appear in t in order.
func isSubsequence(w, t string) bool {
	i := 0
	for _, c := range t {
		if i == len(w) {
			break
		}
		r, size := utf8.DecodeRuneInString(w[i:])
		if r == c {
			i += size
		}
	}
	return i == len(w)
}

type idSource struct {
	v   *vocab
	ids []uint32
}

func (s idSource) String(i int) string { return s.v.terms[s.ids[i]] }
func (s idSource) Len() int            { return len(s.ids) }
