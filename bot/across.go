package bot

import (
	"sort"
	"strconv"
	"strings"

	"github.com/reportbot/reportbot/bot/markup"
	"github.com/reportbot/reportbot/knowledge"
	"github.com/reportbot/reportbot/knowledge/textmatch"
)

// One person across an archive: every report that names them, newest
// first, with the roles they held and what they did in each. The same name
// in two reports is one person, unless the roles show two: both reports
// give roles and no word of them is shared.

// appearance is one report's view of a person.
type appearance struct {
	report int
	p      *knowledge.Person
}

// appearances lists the reports naming the person m refers to, newest
// first.
func appearances(kb *knowledge.KB, m personRef) []appearance {
	key := textmatch.Normalize(m.p.Name)
	var out []appearance
	seen := map[int]bool{}
	for _, ref := range kb.Lookup().PeopleNamed(textmatch.Tokens(m.p.Name)) {
		p := &kb.Reports[ref.Report].People[ref.Person]
		same := textmatch.Normalize(p.Name) == key
		for _, al := range p.Aliases {
			same = same || textmatch.Normalize(al) == key
		}
		if same && !seen[ref.Report] {
			seen[ref.Report] = true
			out = append(out, appearance{ref.Report, p})
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		return latestOf(kb, []int{out[i].report, out[j].report}) == out[i].report && out[i].report != out[j].report
	})
	return out
}

// sameRoles is false when both give roles and share no word of them.
func sameRoles(a, b *knowledge.Person) bool {
	if len(a.Roles) == 0 || len(b.Roles) == 0 {
		return true
	}
	words := map[string]bool{}
	for _, r := range a.Roles {
		for _, w := range textmatch.Content(r.Text) {
			words[textmatch.Stem(w)] = true
		}
	}
	for _, r := range b.Roles {
		for _, w := range textmatch.Content(r.Text) {
			if words[textmatch.Stem(w)] {
				return true
			}
		}
	}
	return false
}

// acrossItems are the list lines for a person's appearances.
func acrossItems(kb *knowledge.KB, apps []appearance) [][]markup.Span {
	var items [][]markup.Span
	for _, ap := range apps {
		it := []markup.Span{markup.B(reportLabel(kb.Reports[ap.report]))}
		if len(ap.p.Roles) > 0 {
			it = append(it, markup.T(" — "+roleText(ap.p)))
		}
		if act := actionPhrase(ap.p); act != "" {
			it = append(it, markup.T("; "+act))
		}
		if !sameRoles(apps[0].p, ap.p) {
			it = append(it, markup.I(" (other roles: perhaps another person of the same name)"))
		}
		items = append(items, it)
	}
	return items
}

// personAcross answers "which meetings did X attend?" over an archive.
func personAcross(kb *knowledge.KB, m personRef) Reply {
	apps := appearances(kb, m)
	if len(apps) == 0 {
		return Reply{}
	}
	a := newAnswer(kb, 0.85)
	n := len(apps)
	a.line(markup.B(m.p.Name), markup.T(" is named in "+strconv.Itoa(n)+" report"+plural(n)+", newest first:"))
	a.doc.List(acrossItems(kb, apps)...)
	for _, ap := range apps {
		si := -1
		if len(ap.p.Actions) > 0 {
			si = ap.p.Actions[0].Sentence
		} else if len(ap.p.Sentences) > 0 {
			si = ap.p.Sentences[0]
		}
		if si >= 0 && len(a.sources) < 3 {
			a.evidence(ap.report, si, ap.p.Name)
		}
	}
	return a.reply()
}

// asksWhichEvents spots "which meetings did X attend?", "what events has X
// spoken at?", "in which reports does X appear?".
func asksWhichEvents(q query) bool {
	for i, t := range q.toks {
		if (t == "which" || t == "what") && i+1 < len(q.toks) {
			n := q.toks[i+1]
			if n == "reports" || n == "report" || knowledge.IsEventNoun(n) && strings.HasSuffix(n, "s") {
				return true
			}
		}
	}
	return false
}
