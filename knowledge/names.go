package knowledge

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A light named-entity reader for people. It works in four steps, each
// linear in the sentence:
//
// 1. tokens (words) with their shape: capitalised, initial, acronym,
// possessive;
// 2. chunks: maximal runs of name-shaped tokens joined by single spaces,
// allowing initials ("V. K."), particles ("von") and a quoted nickname;
// 3. a decision, from the chunk's context and the lexicons, whether the
// chunk names a person, a place or a thing ("X Thought", "X Castle",
// "in X", "the X") — and whether the evidence is strong enough for a
// single word to stand alone;
// 4. the role phrase around it: a noun phrase headed by a title or a noun
// for a person before the name ("deputy mayor X", "Minister of the
// Interior X", "the defense minister, X,"), or an appositive after it.
//
// Coreference of short mentions to full names is done per report, in
// extractPeople, since it needs every sentence.

// chunk is a name in a sentence.
type chunk struct {
	first, last int // token indexes: ws[first:last]
	start, end  int // byte offsets of the name in the sentence
	name        string
	possessive  bool // "X's": the name ends in a possessive
}

// nameCtx is what the decision needs to know about the report and the
// sentence.
type nameCtx struct {
	lowerWords map[string]bool // words the report writes in lower case
	titleCase  bool            // the sentence capitalises most words: a headline
}

func isPlace(l string) bool {
	if i := strings.LastIndex(l, "-"); i >= 0 {
		l = l[i+1:]
	}
	return placeWords[l] || placeWords[strings.TrimSuffix(l, "s")]
}

func mostlyCapitalised(ws []word) bool {
	caps, n := 0, 0
	for _, w := range ws {
		if len(w.text) > 3 && !nonNameWords[strings.ToLower(w.text)] {
			n++
			if isCapitalised(w.text) {
				caps++
			}
		}
	}
	return n >= 3 && caps*10 >= n*7
}

// titleCased reports whether nearly all content words of a sentence are
// capitalised, as in a headline.
func titleCased(ws []word) bool {
	caps, n := 0, 0
	for _, w := range ws {
		l := strings.ToLower(w.text)
		if len(l) <= 3 || nonNameWords[l] {
			continue // "of", "the", "and" stay lower case in titles
		}
		n++
		if isCapitalised(w.text) {
			caps++
		}
	}
	return n >= 3 && caps*10 >= n*9
}

// possessiveBase strips "'s" / "’s" from a token.
func possessiveBase(t string) (string, bool) {
	for _, suf := range []string{"'s", "’s", "s'", "s’"} {
		if strings.HasSuffix(t, suf) && len(t) > len(suf) {
			if suf[0] == 's' {
				return t[:len(t)-len(suf)+1], true
			}
			return t[:len(t)-len(suf)], true
		}
	}
	return t, false
}

// nameShaped reports whether a token can be part of a person's name by its
// shape and the word lists: capitalised, not an acronym, no digits, not a
// title, organisation, place head or ordinary capitalised word.
func nameShaped(t string) bool {
	t, _ = possessiveBase(t)
	r, size := utf8.DecodeRuneInString(t)
	if size == 0 {
		return false
	}
	if !unicode.IsUpper(r) {
		// "al-Sayed", "el-Baradei": a lower-case particle joined by a hyphen.
		p, rest, ok := strings.Cut(t, "-")
		if !ok || !nameParticles[p] && p != "al" && p != "el" && p != "ul" {
			return false
		}
		r2, _ := utf8.DecodeRuneInString(rest)
		return unicode.IsUpper(r2)
	}
	hasLower := false
	for _, c := range t {
		if unicode.IsDigit(c) {
			return false
		}
		if unicode.IsLower(c) {
			hasLower = true
		}
	}
	n := utf8.RuneCountInString(t)
	if n > 1 && !hasLower {
		return false // an acronym
	}
	if innerCapitals(t) {
		return false // "BesTV", "YouTube": a brand, not a name
	}
	l := strings.ToLower(t)
	if isTitleWord(l) || orgWords[l] || nonNameWords[l] || eventNouns[l] || personNouns[l] || kinWords[l] || honorifics[l] {
		return false
	}
	if sing := strings.TrimSuffix(l, "s"); sing != l && (personNouns[sing] || orgWords[sing] || properHeads[sing]) {
		return false // "Soldiers", "Awards"
	}
	// "Park", "Hall", "Justice": a family or given name may also be an
	// ordinary word for a place or a field; the name lexicons decide.
	if (properHeads[l] || fieldWords[l] || fieldWords[strings.TrimSuffix(l, "s")]) && !familyNames[l] && !givenNames[l] {
		return false
	}
	if strings.Contains(l, "-") {
		// "Seven-Eleven", "Vice-Chair": a hyphenated word is a name only
		// if no part of it is an ordinary word for a title or a thing.
		for _, p := range strings.Split(l, "-") {
			if isTitleWord(p) || orgWords[p] || properHeads[p] {
				return false
			}
		}
	}
	return true
}

