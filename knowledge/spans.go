package knowledge

import (
	"time"
)

// Query-time helpers: the answerer looks for a span of a wanted kind (a
// date, a place) inside a sentence it chose, with the same rules the
// extractor uses, so the two never disagree about what a date is.

// DateIn finds the first date expression in s ("on the 12th", "yesterday",
// "December 9") and resolves it against the report's date (YYYY-MM-DD, may
// be empty). It returns the text as written and the date, or "" for the
// date when it cannot be pinned down.
func DateIn(s, reportDate string) (text, date string) {
	var ref time.Time
	if reportDate != "" {
		if t, err := time.Parse("2006-01-02", reportDate); err == nil {
			ref = t
		}
	}
	return resolveDate(s, ref)
}
