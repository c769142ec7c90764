// Package corpus generates archives of meeting reports for benchmarks,
// deterministically from a seed, together with questions whose right
// answers are known. Reports are shaped like real ones: a date header, an
// event sentence, a presider, an appositive list of speakers with their
// roles, quoted terms, attendees, and a body of about a thousand words with
// a long-tailed vocabulary.
package corpus

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Person is someone reports mention. An official presides and carries a
// title before the name; everyone else holds a role in an organisation.
type Person struct {
	Name  string
	Title string // officials: "Mayor"
	Role  string // others: "vice chairman"
	Org   string // others: "Northmere Teachers Union"
	// Later is the role held from RoleChange on, when it changed: some
	// organisations' chairman and vice chairman swap roles, so one person
	// holds several roles over time.
	Later string
}

// RoleChange is the first year in which Person.Later applies.
const RoleChange = 2020

// RoleIn is the role p holds in year.
func (p Person) RoleIn(year int) string {
	if p.Later != "" && year >= RoleChange {
		return p.Later
	}
	return p.Role
}

// Appositive is how reports introduce a member: "Name, role of the Org",
// with the role held first.
func (p Person) Appositive() string { return p.AppositiveIn(0) }

// AppositiveIn is the appositive as a report of year states it.
func (p Person) AppositiveIn(year int) string {
	return fmt.Sprintf("%s, %s of the %s", p.Name, p.RoleIn(year), p.Org)
}

// Report is one generated report with what it is known to say.
type Report struct {
	ID         string
	Date       string // of the report, the day after the event
	Year       int    // of the event
	Month, Day int    // of the event
	Org        string // organiser
	Event      string // "plenary session"
	Topic      string
	Presider   int // into Corpus.People
	Speakers   []int
	Attendees  []int
	Terms      []string // quoted terms, without quotes
	Paragraphs [][]string
}

// Sentences are the report's sentences in order (the date header apart).
func (r *Report) Sentences() []string {
	var out []string
	for _, p := range r.Paragraphs {
		out = append(out, p...)
	}
	return out
}

// Text is the report as a file holds it: a date header and paragraphs.
func (r *Report) Text() string {
	var b strings.Builder
	b.WriteString("date " + r.Date + " ")
	for i, p := range r.Paragraphs {
		if i > 0 {
			b.WriteString("\n\n")
		}
		b.WriteString(strings.Join(p, " "))
	}
	b.WriteString("\n")
	return b.String()
}

// Question is a question with its known answer.
type Question struct {
	Text string
	Kind string // presided, whois, chairman, out-of-scope; the hard set adds its own
	Typo bool   // words were misspelt on purpose
	// Found is whether the archive answers it; Expect lists text the
	// answer's supporting sentence must contain.
	Found  bool
	Expect []string
	// Who is the person a found answer must name first; Mention lists
	// text the whole answer must contain (the hard set sets these).
	Who     string
	Mention []string
}

// Corpus is a generated archive.
type Corpus struct {
	People    []Person
	Reports   []*Report
	Questions []Question
	// Hard is a harder set over the same archive (see hard.go).
	Hard []Question
}

type gen struct {
	seed    uint64
	r       *rand.Rand
	zipf    *rand.Zipf
	lexicon []string
	c       *Corpus
	orgs    []string
	byOrg   map[string][]int // org → people holding its roles, in orgRoles order
	members []int
	officia []int
	places  []string
	words   map[string]bool // every invented word, lower-case, so names never collide with them
}

// Generate makes n reports and about q questions from seed. The same seed
// and sizes always give the same corpus. Any n works: organisations (and
// the places and people behind them) grow with the archive so that an
// organiser and a date still name one event.
func Generate(seed uint64, n, q int) *Corpus {
	g := newGen(seed, n)
	used := map[string]bool{}
	for i := 0; i < n; i++ {
		g.c.Reports = append(g.c.Reports, g.makeReport(i, used))
	}
	g.makeQuestions(q)
	g.makeHard(q)
	return g.c
}

