package slack

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/slack-go/slack/slacktest"

	"github.com/reportbot/reportbot/bot"
	"github.com/reportbot/reportbot/knowledge"
)

// The real core with its follow-up layer, on the bundled report; found
// free-text answers get answer IDs as the feedback recorder would give.
type numbered struct {
	next bot.Handler
	mu   sync.Mutex
	n    int
}

func (h *numbered) Handle(ctx context.Context, m bot.Message) (bot.Reply, bool) {
	r, ok := h.next.Handle(ctx, m)
	if ok && r.Found && r.Command == "" {
		h.mu.Lock()
		h.n++
		r.AnswerID = fmt.Sprintf("ans-%d", h.n)
		h.mu.Unlock()
	}
	return r, ok
}

func conversingCore(t *testing.T) bot.Handler {
	t.Helper()
	kb, err := knowledge.Open(knowledge.OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	core := bot.New(kb, bot.Options{MinConfidence: 0.35})
	return &numbered{next: bot.WithFollowUps(core, kb, bot.NewMemoryConversations(), bot.FollowUpOptions{})}
}

type votes struct {
	mu  sync.Mutex
	got []bot.Vote
}

func (v *votes) Vote(_ context.Context, b bot.Vote) (bool, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.got = append(v.got, b)
	return strings.HasPrefix(b.AnswerID, "ans-"), nil
}

func (v *votes) all() []bot.Vote {
	v.mu.Lock()
	defer v.mu.Unlock()
	return append([]bot.Vote(nil), v.got...)
}

// threadMessage is a message event in a thread, with no mention.
func threadMessage(eventID, channel, threadTS, ts, text string) []byte {
	return messageEvent(eventID, channel, "channel", ts, text, fmt.Sprintf(`,"thread_ts":%q,"parent_user_id":"U1"`, threadTS))
}

// blockActions is a block_actions interaction pressing one of our buttons.
func blockActions(channel, user, actionID, value, responseURL string) string {
	return fmt.Sprintf(`{"type":"block_actions","user":{"id":%q},"channel":{"id":%q},"container":{"type":"message","channel_id":%q},
"response_url":%q,"actions":[{"type":"button","block_id":%q,"action_id":%q,"value":%q}]}`,
		user, channel, channel, responseURL, voteBlockID, actionID, value)
}

var (
	yearRE   = regexp.MustCompile(`\b(19|20)\d\d\b`)
	answerID = regexp.MustCompile(`"value":"(ans-\d+)"`)
)

// checkConversation asserts a scripted three-turn conversation's answers:
// the first names someone, the second (a pronoun) and third (a bare
// "when?") say they were read as being about that person.
func checkConversation(t *testing.T, first, second, third post) string {
	t.Helper()
	if first.ThreadTS == "" || second.ThreadTS != first.ThreadTS || third.ThreadTS != first.ThreadTS {
		t.Errorf("answers left the thread: %q %q %q", first.ThreadTS, second.ThreadTS, third.ThreadTS)
	}
	name := strings.TrimSpace(strings.SplitN(strings.Trim(first.Text, "*"), "(", 2)[0])
	name = strings.Trim(name, "* ")
	if name == "" || !strings.Contains(first.Text, "presided") {
		t.Fatalf("first answer: %s", first.Text)
	}
	if !strings.Contains(second.Text, "("+name+")") || !strings.Contains(strings.ToLower(second.Text), "supervision") {
		t.Errorf("the pronoun was not read as %s:\n%s", name, second.Text)
	}
	if !strings.Contains(third.Text, "("+name+")") || !yearRE.MatchString(third.Text) {
		t.Errorf("\"when?\" did not carry the conversation on:\n%s", third.Text)
	}
	m := answerID.FindStringSubmatch(first.Blocks)
	if m == nil || !strings.Contains(first.Blocks, actionDown) {
		t.Fatalf("the first answer has no vote buttons: %s", first.Blocks)
	}
	return m[1]
}

// slacktestHTTPRig is an HTTP-mode adapter whose Web API is slacktest, with
// chat.postMessage and response_url recorded as in the Socket Mode rig.
func slacktestHTTPRig(t *testing.T, mod func(*Options)) (*httpRig, *socketRig) {
	t.Helper()
	rec := &socketRig{posts: make(chan post, 20)}
	rec.srv = slacktest.NewTestServer(func(c slacktest.Customize) {
		c.Handle("/auth.test", func(w http.ResponseWriter, _ *http.Request) {
			fmt.Fprintf(w, `{"ok":true,"user_id":%q,"bot_id":%q}`, testBotUser, testBotID)
		})
		c.Handle("/chat.postMessage", func(w http.ResponseWriter, req *http.Request) {
			_ = req.ParseForm()
			rec.posts <- post{Channel: req.Form.Get("channel"), ThreadTS: req.Form.Get("thread_ts"),
				Text: req.Form.Get("text"), Blocks: req.Form.Get("blocks"), Via: "chat.postMessage"}
			fmt.Fprintf(w, `{"ok":true,"channel":%q,"ts":"9.9"}`, req.Form.Get("channel"))
		})
		c.Handle("/response/", func(w http.ResponseWriter, req *http.Request) {
			b, _ := io.ReadAll(req.Body)
			var m struct{ Text string }
			_ = json.Unmarshal(b, &m)
			rec.posts <- post{Channel: strings.TrimPrefix(req.URL.Path, "/response/"), Text: m.Text, Via: "response_url"}
		})
	})
	rec.srv.Start()
	t.Cleanup(rec.srv.Stop)
	opt := Options{BotToken: "xoxb-test", SigningSecret: testSecret, Mode: ModeHTTP, Listen: "127.0.0.1:0",
		APIURL: rec.srv.GetAPIURL(), Clock: newFakeClock()}
	mod(&opt)
	a, err := New(opt)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	if err := a.identify(ctx); err != nil {
		t.Fatal(err)
	}
	stop := a.startPipeline(ctx)
	r := &httpRig{a: a, srv: httptest.NewServer(a.HTTPHandler())}
	t.Cleanup(func() { r.srv.Close(); cancel(); stop() })
	return r, rec
}

func TestHTTPThreadConversationAndVote(t *testing.T) {
	v := &votes{}
	r, api := slacktestHTTPRig(t, func(o *Options) { o.Handler = conversingCore(t); o.Voter = v })
	const thread = "1700000100.000100"
	r.event(t, mentionEvent("EvC1", "C9", thread, "who presided over the meeting?"), nil)
	first := api.next(t)
	r.event(t, threadMessage("EvC2", "C9", thread, "1700000100.000200", "what did he say about supervision?"), nil)
	second := api.next(t)
	r.event(t, threadMessage("EvC3", "C9", thread, "1700000100.000300", "when?"), nil)
	third := api.next(t)
	id := checkConversation(t, first, second, third)

	// Chatter in another thread the bot never answered in stays unanswered.
	r.event(t, threadMessage("EvC4", "C9", "1700000200.000100", "1700000200.000200", "what did he say about supervision?"), nil)

	payload := blockActions("C9", "U5", actionDown, id, api.srv.GetAPIURL()+"response/C9")
	form := []byte(url.Values{"payload": {payload}}.Encode())
	if code, _ := r.send(t, form, "application/x-www-form-urlencoded", nil); code != http.StatusOK {
		t.Fatalf("interaction: status %d", code)
	}
	if ack := api.next(t); ack.Via != "response_url" || !strings.Contains(ack.Text, "Thanks") {
		t.Fatalf("acknowledgement: %+v", ack)
	}
	got := v.all()
	if len(got) != 1 || got[0] != (bot.Vote{Platform: "slack", ChatID: "C9", UserID: "U5", AnswerID: id, Value: -1}) {
		t.Fatalf("votes: %+v", got)
	}
	// Interactions are signed like events: a forged press is refused.
	code, _ := r.send(t, form, "application/x-www-form-urlencoded", func(req *http.Request) {
		req.Header.Set("X-Slack-Signature", "v0=00")
	})
	if code != http.StatusUnauthorized || len(v.all()) != 1 {
		t.Fatalf("forged interaction: status %d, votes %d", code, len(v.all()))
	}
	// Nothing more was posted: not for the other thread, not for the
	// forged press.
	r.event(t, mentionEvent("EvC5", "C9", "1700000300.000100", "/help"), nil)
	if p := api.next(t); p.ThreadTS != "1700000300.000100" {
		t.Errorf("an unexpected post came first: %+v", p)
	}
}

func TestSocketModeThreadConversationAndVote(t *testing.T) {
	v := &votes{}
	core := conversingCore(t)
	r := newSocketRigWith(t, core, func(o *Options) { o.Voter = v })
	const thread = "1700000300.000100"
	r.srv.SendToWebsocket(envelope("events_api", "e1", mentionEvent("EvS1", "C7", thread, "who presided over the meeting?"), 0))
	first := r.next(t)
	r.srv.SendToWebsocket(envelope("events_api", "e2", threadMessage("EvS2", "C7", thread, "1700000300.000200", "what did he say about supervision?"), 0))
	second := r.next(t)
	r.srv.SendToWebsocket(envelope("events_api", "e3", threadMessage("EvS3", "C7", thread, "1700000300.000300", "when?"), 0))
	third := r.next(t)
	id := checkConversation(t, first, second, third)

	r.srv.SendToWebsocket(envelope("interactive", "e4", []byte(blockActions("C7", "U6", actionUp, id, r.srv.GetAPIURL()+"response/C7")), 0))
	r.waitAck(t, "e4")
	if ack := r.next(t); ack.Via != "response_url" || !strings.Contains(ack.Text, "Thanks") {
		t.Fatalf("acknowledgement: %+v", ack)
	}
	if got := v.all(); len(got) != 1 || got[0].Value != 1 || got[0].AnswerID != id || got[0].UserID != "U6" {
		t.Fatalf("votes: %+v", got)
	}
}

func TestVoteDeliveryIgnoresOtherInteractions(t *testing.T) {
	for _, raw := range []string{
		`{"type":"view_submission","user":{"id":"U1"}}`,
		blockActions("C1", "U1", "someone_elses_action", "ans-1", ""),
		blockActions("C1", "", actionUp, "ans-1", ""),
		blockActions("C1", "U1", actionUp, strings.Repeat("x", 65), ""),
	} {
		if _, ok, err := voteDelivery([]byte(raw)); ok || err != nil {
			t.Errorf("%s: ok=%v err=%v, want ignored", raw, ok, err)
		}
	}
	if _, _, err := voteDelivery([]byte(`{"type":`)); err == nil {
		t.Error("a truncated payload must be malformed")
	}
	d, ok, err := voteDelivery([]byte(blockActions("C1", "U1", actionDown, "ans-1", "https://hooks.example/x")))
	if err != nil || !ok || d.vote.Value != -1 || d.to.responseURL == "" || d.key != "" {
		t.Errorf("a press: %+v ok=%v err=%v", d, ok, err)
	}
}

// FuzzVoteDelivery: no interaction payload makes decoding panic, and a
// press it accepts is a valid vote by a user.
func FuzzVoteDelivery(f *testing.F) {
	f.Add(blockActions("C1", "U1", actionUp, "ans-1", "https://hooks.example/x"))
	f.Add(`{"type":"block_actions","user":{"id":"U"},"actions":[null]}`)
	f.Add(`{"type":"shortcut"}`)
	f.Fuzz(func(t *testing.T, raw string) {
		d, ok, err := voteDelivery([]byte(raw))
		if err != nil || !ok {
			return
		}
		if v := d.vote; v == nil || v.UserID == "" || v.AnswerID == "" || (v.Value != 1 && v.Value != -1) {
			t.Fatalf("accepted %+v", d.vote)
		}
	})
}
