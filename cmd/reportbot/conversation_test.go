package main

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/reportbot/reportbot/bot"
	"github.com/reportbot/reportbot/bot/markup"
	"github.com/reportbot/reportbot/internal/config"
	"github.com/reportbot/reportbot/internal/store"
	"github.com/reportbot/reportbot/internal/store/postgres/pgtest"
	"github.com/reportbot/reportbot/internal/store/sqlite"
	"github.com/reportbot/reportbot/knowledge"
)

// TestReplicasShareAConversation: two replicas on one PostgreSQL database,
// each with its own store connection; a Slack thread's first question
// reaches one, the follow-ups the other, and each reads the conversation
// the other left.
func TestReplicasShareAConversation(t *testing.T) {
	dsn := pgtest.DSN(t)
	schema := pgtest.Schema(t, dsn)
	kb, err := knowledge.Open(knowledge.OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	var replicas [2]*serveDeps
	for i := range replicas {
		replicas[i] = newServeDeps(config.Default(), log, kb, pgtest.OpenIn(t, dsn, schema))
	}
	ctx := context.Background()
	thread := func(text string, mentioned bool) bot.Message {
		return bot.Message{Platform: "slack", ChatID: "C1", ChatKind: bot.Group, UserID: "U1", Text: text,
			Mentioned: mentioned, ThreadID: "1700000000.000100", Conversation: "1700000000.000100", InThread: !mentioned}
	}
	r, ok := replicas[0].handler.Handle(ctx, thread("who presided over the meeting?", true))
	if !ok || !r.Found {
		t.Fatalf("first question: %v %s", ok, markup.Plain(r.Doc))
	}
	first := markup.Plain(r.Doc)
	name := strings.TrimSpace(strings.SplitN(first, "(", 2)[0])

	r, ok = replicas[1].handler.Handle(ctx, thread("what did he say about supervision?", false))
	if !ok || !strings.Contains(markup.Plain(r.Doc), "("+name+")") {
		t.Fatalf("the other replica did not carry the thread on (answered %v):\n%s", ok, markup.Plain(r.Doc))
	}
	r, ok = replicas[0].handler.Handle(ctx, thread("when?", false))
	if !ok || !strings.Contains(markup.Plain(r.Doc), "("+name+")") {
		t.Fatalf("back on the first replica, the thread's context is lost (answered %v):\n%s", ok, markup.Plain(r.Doc))
	}
	// Votes are shared too: a press reaching either replica counts once.
	for _, d := range replicas {
		if ok, err := d.voter.Vote(ctx, bot.Vote{Platform: "slack", ChatID: "C1", UserID: "U9", AnswerID: r.AnswerID, Value: -1}); err != nil || !ok {
			t.Fatalf("vote: %v %v", ok, err)
		}
	}
	down, err := replicas[1].store.VotedDown(ctx, time.Time{}, 0)
	if err != nil || len(down) != 1 || down[0].Down != 1 {
		t.Fatalf("one user's vote through two replicas: %+v, %v", down, err)
	}
}

type countingConversations struct {
	store.Conversations
	purges int
}

func (c *countingConversations) PurgeConversations(ctx context.Context, now time.Time) (int64, error) {
	c.purges++
	return c.Conversations.PurgeConversations(ctx, now)
}

func TestConversationsPurgeOncePerTTL(t *testing.T) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	counted := &countingConversations{Conversations: st}
	c := &conversations{s: counted, log: slog.New(slog.DiscardHandler)}
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	k := bot.ConversationKey{Platform: "p", Chat: "c"}
	if err := st.SaveConversation(ctx, store.ConversationKey{Platform: "p", Chat: "old"}, []byte("{}"), t0.Add(-time.Hour), time.Minute); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 5; i++ {
		if err := c.SaveConversation(ctx, k, []byte("{}"), t0.Add(time.Duration(i)*time.Minute), 30*time.Minute); err != nil {
			t.Fatal(err)
		}
	}
	if counted.purges != 1 {
		t.Fatalf("%d purges in five saves within one TTL, want 1", counted.purges)
	}
	if _, ok, _ := st.LoadConversation(ctx, store.ConversationKey{Platform: "p", Chat: "old"}, t0.Add(-time.Hour)); ok {
		t.Error("the expired conversation is still there")
	}
	c.SaveConversation(ctx, k, []byte("{}"), t0.Add(31*time.Minute), 30*time.Minute)
	if counted.purges != 2 {
		t.Errorf("after a TTL, saves purge again: %d", counted.purges)
	}
}

// A 👍/👎 on an answer past store.retention.answers is refused as expired
// (false, no error, so the adapters say it is too old), both while the
// answer waits for the hourly purge and after the purge removed it.
func TestVoteOnExpiredAnswerIsRefusedNotAnError(t *testing.T) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	kb, err := knowledge.Open(knowledge.OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	cfg := config.Default()
	d := newServeDeps(cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), kb, st)
	r, ok := d.handler.Handle(ctx, bot.Message{Platform: "slack", ChatID: "C1", ChatKind: bot.Private, UserID: "U1", Text: "who presided over the meeting?"})
	if !ok || r.AnswerID == "" {
		t.Fatalf("no recorded answer to vote on: %v %+v", ok, r)
	}
	vote := func(id string) (bool, error) {
		return d.voter.Vote(ctx, bot.Vote{Platform: "slack", ChatID: "C1", UserID: "U2", AnswerID: id, Value: -1})
	}
	if ok, err := vote(r.AnswerID); !ok || err != nil {
		t.Fatalf("vote on a fresh answer: %v %v", ok, err)
	}
	kept := cfg.Store.Retention.Answers
	old := store.Answer{ID: "old", Chat: store.Chat{Platform: "slack", ID: "C1"}, Question: "who?", Text: "someone", At: time.Now().Add(-kept - time.Hour)}
	if err := st.RecordAnswer(ctx, old); err != nil {
		t.Fatal(err)
	}
	if ok, err := vote("old"); ok || err != nil {
		t.Errorf("vote on an answer past retention, not yet purged: ok=%v err=%v, want refused without error", ok, err)
	}
	if _, err := store.Purge(ctx, st, time.Now().Add(kept+time.Hour), store.Periods{Answers: kept}); err != nil {
		t.Fatal(err)
	}
	if ok, err := vote(r.AnswerID); ok || err != nil {
		t.Errorf("vote on a purged answer: ok=%v err=%v, want refused without error", ok, err)
	}
}
