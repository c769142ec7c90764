package library

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/reportbot/reportbot/bot"
	"github.com/reportbot/reportbot/internal/store"
	"github.com/reportbot/reportbot/internal/store/postgres/pgtest"
	"github.com/reportbot/reportbot/knowledge"
)

// Two replicas on one PostgreSQL database: a file uploaded through one is
// answered by the other within seconds. Polling is set to an hour, so the
// notification is what carries the news.
func TestUploadOnOneReplicaAnsweredByAnother(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	dsn := pgtest.DSN(t)
	schema := pgtest.Schema(t, dsn)
	stA, stB := pgtest.OpenIn(t, dsn, schema), pgtest.OpenIn(t, dsn, schema)

	replica := func(st store.Store) (*Library, *bot.Bot, *knowledge.Live) {
		live := knowledge.NewLive(baseKB(t))
		lib := New(Config{Store: st, Live: live, Poll: time.Hour}, live.KB())
		return lib, bot.New(live, bot.Options{MinConfidence: 0.35}), live
	}
	libA, _, _ := replica(stA)
	libB, botB, liveB := replica(stB)
	go libB.Run(ctx)
	// B's first sync and its LISTEN are in place once Run has looked once;
	// the upload below may come before or after, and must arrive either way.
	chatA := NewChat(ChatConfig{Library: libA, Admins: []string{"slack:U1"}})
	m := bot.Message{Platform: "slack", ChatID: "D1", ChatKind: bot.Private, UserID: "U1"}
	if r := chatA.HandleFile(ctx, m, file("guild.md", []byte(guildReport))); !r.Found {
		t.Fatalf("upload on A: %s", plain(r))
	}
	start := time.Now()
	waitFor(t, "B serves the upload", func() bool { return len(liveB.KB().Reports) == 2 })
	t.Logf("B saw the upload after %v", time.Since(start))
	r, _ := botB.Handle(ctx, bot.Message{Platform: "slack", ChatID: "C2", ChatKind: bot.Private, Text: "who presided over the guild meeting?"})
	if !strings.Contains(plain(r), "Orla Quint") {
		t.Errorf("B's answer:\n%s", plain(r))
	}
}
