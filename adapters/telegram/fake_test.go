package telegram

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/reportbot/reportbot/bot"
	"github.com/reportbot/reportbot/bot/markup"
)

const (
	testToken    = "123456:SECRET-test-token-do-not-log"
	testBotID    = 4242
	testBotName  = "ReportTestBot"
	testUserID   = 777
	hangGuard    = 10 * time.Second // only stops a broken test from hanging
	testGroupID  = -100123
	testSecret   = "s3cret_webhook-token"
	testChatPriv = 777
)

// fakeAPI is a small Bot API server speaking Telegram's JSON, with the
// parts the emulator lacks: groups, 429s, the 4096 limit and offsets that
// behave like Telegram's (updates below the offset are forgotten).
type fakeAPI struct {
	t     *testing.T
	srv   *httptest.Server
	clock Clock

	mu       sync.Mutex
	changed  chan struct{} // closed and replaced on every change
	queue    []fakeUpdate
	sent     []sentMsg
	calls    []string
	offsets  []int64 // offsets of getUpdates calls, in order
	commands string
	webhook  url.Values
	members  map[string]string // "chat/user" → status
	// sendHook, when set, may answer a sendMessage instead of the fake.
	sendHook func(n int, v url.Values) (status int, body string, handled bool)
	// failMethods answers these methods with a 500 whose description
	// echoes the request URL (which holds the token).
	failMethods map[string]bool
	// emptyAtOnce makes getUpdates ignore the timeout, as the emulator does.
	emptyAtOnce bool
}

type fakeUpdate struct {
	id  int64
	raw string
}

type sentMsg struct {
	at     time.Time
	params url.Values
}

func (s sentMsg) text() string { return s.params.Get("text") }

func newFakeAPI(t *testing.T, clock Clock) *fakeAPI {
	f := &fakeAPI{t: t, clock: clock, changed: make(chan struct{}), members: map[string]string{}, failMethods: map[string]bool{}}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeAPI) endpoint() string { return f.srv.URL + "/bot%s/%s" }

// notify wakes everyone waiting for a change; call with mu held.
func (f *fakeAPI) notify() {
	close(f.changed)
	f.changed = make(chan struct{})
}

func (f *fakeAPI) push(id int64, raw string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.queue = append(f.queue, fakeUpdate{id, raw})
	f.notify()
}

func reply(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	fmt.Fprint(w, body)
}

func (f *fakeAPI) serve(w http.ResponseWriter, r *http.Request) {
	prefix := "/bot" + testToken + "/"
	if !strings.HasPrefix(r.URL.Path, prefix) {
		reply(w, 401, `{"ok":false,"error_code":401,"description":"Unauthorized"}`)
		return
	}
	method := strings.TrimPrefix(r.URL.Path, prefix)
	if err := r.ParseForm(); err != nil {
		reply(w, 400, `{"ok":false,"error_code":400,"description":"Bad Request: bad form"}`)
		return
	}
	f.mu.Lock()
	f.calls = append(f.calls, method)
	fail := f.failMethods[method]
	f.notify()
	f.mu.Unlock()
	if fail {
		desc, _ := json.Marshal("Internal Server Error at " + r.URL.String())
		reply(w, 500, `{"ok":false,"error_code":500,"description":`+string(desc)+`}`)
		return
	}
	switch method {
	case "getMe":
		reply(w, 200, fmt.Sprintf(`{"ok":true,"result":{"id":%d,"is_bot":true,"first_name":"Report","username":%q}}`, testBotID, testBotName))
	case "setMyCommands":
		f.mu.Lock()
		f.commands = r.Form.Get("commands")
		f.mu.Unlock()
		reply(w, 200, `{"ok":true,"result":true}`)
	case "deleteWebhook":
		reply(w, 200, `{"ok":true,"result":true}`)
	case "setWebhook":
		f.mu.Lock()
		f.webhook = r.Form
		f.mu.Unlock()
		reply(w, 200, `{"ok":true,"result":true}`)
	case "getUpdates":
		f.getUpdates(w, r)
	case "sendMessage":
		f.sendMessage(w, r)
	case "answerCallbackQuery":
		reply(w, 200, `{"ok":true,"result":true}`)
	case "getChatMember":
		f.mu.Lock()
		st := f.members[r.Form.Get("chat_id")+"/"+r.Form.Get("user_id")]
		f.mu.Unlock()
		if st == "" {
			st = "member"
		}
		reply(w, 200, fmt.Sprintf(`{"ok":true,"result":{"status":%q,"user":{"id":1,"is_bot":false,"first_name":"x"}}}`, st))
	default:
		reply(w, 404, `{"ok":false,"error_code":404,"description":"Not Found: method not found"}`)
	}
}

