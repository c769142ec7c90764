package knowledge

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/gob"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"hash/fnv"
	"io"
	"math"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/reportbot/reportbot/knowledge/index"
	"github.com/reportbot/reportbot/knowledge/textmatch"
)

// The indexed retriever answers the same lookups as the linear one with the
// same results, but from an inverted index and vocabulary tables, so the
// cost of a question follows the words it uses, not the size of the
// archive. It keeps the linear path's tokens, stems and BM25 formula, and
// its candidate lookups return a superset of the entries the bot can score
// above zero, in the same order, so the bot's answers do not change.

// IndexPath is where `reportbot build` writes the index beside a knowledge
// file, and where Open looks for it.
func IndexPath(kbFile string) string { return kbFile + ".index" }

// sentenceTerms are the stems the linear path counts for a sentence, and
// its length in tokens.
func sentenceTerms(text string) (toks, stems []string) {
	toks = textmatch.Tokens(text)
	stems = make([]string, 0, len(toks))
	for _, t := range toks {
		stems = append(stems, textmatch.Stem(strings.TrimSuffix(t, "'s")))
		// Hyphenated words also count their parts, as in the linear path.
		if strings.Contains(t, "-") {
			for _, part := range strings.Split(t, "-") {
				if part != "" {
					stems = append(stems, textmatch.Stem(part))
				}
			}
		}
	}
	return toks, stems
}

// fingerprint identifies the reports an index was built from, so a stale
// index file beside a rebuilt knowledge file is not used.
func (kb *KB) fingerprint() string {
	var ib indexBuilder
	for _, r := range kb.Reports {
		ib.fingerprint(r)
	}
	return ib.label()
}

// indexBuilder indexes reports one at a time, so a build can stream them.
type indexBuilder struct {
	b       *index.Builder
	seen    map[string]bool
	h       hash.Hash64
	reports int
}

func (ib *indexBuilder) fingerprint(r *Report) {
	if ib.h == nil {
		ib.h = fnv.New64a()
	}
	fmt.Fprintf(ib.h, "%s\x00%d\x00", r.ID, len(r.Sentences))
	if n := len(r.Sentences); n > 0 {
		fmt.Fprintf(ib.h, "%s\x00%s\x00", r.Sentences[0].Text, r.Sentences[n-1].Text)
	}
	ib.reports++
}

func (ib *indexBuilder) label() string {
	if ib.h == nil {
		ib.h = fnv.New64a()
	}
	return fmt.Sprintf("kb:%d:%x", ib.reports, ib.h.Sum64())
}

// add indexes report number ri.
func (ib *indexBuilder) add(ri int, r *Report) {
	if ib.b == nil {
		ib.b, ib.seen = index.NewBuilder(), map[string]bool{}
	}
	ib.fingerprint(r)
	for si, s := range r.Sentences {
		toks, stems := sentenceTerms(s.Text)
		for _, t := range toks {
			if !ib.seen[t] {
				ib.seen[t] = true
				ib.b.AddWords(strings.Clone(t)) // not a slice of the sentence, which goes
			}
		}
		ib.b.AddDoc(ri, si, stems, len(toks))
	}
}

func (ib *indexBuilder) build() (*index.Index, error) {
	if ib.b == nil {
		ib.b = index.NewBuilder()
	}
	ib.b.SetLabel(ib.label())
	ix, err := ib.b.Build()
	if err != nil {
		return nil, fmt.Errorf("knowledge: index: %w", err)
	}
	return ix, nil
}

// appendIndex joins more, the reports that follow reports, to ix, which was
// built from reports: only more's sentences are indexed. The label is the
// fingerprint of all of them, as BuildIndex would give.
// It also returns the words of more that ix's word list lacks.
func appendIndex(ix *index.Index, reports, more []*Report) (*index.Index, []string, error) {
	var ib indexBuilder
	for _, r := range reports {
		ib.fingerprint(r)
	}
	ib.b, ib.seen = index.NewBuilder(), map[string]bool{}
	for i, r := range more {
		ib.add(len(reports)+i, r)
	}
	var fresh []string
	for w := range ib.seen {
		if !ix.Words().Has(w) {
			fresh = append(fresh, w)
		}
	}
	ib.b.SetLabel(ib.label())
	out, err := ix.Append(ib.b)
	if err != nil {
		return nil, nil, fmt.Errorf("knowledge: index: %w", err)
	}
	return out, fresh, nil
}

