package telegram

import (
	"html"
	"net/url"
	"regexp"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/reportbot/reportbot/bot/markup"
)

// maxMessageLen is Telegram's limit for one message. Telegram counts the
// text after entity parsing in UTF-16 code units; the renderer measures the
// HTML source the same way, which is never shorter, so a chunk that fits
// here always fits there.
const maxMessageLen = 4096

// maxURLLen keeps one link's tags well under the message limit so that
// splitting always makes progress; longer URLs are shown as plain text.
const maxURLLen = 1024

// piece is one run of text with the tags that style it. text is raw (not
// yet escaped) so a long run can be cut at any rune, and open and close are
// repeated around each part, so a cut never falls inside a tag or entity.
type piece struct {
	open, text, close string
}

func (p piece) html() string { return p.open + escape(p.text) + p.close }

// block is one rendered paragraph-level element, before splitting.
type block struct {
	wrapOpen, wrapClose string // e.g. <blockquote>…</blockquote>
	pieces              []piece
}

// Render turns a doc into Telegram HTML messages of at most maxMessageLen.
// Blocks are joined with blank lines; a message is split between blocks
// and a single over-long block is cut at line, then word, then rune
// boundaries.
func Render(d markup.Doc) []string {
	return render(d, maxMessageLen)
}

func render(d markup.Doc, limit int) []string {
	var units []string
	for _, bl := range d.Blocks {
		b := renderBlock(bl)
		if len(b.pieces) == 0 {
			continue
		}
		whole := b.html()
		if len16(whole) <= limit {
			units = append(units, whole)
			continue
		}
		units = append(units, b.split(limit)...)
	}
	var out []string
	var cur strings.Builder
	for _, u := range units {
		if cur.Len() > 0 && len16(cur.String())+2+len16(u) > limit {
			out = append(out, cur.String())
			cur.Reset()
		}
		if cur.Len() > 0 {
			cur.WriteString("\n\n")
		}
		cur.WriteString(u)
	}
	if cur.Len() > 0 {
		out = append(out, cur.String())
	}
	return out
}

func renderBlock(bl markup.Block) block {
	var b block
	switch bl.Kind {
	case markup.Heading:
		for _, s := range bl.Spans {
			s.Bold = true
			b.add(s)
		}
	case markup.List:
		for i, it := range bl.Items {
			if i > 0 {
				b.pieces = append(b.pieces, piece{text: "\n"})
			}
			b.pieces = append(b.pieces, piece{text: "• "})
			for _, s := range it {
				b.add(s)
			}
		}
	case markup.Quote:
		b.wrapOpen, b.wrapClose = "<blockquote>", "</blockquote>"
		for _, s := range bl.Spans {
			b.add(s)
		}
	default:
		for _, s := range bl.Spans {
			b.add(s)
		}
	}
	return b
}

func (b *block) add(s markup.Span) {
	if s.Text == "" {
		return
	}
	// Telegram allows nesting, except that code holds no other entity:
	// so code is innermost and a link outermost.
	var open, close strings.Builder
	if u, ok := safeURL(s.URL); ok {
		open.WriteString(`<a href="` + escapeAttr(u) + `">`)
	}
	if s.Bold {
		open.WriteString("<b>")
	}
	if s.Italic {
		open.WriteString("<i>")
	}
	if s.Code {
		open.WriteString("<code>")
		close.WriteString("</code>")
	}
	if s.Italic {
		close.WriteString("</i>")
	}
	if s.Bold {
		close.WriteString("</b>")
	}
	if _, ok := safeURL(s.URL); ok {
		close.WriteString("</a>")
	}
	b.pieces = append(b.pieces, piece{open: open.String(), text: s.Text, close: close.String()})
}

func (b block) html() string {
	var sb strings.Builder
	sb.WriteString(b.wrapOpen)
	for _, p := range b.pieces {
		sb.WriteString(p.html())
	}
	sb.WriteString(b.wrapClose)
	return sb.String()
}

// split packs the block's pieces into chunks of at most limit, each a
// complete, balanced HTML fragment.
func (b block) split(limit int) []string {
	budget := limit - len16(b.wrapOpen) - len16(b.wrapClose)
	var out []string
	var cur strings.Builder
	curLen := 0
	flush := func() {
		if curLen > 0 {
			out = append(out, b.wrapOpen+cur.String()+b.wrapClose)
		}
		cur.Reset()
		curLen = 0
	}
	for _, p := range b.pieces {
		text := p.text
		for text != "" {
			room := budget - curLen - len16(p.open) - len16(p.close)
			cut := cutPoint(text, room)
			if cut == 0 {
				if curLen == 0 {
					if p.open == "" && p.close == "" {
						// A limit below one escaped rune: send it anyway
						// rather than loop.
						_, cut = utf8.DecodeRuneInString(text)
					} else {
						// Only an absurdly long link gets here; dropping its
						// styling guarantees progress.
						p.open, p.close = "", ""
						continue
					}
				} else {
					flush()
					continue
				}
			}
			h := piece{open: p.open, text: text[:cut], close: p.close}.html()
			cur.WriteString(h)
			curLen += len16(h)
			if cut == len(text) {
				break
			}
			text = text[cut:]
			flush()
		}
	}
	flush()
	return out
}

// cutPoint is the byte offset at which to end a part of text whose escaped
// form fits in room UTF-16 units: after the last newline, else after the
// last space, else at the last rune that fits. 0 means nothing fits.
func cutPoint(text string, room int) int {
	fit, used := 0, 0
	lastNL, lastSpace := 0, 0
	for i, r := range text {
		w := runeEscLen16(r)
		if used+w > room {
			break
		}
		used += w
		fit = i + utf8.RuneLen(r)
		switch r {
		case '\n':
			lastNL = fit
		case ' ':
			lastSpace = fit
		}
	}
	if fit == len(text) {
		return fit
	}
	// Prefer a natural break, unless it would waste most of the room.
	switch {
	case lastNL > fit/2:
		return lastNL
	case lastSpace > fit/2:
		return lastSpace
	}
	return fit
}

func runeEscLen16(r rune) int {
	switch r {
	case '&':
		return len("&amp;")
	case '<', '>':
		return len("&lt;")
	case utf8.RuneError:
		return 1
	}
	return utf16.RuneLen(r)
}

// len16 is the length in UTF-16 code units, the unit of Telegram's limits.
func len16(s string) int {
	n := 0
	for _, r := range s {
		if l := utf16.RuneLen(r); l > 0 {
			n += l
		} else {
			n++
		}
	}
	return n
}

// escape makes text safe in Telegram HTML: only <, > and & are special
// there (quotes too inside attributes, see escapeAttr).
func escape(s string) string {
	if !strings.ContainsAny(s, "<>&") && utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func escapeAttr(s string) string {
	return strings.ReplaceAll(escape(s), `"`, "&quot;")
}

// safeURL accepts only schemes Telegram turns into links; anything else
// (javascript:, relative paths) is rendered as plain text.
func safeURL(raw string) (string, bool) {
	if raw == "" || len(raw) > maxURLLen {
		return "", false
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "", false
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https", "tg", "mailto":
		return raw, true
	}
	return "", false
}

var tagRE = regexp.MustCompile(`<[^>]*>`)

// plainFromHTML undoes the rendering, for the fallback when Telegram
// refuses a message's entities: the text is still worth sending.
func plainFromHTML(s string) string {
	return html.UnescapeString(tagRE.ReplaceAllString(s, ""))
}