// innerCapitals reports whether a word has capitals after its first
// letter other than after a hyphen or apostrophe or a Mc/Mac/De prefix.
func innerCapitals(t string) bool {
	prev := rune(0)
	for i, c := range t {
		if i > 0 && unicode.IsUpper(c) && prev != '-' && prev != '\'' && prev != '’' {
			p := strings.ToLower(t[:i])
			if p != "mc" && p != "mac" && p != "de" && p != "di" && p != "le" && p != "la" && p != "van" && p != "o" {
				return true
			}
		}
		prev = c
	}
	return false
}

// epithets follow a ruler's name: "Peter the Great".
var epithets = wordSet(`great elder younger wise bold terrible conqueror magnificent pious fair good just first second third`)

// honorifics are forms of address that stand before a name.
var honorifics = wordSet(`mr mrs ms miss dr prof sir dame madam comrade mk mp mep hon rev excellency lord lady`)

// fieldWords name the field of a ministry or department; capitalised after
// "Minister of" they belong to the role, not to the name that follows.
var fieldWords = loadLexicon("fields.txt")

// firstOfSentence reports whether token k opens the sentence or a clause
// after a colon or an opening quote, where capitals say nothing.
func firstOfSentence(s string, ws []word, k int) bool {
	if k == 0 {
		return true
	}
	gap := strings.TrimSpace(s[ws[k-1].end:ws[k].start])
	return strings.HasSuffix(gap, ":") || strings.HasSuffix(gap, "“") || strings.HasSuffix(gap, "\"") || strings.HasSuffix(gap, "|")
}

// chunks finds the candidate names of a sentence.
func chunks(s string, ws []word, ctx *nameCtx) []chunk {
	var out []chunk
	for i := 0; i < len(ws); {
		if !nameShaped(ws[i].text) && !familyNameFirst(s, ws, i, ctx) {
			i++
			continue
		}
		j := i + 1
		_, poss := possessiveBase(ws[i].text)
		for !poss && j < len(ws) && j-i < 6 {
			gap := s[ws[j-1].end:ws[j].start]
			t := ws[j].text
			ok, step := false, 1
			switch {
			case gap == " " && nameShaped(t):
				ok = true
			case gap == ". " && utf8.RuneCountInString(ws[j-1].text) == 1 && nameShaped(t):
				ok = true // an initial: "V. K. Surname"
			case gap == " " && nameParticles[t] && j+1 < len(ws) && s[ws[j].end:ws[j+1].start] == " " && nameShaped(ws[j+1].text):
				ok = true // "Florian von Brunn"
			case (gap == " “" || gap == " \"") && j+1 < len(ws) && nameShaped(t) &&
				(s[ws[j].end:ws[j+1].start] == "” " || s[ws[j].end:ws[j+1].start] == "\" ") && nameShaped(ws[j+1].text):
				ok, step = true, 2 // a nickname: Henry “Grant” Lewis
			}
			if !ok {
				break
			}
			j += step
			_, poss = possessiveBase(ws[j-1].text)
		}
		c := makeChunk(s, ws, i, j)
		// "Peter the Great": an epithet belongs to the name.
		if !c.possessive && j+1 < len(ws) && s[ws[j-1].end:ws[j].start] == " " && ws[j].text == "the" && s[ws[j].end:ws[j+1].start] == " " && epithets[strings.ToLower(ws[j+1].text)] && isCapitalised(ws[j+1].text) {
			c.end, c.last = ws[j+1].end, j+2
			c.name = s[c.start:c.end]
			j += 2
		}
		out = append(out, c)
		i = j
	}
	// A capitalised word opening the sentence is only a name if the report
	// never writes it in lower case and it is not shaped like a verb or an
	// adverb ("Presiding", "Obviously").
	if len(out) > 0 {
		for ci := range out {
			c := &out[ci]
			if !firstOfSentence(s, ws, c.first) {
				continue
			}
			l := strings.ToLower(ws[c.first].text)
			if (ctx.lowerWords[l] || commonOpener(l)) && !familyNameFirst(s, ws, c.first, ctx) {
				if c.last-c.first == 1 {
					c.last = c.first // drop it
				} else {
					*c = makeChunk(s, ws, c.first+1, c.last)
				}
			}
		}
	}
	kept := out[:0]
	for _, c := range out {
		if c.last > c.first {
			kept = append(kept, c)
		}
	}
	return kept
}

