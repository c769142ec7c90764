package slack

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/reportbot/reportbot/bot"
	"github.com/reportbot/reportbot/internal/metrics"
)

type httpRig struct {
	a    *Adapter
	api  *fakeAPI
	srv  *httptest.Server
	core *echo
}

func newHTTPRig(t *testing.T, mod func(*Options)) *httpRig {
	t.Helper()
	r := &httpRig{api: newFakeAPI(t), core: &echo{}}
	opt := Options{BotToken: "xoxb-test", SigningSecret: testSecret, Mode: ModeHTTP, Listen: "127.0.0.1:0",
		APIURL: r.api.URL + "/", Handler: r.core, Clock: newFakeClock()}
	if mod != nil {
		mod(&opt)
	}
	a, err := New(opt)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	if err := a.identify(ctx); err != nil {
		t.Fatal(err)
	}
	stop := a.startPipeline(ctx)
	r.a = a
	r.srv = httptest.NewServer(a.HTTPHandler())
	t.Cleanup(func() { r.srv.Close(); cancel(); stop() })
	return r
}

// send posts body signed like Slack; edit may change the request first.
func (r *httpRig) send(t *testing.T, body []byte, contentType string, edit func(*http.Request)) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, r.srv.URL, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", contentType)
	sign(req, testSecret, time.Now(), body)
	if edit != nil {
		edit(req)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func (r *httpRig) event(t *testing.T, body []byte, edit func(*http.Request)) int {
	t.Helper()
	code, _ := r.send(t, body, "application/json", edit)
	return code
}

func TestHTTPMentionIsAnsweredInItsThread(t *testing.T) {
	r := newHTTPRig(t, nil)
	if code := r.event(t, mentionEvent("Ev1", "C1", "1700000000.000100", "who presided?"), nil); code != http.StatusOK {
		t.Fatalf("status %d", code)
	}
	p := r.api.next(t)
	if p.Channel != "C1" || p.ThreadTS != "1700000000.000100" || p.Via != "chat.postMessage" {
		t.Fatalf("posted %+v; want a reply in C1's thread 1700000000.000100", p)
	}
	if got := blocksText(t, p.Blocks); len(got) != 1 || got[0] != "echo: who presided?" {
		t.Fatalf("blocks %q", got)
	}
	if p.Text != "echo: who presided?" {
		t.Fatalf("fallback text %q", p.Text)
	}
	m := r.core.messages()[0]
	if !m.Mentioned || m.ChatKind != bot.Group || m.Text != "who presided?" || m.UserID != "U1" || m.UserName != "user-u1" || m.Platform != "slack" {
		t.Fatalf("core got %+v", m)
	}
}

func TestHTTPReplyGoesToTheExistingThread(t *testing.T) {
	r := newHTTPRig(t, nil)
	body := []byte(`{"type":"event_callback","event_id":"Ev1","event":{"type":"app_mention","user":"U1","text":"<@UBOT> help",
"ts":"1700000002.000200","thread_ts":"1700000001.000100","channel":"C1"}}`)
	r.event(t, body, nil)
	if p := r.api.next(t); p.ThreadTS != "1700000001.000100" {
		t.Fatalf("thread_ts %q; want the thread's root", p.ThreadTS)
	}
}

func TestHTTPDirectMessageIsAnsweredWithoutThread(t *testing.T) {
	r := newHTTPRig(t, nil)
	r.event(t, messageEvent("Ev1", "D1", "im", "1700000000.000100", "when was it?", ""), nil)
	p := r.api.next(t)
	if p.Channel != "D1" || p.ThreadTS != "" {
		t.Fatalf("posted %+v; want a flat reply in D1", p)
	}
	if m := r.core.messages()[0]; m.ChatKind != bot.Private || m.Text != "when was it?" {
		t.Fatalf("core got %+v", m)
	}
}

func TestHTTPRetriedEventIsAnsweredOnce(t *testing.T) {
	r := newHTTPRig(t, nil)
	before := counter(t, metrics.Duplicates)
	first := mentionEvent("EvSame", "C1", "1700000000.000100", "help")
	r.event(t, first, nil)
	if p := r.api.next(t); p.ThreadTS != "1700000000.000100" {
		t.Fatalf("first answer %+v", p)
	}
	for _, n := range []string{"1", "2"} {
		code := r.event(t, first, func(req *http.Request) {
			req.Header.Set("X-Slack-Retry-Num", n)
			req.Header.Set("X-Slack-Retry-Reason", "http_timeout")
		})
		if code != http.StatusOK {
			t.Fatalf("retry %s: status %d; Slack must get 200 or it retries again", n, code)
		}
	}
	// Deliveries to one channel are answered in order, so if a retry had
	// got through, its answer would come before this one.
	r.event(t, mentionEvent("EvNext", "C1", "1700000009.000900", "help"), nil)
	if p := r.api.next(t); p.ThreadTS != "1700000009.000900" {
		t.Fatalf("after retries got %+v; want only the next event's answer", p)
	}
	if n := len(r.core.messages()); n != 2 {
		t.Fatalf("core asked %d times; want 2", n)
	}
	if d := counter(t, metrics.Duplicates) - before; d != 2 {
		t.Fatalf("duplicates counted %v; want 2", d)
	}
}

func TestHTTPRejectsBeforeProcessing(t *testing.T) {
	r := newHTTPRig(t, nil)
	good := mentionEvent("EvBad", "C1", "1700000000.000100", "help")
	cases := []struct {
		name string
		body []byte
		edit func(*http.Request)
		want int
	}{
		{"bad signature", good, func(req *http.Request) {
			sign(req, "some-other-secret", time.Now(), good)
		}, http.StatusUnauthorized},
		{"signature of another body", good, func(req *http.Request) {
			sign(req, testSecret, time.Now(), []byte(`{"type":"event_callback"}`))
		}, http.StatusUnauthorized},
		{"stale timestamp", good, func(req *http.Request) {
			sign(req, testSecret, time.Now().Add(-6*time.Minute), good)
		}, http.StatusUnauthorized},
		{"future timestamp", good, func(req *http.Request) {
			sign(req, testSecret, time.Now().Add(6*time.Minute), good)
		}, http.StatusUnauthorized},
		{"no signature", good, func(req *http.Request) {
			req.Header.Del("X-Slack-Signature")
		}, http.StatusUnauthorized},
		{"not v0", good, func(req *http.Request) {
			req.Header.Set("X-Slack-Signature", "v1="+strings.Repeat("0", 64))
		}, http.StatusUnauthorized},
		{"truncated JSON", []byte(`{"type":"event_callback","event_id":"EvBad","event":{`), nil, http.StatusBadRequest},
		{"not JSON", []byte(`hello`), nil, http.StatusBadRequest},
		{"JSON array", []byte(`[1,2]`), nil, http.StatusBadRequest},
		{"no type", []byte(`{"event_id":"EvBad"}`), nil, http.StatusBadRequest},
		{"callback without event", []byte(`{"type":"event_callback","event_id":"EvBad"}`), nil, http.StatusBadRequest},
		{"callback without event_id", []byte(`{"type":"event_callback","event":{"type":"app_mention","user":"U1","text":"<@UBOT> hi","ts":"1.1","channel":"C1"}}`), nil, http.StatusBadRequest},
		{"event is a string", []byte(`{"type":"event_callback","event_id":"EvBad","event":"app_mention"}`), nil, http.StatusBadRequest},
		{"mention with wrong field types", []byte(`{"type":"event_callback","event_id":"EvBad","event":{"type":"app_mention","user":7,"text":"<@UBOT> hi","ts":"1.1","channel":"C1"}}`), nil, http.StatusBadRequest},
		{"challenge missing", []byte(`{"type":"url_verification"}`), nil, http.StatusBadRequest},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if code := r.event(t, c.body, c.edit); code != c.want {
				t.Fatalf("status %d; want %d", code, c.want)
			}
		})
	}
	if code := r.event(t, good, func(req *http.Request) {}); code != http.StatusOK {
		t.Fatalf("the same event, properly signed: status %d", code)
	}
	if p := r.api.next(t); p.ThreadTS != "1700000000.000100" {
		t.Fatalf("posted %+v", p)
	}
	if n := len(r.core.messages()); n != 1 {
		t.Fatalf("core asked %d times; rejected requests must never reach it", n)
	}
}

