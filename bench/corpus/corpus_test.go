package corpus

import (
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

func TestDeterministic(t *testing.T) {
	a, b := Generate(7, 20, 40), Generate(7, 20, 40)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("same seed gave different corpora")
	}
	if c := Generate(8, 20, 40); reflect.DeepEqual(a.Reports[0].Text(), c.Reports[0].Text()) {
		t.Fatal("different seeds gave the same first report")
	}
}

func TestShape(t *testing.T) {
	c := Generate(1, 50, 100)
	if len(c.Reports) != 50 || len(c.Questions) != 100 {
		t.Fatalf("%d reports, %d questions", len(c.Reports), len(c.Questions))
	}
	seen := map[string]bool{}
	for _, r := range c.Reports {
		text := r.Text()
		if !strings.HasPrefix(text, "date "+r.Date+" On ") {
			t.Errorf("%s: header %q", r.ID, text[:40])
		}
		words := len(strings.Fields(text))
		if words < 600 || words > 1600 {
			t.Errorf("%s: %d words", r.ID, words)
		}
		pres := c.People[r.Presider]
		if !strings.Contains(text, pres.Title+" "+pres.Name+" presided over the meeting") {
			t.Errorf("%s: no presider sentence", r.ID)
		}
		for _, s := range r.Speakers {
			if !strings.Contains(text, c.People[s].AppositiveIn(r.Year)) {
				t.Errorf("%s: speaker %s not introduced", r.ID, c.People[s].Name)
			}
		}
		if !strings.Contains(text, "“"+r.Terms[0]+"”") {
			t.Errorf("%s: quoted term missing", r.ID)
		}
		if seen[r.ID] {
			t.Errorf("duplicate id %s", r.ID)
		}
		seen[r.ID] = true
	}
}

// Every answerable question's expected text is in some report, and no
// out-of-scope question names anyone the corpus knows.
func TestQuestionsHaveAnswers(t *testing.T) {
	c := Generate(3, 30, 200)
	var all strings.Builder
	for _, r := range c.Reports {
		all.WriteString(r.Text())
	}
	kinds := map[string]int{}
	for _, q := range c.Questions {
		kinds[q.Kind]++
		for _, e := range q.Expect {
			if !strings.Contains(all.String(), e) {
				t.Errorf("%q expects %q, which no report says", q.Text, e)
			}
		}
		if q.Found == (q.Kind == "out-of-scope") {
			t.Errorf("%q: found=%v for kind %s", q.Text, q.Found, q.Kind)
		}
	}
	for _, k := range []string{"presided", "whois", "chairman", "out-of-scope"} {
		if kinds[k] == 0 {
			t.Errorf("no %s questions", k)
		}
	}
	typos := 0
	for _, q := range c.Questions {
		if q.Typo {
			typos++
		}
	}
	if typos == 0 {
		t.Error("no misspelt questions")
	}
}

// Archives larger than the fixed vocabularies allow (150 organisations
// times 336 days) still get one event per organiser and day: the
// organisations grow with the archive.
func TestAnySize(t *testing.T) {
	for _, n := range []int{10, 60_000, 250_000} {
		g := newGen(1, n)
		if days := len(g.orgs) * 12 * 28; days < n*3/2 {
			t.Errorf("%d reports: only %d organiser-days", n, days)
		}
		if people := len(g.members) + len(g.officia); people != len(g.c.People) {
			t.Errorf("%d reports: %d people, %d placed", n, len(g.c.People), people)
		}
		names := map[string]bool{}
		for _, p := range g.c.People {
			if names[p.Name] {
				t.Fatalf("%d reports: %s twice", n, p.Name)
			}
			names[p.Name] = true
		}
	}
}

func TestHardSet(t *testing.T) {
	c := Generate(3, 300, 220)
	if len(c.Hard) != 220 {
		t.Fatalf("%d hard questions", len(c.Hard))
	}
	var all strings.Builder
	for _, r := range c.Reports {
		all.WriteString(r.Text())
	}
	kinds := map[string]int{}
	for _, q := range c.Hard {
		kinds[q.Kind]++
		if q.Found == (q.Kind == "near-out-of-scope") {
			t.Errorf("%q: found=%v for kind %s", q.Text, q.Found, q.Kind)
		}
		if q.Found && !strings.Contains(all.String(), q.Who) {
			t.Errorf("%q expects %q, whom no report names", q.Text, q.Who)
		}
		if strings.HasPrefix(q.Kind, "typo-") && strings.Contains(q.Text, q.Who) {
			t.Errorf("%q: no typo in %q", q.Text, q.Who)
		}
	}
	for _, k := range HardKinds {
		if kinds[k] == 0 {
			t.Errorf("no %s questions", k)
		}
	}
}

func TestEdit(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, w := range []string{"Emil", "Quentin", "Thorncastle", "Brandvoldering"} {
		for kind, dl := range map[string]int{"dropped": -1, "swapped": 0, "wrong": 0, "extra": 1} {
			for range 20 {
				e := edit(r, w, kind)
				if len(e) != len(w)+dl || e == w || e[0] != w[0] {
					t.Errorf("%s %s: %q", kind, w, e)
				}
			}
		}
	}
}
