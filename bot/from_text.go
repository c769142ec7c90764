package bot

import (
	"fmt"
	"strings"

	"github.com/reportbot/reportbot/bot/markup"
	"github.com/reportbot/reportbot/knowledge"
	"github.com/reportbot/reportbot/knowledge/textmatch"
)

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
		s := min(overlap(tt, topic), overlap(topic, tt))
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
	// Words that only shape the question ("time" in "what time …") must not
	// find a sentence on their own.
	topic := q.topicTerms(metaWords, sayWords, aboutWords, whenWords, whereWords, countWords, futureWords)
	if len(topic) == 0 {
		return Reply{}
	}
	ret := kb.Retriever()
	terms, known := correctTerms(ret, topic)
	if len(terms) == 0 {
		return Reply{}
	}
	if len(topic) == 1 {
		// One word, matched only through a wrong letter, is too thin a
		// thread: "weather" is not a typo of "weaker".
		if _, s := ret.Correct(topic[0]); s < 0.86 {
			return Reply{}
		}
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
	if who := notPossessive(kb.Reports[h.Report], h.Sentence, actorsIn(kb.Reports[h.Report], h.Sentence)); q.isWho() && len(who) > 0 {
		// "Who gave the report on X?": the person the sentence names is the
		// answer; the clause is the evidence.
		var spans []markup.Span
		for i, p := range who {
			if i > 0 {
				spans = append(spans, markup.T(", "))
			}
			spans = append(spans, markup.B(p.Name))
			if len(p.Roles) > 0 {
				spans = append(spans, markup.T(" ("+roleText(p)+")"))
			}
		}
		spans = append(spans, markup.T(": "+listClause(s, h.Matched)))
		a.line(spans...)
	} else {
		a.line(markup.T("The report says: "), markup.B(listClause(s, h.Matched)))
	}
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
	// Only terms sharing a (typo-tolerant) word with the question can
	// overlap it; the index finds those without a pass over every term.
	if len(q.content) > 0 {
		for _, ref := range kb.Lookup().TermsWith(q.content) {
			t := &kb.Reports[ref.Report].Terms[ref.Term]
			tt := textmatch.Content(t.Text)
			if len(tt) > 0 && overlap(q.content, tt) >= 0.5 {
				out = append(out, "“"+t.Text+"”")
			}
		}
	}
	// Never offer what was typed: "Did you mean X?" to "X" helps no one.
	typed := " " + textmatch.Normalize(q.raw) + " "
	keep := out[:0]
	for _, o := range uniq(out) {
		if !strings.Contains(typed, " "+textmatch.Normalize(o)+" ") {
			keep = append(keep, o)
		}
	}
	out = keep
	if len(out) > 4 {
		out = out[:4]
	}
	return out
}

// numberWords are counts written as words.
var numberWords = map[string]bool{"two": true, "three": true, "four": true, "five": true, "six": true, "seven": true,
	"eight": true, "nine": true, "ten": true, "eleven": true, "twelve": true, "dozen": true, "hundred": true, "thousand": true,
	"million": true, "billion": true, "percent": true}

// notPossessive drops the people a sentence names only in the possessive:
// in "Ana Lima's deputy met them" Lima is not who met them.
func notPossessive(r *knowledge.Report, si int, people []*knowledge.Person) []*knowledge.Person {
	s := r.Sentences[si].Text
	possessive := map[*knowledge.Person]bool{}
	for _, ps := range peopleIn(r, si) {
		if strings.HasPrefix(s[ps.end:], "'s") || strings.HasPrefix(s[ps.end:], "’s") {
			possessive[ps.p] = true
		}
	}
	var out []*knowledge.Person
	for _, p := range people {
		if !possessive[p] {
			out = append(out, p)
		}
	}
	return out
}