// BuildIndex indexes the KB's sentences as the linear path reads them.
func BuildIndex(kb *KB) (*index.Index, error) {
	var ib indexBuilder
	for ri, r := range kb.Reports {
		ib.add(ri, r)
	}
	return ib.build()
}

// ErrStaleIndex is returned when an index was built from other reports.
var ErrStaleIndex = errors.New("knowledge: the index was built from other reports")

// UseIndex attaches ix, which must have been built from this KB's reports.
func (kb *KB) UseIndex(ix *index.Index) error {
	if ix.Label() != kb.fingerprint() {
		return ErrStaleIndex
	}
	kb.retriever = newIndexed(kb, ix)
	return nil
}

// useBuiltIndex builds and attaches an index; if that fails the KB keeps
// the linear path, which gives the same answers, only slower.
func (kb *KB) useBuiltIndex() {
	if ix, err := BuildIndex(kb); err == nil {
		kb.retriever = newIndexed(kb, ix)
	}
}

// The index file beside a knowledge file holds what makes loading fast: a
// binary snapshot of the knowledge base, valid only while the JSON file is
// byte for byte the one it was written with (its size and CRC-32C are
// recorded), and the search index, valid while the reports are the ones it
// was built from (its fingerprint). A person may edit the JSON: the
// snapshot then no longer matches and the JSON is read instead.
//
// Reading the whole JSON to check its CRC would cost more than the
// snapshot saves on a large archive, so the JSON's modification time is
// recorded too (when the writer knows it): while size and time both match,
// the file is taken as unchanged; otherwise its CRC decides. An edit keeps
// the size and the time only when a tool sets the time back on purpose.
const sidecarMagic = "RBKS\x02"

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// Checksum accumulates the size and CRC-32C of what is written through it:
// wrap the knowledge file's writer in it and pass it to WriteIndex.
type Checksum struct {
	size  int64
	crc   uint32
	mtime int64 // Unix nanoseconds of the finished file; 0 when unknown
}

func (c *Checksum) Write(p []byte) (int, error) {
	c.size += int64(len(p))
	c.crc = crc32.Update(c.crc, castagnoli, p)
	return len(p), nil
}

// Stamp records the finished knowledge file's modification time, so a
// later load can trust an unchanged file without reading it through.
func (c *Checksum) Stamp(fi os.FileInfo) {
	if fi.Size() == c.size {
		c.mtime = fi.ModTime().UnixNano()
	}
}

// snapshot heads what the sidecar stores of a KB. The reports follow in
// chunks, each its own gob stream of consecutive reports, so loading
// decodes them on every core at once. (gob skips the unexported lookup
// tables, which are rebuilt; it also carries fields the KB types gain
// later, by name.)
type snapshot struct {
	Reports  int
	QAs      []QA
	Synonyms map[string]string
}

// snapshotChunk is how many reports one chunk of the snapshot holds.
const snapshotChunk = 256

// WriteIndex writes the index file for a knowledge file whose bytes
// summed to json: the snapshot, then the index (building it if none is
// attached).
func WriteIndex(w io.Writer, kb *KB, json Checksum) error {
	var ix *index.Index
	if x, ok := kb.retriever.(*indexed); ok {
		ix = x.ix
	} else {
		var err error
		if ix, err = BuildIndex(kb); err != nil {
			return err
		}
	}
	var chunks bytes.Buffer
	sw := snapshotWriter{w: &chunks}
	for _, r := range kb.Reports {
		if err := sw.add(r); err != nil {
			return err
		}
	}
	if err := sw.flush(); err != nil {
		return err
	}
	return writeSidecar(w, json, snapshot{len(kb.Reports), kb.QAs, kb.Synonyms}, &chunks, sw.size, sw.crc, ix)
}

// snapshotWriter writes reports as the snapshot's chunks: each a gob
// stream of snapshotChunk reports, prefixed by its length.
type snapshotWriter struct {
	w     io.Writer
	chunk bytes.Buffer
	enc   *gob.Encoder
	n     int    // reports in the chunk
	size  int64  // bytes written
	crc   uint32 // of them
}

