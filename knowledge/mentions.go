package knowledge

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// segment is a clause-level piece of a sentence, split at commas,
// semicolons, colons and spaced dashes, which is where appositives end.
type segment struct {
	text  string
	start int // byte offset in the sentence
}

func splitSegments(s string) []segment {
	var out []segment
	last := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		sep := false
		switch r {
		case ',', ';', ':':
			sep = true
		case '–', '—':
			// A dash with space on either side sets off an appositive.
			sep = i > 0 && s[i-1] == ' ' || i+size < len(s) && s[i+size] == ' '
		case '-':
			sep = i > 0 && s[i-1] == ' ' && i+1 < len(s) && s[i+1] == ' '
		}
		if !sep {
			i += size
			continue
		}
		out = append(out, segment{text: strings.TrimRight(s[last:i], " \t"), start: last})
		i += size
		for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
			i++
		}
		last = i
	}
	return append(out, segment{text: s[last:], start: last})
}

// word is a token with its position, keeping case.
type word struct {
	text       string
	start, end int
}

// words splits s into word tokens with their byte offsets, keeping case. A
// word starts and ends with a letter or digit and may hold apostrophes,
// periods and hyphens inside ("Vice-President", "U.S", "people’s"). It is a
// hand-written scanner because extraction calls it for every segment.
func words(s string) []word {
	var out []word
	start := -1       // start of the current word
	lastAlnumEnd := 0 // end of its last letter or digit
	flush := func() {
		if start >= 0 {
			out = append(out, word{text: s[start:lastAlnumEnd], start: start, end: lastAlnumEnd})
		}
		start = -1
	}
	for i, r := range s {
		alnum := unicode.IsLetter(r) || unicode.IsDigit(r)
		switch {
		case alnum:
			if start < 0 {
				start = i
			}
			lastAlnumEnd = i + utf8.RuneLen(r)
		case start >= 0 && (r == '\'' || r == '’' || r == '.' || r == '-'):
			// may continue the word; kept only if a letter follows
		default:
			flush()
		}
	}
	flush()
	return out
}

func isCapitalised(w string) bool {
	r := []rune(w)
	return len(r) > 0 && (unicode.IsUpper(r[0]) || unicode.IsDigit(r[0]))
}

func lower(w string) string { return strings.ToLower(strings.TrimRight(w, ".")) }

// isNameWord reports whether a capitalised token can be part of a person's
// name (not a title, an organisation word, a month or a sentence opener).
func isNameWord(w string) bool {
	r := []rune(w)
	if len(r) == 0 || !unicode.IsUpper(r[0]) {
		return false
	}
	for _, c := range r {
		if unicode.IsDigit(c) {
			return false
		}
	}
	l := lower(w)
	if isTitleWord(l) || orgWords[l] || nonNameWords[l] || eventNouns[l] {
		return false
	}
	// An all-capitals word of 2+ letters is an acronym, not a name.
	if len(r) > 1 && strings.ToUpper(w) == w {
		return false
	}
	return true
}

// nameAt reads a person's name made of ws[i:j], allowing lower-case
// particles inside ("Ludwig van Beethoven"). It returns j, or i when ws[i]
// cannot start a name.
func nameAt(ws []word, i int) int {
	j := i
	for j < len(ws) && j-i < 5 {
		if isNameWord(ws[j].text) {
			j++
			continue
		}
		if nameParticles[ws[j].text] && j > i && j+1 < len(ws) && isNameWord(ws[j+1].text) {
			j++
			continue
		}
		break
	}
	for j > i && nameParticles[ws[j-1].text] {
		j--
	}
	if j-i > 4 {
		return i // too long to be a name: a title of a work or a slogan
	}
	return j
}

