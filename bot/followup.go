package bot

import (
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/reportbot/reportbot/bot/markup"
	"github.com/reportbot/reportbot/knowledge"
	"github.com/reportbot/reportbot/knowledge/textmatch"
)

// This file is the follow-up layer: a Handler in front of the answering
// code that remembers what the last answer in a conversation was about and
// reads the next question in its light ("what did he say about it?", "and
// the vice chairman?", "when?"). It works on question text only, so it
// depends on nothing inside the answering code: it rewrites the question,
// lets the next handler answer it as if it had been asked in full, and
// learns whom the answer was about from the reply's own answer lines.

// ConversationKey names one conversation: Thread tells conversations in
// one chat apart ("" for the chat itself).
type ConversationKey struct {
	Platform string
	Chat     string
	Thread   string
}

// ConversationStore keeps the follow-up state between messages, and across
// replicas when it is shared. The state is opaque to it.
type ConversationStore interface {
	LoadConversation(ctx context.Context, k ConversationKey, now time.Time) ([]byte, bool, error)
	SaveConversation(ctx context.Context, k ConversationKey, state []byte, now time.Time, ttl time.Duration) error
}

// Turn is what a conversation remembers of its last answer.
type Turn struct {
	// Question is the question as it was answered (after any rewriting).
	Question string `json:"question,omitempty"`
	// Subject is the part of Question that said whom it was about, so an
	// elliptical "and X?" can put X in its place; "" when none.
	Subject string `json:"subject,omitempty"`
	// People are the full names the answer was about, as the knowledge
	// base spells them.
	People []string  `json:"people,omitempty"`
	At     time.Time `json:"at"`
}

// FollowUpOptions tunes the follow-up layer.
type FollowUpOptions struct {
	// TTL is how long a conversation is remembered; 0 means 30 minutes.
	TTL time.Duration
	// PrivateWindow is how soon a message in a private chat must follow the
	// last answer to carry the conversation on without replying to it; 0
	// means 5 minutes. Replies and threads use TTL.
	PrivateWindow time.Duration
	Now           func() time.Time
	Logger        *slog.Logger
}

type followUps struct {
	next  Handler
	src   knowledge.Source
	store ConversationStore
	opts  FollowUpOptions
}

