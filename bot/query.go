package bot

import (
	"strings"

	"github.com/reportbot/reportbot/knowledge"
	"github.com/reportbot/reportbot/knowledge/textmatch"
)

// maxQuestionWords bounds the work one message can cause: a question
// longer than this is read only this far.
const maxQuestionWords = 64

// query is a question as the core reads it.
type query struct {
	raw     string
	toks    []string // lower-case tokens, curated synonyms applied
	content []string // tokens that carry a topic (no stop words)
}

func parseQuery(text string, kb *knowledge.KB) query {
	q := query{raw: strings.TrimSpace(text)}
	toks := textmatch.Tokens(text)
	if len(toks) > maxQuestionWords {
		toks = toks[:maxQuestionWords]
	}
	for _, t := range toks {
		t = correctSpelling(strings.TrimSuffix(t, "'s"), kb)
		if s, ok := synonym(kb, t); ok {
			q.toks = append(q.toks, strings.Fields(s)...)
			continue
		}
		q.toks = append(q.toks, t)
	}
	for i, t := range q.toks {
		// "may" is a stop word except as a month: "on May 4".
		month := t == "may" && i+1 < len(q.toks) && q.toks[i+1] != "" && q.toks[i+1][0] >= '0' && q.toks[i+1][0] <= '9'
		if !textmatch.IsStopword(t) || month {
			q.content = append(q.content, t)
		}
	}
	return q
}

// Intent vocabularies: ordinary English words people use to ask about a
// meeting. Typos in longer words are forgiven by has().
var (
	presideWords  = []string{"presided", "preside", "presides", "presiding", "presider", "chaired", "chairing", "hosted", "hosting", "host", "moderated", "moderator", "moderating", "officiated", "led", "ran", "charge"}
	speakWords    = []string{"spoke", "speak", "speaks", "speaking", "speech", "speeches", "speaker", "speakers", "addressed", "remarks", "talked", "represented", "representing"}
	attendWords   = []string{"attended", "attend", "attending", "attendance", "attendee", "attendees", "present", "participated", "participants", "participant", "there"}
	organizeWords = []string{"organized", "organised", "organizer", "organiser", "organize", "organise", "convened", "held", "hold", "arranged", "behind"}
	whenWords     = []string{"when", "date", "day", "time"}
	whereWords    = []string{"where", "venue", "location", "place", "city"}
	sayWords      = []string{"say", "said", "says", "saying", "think", "thinks", "view", "views", "mention", "mentioned", "stress", "stressed", "emphasize", "emphasized", "point", "pointed", "talk", "discuss", "discussed", "about", "on", "regarding", "urge", "urged", "call", "called"}
	roleWords     = []string{"position", "positions", "role", "roles", "title", "titles", "job", "hold", "holds", "post", "office", "represent", "represents", "who", "whom",
		"lead", "leads", "head", "heads", "organisation", "organization", "group", "party", "member", "belong", "belongs", "work", "works", "company", "affiliation", "affiliated"}
	aboutWords  = []string{"about", "purpose", "topic", "subject", "theme", "aim", "goal", "agenda", "focus"}
	countWords  = []string{"many", "number", "count"}
	futureWords = []string{"next", "upcoming", "future", "tomorrow", "will", "planned", "scheduled"}
	negWords    = []string{"not", "didn't", "didnt", "without", "never", "n't", "no", "but"}
	metaWords   = []string{"meeting", "symposium", "event", "report", "who", "which", "what", "official", "officials", "person", "people", "anyone", "someone", "one", "ones", "all", "everyone", "list", "tell", "name", "names"}
)

// has reports whether any token is one of words, forgiving typos in words
// of five letters or more.
func (q query) has(words []string) bool {
	for _, t := range q.toks {
		for _, w := range words {
			if t == w || (len(w) >= 5 && len(t) >= 5 && textmatch.Similarity(t, w) >= 0.85) {
				return true
			}
		}
	}
	return false
}

