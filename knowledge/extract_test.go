package knowledge

import (
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

func load(t *testing.T, name string) *Report {
	t.Helper()
	r, err := LoadFile(filepath.Join("testdata", "good", name), LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func person(t *testing.T, r *Report, name string) *Person {
	t.Helper()
	for i := range r.People {
		if r.People[i].Name == name {
			return &r.People[i]
		}
	}
	var names []string
	for _, p := range r.People {
		names = append(names, p.Name)
	}
	t.Fatalf("%s not extracted; people: %q", name, names)
	return nil
}

func kinds(p *Person) []ActionKind {
	var out []ActionKind
	for _, a := range p.Actions {
		out = append(out, a.Kind)
	}
	return out
}

func TestExtractRolesAndActionsInOtherShapes(t *testing.T) {
	r := load(t, "harbor-forum.txt")
	cases := []struct {
		name, title, org string
		acts             []ActionKind
	}{
		// Role before the name, with a "Vice" title kept whole.
		{"Tomas Berg", "Vice Chairman", "Harbor Union", []ActionKind{Presided}},
		{"Mira Okafor", "Chairman", "Harbor Union", []ActionKind{Spoke}},
		// An appositive list ending in "and", vice chairman beside chairman.
		{"Lena Fischer", "director", "Port Authority", []ActionKind{Spoke}},
		{"Omar Haddad", "vice chairman", "Fishing Cooperative", []ActionKind{Spoke}},
		{"Grace Mbeki", "chairman", "Fishing Cooperative", []ActionKind{Spoke}},
		{"Ivan Petrov", "representative", "dock workers", []ActionKind{Spoke}},
		// Hyphenated title before the name, organisation after it.
		{"Kenji Sato", "Vice-President", "", []ActionKind{Spoke}},
		// A dash appositive with two roles.
		{"Nadia Rahman", "executive director", "", []ActionKind{Quoted, Spoke}}, // words said at the event are speaking there
		{"Paulo Costa", "Deputy Mayor", "", []ActionKind{Attended}},
	}
	for _, c := range cases {
		p := person(t, r, c.name)
		if len(p.Roles) == 0 || !strings.EqualFold(p.Roles[0].Title, c.title) || (c.org != "" && p.Roles[0].Org != c.org) {
			t.Errorf("%s: roles %+v, want title %q org %q", c.name, p.Roles, c.title, c.org)
		}
		if !reflect.DeepEqual(kinds(p), c.acts) {
			t.Errorf("%s: actions %v, want %v", c.name, kinds(p), c.acts)
		}
	}
	if p := person(t, r, "Nadia Rahman"); len(p.Roles) != 2 || p.Roles[1].Title != "president" || p.Roles[1].Org != "Coastal Trust" {
		t.Errorf("dash appositive roles: %+v", p.Roles)
	}
	if p := person(t, r, "Kenji Sato"); !strings.Contains(p.Roles[0].Text, "Maritime Bank") {
		t.Errorf("organisation after the name lost: %+v", p.Roles)
	}
	if len(r.People) != 9 {
		var names []string
		for _, p := range r.People {
			names = append(names, p.Name)
		}
		t.Errorf("want 9 people, got %q", names)
	}
}

func TestExtractEventAndDate(t *testing.T) {
	r := load(t, "harbor-forum.txt")
	ev := r.Event
	if ev.Date != "2024-03-03" || ev.DateText != "On March 3" {
		t.Errorf("date: %q %q", ev.Date, ev.DateText)
	}
	if ev.Organizer != "the Harbor City Council" || !strings.HasPrefix(ev.What, "a forum") || ev.Where != "Eastport" {
		t.Errorf("event: %+v", ev)
	}
	if !strings.HasPrefix(ev.Purpose, "review") {
		t.Errorf("purpose: %q", ev.Purpose)
	}
	f := load(t, "farmers.txt")
	if f.Event.Date != "2023-05-18" || f.Event.Where != "Greenford" {
		t.Errorf("'on the 18th': %+v", f.Event)
	}
	lb := load(t, "library-board.md")
	if lb.Date != "" || lb.Event.DateText != "last night" || lb.Event.Date != "" {
		t.Errorf("relative date without a report date must stay unresolved: %+v", lb.Event)
	}
	if lb.Title != "Riverside Library Board meets" {
		t.Errorf("markdown title: %q", lb.Title)
	}
}

func TestResolveRelativeDates(t *testing.T) {
	ref := time.Date(2022, 11, 26, 0, 0, 0, 0, time.UTC)
	cases := map[string]string{
		"On November 25, the board met":    "2022-11-25",
		"The board met on the 18th":        "2022-11-18",
		"The board met on the 28th":        "2022-10-28", // later than the report: last month
		"The board met last night":         "2022-11-25",
		"The board met yesterday":          "2022-11-25",
		"The board met today":              "2022-11-26",
		"The board met on Monday":          "2022-11-21",
		"It met on December 30":            "2021-12-30", // after the report: last year
		"It met on 3 March 2020":           "2020-03-03",
		"It met on Nov. 2, 2019 in Dublin": "2019-11-02",
	}
	for in, want := range cases {
		if _, got := resolveDate(in, ref); got != want {
			t.Errorf("%q: got %q, want %q", in, got, want)
		}
	}
}

func TestPassiveAttendanceAndBareSubjects(t *testing.T) {
	lb := load(t, "library-board.md")
	if p := person(t, lb, "Priya Nair"); !reflect.DeepEqual(kinds(p), []ActionKind{Attended}) || p.Roles[0].Title != "head" {
		t.Errorf("passive 'attended by': %+v", p)
	}
	if p := person(t, lb, "Dana Whitfield"); !reflect.DeepEqual(kinds(p), []ActionKind{Presided}) {
		t.Errorf("presided: %+v", p)
	}
	if p := person(t, lb, "Leo Marsh"); !reflect.DeepEqual(kinds(p), []ActionKind{Quoted, Spoke}) {
		t.Errorf("said: %+v", p)
	}
	f := load(t, "farmers.txt")
	p := person(t, f, "Ruth Adeyemi")
	if !reflect.DeepEqual(kinds(p), []ActionKind{Spoke, Quoted, Spoke}) || len(p.Sentences) != 2 {
		t.Errorf("bare subject after a titled mention: %+v", p)
	}
}

func TestQuotedTerms(t *testing.T) {
	r := load(t, "harbor-forum.txt")
	if len(r.Terms) == 0 || r.Terms[0].Text != "blue corridor" || !r.Terms[0].Quoted || len(r.Terms[0].Sentences) != 2 {
		t.Fatalf("terms: %+v", r.Terms)
	}
}

// The bundled report, as the reference shape: its facts are checked here so
// extraction regressions show up before the eval does.
func TestBundledReportExtraction(t *testing.T) {
	reports, err := LoadBundled()
	if err != nil || len(reports) != 1 {
		t.Fatal(err)
	}
	r := reports[0]
	if r.Date != "2022-11-26" || r.Event.Date != "2022-11-25" {
		t.Errorf("dates: report %q event %q", r.Date, r.Event.Date)
	}
	var presided, spoke, attended []string
	for _, p := range r.People {
		if _, ok := didKind(&p, Presided); ok {
			presided = append(presided, p.Name)
		}
		if _, ok := didKind(&p, Spoke); ok {
			spoke = append(spoke, p.Name)
		}
		if _, ok := didKind(&p, Attended); ok {
			attended = append(attended, p.Name)
		}
	}
	if len(presided) != 1 || len(spoke) != 10 || len(attended) != 1 {
		t.Errorf("presided %q, spoke %q, attended %q", presided, spoke, attended)
	}
	for _, p := range r.People {
		if _, ok := didKind(&p, Spoke); ok && len(p.Roles) == 0 {
			t.Errorf("%s spoke but has no role", p.Name)
		}
	}
	quoted := 0
	for _, term := range r.Terms {
		if term.Quoted {
			quoted++
		}
	}
	if quoted < 8 {
		t.Errorf("only %d quoted terms", quoted)
	}
}

func didKind(p *Person, k ActionKind) (Action, bool) {
	for _, a := range p.Actions {
		if a.Kind == k {
			return a, true
		}
	}
	return Action{}, false
}

func TestExtractOtherPhrasings(t *testing.T) {
	r := load(t, "chamber.txt")
	cases := []struct {
		name, title, org string
		acts             []ActionKind
	}{
		{"Helen Carter", "President", "Board", []ActionKind{Presided, Quoted}}, // passive "chaired by", "According to"
		{"Marcus Lee", "Chief Executive Officer", "", []ActionKind{Spoke}},     // "gave the opening address"
		{"Sarah Kim", "head", "Northfield Youth Fund", []ActionKind{Spoke}},    // "who heads …", "made a presentation"
		{"Daniel Ortiz", "treasurer", "chamber", []ActionKind{Spoke}},          // "Speakers included …"
		{"Amira Haddad", "councillor", "city", []ActionKind{Spoke}},
		{"Tom Riley", "Vice Mayor", "", []ActionKind{Attended}}, // "Also present were …"
		{"John Park", "", "", []ActionKind{Attended}},
		{"Peter Novak", "vice president", "chamber", []ActionKind{Quoted, Spoke}}, // possessive role
	}
	for _, c := range cases {
		p := person(t, r, c.name)
		if c.title != "" && (len(p.Roles) == 0 || p.Roles[0].Title != c.title || p.Roles[0].Org != c.org) {
			t.Errorf("%s: roles %+v, want %q / %q", c.name, p.Roles, c.title, c.org)
		}
		if !reflect.DeepEqual(kinds(p), c.acts) {
			t.Errorf("%s: actions %v, want %v", c.name, kinds(p), c.acts)
		}
	}
	if r.Event.Date != "2025-06-10" || r.Event.Where != "the Grand Hotel" || r.Event.What != "its quarterly board meeting" {
		t.Errorf("event: %+v", r.Event)
	}
}

func TestPluralTitleOverANameList(t *testing.T) {
	r := load(t, "congress-standing.txt")
	for _, name := range []string{"Li Hua", "Wang Fang", "Zhou Ming"} {
		p := person(t, r, name)
		if len(p.Roles) != 1 || p.Roles[0].Title != "Vice Director" || !reflect.DeepEqual(kinds(p), []ActionKind{Attended}) {
			t.Errorf("%s: %+v", name, p)
		}
	}
	if p := person(t, r, "Sun Lei"); p.Roles[0].Title != "Secretary-General" || !reflect.DeepEqual(kinds(p), []ActionKind{Attended}) {
		t.Errorf("Sun Lei: %+v", p)
	}
	if p := person(t, r, "Gao Jian"); !reflect.DeepEqual(kinds(p), []ActionKind{Spoke}) {
		t.Errorf("'heard a report by': %+v", p)
	}
	if p := person(t, r, "Chen Weidong"); p.Roles[0].Title != "Director" || p.Roles[0].Org != "Standing Committee of the Municipal People's Congress" {
		t.Errorf("a possessive inside an organisation is not an owner: %+v", p.Roles)
	}
	if r.Event.Date != "2023-03-14" {
		t.Errorf("'On the morning of March 14': %q", r.Event.Date)
	}
}

func TestContainsWords(t *testing.T) {
	for s, want := range map[string]bool{
		"Ana Lima said":         true,
		"Ana Lima’s plan":       true,
		"Ana Limas said":        false,
		"Diana Lima said":       false,
		"(Ana Lima)":            true,
		"as Ana Lima, Ana Lima": true,
	} {
		if got := containsWords(s, "Ana Lima"); got != want {
			t.Errorf("containsWords(%q) = %v", s, got)
		}
	}
}
