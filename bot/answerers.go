package bot

import (
	"slices"
	"strings"

	"github.com/reportbot/reportbot/knowledge/textmatch"

	"github.com/reportbot/reportbot/bot/markup"
	"github.com/reportbot/reportbot/knowledge"
)

// asked is a question as the answerers see it: the frame read once, and
// the reports it is about.
type asked struct {
	kb     *knowledge.KB
	q      query
	f      frame
	scope  []int
	strong []personRef // people the question names
	people []personRef // those, or the weak matches when none is strong
	qr     query       // the question without the named people's words
}

// answerer is one row of the routing table: when it takes a question, and
// how it answers. done=false passes the question on to the next row (an
// answerer that found nothing to say).
type answerer struct {
	name   string
	when   func(a *asked) bool
	answer func(a *asked) (r Reply, done bool)
}

func always(*asked) bool { return true }

// done wraps an answer that ends the search, found or not.
func done(r Reply) (Reply, bool) { return r, true }

// ifFound ends the search only with an answer.
func ifFound(r Reply) (Reply, bool) { return r, r.Found }

// answerers is every kind of question in order, the most specific first.
// A reader sees here which question goes where.
var answerers = []answerer{
	{"curated question", always, func(a *asked) (Reply, bool) { return curatedAnswer(a.kb, a.q) }},
	// Before unknown words: the verb ("came", "dressed") may be one the
	// report never uses; "<name> as <part>" in a sentence is the evidence.
	{"who came as <part>?", func(a *asked) bool { return len(asPhrase(a.q)) > 0 },
		func(a *asked) (Reply, bool) { return ifFound(asAnswer(a.kb, asPhrase(a.q), a.scope)) }},
	{"words the reports never use", func(a *asked) bool {
		// Most of what is asked about unknown: a question about something
		// else. One unknown word among known ones ("target" where the
		// report says "aimed at") is a paraphrase.
		about := askedAbout(a)
		n := len(unknownWords(a.kb, about))
		return n > 0 && (len(a.strong) == 0 || 2*n >= len(about))
	},
		func(a *asked) (Reply, bool) {
			// Words the reports have never heard of ("Christmas", "phone")
			// mean the question is about something else: the extracted facts
			// must not answer it. A person's name anchors a "does not say".
			if len(a.strong) > 0 {
				unknown := unknownWords(a.kb, askedAbout(a))
				p := a.strong[0].p
				ans := newAnswer(a.kb, 0)
				ans.line(markup.T("The report does not say anything about "+strings.Join(unknown, " ")+" for "), markup.B(p.Name), markup.T(". "+describe(p)))
				r := ans.reply()
				r.Found = false
				return done(r)
			}
			return done(sentenceAnswer(a.kb, a.q))
		}},
	{"who is <part of a name>", func(a *asked) bool {
		return len(a.strong) == 0 && len(a.people) > 0 && a.q.startsWith("who", "whos") && len(a.q.content) == len(a.people[0].tokens)
	}, func(a *asked) (Reply, bool) { return done(profile(a.kb, a.people, a.q)) }},
	{"who is <a name extraction did not keep>", func(a *asked) bool { return len(a.strong) == 0 && isWhoIs(a.q) && !hasTitle(a.q) },
		func(a *asked) (Reply, bool) { return ifFound(whoisFromText(a.kb, a.f, a.scope)) }},
	{"acts the facts do not record; sub-event dates and places; figures", func(a *asked) bool { return textFirst(a.kb, a.f, a.scope) },
		func(a *asked) (Reply, bool) { return ifFound(textAnswer(a.kb, a.f, a.scope)) }},
	{"which meetings did <person> attend?", func(a *asked) bool { return len(a.strong) > 0 && len(a.kb.Reports) > 1 && asksWhichEvents(a.q) },
		func(a *asked) (Reply, bool) { return ifFound(personAcross(a.kb, a.strong[0])) }},
	{"did <person> …?", func(a *asked) bool { return len(a.strong) > 0 && a.q.isYesNo() },
		func(a *asked) (Reply, bool) { return done(yesNoPerson(a.kb, a.strong[0], a.qr)) }},
	{"what did <person> <act>?", func(a *asked) bool {
		// "What did X report/announce/promise?": X's sentence holding that
		// act, even when the verb is a word that otherwise shapes a
		// question ("report").
		return len(a.strong) > 0 && a.f.want == wantPassage && a.q.startsWith("what") && actAsked(a.q, a.strong[0]) != ""
	}, func(a *asked) (Reply, bool) {
		return ifFound(personActAnswer(a.kb, a.strong[0], actAsked(a.q, a.strong[0])))
	}},
	{"what did <person> <verb>?", func(a *asked) bool {
		return len(a.strong) > 0 && a.f.want == wantPassage && a.q.startsWith("what") &&
			len(a.qr.topicTerms(sayWords, metaWords, speakWords)) == 0 && len(a.qr.topicTerms(metaWords)) > 0
	}, func(a *asked) (Reply, bool) {
		if r := textAnswer(a.kb, a.f, a.scope); r.Found {
			return done(r)
		}
		return done(speechAnswer(a.kb, a.strong[0]))
	}},
	{"what did <person> say about <topic>?", func(a *asked) bool {
		return len(a.strong) > 0 && a.f.want == wantPassage && a.q.has(sayWords) && len(a.qr.topicTerms(sayWords, metaWords, speakWords)) > 0
	}, func(a *asked) (Reply, bool) {
		return done(personSaid(a.kb, a.strong[0], a.qr.topicTerms(sayWords, metaWords, speakWords)))
	}},
	{"what did <person> say?", func(a *asked) bool {
		return len(a.strong) > 0 && a.q.has([]string{"say", "said", "says", "speech", "stress", "stressed", "emphasize", "emphasized"}) && !a.q.startsWith("who", "whos")
	}, func(a *asked) (Reply, bool) { return done(speechAnswer(a.kb, a.strong[0])) }},
	{"who is the <title> of <name>?", func(a *asked) bool {
		return len(a.strong) > 0 && a.q.isWho() && len(a.f.titles) > 0 && !holdsTitle(a.strong[0].p, a.f.titles) && ofBefore(a.q, a.strong[0].tokens)
	}, func(a *asked) (Reply, bool) {
		// "Who is the president of X?" where X is named but holds no such
		// title: X is the body, the answer its president, if anyone.
		if r, ok := roleAnswer(a.kb, a.q); ok {
			return done(r)
		}
		return done(Reply{})
	}},
	{"what/which … did <person> <verb>?", func(a *asked) bool {
		return len(a.strong) > 0 && a.f.want == wantPassage && a.q.startsWith("what", "which") && len(a.qr.topicTerms(metaWords)) > 0
	}, func(a *asked) (Reply, bool) {
		// "Which markets did X suggest developing?": the sentence where X
		// does it, not X's profile.
		return ifFound(textAnswer(a.kb, a.f, a.scope))
	}},
	{"<person> [topic]", func(a *asked) bool { return len(a.strong) > 0 && !a.q.has(whenWords) && !a.q.has(whereWords) },
		func(a *asked) (Reply, bool) {
			// "<name> democratic reform": what they said about it, if anything.
			if topic := a.qr.topicTerms(roleWords, metaWords, sayWords, speakWords, aboutWords); len(topic) > 0 && !a.q.startsWith("who", "whos") {
				// Without "say"/"about" in the question, only a sentence
				// holding every topic word is clearly what was asked for.
				if r := personSaid(a.kb, a.strong[0], topic); r.Found && r.Confidence >= 0.9 {
					return done(r)
				}
				if a.q.startsWith("what") {
					// "What is X's first name?": something about X the
					// report does not give; their profile is not the answer.
					p := a.strong[0].p
					ans := newAnswer(a.kb, 0)
					ans.line(markup.T("The report does not say that ("+strings.Join(topic, " ")+") about "), markup.B(p.Name), markup.T(". "+describe(p)))
					r := ans.reply()
					r.Found = false
					return done(r)
				}
			}
			return done(profile(a.kb, a.strong, a.q))
		}},
	{"when is the next …?", func(a *asked) bool { return (a.q.startsWith("when") || a.q.has(whenWords)) && a.q.has(futureWords) },
		func(a *asked) (Reply, bool) { return done(Reply{}) }}, // reports tell what happened
	{"when", func(a *asked) bool {
		q := a.q
		return (q.startsWith("when") || (q.has(whenWords) && (q.startsWith("what", "which", "on") || len(q.content) <= 3))) && !presentTenseChat(q)
	}, func(a *asked) (Reply, bool) { return done(whenAnswer(a.kb, a.scope, a.q)) }},
	{"where", func(a *asked) bool { return a.q.startsWith("where") || a.q.has([]string{"venue", "location"}) },
		func(a *asked) (Reply, bool) { return done(whereAnswer(a.kb, a.scope)) }},
	{"how many", func(a *asked) bool { return a.q.has(countWords) && a.q.startsWith("how", "what") },
		func(a *asked) (Reply, bool) {
			q := a.q
			if len(q.topicTerms(countWords, speakWords, attendWords, presideWords, metaWords, eventWordsOf(q), []string{"people", "persons", "person", "there"})) > 0 {
				// "How many X …?" where X is not people: only a sentence
				// that states a figure can answer.
				return done(textAnswer(a.kb, a.f, a.scope))
			}
			return done(countAnswer(a.kb, a.scope, q))
		}},
	{"who spoke first/last?", func(a *asked) bool { return a.q.has(speakWords) && speakerOrdinal(a.q) && !a.q.isYesNo() },
		func(a *asked) (Reply, bool) { return done(ordinalSpeaker(a.kb, a.scope, a.q)) }},
	{"what did the speakers say?", func(a *asked) bool {
		return a.q.startsWith("what") && a.q.has(speakWords) && a.q.has(expressWords) && len(a.strong) == 0
	}, func(a *asked) (Reply, bool) { return done(speakersSaid(a.kb, a.scope)) }},
	{"who presided?", func(a *asked) bool {
		q := a.q
		return q.has(presideWords) && !hasOrgTopic(a.kb, q) ||
			q.has(chairTitles) && mentionsEvent(q) && len(q.topicTerms(chairTitles, metaWords, eventWordsOf(q))) == 0
	}, func(a *asked) (Reply, bool) { return done(presiderAnswer(a.kb, a.scope, a.q)) }},
	{"what happened?", func(a *asked) bool {
		return a.q.has(happenWords) && len(a.q.topicTerms(happenWords, metaWords, eventWordsOf(a.q))) == 0
	}, func(a *asked) (Reply, bool) { return done(aboutAnswer(a.kb, a.scope)) }},
	{"who attended?", func(a *asked) bool { return a.q.has(attendWords) && (a.q.isWho() || a.q.isYesNo()) },
		func(a *asked) (Reply, bool) { return done(attendAnswer(a.kb, a.scope, a.q)) }},
	{"who is the <role>?", func(a *asked) bool {
		q := a.q
		return q.isWho() || hasTitle(q) || q.has(speakWords) || len(q.content) <= 3
	}, func(a *asked) (Reply, bool) {
		if r, ok := roleAnswer(a.kb, a.q); ok {
			return done(r)
		}
		if a.q.isWho() && hasTitle(a.q) {
			// A position no extracted role holds: a sentence may still
			// write it beside a name (Ask tries that before declining),
			// but a sentence merely sharing the word is no answer.
			return done(Reply{})
		}
		return Reply{}, false
	}},
	{"who spoke?", func(a *asked) bool {
		q := a.q
		return q.has(speakWords) && (q.isWho() || q.startsWith("list", "name", "show", "give", "tell") || len(q.content) <= 2)
	}, func(a *asked) (Reply, bool) { return done(speakersAnswer(a.kb, a.scope)) }},
	{"who organised?", func(a *asked) bool { return a.q.has(organizeWords) && a.q.isWho() },
		func(a *asked) (Reply, bool) { return done(organizerAnswer(a.kb, a.scope)) }},
	{"what was the event about?", func(a *asked) bool {
		q := a.q
		return mentionsEvent(q) && (q.has(aboutWords) || q.startsWith("why") || q.startsWith("what") && contains(q.toks, "for")) &&
			len(q.topicTerms(aboutWords, metaWords, eventWordsOf(q), []string{"held", "for", "why"})) == 0
	}, func(a *asked) (Reply, bool) { return done(aboutAnswer(a.kb, a.scope)) }},
	{"a key term", always, func(a *asked) (Reply, bool) { return termAnswer(a.kb, a.q) }},
	{"the best-matching sentence", always, func(a *asked) (Reply, bool) { return done(sentenceAnswer(a.kb, a.q)) }},
}

