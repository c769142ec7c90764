package bot

import (
	"strings"

	"github.com/reportbot/reportbot/knowledge"
	"github.com/reportbot/reportbot/knowledge/textmatch"
)

// want is the kind of answer a question asks for.
type want int

const (
	wantPassage want = iota // what was said or done: a clause of a sentence
	wantPerson              // who
	wantDate                // when
	wantPlace               // where
	wantNumber              // how many
	wantAmount              // how much
	wantYesNo               // did / was / is
)

func (w want) String() string {
	return [...]string{"passage", "person", "date", "place", "number", "amount", "yes/no"}[w]
}

// frame is one reading of a question, made once: what kind of answer it
// wants, the predicate it asks about, the people it names, the position
// words, and the topic words left over. Every answerer reads the frame, so
// no answerer re-reads the question its own way.
type frame struct {
	q      query
	want   want
	pred   predicate   // what was done, "" when the question names no act
	people []personRef // people named, strongly
	weak   []personRef // people a part of the question may name
	titles []string    // position words asked about ("chairman")
	// measure is the dimension "how long/high/far …" asks about: the
	// answer is a figure with a unit of it, not a sum of money.
	measure string
	// rest is q without the named people's words; topic is rest's content
	// words less every word that only shapes the question: what the answer
	// must be about.
	rest  query
	topic []string
}

// predicate is an act a question can ask about. The words are ordinary
// English (question side and report side); the side says where the person
// asked about stands to the verb: the giver before it, the receiver after
// "to" or as the subject of a receiving verb.
type predicate string

const (
	predNone     predicate = ""
	predPresided predicate = "presided"
	predSpoke    predicate = "spoke"
	predAttended predicate = "attended"
	predOrganise predicate = "organised"
	predMet      predicate = "met"
	predVisited  predicate = "visited"
	predGave     predicate = "gave"
	predReceived predicate = "received"
	predSaid     predicate = "said"
)

// predicateWords maps question words to the predicate they ask about. The
// first table that holds one of the question's words wins, in this order:
// the more specific acts first.
var predicateWords = []struct {
	pred  predicate
	words []string
}{
	{predMet, []string{"met", "meet", "meets", "meeting with", "talks", "talked", "negotiated", "discussions", "negotiations", "conversation", "spoke with", "talked with"}},
	{predVisited, []string{"visit", "visited", "visits", "toured"}},
	{predSpoke, speakWords},
	{predGave, []string{"grant", "grants", "granted", "award", "awards", "awarded", "present", "presented", "presents", "give", "gave", "donate", "donated", "donates", "confer", "conferred", "bestow", "bestowed", "handed", "issued", "issue", "appointed", "appoint", "welcomed", "welcome"}},
	{predReceived, []string{"receive", "received", "receives", "won", "win", "wins", "accepted", "got"}},
	{predOrganise, organizeWords},
	{predPresided, presideWords},
	{predAttended, attendWords},
	{predSaid, sayWords},
}

// readFrame reads a question once.
func readFrame(kb *knowledge.KB, q query) frame {
	f := frame{q: q}
	people := matchPeople(kb, q.toks)
	for _, p := range people {
		if p.score >= 0.7 {
			f.people = append(f.people, p)
		}
	}
	if len(f.people) == 0 {
		f.weak = people
		if surnameOfOne(people) {
			// "Putin" for "Vladimir Putin", when the reports name no one
			// else so: that person is who the question names.
			f.people, f.weak = people, nil
		}
	}
	nameToks := map[string]bool{}
	for _, p := range f.people {
		for _, t := range p.tokens {
			nameToks[t] = true
		}
	}
	var rest []string
	for _, t := range q.content {
		if !nameToks[t] {
			rest = append(rest, t)
		}
	}
	f.rest = query{raw: q.raw, toks: q.toks, content: rest}
	f.titles = titlesIn(q)
	f.want = wantOf(q)
	f.measure = measureOf(q)
	for _, row := range predicateWords {
		if q.hasExact(row.words) {
			f.pred = row.pred
			break
		}
	}
	f.topic = f.rest.topicTerms(questionWords...)
	return f
}

// hasExact is has without typo forgiveness: the predicate tables are read
// after spelling was corrected once, in parseQuery.
func (q query) hasExact(words []string) bool {
	for _, w := range words {
		if strings.Contains(w, " ") {
			if strings.Contains(" "+strings.Join(q.toks, " ")+" ", " "+w+" ") {
				return true
			}
			continue
		}
		if contains(q.toks, w) {
			return true
		}
	}
	return false
}