func (sw *snapshotWriter) add(r *Report) error {
	if sw.enc == nil {
		sw.enc = gob.NewEncoder(&sw.chunk)
	}
	if err := sw.enc.Encode(r); err != nil {
		return fmt.Errorf("knowledge: snapshot: %w", err)
	}
	if sw.n++; sw.n == snapshotChunk {
		return sw.flush()
	}
	return nil
}

func (sw *snapshotWriter) flush() error {
	if sw.n == 0 {
		return nil
	}
	b := binary.AppendUvarint(nil, uint64(sw.chunk.Len()))
	b = append(b, sw.chunk.Bytes()...)
	sw.chunk.Reset()
	sw.enc, sw.n = nil, 0
	sw.size += int64(len(b))
	sw.crc = crc32.Update(sw.crc, castagnoli, b)
	_, err := sw.w.Write(b)
	return err
}

// writeSidecar writes the index file: its head, the snapshot (head's own
// chunk, then the reports' chunks read from chunks), then the index.
func writeSidecar(w io.Writer, json Checksum, head snapshot, chunks io.Reader, chunksLen int64, chunksCRC uint32, ix *index.Index) error {
	var first bytes.Buffer
	if err := gob.NewEncoder(&first).Encode(head); err != nil {
		return fmt.Errorf("knowledge: snapshot: %w", err)
	}
	headChunk := binary.AppendUvarint(nil, uint64(first.Len()))
	headChunk = append(headChunk, first.Bytes()...)
	b := []byte(sidecarMagic)
	b = binary.AppendUvarint(b, uint64(json.size))
	b = binary.LittleEndian.AppendUint32(b, json.crc)
	b = binary.AppendVarint(b, json.mtime)
	b = binary.AppendUvarint(b, uint64(int64(len(headChunk))+chunksLen))
	// gob would decode a flipped byte inside a sentence without a word:
	// the snapshot's head chunk and its reports' chunks carry CRCs.
	b = binary.LittleEndian.AppendUint32(b, crc32.Checksum(headChunk, castagnoli))
	b = binary.LittleEndian.AppendUint32(b, chunksCRC)
	b = append(b, headChunk...)
	if _, err := w.Write(b); err != nil {
		return err
	}
	if n, err := io.Copy(w, chunks); err != nil {
		return err
	} else if n != chunksLen {
		return fmt.Errorf("knowledge: snapshot: %d of %d bytes", n, chunksLen)
	}
	_, err := ix.WriteTo(w)
	return err
}

// openKBFile reads a knowledge file, from the snapshot beside it when that
// matches the file, else from the JSON; and attaches the index beside it
// when it matches the reports, else builds one. The JSON is streamed; the
// index file is memory-mapped and decoded in place.
func openKBFile(path string, cur *Curation) (*KB, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	kb, ix := readSidecar(IndexPath(path), f, fi)
	if kb == nil {
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return nil, err
		}
		if kb, err = Read(bufio.NewReaderSize(f, 1<<20)); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
	}
	if cur != nil {
		return Build(kb.Reports, cur), nil
	}
	if ix != nil && kb.UseIndex(ix) == nil {
		return kb, nil
	}
	kb.useBuiltIndex()
	return kb, nil
}

// decodeSnapshot decodes the snapshot's chunks in parallel; nil when any
// part is damaged.
func decodeSnapshot(data []byte) *KB {
	var chunks [][]byte
	for len(data) > 0 {
		n, k := binary.Uvarint(data)
		if k <= 0 || n > uint64(len(data)-k) {
			return nil
		}
		chunks = append(chunks, data[k:k+int(n)])
		data = data[k+int(n):]
	}
	if len(chunks) == 0 {
		return nil
	}
	var head snapshot
	if err := gob.NewDecoder(bytes.NewReader(chunks[0])).Decode(&head); err != nil || head.Reports < 0 ||
		len(chunks)-1 != (head.Reports+snapshotChunk-1)/snapshotChunk {
		return nil
	}
	kb := &KB{QAs: head.QAs, Synonyms: head.Synonyms, Reports: make([]*Report, head.Reports)}
	chunks = chunks[1:]
	var wg sync.WaitGroup
	var failed atomic.Bool
	next := atomic.Int64{}
	for range min(runtime.GOMAXPROCS(0), len(chunks)) {
		wg.Go(func() {
			for {
				c := int(next.Add(1) - 1)
				if c >= len(chunks) || failed.Load() {
					return
				}
				dec := gob.NewDecoder(bytes.NewReader(chunks[c]))
				for i := c * snapshotChunk; i < min((c+1)*snapshotChunk, head.Reports); i++ {
					rep := new(Report)
					if err := dec.Decode(rep); err != nil {
						failed.Store(true)
						return
					}
					kb.Reports[i] = rep
				}
			}
		})
	}
	wg.Wait()
	if failed.Load() {
		return nil
	}
	return kb
}