// askedAbout are the words naming what the question is about. For "how
// many X …" that is X, the counted thing: a verb the report words
// differently ("watched" for "in front of 14,300 spectators") does not
// make the question about something else.
func askedAbout(a *asked) []string {
	if a.f.want == wantNumber {
		if n := countedNoun(a.q); n != "" {
			return []string{n}
		}
	}
	about := a.qr.topicTerms(questionWords...)
	// A part of a named person's name typed wrong ("tsuchiya yiu") is
	// still their name, not a topic.
	for _, m := range a.strong {
		for _, n := range textmatch.Tokens(m.p.Name) {
			about = slices.DeleteFunc(about, func(w string) bool { return w == n || swappedLetters(w, n) })
		}
	}
	// "Which country …", "how much money …": the word after "which" names the
	// kind of answer, which the report need not call by that word.
	for i := 1; i < len(a.q.toks); i++ {
		if k, prev := a.q.toks[i], a.q.toks[i-1]; (prev == "which" || prev == "what" || prev == "much") && contains(kindWords, k) {
			about = slices.DeleteFunc(about, func(w string) bool { return w == k })
		}
	}
	return about
}

// countedNoun is the word after "how many", when it names a thing.
func countedNoun(q query) string {
	for i, t := range q.toks {
		if t == "many" && i+1 < len(q.toks) {
			if n := q.toks[i+1]; !textmatch.IsStopword(n) && n != "people" && n != "persons" {
				return n
			}
		}
	}
	return ""
}

