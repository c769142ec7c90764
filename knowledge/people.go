package knowledge

import (
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/reportbot/reportbot/knowledge/textmatch"
)

// extractPeople builds the people of a report from its sentences. Mentions
// are read sentence by sentence; then short mentions ("Putin", "Chief
// Sato", "Masujiro's") are resolved to the one full name they belong to,
// pronoun subjects to the person last named as a subject, and each person
// gathers the sentences that name them. Every step is linear in the report.
func extractPeople(r *Report) {
	ctx := &nameCtx{lowerWords: lowerWordsOf(r)}
	type fact struct {
		name  string
		weak  bool
		roles []string
		acts  []ActionKind
		si    int
		// narrative: a deed at the scene, which says the person attended
		// unless they are known to have spoken or presided.
		narrative bool
	}
	var facts []fact
	// A report about a gathering ("ceremony", "race", "parade") is one
	// where a deed of a named person places them there.
	eventful := r.Event.What != ""
	for _, s := range r.Sentences {
		if eventful {
			break
		}
		for _, t := range textmatch.Tokens(s.Text) {
			if st := textmatch.Stem(t); (eventNouns[t] || eventNouns[st]) && !bodyNouns[t] && !bodyNouns[st] {
				eventful = true
				break
			}
		}
	}
	lastSubject := -1 // index in facts of the last person named as a subject
	// Whether each speaker's last words were said elsewhere, by the last
	// word of their name (a short mention ends as the full name does):
	// "X said in an interview …" then "“…,” X added" is the same occasion.
	spokeElsewhere := map[string]bool{}
	for si, sent := range r.Sentences {
		ms := findMentions(si, sent.Text)
		ms = keepPlausible(ms, ctx)
		ms = append(ms, findPeople(si, sent.Text, ctx, ms)...)
		leadingRoles(sent.Text, ms)
		for i := range ms {
			ms[i].name = withEpithet(sent.Text, ms[i])
		}
		sort.SliceStable(ms, func(i, j int) bool { return ms[i].start < ms[j].start })
		ms = dropNested(ms)
		// Words said in a report about no gathering were said elsewhere.
		elsewhere := saidElsewhere(sent.Text)
		sentStart := len(facts)
		occasionSpeaker := speechOccasionSpeaker(sent.Text, ms)
		companionAt := map[int]bool{}
		subjectHere := false
		// Adjacent subject phrases ("A, chairman of X, B, chairman of Y,
		// and C") form one list that shares the predicate after the last.
		for mi := 0; mi < len(ms); {
			mj := mi
			for mj+1 < len(ms) && ms[mj].end <= ms[mj+1].start && onlySeparators(sent.Text[ms[mj].end:ms[mj+1].start]) {
				mj++
			}
			// "X of Y (formed of 30 firms), who said": an aside in brackets
			// stands between a subject and its relative clause.
			pred := skipAside(sent.Text[ms[mj].end:])
			acts := actionsIn(pred)
			subject := ms[mi].subject || listHeadSubject(sent.Text[:ms[mi].start]) || pronounAndHead(sent.Text[:ms[mi].start]) ||
				coordinatedSubject(sent.Text[:ms[mi].start], pred)
			// "…, X, role, who said": the relative clause is X's; "with X
			// in attendance": present though not the subject.
			if rest := strings.TrimLeft(head(pred, 20), " "); strings.HasPrefix(rest, ", who ") ||
				strings.HasPrefix(strings.TrimLeft(rest, ", "), "in attendance") {
				subject = true
			}
			// "X, who tried the soup, commented": the main verb after a
			// relative clause is the subject's too.
			if rest := head(pred, predicateWindow); (ms[mi].subject || m0passive(ms[mi])) && strings.HasPrefix(strings.TrimLeft(rest, " "), ", who ") {
				r := strings.TrimLeft(rest, " ")[6:]
				if i := strings.Index(r, ", "); i >= 0 {
					acts = append(acts, actionsIn(r[i+2:])...)
				}
			}
			groupObj := objectAction(sent.Text[:ms[mi].start])
			for _, m := range ms[mi : mj+1] {
				if m.passive == "" {
					m.passive = ms[mi].passive // "attended by A and B"
				}
				f := fact{name: m.name, weak: m.weak, roles: m.roles, si: si}
				if b := strings.ToLower(tail(sent.Text[:m.start], 6)); strings.HasSuffix(b, " with ") {
					companionAt[len(facts)] = true
				}
				// Named inside someone's quoted words, or in a byline
				// ("Editor: X"): named, not acting.
				nameAt := m.start
				if i := strings.Index(sent.Text[m.start:], m.name); i >= 0 {
					nameAt += i
				}
				// A journalist who runs or opens a session ("moderated by
				// journalist X") does more than report it.
				chairs := m.passive == Presided || m.passive == Spoke
				if insideQuote(sent.Text, m.start) || bylineLabel(sent.Text[:nameAt]) || journalist(m.roles) && !chairs {
					facts = append(facts, f)
					continue
				}
				if m.listed != "" {
					f.acts = append(f.acts, m.listed)
				}
				// "X, who chaired the session, said": a relative clause read
				// as X's role is still X's deed.
				if after := sent.Text[min(len(sent.Text), nameAt+len(m.name)):]; m.end > nameAt+len(m.name) && strings.HasPrefix(after, ", who ") {
					f.acts = append(f.acts, actionsIn(after[len(", who "):])...)
				}
				if occasionSpeaker >= 0 && ms[occasionSpeaker].start == m.start {
					f.acts = append(f.acts, Spoke)
				}
				if subject {
					f.acts = append(f.acts, acts...)
					// Any other deed of a subject in the narrative places them
					// at the event: "X arrived", "X won the sprint".
					if len(acts) == 0 && !elsewhere && eventful && narrativeVerb(sent.Text[ms[mj].end:]) {
						f.narrative = true
					}
				}
				if m.passive != "" {
					f.acts = append(f.acts, m.passive)
				}
				if groupObj != "" {
					f.acts = append(f.acts, groupObj)
				}
				// "X, role: “…”" and "X: “…”": a line of speech.
				if after := strings.TrimLeft(head(sent.Text[ms[mj].end:], 20), " "); subject && strings.HasPrefix(after, ":") {
					f.acts = append(f.acts, Quoted)
				}
				// "According to X" reports X's words, not X speaking here.
				according := strings.HasSuffix(strings.ToLower(strings.TrimSpace(sent.Text[max(0, m.start-20):m.start])), "according to")
				// Words said by someone the same sentence shows there ("it was
				// received by X, who said") were said there, gathering or not.
				shownThere := slices.Contains(f.acts, Attended) || slices.Contains(f.acts, Presided)
				away := elsewhere || according
				key := lastWordLower(m.name)
				if slices.Contains(f.acts, Quoted) {
					if !away && subject && continuesSpeech(pred) {
						away = spokeElsewhere[key]
					}
					spokeElsewhere[key] = away
				}
				f.acts = speechIsSpeaking(f.acts, away || !eventful && !shownThere)
				facts = append(facts, f)
				if subject && (len(acts) > 0 || m.passive != "" || f.narrative) || m.passive == Quoted {
					lastSubject = len(facts) - 1
					subjectHere = true
				}
			}
			mi = mj + 1
		}
		// "X with his wife Y": a relative named beside someone at the scene
		// was there too.
		if eventful {
			active := false
			for _, f := range facts[sentStart:] {
				active = active || f.narrative || len(f.acts) > 0
			}
			for i := sentStart; active && i < len(facts); i++ {
				// "X with the party chairperson Y": a companion.
				if k := companionAt[i]; k {
					facts[i].narrative = true
				}
				for _, role := range facts[i].roles {
					if fs := strings.Fields(role); len(fs) > 0 && kinWords[strings.ToLower(fs[len(fs)-1])] {
						facts[i].narrative = true
					}
				}
			}
		}
		// "He said …", "…,” she added": a pronoun subject is the person
		// last named as a subject.
		if lastSubject >= 0 && !subjectHere {
			acts, deed := pronounActions(sent.Text)
			if len(acts) > 0 || deed && eventful && !elsewhere {
				facts = append(facts, fact{name: facts[lastSubject].name, weak: facts[lastSubject].weak,
					acts: speechIsSpeaking(acts, elsewhere || !eventful), si: si, narrative: deed})
			}
		}
	}
	// Coreference: a one-word name is the full name it begins or ends, when
	// exactly one full name does.
	strong := map[string]bool{}
	fullByToken := map[string]string{} // a first or last word → the first full name with it
	fullCount := map[string]int{}      // … and how many different full names have it
	for _, f := range facts {
		if f.weak {
			continue
		}
		if !strong[f.name] && strings.Contains(f.name, " ") {
			fs := strings.Fields(f.name)
			for i, t := range []string{fs[0], fs[len(fs)-1]} {
				if i == 1 && len(fs) == 1 {
					break
				}
				t = strings.ToLower(t)
				if fullCount[t] == 0 {
					fullByToken[t] = f.name
				}
				if fullByToken[t] != f.name || fullCount[t] == 0 {
					fullCount[t]++
				}
			}
		}
		strong[f.name] = true
	}
	canonical := func(name string) string {
		if strings.Contains(name, " ") {
			return name
		}
		t := strings.ToLower(name)
		switch fullCount[t] {
		case 0:
			return name
		case 1:
			return fullByToken[t]
		}
		return "" // the short form of several full names: no one in particular
	}
	byName := map[string]*Person{}
	present := map[*Person][]int{}
	var order []string
	for _, f := range facts {
		name := canonical(f.name)
		if name == "" || name == f.name && !strong[name] {
			continue // a lone word nothing shows to be a person
		}
		p, ok := byName[name]
		if !ok {
			p = &Person{Name: name, Order: f.si}
			byName[name] = p
			order = append(order, name)
		}
		if name != f.name && !contains(p.Aliases, f.name) {
			p.Aliases = append(p.Aliases, f.name)
		}
		for _, rt := range f.roles {
			addRole(p, rt, f.si)
		}
		for _, a := range f.acts {
			addAction(p, a, f.si)
		}
		if f.narrative {
			present[p] = append(present[p], f.si)
		}
	}
	for _, name := range order { // in report order, so output is stable
		p := byName[name]
		sis := present[p]
		if _, ok := hasAction(p, Spoke); ok {
			continue
		}
		if _, ok := hasAction(p, Presided); ok {
			continue
		}
		if len(sis) == 0 {
			continue
		}
		had := map[int]bool{}
		for _, a := range p.Actions {
			if a.Kind == Attended {
				had[a.Sentence] = true
			}
		}
		for _, si := range sis {
			if !had[si] {
				had[si] = true
				p.Actions = append(p.Actions, Action{Kind: Attended, Sentence: si})
			}
		}
	}
	// Every sentence that names a person, and what they said: a paragraph
	// opened by "<Name> pointed out …" is that person's speech throughout.
	// Sentences are found through their words, so this stays linear in
	// the report's length however many people it names.
	type at struct{ si, k int }
	sentWords := make([][]word, len(r.Sentences))
	byWord := map[string][]at{}
	for si, sent := range r.Sentences {
		sentWords[si] = words(sent.Text)
		for k, w := range sentWords[si] {
			b, _ := possessiveBase(w.text)
			byWord[b] = append(byWord[b], at{si, k})
		}
	}
	for _, name := range order {
		p := byName[name]
		seen := map[int]bool{}
		for _, variant := range append([]string{name}, p.Aliases...) {
			vw := words(variant)
			if len(vw) == 0 {
				continue
			}
			for _, o := range byWord[vw[0].text] {
				ws := sentWords[o.si]
				match := !seen[o.si] && o.k+len(vw) <= len(ws)
				for i := 1; match && i < len(vw); i++ {
					b, _ := possessiveBase(ws[o.k+i].text)
					match = b == vw[i].text
				}
				if match {
					seen[o.si] = true
					p.Sentences = append(p.Sentences, o.si)
				}
			}
		}
		sort.Ints(p.Sentences)
	}
	// Who is quoted as the subject of each sentence, to end one speaker's
	// paragraph where another's words begin.
	quotedAt := map[int]string{}
	for _, name := range order {
		for _, a := range byName[name].Actions {
			if a.Kind == Quoted {
				if _, ok := quotedAt[a.Sentence]; !ok {
					quotedAt[a.Sentence] = name
				}
			}
		}
	}
	for _, name := range order {
		p := byName[name]
		said := map[int]bool{}
		for _, a := range p.Actions {
			if a.Kind != Quoted && a.Kind != Spoke {
				continue
			}
			para := r.Sentences[a.Sentence].Para
			for si := a.Sentence; si < len(r.Sentences) && r.Sentences[si].Para == para && !said[si]; si++ {
				if other := quotedAt[si]; si > a.Sentence && other != "" && other != name {
					break
				}
				said[si] = true
				p.Said = append(p.Said, si)
			}
		}
		sort.Ints(p.Said)
	}
	r.People = r.People[:0]
	for _, name := range order {
		r.People = append(r.People, *byName[name])
	}
	sort.SliceStable(r.People, func(i, j int) bool { return r.People[i].Order < r.People[j].Order })
}

