package qa

import (
	"bytes"
	"fmt"
	"sync"
	"testing"

	"github.com/reportbot/reportbot/bench/corpus"
	"github.com/reportbot/reportbot/knowledge/index"
)

// On a small archive the index answers every generated question, typos
// and out-of-scope ones included; the linear scan answers fewer.
func TestIndexAnswersGeneratedQuestions(t *testing.T) {
	c := corpus.Generate(11, 60, 150)
	ix, err := BuildIndex(c)
	if err != nil {
		t.Fatal(err)
	}
	s := Flatten(c)
	res := Run(NewIndexSystem(ix, s), c.Questions, 1)
	if res.Accuracy() < 0.95 {
		t.Errorf("index accuracy %.2f, want ≥ 0.95: %v", res.Accuracy(), res.ByKind)
	}
	for _, q := range c.Questions[:20] {
		a := NewIndexSystem(ix, s).Answer(q.Text)
		if a.Found != q.Found {
			t.Errorf("%q: found=%v, want %v", q.Text, a.Found, q.Found)
		}
	}
	lin := Run(NewLinearSystem(s), c.Questions[:30], 1)
	if lin.Questions != 30 || len(lin.Latencies) != 30 {
		t.Errorf("linear run asked %d, timed %d", lin.Questions, len(lin.Latencies))
	}
}

func TestCorrect(t *testing.T) {
	q := corpus.Question{Found: true, Expect: []string{"Ana Bel presided"}}
	if !Correct(q, Answer{Found: true, Text: "Mayor ana bel presided over it."}) {
		t.Error("case-insensitive match refused")
	}
	if Correct(q, Answer{Found: true, Text: "Ana Bel spoke."}) || Correct(q, Answer{}) {
		t.Error("wrong answer accepted")
	}
	oos := corpus.Question{Kind: "out-of-scope"}
	if !Correct(oos, Answer{}) || Correct(oos, Answer{Found: true, Text: "x"}) {
		t.Error("out-of-scope scoring wrong")
	}
}

type fixture struct {
	c  *corpus.Corpus
	s  *Sentences
	ix *index.Index
}

var (
	fixturesMu sync.Mutex
	fixtures   = map[int]*fixture{}
)

func load(b *testing.B, n int) *fixture {
	fixturesMu.Lock()
	defer fixturesMu.Unlock()
	if f, ok := fixtures[n]; ok {
		return f
	}
	c := corpus.Generate(1, n, 200)
	ix, err := BuildIndex(c)
	if err != nil {
		b.Fatal(err)
	}
	f := &fixture{c: c, s: Flatten(c), ix: ix}
	fixtures[n] = f
	return f
}

// BenchmarkAnswer times one question through the index; compare sizes
// with benchstat (name/reports=N).
func BenchmarkAnswer(b *testing.B) {
	for _, n := range []int{1, 100, 1000, 10000} {
		b.Run(fmt.Sprintf("reports=%d", n), func(b *testing.B) {
			f := load(b, n)
			sys := NewIndexSystem(f.ix, f.s)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				sys.Answer(f.c.Questions[i%len(f.c.Questions)].Text)
			}
		})
	}
}

// BenchmarkLinear times the linear scan baseline (small sizes only: it
// takes about a second a question at 10,000 reports).
func BenchmarkLinear(b *testing.B) {
	for _, n := range []int{1, 100, 1000} {
		b.Run(fmt.Sprintf("reports=%d", n), func(b *testing.B) {
			f := load(b, n)
			sys := NewLinearSystem(f.s)
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				sys.Answer(f.c.Questions[i%len(f.c.Questions)].Text)
			}
		})
	}
}

func BenchmarkBuild(b *testing.B) {
	for _, n := range []int{100, 1000} {
		b.Run(fmt.Sprintf("reports=%d", n), func(b *testing.B) {
			c := load(b, n).c
			b.ReportAllocs()
			for b.Loop() {
				if _, err := BuildIndex(c); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkLoad(b *testing.B) {
	for _, n := range []int{100, 1000, 10000} {
		b.Run(fmt.Sprintf("reports=%d", n), func(b *testing.B) {
			var buf bytes.Buffer
			if _, err := load(b, n).ix.WriteTo(&buf); err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(buf.Len()))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := index.Decode(buf.Bytes()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
