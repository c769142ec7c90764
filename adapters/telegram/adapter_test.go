package telegram

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"

	"github.com/reportbot/reportbot/bot"
	"github.com/reportbot/reportbot/bot/markup"
	"github.com/reportbot/reportbot/internal/dedupe"
	"github.com/reportbot/reportbot/internal/metrics"
	"github.com/reportbot/reportbot/knowledge"
)

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func counterValue(c prometheus.Counter) float64 {
	var m dto.Metric
	if err := c.Write(&m); err != nil {
		panic(err)
	}
	return m.GetCounter().GetValue()
}

type running struct {
	a    *Adapter
	logs *syncBuffer
	stop func() error // cancels Run and returns its error
}

// start runs an adapter against f until the test stops it.
func start(t *testing.T, f *fakeAPI, h bot.Handler, mod func(*Options)) *running {
	t.Helper()
	logs := &syncBuffer{}
	opts := Options{
		Token:       testToken,
		APIEndpoint: f.endpoint(),
		Commands:    []bot.Command{{Name: "help", Description: "List commands"}, {Name: "who", Args: "NAME", Description: "One person"}, {Name: "secret", Hidden: true}},
		Clock:       f.clock,
		Logger:      slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Workers:     4,
	}
	if mod != nil {
		mod(&opts)
	}
	a, err := New(h, opts)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx) }()
	var once sync.Once
	var runErr error
	stop := func() error {
		once.Do(func() {
			cancel()
			select {
			case runErr = <-done:
			case <-time.After(hangGuard):
				t.Fatal("Run did not return after cancel")
			}
		})
		return runErr
	}
	t.Cleanup(func() { _ = stop() })
	r := &running{a: a, logs: logs, stop: stop}
	t.Cleanup(func() {
		if strings.Contains(logs.String(), testToken) {
			t.Errorf("the token appears in the logs:\n%s", logs.String())
		}
	})
	return r
}

func TestPollingGroupsCommandsMentionsAndThreads(t *testing.T) {
	f := newFakeAPI(t, newAutoClock())
	h := &recorder{reply: func(m bot.Message) (bot.Reply, bool) {
		if !m.Addressed() {
			return bot.Reply{}, false // the core's etiquette: stay quiet
		}
		var d markup.Doc
		d.Para(markup.T("echo <" + m.Text + ">"))
		return bot.Reply{Doc: d}, true
	}}
	start(t, f, h, nil)

	f.push(1, msgJSON(1, testGroupID, "supergroup", 11, "/help@OtherBot", ""))
	f.push(2, msgJSON(2, testGroupID, "supergroup", 12, "/help@ReportTestBot", ""))
	f.push(3, `{"update_id":3,"edited_message":{"message_id":12,"from":{"id":1,"is_bot":false,"first_name":"A"},"chat":{"id":-100123,"type":"supergroup"},"text":"/help"}}`)
	f.push(4, `{"update_id":4,"message":{"message_id":13,"from":{"id":1,"is_bot":false,"first_name":"A"},"chat":{"id":-100123,"type":"supergroup"},"sticker":{"file_id":"x"}}}`)
	f.push(5, msgJSON(5, testGroupID, "supergroup", 14, "just chatting", ""))
	f.push(6, msgJSON(6, testGroupID, "supergroup", 15, "@ReportTestBot who spoke?", `"message_thread_id":55,"is_topic_message":true`))

	sent := f.waitSent(2)
	seen := h.messages()
	if len(seen) != 3 {
		t.Fatalf("handler saw %d messages, want 3 (command, chatter, mention): %+v", len(seen), seen)
	}
	if seen[0].Text != "/help" || !seen[0].Mentioned || seen[0].ChatKind != bot.Group {
		t.Errorf("command reached the core as %+v", seen[0])
	}
	if seen[1].Text != "just chatting" || seen[1].Mentioned {
		t.Errorf("chatter reached the core as %+v", seen[1])
	}
	if seen[2].Text != "who spoke?" || !seen[2].Mentioned || seen[2].ThreadID != "55" {
		t.Errorf("mention reached the core as %+v", seen[2])
	}

	// Replies go to the question's message, in its topic, as HTML.
	first, second := sent[0].params, sent[1].params
	if first.Get("chat_id") != "-100123" || first.Get("reply_to_message_id") != "12" || first.Get("parse_mode") != "HTML" {
		t.Errorf("first reply params: %v", first)
	}
	if first.Get("text") != "echo &lt;/help&gt;" {
		t.Errorf("first reply text %q", first.Get("text"))
	}
	if first.Get("message_thread_id") != "" {
		t.Errorf("reply outside a topic has message_thread_id %q", first.Get("message_thread_id"))
	}
	if second.Get("reply_to_message_id") != "15" || second.Get("message_thread_id") != "55" {
		t.Errorf("topic reply params: %v", second)
	}

	// setMyCommands got the declared, visible commands.
	f.mu.Lock()
	cmds := f.commands
	f.mu.Unlock()
	var got []struct{ Command, Description string }
	if err := json.Unmarshal([]byte(cmds), &got); err != nil {
		t.Fatalf("setMyCommands commands %q: %v", cmds, err)
	}
	if len(got) != 2 || got[0].Command != "help" || got[1].Command != "who" || got[1].Description != "One person" {
		t.Errorf("setMyCommands = %+v", got)
	}
}

