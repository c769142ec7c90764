package knowledge

import (
	"strings"
	"testing"
	"time"
)

// TestSentenceShapes covers the sentence shapes real reports use to name
// people, their roles and what they did; each line of testdata/good/
// shapes.txt is one shape (all invented).
func TestSentenceShapes(t *testing.T) {
	r := load(t, "shapes.txt")
	// A headline with no full stop is a sentence of its own.
	if len(r.Sentences) < 2 || !strings.HasSuffix(r.Sentences[0].Text, "Coastal Daily") {
		t.Errorf("headline: %q", r.Sentences[0].Text)
	}
	if r.Event.Where != "the Maritime Hall" || r.Event.Organizer != "the Coastal Trust" || r.Event.Date != "2024-03-07" {
		t.Errorf("event: %+v", r.Event)
	}
	cases := []struct {
		name string
		role string // a word the role must contain; "" for none expected
		acts []ActionKind
	}{
		{"Ola Brekke", "Minister of Fisheries", []ActionKind{Presided, Spoke, Attended}}, // "Presiding over X was …, who said"; later "met with"
		{"Sergei Volkov", "defense minister", []ActionKind{Attended}},                    // a role before the name, set off by commas
		{"Zong Lian", "deputy mayor", []ActionKind{Attended}},                            // a lower-case title, passive list
		{"Rainer Kolb", "project opponent", []ActionKind{Attended}},                      // an agentive noun as a title
		{"Tom Reed", "Trade Secretary", []ActionKind{Spoke}},                             // an appositive list sharing "each spoke"
		{"Ana Weller", "member of the Senate", []ActionKind{Spoke}},
		{"Paul Dorn", "founding president", []ActionKind{Spoke}},
		{"Kato Hiroshi", "fisherman", []ActionKind{Spoke}},             // the speaker after the quote, family name first
		{"Mira Holt", "tourism operator", []ActionKind{Spoke}},         // "Name, role: quote"
		{"Tanaka Jiro", "chief of police", []ActionKind{Spoke}},        // parenthetical role, then "Chief Tanaka"
		{"Igor Salin", "Head of the Republic", []ActionKind{Attended}}, // object of "met with"
		{"Frank Ross", "Olympic champions", []ActionKind{Attended}},    // a plural title over two names
		{"Peter Dahl", "Olympic champions", []ActionKind{Attended}},
		{"Karl Brenner", "Minister of Justice", nil},
		{"Lena", "his wife", nil},                                     // one word, after a word for a relative
		{"He Wei", "student", []ActionKind{Spoke}},                    // "He" as a family name
		{"Henry “Hank” Moss", "younger brother", []ActionKind{Spoke}}, // a nickname in quotes
		{"Lubomír Dvořák", "ambassador", []ActionKind{Attended}},      // diacritics, "A, role, and B, role, were present"
		{"Árný Jónsdóttir", "researcher", []ActionKind{Attended}},
		{"Jonas Lind", "Mayor", []ActionKind{Attended}},             // a deed at the scene
		{"Ebba", "his wife", []ActionKind{Attended}},                // a relative beside someone there
		{"Sara Voss", "member", []ActionKind{Attended}},             // a caption: "X as …"
		{"Rosa Marin", "festival director", []ActionKind{Presided}}, // "held by X"
		{"Omar Tell", "", []ActionKind{Attended}},                   // handing over a prize, not a speech
		{"Nils Brand", "", []ActionKind{Attended}},                  // "X and others paid a courtesy visit"
		{"Dara Quinn", "port inspector", []ActionKind{Attended}},    // "with X, role, in attendance"
		{"Ines Vale", "", []ActionKind{Attended}},                   // a deed at the scene
		{"Paul Reyes", "", []ActionKind{Attended}},                  // "officials including A, B and C joined"
		{"Lina Park", "", []ActionKind{Attended}},
		{"Grace Obi", "", []ActionKind{Spoke}},                      // "guests such as A and B spoke"
		{"Tom Vik", "", []ActionKind{Attended}},                     // "A, B and C attended"
		{"Vera Nyberg", "club chairperson", []ActionKind{Attended}}, // a companion: "X arrived with Y"
		{"Per Aas", "", []ActionKind{Attended}},                     // bracketed asides inside a list
		{"Leif Rolf", "", []ActionKind{Attended}},                   // a rank at the event
	}
	for _, c := range cases {
		p := person(t, r, c.name)
		if c.role != "" {
			ok := false
			for _, role := range p.Roles {
				ok = ok || strings.Contains(role.Text, c.role)
			}
			if !ok {
				t.Errorf("%s: roles %+v, want one with %q", c.name, p.Roles, c.role)
			}
		}
		for _, k := range c.acts {
			if _, ok := didKind(p, k); !ok {
				t.Errorf("%s: actions %v, want %s", c.name, kinds(p), k)
			}
		}
	}
	// The pronoun "He" is the person last named as a subject.
	pronoun := -1
	for si, s := range r.Sentences {
		if strings.HasPrefix(s.Text, "He said") {
			pronoun = si
		}
	}
	if p := person(t, r, "Ola Brekke"); pronoun < 0 || !said(p, pronoun) {
		t.Errorf("Ola Brekke: %+v; want the pronoun's sentence", p.Actions)
	}
	// A pronoun's deed at the scene is the last subject's.
	if p := person(t, r, "Ines Vale"); len(p.Actions) < 2 {
		t.Errorf("Ines Vale: %+v; want the pronoun's sentence too", p.Actions)
	}
	if p := person(t, r, "Omar Tell"); len(p.Actions) > 0 && p.Actions[0].Kind == Spoke {
		t.Errorf("handing over a prize is not a speech: %+v", p.Actions)
	}
	// Named inside someone's quoted words, or in a byline: no action.
	// A journalist reports; an election or a new post is no deed at the scene.
	for _, name := range []string{"Tomas Reyes", "Lea Kurz", "Ida Berg", "Ove Lund"} {
		if p := person(t, r, name); len(p.Actions) > 0 {
			t.Errorf("%s: %+v, want no action", name, p.Actions)
		}
	}
	// Short mentions are the full name, not new people.
	for _, short := range []string{"Brekke", "Tanaka", "Reed", "Dorn"} {
		for _, p := range r.People {
			if p.Name == short {
				t.Errorf("%q extracted as a person of its own", short)
			}
		}
	}
	// Terms, companies, places and headlines are not people.
	for _, p := range r.People {
		for _, bad := range []string{"Thought", "Japan", "Kuala", "Coastal", "Harbor", "Maritime", "Lisbon"} {
			if strings.Contains(p.Name, bad) {
				t.Errorf("%q taken for a person", p.Name)
			}
		}
	}
}