// familyNameFirst reports whether ws[i] is a family name that is also an
// English function word ("He", "An") and stands before a given name: "He
// Wei", not "He said".
func familyNameFirst(s string, ws []word, i int, ctx *nameCtx) bool {
	t := ws[i].text
	l := strings.ToLower(t)
	if !familyNames[l] || !isCapitalised(t) || strings.ToUpper(t) == t || i+1 >= len(ws) || s[ws[i].end:ws[i+1].start] != " " {
		return false
	}
	next := ws[i+1].text
	return nameShaped(next) && !ctx.lowerWords[strings.ToLower(next)] && !givenNames[strings.ToLower(next)] && utf8.RuneCountInString(next) <= 8
}

func commonOpener(l string) bool {
	n := utf8.RuneCountInString(l)
	return n > 5 && (strings.HasSuffix(l, "ing") || strings.HasSuffix(l, "ly") || strings.HasSuffix(l, "ed")) ||
		stopOpeners[l]
}

// stopOpeners are ordinary words that open sentences and clauses.
var stopOpeners = wordSet(`although though because if unless whether despite even nor yet so such what which who whom
whose why how not no yes only just perhaps maybe indeed instead still again another other others
one two three four five six seven eight nine ten several few many much more less first second
third finally later earlier now soon once back behind across around between against without
within among along above below under over near like unlike dear thanks thank please let`)

func makeChunk(s string, ws []word, i, j int) chunk {
	base, poss := possessiveBase(ws[j-1].text)
	end := ws[j-1].start + len(base)
	return chunk{first: i, last: j, start: ws[i].start, end: end, name: s[ws[i].start:end], possessive: poss}
}

// personEvidence is how sure the context makes us that a chunk is a person.
type personEvidence int

const (
	notPerson  personEvidence = iota
	weakPerson                // a single word with no context: only as a short mention of a full name
	isPerson
)

