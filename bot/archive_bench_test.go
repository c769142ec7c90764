package bot

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/reportbot/reportbot/bench/corpus"
	"github.com/reportbot/reportbot/knowledge"
)

// BenchmarkAskArchive measures the whole bot — extraction-based answers
// and their wording — on generated archives, through the index and through
// the linear path (go test -run - -bench AskArchive ./bot). Set
// REPORTBOT_BENCH_REPORTS=10000 for the large archive (about 30 s to parse).
func BenchmarkAskArchive(b *testing.B) {
	sizes := []int{100, 1000}
	if v := os.Getenv("REPORTBOT_BENCH_REPORTS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			b.Fatal(err)
		}
		sizes = []int{n}
	}
	for _, n := range sizes {
		c := corpus.Generate(1, n, 200)
		dir := b.TempDir()
		if err := c.WriteFiles(dir); err != nil {
			b.Fatal(err)
		}
		kb, err := knowledge.Open(knowledge.OpenOptions{Reports: []string{dir}})
		if err != nil {
			b.Fatal(err)
		}
		for _, path := range []string{"index", "linear"} {
			if path == "linear" {
				if n > 1000 {
					continue // minutes per run
				}
				kb.SetRetriever(nil)
			}
			b.Run(fmt.Sprintf("reports=%d/%s", n, path), func(b *testing.B) {
				bt := New(kb, Options{MinConfidence: 0.35})
				ctx := context.Background()
				bt.Ask(ctx, c.Questions[0].Text) // the linear path builds its tables here
				var took []time.Duration
				b.ResetTimer()
				for i := 0; b.Loop(); i++ {
					start := time.Now()
					bt.Ask(ctx, c.Questions[i%len(c.Questions)].Text)
					took = append(took, time.Since(start))
				}
				// Per-question percentiles beside the mean: one slow kind
				// of question hides in an average.
				slices.Sort(took)
				b.ReportMetric(float64(took[len(took)/2].Microseconds()), "p50-µs")
				b.ReportMetric(float64(took[len(took)*99/100].Microseconds()), "p99-µs")
			})
		}
	}
}