// mention is one place a sentence names a person.
type mention struct {
	name     string
	roles    []string // role phrases as written
	sentence int
	seg      int  // index of the segment holding the name
	roleSeg  int  // index of the last segment of the appositive role, or seg
	subject  bool // nothing but fillers stands before the name in its segment
	nameEnd  int  // byte offset after the name (or after a name+title run) in the sentence
	passive  ActionKind
	listed   ActionKind // named in a list such as "Speakers included …"
	weak     bool       // one word with no context: kept only as a short mention of a full name
	// start and end bound the whole subject phrase (role and name) in the
	// sentence, so adjacent phrases can be read as one list of subjects.
	start, end int
}

// roleBeforeName finds "<Org> <Title> <Name>" runs in a segment, such as
// "Harbor Union Vice Chairman Tomas Berg" or "Vice-President Kenji Sato",
// starting at word from. It returns the index of the run's first word, of
// the name's first word, and after the name.
func roleBeforeName(ws []word, from int) (first, nameStart, end int, ok bool) {
	for i := from; i < len(ws); i++ {
		if !isTitleWord(ws[i].text) || !isCapitalised(ws[i].text) {
			continue
		}
		// The title run may continue: "Party Secretary", "Vice President".
		k := i
		for k+1 < len(ws) && isCapitalised(ws[k+1].text) && (isTitleWord(ws[k+1].text) || titleModifiers[lower(ws[k+1].text)]) {
			k++
		}
		j := nameAt(ws, k+1)
		if j == k+1 {
			i = k
			continue
		}
		// The organisation stands before the title: every capitalised word
		// back to the start of the phrase.
		b := i
		for b > from && isCapitalised(ws[b-1].text) && !nonNameWords[lower(ws[b-1].text)] {
			b--
		}
		// "Minister of Justice X": a field after "of" is not the title; the
		// title stands before the "of".
		if b == i && b-2 >= from && lower(ws[b-1].text) == "of" && isTitleWord(ws[b-2].text) {
			b -= 2
			for b > from && isCapitalised(ws[b-1].text) && !nonNameWords[lower(ws[b-1].text)] {
				b--
			}
		}
		return b, k + 1, j, true
	}
	return 0, 0, 0, false
}

// leadingFillersOnly reports whether the words before index i of a segment
// are only conjunctions and fillers, so the name there is a subject.
func leadingFillersOnly(ws []word, i int) bool {
	for k := 0; k < i; k++ {
		l := lower(ws[k].text)
		if k == i-1 && (l == "the" || l == "a" || l == "an") {
			continue // "The Minister of Justice X arrived"
		}
		if l != "and" && l != "while" && l != "meanwhile" && !predicateFillers[l] {
			return false
		}
	}
	return true
}

// listIntroRe finds the start of a list of people with one action:
// "Speakers included …", "Also present were …", "Attendees: …".
var listIntroRe = regexp.MustCompile(`(?i)\b(speakers|those\s+who\s+spoke|speaking\s+at\s+the\s+\w+|attendees|participants|also\s+present|present|in\s+attendance|those\s+attending|among\s+those\s+present)\b(?:\s+[\w'-]+){0,3}?\s*(?:included|include|were|was|are|:)\s`)

func listIntro(s string) (ActionKind, int) {
	// The regular expression backtracks; most sentences have none of its
	// words, so look for them first.
	l := strings.ToLower(s)
	if !strings.Contains(l, "speak") && !strings.Contains(l, "spoke") && !strings.Contains(l, "attend") &&
		!strings.Contains(l, "particip") && !strings.Contains(l, "present") {
		return "", -1
	}
	m := listIntroRe.FindStringSubmatchIndex(s)
	if m == nil {
		return "", -1
	}
	w := strings.ToLower(s[m[2]:m[3]])
	if strings.Contains(w, "speak") || strings.Contains(w, "spoke") {
		return Spoke, m[1]
	}
	return Attended, m[1]
}

