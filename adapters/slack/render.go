package slack

import (
	"strings"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/reportbot/reportbot/bot/markup"
)

// Slack's documented limits. Messages over them are rejected outright
// (invalid_blocks), so the renderer splits instead.
const (
	maxSectionText = 3000 // characters in one section's text
	maxBlocks      = 50   // blocks in one message
	maxFallback    = 3000 // our own cap on the notification/fallback text
	maxMessages    = 10   // one answer never floods a channel
)

// outMsg is one chat message: Block Kit blocks plus the plain fallback text
// Slack shows in notifications and to clients without Block Kit.
type outMsg struct {
	Blocks []slack.Block
	Text   string
}

// render turns the core's neutral doc into one or more Slack messages. Every
// section holds at most maxSectionText characters and every message at most
// maxBlocks blocks.
func render(d markup.Doc) []outMsg {
	var texts []string
	for _, bl := range d.Blocks {
		t := blockMrkdwn(bl)
		if strings.TrimSpace(t) == "" {
			continue
		}
		texts = append(texts, splitText(t, maxSectionText)...)
	}
	var out []outMsg
	for len(texts) > 0 && len(out) < maxMessages {
		n := min(len(texts), maxBlocks)
		m := outMsg{Blocks: make([]slack.Block, 0, n)}
		for _, t := range texts[:n] {
			m.Blocks = append(m.Blocks, slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, t, false, true), nil, nil))
		}
		m.Text = truncate(strings.Join(texts[:n], "\n\n"), maxFallback)
		out = append(out, m)
		texts = texts[n:]
	}
	return out
}

// blockMrkdwn renders one block as Slack mrkdwn.
func blockMrkdwn(bl markup.Block) string {
	switch bl.Kind {
	case markup.Heading:
		return emphasise(escape(markup.SpansText(bl.Spans)), "*")
	case markup.List:
		lines := make([]string, 0, len(bl.Items))
		for _, it := range bl.Items {
			lines = append(lines, "• "+spansMrkdwn(it))
		}
		return strings.Join(lines, "\n")
	case markup.Quote:
		lines := strings.Split(spansMrkdwn(bl.Spans), "\n")
		for i, l := range lines {
			lines[i] = "> " + l
		}
		return strings.Join(lines, "\n")
	default:
		return spansMrkdwn(bl.Spans)
	}
}

func spansMrkdwn(spans []markup.Span) string {
	var b strings.Builder
	for _, s := range spans {
		t := escape(s.Text)
		if s.Code && !strings.Contains(t, "`") {
			t = emphasise(t, "`")
		}
		if s.Bold {
			t = emphasise(t, "*")
		}
		if s.Italic {
			t = emphasise(t, "_")
		}
		if s.URL != "" {
			url := strings.ReplaceAll(escape(s.URL), "|", "%7C")
			if strings.TrimSpace(t) == "" {
				t = "<" + url + ">"
			} else {
				t = "<" + url + "|" + t + ">"
			}
		}
		b.WriteString(t)
	}
	return b.String()
}

// emphasise wraps the text in a mrkdwn marker, keeping surrounding spaces
// outside: Slack ignores "* bold *".
func emphasise(t, marker string) string {
	core := strings.TrimSpace(t)
	if core == "" {
		return t
	}
	i := strings.Index(t, core)
	return t[:i] + marker + core + marker + t[i+len(core):]
}

// escape applies the three escapes Slack requires in mrkdwn text; anything
// else a user or report writes is shown as is.
var escaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

func escape(s string) string { return escaper.Replace(s) }

// splitText cuts escaped mrkdwn into pieces of at most limit bytes (bytes are
// never fewer than characters, so the limit holds), preferring line breaks,
// then spaces, and never cutting a rune or an &entity; in half.
func splitText(s string, limit int) []string {
	var parts []string
	for len(s) > limit {
		cut := strings.LastIndexByte(s[:limit], '\n')
		if cut < limit/2 {
			cut = strings.LastIndexByte(s[:limit], ' ')
		}
		if cut < limit/2 {
			cut = safeCut(s, limit)
		}
		if p := strings.TrimRight(s[:cut], " \n"); p != "" {
			parts = append(parts, p)
		}
		s = strings.TrimLeft(s[cut:], " \n")
	}
	if strings.TrimSpace(s) != "" {
		parts = append(parts, s)
	}
	return parts
}

// safeCut returns the largest cut ≤ limit that splits neither a UTF-8 rune nor
// an HTML entity written by escape.
func safeCut(s string, limit int) int {
	cut := limit
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	if amp := strings.LastIndexByte(s[max(0, cut-len("&amp;")):cut], '&'); amp >= 0 {
		start := max(0, cut-len("&amp;")) + amp
		if !strings.Contains(s[start:cut], ";") {
			cut = start
		}
	}
	if cut == 0 { // only for invalid UTF-8 or a tiny limit: never loop forever
		cut = limit
	}
	return cut
}

// truncate shortens s to at most limit bytes at a safe point, marking the cut.
func truncate(s string, limit int) string {
	if len(s) <= limit {
		return s
	}
	const ell = "…"
	return s[:safeCut(s, limit-len(ell))] + ell
}