// readSidecar returns the snapshot's KB when it was written with the
// knowledge file json (else nil), and the index (nil when the file is
// missing, damaged or not one of ours). The snapshot and the index are
// decoded at the same time, from the mapped file.
func readSidecar(path string, json *os.File, jsonInfo os.FileInfo) (*KB, *index.Index) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, nil
	}
	data, release, err := mapFile(f, fi.Size())
	if err != nil {
		return nil, nil
	}
	defer release()
	if len(data) < len(sidecarMagic) || string(data[:len(sidecarMagic)]) != sidecarMagic {
		return nil, nil
	}
	rest := data[len(sidecarMagic):]
	uvarint := func() uint64 {
		v, n := binary.Uvarint(rest)
		if n <= 0 {
			rest = nil
			return 0
		}
		rest = rest[n:]
		return v
	}
	size := uvarint()
	if len(rest) < 4 {
		return nil, nil
	}
	crc := binary.LittleEndian.Uint32(rest)
	rest = rest[4:]
	mtime, n := binary.Varint(rest)
	if n <= 0 {
		return nil, nil
	}
	rest = rest[n:]
	snapLen := uvarint()
	if len(rest) < 8 || snapLen > uint64(len(rest)-8) {
		return nil, nil
	}
	headCRC, chunksCRC := binary.LittleEndian.Uint32(rest), binary.LittleEndian.Uint32(rest[4:])
	snap, ixData := rest[8:8+snapLen], rest[8+snapLen:]

	var ix *index.Index
	done := make(chan struct{})
	go func() {
		defer close(done)
		if x, err := index.Decode(ixData); err == nil {
			ix = x
		}
	}()
	var kb *KB
	if int64(size) == jsonInfo.Size() && (mtime != 0 && mtime == jsonInfo.ModTime().UnixNano() || sameCRC(json, crc)) {
		if n, k := binary.Uvarint(snap); k > 0 && n <= uint64(len(snap)-k) {
			headLen := k + int(n)
			if crc32.Checksum(snap[:headLen], castagnoli) == headCRC && crc32.Checksum(snap[headLen:], castagnoli) == chunksCRC {
				kb = decodeSnapshot(snap)
			}
		}
	}
	<-done
	return kb, ix
}

// sameCRC reports whether f's bytes have CRC-32C crc.
func sameCRC(f *os.File, crc uint32) bool {
	var sum Checksum
	if _, err := io.Copy(&sum, bufio.NewReaderSize(f, 1<<20)); err != nil {
		return false
	}
	return sum.crc == crc
}

// readFile reads a file of a known size in one allocation.
func readFile(f *os.File, size int64) ([]byte, func(), error) {
	data := make([]byte, size)
	if _, err := io.ReadFull(f, data); err != nil {
		return nil, nil, err
	}
	return data, func() {}, nil
}

// wordRefs maps words to the entries that use them, with the vocabulary
// tables to find the words a typed word may be.
type wordRefs[T any] struct {
	refs  map[string][]T
	stems map[string][]string
	vocab *index.Vocabulary
	cache memoCache[[]string] // near, per typed word
}

func (w *wordRefs[T]) add(word string, ref T) {
	if w.refs == nil {
		w.refs = map[string][]T{}
	}
	w.refs[word] = append(w.refs[word], ref)
}

// freeze builds the lookup tables. prev, when not nil, is the vocabulary
// of the same table in the knowledge base this one extends: when every
// word of it is still here (reports were only added), only the new words
// get delete tables (Vocabulary.With gives what NewVocabulary would).
func (w *wordRefs[T]) freeze(prev *index.Vocabulary) {
	words := make([]string, 0, len(w.refs))
	w.stems = map[string][]string{}
	var fresh []string
	for word := range w.refs {
		words = append(words, word)
		st := textmatch.Stem(word)
		w.stems[st] = append(w.stems[st], word)
		if prev != nil && !prev.Has(word) {
			fresh = append(fresh, word)
		}
	}
	if prev != nil && len(words)-len(fresh) == prev.Len() {
		w.vocab = prev.With(fresh)
		return
	}
	w.vocab = index.NewVocabulary(words)
}

