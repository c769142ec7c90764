package corpus

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
)

// HardKinds are the kinds of the hard question set, in the order they are
// dealt out:
//   - typo-dropped, typo-swapped, typo-wrong, typo-extra: one edit of that
//     kind in a name of 4 to 15 letters (the first letter kept);
//   - paraphrase-presided, paraphrase-whois, paraphrase-chairman: the
//     classic questions worded off their templates;
//   - roles-now, roles-then, roles-held: people whose role changed over
//     time — the latest holder of a role, the holder in a given year, and
//     every role one person held;
//   - near-out-of-scope: questions the archive cannot answer that share
//     words (a given name, a place, a person) with it.
var HardKinds = []string{
	"typo-dropped", "typo-swapped", "typo-wrong", "typo-extra",
	"paraphrase-presided", "paraphrase-whois", "paraphrase-chairman",
	"roles-now", "roles-then", "roles-held", "near-out-of-scope",
}

var strangerOrgKinds = []string{"Football Club", "Opera Circle", "Sailing Club", "Chess Federation", "Choir Society"}
var strangerTopics = []string{"space travel", "cryptocurrency mining", "the football final", "film awards", "pop music"}

// holding is one report's evidence of who held a role.
type holding struct {
	date   string
	year   int
	person int
}

// makeHard deals q questions over HardKinds, round robin, from its own
// random stream, so the classic questions do not change with it.
func (g *gen) makeHard(q int) {
	reps := g.c.Reports
	if len(reps) == 0 || q == 0 {
		return
	}
	r := rand.New(rand.NewPCG(g.seed+1, g.seed^0x51afd7ed558ccd))
	pick := func(s []string) string { return s[r.IntN(len(s))] }
	// Who held each organisation's roles, by year, as the reports state it.
	latest := map[string]holding{}     // org+role → the latest report's holder
	inYear := map[string]map[int]int{} // org+role → year → holder
	years := map[int]map[string]bool{} // person → roles stated
	for _, rep := range reps {
		for _, p := range append(append([]int(nil), rep.Speakers...), rep.Attendees...) {
			per := g.c.People[p]
			role := per.RoleIn(rep.Year)
			key := role + " of the " + per.Org
			if h, ok := latest[key]; !ok || rep.Date > h.date {
				latest[key] = holding{rep.Date, rep.Year, p}
			}
			if inYear[key] == nil {
				inYear[key] = map[int]int{}
			}
			inYear[key][rep.Year] = p
			if years[p] == nil {
				years[p] = map[string]bool{}
			}
			years[p][role] = true
		}
	}
	var changed []int // people the archive shows in both their roles
	for _, p := range g.members {
		if len(years[p]) > 1 {
			changed = append(changed, p)
		}
	}
	for tries := 0; len(g.c.Hard) < q && tries < 50*q; tries++ {
		kind := HardKinds[len(g.c.Hard)%len(HardKinds)]
		rep := reps[r.IntN(len(reps))]
		speaker := g.c.People[rep.Speakers[r.IntN(len(rep.Speakers))]]
		date := fmt.Sprintf("%s %d", months[rep.Month-1], rep.Day)
		qu := Question{Kind: kind, Found: true}
		switch kind {
		case "typo-dropped", "typo-swapped", "typo-wrong", "typo-extra":
			// A word of the name of 4 to 15 letters, given name or surname.
			parts := strings.Fields(speaker.Name)
			w := parts[r.IntN(len(parts))]
			if len(w) < 4 || len(w) > 15 {
				continue
			}
			typo := edit(r, w, strings.TrimPrefix(kind, "typo-"))
			name := strings.Replace(speaker.Name, w, typo, 1)
			qu.Text = fmt.Sprintf(pick([]string{"Who is %s?", "What position does %s hold?", "What role does %s have?"}), name)
			qu.Typo, qu.Who = true, speaker.Name
		case "paraphrase-presided":
			pres := g.c.People[rep.Presider]
			qu.Text = fmt.Sprintf(pick([]string{
				"Who chaired the %[1]s that the %[2]s held on %[3]s?",
				"Which official presided at the %[2]s %[1]s on %[3]s?",
				"On %[3]s, who led the %[1]s of the %[2]s?",
				"The %[2]s held a %[1]s on %[3]s: who was in the chair?",
			}), rep.Event, rep.Org, date)
			qu.Who = pres.Name
		case "paraphrase-whois":
			if speaker.Later != "" {
				continue
			}
			qu.Text = fmt.Sprintf(pick([]string{
				"What position does %[1]s hold?", "Tell me who %[1]s is", "What is %[1]s's role?", "%[1]s: who is that?",
			}), speaker.Name)
			qu.Who = speaker.Name
			qu.Mention = []string{speaker.Role}
		case "paraphrase-chairman":
			if speaker.Role != "chairman" || speaker.Later != "" {
				continue
			}
			qu.Text = fmt.Sprintf(pick([]string{
				"Who chairs the %[1]s?", "Name the chairman of the %[1]s.", "Who is the %[1]s's chairman?", "Which person is chairman of the %[1]s?",
			}), speaker.Org)
			qu.Who = speaker.Name
		case "roles-now", "roles-then", "roles-held":
			if len(changed) == 0 {
				continue
			}
			p := g.c.People[changed[r.IntN(len(changed))]]
			role := p.RoleIn(rep.Year)
			key := role + " of the " + p.Org
			switch kind {
			case "roles-now":
				qu.Text = fmt.Sprintf("Who is the %s of the %s now?", role, p.Org)
				qu.Who = g.c.People[latest[key].person].Name
			case "roles-then":
				var ys []int
				for y := range inYear[key] {
					ys = append(ys, y)
				}
				if len(ys) == 0 {
					continue
				}
				slices.Sort(ys) // map order is random; the corpus is not
				y := ys[r.IntN(len(ys))]
				qu.Text = fmt.Sprintf("Who was the %s of the %s in %d?", role, p.Org, y)
				qu.Who = g.c.People[inYear[key][y]].Name
			case "roles-held":
				qu.Text = fmt.Sprintf(pick([]string{"What roles has %s held?", "Which positions has %s had?"}), p.Name)
				qu.Who = p.Name
				qu.Mention = []string{p.Role + " of the " + p.Org, p.Later + " of the " + p.Org}
			}
		case "near-out-of-scope":
			qu.Found = false
			switch r.IntN(4) {
			case 0: // a known given name with an unknown surname
				qu.Text = fmt.Sprintf("Who is %s %s?", strings.Fields(speaker.Name)[0], pick(strangerSurnames))
			case 1: // a known place with an organisation nobody mentions
				qu.Text = fmt.Sprintf("Who is the chairman of the %s %s?", pick(g.places), pick(strangerOrgKinds))
			case 2: // a known person on a topic nobody raised
				qu.Text = fmt.Sprintf("What did %s say about %s?", speaker.Name, pick(strangerTopics))
			case 3: // a known topic with a question the reports cannot answer
				qu.Text = fmt.Sprintf("What is the price of %s in %s?", rep.Topic, pick(g.places))
			}
		}
		g.c.Hard = append(g.c.Hard, qu)
	}
}

