package bot

import (
	"slices"
	"strings"

	"github.com/reportbot/reportbot/bot/markup"
	"github.com/reportbot/reportbot/knowledge"
	"github.com/reportbot/reportbot/knowledge/textmatch"
)

// actAsked is the verb a "what did <person> <verb> …?" question asks
// about: the first word after the person's name ("report" in "what did
// X report?", "call" in "what did X call for?"), or "" when nothing
// follows the name.
func actAsked(q query, m personRef) string {
	last := -1
	for i, t := range q.toks {
		for _, n := range m.tokens {
			if t == n {
				last = i
			}
		}
	}
	if last < 0 || last+1 >= len(q.toks) {
		return ""
	}
	// Only the act itself, perhaps with its particle ("call for"): with
	// more after it ("say about the budget") the question has a topic.
	if rest := q.toks[last+2:]; len(rest) > 1 || len(rest) == 1 && !textmatch.IsStopword(rest[0]) {
		return ""
	}
	if contains([]string{"say", "says", "said", "tell", "told", "speak", "spoke", "mention", "mentioned"}, q.toks[last+1]) {
		return "" // what someone said is their speech, quotes first
	}
	return q.toks[last+1]
}

// personActAnswer answers "what did X <verb>?" with the sentence where X
// does that act: X named, then the verb in any of its forms ("reported",
// "proposes") a few words on. Reports tell acts in a person's own
// sentence, so that sentence is the answer, not who X is.
func personActAnswer(kb *knowledge.KB, m personRef, verb string) Reply {
	if len(verb) < 3 {
		return Reply{}
	}
	stem := textmatch.Stem(verb)
	r := kb.Reports[m.report]
	names := append([]string{m.p.Name}, m.p.Aliases...)
	if sur := surname(m.p.Name); sur != "" {
		names = append(names, sur)
	}
	for _, si := range m.p.Sentences {
		s := r.Sentences[si].Text
		at := -1
		for _, n := range names {
			if i := wordIndex(s, n); i >= 0 && (at < 0 || i < at) {
				at = i
			}
		}
		if at < 0 {
			continue
		}
		// The act is the person's when its verb comes soon after the name.
		toks := textmatch.Tokens(s[at:])
		for i, t := range toks {
			if i > 8 {
				break
			}
			if textmatch.Stem(t) == stem {
				a := newAnswer(kb, 0.8)
				a.line(markup.T(shortenText(s, 300)))
				a.evidence(m.report, si, m.p.Name)
				return a.reply()
			}
		}
	}
	return Reply{}
}

// asPhrase is what a "who came/appeared/dressed as Y?" question puts after
// "as": the part it plays. "" when the question has no such "as".
func asPhrase(q query) []string {
	if !q.startsWith("who") {
		return nil
	}
	for i, t := range q.toks {
		if t == "as" && i > 1 && i+1 < len(q.toks) {
			return q.toks[i+1:]
		}
	}
	return nil
}

// asAnswer names the person standing right before "as Y" in a sentence
// ("Mayor Ana Lima as the Snow Queen"): the one who played that part.
func asAnswer(kb *knowledge.KB, part []string, scope []int) Reply {
	for _, ri := range scope {
		r := kb.Reports[ri]
		for si, sen := range r.Sentences {
			s := sen.Text
			for _, ps := range peopleIn(r, si) {
				rest := s[ps.end:]
				if !strings.HasPrefix(rest, " as ") {
					continue
				}
				got := textmatch.Tokens(rest[len(" as "):])
				if len(got) < len(part) || !slices.Equal(got[:len(part)], part) {
					continue
				}
				a := newAnswer(kb, 0.8)
				line := []markup.Span{markup.B(ps.p.Name)}
				if len(ps.p.Roles) > 0 {
					line = append(line, markup.T(" ("+roleText(ps.p)+")"))
				}
				a.line(append(line, markup.T("."))...)
				a.evidence(ri, si, ps.p.Name)
				return a.reply()
			}
		}
	}
	return Reply{}
}
