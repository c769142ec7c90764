// Package index is a search index over report sentences: an inverted index
// with BM25 ranking, typo-tolerant term expansion through the vocabulary,
// and dictionaries of names and key terms. It knows nothing about the bot or
// about any particular report; callers add sentences, names and terms tagged
// with their own report and item numbers and get those numbers back.
//
// The index answers in time that depends on how many sentences contain the
// question's words, not on how many sentences there are, so an archive of
// thousands of reports answers as fast as one report.
package index

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/reportbot/reportbot/knowledge/textmatch"
)

// Words splits text into normalised words: lower-case runs of letters and
// digits, with punctuation dropped, hyphens splitting ("self-construction" →
// "self", "construction"), apostrophes dropped and a possessive "'s" removed,
// and each word lightly stemmed. Indexing and querying both go through it,
// so the two always agree. Stop words are kept; Terms drops them.
func Words(text string) []string {
	return appendWords(nil, text, false)
}

// Terms is Words without stop words: the words that carry meaning and that
// the index stores.
func Terms(text string) []string {
	return appendWords(nil, text, true)
}

func appendWords(out []string, text string, dropStop bool) []string {
	var b strings.Builder
	flush := func() {
		if b.Len() == 0 {
			return
		}
		w := Stem(b.String())
		b.Reset()
		if dropStop && IsStop(w) {
			return
		}
		out = append(out, w)
	}
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		i += size
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			r = unicode.ToLower(r)
			// Folded as textmatch.Tokens folds, so a name typed without
			// its diacritics finds the sentences that hold it.
			if f, ok := textmatch.FoldRune(r); ok {
				b.WriteString(f)
				continue
			}
			b.WriteRune(r)
		case (r == '\'' || r == '’') && b.Len() > 0:
			// "province’s" → "province"; "don't" → "dont".
			next, nsize := utf8.DecodeRuneInString(text[i:])
			if (next == 's' || next == 'S') && !isWordRune(text[i+nsize:]) {
				i += nsize
				flush()
			}
		default:
			flush()
		}
	}
	flush()
	return out
}

func isWordRune(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

// Normalize is one word through the same rules as Words, joined back with
// spaces if the input held several: the key a dictionary entry is stored
// under.
func Normalize(text string) string {
	return strings.Join(Words(text), " ")
}

// Stem strips a plural ending so "speeches", "speech" and "confidences",
// "confidence" meet. It is deliberately light (an S-stemmer): heavier
// stemming merges words people keep apart, and names must survive it.
func Stem(w string) string {
	n := len(w)
	if n <= 4 || !isLowerASCII(w) {
		return w
	}
	switch {
	case strings.HasSuffix(w, "ies") && !strings.HasSuffix(w, "eies") && !strings.HasSuffix(w, "aies"):
		return w[:n-3] + "y"
	case strings.HasSuffix(w, "sses"):
		return w[:n-2]
	case strings.HasSuffix(w, "ches") || strings.HasSuffix(w, "shes") || strings.HasSuffix(w, "xes") || strings.HasSuffix(w, "zes"):
		return w[:n-2]
	case strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us") && !strings.HasSuffix(w, "is"):
		return w[:n-1]
	}
	return w
}

func isLowerASCII(w string) bool {
	for i := 0; i < len(w); i++ {
		if c := w[i]; c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

// IsStop reports whether a normalised word is too common to help find a
// sentence: articles, pronouns, auxiliaries and question words.
func IsStop(w string) bool {
	_, ok := stopWords[w]
	return ok
}

var stopWords = func() map[string]struct{} {
	m := map[string]struct{}{}
	for _, w := range strings.Fields(`a an the of and or nor but in on at to for by with from as into onto
		over under about upon than then there here
		is are was were be been being am it its this that these those
		who whom whose what which when where why how
		do did does done doing has have had having
		i you he she we they me him her us them my your his our their mine yours
		not no if so such can could will would shall should might must also
		all any each etc up out very just
		say said tell please`) {
		m[w] = struct{}{}
	}
	return m
}()
