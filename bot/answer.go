package bot

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/reportbot/reportbot/knowledge"
	"github.com/reportbot/reportbot/markup"
	"github.com/reportbot/reportbot/textmatch"
)

// answer is a reply under construction: the answer line first, then the
// evidence, so a reader (and a checker) meets the answer before the quote.
type answer struct {
	kb         *knowledge.KB
	doc        markup.Doc
	sources    []Source
	confidence float64
	reports    map[int]bool
}

func newAnswer(kb *knowledge.KB, confidence float64) *answer {
	return &answer{kb: kb, confidence: confidence, reports: map[int]bool{}}
}

func (a *answer) line(spans ...markup.Span) *answer {
	a.doc.Para(spans...)
	return a
}

// evidence quotes a sentence, or the part of a long one around focus.
func (a *answer) evidence(ri, si int, focus ...string) *answer {
	r := a.kb.Reports[ri]
	if si < 0 || si >= len(r.Sentences) {
		return a
	}
	full := r.Sentences[si].Text
	for _, s := range a.sources {
		if s.Sentence == full {
			return a
		}
	}
	a.doc.Quote(excerpt(full, focus...))
	a.sources = append(a.sources, Source{Report: r.ID, Sentence: full})
	a.reports[ri] = true
	return a
}

func (a *answer) reply() Reply {
	if len(a.kb.Reports) > 1 {
		for ri := range a.kb.Reports {
			if a.reports[ri] {
				r := a.kb.Reports[ri]
				a.doc.Para(markup.I("— " + reportLabel(r)))
			}
		}
	}
	return Reply{Doc: a.doc, Found: true, Confidence: a.confidence, Sources: a.sources}
}

func reportLabel(r *knowledge.Report) string {
	l := r.Title
	if l == "" {
		l = r.ID
	}
	if r.Date != "" {
		l += " (" + r.Date + ")"
	}
	return l
}

// maxQuote is the longest sentence quoted whole; longer ones are cut to the
// clauses around what the answer is about.
const maxQuote = 320

func excerpt(s string, focus ...string) string {
	if len(s) <= maxQuote {
		return s
	}
	ls := strings.ToLower(s)
	at := -1
	end := -1
	for _, f := range focus {
		if f == "" {
			continue
		}
		if i := strings.Index(ls, strings.ToLower(f)); i >= 0 && (at < 0 || i < at) {
			at, end = i, i+len(f)
		}
	}
	if at < 0 {
		return shortenText(s, maxQuote)
	}
	// Widen to clause boundaries: from the comma before the focus to the
	// second comma after it (so an appositive role comes along).
	start := strings.LastIndex(s[:at], ", ")
	if start < 0 {
		start = 0
	} else {
		start += 2
	}
	stop := end
	for n := 0; n < 2; n++ {
		i := strings.Index(s[stop:], ", ")
		if i < 0 {
			stop = len(s)
			break
		}
		stop += i + 1
	}
	if stop-start > maxQuote {
		stop = start + maxQuote
		if i := strings.LastIndex(s[start:stop], " "); i > 0 {
			stop = start + i
		}
	}
	out := strings.TrimSpace(strings.TrimRight(s[start:stop], ", "))
	if start > 0 {
		out = "… " + out
	}
	if stop < len(s) {
		out += " …"
	}
	return out
}

func shortenText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := strings.LastIndex(s[:n], " ")
	if cut < n/2 {
		cut = n
	}
	return strings.TrimRight(s[:cut], " ,;") + " …"
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	r[0] = []rune(strings.ToUpper(string(r[0])))[0]
	return string(r)
}

// Ask answers a free-text question from the current knowledge.
func (b *Bot) Ask(ctx context.Context, question string) Reply {
	kb := b.src.KB()
	if kb == nil || len(kb.Reports) == 0 {
		return b.fallback(kb, parseQuery(question, nil), "I have no reports loaded yet.")
	}
	q := parseQuery(question, kb)
	if len(q.toks) == 0 {
		return b.fallback(kb, q, "")
	}
	r := b.route(kb, q)
	if !r.Found || r.Confidence < b.opts.MinConfidence {
		return b.fallback(kb, q, "")
	}
	return r
}

