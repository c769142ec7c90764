// Package textmatch holds the word-level matching shared by extraction and
// answering: tokenising, stop words, light stemming, and typo-tolerant
// comparison. sahilm/fuzzy forgives dropped letters (subsequences); the
// Damerau–Levenshtein distance here forgives swapped, wrong and extra ones.
//
// It lives under knowledge because extraction is its first user; the bot
// core uses it to read questions the same way.
package textmatch

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sahilm/fuzzy"
)

// Tokens splits text into lower-case, diacritic-folded words. Hyphens and apostrophes inside a
// word are kept ("self-construction", "province’s" → "province's").
func Tokens(s string) []string {
	// Tokens are runs of the text, so most are handed out as substrings:
	// only those with capitals or non-ASCII letters (or a curly apostrophe)
	// are rewritten. Tokenising every sentence is most of the cost of
	// indexing and of reading a question.
	out := make([]string, 0, len(s)/6+1) // words average five letters and a space
	start := -1                          // where the current token began, -1 between tokens
	plain := true                        // the token is its own lower-case form
	flush := func(end int) {
		if start >= 0 {
			t := s[start:end]
			if !plain {
				t = lowerToken(t)
			}
			out = append(out, t)
		}
		start, plain = -1, true
	}
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		switch {
		case isWordRune(r):
			if start < 0 {
				start = i
			}
			plain = plain && r < utf8.RuneSelf && !('A' <= r && r <= 'Z')
		case (r == '-' || r == '\'' || r == '’') && start >= 0 && i+size < len(s) && isWordRune(firstRune(s[i+size:])):
			plain = plain && r != '’'
		default:
			flush(i)
		}
		i += size
	}
	flush(len(s))
	return out
}

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