// judge decides whether a chunk names a person. It may narrow the chunk
// (dropping a field word after "Minister of").
func judge(s string, ws []word, c *chunk, ctx *nameCtx) personEvidence {
	n := c.last - c.first
	trimmed := false
	toks := make([]string, 0, n)
	for k := c.first; k < c.last; k++ {
		b, _ := possessiveBase(ws[k].text)
		toks = append(toks, strings.ToLower(b))
	}
	// "Minister of Economics Hubert Aiwanger": the field belongs to the role.
	if c.first >= 2 && (lower(ws[c.first-1].text) == "of" || lower(ws[c.first-1].text) == "the" && lower(ws[c.first-2].text) == "of") {
		for n > 1 && (fieldWords[toks[0]] || n > 2 && !givenNames[toks[0]]) {
			*c = makeChunk(s, ws, c.first+1, c.last)
			toks = toks[1:]
			n--
			trimmed = true
		}
	}
	if n > 4 {
		return notPerson // a title of a work, a slogan
	}
	// Places: "Kuala Lumpur", "Seven-Eleven Japan", "South Korea",
	// "Russian Railways", "Asian-Pacific Americans".
	last := toks[n-1]
	if (isPlace(last) || isPlace(toks[0])) && !givenNames[toks[0]] {
		return notPerson
	}
	// A word the report also writes in lower case is an ordinary word:
	// "Real Estate", "Public Health", "Key Demands".
	for _, t := range toks {
		if (ctx.lowerWords[t] || ctx.lowerWords[strings.TrimSuffix(t, "s")]) && !givenNames[t] && !familyNames[t] && !nameParticles[t] {
			return notPerson
		}
	}
	// A headline in title case says nothing by its capitals: only names
	// the lexicons know count there.
	if ctx.titleCase {
		known := false
		for _, t := range toks {
			known = known || givenNames[t] || familyNames[t]
		}
		// "The President of X, Petr Pavel, about …": set off by commas
		// after a role.
		appositive := c.first > 0 && s[ws[c.first-1].end:c.start] == ", " && strings.HasPrefix(s[c.end:], ",")
		if !known && !appositive {
			return notPerson
		}
	}
	allPlaces := true
	for _, t := range toks {
		allPlaces = allPlaces && placeWords[t]
	}
	if allPlaces {
		return notPerson
	}
	// Part of a longer proper noun: a capitalised organisation or head word
	// right after it ("X Thought", "X Police Station"), or a capitalised
	// non-title word right before it ("RIA X").
	if c.last < len(ws) && s[c.end:ws[c.last].start] == " " && !c.possessive {
		next := ws[c.last].text
		l := lower(next)
		if isCapitalised(next) && !isTitleWord(l) && (orgWords[l] || properHeads[l] || eventNouns[l] || !nameShaped(next)) {
			return notPerson
		}
	}
	var prev string
	prevGap := s[:c.start]
	if c.first > 0 {
		prev = ws[c.first-1].text
		prevGap = s[ws[c.first-1].end:ws[c.first].start]
	}
	if n == 1 && utf8.RuneCountInString(toks[0]) == 1 {
		return notPerson // "I", a lone initial
	}
	// Inside the organisation of a role: "Minister of Environmental and
	// Consumer Protection, X".
	if !trimmed {
		for k := c.first - 1; k >= 1 && c.first-k <= 5 && s[ws[k].end:ws[k+1].start] == " "; k-- {
			l := lower(ws[k].text)
			if (l == "of" || l == "for") && isTitleWord(ws[k-1].text) {
				if pl := lower(ws[c.first-1].text); fieldWords[pl] || fieldWords[strings.TrimSuffix(pl, "s")] {
					break // "Minister of Defense X": the field ends the role
				}
				known := false
				for _, t := range toks {
					known = known || givenNames[t] || familyNames[t]
				}
				if next := head(s[c.end:], 40); !known || strings.HasPrefix(next, ", ") && nameShaped(firstWord(next[2:])) {
					return notPerson
				}
				break
			}
			if !isCapitalised(ws[k].text) && l != "and" && l != "the" {
				break
			}
		}
	}
	// "X and Technical High School": the first half of an organisation.
	if c.last+1 < len(ws) && lower(ws[c.last].text) == "and" && s[c.end:ws[c.last].start] == " " {
		for k := c.last + 1; k < len(ws) && k <= c.last+4 && isCapitalised(ws[k].text); k++ {
			if l := lower(ws[k].text); orgWords[l] || properHeads[l] {
				return notPerson
			}
		}
	}
	// The source after a headline: "… — Rossiyskaya Gazeta".
	if strings.HasSuffix(prevGap, " — ") || strings.HasSuffix(prevGap, " | ") || strings.HasSuffix(prevGap, " - ") {
		if strings.TrimSpace(s[c.end:]) == "" {
			return notPerson
		}
	}
	pl := lower(prev)
	if prevGap == " " && isCapitalised(prev) && !trimmed {
		_, poss := possessiveBase(prev)
		opener := firstOfSentence(s, ws, c.first-1) && (ctx.lowerWords[pl] || commonOpener(pl) || nonNameWords[pl])
		// An organisation's head word ends its name ("… Armed Forces X"),
		// so only a name-like word or an acronym before joins the run.
		orgEnd := (orgWords[pl] || properHeads[pl]) && prev != strings.ToUpper(prev)
		if !poss && !opener && !orgEnd && !isTitleWord(pl) && !honorifics[pl] && !personNouns[pl] && !kinWords[pl] && !fieldWords[pl] && !titleModifiers[pl] {
			return notPerson
		}
	}
	// Quoted as a whole: the name of a thing ("“Bnei Zion” institution").
	if strings.HasSuffix(prevGap, "“") || strings.HasSuffix(prevGap, "\"") || strings.HasSuffix(prevGap, "‘") {
		if c.end < len(s) && strings.ContainsAny(s[c.end:min(len(s), c.end+3)], "”\"’") {
			return notPerson
		}
	}
	if prevGap == " " {
		switch pl {
		case "the", "a", "an", "this", "that", "these", "those", "every", "each", "any", "our", "its":
			return notPerson // "the Meiji Restoration"
		case "in", "at", "near", "into", "across", "throughout", "outside", "inside":
			if !givenNames[toks[0]] {
				return notPerson // "in Veitshöchheim"
			}
		}
	}
	titled := prevGap == " " || prevGap == ". " && honorifics[pl]
	titled = titled && (isTitleWord(pl) || honorifics[pl] || personNouns[pl] || kinWords[pl] || agentive(pl))
	if n >= 2 {
		return isPerson
	}
	// One word: a person only when the context says so. "his wife,
	// Kotoko," counts as a title before it.
	if prevGap == ", " && isPersonHead(prev) && !isCapitalised(prev) && strings.HasPrefix(s[c.end:], ",") {
		titled = true
	}
	if ctx.lowerWords[toks[0]] && !givenNames[toks[0]] && !familyNames[toks[0]] {
		return notPerson
	}
	if titled || givenNames[toks[0]] && prevGap == " " && kinWords[pl] {
		return isPerson
	}
	rest := strings.TrimLeft(head(s[c.end:], predicateWindow), " ")
	if c.possessive {
		return weakPerson
	}
	if strings.HasPrefix(rest, ",") && roleStarts(firstSegment(strings.TrimSpace(rest[1:]))) {
		return isPerson // "Guterres, the Secretary General of …, said"
	}
	if k, ok := actionAt(strings.ToLower(skipFillers(rest))); ok && (k == Quoted || k == Spoke) && !placeWords[toks[0]] && !ctx.lowerWords[toks[0]] && clauseStart(s, c.start) {
		return isPerson // "Fauci said"
	}
	if attributionBefore(s[:c.start]) {
		return isPerson // "…,” said Fauci"
	}
	return weakPerson
}

