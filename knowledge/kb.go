// Package knowledge turns report files into a knowledge base: the event, the
// people with their roles and actions, key terms and a sentence index. It
// knows nothing about any particular report; everything is learned from the
// text and from an optional curation file.
//
// It is the core, with bot: it imports nothing from internal/ or adapters/.
package knowledge

import "time"

// ActionKind is what a person did at the event.
type ActionKind string

const (
	Presided ActionKind = "presided"
	Spoke    ActionKind = "spoke"
	Attended ActionKind = "attended"
	Quoted   ActionKind = "quoted"
)

// Sentence is one sentence of a report, with its paragraph number.
type Sentence struct {
	Para int    `json:"para"`
	Text string `json:"text"`
}

// Role is one title a person holds, as the report states it.
type Role struct {
	Title    string `json:"title"`             // "Chairman", "Vice-President"
	Org      string `json:"org,omitempty"`     // "Provincial Committee of …"
	Text     string `json:"text"`              // the role phrase as written
	Sentence int    `json:"sentence"`          // where it is stated
	Curated  bool   `json:"curated,omitempty"` // fixed by the curation file
}

// Action is one thing a person did, with the sentence that says so.
type Action struct {
	Kind     ActionKind `json:"kind"`
	Sentence int        `json:"sentence"`
}

// Person is someone the report names.
type Person struct {
	Name      string   `json:"name"`
	Aliases   []string `json:"aliases,omitempty"`
	Roles     []Role   `json:"roles,omitempty"`
	Actions   []Action `json:"actions,omitempty"`
	Sentences []int    `json:"sentences"`      // every sentence that mentions them
	Said      []int    `json:"said,omitempty"` // sentences of their speech
	Order     int      `json:"order"`          // first appearance, for report order
}

// Event is what the report is about: what was held, by whom, where, when.
type Event struct {
	What      string `json:"what,omitempty"`      // "a symposium for …"
	Organizer string `json:"organizer,omitempty"` // who held it
	Where     string `json:"where,omitempty"`
	Date      string `json:"date,omitempty"`      // resolved YYYY-MM-DD
	DateText  string `json:"date_text,omitempty"` // as written: "On November 25"
	// Approximate: the text gives no exact day ("a few days ago"), so Date
	// is the report's date line.
	Approximate bool   `json:"approximate,omitempty"`
	Purpose     string `json:"purpose,omitempty"` // "to study …"
	Sentence    int    `json:"sentence"`
}

// Term is a key term: a quoted phrase or a salient multi-word term.
type Term struct {
	Text      string `json:"text"`
	Quoted    bool   `json:"quoted,omitempty"`
	Sentences []int  `json:"sentences"`
}

// QA is a curated question–answer pair.
type QA struct {
	Question string `json:"question" yaml:"question"`
	Answer   string `json:"answer" yaml:"answer"`
}

// Report is one report file and what was extracted from it.
type Report struct {
	ID        string     `json:"id"`    // file name without extension
	Title     string     `json:"title"` // one-line headline
	Date      string     `json:"date,omitempty"`
	Tags      []string   `json:"tags,omitempty"` // from its folder, front matter or the upload; chats may be scoped to tags
	Added     time.Time  `json:"added"`          // when the file entered the knowledge base
	Sentences []Sentence `json:"sentences"`
	Event     Event      `json:"event"`
	People    []Person   `json:"people"`
	Terms     []Term     `json:"terms"`
}

// KB is a knowledge base over many reports. It is immutable once built, so
// a reload swaps a whole new KB in and readers never see half of one.
type KB struct {
	Reports []*Report `json:"reports"`
	QAs     []QA      `json:"qas,omitempty"`
	// Synonyms maps a word to the canonical word the matcher should use
	// ("chaired" → "presided"); it comes from curation.
	Synonyms map[string]string `json:"synonyms,omitempty"`

	prepared  *prepared // lookup tables, built on first use
	retriever Retriever // an index, when one is attached
}

// SetRetriever attaches a retriever (an index) to use instead of the
// linear scan. Call it before the KB is shared.
func (kb *KB) SetRetriever(r Retriever) { kb.retriever = r }

// KB returns itself, so a *KB can be used wherever a Source is wanted.
func (kb *KB) KB() *KB { return kb }

// Source gives the knowledge base that is current right now. A live source
// swaps in a new KB on reload; a *KB is a fixed source.
type Source interface {
	KB() *KB
}
