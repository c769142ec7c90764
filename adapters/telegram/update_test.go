package telegram

import (
	"errors"
	"strings"
	"testing"

	"github.com/reportbot/reportbot/bot"
)

var testMe = identity{ID: testBotID, Username: testBotName}

func TestDecodeUpdateGroupsAndCommands(t *testing.T) {
	replyToBot := `"reply_to_message":{"message_id":5,"from":{"id":4242,"is_bot":true,"first_name":"Report","username":"ReportTestBot"},"chat":{"id":-100123,"type":"supergroup"},"text":"earlier answer"}`
	replyToUser := `"reply_to_message":{"message_id":5,"from":{"id":9,"is_bot":false,"first_name":"Bo"},"chat":{"id":-100123,"type":"supergroup"},"text":"hi"}`
	tests := []struct {
		name   string
		update string
		ok     bool
		want   bot.Message // only the fields set here are compared
	}{
		{"private text", msgJSON(1, 777, "private", 10, "who spoke?", ""), true,
			bot.Message{ChatKind: bot.Private, Text: "who spoke?", ChatID: "777", MessageID: "10", UserID: "777", UserName: "ann"}},
		{"bare command in group", msgJSON(2, testGroupID, "supergroup", 11, "/speakers", ""), true,
			bot.Message{ChatKind: bot.Group, Text: "/speakers", Mentioned: true}},
		{"command for this bot", msgJSON(3, testGroupID, "group", 12, "/who@ReportTestBot Some Name", ""), true,
			bot.Message{ChatKind: bot.Group, Text: "/who Some Name", Mentioned: true}},
		{"command for this bot, other case", msgJSON(3, testGroupID, "group", 12, "/speakers@reporttestbot", ""), true,
			bot.Message{Text: "/speakers", Mentioned: true}},
		{"command for another bot", msgJSON(4, testGroupID, "group", 13, "/speakers@OtherBot", ""), false, bot.Message{}},
		{"command for a bot whose name starts like ours", msgJSON(4, testGroupID, "group", 13, "/speakers@ReportTestBot2 x", ""), false, bot.Message{}},
		{"mention at start", msgJSON(5, testGroupID, "supergroup", 14, "@ReportTestBot, who presided?", ""), true,
			bot.Message{Text: "who presided?", Mentioned: true}},
		{"mention in the middle", msgJSON(5, testGroupID, "supergroup", 14, "hey @reporttestbot when was it?", ""), true,
			bot.Message{Text: "hey when was it?", Mentioned: true}},
		{"mention then command", msgJSON(5, testGroupID, "supergroup", 14, "@ReportTestBot /help", ""), true,
			bot.Message{Text: "/help", Mentioned: true}},
		{"longer name is not a mention", msgJSON(6, testGroupID, "supergroup", 15, "ask @ReportTestBotty", ""), true,
			bot.Message{Text: "ask @ReportTestBotty", Mentioned: false}},
		{"e-mail is not a mention", msgJSON(6, testGroupID, "supergroup", 15, "mail x@ReportTestBot.org", ""), true,
			bot.Message{Text: "mail x@ReportTestBot.org", Mentioned: false}},
		{"plain group chatter reaches the core unaddressed", msgJSON(7, testGroupID, "group", 16, "who spoke first?", ""), true,
			bot.Message{ChatKind: bot.Group, Text: "who spoke first?", Mentioned: false, ReplyToBot: false}},
		{"reply to the bot", msgJSON(8, testGroupID, "supergroup", 17, "and then?", replyToBot), true,
			bot.Message{Text: "and then?", ReplyToBot: true}},
		{"reply to someone else", msgJSON(8, testGroupID, "supergroup", 17, "and then?", replyToUser), true,
			bot.Message{Text: "and then?", ReplyToBot: false}},
		{"forum topic", msgJSON(9, testGroupID, "supergroup", 18, "/when", `"message_thread_id":55,"is_topic_message":true`), true,
			bot.Message{Text: "/when", ThreadID: "55", MessageID: "18", Mentioned: true}},
		{"reply chain outside a forum has no thread", msgJSON(9, testGroupID, "supergroup", 18, "/when", `"message_thread_id":55`), true,
			bot.Message{Text: "/when", ThreadID: "", Mentioned: true}},
		{"channel post", `{"update_id":10,"channel_post":{"message_id":3,"sender_chat":{"id":-1009,"type":"channel"},"chat":{"id":-1009,"type":"channel"},"text":"@ReportTestBot when?"}}`, true,
			bot.Message{ChatKind: bot.Channel, ChatID: "-1009", UserID: "-1009", Text: "when?", Mentioned: true}},
		{"mention only", msgJSON(11, testGroupID, "group", 19, "@ReportTestBot", ""), false, bot.Message{}},
		{"edited message", `{"update_id":12,"edited_message":{"message_id":3,"from":{"id":1,"is_bot":false,"first_name":"A"},"chat":{"id":1,"type":"private"},"text":"who?"}}`, false, bot.Message{}},
		{"edited channel post", `{"update_id":12,"edited_channel_post":{"message_id":3,"chat":{"id":-1,"type":"channel"},"text":"who?"}}`, false, bot.Message{}},
		{"sticker", `{"update_id":13,"message":{"message_id":3,"from":{"id":1,"is_bot":false,"first_name":"A"},"chat":{"id":1,"type":"private"},"sticker":{"file_id":"x","width":1,"height":1,"is_animated":false}}}`, false, bot.Message{}},
		{"photo with caption", `{"update_id":14,"message":{"message_id":3,"from":{"id":1,"is_bot":false,"first_name":"A"},"chat":{"id":1,"type":"private"},"photo":[{"file_id":"x","width":1,"height":1}],"caption":"who is this?"}}`, false, bot.Message{}},
		{"service message", `{"update_id":15,"message":{"message_id":3,"from":{"id":1,"is_bot":false,"first_name":"A"},"chat":{"id":-5,"type":"group"},"new_chat_members":[{"id":2,"is_bot":false,"first_name":"B"}]}}`, false, bot.Message{}},
		{"another bot", `{"update_id":16,"message":{"message_id":3,"from":{"id":99,"is_bot":true,"first_name":"B"},"chat":{"id":-5,"type":"group"},"text":"/speakers"}}`, false, bot.Message{}},
		{"anonymous group admin", `{"update_id":16,"message":{"message_id":3,"from":{"id":1087968824,"is_bot":true,"first_name":"Group","username":"GroupAnonymousBot"},"sender_chat":{"id":-5,"type":"group"},"chat":{"id":-5,"type":"group"},"text":"/speakers"}}`, true,
			bot.Message{Text: "/speakers", UserID: "-5", Mentioned: true}},
		{"callback query", `{"update_id":17,"callback_query":{"id":"1","from":{"id":1,"is_bot":false,"first_name":"A"},"data":"x"}}`, false, bot.Message{}},
		{"unknown chat type", msgJSON(18, 5, "secret", 1, "hi", ""), false, bot.Message{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, got, ok, err := decodeUpdate([]byte(tc.update), testMe)
			if err != nil {
				t.Fatalf("decode: %v", err)
			}
			if ok != tc.ok {
				t.Fatalf("ok = %v, want %v (message %+v)", ok, tc.ok, got)
			}
			if !ok {
				return
			}
			if got.Platform != "telegram" {
				t.Errorf("Platform = %q", got.Platform)
			}
			w := tc.want
			check := func(field, g, want string) {
				if want != "" && g != want {
					t.Errorf("%s = %q, want %q", field, g, want)
				}
			}
			check("Text", got.Text, w.Text)
			check("ChatKind", string(got.ChatKind), string(w.ChatKind))
			check("ChatID", got.ChatID, w.ChatID)
			check("MessageID", got.MessageID, w.MessageID)
			check("UserID", got.UserID, w.UserID)
			check("UserName", got.UserName, w.UserName)
			if w.ThreadID != got.ThreadID && (w.ThreadID != "" || strings.Contains(tc.update, "thread")) {
				t.Errorf("ThreadID = %q, want %q", got.ThreadID, w.ThreadID)
			}
			if got.Mentioned != w.Mentioned {
				t.Errorf("Mentioned = %v, want %v", got.Mentioned, w.Mentioned)
			}
			if got.ReplyToBot != w.ReplyToBot {
				t.Errorf("ReplyToBot = %v, want %v", got.ReplyToBot, w.ReplyToBot)
			}
		})
	}
}

