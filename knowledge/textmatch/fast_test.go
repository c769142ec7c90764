package textmatch

import (
	"slices"
	"testing"
	"unicode/utf8"
)

// Tokens's substring path and Distance's ASCII path must give exactly
// what the rune paths give.
func FuzzASCIIPaths(f *testing.F) {
	for _, s := range []string{"Province’s “Ünïon” ÉCOLE-Ñ x’y ’z a’", "Self-construction of the Province's Union, 2024.", "a--b -x y- 'q' it's", "ABC def-GHI x'Y", "", "--", "a'"} {
		f.Add(s, "Chairman")
	}
	f.Fuzz(func(t *testing.T, s, w string) {
		if !utf8.ValidString(s) {
			return
		}
		if got, want := Tokens(s), tokensRunes(s); !slices.Equal(got, want) {
			t.Fatalf("Tokens(%q) = %q, runes give %q", s, got, want)
		}
		if !isASCII(s) || !isASCII(w) {
			return
		}
		for max := 0; max <= 3; max++ {
			if got, want := distanceASCII(s, w, max), DistanceRunes([]rune(s), []rune(w), max); got != want {
				t.Fatalf("Distance(%q, %q, %d) = %d, runes give %d", s, w, max, got, want)
			}
		}
	})
}

func BenchmarkTokens(b *testing.B) {
	s := "On March 5, the Northmere Teachers Union held a forum on rural broadband in Eastvale, keeping to the “three bridges”."
	for b.Loop() {
		Tokens(s)
	}
}

func BenchmarkTokensRunes(b *testing.B) {
	s := "On March 5, the Northmere Teachers Union held a forum on rural broadband in Eastvale, keeping to the “three bridges”."
	for b.Loop() {
		tokensRunes(s)
	}
}
