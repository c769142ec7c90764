package unanswered

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/reportbot/reportbot/bot"
	"github.com/reportbot/reportbot/bot/markup"
	"github.com/reportbot/reportbot/internal/store"
)

type answerLog struct {
	got []store.Answer
	err error
}

func (l *answerLog) RecordAnswer(_ context.Context, a store.Answer) error {
	l.got = append(l.got, a)
	return l.err
}

func TestFeedbackRecordsFoundFreeTextAnswers(t *testing.T) {
	var doc markup.Doc
	doc.Para(markup.T("The answer."))
	core := fake{
		"what did he say?": {bot.Reply{Doc: doc, Found: true, Resolved: "what did Someone say?", Sources: []bot.Source{{Report: "r1"}, {Report: "r2"}, {Report: "r1"}}}, true},
		"not known":        {bot.Reply{Found: false}, true},
		"/who Someone":     {bot.Reply{Doc: doc, Found: true, Command: "who"}, true},
	}
	l := &answerLog{}
	h := WithFeedback(core, l, nil, nil)
	r, _ := h.Handle(context.Background(), bot.Message{Platform: "telegram", ChatID: "5", Text: "what did he say?"})
	if r.AnswerID == "" || len(l.got) != 1 {
		t.Fatalf("reply %+v, recorded %+v", r, l.got)
	}
	a := l.got[0]
	if a.ID != r.AnswerID || a.Question != "what did Someone say?" || a.Text != "The answer." || a.Report != "r1, r2" || a.Chat != (store.Chat{Platform: "telegram", ID: "5"}) {
		t.Errorf("recorded %+v", a)
	}
	for _, q := range []string{"not known", "/who Someone"} {
		if r, _ := h.Handle(context.Background(), bot.Message{Text: q}); r.AnswerID != "" {
			t.Errorf("%q got buttons", q)
		}
	}
	if len(l.got) != 1 {
		t.Errorf("recorded %d answers, want only the found free-text one", len(l.got))
	}
	r2, _ := h.Handle(context.Background(), bot.Message{Text: "what did he say?"})
	if r2.AnswerID == r.AnswerID {
		t.Error("each answer needs its own ID")
	}
	l.err = errors.New("disk full")
	if r, ok := h.Handle(context.Background(), bot.Message{Text: "what did he say?"}); !ok || !r.Found || r.AnswerID != "" {
		t.Errorf("a failed record must still answer, without buttons: %+v", r)
	}
}

type voteStore struct {
	answers map[string]time.Time // recorded answers by ID; nil: every ID is known
	got     []store.Vote
}

func (v *voteStore) Answer(_ context.Context, id string) (store.Answer, bool, error) {
	at, ok := v.answers[id]
	return store.Answer{ID: id, At: at}, ok || v.answers == nil, nil
}

func (v *voteStore) CastVote(_ context.Context, x store.Vote) (bool, error) {
	if _, ok := v.answers[x.AnswerID]; !ok && v.answers != nil {
		return false, nil
	}
	v.got = append(v.got, x)
	return true, nil
}

// An answer older than the retention period is expired before the purge
// gets to it: the vote is refused (false, no error), like one on a purged
// answer, and nothing is recorded.
func TestVoterRefusesVotesOnExpiredAnswers(t *testing.T) {
	now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	week := 7 * 24 * time.Hour
	s := &voteStore{answers: map[string]time.Time{
		"fresh":   now.Add(-time.Hour),
		"expired": now.Add(-week - time.Minute),
	}}
	v := Voter{Store: s, Now: func() time.Time { return now }, MaxAge: week}
	for id, want := range map[string]bool{"fresh": true, "expired": false, "purged": false} {
		ok, err := v.Vote(context.Background(), bot.Vote{Platform: "slack", AnswerID: id, UserID: "u", Value: 1})
		if err != nil || ok != want {
			t.Errorf("vote on %s: ok=%v err=%v, want ok=%v and no error", id, ok, err, want)
		}
	}
	if len(s.got) != 1 || s.got[0].AnswerID != "fresh" {
		t.Errorf("recorded %+v, want only the vote on the fresh answer", s.got)
	}
	// Without a period answers never expire.
	v.MaxAge = 0
	if ok, _ := v.Vote(context.Background(), bot.Vote{Platform: "slack", AnswerID: "expired", UserID: "u", Value: 1}); !ok {
		t.Error("MaxAge 0 refused an old answer")
	}
}

func TestVoterChecksTheVote(t *testing.T) {
	s := &voteStore{}
	v := Voter{Store: s}
	for _, bad := range []bot.Vote{{AnswerID: "a", UserID: "u", Value: 2}, {UserID: "u", Value: 1}, {AnswerID: "a", Value: -1}} {
		if _, err := v.Vote(context.Background(), bad); err == nil {
			t.Errorf("%+v accepted", bad)
		}
	}
	if ok, err := v.Vote(context.Background(), bot.Vote{Platform: "slack", AnswerID: "a", UserID: "u", Value: -1}); !ok || err != nil || len(s.got) != 1 || s.got[0].At.IsZero() {
		t.Errorf("a good vote: %v %v %+v", ok, err, s.got)
	}
}
