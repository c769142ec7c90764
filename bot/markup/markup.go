// Package markup is the one neutral rich-text format the bot core writes.
// Each adapter renders it for its platform (Telegram HTML, Slack Block Kit,
// plain text for the console), so the core never knows about escaping rules.
//
// It lives under bot because the core writes it and every adapter reads it.
package markup

import "strings"

// Span is a run of inline text with optional emphasis or a link.
type Span struct {
	Text   string `json:"text"`
	Bold   bool   `json:"bold,omitempty"`
	Italic bool   `json:"italic,omitempty"`
	Code   bool   `json:"code,omitempty"`
	URL    string `json:"url,omitempty"`
}

// BlockKind says how a block is laid out.
type BlockKind int

const (
	// Paragraph is running text.
	Paragraph BlockKind = iota
	// Heading is a short title line.
	Heading
	// List is a bulleted list; its entries are in Items.
	List
	// Quote is quoted evidence from a report.
	Quote
)

// Block is one paragraph-level element.
type Block struct {
	Kind  BlockKind `json:"kind"`
	Spans []Span    `json:"spans,omitempty"`
	Items [][]Span  `json:"items,omitempty"`
}

// Doc is a whole reply.
type Doc struct {
	Blocks []Block `json:"blocks"`
}

// T is a plain span.
func T(s string) Span { return Span{Text: s} }

// B is a bold span.
func B(s string) Span { return Span{Text: s, Bold: true} }

// I is an italic span.
func I(s string) Span { return Span{Text: s, Italic: true} }

// C is a code span, used for commands.
func C(s string) Span { return Span{Text: s, Code: true} }

// Para appends a paragraph.
func (d *Doc) Para(spans ...Span) *Doc {
	d.Blocks = append(d.Blocks, Block{Kind: Paragraph, Spans: spans})
	return d
}

// Heading appends a heading.
func (d *Doc) Heading(s string) *Doc {
	d.Blocks = append(d.Blocks, Block{Kind: Heading, Spans: []Span{T(s)}})
	return d
}

// Quote appends a quotation.
func (d *Doc) Quote(s string) *Doc {
	d.Blocks = append(d.Blocks, Block{Kind: Quote, Spans: []Span{T(s)}})
	return d
}

// List appends a bulleted list.
func (d *Doc) List(items ...[]Span) *Doc {
	if len(items) == 0 {
		return d
	}
	d.Blocks = append(d.Blocks, Block{Kind: List, Items: items})
	return d
}

// Empty reports whether the doc has no visible content.
func (d Doc) Empty() bool { return len(d.Blocks) == 0 }

// SpansText joins the text of spans without any markup.
func SpansText(spans []Span) string {
	var b strings.Builder
	for _, s := range spans {
		b.WriteString(s.Text)
	}
	return b.String()
}

// Plain renders a doc as plain text: what the console and `ask` print, and
// what the eval reads. Blocks are separated by blank lines.
func Plain(d Doc) string {
	parts := make([]string, 0, len(d.Blocks))
	for _, bl := range d.Blocks {
		parts = append(parts, PlainBlock(bl))
	}
	return strings.Join(parts, "\n\n")
}

// PlainBlock renders one block as plain text.
func PlainBlock(bl Block) string {
	switch bl.Kind {
	case List:
		lines := make([]string, len(bl.Items))
		for i, it := range bl.Items {
			lines[i] = "• " + SpansText(it)
		}
		return strings.Join(lines, "\n")
	case Quote:
		return "> " + strings.ReplaceAll(SpansText(bl.Spans), "\n", "\n> ")
	default:
		return SpansText(bl.Spans)
	}
}
