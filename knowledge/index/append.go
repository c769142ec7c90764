package index

import (
	"errors"
	"fmt"
	"slices"
	"unicode/utf8"
)

// ErrAppendDict is returned by Append when the builder holds names or
// terms: dictionaries are not merged, so such an index is built whole.
var ErrAppendDict = errors.New("index: append: names and terms cannot be appended; build the index whole")

// Append returns a new index holding ix's sentences followed by b's, equal
// to what one Builder given both would build (the same vocabularies,
// postings, lengths and BM25 normalisation, byte for byte when written),
// at the cost of b's sentences plus a linear merge of ix's tables rather
// than a rebuild: the delete tables, which are most of a build, are made
// only for words ix lacks. It is how reports added at run time join an
// archive. ix is not changed; b is used up, as by Build. b's reports must
// not come before ix's last one, and b must hold no names or terms (ix's
// own dictionaries are kept).
func (ix *Index) Append(b *Builder) (*Index, error) {
	if b.err != nil {
		return nil, b.err
	}
	if len(b.names.entries) > 0 || len(b.terms.entries) > 0 {
		return nil, ErrAppendDict
	}
	if n := len(ix.docReport); n > 0 && len(b.docReport) > 0 && b.docReport[0] < ix.docReport[n-1] {
		return nil, fmt.Errorf("index: report %d appended after report %d; add reports in ascending order", b.docReport[0], ix.docReport[n-1])
	}
	words := make([]string, 0, len(b.postings))
	for w := range b.postings {
		words = append(words, w)
	}
	vocab, oldID := ix.vocab.with(words)
	wordList, _ := ix.words.with(b.words)
	out := &Index{
		vocab:       vocab,
		docReport:   append(slices.Clip(ix.docReport), b.docReport...),
		docSentence: append(slices.Clip(ix.docSentence), b.docSentence...),
		docLen:      append(slices.Clip(ix.docLen), b.docLen...),
		Names:       ix.Names,
		Terms:       ix.Terms,
		words:       wordList,
		label:       b.label,
	}
	off := uint32(len(ix.docReport))
	total := len(ix.postDoc)
	for _, ps := range b.postings {
		total += len(ps.docs)
	}
	out.postStart = make([]uint32, 0, len(vocab.terms)+1)
	out.postDoc = make([]uint32, 0, total)
	out.postTF = make([]uint8, 0, total)
	for id, t := range vocab.terms {
		out.postStart = append(out.postStart, uint32(len(out.postDoc)))
		if o := oldID[id]; o >= 0 {
			a, z := ix.postStart[o], ix.postStart[o+1]
			out.postDoc = append(out.postDoc, ix.postDoc[a:z]...)
			out.postTF = append(out.postTF, ix.postTF[a:z]...)
		}
		if ps := b.postings[t]; ps != nil {
			for _, d := range ps.docs {
				out.postDoc = append(out.postDoc, d+off)
			}
			out.postTF = append(out.postTF, ps.tfs...)
		}
	}
	out.postStart = append(out.postStart, uint32(len(out.postDoc)))
	b.postings = nil
	out.derive()
	return out, nil
}

// With is v plus words, equal to NewVocabulary over v's words and words
// together, making delete tables only for the words v lacks. v is not
// changed.
func (v *Vocabulary) With(words []string) *Vocabulary {
	nv, _ := v.v.with(words)
	return &Vocabulary{nv}
}

