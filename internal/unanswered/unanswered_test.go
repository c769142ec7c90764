package unanswered

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/reportbot/reportbot/bot"
	"github.com/reportbot/reportbot/internal/store"
)

// fake answers from a table: text → reply, ok.
type fake map[string]struct {
	r  bot.Reply
	ok bool
}

func (f fake) Handle(_ context.Context, m bot.Message) (bot.Reply, bool) {
	a := f[m.Text]
	return a.r, a.ok
}

type memLog struct {
	qs  []store.Question
	err error
}

func (l *memLog) LogUnanswered(_ context.Context, q store.Question) error {
	l.qs = append(l.qs, q)
	return l.err
}

func TestLogsOnlyUnansweredQuestions(t *testing.T) {
	core := fake{
		"who won?":                 {bot.Reply{Found: false}, true},
		"who presided?":            {bot.Reply{Found: true}, true},
		"chatter nobody asked":     {bot.Reply{}, false},
		"/ask   what was served? ": {bot.Reply{Found: false, Command: "ask"}, true},
		"/who Nobody":              {bot.Reply{Found: false, Command: "who"}, true},
		"/ask":                     {bot.Reply{Found: false, Command: "ask"}, true},
	}
	l := &memLog{}
	h := Wrap(core, l, nil, nil)
	for text := range core {
		want := core[text]
		r, ok := h.Handle(context.Background(), bot.Message{Platform: "slack", ChatID: "C1", Text: text})
		if ok != want.ok || r.Found != want.r.Found {
			t.Fatalf("%q: the decorator changed the reply", text)
		}
	}
	var got []string
	for _, q := range l.qs {
		if q.Chat != (store.Chat{Platform: "slack", ID: "C1"}) || q.Asked.IsZero() {
			t.Errorf("question recorded without its chat or time: %+v", q)
		}
		got = append(got, q.Text)
	}
	if len(got) != 2 || !contains(got, "who won?") || !contains(got, "what was served?") {
		t.Fatalf("logged %q, want the free-text and /ask questions only", got)
	}
}

func TestLogFailureKeepsReply(t *testing.T) {
	l := &memLog{err: errors.New("disk full")}
	h := Wrap(fake{"q?": {bot.Reply{Command: ""}, true}}, l, nil, nil)
	if _, ok := h.Handle(context.Background(), bot.Message{Text: "q?"}); !ok {
		t.Fatal("a logging failure must not silence the bot")
	}
}

func TestLongQuestionTruncated(t *testing.T) {
	long := strings.Repeat("é", 2000)
	l := &memLog{}
	Wrap(fake{long: {bot.Reply{}, true}}, l, nil, nil).Handle(context.Background(), bot.Message{Text: long})
	if len(l.qs) != 1 || len([]rune(l.qs[0].Text)) != maxLen {
		t.Fatalf("logged %d questions, first %d runes", len(l.qs), len([]rune(l.qs[0].Text)))
	}
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}
