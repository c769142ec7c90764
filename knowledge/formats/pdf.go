package formats

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strings"

	"github.com/ledongthuc/pdf"
)

// A PDF is read from its text layer (github.com/ledongthuc/pdf, a pure-Go
// reader descended from rsc.io/pdf). Rows of text are rebuilt from their
// positions, and a gap clearly wider than the usual line spacing starts a
// new paragraph, so sentences that wrap across lines join again.

func readPDF(data []byte) (Document, error) {
	if !bytes.HasPrefix(bytes.TrimLeft(data, "\x00\t\n\r "), []byte("%PDF-")) {
		return Document{}, ErrCorrupt
	}
	r, err := pdf.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		if errors.Is(err, pdf.ErrInvalidPassword) || strings.Contains(err.Error(), "encrypt") {
			return Document{}, ErrEncrypted
		}
		return Document{}, corrupt(err)
	}
	var paras []string
	var unpacked int64
	for i := 1; i <= r.NumPage(); i++ {
		p := r.Page(i)
		if p.V.IsNull() {
			continue
		}
		// A compressed content stream can unpack to gigabytes (a "zip
		// bomb"), and every glyph becomes a value in memory: measure first.
		n, err := contentSize(p.V.Key("Contents"), maxPDFContent-unpacked)
		if err != nil {
			return Document{}, err
		}
		unpacked += n
		paras = append(paras, pageParagraphs(p.Content().Text)...)
	}
	text := joinParagraphs(paras)
	if strings.TrimSpace(text) == "" {
		return Document{}, ErrNoText
	}
	return Document{Text: text}, nil
}

// pageParagraphs rebuilds a page's lines from its glyphs, in the order the
// page draws them (usually reading order, and columns stay apart), then
// joins lines into paragraphs.
func pageParagraphs(glyphs []pdf.Text) []string {
	type line struct {
		y    float64
		text strings.Builder
	}
	var lines []*line
	var prev pdf.Text
	for _, g := range glyphs {
		size := math.Max(g.FontSize, 1)
		var cur *line
		if len(lines) > 0 {
			cur = lines[len(lines)-1]
		}
		switch {
		case cur == nil || math.Abs(g.Y-cur.y) > size*0.4:
			cur = &line{y: g.Y}
			lines = append(lines, cur)
		case g.X-(prev.X+prev.W) > size*0.2:
			// A gap wider than letter spacing: words placed apart, with no
			// space character between them.
			cur.text.WriteByte(' ')
		}
		cur.text.WriteString(g.S)
		prev = g
	}
	var kept []*line
	for _, l := range lines {
		if strings.TrimSpace(l.text.String()) != "" {
			kept = append(kept, l)
		}
	}
	if len(kept) == 0 {
		return nil
	}
	// The usual line spacing is the lower median gap between lines;
	// paragraph gaps are the rarer, wider ones.
	var gaps []float64
	for i := 1; i < len(kept); i++ {
		gaps = append(gaps, math.Abs(kept[i-1].y-kept[i].y))
	}
	sort.Float64s(gaps)
	usual := 0.0
	if len(gaps) > 0 {
		usual = gaps[(len(gaps)-1)/2]
	}
	var paras []string
	cur := []string{kept[0].text.String()}
	for i := 1; i < len(kept); i++ {
		if gap := math.Abs(kept[i-1].y - kept[i].y); usual > 0 && gap > usual*1.4 {
			paras = append(paras, strings.Join(cur, " "))
			cur = nil
		}
		cur = append(cur, kept[i].text.String())
	}
	return append(paras, strings.Join(cur, " "))
}

// maxPDFContent bounds the unpacked content streams of a whole PDF; real
// reports' text layers are a small fraction of it.
const maxPDFContent = 64 << 20

// contentSize is the unpacked size of a page's content (a stream or an
// array of them), reading no further than limit.
func contentSize(v pdf.Value, limit int64) (int64, error) {
	var streams []pdf.Value
	switch v.Kind() {
	case pdf.Array:
		for i := 0; i < v.Len(); i++ {
			streams = append(streams, v.Index(i))
		}
	case pdf.Stream:
		streams = append(streams, v)
	}
	var total int64
	for _, s := range streams {
		rc := s.Reader()
		n, err := io.Copy(io.Discard, io.LimitReader(rc, limit-total+1))
		rc.Close()
		total += n
		if total > limit {
			return total, fmt.Errorf("%w (its pages unpack to more than %d MiB)", ErrCorrupt, maxPDFContent>>20)
		}
		if err != nil {
			return total, corrupt(err)
		}
	}
	return total, nil
}