// One chat at a time, so that the fake's arrival times are the limiter's
// grant times (with several chats, one chat's wait moves the shared fake
// clock under another's request; the limiter tests cover mixed traffic).
func TestPacingPerChatAndPerGroup(t *testing.T) {
	for _, tc := range []struct {
		name     string
		chat     int64
		kind     string
		n        int
		minTotal time.Duration
	}{
		{"private: one a second", testChatPriv, "private", 5, 4 * time.Second},
		{"group: twenty a minute", testGroupID, "group", 21, time.Minute},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFakeAPI(t, newAutoClock())
			start(t, f, &recorder{}, nil)
			for i := range tc.n {
				id := int64(i + 1)
				f.push(id, msgJSON(id, tc.chat, tc.kind, 100+id, fmt.Sprintf("/q%d", i), ""))
			}
			sent := f.waitSent(tc.n)
			for i := range sent {
				if want := fmt.Sprintf("echo: /q%d", i); sent[i].text() != want {
					t.Fatalf("reply %d is %q, want %q (out of order)", i, sent[i].text(), want)
				}
				if i == 0 {
					continue
				}
				if d := sent[i].at.Sub(sent[i-1].at); d < time.Second {
					t.Errorf("sends %d and %d only %v apart", i-1, i, d)
				}
			}
			if d := sent[tc.n-1].at.Sub(sent[0].at); d < tc.minTotal {
				t.Errorf("%d messages within %v, want at least %v", tc.n, d, tc.minTotal)
			}
		})
	}
}

func TestRetryAfter429(t *testing.T) {
	clock := newAutoClock()
	f := newFakeAPI(t, clock)
	f.sendHook = func(n int, v url.Values) (int, string, bool) {
		f.mu.Lock()
		defer f.mu.Unlock()
		if f.countCalls("sendMessage") == 1 {
			return 429, `{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 7","parameters":{"retry_after":7}}`, true
		}
		return 0, "", false
	}
	before := counterValue(metrics.RateLimited.WithLabelValues("telegram"))
	start(t, f, &recorder{}, nil)
	t0 := clock.Now()
	f.push(1, msgJSON(1, testChatPriv, "private", 5, "hello", ""))
	sent := f.waitSent(1)
	if d := sent[0].at.Sub(t0); d < 7*time.Second {
		t.Errorf("retried after %v; retry_after said 7s", d)
	}
	if sent[0].text() != "echo: hello" {
		t.Errorf("sent %q", sent[0].text())
	}
	if got := counterValue(metrics.RateLimited.WithLabelValues("telegram")) - before; got != 1 {
		t.Errorf("RateLimited grew by %v, want 1", got)
	}
}

