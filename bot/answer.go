package bot

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/reportbot/reportbot/bot/markup"
	"github.com/reportbot/reportbot/knowledge"
)

// answer is a reply under construction: the answer line first, then the
// evidence, so a reader (and a checker) meets the answer before the quote.
type answer struct {
	kb         *knowledge.KB
	doc        markup.Doc
	sources    []Source
	confidence float64
	reports    map[int]bool
}

func newAnswer(kb *knowledge.KB, confidence float64) *answer {
	return &answer{kb: kb, confidence: confidence, reports: map[int]bool{}}
}

func (a *answer) line(spans ...markup.Span) *answer {
	a.doc.Para(spans...)
	return a
}

// evidence quotes a sentence, or the part of a long one around focus.
func (a *answer) evidence(ri, si int, focus ...string) *answer {
	r := a.kb.Reports[ri]
	if si < 0 || si >= len(r.Sentences) {
		return a
	}
	full := r.Sentences[si].Text
	for _, s := range a.sources {
		if s.Sentence == full {
			return a
		}
	}
	a.doc.Quote(excerpt(full, focus...))
	a.sources = append(a.sources, Source{Report: r.ID, Sentence: full})
	a.reports[ri] = true
	return a
}

func (a *answer) reply() Reply {
	if len(a.kb.Reports) > 1 {
		for ri := range a.kb.Reports {
			if a.reports[ri] {
				r := a.kb.Reports[ri]
				a.doc.Para(markup.I("— " + reportLabel(r)))
			}
		}
	}
	return Reply{Doc: a.doc, Found: true, Confidence: a.confidence, Sources: a.sources, People: a.people()}
}

// people are the people the answer lines name in bold, the way every
// answerer writes the person it answers with, among the people of the
// reports it cites: what a follow-up's "he" or "she" refers to. Names that
// only occur inside a quoted sentence or in running text are not the
// answer, so they are left out.
func (a *answer) people() []string {
	known := map[string]bool{}
	for ri := range a.reports {
		for _, p := range a.kb.Reports[ri].People {
			known[p.Name] = true
		}
	}
	var out []string
	seen := map[string]bool{}
	take := func(spans []markup.Span) {
		for _, sp := range spans {
			if sp.Bold && known[sp.Text] && !seen[sp.Text] {
				seen[sp.Text] = true
				out = append(out, sp.Text)
			}
		}
	}
	for _, bl := range a.doc.Blocks {
		switch bl.Kind {
		case markup.Paragraph:
			take(bl.Spans)
		case markup.List:
			for _, it := range bl.Items {
				take(it)
			}
		}
	}
	return out
}

func reportLabel(r *knowledge.Report) string {
	// A title cut elsewhere may end inside a character: drop the broken
	// bytes rather than show them.
	l := strings.ToValidUTF8(r.Title, "")
	if l == "" {
		l = r.ID
	}
	if r.Date != "" {
		l += " (" + r.Date + ")"
	}
	return l
}

// maxQuote is the longest sentence quoted whole; longer ones are cut to the
// clauses around what the answer is about.
const maxQuote = 320

func excerpt(s string, focus ...string) string {
	if len(s) <= maxQuote {
		return s
	}
	ls := strings.ToLower(s)
	at := -1
	end := -1
	for _, f := range focus {
		if f == "" {
			continue
		}
		if i := strings.Index(ls, strings.ToLower(f)); i >= 0 && (at < 0 || i < at) {
			at, end = i, i+len(f)
		}
	}
	if at < 0 {
		return shortenText(s, maxQuote)
	}
	// Widen to clause boundaries: from the comma before the focus to the
	// second comma after it (so an appositive role comes along).
	start := strings.LastIndex(s[:at], ", ")
	if start < 0 {
		start = 0
	} else {
		start += 2
	}
	stop := end
	for n := 0; n < 2; n++ {
		i := strings.Index(s[stop:], ", ")
		if i < 0 {
			stop = len(s)
			break
		}
		stop += i + 1
	}
	if stop-start > maxQuote {
		stop = runeStart(s, start+maxQuote)
		if i := strings.LastIndex(s[start:stop], " "); i > 0 {
			stop = start + i
		}
	}
	out := strings.TrimSpace(strings.TrimRight(s[start:stop], ", "))
	if start > 0 {
		out = "… " + out
	}
	if stop < len(s) {
		out += " …"
	}
	return out
}

// shortenText cuts s to about n bytes at a space, never inside a
// character: a curly quote is three bytes.
func shortenText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	n = runeStart(s, n)
	cut := strings.LastIndex(s[:n], " ")
	if cut < n/2 {
		cut = n
	}
	return strings.TrimRight(s[:cut], " ,;") + " …"
}

// runeStart moves a byte offset back to the start of the character it
// falls in.
func runeStart(s string, i int) int {
	for i > 0 && i < len(s) && !utf8.RuneStart(s[i]) {
		i--
	}
	return i
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	r[0] = []rune(strings.ToUpper(string(r[0])))[0]
	return string(r)
}

func uniq(xs []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

func nonEmpty(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func formatDate(iso string) string {
	t, err := time.Parse("2006-01-02", iso)
	if err != nil {
		return iso
	}
	return t.Format("January 2, 2006")
}

// personWord agrees with a count: "1 person", "3 people".
func personWord(n int) string {
	if n == 1 {
		return "person"
	}
	return "people"
}

func peopleCount(n int) string { return fmt.Sprintf("%d %s", n, personWord(n)) }

func thePeople(n int) string {
	if n == 1 {
		return "the person"
	}
	return fmt.Sprintf("the %d people", n)
}

func wasWere(n int) string {
	if n == 1 {
		return "was"
	}
	return "were"
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
