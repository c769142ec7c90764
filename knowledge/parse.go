package knowledge

import (
	"bytes"
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/reportbot/reportbot/knowledge/formats"
)

// FileError names the report file a problem belongs to, so one bad file in
// a folder is reported clearly and the rest still load.
type FileError struct {
	File string
	Err  error
}

func (e *FileError) Error() string { return e.File + ": " + e.Err.Error() }
func (e *FileError) Unwrap() error { return e.Err }

// Reasons a report file is rejected.
var (
	ErrEmpty    = errors.New("report is empty")
	ErrBinary   = errors.New("report is not text (binary data or invalid UTF-8)")
	ErrTooLarge = errors.New("report is larger than the size limit")
	// ErrControl is valid UTF-8 text full of control characters (terminal
	// colour codes, bells): text, but not a report as it stands.
	ErrControl = errors.New("report contains control characters")
)

// dateHeader matches an optional leading "date YYYY-MM-DD" (also "Date:"),
// which may share its line with the first sentence of the text.
var dateHeader = regexp.MustCompile(`(?i)^\s*date\s*:?\s*(\d{4}-\d{2}-\d{2})\b[ \t]*`)

// Parse reads one report from its bytes. name (a file name) gives the
// report's ID and appears in errors.
func Parse(name string, data []byte, added time.Time) (*Report, error) {
	fail := func(err error) (*Report, error) { return nil, &FileError{File: name, Err: err} }
	if formats.Converts(name) {
		return parseDocument(name, data, added)
	}
	if bytes.IndexByte(data, 0) >= 0 || !utf8.Valid(data) {
		return fail(ErrBinary)
	}
	text := strings.TrimPrefix(string(data), "\uFEFF")
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	if strings.TrimSpace(text) == "" {
		return fail(ErrEmpty)
	}
	if err := controlHeavy(text); err != nil {
		return fail(err)
	}
	r := &Report{ID: reportID(name), Added: added}
	if m := dateHeader.FindStringSubmatchIndex(text); m != nil {
		d := text[m[2]:m[3]]
		if _, err := time.Parse("2006-01-02", d); err != nil {
			return fail(fmt.Errorf("bad date header %q", d))
		}
		r.Date = d
		text = text[m[1]:]
	}
	isMarkdown := strings.EqualFold(filepath.Ext(name), ".md")
	for pi, para := range paragraphs(text, isMarkdown, &r.Title) {
		for _, s := range SplitSentences(para) {
			r.Sentences = append(r.Sentences, Sentence{Para: pi, Text: s})
		}
	}
	if len(r.Sentences) == 0 {
		return fail(ErrEmpty)
	}
	extract(r)
	return r, nil
}

// controlHeavy catches binary-ish text that happens to be valid UTF-8: a
// real report has almost no control characters besides newlines and tabs.
// The error says which character and where, since the file is text and a
// person can fix it.
func controlHeavy(s string) error {
	n, bad, line := 0, 0, 1
	var first rune
	firstLine := 0
	for _, c := range s {
		n++
		if c == '\n' {
			line++
		}
		if unicode.IsControl(c) && c != '\n' && c != '\t' {
			if bad == 0 {
				first, firstLine = c, line
			}
			bad++
		}
	}
	if bad == 0 || bad*100 <= n {
		return nil
	}
	return fmt.Errorf("%w: %d of them, the first %s on line %d; a text report has none besides tabs and newlines (terminal colour codes or a bell copied from a console?)",
		ErrControl, bad, controlName(first), firstLine)
}

// controlName is how a person recognises a control character.
func controlName(c rune) string {
	names := map[rune]string{0x07: "BEL", 0x08: "BS", 0x0B: "VT", 0x0C: "FF", 0x1B: "ESC", 0x7F: "DEL"}
	if name, ok := names[c]; ok {
		return fmt.Sprintf("%s (U+%04X)", name, c)
	}
	return fmt.Sprintf("U+%04X", c)
}

func reportID(name string) string {
	base := filepath.Base(name)
	return strings.TrimSuffix(base, filepath.Ext(base))
}

