package bot

import (
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/reportbot/reportbot/knowledge"
	"github.com/reportbot/reportbot/knowledge/textmatch"
)

// The text answerer: when no extracted fact answers, the sentence that best
// holds the question's predicate and arguments usually does, and the answer
// is a span of it of the kind the frame wants — the name next to "met
// with", the figure in "worth 12.8 million yen", the date of the sub-event.
// It leads with the span, then quotes the sentence.

// span is a candidate answer inside a sentence.
type span struct {
	text string
	at   int // byte offset in the sentence
	end  int
}

var (
	// A figure: digits (with separators and decimals), optionally a scale
	// word, then up to three words naming what was counted.
	figureRe  = regexp.MustCompile(`(?i)\b(?:(?:about|around|approximately|nearly|almost|over|more\s+than|less\s+than|up\s+to|some|at\s+least|roughly|limited\s+to)\s+)?\d[\d,.]*(?:\s*%|\s+(?:percent|per\s+cent|million|billion|thousand|hundred|trillion|mln|bn))?(?:\s+(?:[a-z\p{L}][\p{L}-]*)){0,3}`)
	wordNumRe = regexp.MustCompile(`(?i)\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|dozens?|hundreds|thousands)(?:\s+[\p{L}\d][\p{L}\d-]*){1,3}`)
	// Currency before or after the figure.
	moneyRe = regexp.MustCompile(`(?i)(?:[$€£¥]\s?\d[\d,.]*(?:\s+(?:million|billion|thousand|trillion|mln|bn|mn))?|\d[\d,.]*(?:\s+(?:million|billion|thousand|trillion|mln|bn|mn))?\s+(?:yen|dollars?|euros?|pounds?|yuan|rubles?|roubles?|crowns?|korun[ay]?|czk|usd|eur|kronur|isk|shekels?|nis|francs?|rupees?|won))`)
	// A time of day or a weekday or a year, beside the dates DateIn reads.
	timeRe    = regexp.MustCompile(`(?i)\b(?:at\s+)?(?:\d{1,2}(?::\d{2})?\s*(?:a\.m\.|p\.m\.|am|pm|o'clock|o’clock|hours)|(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+(?:o'clock|o’clock|in\s+the\s+(?:morning|evening|afternoon)))`)
	weekdayRe = regexp.MustCompile(`(?i)\b(?:(?:on|next|last|this)\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)(?:\s+(?:morning|afternoon|evening|night))?\b`)
	yearRe    = regexp.MustCompile(`\b(?:in|since|from|until|by)\s+(?:1[6-9]\d\d|20\d\d)\b`)
	ordinalRe = regexp.MustCompile(`^\d{1,2}(?:st|nd|rd|th)\b`)
	// "until the 20th", "by the 9th", "Sunday, the 12th": a day of the
	// month.
	dayOfMonthRe = regexp.MustCompile(`(?i)\b(?:until|till|by|from|before|after|on|since|(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday),?)\s+the\s+\d{1,2}(?:st|nd|rd|th)\b`)
	agoRe        = regexp.MustCompile(`(?i)\b(?:a\s+few|several|two|three|\d+)\s+(?:days|weeks|months|years)\s+ago\b`)
	// A place: "in"/"at" and a capitalised phrase.
	// The agent after a passive verb: "hosted by the Harbour Guild",
	// "held by Ana Lima".
	byAgentRe = regexp.MustCompile(`\b(?:hosted|co-hosted|organi[sz]ed|co-organi[sz]ed|convened|held|sponsored|chaired|moderated|presided\s+over|initiated|launched|arranged|presented|awarded|granted|given|welcomed|opened)\s+(?:jointly\s+|together\s+)?by\s+((?:the\s+)?\p{Lu}[\p{L}'’.-]*(?:\s+(?:of\s+(?:the\s+)?|and\s+(?:the\s+)?|for\s+|&\s+)?\p{Lu}[\p{L}'’.-]*)*)`)
	// A run of capitalised words: a name the extractor may not have kept.
	capRunRe = regexp.MustCompile(`\b\p{Lu}[\p{L}'’-]+(?:\s+\p{Lu}[\p{L}'’-]+)+`)
	// "in the large hall of the Congress Center": a few plain words may
	// come before the capitalised name.
	placeRe = regexp.MustCompile(`\b(?:in|at|to|from|inside|near)\s+((?:the\s+|a\s+)?(?:[a-z][\p{L}-]*\s+){0,3}?(?:of\s+(?:the\s+)?)?\p{Lu}[\p{L}'’.-]*(?:\s+(?:of\s+(?:the\s+)?|and\s+|de\s+|am\s+)?\p{Lu}[\p{L}'’.-]*)*)`)
)