func (f *fakeAPI) getUpdates(w http.ResponseWriter, r *http.Request) {
	offset, _ := strconv.ParseInt(r.Form.Get("offset"), 10, 64)
	timeout := r.Form.Get("timeout")
	f.mu.Lock()
	f.offsets = append(f.offsets, offset)
	for {
		kept := f.queue[:0]
		for _, u := range f.queue {
			if u.id >= offset {
				kept = append(kept, u)
			}
		}
		f.queue = kept
		if len(f.queue) > 0 || timeout == "0" || f.emptyAtOnce {
			break
		}
		ch := f.changed
		f.mu.Unlock()
		select {
		case <-ch:
		case <-r.Context().Done():
			return
		}
		f.mu.Lock()
	}
	parts := make([]string, 0, len(f.queue))
	for _, u := range f.queue {
		parts = append(parts, u.raw)
	}
	f.mu.Unlock()
	reply(w, 200, `{"ok":true,"result":[`+strings.Join(parts, ",")+`]}`)
}

func (f *fakeAPI) sendMessage(w http.ResponseWriter, r *http.Request) {
	text := r.Form.Get("text")
	f.mu.Lock()
	n := len(f.sent)
	hook := f.sendHook
	f.mu.Unlock()
	if hook != nil {
		if status, body, ok := hook(n, r.Form); ok {
			reply(w, status, body)
			return
		}
	}
	if len16(text) > maxMessageLen {
		reply(w, 400, `{"ok":false,"error_code":400,"description":"Bad Request: message is too long"}`)
		return
	}
	if r.Form.Get("parse_mode") == "HTML" {
		if _, err := checkHTML(text); err != nil {
			reply(w, 400, `{"ok":false,"error_code":400,"description":"Bad Request: can't parse entities: `+err.Error()+`"}`)
			return
		}
	}
	f.mu.Lock()
	f.sent = append(f.sent, sentMsg{at: f.clock.Now(), params: r.Form})
	id := 1000 + len(f.sent)
	f.notify()
	f.mu.Unlock()
	reply(w, 200, fmt.Sprintf(`{"ok":true,"result":{"message_id":%d,"date":1,"chat":{"id":%s,"type":"private"},"text":"ok"}}`, id, r.Form.Get("chat_id")))
}

// waitFor blocks until cond holds (checked under the lock) or fails the
// test after hangGuard.
func (f *fakeAPI) waitFor(what string, cond func() bool) {
	f.t.Helper()
	deadline := time.After(hangGuard)
	for {
		f.mu.Lock()
		ok := cond()
		ch := f.changed
		f.mu.Unlock()
		if ok {
			return
		}
		select {
		case <-ch:
		case <-deadline:
			f.t.Fatalf("timed out waiting for %s", what)
		}
	}
}

func (f *fakeAPI) waitSent(n int) []sentMsg {
	f.t.Helper()
	f.waitFor(fmt.Sprintf("%d sent messages", n), func() bool { return len(f.sent) >= n })
	return f.snapshotSent()
}

func (f *fakeAPI) snapshotSent() []sentMsg {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]sentMsg(nil), f.sent...)
}

