package postgres_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/reportbot/reportbot/bot"
	"github.com/reportbot/reportbot/internal/dedupe"
	"github.com/reportbot/reportbot/internal/store"
	"github.com/reportbot/reportbot/internal/store/postgres/pgtest"
	"github.com/reportbot/reportbot/knowledge"
)

// replica is what an adapter does with one platform delivery: drop it if
// any replica processed its ID before, else answer.
type replica struct {
	seen    dedupe.Set
	core    bot.Handler
	answers *atomic.Int64
}

func (r replica) deliver(ctx context.Context, key string, m bot.Message) error {
	first, err := r.seen.First(ctx, key)
	if err != nil {
		return err
	}
	if !first {
		return nil
	}
	if _, ok := r.core.Handle(ctx, m); ok {
		r.answers.Add(1)
	}
	return nil
}

// TestReplicaDoesNotAnswerProcessedUpdate: replicas behind a load balancer
// share the store; a platform's redelivery of an update already answered
// by one replica reaches another, which must stay quiet. Also when both
// get the same update at the same moment.
func TestReplicaDoesNotAnswerProcessedUpdate(t *testing.T) {
	dsn := pgtest.DSN(t)
	schema := pgtest.Schema(t, dsn)
	core := bot.New(&knowledge.KB{}, bot.Options{})
	var answers atomic.Int64
	newReplica := func() replica {
		return replica{seen: store.NewDedupeSet(pgtest.OpenIn(t, dsn, schema), 24*time.Hour, nil), core: core, answers: &answers}
	}
	a, b := newReplica(), newReplica()
	ctx := context.Background()
	msg := bot.Message{Platform: "telegram", ChatID: "42", ChatKind: bot.Private, UserID: "7", Text: "/start"}

	if err := a.deliver(ctx, "telegram:1001:500", msg); err != nil {
		t.Fatal(err)
	}
	if err := b.deliver(ctx, "telegram:1001:500", msg); err != nil { // the retry
		t.Fatal(err)
	}
	if got := answers.Load(); got != 1 {
		t.Fatalf("%d answers to one update, want 1", got)
	}

	// 200 updates, each delivered to both replicas at once.
	answers.Store(0)
	var wg sync.WaitGroup
	for i := 0; i < 200; i++ {
		for _, r := range []replica{a, b} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if err := r.deliver(ctx, fmt.Sprintf("slack:Ev%d", i), msg); err != nil {
					t.Error(err)
				}
			}()
		}
	}
	wg.Wait()
	if got := answers.Load(); got != 200 {
		t.Fatalf("%d answers to 200 updates delivered twice each, want 200", got)
	}
}
