package bot

import (
	"regexp"
	"slices"
	"strings"

	"github.com/reportbot/reportbot/bot/markup"
	"github.com/reportbot/reportbot/knowledge"
	"github.com/reportbot/reportbot/knowledge/textmatch"
)

// minSpanCoverage is how much of the question (IDF-weighted) the chosen
// sentence must hold before a span of it is offered as the answer: enough
// that a sentence sharing one word with the question is not taken for one
// that answers it.
const minSpanCoverage = 0.6

// minKnown is how much of the question the reports must know at all: a
// verb the report words differently ("watched" for "in front of 14,300
// spectators") may be missing, the things asked about may not.
const minKnown = 0.5

// kindWords name the kind of answer, not its topic: "how many people",
// "what city", "which minister" ask for a span, and the sentence need not
// repeat them.
var kindWords = []string{"many", "much", "number", "amount", "sum", "total", "city", "country", "town", "venue", "place", "location",
	"date", "day", "year", "time", "month", "people", "person", "persons", "someone", "anyone", "money"}

// textAnswer finds the sentence that best holds the frame's predicate and
// arguments and answers with the span of it the frame wants.
func textAnswer(kb *knowledge.KB, f frame, scope []int) Reply {
	if f.want == wantYesNo {
		return Reply{}
	}
	ret := kb.Retriever()
	// Words for reporting speech ("mention", "say") say how the report put
	// it, not what it is about.
	words := f.rest.topicTerms(metaWords, whenWords, whereWords, countWords, futureWords, kindWords, aboutWords, sayWords,
		[]string{"say", "says", "said", "what", "which", "who", "whom", "whose", "how", "did", "does", "do"})
	if f.want == wantDate || f.want == wantPlace {
		// "held", "took place": how any event is told, not which one.
		words = slices.DeleteFunc(words, func(w string) bool {
			return w == "held" || w == "hold" || w == "holds" || w == "meet" || w == "met" || w == "place" || w == "take" || w == "took" || w == "happen" || w == "happened"
		})
	}
	var optional []string // words that rank sentences but need not be there
	if f.measure != "" && contains(words, f.measure) {
		// "the 3 km bridge" answers "how long is the bridge?" without "long".
		words = slices.DeleteFunc(words, func(w string) bool { return w == f.measure })
		optional = append(optional, f.measure)
	}
	// "take part" is one verb, which reports word many ways ("attended
	// by", "from 110 countries"): "part" is not a topic.
	for i, t := range f.q.toks {
		if t == "part" && i > 0 && (f.q.toks[i-1] == "took" || f.q.toks[i-1] == "take" || f.q.toks[i-1] == "taking" || f.q.toks[i-1] == "takes") {
			words = slices.DeleteFunc(words, func(w string) bool { return w == "part" })
			optional = append(optional, "part")
		}
	}
	if f.want == wantNumber {
		// "How many officials …": the counted noun is what the figure must
		// count, even when it is a word that otherwise only shapes a
		// question.
		if n := countedNoun(f.q); n != "" && !contains(words, n) {
			words = append(words, n)
		}
	}
	var exclude []string // names the question gives: the answer is someone else
	for _, p := range f.people {
		exclude = append(exclude, p.p.Name)
		words = append(words, p.tokens...)
	}
	if len(words) == 0 {
		return Reply{}
	}
	// The act asked about must be in the sentence in some form: "who
	// presided?" is not answered by a sentence that only names people.
	var predForms [][]string
	if f.want == wantPerson && f.pred != predNone && f.pred != predSaid {
		for _, row := range predicateWords {
			if row.pred != f.pred {
				continue
			}
			for _, t := range f.q.toks {
				if contains(row.words, t) {
					_, fs, _ := formTerms(ret, []string{t})
					predForms = append(predForms, fs...)
				}
			}
			if f.pred == predOrganise || f.pred == predPresided {
				// Hosting is told as holding, organising, convening.
				_, fs, _ := formTerms(ret, []string{"hosted", "held", "organized", "organised", "convened", "chaired", "moderated", "presided", "sponsored"})
				predForms = append(predForms, fs...)
			}
			if f.pred == predSpoke {
				// Reports tell speech many ways.
				_, fs, _ := formTerms(ret, reportSpeechVerbs)
				predForms = append(predForms, fs...)
			}
		}
	}
	if len(predForms) > 0 {
		// The act is checked on its own, in any of its wordings: it does
		// not count again as a topic word the sentence must repeat.
		for _, row := range predicateWords {
			if row.pred == f.pred {
				for _, w := range words {
					if contains(row.words, w) {
						optional = append(optional, w) // still ranks sentences
					}
				}
				words = slices.DeleteFunc(words, func(w string) bool { return contains(row.words, w) })
			}
		}
		if len(words) == 0 {
			return Reply{}
		}
	}
	terms, forms, known := formTerms(ret, words)
	optTerms, optForms, _ := formTerms(ret, optional)
	terms = append(terms, optTerms...)
	if len(terms) == 0 || known < minKnown {
		return Reply{}
	}
	if len(words) == 1 {
		// One word, matched only through a wrong letter, is too thin a
		// thread: "weather" is not a typo of "weaker".
		if _, s := ret.Correct(words[0]); s < 0.86 && !sharesStem(words[0], forms) {
			return Reply{}
		}
	}
	// "When is the next …?" asks about what is still to come: only a
	// sentence in the future tense can answer it.
	future := f.q.has(futureWords)
	var within []knowledge.Ref
	if len(kb.Reports) > 1 {
		for _, ri := range scope {
			for si := range kb.Reports[ri].Sentences {
				within = append(within, knowledge.Ref{Report: ri, Sentence: si})
			}
		}
	}
	type pick struct {
		h     knowledge.Hit
		cov   float64
		spans []string
		who   []*knowledge.Person
	}
	var best *pick
	for _, h := range ret.Search(terms, within, 12) {
		cov := formCoverage(ret, h, forms)
		if len(predForms) > 0 && formCoverage(ret, h, predForms) == 0 {
			continue
		}
		if cov < minSpanCoverage {
			continue
		}
		cov += 0.05 * formCoverage(ret, h, optForms)
		// Between sentences holding as much, the one holding it closer
		// together: a headline run into the lead sentence holds every name
		// but far apart.
		cov += 0.04 * compactness(termPositions(kb.Reports[h.Report].Sentences[h.Sentence].Text, h.Matched))
		r := kb.Reports[h.Report]
		s := r.Sentences[h.Sentence].Text
		if future && !futureTense(s) {
			continue
		}
		at := termPositions(s, h.Matched)
		var got []string
		var who []*knowledge.Person
		switch f.want {
		case wantNumber, wantAmount:
			spans := figures(s, f.want == wantAmount)
			if f.measure != "" {
				// "How high …?": a figure in a unit of height, ahead of
				// the sum the same sentence gives.
				if m := measured(figures(s, false), f.measure); len(m) > 0 {
					spans = m
					cov += 0.1
				}
			}
			if sp, holds := nearestHolding(spans, at, terms); sp != nil {
				if !holds && known < 0.95 && countedNoun(f.q) != "" {
					// Part of the question is not in the reports: only a
					// figure counting the very thing asked about answers.
					continue
				}
				got = []string{partCounted(s, *sp, f.q)}
				if holds {
					// "110 countries" for "how many countries": the figure
					// counts the very thing asked about.
					cov += 0.1
				}
			}
		case wantDate:
			// A bare year answers "what year" or "since when", not "what date".
			years := !f.q.has([]string{"date", "day"})
			if sp := nearest(notAsked(dateSpans(s, r.Date, years), f.q.content), at); sp != nil {
				got = []string{sp.text}
			}
		case wantPlace:
			if f.pred == predOrganise {
				// "Which country organised it?": the organiser, after "by".
				if sp := byAgent(s); sp != nil {
					got = []string{sp.text}
					break
				}
			}
			if vp := verbPlace(s, askedVerb(f.q)); vp != nil && len(notAsked([]span{*vp}, f.q.content)) > 0 {
				// "Where was it broadcast?": the place after the asked verb.
				got = []string{vp.text}
				cov += 0.1
				break
			}
			if ep := eventPlace(s); ep != nil && (future || !toCome(s, ep.at)) && len(notAsked([]span{*ep}, f.q.content)) > 0 {
				// The place the sentence says the event happened in.
				got = []string{ep.text}
				cov += 0.1
				break
			}
			places := notAsked(placeSpans(s), f.q.content)
			if !future {
				places = slices.DeleteFunc(places, func(sp span) bool { return toCome(s, sp.at) })
			}
			if sp := nearest(places, at); sp != nil {
				got = []string{sp.text}
			}
		case wantPerson:
			if f.pred == predOrganise || f.pred == predPresided || f.pred == predGave {
				if sp := byAgent(s); sp != nil && !containsName(exclude, sp.text) {
					got = []string{sp.text}
					// A person the report names: their full name and role.
					for _, ps := range peopleIn(r, h.Sentence) {
						if ps.at >= sp.at && ps.at < sp.end || sp.at >= ps.at && sp.at < ps.end {
							got, who = []string{ps.text}, []*knowledge.Person{ps.p}
							break
						}
					}
					break
				}
			}
			for _, ps := range chooseActors(s, namesIn(r, h.Sentence, f.q.content), exclude, f, at, h.Matched) {
				got = append(got, ps.text)
				who = append(who, ps.p)
			}
		default:
			got = []string{listClause(s, h.Matched)}
		}
		if len(got) == 0 || best != nil && cov <= best.cov+1e-9 {
			continue
		}
		best = &pick{h, cov, got, who}
	}
	if best == nil {
		return Reply{}
	}
	a := newAnswer(kb, 0.45+0.45*known*min(1, best.cov))
	var line []markup.Span
	for i, s := range best.spans {
		if i > 0 {
			sep := ", "
			if i == len(best.spans)-1 {
				sep = " and "
			}
			line = append(line, markup.T(sep))
		}
		if f.want == wantPassage {
			line = append(line, markup.T(capitalise(s)))
			continue
		}
		line = append(line, markup.B(s))
		if i < len(best.who) && best.who[i] != nil && len(best.who[i].Roles) > 0 {
			line = append(line, markup.T(" ("+roleText(best.who[i])+")"))
		}
	}
	line = append(line, markup.T("."))
	a.line(line...)
	a.evidence(best.h.Report, best.h.Sentence, best.h.Matched...)
	return a.reply()
}

