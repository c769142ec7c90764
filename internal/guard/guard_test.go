package guard

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	dto "github.com/prometheus/client_model/go"

	"github.com/reportbot/reportbot/bot"
	"github.com/reportbot/reportbot/bot/markup"
	"github.com/reportbot/reportbot/internal/metrics"
)

// fake answers every message, panics on "boom", stays quiet on group
// chatter unless told to answer it, and counts its calls.
type fake struct {
	mu         sync.Mutex
	calls      int
	unprompted bool
}

func (f *fake) Handle(ctx context.Context, m bot.Message) (bot.Reply, bool) {
	f.mu.Lock()
	f.calls++
	f.mu.Unlock()
	if strings.Contains(m.Text, "boom") {
		var crash map[string]int
		//lint:ignore SA5000 a real runtime panic is the point of this fake
		crash["boom"]++
	}
	if !m.Addressed() && !strings.HasPrefix(m.Text, "/") && !f.unprompted {
		return bot.Reply{}, false
	}
	var d markup.Doc
	d.Para(markup.T("answer to " + m.Text))
	r := bot.Reply{Doc: d, Found: !strings.Contains(m.Text, "unknown"), Confidence: 0.9}
	if name, _, ok := bot.ParseCommand(m.Text); ok {
		r.Command = name
	}
	return r, true
}

func (f *fake) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls
}

type clock struct{ t time.Time }

func (c *clock) now() time.Time          { return c.t }
func (c *clock) advance(d time.Duration) { c.t = c.t.Add(d) }

func private(platform, user, text string) bot.Message {
	return bot.Message{Platform: platform, ChatID: "dm-" + user, ChatKind: bot.Private, UserID: user, Text: text}
}

func group(platform, chat, user, text string, mentioned bool) bot.Message {
	return bot.Message{Platform: platform, ChatID: chat, ChatKind: bot.Group, UserID: user, Text: text, Mentioned: mentioned}
}

func text(r bot.Reply) string { return markup.Plain(r.Doc) }

func TestPanicIsRecoveredLoggedAndApologised(t *testing.T) {
	var logs bytes.Buffer
	f := &fake{}
	g := New(f, Options{Logger: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelInfo}))})
	before := testutil.ToFloat64(metrics.Panics.WithLabelValues("panictest"))

	r, ok := g.Handle(context.Background(), private("panictest", "u1", "secret question boom"))
	if !ok || !strings.Contains(text(r), "Sorry") {
		t.Fatalf("want an apology, got ok=%v %q", ok, text(r))
	}
	// The bot lives on: the next message is answered normally.
	r, ok = g.Handle(context.Background(), private("panictest", "u1", "next question"))
	if !ok || text(r) != "answer to next question" {
		t.Fatalf("after a panic: ok=%v %q", ok, text(r))
	}
	out := logs.String()
	for _, want := range []string{"panic while handling a message", "assignment to entry in nil map", "guard_test.go", "user=u1"} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "secret question") {
		t.Errorf("message text logged above debug level:\n%s", out)
	}
	if got := testutil.ToFloat64(metrics.Panics.WithLabelValues("panictest")) - before; got != 1 {
		t.Errorf("panics counter moved by %v, want 1", got)
	}
}

func TestPanicOnGroupChatterStaysQuiet(t *testing.T) {
	g := New(&fake{}, Options{})
	if r, ok := g.Handle(context.Background(), group("t", "g1", "u1", "boom goes the chatter", false)); ok {
		t.Fatalf("apologised for a message nobody sent the bot: %q", text(r))
	}
}