func firstRune(s string) rune {
	if s[0] < utf8.RuneSelf {
		return rune(s[0])
	}
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

// lowerToken is a token's text as tokensRunes writes it: lower case,
// diacritics folded, curly apostrophes straightened.
func lowerToken(t string) string {
	var b strings.Builder
	b.Grow(len(t))
	for _, r := range t {
		if r == '’' {
			r = '\''
		} else {
			r = unicode.ToLower(r)
			if f, ok := FoldRune(r); ok {
				b.WriteString(f)
				continue
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}

// tokensRunes is Tokens for text beyond ASCII.
func tokensRunes(s string) []string {
	var out []string
	var b strings.Builder
	rs := []rune(s)
	flush := func() {
		if b.Len() > 0 {
			out = append(out, b.String())
			b.Reset()
		}
	}
	for i, r := range rs {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			r = unicode.ToLower(r)
			if f, ok := FoldRune(r); ok {
				b.WriteString(f)
				continue
			}
			b.WriteRune(r)
		case (r == '-' || r == '\'' || r == '’') && b.Len() > 0 && i+1 < len(rs) && (unicode.IsLetter(rs[i+1]) || unicode.IsDigit(rs[i+1])):
			if r == '’' {
				r = '\''
			}
			b.WriteRune(r)
		default:
			flush()
		}
	}
	flush()
	return out
}

// Normalize lower-cases text and drops punctuation, for comparing phrases.
func Normalize(s string) string { return strings.Join(Tokens(s), " ") }

// stopwords carry no topic: they are ignored when matching content.
var stopwords = set(`a an the of in on at to for from by with and or but as is are was were be been being
it its this that these those there their them they he she his her him we our us you your i me my
do does did done has have had having will would shall should can could may might must not no nor
so than too very just also about into over under again further then once here all any both each few
more most other some such only own same s t what which who whom whose when where why how much
tell me please know say said says show give list name anything something whether if up out
report reports give gave given gives giving make made makes get got take took taken happen happened`)

func set(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// IsStopword reports whether a lower-case token carries no topic.
func IsStopword(w string) bool { return stopwords[w] }

// Content returns the tokens of s that are not stop words, possessive
// endings removed.
func Content(s string) []string {
	var out []string
	for _, t := range Tokens(s) {
		t = strings.TrimSuffix(t, "'s")
		if !stopwords[t] && t != "" {
			out = append(out, t)
		}
	}
	return out
}

// Stem reduces plural and common verb endings so "speeches" meets "speech"
// and "studied" meets "study". It is deliberately light: over-stemming
// merges words a reader would keep apart.
func Stem(w string) string {
	if base, ok := irregular[w]; ok {
		return base
	}
	n := len(w)
	switch {
	case n > 4 && strings.HasSuffix(w, "ies"):
		return w[:n-3] + "y"
	case n > 4 && strings.HasSuffix(w, "ied"):
		return w[:n-3] + "y"
	case n > 5 && (strings.HasSuffix(w, "ches") || strings.HasSuffix(w, "shes") || strings.HasSuffix(w, "sses") || strings.HasSuffix(w, "xes")):
		return w[:n-2]
	case n > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us") && !strings.HasSuffix(w, "is"):
		return w[:n-1]
	case n > 5 && strings.HasSuffix(w, "ing"):
		return w[:n-3]
	case n > 4 && strings.HasSuffix(w, "ed") && !strings.HasSuffix(w, "eed"):
		return w[:n-2]
	}
	return w
}

// Distance is the optimal-string-alignment (Damerau–Levenshtein) distance:
// insertions, deletions, substitutions and swaps of neighbours each cost 1.
// It gives up early and returns max+1 once the distance must exceed max.
func Distance(a, b string, max int) int {
	if a == b {
		return 0
	}
	if isASCII(a) && isASCII(b) {
		return distanceASCII(a, b, max)
	}
	return DistanceRunes([]rune(a), []rune(b), max)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// distanceASCII is DistanceRunes on bytes, which for ASCII are the runes:
// no conversion to runes (Similarity runs it thousands of times a question
// on a large archive; short byte copies that do not escape stay on the
// stack).
func distanceASCII(ra, rb string, max int) int {
	return damerau([]byte(ra), []byte(rb), max)
}

// DistanceRunes is Distance on runes, for callers that compare one word
// with many and convert it once.
func DistanceRunes(ra, rb []rune, max int) int { return damerau(ra, rb, max) }

// damerau is the optimal-string-alignment distance between a and b, or
// max+1 as soon as it must exceed max.
func damerau[E byte | rune](ra, rb []E, max int) int {
	la, lb := len(ra), len(rb)
	if d := la - lb; d > max || -d > max {
		return max + 1
	}
	// Three rows; words are short, so they live on the stack.
	var buf [3 * 33]int
	var prev2, prev, cur []int
	if lb+1 <= 33 {
		prev2, prev, cur = buf[0:lb+1], buf[33:33+lb+1], buf[66:66+lb+1]
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
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if rowMin > max {
			return max + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[lb]
}

// MaxEdits is how many typos a word of this length may carry and still be
// recognised: none for short words (too many false friends), one for
// medium, two for long.
func MaxEdits(word string) int {
	n := len([]rune(word))
	switch {
	case n <= 3:
		return 0
	case n <= 7:
		return 1
	default:
		return 2
	}
}

// Similarity scores how well a typed word q matches a known word w, from 0
// (no match) to 1 (equal). Stems match fully; a typo within MaxEdits or a
// dropped-letter subsequence scores below 1 so exact matches win ties.
func Similarity(q, w string) float64 {
	if q == w {
		return 1
	}
	// No stem rule or typo bridges more than three letters of length.
	if d := len(q) - len(w); d > 3 || d < -3 {
		return 0
	}
	if Stem(q) == Stem(w) {
		return 0.95
	}
	maxEd := MaxEdits(w)
	if me := MaxEdits(q); me < maxEd {
		maxEd = me
	}
	if maxEd == 0 {
		return 0
	}
	if d := Distance(q, w, maxEd); d <= maxEd {
		if d == 1 {
			return oneEdit(q, w)
		}
		return 1 - 0.15*float64(d)
	}
	// A typo in an inflected word: "stduied" is "studied", whose stem
	// "study" is the word the reports know.
	if sq, sw := Stem(q), Stem(w); sq != q || sw != w {
		if d := Distance(sq, sw, maxEd); d == 1 {
			return oneEdit(sq, sw) - 0.02
		}
	}
	// Dropped letters: q is a subsequence of w, missing only a few letters.
	if len(q) >= 4 && len(w)-len(q) <= maxEd && isSubsequence(q, w) {
		return 0.8
	}
	return 0
}

// isSubsequence reports whether every rune of q appears in w in order. For
// one pair a loop beats sahilm/fuzzy, which sets up concurrent matching per
// call; Best uses the library across a whole vocabulary instead.
func isSubsequence(q, w string) bool {
	i := 0
	qr := []rune(q)
	for _, c := range w {
		if i < len(qr) && qr[i] == c {
			i++
		}
	}
	return i == len(qr)
}

// Best returns the known word most similar to q, with its score, or "" when
// nothing is similar enough. sahilm/fuzzy finds the vocabulary words that
// contain q as a subsequence (dropped letters) in one pass; the edit
// distance covers swapped, wrong and extra letters.
func Best(q string, vocab []string) (string, float64) {
	best, score := "", 0.0
	// Ties go to the longer word ("presient" is more likely "president"
	// than "present"), then alphabetically, so the choice is stable.
	consider := func(w string) {
		s := Similarity(q, w)
		if s > score || s == score && s > 0 && (len(w) > len(best) || len(w) == len(best) && w < best) {
			best, score = w, s
		}
	}
	if len(q) >= 4 {
		for _, m := range fuzzy.Find(q, vocab) {
			if len(m.Str)-len(q) <= MaxEdits(m.Str) {
				consider(m.Str)
			}
		}
	}
	// Inflections ("studied" ~ "study") may differ by up to three letters
	// more than the typos allowed.
	maxDiff := MaxEdits(q) + 3
	for _, w := range vocab {
		if d := len(w) - len(q); d <= maxDiff && -d <= maxDiff {
			consider(w)
		}
	}
	return best, score
}

// isSubstitution reports whether q and w differ in exactly one position.
func isSubstitution(q, w string) bool {
	a, b := []rune(q), []rune(w)
	if len(a) != len(b) {
		return false
	}
	diff := 0
	for i := range a {
		if a[i] != b[i] {
			diff++
		}
	}
	return diff == 1
}

// irregular maps irregular English verb forms to their base, so "grew"
// meets "grow" and "spoke" meets "speak".
var irregular = func() map[string]string {
	m := map[string]string{}
	for _, line := range strings.Split(`begin began begun|bring brought|build built|buy bought|choose chose chosen
come came|draw drew drawn|drive drove driven|eat ate eaten|fall fell fallen|feel felt|fight fought
find found|fly flew flown|forget forgot forgotten|get got gotten|give gave given|go went gone
grow grew grown|hear heard|hold held|keep kept|know knew known|lead led|leave left|lose lost
make made|meet met|pay paid|rise rose risen|run ran|say said|see saw seen|seek sought|sell sold
send sent|show showed shown|sit sat|speak spoke spoken|spend spent|stand stood|strike struck
take took taken|teach taught|tell told|think thought|throw threw thrown|understand understood
win won|write wrote written|become became|break broke broken|freeze froze frozen|shake shook shaken`, "|") {
		f := strings.Fields(line)
		for _, form := range f[1:] {
			m[form] = f[0]
		}
	}
	return m
}()

// oneEdit scores a single typo by how likely it is to be one. A swap of
// neighbours is the commonest slip, then a dropped or doubled letter, then
// a wrong letter; the small differences break ties between candidates
// ("prupose" is "purpose", not "propose"). One wrong letter in a word of
// four letters is as likely another real word ("bake" is not a typo of
// "make"), so it scores below the acceptance line; in five or six letters
// it just passes.
func oneEdit(q, w string) float64 {
	switch {
	case isSubstitution(q, w) && len([]rune(w)) <= 4:
		return 0.7
	case isSubstitution(q, w) && len([]rune(w)) <= 6:
		return 0.8
	case isSubstitution(q, w):
		return 0.85
	case len(q) == len(w):
		return 0.88 // a swap
	default:
		return 0.87 // a dropped or extra letter
	}
}
