package index

// maxEdits is how many edits a word of n letters may carry and still be
// recognised. Short words get fewer: "lu" one edit away is half the names
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
