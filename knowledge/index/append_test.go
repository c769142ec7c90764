package index

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"testing"
)

// appendReports are small reports of made-up sentences; later ones bring
// words the earlier ones lack (so the vocabularies and delete tables must
// grow) and repeat some they have (so postings must join).
var appendReports = [][]string{
	{"The council met on Monday in the harbour hall.", "The mayor spoke about the budget and the budget again."},
	{"Members debated the harbour dredging contract.", "A treasurer presented the accounts."},
	{},
	{"The committee elected a new chairwoman.", "She thanked the members; the accounts were approved."},
	{"Zebra crossings near the schoolyard were discussed at length by the committee."},
}

func buildWhole(t *testing.T, reports [][]string, label string) *Index {
	t.Helper()
	b := NewBuilder()
	addAppendReports(b, reports, 0)
	b.SetLabel(label)
	ix, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	return ix
}

func addAppendReports(b *Builder, reports [][]string, first int) {
	for i, r := range reports {
		for s, text := range r {
			b.AddSentence(first+i, s, text)
			b.AddWords(Words(text)...)
		}
	}
}

func encode(t *testing.T, ix *Index) []byte {
	t.Helper()
	var buf bytes.Buffer
	if _, err := ix.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// An index extended by Append, at every split and one report at a time,
// is the index a single build over all the reports gives: the same bytes
// written, and the same hits.
func TestAppendEqualsBuild(t *testing.T) {
	whole := buildWhole(t, appendReports, "all")
	want := encode(t, whole)
	queries := []string{"harbour budget", "acounts", "committee members", "zebra schoolyard", "chairwomen elected"}
	for split := 0; split <= len(appendReports); split++ {
		t.Run(fmt.Sprintf("split=%d", split), func(t *testing.T) {
			ix := buildWhole(t, appendReports[:split], "part")
			for i := split; i < len(appendReports); i++ {
				b := NewBuilder()
				addAppendReports(b, appendReports[i:i+1], i)
				b.SetLabel("all")
				var err error
				if ix, err = ix.Append(b); err != nil {
					t.Fatal(err)
				}
			}
			if split == len(appendReports) {
				return // nothing appended; the label differs on purpose
			}
			if got := encode(t, ix); !bytes.Equal(got, want) {
				t.Fatalf("appended index differs from a whole build (%d bytes against %d)", len(got), len(want))
			}
			// The tables derived on load are not written; compare them too.
			if !reflect.DeepEqual(ix.vocab.byFirst, whole.vocab.byFirst) || !reflect.DeepEqual(ix.words.byFirst, whole.words.byFirst) {
				t.Errorf("first-letter tables differ:\n%v\n%v", ix.vocab.byFirst, whole.vocab.byFirst)
			}
			if !reflect.DeepEqual(ix.norm, whole.norm) || !reflect.DeepEqual(ix.docUnit, whole.docUnit) || !reflect.DeepEqual(ix.repNums, whole.repNums) || !reflect.DeepEqual(ix.repStart, whole.repStart) {
				t.Error("derived document tables differ")
			}
			for _, q := range queries {
				qa, qw := ix.Analyze(q), whole.Analyze(q)
				if !reflect.DeepEqual(qa, qw) {
					t.Errorf("%q analysed as %+v, whole build %+v", q, qa, qw)
				}
				if a, w := ix.Search(qa, Options{}), whole.Search(qw, Options{}); !reflect.DeepEqual(a, w) {
					t.Errorf("%q: hits %+v, whole build %+v", q, a, w)
				}
				if a, w := ix.SearchReports(qa, Options{}), whole.SearchReports(qw, Options{}); !reflect.DeepEqual(a, w) {
					t.Errorf("%q: reports %+v, whole build %+v", q, a, w)
				}
			}
		})
	}
}

// Append leaves the index it extends as it was: readers of the old one
// keep their answers.
func TestAppendKeepsOriginal(t *testing.T) {
	ix := buildWhole(t, appendReports[:2], "part")
	before := encode(t, ix)
	b := NewBuilder()
	addAppendReports(b, appendReports[2:], 2)
	if _, err := ix.Append(b); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(encode(t, ix), before) {
		t.Error("Append changed the index it extends")
	}
}

func TestAppendRefuses(t *testing.T) {
	ix := buildWhole(t, appendReports[:2], "part")
	b := NewBuilder()
	b.AddSentence(0, 0, "an earlier report")
	if _, err := ix.Append(b); err == nil {
		t.Error("a report before the index's last one was appended")
	}
	b = NewBuilder()
	b.AddSentence(5, 0, "Jane Roe spoke")
	b.AddName("Jane Roe", 5, 0)
	if _, err := ix.Append(b); !errors.Is(err, ErrAppendDict) {
		t.Errorf("names appended: err %v", err)
	}
}