func TestLongReplyIsSplit(t *testing.T) {
	f := newFakeAPI(t, newAutoClock())
	var d markup.Doc
	for i := range 40 {
		d.Para(markup.T(fmt.Sprintf("[%02d] %s", i, strings.Repeat("Q & A <x> ", 30))))
	}
	h := &recorder{reply: func(m bot.Message) (bot.Reply, bool) { return bot.Reply{Doc: d}, true }}
	start(t, f, h, nil)
	f.push(1, msgJSON(1, testGroupID, "supergroup", 9, "/summary", `"message_thread_id":3,"is_topic_message":true`))
	n := len(Render(d))
	if n < 2 {
		t.Fatalf("test reply renders as %d message(s); make it longer", n)
	}
	sent := f.waitSent(n)
	next := 0
	for i, s := range sent {
		if n := len16(s.text()); n > maxMessageLen {
			t.Errorf("message %d is %d long", i, n)
		}
		if got := s.params.Get("reply_to_message_id"); (i == 0) != (got == "9") {
			t.Errorf("message %d reply_to_message_id = %q", i, got)
		}
		if s.params.Get("message_thread_id") != "3" {
			t.Errorf("message %d left the topic", i)
		}
		plain, err := checkHTML(s.text())
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range strings.Split(plain, "\n\n") {
			if want := fmt.Sprintf("[%02d]", next); !strings.HasPrefix(p, want) {
				t.Fatalf("message %d: paragraph %q, want %s next", i, p[:10], want)
			}
			next++
		}
	}
	if next != 40 {
		t.Errorf("got %d paragraphs, want 40", next)
	}
}

