package knowledge

import (
	"testing"
	"time"
	"unicode/utf8"
)

// A title that opens with a curly quote or a letter beyond ASCII stays
// valid text: capitalising works on the first character, not its first
// byte.
func TestHeadlineCapitalisesByCharacter(t *testing.T) {
	for _, text := range []string{
		"“Open doors” week began at the town hall on Monday. Mayor Ann Holt opened it.",
		"élan prize was handed out at the museum on Friday. Director Per Lund spoke.",
	} {
		r, err := Parse("t", []byte(text), time.Date(2025, 5, 2, 0, 0, 0, 0, time.UTC))
		if err != nil {
			t.Fatal(err)
		}
		if !utf8.ValidString(r.Title) || r.Title == "" {
			t.Errorf("title %q of %q is not valid UTF-8", r.Title, text)
		}
	}
}
