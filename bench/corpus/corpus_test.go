package corpus

import (
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
			if !strings.Contains(text, c.People[s].Appositive()) {
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
