package bot

import (
	"context"
	"math"
	"sort"
	"strings"

	"github.com/reportbot/reportbot/bot/markup"
	"github.com/reportbot/reportbot/knowledge"
	"github.com/reportbot/reportbot/knowledge/textmatch"
)

// Ask answers a free-text question from the current knowledge.
func (b *Bot) Ask(ctx context.Context, question string) Reply {
	kb := b.kb(ctx)
	if kb == nil || len(kb.Reports) == 0 {
		return b.fallback(kb, parseQuery(question, nil), "I have no reports loaded yet.")
	}
	q := parseQuery(question, kb)
	if len(q.toks) == 0 {
		return b.fallback(kb, q, "")
	}
	r, a := b.route(kb, q)
	if !r.Found && r.Doc.Empty() {
		// Before declining: the sentence that best holds the question's
		// predicate and arguments may hold the span asked for. A passage
		// was already the route's last resort.
		f := a.f
		r = textAnswer(kb, f, a.scope)
		if !r.Found && f.want == wantPerson {
			// Last: the one person the report gives the title asked for.
			r, _ = onlyHolder(kb, q)
		}
		if f.want == wantPassage && r.Confidence < 0.45+0.45*0.8*0.8 {
			r = Reply{}
		}
	}
	if !r.Found && !r.Doc.Empty() {
		// A specific "the report does not say …" beats the generic fallback.
		r.Confidence = 0
		return r
	}
	if !r.Found || r.Confidence < b.opts.MinConfidence {
		return b.fallback(kb, q, "")
	}
	return r
}

// route answers from the first row of the answerers table that takes the
// question. Extracted knowledge answers first; spans of the best-matching
// sentences come where facts cannot answer, and last.
func (b *Bot) route(kb *knowledge.KB, q query) (Reply, *asked) {
	f := readFrame(kb, q)
	scope, latest := reportScopeOf(kb, q)
	a := &asked{kb: kb, q: q, f: f, strong: f.people, qr: f.rest, people: f.weak, scope: scope}
	if len(a.strong) > 0 {
		a.people = a.strong
	}
	for _, row := range answerers {
		if row.when(a) {
			if r, done := row.answer(a); done {
				if latest && r.Found && len(a.strong) == 0 {
					r = fromLatest(kb, scope[0], r)
				}
				return r, a
			}
		}
	}
	return Reply{}, a
}

// fromLatest says, at the head of the answer, that nothing in the question
// chose a report and the latest one answered: "who presided?" over an
// archive is otherwise ambiguous.
func fromLatest(kb *knowledge.KB, ri int, r Reply) Reply {
	if len(r.Doc.Blocks) == 0 || r.Doc.Blocks[0].Kind != markup.Paragraph {
		return r
	}
	lead := markup.T("In the latest report, " + reportLabel(kb.Reports[ri]) + ": ")
	blocks := append([]markup.Block(nil), r.Doc.Blocks...)
	blocks[0].Spans = append([]markup.Span{lead}, blocks[0].Spans...)
	r.Doc.Blocks = blocks
	return r
}

// textFirst says when a sentence's span answers better than the extracted
// facts: acts the facts do not record (met, visited, gave, received), and a
// date or place asked for with topic words the event's own sentence does
// not hold — a sub-event ("when was X sworn in"), not the main event.
func textFirst(kb *knowledge.KB, f frame, scope []int) bool {
	switch f.want {
	case wantPerson:
		if f.pred == predNone && len(f.people) == 0 && len(f.titles) == 0 && f.q.startsWith("who") {
			// "Who designed the flyers?": an act no fact records; the
			// sentence holding it names who did it.
			return true
		}
		return f.pred == predMet || f.pred == predVisited || f.pred == predGave || f.pred == predReceived
	case wantNumber, wantAmount:
		// "How many X …?" where X is not people: only a sentence that
		// states a figure can answer.
		q := f.q
		return f.want == wantAmount || len(q.topicTerms(countWords, speakWords, attendWords, presideWords, metaWords, eventWordsOf(q), []string{"people", "persons", "person", "there"})) > 0
	case wantDate, wantPlace:
		if contains(f.q.toks, "report") {
			return false
		}
		var topic []string
		for _, t := range f.topic {
			if !knowledge.IsEventNoun(t) && !fillerWords[t] {
				topic = append(topic, t)
			}
		}
		if len(f.people) > 0 || f.want == wantPlace && f.pred == predOrganise && !f.q.startsWith("where") {
			// "Which country organised it?": a place that holds an act,
			// told after "by", not the venue.
			return true
		}
		if len(topic) == 0 {
			return false
		}
		if f.want == wantPlace {
			return true
		}
		for _, ri := range scope {
			ev := kb.Reports[ri].Event
			if ev.Sentence < 0 || ev.Sentence >= len(kb.Reports[ri].Sentences) {
				return true
			}
			toks := textmatch.Tokens(kb.Reports[ri].Sentences[ev.Sentence].Text)
			for _, t := range topic {
				if !containsSimilar(toks, t) && !containsStem(toks, t) {
					return true
				}
			}
		}
	}
	return false
}

