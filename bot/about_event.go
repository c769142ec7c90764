package bot

import (
	"fmt"
	"sort"
	"strings"

	"github.com/reportbot/reportbot/bot/markup"
	"github.com/reportbot/reportbot/knowledge"
)

// whenAnswer gives the event date, resolved against the report date, or
// the report's own date when that is what was asked.
func whenAnswer(kb *knowledge.KB, scope []int, q query) Reply {
	a := newAnswer(kb, 0.9)
	any := false
	for _, ri := range scope {
		r := kb.Reports[ri]
		ev := r.Event
		if contains(q.toks, "report") && r.Date != "" {
			// "What date is the report?": the report's own date first.
			line := []markup.Span{markup.T("The report is dated "), markup.B(formatDate(r.Date)), markup.T(" (" + r.Date + ")")}
			if ev.Date != "" && ev.Date != r.Date {
				line = append(line, markup.T("; the "+eventNoun(r)+" itself took place on "+formatDate(ev.Date)))
			}
			a.line(append(line, markup.T("."))...)
			// The evidence is the report's date header.
			a.doc.Quote("date " + r.Date)
			a.sources = append(a.sources, Source{Report: r.ID, Sentence: "date " + r.Date})
			a.reports[ri] = true
			any = true
			continue
		}
		switch {
		case ev.Date != "":
			a.line(markup.T("The "+eventNoun(r)+" took place on "), markup.B(formatDate(ev.Date)), markup.T(" ("+ev.Date+")."))
		case ev.DateText != "":
			dt := ev.DateText
			if ev.Sentence >= 0 && ev.Sentence < len(r.Sentences) {
				// A date from another sentence ("as of June 30th") is not
				// the event's: the date its own sentence gives is.
				st := r.Sentences[ev.Sentence].Text
				if !strings.Contains(st, dt) {
					if ds := dateSpans(st, r.Date, false); len(ds) > 0 {
						dt = ds[0].text
					}
				}
			}
			a.line(markup.T("The report dates the "+eventNoun(r)+" "), markup.B(dt), markup.T("."))
			a.evidence(ri, ev.Sentence, dt)
			any = true
			continue
		case r.Date != "":
			a.line(markup.T("The report does not date the "+eventNoun(r)+" itself; the report is dated "), markup.B(formatDate(r.Date)), markup.T("."))
			any = true
			continue
		default:
			continue
		}
		any = true
		a.evidence(ri, ev.Sentence, ev.DateText)
	}
	if !any {
		return Reply{}
	}
	return a.reply()
}

// whereAnswer gives the venue, when the report states one.
func whereAnswer(kb *knowledge.KB, scope []int) Reply {
	a := newAnswer(kb, 0.85)
	any := false
	for _, ri := range scope {
		r := kb.Reports[ri]
		if r.Event.Where == "" {
			continue
		}
		any = true
		a.line(markup.T("The "+eventNoun(r)+" was held at/in "), markup.B(r.Event.Where), markup.T("."))
		a.evidence(ri, r.Event.Sentence, r.Event.Where)
	}
	if !any {
		return Reply{}
	}
	return a.reply()
}

// presiderAnswer names who presided, with their role.
func presiderAnswer(kb *knowledge.KB, scope []int, q query) Reply {
	a := newAnswer(kb, 0.9)
	any := false
	for _, ri := range scope {
		r := kb.Reports[ri]
		for pi := range r.People {
			p := &r.People[pi]
			if act, ok := did(p, knowledge.Presided); ok {
				any = true
				line := []markup.Span{markup.B(p.Name)}
				if len(p.Roles) > 0 {
					line = append(line, markup.T(" ("+roleText(p)+")"))
				}
				line = append(line, markup.T(" presided over the "+eventNoun(r)+"."))
				a.line(line...)
				a.evidence(ri, act.Sentence, p.Name)
			}
		}
	}
	if !any {
		return Reply{}
	}
	return a.reply()
}

// organizerAnswer names who held the event (the subject of "held").
func organizerAnswer(kb *knowledge.KB, scope []int) Reply {
	a := newAnswer(kb, 0.8)
	any := false
	for _, ri := range scope {
		r := kb.Reports[ri]
		if r.Event.Organizer == "" {
			continue
		}
		any = true
		a.line(markup.B(capitalise(r.Event.Organizer)), markup.T(" held "+r.Event.What+"."))
		a.evidence(ri, r.Event.Sentence, r.Event.Organizer)
	}
	if !any {
		return presiderAnswer(kb, scope, query{})
	}
	return a.reply()
}

