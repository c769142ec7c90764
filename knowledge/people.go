package knowledge

import (
	"regexp"
	"sort"
	"strings"
	"unicode"
)

// segment is a clause-level piece of a sentence, split at commas,
// semicolons, colons and spaced dashes, which is where appositives end.
type segment struct {
	text  string
	start int // byte offset in the sentence
}

var segmentSep = regexp.MustCompile(`\s*(?:,|;|:|\s[–—-]\s|\s[–—]|[–—]\s)\s*`)

func splitSegments(s string) []segment {
	var out []segment
	last := 0
	for _, m := range segmentSep.FindAllStringIndex(s, -1) {
		out = append(out, segment{text: s[last:m[0]], start: last})
		last = m[1]
	}
	out = append(out, segment{text: s[last:], start: last})
	return out
}

// word is a token with its position, keeping case.
type word struct {
	text       string
	start, end int
}

var wordRe = regexp.MustCompile(`[\p{L}\p{N}][\p{L}\p{N}'’.-]*[\p{L}\p{N}]|[\p{L}\p{N}]`)

func words(s string) []word {
	var out []word
	for _, m := range wordRe.FindAllStringIndex(s, -1) {
		out = append(out, word{text: s[m[0]:m[1]], start: m[0], end: m[1]})
	}
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
		return b, k + 1, j, true
	}
	return 0, 0, 0, false
}

// roleStarts reports whether a segment opens with a role phrase:
// "chairman of …", "the executive director", "a representative of …",
// "member of the Standing Committee …".
func roleStarts(seg string) bool {
	seg = relativeRole(seg)
	ws := words(seg)
	i := 0
	if i < len(ws) && (lower(ws[i].text) == "a" || lower(ws[i].text) == "an" || lower(ws[i].text) == "the" || lower(ws[i].text) == "former") {
		i++
	}
	// "the chamber's vice president", "a city councillor", "its chief
	// economist": up to two describing words before the title.
	for n := 0; n < 3 && i+n < len(ws); n++ {
		w := ws[i+n].text
		if isTitleWord(w) {
			return true
		}
		l := lower(w)
		if predicateStart(l) || l == "and" || l == "of" || l == "who" || l == "which" || l == "that" || nonNameWords[l] && l != "its" && l != "their" && l != "his" && l != "her" {
			break
		}
	}
	// "Harbor Union Provincial Committee Chairman": capitalised org words
	// ending in a title, with no name after it.
	j := 0
	for j < len(ws) && isCapitalised(ws[j].text) && !isTitleWord(ws[j].text) {
		j++
	}
	return j > 0 && j < len(ws) && isTitleWord(ws[j].text) && nameAt(ws, j+1) == j+1 && allCapitalisedUntilTitle(ws, j)
}

func allCapitalisedUntilTitle(ws []word, j int) bool {
	for k := 0; k < j; k++ {
		if !isCapitalised(ws[k].text) {
			return false
		}
	}
	return true
}

// trimRole cuts a role phrase where the sentence's predicate begins
// ("… Commerce etc. made speeches" → "… Commerce").
func trimRole(seg string) (role string, cut int) {
	if r := relativeRole(seg); r != seg {
		// The clause is all role: "who chairs the Harbor Trust".
		role, _ := trimRole(r)
		return role, len(seg)
	}
	ws := words(seg)
	for i, w := range ws {
		l := lower(w.text)
		if i == 0 {
			continue
		}
		if l == "etc" || predicateStart(strings.ToLower(seg[w.start:])) {
			return strings.TrimSpace(strings.TrimRight(seg[:w.start], " ,")), w.start
		}
	}
	return strings.TrimSpace(seg), len(seg)
}

// predicateStart reports whether lower-case text begins with an action verb.
func predicateStart(l string) bool {
	_, ok := actionAt(l)
	return ok
}

// speechRe catches the many ways of saying someone spoke: a verb of giving
// followed closely by a speech noun ("gave the opening address", "made a
// brief presentation"). ledRe catches "led the meeting".
var (
	speechRe = regexp.MustCompile(`^(?:delivered|gave|made|presented|offered|read)\b(?:\s+[\w'-]+){0,3}?\s+(?:speech|speeches|address|addresses|remarks|talk|talks|keynote|presentation|presentations|report|reports|statement|statements|lecture|briefing|toast|welcome|testimony)\b`)
	ledRe    = regexp.MustCompile(`^(?:led|ran|opened and chaired)\s+(?:the\s+)?(?:[\w'-]+\s+)?(?:meeting|session|discussion|symposium|forum|talks|debate|conference|hearing|seminar|proceedings)\b`)
)

