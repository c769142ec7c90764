package bot

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/reportbot/reportbot/bot/markup"
	"github.com/reportbot/reportbot/knowledge"
)

// A report written for these tests: one chair who presides, a deputy and a
// director who speak, each about something different.
const hearingReport = `date 2025-03-14
On March 14, the Harbor District Council held a hearing on river restoration in Millbrook.

Council Chair Marta Ilves presided over the hearing and delivered a speech. Ilves said the council would publish the restoration budget in April and called for stronger public supervision of contractors.

Deputy Chair Tomas Reyna spoke about flood defences. Reyna said the embankment must be raised before winter and that supervision of the works should be independent.

Priya Vance, director of the Water Office, spoke about water quality. Vance said sampling would double next year.
`

type convFixture struct {
	bot   *Bot
	h     Handler
	clock time.Time
	store ConversationStore
}

func newConvFixture(t testing.TB) *convFixture {
	t.Helper()
	path := filepath.Join(t.TempDir(), "hearing.txt")
	if err := os.WriteFile(path, []byte(hearingReport), 0o644); err != nil {
		t.Fatal(err)
	}
	kb, err := knowledge.Open(knowledge.OpenOptions{Reports: []string{path}})
	if err != nil {
		t.Fatal(err)
	}
	f := &convFixture{bot: New(kb, Options{MinConfidence: 0.35}), clock: time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC)}
	f.store = NewMemoryConversations()
	f.h = WithFollowUps(f.bot, kb, f.store, FollowUpOptions{Now: func() time.Time { return f.clock }})
	return f
}

func (f *convFixture) say(t *testing.T, m Message) (string, Reply, bool) {
	t.Helper()
	r, ok := f.h.Handle(context.Background(), m)
	return markup.Plain(r.Doc), r, ok
}

func private(text string) Message {
	return Message{Platform: "test", ChatID: "c1", ChatKind: Private, UserID: "u1", Text: text}
}

func mustContain(t *testing.T, q, text string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("%q: want %q in:\n%s", q, w, text)
		}
	}
}

func TestFollowUpThreeTurns(t *testing.T) {
	f := newConvFixture(t)
	text, _, _ := f.say(t, private("who presided?"))
	mustContain(t, "who presided?", text, "Marta Ilves")

	f.clock = f.clock.Add(time.Minute)
	text, r, _ := f.say(t, private("what did she say about supervision?"))
	mustContain(t, "she", text, "(Marta Ilves)", "public supervision of contractors")
	if r.Resolved == "" || !strings.Contains(r.Resolved, "Marta Ilves") {
		t.Errorf("resolved = %q, want the name in it", r.Resolved)
	}

	f.clock = f.clock.Add(time.Minute)
	text, _, _ = f.say(t, private("and the deputy chair?"))
	mustContain(t, "and the deputy chair?", text, "(Tomas Reyna)", "supervision of the works should be independent")
	if strings.Contains(text, "public supervision of contractors") {
		t.Errorf("the deputy's turn still answers about the chair:\n%s", text)
	}

	f.clock = f.clock.Add(time.Minute)
	text, _, _ = f.say(t, private("and what about Priya Vance?"))
	mustContain(t, "what about Priya Vance?", text, "Priya Vance")

	f.clock = f.clock.Add(time.Minute)
	text, _, _ = f.say(t, private("when?"))
	mustContain(t, "when?", text, "March 14, 2025")
}

// Without context, and for questions context does not touch, the layer
// must answer exactly as the bot does.
func TestFollowUpLeavesOtherQuestionsAlone(t *testing.T) {
	f := newConvFixture(t)
	for _, q := range []string{"who presided?", "what did she say about supervision?", "when?", "and the deputy chair?", "/speakers", "who spoke?"} {
		fresh := newConvFixture(t)
		want, _ := fresh.bot.Handle(context.Background(), private(q))
		got, _ := fresh.h.Handle(context.Background(), private(q))
		if markup.Plain(got.Doc) != markup.Plain(want.Doc) {
			t.Errorf("%q without context:\n got %s\nwant %s", q, markup.Plain(got.Doc), markup.Plain(want.Doc))
		}
	}
	f.say(t, private("who presided?"))
	for _, q := range []string{"who spoke?", "what did Tomas Reyna say about supervision?", "what was the hearing about?"} {
		want, _ := f.bot.Handle(context.Background(), private(q))
		got, _ := f.h.Handle(context.Background(), private(q))
		if markup.Plain(got.Doc) != markup.Plain(want.Doc) || got.Resolved != "" {
			t.Errorf("%q after a turn:\n got %s\nwant %s", q, markup.Plain(got.Doc), markup.Plain(want.Doc))
		}
	}
}

