package index

import (
	"bytes"
	"errors"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/reportbot/reportbot/knowledge/textmatch"
)

func TestWords(t *testing.T) {
	cases := map[string][]string{
		"The Harbour Guild’s chairman":          {"the", "harbour", "guild", "chairman"},
		"self-construction, “four confidences”": {"self", "construction", "four", "confidence"},
		"speeches; policies & taxes":            {"speech", "policy", "tax"},
		"On May 3, 2021":                        {"on", "may", "3", "2021"},
		"Congress status analysis":              {"congress", "status", "analysis"},
		"don't":                                 {"dont"},
	}
	for in, want := range cases {
		if got := Words(in); !reflect.DeepEqual(got, want) {
			t.Errorf("Words(%q) = %q, want %q", in, got, want)
		}
	}
	if got := Terms("Who presided over the meeting?"); !reflect.DeepEqual(got, []string{"presided", "meeting"}) {
		t.Errorf("Terms dropped the wrong words: %q", got)
	}
}

func TestDistance(t *testing.T) {
	cases := []struct {
		a, b string
		want int
	}{
		{"federation", "federation", 0},
		{"federaton", "federation", 1},  // dropped letter
		{"fedeartion", "federation", 1}, // swapped neighbours count once
		{"federatiom", "federation", 1}, // wrong letter
		{"federattion", "federation", 1},
		{"fedraton", "federation", 2},
		{"fderatoin", "federation", 2},
		{"kitten", "sitting", 3},
	}
	for _, c := range cases {
		if got := textmatch.DistanceRunes([]rune(c.a), []rune(c.b), 3); got != c.want {
			t.Errorf("textmatch.DistanceRunes(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
	// Past the bound it reports bound+1 rather than the exact figure.
	if got := textmatch.DistanceRunes([]rune("kitten"), []rune("sitting"), 1); got != 2 {
		t.Errorf("bounded distance = %d, want 2", got)
	}
}

var testVocab = []string{
	"federation", "industry", "commerce", "committee", "chairman", "chairwoman", "presided",
	"president", "symposium", "harbour", "guild", "orchard", "league", "meeting", "make", "take",
	"kovalenko", "marta", "okafor", "ines", "bo", "ya", "vice", "era", "construction", "cooperation",
}

func TestExpandTypos(t *testing.T) {
	v := newVocab(testVocab)
	cases := []struct {
		query, want string
		edits       int
	}{
		{"federation", "federation", 0},
		{"federaton", "federation", 1},    // dropped letter
		{"fedreation", "federation", 1},   // swapped letters
		{"federatoin", "federation", 1},   // swapped at the end, beyond the delete prefix
		{"fexeration", "federation", 1},   // wrong letter
		{"federaation", "federation", 1},  // extra letter
		{"comerce", "commerce", 1},        // dropped, inside the prefix
		{"kovalneko", "kovalenko", 1},     // swapped in a name
		{"fedraton", "federation", 2},     // two dropped
		{"symposum", "symposium", 1},      // dropped
		{"cooperatoin", "cooperation", 1}, // long word
		{"okafr", "okafor", 1},            // short word: one edit allowed
	}
	for _, c := range cases {
		got := v.expand(c.query, 3, true)
		if len(got) == 0 || got[0].Term != c.want || got[0].Edits != c.edits {
			t.Errorf("expand(%q) = %+v, want %q at %d edits first", c.query, got, c.want, c.edits)
		}
	}
}

func TestExpandLimits(t *testing.T) {
	v := newVocab(testVocab)
	// Very short words are never guessed: "lo" is not "bo".
	if got := v.expand("lo", 3, true); len(got) != 0 {
		t.Errorf("two-letter word expanded to %+v", got)
	}
	// Four or five letters allow one edit, not two: "bake" is one from
	// "make" and "take", but "bkae" (two) finds nothing close.
	if got := v.expand("bake", 3, true); len(got) != 2 || got[0].Term != "make" || got[1].Term != "take" {
		t.Errorf("expand(bake) = %+v, want make, take", got)
	}
	if got := v.expand("okfr", 3, true); len(got) != 0 {
		t.Errorf("four letters two edits away expanded to %+v", got)
	}
	// Three or more edits are not a typo.
	if got := v.expand("fdrtonn", 3, true); len(got) != 0 {
		t.Errorf("expand(fdrtonn) = %+v, want nothing", got)
	}
}

func TestExpandSubsequence(t *testing.T) {
	v := newVocab(testVocab)
	// Three letters dropped is past the edit limit; the letters are still
	// in order, so the subsequence search finds it.
	got := v.expand("fdratin", 3, true)
	if len(got) == 0 || got[0].Term != "federation" || !got[0].Subsequence || got[0].Edits != 3 {
		t.Fatalf("expand(fdratin) = %+v, want federation as a subsequence", got)
	}
	// Too little of the word left to trust.
	for _, w := range []string{"fdrn", "okfr", "fdrtn"} {
		if got := v.expand(w, 3, true); len(got) != 0 {
			t.Errorf("expand(%s) = %+v, want nothing", w, got)
		}
	}
}

// A small archive: three reports, written for the tests.
var testReports = [][]string{
	{
		"date 2021-03-04",
		"On March 3, the Harbour Guild held a symposium on coastal trade.",
		"Chairman Marta Kovalenko presided over the meeting.",
		"Ines Okafor, vice chairwoman of the Orchard League, and Bo Ya, chairman of the Federation of River Pilots, made speeches.",
	},
	{
		"date 2021-06-10",
		"On June 9, the Orchard League held a forum on river transport.",
		"Chairwoman Ines Okafor presided over the meeting.",
		"Marta Kovalenko, chairman of the Harbour Guild, made a speech on the “three bridges” plan.",
	},
	{
		"date 2022-01-20",
		"On January 19, the Federation of River Pilots held a plenary session.",
		"Chairman Bo Ya presided over the meeting and praised cooperation.",
	},
}

func buildTest(t *testing.T) *Index {
	t.Helper()
	b := NewBuilder()
	for r, sents := range testReports {
		for s, text := range sents {
			b.AddSentence(r, s, text)
		}
	}
	b.AddName("Marta Kovalenko", 0, 0)
	b.AddName("Ines Okafor", 0, 1)
	b.AddName("Bo Ya", 0, 2)
	b.AddName("Ines Okafor", 1, 0)
	b.AddName("Marta Kovalenko", 1, 1)
	b.AddName("Bo Ya", 2, 0)
	b.AddTerm("Harbour Guild", 0, 0)
	b.AddTerm("Orchard League", 0, 1)
	b.AddTerm("Federation of River Pilots", 0, 2)
	b.AddTerm("Orchard League", 1, 0)
	b.AddTerm("three bridges", 1, 1)
	b.AddTerm("Federation of River Pilots", 2, 0)
	ix, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	return ix
}

func TestSearchFindsSentence(t *testing.T) {
	ix := buildTest(t)
	cases := []struct {
		q              string
		report, sent   int
		matched, words int
	}{
		// Sentence 1 has both rare words; "presided" is in every report.
		{"Who presided over the plenary session?", 2, 1, 2, 3},
		{"three bridges plan", 1, 3, 3, 3},
		{"vice chairwoman of the Orchard League", 0, 3, 4, 4},
		{"vice chairwomn of the Orchrd Leage", 0, 3, 4, 4}, // typos of three kinds
	}
	for _, c := range cases {
		q := ix.Analyze(c.q)
		if len(q.Words) != c.words {
			t.Errorf("%q: %d words, want %d (%+v)", c.q, len(q.Words), c.words, q.Words)
		}
		hits := ix.Search(q, Options{K: 3})
		if len(hits) == 0 {
			t.Errorf("%q: no hits", c.q)
			continue
		}
		if h := hits[0]; h.Report != c.report || h.Sentence != c.sent || h.Matched != c.matched {
			t.Errorf("%q: top hit %+v, want report %d sentence %d matching %d", c.q, h, c.report, c.sent, c.matched)
		}
		for i := 1; i < len(hits); i++ {
			if hits[i].Score > hits[i-1].Score {
				t.Errorf("%q: hits out of order: %+v", c.q, hits)
			}
		}
	}
}

func TestSearchReportsAcrossSentences(t *testing.T) {
	ix := buildTest(t)
	// The date and organiser are in one sentence, "presided" in another:
	// only the report as a whole matches all of them.
	q := ix.Analyze("Who presided over the forum of the Orchard League on June 9?")
	reports := ix.SearchReports(q, Options{K: 3})
	if len(reports) == 0 || reports[0].Report != 1 {
		t.Fatalf("reports = %+v, want report 1 first", reports)
	}
	if reports[0].Matched != len(q.Words) {
		t.Errorf("report 1 matched %d of %d words", reports[0].Matched, len(q.Words))
	}
	hits := ix.SearchReport(q, 1, Options{K: 1})
	if len(hits) != 1 || hits[0].Report != 1 {
		t.Fatalf("SearchReport = %+v", hits)
	}
	// Within the report, the sentence with "presided" and the organiser
	// outranks the date line.
	if hits[0].Sentence != 1 && hits[0].Sentence != 2 {
		t.Errorf("best sentence in report 1 = %d", hits[0].Sentence)
	}
	if got := ix.SearchReport(q, 7, Options{K: 1}); got != nil {
		t.Errorf("unknown report gave %+v", got)
	}
}

func TestSearchUnknownWords(t *testing.T) {
	ix := buildTest(t)
	q := ix.Analyze("How do I bake sourdough bread?")
	if q.Known() != 0 {
		t.Errorf("out-of-scope words matched: %+v", q.Words)
	}
	if hits := ix.Search(q, Options{K: 5}); len(hits) != 0 {
		t.Errorf("hits for an out-of-scope question: %+v", hits)
	}
}

func TestScratchIsReset(t *testing.T) {
	ix := buildTest(t)
	q := ix.Analyze("Marta Kovalenko")
	first := ix.Search(q, Options{K: 5})
	for i := 0; i < 3; i++ {
		ix.Search(ix.Analyze("Orchard League cooperation"), Options{K: 5})
		if got := ix.Search(q, Options{K: 5}); !reflect.DeepEqual(got, first) {
			t.Fatalf("repeat %d: %+v, want %+v", i, got, first)
		}
	}
}

func TestNames(t *testing.T) {
	ix := buildTest(t)
	cases := []struct {
		text, want string
		edits      int
	}{
		{"who is Marta Kovalenko?", "Marta Kovalenko", 0},
		{"who is marta kovalenko", "Marta Kovalenko", 0},
		{"who is Marta Kovalnko", "Marta Kovalenko", 1},  // dropped
		{"who is Marta Kovlaenko", "Marta Kovalenko", 1}, // swapped
		{"who is Marta Kovalenkko", "Marta Kovalenko", 1},
		{"tell me about ines okafro", "Ines Okafor", 1},
		{"Bo Ya", "Bo Ya", 0},
	}
	for _, c := range cases {
		got := ix.Names.Lookup(c.text, 3)
		if len(got) == 0 || got[0].Key != c.want || !got[0].Complete() || got[0].Edits != c.edits {
			t.Errorf("Lookup(%q) = %+v, want %q complete at %d edits", c.text, got, c.want, c.edits)
		}
	}
	m, _ := ix.Names.Get("marta  KOVALENKO")
	if want := []Ref{{0, 0}, {1, 1}}; !reflect.DeepEqual(m.Refs, want) {
		t.Errorf("refs = %+v, want %+v", m.Refs, want)
	}
	// One of two words is a partial match, ranked after complete ones.
	got := ix.Names.Lookup("Marta Okafor", 5)
	if len(got) != 2 || got[0].Complete() || got[1].Complete() {
		t.Errorf("partial lookup = %+v", got)
	}
	if got := ix.Names.Lookup("who is Taylor Swift", 5); len(got) != 0 {
		t.Errorf("unknown person matched %+v", got)
	}
}

func TestTerms(t *testing.T) {
	ix := buildTest(t)
	got := ix.Terms.Lookup("federaton of river piolts chairman", 3)
	if len(got) == 0 || got[0].Key != "Federation of River Pilots" || !got[0].Complete() || got[0].Edits != 2 {
		t.Fatalf("term lookup = %+v", got)
	}
	if want := []Ref{{0, 2}, {2, 0}}; !reflect.DeepEqual(got[0].Refs, want) {
		t.Errorf("refs = %+v, want %+v", got[0].Refs, want)
	}
	got = ix.Terms.Lookup("the three brigdes", 3)
	if len(got) == 0 || got[0].Key != "three bridges" {
		t.Errorf("quoted term lookup = %+v", got)
	}
}

func TestBuilderRejectsOutOfOrder(t *testing.T) {
	b := NewBuilder()
	b.AddSentence(1, 0, "later report")
	b.AddSentence(0, 0, "earlier report")
	if _, err := b.Build(); err == nil {
		t.Fatal("out-of-order reports accepted")
	}
}

func TestEmptyIndex(t *testing.T) {
	ix, err := NewBuilder().Build()
	if err != nil {
		t.Fatal(err)
	}
	q := ix.Analyze("anything at all")
	if len(ix.Search(q, Options{K: 3})) != 0 || len(ix.SearchReports(q, Options{K: 3})) != 0 || len(ix.Names.Lookup("x y", 3)) != 0 {
		t.Error("empty index found something")
	}
	var buf bytes.Buffer
	if _, err := ix.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	if _, err := Read(&buf); err != nil {
		t.Fatal(err)
	}
}

func TestRoundTrip(t *testing.T) {
	ix := buildTest(t)
	var buf bytes.Buffer
	n, err := ix.WriteTo(&buf)
	if err != nil || n != int64(buf.Len()) {
		t.Fatalf("WriteTo = %d, %v (buffer %d)", n, err, buf.Len())
	}
	data := slices.Clone(buf.Bytes())
	back, err := Read(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{"Who presided over the forum of the Orchard League on June 9?", "vice chairwomn Orchrd", "fdratin"} {
		q1, q2 := ix.Analyze(text), back.Analyze(text)
		if !reflect.DeepEqual(q1, q2) {
			t.Errorf("%q analysed differently after reload", text)
		}
		if a, b := ix.Search(q1, Options{K: 5}), back.Search(q2, Options{K: 5}); !reflect.DeepEqual(a, b) {
			t.Errorf("%q: search %+v after reload, want %+v", text, b, a)
		}
		if a, b := ix.SearchReports(q1, Options{K: 5}), back.SearchReports(q2, Options{K: 5}); !reflect.DeepEqual(a, b) {
			t.Errorf("%q: report search %+v after reload, want %+v", text, b, a)
		}
	}
	for _, text := range []string{"marta kovlaenko", "ines"} {
		if a, b := ix.Names.Lookup(text, 5), back.Names.Lookup(text, 5); !reflect.DeepEqual(a, b) {
			t.Errorf("%q: names %+v after reload, want %+v", text, b, a)
		}
	}
	if a, b := ix.Terms.Lookup("orchard league", 5), back.Terms.Lookup("orchard league", 5); !reflect.DeepEqual(a, b) {
		t.Errorf("terms %+v after reload, want %+v", b, a)
	}

	// Every kind of damage is refused, never a panic or a wrong index.
	damaged := map[string][]byte{
		"empty":     nil,
		"not ours":  []byte("{\"reports\": []}"),
		"truncated": data[:len(data)/2],
		"flipped":   flip(data, len(data)/3),
	}
	for name, d := range damaged {
		if _, err := Decode(d); !errors.Is(err, ErrFormat) {
			t.Errorf("%s: err = %v, want ErrFormat", name, err)
		}
	}
}

func flip(data []byte, at int) []byte {
	d := slices.Clone(data)
	d[at] ^= 0x40
	return d
}

func TestNormalize(t *testing.T) {
	if got := Normalize("  Federation of  RIVER, and Pilots "); got != "federation of river and pilot" {
		t.Errorf("Normalize = %q", got)
	}
	if !strings.Contains(strings.Join(Terms("the Orchard League’s"), " "), "league") {
		t.Error("possessive not stripped")
	}
}

func TestSearchOptions(t *testing.T) {
	ix := buildTest(t)
	q := ix.Analyze("Marta Kovalenko chairman Harbour Guild")
	all := ix.SearchReports(q, Options{})
	if len(all) != 3 {
		t.Fatalf("reports = %+v", all)
	}
	// MinMatched drops reports with fewer of the words, and gives the same
	// scores as a search without it for those it keeps.
	min := ix.SearchReports(q, Options{MinMatched: 5})
	var want []ReportHit
	for _, h := range all {
		if h.Matched >= 5 {
			want = append(want, h)
		}
	}
	if len(want) == 0 || !reflect.DeepEqual(min, want) {
		t.Errorf("MinMatched: %+v, want %+v", min, want)
	}
	// Only limits the search to the reports listed.
	only := ix.SearchReports(q, Options{Only: []int{2, 1}})
	for _, h := range only {
		if h.Report == 0 {
			t.Errorf("Only let report 0 through: %+v", only)
		}
	}
	if len(only) != 2 {
		t.Errorf("Only: %+v", only)
	}
	if got := ix.SearchReports(q, Options{Only: []int{}}); len(got) != 0 {
		t.Errorf("empty Only found %+v", got)
	}
	if got := ix.Search(q, Options{Only: []int{1}, K: 2}); len(got) == 0 || got[0].Report != 1 {
		t.Errorf("sentence search with Only: %+v", got)
	}
	// K caps the results.
	if got := ix.Search(q, Options{K: 1}); len(got) != 1 {
		t.Errorf("K=1 gave %d hits", len(got))
	}
}

// Pruning must never change results: on a larger generated archive,
// MinMatched and Only agree with filtering a full search.
func TestPruningIsExact(t *testing.T) {
	b := NewBuilder()
	words := strings.Fields("alder birch cedar dogwood elm fir ginkgo hazel juniper larch maple oak pine rowan spruce willow yew")
	for r := 0; r < 60; r++ {
		for s := 0; s < 8; s++ {
			var text []string
			for k := 0; k < 6; k++ {
				text = append(text, words[(r*7+s*3+k*k*5)%len(words)])
			}
			b.AddSentence(r, s, strings.Join(text, " "))
		}
	}
	ix, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{"alder birch cedar", "oak pine rowan spruce willow", "fir yew", "ginkgo hazel juniper larch maple oak"} {
		q := ix.Analyze(text)
		full := ix.SearchReports(q, Options{K: 100})
		for need := 1; need <= len(q.Words); need++ {
			var want []ReportHit
			for _, h := range full {
				if h.Matched >= need {
					want = append(want, h)
				}
			}
			got := ix.SearchReports(q, Options{K: 100, MinMatched: need})
			if len(got) != len(want) {
				t.Errorf("%q need %d: %d reports, want %d", text, need, len(got), len(want))
				continue
			}
			for i := range got {
				if got[i].Report != want[i].Report || got[i].Matched != want[i].Matched || math.Abs(got[i].Score-want[i].Score) > 1e-4 {
					t.Errorf("%q need %d: %+v, want %+v", text, need, got[i], want[i])
				}
			}
			only := []int{3, 10, 17, 24, 31, 38, 45, 52}
			var wantOnly []ReportHit
			for _, h := range want {
				if slices.Contains(only, h.Report) {
					wantOnly = append(wantOnly, h)
				}
			}
			gotOnly := ix.SearchReports(q, Options{K: 100, MinMatched: need, Only: only})
			if len(gotOnly) != len(wantOnly) {
				t.Errorf("%q need %d with Only: %d reports, want %d", text, need, len(gotOnly), len(wantOnly))
			}
		}
	}
}

func TestVocabularyNear(t *testing.T) {
	v := NewVocabulary([]string{"federation", "federal", "commerce", "commence", "bo", "ya", "make", "bake"})
	if !v.Has("bo") || v.Has("lo") || v.Len() != 8 {
		t.Error("Has/Len wrong")
	}
	if got := v.Near("comerce", 2); !reflect.DeepEqual(got, []string{"commence", "commerce"}) {
		t.Errorf("Near(comerce) = %q", got)
	}
	if got := v.Near("comerce", 1); !reflect.DeepEqual(got, []string{"commerce"}) {
		t.Errorf("Near(comerce, 1) = %q", got)
	}
	if got := v.Near("fedaration", 2); !reflect.DeepEqual(got, []string{"federation"}) {
		t.Errorf("Near(fedaration) = %q", got)
	}
	if got := v.Near("lo", 2); len(got) != 0 {
		t.Errorf("short word matched %q", got)
	}
	if got := v.Near("make", 0); !reflect.DeepEqual(got, []string{"make"}) {
		t.Errorf("Near(make, 0) = %q", got)
	}
}

func TestAddDocAndPostings(t *testing.T) {
	b := NewBuilder()
	b.AddDoc(0, 0, []string{"talk", "talk", "harbor"}, 9)
	b.AddDoc(0, 1, []string{"harbor"}, 4)
	b.AddDoc(2, 0, []string{"talk"}, 2)
	b.AddWords("talked", "harbors", "talked")
	b.SetLabel("fingerprint")
	ix, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := ix.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	if ix, err = Decode(buf.Bytes()); err != nil {
		t.Fatal(err)
	}
	if ix.Label() != "fingerprint" || ix.Words().Len() != 2 || !ix.Words().Has("talked") {
		t.Errorf("label %q, words %v", ix.Label(), ix.Words().All())
	}
	p := ix.Postings("talk")
	if p.Len() != 2 {
		t.Fatalf("talk in %d sentences", p.Len())
	}
	d, tf := p.At(0)
	if r, s, l := ix.Doc(d); r != 0 || s != 0 || l != 9 || tf != 2 {
		t.Errorf("first posting: report %d sentence %d length %d tf %d", r, s, l, tf)
	}
	d2, ok := ix.DocOf(2, 0)
	if !ok || p.TF(d2) != 2-1 {
		t.Errorf("DocOf(2,0) = %d %v, tf %d", d2, ok, p.TF(d2))
	}
	if _, ok := ix.DocOf(1, 0); ok {
		t.Error("report 1 has no sentences")
	}
	if ix.Postings("missing").Len() != 0 || p.TF(1) != 0 {
		t.Error("absent term or document found")
	}
}

// Searches share pooled scratch memory; running them side by side must not
// mix their results (run with -race).
func TestConcurrentSearches(t *testing.T) {
	ix := buildTest(t)
	texts := []string{"Marta Kovalenko", "Orchard League forum June", "three bridges plan", "vice chairwomn"}
	want := map[string][]ReportHit{}
	for _, text := range texts {
		want[text] = ix.SearchReports(ix.Analyze(text), Options{MinMatched: 1})
	}
	done := make(chan error)
	for g := 0; g < 8; g++ {
		go func(g int) {
			for i := 0; i < 200; i++ {
				text := texts[(g+i)%len(texts)]
				if got := ix.SearchReports(ix.Analyze(text), Options{MinMatched: 1}); !reflect.DeepEqual(got, want[text]) {
					done <- errors.New(text + ": results differ under concurrency")
					return
				}
			}
			done <- nil
		}(g)
	}
	for g := 0; g < 8; g++ {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}