// termPositions are the byte offsets in s where the matched terms (or
// words of their stem) stand.
func termPositions(s string, matched []string) []int {
	ls := strings.ToLower(textmatch.Fold(strings.ToLower(s)))
	var out []int
	for _, t := range matched {
		st := textmatch.Stem(t)
		if len(st) < 3 {
			continue
		}
		for i := 0; ; {
			j := strings.Index(ls[i:], st)
			if j < 0 {
				break
			}
			out = append(out, i+j)
			i += j + len(st)
		}
	}
	return out
}

// nearest is the span closest to where the question's words stand.
func nearest(spans []span, at []int) *span {
	if len(spans) == 0 {
		return nil
	}
	if len(at) == 0 {
		return &spans[0]
	}
	best, bestD := 0, -1
	for i, sp := range spans {
		d := -1
		for _, a := range at {
			var dd int
			switch {
			case a < sp.at:
				dd = sp.at - a
			case a <= sp.end:
				dd = 0
			default:
				dd = a - sp.end
			}
			if d < 0 || dd < d {
				d = dd
			}
		}
		if bestD < 0 || d < bestD {
			best, bestD = i, d
		}
	}
	return &spans[best]
}

// notAsked drops spans made only of the question's own words: "where are
// the NATO ministers meeting?" is not answered by "NATO".
func notAsked(spans []span, asked []string) []span {
	var out []span
	for _, sp := range spans {
		mine := true
		for _, w := range textmatch.Tokens(sp.text) {
			if w != "the" && !containsSimilar(asked, w) {
				mine = false
			}
		}
		if !mine {
			out = append(out, sp)
		}
	}
	return out
}