func TestMessageTextOnlyAtDebug(t *testing.T) {
	var logs bytes.Buffer
	g := New(&fake{}, Options{Logger: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	g.Handle(context.Background(), private("t", "u1", "what was decided"))
	if !strings.Contains(logs.String(), "what was decided") || !strings.Contains(logs.String(), "level=DEBUG") {
		t.Fatalf("debug log should carry the text:\n%s", logs.String())
	}
}

func TestUserLimitSendsOneNoticeThenStaysQuietUntilRecovered(t *testing.T) {
	c := &clock{t: time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)}
	f := &fake{}
	g := New(f, Options{UserPerMinute: 3, ChatPerMinute: 100, Now: c.now})
	ctx := context.Background()
	ask := func(user string) (bot.Reply, bool) { return g.Handle(ctx, private("t", user, "q")) }

	for i := range 3 {
		if _, ok := ask("u1"); !ok {
			t.Fatalf("question %d refused within the limit", i+1)
		}
	}
	r, ok := ask("u1")
	if !ok || !strings.Contains(text(r), "faster than I can keep up") {
		t.Fatalf("4th question: want the notice, got ok=%v %q", ok, text(r))
	}
	for i := range 5 {
		if r, ok := ask("u1"); ok {
			t.Fatalf("after the notice, question %d got %q; want silence", i+1, text(r))
		}
	}
	if f.count() != 3 {
		t.Fatalf("core called %d times, want 3: refused questions must not reach it", f.count())
	}
	// Someone else is not affected.
	if _, ok := ask("u2"); !ok {
		t.Fatal("another user was limited")
	}
	// 20 s refills one of 3 per minute: one more answer, then one new notice.
	c.advance(20 * time.Second)
	if r, ok := ask("u1"); !ok || text(r) != "answer to q" {
		t.Fatalf("after recovery: ok=%v %q", ok, text(r))
	}
	if r, ok := ask("u1"); !ok || !strings.Contains(text(r), "faster") {
		t.Fatalf("second exhaustion: want a new notice, got ok=%v %q", ok, text(r))
	}
	if _, ok := ask("u1"); ok {
		t.Fatal("second exhaustion: want silence after its notice")
	}
}

func TestChatLimitCoversEveryoneInTheChat(t *testing.T) {
	c := &clock{t: time.Unix(0, 0)}
	g := New(&fake{}, Options{UserPerMinute: 10, ChatPerMinute: 2, Now: c.now})
	ctx := context.Background()
	for _, u := range []string{"u1", "u2"} {
		if _, ok := g.Handle(ctx, group("t", "g", u, "q", true)); !ok {
			t.Fatalf("%s refused", u)
		}
	}
	r, ok := g.Handle(ctx, group("t", "g", "u3", "q", true))
	if !ok || !strings.Contains(text(r), "This chat") {
		t.Fatalf("want the chat notice, got ok=%v %q", ok, text(r))
	}
	if _, ok := g.Handle(ctx, group("t", "g", "u4", "q", true)); ok {
		t.Fatal("want silence after the chat notice")
	}
	// The refused messages did not use up u3's own quota.
	if _, ok := g.Handle(ctx, group("t", "other", "u3", "q", true)); !ok {
		t.Fatal("u3 refused in another chat")
	}
}

func TestCommandsCountAgainstTheLimit(t *testing.T) {
	c := &clock{t: time.Unix(0, 0)}
	g := New(&fake{}, Options{UserPerMinute: 1, Now: c.now})
	ctx := context.Background()
	g.Handle(ctx, group("t", "g", "u1", "/help", false))
	if r, ok := g.Handle(ctx, group("t", "g", "u1", "/speakers", false)); !ok || !strings.Contains(text(r), "faster") {
		t.Fatalf("got ok=%v %q, want the notice", ok, text(r))
	}
}

func TestIgnoredGroupChatterUsesNoQuota(t *testing.T) {
	c := &clock{t: time.Unix(0, 0)}
	f := &fake{}
	g := New(f, Options{UserPerMinute: 1, ChatPerMinute: 1, Now: c.now})
	ctx := context.Background()
	for range 10 {
		if _, ok := g.Handle(ctx, group("t", "g", "u1", "chatting", false)); ok {
			t.Fatal("answered chatter")
		}
	}
	if r, ok := g.Handle(ctx, group("t", "g", "u1", "q", true)); !ok || text(r) != "answer to q" {
		t.Fatalf("mention after chatter: ok=%v %q", ok, text(r))
	}
}

func TestUnpromptedAnswersOverTheLimitAreDroppedWithoutNotice(t *testing.T) {
	c := &clock{t: time.Unix(0, 0)}
	g := New(&fake{unprompted: true}, Options{UserPerMinute: 1, Now: c.now})
	ctx := context.Background()
	if _, ok := g.Handle(ctx, group("t", "g", "u1", "who spoke?", false)); !ok {
		t.Fatal("first unprompted answer dropped")
	}
	if r, ok := g.Handle(ctx, group("t", "g", "u1", "who spoke?", false)); ok {
		t.Fatalf("over the limit, unprompted: got %q", text(r))
	}
	// Nobody was told, so a later direct question still gets its one notice.
	if r, ok := g.Handle(ctx, group("t", "g", "u1", "q", true)); !ok || !strings.Contains(text(r), "faster") {
		t.Fatalf("got ok=%v %q, want the notice", ok, text(r))
	}
}

func TestZeroDisablesLimits(t *testing.T) {
	g := New(&fake{}, Options{})
	for i := range 500 {
		if _, ok := g.Handle(context.Background(), private("t", "u1", "q")); !ok {
			t.Fatalf("question %d refused with limits disabled", i+1)
		}
	}
}

func TestSweepForgetsRefilledBuckets(t *testing.T) {
	c := &clock{t: time.Unix(0, 0)}
	g := New(&fake{}, Options{UserPerMinute: 5, ChatPerMinute: 5, Now: c.now})
	for i := range 100 {
		g.Handle(context.Background(), private("t", string(rune('a'+i%26))+string(rune('0'+i/26)), "q"))
	}
	if n := len(g.users.buckets); n != 100 {
		t.Fatalf("%d user buckets, want 100", n)
	}
	c.advance(2 * time.Minute)
	g.Handle(context.Background(), private("t", "late", "q"))
	if n := len(g.users.buckets); n != 1 {
		t.Fatalf("after refill, %d user buckets remain, want 1", n)
	}
}

func TestMetricsCountQuestionsCommandsAndLatency(t *testing.T) {
	const p = "metricstest"
	answered := func() float64 { return testutil.ToFloat64(metrics.Questions.WithLabelValues(p, "answered")) }
	unanswered := func() float64 { return testutil.ToFloat64(metrics.Questions.WithLabelValues(p, "unanswered")) }
	help := func() float64 { return testutil.ToFloat64(metrics.Commands.WithLabelValues("help")) }
	other := func() float64 { return testutil.ToFloat64(metrics.Commands.WithLabelValues("other")) }
	a0, u0, h0, o0 := answered(), unanswered(), help(), other()

	g := New(&fake{}, Options{KnownCommand: func(n string) bool { return n == "help" || n == "who" }})
	ctx := context.Background()
	g.Handle(ctx, private(p, "u", "who spoke"))
	g.Handle(ctx, private(p, "u", "who spoke again"))
	g.Handle(ctx, private(p, "u", "something unknown"))
	g.Handle(ctx, private(p, "u", "/help"))
	g.Handle(ctx, private(p, "u", "/made-up-command"))
	g.Handle(ctx, group(p, "g", "u", "chatter", false)) // ignored: counts nowhere

	if d := answered() - a0; d != 2 {
		t.Errorf("answered moved by %v, want 2", d)
	}
	if d := unanswered() - u0; d != 1 {
		t.Errorf("unanswered moved by %v, want 1", d)
	}
	if d := help() - h0; d != 1 {
		t.Errorf("help command moved by %v, want 1", d)
	}
	if d := other() - o0; d != 1 {
		t.Errorf("unknown command should count as other: moved by %v", d)
	}
	if n := histogramCount(t, p); n != 5 {
		t.Errorf("latency histogram has %d observations for %s, want 5", n, p)
	}
}

func histogramCount(t *testing.T, platform string) uint64 {
	t.Helper()
	h, err := metrics.AnswerSeconds.GetMetricWithLabelValues(platform)
	if err != nil {
		t.Fatal(err)
	}
	m := &dto.Metric{}
	if err := h.(prometheus.Metric).Write(m); err != nil {
		t.Fatal(err)
	}
	return m.GetHistogram().GetSampleCount()
}

// Under concurrent messages from one user, the quota and the single notice
// still hold exactly.
func TestConcurrentMessagesRespectQuotaAndOneNotice(t *testing.T) {
	c := &clock{t: time.Unix(0, 0)}
	g := New(&fake{}, Options{UserPerMinute: 10, Now: c.now})
	var mu sync.Mutex
	answers, notices := 0, 0
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 50 {
				r, ok := g.Handle(context.Background(), private("t", "u1", "q"))
				mu.Lock()
				switch {
				case ok && text(r) == "answer to q":
					answers++
				case ok:
					notices++
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if answers != 10 || notices != 1 {
		t.Fatalf("%d answers and %d notices, want 10 and 1", answers, notices)
	}
}
