package index

import "unicode/utf8"

// maxEdits is how many edits a word of n letters may carry and still be
// recognised. Short words get fewer: "ng" one edit away is half the names
// in an archive, and "bake" two edits away is "make", "take", "lake"….
func maxEdits(n int) int {
	switch {
	case n <= 3:
		return 0
	case n <= 5:
		return 1
	default:
		return 2
	}
}

// MaxEdits is how many typos a query word may carry: none up to three
// letters, one up to five, two beyond. Exported so that other matchers
// (benchmark baselines) can apply the same limits.
func MaxEdits(word string) int { return maxEdits(utf8.RuneCountInString(word)) }
