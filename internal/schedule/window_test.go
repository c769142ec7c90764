package schedule

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/reportbot/reportbot/adapters/telegram"
	"github.com/reportbot/reportbot/internal/digest"
	"github.com/reportbot/reportbot/internal/store"
	"github.com/reportbot/reportbot/internal/store/postgres/pgtest"
	"github.com/reportbot/reportbot/internal/store/sqlite"
)

// markTimes is a store whose Finish notes when each delivery's mark was
// committed.
type markTimes struct {
	store.Store
	mu     sync.Mutex
	marked map[string]time.Time
}

func (m *markTimes) Finish(ctx context.Context, k store.DeliveryKey, owner string, at time.Time, o store.Outcome) error {
	err := m.Store.Finish(ctx, k, owner, at, o)
	m.mu.Lock()
	m.marked[k.Chat.ID] = time.Now()
	m.mu.Unlock()
	return err
}

// BenchmarkCrashWindow measures the at-least-once window of a digest: from
// the moment the Bot API fake accepted it (its answer written) to the
// moment the mark was committed. A replica killed inside that window sends
// the digest again after its lease. b.N digests go through the real
// Telegram adapter and the scheduler's workers (1, 2 and 4), on PostgreSQL when
// REPORTBOT_TEST_DSN reaches one, else SQLite. Reported: the median, p99
// and largest window, and the most digests inside the window at once (how
// many a kill -9 at the worst moment doubles).
func BenchmarkCrashWindow(b *testing.B) {
	for _, workers := range []int{1, 2, 4} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) { crashWindow(b, workers) })
	}
}

func crashWindow(b *testing.B, workers int) {
	var st store.Store
	if dsn := os.Getenv("REPORTBOT_TEST_DSN"); dsn != "" {
		st = pgtest.OpenIn(b, dsn, pgtest.Schema(b, dsn))
	} else {
		db, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "state.db"))
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { db.Close() })
		st = db
	}
	mt := &markTimes{Store: st, marked: map[string]time.Time{}}
	var mu sync.Mutex
	accepted := map[string]time.Time{}
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		fmt.Fprint(w, `{"ok":true,"result":{"message_id":1,"date":1,"chat":{"id":-1,"type":"group"},"text":"ok"}}`)
		w.(http.Flusher).Flush()
		mu.Lock()
		accepted[r.Form.Get("chat_id")] = time.Now()
		mu.Unlock()
	}))
	defer api.Close()
	a, err := telegram.New(noHandler{}, telegram.Options{Token: "1:t", APIEndpoint: api.URL, Shared: st})
	if err != nil {
		b.Fatal(err)
	}
	clk := &clock{t: day1.Add(9 * time.Hour)}
	for i := range b.N {
		if err := st.Subscribe(ctx, store.Subscription{Chat: store.Chat{Platform: "telegram", ID: fmt.Sprint(-1000000 - i)}, Time: "09:00", Timezone: "UTC", UpdatedAt: day1}); err != nil {
			b.Fatal(err)
		}
	}
	s := newScheduler(mt, clk, "a", a, digest.Archive)
	s.c.Workers = workers
	b.ResetTimer()
	if err := s.Tick(ctx); err != nil {
		b.Fatal(err)
	}
	b.StopTimer()
	type span struct{ from, to time.Time }
	var spans []span
	var windows []time.Duration
	for chat, from := range accepted {
		to, ok := mt.marked[chat]
		if !ok {
			b.Fatalf("chat %s sent, never marked", chat)
		}
		spans = append(spans, span{from, to})
		windows = append(windows, to.Sub(from))
	}
	sort.Slice(windows, func(i, j int) bool { return windows[i] < windows[j] })
	// The most windows open at one instant: sweep the starts and ends.
	type edge struct {
		at   time.Time
		open int
	}
	var edges []edge
	for _, sp := range spans {
		edges = append(edges, edge{sp.from, 1}, edge{sp.to, -1})
	}
	sort.Slice(edges, func(i, j int) bool { return edges[i].at.Before(edges[j].at) })
	open, most := 0, 0
	for _, e := range edges {
		open += e.open
		most = max(most, open)
	}
	if n := len(windows); n > 0 {
		b.ReportMetric(float64(windows[n/2].Microseconds())/1000, "p50-ms")
		b.ReportMetric(float64(windows[n*99/100].Microseconds())/1000, "p99-ms")
		b.ReportMetric(float64(windows[n-1].Microseconds())/1000, "max-ms")
		b.ReportMetric(float64(most), "most-in-window")
	}
}
