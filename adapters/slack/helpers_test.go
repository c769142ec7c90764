package slack

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"

	"github.com/reportbot/reportbot/bot"
	"github.com/reportbot/reportbot/bot/markup"
)

const (
	testBotUser = "UBOT"
	testBotID   = "BBOT"
	testSecret  = "test-signing-secret"
)

// post is one message the fake Web API received.
type post struct {
	Channel  string
	ThreadTS string
	Text     string
	Blocks   string // raw JSON
	Via      string // "chat.postMessage" or "response_url"
}

// fakeAPI is a recording fake of the Slack Web API endpoints the adapter
// uses. Posts arrive on a channel so tests wait for events, not time.
type fakeAPI struct {
	*httptest.Server
	posts chan post

	mu        sync.Mutex
	calls     map[string]int
	users     map[string]string // user ID → users.info "user" JSON object
	rateLimit int               // answer this many chat.postMessage calls with 429
}

func newFakeAPI(t *testing.T) *fakeAPI {
	t.Helper()
	f := &fakeAPI{posts: make(chan post, 100), calls: map[string]int{}, users: map[string]string{}}
	mux := http.NewServeMux()
	mux.HandleFunc("/auth.test", func(w http.ResponseWriter, r *http.Request) {
		f.count("auth.test")
		fmt.Fprintf(w, `{"ok":true,"user_id":%q,"bot_id":%q,"team_id":"T1"}`, testBotUser, testBotID)
	})
	mux.HandleFunc("/users.info", func(w http.ResponseWriter, r *http.Request) {
		f.count("users.info")
		_ = r.ParseForm()
		f.mu.Lock()
		u, ok := f.users[r.Form.Get("user")]
		f.mu.Unlock()
		if !ok {
			u = fmt.Sprintf(`{"id":%q,"name":"user-%s"}`, r.Form.Get("user"), strings.ToLower(r.Form.Get("user")))
		}
		fmt.Fprintf(w, `{"ok":true,"user":%s}`, u)
	})
	mux.HandleFunc("/conversations.info", func(w http.ResponseWriter, r *http.Request) {
		f.count("conversations.info")
		_ = r.ParseForm()
		id := r.Form.Get("channel")
		if strings.HasPrefix(id, "D") {
			fmt.Fprintf(w, `{"ok":true,"channel":{"id":%q,"is_im":true,"user":"U_DM_OWNER"}}`, id)
			return
		}
		fmt.Fprintf(w, `{"ok":true,"channel":{"id":%q,"is_channel":true}}`, id)
	})
	mux.HandleFunc("/chat.postMessage", func(w http.ResponseWriter, r *http.Request) {
		f.count("chat.postMessage")
		f.mu.Lock()
		limited := f.rateLimit > 0
		if limited {
			f.rateLimit--
		}
		f.mu.Unlock()
		if limited {
			w.Header().Set("Retry-After", "7")
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		_ = r.ParseForm()
		f.posts <- post{Channel: r.Form.Get("channel"), ThreadTS: r.Form.Get("thread_ts"),
			Text: r.Form.Get("text"), Blocks: r.Form.Get("blocks"), Via: "chat.postMessage"}
		fmt.Fprintf(w, `{"ok":true,"channel":%q,"ts":"1.0"}`, r.Form.Get("channel"))
	})
	mux.HandleFunc("/response/", func(w http.ResponseWriter, r *http.Request) {
		f.count("response_url")
		var m struct {
			Text         string          `json:"text"`
			Blocks       json.RawMessage `json:"blocks"`
			ResponseType string          `json:"response_type"`
		}
		if err := json.NewDecoder(r.Body).Decode(&m); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		f.posts <- post{Channel: strings.TrimPrefix(r.URL.Path, "/response/"), Text: m.Text, Blocks: string(m.Blocks), Via: "response_url"}
	})
	f.Server = httptest.NewServer(mux)
	t.Cleanup(f.Close)
	return f
}

func (f *fakeAPI) count(name string) {
	f.mu.Lock()
	f.calls[name]++
	f.mu.Unlock()
}

func (f *fakeAPI) callCount(name string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls[name]
}

// next waits for the next post; the deadline only turns a hang into a failure.
func (f *fakeAPI) next(t *testing.T) post {
	t.Helper()
	select {
	case p := <-f.posts:
		return p
	case <-time.After(20 * time.Second):
		t.Fatal("no message was posted")
		return post{}
	}
}

// echo is a fake core: it answers addressed messages with their text and
// stays quiet otherwise, as the real core's etiquette does.
type echo struct {
	mu   sync.Mutex
	seen []bot.Message
}

func (e *echo) Handle(_ context.Context, m bot.Message) (bot.Reply, bool) {
	e.mu.Lock()
	e.seen = append(e.seen, m)
	e.mu.Unlock()
	if !m.Addressed() {
		return bot.Reply{}, false
	}
	var d markup.Doc
	d.Para(markup.T("echo: " + m.Text))
	return bot.Reply{Doc: d}, true
}

func (e *echo) messages() []bot.Message {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]bot.Message(nil), e.seen...)
}