func said(p *Person, si int) bool {
	for _, a := range p.Actions {
		if a.Sentence == si {
			return true
		}
	}
	return false
}

func TestEventDateShapes(t *testing.T) {
	cases := []struct {
		text, date string
		approx     bool
	}{
		// The dispatch's date line with a byline loses to the event's own date.
		{"date 2021-12-10\nReport from the Harbor Daily on December 10 (reporter: Ana Lima), on December 9, the harbor forum opened in Eastport.\n", "2021-12-09", false},
		// Several dates: the one nearest the event verb.
		{"date 2024-05-20\nAfter talks on May 2, the council held its annual meeting on May 18 in Eastport.\n", "2024-05-18", false},
		// Relative dates against the date line.
		{"date 2024-05-20\nThe council held a meeting yesterday.\n", "2024-05-19", false},
		{"date 2024-05-20\nThe council held a meeting on Saturday.\n", "2024-05-18", false},
		{"date 2024-05-20\nThe council held a meeting on the 12th.\n", "2024-05-12", false},
		{"date 2024-05-20\nThe council held a meeting a few days ago.\n", "2024-05-20", true},
		// An ordinal that counts a thing is no day: the date is yesterday.
		{"date 2024-05-20\nYesterday, the council held a forum on the 23rd Harbor Festival.\n", "2024-05-19", false},
	}
	for _, c := range cases {
		r, err := Parse("d.txt", []byte(c.text), time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		if r.Event.Date != c.date || r.Event.Approximate != c.approx {
			t.Errorf("%q: date %q approximate %v, want %q %v", c.text, r.Event.Date, r.Event.Approximate, c.date, c.approx)
		}
	}
}