func TestHTTPWrongMethodAndHugeBody(t *testing.T) {
	r := newHTTPRig(t, nil)
	resp, err := http.Get(r.srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Fatalf("GET: %d", resp.StatusCode)
	}
	huge := bytes.Repeat([]byte("a"), maxBody+1)
	if code := r.event(t, huge, nil); code != http.StatusRequestEntityTooLarge {
		t.Fatalf("huge body: %d", code)
	}
}

func TestHTTPURLVerification(t *testing.T) {
	r := newHTTPRig(t, nil)
	code, body := r.send(t, []byte(`{"token":"x","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}`), "application/json", nil)
	var got struct{ Challenge string }
	if code != http.StatusOK || json.Unmarshal([]byte(body), &got) != nil || got.Challenge != "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" {
		t.Fatalf("status %d body %q", code, body)
	}
	code, _ = r.send(t, []byte(`{"challenge":"abc","type":"url_verification"}`), "application/json", func(req *http.Request) {
		req.Header.Set("X-Slack-Signature", "v0="+strings.Repeat("ab", 32))
	})
	if code != http.StatusUnauthorized {
		t.Fatalf("unsigned challenge answered: %d", code)
	}
}

func TestHTTPIgnoresBotsEditsJoinsAndCoveredMentions(t *testing.T) {
	r := newHTTPRig(t, nil)
	ignored := [][]byte{
		messageEvent("Ev1", "C1", "channel", "1.1", "hello", `,"bot_id":"B9"`),
		[]byte(`{"type":"event_callback","event_id":"Ev2","event":{"type":"message","user":"UBOT","text":"an answer","ts":"1.2","channel":"C1","channel_type":"channel"}}`),
		messageEvent("Ev3", "C1", "channel", "1.3", "", `,"subtype":"message_changed","message":{"type":"message","user":"U1","text":"<@UBOT> edited","ts":"1.0"}`),
		messageEvent("Ev4", "C1", "channel", "1.4", "<@U1> has joined the channel", `,"subtype":"channel_join"`),
		messageEvent("Ev5", "D1", "im", "1.5", "deleted", `,"subtype":"message_deleted"`),
		// A channel mention also arrives as app_mention; answering both would double the reply.
		messageEvent("Ev6", "C1", "channel", "1.6", "<@UBOT> who spoke?", ``),
		// A mention in a DM arrives as message.im as well.
		[]byte(`{"type":"event_callback","event_id":"Ev7","event":{"type":"app_mention","user":"U1","text":"<@UBOT> hi","ts":"1.7","channel":"D1"}}`),
		[]byte(`{"type":"event_callback","event_id":"Ev8","event":{"type":"app_mention","user":"U2","bot_id":"B2","text":"<@UBOT> hi","ts":"1.8","channel":"C1"}}`),
		[]byte(`{"type":"event_callback","event_id":"Ev9","event":{"type":"reaction_added","user":"U1","reaction":"thumbsup"}}`),
		[]byte(`{"type":"app_rate_limited","minute_rate_limited":1518467820}`),
	}
	for i, body := range ignored {
		if code := r.event(t, body, nil); code != http.StatusOK {
			t.Fatalf("event %d: status %d; ignored events are still acknowledged", i, code)
		}
	}
	// Plain channel chatter reaches the core, which stays quiet (ok=false).
	r.event(t, messageEvent("Ev10", "C1", "channel", "1.10", "lunch anyone?", ""), nil)
	r.event(t, mentionEvent("Ev11", "C1", "1.11", "help"), nil)
	if p := r.api.next(t); p.ThreadTS != "1.11" {
		t.Fatalf("posted %+v; want only the answer to the mention", p)
	}
	seen := r.core.messages()
	if len(seen) != 2 || seen[0].Text != "lunch anyone?" || seen[0].Mentioned || seen[1].Text != "help" {
		t.Fatalf("core saw %+v", seen)
	}
}