// paragraphs splits on blank lines and joins wrapped lines. In Markdown the
// first heading becomes the title and markup characters are dropped.
func paragraphs(text string, markdown bool, title *string) []string {
	var out []string
	var cur []string
	flush := func() {
		if len(cur) > 0 {
			out = append(out, strings.Join(cur, " "))
			cur = nil
		}
	}
	lines := strings.Split(text, "\n")
	// Reports come either hard-wrapped (a paragraph over several lines,
	// joined here) or one paragraph per line with no blank lines between
	// (the usual shape of copied web text). Joining the second kind runs a
	// headline into the first sentence, so each of its lines stands alone.
	perLine := linePerParagraph(lines)
	longest := 0
	for _, l := range lines {
		longest = max(longest, utf8.RuneCountInString(strings.TrimSpace(l)))
	}
	for _, line := range lines {
		line = strings.TrimSpace(line)
		if markdown {
			if h := strings.TrimLeft(line, "#"); h != line {
				flush()
				if *title == "" {
					*title = strings.TrimSpace(h)
				}
				continue
			}
			line = strings.TrimSpace(strings.TrimLeft(line, "-*>+ "))
			line = strings.NewReplacer("**", "", "__", "", "`", "").Replace(line)
		}
		if line == "" {
			flush()
			continue
		}
		// A headline without a full stop before the first sentence.
		if len(cur) > 0 && !perLine && headlineBreak(cur[len(cur)-1], line, longest) {
			flush()
		}
		cur = append(cur, line)
		if perLine {
			flush()
		}
	}
	flush()
	return out
}

// linePerParagraph reports whether a text puts one paragraph on each line:
// some line is longer than any hard wrapping would make it.
func linePerParagraph(lines []string) bool {
	for _, l := range lines {
		if utf8.RuneCountInString(strings.TrimSpace(l)) > 160 {
			return true
		}
	}
	return false
}

// abbreviations do not end a sentence even when followed by a capital.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "sr": true, "jr": true, "st": true,
	"no": true, "nos": true, "vs": true, "etc": false, "e.g": true, "i.e": true, "gen": true, "gov": true,
	"sen": true, "rep": true, "rev": true, "hon": true, "col": true, "lt": true, "capt": true, "sgt": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true,
	"sep": true, "sept": true, "oct": true, "nov": true, "dec": true, "inc": true, "ltd": true,
	"co": true, "corp": true, "dept": true, "approx": true, "fig": true, "vol": true, "art": true,
}

// SplitSentences splits a paragraph into sentences. A period ends a sentence
// only when followed by space and a capital, digit or quote, and it is not
// part of an abbreviation ("Dec.", "No.", "Mr.") or initials ("U.S.").
func SplitSentences(para string) []string {
	var out []string
	start := 0
	rs := []rune(para)
	for i := 0; i < len(rs); i++ {
		c := rs[i]
		if c != '.' && c != '!' && c != '?' && c != '。' {
			continue
		}
		// Include closing quotes and brackets in the sentence.
		j := i + 1
		for j < len(rs) && strings.ContainsRune("\"'”’)]", rs[j]) {
			j++
		}
		if j < len(rs) && !unicode.IsSpace(rs[j]) {
			continue // "3.5", "U.S.", "example.com"
		}
		k := j
		for k < len(rs) && unicode.IsSpace(rs[k]) {
			k++
		}
		if k < len(rs) && !startsSentence(rs[k]) {
			continue
		}
		if c == '.' && isAbbreviation(rs[start:i]) && k < len(rs) {
			continue
		}
		if s := strings.TrimSpace(string(rs[start:j])); s != "" {
			out = append(out, s)
		}
		start = j
		i = j - 1
	}
	if s := strings.TrimSpace(string(rs[start:])); s != "" {
		out = append(out, s)
	}
	return out
}

func startsSentence(r rune) bool {
	return unicode.IsUpper(r) || unicode.IsDigit(r) || strings.ContainsRune("\"'“‘([", r)
}

// isAbbreviation looks at the word before a period.
func isAbbreviation(before []rune) bool {
	w := len(before)
	for w > 0 && !unicode.IsSpace(before[w-1]) && before[w-1] != '(' {
		w--
	}
	word := strings.ToLower(string(before[w:]))
	word = strings.TrimLeft(word, "\"'“‘")
	if word == "" {
		return false
	}
	if abbreviations[word] {
		return true
	}
	// Initials and dotted acronyms: "U.S", "J", "e.g".
	letters := strings.ReplaceAll(word, ".", "")
	if utf8.RuneCountInString(letters) == 1 && unicode.IsLetter([]rune(letters)[0]) {
		return true
	}
	return strings.Contains(word, ".") && utf8.RuneCountInString(letters) <= 4
}

// headlineBreak reports whether prev, a line of a hard-wrapped text, is a
// headline or caption of its own rather than wrapped: it ends with no
// punctuation, is clearly shorter than the text's wrapped lines, and the
// next line starts with a capital.
func headlineBreak(prev, next string, longest int) bool {
	last, _ := utf8.DecodeLastRuneInString(prev)
	first, _ := utf8.DecodeRuneInString(next)
	return (unicode.IsLetter(last) || unicode.IsDigit(last)) && unicode.IsUpper(first) && utf8.RuneCountInString(prev)*10 < longest*8 &&
		!strings.HasSuffix(prev, " and") && !strings.HasSuffix(prev, " of")
}
