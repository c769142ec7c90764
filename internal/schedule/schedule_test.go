package schedule

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/reportbot/reportbot/bot"
	"github.com/reportbot/reportbot/bot/markup"
	"github.com/reportbot/reportbot/internal/digest"
	"github.com/reportbot/reportbot/internal/store"
	"github.com/reportbot/reportbot/internal/store/sqlite"
	"github.com/reportbot/reportbot/knowledge"
)

var ctx = context.Background()

// clock is the injected time; tests move it, nothing sleeps.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Set(t time.Time)     { c.mu.Lock(); c.t = t; c.mu.Unlock() }
func (c *clock) Add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// platform is a fake chat platform: it records every successful post.
type platform struct {
	mu    sync.Mutex
	posts map[string]int // chat ID → posts
	docs  []markup.Doc
	fail  func(chatID string) error
}

func newPlatform() *platform { return &platform{posts: map[string]int{}} }

func (p *platform) Post(ctx context.Context, chatID string, doc markup.Doc) error {
	if p.fail != nil {
		if err := p.fail(chatID); err != nil {
			return err
		}
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.posts[chatID]++
	p.docs = append(p.docs, doc)
	return nil
}

func (p *platform) count(chatID string) int { p.mu.Lock(); defer p.mu.Unlock(); return p.posts[chatID] }
func (p *platform) total() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := 0
	for _, c := range p.posts {
		n += c
	}
	return n
}

// rateLimited is a 429 with the platform's requested wait.
type rateLimited struct{ wait time.Duration }

func (e rateLimited) Error() string             { return "429 Too Many Requests" }
func (e rateLimited) RetryAfter() time.Duration { return e.wait }

// testKB has one report added just before the tests' first day, so first
// digests have news, and sentences for archive items afterwards.
func testKB(added time.Time) *knowledge.KB {
	return &knowledge.KB{Reports: []*knowledge.Report{{
		ID: "r1", Title: "A test meeting", Date: added.Format(time.DateOnly), Added: added,
		Sentences: []knowledge.Sentence{{Text: "First key point."}, {Text: "Second key point."}, {Text: "Third key point."}},
		People:    []knowledge.Person{{Name: "Ann Chair", Actions: []knowledge.Action{{Kind: knowledge.Presided}}}},
		Terms:     []knowledge.Term{{Text: "second", Sentences: []int{1}}, {Text: "third", Sentences: []int{2}}},
	}}}
}

func openSQLite(t *testing.T, path string) store.Store {
	t.Helper()
	s, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func newScheduler(st Store, clk *clock, owner string, p bot.Poster, when string) *Scheduler {
	day := clk.Now()
	return New(Config{
		Store: st, KB: testKB(day.Add(-time.Hour)), Digest: digest.Options{WhenNothingNew: when},
		Posters: func(platform string) bot.Poster {
			if platform == "telegram" && p != nil {
				return p
			}
			return nil
		},
		Owner: owner, Now: clk.Now, Lease: 2 * time.Minute,
	})
}

func subscribe(t *testing.T, st store.Store, chat, at, zone string, updated time.Time) {
	t.Helper()
	err := st.Subscribe(ctx, store.Subscription{Chat: store.Chat{Platform: "telegram", ID: chat}, Time: at, Timezone: zone, UpdatedAt: updated})
	if err != nil {
		t.Fatal(err)
	}
}

func tick(t *testing.T, s *Scheduler) {
	t.Helper()
	if err := s.Tick(ctx); err != nil {
		t.Fatal(err)
	}
}

var day1 = time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC) // a Monday

