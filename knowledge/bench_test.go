package knowledge

import (
	"fmt"
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
	for _, c := range []struct {
		name string
		data []byte
	}{{"bundled", bundled}, {"800-people", []byte(many.String())}} {
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