// actionAt reads the action lower-case text begins with, if any.
func actionAt(l string) (ActionKind, bool) {
	for _, group := range actionPhrases {
		for _, p := range group.phrases {
			if strings.HasPrefix(l, p) && (len(l) == len(p) || !isLetter(l[len(p)])) {
				return group.kind, true
			}
		}
	}
	if speechRe.MatchString(l) || strings.HasPrefix(l, "presented ") {
		return Spoke, true
	}
	if ledRe.MatchString(l) {
		return Presided, true
	}
	return "", false
}

func isLetter(b byte) bool { return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' }

// leadingFillersOnly reports whether the words before index i of a segment
// are only conjunctions and fillers, so the name there is a subject.
func leadingFillersOnly(ws []word, i int) bool {
	for k := 0; k < i; k++ {
		l := lower(ws[k].text)
		if l != "and" && l != "while" && l != "meanwhile" && !predicateFillers[l] {
			return false
		}
	}
	return true
}

// passiveAction finds "presided over by" / "attended by" just before a name.
func passiveAction(before string) ActionKind {
	l := strings.ToLower(strings.TrimSpace(before))
	if strings.HasSuffix(l, "according to") {
		return Quoted
	}
	if !strings.HasSuffix(l, " by") && l != "by" {
		return ""
	}
	l = strings.TrimSuffix(l, "by")
	l = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(l), "over"))
	for _, group := range actionPhrases {
		for _, p := range group.phrases {
			if strings.HasSuffix(l, p) {
				return group.kind
			}
		}
	}
	if strings.HasSuffix(l, "delivered") || strings.HasSuffix(l, "given") || strings.HasSuffix(l, "made") {
		return Spoke
	}
	return ""
}

// listIntroRe finds the start of a list of people with one action:
// "Speakers included …", "Also present were …", "Attendees: …".
var listIntroRe = regexp.MustCompile(`(?i)\b(speakers|those\s+who\s+spoke|speaking\s+at\s+the\s+\w+|attendees|participants|also\s+present|present|in\s+attendance|those\s+attending|among\s+those\s+present)\b(?:\s+[\w'-]+){0,3}?\s*(?:included|include|were|was|are|:)\s`)

func listIntro(s string) (ActionKind, int) {
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
				out = append(out, mention{name: name, sentence: si, seg: i, roleSeg: i, nameEnd: seg.start + ws[j-1].end, listed: kind})
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
				passive: passiveAction(seg.text[:ws[first].start])}
			if end == len(ws) && i+1 < len(segs) && roleStarts(segs[i+1].text) {
				r, _ := trimRole(segs[i+1].text)
				m.roles = append(m.roles, r)
				m.roleSeg = i + 1
				consumed[i+1] = true
			}
			out = append(out, m)
			from = end
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
		r, _ := trimRole(segs[i+1].text)
		out = append(out, mention{
			name: seg.text[ws[start].start:ws[len(ws)-1].end], roles: splitRoles(r), sentence: si,
			seg: i, roleSeg: i + 1, subject: leadingFillersOnly(ws, start), nameEnd: seg.start + ws[len(ws)-1].end,
			passive: passiveAction(seg.text[:ws[start].start]),
		})
		consumed[i+1] = true
		i++
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
			subject: true, nameEnd: seg.start + ws[j-1].end})
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

// splitRoles splits "member of X and Minister of Y" into two roles. A role
// is split at " and " only when a title word follows, so "Federation of
// Industry and Commerce" stays whole.
func splitRoles(r string) []string {
	ws := words(r)
	var out []string
	last := 0
	for i, w := range ws {
		if lower(w.text) != "and" || i+1 >= len(ws) {
			continue
		}
		n := i + 1
		if l := lower(ws[n].text); l == "a" || l == "an" || l == "the" {
			n++
		}
		for n < len(ws) && titleModifiers[lower(ws[n].text)] && !isTitleWord(ws[n].text) {
			n++
		}
		if n < len(ws) && isTitleWord(ws[n].text) {
			out = append(out, strings.TrimSpace(r[last:w.start]))
			last = ws[i+1].start
		}
	}
	out = append(out, strings.TrimSpace(r[last:]))
	return out
}