// agentive reports whether a lower-case word looks like a noun for a person
// by its ending ("opponent", "writer", "activist"), which English uses in
// "false titles" before a name.
func agentive(l string) bool {
	if utf8.RuneCountInString(l) < 5 || nonAgentive[l] {
		return false
	}
	if strings.HasSuffix(l, "man") || strings.HasSuffix(l, "woman") || strings.HasSuffix(l, "men") {
		return !nonAgentive[l] // "fisherman", "councilwoman"
	}
	// "-ate" and "-ess" are not here: most such words are verbs
	// ("accelerate", "participate") or abstract nouns ("progress",
	// "readiness"), and the few that name people ("candidate", "actress")
	// are listed in personnouns.txt.
	for _, suf := range []string{"er", "or", "ist", "ent", "ant", "ian", "ee"} {
		if strings.HasSuffix(l, suf) {
			return true
		}
	}
	return false
}

// nonAgentive are common words with agentive endings that name no person.
var nonAgentive = loadLexicon("nonagentive.txt")

// attributionBefore reports whether the text before a name ends with a
// quote attribution: "…,” said", "…," says".
func attributionBefore(before string) bool {
	b := strings.TrimRight(before, " ")
	if len(b) > 60 {
		b = b[len(b)-60:]
	}
	l := strings.ToLower(b)
	for _, v := range attributionVerbs {
		if strings.HasSuffix(l, " "+v) || l == v {
			rest := strings.TrimRight(l[:len(l)-len(v)], " ")
			return strings.HasSuffix(rest, ",”") || strings.HasSuffix(rest, ",\"") || strings.HasSuffix(rest, "”") ||
				strings.HasSuffix(rest, "\"") || strings.HasSuffix(rest, ",")
		}
	}
	return false
}

