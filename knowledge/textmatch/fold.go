package textmatch

import "strings"

// Folding: readers type names without their diacritics ("krizkova" for
// "Křížková", "gudmundsson" for "Guðmundsson"), so every word is compared in
// its folded, plain-Latin form. The table is data about the Latin script,
// not about any report: each lower-case letter with a diacritic maps to the
// letters a keyboard without it gives. ASCII passes through untouched, so
// words that were already plain behave exactly as before.
var foldTable = func() map[rune]string {
	m := map[rune]string{}
	for _, row := range strings.Fields(`
		a:àáâãäåāăąǎ ae:æ c:çćĉċč d:ďđð e:èéêëēĕėęěẹ g:ĝğġģ h:ĥħ i:ìíîïĩīĭįıǐ ij:ĳ j:ĵ k:ķ
		l:ĺļľŀł n:ñńņňŉ o:òóôõöøōŏőǒơọ oe:œ r:ŕŗř s:śŝşšș ss:ß t:ţťŧț u:ùúûüũūŭůűųǔưụ
		w:ŵ y:ýÿŷ z:źżž th:þ`) {
		to, from, _ := strings.Cut(row, ":")
		for _, r := range from {
			m[r] = to
		}
	}
	return m
}()

// FoldRune returns the plain form of a lower-case letter and true when it
// carries a diacritic the table knows.
func FoldRune(r rune) (string, bool) {
	if r < 0x80 {
		return "", false
	}
	s, ok := foldTable[r]
	return s, ok
}

// Fold lower-cases nothing and changes nothing but diacritics: "křížková"
// becomes "krizkova". Callers pass lower-case text.
func Fold(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if f, ok := FoldRune(r); ok {
			b.WriteString(f)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}
