package textmatch

import (
	"reflect"
	"testing"
)

func TestTokens(t *testing.T) {
	got := Tokens("Who is the province’s “Vice-Chairman”? (e.g. self-construction) 20th")
	want := []string{"who", "is", "the", "province's", "vice-chairman", "e", "g", "self-construction", "20th"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q", got)
	}
}

func TestDistanceCountsSwapsAsOneEdit(t *testing.T) {
	cases := []struct {
		a, b string
		want int
	}{
		{"league", "league", 0},
		{"leage", "league", 1},   // dropped
		{"laegue", "league", 1},  // swapped
		{"leaguf", "league", 1},  // wrong
		{"leaguee", "league", 1}, // extra
		{"lgaeue", "league", 2},  // two swaps
		{"chairman", "xyz", 4},   // capped at max+1
		{"commerce", "comerce", 1},
	}
	for _, c := range cases {
		if got := Distance(c.a, c.b, 3); got != c.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}

func TestSimilarityForgivesEachKindOfTypo(t *testing.T) {
	accept := [][2]string{
		{"federaton", "federation"},   // dropped letter
		{"federtaion", "federation"},  // swapped letters
		{"federatiom", "federation"},  // wrong letter, long word
		{"federationn", "federation"}, // extra letter
		{"zhongmn", "zhongmin"},
		{"speeches", "speech"}, // stem
		{"stduied", "study"},   // a swap in an inflected word
		{"peodle", "people"},   // a wrong letter in six letters just passes
	}
	for _, c := range accept {
		if s := Similarity(c[0], c[1]); s < 0.8 {
			t.Errorf("Similarity(%q, %q) = %.2f, want a match", c[0], c[1], s)
		}
	}
	reject := [][2]string{
		{"bake", "make"}, // a wrong letter in a four-letter word is another word
		{"cake", "care"}, //
		{"cat", "car"},   // three letters: no typos
		{"weather", "whether"},
		{"musk", "must"},
	}
	for _, c := range reject {
		if s := Similarity(c[0], c[1]); s >= 0.8 {
			t.Errorf("Similarity(%q, %q) = %.2f, want no match", c[0], c[1], s)
		}
	}
	if Similarity("league", "league") <= Similarity("leage", "league") {
		t.Error("an exact match must outscore a typo")
	}
}

func TestContentDropsStopwords(t *testing.T) {
	got := Content("What did the report say about Democratic Supervision?")
	if !reflect.DeepEqual(got, []string{"democratic", "supervision"}) {
		t.Errorf("got %q", got)
	}
}

func TestBest(t *testing.T) {
	w, s := Best("chairmn", []string{"chair", "chairman", "charm"})
	if w != "chairman" || s < 0.8 {
		t.Errorf("got %q %.2f", w, s)
	}
	if w, _ := Best("bitcoin", []string{"chair", "chairman"}); w != "" {
		t.Errorf("unrelated word matched %q", w)
	}
}

func TestTokensFoldDiacritics(t *testing.T) {
	got := Tokens("Jana Křížková met Guðmundsson at Straße; plain ASCII stays")
	want := []string{"jana", "krizkova", "met", "gudmundsson", "at", "strasse", "plain", "ascii", "stays"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q", got)
	}
	if Fold("café") != "cafe" || Fold("plain") != "plain" {
		t.Errorf("Fold: %q %q", Fold("café"), Fold("plain"))
	}
	// Letters outside the Latin table are kept as they are.
	if got := Tokens("Москва"); !reflect.DeepEqual(got, []string{"москва"}) {
		t.Errorf("got %q", got)
	}
}
