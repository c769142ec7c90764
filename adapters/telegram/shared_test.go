package telegram

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/reportbot/reportbot/bot/markup"
	"github.com/reportbot/reportbot/internal/store"
	"github.com/reportbot/reportbot/internal/store/postgres/pgtest"
	"github.com/reportbot/reportbot/internal/store/sqlite"
)

// instantClock stands still and fires every timer at once: sends run as
// fast as the machine allows, so what spaces them in the record is only
// the shared schedule under test.
type instantClock struct{ now time.Time }

func (c instantClock) Now() time.Time { return c.now }
func (c instantClock) After(time.Duration) <-chan time.Time {
	ch := make(chan time.Time, 1)
	ch <- c.now
	return ch
}

// slotLog records every slot of the bot's global schedule a replica was
// given, and per chat the chats' own.
type slotLog struct {
	SlotReserver
	mu    sync.Mutex
	slots []time.Time
	chats map[string][]time.Time
}

func (l *slotLog) ReserveSlot(ctx context.Context, scope string, now time.Time, interval time.Duration) (time.Time, error) {
	at, err := l.SlotReserver.ReserveSlot(ctx, scope, now, interval)
	if err == nil {
		l.mu.Lock()
		if bot, chat, ok := strings.Cut(strings.TrimPrefix(scope, "telegram:"), ":"); ok && bot != "" {
			if l.chats == nil {
				l.chats = map[string][]time.Time{}
			}
			l.chats[chat] = append(l.chats[chat], at)
		} else {
			l.slots = append(l.slots, at)
		}
		l.mu.Unlock()
	}
	return at, err
}

// Two replicas post a digest to 1,000 chats each, four at a time as the
// scheduler does, through one shared store. Every message must take its
// own slot of the shared schedule; the schedule must hold at most 30 in
// any 5 s window and, packed, reach at least 90% of that.
func TestTwoReplicasShareTheGlobalLimit(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "state.db")
		twoReplicasShareTheGlobalLimit(t, func() SlotReserver {
			st, err := sqlite.Open(context.Background(), path) // each replica its own connection
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { st.Close() })
			return st
		})
	})
	t.Run("postgres", func(t *testing.T) {
		dsn := pgtest.DSN(t)
		schema := pgtest.Schema(t, dsn)
		twoReplicasShareTheGlobalLimit(t, func() SlotReserver { return pgtest.OpenIn(t, dsn, schema) })
	})
}

func twoReplicasShareTheGlobalLimit(t *testing.T, open func() SlotReserver) {
	const replicas, chats, workers = 2, 1000, 4
	f := newFakeAPI(t, newAutoClock())
	t0 := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	var logs []*slotLog
	var wg sync.WaitGroup
	for r := range replicas {
		shared := &slotLog{SlotReserver: open()}
		logs = append(logs, shared)
		a, err := New(&recorder{}, Options{Token: testToken, APIEndpoint: f.endpoint(), Clock: instantClock{t0}, Shared: shared})
		if err != nil {
			t.Fatal(err)
		}
		jobs := make(chan int)
		go func() {
			for c := range chats {
				jobs <- r*chats + c
			}
			close(jobs)
		}()
		for range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for c := range jobs {
					var d markup.Doc
					d.Para(markup.T("digest"))
					if err := a.Post(context.Background(), strconv.Itoa(-1000000-c), d); err != nil {
						t.Error(err)
					}
				}
			}()
		}
	}
	wg.Wait()
	if got := len(f.snapshotSent()); got != replicas*chats {
		t.Fatalf("%d messages delivered, want %d", got, replicas*chats)
	}
	var slots []time.Time
	for _, l := range logs {
		slots = append(slots, l.slots...)
	}
	if len(slots) != replicas*chats {
		t.Fatalf("%d slots for %d messages", len(slots), replicas*chats)
	}
	sort.Slice(slots, func(i, j int) bool { return slots[i].Before(slots[j]) })
	for i := 1; i < len(slots); i++ {
		if !slots[i].After(slots[i-1]) {
			t.Fatalf("two messages share the slot %v", slots[i])
		}
	}
	maxIn, span := windowStats(slots, 5*time.Second)
	rate := float64(len(slots)) / (span + sharedInterval).Seconds()
	t.Logf("%d messages over %v: %.1f/s; at most %d in any 5 s window", len(slots), span, rate, maxIn)
	if maxIn > 30*5 {
		t.Errorf("%d messages in one 5 s window; Telegram allows %d", maxIn, 30*5)
	}
	if rate < 0.9*30 {
		t.Errorf("fan-out at %.1f/s, under 90%% of 30/s", rate)
	}
}