func TestHTTPReplyToTheBotsThreadIsAddressed(t *testing.T) {
	r := newHTTPRig(t, nil)
	r.event(t, messageEvent("Ev1", "C1", "channel", "1.2", "and who else?", `,"thread_ts":"1.0","parent_user_id":"UBOT"`), nil)
	p := r.api.next(t)
	if p.ThreadTS != "1.0" {
		t.Fatalf("posted %+v", p)
	}
	if m := r.core.messages()[0]; !m.ReplyToBot || m.Mentioned {
		t.Fatalf("core got %+v", m)
	}
}

func TestHTTPSlashCommandWithPrefix(t *testing.T) {
	r := newHTTPRig(t, func(o *Options) { o.CommandPrefix = "/report-" })
	form := url.Values{
		"command": {"/report-who"}, "text": {"Ada &amp; Bob"}, "channel_id": {"C5"}, "channel_name": {"general"},
		"user_id": {"U7"}, "user_name": {"ann"}, "trigger_id": {"13345224609.738474920.8088930838d88f008e0"},
		"response_url": {r.api.URL + "/response/C5"}, "team_id": {"T1"},
	}
	code, body := r.send(t, []byte(form.Encode()), "application/x-www-form-urlencoded", nil)
	if code != http.StatusOK || body != "" {
		t.Fatalf("status %d body %q; want an empty 200 ack", code, body)
	}
	p := r.api.next(t)
	if p.Via != "response_url" || p.Channel != "C5" {
		t.Fatalf("posted %+v; want the answer through response_url", p)
	}
	if got := blocksText(t, p.Blocks); got[0] != "echo: /who Ada &amp; Bob" {
		t.Fatalf("blocks %q", got)
	}
	m := r.core.messages()[0]
	if m.Text != "/who Ada & Bob" || !m.Mentioned || m.UserName != "ann" || m.ChatKind != bot.Group {
		t.Fatalf("core got %+v", m)
	}
	// The same invocation delivered twice is answered once.
	r.send(t, []byte(form.Encode()), "application/x-www-form-urlencoded", nil)
	form.Set("trigger_id", "another")
	form.Set("command", "/report-speakers")
	form.Set("text", "")
	r.send(t, []byte(form.Encode()), "application/x-www-form-urlencoded", nil)
	if p := r.api.next(t); !strings.Contains(p.Text, "/speakers") {
		t.Fatalf("posted %+v; want the /speakers answer next", p)
	}
	for _, bad := range []string{"command=nocommand&channel_id=C1&user_id=U1", "command=%2Fwho&user_id=U1", "%zz"} {
		if code, _ := r.send(t, []byte(bad), "application/x-www-form-urlencoded", nil); code != http.StatusBadRequest {
			t.Fatalf("%q: status %d", bad, code)
		}
	}
}

func TestHTTPChannelOrderAndUserCache(t *testing.T) {
	r := newHTTPRig(t, nil)
	want := []string{"2.1", "2.2", "2.3", "2.4", "2.5"}
	for i, ts := range want {
		r.event(t, mentionEvent("EvOrder"+ts, "C1", ts, "question "+string(rune('a'+i))), nil)
	}
	for _, ts := range want {
		if p := r.api.next(t); p.ThreadTS != ts {
			t.Fatalf("answer for %s arrived out of order (got thread %s)", ts, p.ThreadTS)
		}
	}
	if n := r.api.callCount("users.info"); n != 1 {
		t.Fatalf("users.info called %d times for one user; want 1 (cached)", n)
	}
}