// ofBefore: the name follows "of" ("the president of X").
func ofBefore(q query, name []string) bool {
	if len(name) == 0 {
		return false
	}
	for i := 1; i < len(q.toks); i++ {
		if q.toks[i] == name[0] && q.toks[i-1] == "of" {
			return true
		}
	}
	return false
}

// timeNouns after an ordinal make it a time, not a place in the order of
// speakers: "the opening speech on the second day".
var timeNouns = []string{"day", "days", "week", "session", "round", "year", "night", "morning", "afternoon", "evening", "half", "part", "edition", "time"}

// speakerOrdinal says the question asks for a speaker by their place in
// the order of speaking, not by the day or session they spoke on.
func speakerOrdinal(q query) bool {
	for i, t := range q.toks {
		if !contains(ordinalWords, t) {
			continue
		}
		if i+1 < len(q.toks) && contains(timeNouns, q.toks[i+1]) {
			continue
		}
		return true
	}
	return false
}

// swappedLetters says a and b differ by two neighbouring letters swapped,
// the typo a similarity score misses in short words ("yiu" for "yui").
func swappedLetters(a, b string) bool {
	ra, rb := []rune(a), []rune(b)
	if len(ra) != len(rb) || len(ra) < 3 {
		return false
	}
	i := 0
	for i < len(ra) && ra[i] == rb[i] {
		i++
	}
	if i+1 >= len(ra) || ra[i] != rb[i+1] || ra[i+1] != rb[i] {
		return false
	}
	return string(ra[i+2:]) == string(rb[i+2:])
}
