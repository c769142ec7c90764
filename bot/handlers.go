package bot

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/reportbot/reportbot/bot/markup"
	"github.com/reportbot/reportbot/knowledge"
	"github.com/reportbot/reportbot/knowledge/textmatch"
)

// Command handlers. Each works on the knowledge current when the message
// arrived (req.KB), so a reload mid-answer changes nothing.

func (b *Bot) cmdSpeakers(ctx context.Context, req Request) Reply {
	r := speakersAnswer(req.KB, commandScope(req))
	if !r.Found {
		return b.fallback(req.KB, query{}, "The report does not say who spoke.")
	}
	r.Confidence = 1
	return r
}

func (b *Bot) cmdWho(ctx context.Context, req Request) Reply {
	if req.Args == "" {
		var d markup.Doc
		d.Para(markup.T("Whom do you mean? For example "), markup.C("/who "+exampleName(req.KB)))
		return Reply{Doc: d}
	}
	q := parseQuery(req.Args, req.KB)
	people := matchPeople(req.KB, q.toks)
	// A surname alone may stand for a full name, but "Fischer Smith" is
	// not "Lena Fischer": every word asked must belong to the name.
	partialOnly := len(people) > 0 && people[0].score < 0.7 && len(q.content) > len(people[0].tokens)
	if len(people) == 0 || people[0].score < 0.5 || partialOnly {
		// Not a name: maybe a role ("/who harbor union chairman").
		q2 := parseQuery("who is "+req.Args, req.KB)
		if r, ok := roleAnswer(req.KB, q2); ok {
			return r
		}
		// A name extraction did not keep, with the role written beside it.
		if r := whoisFromText(req.KB, readFrame(req.KB, q2), reportScope(req.KB, q2)); r.Found {
			return r
		}
		return b.fallback(req.KB, q, fmt.Sprintf("I don't find anyone called %q in the report.", req.Args))
	}
	return profile(req.KB, people, q)
}

func exampleName(kb *knowledge.KB) string {
	if kb != nil {
		for _, r := range kb.Reports {
			if len(r.People) > 0 {
				return r.People[0].Name
			}
		}
	}
	return "NAME"
}

// peopleGroups orders what people did, most prominent first.
var peopleGroups = []struct {
	kind  knowledge.ActionKind
	title string
}{
	{knowledge.Presided, "Presided"},
	{knowledge.Spoke, "Spoke"},
	{knowledge.Quoted, "Quoted"},
	{knowledge.Attended, "Attended"},
	{"", "Mentioned"},
}

func (b *Bot) cmdPeople(ctx context.Context, req Request) Reply {
	a := newAnswer(req.KB, 1)
	for _, ri := range commandScope(req) {
		r := req.KB.Reports[ri]
		placed := map[string]bool{}
		if len(req.KB.Reports) > 1 {
			a.doc.Heading(reportLabel(r))
		}
		for _, g := range peopleGroups {
			var items [][]markup.Span
			for pi := range r.People {
				p := &r.People[pi]
				if placed[p.Name] {
					continue
				}
				if _, ok := did(p, g.kind); ok || g.kind == "" {
					placed[p.Name] = true
					items = append(items, personItem(p))
				}
			}
			if len(items) > 0 {
				a.doc.Heading(g.title)
				a.doc.List(items...)
				a.reports[ri] = true
			}
		}
	}
	if a.doc.Empty() {
		return b.fallback(req.KB, query{}, "The report names no people I could recognise.")
	}
	rep := a.reply()
	return rep
}

func (b *Bot) cmdWhen(ctx context.Context, req Request) Reply {
	r := whenAnswer(req.KB, commandScope(req), query{})
	if !r.Found {
		return b.fallback(req.KB, query{}, "The report does not say when it took place.")
	}
	if w := whereAnswer(req.KB, commandScope(req)); w.Found {
		r.Doc.Blocks = append(r.Doc.Blocks, w.Doc.Blocks...)
		r.Sources = append(r.Sources, w.Sources...)
	}
	return r
}

