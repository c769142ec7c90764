package knowledge

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// BenchmarkParse measures reading and extraction: the bundled report, and a
// synthetic report naming many people (extraction must stay near-linear).
func BenchmarkParse(b *testing.B) {
	entries, err := BundledFS().ReadDir("reports")
	if err != nil || len(entries) == 0 {
		b.Fatal("no bundled report", err)
	}
	bundled, err := BundledFS().ReadFile("reports/" + entries[0].Name())
	if err != nil {
		b.Fatal(err)
	}
	var many strings.Builder
	many.WriteString("date 2022-01-02 On January 1, the Board held a meeting.\n\n")
	for i := 0; i < 800; i++ {
		fmt.Fprintf(&many, "Ana%c%c Lima%c%c, chairman of the Group Committee, ", 'a'+i%26, 'a'+i/26%26, 'a'+i%26, 'a'+i/26%26)
	}
	many.WriteString("made speeches.\n\n")
	// About 1,000 words of the shapes the extraction reads, from the test
	// reports (many names and roles per sentence: harder than most news).
	var thousand strings.Builder
	thousand.WriteString("date 2024-03-09\n")
	for n := 0; n < 1000; {
		for _, f := range []string{"shapes.txt", "harbor-forum.txt", "chamber.txt", "congress-standing.txt"} {
			data, err := os.ReadFile(filepath.Join("testdata", "good", f))
			if err != nil {
				b.Fatal(err)
			}
			for _, w := range strings.Fields(string(data)) {
				if n == 1000 {
					break
				}
				if w == "date" || strings.HasPrefix(w, "20") && strings.Count(w, "-") == 2 {
					continue
				}
				thousand.WriteString(w + " ")
				n++
			}
			thousand.WriteString("\n\n")
		}
	}
	for _, c := range []struct {
		name string
		data []byte
	}{{"bundled-1180-words", bundled}, {"1000-words", []byte(thousand.String())}, {"800-people", []byte(many.String())}} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(c.data)))
			for b.Loop() {
				if _, err := Parse("r.txt", c.data, time.Time{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
