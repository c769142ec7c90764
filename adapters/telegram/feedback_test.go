package telegram

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/reportbot/reportbot/bot"
	"github.com/reportbot/reportbot/bot/markup"
)

type fakeVoter struct {
	mu    sync.Mutex
	votes []bot.Vote
}

func (v *fakeVoter) Vote(_ context.Context, b bot.Vote) (bool, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.votes = append(v.votes, b)
	return b.AnswerID == "ans-1", nil
}

func (v *fakeVoter) all() []bot.Vote {
	v.mu.Lock()
	defer v.mu.Unlock()
	return append([]bot.Vote(nil), v.votes...)
}

func callbackJSON(updateID int64, queryID, data string) string {
	return fmt.Sprintf(`{"update_id":%d,"callback_query":{"id":%q,"from":{"id":%d,"is_bot":false,"first_name":"Ann"},"message":{"message_id":99,"chat":{"id":%d,"type":"private"},"text":"x"},"data":%q}}`,
		updateID, queryID, testUserID, testUserID, data)
}

func TestFeedbackButtonsAndCallbacks(t *testing.T) {
	f := newFakeAPI(t, newAutoClock())
	h := &recorder{reply: func(m bot.Message) (bot.Reply, bool) {
		var d markup.Doc
		d.Para(markup.T("answer to " + m.Text))
		r := bot.Reply{Doc: d, Found: true}
		if m.Text == "question" {
			r.AnswerID = "ans-1"
		}
		return r, true
	}}
	voter := &fakeVoter{}
	start(t, f, h, func(o *Options) { o.Voter = voter })

	f.push(1, msgJSON(1, testUserID, "private", 10, "question", ""))
	f.push(2, msgJSON(2, testUserID, "private", 11, "/help", ""))
	sent := f.waitSent(2)
	kb := sent[0].params.Get("reply_markup")
	if !strings.Contains(kb, `"callback_data":"vote:+1:ans-1"`) || !strings.Contains(kb, `"callback_data":"vote:-1:ans-1"`) {
		t.Fatalf("answer's keyboard: %q", kb)
	}
	if sent[1].params.Get("reply_markup") != "" {
		t.Errorf("a reply without an answer ID got buttons: %q", sent[1].params.Get("reply_markup"))
	}

	f.push(3, callbackJSON(3, "q1", "vote:-1:ans-1"))
	f.push(3, callbackJSON(3, "q1", "vote:-1:ans-1")) // a redelivery: recorded once
	f.push(4, callbackJSON(4, "q2", "vote:-1:gone"))
	f.push(5, callbackJSON(5, "q3", "something else"))
	f.waitFor("three answered callbacks", func() bool { return f.countCalls("answerCallbackQuery") >= 3 })
	votes := voter.all()
	if len(votes) != 2 {
		t.Fatalf("votes: %+v", votes)
	}
	want := bot.Vote{Platform: "telegram", ChatID: fmt.Sprint(testUserID), UserID: fmt.Sprint(testUserID), AnswerID: "ans-1", Value: -1}
	if votes[0] != want {
		t.Errorf("vote %+v, want %+v", votes[0], want)
	}
	if n := f.countCalls("answerCallbackQuery"); n != 3 {
		t.Errorf("answerCallbackQuery called %d times, want once per distinct press", n)
	}
	if len(h.messages()) != 2 {
		t.Errorf("button presses reached the core as messages: %+v", h.messages())
	}
}

func TestGroupConversationIsPerMemberAndTopic(t *testing.T) {
	me := identity{ID: testBotID, Username: testBotName}
	_, m, ok, err := decodeUpdate([]byte(msgJSON(1, testGroupID, "supergroup", 5, "what did he say?",
		fmt.Sprintf(`"message_thread_id":7,"is_topic_message":true,"reply_to_message":{"message_id":4,"from":{"id":%d,"is_bot":true,"first_name":"R"},"chat":{"id":%d,"type":"supergroup"}}`, testBotID, testGroupID))), me)
	if err != nil || !ok {
		t.Fatal(ok, err)
	}
	if !m.ReplyToBot || m.Conversation != fmt.Sprintf("7/%d", testUserID) {
		t.Errorf("reply to the bot in a topic: %+v", m)
	}
	_, m, _, _ = decodeUpdate([]byte(msgJSON(2, testUserID, "private", 6, "when?", "")), me)
	if m.Conversation != "" {
		t.Errorf("a private chat is one conversation, got %q", m.Conversation)
	}
}

func TestParseVoteData(t *testing.T) {
	tests := []struct {
		in    string
		value int
		id    string
		ok    bool
	}{
		{"vote:+1:abc", 1, "abc", true},
		{"vote:-1:abc", -1, "abc", true},
		{"vote:+2:abc", 0, "", false},
		{"vote:+1:", 0, "", false},
		{"vote:+1", 0, "", false},
		{"other:+1:abc", 0, "", false},
		{"vote:-1:" + strings.Repeat("x", 65), 0, "", false},
	}
	for _, tc := range tests {
		v, id, ok := parseVoteData(tc.in)
		if v != tc.value || id != tc.id || ok != tc.ok {
			t.Errorf("%q: got %d %q %v", tc.in, v, id, ok)
		}
	}
	if kb := voteKeyboard(""); kb != "" {
		t.Errorf("no answer ID, no keyboard: %q", kb)
	}
	for _, raw := range []string{`{"update_id":1,"message":{"message_id":1,"chat":{"id":1,"type":"private"},"text":"x"}}`, `not json`, `{"callback_query":{}}`} {
		if _, ok := decodeCallback([]byte(raw)); ok {
			t.Errorf("%s: taken for a button press", raw)
		}
	}
}

// FuzzDecodeCallback: no update body makes callback decoding panic, and a
// press it accepts names a user and a valid vote or none.
func FuzzDecodeCallback(f *testing.F) {
	f.Add(callbackJSON(1, "q", "vote:+1:abc"))
	f.Add(callbackJSON(2, "q", "vote:-1:"))
	f.Add(`{"update_id":3,"callback_query":{"id":"x","data":"vote:+1:a"}}`)
	f.Add(`{"update_id":4,"callback_query":null}`)
	f.Fuzz(func(t *testing.T, raw string) {
		c, ok := decodeCallback([]byte(raw))
		if !ok {
			return
		}
		if c.queryID == "" {
			t.Fatal("accepted a press without a query ID")
		}
		if c.valid && (c.vote.UserID == "" || c.vote.AnswerID == "" || (c.vote.Value != 1 && c.vote.Value != -1)) {
			t.Fatalf("accepted vote %+v", c.vote)
		}
	})
}