// GenerateTo writes the n reports to dir as they are made (as WriteFiles
// would) and keeps only what questions need, not the text, so archives of
// hundreds of thousands of reports are made in little memory.
func GenerateTo(dir string, seed uint64, n, q int) (*Corpus, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("corpus: %w", err)
	}
	g := newGen(seed, n)
	used := map[string]bool{}
	for i := 0; i < n; i++ {
		r := g.makeReport(i, used)
		if err := os.WriteFile(filepath.Join(dir, r.ID+".txt"), []byte(r.Text()), 0o644); err != nil {
			return nil, fmt.Errorf("corpus: %w", err)
		}
		r.Paragraphs = nil
		g.c.Reports = append(g.c.Reports, r)
	}
	g.makeQuestions(q)
	g.makeHard(q)
	return g.c, nil
}

// eventsPerOrg is how many events an organiser holds at most, on average:
// well under the 336 days it can choose from, so picking a free day is
// quick at any size.
const eventsPerOrg = 200

func newGen(seed uint64, n int) *gen {
	g := &gen{seed: seed, r: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), c: &Corpus{}, byOrg: map[string][]int{}}
	g.zipf = rand.NewZipf(g.r, 1.1, 2, 39_999)
	g.makeLexicon(40_000)
	orgs := max(len(places)*len(orgKinds), (n+eventsPerOrg-1)/eventsPerOrg)
	g.places = append([]string(nil), places...)
	for len(g.places)*len(orgKinds) < orgs {
		g.places = append(g.places, g.inventName(2, 3, 6, 12))
	}
	g.makePeople()
	return g
}

// inventName makes a capitalised word of k1..k2 syllables and l1..l2
// letters that is no other invented word.
func (g *gen) inventName(k1, k2, l1, l2 int) string {
	for {
		var b strings.Builder
		for k := k1 + g.r.IntN(k2-k1+1); k > 0; k-- {
			b.WriteString(g.pick(onsets) + g.pick(nuclei) + g.pick(codas))
		}
		w := b.String()
		if len(w) < l1 || len(w) > l2 || g.words[w] {
			continue
		}
		g.words[w] = true
		return strings.ToUpper(w[:1]) + w[1:]
	}
}

func (g *gen) pick(s []string) string { return s[g.r.IntN(len(s))] }

func (g *gen) makeLexicon(n int) {
	seen := map[string]bool{}
	g.words = seen
	for _, ws := range [][]string{givenNames, surnames, places, strangerGiven, strangerSurnames} {
		for _, w := range ws {
			seen[strings.ToLower(w)] = true
		}
	}
	for len(g.lexicon) < n {
		var b strings.Builder
		for k := 1 + g.r.IntN(3); k > 0; k-- {
			b.WriteString(g.pick(onsets) + g.pick(nuclei) + g.pick(codas))
		}
		w := b.String()
		if len(w) < 3 || seen[w] {
			continue
		}
		seen[w] = true
		g.lexicon = append(g.lexicon, w)
	}
}

func (g *gen) makePeople() {
	need := len(g.places)*len(orgKinds)*len(orgRoles) + 60
	// Invented surnames of every length from 4 to 15 letters (so typos are
	// tried on short and long names alike), and more as the archive needs.
	sur := append([]string(nil), surnames...)
	for l := 4; l <= 15; l++ {
		for k := 0; k < 2; k++ {
			sur = append(sur, g.inventName(1, 5, l, l))
		}
	}
	for len(sur)*len(givenNames) < need {
		sur = append(sur, g.inventName(2, 4, 4, 15))
	}
	var names []string
	for _, s := range sur {
		for _, f := range givenNames {
			names = append(names, f+" "+s)
		}
	}
	g.r.Shuffle(len(names), func(i, j int) { names[i], names[j] = names[j], names[i] })
	next := func() string { n := names[0]; names = names[1:]; return n }
	for oi, p := range g.places {
		for _, k := range orgKinds {
			org := p + " " + k
			g.orgs = append(g.orgs, org)
			first := len(g.c.People)
			for _, role := range orgRoles {
				g.byOrg[org] = append(g.byOrg[org], len(g.c.People))
				g.members = append(g.members, len(g.c.People))
				g.c.People = append(g.c.People, Person{Name: next(), Role: role, Org: org})
			}
			// In one organisation in three the chairman and the vice
			// chairman (the first two roles) swap from RoleChange on.
			if (oi*len(orgKinds)+len(g.orgs))%3 == 0 {
				ch, vice := &g.c.People[first], &g.c.People[first+1]
				ch.Later, vice.Later = vice.Role, ch.Role
			}
		}
	}
	for i := 0; i < 60; i++ {
		g.officia = append(g.officia, len(g.c.People))
		g.c.People = append(g.c.People, Person{Name: next(), Title: g.pick(officialTitles)})
	}
}