func containsStem(toks []string, w string) bool {
	st := textmatch.Stem(w)
	for _, t := range toks {
		if textmatch.Stem(t) == st {
			return true
		}
	}
	return false
}

// isWhoIs spots "who is X" / "who was X".
func isWhoIs(q query) bool {
	return len(q.toks) >= 3 && (q.toks[0] == "who" || q.toks[0] == "whos") && (q.toks[1] == "is" || q.toks[1] == "was")
}

func hasTitle(q query) bool { return len(titlesIn(q)) > 0 }

// hasOrgTopic: "who chaired the X committee?" is about an organisation's
// chair, not who presided over the meeting, when words beyond the verb and
// "meeting" remain.
func hasOrgTopic(kb *knowledge.KB, q query) bool {
	if len(q.topicTerms(presideWords, metaWords, eventWordsOf(q), []string{"over", "charge"})) == 0 {
		return false
	}
	// Only a title ("who is the X chairman") or a present-tense lead verb
	// ("who chairs X") asks about an organisation; "who presided over the
	// forum held by X" is about the meeting, and the role search (costly
	// across thousands of reports) is not needed to tell.
	if !hasTitle(q) && !q.has([]string{"chairs", "heads", "leads", "runs"}) {
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

// titlesIn returns the position words a question asks about. A title word
// just before an organisation word names the organisation ("Teachers
// Union", "Workers Party"), not a position.
func titlesIn(q query) []string {
	var out []string
	for i, t := range q.toks {
		if knowledge.IsTitleWord(t) && !(i+1 < len(q.toks) && knowledge.IsOrgWord(q.toks[i+1])) {
			out = append(out, t)
		}
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
	scope, _ := reportScopeOf(kb, q)
	return scope
}

// reportScopeOf is reportScope, and whether nothing in the question chose
// the report: the latest was taken for want of anything better, and the
// reply must say so.
func reportScopeOf(kb *knowledge.KB, q query) (scope []int, latest bool) {
	if len(kb.Reports) <= 1 {
		return []int{0}, false
	}
	var topic []string
	for _, t := range q.topicTerms(questionWords...) {
		if !knowledge.IsEventNoun(t) && !knowledge.IsTitleWord(t) {
			topic = append(topic, t)
		}
	}
	if len(topic) > 0 {
		if out := reportsCovering(kb, topic, eventWordsOf(q), q.content); len(out) > 0 {
			return out, false
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
			return []int{latestOf(kb, kind)}, false
		}
	}
	return []int{latestReport(kb)}, true
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

// fillerWords add nothing to a question and are not report words either.
var fillerWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`main exactly actually really officially please kindly briefly basically
	specifically mainly primarily overall generally else another again also know tell want like could would
	whole entire today event events official officials happen question answer mean means`) {
		fillerWords[w] = true
	}
}

// unknownWords returns the words the reports do not know, even allowing for
// typos; words that only shape a question are never unknown.
func unknownWords(kb *knowledge.KB, words []string) []string {
	ret := kb.Retriever()
	var out []string
	for _, w := range words {
		if lexiconSet[w] || lexiconSet[textmatch.Stem(w)] || knowledge.IsTitleWord(w) || fillerWords[w] || strings.HasSuffix(w, "ly") || len(w) < 3 {
			continue
		}
		// Even a weak resemblance (one wrong letter in a short word) means
		// the word may be a typo of a report word, not a new subject.
		if _, s := ret.Correct(w); s < 0.7 && !knownInAnotherForm(ret, w) {
			out = append(out, w)
		}
	}
	return out
}

// knownInAnotherForm: "limited" is not news to a report that says
// "limitations".
func knownInAnotherForm(ret knowledge.Retriever, w string) bool {
	if len(w) < 5 {
		return false
	}
	// "Chinese" in a report that says "China".
	forms := append(wordForms(w), countryForms(w)...)
	for _, v := range forms {
		if v != w && isReportWord(ret, v) {
			return true
		}
	}
	return false
}

// presentTenseChat spots "what time is it?": present tense and no word for
// the event means the question is about now, not about the report.
func presentTenseChat(q query) bool {
	return (contains(q.toks, "is") || contains(q.toks, "are")) && len(eventWordsOf(q)) == 0 && !contains(q.toks, "report")
}

// reportsCovering ranks reports by how much of the topic they cover across
// their sentences (IDF-weighted: an organisation's name and a date count for
// more than "meeting"), then by how much of it one sentence holds, and
// returns those with the top rank — usually one. A report matching one word
// very well must not beat one matching every word. Ties are broken by the
// event's kind ("roundtable") and by the question's words standing together
// in the sentence ("Eastvale Growers Cooperative" as a phrase, not
// "Growers Cooperative … in Eastvale").
func reportsCovering(kb *knowledge.KB, topic, kinds, asked []string) []int {
	ret := kb.Retriever()
	terms, _ := correctTerms(ret, topic)
	if len(terms) == 0 {
		return nil
	}
	type cover struct {
		report  int
		matched map[string]bool
		best    float64 // best sentence score
		sent    float64 // best single-sentence coverage: the words together
		si      int     // that sentence
		cov     float64 // coverage across the report's sentences
		tie     int     // event kind and phrase matches in that sentence
	}
	var total float64
	for _, t := range terms {
		total += ret.IDF(t)
	}
	by := map[int]*cover{}
	var order []*cover
	for _, h := range ret.Search(terms, nil, 200) {
		c := by[h.Report]
		if c == nil {
			c = &cover{report: h.Report, matched: map[string]bool{}, si: h.Sentence}
			by[h.Report] = c
			order = append(order, c)
		}
		var sent float64
		for _, t := range h.Matched {
			c.matched[t] = true
			sent += ret.IDF(t)
		}
		c.best = max(c.best, h.Score)
		if sent/total > c.sent {
			c.sent, c.si = sent/total, h.Sentence
		}
	}
	var topCov, topSent float64
	for _, c := range order {
		for t := range c.matched {
			c.cov += ret.IDF(t)
		}
		c.cov /= total
		topCov = max(topCov, c.cov)
	}
	for _, c := range order {
		if c.cov >= topCov-1e-9 {
			topSent = max(topSent, c.sent)
		}
	}
	// Only reports level with the best on both coverages can be returned,
	// so only theirs need the (tokenising) tie-break: on a large archive
	// the others are most of the 200 hits.
	for _, c := range order {
		if c.cov >= topCov-1e-9 && c.sent >= topSent-1e-9 {
			c.tie = tieBreak(kb.Reports[c.report].Sentences[c.si].Text, kinds, asked)
		}
	}
	sort.SliceStable(order, func(i, j int) bool {
		a, b := order[i], order[j]
		if math.Abs(a.cov-b.cov) > 1e-9 {
			return a.cov > b.cov
		}
		if math.Abs(a.sent-b.sent) > 1e-9 {
			return a.sent > b.sent
		}
		if a.tie != b.tie {
			return a.tie > b.tie
		}
		return a.best > b.best
	})
	var out []int
	top := order[0]
	for _, c := range order {
		if c.cov < top.cov-1e-9 || c.sent < top.sent-1e-9 || c.tie < top.tie || c.best < 0.9*top.best || len(out) == 3 {
			break
		}
		out = append(out, c.report)
	}
	return out
}

// tieBreak counts how well a sentence fits beyond its words: the event kind
// asked about, and each pair of neighbouring question words that stand
// together in it.
func tieBreak(sentence string, kinds, asked []string) int {
	toks := textmatch.Tokens(sentence)
	n := 0
	for _, k := range kinds {
		if contains(toks, k) {
			n++
		}
	}
	for i := 0; i+1 < len(asked); i++ {
		for j := 0; j+1 < len(toks); j++ {
			if toks[j] == asked[i] && toks[j+1] == asked[i+1] {
				n++
				break
			}
		}
	}
	return n
}
