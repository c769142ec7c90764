package slack

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack/slacktest"
	"github.com/slack-go/slack/socketmode"

	"github.com/reportbot/reportbot/bot"
)

// socketRig is slacktest standing in for Slack: the Web API (with our own
// recording chat.postMessage, since slacktest's blocks without a reader)
// and the Socket Mode websocket, into which the test writes envelopes.
type socketRig struct {
	srv   *slacktest.Server
	posts chan post
	acks  chan string
	core  *echo
	done  chan error
}

func newSocketRig(t *testing.T, h bot.Handler) *socketRig {
	t.Helper()
	return newSocketRigWith(t, h, nil)
}

// newSocketRigWith is newSocketRig with options changed by mod.
func newSocketRigWith(t *testing.T, h bot.Handler, mod func(*Options)) *socketRig {
	t.Helper()
	r := &socketRig{posts: make(chan post, 20), acks: make(chan string, 50), core: &echo{}, done: make(chan error, 1)}
	if h == nil {
		h = r.core
	}
	r.srv = slacktest.NewTestServer(func(c slacktest.Customize) {
		c.Handle("/auth.test", func(w http.ResponseWriter, _ *http.Request) {
			fmt.Fprintf(w, `{"ok":true,"user_id":%q,"bot_id":%q}`, testBotUser, testBotID)
		})
		c.Handle("/chat.postMessage", func(w http.ResponseWriter, req *http.Request) {
			_ = req.ParseForm()
			r.posts <- post{Channel: req.Form.Get("channel"), ThreadTS: req.Form.Get("thread_ts"),
				Text: req.Form.Get("text"), Blocks: req.Form.Get("blocks"), Via: "chat.postMessage"}
			fmt.Fprintf(w, `{"ok":true,"channel":%q,"ts":"9.9"}`, req.Form.Get("channel"))
		})
		c.Handle("/response/", func(w http.ResponseWriter, req *http.Request) {
			b, _ := io.ReadAll(req.Body)
			var m struct{ Text string }
			_ = json.Unmarshal(b, &m)
			r.posts <- post{Channel: strings.TrimPrefix(req.URL.Path, "/response/"), Text: m.Text, Via: "response_url"}
		})
	})
	r.srv.Start()

	ctx, cancel := context.WithCancel(context.Background())
	// SeenFeed is unbuffered: drain it for as long as the server lives, or
	// its websocket reader stalls. Everything the client writes is an ack.
	go func() {
		for {
			select {
			case m := <-r.srv.SeenFeed:
				var ack struct {
					EnvelopeID string `json:"envelope_id"`
				}
				if json.Unmarshal([]byte(m), &ack) == nil && ack.EnvelopeID != "" {
					r.acks <- ack.EnvelopeID
				}
			case <-ctx.Done():
				return
			}
		}
	}()

	opt := Options{
		BotToken: "xoxb-test", AppToken: "xapp-test", APIURL: r.srv.GetAPIURL(), Handler: h,
		Clock: newFakeClock(),
		// slacktest never pings; without this the client reconnects after 30 s.
		SocketOptions: []socketmode.Option{socketmode.OptionPingInterval(time.Hour)},
	}
	if mod != nil {
		mod(&opt)
	}
	a, err := New(opt)
	if err != nil {
		t.Fatal(err)
	}
	go func() { r.done <- a.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-r.done; err != nil {
			t.Errorf("Run: %v", err)
		}
		r.srv.Stop()
	})
	r.srv.SendToWebsocket(`{"type":"hello","num_connections":1,"connection_info":{"app_id":"A1"}}`)
	return r
}

// envelope wraps a payload as Socket Mode does.
func envelope(kind, id string, payload []byte, retry int) string {
	return fmt.Sprintf(`{"type":%q,"envelope_id":%q,"payload":%s,"accepts_response_payload":false,"retry_attempt":%d,"retry_reason":%q}`,
		kind, id, payload, retry, map[bool]string{true: "timeout"}[retry > 0])
}

func (r *socketRig) waitAck(t *testing.T, id string) {
	t.Helper()
	for {
		select {
		case got := <-r.acks:
			if got == id {
				return
			}
		case <-time.After(20 * time.Second):
			t.Fatalf("envelope %s was never acknowledged", id)
		}
	}
}

