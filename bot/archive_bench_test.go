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
// and their wording — on generated archives, one sub-benchmark per kind of
// question (the classic and the hard set), through the index and through
// the linear path. Give every kind the same count, so a slow kind cannot
// hide behind a fast one:
//
//	go test -run - -bench AskArchive -benchtime 200x ./bot
//
// REPORTBOT_BENCH_REPORTS=10000 for the large archive (a minute to parse);
// bench/botbench measures the same as a served process does.
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
		byKind := map[string][]string{}
		var kinds []string
		for _, q := range append(slices.Clone(c.Questions), c.Hard...) {
			k := corpus.KindOf(q)
			if byKind[k] == nil {
				kinds = append(kinds, k)
			}
			byKind[k] = append(byKind[k], q.Text)
		}
		for _, path := range []string{"index", "linear"} {
			if path == "linear" {
				if n > 1000 {
					continue // minutes per run
				}
				kb.SetRetriever(nil)
			}
			bt := New(kb, Options{MinConfidence: 0.35})
			ctx := context.Background()
			bt.Ask(ctx, c.Questions[0].Text) // the linear path builds its tables here
			for _, kind := range kinds {
				qs := byKind[kind]
				b.Run(fmt.Sprintf("reports=%d/%s/kind=%s", n, path, kind), func(b *testing.B) {
					for _, q := range qs { // the same warm-up for every kind
						bt.Ask(ctx, q)
					}
					var took []time.Duration
					for i := 0; b.Loop(); i++ {
						kb.ForgetLookups() // the questions repeat; people's mostly do not
						start := time.Now()
						bt.Ask(ctx, qs[i%len(qs)])
						took = append(took, time.Since(start))
					}
					slices.Sort(took)
					b.ReportMetric(float64(took[len(took)/2].Microseconds()), "p50-µs")
					b.ReportMetric(float64(took[len(took)*99/100].Microseconds()), "p99-µs")
				})
			}
		}
	}
}