// route picks the kind of answer the question wants. Extracted knowledge
// answers first; the best-matching sentences are the last resort.
func (b *Bot) route(kb *knowledge.KB, q query) Reply {
	if r, ok := curatedAnswer(kb, q); ok {
		return r
	}
	people := matchPeople(kb, q.toks)
	var strong []personRef
	for _, p := range people {
		if p.score >= 0.7 {
			strong = append(strong, p)
		}
	}
	nameToks := map[string]bool{}
	for _, p := range strong {
		for _, t := range p.tokens {
			nameToks[t] = true
		}
	}
	var rest []string // content words besides the name
	for _, t := range q.content {
		if !nameToks[t] {
			rest = append(rest, t)
		}
	}
	qr := query{raw: q.raw, toks: q.toks, content: rest}
	scope := reportScope(kb, q)

	if len(strong) == 0 && len(people) > 0 && q.startsWith("who", "whos") && len(q.content) <= 2 {
		// "who is berg": only part of a name; profile() asks "which one?"
		// when several people share it.
		return profile(kb, people, q)
	}
	switch {
	case len(strong) > 0 && q.isYesNo():
		return yesNoPerson(kb, strong[0], qr)
	case len(strong) > 0 && q.has(sayWords) && len(qr.topicTerms(sayWords, metaWords, speakWords)) > 0:
		return personSaid(kb, strong[0], qr.topicTerms(sayWords, metaWords, speakWords))
	case len(strong) > 0 && !q.has(whenWords) && !q.has(whereWords):
		// "<name> democratic reform": what they said about it, if anything.
		if topic := qr.topicTerms(roleWords, metaWords, sayWords, speakWords, aboutWords); len(topic) > 0 && !q.startsWith("who", "whos") {
			// Without "say"/"about" in the question, only a sentence holding
			// every topic word is clearly what was asked for.
			if r := personSaid(kb, strong[0], topic); r.Found && r.Confidence >= 0.9 {
				return r
			}
		}
		return profile(kb, strong, q)
	case (q.startsWith("when") || q.has(whenWords)) && q.has(futureWords):
		return Reply{} // "when is the next meeting?": reports tell what happened
	case q.startsWith("when") || (q.has(whenWords) && (q.startsWith("what", "which", "on") || len(q.content) <= 3)):
		return whenAnswer(kb, scope)
	case q.startsWith("where") || q.has([]string{"venue", "location"}):
		return whereAnswer(kb, scope)
	case q.has(countWords) && q.startsWith("how", "what"):
		return countAnswer(kb, scope, q)
	case q.has(presideWords) && !hasOrgTopic(kb, q):
		return presiderAnswer(kb, scope, q)
	case q.has(attendWords) && (q.isWho() || q.isYesNo()):
		return attendAnswer(kb, scope, q)
	}
	if q.isWho() || hasTitle(q) || q.has(speakWords) || len(q.content) <= 3 {
		if r, ok := roleAnswer(kb, q); ok {
			return r
		}
		if q.isWho() && hasTitle(q) {
			// Asked for a position nobody holds: say so rather than quote a
			// sentence that merely shares the word.
			return Reply{}
		}
	}
	switch {
	case q.has(speakWords) && (q.isWho() || q.startsWith("list", "name", "show", "give", "tell") || len(q.content) <= 2):
		return speakersAnswer(kb, scope)
	case q.has(organizeWords) && q.isWho():
		return organizerAnswer(kb, scope)
	case q.has(aboutWords) && mentionsEvent(q) && len(q.topicTerms(aboutWords, metaWords)) <= 1:
		return aboutAnswer(kb, scope)
	}
	if r, ok := termAnswer(kb, q); ok {
		return r
	}
	return sentenceAnswer(kb, q)
}

func hasTitle(q query) bool {
	for _, t := range q.toks {
		if knowledge.IsTitleWord(t) {
			return true
		}
	}
	return false
}

// hasOrgTopic: "who chaired the X committee?" is about an organisation's
// chair, not who presided over the meeting, when words beyond the verb and
// "meeting" remain.
func hasOrgTopic(kb *knowledge.KB, q query) bool {
	if len(q.topicTerms(presideWords, metaWords, eventWordsOf(q), []string{"over", "charge"})) == 0 {
		return false
	}
	_, ok := roleAnswer(kb, q)
	return ok
}