// WithFollowUps wraps next so that follow-up questions keep their context.
// src is the knowledge the answers come from: it tells names from other
// words. A failing store never changes an answer; the question is then
// answered on its own.
func WithFollowUps(next Handler, src knowledge.Source, st ConversationStore, o FollowUpOptions) Handler {
	if o.TTL <= 0 {
		o.TTL = 30 * time.Minute
	}
	if o.PrivateWindow <= 0 {
		o.PrivateWindow = 5 * time.Minute
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	return &followUps{next: next, src: src, store: st, opts: o}
}

func conversationKey(m Message) ConversationKey {
	return ConversationKey{Platform: m.Platform, Chat: m.ChatID, Thread: m.Conversation}
}

// Handle implements Handler.
func (f *followUps) Handle(ctx context.Context, m Message) (Reply, bool) {
	text := strings.TrimSpace(m.Text)
	// Free text, and /ask (how groups ask without a mention), take part;
	// other commands pass through untouched.
	command := ""
	if name, args, isCmd := ParseCommand(text); isCmd {
		if name != "ask" || args == "" {
			return f.afterCommand(ctx, m)
		}
		command, text = strings.TrimSuffix(text, args), args
	}
	if text == "" {
		return f.next.Handle(ctx, m)
	}
	now := f.opts.Now()
	key := conversationKey(m)
	var last Turn
	live := false
	// Only messages that can belong to a conversation look one up: in a
	// group, plain chatter outside a thread never does.
	if m.Addressed() || m.InThread {
		last, live = f.load(ctx, key, now)
		if live && m.ChatKind == Private && !m.ReplyToBot && now.Sub(last.At) > f.opts.PrivateWindow {
			live = false
		}
	}
	quietUnlessSure := false
	if live && !m.Addressed() && m.InThread {
		// A thread the bot has answered in is a conversation with it; but
		// "thanks!" there needs no answer.
		m.ReplyToBot = true
		quietUnlessSure = true
	}
	kb := f.src.KB()
	res := resolution{question: text}
	if live && kb != nil {
		res = f.lookupSubject(ctx, m, kb, resolve(kb, last, text))
	}
	asked := m
	asked.Text = command + res.question
	r, ok := f.next.Handle(ctx, asked)
	if !ok {
		return r, ok
	}
	if quietUnlessSure && !r.Found && !looksLikeQuestion(text) {
		return Reply{}, false
	}
	if res.question != text {
		r.Resolved = res.question
		if r.Found && res.note != "" {
			r.Doc = withNote(r.Doc, res.note)
		}
	}
	if !m.Addressed() {
		return r, ok // answered unprompted: not a conversation with the bot
	}
	next := last
	next.At = now
	// A found answer sets the new context; so does a "the report does not
	// say … for X", which is still about X. A plain fallback keeps the old.
	if people := replyPeople(kb, r); (r.Command == "" || r.Command == "ask") && (r.Found || len(people) > 0) {
		next = Turn{Question: res.question, Subject: res.subject, People: people, At: now}
		if next.Subject == "" {
			next.Subject = namedIn(res.question, next.People)
		}
	}
	f.save(ctx, key, next, now)
	return r, ok
}

// afterCommand runs a command; one whose reply is about a single person
// ("/who NAME") makes that person the one a follow-up's "he" means.
func (f *followUps) afterCommand(ctx context.Context, m Message) (Reply, bool) {
	r, ok := f.next.Handle(ctx, m)
	if !ok || !r.Found || !m.Addressed() {
		return r, ok
	}
	if people := replyPeople(f.src.KB(), r); len(people) == 1 {
		now := f.opts.Now()
		f.save(ctx, conversationKey(m), Turn{People: people, At: now}, now)
	}
	return r, ok
}

func (f *followUps) load(ctx context.Context, k ConversationKey, now time.Time) (Turn, bool) {
	b, ok, err := f.store.LoadConversation(ctx, k, now)
	if err != nil {
		f.opts.Logger.WarnContext(ctx, "conversation not loaded; answering without context", "platform", k.Platform, "chat", k.Chat, "err", err)
		return Turn{}, false
	}
	if !ok {
		return Turn{}, false
	}
	var t Turn
	if err := json.Unmarshal(b, &t); err != nil {
		f.opts.Logger.WarnContext(ctx, "conversation state unreadable; starting afresh", "platform", k.Platform, "chat", k.Chat, "err", err)
		return Turn{}, false
	}
	return t, true
}

func (f *followUps) save(ctx context.Context, k ConversationKey, t Turn, now time.Time) {
	b, err := json.Marshal(t)
	if err == nil {
		err = f.store.SaveConversation(ctx, k, b, now, f.opts.TTL)
	}
	if err != nil {
		f.opts.Logger.WarnContext(ctx, "conversation not saved", "platform", k.Platform, "chat", k.Chat, "err", err)
	}
}

// withNote puts the short "(how I read it)" at the start of the answer
// line, so the reader sees at once what the question was taken to mean.
func withNote(d markup.Doc, note string) markup.Doc {
	out := markup.Doc{Blocks: append([]markup.Block(nil), d.Blocks...)}
	n := markup.I("(" + note + ")")
	if len(out.Blocks) > 0 && out.Blocks[0].Kind == markup.Paragraph {
		out.Blocks[0].Spans = append([]markup.Span{n, markup.T(" ")}, out.Blocks[0].Spans...)
		return out
	}
	out.Blocks = append([]markup.Block{{Kind: markup.Paragraph, Spans: []markup.Span{n}}}, out.Blocks...)
	return out
}

// resolution is a question as the conversation reads it.
type resolution struct {
	question string // what to answer
	subject  string // the part of question that names whom it is about
	note     string // what context added, for the reader; "" when nothing
	// lookup is a phrase that stands for a person ("the vice chairman"):
	// asked on its own first, and when the answer names one person, that
	// name goes in template's subjectMark instead of the phrase.
	lookup   string
	template string
}

// subjectMark holds the subject's place in a template; no question has it.
const subjectMark = "\x00"

func restTokens(s string) []string {
	var out []string
	for _, w := range strings.Fields(s) {
		out = append(out, bareWord(w))
	}
	return out
}

// lookupSubject asks who res.lookup is and, when the answer names exactly
// one person, asks the borrowed question about that person by name.
func (f *followUps) lookupSubject(ctx context.Context, m Message, kb *knowledge.KB, res resolution) resolution {
	if res.lookup == "" || kb == nil {
		return res
	}
	probe := m
	probe.Text = res.lookup + "?"
	r, ok := f.next.Handle(ctx, probe)
	if !ok || !r.Found || r.Command != "" {
		return res
	}
	people := replyPeople(kb, r)
	if len(people) != 1 {
		return res
	}
	res.question = strings.Replace(res.template, subjectMark, people[0], 1)
	res.subject = people[0]
	res.note = people[0] // whom the phrase was taken to mean
	return res
}

// Word lists about English, not about any report.
var (
	// subjectPronouns stand for the person; possessives for "the person's".
	subjectPronouns    = map[string]bool{"he": true, "she": true, "him": true, "they": true, "them": true, "hers": true}
	possessivePronouns = map[string]bool{"his": true, "their": true}
	// "her" is either; before one of these (or at the end) it is an object.
	afterObjectHer = map[string]bool{"about": true, "and": true, "or": true, "to": true, "for": true, "in": true, "at": true, "on": true, "with": true, "say": true, "said": true, "do": true, "did": true}
	// ellipsisLeads open a question that borrows the rest from the last one.
	ellipsisLeads = [][]string{{"and", "what", "about"}, {"and", "how", "about"}, {"what", "about"}, {"how", "about"}, {"and"}}
	// bareWh are question words that can stand alone as a follow-up.
	bareWh = map[string]bool{"when": true, "where": true}
)

// resolve reads text in the light of the last turn. A question naming
// someone the knowledge base knows, other than the last people, starts
// afresh (unless it is an elliptical "and X?", which swaps X in).
func resolve(kb *knowledge.KB, last Turn, text string) resolution {
	words := strings.Fields(text)
	toks := make([]string, len(words))
	for i, w := range words {
		toks[i] = bareWord(w)
	}
	// "and the vice chairman?", "what about X?"
	for _, lead := range ellipsisLeads {
		if len(toks) > len(lead) && equalWords(toks[:len(lead)], lead) {
			rest := strings.TrimRight(strings.Join(words[len(lead):], " "), "?.! ")
			if rest == "" || last.Question == "" {
				break
			}
			restToks := strings.Fields(rest)
			if len(restToks) == 1 && bareWh[bareWord(restToks[0])] {
				return bareWhQuestion(last, bareWord(restToks[0]), text)
			}
			if looksLikeQuestion(rest) {
				// "and who else spoke?": a whole question after all.
				words, toks = words[len(lead):], toks[len(lead):]
				text = strings.Join(words, " ")
				break
			}
			names := namesSomeoneElse(kb, restTokens(rest), nil)
			if last.Subject != "" && (names || hasTitleWord(rest)) {
				// "and the vice chairman?", "what about NAME?": another person.
				if q, ok := replaceFold(last.Question, last.Subject, subjectMark); ok {
					res := resolution{question: strings.Replace(q, subjectMark, rest, 1), subject: rest, template: q}
					res.note = res.question
					if !names {
						res.lookup = rest // "the vice chairman": find whom it means first
					}
					return res
				}
			}
			if !names {
				// "and the budget?" after "what did X say about Y?": another topic.
				if q, ok := replaceTopic(last.Question, rest); ok {
					return resolution{question: q, subject: last.Subject, note: q}
				}
			}
			// Nothing to swap: the phrase is the question.
			return resolution{question: rest + "?", subject: rest}
		}
	}
	// "when?", "where?"
	if len(toks) == 1 && bareWh[toks[0]] && last.Question != "" {
		return bareWhQuestion(last, toks[0], text)
	}
	if len(last.People) == 0 || namesSomeoneElse(kb, toks, last.People) {
		return resolution{question: text}
	}
	// Pronouns: he, she, they → the last people; his, her → theirs.
	who := joinNames(last.People)
	single := len(last.People) == 1
	changed := false
	for i, t := range toks {
		plural := t == "they" || t == "them" || t == "their"
		if !plural && !single {
			// "he" after an answer about several people is ambiguous: leave it.
			continue
		}
		poss := possessivePronouns[t]
		if t == "her" {
			poss = i+1 < len(toks) && !afterObjectHer[toks[i+1]]
		} else if !poss && !subjectPronouns[t] {
			continue
		}
		name := who
		if poss {
			name += "'s"
		}
		words[i] = keepPunct(words[i], name)
		changed = true
	}
	if !changed {
		return resolution{question: text}
	}
	return resolution{question: strings.Join(words, " "), subject: who, note: who}
}

// topicPrepositions introduce what a question is about (English).
var topicPrepositions = []string{"about", "on", "regarding", "concerning"}

// replaceTopic puts topic in place of what follows the last topic
// preposition of question: "what did X say about Y?" → "… about topic?".
func replaceTopic(question, topic string) (string, bool) {
	words := strings.Fields(strings.TrimRight(question, "?.! "))
	for i := len(words) - 2; i >= 0; i-- {
		for _, p := range topicPrepositions {
			if bareWord(words[i]) == p {
				return strings.Join(append(words[:i+1:i+1], topic), " ") + "?", true
			}
		}
	}
	return "", false
}

// hasTitleWord reports whether phrase holds a word for a position
// ("chairman", "director"): it then stands for a person.
func hasTitleWord(phrase string) bool {
	for _, w := range strings.Fields(phrase) {
		if knowledge.IsTitleWord(bareWord(w)) {
			return true
		}
	}
	return false
}

// bareWhQuestion asks the question word about the last people: "when?"
// after an answer about X is "when X?", which keeps X's report in scope
// when several are loaded. Without people, the word is asked as it is.
func bareWhQuestion(last Turn, wh, text string) resolution {
	if len(last.People) == 0 {
		return resolution{question: text}
	}
	who := joinNames(last.People)
	return resolution{question: capitalise(wh) + " " + who + "?", subject: who, note: who}
}

// namesSomeoneElse reports whether the question names a person other than
// those in people: a word of their name that is not a pronoun or stopword.
func namesSomeoneElse(kb *knowledge.KB, toks []string, people []string) bool {
	known := map[string]bool{}
	for _, p := range people {
		for _, t := range textmatch.Tokens(p) {
			known[t] = true
		}
	}
	asked := map[string]bool{}
	for _, t := range toks {
		asked[t] = true
	}
	for _, r := range kb.Reports {
		for _, p := range r.People {
			for _, name := range append([]string{p.Name}, p.Aliases...) {
				for _, t := range textmatch.Tokens(name) {
					if asked[t] && !known[t] && !textmatch.IsStopword(t) && len(t) > 1 {
						return true
					}
				}
			}
		}
	}
	return false
}

// replyPeople are the people an answer is about: those the answerer named
// (Reply.People), else, for a command's reply, the people its lines name
// (not the quotes, which mention others in passing), in the order named.
func replyPeople(kb *knowledge.KB, r Reply) []string {
	if len(r.People) > 0 {
		return r.People
	}
	if kb == nil {
		return nil
	}
	d := r.Doc
	var lines []string
	for _, bl := range d.Blocks {
		switch bl.Kind {
		case markup.Paragraph:
			lines = append(lines, markup.SpansText(bl.Spans))
		case markup.List:
			for _, it := range bl.Items {
				lines = append(lines, markup.SpansText(it))
			}
		}
	}
	text := " " + textmatch.Normalize(strings.Join(lines, " \n ")) + " "
	type hit struct {
		name string
		at   int
	}
	var hits []hit
	seen := map[string]bool{}
	for _, r := range kb.Reports {
		for _, p := range r.People {
			n := textmatch.Normalize(p.Name)
			if n == "" || seen[p.Name] {
				continue
			}
			if i := strings.Index(text, " "+n+" "); i >= 0 {
				seen[p.Name] = true
				hits = append(hits, hit{p.Name, i})
			}
		}
	}
	for i := 1; i < len(hits); i++ {
		for j := i; j > 0 && hits[j].at < hits[j-1].at; j-- {
			hits[j], hits[j-1] = hits[j-1], hits[j]
		}
	}
	out := make([]string, len(hits))
	for i, h := range hits {
		out[i] = h.name
	}
	return out
}

// namedIn finds how question names one of people, as written: the subject
// a later "and X?" replaces.
func namedIn(question string, people []string) string {
	for _, p := range people {
		if _, ok := replaceFold(question, p, p); ok {
			return p
		}
		// The surname or given name alone, as typed.
		for _, t := range strings.Fields(p) {
			if len(t) > 2 && containsWordFold(question, t) {
				return t
			}
		}
	}
	return ""
}

func joinNames(names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// bareWord lower-cases w and strips punctuation around it.
func bareWord(w string) string {
	return strings.ToLower(strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }))
}

