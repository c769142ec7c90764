package schedule

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/reportbot/reportbot/bot/markup"
	"github.com/reportbot/reportbot/internal/digest"
	"github.com/reportbot/reportbot/internal/store"
	"github.com/reportbot/reportbot/internal/store/postgres/pgtest"
)

// TestTwoReplicas1000Chats runs two schedulers, each with its own
// connection pool, against one PostgreSQL schema and one fake platform.
// Every (chat, date) must be posted exactly once, including the ones whose
// first send hit a 429.
func TestTwoReplicas1000Chats(t *testing.T) {
	dsn := pgtest.DSN(t)
	schema := pgtest.Schema(t, dsn)
	stA, stB := pgtest.OpenIn(t, dsn, schema), pgtest.OpenIn(t, dsn, schema)

	const chats = 1000
	zones := []string{"UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata"}
	for i := 0; i < chats; i++ {
		subscribe(t, stA, fmt.Sprintf("chat-%d", i), fmt.Sprintf("%02d:%02d", 6+i%4, (i*7)%60), zones[i%len(zones)], day1)
	}

	clk := &clock{t: day1}
	p := newPlatform()
	var mu sync.Mutex
	failedOnce := map[string]bool{}
	p.fail = func(chatID string) error {
		mu.Lock()
		defer mu.Unlock()
		var n int
		fmt.Sscanf(chatID, "chat-%d", &n)
		if n%10 == 0 && !failedOnce[chatID] {
			failedOnce[chatID] = true
			return rateLimited{wait: 30 * time.Second}
		}
		return nil
	}
	a := newScheduler(stA, clk, "replica-a", p, digest.Archive)
	b := newScheduler(stB, clk, "replica-b", p, digest.Archive)

	// Two days of ticks every 15 minutes, both replicas at once each tick.
	for clk.Now().Before(day1.Add(48 * time.Hour)) {
		var wg sync.WaitGroup
		for _, s := range []*Scheduler{a, b} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if err := s.Tick(context.Background()); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		if t.Failed() {
			t.FailNow()
		}
		clk.Add(15 * time.Minute)
	}
	for i := 0; i < chats; i++ {
		id := fmt.Sprintf("chat-%d", i)
		// Subscribed at the run's start, every chat's 06:00–09:59 local
		// time comes exactly twice in these 48 hours, in all four zones.
		if got := p.count(id); got != 2 {
			t.Fatalf("%s: %d posts, want exactly 2 (one per day)", id, got)
		}
	}
	rows, err := stA.SQL().Query(`SELECT owner, COUNT(*) FROM deliveries GROUP BY owner ORDER BY owner`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var owner string
		var n int
		rows.Scan(&owner, &n)
		t.Logf("%s delivered %d", owner, n)
	}
	rows.Close()
	if len(failedOnce) != chats/10 {
		t.Fatalf("%d chats saw a 429, want %d", len(failedOnce), chats/10)
	}
}

// TestCrashBetweenClaimAndSend kills replica A after it claims and before
// its send reaches the platform. Replica B delivers once A's lease runs
// out, and only then, and exactly once.
func TestCrashBetweenClaimAndSend(t *testing.T) {
	dsn := pgtest.DSN(t)
	schema := pgtest.Schema(t, dsn)
	stA, stB := pgtest.OpenIn(t, dsn, schema), pgtest.OpenIn(t, dsn, schema)
	subscribe(t, stA, "c1", "09:00", "UTC", day1)
	clk := &clock{t: day1.Add(9 * time.Hour)}

	// A's "platform" kills A the moment A tries to send: the process is
	// gone, nothing reaches the chat, and A can no longer write to the
	// database to release its claim.
	killCtx, cancel := context.WithCancel(context.Background())
	var dead atomic.Bool
	crashing := &crashPoster{kill: func() { dead.Store(true); cancel() }}
	a := newScheduler(deadStore{stA, &dead}, clk, "replica-a", crashing, digest.Archive)
	if err := a.Tick(killCtx); !errors.Is(err, context.Canceled) {
		t.Fatalf("replica A: %v, want it killed mid-send", err)
	}
	if !crashing.called {
		t.Fatal("replica A never reached the send")
	}

	p := newPlatform()
	b := newScheduler(stB, clk, "replica-b", p, digest.Archive)
	clk.Add(time.Minute)
	tick(t, b)
	if p.count("c1") != 0 {
		t.Fatal("replica B sent while A's lease was live")
	}
	clk.Set(day1.Add(9*time.Hour + 2*time.Minute)) // the lease is 2 minutes
	tick(t, b)
	clk.Add(10 * time.Minute)
	tick(t, b)
	if got := p.count("c1"); got != 1 {
		t.Fatalf("%d posts after the lease ran out, want exactly 1", got)
	}
	c, err := stB.Claim(context.Background(), store.DeliveryKey{Chat: store.Chat{Platform: "telegram", ID: "c1"}, Date: "2026-03-02"}, "probe", clk.Now(), time.Minute)
	if err != nil || c.Status != store.Finished || c.Attempt != 2 {
		t.Fatalf("delivery %+v %v, want Finished on attempt 2", c, err)
	}
}

// deadStore is a store whose process has died: writes no longer arrive.
type deadStore struct {
	store.Store
	dead *atomic.Bool
}

var errDead = errors.New("process killed")

func (d deadStore) Release(ctx context.Context, k store.DeliveryKey, owner string, retryAt time.Time, errText string) error {
	if d.dead.Load() {
		return errDead
	}
	return d.Store.Release(ctx, k, owner, retryAt, errText)
}

func (d deadStore) Finish(ctx context.Context, k store.DeliveryKey, owner string, at time.Time, o store.Outcome) error {
	if d.dead.Load() {
		return errDead
	}
	return d.Store.Finish(ctx, k, owner, at, o)
}

type crashPoster struct {
	kill   context.CancelFunc
	called bool
}

func (c *crashPoster) Post(ctx context.Context, chatID string, doc markup.Doc) error {
	c.called = true
	c.kill()
	<-ctx.Done()
	return ctx.Err()
}