// parseRole splits a role phrase into its title and organisation.
func parseRole(text string) Role {
	// "the chamber's vice president": the owner is the organisation.
	if m := possessiveRe.FindStringSubmatch(text); m != nil {
		r := parseRole(m[2])
		if r.Org == "" {
			r.Org = m[1]
		}
		r.Text = text
		return r
	}
	ws := words(text)
	i := 0
	if i < len(ws) {
		if l := lower(ws[i].text); l == "a" || l == "an" || l == "the" {
			i++
		}
	}
	// Title first: "Vice Chairman of the X".
	j := i
	for j < len(ws) && (isTitleWord(ws[j].text) || titleModifiers[lower(ws[j].text)]) {
		j++
	}
	if j > i && j < len(ws) && isTitleWord(ws[j-1].text) {
		title := text[ws[i].start:ws[j-1].end]
		rest := strings.TrimSpace(text[ws[j-1].end:])
		for _, p := range []string{"of the ", "of ", "at the ", "at ", "for the ", "for ", "to the ", "to ", "in the ", "in "} {
			if strings.HasPrefix(strings.ToLower(rest), p) {
				return Role{Title: title, Org: strings.TrimSpace(rest[len(p):]), Text: text}
			}
		}
		return Role{Title: title, Org: rest, Text: text}
	}
	if j > i && j == len(ws) {
		return Role{Title: text[ws[i].start:], Text: text}
	}
	// Title last: "Harbor Union Board Chairman".
	k := len(ws)
	for k > 0 && (isTitleWord(ws[k-1].text) || titleModifiers[lower(ws[k-1].text)]) {
		k--
	}
	for k < len(ws) && !isTitleWord(ws[k].text) && titleModifiers[lower(ws[k].text)] {
		// keep modifiers with the title
		break
	}
	if k < len(ws) && k > 0 {
		org := strings.TrimSpace(text[:ws[k].start])
		for _, art := range []string{"a ", "an ", "the ", "A ", "An ", "The "} {
			org = strings.TrimPrefix(org, art)
		}
		return Role{Title: text[ws[k].start:], Org: org, Text: text}
	}
	return Role{Title: text, Text: text}
}

func skipFillers(l string) string {
	for {
		w, rest, _ := strings.Cut(l, " ")
		w = strings.Trim(w, ",.")
		if !predicateFillers[w] || rest == "" {
			return l
		}
		l = strings.TrimSpace(rest)
	}
}

// actionsIn reads which actions a predicate states: its first verb, and
// verbs joined to it by "and" ("presided over the meeting and delivered a
// speech"). It stops at "that", where reported speech begins.
func actionsIn(pred string) []ActionKind {
	l := strings.ToLower(pred)
	if i := strings.Index(l, " that "); i >= 0 {
		l = l[:i]
	}
	l = strings.TrimLeft(l, " ,")
	var out []ActionKind
	add := func(k ActionKind) {
		for _, x := range out {
			if x == k {
				return
			}
		}
		out = append(out, k)
	}
	clauses := []string{skipFillers(l)}
	for _, part := range strings.Split(l, " and ")[1:] {
		clauses = append(clauses, skipFillers(strings.TrimSpace(part)))
	}
	for ci, c := range clauses {
		if k, ok := actionAt(c); ok {
			add(k)
		}
		if ci == 0 && len(out) == 0 {
			return nil // the subject does something else: "responded to each speaker"
		}
	}
	return out
}

// extractPeople builds the people of a report from its sentences.
func extractPeople(r *Report) {
	byName := map[string]*Person{}
	var order []string
	get := func(name string, si int) *Person {
		p, ok := byName[name]
		if !ok {
			p = &Person{Name: name, Order: si}
			byName[name] = p
			order = append(order, name)
		}
		return p
	}
	for si, sent := range r.Sentences {
		ms := findMentions(si, sent.Text)
		// Names in one appositive list share the predicate after the last one.
		for mi := 0; mi < len(ms); {
			mj := mi + 1
			for mj < len(ms) && ms[mj].seg == ms[mj-1].roleSeg+1 && ms[mj-1].roleSeg != ms[mj-1].seg {
				mj++
			}
			group := ms[mi:mj]
			last := group[len(group)-1]
			var pred string
			segs := splitSegments(sent.Text)
			if last.roleSeg != last.seg {
				_, cut := trimRole(segs[last.roleSeg].text)
				pred = segs[last.roleSeg].text[cut:]
				if strings.TrimSpace(pred) == "" && last.roleSeg+1 < len(segs) {
					pred = strings.Join(segTexts(segs[last.roleSeg+1:]), ", ")
				}
			} else {
				pred = sent.Text[last.nameEnd:]
			}
			acts := actionsIn(pred)
			for _, m := range group {
				p := get(m.name, si)
				for _, rt := range m.roles {
					addRole(p, rt, si)
				}
				if m.passive != "" {
					addAction(p, m.passive, si)
				}
				if m.listed != "" {
					addAction(p, m.listed, si)
				}
				if group[0].subject {
					for _, a := range acts {
						addAction(p, a, si)
					}
				}
			}
			mi = mj
		}
	}
	// "Mr. Costa" after "Paulo Costa": a surname alone is the same person.
	order = mergeSurnames(byName, order)
	// Every sentence that names a person, and what they said: a paragraph
	// opened by "<Name> pointed out …" is that person's speech throughout.
	for _, name := range order {
		p := byName[name]
		alts := []string{regexp.QuoteMeta(name)}
		for _, a := range p.Aliases {
			alts = append(alts, regexp.QuoteMeta(a))
		}
		re := regexp.MustCompile(`\b(?:` + strings.Join(alts, "|") + `)\b`)
		for si, sent := range r.Sentences {
			if re.MatchString(sent.Text) {
				p.Sentences = append(p.Sentences, si)
			}
		}
	}
	for _, name := range order {
		p := byName[name]
		for _, a := range p.Actions {
			if a.Kind != Quoted && a.Kind != Spoke {
				continue
			}
			para := r.Sentences[a.Sentence].Para
			for si := a.Sentence; si < len(r.Sentences) && r.Sentences[si].Para == para; si++ {
				if si > a.Sentence && speakerOf(r, byName, si) != "" && speakerOf(r, byName, si) != name {
					break
				}
				p.Said = appendUnique(p.Said, si)
			}
		}
	}
	r.People = r.People[:0]
	for _, name := range order {
		r.People = append(r.People, *byName[name])
	}
	sort.SliceStable(r.People, func(i, j int) bool { return r.People[i].Order < r.People[j].Order })
}