func (b *Bot) cmdTopics(ctx context.Context, req Request) Reply {
	a := newAnswer(req.KB, 1)
	for _, ri := range commandScope(req) {
		r := req.KB.Reports[ri]
		var items [][]markup.Span
		for i, t := range r.Terms {
			if i == 12 {
				break
			}
			label := t.Text
			if t.Quoted {
				label = "“" + t.Text + "”"
			}
			items = append(items, []markup.Span{markup.B(label), markup.T(fmt.Sprintf(" (%d mention%s)", len(t.Sentences), plural(len(t.Sentences))))})
		}
		if len(items) == 0 {
			continue
		}
		if len(req.KB.Reports) > 1 {
			a.doc.Heading(reportLabel(r))
		} else {
			a.doc.Heading("Key terms")
		}
		a.doc.List(items...)
		a.reports[ri] = true
	}
	if a.doc.Empty() {
		return b.fallback(req.KB, query{}, "I found no key terms in the report.")
	}
	a.line(markup.T("Ask about any of them, e.g. “what did the report say about " + firstTerm(req.KB) + "?”"))
	return a.reply()
}

func firstTerm(kb *knowledge.KB) string {
	for _, r := range kb.Reports {
		if len(r.Terms) > 0 {
			return r.Terms[0].Text
		}
	}
	return "…"
}

// cmdSummary is extractive: the event, who presided and spoke, and the
// sentences richest in the report's key terms, in report order.
func (b *Bot) cmdSummary(ctx context.Context, req Request) Reply {
	a := newAnswer(req.KB, 1)
	for _, ri := range commandScope(req) {
		r := req.KB.Reports[ri]
		if len(req.KB.Reports) > 1 {
			a.doc.Heading(reportLabel(r))
		}
		var lines []string
		if r.Event.What != "" {
			l := capitalise(strings.TrimSpace(r.Event.Organizer + " held " + r.Event.What))
			if r.Event.Date != "" {
				l += " on " + formatDate(r.Event.Date)
			}
			if r.Event.Purpose != "" {
				l += " to " + r.Event.Purpose
			}
			lines = append(lines, l+".")
		}
		var presided, spoke []string
		for pi := range r.People {
			p := &r.People[pi]
			if _, ok := did(p, knowledge.Presided); ok {
				presided = append(presided, p.Name)
			}
			if _, ok := did(p, knowledge.Spoke); ok {
				spoke = append(spoke, p.Name)
			}
		}
		if len(presided) > 0 {
			lines = append(lines, strings.Join(presided, " and ")+" presided.")
		}
		if len(spoke) > 0 {
			lines = append(lines, fmt.Sprintf("%s spoke: %s.", peopleCount(len(spoke)), strings.Join(spoke, ", ")))
		}
		for _, l := range lines {
			a.line(markup.T(l))
		}
		for _, si := range keySentences(r, 3) {
			a.evidence(ri, si)
		}
	}
	return a.reply()
}

// keySentences ranks sentences by the key terms they hold, per word, and
// returns the top n in report order.
func keySentences(r *knowledge.Report, n int) []int {
	weight := map[int]float64{}
	for _, t := range r.Terms {
		for _, si := range t.Sentences {
			weight[si] += 1 / float64(len(t.Sentences))
		}
	}
	type scored struct {
		si int
		s  float64
	}
	var all []scored
	for si, s := range r.Sentences {
		if si == r.Event.Sentence {
			continue
		}
		words := len(textmatch.Tokens(s.Text))
		if words < 8 {
			continue
		}
		all = append(all, scored{si, weight[si] / float64(words+10)})
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].s > all[j].s })
	var out []int
	for i := 0; i < len(all) && i < n; i++ {
		out = append(out, all[i].si)
	}
	sort.Ints(out)
	return out
}

func (b *Bot) cmdReports(ctx context.Context, req Request) Reply {
	var items [][]markup.Span
	for _, r := range req.KB.Reports {
		items = append(items, reportItem(r))
	}
	var d markup.Doc
	d.Heading(fmt.Sprintf("%d report%s", len(items), plural(len(items))))
	d.List(items...)
	return Reply{Doc: d, Found: true, Confidence: 1}
}

// commandScope picks the reports a command covers: those its arguments
// point at ("/speakers harbor forum"), else the latest.
func commandScope(req Request) []int {
	if len(req.KB.Reports) == 0 {
		return nil
	}
	if ri, ok := reportByID(req.KB, req.Args); ok {
		return []int{ri}
	}
	return reportScope(req.KB, parseQuery(req.Args, req.KB))
}
