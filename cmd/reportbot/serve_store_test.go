package main

import (
	"context"
	"database/sql"
	"io"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/reportbot/reportbot/bot"
	"github.com/reportbot/reportbot/bot/markup"
	"github.com/reportbot/reportbot/internal/config"
	"github.com/reportbot/reportbot/internal/store"
	"github.com/reportbot/reportbot/knowledge"
)

type chanPoster chan string

func (c chanPoster) Post(ctx context.Context, chatID string, doc markup.Doc) error {
	c <- chatID
	return nil
}

type yesAdmin struct{}

func (yesAdmin) IsChatAdmin(context.Context, string, string) (bool, error) { return true, nil }

// TestStateWiring checks what serve wires for an adapter: its Poster and
// AdminChecker, registered by platform name, reach the digest commands and
// the scheduler.
func TestStateWiring(t *testing.T) {
	ctx := context.Background()
	cfg := config.Default()
	cfg.Store.Path = filepath.Join(t.TempDir(), "state.db")
	cfg.Digest.WhenNothingNew = "archive"
	st, err := openStore(ctx, cfg.Store)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	kb := &knowledge.KB{Reports: []*knowledge.Report{{ID: "r", Title: "T", Sentences: []knowledge.Sentence{{Text: "A point."}}}}}
	live := knowledge.NewLive(kb)
	d := &serveDeps{cfg: cfg, log: slog.New(slog.NewTextHandler(io.Discard, nil)), kb: live, store: st, platforms: newPlatforms(), bot: bot.New(live, bot.Options{})}
	d.bot.Register(digestCommands(d)...)
	posts := make(chanPoster, 1)
	d.registerPlatform("telegram", posts, yesAdmin{})

	// A group admin subscribes for a time already past today; the
	// subscription predates it, so today's digest is owed at once.
	r, _ := d.bot.Handle(ctx, bot.Message{Platform: "telegram", ChatID: "-1", ChatKind: bot.Group, UserID: "u", Text: "/subscribe 00:00 UTC", Mentioned: true})
	sub, ok, err := st.Subscription(ctx, store.Chat{Platform: "telegram", ID: "-1"})
	if err != nil || !ok {
		t.Fatalf("not subscribed (%v): %s", err, markup.Plain(r.Doc))
	}
	sub.UpdatedAt = sub.UpdatedAt.Add(-48 * time.Hour)
	if err := st.Subscribe(ctx, sub); err != nil {
		t.Fatal(err)
	}

	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan error)
	go func() { done <- schedulerRunner(d).run(runCtx) }()
	select {
	case chat := <-posts:
		if chat != "-1" {
			t.Fatalf("posted to %q", chat)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the scheduler never posted through the registered Poster")
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if watchRunner(d) != nil {
		t.Fatal("no watcher when knowledge.watch is off")
	}
}

// serve's retention runner purges at start what is older than the
// configured periods: deliveries, unanswered questions, and answers with
// their votes.
func TestRetentionRunnerPurges(t *testing.T) {
	ctx := context.Background()
	cfg := config.Default()
	cfg.Store.Path = filepath.Join(t.TempDir(), "state.db")
	st, err := openStore(ctx, cfg.Store)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	chat := store.Chat{Platform: "telegram", ID: "-1"}
	old, recent := time.Now().Add(-200*24*time.Hour), time.Now().Add(-time.Hour)
	for _, at := range []time.Time{old, recent} {
		if err := st.LogUnanswered(ctx, store.Question{Chat: chat, Text: "what about " + at.Format(time.DateOnly) + "?", Asked: at}); err != nil {
			t.Fatal(err)
		}
		k := store.DeliveryKey{Chat: chat, Date: at.Format(time.DateOnly)}
		if _, err := st.Claim(ctx, k, "r", at, time.Minute); err != nil {
			t.Fatal(err)
		}
		if err := st.Finish(ctx, k, "r", at, store.Sent); err != nil {
			t.Fatal(err)
		}
		id := "answer-" + at.Format(time.DateOnly)
		if err := st.RecordAnswer(ctx, store.Answer{ID: id, Chat: chat, Question: "who?", Text: "someone", At: at}); err != nil {
			t.Fatal(err)
		}
		if _, err := st.CastVote(ctx, store.Vote{AnswerID: id, Platform: "telegram", UserID: "u", Value: -1, At: recent}); err != nil {
			t.Fatal(err)
		}
	}
	d := &serveDeps{cfg: cfg, log: slog.New(slog.NewTextHandler(io.Discard, nil)), store: st}
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan error)
	go func() { done <- retentionRunner(d).run(runCtx) }()
	deadline := time.Now().Add(30 * time.Second)
	for {
		left, err := st.MostAsked(ctx, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(left) == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("not purged: %+v", left)
		}
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	// The old delivery went; the recent one (the chat's last digest) stays.
	if c, _ := st.Claim(ctx, store.DeliveryKey{Chat: chat, Date: old.Format(time.DateOnly)}, "x", time.Now(), time.Minute); c.Status != store.Claimed {
		t.Errorf("old delivery still there: %+v", c)
	}
	if last, ok, _ := st.LastDigest(ctx, chat); !ok || !last.Equal(recent.Truncate(time.Millisecond).UTC()) {
		t.Errorf("last digest %v %v, want the recent one", last, ok)
	}
	// The old answer went with its (recent) vote; the recent one stays.
	if _, ok, _ := st.Answer(ctx, "answer-"+old.Format(time.DateOnly)); ok {
		t.Error("old answer still there")
	}
	down, err := st.VotedDown(ctx, time.Time{}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(down) != 1 || down[0].Down != 1 {
		t.Errorf("votes after purge: %+v, want only the recent answer's", down)
	}
}

// With every period 0 (keep forever) the runner still purges expired
// conversation states, which nothing reads again, and keeps the rest.
func TestRetentionRunnerPurgesExpiredConversationsAlways(t *testing.T) {
	ctx := context.Background()
	cfg := config.Default()
	cfg.Store.Path = filepath.Join(t.TempDir(), "state.db")
	cfg.Store.Retention.Deliveries, cfg.Store.Retention.Unanswered, cfg.Store.Retention.Answers = 0, 0, 0
	st, err := openStore(ctx, cfg.Store)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	old := time.Now().Add(-400 * 24 * time.Hour)
	if err := st.RecordAnswer(ctx, store.Answer{ID: "old", Chat: store.Chat{Platform: "slack", ID: "C1"}, Question: "who?", Text: "someone", At: old}); err != nil {
		t.Fatal(err)
	}
	k := store.ConversationKey{Platform: "slack", Chat: "C1"}
	if err := st.SaveConversation(ctx, k, []byte("{}"), time.Now().Add(-time.Hour), time.Minute); err != nil {
		t.Fatal(err)
	}
	d := &serveDeps{cfg: cfg, log: slog.New(slog.NewTextHandler(io.Discard, nil)), store: st}
	r := retentionRunner(d)
	if r == nil {
		t.Fatal("no retention runner with every period 0")
	}
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan error)
	go func() { done <- r.run(runCtx) }()
	db := st.(interface{ SQL() *sql.DB }).SQL()
	deadline := time.Now().Add(30 * time.Second)
	for {
		// Load hides an expired state; the row itself must go.
		var n int
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM conversations`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("expired conversation never purged by the runner")
		}
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := st.Answer(ctx, "old"); !ok {
		t.Error("answers purged with store.retention.answers 0")
	}
}