// nearestHolding prefers a figure whose phrase holds a word asked about
// ("sixty 500ml bottles" for "how many bottles"), then the nearest.
func nearestHolding(spans []span, at []int, terms []string) (*span, bool) {
	var holding []span
	for _, sp := range spans {
		// The counted noun follows the figure within two words ("1,800"
		// is two tokens; "approximately" comes before it).
		ws := textmatch.Tokens(sp.text)
		for len(ws) > 0 && !startsWithDigit(ws[0]) && !numberWords[ws[0]] {
			ws = ws[1:]
		}
		for len(ws) > 1 && startsWithDigit(ws[1]) {
			ws = ws[1:]
		}
		if len(ws) > 3 {
			ws = ws[:3]
		}
		for _, t := range terms {
			if st := textmatch.Stem(t); len(st) >= 3 && containsStem(ws, t) {
				holding = append(holding, sp)
				break
			}
		}
	}
	if len(holding) > 0 {
		return nearest(holding, at), true
	}
	return nearest(spans, at), false
}

// chooseActors picks the people in a sentence who answer "who": not those
// the question names; for a position asked about, the name that stands
// next to the position's words ("Minister of Sport Ana Lima", "Ana Lima,
// Minister of Sport,"); for a giving act, the giver (before the verb, or
// after "by") rather than the one given to.
func chooseActors(s string, people []personSpan, exclude []string, f frame, at []int, matched []string) []personSpan {
	var cands []personSpan
	for _, p := range people {
		// "Ana Lima's successor met them": a possessive names someone else.
		skip := strings.HasPrefix(s[p.end:], "'s") || strings.HasPrefix(s[p.end:], "’s")
		for _, x := range exclude {
			if p.text == x || strings.Contains(x, p.text) || strings.Contains(p.text, x) {
				skip = true
			}
		}
		if !skip {
			cands = append(cands, p)
		}
	}
	if len(f.titles) > 0 && f.pred != predNone {
		var keep []personSpan
		switch f.pred {
		case predAttended, predSpoke, predPresided, predOrganise:
			// "Which minister attended?": only someone holding the title.
			for _, c := range cands {
				if c.p != nil && holdsTitle(c.p, f.titles) {
					keep = append(keep, c)
				}
			}
			return keep
		default:
			// "Who visited the governor?": the title is the other party.
			for _, c := range cands {
				if c.p == nil || !holdsTitle(c.p, f.titles) {
					keep = append(keep, c)
				}
			}
			cands = keep
		}
	}
	if len(f.titles) > 0 && f.pred == predNone {
		// "Who is the X minister?": a position, not an act ("who will
		// grant the rank of general" asks for the giver).
		return besideTitle(s, cands, f.titles, matched, f.q.toks)
	}
	if len(cands) <= 1 {
		return cands
	}
	verb := -1
	if len(at) > 0 {
		verb = at[0]
	}
	ls := strings.ToLower(s)
	switch f.pred {
	case predGave, predOrganise, predPresided:
		// "… was welcomed by Ana Lima" or "Ana Lima welcomed …".
		if by := strings.Index(ls, " by "); by >= 0 && (verb < 0 || by > verb) {
			var after []personSpan
			for _, p := range cands {
				if p.at > by {
					after = append(after, p)
				}
			}
			if len(after) > 0 {
				return after[:1]
			}
		}
		if verb >= 0 {
			var before []personSpan
			for _, p := range cands {
				if p.at < verb {
					before = append(before, p)
				}
			}
			if len(before) > 0 {
				return before[len(before)-1:]
			}
		}
	case predReceived:
		if to := strings.Index(ls, " to "); to >= 0 {
			for _, p := range cands {
				if p.at > to {
					return []personSpan{p}
				}
			}
		}
	}
	return cands
}