// lowerWordsOf collects the words a report writes in lower case: a
// capitalised word that also appears in lower case is an ordinary word.
func lowerWordsOf(r *Report) map[string]bool {
	m := map[string]bool{}
	for _, s := range r.Sentences {
		for _, w := range words(s.Text) {
			if !isCapitalised(w.text) {
				m[w.text] = true
			}
		}
	}
	return m
}

// keepPlausible drops mentions from the role patterns whose name is not
// shaped like a person's: places, things, ordinary words.
func keepPlausible(ms []mention, ctx *nameCtx) []mention {
	out := ms[:0]
	for _, m := range ms {
		fs := strings.Fields(m.name)
		ok := len(fs) > 0 && !strings.ContainsAny(m.name, "“”\"()[]:;,")
		for i, f := range fs {
			ok = ok && (nameShaped(f) || nameParticles[f] && i > 0 || strings.HasPrefix(f, "“") || strings.HasPrefix(f, "\""))
		}
		if ok {
			last := strings.ToLower(fs[len(fs)-1])
			ok = !placeWords[last] && !(len(fs) == 1 && ctx.lowerWords[last])
		}
		if ok {
			out = append(out, m)
		}
	}
	return out
}

func contains(xs []string, x string) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

func addRole(p *Person, text string, si int) {
	text = trimRoleTail(strings.TrimSpace(strings.TrimRight(strings.TrimSpace(text), ",.;")))
	if text == "" || isHonorific(text) {
		return // "Mr.", "Comrade": a form of address, not a position
	}
	if len(p.Roles) >= maxRoles {
		return // a hostile input repeating one name with endless roles
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

// maxRoles bounds the roles kept for one person: real reports give a
// handful, and the bound keeps de-duplication constant-time.
const maxRoles = 16

// addAction adds an action once. Actions arrive in sentence order, so only
// the ones already recorded for the same sentence need comparing.
func addAction(p *Person, k ActionKind, si int) {
	for i := len(p.Actions) - 1; i >= 0 && p.Actions[i].Sentence >= si; i-- {
		if a := p.Actions[i]; a.Kind == k && a.Sentence == si {
			return
		}
	}
	p.Actions = append(p.Actions, Action{Kind: k, Sentence: si})
}

func isHonorific(s string) bool {
	switch strings.ToLower(strings.TrimSuffix(s, ".")) {
	case "mr", "mrs", "ms", "dr", "prof", "sir", "madam", "comrade":
		return true
	}
	return false
}

// onlySeparators reports whether text between two subject phrases is just
// list punctuation: commas, "and", "as well as", dashes.
// speechOccasionRe finds words that place what someone says in their own
// speech at the event: "in his opening remarks", "in her address".
var speechOccasionRe = regexp.MustCompile(`(?i)\b(?:in|during|at the end of|at the close of) (?:his|her|their) (?:[a-z-]+ )?(?:remarks|speech|address|keynote|presentation|greeting|greetings|welcome|report)\b`)

// speechOccasionSpeaker returns the index in ms of the person whose speech
// "in his opening remarks" is: the last one named before the phrase, or,
// when it opens the sentence ("In his speech, X noted"), the first after.
// It returns -1 when there is none.
func speechOccasionSpeaker(s string, ms []mention) int {
	loc := speechOccasionRe.FindStringIndex(s)
	if loc == nil || insideQuote(s, loc[0]) {
		return -1
	}
	at := -1
	for i, m := range ms {
		if insideQuote(s, m.start) {
			continue
		}
		if m.start < loc[0] {
			at = i
		} else if at < 0 {
			return i
		}
	}
	return at
}

// continuesSpeech reports whether a predicate goes on with words already
// begun ("added", "continued", "went on"), so they share their occasion.
func continuesSpeech(pred string) bool {
	l := skipFillers(strings.ToLower(strings.TrimLeft(pred, " ,")))
	for _, v := range []string{"added", "adds", "continued", "continues", "went on", "goes on"} {
		if strings.HasPrefix(l, v) && (len(l) == len(v) || !isLetter(l[len(v)])) {
			return true
		}
	}
	return false
}

func lastWordLower(name string) string {
	fs := strings.Fields(name)
	if len(fs) == 0 {
		return ""
	}
	return strings.ToLower(fs[len(fs)-1])
}

// coordinatedSubject reports whether a name after "and" opens a clause of
// its own: "A won the sprint and B finished second", "A as the queen and
// B as the king".
func coordinatedSubject(before, pred string) bool {
	return strings.HasSuffix(before, " and ") && !strings.HasSuffix(before, ", and ") && (narrativeVerb(pred) || len(actionsIn(pred)) > 0)
}

// pronounAndHead reports whether a name is joined to a pronoun subject
// that opens the sentence: "He and his wife X came": X is a subject too.
func pronounAndHead(before string) bool {
	switch strings.ToLower(strings.TrimSpace(before)) {
	case "he and", "she and", "he, and", "she, and":
		return true
	}
	return false
}

// skipAside drops a short bracketed aside that opens s: " (39), who …".
func skipAside(s string) string {
	t := strings.TrimLeft(s, " ")
	if !strings.HasPrefix(t, "(") {
		return s
	}
	if j := strings.IndexByte(t, ')'); j > 0 && j <= 80 {
		return t[j+1:]
	}
	return s
}

// m0passive reports whether a mention is the agent of a passive verb ("it
// was received by X, who thanked …"): the relative clause after it is
// that person's too.
func m0passive(m mention) bool { return m.passive != "" && m.passive != Quoted }

// dropNested drops a mention that lies inside a longer one ("Navy" in
// "Navy commander-in-chief X"): a fragment of another's role phrase is
// no name of its own, and would split the list it stands in. ms is sorted
// by start; a run of mentions with one start keeps only its longest.
func dropNested(ms []mention) []mention {
	out := make([]mention, 0, len(ms))
	for i, m := range ms {
		inside := false
		for j := max(0, i-3); j < min(len(ms), i+4) && !inside; j++ {
			o := ms[j]
			inside = j != i && o.start <= m.start && m.end <= o.end && o.end-o.start > m.end-m.start
		}
		if !inside {
			out = append(out, m)
		}
	}
	return out
}

func onlySeparators(t string) bool {
	t = strings.ToLower(t)
	// "A (14.8 seconds behind), B (1 miss) and C": asides in brackets.
	for {
		i := strings.IndexByte(t, '(')
		j := strings.IndexByte(t, ')')
		if i < 0 || j < i || j-i > 40 {
			break
		}
		t = t[:i] + t[j+1:]
	}
	for _, sep := range []string{"as well as", "and", "or", ",", ";", "–", "—", "-"} {
		t = strings.ReplaceAll(t, sep, " ")
	}
	return strings.TrimSpace(t) == ""
}

// containsWords reports whether phrase occurs in s as whole words.
func containsWords(s, phrase string) bool {
	for from := 0; ; {
		i := strings.Index(s[from:], phrase)
		if i < 0 {
			return false
		}
		i += from
		end := i + len(phrase)
		prev, _ := utf8.DecodeLastRuneInString(s[:i])
		next, _ := utf8.DecodeRuneInString(s[end:])
		before := i == 0 || !isWordRune(prev)
		after := end == len(s) || !isWordRune(next)
		if before && after {
			return true
		}
		from = i + 1
	}
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// leadingRoles adds the role phrase that opens a clause and is set off by a
// comma before a mention: "Chairman of the committee, MK X, said".
func leadingRoles(s string, ms []mention) {
	var ws []word
	for i := range ms {
		m := &ms[i]
		if m.start < 2 || s[m.start-2:m.start] != ", " {
			continue
		}
		if ws == nil {
			ws = words(s)
		}
		k := tokenAt(ws, m.start)
		if k <= 0 {
			continue
		}
		if st, role := roleBefore(s, ws, k, func(g string) bool { return g == ", " }); st >= 0 && clauseStart(s, st) && (i == 0 || ms[i-1].end <= st) {
			m.roles = append([]string{role}, m.roles...)
			m.start = st
		}
	}
}

// withEpithet extends a mention's name by an epithet after it: "Emperor
// Peter the Great".
func withEpithet(s string, m mention) string {
	i := strings.Index(s[m.start:min(len(s), m.end+1)], m.name)
	if i < 0 {
		return m.name
	}
	rest := s[m.start+i+len(m.name):]
	if !strings.HasPrefix(rest, " the ") {
		return m.name
	}
	w := firstWord(rest[5:])
	if isCapitalised(w) && epithets[strings.ToLower(w)] {
		return m.name + " the " + w
	}
	return m.name
}

func hasAction(p *Person, k ActionKind) (Action, bool) {
	for _, a := range p.Actions {
		if a.Kind == k {
			return a, true
		}
	}
	return Action{}, false
}

// bodyNouns name bodies that meet, or happenings in general, rather than a
// gathering a report describes: "the Security Council", "the events in X".
var bodyNouns = wordSet(`council congress assembly caucus panel event events`)

// insideQuote reports whether byte offset at falls inside quotation marks.
func insideQuote(s string, at int) bool {
	before := s[:at]
	open, closed := strings.Count(before, "“"), strings.Count(before, "”")
	if open > closed {
		return true
	}
	return open == 0 && strings.Count(before, "\"")%2 == 1
}

// bylineLabel reports whether text ends with a label that introduces a
// journalist or a source rather than a participant: "Editor:", "By".
func bylineLabel(before string) bool {
	b := strings.ToLower(strings.TrimRight(tail(before, 30), " "))
	if strings.HasSuffix(b, ":") || strings.HasSuffix(b, "(") {
		b = strings.TrimRight(b, ":( ")
	} else {
		return len(before) <= 3 && b == "by" // "By Ana Lima", not "attended by"
	}
	i := strings.LastIndexAny(b, " (|") + 1
	return bylineWords[b[i:]]
}

var bylineWords = wordSet(`by author authors editor editors reporter reporters correspondent correspondents
journalist journalists photo photos photographer source text writer writers translator`)

// listHeadSubject reports whether the text before a list of names is a short
// subject noun phrase that the list specifies: "Officials including A, B
// and C joined", "Guests such as A and B spoke".
func listHeadSubject(before string) bool {
	b := strings.ToLower(strings.TrimRight(tail(before, 60), " ,"))
	for _, p := range []string{" including", " such as", " among them", " namely", " like"} {
		if rest, ok := strings.CutSuffix(b, p); ok {
			if i := strings.LastIndexAny(rest, ",;:("); i >= 0 {
				rest = rest[i+1:]
			} else if len(before) > 60 {
				return false
			}
			return len(strings.Fields(rest)) <= 4
		}
	}
	return false
}

// trimRoleTail drops words that cannot end a role phrase: "director of the
// department also", "the head of state together with".
func trimRoleTail(text string) string {
	for {
		i := strings.LastIndexByte(text, ' ')
		if i < 0 {
			return text
		}
		l := strings.ToLower(text[i+1:])
		if !predicateFillers[l] && !(roleStop[l] && l != "who") {
			return text
		}
		text = strings.TrimRight(text[:i], " ,")
	}
}

// journalist reports whether a role makes the person the one reporting
// ("a reporter with X"), who is named but takes no part.
func journalist(roles []string) bool {
	for _, r := range roles {
		fs := strings.Fields(strings.ToLower(r))
		for i, f := range fs {
			if i > 3 {
				break
			}
			if f == "reporter" || f == "correspondent" || f == "journalist" || f == "editor" {
				return true
			}
		}
	}
	return false
}