var attributionVerbs = []string{"said", "says", "added", "asked", "explained", "noted", "stressed", "stated",
	"continued", "admitted", "revealed", "remarked", "recalled", "insisted", "declared", "emphasized",
	"emphasised", "told", "wrote", "replied", "answered", "concluded", "warned"}

// roleBefore reads the role phrase standing right before token k (the
// name's first token): "deputy mayor", "Bavarian Minister of the Interior",
// "the third-year student", "Malaysia’s Minister of International Trade and
// Industry". gapOK says which gap may stand between the role and the name.
// It returns the phrase's start byte, or -1.
func roleBefore(s string, ws []word, k int, gapOK func(string) bool) (start int, role string) {
	i := k - 1
	if i < 0 || !gapOK(s[ws[i].end:ws[k].start]) {
		return -1, ""
	}
	join := func(a int) bool { return s[ws[a].end:ws[a+1].start] == " " }
	head := -1
	// A trailing "of"-phrase, maybe several: "Minister of [the]
	// International Trade and Industry", "Head of the Republic of X",
	// "chairman of the committee". The nearest title followed by "of" or
	// "for" heads it.
	if !isPersonHead(ws[i].text) || isCapitalised(ws[i].text) && !isTitleWord(ws[i].text) {
		for j := i - 1; j >= 1 && i-j < 12 && join(j); j-- {
			l := lower(ws[j].text)
			if (l == "of" || l == "for") && join(j-1) && isPersonHead(ws[j-1].text) {
				head = j - 1
				break
			}
			if roleStop[l] && l != "of" && l != "for" && l != "the" && l != "and" {
				break
			}
		}
	}
	if head < 0 && isPersonHead(ws[i].text) {
		head = i
	}
	if head < 0 {
		return -1, ""
	}
	b := head
	for b > 0 && head-b < 6 && join(b-1) {
		t := ws[b-1].text
		l := lower(t)
		if isPersonHead(t) || titleModifiers[l] || isCapitalised(t) && !stopOpeners[l] && !nonNameWords[l] ||
			!isCapitalised(t) && !roleStop[l] && !strings.HasSuffix(l, "ed") && !strings.HasSuffix(l, "ly") && !predicateStart(l) {
			if isCapitalised(t) && firstOfSentence(s, ws, b-1) && commonOpener(l) {
				break
			}
			b--
			continue
		}
		if l == "the" || l == "a" || l == "an" || l == "his" || l == "her" || l == "their" {
			b--
		}
		break
	}
	return ws[b].start, s[ws[b].start:ws[i].end]
}

// isPersonHead reports whether a word can head a noun phrase for a person:
// a title, a noun for a person or a relative ("writer", "wife"), or a
// lower-case word with an agentive ending; plurals too ("champions").
func isPersonHead(t string) bool {
	l := lower(t)
	if isTitleWord(l) || personNouns[l] || kinWords[l] || !isCapitalised(t) && agentive(l) {
		return true
	}
	if s := strings.TrimSuffix(l, "s"); s != l {
		return personNouns[s] || kinWords[s] || !isCapitalised(t) && agentive(s)
	}
	return false
}

// roleStop ends a role phrase read backwards: function words and verbs that
// come before a noun phrase.
var roleStop = wordSet(`by with from to at in on for of as and or but than that which who whom whose is are was were be been
being has have had do does did will would can could may might must shall should said says told met
and also not his her their its our your my he she they we it this these those there here when where while
after before during since until between among including such like about against without within
into onto upon via per both either neither each every all any some many most other another
welcomed accompanied joined visited greeted thanked praised awarded presented congratulated`)

