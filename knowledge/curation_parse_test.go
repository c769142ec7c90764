package knowledge

import (
	"strings"
	"testing"
	"time"
)

// A report whose extraction takes an organisation for a person, the case
// not_people exists for.
const notPersonReport = `date 2025-05-06
On May 5, the Riverside Board held a hearing on bridge repairs.

Board Chair Elena Voss presided over the hearing. Northgate Holdings, a builder, spoke about costs. Engineer Paul Adeyemi also spoke.
`

func TestBuildDropsNotPeople(t *testing.T) {
	parse := func() *Report {
		r, err := Parse("hearing.txt", []byte(notPersonReport), time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	names := func(kb *KB) []string {
		var out []string
		for _, p := range kb.Reports[0].People {
			out = append(out, p.Name)
		}
		return out
	}
	before := names(Build([]*Report{parse()}, nil))
	if len(before) < 2 {
		t.Fatalf("extraction found too few people to test with: %v", before)
	}
	// Mark one found person as not a person (in other letter case, as a
	// curator might type it) and the build must drop exactly that one.
	dropped := before[0]
	cur, err := ParseCuration([]byte("not_people: [" + strings.ToUpper(dropped) + "]\n"))
	if err != nil {
		t.Fatal(err)
	}
	after := names(Build([]*Report{parse()}, cur))
	if len(after) != len(before)-1 {
		t.Fatalf("after marking %q: people %v, want %v without it", dropped, after, before)
	}
	for _, n := range after {
		if strings.EqualFold(n, dropped) {
			t.Errorf("%q is still a person: %v", dropped, after)
		}
	}
}

func TestParseCurationChecks(t *testing.T) {
	for _, tc := range []struct {
		name, yaml, wantErr string
	}{
		{"empty file", "", ""},
		{"every kind", "synonyms: {a: b}\naliases: {X Y: [Z]}\nroles: {X Y: Chair}\nqa: [{question: q, answer: a}]\nnot_people: [Acme]\nignored: ['what is it?']\n", ""},
		{"unknown key", "synonym: {a: b}\n", "synonym"},
		{"qa without answer", "qa: [{question: q}]\n", "qa entry 1"},
		{"empty not_people", "not_people: ['']\n", "not_people entry 1"},
		{"bad YAML", "roles: [\n", "yaml"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseCuration([]byte(tc.yaml))
			if tc.wantErr == "" {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("error %v, want one mentioning %q", err, tc.wantErr)
			}
		})
	}
}