func (f *fakeAPI) countCalls(method string) int {
	n := 0
	for _, c := range f.calls {
		if c == method {
			n++
		}
	}
	return n
}

// autoClock is a fake clock whose timers fire at once, moving time forward
// by their duration: pacing shows up in the recorded times, and no test
// sleeps.
type autoClock struct {
	mu  sync.Mutex
	now time.Time
}

func newAutoClock() *autoClock {
	return &autoClock{now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
}

func (c *autoClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *autoClock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if d > 0 {
		c.now = c.now.Add(d)
	}
	ch := make(chan time.Time, 1)
	ch <- c.now
	return ch
}

// recorder is a bot.Handler that remembers what it saw and answers with
// a fixed doc (or one built from the message).
type recorder struct {
	mu    sync.Mutex
	seen  []bot.Message
	reply func(m bot.Message) (bot.Reply, bool)
}

func (h *recorder) Handle(ctx context.Context, m bot.Message) (bot.Reply, bool) {
	h.mu.Lock()
	h.seen = append(h.seen, m)
	fn := h.reply
	h.mu.Unlock()
	if fn != nil {
		return fn(m)
	}
	var d markup.Doc
	d.Para(markup.T("echo: " + m.Text))
	return bot.Reply{Doc: d}, true
}

func (h *recorder) messages() []bot.Message {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]bot.Message(nil), h.seen...)
}

// msgJSON builds one update carrying a text message.
func msgJSON(updateID int64, chatID int64, chatType string, msgID int64, text string, extra string) string {
	if extra != "" {
		extra = "," + extra
	}
	return fmt.Sprintf(`{"update_id":%d,"message":{"message_id":%d,"date":1700000000,"from":{"id":%d,"is_bot":false,"first_name":"Ann","username":"ann"},"chat":{"id":%d,"type":%q},"text":%s%s}}`,
		updateID, msgID, testUserID, chatID, chatType, mustJSON(text), extra)
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// checkHTML validates Telegram HTML as the real API would: only known
// tags, balanced, and only the four entities the renderer produces. It
// returns the visible text.
func checkHTML(s string) (string, error) {
	allowed := map[string]bool{"b": true, "i": true, "code": true, "a": true, "blockquote": true}
	var stack []string
	var out strings.Builder
	for i := 0; i < len(s); {
		switch s[i] {
		case '<':
			j := strings.IndexByte(s[i:], '>')
			if j < 0 {
				return "", fmt.Errorf("unclosed tag at %d", i)
			}
			tag := s[i+1 : i+j]
			i += j + 1
			if strings.HasPrefix(tag, "/") {
				name := tag[1:]
				if len(stack) == 0 || stack[len(stack)-1] != name {
					return "", fmt.Errorf("unbalanced </%s>", name)
				}
				stack = stack[:len(stack)-1]
				continue
			}
			name, attrs, _ := strings.Cut(tag, " ")
			if !allowed[name] {
				return "", fmt.Errorf("unsupported tag <%s>", name)
			}
			if name == "a" && !strings.HasPrefix(attrs, `href="`) {
				return "", fmt.Errorf("bad link %q", tag)
			}
			stack = append(stack, name)
		case '>':
			return "", fmt.Errorf("raw > at %d", i)
		case '&':
			j := strings.IndexByte(s[i:], ';')
			if j < 0 {
				return "", fmt.Errorf("unterminated entity at %d", i)
			}
			switch s[i : i+j+1] {
			case "&lt;":
				out.WriteByte('<')
			case "&gt;":
				out.WriteByte('>')
			case "&amp;":
				out.WriteByte('&')
			case "&quot;":
				out.WriteByte('"')
			default:
				return "", fmt.Errorf("unknown entity %q", s[i:i+j+1])
			}
			i += j + 1
		default:
			out.WriteByte(s[i])
			i++
		}
	}
	if len(stack) > 0 {
		return "", fmt.Errorf("unclosed <%s>", stack[len(stack)-1])
	}
	return out.String(), nil
}