func TestSendsAtTimeOncePerDay(t *testing.T) {
	st := openSQLite(t, ":memory:")
	clk := &clock{t: day1}
	p := newPlatform()
	s := newScheduler(st, clk, "a", p, digest.Archive)
	subscribe(t, st, "c1", "09:00", "UTC", day1.Add(-24*time.Hour))

	clk.Set(day1.Add(8*time.Hour + 59*time.Minute))
	tick(t, s)
	if p.total() != 0 {
		t.Fatal("sent before its time")
	}
	for _, at := range []time.Duration{9 * time.Hour, 9*time.Hour + time.Minute, 23 * time.Hour} {
		clk.Set(day1.Add(at))
		tick(t, s)
	}
	if got := p.count("c1"); got != 1 {
		t.Fatalf("day 1: %d posts, want 1", got)
	}
	// Next day: news are old, so the archive item comes, a different one
	// each day.
	clk.Set(day1.Add(33 * time.Hour))
	tick(t, s)
	clk.Set(day1.Add(57 * time.Hour))
	tick(t, s)
	if got := p.count("c1"); got != 3 {
		t.Fatalf("after day 3: %d posts, want 3", got)
	}
	a, b := markup.Plain(p.docs[1]), markup.Plain(p.docs[2])
	if a == b {
		t.Fatalf("archive item repeated:\n%s", a)
	}
}

func TestSkipsWhenNothingNew(t *testing.T) {
	st := openSQLite(t, ":memory:")
	clk := &clock{t: day1}
	p := newPlatform()
	s := newScheduler(st, clk, "a", p, digest.Skip)
	subscribe(t, st, "c1", "09:00", "UTC", day1.Add(-24*time.Hour))
	clk.Set(day1.Add(9 * time.Hour))
	tick(t, s)
	clk.Set(day1.Add(33 * time.Hour))
	tick(t, s)
	if got := p.count("c1"); got != 1 {
		t.Fatalf("%d posts, want only the first day's", got)
	}
	last, ok, _ := st.LastDigest(ctx, store.Chat{Platform: "telegram", ID: "c1"})
	if !ok || !last.Equal(day1.Add(33*time.Hour)) {
		t.Fatalf("a skipped digest still counts as the last one: %v %v", last, ok)
	}
}

func TestSubscribedAfterTodaysTimeStartsTomorrow(t *testing.T) {
	st := openSQLite(t, ":memory:")
	clk := &clock{t: day1.Add(10 * time.Hour)}
	p := newPlatform()
	s := newScheduler(st, clk, "a", p, digest.Archive)
	subscribe(t, st, "c1", "09:00", "UTC", clk.Now())
	tick(t, s)
	if p.total() != 0 {
		t.Fatal("a subscription made at 10:00 for 09:00 must not post at once")
	}
	clk.Set(day1.Add(33 * time.Hour))
	tick(t, s)
	if p.total() != 1 {
		t.Fatal("it must post the next day")
	}
}

func TestDSTAndZones(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	sub := store.Subscription{Time: "09:00", Timezone: "America/New_York"}
	for _, tc := range []struct {
		utc  string
		want bool
	}{
		{"2026-03-06T13:59:00Z", false}, // 08:59 EST
		{"2026-03-06T14:00:00Z", true},  // 09:00 EST
		{"2026-03-09T12:59:00Z", false}, // 08:59 EDT, after the spring change
		{"2026-03-09T13:00:00Z", true},  // 09:00 EDT
		{"2026-11-02T13:59:00Z", false}, // 08:59 EST again
		{"2026-11-02T14:00:00Z", true},
	} {
		now, _ := time.Parse(time.RFC3339, tc.utc)
		if _, got, err := Due(sub, ny, now); err != nil || got != tc.want {
			t.Errorf("%s: due=%v err=%v, want %v", tc.utc, got, err, tc.want)
		}
	}
	// A time that does not exist (spring forward) or exists twice (fall
	// back) is still posted exactly once that day.
	for _, tc := range []struct{ at, day string }{{"02:30", "2026-03-08"}, {"01:30", "2026-11-01"}} {
		st := openSQLite(t, ":memory:")
		start, _ := time.ParseInLocation(time.DateOnly, tc.day, ny)
		clk := &clock{t: start}
		p := newPlatform()
		s := newScheduler(st, clk, "a", p, digest.Archive)
		subscribe(t, st, "ny", tc.at, "America/New_York", start.Add(-time.Hour))
		for clk.Now().Before(start.Add(24 * time.Hour)) {
			tick(t, s)
			clk.Add(10 * time.Minute)
		}
		if got := p.count("ny"); got != 1 {
			t.Errorf("%s on %s: %d posts, want 1", tc.at, tc.day, got)
		}
	}
}

