package index

import (
	"slices"
	"testing"
)

// A name typed without its diacritics must meet the name as written.
func TestWordsFoldDiacritics(t *testing.T) {
	if got, want := Words("Jana Křížková’s speech"), Words("jana krizkova speech"); !slices.Equal(got, want) {
		t.Errorf("Words folded %q, plain %q", got, want)
	}
}