// keepPunct replaces the word in w with repl, keeping its punctuation.
func keepPunct(w, repl string) string {
	start := strings.IndexFunc(w, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) })
	end := strings.LastIndexFunc(w, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) })
	if start < 0 {
		return w
	}
	_, size := utf8.DecodeRuneInString(w[end:])
	return w[:start] + repl + w[end+size:]
}

func equalWords(a, b []string) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return len(a) == len(b)
}

// replaceFold replaces the first whole-word, case-insensitive occurrence
// of old in s.
func replaceFold(s, old, repl string) (string, bool) {
	i := indexWordFold(s, old)
	if i < 0 {
		return s, false
	}
	return s[:i] + repl + s[i+len(old):], true
}

func containsWordFold(s, w string) bool { return indexWordFold(s, w) >= 0 }

func indexWordFold(s, w string) int {
	if w == "" {
		return -1
	}
	ls, lw := strings.ToLower(s), strings.ToLower(w)
	if len(ls) != len(s) {
		return -1 // case folding changed byte offsets: be safe, no match
	}
	for from := 0; from <= len(ls)-len(lw); {
		i := strings.Index(ls[from:], lw)
		if i < 0 {
			return -1
		}
		i += from
		before := i == 0 || !isWordByte(ls[i-1])
		after := i+len(lw) == len(ls) || !isWordByte(ls[i+len(lw)])
		if before && after {
			return i
		}
		from = i + 1
	}
	return -1
}

func isWordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b >= 0x80 || b == '\''
}
