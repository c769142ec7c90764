package index

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
)

// The file format is a magic string and version, then each array as a
// length and its elements (fixed-width little-endian, or delta-coded varints
// for ascending document numbers), then a CRC-32C of everything before it.
// Loading is a handful of bulk decodes with no per-word allocation: word
// lists are one string sliced in place. Tables that are cheap to derive
// (document ranges per report, the subsequence groups, dictionary inverses)
// are rebuilt instead of stored.
const (
	magic   = "RBIX"
	version = 2
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// ErrFormat is returned for data that is not an index this version can read.
var ErrFormat = errors.New("index: not a readable index file")

// WriteTo writes the index in its binary format.
func (ix *Index) WriteTo(w io.Writer) (int64, error) {
	e := &encoder{}
	e.b = append(e.b, magic...)
	e.uvarint(version)
	e.vocab(ix.vocab)
	e.u32s(ix.postStart)
	e.ascending(ix.postStart, ix.postDoc)
	e.bytes(ix.postTF)
	e.ascending(nil, ix.docReport)
	e.u32s(ix.docSentence)
	e.u16s(ix.docLen)
	e.dict(ix.Names)
	e.dict(ix.Terms)
	e.vocab(ix.words)
	e.strings([]string{ix.label})
	e.b = binary.LittleEndian.AppendUint32(e.b, crc32.Checksum(e.b, castagnoli))
	n, err := w.Write(e.b)
	if err != nil {
		return int64(n), fmt.Errorf("index: write: %w", err)
	}
	return int64(n), nil
}

// Read loads an index written by WriteTo.
func Read(r io.Reader) (*Index, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("index: read: %w", err)
	}
	return Decode(data)
}

// Decode loads an index from the bytes WriteTo wrote.
func Decode(data []byte) (*Index, error) {
	if len(data) < len(magic)+4 || string(data[:len(magic)]) != magic {
		return nil, ErrFormat
	}
	body, sum := data[:len(data)-4], binary.LittleEndian.Uint32(data[len(data)-4:])
	if crc32.Checksum(body, castagnoli) != sum {
		return nil, fmt.Errorf("%w: checksum mismatch (truncated or damaged)", ErrFormat)
	}
	d := &decoder{b: body[len(magic):]}
	if v := d.uvarint(); v != version {
		return nil, fmt.Errorf("%w: version %d, want %d", ErrFormat, v, version)
	}
	ix := &Index{}
	ix.vocab = d.vocab()
	ix.postStart = d.u32s()
	ix.postDoc = d.ascending(ix.postStart)
	ix.postTF = d.bytes()
	ix.docReport = d.ascending(nil)
	ix.docSentence = d.u32s()
	ix.docLen = d.u16s()
	ix.Names = d.dict()
	ix.Terms = d.dict()
	ix.words = d.vocab()
	if l := d.strings(); len(l) == 1 {
		ix.label = l[0]
	} else if d.err == nil {
		d.err = errors.New("missing label")
	}
	if d.err == nil && len(d.b) != 0 {
		d.err = errors.New("trailing data")
	}
	if d.err == nil {
		d.err = ix.check()
	}
	if d.err != nil {
		return nil, fmt.Errorf("%w: %v", ErrFormat, d.err)
	}
	ix.derive()
	return ix, nil
}

// check rejects tables that would index out of range, so a damaged file
// that passes the checksum still cannot crash a search.
func (ix *Index) check() error {
	nd := uint32(len(ix.docReport))
	if len(ix.postStart) != len(ix.vocab.terms)+1 || ix.postStart[len(ix.postStart)-1] != uint32(len(ix.postDoc)) ||
		len(ix.postTF) != len(ix.postDoc) || len(ix.docSentence) != int(nd) || len(ix.docLen) != int(nd) {
		return errors.New("inconsistent table sizes")
	}
	for i := 1; i < len(ix.docReport); i++ {
		if ix.docReport[i] < ix.docReport[i-1] {
			return errors.New("reports out of order")
		}
	}
	for _, d := range ix.postDoc {
		if d >= nd {
			return errors.New("posting out of range")
		}
	}
	if err := ix.vocab.check(); err != nil {
		return err
	}
	if err := ix.words.check(); err != nil {
		return err
	}
	for _, d := range []*Dict{ix.Names, ix.Terms} {
		if err := d.check(); err != nil {
			return err
		}
	}
	return nil
}

func (v *vocab) check() error {
	if len(v.delHash) != len(v.delTerm) {
		return errors.New("inconsistent delete table")
	}
	for _, t := range v.delTerm {
		if int(t) >= len(v.terms) {
			return errors.New("delete table out of range")
		}
	}
	return nil
}

func (d *Dict) check() error {
	if err := d.vocab.check(); err != nil {
		return err
	}
	n := len(d.display)
	if len(d.entryStart) != n+1 || len(d.refStart) != n+1 || len(d.refReport) != len(d.refItem) ||
		d.entryStart[n] != uint32(len(d.entryWords)) || d.refStart[n] != uint32(len(d.refReport)) {
		return errors.New("inconsistent dictionary")
	}
	for i := 0; i < n; i++ {
		if d.entryStart[i] > d.entryStart[i+1] || d.refStart[i] > d.refStart[i+1] || d.entryStart[i+1]-d.entryStart[i] > 64 {
			return errors.New("inconsistent dictionary ranges")
		}
	}
	for _, w := range d.entryWords {
		if int(w) >= len(d.vocab.terms) {
			return errors.New("dictionary word out of range")
		}
	}
	return nil
}

type encoder struct {
	b []byte
}

func (e *encoder) uvarint(v uint64) { e.b = binary.AppendUvarint(e.b, v) }