func eventWordsOf(q query) []string {
	var out []string
	for _, t := range q.toks {
		if knowledge.IsEventNoun(t) {
			out = append(out, t)
		}
	}
	return out
}

func mentionsEvent(q query) bool { return len(eventWordsOf(q)) > 0 || contains(q.toks, "it") }

func titlesIn(q query) []string {
	var out []string
	for _, t := range q.toks {
		if knowledge.IsTitleWord(t) {
			out = append(out, t)
		}
	}
	return out
}

// roleAnswer finds a person by their role: "Who is the X chairman?",
// "Who spoke for X?".
func roleAnswer(kb *knowledge.KB, q query) (Reply, bool) {
	titles := titlesIn(q)
	terms := q.topicTerms(speakWords, attendWords, roleWords, metaWords, titles, eventWordsOf(q), []string{"spoke", "for", "from", "represented"})
	if len(terms) == 0 && len(titles) == 0 {
		return Reply{}, false
	}
	matches := matchRoles(kb, terms, titles)
	if len(matches) == 0 || matches[0].score < 0.6 {
		return Reply{}, false
	}
	top := matches[0].score
	var best []roleRef
	seen := map[*knowledge.Person]bool{}
	for _, m := range matches {
		if m.score >= top-0.02 && !seen[m.p] {
			seen[m.p] = true
			best = append(best, m)
		}
	}
	if q.has(speakWords) {
		// "Who spoke for X": prefer those who spoke.
		var spoke []roleRef
		for _, m := range best {
			if _, ok := did(m.p, knowledge.Spoke); ok {
				spoke = append(spoke, m)
			}
		}
		if len(spoke) > 0 {
			best = spoke
		}
	}
	if len(best) > 10 {
		best = best[:10]
	}
	a := newAnswer(kb, 0.5+0.45*top)
	for _, m := range best {
		line := []markup.Span{markup.B(m.p.Name), markup.T(", " + m.role.Text)}
		if act := actionPhrase(m.p); act != "" {
			line = append(line, markup.T(", "+act))
		}
		line = append(line, markup.T("."))
		a.line(line...)
	}
	for _, m := range best {
		a.evidence(m.report, m.role.Sentence, m.p.Name)
	}
	return a.reply(), true
}

// actionPhrase says what a person did, in plain words.
func actionPhrase(p *knowledge.Person) string {
	var parts []string
	if _, ok := did(p, knowledge.Presided); ok {
		parts = append(parts, "presided")
	}
	if _, ok := did(p, knowledge.Spoke); ok {
		parts = append(parts, "spoke")
	} else if _, ok := did(p, knowledge.Quoted); ok {
		parts = append(parts, "spoke")
	}
	if _, ok := did(p, knowledge.Attended); ok && len(parts) == 0 {
		parts = append(parts, "attended")
	}
	return strings.Join(parts, " and ")
}

func profile(kb *knowledge.KB, people []personRef, q query) Reply {
	if len(people) > 1 && people[0].score < 0.9 {
		var names []string
		for _, p := range people {
			names = append(names, p.p.Name)
		}
		a := newAnswer(kb, 0.6)
		a.line(markup.T("Several people match: "), markup.B(strings.Join(uniq(names), ", ")), markup.T(". Which one do you mean?"))
		return a.reply()
	}
	m := people[0]
	p := m.p
	a := newAnswer(kb, 0.5+0.45*m.score)
	line := []markup.Span{markup.B(p.Name)}
	if len(p.Roles) > 0 {
		line = append(line, markup.T(" is "+roleText(p)+"."))
	} else {
		line = append(line, markup.T(" is named in the report, which gives no role."))
	}
	if act := actionPhrase(p); act != "" {
		line = append(line, markup.T(" At the "+eventNoun(kb.Reports[m.report])+", "+pronounFree(p.Name)+" "+act+"."))
	}
	a.line(line...)
	si := -1
	if len(p.Roles) > 0 {
		si = p.Roles[0].Sentence
	} else if len(p.Sentences) > 0 {
		si = p.Sentences[0]
	}
	a.evidence(m.report, si, p.Name)
	for _, act := range p.Actions {
		if act.Kind != knowledge.Quoted && act.Sentence != si {
			a.evidence(m.report, act.Sentence, p.Name)
			break
		}
	}
	return a.reply()
}