func (g *gen) word() string { return g.lexicon[g.zipf.Uint64()] }

// filler is a body sentence of about twenty words.
func (g *gen) filler() string {
	return fmt.Sprintf("%s %s the %s %s of %s %s, %s %s %s and %s the %s %s of %s %s.",
		g.pick(openers), g.pick(verbs), g.pick(adjectives), g.pick(nouns), g.word(), g.word(),
		g.pick(verbs), g.word(), g.pick(nouns), g.pick(verbs), g.pick(adjectives), g.pick(nouns), g.word(), g.word())
}

func (g *gen) distinct(from []int, k int, avoid map[int]bool) []int {
	var out []int
	for len(out) < k {
		p := from[g.r.IntN(len(from))]
		if avoid[p] {
			continue
		}
		avoid[p] = true
		out = append(out, p)
	}
	return out
}

func (g *gen) makeReport(i int, used map[string]bool) *Report {
	rep := &Report{}
	for {
		rep.Org, rep.Event, rep.Topic = g.pick(g.orgs), g.pick(events), g.pick(topics)
		rep.Month, rep.Day = 1+g.r.IntN(12), 1+g.r.IntN(28)
		// One event per organiser per calendar day, so the organiser and
		// the date name the event.
		key := fmt.Sprint(rep.Org, rep.Month, rep.Day)
		if !used[key] {
			used[key] = true
			break
		}
	}
	year := 2015 + g.r.IntN(10)
	rep.Year = year
	date := time.Date(year, time.Month(rep.Month), rep.Day+1, 0, 0, 0, 0, time.UTC)
	rep.Date = date.Format("2006-01-02")
	rep.ID = fmt.Sprintf("%s-%05d", rep.Date, i)
	avoid := map[int]bool{}
	rep.Presider = g.distinct(g.officia, 1, avoid)[0]
	rep.Speakers = g.distinct(g.members, 3+g.r.IntN(6), avoid)
	rep.Attendees = g.distinct(g.members, 1+g.r.IntN(2), avoid)
	for k := 2 + g.r.IntN(3); k > 0; k-- {
		rep.Terms = append(rep.Terms, g.pick(termNumbers)+" "+g.pick(termNouns))
	}
	pres := g.c.People[rep.Presider]
	rep.Paragraphs = append(rep.Paragraphs, []string{
		fmt.Sprintf("On %s %d, the %s held a %s on %s in %s.", months[rep.Month-1], rep.Day, rep.Org, rep.Event, rep.Topic, g.pick(g.places)),
		fmt.Sprintf("%s %s presided over the meeting and delivered a speech.", pres.Title, pres.Name),
	})
	var list []string
	for _, s := range rep.Speakers {
		list = append(list, g.c.People[s].AppositiveIn(year))
	}
	speakers := strings.Join(list[:len(list)-1], ", ") + ", and " + list[len(list)-1]
	rep.Paragraphs = append(rep.Paragraphs, []string{
		fmt.Sprintf("At the %s, %s, made speeches, expressing support for the “%s” and calling for %s %s.",
			rep.Event, speakers, rep.Terms[0], g.pick(adjectives), g.pick(nouns)),
		fmt.Sprintf("%s responded to each speaker in turn.", pres.Name),
	})
	// The body: about forty sentences in paragraphs of five to eight, with
	// the presider's remarks and the quoted terms spread through it.
	for body := 0; body < 40; {
		var para []string
		k := 5 + g.r.IntN(4)
		for j := 0; j < k; j++ {
			s := g.filler()
			switch {
			case j == 0:
				s = fmt.Sprintf("%s %s %s", pres.Name, g.pick(connectors), lowerFirst(s))
			case g.r.IntN(6) == 0:
				t := rep.Terms[g.r.IntN(len(rep.Terms))]
				s = strings.TrimSuffix(s, ".") + fmt.Sprintf(", keeping to the “%s”.", t)
			}
			para = append(para, s)
		}
		rep.Paragraphs = append(rep.Paragraphs, para)
		body += k
	}
	var att []string
	for _, a := range rep.Attendees {
		att = append(att, g.c.People[a].AppositiveIn(year))
	}
	rep.Paragraphs = append(rep.Paragraphs, []string{strings.Join(att, ", and ") + ", attended the meeting."})
	return rep
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

func (g *gen) makeQuestions(q int) {
	reps := g.c.Reports
	if len(reps) == 0 {
		return
	}
	var base []Question
	for len(base) < q*7/10 {
		rep := reps[g.r.IntN(len(reps))]
		switch g.r.IntN(3) {
		case 0:
			p := g.c.People[rep.Presider]
			base = append(base, Question{
				Text:   fmt.Sprintf("Who presided over the %s held by the %s on %s %d?", rep.Event, rep.Org, months[rep.Month-1], rep.Day),
				Kind:   "presided",
				Found:  true,
				Expect: []string{p.Name + " presided"},
				Who:    p.Name,
			})
		case 1:
			// People whose role changed are the hard set's business.
			p := g.c.People[rep.Speakers[g.r.IntN(len(rep.Speakers))]]
			if p.Later != "" {
				continue
			}
			base = append(base, Question{Text: fmt.Sprintf("Who is %s?", p.Name), Kind: "whois", Found: true, Expect: []string{p.Appositive()}, Who: p.Name})
		case 2:
			for _, s := range rep.Speakers {
				if p := g.c.People[s]; p.Role == "chairman" && p.Later == "" {
					base = append(base, Question{Text: fmt.Sprintf("Who is the chairman of the %s?", p.Org), Kind: "chairman", Found: true, Expect: []string{p.Appositive()}, Who: p.Name})
					break
				}
			}
		}
	}
	g.c.Questions = append(g.c.Questions, base...)
	// A third as many again with typos: each misspelt word carries one
	// edit of a random kind.
	for i := 0; i < q*15/100; i++ {
		b := base[g.r.IntN(len(base))]
		b.Text = g.misspell(b.Text)
		b.Typo = true
		g.c.Questions = append(g.c.Questions, b)
	}
	oos := []string{
		"What is the price of Bitcoin?", "How do I bake bread?", "Who won the football final?",
		"What will the weather be tomorrow?", "Recommend a good film for tonight", "What is the capital of Peru?",
	}
	for len(g.c.Questions) < q {
		text := g.pick(oos)
		if g.r.IntN(2) == 0 {
			text = fmt.Sprintf("Who is %s %s?", g.pick(strangerGiven), g.pick(strangerSurnames))
		}
		g.c.Questions = append(g.c.Questions, Question{Text: text, Kind: "out-of-scope"})
	}
}

// misspell puts one typo (dropped, swapped, wrong or extra letter) into one
// or two of the longer words.
func (g *gen) misspell(text string) string {
	words := strings.Fields(text)
	var long []int
	for i, w := range words {
		if len(strings.Trim(w, "?,.")) >= 6 {
			long = append(long, i)
		}
	}
	g.r.Shuffle(len(long), func(i, j int) { long[i], long[j] = long[j], long[i] })
	for _, i := range long[:min(len(long), 1+g.r.IntN(2))] {
		w := words[i]
		core := strings.TrimRight(w, "?,.")
		tail := w[len(core):]
		p := 1 + g.r.IntN(len(core)-2) // keep the first letter
		switch g.r.IntN(4) {
		case 0: // dropped
			core = core[:p] + core[p+1:]
		case 1: // swapped
			core = core[:p] + core[p+1:p+2] + core[p:p+1] + core[p+2:]
		case 2: // wrong
			core = core[:p] + string(rune('a'+g.r.IntN(26))) + core[p+1:]
		case 3: // extra
			core = core[:p] + string(rune('a'+g.r.IntN(26))) + core[p:]
		}
		words[i] = core + tail
	}
	return strings.Join(words, " ")
}

// WriteFiles writes each report to dir as <id>.txt.
func (c *Corpus) WriteFiles(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("corpus: %w", err)
	}
	for _, r := range c.Reports {
		if err := os.WriteFile(filepath.Join(dir, r.ID+".txt"), []byte(r.Text()), 0o644); err != nil {
			return fmt.Errorf("corpus: %w", err)
		}
	}
	return nil
}
