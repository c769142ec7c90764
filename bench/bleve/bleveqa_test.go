package bleveqa

import (
	"fmt"
	"testing"

	"github.com/reportbot/reportbot/bench/corpus"
	"github.com/reportbot/reportbot/bench/qa"
)

func TestBleveAnswers(t *testing.T) {
	c := corpus.Generate(11, 40, 80)
	s := qa.Flatten(c)
	sys, err := Build(c, s, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer sys.Close()
	res := qa.Run(sys, c.Questions, 1)
	if res.Correct == 0 {
		t.Fatalf("Bleve answered nothing correctly: %v", res.ByKind)
	}
	t.Logf("accuracy %.2f %v", res.Accuracy(), res.ByKind)
}

func BenchmarkBleveAnswer(b *testing.B) {
	for _, n := range []int{1, 100, 1000} {
		b.Run(fmt.Sprintf("reports=%d", n), func(b *testing.B) {
			c := corpus.Generate(1, n, 200)
			s := qa.Flatten(c)
			sys, err := Build(c, s, b.TempDir())
			if err != nil {
				b.Fatal(err)
			}
			defer sys.Close()
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				sys.Answer(c.Questions[i%len(c.Questions)].Text)
			}
		})
	}
}
