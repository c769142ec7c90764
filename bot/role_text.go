package bot

import (
	"regexp"
	"strings"

	"github.com/reportbot/reportbot/bot/markup"
	"github.com/reportbot/reportbot/knowledge"
	"github.com/reportbot/reportbot/knowledge/textmatch"
)

// Who someone is, read from the words beside their name when extraction
// kept no role: "Defense Minister Ana Lima", "Ana Lima, representing the
// Harbour Board,", "the deputy head of the port, Ana Lima". A query-time
// reading of one sentence; the extracted roles win whenever they exist.

// reportVerbs open a clause that reports speech or action, not a role.
var reportVerbs = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`said says told added noted stressed emphasized emphasised explained stated wrote
	announced asked replied answered urged called pointed argued warned believes believed thinks thought spoke
	met visited attended presided and or but who which that when where while if as had has have was were is are
	will would could should can did does do also then`) {
		reportVerbs[w] = true
	}
}

var ageRe = regexp.MustCompile(`^\d{1,3}$`)

// roleBeside returns the role phrase written next to a name standing at
// s[at:end], or "".
func roleBeside(s string, at, end int) string {
	if r := roleBefore(s[:at]); r != "" {
		return r
	}
	return roleAfter(s[end:])
}

// roleBefore reads "Defense Minister " or "the deputy head of the port, "
// right before a name.
func roleBefore(before string) string {
	comma := false
	b := strings.TrimRight(before, " ")
	if strings.HasSuffix(b, ",") {
		comma = true
		b = strings.TrimRight(b, ", ")
	} else if len(b) == len(before) {
		return "" // glued to something else
	}
	ws := strings.Fields(b)
	var keep []string
	for i := len(ws) - 1; i >= 0 && len(keep) < 18; i-- {
		w := ws[i]
		if strings.ContainsAny(w, ".,;:!?”\"(") && len(keep) > 0 {
			break
		}
		l := strings.ToLower(strings.Trim(w, "()“”\""))
		capital := w != "" && strings.ToUpper(w[:1]) == w[:1] && strings.ToLower(w[:1]) != w[:1]
		connector := l == "of" || l == "the" || l == "and" || l == "for" || l == "in" || strings.HasSuffix(l, "'s") || strings.HasSuffix(l, "’s")
		if !comma && !(capital || connector || knowledge.IsTitleWord(l) || rankModifier(l)) {
			break
		}
		if comma && reportVerbs[l] {
			break
		}
		keep = append([]string{strings.Trim(w, ",;:")}, keep...)
	}
	// The role starts at the title word nearest the front of what is
	// left after the last "and the" (another person's role may come before
	// it), with the capitalised or rank words just before that title:
	// "Russian Economic Development Minister", "former governor of …".
	for i := len(keep) - 2; i >= 0; i-- {
		if strings.ToLower(keep[i]) == "and" && (strings.ToLower(keep[i+1]) == "the" || strings.ToLower(keep[i+1]) == "a") {
			keep = keep[i+1:]
			break
		}
	}
	t := -1
	for i, w := range keep {
		if l := strings.ToLower(strings.Trim(w, "()“”\"")); knowledge.IsTitleWord(l) || isPersonNoun(l) {
			t = i
			break
		}
	}
	if t < 0 {
		// No title word the lexicon knows, but the sentence opens with
		// the description: "The harbour master of Eastbay, Ana Lima, …".
		if comma && len(keep) == len(ws) && len(keep) >= 2 && len(keep) <= 8 {
			if l := strings.ToLower(keep[0]); l == "the" || l == "a" || l == "an" {
				return strings.Join(keep[1:], " ")
			}
		}
		return ""
	}
	start := t
	for start > 0 {
		w := keep[start-1]
		l := strings.ToLower(w)
		capital := strings.ToUpper(w[:1]) == w[:1] && strings.ToLower(w[:1]) != w[:1]
		// A plain word may qualify the title ("defense minister"), a
		// few words back at most.
		plain := t-start < 3 && !textmatch.IsStopword(l) && !reportVerbs[l] && !strings.ContainsAny(w, ",.;:")
		if l == "the" || l == "a" || l == "an" || l == "and" || !(capital || plain || rankModifier(l) || knowledge.IsTitleWord(l) || strings.HasSuffix(l, "'s") || strings.HasSuffix(l, "’s")) {
			break
		}
		start--
	}
	return strings.Join(keep[start:], " ")
}