func (e *encoder) bytes(p []byte) {
	e.uvarint(uint64(len(p)))
	e.b = append(e.b, p...)
}

func (e *encoder) u32s(s []uint32) {
	e.uvarint(uint64(len(s)))
	for _, v := range s {
		e.b = binary.LittleEndian.AppendUint32(e.b, v)
	}
}

func (e *encoder) u16s(s []uint16) {
	e.uvarint(uint64(len(s)))
	for _, v := range s {
		e.b = binary.LittleEndian.AppendUint16(e.b, v)
	}
}

// runs calls f for each ascending run of an array of n elements: run i is
// [bounds[i], bounds[i+1]); nil bounds mean one run.
func runs(bounds []uint32, n int, f func(lo, hi int)) {
	if bounds == nil {
		f(0, n)
		return
	}
	for i := 0; i+1 < len(bounds); i++ {
		f(int(bounds[i]), int(bounds[i+1]))
	}
}

// ascending writes s as delta-coded varints, each run starting from zero.
func (e *encoder) ascending(bounds, s []uint32) {
	e.uvarint(uint64(len(s)))
	runs(bounds, len(s), func(lo, hi int) {
		var prev uint32
		for _, v := range s[lo:hi] {
			e.uvarint(uint64(v - prev))
			prev = v
		}
	})
}

func (e *encoder) strings(ss []string) {
	e.uvarint(uint64(len(ss)))
	for _, s := range ss {
		e.uvarint(uint64(len(s)))
	}
	for _, s := range ss {
		e.b = append(e.b, s...)
	}
}

func (e *encoder) vocab(v *vocab) {
	e.strings(v.terms)
	e.u32s(v.delHash)
	e.u32s(v.delTerm)
}

func (e *encoder) dict(d *Dict) {
	e.vocab(d.vocab)
	e.strings(d.display)
	e.u32s(d.entryStart)
	e.u32s(d.entryWords)
	e.u32s(d.refStart)
	e.u32s(d.refReport)
	e.u32s(d.refItem)
}

type decoder struct {
	b   []byte
	err error
}

func (d *decoder) fail(what string) {
	if d.err == nil {
		d.err = fmt.Errorf("truncated %s", what)
	}
}

func (d *decoder) uvarint() uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.fail("number")
		return 0
	}
	d.b = d.b[n:]
	return v
}

// count reads a length and checks that at least size bytes per element
// remain, so a damaged length cannot make us allocate gigabytes.
func (d *decoder) count(size int) int {
	n := d.uvarint()
	if d.err == nil && n > uint64(len(d.b))/uint64(max(size, 1)) {
		d.fail("array")
		return 0
	}
	return int(n)
}

func (d *decoder) take(n int) []byte {
	if d.err != nil || n < 0 || n > len(d.b) {
		d.fail("data")
		return nil
	}
	p := d.b[:n]
	d.b = d.b[n:]
	return p
}

func (d *decoder) bytes() []byte {
	n := d.count(1)
	return append([]byte(nil), d.take(n)...)
}

func (d *decoder) u32s() []uint32 {
	n := d.count(4)
	p := d.take(4 * n)
	if d.err != nil {
		return nil
	}
	s := make([]uint32, n)
	for i := range s {
		s[i] = binary.LittleEndian.Uint32(p[4*i:])
	}
	return s
}

func (d *decoder) u16s() []uint16 {
	n := d.count(2)
	p := d.take(2 * n)
	if d.err != nil {
		return nil
	}
	s := make([]uint16, n)
	for i := range s {
		s[i] = binary.LittleEndian.Uint16(p[2*i:])
	}
	return s
}

func (d *decoder) ascending(bounds []uint32) []uint32 {
	n := d.count(1)
	if d.err != nil {
		return nil
	}
	if bounds != nil {
		if len(bounds) == 0 || bounds[0] != 0 || bounds[len(bounds)-1] != uint32(n) {
			d.err = errors.New("posting ranges do not match postings")
			return nil
		}
		for i := 1; i < len(bounds); i++ {
			if bounds[i] < bounds[i-1] {
				d.err = errors.New("posting ranges out of order")
				return nil
			}
		}
	}
	s := make([]uint32, n)
	b := d.b
	runs(bounds, n, func(lo, hi int) {
		var prev uint32
		for i := lo; i < hi && d.err == nil; i++ {
			v, k := binary.Uvarint(b)
			if k <= 0 {
				d.fail("postings")
				return
			}
			b = b[k:]
			prev += uint32(v)
			s[i] = prev
		}
	})
	d.b = b
	return s
}

func (d *decoder) strings() []string {
	n := d.count(1)
	if d.err != nil {
		return nil
	}
	lens := make([]int, n)
	total := 0
	for i := range lens {
		l := d.uvarint()
		if l > uint64(len(d.b)) || total+int(l) > len(d.b) {
			d.fail("strings")
			return nil
		}
		lens[i] = int(l)
		total += lens[i]
	}
	blob := string(d.take(total))
	if d.err != nil {
		return nil
	}
	ss := make([]string, n)
	off := 0
	for i, l := range lens {
		ss[i] = blob[off : off+l]
		off += l
	}
	return ss
}

func (d *decoder) vocab() *vocab {
	v := &vocab{terms: d.strings(), delHash: d.u32s(), delTerm: d.u32s()}
	if d.err == nil {
		v.index()
	}
	return v
}

func (d *decoder) dict() *Dict {
	dc := &Dict{vocab: d.vocab(), display: d.strings(), entryStart: d.u32s(), entryWords: d.u32s(),
		refStart: d.u32s(), refReport: d.u32s(), refItem: d.u32s()}
	if d.err != nil {
		return dc
	}
	if err := dc.check(); err != nil {
		d.err = err
		return dc
	}
	dc.derive()
	return dc
}