func TestRetriesWithBackoffThenGivesUp(t *testing.T) {
	st := openSQLite(t, ":memory:")
	clk := &clock{t: day1.Add(9 * time.Hour)}
	p := newPlatform()
	failures := 2
	p.fail = func(string) error {
		if failures > 0 {
			failures--
			return rateLimited{wait: 90 * time.Second}
		}
		return nil
	}
	s := newScheduler(st, clk, "a", p, digest.Archive)
	subscribe(t, st, "c1", "09:00", "UTC", day1)
	tick(t, s) // attempt 1: 429
	clk.Add(time.Minute)
	tick(t, s) // still in backoff (the platform asked for 90s, more than 1m)
	if failures != 1 {
		t.Fatalf("retried during the platform's Retry-After: %d failures left", failures)
	}
	clk.Add(31 * time.Second)
	tick(t, s) // attempt 2: 429; backoff now 2m
	clk.Add(2 * time.Minute)
	tick(t, s) // attempt 3: ok
	clk.Add(time.Hour)
	tick(t, s)
	if failures != 0 || p.count("c1") != 1 {
		t.Fatalf("failures left %d, posts %d; want 0 and 1", failures, p.count("c1"))
	}

	// A chat that always fails is given up after MaxAttempts.
	sends := 0
	p.fail = func(string) error { sends++; return errors.New("502 Bad Gateway") }
	subscribe(t, st, "c2", "09:00", "UTC", day1)
	for i := 0; i < 20; i++ {
		tick(t, s)
		clk.Add(31 * time.Minute)
	}
	if sends != 5 {
		t.Fatalf("%d attempts, want MaxAttempts=5", sends)
	}
	c, err := st.Claim(ctx, store.DeliveryKey{Chat: store.Chat{Platform: "telegram", ID: "c2"}, Date: "2026-03-02"}, "probe", clk.Now(), time.Minute)
	if err != nil || c.Status != store.Finished {
		t.Fatalf("after giving up: %+v %v, want Finished", c, err)
	}
}

func TestNoPosterLeavesItToAnotherReplica(t *testing.T) {
	st := openSQLite(t, ":memory:")
	clk := &clock{t: day1.Add(9 * time.Hour)}
	subscribe(t, st, "c1", "09:00", "UTC", day1)
	tick(t, newScheduler(st, clk, "slack-only", nil, digest.Archive))
	p := newPlatform()
	tick(t, newScheduler(st, clk, "telegram", p, digest.Archive))
	if p.count("c1") != 1 {
		t.Fatal("a replica without the platform must not claim its digests")
	}
}