func TestFollowUpNamingSomeoneNewStartsAfresh(t *testing.T) {
	f := newConvFixture(t)
	f.say(t, private("who presided?"))
	text, r, _ := f.say(t, private("what did Tomas Reyna say about his supervision?"))
	if r.Resolved != "" || strings.Contains(text, "Marta Ilves") {
		t.Errorf("a new name must not take the old one's pronoun: resolved %q\n%s", r.Resolved, text)
	}
	// The new person is now the one "he" means.
	text, _, _ = f.say(t, private("what did he say about the embankment?"))
	mustContain(t, "he", text, "(Tomas Reyna)", "raised before winter")
}

func TestFollowUpPrivateWindowAndReplies(t *testing.T) {
	f := newConvFixture(t)
	f.say(t, private("who presided?"))
	f.clock = f.clock.Add(10 * time.Minute) // past the private window
	if _, r, _ := f.say(t, private("what did she say about supervision?")); r.Resolved != "" {
		t.Errorf("a private message long after the answer must stand alone, resolved %q", r.Resolved)
	}
	f.say(t, private("who presided?"))
	f.clock = f.clock.Add(10 * time.Minute)
	reply := private("what did she say about supervision?")
	reply.ReplyToBot = true // a reply carries on for the whole TTL
	if _, r, _ := f.say(t, reply); r.Resolved == "" {
		t.Error("a reply to the bot within the TTL must keep the context")
	}
	f.clock = f.clock.Add(31 * time.Minute)
	if _, r, _ := f.say(t, reply); r.Resolved != "" {
		t.Errorf("after the TTL the context is gone, resolved %q", r.Resolved)
	}
}

func TestFollowUpThreadsAreConversations(t *testing.T) {
	f := newConvFixture(t)
	group := func(text string, mentioned bool, thread string) Message {
		return Message{Platform: "test", ChatID: "g1", ChatKind: Group, UserID: "u2", Text: text,
			Mentioned: mentioned, Conversation: thread, ThreadID: thread, InThread: !mentioned}
	}
	// Plain chatter in a thread the bot never answered in stays unanswered.
	if _, _, ok := f.say(t, group("who presided?", false, "t1")); ok {
		t.Fatal("answered in a thread it was not part of")
	}
	if _, _, ok := f.say(t, group("who presided?", true, "t1")); !ok {
		t.Fatal("a mention must be answered")
	}
	text, _, ok := f.say(t, group("what did she say about supervision?", false, "t1"))
	if !ok {
		t.Fatal("a follow-up in the bot's thread must be answered without a mention")
	}
	mustContain(t, "thread follow-up", text, "(Marta Ilves)")
	if _, _, ok := f.say(t, group("thanks, that helps", false, "t1")); ok {
		t.Error("a thank-you in the thread needs no fallback answer")
	}
	if _, _, ok := f.say(t, group("what did she say about supervision?", false, "t2")); ok {
		t.Error("another thread is another conversation")
	}
}

type failingStore struct{}

func (failingStore) LoadConversation(context.Context, ConversationKey, time.Time) ([]byte, bool, error) {
	return nil, false, errors.New("down")
}
func (failingStore) SaveConversation(context.Context, ConversationKey, []byte, time.Time, time.Duration) error {
	return errors.New("down")
}

func TestFollowUpStoreFailureStillAnswers(t *testing.T) {
	f := newConvFixture(t)
	h := WithFollowUps(f.bot, f.bot.src, failingStore{}, FollowUpOptions{})
	r, ok := h.Handle(context.Background(), private("who presided?"))
	if !ok || !r.Found {
		t.Fatalf("a failing store must not cost the answer: %v %+v", ok, r)
	}
}