// edit applies one typo of the kind to w, never touching its first
// letter: the kind a person makes typing fast.
func edit(r *rand.Rand, w, kind string) string {
	letter := func() string { return string(rune('a' + r.IntN(26))) }
	switch kind {
	case "dropped":
		p := 1 + r.IntN(len(w)-1)
		return w[:p] + w[p+1:]
	case "swapped":
		for range 8 {
			p := 1 + r.IntN(len(w)-2)
			if w[p] != w[p+1] {
				return w[:p] + w[p+1:p+2] + w[p:p+1] + w[p+2:]
			}
		}
		return w[:1] + w[2:3] + w[1:2] + w[3:]
	case "wrong":
		p := 1 + r.IntN(len(w)-1)
		for {
			if l := letter(); l != strings.ToLower(w[p:p+1]) {
				return w[:p] + l + w[p+1:]
			}
		}
	default: // extra
		p := 1 + r.IntN(len(w))
		return w[:p] + letter() + w[p:]
	}
}

// Answered judges a whole reply to q: whether the bot said it found an
// answer, and its text. A found answer must name the expected person on
// its first line (with many reports the right one must come first, not
// somewhere in a list) and contain every Mention; an out-of-scope question
// must get no answer.
func (q Question) Answered(found bool, reply string) bool {
	if found != q.Found {
		return false
	}
	if !q.Found {
		return true
	}
	first, _, _ := strings.Cut(reply, "\n")
	who := q.Who
	if who == "" && len(q.Expect) > 0 {
		before, _, _ := strings.Cut(q.Expect[0], ",")
		who = strings.Join(strings.Fields(before)[:min(2, len(strings.Fields(before)))], " ")
	}
	if !strings.Contains(first, who) {
		return false
	}
	low := strings.ToLower(reply)
	for _, m := range q.Mention {
		if !strings.Contains(low, strings.ToLower(m)) {
			return false
		}
	}
	return true
}

// KindOf is the kind a benchmark reports q under: misspelt classic
// questions count as "typo".
func KindOf(q Question) string {
	if q.Typo && !strings.HasPrefix(q.Kind, "typo-") {
		return "typo"
	}
	return q.Kind
}