// speakerOf returns the person quoted as the subject of sentence si, if any.
func speakerOf(r *Report, byName map[string]*Person, si int) string {
	for name, p := range byName {
		for _, a := range p.Actions {
			if a.Sentence == si && a.Kind == Quoted {
				return name
			}
		}
	}
	return ""
}

func segTexts(segs []segment) []string {
	out := make([]string, len(segs))
	for i, s := range segs {
		out[i] = s.text
	}
	return out
}

func addRole(p *Person, text string, si int) {
	text = strings.TrimSpace(strings.TrimRight(strings.TrimSpace(text), ",.;"))
	if text == "" || isHonorific(text) {
		return // "Mr.", "Comrade": a form of address, not a position
	}
	for _, r := range p.Roles {
		if strings.EqualFold(r.Text, text) {
			return
		}
	}
	role := parseRole(text)
	role.Sentence = si
	p.Roles = append(p.Roles, role)
}

func addAction(p *Person, k ActionKind, si int) {
	for _, a := range p.Actions {
		if a.Kind == k && a.Sentence == si {
			return
		}
	}
	p.Actions = append(p.Actions, Action{Kind: k, Sentence: si})
}

func appendUnique(xs []int, x int) []int {
	for _, v := range xs {
		if v == x {
			return xs
		}
	}
	return append(xs, x)
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

// mergeSurnames folds a one-word name into the earlier full name it ends,
// when exactly one person has that surname.
func mergeSurnames(byName map[string]*Person, order []string) []string {
	var kept []string
	for _, name := range order {
		if strings.Contains(name, " ") {
			kept = append(kept, name)
			continue
		}
		var full *Person
		n := 0
		for _, other := range order {
			if other != name && strings.HasSuffix(other, " "+name) {
				full = byName[other]
				n++
			}
		}
		if n != 1 {
			kept = append(kept, name)
			continue
		}
		short := byName[name]
		for _, r := range short.Roles {
			addRole(full, r.Text, r.Sentence)
		}
		for _, a := range short.Actions {
			addAction(full, a.Kind, a.Sentence)
		}
		full.Aliases = append(full.Aliases, name)
		delete(byName, name)
	}
	return kept
}

func isHonorific(s string) bool {
	switch strings.ToLower(strings.TrimSuffix(s, ".")) {
	case "mr", "mrs", "ms", "dr", "prof", "sir", "madam", "comrade":
		return true
	}
	return false
}

var (
	relIsRe   = regexp.MustCompile(`(?i)^who\s+(?:is|was|serves\s+as|served\s+as|is\s+also|was\s+also|works\s+as)\s+`)
	relVerbRe = regexp.MustCompile(`(?i)^who\s+(chairs|heads|leads|directs|runs|manages|founded|represents|represented|chaired|headed|led)\s+(?:the\s+)?`)
)

var relVerbTitle = map[string]string{
	"chairs": "chair", "chaired": "chair", "heads": "head", "headed": "head", "leads": "leader", "led": "leader",
	"directs": "director", "runs": "head", "manages": "manager", "founded": "founder",
	"represents": "representative", "represented": "representative",
}

// relativeRole turns a relative clause into the role it states: "who is
// the treasurer" → "the treasurer"; "who chairs the Harbor Trust" → "chair
// of the Harbor Trust". Other text comes back unchanged.
func relativeRole(seg string) string {
	if m := relIsRe.FindStringIndex(seg); m != nil {
		return seg[m[1]:]
	}
	if m := relVerbRe.FindStringSubmatchIndex(seg); m != nil {
		return relVerbTitle[strings.ToLower(seg[m[2]:m[3]])] + " of the " + seg[m[1]:]
	}
	return seg
}

var possessiveRe = regexp.MustCompile(`^(?:the\s+)?([\p{L}\p{N} -]+?)['’]s\s+(.+)$`)