func TestDecodeUpdateRejectsGarbage(t *testing.T) {
	for _, in := range []string{``, `{`, `[]`, `"x"`, `{"update_id":"one"}`} {
		if _, _, ok, err := decodeUpdate([]byte(in), testMe); err == nil || ok {
			t.Errorf("decodeUpdate(%q) = ok %v, err %v; want an error", in, ok, err)
		}
	}
	huge := []byte(`{"update_id":1,"message":{"text":"` + strings.Repeat("a", maxUpdateBytes) + `"}}`)
	if _, _, _, err := decodeUpdate(huge, testMe); !errors.Is(err, errTooLarge) {
		t.Errorf("oversized body: err = %v, want errTooLarge", err)
	}
}

func TestDecodeUpdateKeepsHugeTextForTheCore(t *testing.T) {
	// The core refuses long messages politely; the adapter must pass them
	// on intact rather than drop or truncate them.
	text := strings.Repeat("why? ", 20000)
	_, m, ok, err := decodeUpdate([]byte(msgJSON(1, 777, "private", 1, text, "")), testMe)
	if err != nil || !ok {
		t.Fatalf("ok %v, err %v", ok, err)
	}
	if m.Text != strings.TrimSpace(text) {
		t.Errorf("text changed: %d bytes, want %d", len(m.Text), len(strings.TrimSpace(text)))
	}
}