// TestRestartNoDoublePost restarts the process (new store handle, new
// scheduler, new owner) on the same SQLite file.
func TestRestartNoDoublePost(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.db")
	clk := &clock{t: day1.Add(9 * time.Hour)}
	p := newPlatform()

	run := func() {
		st, err := sqlite.Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		tick(t, newScheduler(st, clk, fmt.Sprintf("pid-%d", clk.Now().Unix()), p, digest.Archive))
	}
	st := openSQLite(t, path)
	subscribe(t, st, "c1", "09:00", "UTC", day1)
	subscribe(t, st, "c2", "12:00", "UTC", day1)
	st.Close()

	run() // 09:00: c1 sent
	clk.Add(time.Minute)
	run() // restart at 09:01: nothing again
	if p.count("c1") != 1 || p.count("c2") != 0 {
		t.Fatalf("after restart: c1 %d, c2 %d; want 1, 0", p.count("c1"), p.count("c2"))
	}
	// Down from 09:01 until 15:00: c2's 12:00 digest is sent on return.
	clk.Set(day1.Add(15 * time.Hour))
	run()
	if p.count("c2") != 1 {
		t.Fatal("a digest missed while down must be sent on return the same day")
	}
	// Down all of day 2; back on day 3 at 08:00. Day 2's digests are not
	// sent late; day 3's come at their time.
	clk.Set(day1.Add(56 * time.Hour))
	run()
	if p.count("c1") != 1 || p.count("c2") != 1 {
		t.Fatalf("a missed day was sent late: c1 %d, c2 %d", p.count("c1"), p.count("c2"))
	}
	clk.Set(day1.Add(57 * time.Hour))
	run()
	if p.count("c1") != 2 {
		t.Fatal("day 3's digest was not sent")
	}
}

// hookPoster runs a hook during the send, then records like platform.
type hookPoster struct {
	*platform
	hook func()
}

func (h hookPoster) Post(ctx context.Context, chatID string, doc markup.Doc) error {
	if h.hook != nil {
		h.hook()
	}
	return h.platform.Post(ctx, chatID, doc)
}

// TestReportAddedDuringSendIsNextDaysNews: the digest covers reports up to
// the moment it was written, not the moment its send finished.
func TestReportAddedDuringSendIsNextDaysNews(t *testing.T) {
	st := openSQLite(t, ":memory:")
	clk := &clock{t: day1.Add(9 * time.Hour)}
	base := testKB(day1.Add(-time.Hour))
	live := knowledge.NewLive(base)
	p := hookPoster{platform: newPlatform()}
	p.hook = func() {
		clk.Add(30 * time.Second) // a slow send
		late := &knowledge.Report{ID: "late", Title: "Late report", Added: day1.Add(9*time.Hour + 10*time.Second)}
		live.Swap(&knowledge.KB{Reports: append(append([]*knowledge.Report(nil), base.Reports...), late)})
	}
	s := New(Config{Store: st, KB: live, Digest: digest.Options{WhenNothingNew: digest.Skip}, Owner: "a", Now: clk.Now,
		Posters: func(string) bot.Poster { return p }})
	subscribe(t, st, "c1", "09:00", "UTC", day1)
	tick(t, s)
	p.hook = nil
	clk.Set(day1.Add(33 * time.Hour))
	tick(t, s)
	if len(p.docs) != 2 || !strings.Contains(markup.Plain(p.docs[1]), "Late report") {
		t.Fatalf("the report added during the first send is missing from the next digest: %d posts", len(p.docs))
	}
}

// TestShutdownAfterSendStillRecords: a SIGTERM that lands while a digest is
// being sent must not leave it unrecorded, or the next start sends it again.
func TestShutdownAfterSendStillRecords(t *testing.T) {
	st := openSQLite(t, ":memory:")
	clk := &clock{t: day1.Add(9 * time.Hour)}
	subscribe(t, st, "c1", "09:00", "UTC", day1)
	runCtx, stop := context.WithCancel(context.Background())
	p := hookPoster{platform: newPlatform(), hook: stop} // accepted, then the signal
	s := newScheduler(st, clk, "a", p, digest.Archive)
	if err := s.Tick(runCtx); !errors.Is(err, context.Canceled) {
		t.Fatalf("tick: %v", err)
	}
	clk.Add(time.Hour)
	again := newPlatform()
	tick(t, newScheduler(st, clk, "b", again, digest.Archive))
	if p.count("c1") != 1 || again.count("c1") != 0 {
		t.Fatalf("posts: %d then %d after restart; want 1 then 0", p.count("c1"), again.count("c1"))
	}
}