// pronounFree avoids guessing a person's gender: it repeats the surname-ish
// first word only when the name is long; otherwise the full name.
func pronounFree(name string) string { return name }

func eventNoun(r *knowledge.Report) string {
	for _, t := range textmatch.Tokens(r.Event.What) {
		if knowledge.IsEventNoun(t) {
			return t
		}
	}
	return "meeting"
}

func uniq(xs []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

func yesNoPerson(kb *knowledge.KB, m personRef, q query) Reply {
	p := m.p
	a := newAnswer(kb, 0.85)
	check := func(kind knowledge.ActionKind, verb string) (Reply, bool) {
		if act, ok := did(p, kind); ok {
			a.line(markup.B("Yes"), markup.T(" — "+p.Name+" "+verb+"."))
			a.evidence(m.report, act.Sentence, p.Name)
			return a.reply(), true
		}
		a.line(markup.B("No"), markup.T(fmt.Sprintf(" — the report does not say that %s %s. ", p.Name, verb)+describe(p)))
		if len(p.Sentences) > 0 {
			a.evidence(m.report, p.Sentences[0], p.Name)
		}
		return a.reply(), true
	}
	switch {
	case q.has(presideWords):
		r, _ := check(knowledge.Presided, "presided")
		return r
	case q.has(speakWords) || q.has([]string{"say", "said", "talk"}):
		if act, ok := did(p, knowledge.Quoted); ok {
			if _, spoke := did(p, knowledge.Spoke); !spoke {
				a.line(markup.B("Yes"), markup.T(" — the report quotes "+p.Name+"."))
				a.evidence(m.report, act.Sentence, p.Name)
				return a.reply()
			}
		}
		r, _ := check(knowledge.Spoke, "spoke")
		return r
	case q.has(attendWords) || mentionsEvent(q):
		if len(p.Actions) > 0 {
			a.line(markup.B("Yes"), markup.T(" — "+p.Name+" "+nonEmpty(actionPhrase(p), "attended")+"."))
			a.evidence(m.report, p.Actions[0].Sentence, p.Name)
			return a.reply()
		}
		r, _ := check(knowledge.Attended, "attended")
		return r
	}
	// "Is X the chairman of Y?" and the like: answer with who X is.
	return profile(kb, []personRef{m}, q)
}

func nonEmpty(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func describe(p *knowledge.Person) string {
	var parts []string
	if len(p.Roles) > 0 {
		parts = append(parts, p.Name+" is "+roleText(p))
	}
	if act := actionPhrase(p); act != "" {
		parts = append(parts, "the report says "+p.Name+" "+act)
	}
	if len(parts) == 0 {
		return ""
	}
	return capitalise(strings.Join(parts, "; ")) + "."
}

func personSaid(kb *knowledge.KB, m personRef, topic []string) Reply {
	p := m.p
	ret := kb.Retriever()
	terms, cov := correctTerms(ret, topic)
	var within []knowledge.Ref
	for _, si := range p.Said {
		within = append(within, knowledge.Ref{Report: m.report, Sentence: si})
	}
	hits := ret.Search(terms, within, 3)
	if len(hits) == 0 {
		within = within[:0]
		for _, si := range p.Sentences {
			within = append(within, knowledge.Ref{Report: m.report, Sentence: si})
		}
		hits = ret.Search(terms, within, 3)
	}
	if len(hits) == 0 {
		a := newAnswer(kb, 0.7)
		a.line(markup.T("The report does not say what "), markup.B(p.Name), markup.T(" said about "+strings.Join(topic, " ")+"."))
		r := a.reply()
		r.Found = false
		return r
	}
	a := newAnswer(kb, 0.5+0.45*cov*hitCoverage(ret, hits[0], terms))
	s := kb.Reports[hits[0].Report].Sentences[hits[0].Sentence].Text
	a.line(markup.B(p.Name), markup.T(" on "+strings.Join(topic, " ")+": "), markup.I(bestClause(s, hits[0].Matched)))
	for _, h := range hits[:1] {
		a.evidence(h.Report, h.Sentence, h.Matched...)
	}
	return a.reply()
}

// bestClause picks the comma-separated clause of s holding most of terms.
func bestClause(s string, terms []string) string {
	clauses := strings.Split(s, ", ")
	best, bestN := "", -1
	for _, c := range clauses {
		n := 0
		cl := strings.ToLower(c)
		for _, t := range terms {
			if strings.Contains(cl, textmatch.Stem(t)) {
				n++
			}
		}
		if n > bestN {
			best, bestN = c, n
		}
	}
	return strings.TrimRight(strings.TrimSpace(best), ".")
}

func formatDate(iso string) string {
	t, err := time.Parse("2006-01-02", iso)
	if err != nil {
		return iso
	}
	return t.Format("January 2, 2006")
}

func whenAnswer(kb *knowledge.KB, scope []int) Reply {
	a := newAnswer(kb, 0.9)
	any := false
	for _, ri := range scope {
		r := kb.Reports[ri]
		ev := r.Event
		switch {
		case ev.Date != "":
			a.line(markup.T("The "+eventNoun(r)+" took place on "), markup.B(formatDate(ev.Date)), markup.T(" ("+ev.Date+")."))
		case ev.DateText != "":
			a.line(markup.T("The report dates the "+eventNoun(r)+" "), markup.B(ev.DateText), markup.T("."))
		case r.Date != "":
			a.line(markup.T("The report does not date the "+eventNoun(r)+" itself; the report is dated "), markup.B(formatDate(r.Date)), markup.T("."))
			any = true
			continue
		default:
			continue
		}
		any = true
		a.evidence(ri, ev.Sentence, ev.DateText)
	}
	if !any {
		return Reply{}
	}
	return a.reply()
}

func whereAnswer(kb *knowledge.KB, scope []int) Reply {
	a := newAnswer(kb, 0.85)
	any := false
	for _, ri := range scope {
		r := kb.Reports[ri]
		if r.Event.Where == "" {
			continue
		}
		any = true
		a.line(markup.T("The "+eventNoun(r)+" was held at/in "), markup.B(r.Event.Where), markup.T("."))
		a.evidence(ri, r.Event.Sentence, r.Event.Where)
	}
	if !any {
		return Reply{}
	}
	return a.reply()
}

func presiderAnswer(kb *knowledge.KB, scope []int, q query) Reply {
	a := newAnswer(kb, 0.9)
	any := false
	for _, ri := range scope {
		r := kb.Reports[ri]
		for pi := range r.People {
			p := &r.People[pi]
			if act, ok := did(p, knowledge.Presided); ok {
				any = true
				line := []markup.Span{markup.B(p.Name)}
				if len(p.Roles) > 0 {
					line = append(line, markup.T(" ("+roleText(p)+")"))
				}
				line = append(line, markup.T(" presided over the "+eventNoun(r)+"."))
				a.line(line...)
				a.evidence(ri, act.Sentence, p.Name)
			}
		}
	}
	if !any {
		return Reply{}
	}
	return a.reply()
}

func organizerAnswer(kb *knowledge.KB, scope []int) Reply {
	a := newAnswer(kb, 0.8)
	any := false
	for _, ri := range scope {
		r := kb.Reports[ri]
		if r.Event.Organizer == "" {
			continue
		}
		any = true
		a.line(markup.B(capitalise(r.Event.Organizer)), markup.T(" held "+r.Event.What+"."))
		a.evidence(ri, r.Event.Sentence, r.Event.Organizer)
	}
	if !any {
		return presiderAnswer(kb, scope, query{})
	}
	return a.reply()
}

func aboutAnswer(kb *knowledge.KB, scope []int) Reply {
	a := newAnswer(kb, 0.8)
	for _, ri := range scope {
		r := kb.Reports[ri]
		ev := r.Event
		if ev.What == "" {
			continue
		}
		line := []markup.Span{markup.T("It was " + ev.What)}
		if ev.Purpose != "" {
			line = append(line, markup.T(", held to "), markup.B(ev.Purpose))
		}
		line = append(line, markup.T("."))
		a.line(line...)
		a.evidence(ri, ev.Sentence)
	}
	if len(a.sources) == 0 {
		return Reply{}
	}
	return a.reply()
}

func attendAnswer(kb *knowledge.KB, scope []int, q query) Reply {
	notSpoke := q.has(negWords) && (q.has(speakWords) || q.has([]string{"speak"}))
	a := newAnswer(kb, 0.85)
	var found []*knowledge.Person
	for _, ri := range scope {
		r := kb.Reports[ri]
		for pi := range r.People {
			p := &r.People[pi]
			act, ok := did(p, knowledge.Attended)
			if !ok {
				continue
			}
			if _, spoke := did(p, knowledge.Spoke); spoke && notSpoke {
				continue
			}
			found = append(found, p)
			line := []markup.Span{markup.B(p.Name)}
			if len(p.Roles) > 0 {
				line = append(line, markup.T(", "+roleText(p)+","))
			}
			if notSpoke {
				line = append(line, markup.T(" attended but is not reported as speaking."))
			} else {
				line = append(line, markup.T(" attended."))
			}
			a.line(line...)
			a.evidence(ri, act.Sentence, p.Name)
		}
	}
	if len(found) == 0 {
		if notSpoke {
			return Reply{}
		}
		return speakersAnswer(kb, scope)
	}
	return a.reply()
}

func speakersAnswer(kb *knowledge.KB, scope []int) Reply {
	a := newAnswer(kb, 0.85)
	for _, ri := range scope {
		r := kb.Reports[ri]
		var items [][]markup.Span
		var first = -1
		for pi := range r.People {
			p := &r.People[pi]
			act, ok := spoke(p)
			if !ok {
				continue
			}
			if first < 0 || act.Sentence < first {
				first = act.Sentence
			}
			items = append(items, personItem(p))
		}
		if len(items) == 0 {
			continue
		}
		a.line(markup.T(fmt.Sprintf("%d people spoke:", len(items))))
		a.doc.List(items...)
		a.reports[ri] = true
	}
	if len(a.reports) == 0 {
		return Reply{}
	}
	return a.reply()
}

func personItem(p *knowledge.Person) []markup.Span {
	it := []markup.Span{markup.B(p.Name)}
	if len(p.Roles) > 0 {
		it = append(it, markup.T(" — "+roleText(p)))
	}
	if _, ok := did(p, knowledge.Presided); ok {
		it = append(it, markup.I(" (presided)"))
	}
	return it
}

func countAnswer(kb *knowledge.KB, scope []int, q query) Reply {
	kind := knowledge.Spoke
	label := "spoke"
	switch {
	case q.has(attendWords):
		kind, label = knowledge.Attended, "are reported as attending"
	case q.has(presideWords):
		kind, label = knowledge.Presided, "presided"
	case !q.has(speakWords) && q.has([]string{"people", "person", "persons", "named", "names"}):
		kind, label = "", "are named"
	case !q.has(speakWords):
		return sentenceAnswer(kb, q)
	}
	a := newAnswer(kb, 0.85)
	for _, ri := range scope {
		r := kb.Reports[ri]
		var names []string
		ev := -1
		for _, p := range r.People {
			if kind == "" {
				names = append(names, p.Name)
				continue
			}
			act, ok := did(&p, kind)
			if kind == knowledge.Spoke {
				act, ok = spoke(&p)
			}
			if ok {
				names = append(names, p.Name)
				if ev < 0 {
					ev = act.Sentence
				}
			}
		}
		if len(names) == 0 {
			continue
		}
		a.line(markup.B(fmt.Sprint(len(names))), markup.T(" people "+label+": "+strings.Join(names, ", ")+"."))
		a.reports[ri] = true
		if ev >= 0 {
			a.evidence(ri, ev)
		}
	}
	if len(a.reports) == 0 {
		return Reply{}
	}
	return a.reply()
}

// curatedAnswer matches the curation file's question–answer pairs.
func curatedAnswer(kb *knowledge.KB, q query) (Reply, bool) {
	for _, qa := range kb.QAs {
		cq := parseQuery(qa.Question, kb)
		if overlap(q.content, cq.content) >= 0.8 && overlap(cq.content, q.content) >= 0.8 {
			var d markup.Doc
			d.Para(markup.T(qa.Answer))
			return Reply{Doc: d, Found: true, Confidence: 0.95, Sources: []Source{{Report: "curation", Sentence: qa.Answer}}}, true
		}
	}
	return Reply{}, false
}

// overlap is the share of a's words that have a close match in b.
func overlap(a, b []string) float64 {
	if len(a) == 0 {
		return 0
	}
	n := 0.0
	for _, x := range a {
		best := 0.0
		for _, y := range b {
			if s := textmatch.Similarity(x, y); s > best {
				best = s
			}
		}
		if best >= 0.8 {
			n++
		}
	}
	return n / float64(len(a))
}

// termAnswer answers with a key term when the question names one:
// "blue corridor", "what about port renewal?".
func termAnswer(kb *knowledge.KB, q query) (Reply, bool) {
	topic := q.topicTerms(sayWords, metaWords, aboutWords)
	if len(topic) == 0 {
		return Reply{}, false
	}
	type cand struct {
		ri    int
		t     *knowledge.Term
		score float64
	}
	var best []cand
	bestScore := 0.0
	for _, ref := range kb.Lookup().TermsWith(topic) {
		ri := ref.Report
		t := &kb.Reports[ri].Terms[ref.Term]
		tt := textmatch.Content(t.Text)
		if len(tt) == 0 {
			continue
		}
		s := math32(overlap(tt, topic), overlap(topic, tt))
		if s < 0.75 {
			continue
		}
		switch {
		case s > bestScore+1e-9:
			bestScore = s
			best = []cand{{ri, t, s}}
		case s > bestScore-1e-9:
			best = append(best, cand{ri, t, s})
		}
	}
	if len(best) == 0 {
		return Reply{}, false
	}
	a := newAnswer(kb, 0.55+0.4*bestScore)
	for _, c := range best[:1] {
		r := kb.Reports[c.ri]
		n := len(c.t.Sentences)
		label := "“" + c.t.Text + "”"
		a.line(markup.B(label), markup.T(fmt.Sprintf(" is mentioned in %d sentence%s of the report. %s", n, plural(n), firstMention(r, c.t))))
		for i, si := range c.t.Sentences {
			if i == 3 {
				break
			}
			a.evidence(c.ri, si, c.t.Text)
		}
	}
	return a.reply(), true
}

// firstMention says who said the term, when the report attributes it.
func firstMention(r *knowledge.Report, t *knowledge.Term) string {
	if len(t.Sentences) == 0 {
		return ""
	}
	si := t.Sentences[0]
	var who []string
	for _, p := range r.People {
		for _, s := range p.Said {
			if s == si {
				who = append(who, p.Name)
			}
		}
	}
	switch len(who) {
	case 0:
		return "The report says:"
	case 1:
		return "It comes from " + who[0] + "’s speech:"
	default:
		return fmt.Sprintf("The report gives it as what the %d speakers expressed:", len(who))
	}
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func math32(a, b float64) float64 { return min(a, b) }

// correctTerms maps typed words to report words. It returns the corrected
// words and how sure the correction is overall (IDF-weighted), counting
// words with no close match in the reports as misses.
func correctTerms(ret knowledge.Retriever, words []string) ([]string, float64) {
	var out []string
	var got, total float64
	for _, w := range words {
		c, s := ret.Correct(w)
		idf := ret.IDF(w)
		if s >= 0.8 {
			out = append(out, c)
			idf = ret.IDF(c)
			got += idf * s
		}
		total += idf
	}
	if total == 0 {
		return out, 0
	}
	return out, got / total
}

// hitCoverage is the IDF share of the query terms a hit contains.
func hitCoverage(ret knowledge.Retriever, h knowledge.Hit, terms []string) float64 {
	var got, total float64
	for _, t := range terms {
		idf := ret.IDF(t)
		total += idf
		if contains(h.Matched, t) {
			got += idf
		}
	}
	if total == 0 {
		return 0
	}
	return got / total
}

// sentenceAnswer is the last resort: the sentence that best matches the
// question's words, if it matches enough of them.
func sentenceAnswer(kb *knowledge.KB, q query) Reply {
	topic := q.topicTerms(metaWords, sayWords, aboutWords)
	if len(topic) == 0 {
		return Reply{}
	}
	ret := kb.Retriever()
	terms, known := correctTerms(ret, topic)
	if len(terms) == 0 {
		return Reply{}
	}
	hits := ret.Search(terms, nil, 3)
	if len(hits) == 0 {
		return Reply{}
	}
	// Confidence: how much of the question the reports know at all, times
	// how much of it the best sentence holds, squared so that a sentence
	// sharing one word with a longer question does not pass as an answer.
	cov := known * hitCoverage(ret, hits[0], terms)
	conf := cov * cov
	h := hits[0]
	s := kb.Reports[h.Report].Sentences[h.Sentence].Text
	a := newAnswer(kb, conf)
	a.line(markup.T("The report says: "), markup.B(bestClause(s, h.Matched)))
	a.evidence(h.Report, h.Sentence, h.Matched...)
	return a.reply()
}

// fallback says plainly that the report does not answer, and suggests the
// closest things the bot does know.
func (b *Bot) fallback(kb *knowledge.KB, q query, why string) Reply {
	var d markup.Doc
	if why == "" {
		why = "I can't find that in the report."
		if kb != nil && len(kb.Reports) > 1 {
			why = "I can't find that in the reports."
		}
	}
	d.Para(markup.T(why))
	if kb != nil {
		if sugg := suggestions(kb, q); len(sugg) > 0 {
			d.Para(markup.T("Did you mean: " + strings.Join(sugg, ", ") + "?"))
		}
	}
	d.Para(markup.T("Try "), markup.C("/help"), markup.T(" to see what I can answer."))
	return Reply{Doc: d, Found: false, Confidence: 0}
}

// suggestions are names and key terms close to the question's words.
func suggestions(kb *knowledge.KB, q query) []string {
	var out []string
	for _, p := range matchPeople(kb, q.toks) {
		out = append(out, p.p.Name)
	}
	for _, r := range kb.Reports {
		for _, t := range r.Terms {
			tt := textmatch.Content(t.Text)
			if len(tt) > 0 && len(q.content) > 0 && overlap(q.content, tt) >= 0.5 {
				out = append(out, "“"+t.Text+"”")
			}
		}
	}
	out = uniq(out)
	if len(out) > 4 {
		out = out[:4]
	}
	return out
}

// questionWords are every word that only says what kind of question it is;
// what is left names the topic (and so the report) asked about.
var questionWords = [][]string{presideWords, speakWords, attendWords, organizeWords, whenWords, whereWords,
	sayWords, roleWords, aboutWords, countWords, negWords, futureWords, metaWords,
	{"held", "take", "took", "place", "happen", "happened", "over", "give", "gave", "made", "first", "last", "else"}}

// reportScope picks the reports a question is about. With one report that
// is it. Otherwise the question's topic words (a name, an organisation, a
// place, a term) pick the reports whose sentences match them best; a
// question with no such words ("who presided?") is about the latest report.
func reportScope(kb *knowledge.KB, q query) []int {
	if len(kb.Reports) <= 1 {
		return []int{0}
	}
	var topic []string
	for _, t := range q.topicTerms(questionWords...) {
		if !knowledge.IsEventNoun(t) && !knowledge.IsTitleWord(t) {
			topic = append(topic, t)
		}
	}
	if len(topic) > 0 {
		ret := kb.Retriever()
		terms, _ := correctTerms(ret, topic)
		hits := ret.Search(terms, nil, 50)
		var out []int
		seen := map[int]bool{}
		for _, h := range hits {
			if h.Score >= 0.8*hits[0].Score && !seen[h.Report] {
				seen[h.Report] = true
				out = append(out, h.Report)
			}
		}
		if len(out) > 0 {
			if len(out) > 5 {
				out = out[:5]
			}
			return out
		}
	}
	// "who presided over the forum?": the event's kind can still narrow
	// the reports down, to the latest of that kind.
	if nouns := eventWordsOf(q); len(nouns) > 0 {
		var kind []int
		for ri, r := range kb.Reports {
			for _, t := range textmatch.Tokens(r.Event.What) {
				if contains(nouns, t) || contains(nouns, textmatch.Stem(t)) {
					kind = append(kind, ri)
					break
				}
			}
		}
		if len(kind) > 0 {
			return []int{latestOf(kb, kind)}
		}
	}
	return []int{latestReport(kb)}
}

func latestOf(kb *knowledge.KB, idx []int) int {
	best := idx[0]
	for _, i := range idx[1:] {
		r, b := kb.Reports[i], kb.Reports[best]
		if r.Date > b.Date || r.Date == b.Date && !r.Added.Before(b.Added) {
			best = i
		}
	}
	return best
}

// latestReport is the report with the latest date (then the latest added,
// then the last loaded).
func latestReport(kb *knowledge.KB) int {
	all := make([]int, len(kb.Reports))
	for i := range all {
		all[i] = i
	}
	return latestOf(kb, all)
}