// roleAfter reads ", representing the Harbour Board," or ", 44, a junior
// priest" right after a name.
func roleAfter(after string) string {
	if !strings.HasPrefix(after, ", ") && !strings.HasPrefix(after, " (") {
		return ""
	}
	rest := strings.TrimLeft(after, ", (")
	// An age first: "Ana Lima, 44, a junior priest".
	if first, tail, ok := strings.Cut(rest, ", "); ok && ageRe.MatchString(first) {
		rest = tail
	}
	cut := len(rest)
	for _, stop := range []string{", ", ". ", ")", "; ", " who ", " which ", " said", " says", "”", "\""} {
		if i := strings.Index(rest, stop); i >= 0 && i < cut {
			cut = i
		}
	}
	phrase := strings.TrimRight(strings.TrimSpace(rest[:cut]), ".")
	if strings.Count(phrase, "(") > strings.Count(phrase, ")") && cut < len(rest) && rest[cut] == ')' {
		phrase += ")"
	}
	ws := strings.Fields(phrase)
	if len(ws) == 0 || len(ws) > 14 || reportVerbs[strings.ToLower(ws[0])] {
		return ""
	}
	if ageRe.MatchString(ws[0]) {
		return ""
	}
	// A lower-case word leads a description ("a junior priest",
	// "representing …"); a capitalised one must hold a role word, or it may
	// be the next name in a list.
	if l := ws[0]; strings.ToLower(l[:1]) == l[:1] || hasRoleWord(ws) {
		return phrase
	}
	return ""
}

func hasRoleWord(ws []string) bool {
	for _, w := range ws {
		l := strings.ToLower(strings.Trim(w, "(),.;:“”\"'’s"))
		if knowledge.IsTitleWord(l) || knowledge.IsOrgWord(l) || isPersonNoun(l) {
			return true
		}
	}
	return false
}

// roleFromText finds the first role phrase the report writes beside a
// person's name, with the sentence it is in.
func roleFromText(r *knowledge.Report, p *knowledge.Person) (string, int) {
	for si := range r.Sentences {
		for _, ps := range peopleIn(r, si) {
			if ps.p != p {
				continue
			}
			s := r.Sentences[si].Text
			// Every place the name (or the surname) stands.
			for _, n := range append(append([]string{p.Name}, p.Aliases...), surname(p.Name)) {
				if n == "" {
					continue
				}
				for i := 0; ; {
					j := wordIndex(s[i:], n)
					if j < 0 {
						break
					}
					if role := roleBeside(s, i+j, i+j+len(n)); role != "" {
						return role, si
					}
					i += j + len(n)
				}
			}
		}
	}
	return "", -1
}

// whoisFromText answers "who is X" for a name extraction did not keep:
// the sentence that holds the name's words, and the role beside it there.
func whoisFromText(kb *knowledge.KB, f frame, scope []int) Reply {
	name := f.rest.topicTerms(metaWords, []string{"is", "was", "who"})
	if len(name) == 0 || len(name) > 4 {
		return Reply{}
	}
	ret := kb.Retriever()
	terms, known := correctTerms(ret, name)
	if len(terms) != len(name) || known < 0.8 {
		return Reply{}
	}
	var within []knowledge.Ref
	if len(kb.Reports) > 1 {
		for _, ri := range scope {
			for si := range kb.Reports[ri].Sentences {
				within = append(within, knowledge.Ref{Report: ri, Sentence: si})
			}
		}
	}
	for _, h := range ret.Search(terms, within, 8) {
		if len(h.Matched) < len(terms) {
			continue
		}
		s := kb.Reports[h.Report].Sentences[h.Sentence].Text
		at, end, written := nameSpan(s, terms)
		if at < 0 {
			continue
		}
		role := roleBeside(s, at, end)
		if role == "" {
			continue
		}
		a := newAnswer(kb, 0.5+0.4*known)
		a.line(markup.B(written), markup.T(" is "+role+"."))
		a.evidence(h.Report, h.Sentence, written)
		return a.reply()
	}
	return Reply{}
}

// nameSpan finds the question's name words standing together, as
// capitalised words, in s (diacritics and case aside).
func nameSpan(s string, terms []string) (at, end int, written string) {
	ws := wordSpans(s)
	for i := 0; i+len(terms) <= len(ws); i++ {
		ok := true
		for k, t := range terms {
			w := ws[i+k]
			if textmatch.Fold(strings.ToLower(w.text)) != t || strings.ToLower(w.text[:1]) == w.text[:1] {
				ok = false
				break
			}
		}
		if ok {
			at, end = ws[i].at, ws[i+len(terms)-1].end
			return at, end, s[at:end]
		}
	}
	return -1, -1, ""
}

// wordSpans are the words of s with their offsets (possessives trimmed).
func wordSpans(s string) []span {
	var out []span
	for _, m := range wordRe.FindAllStringIndex(s, -1) {
		w := s[m[0]:m[1]]
		w = strings.TrimSuffix(strings.TrimSuffix(w, "’s"), "'s")
		out = append(out, span{w, m[0], m[0] + len(w)})
	}
	return out
}

var wordRe = regexp.MustCompile(`[\p{L}\d][\p{L}\d'’-]*`)
