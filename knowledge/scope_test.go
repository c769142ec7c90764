package knowledge

import (
	"testing"
	"time"
)

func mustParse(t *testing.T, name, text string, tags ...string) *Report {
	t.Helper()
	r, err := Parse(name, []byte(text), time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	r.Tags = MergeTags(tags)
	return r
}

func TestScopeAndExtend(t *testing.T) {
	a := mustParse(t, "a.txt", "The guild met on Monday. Chair Nils Oberg presided over the meeting.", "Ports")
	b := mustParse(t, "b.txt", "The club met on Tuesday. Chair Wren Adair presided over the meeting.", "sport")
	c := mustParse(t, "c.txt", "The choir met on Friday. Chair Lior Basq presided over the meeting.")
	base := Build([]*Report{a, b}, &Curation{QA: []QA{{Question: "q?", Answer: "a."}}})
	kb := Extend(base, []*Report{c})
	if len(kb.Reports) != 3 || kb.Reports[2] != c || len(kb.QAs) != 1 {
		t.Fatalf("extended: %d reports, %d QAs", len(kb.Reports), len(kb.QAs))
	}
	if len(base.Reports) != 2 {
		t.Fatalf("Extend changed its base: %d reports", len(base.Reports))
	}
	if got := kb.Scope(nil); got != kb {
		t.Error("no tags must be the whole KB")
	}
	s := kb.Scope([]string{"ports"})
	if len(s.Reports) != 1 || s.Reports[0] != a || len(s.QAs) != 1 {
		t.Fatalf("scoped to ports: %d reports", len(s.Reports))
	}
	if hits := s.Retriever().Search([]string{"wren"}, nil, 5); len(hits) != 0 {
		t.Errorf("scoped search finds an out-of-scope report: %v", hits)
	}
	if hits := s.Retriever().Search([]string{"oberg"}, nil, 5); len(hits) == 0 {
		t.Error("scoped search misses its own report")
	}
	if l := kb.ScopeList([]string{"sport"}); len(l.Reports) != 1 || l.Reports[0] != b || len(l.QAs) != 1 {
		t.Errorf("ScopeList: %d reports", len(l.Reports))
	}
	if n := len(kb.Scope([]string{"nothing"}).Reports); n != 0 {
		t.Errorf("unknown tag sees %d reports", n)
	}
}