// besideTitle finds the name written next to the position asked about: right
// after the title phrase ("Defense Minister Ana Lima") or right before it
// as an appositive ("Ana Lima, the defense minister"). None when no name
// stands there: a name further off may hold another position.
func besideTitle(s string, cands []personSpan, titles, matched, asked []string) []personSpan {
	ls := strings.ToLower(textmatch.Fold(strings.ToLower(s)))
	// The title phrase: from the first to the last matched word around
	// the title word.
	var phrase []int
	for _, t := range titles {
		st := textmatch.Stem(t)
		for i := 0; ; {
			j := strings.Index(ls[i:], st)
			if j < 0 {
				break
			}
			phrase = append(phrase, i+j)
			i += j + len(st)
		}
	}
	var best *personSpan
	bestGap := 1 << 30
	for _, at := range phrase {
		lo, hi := at, at
		for _, m := range matched {
			st := textmatch.Stem(m)
			if j := strings.Index(ls[max(0, at-60):min(len(ls), at+60)], st); j >= 0 && len(st) >= 3 {
				p := max(0, at-60) + j
				lo, hi = min(lo, p), max(hi, p+len(st))
			}
		}
		// "Deputy Mayor" is not the mayor: a modifier not asked for, just
		// before the title phrase, rules the name beside it out.
		if w := lastWord(s[:lo]); rankModifier(w) && !contains(asked, w) {
			continue
		}
		// Extend hi to the end of the word.
		for hi < len(s) && s[hi] != ' ' && s[hi] != ',' {
			hi++
		}
		for i := range cands {
			c := &cands[i]
			var gap int
			switch {
			case c.at >= hi:
				between := s[hi:c.at]
				// "Defense Minister Ana Lima": nothing but the name's own
				// capitalised words between. After a comma the title
				// belongs to the name before it.
				// At the head of a clause, "Chairman of the committee, MK
				// Lima:" sets the name off after the title.
				head := strings.TrimSpace(s[:lo])
				atHead := head == "" || strings.HasSuffix(head, ".") || strings.HasSuffix(head, ":") || strings.HasSuffix(head, ";")
				if atHead && strings.HasPrefix(between, ", ") && !strings.ContainsAny(between[2:], ",;:()") && len(strings.Fields(between)) <= 2 {
					gap = len(strings.TrimSpace(between))
					break
				}
				if strings.ContainsAny(between, ",;:()") || len(strings.Fields(between)) > 2 {
					continue
				}
				gap = len(strings.TrimSpace(between))
			case c.end <= lo:
				between := s[c.end:lo]
				// "Ana Lima, the minister" or "Ana Lima (minister)".
				if !strings.Contains(between, ",") && !strings.Contains(between, "(") {
					continue
				}
				if len(between) > 30 {
					continue
				}
				gap = len(strings.TrimSpace(between)) + 1
			default:
				continue
			}
			if gap < bestGap {
				best, bestGap = c, gap
			}
		}
	}
	if best == nil {
		return nil
	}
	return []personSpan{*best}
}

