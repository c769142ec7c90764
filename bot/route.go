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
	kb := b.src.KB()
	if kb == nil || len(kb.Reports) == 0 {
		return b.fallback(kb, parseQuery(question, nil), "I have no reports loaded yet.")
	}
	q := parseQuery(question, kb)
	if len(q.toks) == 0 {
		return b.fallback(kb, q, "")
	}
	r := b.route(kb, q)
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

	// Words the reports have never heard of ("Christmas", "phone", "2019")
	// mean the question is about something else: the extracted facts must
	// not answer it. A person's name anchors a specific "does not say".
	if unknown := unknownWords(kb, qr.topicTerms(questionWords...)); len(unknown) > 0 {
		if len(strong) > 0 {
			p := strong[0].p
			a := newAnswer(kb, 0)
			a.line(markup.T("The report does not say anything about "+strings.Join(unknown, " ")+" for "), markup.B(p.Name), markup.T(". "+describe(p)))
			r := a.reply()
			r.Found = false
			return r
		}
		return sentenceAnswer(kb, q)
	}

	if len(strong) == 0 && len(people) > 0 && q.startsWith("who", "whos") && len(q.content) == len(people[0].tokens) {
		// "who is berg": only part of a name; profile() asks "which one?"
		// when several people share it.
		return profile(kb, people, q)
	}
	switch {
	case len(strong) > 0 && q.isYesNo():
		return yesNoPerson(kb, strong[0], qr)
	case len(strong) > 0 && q.has(sayWords) && len(qr.topicTerms(sayWords, metaWords, speakWords)) > 0:
		return personSaid(kb, strong[0], qr.topicTerms(sayWords, metaWords, speakWords))
	case len(strong) > 0 && q.has([]string{"say", "said", "says", "speech", "stress", "stressed", "emphasize", "emphasized"}) && !q.startsWith("who", "whos"):
		return speechAnswer(kb, strong[0])
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
	case (q.startsWith("when") || (q.has(whenWords) && (q.startsWith("what", "which", "on") || len(q.content) <= 3))) && !presentTenseChat(q):
		return whenAnswer(kb, scope, q)
	case q.startsWith("where") || q.has([]string{"venue", "location"}):
		return whereAnswer(kb, scope)
	case q.has(countWords) && q.startsWith("how", "what"):
		if len(q.topicTerms(countWords, speakWords, attendWords, presideWords, metaWords, eventWordsOf(q), []string{"people", "persons", "person", "there"})) > 0 {
			// "How many X …?" where X is not people: only a sentence that
			// states a number can answer.
			return numberAnswer(kb, q)
		}
		return countAnswer(kb, scope, q)
	case q.has(speakWords) && q.has(ordinalWords) && !q.isYesNo():
		return ordinalSpeaker(kb, scope, q)
	case q.startsWith("what") && q.has(speakWords) && q.has(expressWords) && len(strong) == 0:
		return speakersSaid(kb, scope)
	case q.has(presideWords) && !hasOrgTopic(kb, q),
		q.has(chairTitles) && mentionsEvent(q) && len(q.topicTerms(chairTitles, metaWords, eventWordsOf(q))) == 0:
		return presiderAnswer(kb, scope, q)
	case q.has(happenWords) && len(q.topicTerms(happenWords, metaWords, eventWordsOf(q))) == 0:
		return aboutAnswer(kb, scope)
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
	case mentionsEvent(q) && (q.has(aboutWords) || q.startsWith("why") || q.startsWith("what") && contains(q.toks, "for")) &&
		len(q.topicTerms(aboutWords, metaWords, eventWordsOf(q), []string{"held", "for", "why"})) == 0:
		return aboutAnswer(kb, scope)
	}
	if r, ok := termAnswer(kb, q); ok {
		return r
	}
	return sentenceAnswer(kb, q)
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
		if out := reportsCovering(kb, topic, eventWordsOf(q), q.content); len(out) > 0 {
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
		if _, s := ret.Correct(w); s < 0.7 {
			out = append(out, w)
		}
	}
	return out
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