// windowStats is the most times in any window [t, t+w) of sorted ts, and
// the span from the first to the last.
func windowStats(ts []time.Time, w time.Duration) (maxIn int, span time.Duration) {
	j := 0
	for i := range ts {
		for ts[i].Sub(ts[j]) >= w {
			j++
		}
		maxIn = max(maxIn, i-j+1)
	}
	if len(ts) > 0 {
		span = ts[len(ts)-1].Sub(ts[0])
	}
	return maxIn, span
}

// BenchmarkTwoReplicasRealTime is the same fan-out in real time against a
// Bot API fake that stamps each message on arrival: b.N messages split
// over two replicas on one store (PostgreSQL when REPORTBOT_TEST_DSN
// reaches one, else SQLite). It reports the rate and the most messages
// that arrived in any 5 s window. `-benchtime=2000x` is the 2 × 1,000
// chats case (about 70 s).
func BenchmarkTwoReplicasRealTime(b *testing.B) {
	var open func() SlotReserver
	if dsn := os.Getenv("REPORTBOT_TEST_DSN"); dsn != "" {
		schema := pgtest.Schema(b, dsn)
		open = func() SlotReserver { return pgtest.OpenIn(b, dsn, schema) }
	} else {
		path := filepath.Join(b.TempDir(), "state.db")
		open = func() SlotReserver {
			st, err := sqlite.Open(context.Background(), path)
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { st.Close() })
			return st
		}
	}
	var mu sync.Mutex
	var arrived []time.Time
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		arrived = append(arrived, time.Now())
		mu.Unlock()
		fmt.Fprint(w, `{"ok":true,"result":{"message_id":1,"date":1,"chat":{"id":-1,"type":"group"},"text":"ok"}}`)
	}))
	defer srv.Close()
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range 2 {
		a, err := New(&recorder{}, Options{Token: testToken, APIEndpoint: srv.URL, Shared: open()})
		if err != nil {
			b.Fatal(err)
		}
		for range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for c := range jobs {
					var d markup.Doc
					d.Para(markup.T("digest"))
					if err := a.Post(context.Background(), strconv.Itoa(-1000000-c), d); err != nil {
						b.Error(err)
					}
				}
			}()
		}
	}
	b.ResetTimer()
	for i := range b.N {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	b.StopTimer()
	sort.Slice(arrived, func(i, j int) bool { return arrived[i].Before(arrived[j]) })
	maxIn, span := windowStats(arrived, 5*time.Second)
	if span > 0 {
		b.ReportMetric(float64(len(arrived)-1)/span.Seconds(), "msgs/s")
	}
	b.ReportMetric(float64(maxIn), "max-per-5s")
}

// With a webhook, Telegram has its 200 before an update can be cut off by
// the shutdown grace, and never sends it again. The cut-off updates are
// spooled in the store, and the next start answers them, once.
func TestWebhookBurstLongerThanGraceIsSpooled(t *testing.T) {
	const n = 10
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "state.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	seen := store.NewDedupeSet(st, 24*time.Hour, nil)
	f := newFakeAPI(t, frozenClock{now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)})
	webhook := func(clock Clock, grace time.Duration) (*running, string) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		run := start(t, f, &recorder{}, func(o *Options) {
			o.Mode, o.Clock, o.Dedupe, o.Spool, o.ShutdownGrace = "webhook", clock, seen, st, grace
			o.Webhook = WebhookOptions{Listener: ln, PublicURL: "https://bot.example.org/hook", Secret: testSecret}
		})
		return run, "http://" + ln.Addr().String() + "/hook"
	}
	run, hook := webhook(f.clock, 50*time.Millisecond)
	f.waitFor("setWebhook", func() bool { return f.webhook != nil })
	for i := range n {
		id := int64(i + 1)
		req, _ := http.NewRequest("POST", hook, strings.NewReader(msgJSON(id, testGroupID, "group", 100+id, fmt.Sprintf("/q%d", i), "")))
		req.Header.Set(secretHeader, testSecret)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("update %d: status %d", id, resp.StatusCode)
		}
	}
	f.waitSent(1) // the rest wait for the group's pacing
	if err := run.stop(); err != nil {
		t.Fatal(err)
	}
	if before := len(f.snapshotSent()); before >= n {
		t.Fatalf("all answered before shutdown; the test needs a backlog")
	}

	run2, _ := webhook(newAutoClock(), 0)
	f.waitSent(n)
	if err := run2.stop(); err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for _, s := range f.snapshotSent() {
		count[s.text()]++
	}
	for i := range n {
		if c := count[fmt.Sprintf("echo: /q%d", i)]; c != 1 {
			t.Errorf("question %d answered %d times", i, c)
		}
	}
}