// listClause is the clause holding most of the matched words, carried on
// through a list that follows it ("… are A, B, C and D"), so a list is not
// cut at its first comma.
func listClause(s string, matched []string) string {
	clauses := strings.Split(strings.TrimRight(s, "."), ", ")
	best, bestN := 0, -1
	for i, c := range clauses {
		n := 0
		cl := strings.ToLower(textmatch.Fold(strings.ToLower(c)))
		for _, t := range matched {
			if strings.Contains(cl, textmatch.Stem(t)) {
				n++
			}
		}
		if n > bestN {
			best, bestN = i, n
		}
	}
	end := best + 1
	for end < len(clauses) && len(strings.Fields(clauses[end])) <= 4 {
		end++
	}
	if end < len(clauses) && auxWords[lastWord(clauses[best])] {
		// "the council will, among others, vote on …": the clause breaks
		// off at its auxiliary; what it says is in the next.
		end++
	}
	// A clause too short to say anything ("the council will") runs on
	// into the next.
	for end < len(clauses) && len(strings.Fields(strings.Join(clauses[best:end], " "))) < 6 {
		end++
	}
	return strings.TrimSpace(strings.Join(clauses[best:end], ", "))
}

// lastWord is the last word of s, lower-cased.
func lastWord(s string) string {
	f := strings.Fields(s)
	if len(f) == 0 {
		return ""
	}
	return strings.ToLower(strings.Trim(f[len(f)-1], ",.;:()"))
}