// fakeClock advances only when slept on, recording each sleep.
type fakeClock struct {
	mu     sync.Mutex
	now    time.Time
	sleeps []time.Duration
}

func newFakeClock() *fakeClock { return &fakeClock{now: time.Unix(1_700_000_000, 0)} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sleeps = append(c.sleeps, d)
	c.now = c.now.Add(d)
	return ctx.Err()
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

func (c *fakeClock) slept() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Duration(nil), c.sleeps...)
}

// sign sets Slack's signature headers on r: v0= plus the hex HMAC-SHA256 of
// "v0:<ts>:<body>".
func sign(r *http.Request, secret string, ts time.Time, body []byte) {
	stamp := strconv.FormatInt(ts.Unix(), 10)
	mac := hmac.New(sha256.New, []byte(secret))
	fmt.Fprintf(mac, "v0:%s:%s", stamp, body)
	r.Header.Set("X-Slack-Request-Timestamp", stamp)
	r.Header.Set("X-Slack-Signature", "v0="+hex.EncodeToString(mac.Sum(nil)))
}

// mentionEvent is an Events API body: the bot mentioned in a channel.
func mentionEvent(eventID, channel, ts, text string) []byte {
	return []byte(fmt.Sprintf(`{"type":"event_callback","team_id":"T1","api_app_id":"A1","event_id":%q,"event_time":1700000000,
"event":{"type":"app_mention","user":"U1","text":%q,"ts":%q,"channel":%q,"event_ts":%q}}`,
		eventID, "<@"+testBotUser+"> "+text, ts, channel, ts))
}

// messageEvent is an Events API body for a message event; extra is spliced
// into the inner event (e.g. `,"subtype":"message_changed"`).
func messageEvent(eventID, channel, channelType, ts, text, extra string) []byte {
	return []byte(fmt.Sprintf(`{"type":"event_callback","team_id":"T1","event_id":%q,
"event":{"type":"message","user":"U1","text":%q,"ts":%q,"channel":%q,"channel_type":%q%s}}`,
		eventID, text, ts, channel, channelType, extra))
}

// blocksText pulls the section texts out of posted blocks JSON.
func blocksText(t *testing.T, raw string) []string {
	t.Helper()
	var blocks []struct {
		Type string `json:"type"`
		Text struct {
			Type string `json:"type"`
			Text string `json:"text"`
		} `json:"text"`
	}
	if err := json.Unmarshal([]byte(raw), &blocks); err != nil {
		t.Fatalf("blocks %q: %v", raw, err)
	}
	var out []string
	for _, b := range blocks {
		if b.Type != "section" || b.Text.Type != "mrkdwn" {
			t.Fatalf("unexpected block %+v", b)
		}
		out = append(out, b.Text.Text)
	}
	return out
}

// counter reads the "slack" series of a shared counter.
func counter(t *testing.T, c *prometheus.CounterVec) float64 {
	t.Helper()
	var m dto.Metric
	if err := c.WithLabelValues("slack").Write(&m); err != nil {
		t.Fatal(err)
	}
	return m.GetCounter().GetValue()
}
