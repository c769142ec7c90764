package knowledge

import (
	"slices"
	"testing"
	"time"
)

// Terms ranked level come out in the same order on every parse: the bot
// reads a report's first terms, and the candidates are gathered in a map.
func TestTermsLevelInRankKeepOneOrder(t *testing.T) {
	text := "The board met on Monday. Members discussed water supply and road repairs. The mayor backed water supply and road repairs."
	var first []string
	for i := 0; i < 30; i++ {
		r, err := Parse("terms.txt", []byte(text), time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, term := range r.Terms {
			got = append(got, term.Text)
		}
		if i == 0 {
			first = got
			if !slices.Contains(got, "water supply") || !slices.Contains(got, "road repairs") {
				t.Fatalf("terms %q: the two level terms are missing", got)
			}
		} else if !slices.Equal(got, first) {
			t.Fatalf("parse %d: terms %q, first parse %q", i, got, first)
		}
	}
}
