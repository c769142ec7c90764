package telegram

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/reportbot/reportbot/bot"
)

func docUpdateJSON(chatType string, chatID int64, caption string) string {
	return fmt.Sprintf(`{"update_id":9,"message":{"message_id":5,"from":{"id":%d,"first_name":"A"},"chat":{"id":%d,"type":%q},"caption":%q,
		"document":{"file_id":"F1","file_name":"minutes.pdf","mime_type":"application/pdf","file_size":1234}}}`, testUserID, chatID, chatType, caption)
}

func TestDecodeDocument(t *testing.T) {
	me := identity{ID: testBotID, Username: testBotName}
	cases := []struct {
		name, chatType, caption string
		chat                    int64
		ok                      bool
		text                    string
	}{
		{"private, no caption", "private", "", testChatPriv, true, ""},
		{"private, /add", "private", "/add finance", testChatPriv, true, "/add finance"},
		{"group, no mention", "supergroup", "here are the minutes", testGroupID, false, ""},
		{"group, mention", "supergroup", "@" + testBotName + " /add ports", testGroupID, true, "/add ports"},
		{"group, /add for us", "supergroup", "/add@" + testBotName + " ports", testGroupID, true, "/add ports"},
		{"group, /add for another bot", "supergroup", "/add@OtherBot ports", testGroupID, false, ""},
	}
	for _, c := range cases {
		_, m, doc, ok := decodeDocument([]byte(docUpdateJSON(c.chatType, c.chat, c.caption)), me)
		if ok != c.ok || (ok && (m.Text != c.text || doc.FileID != "F1" || doc.FileName != "minutes.pdf" || doc.FileSize != 1234)) {
			t.Errorf("%s: ok=%v text=%q doc=%+v", c.name, ok, m.Text, doc)
		}
	}
	// A plain text message is not a document.
	if _, _, _, ok := decodeDocument([]byte(`{"update_id":1,"message":{"message_id":1,"from":{"id":1},"chat":{"id":1,"type":"private"},"text":"hi"}}`), me); ok {
		t.Error("text message decoded as a document")
	}
	// Another bot's document is never taken.
	bot := strings.Replace(docUpdateJSON("private", testChatPriv, ""), `"first_name":"A"`, `"first_name":"A","is_bot":true`, 1)
	if _, _, _, ok := decodeDocument([]byte(bot), me); ok {
		t.Error("a bot's document was taken")
	}
}

func TestFileEndpoint(t *testing.T) {
	for api, want := range map[string]string{
		DefaultAPIEndpoint:               "https://api.telegram.org/file/bot%s/%s",
		"http://127.0.0.1:8081/bot%s/%s": "http://127.0.0.1:8081/file/bot%s/%s",
		"http://h/prefix/bot%s/%s?x=1":   "http://h/prefix/file/bot%s/%s?x=1",
	} {
		if got := fileEndpoint(api); got != want {
			t.Errorf("%s: %s, want %s", api, got, want)
		}
	}
}

// download goes through getFile and the file endpoint, reads no more than
// the limit and keeps the token out of its errors.
func TestDownload(t *testing.T) {
	body := strings.Repeat("x", 100)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/bot" + testToken + "/getFile":
			_ = r.ParseForm()
			size := 100
			if r.Form.Get("file_id") == "lies" {
				size = 10 // states less than it sends
			}
			fmt.Fprintf(w, `{"ok":true,"result":{"file_id":%q,"file_size":%d,"file_path":"documents/file_1.pdf"}}`, r.Form.Get("file_id"), size)
		case "/file/bot" + testToken + "/documents/file_1.pdf":
			fmt.Fprint(w, body)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	a, err := New(nopHandler{}, Options{Token: testToken, APIEndpoint: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	data, err := a.download(ctx, "F1", 1000)
	if err != nil || string(data) != body {
		t.Fatalf("download: %q %v", data, err)
	}
	if _, err := a.download(ctx, "F1", 50); !errors.Is(err, bot.ErrFileTooLarge) {
		t.Errorf("over the limit by getFile's size: %v", err)
	}
	if _, err := a.download(ctx, "lies", 50); !errors.Is(err, bot.ErrFileTooLarge) {
		t.Errorf("over the limit by the bytes sent: %v", err)
	}
	srv.Close()
	_, err = a.download(ctx, "F1", 1000)
	if err == nil || strings.Contains(err.Error(), testToken) {
		t.Errorf("error after the server went away: %v", err)
	}
}

type nopHandler struct{}

func (nopHandler) Handle(context.Context, bot.Message) (bot.Reply, bool) { return bot.Reply{}, false }
