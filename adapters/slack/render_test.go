package slack

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/reportbot/reportbot/bot/markup"
)

func sectionTexts(t *testing.T, m outMsg) []string {
	t.Helper()
	var out []string
	for _, b := range m.Blocks {
		s, ok := b.(*slack.SectionBlock)
		if !ok || s.Text == nil || s.Text.Type != slack.MarkdownType {
			t.Fatalf("block %#v is not a mrkdwn section", b)
		}
		out = append(out, s.Text.Text)
	}
	return out
}

func TestRenderEscapesAndFormats(t *testing.T) {
	var d markup.Doc
	d.Heading("Q&A <today>")
	d.Para(markup.T("Use "), markup.C("/who <name>"), markup.T(" or ask: "), markup.B(" bold "), markup.I("it"),
		markup.Span{Text: "the report", URL: "https://example.org/a?b=1&c=<2>|x"})
	d.List([]markup.Span{markup.T("a > b")}, []markup.Span{markup.T("c & d")})
	d.Quote("line one\nline <two>")
	msgs := render(d)
	if len(msgs) != 1 {
		t.Fatalf("%d messages", len(msgs))
	}
	got := sectionTexts(t, msgs[0])
	want := []string{
		"*Q&amp;A &lt;today&gt;*",
		"Use `/who &lt;name&gt;` or ask:  *bold* _it_<https://example.org/a?b=1&amp;c=&lt;2&gt;%7Cx|the report>",
		"• a &gt; b\n• c &amp; d",
		"> line one\n> line &lt;two&gt;",
	}
	if strings.Join(got, "\n---\n") != strings.Join(want, "\n---\n") {
		t.Fatalf("got\n%s\nwant\n%s", strings.Join(got, "\n---\n"), strings.Join(want, "\n---\n"))
	}
	if msgs[0].Text != strings.Join(want, "\n\n") {
		t.Fatalf("fallback text %q", msgs[0].Text)
	}
	// What Slack receives is valid Block Kit JSON.
	if _, err := json.Marshal(slack.Blocks{BlockSet: msgs[0].Blocks}); err != nil {
		t.Fatal(err)
	}
}

func TestRenderSplitsLongAnswersWithinSlackLimits(t *testing.T) {
	var d markup.Doc
	// One paragraph of about 9,000 characters with escapes and multi-byte runes,
	// and enough short paragraphs to need more than 50 blocks.
	d.Para(markup.T(strings.Repeat("Tom & Jerry <é> ", 600)))
	for range 120 {
		d.Para(markup.T("short"))
	}
	msgs := render(d)
	if len(msgs) < 3 {
		t.Fatalf("%d messages; want the answer split over several", len(msgs))
	}
	var all strings.Builder
	for _, m := range msgs {
		if len(m.Blocks) == 0 || len(m.Blocks) > maxBlocks {
			t.Fatalf("message with %d blocks", len(m.Blocks))
		}
		if m.Text == "" || utf8.RuneCountInString(m.Text) > maxFallback {
			t.Fatalf("fallback text of %d characters", utf8.RuneCountInString(m.Text))
		}
		for _, s := range sectionTexts(t, m) {
			if n := utf8.RuneCountInString(s); n > maxSectionText {
				t.Fatalf("section of %d characters", n)
			}
			if !utf8.ValidString(s) {
				t.Fatal("a rune was cut in half")
			}
			// Every & starts a whole entity: none was cut in half.
			for i := strings.IndexByte(s, '&'); i >= 0; i = next(s, i) {
				if !strings.HasPrefix(s[i:], "&amp;") && !strings.HasPrefix(s[i:], "&lt;") && !strings.HasPrefix(s[i:], "&gt;") {
					t.Fatalf("broken entity near %q", s[i:min(len(s), i+8)])
				}
			}
			all.WriteString(s + " ")
		}
	}
	if got := strings.Count(all.String(), "Tom &amp; Jerry &lt;é&gt;"); got != 600 {
		t.Fatalf("%d of 600 phrases survived the split", got)
	}
	if got := strings.Count(all.String(), "short"); got != 120 {
		t.Fatalf("%d of 120 paragraphs kept", got)
	}
}

func next(s string, i int) int {
	j := strings.IndexByte(s[i+1:], '&')
	if j < 0 {
		return -1
	}
	return i + 1 + j
}

func TestRenderCapsTheNumberOfMessages(t *testing.T) {
	var d markup.Doc
	for range maxBlocks*maxMessages + 7 {
		d.Para(markup.T("x"))
	}
	if n := len(render(d)); n != maxMessages {
		t.Fatalf("%d messages; want at most %d", n, maxMessages)
	}
	if n := len(render(markup.Doc{})); n != 0 {
		t.Fatalf("empty doc gave %d messages", n)
	}
}

func TestSplitTextWithoutSpaces(t *testing.T) {
	s := strings.Repeat("&amp;", 1000) // 5,000 bytes, no break points
	parts := splitText(s, maxSectionText)
	if strings.Join(parts, "") != s {
		t.Fatal("text lost or changed")
	}
	for _, p := range parts {
		if len(p) > maxSectionText || !strings.HasSuffix(p, ";") {
			t.Fatalf("part of %d bytes ends %q", len(p), p[len(p)-3:])
		}
	}
}