// with returns v with words added (any order, duplicates allowed) and, for
// each of its words, the word's id in v or -1 when it is new. v is not
// changed; when nothing is new, v itself is returned.
//
// The result equals newVocab over v's words and words together: ids are
// positions in the sorted list, and v's ids map to the new ones in the
// same order, so v's delete table stays sorted after renumbering and only
// the new words' entries need making and merging in.
func (v *vocab) with(words []string) (*vocab, []int32) {
	add := slices.Clone(words)
	slices.Sort(add)
	add = slices.Compact(add)
	add = slices.DeleteFunc(add, func(w string) bool { _, ok := v.id(w); return ok })
	if len(add) == 0 {
		ids := make([]int32, len(v.terms))
		for i := range ids {
			ids[i] = int32(i)
		}
		return v, ids
	}
	n := len(v.terms) + len(add)
	out := &vocab{terms: make([]string, 0, n)}
	oldID := make([]int32, 0, n)
	remap := make([]uint32, len(v.terms)) // old id → new id
	fresh := make([]uint32, 0, len(add))  // new ids of the added words
	i, j := 0, 0
	for i < len(v.terms) || j < len(add) {
		if j == len(add) || (i < len(v.terms) && v.terms[i] < add[j]) {
			remap[i] = uint32(len(out.terms))
			oldID = append(oldID, int32(i))
			out.terms = append(out.terms, v.terms[i])
			i++
			continue
		}
		fresh = append(fresh, uint32(len(out.terms)))
		oldID = append(oldID, -1)
		out.terms = append(out.terms, add[j])
		j++
	}
	type pair struct{ h, t uint32 }
	var pairs []pair
	var hs []uint32
	for _, id := range fresh {
		r := []rune(out.terms[id])
		d := maxEdits(len(r))
		if d == 0 {
			continue
		}
		hs = deleteHashes(prefixRunes(r), d, hs[:0])
		for _, h := range hs {
			pairs = append(pairs, pair{h, id})
		}
	}
	slices.SortFunc(pairs, func(a, b pair) int {
		if a.h != b.h {
			return cmpU32(a.h, b.h)
		}
		return cmpU32(a.t, b.t)
	})
	m := len(v.delHash) + len(pairs)
	out.delHash = make([]uint32, 0, m)
	out.delTerm = make([]uint32, 0, m)
	i, j = 0, 0
	for i < len(v.delHash) || j < len(pairs) {
		if j == len(pairs) || (i < len(v.delHash) && (v.delHash[i] < pairs[j].h || v.delHash[i] == pairs[j].h && remap[v.delTerm[i]] < pairs[j].t)) {
			out.delHash = append(out.delHash, v.delHash[i])
			out.delTerm = append(out.delTerm, remap[v.delTerm[i]])
			i++
			continue
		}
		out.delHash = append(out.delHash, pairs[j].h)
		out.delTerm = append(out.delTerm, pairs[j].t)
		j++
	}
	out.indexFrom(v, remap, fresh)
	return out, oldID
}

// indexFrom derives out's tables as index does, from v's: each group of
// v.byFirst is renumbered (which keeps its order, by length and then id)
// and merged with the group's new words, instead of sorting every group
// again.
func (out *vocab) indexFrom(v *vocab, remap, fresh []uint32) {
	less := func(a, b uint32) bool {
		la, lb := utf8.RuneCountInString(out.terms[a]), utf8.RuneCountInString(out.terms[b])
		return la < lb || la == lb && a < b
	}
	added := map[rune][]uint32{}
	for _, id := range fresh {
		r, _ := utf8.DecodeRuneInString(out.terms[id])
		added[r] = append(added[r], id)
	}
	for _, ids := range added {
		slices.SortFunc(ids, func(a, b uint32) int {
			if less(a, b) {
				return -1
			}
			return 1 // ids are distinct
		})
	}
	out.byFirst = make(map[rune][]uint32, len(v.byFirst)+len(added))
	for r, old := range v.byFirst {
		nw := added[r]
		m := make([]uint32, 0, len(old)+len(nw))
		i, j := 0, 0
		for i < len(old) || j < len(nw) {
			if j == len(nw) || i < len(old) && less(remap[old[i]], nw[j]) {
				m = append(m, remap[old[i]])
				i++
				continue
			}
			m = append(m, nw[j])
			j++
		}
		out.byFirst[r] = m
	}
	for r, nw := range added {
		if _, ok := v.byFirst[r]; !ok {
			out.byFirst[r] = nw
		}
	}
}
