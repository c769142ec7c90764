package library

import (
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/reportbot/reportbot/bench/corpus"
	"github.com/reportbot/reportbot/knowledge"
)

// BenchmarkAddToArchive measures what an upload costs a replica that
// already serves n folder reports: parsing the one new file, and joining it
// (knowledge.Extend: the reports are shared, only the new one is indexed
// and appended to the index), against
// reading and extracting every folder again (knowledge.Open).
func BenchmarkAddToArchive(b *testing.B) {
	for _, n := range []int{100, 1000} {
		c := corpus.Generate(1, n, 0)
		dir := b.TempDir()
		if err := c.WriteFiles(dir); err != nil {
			b.Fatal(err)
		}
		base, err := knowledge.Open(knowledge.OpenOptions{Reports: []string{dir}})
		if err != nil {
			b.Fatal(err)
		}
		upload := []byte("The guild held its meeting on Monday. Chair Orla Quint presided over the meeting. Treasurer Bram Ixley spoke about the accounts.")
		b.Run(fmt.Sprintf("reports=%d/parse+extend", n), func(b *testing.B) {
			for b.Loop() {
				r, err := knowledge.Parse("upload.txt", upload, time.Time{})
				if err != nil {
					b.Fatal(err)
				}
				_ = knowledge.Extend(base, []*knowledge.Report{r})
			}
		})
		b.Run(fmt.Sprintf("reports=%d/reopen-all", n), func(b *testing.B) {
			if os.Getenv("REPORTBOT_BENCH_REOPEN") == "" && n > 100 {
				b.Skip("set REPORTBOT_BENCH_REOPEN=1 to compare at this size")
			}
			for b.Loop() {
				if _, err := knowledge.Open(knowledge.OpenOptions{Reports: []string{dir}}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
