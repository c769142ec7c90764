package schedule

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/reportbot/reportbot/adapters/telegram"
	"github.com/reportbot/reportbot/bot"
	"github.com/reportbot/reportbot/internal/digest"
	"github.com/reportbot/reportbot/internal/store"
)

// tgClock gives the Telegram adapter the scheduler's time; its timers fire
// at once, since the wait under test is the one kept in the store.
type tgClock struct{ c *clock }

func (t tgClock) Now() time.Time { return t.c.Now() }
func (t tgClock) After(time.Duration) <-chan time.Time {
	ch := make(chan time.Time, 1)
	ch <- t.c.Now()
	return ch
}

type noHandler struct{}

func (noHandler) Handle(context.Context, bot.Message) (bot.Reply, bool) { return bot.Reply{}, false }

// A 429 with retry_after 90 s, met by one replica's real Telegram adapter,
// is kept in the store: the other replica does not retry before the 90 s
// are up, and retries then.
func TestRetryAfterHonouredAcrossReplicas(t *testing.T) {
	clk := &clock{t: day1.Add(9 * time.Hour)}
	var mu sync.Mutex
	var sends []time.Time
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		sends = append(sends, clk.Now())
		if len(sends) == 1 {
			w.WriteHeader(http.StatusTooManyRequests)
			fmt.Fprint(w, `{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 90","parameters":{"retry_after":90}}`)
			return
		}
		fmt.Fprint(w, `{"ok":true,"result":{"message_id":1,"date":1,"chat":{"id":-5,"type":"group"},"text":"ok"}}`)
	}))
	defer api.Close()
	path := filepath.Join(t.TempDir(), "state.db")
	replica := func(owner string) (*Scheduler, store.Store) {
		a, err := telegram.New(noHandler{}, telegram.Options{Token: "1:t", APIEndpoint: api.URL, Clock: tgClock{clk}})
		if err != nil {
			t.Fatal(err)
		}
		st := openSQLite(t, path)
		return newScheduler(st, clk, owner, a, digest.Archive), st
	}
	a, st := replica("a")
	b, _ := replica("b")
	subscribe(t, st, "-5", "09:00", "UTC", day1)

	tick(t, a) // 429, retry_after 90
	clk.Add(71 * time.Second)
	tick(t, b)
	if n := count(&mu, &sends); n != 1 {
		t.Fatalf("the other replica retried after 71 s (%d sends); Telegram asked for 90", n)
	}
	clk.Add(19 * time.Second)
	tick(t, b)
	mu.Lock()
	defer mu.Unlock()
	if len(sends) != 2 || sends[1].Sub(sends[0]) < 90*time.Second {
		t.Fatalf("sends at %v; want a second one 90 s after the first", sends)
	}
}

func count(mu *sync.Mutex, s *[]time.Time) int {
	mu.Lock()
	defer mu.Unlock()
	return len(*s)
}