// personNouns after "which" ask for people: "which minister attended?".
func isPersonNoun(t string) bool {
	switch textmatch.Stem(t) {
	case "person", "people", "official", "champion", "speaker", "member", "guest", "representative", "delegate", "student", "leader", "expert", "athlete", "winner":
		return true
	}
	return knowledge.IsTitleWord(t)
}

// wantOf is the kind of answer the question's shape asks for.
func wantOf(q query) want {
	toks := q.toks
	for i, t := range toks {
		next := ""
		if i+1 < len(toks) {
			next = toks[i+1]
		}
		switch t {
		case "who", "whom", "whose":
			return wantPerson
		case "when":
			return wantDate
		case "where":
			return wantPlace
		case "how":
			switch next {
			case "many":
				return wantNumber
			case "much", "large", "big", "long", "far", "old", "high", "tall", "deep", "wide", "heavy":
				return wantAmount
			}
		case "which", "what":
			switch {
			case next == "date" || next == "day" || next == "year" || next == "time" || next == "month":
				return wantDate
			case next == "city" || next == "country" || next == "place" || next == "venue" || next == "town" || next == "location":
				return wantPlace
			case next == "number" || next == "percentage" || next == "share":
				return wantNumber
			case next == "amount" || next == "sum" || next == "price" || next == "cost":
				return wantAmount
			case t == "which" && isPersonNoun(next):
				return wantPerson
			}
		case "in", "on", "at", "since":
			if next == "which" || next == "what" {
				continue
			}
		}
		if i == 0 && q.isYesNo() {
			return wantYesNo
		}
	}
	return wantPassage
}

// surnameOfOne reports whether weak matches are all one person (one name,
// perhaps in several reports) matched by the last word of that name.
func surnameOfOne(people []personRef) bool {
	if len(people) == 0 {
		return false
	}
	name := people[0].p.Name
	parts := textmatch.Tokens(name)
	for _, p := range people {
		if p.p.Name != name || len(p.tokens) != 1 || len(parts) < 2 || p.tokens[0] != parts[len(parts)-1] {
			return false
		}
	}
	return true
}

// measureUnits are the units that measure each dimension "how <adj>"
// asks about: data about English, not about any report.
var measureUnits = map[string][]string{
	"long":  {"metre", "metres", "meter", "meters", "m", "km", "kilometre", "kilometres", "kilometer", "kilometers", "mile", "miles", "foot", "feet", "ft", "cm", "centimetres", "hour", "hours", "minute", "minutes", "day", "days", "week", "weeks", "month", "months", "year", "years"},
	"far":   {"metre", "metres", "meter", "meters", "m", "km", "kilometre", "kilometres", "kilometer", "kilometers", "mile", "miles", "foot", "feet"},
	"high":  {"metre", "metres", "meter", "meters", "m", "foot", "feet", "ft", "cm", "centimetres", "storey", "storeys", "stories", "floors"},
	"tall":  {"metre", "metres", "meter", "meters", "m", "foot", "feet", "ft", "cm", "centimetres", "storey", "storeys", "stories", "floors"},
	"deep":  {"metre", "metres", "meter", "meters", "m", "foot", "feet", "ft", "cm", "km"},
	"wide":  {"metre", "metres", "meter", "meters", "m", "foot", "feet", "ft", "cm", "km", "lanes"},
	"heavy": {"kg", "kilogram", "kilograms", "kilo", "kilos", "tonne", "tonnes", "ton", "tons", "gram", "grams", "pound", "pounds", "lb"},
	"old":   {"year", "years", "year-old", "centuries", "century"},
}

// measureOf is the dimension a "how long/high/far …" question asks about.
func measureOf(q query) string {
	for i, t := range q.toks {
		if t == "how" && i+1 < len(q.toks) {
			if _, ok := measureUnits[q.toks[i+1]]; ok {
				return q.toks[i+1]
			}
		}
	}
	return ""
}

// measured keeps the figures whose unit measures the dimension: "4.5
// metres" for "how high", not "12 million euros" in the same sentence.
func measured(spans []span, dim string) []span {
	var out []span
	for _, sp := range spans {
		ws := textmatch.Tokens(sp.text)
		for i, w := range ws {
			if i > 0 && startsWithDigit(ws[i-1]) {
				if contains(measureUnits[dim], w) {
					out = append(out, sp)
					break
				}
			}
		}
	}
	return out
}