// findMentions reads the people a sentence names, with their roles.
func findMentions(si int, s string) []mention {
	out := findMentionsIn(si, s)
	kind, at := listIntro(s)
	if kind == "" {
		return out
	}
	// Names in the list, with or without roles.
	known := map[string]bool{}
	for i := range out {
		known[out[i].name] = true
		if out[i].nameEnd > at {
			out[i].listed = kind
		}
	}
	segs := splitSegments(s)
	for i, seg := range segs {
		if seg.start+len(seg.text) <= at {
			continue
		}
		ws := words(seg.text)
		for k := 0; k < len(ws); k++ {
			if seg.start+ws[k].start < at {
				continue
			}
			j := nameAt(ws, k)
			if j-k < 2 {
				continue
			}
			name := seg.text[ws[k].start:ws[j-1].end]
			if !known[name] {
				known[name] = true
				out = append(out, mention{name: name, sentence: si, seg: i, roleSeg: i, nameEnd: seg.start + ws[j-1].end, listed: kind,
					start: seg.start + ws[k].start, end: seg.start + ws[j-1].end})
			}
			k = j - 1
		}
	}
	return out
}

func findMentionsIn(si int, s string) []mention {
	segs := splitSegments(s)
	var out []mention
	consumed := map[int]bool{}
	for i := 0; i < len(segs); i++ {
		if consumed[i] {
			continue
		}
		seg := segs[i]
		ws := words(seg.text)
		// Role before the name, anywhere in the segment.
		from := 0
		for {
			first, nameStart, end, ok := roleBeforeName(ws, from)
			if !ok {
				break
			}
			role := seg.text[ws[first].start:ws[nameStart-1].end]
			name := seg.text[ws[nameStart].start:ws[end-1].end]
			nameEnd := ws[end-1].end
			// "President Ana Lima of the Harbor Trust said": the organisation
			// after the name belongs to the role.
			if _, oend := orgAfter(ws, end); oend > end {
				role += " " + seg.text[ws[end].start:ws[oend-1].end]
				nameEnd = ws[oend-1].end
				end = oend
			}
			m := mention{name: name, roles: []string{role}, sentence: si, seg: i, roleSeg: i,
				subject: leadingFillersOnly(ws, first), nameEnd: seg.start + nameEnd,
				passive: passiveAction(seg.text[:ws[first].start]),
				start:   seg.start + ws[first].start, end: seg.start + nameEnd}
			if end == len(ws) && i+1 < len(segs) && roleStarts(segs[i+1].text) {
				r, cut := trimRole(segs[i+1].text)
				m.roles = append(m.roles, r)
				m.roleSeg = i + 1
				m.end = segs[i+1].start + cut
				consumed[i+1] = true
			}
			// "Vice Directors A, B and C": a plural title covers the names
			// listed after it.
			single, plural := singularTitle(role)
			if plural {
				m.roles[0] = single
			}
			out = append(out, m)
			from = end
			if plural && end == len(ws) {
				for k := i + 1; k < len(segs) && !consumed[k]; k++ {
					names := pureNames(segs[k])
					if len(names) == 0 {
						break
					}
					for _, n := range names {
						out = append(out, mention{name: n.name, roles: []string{single}, sentence: si, seg: k, roleSeg: k,
							nameEnd: n.end, start: n.start, end: n.end})
					}
					consumed[k] = true
				}
			}
		}
		if len(out) > 0 && out[len(out)-1].seg == i {
			continue
		}
		// Appositive: "<Name>, <role>," — the name ends its segment.
		if i+1 >= len(segs) || !roleStarts(segs[i+1].text) {
			// A bare subject: "<Name> pointed out …", "<Name> and <Name> attended".
			out = append(out, bareSubjects(si, i, seg, ws)...)
			continue
		}
		start := len(ws)
		for start > 0 && (isNameWord(ws[start-1].text) || nameParticles[ws[start-1].text] && start < len(ws)) {
			start--
		}
		if start == len(ws) || nameAt(ws, start) != len(ws) || len(ws)-start < 2 {
			continue
		}
		r, cut := trimRole(segs[i+1].text)
		m := mention{
			name: seg.text[ws[start].start:ws[len(ws)-1].end], roles: splitRoles(r), sentence: si,
			seg: i, roleSeg: i + 1, subject: leadingFillersOnly(ws, start), nameEnd: seg.start + ws[len(ws)-1].end,
			passive: passiveAction(seg.text[:ws[start].start]),
			start:   seg.start + ws[start].start, end: segs[i+1].start + cut,
		}
		consumed[i+1] = true
		i++
		// "X, the writer, candidate of Y and President of Z": the further
		// role phrases of the same appositive.
		for cut == len(segs[i].text) && i+1 < len(segs) && !consumed[i+1] && roleStarts(segs[i+1].text) && !startsWithName(segs[i+1].text) {
			r, cut = trimRole(segs[i+1].text)
			m.roles = append(m.roles, splitRoles(r)...)
			m.end = segs[i+1].start + cut
			m.roleSeg = i + 1
			consumed[i+1] = true
			i++
		}
		out = append(out, m)
	}
	return out
}

