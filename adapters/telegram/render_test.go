package telegram

import (
	"fmt"
	"strings"
	"testing"

	"github.com/reportbot/reportbot/bot/markup"
)

func TestRenderEscapesAndStyles(t *testing.T) {
	var d markup.Doc
	d.Heading("Tom & Jerry <Ltd>")
	d.Para(markup.T("Said by "), markup.B("A<b>&c"), markup.T(": "), markup.I("x > y"), markup.T(" run "), markup.C("/who <name>"))
	d.Quote(`He said "5 < 6 & 7 > 3"`)
	d.List([]markup.Span{markup.T("one & two")}, []markup.Span{markup.T("<three>")})
	d.Para(markup.Span{Text: "link", URL: `https://example.org/?a=1&b="2"`}, markup.T(" "), markup.Span{Text: "bad", URL: "javascript:alert(1)"})

	got := Render(d)
	if len(got) != 1 {
		t.Fatalf("got %d messages, want 1", len(got))
	}
	want := strings.Join([]string{
		"<b>Tom &amp; Jerry &lt;Ltd&gt;</b>",
		"Said by <b>A&lt;b&gt;&amp;c</b>: <i>x &gt; y</i> run <code>/who &lt;name&gt;</code>",
		`<blockquote>He said "5 &lt; 6 &amp; 7 &gt; 3"</blockquote>`,
		"• one &amp; two\n• &lt;three&gt;",
		`<a href="https://example.org/?a=1&amp;b=&quot;2&quot;">link</a> bad`,
	}, "\n\n")
	if got[0] != want {
		t.Errorf("Render =\n%s\nwant\n%s", got[0], want)
	}
	if _, err := checkHTML(got[0]); err != nil {
		t.Errorf("invalid HTML: %v", err)
	}
}

func TestRenderEmptyDocSendsNothing(t *testing.T) {
	if got := Render(markup.Doc{}); len(got) != 0 {
		t.Errorf("Render(empty) = %q", got)
	}
}

func TestRenderInvalidUTF8IsRepaired(t *testing.T) {
	var d markup.Doc
	d.Para(markup.T("a\xffb"))
	got := Render(d)
	if len(got) != 1 || got[0] != "a\uFFFDb" {
		t.Errorf("Render = %q", got)
	}
}

func TestRenderSplitsAtParagraphs(t *testing.T) {
	var d markup.Doc
	var paras []string
	for i := range 60 {
		p := fmt.Sprintf("Paragraph %d: %s", i, strings.Repeat("words & more ", 10))
		paras = append(paras, p)
		d.Para(markup.T(p))
	}
	msgs := Render(d)
	if len(msgs) < 2 {
		t.Fatalf("got %d messages, want a split", len(msgs))
	}
	var all []string
	for i, m := range msgs {
		if n := len16(m); n > maxMessageLen {
			t.Errorf("message %d is %d long", i, n)
		}
		plain, err := checkHTML(m)
		if err != nil {
			t.Fatalf("message %d: %v", i, err)
		}
		// Every message holds whole paragraphs.
		all = append(all, strings.Split(plain, "\n\n")...)
	}
	if strings.Join(all, "|") != strings.Join(paras, "|") {
		t.Errorf("paragraphs were cut or reordered")
	}
}

func TestRenderHardSplitsALongParagraphSafely(t *testing.T) {
	// One paragraph of ~30,000 characters mixing styles, entities that
	// expand on escaping, and characters outside the BMP (two UTF-16 units).
	var spans []markup.Span
	var want strings.Builder
	for i := range 400 {
		s := []markup.Span{
			markup.T(fmt.Sprintf("%d: Smith & Sons <said> ", i)),
			markup.B("bold & brave "),
			markup.C("<code>&amp;"),
			markup.T(" 🙂🙂 "),
			{Text: "a link ", URL: "https://example.org/x?y=1&z=2", Italic: true},
		}
		for _, sp := range s {
			want.WriteString(sp.Text)
		}
		spans = append(spans, s...)
	}
	spans = append(spans, markup.T(strings.Repeat("x", 5000))) // no spaces at all
	want.WriteString(strings.Repeat("x", 5000))
	var d markup.Doc
	d.Para(markup.T("Intro."))
	d.Para(spans...)
	d.Quote(strings.Repeat("quoted & ", 600))
	msgs := Render(d)

	var got strings.Builder
	for i, m := range msgs {
		if n := len16(m); n > maxMessageLen {
			t.Errorf("message %d is %d UTF-16 units", i, n)
		}
		plain, err := checkHTML(m)
		if err != nil {
			t.Fatalf("message %d is not valid HTML: %v\n%s", i, err, m)
		}
		got.WriteString(plain)
	}
	// Messages are separate, so compare without whitespace: no visible
	// character may be lost, added or reordered.
	squash := func(s string) string { return strings.Join(strings.Fields(s), "") }
	wantAll := "Intro." + want.String() + strings.Repeat("quoted & ", 600)
	if squash(got.String()) != squash(wantAll) {
		t.Errorf("text lost or changed by splitting")
	}
	for i, m := range msgs {
		if strings.Contains(m, "quoted") && !strings.HasPrefix(m, "<blockquote>") && !strings.Contains(m, "\n\n<blockquote>") {
			t.Errorf("message %d: quote part not wrapped in blockquote", i)
		}
	}
}

func TestCutPointPrefersBreaks(t *testing.T) {
	tests := []struct {
		text string
		room int
		want string
	}{
		{"hello world again", 13, "hello world "},
		{"line one\nline two", 12, "line one\n"},
		{"abcdefgh", 5, "abcde"},
		{"a&b", 5, "a"}, // "&amp;" does not fit after "a"
		{"🙂🙂", 3, "🙂"},
		{"xyz", 0, ""},
	}
	for _, tc := range tests {
		if got := tc.text[:cutPoint(tc.text, tc.room)]; got != tc.want {
			t.Errorf("cutPoint(%q, %d) keeps %q, want %q", tc.text, tc.room, got, tc.want)
		}
	}
}

func TestLen16CountsUTF16Units(t *testing.T) {
	if n := len16("a🙂é"); n != 4 {
		t.Errorf("len16 = %d, want 4", n)
	}
}