// aboutAnswer says what the event was and what it was held to do.
func aboutAnswer(kb *knowledge.KB, scope []int) Reply {
	a := newAnswer(kb, 0.8)
	for _, ri := range scope {
		r := kb.Reports[ri]
		ev := r.Event
		if ev.What == "" {
			continue
		}
		line := []markup.Span{markup.T("It was " + ev.What)}
		if ev.Purpose != "" {
			line = append(line, markup.T(", held to "), markup.B(ev.Purpose))
		}
		line = append(line, markup.T("."))
		a.line(line...)
		a.evidence(ri, ev.Sentence)
	}
	if len(a.sources) == 0 {
		return Reply{}
	}
	return a.reply()
}

// attendAnswer lists those reported as attending; "but did not speak"
// leaves out the speakers.
func attendAnswer(kb *knowledge.KB, scope []int, q query) Reply {
	notSpoke := q.has(negWords) && (q.has(speakWords) || q.has([]string{"speak"}))
	if titles := titlesIn(q); len(titles) > 0 {
		// "Which minister attended?": those holding the title, or no one.
		return titledAttendees(kb, scope, titles)
	}
	a := newAnswer(kb, 0.85)
	var found []*knowledge.Person
	for _, ri := range scope {
		r := kb.Reports[ri]
		for pi := range r.People {
			p := &r.People[pi]
			act, ok := did(p, knowledge.Attended)
			if !ok {
				continue
			}
			if _, spoke := did(p, knowledge.Spoke); spoke && notSpoke {
				continue
			}
			found = append(found, p)
			line := []markup.Span{markup.B(p.Name)}
			if len(p.Roles) > 0 {
				line = append(line, markup.T(", "+roleText(p)+","))
			}
			if notSpoke {
				line = append(line, markup.T(" attended but is not reported as speaking."))
			} else {
				line = append(line, markup.T(" attended."))
			}
			a.line(line...)
			a.evidence(ri, act.Sentence, p.Name)
		}
	}
	if len(found) == 0 {
		if notSpoke {
			return Reply{}
		}
		return speakersAnswer(kb, scope)
	}
	if !notSpoke {
		// Speakers were there too; say so without repeating the list.
		n := 0
		for _, ri := range scope {
			for pi := range kb.Reports[ri].People {
				if _, ok := spoke(&kb.Reports[ri].People[pi]); ok {
					n++
				}
			}
		}
		if n > 0 {
			a.line(markup.T(fmt.Sprintf("Besides them, %s who spoke %s present (see ", thePeople(n), wasWere(n))), markup.C("/speakers"), markup.T(")."))
		}
	}
	return a.reply()
}

// speakersAnswer lists everyone who spoke, with roles, in report order.
func speakersAnswer(kb *knowledge.KB, scope []int) Reply {
	a := newAnswer(kb, 0.85)
	for _, ri := range scope {
		r := kb.Reports[ri]
		var items [][]markup.Span
		var first = -1
		for pi := range r.People {
			p := &r.People[pi]
			act, ok := spoke(p)
			if !ok {
				continue
			}
			if first < 0 || act.Sentence < first {
				first = act.Sentence
			}
			items = append(items, personItem(p))
		}
		if len(items) == 0 {
			continue
		}
		a.line(markup.T(peopleCount(len(items)) + " spoke:"))
		a.doc.List(items...)
		a.reports[ri] = true
	}
	if len(a.reports) == 0 {
		return Reply{}
	}
	return a.reply()
}

// countAnswer counts speakers, attendees, presiders or everyone named.
func countAnswer(kb *knowledge.KB, scope []int, q query) Reply {
	kind := knowledge.Spoke
	label := "spoke"
	switch {
	case q.has(attendWords):
		kind, label = knowledge.Attended, "are reported as attending"
	case q.has(presideWords):
		kind, label = knowledge.Presided, "presided"
	case !q.has(speakWords) && q.has([]string{"people", "person", "persons", "named", "names"}):
		kind, label = "", "are named"
	case !q.has(speakWords):
		return sentenceAnswer(kb, q)
	}
	a := newAnswer(kb, 0.85)
	for _, ri := range scope {
		r := kb.Reports[ri]
		var names []string
		ev := -1
		for _, p := range r.People {
			if kind == "" {
				names = append(names, p.Name)
				continue
			}
			act, ok := did(&p, kind)
			if kind == knowledge.Spoke {
				act, ok = spoke(&p)
			}
			if ok {
				names = append(names, p.Name)
				if ev < 0 {
					ev = act.Sentence
				}
			}
		}
		if len(names) == 0 {
			continue
		}
		l := label
		if len(names) == 1 {
			l = strings.Replace(l, "are ", "is ", 1)
		}
		a.line(markup.B(fmt.Sprint(len(names))), markup.T(" "+personWord(len(names))+" "+l+": "+strings.Join(names, ", ")+"."))
		a.reports[ri] = true
		if ev >= 0 {
			a.evidence(ri, ev)
		}
	}
	if len(a.reports) == 0 {
		return Reply{}
	}
	return a.reply()
}