// near lists the words textmatch.Similarity may score above zero against
// q: the same stem, or within two edits (a dropped-letter subsequence
// within the length limits is within two edits too).
func (w *wordRefs[T]) near(q string) []string {
	if out, ok := w.cache.get(q); ok {
		return out
	}
	out := w.vocab.Near(q, 2)
	for _, s := range w.stems[textmatch.Stem(q)] {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	w.cache.put(q, out)
	return out
}

// memoCache remembers a pure function of a typed word for the life of one
// index. People ask about the same names and topics again and again, and
// the bot looks a question's words up several times while answering it;
// typo correction and the vocabulary walks behind it are the part of a
// lookup that does not shrink with the index. It is bounded: when full it
// starts over, so odd input cannot grow it without end.
type memoCache[V any] struct {
	mu sync.RWMutex
	m  map[string]V
}

const memoCacheSize = 1 << 16

func (c *memoCache[V]) reset() {
	c.mu.Lock()
	c.m = nil
	c.mu.Unlock()
}

// ForgetLookups empties the caches of typo corrections and vocabulary
// walks, so a benchmark can time each question as if its words were new
// (within one question the bot still looks each word up once).
func (kb *KB) ForgetLookups() {
	x, ok := kb.retriever.(*indexed)
	if !ok {
		return
	}
	x.corrected.reset()
	x.termWords.cache.reset()
	x.nameWords.cache.reset()
	x.roleGroupW.cache.reset()
}

func (c *memoCache[V]) get(k string) (V, bool) {
	c.mu.RLock()
	v, ok := c.m[k]
	c.mu.RUnlock()
	return v, ok
}

func (c *memoCache[V]) put(k string, v V) {
	c.mu.Lock()
	if c.m == nil || len(c.m) >= memoCacheSize {
		c.m = make(map[string]V)
	}
	c.m[strings.Clone(k)] = v // the key may be a slice of a long question
	c.mu.Unlock()
}

type indexed struct {
	kb        *KB
	ix        *index.Index
	words     *index.Vocabulary
	stemWords stemTable // stem → words of the reports
	n         int
	avgLen    float64

	withRoles  []PersonRef
	nameGroups []NameGroup
	nameWords  wordRefs[int] // word → nameGroups
	roleGroups []RoleGroup
	roleGroupW wordRefs[int] // word → roleGroups
	termWords  wordRefs[TermRef]
	roleDF     map[string]int
	roles      int
	corrected  memoCache[corrected]
	scratchMu  sync.Mutex
	scratchBuf []*searchScratch
}

func newIndexed(kb *KB, ix *index.Index) *indexed {
	stems := map[string][]string{}
	for _, w := range ix.Words().All() {
		st := textmatch.Stem(w)
		stems[st] = append(stems[st], w)
	}
	return newIndexedWith(kb, ix, stemTable{base: stems}, nil)
}

// stemTable maps a stem to the reports' words with that stem, in
// vocabulary (sorted) order. A knowledge base extended by appending keeps
// its base's map and a small one for the words the base lacks, so an
// addition stems only its own new words, not the whole vocabulary again.
type stemTable struct {
	base, more map[string][]string
}

// get is the words of stem st, as one map over every word would list them.
func (t stemTable) get(st string) []string {
	a, b := t.base[st], t.more[st]
	if len(b) == 0 {
		return a
	}
	if len(a) == 0 {
		return b
	}
	out := make([]string, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		if j == len(b) || i < len(a) && a[i] < b[j] {
			out = append(out, a[i])
			i++
			continue
		}
		out = append(out, b[j])
		j++
	}
	return out
}

// with is t plus fresh, words t does not hold yet; t is not changed.
func (t stemTable) with(fresh []string) stemTable {
	more := make(map[string][]string, len(t.more)+len(fresh))
	for st, ws := range t.more {
		more[st] = ws
	}
	touched := map[string]bool{}
	for _, w := range fresh {
		st := textmatch.Stem(w)
		if !touched[st] {
			touched[st] = true
			more[st] = slices.Clone(more[st]) // the old list is t's
		}
		more[st] = append(more[st], w)
	}
	for st := range touched {
		slices.Sort(more[st])
	}
	return stemTable{base: t.base, more: more}
}

// newIndexedWith derives the lookup tables of kb, whose index is ix; prev,
// when not nil, is the retriever of the knowledge base kb extends, whose
// vocabularies are grown rather than built again.
func newIndexedWith(kb *KB, ix *index.Index, stems stemTable, prev *indexed) *indexed {
	var prevTerms, prevNames, prevRoles *index.Vocabulary
	if prev != nil {
		prevTerms, prevNames, prevRoles = prev.termWords.vocab, prev.nameWords.vocab, prev.roleGroupW.vocab
	}
	x := &indexed{kb: kb, ix: ix, words: ix.Words(), stemWords: stems, n: ix.Sentences(), roleDF: map[string]int{}}
	total := 0
	for d := 0; d < x.n; d++ {
		_, _, l := ix.Doc(d)
		total += l
	}
	if x.n > 0 {
		x.avgLen = float64(total) / float64(x.n)
	}
	// Names and roles recur across an archive's reports: tokenise each
	// wording once.
	tokens := memo(textmatch.Tokens)
	content := memo(textmatch.Content)
	firstTerm := map[string]bool{}
	for ri, r := range kb.Reports {
		for pi, p := range r.People {
			ref := PersonRef{ri, pi}
			if len(p.Roles) > 0 {
				x.withRoles = append(x.withRoles, ref)
			}
		}
		for ti, t := range r.Terms {
			if firstTerm[t.Text] {
				continue // only a wording's first occurrence is a candidate
			}
			firstTerm[t.Text] = true
			for _, w := range content(t.Text) {
				x.termWords.add(w, TermRef{ri, ti})
			}
		}
	}
	x.termWords.freeze(prevTerms)
	// The same tables by spelling and wording: an archive's people recur
	// in report after report, and each group is scored once.
	x.nameGroups = nameGroups(kb, nil)
	for gi, g := range x.nameGroups {
		toks := tokens(g.Name)
		for _, t := range toks {
			x.nameWords.add(t, gi)
		}
		if len(toks) > 1 {
			x.nameWords.add(strings.Join(toks, ""), gi)
		}
	}
	x.roleGroups = roleGroups(kb)
	for gi, g := range x.roleGroups {
		// Role frequencies count every holder, each wording's stems once.
		x.roles += len(g.Holders)
		toks := content(g.Role.Text)
		for i, t := range toks {
			if st := textmatch.Stem(t); !slices.ContainsFunc(toks[:i], func(u string) bool { return textmatch.Stem(u) == st }) {
				x.roleDF[st] += len(g.Holders)
			}
		}
		text := g.Role.Text
		if g.Role.Org != "" {
			text = g.Role.Org
		}
		for _, t := range content(text) {
			x.roleGroupW.add(t, gi)
		}
	}
	x.nameWords.freeze(prevNames)
	x.roleGroupW.freeze(prevRoles)
	return x
}

func (x *indexed) NamesNear(toks []string) []NameGroup {
	var ids []int
	look := func(t string) {
		for _, w := range x.nameWords.near(t) {
			ids = append(ids, x.nameWords.refs[w]...)
		}
	}
	for i, t := range toks {
		look(t)
		if i+1 < len(toks) {
			look(t + toks[i+1])
		}
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	out := make([]NameGroup, len(ids))
	for i, id := range ids {
		out[i] = x.nameGroups[id]
	}
	return out
}

func (x *indexed) RolesNear(terms []string) []RoleGroup {
	onlyTitles := true
	for _, t := range terms {
		onlyTitles = onlyTitles && IsTitleWord(t)
	}
	if onlyTitles {
		return x.roleGroups
	}
	var ids []int
	for _, t := range terms {
		for _, w := range x.roleGroupW.near(t) {
			ids = append(ids, x.roleGroupW.refs[w]...)
		}
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	out := make([]RoleGroup, len(ids))
	for i, id := range ids {
		out[i] = x.roleGroups[id]
	}
	return out
}

// memo caches a string function for the length of one build.
func memo(f func(string) []string) func(string) []string {
	m := map[string][]string{}
	return func(s string) []string {
		v, ok := m[s]
		if !ok {
			v = f(s)
			m[s] = v
		}
		return v
	}
}

func (x *indexed) df(word string) int { return x.ix.Postings(textmatch.Stem(word)).Len() }

type corrected struct {
	word  string
	score float64
}

func (x *indexed) Correct(w string) (string, float64) {
	if x.words.Has(w) || x.df(w) > 0 {
		return w, 1
	}
	if c, ok := x.corrected.get(w); ok {
		return c.word, c.score
	}
	c, s := x.correct(w)
	x.corrected.put(w, corrected{c, s})
	return c, s
}

func (x *indexed) correct(w string) (string, float64) {
	// textmatch.Best itself, over the words the tables say it could score
	// above zero: those within two edits, those with the same stem, and
	// those whose stem is one edit from the word's stem (a typo in an
	// inflected word). Best's own rules then pick the same word as over
	// the whole vocabulary. If Similarity learns new kinds of match, this
	// list must learn them too; the equivalence tests in bot catch it.
	cands := x.words.Near(w, 2)
	st := textmatch.Stem(w)
	cands = append(cands, x.stemWords.get(st)...)
	for _, s := range x.ix.TermVocabulary().Near(st, 1) {
		cands = append(cands, x.stemWords.get(s)...)
	}
	if len(cands) == 0 {
		return "", 0
	}
	return textmatch.Best(w, cands)
}

func (x *indexed) IDF(w string) float64 {
	df := x.df(w)
	return math.Log(1 + (float64(x.n)-float64(df)+0.5)/(float64(df)+0.5))
}

// searchScratch is per-search memory, dense over sentences and pooled.
type searchScratch struct {
	score   []float64
	mask    []uint64
	touched []int
}

func (x *indexed) getScratch() *searchScratch {
	x.scratchMu.Lock()
	defer x.scratchMu.Unlock()
	if n := len(x.scratchBuf); n > 0 {
		s := x.scratchBuf[n-1]
		x.scratchBuf = x.scratchBuf[:n-1]
		return s
	}
	return &searchScratch{score: make([]float64, x.n), mask: make([]uint64, x.n)}
}

func (x *indexed) putScratch(s *searchScratch) {
	for _, d := range s.touched {
		s.score[d], s.mask[d] = 0, 0
	}
	s.touched = s.touched[:0]
	x.scratchMu.Lock()
	x.scratchBuf = append(x.scratchBuf, s)
	x.scratchMu.Unlock()
}

// Search scores exactly as the linear path: BM25 summed term by term in
// query order, hits by score with ties in report order.
func (x *indexed) Search(terms []string, within []Ref, limit int) []Hit {
	posts := make([]index.Postings, len(terms))
	idfs := make([]float64, len(terms))
	for i, t := range terms {
		posts[i] = x.ix.Postings(textmatch.Stem(t))
		idfs[i] = x.IDF(t)
	}
	// The index holds 1.2·(0.25+0.75·len/avg) per sentence, computed as
	// here, so the scores are the linear path's to the last bit.
	norm := func(tf, d int) float64 {
		f := float64(tf)
		return f * 2.2 / (f + x.ix.Norm(d))
	}
	var hits []Hit
	if within != nil || len(terms) > 64 {
		consider := func(ri, si int) {
			d, ok := x.ix.DocOf(ri, si)
			if !ok {
				return
			}
			var s float64
			var matched []string
			for i := range terms {
				tf := posts[i].TF(d)
				if tf == 0 {
					continue
				}
				s += idfs[i] * norm(tf, d)
				matched = append(matched, terms[i])
			}
			if s > 0 {
				hits = append(hits, Hit{Ref: Ref{ri, si}, Score: s, Matched: matched})
			}
		}
		if within != nil {
			for _, r := range within {
				consider(r.Report, r.Sentence)
			}
		} else {
			for d := 0; d < x.n; d++ {
				ri, si, _ := x.ix.Doc(d)
				consider(ri, si)
			}
		}
		slices.SortStableFunc(hits, func(a, b Hit) int { return cmpDesc(a.Score, b.Score) })
	} else {
		sc := x.getScratch()
		defer x.putScratch(sc)
		for i := range terms {
			p := posts[i]
			for k := 0; k < p.Len(); k++ {
				d, tf := p.At(k)
				if sc.mask[d] == 0 {
					sc.touched = append(sc.touched, d)
				}
				sc.score[d] += idfs[i] * norm(tf, d)
				sc.mask[d] |= 1 << i
			}
		}
		docs := make([]int, 0, len(sc.touched))
		for _, d := range sc.touched {
			if sc.score[d] > 0 {
				docs = append(docs, d)
			}
		}
		// Best first; equal scores in report order, as the linear scan
		// finds them.
		order := func(a, b int) int {
			if c := cmpDesc(sc.score[a], sc.score[b]); c != 0 {
				return c
			}
			return a - b
		}
		if limit > 0 && len(docs) > 4*limit {
			docs = bestOf(docs, limit, order)
		}
		slices.SortFunc(docs, order)
		if limit > 0 && len(docs) > limit {
			docs = docs[:limit]
		}
		for _, d := range docs {
			ri, si, _ := x.ix.Doc(d)
			var matched []string
			for i := range terms {
				if sc.mask[d]&(1<<i) != 0 {
					matched = append(matched, terms[i])
				}
			}
			hits = append(hits, Hit{Ref: Ref{ri, si}, Score: sc.score[d], Matched: matched})
		}
	}
	if limit > 0 && len(hits) > limit {
		hits = hits[:limit]
	}
	return hits
}

func cmpDesc(a, b float64) int {
	switch {
	case a > b:
		return -1
	case a < b:
		return 1
	}
	return 0
}

// PeopleNamed and PeopleWithRole are the groups' people, in report order.
func (x *indexed) PeopleNamed(toks []string) []PersonRef {
	var out []PersonRef
	for _, g := range x.NamesNear(toks) {
		out = append(out, g.People...)
		out = append(out, g.Aliased...)
	}
	return sortedRefs(out, func(a, b PersonRef) int { return cmpPair(a.Report, a.Person, b.Report, b.Person) })
}

func (x *indexed) PeopleWithRole(terms []string) []PersonRef {
	// With only titles asked for ("who is the chairman?") every role
	// scores above zero, as in the linear path.
	onlyTitles := true
	for _, t := range terms {
		onlyTitles = onlyTitles && IsTitleWord(t)
	}
	if onlyTitles {
		return slices.Clone(x.withRoles)
	}
	var out []PersonRef
	for _, g := range x.RolesNear(terms) {
		for _, h := range g.Holders {
			out = append(out, PersonRef{h.Report, h.Person})
		}
	}
	return sortedRefs(out, func(a, b PersonRef) int { return cmpPair(a.Report, a.Person, b.Report, b.Person) })
}

func (x *indexed) TermsWith(topic []string) []TermRef {
	var out []TermRef
	for _, t := range topic {
		for _, w := range x.termWords.near(t) {
			out = append(out, x.termWords.refs[w]...)
		}
	}
	return sortedRefs(out, func(a, b TermRef) int { return cmpPair(a.Report, a.Term, b.Report, b.Term) })
}

func (x *indexed) RoleDF(word string) (int, int) {
	return x.roleDF[textmatch.Stem(word)], x.roles
}

func cmpPair(a1, a2, b1, b2 int) int {
	if a1 != b1 {
		return a1 - b1
	}
	return a2 - b2
}

func sortedRefs[T comparable](refs []T, cmp func(a, b T) int) []T {
	slices.SortFunc(refs, cmp)
	return slices.Compact(refs)
}

// bestOf returns the k first of xs under order, unsorted, with a heap
// whose root is the worst kept so far: common words touch tens of
// thousands of sentences, and sorting them all for three hits is waste.
func bestOf(xs []int, k int, order func(a, b int) int) []int {
	h := make([]int, 0, k)
	down := func(i int) {
		for {
			l, m := 2*i+1, i
			if l < len(h) && order(h[l], h[m]) > 0 {
				m = l
			}
			if r := l + 1; r < len(h) && order(h[r], h[m]) > 0 {
				m = r
			}
			if m == i {
				return
			}
			h[i], h[m] = h[m], h[i]
			i = m
		}
	}
	for _, x := range xs {
		if len(h) < k {
			h = append(h, x)
			for i := len(h) - 1; i > 0; {
				p := (i - 1) / 2
				if order(h[i], h[p]) <= 0 {
					break
				}
				h[i], h[p] = h[p], h[i]
				i = p
			}
			continue
		}
		if order(x, h[0]) < 0 {
			h[0] = x
			down(0)
		}
	}
	return h
}