// rankModifier words make a title another position: a deputy mayor is not
// the mayor.
func rankModifier(w string) bool {
	switch w {
	case "vice", "deputy", "assistant", "former", "acting", "honorary", "ex", "first-deputy", "vice-":
		return true
	}
	return false
}

var reportSpeechVerbs = []string{"said", "says", "told", "stated", "noted", "remarked", "addressed", "speech", "announced", "declared", "emphasized", "stressed", "explained", "added", "warned", "urged", "insisted", "argued", "pointed", "called"}

// formTerms maps the question's words to the report's words: the word
// itself or its typo's correction, and the other forms of it the reports
// use ("donated" → "donations", "limited" → "limitations"). forms holds
// each question word's report words, for coverage; known is the
// IDF-weighted share of question words the reports hold in some form.
func formTerms(ret knowledge.Retriever, words []string) (terms []string, forms [][]string, known float64) {
	var got, total float64
	for _, w := range words {
		var fs []string
		if c, s := ret.Correct(w); s >= 0.8 {
			fs = append(fs, c)
		}
		if len(w) >= 5 {
			for _, v := range wordForms(w) {
				if v == w || contains(fs, v) {
					continue
				}
				if isReportWord(ret, v) {
					fs = append(fs, v)
				}
			}
		}
		idf := ret.IDF(w)
		if len(fs) > 0 {
			idf = ret.IDF(fs[0])
			got += idf
		}
		total += idf
		forms = append(forms, fs)
		terms = append(terms, fs...)
	}
	if total > 0 {
		known = got / total
	}
	return uniq(terms), forms, known
}

// wordForms are the inflections and derived nouns of a word's base:
// "donated" → "donate", "donation", "donations", ….
func wordForms(w string) []string {
	base := w
	for _, suf := range []string{"ations", "ation", "ions", "ion", "ings", "ing", "ances", "ance", "ences", "ence", "ments", "ment", "ed", "es", "s", "e"} {
		if strings.HasSuffix(w, suf) && len(w)-len(suf) >= 4 {
			base = w[:len(w)-len(suf)]
			break
		}
	}
	var out []string
	for _, suf := range []string{"", "e", "ed", "es", "s", "ing", "ion", "ions", "ation", "ations", "er", "ers", "or", "ors", "ance", "ence", "ee", "ees", "ment", "ments"} {
		out = append(out, base+suf)
	}
	return out
}

// formCoverage is the IDF share of question words a hit holds in some form.
func formCoverage(ret knowledge.Retriever, h knowledge.Hit, forms [][]string) float64 {
	var got, total float64
	for _, fs := range forms {
		if len(fs) == 0 {
			continue
		}
		idf := ret.IDF(fs[0])
		total += idf
		for _, f := range fs {
			if contains(h.Matched, f) {
				got += idf
				break
			}
		}
	}
	if total == 0 {
		return 0
	}
	return got / total
}

