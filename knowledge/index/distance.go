package index

import "unicode/utf8"

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

// distance is the optimal-string-alignment (restricted Damerau–Levenshtein)
// distance between a and b: insertions, deletions, substitutions and swaps
// of two neighbouring letters each cost one. It gives up and returns max+1
// once the distance must exceed max, which keeps candidate checks cheap.
func distance(a, b []rune, max int) int {
	la, lb := len(a), len(b)
	if d := la - lb; d > max || -d > max {
		return max + 1
	}
	if la == 0 || lb == 0 {
		return la + lb
	}
	// Three rows: two back (for swaps), previous, current.
	var buf [3 * 64]int
	var prev2, prev, cur []int
	if lb+1 <= 64 {
		prev2, prev, cur = buf[0:lb+1], buf[64:64+lb+1], buf[128:128+lb+1]
	} else {
		prev2, prev, cur = make([]int, lb+1), make([]int, lb+1), make([]int, lb+1)
	}
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= la; i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= lb; j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := prev[j-1] + cost
			if d := prev[j] + 1; d < v {
				v = d
			}
			if d := cur[j-1] + 1; d < v {
				v = d
			}
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				if d := prev2[j-2] + 1; d < v {
					v = d
				}
			}
			cur[j] = v
			if v < rowMin {
				rowMin = v
			}
		}
		if rowMin > max {
			return max + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	if prev[lb] > max {
		return max + 1
	}
	return prev[lb]
}

// MaxEdits is how many typos a query word may carry: none up to three
// letters, one up to five, two beyond. Exported so that other matchers
// (benchmark baselines) can apply the same limits.
func MaxEdits(word string) int { return maxEdits(utf8.RuneCountInString(word)) }