var (
	ordinalWords = []string{"first", "last", "second", "third", "final", "opened", "closed"}
	expressWords = []string{"express", "expressed", "say", "said", "talk", "talked", "discuss", "discussed", "raise", "raised", "propose", "proposed", "about"}
)

// speakerOrder lists who spoke in a report, in the order the report has
// them speak (by the sentence of their first speech, then as named).
func speakerOrder(r *knowledge.Report) []*knowledge.Person {
	var out []*knowledge.Person
	for pi := range r.People {
		if _, ok := spoke(&r.People[pi]); ok {
			out = append(out, &r.People[pi])
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, _ := spoke(out[i])
		b, _ := spoke(out[j])
		return a.Sentence < b.Sentence
	})
	return out
}

// ordinalSpeaker answers "who spoke first / last?" from report order.
func ordinalSpeaker(kb *knowledge.KB, scope []int, q query) Reply {
	a := newAnswer(kb, 0.75)
	for _, ri := range scope {
		sp := speakerOrder(kb.Reports[ri])
		if len(sp) == 0 {
			continue
		}
		i, label := 0, "first"
		switch {
		case q.has([]string{"last", "final", "closed"}):
			i, label = len(sp)-1, "last"
		case q.has([]string{"second"}) && len(sp) > 1:
			i, label = 1, "second"
		case q.has([]string{"third"}) && len(sp) > 2:
			i, label = 2, "third"
		}
		p := sp[i]
		line := []markup.Span{markup.B(p.Name)}
		if len(p.Roles) > 0 {
			line = append(line, markup.T(" ("+roleText(p)+")"))
		}
		if len(sp) == 1 {
			line = append(line, markup.T(" is the only speaker the report names."))
		} else {
			line = append(line, markup.T(fmt.Sprintf(" is the %s of the %d speakers in the report's order.", label, len(sp))))
		}
		a.line(line...)
		if act, ok := spoke(p); ok {
			a.evidence(ri, act.Sentence, p.Name)
		}
	}
	if len(a.sources) == 0 {
		return Reply{}
	}
	return a.reply()
}

// speakersSaid answers "what did the speakers say?" with the sentence that
// reports their speeches, from the speech verb on.
func speakersSaid(kb *knowledge.KB, scope []int) Reply {
	a := newAnswer(kb, 0.8)
	for _, ri := range scope {
		r := kb.Reports[ri]
		count := map[int]int{}
		best := -1
		for _, p := range speakerOrder(r) {
			if act, ok := did(p, knowledge.Spoke); ok {
				count[act.Sentence]++
				if best < 0 || count[act.Sentence] > count[best] {
					best = act.Sentence
				}
			}
		}
		if best < 0 || count[best] < 2 {
			continue
		}
		s := r.Sentences[best].Text
		pred := s
		if i := knowledge.SpeechIndex(s); i > 0 {
			pred = s[i:]
		}
		a.line(markup.T(fmt.Sprintf("The %d speakers ", count[best])), markup.I(strings.TrimRight(shortenText(pred, 400), ".")), markup.T("."))
		a.evidence(ri, best)
	}
	if len(a.sources) == 0 {
		return Reply{}
	}
	return a.reply()
}

// titledAttendees lists those present (attending, speaking or presiding)
// who hold the title asked about.
func titledAttendees(kb *knowledge.KB, scope []int, titles []string) Reply {
	a := newAnswer(kb, 0.8)
	for _, ri := range scope {
		r := kb.Reports[ri]
		for pi := range r.People {
			p := &r.People[pi]
			if len(p.Actions) == 0 || !holdsTitle(p, titles) {
				continue
			}
			a.line(markup.B(p.Name), markup.T(", "+roleText(p)+", "+nonEmpty(actionPhrase(p), "attended")+"."))
			a.evidence(ri, p.Actions[0].Sentence, p.Name)
		}
	}
	if len(a.sources) == 0 {
		return Reply{}
	}
	return a.reply()
}