// bareSubjects reads names with no role that are the subject of an action:
// "Ana Lima said …", "Ana Lima and Tom Berg attended".
func bareSubjects(si, i int, seg segment, ws []word) []mention {
	var out []mention
	k := 0
	according := false
	if len(ws) > 2 && lower(ws[0].text) == "according" && lower(ws[1].text) == "to" {
		according, k = true, 2
	}
	for k < len(ws) {
		for k < len(ws) && (lower(ws[k].text) == "and" || predicateFillers[lower(ws[k].text)]) {
			k++
		}
		j := nameAt(ws, k)
		if j-k < 2 {
			break
		}
		out = append(out, mention{name: seg.text[ws[k].start:ws[j-1].end], sentence: si, seg: i, roleSeg: i,
			subject: true, nameEnd: seg.start + ws[j-1].end, start: seg.start + ws[k].start, end: seg.start + ws[j-1].end})
		k = j
		if k < len(ws) && lower(ws[k].text) == "and" {
			continue
		}
		break
	}
	if len(out) == 0 {
		return nil
	}
	if according {
		out[0].passive, out[0].subject = Quoted, false
		return out[:1]
	}
	// Only a subject if an action follows the names.
	rest := strings.ToLower(strings.TrimSpace(seg.text[out[len(out)-1].nameEnd-seg.start:]))
	if !predicateStart(skipFillers(rest)) {
		return nil
	}
	return out
}

// orgAfter reads "of the Harbor Trust" after a name: a preposition and a
// capitalised phrase. It returns the index after it (i when there is none).
func orgAfter(ws []word, i int) (string, int) {
	if i >= len(ws) {
		return "", i
	}
	if l := lower(ws[i].text); l != "of" && l != "from" && l != "at" {
		return "", i
	}
	j := i + 1
	if j < len(ws) && lower(ws[j].text) == "the" {
		j++
	}
	k := j
	for k < len(ws) && (isCapitalised(ws[k].text) || (lower(ws[k].text) == "of" || lower(ws[k].text) == "and") && k+1 < len(ws) && isCapitalised(ws[k+1].text)) {
		k++
	}
	if k == j {
		return "", i
	}
	return "", k
}

type nameSpan struct {
	name       string
	start, end int
}

// pureNames reads a segment that is nothing but names joined by "and"
// ("Wang Fang and Zhou Ming"); it returns nil for anything else.
func pureNames(seg segment) []nameSpan {
	ws := words(seg.text)
	var out []nameSpan
	k := 0
	for k < len(ws) {
		if lower(ws[k].text) == "and" {
			k++
			continue
		}
		j := nameAt(ws, k)
		if j-k < 2 {
			return nil
		}
		out = append(out, nameSpan{seg.text[ws[k].start:ws[j-1].end], seg.start + ws[k].start, seg.start + ws[j-1].end})
		k = j
	}
	return out
}

// startsWithName reports whether a segment opens with a two-word name, as
// the next item of a list does.
func startsWithName(seg string) bool {
	ws := words(seg)
	if nameAt(ws, 0) >= 2 {
		return true
	}
	// "Admiral Nikolai Evmenov": a titled name is the next person.
	_, _, _, ok := roleBeforeName(ws, 0)
	return ok
}