// figures lists the numbers a sentence states, with what they count.
func figures(s string, money bool) []span {
	var out []span
	if money {
		for _, m := range moneyRe.FindAllStringIndex(s, -1) {
			out = append(out, span{strings.TrimSpace(s[m[0]:m[1]]), m[0], m[1]})
		}
		if len(out) > 0 {
			return out
		}
	}
	for _, re := range []*regexp.Regexp{figureRe, wordNumRe} {
		for _, m := range re.FindAllStringIndex(s, -1) {
			t := strings.TrimSpace(s[m[0]:m[1]])
			if isDateLike(s, m[0], m[1]) || ordinalRe.MatchString(t) {
				continue // "on the 9th" is a day, not a count
			}
			out = append(out, span{trimTrailingStop(cutAtStop(t)), m[0], m[1]})
		}
	}
	return out
}

// isDateLike spots a figure that is a date or a year, not a count.
func isDateLike(s string, at, end int) bool {
	t := s[at:end]
	if yearRe.MatchString(strings.Fields(t)[0]) && !strings.Contains(t, ",") {
		f := strings.Fields(t)
		if len(f[0]) == 4 {
			return true
		}
	}
	before := strings.ToLower(s[max(0, at-12):at])
	for _, m := range strings.Split(strings.ToLower(monthWords), "|") {
		if strings.HasSuffix(strings.TrimSpace(before), m) {
			return true
		}
	}
	return false
}

const monthWords = "January|February|March|April|May|June|July|August|September|October|November|December"

// cutAtStop ends a figure's phrase at its first stop word after the
// figure: "35 countries have increased" → "35 countries".
func cutAtStop(t string) string {
	f := strings.Fields(t)
	first := 0 // the figure itself: "More than 40 ships" starts counting at 40
	for first < len(f)-1 && !strings.ContainsAny(f[first], "0123456789") && !numberWords[strings.ToLower(f[first])] {
		first++
	}
	for i := first + 1; i < len(f); i++ {
		l := strings.ToLower(strings.Trim(f[i], ",.;:"))
		if textmatch.IsStopword(l) && !numberWords[l] && l != "of" || strings.HasSuffix(f[i-1], ",") {
			return strings.Join(f[:i], " ")
		}
	}
	return t
}

// trimTrailingStop drops stop words at the end of a figure's phrase: "50
// people and" → "50 people".
func trimTrailingStop(t string) string {
	f := strings.Fields(t)
	for len(f) > 1 && (textmatch.IsStopword(strings.ToLower(f[len(f)-1])) || strings.HasSuffix(f[len(f)-1], ",")) {
		last := f[len(f)-1]
		if strings.HasSuffix(last, ",") && !textmatch.IsStopword(strings.ToLower(strings.TrimRight(last, ","))) {
			f[len(f)-1] = strings.TrimRight(last, ",")
			break
		}
		f = f[:len(f)-1]
	}
	return strings.TrimRight(strings.Join(f, " "), ",.;:")
}

