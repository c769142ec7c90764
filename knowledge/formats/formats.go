// Package formats turns a report file as people have it — plain text,
// Markdown, a web page, a PDF or a Word document — into the plain text the
// knowledge package reads, with what the format itself says about the
// report: its headline, its date and its tags.
//
// It is part of the core: it knows no platform and no store, only bytes and
// a file name. Every reader is pure Go, so the bot needs no external
// programs and no cgo.
package formats

import (
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

// Document is a report file read into plain text.
type Document struct {
	// Text is the report's text: paragraphs separated by blank lines,
	// markup removed.
	Text string
	// Title is the headline when the format marks one (a Markdown or HTML
	// heading, front matter, a Word Title paragraph), else "".
	Title string
	// Date is YYYY-MM-DD when the format states it (front matter, an HTML
	// dateline or published-time), else "".
	Date string
	// Tags come from Markdown front matter.
	Tags []string
}

// Reasons a file is not read. Each says what the person who sent the file
// can do about it, because these reach chat users verbatim.
var (
	ErrUnsupported = errors.New("not a supported report format (send .txt, .md, .html, .pdf or .docx)")
	ErrNoText      = errors.New("the PDF has no text layer (a scanned document?); send a PDF with selectable text, or the text itself")
	ErrEncrypted   = errors.New("the document is encrypted or password-protected; send an unprotected copy")
	ErrCorrupt     = errors.New("the file is damaged or not what its name says")
)

// reader reads one format.
type reader func(data []byte) (Document, error)

// readers maps a lower-case extension to its reader. Plain text has no
// reader: the knowledge package reads it as it always has.
var readers = map[string]reader{
	".md":       readMarkdown,
	".markdown": readMarkdown,
	".html":     readHTML,
	".htm":      readHTML,
	".pdf":      readPDF,
	".docx":     readDOCX,
}

// Extensions lists every extension a report may have, plain text included,
// for help texts and error messages.
func Extensions() []string { return []string{".txt", ".md", ".html", ".htm", ".pdf", ".docx"} }

// Supported reports whether name has an extension some reader (or the plain
// text path) handles.
func Supported(name string) bool {
	ext := strings.ToLower(filepath.Ext(name))
	_, ok := readers[ext]
	return ok || ext == ".txt"
}

// Converts reports whether name needs a reader before it is plain text.
func Converts(name string) bool {
	_, ok := readers[strings.ToLower(filepath.Ext(name))]
	return ok
}

// Read reads a file by its extension. A reader that panics on hostile
// input is turned into ErrCorrupt: a bad upload must never take the bot down.
func Read(name string, data []byte) (doc Document, err error) {
	rd, ok := readers[strings.ToLower(filepath.Ext(name))]
	if !ok {
		return Document{}, ErrUnsupported
	}
	defer func() {
		if p := recover(); p != nil {
			doc, err = Document{}, fmt.Errorf("%w (%v)", ErrCorrupt, p)
		}
	}()
	return rd(data)
}

// dateLayouts are the date shapes metadata uses (front matter, HTML meta
// tags, <time datetime>), most specific first.
var dateLayouts = []string{
	time.RFC3339, "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02 15:04:05",
	"2006-01-02", "2006/01/02", "January 2, 2006", "Jan 2, 2006", "2 January 2006", "20060102",
}

var leadingISO = regexp.MustCompile(`^(\d{4})-(\d{2})-(\d{2})`)

// normalizeDate turns a metadata date into YYYY-MM-DD, or "" if it is not one.
func normalizeDate(s string) string {
	s = strings.TrimSpace(s)
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.Format("2006-01-02")
		}
	}
	if m := leadingISO.FindString(s); m != "" {
		if _, err := time.Parse("2006-01-02", m); err == nil {
			return m
		}
	}
	return ""
}

// spaces collapses runs of white space inside a paragraph.
var spaces = regexp.MustCompile(`[ \t\x{00a0}\x{2000}-\x{200b}\x{3000}]+`)

// joinParagraphs writes paragraphs as the knowledge package reads them:
// one per line, with blank lines between.
func joinParagraphs(paras []string) string {
	var out []string
	for _, p := range paras {
		p = strings.TrimSpace(spaces.ReplaceAllString(strings.ReplaceAll(p, "\n", " "), " "))
		if p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, "\n\n")
}

// corrupt is ErrCorrupt with the reader's own words, on one line: the
// reason reaches chat users, and a library's multi-line detail should not.
func corrupt(err error) error {
	msg := strings.Join(strings.Fields(err.Error()), " ")
	if len(msg) > 120 {
		msg = msg[:120] + "…"
	}
	return fmt.Errorf("%w (%s)", ErrCorrupt, msg)
}
