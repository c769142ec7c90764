package knowledge

import (
	"testing"
	"time"
)

// TestActionShapes covers sentence shapes that say who presided, spoke or
// attended; each text is invented, one shape each.
func TestActionShapes(t *testing.T) {
	const opening = "The harbour council held its annual meeting in Eastport.\n\n"
	cases := []struct {
		shape, text, name string
		plain             bool         // a report about no gathering: no opening sentence
		want              []ActionKind // every one of these
		not               []ActionKind // and none of these
	}{
		{"a role phrase whose first word is a name of its own does not split a list of objects",
			"Mayor Ada Frost had discussions with Defense Ministry head Ben Ito and Navy commander-in-chief Carl Ruud.",
			"Carl Ruud", false, []ActionKind{Attended}, nil},
		{"passive welcome with a place between verb and agent, lower-case role before the agent",
			"Mayor Ada Frost and his wife Lena Frost are welcomed at the hall by harbour master Lars Egan.",
			"Lars Egan", false, []ActionKind{Attended}, []ActionKind{Spoke, Quoted}},
		{"a speech named by a possessive after the speaker",
			"Around 20 officials were in attendance, to whom Director Oskar Lunde appealed for calm in his opening remarks.",
			"Oskar Lunde", false, []ActionKind{Spoke}, nil},
		{"a speech named by a possessive before the speaker",
			"In her address, Mira Solberg thanked the volunteers.",
			"Mira Solberg", false, []ActionKind{Spoke}, nil},
		{"a competitor's deed at the event",
			"In the sprint, Ivo Kast once again surpassed the field.",
			"Ivo Kast", false, []ActionKind{Attended}, nil},
		{"a competitor's loss at the event",
			"In contrast, Ole Brun disappointed again.",
			"Ole Brun", false, []ActionKind{Attended}, nil},
		{"the agent of a passive, a bracketed aside, then a relative clause of speech",
			"The gift was received by Chairman Ivo Marek of the Eastport Traders Union (formed of some 40 shops), who thanked the donors, saying, \"We are grateful.\"",
			"Ivo Marek", false, []ActionKind{Spoke}, nil},
		{"words of someone the sentence shows there, in a report about no gathering",
			"Shop owners collected money for the flood victims.\n\nThe money was received by Chairman Ivo Marek of the Eastport Traders Union (formed of some 40 shops), who thanked the donors, saying, \"We are grateful.\"",
			"Ivo Marek", true, []ActionKind{Spoke}, nil},
		{"words that go on from words said elsewhere were said elsewhere too",
			"Before the meeting, Nora Vik, the port director, said in an interview that fees would rise.\n\n“The harbour must pay its way,” Vik added.",
			"Nora Vik", false, []ActionKind{Quoted}, []ActionKind{Spoke}},
		{"a pronoun inside quoted words is not the last subject doing something",
			"Before the meeting, Nora Vik, the port director, said in an interview that fees would rise.\n\n“We see no sign that the mayor is listening, he is preparing a new tax,” a paper quoted her as saying.",
			"Nora Vik", false, []ActionKind{Quoted}, []ActionKind{Spoke, Attended}},
		{"a name joined to a pronoun subject shares its verb",
			"Mayor Ada Frost opened the fair. He and his wife Lena came as pirates.",
			"Lena", false, []ActionKind{Attended}, nil},
		{"a name after 'and' that opens a clause of its own is its subject",
			"Ivo Kast won the sprint and Ole Brun finished second.",
			"Ole Brun", false, []ActionKind{Attended}, nil},
		{"a caption of two names, each 'as' someone",
			"Red Party faction leader Kara Lind as the queen and joint faction leader Lars Holm as the king.",
			"Lars Holm", false, []ActionKind{Attended}, nil},
		{"whoever opens a sitting chairs it",
			"The meeting was opened by council chair Gerda Holm.",
			"Gerda Holm", false, []ActionKind{Presided}, nil},
		{"opening a meeting, active",
			"Council chair Gerda Holm opened the annual meeting.",
			"Gerda Holm", false, []ActionKind{Presided}, nil},
		{"opening an exhibition is being there, not chairing",
			"The photo exhibition was opened by Mayor Kai Lund.",
			"Kai Lund", false, []ActionKind{Attended}, []ActionKind{Presided}},
		{"a speech noun of giving an account",
			"Irina Sokol then gave an overview of the ferry timetable.",
			"Irina Sokol", false, []ActionKind{Spoke}, nil},
		{"a relative clause of presiding, read as a role too",
			"Ellen Hovd, who chaired the session, said costs would fall.",
			"Ellen Hovd", false, []ActionKind{Presided}, nil},
		{"a journalist who moderates presides",
			"The session was moderated by journalist Maja Rud.",
			"Maja Rud", false, []ActionKind{Presided}, nil},
		{"being in the audience is attending",
			"Mayor Kai Lund was also in the audience.",
			"Kai Lund", false, []ActionKind{Attended}, nil},
		{"the objects of 'brought together' take part",
			"The meeting brought together Liv Aas, Ole Vik and Tore Holm.",
			"Tore Holm", false, []ActionKind{Attended}, nil},
		{"a second clause with its own subject and a presiding verb",
			"Per Vang chaired the first session and Anne Foss chaired the second.",
			"Anne Foss", false, []ActionKind{Presided}, nil},
		{"a passive verb of saying is others' words about the subject",
			"At the meeting, union activist Arne Dal was described as a fighter.",
			"Arne Dal", false, nil, []ActionKind{Spoke, Quoted}},
	}
	for _, c := range cases {
		text := opening + c.text + "\n"
		if c.plain {
			text = c.text + "\n"
		}
		r, err := Parse("shape.txt", []byte(text), time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		var p *Person
		for i := range r.People {
			if r.People[i].Name == c.name {
				p = &r.People[i]
			}
		}
		if p == nil {
			t.Errorf("%s: %q not found in %q", c.shape, c.name, c.text)
			continue
		}
		for _, k := range c.want {
			if _, ok := hasAction(p, k); !ok {
				t.Errorf("%s: %s has %v, want %s", c.shape, c.name, kinds(p), k)
			}
		}
		for _, k := range c.not {
			if _, ok := hasAction(p, k); ok {
				t.Errorf("%s: %s has %v, want no %s", c.shape, c.name, kinds(p), k)
			}
		}
	}
}