// dateSpans lists the dates, days, times and years a sentence states.
func dateSpans(s, reportDate string, withYears bool) []span {
	var out []span
	if text, iso := knowledge.DateIn(s, reportDate); text != "" {
		at := strings.Index(s, text)
		label := text
		if iso != "" && !strings.Contains(text, iso) && !futureTense(s) {
			label = text + " (" + formatDate(iso) + ")"
		}
		out = append(out, span{label, at, at + len(text)})
	}
	res := []*regexp.Regexp{dayOfMonthRe, weekdayRe, timeRe, agoRe}
	if withYears {
		res = append(res, yearRe)
	}
	for _, re := range res {
		for _, m := range re.FindAllStringIndex(s, -1) {
			if overlaps(out, m[0], m[1]) {
				continue
			}
			out = append(out, span{s[m[0]:m[1]], m[0], m[1]})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].at < out[j].at })
	// "on Sunday, July 26": neighbouring parts are one date.
	var merged []span
	for _, sp := range out {
		if n := len(merged); n > 0 {
			gap := s[merged[n-1].end:sp.at]
			if strings.Trim(gap, " ,") == "" || strings.TrimSpace(gap) == "at" {
				merged[n-1].text += gap + sp.text
				merged[n-1].end = sp.end
				continue
			}
		}
		merged = append(merged, sp)
	}
	return merged
}

func futureTense(s string) bool {
	l := " " + strings.ToLower(s) + " "
	return strings.Contains(l, " will ") || strings.Contains(l, " is to ") || strings.Contains(l, " are to ") || strings.Contains(l, " is scheduled") || strings.Contains(l, " planned ") || strings.Contains(l, " expected to ") || strings.Contains(l, " going to ") || strings.Contains(l, " set to ") || strings.Contains(l, " shall ") || strings.Contains(l, " to be held") || strings.Contains(l, " next ") || strings.Contains(l, " upcoming ")
}

func overlaps(xs []span, at, end int) bool {
	for _, x := range xs {
		if at < x.end && end > x.at {
			return true
		}
	}
	return false
}

// placeSpans lists "in/at <Capitalised phrase>" places in a sentence. A
// venue followed by its town ("the Congress Center in Pforzheim") is one
// place: the venue and the city.
func placeSpans(s string) []span {
	var out []span
	for _, m := range placeRe.FindAllStringSubmatchIndex(s, -1) {
		t := strings.TrimRight(s[m[2]:m[3]], ".,")
		ws := strings.Fields(strings.TrimPrefix(t, "the "))
		if len(ws) == 0 || monthOrDay(ws[0]) || monthOrDay(ws[len(ws)-1]) {
			continue
		}
		sp := span{t, m[2], m[2] + len(t)}
		if strings.HasPrefix(t, "the ") && sp.end < len(s) && s[sp.end] == ' ' {
			// "at the Liverpool summit": the place is named by its head
			// noun too, not "the Liverpool".
			if ws := strings.Fields(s[sp.end:]); len(ws) > 0 {
				w := strings.TrimRight(ws[0], ".,;:")
				if w != "" && unicode.IsLower([]rune(w)[0]) && !placeStop[w] {
					sp.end = sp.end + 1 + len(w)
					sp.text = s[sp.at:sp.end]
				}
			}
		}
		if n := len(out); n > 0 && (s[out[n-1].end:sp.at] == " in " || s[out[n-1].end:sp.at] == ", in " || s[out[n-1].end:sp.at] == " at ") {
			out[n-1].text = s[out[n-1].at:sp.end]
			out[n-1].end = sp.end
			continue
		}
		out = append(out, sp)
	}
	return out
}

// eventPlaceRe finds where a sentence tells an event happened: "took
// place in", "was held on Saturday at", "met in". The place right after
// such a verb is the event's own, ahead of any other place the sentence
// names further on ("traveled to … in the Gulf of Finland").
var eventPlaceRe = regexp.MustCompile(`\b(?:held|took place|takes place|taking place|met|meet|gathered|convened|hosted|staged)\s+(?:(?:on|last|this)\s+[\p{L}0-9]+(?:\s+[0-9]+(?:st|nd|rd|th)?)?,?\s+)?(?:in|at|inside|aboard)\s+`)

// placeStop ends a place told in lower case ("the cabin of the boat on
// which …"): a word that starts another part of the sentence.
var placeStop = map[string]bool{"on": true, "which": true, "where": true, "before": true, "after": true, "to": true, "for": true,
	"with": true, "that": true, "who": true, "and": true, "when": true, "during": true, "as": true, "by": true, "while": true, "in": true, "at": true}