type brokenSchedule struct{}

func (brokenSchedule) ReserveSlot(context.Context, string, time.Time, time.Duration) (time.Time, error) {
	return time.Time{}, fmt.Errorf("connection refused")
}

// When the shared schedule cannot be reached, the replica still keeps the
// global limit by its own count, rather than none.
func TestUnreachableScheduleFallsBackToTheLocalLimit(t *testing.T) {
	clock := newAutoClock()
	f := newFakeAPI(t, clock)
	a, err := New(&recorder{}, Options{Token: testToken, APIEndpoint: f.endpoint(), Clock: clock, Shared: brokenSchedule{}})
	if err != nil {
		t.Fatal(err)
	}
	for c := range 31 {
		var d markup.Doc
		d.Para(markup.T("digest"))
		if err := a.Post(context.Background(), strconv.Itoa(-2000000-c), d); err != nil {
			t.Fatal(err)
		}
	}
	sent := f.snapshotSent()
	if d := sent[30].at.Sub(sent[0].at); d < time.Second {
		t.Fatalf("31 messages within %v with the schedule down; the limit is 30 a second", d)
	}
}

// A webhook replica that keeps running answers what another replica
// spooled at its shutdown, without waiting for a restart.
func TestRunningWebhookReplicaAnswersAnothersSpool(t *testing.T) {
	old := spoolReplayEvery
	spoolReplayEvery = 20 * time.Millisecond
	t.Cleanup(func() { spoolReplayEvery = old })
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "state.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	f := newFakeAPI(t, newAutoClock())
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	run := start(t, f, &recorder{}, func(o *Options) {
		o.Mode, o.Dedupe, o.Spool = "webhook", store.NewDedupeSet(st, 24*time.Hour, nil), st
		o.Webhook = WebhookOptions{Listener: ln, PublicURL: "https://bot.example.org/hook", Secret: testSecret}
	})
	f.waitFor("setWebhook", func() bool { return f.webhook != nil })
	// Another replica's leftovers appear in the store while this one runs.
	scope := "telegram:" + strings.SplitN(testToken, ":", 2)[0]
	for i := range 3 {
		id := int64(900 + i)
		if err := st.SpoolDelivery(context.Background(), scope, []byte(msgJSON(id, testChatPriv+id, "private", id, fmt.Sprintf("left over %d", i), "")), time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	f.waitSent(3)
	if err := run.stop(); err != nil {
		t.Fatal(err)
	}
	if left, _ := st.TakeSpooled(context.Background(), scope, 10); len(left) != 0 {
		t.Fatalf("%d still spooled", len(left))
	}
}

// Two replicas answering in the same chats (a webhook behind a load
// balancer) keep the per-chat limits together: a message a second in a
// private chat, 20 a minute in a group.
func TestTwoReplicasShareThePerChatLimits(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.db")
	// A clock that moves with every wait: each replica also paces the
	// chat itself, and that pacing must see time pass.
	clock := newAutoClock()
	f := newFakeAPI(t, clock)
	var logs []*slotLog
	var wg sync.WaitGroup
	for range 2 {
		st, err := sqlite.Open(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		l := &slotLog{SlotReserver: st}
		logs = append(logs, l)
		a, err := New(&recorder{}, Options{Token: testToken, APIEndpoint: f.endpoint(), Clock: clock, Shared: l})
		if err != nil {
			t.Fatal(err)
		}
		for _, chat := range []string{"-100777", "555"} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for range 5 {
					var d markup.Doc
					d.Para(markup.T("answer"))
					if err := a.Post(context.Background(), chat, d); err != nil {
						t.Error(err)
					}
				}
			}()
		}
	}
	wg.Wait()
	for chat, min := range map[string]time.Duration{"-100777": 3 * time.Second, "555": time.Second} {
		var slots []time.Time
		for _, l := range logs {
			slots = append(slots, l.chats[chat]...)
		}
		sort.Slice(slots, func(i, j int) bool { return slots[i].Before(slots[j]) })
		if len(slots) != 10 {
			t.Fatalf("chat %s: %d slots for 10 messages", chat, len(slots))
		}
		for i := 1; i < len(slots); i++ {
			if d := slots[i].Sub(slots[i-1]); d < min {
				t.Errorf("chat %s: messages %d and %d %v apart across replicas; want at least %v", chat, i-1, i, d, min)
			}
		}
	}
}
