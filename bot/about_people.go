package bot

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"

	"github.com/reportbot/reportbot/bot/markup"
	"github.com/reportbot/reportbot/knowledge"
	"github.com/reportbot/reportbot/knowledge/textmatch"
)

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
	// The same person in the same role across several reports is one answer.
	seen := map[string]bool{}
	for _, m := range matches {
		key := strings.ToLower(m.p.Name + "|" + m.role.Text)
		if m.score >= top-0.02 && !seen[key] {
			seen[key] = true
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

// profile answers "who is X": roles as stated, then what they did. A
// weak match shared by several people asks which one is meant.
func profile(kb *knowledge.KB, people []personRef, q query) Reply {
	var names []string
	for _, p := range people {
		names = append(names, p.p.Name)
	}
	names = uniq(names)
	if len(names) > 1 && people[0].score < 0.9 {
		a := newAnswer(kb, 0.6)
		a.line(markup.T("Several people match: "), markup.B(strings.Join(names, ", ")), markup.T(". Which one do you mean?"))
		return a.reply()
	}
	// One name in several reports is one person: describe them as the
	// latest report does.
	m := people[0]
	for _, p := range people[1:] {
		if p.p.Name == m.p.Name && p.score >= m.score-0.05 && latestOf(kb, []int{m.report, p.report}) == p.report {
			m = p
		}
	}
	p := m.p
	a := newAnswer(kb, 0.5+0.45*m.score)
	line := []markup.Span{markup.B(p.Name)}
	textRole, textSi := "", -1
	if len(p.Roles) > 0 {
		line = append(line, markup.T(" is "+roleText(p)+"."))
	} else if textRole, textSi = roleFromText(kb.Reports[m.report], p); textRole != "" {
		line = append(line, markup.T(" is "+textRole+"."))
	} else {
		line = append(line, markup.T(" is named in the report, which gives no role."))
	}
	if act := actionPhrase(p); act != "" {
		line = append(line, markup.T(" At the "+eventNoun(kb.Reports[m.report])+", "+p.Name+" "+act+"."))
	}
	a.line(line...)
	if apps := appearances(kb, m); len(apps) > 1 {
		// An archive: every report that names them, newest first.
		a.line(markup.T("Named in " + strconv.Itoa(len(apps)) + " reports, newest first:"))
		a.doc.List(acrossItems(kb, apps)...)
	}
	si := -1
	if len(p.Roles) > 0 {
		si = p.Roles[0].Sentence
	} else if textSi >= 0 {
		si = textSi
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

// eventNoun is the report's own word for the gathering ("symposium").
func eventNoun(r *knowledge.Report) string {
	for _, t := range textmatch.Tokens(r.Event.What) {
		if knowledge.IsEventNoun(t) {
			return t
		}
	}
	return "meeting"
}

// yesNoPerson answers "did X speak/preside/attend?" and "is X the Y?"
// with Yes or No first, then the evidence.
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
	// "Is X the chairman of Y?": check the role the question names.
	titles := titlesIn(q)
	terms := q.topicTerms(roleWords, metaWords, titles, eventWordsOf(q))
	if len(titles) > 0 || len(terms) > 0 {
		best, bestRole := 0.0, (*knowledge.Role)(nil)
		look := kb.Lookup()
		weight := func(t string) float64 {
			df, n := look.RoleDF(t)
			return math.Log(1 + float64(n+1)/float64(df+1))
		}
		for ri := range p.Roles {
			if s := roleScore(&p.Roles[ri], terms, titles, weight); s > best {
				best, bestRole = s, &p.Roles[ri]
			}
		}
		if bestRole != nil && best >= 0.6 {
			a.line(markup.B("Yes"), markup.T(" — "+p.Name+" is "+bestRole.Text+"."))
			a.evidence(m.report, bestRole.Sentence, p.Name)
			return a.reply()
		}
		// "No" only when the question is about a role at all; "is X
		// married?" is simply not something the report says.
		aboutRoles := len(titles) > 0
		for _, t := range terms {
			if df, _ := look.RoleDF(t); df > 0 {
				aboutRoles = true
			}
		}
		if !aboutRoles {
			a.line(markup.T("The report does not say whether "+p.Name+" is "+strings.Join(terms, " ")+". "), markup.T(describe(p)))
			r := a.reply()
			r.Found, r.Confidence = false, 0
			return r
		}
		a.line(markup.B("No"), markup.T(" — the report does not say so. "+describe(p)))
		if len(p.Roles) > 0 {
			a.evidence(m.report, p.Roles[0].Sentence, p.Name)
		}
		return a.reply()
	}
	return profile(kb, []personRef{m}, q)
}

// speechAnswer gives the start of what a person said, for "what did X say?".
func speechAnswer(kb *knowledge.KB, m personRef) Reply {
	p := m.p
	if len(p.Said) == 0 {
		a := newAnswer(kb, 0.7)
		a.line(markup.T("The report does not quote "), markup.B(p.Name), markup.T(". "+describe(p)))
		r := a.reply()
		r.Found = false
		return r
	}
	// Quoted words first: "presided and delivered a speech" is narration.
	said := p.Said
	if q, ok := did(p, knowledge.Quoted); ok {
		for i, si := range said {
			if si >= q.Sentence {
				said = said[i:]
				break
			}
		}
	}
	a := newAnswer(kb, 0.85)
	first := kb.Reports[m.report].Sentences[said[0]].Text
	a.line(markup.B(p.Name), markup.T(" said: "), markup.I(shortenText(first, 200)))
	for i, si := range said {
		if i == 3 {
			break
		}
		a.evidence(m.report, si, p.Name)
	}
	if len(said) > 3 {
		a.line(markup.T(fmt.Sprintf("(%d more sentences; ask about a topic, e.g. “what did %s say about …?”)", len(said)-3, p.Name)))
	}
	return a.reply()
}

// describe sums up a person in one sentence, for a "No" answer.
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

// personSaid finds what a person said about a topic, searching their
// speech first and then any sentence that names them.
func personSaid(kb *knowledge.KB, m personRef, topic []string) Reply {
	p := m.p
	ret := kb.Retriever()
	terms, cov := correctTerms(ret, topic)
	// Their speech, and any sentence that names them (by name or by
	// surname alone: extraction may not have tied every mention to them).
	// An empty scope must not mean "search everything": someone the report
	// never names said nothing about the topic.
	r := kb.Reports[m.report]
	said := map[int]bool{}
	var within []knowledge.Ref
	for _, si := range p.Said {
		said[si] = true
		within = append(within, knowledge.Ref{Report: m.report, Sentence: si})
	}
	for si := range r.Sentences {
		if said[si] {
			continue
		}
		for _, ps := range peopleIn(r, si) {
			if ps.p == p {
				within = append(within, knowledge.Ref{Report: m.report, Sentence: si})
				break
			}
		}
	}
	var hits []knowledge.Hit
	if len(within) > 0 && len(terms) > 0 {
		hits = ret.Search(terms, within, 6)
	}
	if len(hits) == 0 {
		a := newAnswer(kb, 0.7)
		a.line(markup.T("The report does not say what "), markup.B(p.Name), markup.T(" said about "+strings.Join(topic, " ")+"."))
		r := a.reply()
		r.Found = false
		return r
	}
	// The sentence holding most of the topic; their own speech wins a tie.
	best, bestCov := hits[0], -1.0
	for _, h := range hits {
		c := hitCoverage(ret, h, terms)
		if said[h.Sentence] {
			c += 0.01
		}
		if c > bestCov {
			best, bestCov = h, c
		}
	}
	a := newAnswer(kb, 0.5+0.45*cov*hitCoverage(ret, best, terms))
	s := r.Sentences[best.Sentence].Text
	// Their sentence about it is the answer: a clause or a quote of it may
	// miss what was asked ("… should be aimed at coal and oil").
	a.line(markup.B(p.Name), markup.T(" on "+strings.Join(topic, " ")+": "), markup.I(excerpt(s, best.Matched...)))
	a.sources = append(a.sources, Source{Report: r.ID, Sentence: s})
	// A quote opened and not closed goes on in the next sentences: what
	// they said about it is the whole quote.
	open := s
	for next := best.Sentence + 1; next < len(r.Sentences) && next <= best.Sentence+2 && quoteOpen(open); next++ {
		ns := r.Sentences[next].Text
		if !strings.ContainsFunc(ns, unicode.IsLetter) {
			break
		}
		a.line(markup.I(shortenText(ns, 300)))
		a.sources = append(a.sources, Source{Report: r.ID, Sentence: ns})
		open += " " + ns
	}
	a.reports[best.Report] = true
	return a.reply()
}

// personItem is a person's line in a list: name, roles, presided mark.
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

// actorsIn returns the people who do something in a sentence, else those
// it merely names.
func actorsIn(r *knowledge.Report, si int) []*knowledge.Person {
	var acting, named []*knowledge.Person
	for pi := range r.People {
		p := &r.People[pi]
		for _, a := range p.Actions {
			if a.Sentence == si {
				acting = append(acting, p)
				break
			}
		}
		for _, s := range p.Sentences {
			if s == si {
				named = append(named, p)
				break
			}
		}
	}
	if len(acting) > 0 {
		return acting
	}
	return named
}

// onlyHolder answers "who is the governor of X?" when the one person the
// report gives that title holds it without the organisation written beside
// it ("governor Ana Lima" here, "the governor of X" in the headline). It
// says so, so a reader can judge; with two holders it does not guess.
func onlyHolder(kb *knowledge.KB, q query) (Reply, bool) {
	titles := titlesIn(q)
	terms := q.topicTerms(speakWords, attendWords, roleWords, metaWords, titles, eventWordsOf(q), []string{"spoke", "for", "from", "represented"})
	if len(titles) == 0 || len(terms) == 0 || len(kb.Reports) != 1 {
		return Reply{}, false
	}
	for _, t := range titles {
		if leaderWords[textmatch.Stem(t)] || t == "chief" {
			return Reply{}, false // "head", "chief": any title would fit
		}
	}
	r := kb.Reports[0]
	var holders []*knowledge.Person
	var roles []*knowledge.Role
	for pi := range r.People {
		p := &r.People[pi]
		for ri := range p.Roles {
			if tt := textmatch.Tokens(p.Roles[ri].Title); hasEveryStem(tt, titles) && titleFit(titles, tt) == 1 {
				holders = append(holders, p)
				roles = append(roles, &p.Roles[ri])
				break
			}
		}
	}
	if len(holders) != 1 {
		return Reply{}, false
	}
	// The organisation asked about must be in the report beside the
	// title somewhere, or the question is about someone else's governor.
	ret := kb.Retriever()
	hits := ret.Search(append(append([]string(nil), titles...), terms...), nil, 3)
	if len(hits) == 0 || hitCoverage(ret, hits[0], append(append([]string(nil), titles...), terms...)) < 0.99 {
		return Reply{}, false
	}
	p := holders[0]
	// A role naming another body ("Nuremberg Mayor" for "the mayor of
	// Veitshöchheim") is another position: no guess.
	var extra []string
	for _, w := range textmatch.Content(roles[0].Text) {
		if !containsStem(titles, w) && !rankModifier(w) {
			extra = append(extra, w)
		}
	}
	if len(extra) > 0 && overlap(terms, extra) == 0 {
		return Reply{}, false
	}
	a := newAnswer(kb, 0.6)
	a.line(markup.B(p.Name), markup.T(", "+roles[0].Text+", is the only "+strings.Join(titles, " ")+" the report names."))
	a.evidence(0, hits[0].Sentence)
	a.evidence(0, roles[0].Sentence, p.Name)
	return a.reply(), true
}

func hasEveryStem(toks, want []string) bool {
	if len(toks) == 0 {
		return false
	}
	for _, w := range want {
		if !containsStem(toks, w) {
			return false
		}
	}
	return true
}

// quoteOpen says s opens a quotation it does not close.
func quoteOpen(s string) bool {
	if o, c := strings.Count(s, "“"), strings.Count(s, "”"); o+c > 0 {
		return o > c
	}
	return strings.Count(s, "\"")%2 == 1
}