// eventPlace is the place right after an event verb, capitalised or not.
func eventPlace(s string) *span {
	m := eventPlaceRe.FindStringIndex(s)
	if m == nil {
		return nil
	}
	for _, sp := range placeSpans(s) {
		if sp.at == m[1] {
			return &sp
		}
	}
	if sp := nounPhraseAt(s, m[1]); sp != nil && (strings.HasPrefix(sp.text, "the ") || strings.HasPrefix(sp.text, "a ")) {
		return sp
	}
	return nil
}

// nounPhraseAt is the phrase starting at byte from, up to the word that
// starts the next part of the sentence ("the cabin of the boat on which
// …"), after a determiner; nil when no determiner leads it, since a bare
// word is more likely a time or a manner than a place.
func nounPhraseAt(s string, from int) *span {
	end, n := from, 0
	for _, w := range strings.SplitAfter(s[from:], " ") {
		word := strings.TrimSpace(w)
		bare := strings.TrimRight(word, ".,;:")
		if bare == "" || placeStop[strings.ToLower(bare)] || n >= 8 {
			break
		}
		end += len(strings.TrimRight(w, " "))
		n++
		if bare != word {
			end -= len(word) - len(bare)
			break
		}
		end += len(w) - len(strings.TrimRight(w, " "))
	}
	t := strings.TrimSpace(s[from:end])
	ws := strings.Fields(t)
	if len(ws) < 2 || !determiners[strings.ToLower(ws[0])] {
		return nil
	}
	return &span{t, from, from + len(t)}
}

var determiners = map[string]bool{"the": true, "a": true, "an": true, "his": true, "her": true, "its": true, "their": true, "our": true, "my": true}

// verbPlace is where the sentence says the act asked about was done:
// "broadcast on his Instagram feed" for "where was it broadcast?".
func verbPlace(s string, asked []string) *span {
	for _, m := range letterRunRe.FindAllStringIndex(s, -1) {
		w := strings.ToLower(s[m[0]:m[1]])
		hit := false
		for _, a := range asked {
			if len(a) >= 5 && textmatch.Stem(a) == textmatch.Stem(w) {
				hit = true
			}
		}
		if !hit {
			continue
		}
		rest := s[m[1]:]
		for _, prep := range []string{" on ", " in ", " at ", " via ", " through ", " from "} {
			if strings.HasPrefix(rest, prep) {
				from := m[1] + len(prep)
				for _, sp := range placeSpans(s) {
					if sp.at == from {
						return &sp
					}
				}
				return nounPhraseAt(s, from)
			}
		}
	}
	return nil
}

var letterRunRe = regexp.MustCompile(`\p{L}+`)

// toCome says a place at byte at is where something still to come
// happens ("will meet again in …", "the next session in …"), not where
// the reported event did.
func toCome(s string, at int) bool {
	from := max(0, at-40)
	l := " " + strings.ToLower(s[from:at])
	if i := strings.LastIndexAny(l, ".;"); i >= 0 {
		l = l[i:]
	}
	for _, w := range []string{" will ", " next ", " again ", " is to ", " are to ", " to be held ", " upcoming ", " shall "} {
		if strings.Contains(l, w) {
			return true
		}
	}
	return false
}

func monthOrDay(w string) bool {
	w = strings.ToLower(strings.Trim(w, ".,"))
	for _, m := range strings.Split(strings.ToLower(monthWords), "|") {
		if w == m {
			return true
		}
	}
	switch w {
	case "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday":
		return true
	}
	return false
}

// personSpan is a person found in a sentence.
type personSpan struct {
	span
	p *knowledge.Person
}

// peopleIn lists the extracted people a sentence names, in sentence order,
// found by their name, an alias or their surname as it stands in the
// sentence. A capitalised run the extractor did not keep as a person is
// not offered: it may be a book, a place or a prize, and a wrong person
// first is worse than no answer.
func peopleIn(r *knowledge.Report, si int) []personSpan {
	s := r.Sentences[si].Text
	var out []personSpan
	surnames := surnameCount(r)
	for pi := range r.People {
		p := &r.People[pi]
		at, n := -1, 0
		for _, name := range append([]string{p.Name}, p.Aliases...) {
			if i := strings.Index(s, name); i >= 0 && (at < 0 || i < at) {
				at, n = i, len(name)
			}
		}
		if at < 0 {
			// Named by surname only ("Lima" for "Ana Lima"), when no one
			// else in the report shares it.
			if sur := surname(p.Name); sur != "" && surnames[sur] == 1 {
				if i := wordIndex(s, sur); i >= 0 {
					at, n = i, len(sur)
				}
			}
		}
		if at < 0 {
			continue
		}
		// The span is where the name stands; its text is the full name.
		out = append(out, personSpan{span{p.Name, at, at + n}, p})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].at < out[j].at })
	return out
}