func TestWebhookSecretDedupeAndMalformedBodies(t *testing.T) {
	f := newFakeAPI(t, newAutoClock())
	h := &recorder{}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	run := start(t, f, h, func(o *Options) {
		o.Mode = "webhook"
		o.Webhook = WebhookOptions{Listener: ln, PublicURL: "https://bot.example.org/tg/hook", Secret: testSecret}
	})
	f.waitFor("setWebhook", func() bool { return f.webhook != nil })
	f.mu.Lock()
	wh := f.webhook
	f.mu.Unlock()
	if wh.Get("url") != "https://bot.example.org/tg/hook" || wh.Get("secret_token") != testSecret {
		t.Errorf("setWebhook params: %v", wh)
	}
	hook := "http://" + ln.Addr().String() + "/tg/hook"
	post := func(method, target, secret, body string) int {
		t.Helper()
		req, _ := http.NewRequest(method, target, strings.NewReader(body))
		if secret != "" {
			req.Header.Set(secretHeader, secret)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	update := msgJSON(41, testChatPriv, "private", 7, "who?", "")
	dupBefore := counterValue(metrics.Duplicates.WithLabelValues("telegram"))
	for _, tc := range []struct {
		name, method, target, secret, body string
		want                               int
	}{
		{"no secret", "POST", hook, "", update, 401},
		{"wrong secret", "POST", hook, "nope", update, 401},
		{"secret with a different length", "POST", hook, testSecret + "x", update, 401},
		{"GET", "GET", hook, testSecret, "", 405},
		{"wrong path", "POST", "http://" + ln.Addr().String() + "/other", testSecret, update, 404},
		{"not JSON", "POST", hook, testSecret, "{", 400},
		{"not an update", "POST", hook, testSecret, `["x"]`, 400},
		{"wrong types", "POST", hook, testSecret, `{"update_id":5,"message":{"text":7}}`, 400},
		{"good", "POST", hook, testSecret, update, 200},
		{"redelivered", "POST", hook, testSecret, update, 200},
		{"ignored kind", "POST", hook, testSecret, `{"update_id":42,"edited_message":{"message_id":1,"chat":{"id":1,"type":"private"},"text":"x"}}`, 200},
	} {
		if got := post(tc.method, tc.target, tc.secret, tc.body); got != tc.want {
			t.Errorf("%s: status %d, want %d", tc.name, got, tc.want)
		}
	}
	sent := f.waitSent(1)
	if err := run.stop(); err != nil {
		t.Fatalf("Run: %v", err)
	}
	if n := len(h.messages()); n != 1 {
		t.Errorf("handler ran %d times, want 1 (rejected and duplicate deliveries must not reach it)", n)
	}
	if len(f.snapshotSent()) != 1 || sent[0].params.Get("reply_to_message_id") != "7" {
		t.Errorf("sent %v", f.snapshotSent())
	}
	if got := counterValue(metrics.Duplicates.WithLabelValues("telegram")) - dupBefore; got != 1 {
		t.Errorf("Duplicates grew by %v, want 1", got)
	}
	if f.countCalls("getUpdates") != 0 {
		t.Error("webhook mode polled")
	}
}

func TestPollingBacksOffOnEmptyAnswers(t *testing.T) {
	clock := newAutoClock()
	f := newFakeAPI(t, clock)
	f.emptyAtOnce = true
	t0 := clock.Now()
	start(t, f, &recorder{}, nil)
	f.waitFor("12 polls", func() bool { return f.countCalls("getUpdates") >= 12 })
	// 100ms doubling to 2s: 0.1+0.2+0.4+0.8+1.6+2+2+2+2+2+2 = 15.1s of waiting
	// between the first 12 polls. Without back-off no fake time passes.
	if waited := clock.Now().Sub(t0); waited < 15*time.Second {
		t.Errorf("12 empty polls within %v of (fake) time; want back-off", waited)
	}
	// And it still answers promptly once something arrives.
	f.push(1, msgJSON(1, testChatPriv, "private", 1, "hi", ""))
	if sent := f.waitSent(1); sent[0].text() != "echo: hi" {
		t.Errorf("sent %q", sent[0].text())
	}
}

func TestWebhookNeedsASecret(t *testing.T) {
	for _, secret := range []string{"", "has space", strings.Repeat("a", 257)} {
		_, err := New(&recorder{}, Options{Token: testToken, Mode: "webhook", Webhook: WebhookOptions{Listen: ":0", PublicURL: "https://x.example/hook", Secret: secret}})
		if err == nil {
			t.Errorf("secret %q accepted", secret)
		}
	}
}

func TestGracefulShutdownFinishesRepliesAndConfirmsOffset(t *testing.T) {
	f := newFakeAPI(t, newAutoClock())
	release := make(chan struct{})
	started := make(chan struct{})
	h := &recorder{reply: func(m bot.Message) (bot.Reply, bool) {
		if m.Text == "slow" {
			close(started)
			<-release
		}
		var d markup.Doc
		d.Para(markup.T("done " + m.Text))
		return bot.Reply{Doc: d}, true
	}}
	run := start(t, f, h, func(o *Options) { o.Dedupe = dedupe.NewMemory(time.Hour) })
	f.push(1, msgJSON(1, testChatPriv, "private", 1, "fast", ""))
	f.push(2, msgJSON(2, testChatPriv+1, "private", 2, "slow", ""))
	<-started
	stopped := make(chan error, 1)
	go func() { stopped <- run.stop() }()
	// Once the adapter says it is draining, updates have stopped; it must
	// still wait for the reply in flight.
	waitLog(t, run.logs, "finishing replies in flight")
	select {
	case err := <-stopped:
		t.Fatalf("Run returned (%v) while a reply was in flight", err)
	default:
	}
	close(release)
	if err := <-stopped; err != nil {
		t.Fatalf("Run: %v", err)
	}
	sent := f.snapshotSent()
	texts := map[string]bool{}
	for _, s := range sent {
		texts[s.text()] = true
	}
	if !texts["done fast"] || !texts["done slow"] {
		t.Fatalf("replies sent before shutdown: %v", texts)
	}
	f.mu.Lock()
	last := f.offsets[len(f.offsets)-1]
	f.mu.Unlock()
	if last != 3 {
		t.Errorf("last getUpdates offset %d, want 3 (everything answered is confirmed)", last)
	}

	// A restart (new process: new dedupe memory) answers only what is new.
	h2 := &recorder{}
	start(t, f, h2, nil)
	f.push(3, msgJSON(3, testChatPriv, "private", 3, "after restart", ""))
	f.waitSent(len(sent) + 1)
	if seen := h2.messages(); len(seen) != 1 || seen[0].Text != "after restart" {
		t.Errorf("after restart the handler saw %+v", seen)
	}
}

// waitLog polls the log until it holds want; the deadline only stops a
// broken test from hanging.
func waitLog(t *testing.T, logs *syncBuffer, want string) {
	t.Helper()
	deadline := time.Now().Add(hangGuard)
	for !strings.Contains(logs.String(), want) {
		if time.Now().After(deadline) {
			t.Fatalf("log never said %q:\n%s", want, logs)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestConfirmOffsetKeepsUnfinishedUpdates(t *testing.T) {
	p := &poller{pending: map[int64]struct{}{}}
	p.track(7)
	p.track(8)
	p.track(9)
	p.untrack(7)
	p.untrack(9)
	if got := p.confirmOffset(); got != 8 {
		t.Errorf("confirmOffset = %d, want 8 (update 8 is unfinished)", got)
	}
	p.untrack(8)
	if got := p.confirmOffset(); got != 10 {
		t.Errorf("confirmOffset = %d, want 10", got)
	}
}

func TestTokenIsScrubbedFromErrorsAndLogs(t *testing.T) {
	// An endpoint nobody listens on: transport errors quote the URL.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := "http://" + ln.Addr().String() + "/bot%s/%s"
	ln.Close()
	logs := &syncBuffer{}
	a, err := New(&recorder{}, Options{Token: testToken, APIEndpoint: dead, Clock: newAutoClock(),
		Logger: slog.New(slog.NewTextHandler(logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	err = a.Run(context.Background())
	if err == nil {
		t.Fatal("Run succeeded against a dead endpoint")
	}
	if strings.Contains(err.Error(), testToken) || strings.Contains(logs.String(), testToken) {
		t.Errorf("token leaked:\nerr: %v\nlogs: %s", err, logs)
	}
	if !strings.Contains(err.Error(), "<token>") {
		t.Errorf("error %q does not show where the token was scrubbed", err)
	}
	if err := a.Post(context.Background(), "5", docOf("hi")); err == nil || strings.Contains(err.Error(), testToken) {
		t.Errorf("Post error: %v", err)
	}

	// API errors that echo the URL, and failures at every step, are
	// scrubbed too (start's cleanup checks the logs).
	f := newFakeAPI(t, newAutoClock())
	f.failMethods["setMyCommands"] = true
	f.failMethods["deleteWebhook"] = true
	run := start(t, f, &recorder{}, nil)
	f.push(1, msgJSON(1, testChatPriv, "private", 1, "still answers", ""))
	f.waitSent(1)
	if err := run.stop(); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(run.logs.String(), "setMyCommands failed") || !strings.Contains(run.logs.String(), "<token>") {
		t.Errorf("expected scrubbed failures in the logs:\n%s", run.logs)
	}
}

func TestRefusedTokenStopsRun(t *testing.T) {
	f := newFakeAPI(t, newAutoClock())
	a, err := New(&recorder{}, Options{Token: "999:wrong-token", APIEndpoint: f.endpoint(), Clock: f.clock})
	if err != nil {
		t.Fatal(err)
	}
	err = a.Run(context.Background())
	if err == nil || strings.Contains(err.Error(), "wrong-token") {
		t.Fatalf("Run = %v", err)
	}
}

func TestHugeMessageGetsThePoliteRefusal(t *testing.T) {
	f := newFakeAPI(t, newAutoClock())
	core := bot.New(&knowledge.KB{}, bot.Options{MaxMessageLength: 2000})
	start(t, f, core, nil)
	f.push(1, msgJSON(1, testChatPriv, "private", 4, strings.Repeat("why & how? ", 20000), ""))
	sent := f.waitSent(1)
	if sent[0].params.Get("reply_to_message_id") != "4" || len16(sent[0].text()) > maxMessageLen {
		t.Errorf("refusal params %v", sent[0].params)
	}
}

func TestPostAndAdminCheck(t *testing.T) {
	f := newFakeAPI(t, newAutoClock())
	f.members["-100123/5"] = "administrator"
	f.members["-100123/6"] = "creator"
	a, err := New(&recorder{}, Options{Token: testToken, APIEndpoint: f.endpoint(), Clock: f.clock})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := a.Post(ctx, "-100123", docOf("Daily <digest> & more")); err != nil {
		t.Fatal(err)
	}
	sent := f.waitSent(1)
	if p := sent[0].params; p.Get("chat_id") != "-100123" || p.Get("text") != "Daily &lt;digest&gt; &amp; more" || p.Get("reply_to_message_id") != "" {
		t.Errorf("Post sent %v", p)
	}
	for _, tc := range []struct {
		chat, user string
		want       bool
	}{
		{"777", "777", true}, // private chat
		{"-100123", "5", true},
		{"-100123", "6", true},
		{"-100123", "7", false},
	} {
		got, err := a.IsChatAdmin(ctx, tc.chat, tc.user)
		if err != nil || got != tc.want {
			t.Errorf("IsChatAdmin(%s, %s) = %v, %v; want %v", tc.chat, tc.user, got, err, tc.want)
		}
	}
	f.mu.Lock()
	calls := f.countCalls("getChatMember")
	f.mu.Unlock()
	if calls != 3 {
		t.Errorf("getChatMember called %d times, want 3 (none for the private chat)", calls)
	}
}

func TestEndpointPattern(t *testing.T) {
	for in, want := range map[string]string{
		"":                       DefaultAPIEndpoint,
		"http://127.0.0.1:8081":  "http://127.0.0.1:8081/bot%s/%s",
		"http://127.0.0.1:8081/": "http://127.0.0.1:8081/bot%s/%s",
		"http://h/bot%s/%s":      "http://h/bot%s/%s",
	} {
		if got, err := endpointPattern(in); err != nil || got != want {
			t.Errorf("endpointPattern(%q) = %q, %v", in, got, err)
		}
	}
	for _, bad := range []string{"http://h/%s", "http://h/%d/%s", "http://h/%s/%s/%s"} {
		if _, err := endpointPattern(bad); err == nil {
			t.Errorf("endpointPattern(%q) accepted", bad)
		}
	}
}

func spanLink(text, url string) markup.Span { return markup.Span{Text: text, URL: url} }

func docOf(s string) markup.Doc {
	var d markup.Doc
	d.Para(markup.T(s))
	return d
}

// frozenClock never moves: a reply that must wait for pacing waits until
// shutdown cuts it off, which makes "a burst longer than the grace"
// deterministic.
type frozenClock struct{ now time.Time }

func (c frozenClock) Now() time.Time { return c.now }
func (c frozenClock) After(d time.Duration) <-chan time.Time {
	ch := make(chan time.Time, 1)
	if d <= 0 {
		ch <- c.now
	}
	return ch
}

// Twenty-five people ask in one group and the bot is stopped while most
// replies still wait for pacing. What was not answered within the grace is
// neither confirmed nor remembered as seen, so after the restart it comes
// again and is answered; nothing is answered twice.
func TestShutdownBurstLongerThanGraceLosesNothing(t *testing.T) {
	const n = 25
	f := newFakeAPI(t, frozenClock{now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)})
	seen := dedupe.NewMemory(24 * time.Hour) // the shared store, across the restart
	run := start(t, f, &recorder{}, func(o *Options) {
		o.Dedupe = seen
		o.ShutdownGrace = 50 * time.Millisecond
	})
	for i := range n {
		id := int64(i + 1)
		f.push(id, msgJSON(id, testGroupID, "group", 100+id, fmt.Sprintf("/q%d", i), ""))
	}
	f.waitSent(1) // the rest wait for the group's pacing
	if err := run.stop(); err != nil {
		t.Fatal(err)
	}
	before := len(f.snapshotSent())
	if before >= n {
		t.Fatalf("all %d answered before shutdown; the test needs a backlog", before)
	}
	f.mu.Lock()
	confirmed := f.offsets[len(f.offsets)-1]
	f.mu.Unlock()
	if confirmed != int64(before)+1 {
		t.Errorf("confirmed offset %d after %d replies: abandoned updates were confirmed", confirmed, before)
	}

	// The restart, paced by a clock that moves, answers the rest once.
	f.mu.Lock()
	f.clock = newAutoClock()
	f.mu.Unlock()
	run2 := start(t, f, &recorder{}, func(o *Options) { o.Dedupe = seen })
	f.waitSent(n)
	if err := run2.stop(); err != nil { // a duplicate would be sent before this returns
		t.Fatal(err)
	}
	sent := f.snapshotSent()
	count := map[string]int{}
	for _, s := range sent {
		count[s.text()]++
	}
	for i := range n {
		if c := count[fmt.Sprintf("echo: /q%d", i)]; c != 1 {
			t.Errorf("question %d answered %d times", i, c)
		}
	}
	if len(sent) != n {
		t.Errorf("%d replies for %d questions", len(sent), n)
	}
}

// A digest's send has a deadline (half its lease). A retry_after longer
// than that comes back as an error carrying the wait, for the scheduler
// to store, instead of being waited out here until the deadline.
func TestPostReturnsALongRetryAfterToTheCaller(t *testing.T) {
	f := newFakeAPI(t, newAutoClock())
	f.sendHook = func(n int, v url.Values) (int, string, bool) {
		return 429, `{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 90","parameters":{"retry_after":90}}`, true
	}
	run := start(t, f, &recorder{}, nil)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var doc markup.Doc
	doc.Para(markup.T("digest"))
	err := run.a.Post(ctx, "-100555", doc)
	var ra interface{ RetryAfter() time.Duration }
	if !errors.As(err, &ra) || ra.RetryAfter() != 90*time.Second {
		t.Fatalf("Post: %v, want an error with RetryAfter 90s", err)
	}
	f.mu.Lock()
	calls := f.countCalls("sendMessage")
	f.mu.Unlock()
	if calls != 1 {
		t.Errorf("%d sendMessage calls; the wait belongs to the caller", calls)
	}
}

// countingSet counts dedupe lookups.
type countingSet struct {
	dedupe.Set
	mu sync.Mutex
	n  map[string]int
}

func (c *countingSet) First(ctx context.Context, key string) (bool, error) {
	c.mu.Lock()
	c.n[key]++
	c.mu.Unlock()
	return c.Set.First(ctx, key)
}

// While one update waits (here, for pacing that never comes), the updates
// after it come back with every fetch, since the offset stays below the
// waiting one. They are answered once and then skipped without another
// dedupe lookup; a poller that looked them up again would spin.
func TestUpdatesAfterAWaitingOneAreNotRelookedUp(t *testing.T) {
	f := newFakeAPI(t, frozenClock{now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)})
	seen := &countingSet{Set: dedupe.NewMemory(time.Hour), n: map[string]int{}}
	run := start(t, f, &recorder{}, func(o *Options) {
		o.Dedupe = seen
		o.ShutdownGrace = 50 * time.Millisecond
	})
	// Two messages in one chat: the second waits a second that never passes.
	f.push(1, msgJSON(1, testChatPriv, "private", 1, "first", ""))
	f.push(2, msgJSON(2, testChatPriv, "private", 2, "second", ""))
	f.waitSent(1)
	for i := int64(3); i <= 6; i++ { // other chats, answered at once
		f.push(i, msgJSON(i, testChatPriv+i, "private", i, "other", ""))
	}
	f.waitSent(5)
	// Let the poller fetch a few more times while update 2 still waits.
	f.mu.Lock()
	fetches := f.countCalls("getUpdates")
	f.mu.Unlock()
	f.waitFor("two more fetches", func() bool { return f.countCalls("getUpdates") >= fetches+2 })
	if err := run.stop(); err != nil {
		t.Fatal(err)
	}
	seen.mu.Lock()
	defer seen.mu.Unlock()
	for key, n := range seen.n {
		if n != 1 {
			t.Errorf("%s looked up %d times", key, n)
		}
	}
}