func (r *socketRig) next(t *testing.T) post {
	t.Helper()
	select {
	case p := <-r.posts:
		return p
	case <-time.After(20 * time.Second):
		t.Fatal("no message was posted")
		return post{}
	}
}

func TestSocketModeEventSlashCommandAckAndRedelivery(t *testing.T) {
	r := newSocketRig(t, nil)

	// An app_mention: acknowledged, answered in the thread.
	r.srv.SendToWebsocket(envelope("events_api", "env-1", mentionEvent("EvS1", "C1", "1700000000.000100", "who presided?"), 0))
	r.waitAck(t, "env-1")
	if p := r.next(t); p.Channel != "C1" || p.ThreadTS != "1700000000.000100" || p.Text != "echo: who presided?" {
		t.Fatalf("posted %+v", p)
	}

	// Slack redelivers the same event (new envelope, same event_id) after a
	// reconnect: it is acknowledged again but not answered again.
	r.srv.SendToWebsocket(envelope("events_api", "env-2", mentionEvent("EvS1", "C1", "1700000000.000100", "who presided?"), 1))
	r.waitAck(t, "env-2")

	// A slash command: acknowledged, answered through response_url.
	slash := fmt.Sprintf(`{"token":"x","team_id":"T1","channel_id":"C1","channel_name":"general","user_id":"U2","user_name":"bo",
"command":"/speakers","text":"","response_url":%q,"trigger_id":"trig-1"}`, r.srv.GetAPIURL()+"response/C1")
	r.srv.SendToWebsocket(envelope("slash_commands", "env-3", []byte(slash), 0))
	r.waitAck(t, "env-3")
	if p := r.next(t); p.Via != "response_url" || p.Text != "echo: /speakers" {
		t.Fatalf("posted %+v; want the /speakers answer via response_url", p)
	}

	// Per-channel order: had the redelivery been answered, its answer would
	// have come before this one.
	r.srv.SendToWebsocket(envelope("events_api", "env-4", mentionEvent("EvS2", "C1", "1700000005.000500", "when?"), 0))
	r.waitAck(t, "env-4")
	if p := r.next(t); p.ThreadTS != "1700000005.000500" {
		t.Fatalf("posted %+v; want the answer to EvS2", p)
	}

	seen := r.core.messages()
	if len(seen) != 3 {
		t.Fatalf("core asked %d times; want 3 (event, slash command, event): %+v", len(seen), seen)
	}
	if m := seen[1]; m.Text != "/speakers" || !m.Mentioned || m.ChatKind != bot.Group || m.UserName != "bo" {
		t.Fatalf("slash command reached the core as %+v", m)
	}
}

func TestSocketModeAcksWhatItCannotRead(t *testing.T) {
	r := newSocketRig(t, nil)
	// An inner event type slack-go does not know fails its parser; we still
	// acknowledge it so Slack does not redeliver it forever.
	r.srv.SendToWebsocket(envelope("events_api", "env-odd", []byte(`{"type":"event_callback","event_id":"EvOdd","event":{"type":"no_such_event"}}`), 0))
	r.waitAck(t, "env-odd")
	r.srv.SendToWebsocket(envelope("events_api", "env-ok", mentionEvent("EvOK", "C1", "1.5", "help"), 0))
	r.waitAck(t, "env-ok")
	if p := r.next(t); p.ThreadTS != "1.5" {
		t.Fatalf("posted %+v", p)
	}
}

func TestSocketModeAcksBeforeTheAnswer(t *testing.T) {
	g := &gate{blocked: "C1", entered: make(chan string, 1), release: make(chan struct{})}
	r := newSocketRig(t, g)
	r.srv.SendToWebsocket(envelope("events_api", "env-slow", mentionEvent("EvSlow", "C1", "4.1", "slow one"), 0))
	<-g.entered
	r.waitAck(t, "env-slow") // while the core is still holding the question
	close(g.release)
	if p := r.next(t); p.ThreadTS != "4.1" {
		t.Fatalf("posted %+v", p)
	}
}