func surname(name string) string {
	parts := strings.Fields(name)
	if len(parts) < 2 || len([]rune(parts[len(parts)-1])) < 3 {
		return ""
	}
	return parts[len(parts)-1]
}

// surnameCount counts how many of a report's people share each surname.
func surnameCount(r *knowledge.Report) map[string]int {
	m := map[string]int{}
	for _, p := range r.People {
		if s := surname(p.Name); s != "" {
			m[s]++
		}
	}
	return m
}

// wordIndex finds w in s as a whole word.
func wordIndex(s, w string) int {
	for i := 0; ; {
		j := strings.Index(s[i:], w)
		if j < 0 {
			return -1
		}
		at, end := i+j, i+j+len(w)
		before, after := ' ', ' '
		if at > 0 {
			before, _ = utf8.DecodeLastRuneInString(s[:at])
		}
		if end < len(s) {
			after, _ = utf8.DecodeRuneInString(s[end:])
		}
		if !unicode.IsLetter(before) && !unicode.IsLetter(after) {
			return at
		}
		i = end
	}
}

// namesIn adds to the extracted people the capitalised runs of a sentence
// that look like a person's name, that no extracted person covers, and
// that are not made of the question's own words (a prize, a book or a
// place the question names is not who it asks about).
func namesIn(r *knowledge.Report, si int, asked []string) []personSpan {
	s := r.Sentences[si].Text
	out := peopleIn(r, si)
	for _, m := range capRunRe.FindAllStringIndex(s, -1) {
		// "Sport Lucy Frazer" after "Minister of": the question's own
		// words at the start belong to the title, not the name.
		at, end := m[0], m[1]
		for at < end {
			w, _, _ := strings.Cut(s[at:end], " ")
			if !containsSimilar(asked, strings.ToLower(textmatch.Fold(strings.ToLower(w)))) {
				break
			}
			at += len(w) + 1
		}
		if at >= end {
			continue
		}
		t := s[at:end]
		if overlapsPeople(out, at, end) || !looksLikeName(t) {
			continue
		}
		mine := false
		for _, w := range textmatch.Tokens(t) {
			if containsSimilar(asked, w) {
				mine = true
			}
		}
		if mine {
			continue
		}
		out = append(out, personSpan{span: span{t, at, end}})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].at < out[j].at })
	return out
}

func overlapsPeople(xs []personSpan, at, end int) bool {
	for _, x := range xs {
		if at < x.end && end > x.at {
			return true
		}
	}
	return false
}

// looksLikeName: two to four capitalised words with no word for a
// position, a body or a gathering, and no month or weekday.
func looksLikeName(t string) bool {
	ws := strings.Fields(t)
	if len(ws) < 2 || len(ws) > 4 {
		return false
	}
	for _, w := range ws {
		l := strings.ToLower(strings.TrimSuffix(strings.TrimSuffix(w, "’s"), "'s"))
		if knowledge.IsTitleWord(l) || knowledge.IsOrgWord(l) || knowledge.IsEventNoun(l) || monthOrDay(l) || textmatch.IsStopword(l) {
			return false
		}
	}
	return true
}

// byAgent finds who did a passive act: "hosted by the X Foundation". The
// agent may be a body, not a person: the answer to "who hosted?" is
// whoever the report says.
func byAgent(s string) *span {
	m := byAgentRe.FindStringSubmatchIndex(s)
	if m == nil {
		return nil
	}
	t := strings.TrimRight(s[m[2]:m[3]], ".,")
	return &span{t, m[2], m[2] + len(t)}
}