// compactness is 1 when the positions lie within 80 bytes, less as they
// spread.
func compactness(at []int) float64 {
	if len(at) < 2 {
		return 1
	}
	lo, hi := at[0], at[0]
	for _, a := range at {
		lo, hi = min(lo, a), max(hi, a)
	}
	return min(1, 80/float64(hi-lo+1))
}

// isReportWord says whether some sentence holds the word (by its stem). It
// asks only for a document frequency, which an index answers from one
// posting list: trying a word's many forms through Correct would search
// the vocabulary for near spellings of each.
func isReportWord(ret knowledge.Retriever, w string) bool {
	return ret.IDF(w) < ret.IDF("\x00")-1e-9
}

func containsName(names []string, s string) bool {
	for _, n := range names {
		if strings.Contains(s, n) || strings.Contains(n, s) {
			return true
		}
	}
	return false
}

func startsWithDigit(w string) bool { return w != "" && w[0] >= '0' && w[0] <= '9' }

// holdsTitle: one of the person's roles has every title word asked.
func holdsTitle(p *knowledge.Person, titles []string) bool {
	for _, r := range p.Roles {
		if hasEveryStem(textmatch.Tokens(r.Title+" "+r.Text), titles) {
			return true
		}
	}
	return false
}

// partOfRe is the part of a "23 of the 40 planned clinics" figure before
// the whole: the part's own number.
var partOfRe = regexp.MustCompile(`(?i)\b(\d[\d,.]*|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)\s+of\s+(?:the\s+)?$`)

// partCounted picks, in "23 of the 40 planned clinics have been
// completed", the figure the question counts. The whole (40) is counted by
// the word that qualifies it ("planned"); the part (23) by the sentence's
// verb. Unless the question asks with the qualifier, it is the part.
func partCounted(s string, sp span, q query) string {
	m := partOfRe.FindStringSubmatch(s[:sp.at])
	if m == nil {
		return sp.text
	}
	ws := textmatch.Tokens(sp.text)
	for len(ws) > 0 && (startsWithDigit(ws[0]) || numberWords[ws[0]]) {
		ws = ws[1:]
	}
	if len(ws) > 1 {
		// A participle between the figure and its noun ("planned",
		// "registered") is what counts the whole.
		for _, w := range ws[:len(ws)-1] {
			if strings.HasSuffix(w, "ed") && containsSimilar(q.content, w) {
				return sp.text
			}
		}
	}
	return m[1] + " (of the " + sp.text + ")"
}

// auxWords end a clause that has not yet said its verb.
var auxWords = map[string]bool{"will": true, "would": true, "must": true, "shall": true, "should": true, "can": true, "could": true,
	"may": true, "might": true, "has": true, "have": true, "had": true, "is": true, "are": true, "was": true, "were": true, "also": true}

// askedVerb is the verb a "where was/did … <verb>?" question ends on, when
// it is not one of the ways any event is told (held, met, took place):
// those are the event's own place, which eventPlace reads.
func askedVerb(q query) []string {
	n := len(q.toks)
	if n < 3 || !q.startsWith("where") || textmatch.IsStopword(q.toks[n-2]) && !contains([]string{"was", "were", "is", "are", "be", "been"}, q.toks[n-2]) {
		// "… held on Saturday?": the last word is not the verb.
		return nil
	}
	v := q.toks[n-1]
	if monthOrDay(v) {
		return nil
	}
	switch v {
	case "held", "hold", "meet", "met", "meeting", "place", "happen", "happened", "located", "situated", "organised", "organized", "take", "took":
		return nil
	}
	return []string{v}
}

// sharesStem says w is in the reports in another form of itself
// ("donated" as "donations"), not only through a wrong letter.
func sharesStem(w string, forms [][]string) bool {
	st := textmatch.Stem(w)
	if len(st) < 4 {
		return false
	}
	for _, fs := range forms {
		for _, f := range fs {
			if strings.HasPrefix(f, st) {
				return true
			}
		}
	}
	return false
}
