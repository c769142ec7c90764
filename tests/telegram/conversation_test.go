package e2e

import (
	"encoding/json"
	"fmt"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// emulatorBotID is the bot's user ID as the emulator's getMe reports it.
const emulatorBotID = 666

// TestConversationThroughTheEmulator is a scripted three-turn private
// conversation (a question, a reply to the answer with a pronoun, a bare
// "when?"), then a 👎 on the first answer through its inline keyboard, which
// the curator's report then lists.
func TestConversationThroughTheEmulator(t *testing.T) {
	node := need(t, "node")
	if _, err := os.Stat(filepath.Join("node_modules", "telegram-test-api", "package.json")); err != nil {
		unavailable(t, "telegram-test-api is not installed (run `npm ci` in tests/telegram)")
	}
	bin := buildReportbot(t)
	emu := startEmulator(t, node)
	token := "4242:e2e-" + randomHex(12)
	dir := t.TempDir()
	cfgPath := filepath.Join(dir, "config.yaml")
	cfg := fmt.Sprintf("telegram:\n  enabled: true\n  api_endpoint: \"http://%s/bot%%s/%%s\"\n  poll_timeout: 1s\nstore:\n  path: %q\n",
		emu, filepath.Join(dir, "state.db"))
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	srv := startServe(t, bin, cfgPath, []string{"TELEGRAM_BOT_TOKEN=" + token})
	srv.waitLog(t, "telegram connected")

	const chat = 616
	sendUserMessage(t, emu, token, chat, "who presided over the meeting?")
	first := waitBotUpdates(t, emu, token, chat, 1)[0]
	if !strings.Contains(first.Text, "presided") {
		t.Fatalf("first answer: %s", first.Text)
	}
	down := first.button("👎")
	if !strings.HasPrefix(down, "vote:-1:") {
		t.Fatalf("the answer has no 👎 button: %+v", first.Keyboard)
	}
	// The presiding person's name, as the answer gives it, is what the
	// follow-ups must say they were read as.
	name := strings.TrimSpace(strings.SplitN(first.Text, "(", 2)[0])

	sendUserReply(t, emu, token, chat, "what did he say about supervision?", first.MessageID)
	second := waitBotUpdates(t, emu, token, chat, 1)[0]
	if !strings.Contains(second.Text, "("+name+")") || !strings.Contains(strings.ToLower(second.Text), "supervision") {
		t.Errorf("the follow-up was not read as being about %s:\n%s", name, second.Text)
	}
	sendUserMessage(t, emu, token, chat, "when?")
	third := waitBotUpdates(t, emu, token, chat, 1)[0]
	if !strings.Contains(third.Text, "("+name+")") || !yearRE.MatchString(third.Text) {
		t.Errorf("\"when?\" did not carry the conversation on:\n%s", third.Text)
	}

	postJSON(t, "http://"+emu+"/sendCallback", map[string]any{
		"botToken": token,
		"from":     map[string]any{"id": chat, "first_name": "E2E", "is_bot": false},
		"message":  map[string]any{"message_id": first.MessageID, "chat": map[string]any{"id": chat, "type": "private"}},
		"data":     down,
	}, nil)
	deadline := time.Now().Add(hangGuard)
	for {
		var resp struct {
			Result []map[string]any `json:"result"`
		}
		postJSON(t, "http://"+emu+"/e2e/answeredCallbacks", map[string]any{"token": token}, &resp)
		if len(resp.Result) == 1 {
			if txt := fmt.Sprint(resp.Result[0]["text"]); !strings.Contains(txt, "Thanks") {
				t.Errorf("the press was answered with %q", txt)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("answerCallbackQuery calls: %v", resp.Result)
		}
		time.Sleep(50 * time.Millisecond)
	}
	srv.stop(t)

	out, err := exec.Command(bin, "unanswered", "--config", cfgPath, "--json").Output()
	if err != nil {
		t.Fatalf("unanswered: %v", err)
	}
	var rep struct {
		VotedDown []struct {
			Question string `json:"question"`
			Down     int    `json:"down"`
			Answer   string `json:"answer"`
		} `json:"voted_down"`
	}
	if err := json.Unmarshal(out, &rep); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if len(rep.VotedDown) != 1 || rep.VotedDown[0].Question != "who presided over the meeting?" || rep.VotedDown[0].Down != 1 {
		t.Fatalf("curator's report: %s", out)
	}
}

// sendUserReply delivers a private message that replies to the bot's
// message replyTo.
func sendUserReply(t *testing.T, emu, token string, chat int, text string, replyTo int) {
	t.Helper()
	postJSON(t, "http://"+emu+"/sendMessage", map[string]any{
		"botToken": token,
		"from":     map[string]any{"id": chat, "first_name": "E2E", "is_bot": false},
		"chat":     map[string]any{"id": chat, "first_name": "E2E", "type": "private"},
		"date":     time.Now().Unix(),
		"text":     text,
		"reply_to_message": map[string]any{
			"message_id": replyTo, "date": time.Now().Unix(), "text": "…",
			"from": map[string]any{"id": emulatorBotID, "is_bot": true, "first_name": "Bot"},
			"chat": map[string]any{"id": chat, "type": "private"},
		},
	}, nil)
}

var (
	tagRE  = regexp.MustCompile(`<[^>]*>`)
	yearRE = regexp.MustCompile(`\b(19|20)\d\d\b`) // a "when?" answer gives a date
)

// stripTags reads Telegram HTML as the user sees it.
func stripTags(s string) string { return html.UnescapeString(tagRE.ReplaceAllString(s, "")) }

type botUpdate struct {
	MessageID int
	Text      string // as the user sees it
	Keyboard  [][]struct {
		Text string `json:"text"`
		Data string `json:"callback_data"`
	}
}

func (u botUpdate) button(label string) string {
	for _, row := range u.Keyboard {
		for _, b := range row {
			if b.Text == label {
				return b.Data
			}
		}
	}
	return ""
}

// waitBotUpdates is waitBotMessages with message IDs and inline keyboards.
func waitBotUpdates(t *testing.T, emu, token string, chat, n int) []botUpdate {
	t.Helper()
	var got []botUpdate
	deadline := time.Now().Add(hangGuard)
	for len(got) < n {
		var resp struct {
			Result []struct {
				MessageID int `json:"messageId"`
				Message   struct {
					Text        string `json:"text"`
					ReplyMarkup struct {
						InlineKeyboard [][]struct {
							Text string `json:"text"`
							Data string `json:"callback_data"`
						} `json:"inline_keyboard"`
					} `json:"reply_markup"`
				} `json:"message"`
			} `json:"result"`
		}
		postJSON(t, "http://"+emu+"/getUpdates", map[string]any{"token": token, "chatId": chat}, &resp)
		for _, r := range resp.Result {
			u := botUpdate{MessageID: r.MessageID, Text: stripTags(r.Message.Text)}
			u.Keyboard = append(u.Keyboard, r.Message.ReplyMarkup.InlineKeyboard...)
			got = append(got, u)
		}
		if len(got) >= n {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the bot sent %d of %d expected messages", len(got), n)
		}
		time.Sleep(50 * time.Millisecond)
	}
	return got
}