// findPeople reads the people a sentence names that the role patterns of
// findMentions did not: any chunk judged a person, with the role phrase
// around it and what the context says it did. Names inside the spans of
// known mentions are skipped.
func findPeople(si int, s string, ctx *nameCtx, known []mention) []mention {
	ws := words(s)
	var out []mention
	// known is in sentence order and chunks come in order too, so one
	// cursor finds overlaps in linear time.
	kn := append([]mention(nil), known...)
	sort.Slice(kn, func(i, j int) bool { return kn[i].end < kn[j].end })
	cur := 0
	covered := func(a, b int) bool {
		for cur < len(kn) && kn[cur].end <= a {
			cur++
		}
		for k := cur; k < len(kn) && k < cur+8; k++ {
			if a < kn[k].end && b > kn[k].start {
				return true
			}
		}
		return false
	}
	sc := *ctx
	// A headline has no full stop; a sentence of many names may still be
	// mostly capitals.
	sc.titleCase = titleCased(ws) || !strings.HasSuffix(strings.TrimRight(s, "”\"’' "), ".") && mostlyCapitalised(ws)
	pluralRole, pluralEnd := "", 0
	for _, c := range chunks(s, ws, &sc) {
		ev := judge(s, ws, &c, &sc)
		if ev == notPerson || covered(c.start, c.end) {
			continue
		}
		m := mention{name: c.name, sentence: si, start: c.start, end: c.end, nameEnd: c.end, weak: ev == weakPerson}
		// A role right before the name, or before a comma before it:
		// "deputy mayor X", "the defense minister, X,".
		if st, role := roleBefore(s, ws, c.first, func(g string) bool { return g == " " || g == ". " }); st >= 0 {
			m.roles, m.start = []string{role}, st
			// "Chairman of the committee, MK X": a second role before it.
			if k := tokenAt(ws, st); k > 0 {
				if st2, role2 := roleBefore(s, ws, k, func(g string) bool { return g == ", " }); st2 >= 0 && clauseStart(s, st2) {
					m.roles, m.start = append([]string{role2}, m.roles...), st2
				}
			}
		} else if st, role := roleBefore(s, ws, c.first, func(g string) bool { return g == ", " || g == ": " }); st >= 0 {
			// "the defense minister, X," — the name closes the appositive,
			// or the role opens the clause and the name is its subject.
			after := strings.TrimLeft(head(s[c.end:], predicateWindow), " ")
			closes := after == "" || after[0] == ',' || after[0] == ')' || after[0] == '.'
			if closes || clauseStart(s, st) && predicateStart(strings.ToLower(after)) {
				m.roles, m.start = []string{role}, st
			}
		}
		// "Olympic champions A and B": a plural role covers both names.
		if len(m.roles) == 0 && pluralRole != "" && strings.TrimSpace(s[pluralEnd:c.start]) == "and" {
			m.roles = []string{pluralRole}
		}
		pluralRole = ""
		if len(m.roles) == 1 {
			if fs := strings.Fields(m.roles[0]); len(fs) > 0 && strings.HasSuffix(fs[len(fs)-1], "s") && isPersonHead(fs[len(fs)-1]) {
				pluralRole, pluralEnd = m.roles[0], c.end
			}
		}
		// An appositive after it: "X, chairman of Y, said".
		// An age stands between the name and its role: "X, 52, a fisherman".
		if a := ageAfter(s[c.end:]); a > 0 {
			m.end = c.end + a
		}
		if rest := head(s[m.end:], predicateWindow); strings.HasPrefix(rest, ", ") && roleStarts(firstSegment(rest[2:])) {
			r, cut := trimRole(firstSegment(rest[2:]))
			m.roles = append(m.roles, splitRoles(r)...)
			m.end += 2 + cut
			m.end = moreAppositives(s, m.end, &m.roles)
		}
		m.subject = clauseStart(s, m.start)
		before := s[:m.start]
		m.passive = passiveAction(before)
		switch {
		case attributionBefore(before):
			m.passive = Quoted // "…,” said X"
		case presidingBefore(before) != "":
			m.passive = presidingBefore(before)
		}
		// "X, role: “…”" and "X: “…”": a line of speech.
		if after := strings.TrimLeft(s[m.end:], " "); strings.HasPrefix(after, ":") && m.subject {
			m.passive = Quoted
		}
		out = append(out, m)
	}
	return out
}