func (q query) first() string {
	if len(q.toks) == 0 {
		return ""
	}
	return q.toks[0]
}

// startsWith reports whether the question opens with one of the words.
func (q query) startsWith(words ...string) bool {
	f := q.first()
	for _, w := range words {
		if f == w {
			return true
		}
	}
	return false
}

func (q query) isYesNo() bool {
	return q.startsWith("did", "does", "do", "was", "were", "is", "are", "has", "have", "had", "can", "could")
}

func (q query) isWho() bool {
	for _, t := range q.toks {
		if t == "who" || t == "whom" || t == "whose" || t == "which" {
			return true
		}
	}
	return false
}

// topicTerms are the content tokens left once the words that only say what
// kind of question it is are removed.
func (q query) topicTerms(drop ...[]string) []string {
	skip := map[string]bool{}
	for _, ws := range drop {
		for _, w := range ws {
			skip[w] = true
		}
	}
	var out []string
	for _, t := range q.content {
		if skip[t] {
			continue
		}
		out = append(out, t)
	}
	return out
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

// synonym looks a word up in the curated synonyms, by its stem too, so a
// curator's "thanked" also covers "thank" and "thanks".
func synonym(kb *knowledge.KB, t string) (string, bool) {
	if kb == nil || len(kb.Synonyms) == 0 {
		return "", false
	}
	if s, ok := kb.Synonyms[t]; ok {
		return s, true
	}
	st := textmatch.Stem(t)
	for k, s := range kb.Synonyms {
		if textmatch.Stem(k) == st {
			return s, true
		}
	}
	return "", false
}

// Words for "chair of the meeting" and "what happened" questions.
var (
	chairTitles = []string{"chair", "chairman", "chairwoman", "chairperson", "host", "moderator", "presider", "convener", "convenor"}
	happenWords = []string{"happened", "happen", "discussed", "discuss", "agenda", "decided", "outcome", "covered"}
)

// lexicon is every word the core reads questions by: the intent words, the
// words for positions and gatherings, and the longer function words.
var lexicon = func() []string {
	seen := map[string]bool{}
	var out []string
	add := func(ws []string) {
		for _, w := range ws {
			if len(w) >= 4 && !seen[w] {
				seen[w] = true
				out = append(out, w)
			}
		}
	}
	for _, ws := range questionWords {
		add(ws)
	}
	add(chairTitles)
	add(happenWords)
	add(ordinalWords)
	add(expressWords)
	add(knowledge.TitleWords())
	add(knowledge.EventNouns())
	add(strings.Fields(`about which where there what when whom whose report reports people person
	anyone someone meeting purpose represented representing organization organisation`))
	return out
}()

var lexiconSet = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range lexicon {
		m[w] = true
	}
	return m
}()

// correctSpelling fixes a typo in a question word ("peolpe", "chairmna",
// "reprot") to the closest word the core reads questions by. Words it
// knows, report words, short words and words with nothing close stay as
// typed, so an out-of-scope word is never turned into a word it merely
// resembles.
func correctSpelling(t string, kb *knowledge.KB) string {
	if len(t) < 4 || textmatch.IsStopword(t) || lexiconSet[t] || lexiconSet[textmatch.Stem(t)] {
		return t
	}
	var sr float64
	if kb != nil && len(kb.Reports) > 0 {
		_, sr = kb.Retriever().Correct(t)
		if sr >= 1 {
			return t // a report word (or a form of one)
		}
	}
	// Only question words are corrected here. A closer report word means
	// the typo is in a name or topic: later stages match those with their
	// own, stricter rules, so the word stays as typed.
	if fromLexicon, sl := textmatch.Best(t, lexicon); sl >= 0.8 && sl >= sr {
		// A short word one letter from a question word is often a word
		// in its own right ("part" is not a typo of "party"): in words of
		// five letters or fewer only a wrong or swapped letter is a typo.
		if len(t) <= 5 && len(fromLexicon) != len(t) {
			return t
		}
		return fromLexicon
	}
	return t
}
