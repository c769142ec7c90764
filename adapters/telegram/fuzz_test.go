package telegram

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzDecodeUpdate feeds arbitrary bytes to the update decoder: it must
// never panic, must keep its promises about what reaches the core, and
// must never let a command for another bot through.
func FuzzDecodeUpdate(f *testing.F) {
	for _, s := range []string{
		msgJSON(1, 777, "private", 1, "who presided?", ""),
		msgJSON(2, -100, "supergroup", 2, "/who@ReportTestBot A & B", `"message_thread_id":9,"is_topic_message":true`),
		msgJSON(3, -100, "group", 3, "/speakers@OtherBot", ""),
		msgJSON(4, -100, "group", 4, "@ReportTestBot @ReportTestBot hi", ""),
		`{"update_id":5,"edited_message":{"message_id":1,"chat":{"id":1,"type":"private"},"text":"x"}}`,
		`{"update_id":6,"message":{"message_id":1,"chat":{"id":1,"type":"private"},"sticker":{}}}`,
		`{"update_id":7,"channel_post":{"message_id":1,"chat":{"id":-1,"type":"channel"},"text":"@ReportTestBot"}}`,
		`{`, `null`, `[]`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		_, m, ok, err := decodeUpdate(data, testMe)
		if err != nil && ok {
			t.Fatal("ok with an error")
		}
		if !ok {
			return
		}
		if m.Platform != "telegram" || m.ChatID == "" || m.Text == "" {
			t.Fatalf("incomplete message %+v", m)
		}
		if m.Text != strings.TrimSpace(m.Text) {
			t.Fatalf("untrimmed text %q", m.Text)
		}
		if strings.HasPrefix(m.Text, "/") {
			head, _, _ := strings.Cut(m.Text, " ")
			if _, target, found := strings.Cut(head, "@"); found && !strings.EqualFold(target, testBotName) {
				t.Fatalf("command for another bot let through: %q", m.Text)
			}
		}
		if !utf8.ValidString(m.Text) {
			t.Fatalf("invalid UTF-8 reached the core: %q", m.Text)
		}
	})
}

// FuzzRender checks that any doc renders to valid, bounded Telegram HTML
// that keeps every visible character.
func FuzzRender(f *testing.F) {
	f.Add("Tom & <Jerry>", "x", 300)
	f.Add("🙂 a\nb", "https://e.org/?a&b", 64)
	f.Fuzz(func(t *testing.T, text, link string, limit int) {
		if limit < 64 || limit > 4096 || len(text) > 20000 || !utf8.ValidString(text) {
			return
		}
		d := docOf(text)
		d.Para(spanLink(text, link))
		d.Quote(text)
		var got strings.Builder
		for _, m := range render(d, limit) {
			if len16(m) > limit {
				t.Fatalf("message of %d > %d", len16(m), limit)
			}
			plain, err := checkHTML(m)
			if err != nil {
				t.Fatalf("%v in %q", err, m)
			}
			got.WriteString(plain)
		}
		squash := func(s string) string { return strings.Join(strings.Fields(s), "") }
		if want := squash(text + text + text); squash(got.String()) != want {
			t.Fatalf("text changed:\n%q\n%q", squash(got.String()), want)
		}
	})
}