func TestResolvePronouns(t *testing.T) {
	f := newConvFixture(t)
	kb := f.bot.src.KB()
	one := Turn{Question: "who presided?", People: []string{"Marta Ilves"}}
	two := Turn{Question: "who spoke?", People: []string{"Tomas Reyna", "Priya Vance"}}
	tests := []struct {
		last Turn
		in   string
		want string
	}{
		{one, "what is her role?", "what is Marta Ilves's role?"},
		{one, "what did the report say about her?", "what did the report say about Marta Ilves?"},
		{one, "did he speak?", "did Marta Ilves speak?"},
		{two, "what did they say?", "what did Tomas Reyna and Priya Vance say?"},
		{two, "what did he say?", "what did he say?"}, // which one? left alone
		{one, "what did Priya Vance say?", "what did Priya Vance say?"},
		{one, "and who else spoke?", "who else spoke?"},
		{Turn{}, "what did he say?", "what did he say?"},
		{Turn{Question: "what did Marta Ilves say about supervision?", Subject: "Marta Ilves", People: []string{"Marta Ilves"}},
			"and the restoration budget?", "what did Marta Ilves say about the restoration budget?"},
		{Turn{Question: "what did Marta Ilves say about supervision?", Subject: "Marta Ilves", People: []string{"Marta Ilves"}},
			"what about Priya Vance?", "what did Priya Vance say about supervision?"},
		{Turn{Question: "who presided?", People: []string{"Marta Ilves"}}, "and the budget?", "the budget?"},
	}
	for _, tc := range tests {
		if got := resolve(kb, tc.last, tc.in).question; got != tc.want {
			t.Errorf("%q after %v: got %q, want %q", tc.in, tc.last.People, got, tc.want)
		}
	}
}

func TestFollowUpThroughAsk(t *testing.T) {
	f := newConvFixture(t)
	group := func(text string) Message {
		return Message{Platform: "test", ChatID: "g1", ChatKind: Group, UserID: "u3", Text: text, Mentioned: true, Conversation: "/u3"}
	}
	f.say(t, group("/ask who presided?"))
	text, r, ok := f.say(t, group("/ask what did she say about supervision?"))
	if !ok || r.Command != "ask" || !strings.Contains(text, "(Marta Ilves)") {
		t.Errorf("/ask follow-up: ok=%v command=%q\n%s", ok, r.Command, text)
	}
	if _, r, _ := f.say(t, group("/speakers")); r.Resolved != "" {
		t.Errorf("other commands are not rewritten: %q", r.Resolved)
	}
}

// FuzzResolve: no question, however odd, makes the follow-up layer panic or
// lose the question.
func FuzzResolve(f *testing.F) {
	for _, s := range []string{"what did she say?", "and the deputy chair?", "what about Priya Vance?", "when?", "and", "her her her", "¿y él?", "and  ?", "his\x00", "and what about"} {
		f.Add(s)
	}
	fx := newConvFixture(f)
	kb := fx.bot.src.KB()
	last := Turn{Question: "what did Marta Ilves say about supervision?", Subject: "Marta Ilves", People: []string{"Marta Ilves"}}
	f.Fuzz(func(t *testing.T, q string) {
		res := resolve(kb, last, q)
		if strings.TrimSpace(q) != "" && strings.TrimSpace(res.question) == "" {
			t.Fatalf("%q resolved to nothing", q)
		}
	})
}

func TestFollowUpAnotherTopic(t *testing.T) {
	f := newConvFixture(t)
	f.say(t, private("what did Marta Ilves say about supervision?"))
	text, r, _ := f.say(t, private("and the budget?"))
	if !r.Found || !strings.Contains(text, "publish the restoration budget in April") || !strings.Contains(r.Resolved, "Marta Ilves") {
		t.Errorf("the topic swap did not keep the person: resolved %q\n%s", r.Resolved, text)
	}
}

func TestFollowUpAfterWho(t *testing.T) {
	f := newConvFixture(t)
	f.say(t, private("/who Tomas Reyna"))
	text, _, _ := f.say(t, private("what did he say about the embankment?"))
	mustContain(t, "after /who", text, "(Tomas Reyna)", "raised before winter")
	f.say(t, private("/speakers")) // about everyone: "he" still means Reyna
	text, _, _ = f.say(t, private("what did he say about supervision?"))
	mustContain(t, "after /speakers", text, "(Tomas Reyna)")
}

// BenchmarkFollowUp compares a follow-up read in context with the same
// question asked in full, on the in-memory store: the layer's own cost.
func BenchmarkFollowUp(b *testing.B) {
	f := newConvFixture(b)
	ctx := context.Background()
	b.Run("direct", func(b *testing.B) {
		for b.Loop() {
			f.bot.Handle(ctx, private("what did Marta Ilves say about supervision?"))
		}
	})
	b.Run("pronoun", func(b *testing.B) {
		for b.Loop() {
			f.h.Handle(ctx, private("who presided?"))
			f.h.Handle(ctx, private("what did she say about supervision?"))
		}
	})
	b.Run("two direct", func(b *testing.B) {
		for b.Loop() {
			f.bot.Handle(ctx, private("who presided?"))
			f.bot.Handle(ctx, private("what did Marta Ilves say about supervision?"))
		}
	})
}