// clauseStart reports whether only conjunctions and fillers stand between
// the start of the clause holding byte offset at and at.
func clauseStart(s string, at int) bool {
	win := tail(s[:at], 60)
	b := strings.LastIndexAny(win, ",;:(“\"")
	if b < 0 && len(win) < at {
		return false // more than the window since the clause began
	}
	pre := win[b+1:]
	if len(pre) > 40 {
		return false
	}
	for _, w := range words(pre) {
		l := lower(w.text)
		if l != "and" && l != "while" && l != "but" && l != "meanwhile" && !predicateFillers[l] && !subordinators[l] {
			return false
		}
	}
	return true
}

// subordinators open a clause whose subject follows: "when X arrived",
// "to whom X spoke".
var subordinators = wordSet(`when where whom to which after before as once whereupon until`)

// presidingBefore reads "Presiding over the event was X" and "Speaking at
// the ceremony were X": a participle opening the sentence, and a copula
// right before the name.
func presidingBefore(before string) ActionKind {
	if len(before) > 120 {
		return ""
	}
	l := strings.ToLower(strings.TrimSpace(before))
	if !strings.HasSuffix(l, " was") && !strings.HasSuffix(l, " were") {
		return ""
	}
	first, _, _ := strings.Cut(l, " ")
	switch first {
	case "presiding", "chairing", "hosting", "moderating":
		return Presided
	case "speaking", "addressing":
		return Spoke
	case "attending":
		return Attended
	}
	// "In the nomination, the winner was X": a rank at the event.
	for _, w := range []string{"winner was", "winners were", "winner is", "champion was", "victor was"} {
		if strings.HasSuffix(l, w) {
			return Attended
		}
	}
	return ""
}

// firstSegment is s up to its first comma, semicolon or colon.
func firstSegment(s string) string {
	if i := strings.IndexAny(s, ",;:"); i >= 0 {
		return s[:i]
	}
	return s
}

// moreAppositives reads further role phrases after a first one: "X, the
// writer, candidate of Y and President of Z, said". It returns the end of
// the last one.
func moreAppositives(s string, end int, roles *[]string) int {
	for n := 0; n < 3; n++ {
		rest := head(s[end:], predicateWindow)
		if !strings.HasPrefix(rest, ", ") {
			break
		}
		seg := firstSegment(rest[2:])
		if !roleStarts(seg) || len(seg) == len(rest)-2 && false {
			break
		}
		r, cut := trimRole(seg)
		*roles = append(*roles, splitRoles(r)...)
		end += 2 + cut
		if cut < len(seg) {
			break // the predicate began inside it
		}
	}
	return end
}

// tokenAt is the index of the word starting at byte offset at, or -1.
func tokenAt(ws []word, at int) int {
	i := sort.Search(len(ws), func(i int) bool { return ws[i].start >= at })
	if i < len(ws) && ws[i].start == at {
		return i
	}
	return -1
}

// ageAfter reads ", 52" or " (52)" after a name and returns its length, or 0.
func ageAfter(rest string) int {
	i := 0
	switch {
	case strings.HasPrefix(rest, ", "):
		i = 2
	case strings.HasPrefix(rest, " ("):
		i = 2
	default:
		return 0
	}
	j := i
	for j < len(rest) && j-i < 3 && rest[j] >= '0' && rest[j] <= '9' {
		j++
	}
	if j == i {
		return 0
	}
	if rest[i-1] == '(' {
		if j < len(rest) && rest[j] == ')' {
			return j + 1
		}
		return 0
	}
	if j == len(rest) || rest[j] == ',' {
		return j
	}
	return 0
}

func firstWord(s string) string {
	w, _, _ := strings.Cut(s, " ")
	return strings.TrimRight(w, ",.;:")
}
