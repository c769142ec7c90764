package formats

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Markdown is read as text: what a reader sees rendered is what the
// knowledge base gets. Link text stays ("[Jane Roe](…)" is "Jane Roe", so
// she can be found by name), code blocks, images, HTML comments and front
// matter go, and a leading date line sets the date instead of becoming a
// sentence.

var (
	mdImage     = regexp.MustCompile(`!\[([^\]]*)\]\([^)]*\)|!\[([^\]]*)\]\[[^\]]*\]`)
	mdLink      = regexp.MustCompile(`\[([^\]]+)\]\((?:[^()]|\([^)]*\))*\)`)
	mdRefLink   = regexp.MustCompile(`\[([^\]]+)\]\[[^\]]*\]`)
	mdAutolink  = regexp.MustCompile(`<((?:https?|mailto):[^>\s]+)>`)
	mdLinkDef   = regexp.MustCompile(`^\s{0,3}\[[^\]]+\]:\s*\S+`)
	mdHTMLTag   = regexp.MustCompile(`</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>`)
	mdComment   = regexp.MustCompile(`(?s)<!--.*?-->`)
	mdStrong    = regexp.MustCompile(`(\*\*|__)(\S(?:.*?\S)?)(\*\*|__)`)
	mdEmStar    = regexp.MustCompile(`\*(\S(?:[^*]*?\S)?)\*`)
	mdEmUnder   = regexp.MustCompile(`(^|[^\pL\pN_])_(\S(?:[^_]*?\S)?)_([^\pL\pN_]|$)`)
	mdStrike    = regexp.MustCompile(`~~(\S(?:.*?\S)?)~~`)
	mdCode      = regexp.MustCompile("`+([^`]+)`+")
	mdList      = regexp.MustCompile(`^(?:[-*+]|\d{1,3}[.)])\s+`)
	mdRule      = regexp.MustCompile(`^(?:(?:-\s*){3,}|(?:\*\s*){3,}|(?:_\s*){3,})$`)
	mdSetext    = regexp.MustCompile(`^(?:=+|-+)$`)
	mdTableSep  = regexp.MustCompile(`^\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?$`)
	mdFence     = regexp.MustCompile("^(```+|~~~+)")
	mdDateLine  = regexp.MustCompile(`(?i)^date\s*:?\s*(\d{4}-\d{2}-\d{2})\s*$`)
	mdEscapable = strings.NewReplacer(`\*`, `*`, `\_`, `_`, `\#`, `#`, `\[`, `[`, `\]`, `]`, `\(`, `(`, `\)`, `)`, "\\`", "`", `\\`, `\`)
)

func readMarkdown(data []byte) (Document, error) {
	text := strings.TrimPrefix(string(data), "\uFEFF")
	text = strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n")
	var doc Document
	text, err := frontMatter(text, &doc)
	if err != nil {
		return Document{}, err
	}
	text = mdComment.ReplaceAllString(text, "")

	var paras []string
	var cur []string
	flush := func() {
		if len(cur) > 0 {
			paras = append(paras, strings.Join(cur, " "))
			cur = nil
		}
	}
	lines := strings.Split(text, "\n")
	fence := ""     // the open code fence, if any
	blank := true   // the previous line was blank (or the start)
	inList := false // the current block is a list item
	body := false   // a body paragraph has been seen
	for i := 0; i < len(lines); i++ {
		raw := lines[i]
		line := strings.TrimSpace(raw)
		if fence != "" {
			if strings.HasPrefix(line, fence) {
				fence = ""
			}
			continue
		}
		if m := mdFence.FindString(line); m != "" {
			flush()
			fence = m
			continue
		}
		if line == "" {
			flush()
			blank, inList = true, false
			continue
		}
		// An indented code block starts after a blank line; an indented line
		// in a list item is the item's continuation.
		if blank && !inList && (strings.HasPrefix(raw, "    ") || strings.HasPrefix(raw, "\t")) {
			continue
		}
		if mdLinkDef.MatchString(raw) || mdTableSep.MatchString(line) || mdRule.MatchString(line) {
			flush()
			blank = true
			continue
		}
		if h := strings.TrimLeft(line, "#"); h != line && (h == "" || h[0] == ' ') {
			flush()
			h = strings.TrimSpace(strings.TrimRight(strings.TrimSpace(h), "#"))
			if doc.Title == "" && !body {
				doc.Title = inline(h)
			}
			blank = true
			continue
		}
		// A setext heading: a line underlined with === or ---.
		if len(cur) == 1 && mdSetext.MatchString(line) {
			if doc.Title == "" && !body && len(paras) == 0 {
				doc.Title = cur[0]
			}
			cur = nil
			blank = true
			continue
		}
		for strings.HasPrefix(line, ">") {
			line = strings.TrimSpace(line[1:])
		}
		if m := mdList.FindString(line); m != "" {
			// Each list item is its own paragraph: items rarely end with a
			// full stop, and joined they would read as one long sentence.
			flush()
			line = line[len(m):]
			inList = true
		}
		if strings.HasPrefix(line, "|") || strings.HasSuffix(line, "|") {
			line = tableRow(line)
		}
		line = inline(line)
		if line == "" {
			continue
		}
		if !body && doc.Date == "" {
			if m := mdDateLine.FindStringSubmatch(line); m != nil {
				if _, err := time.Parse("2006-01-02", m[1]); err != nil {
					return Document{}, fmt.Errorf("bad date line %q", m[1])
				}
				doc.Date = m[1]
				flush()
				continue
			}
		}
		cur = append(cur, line)
		body = true
		blank = false
	}
	flush()
	doc.Text = joinParagraphs(paras)
	return doc, nil
}

// inline removes inline markup and keeps the text a reader sees.
func inline(s string) string {
	s = mdImage.ReplaceAllString(s, "")
	s = mdLink.ReplaceAllString(s, "$1")
	s = mdRefLink.ReplaceAllString(s, "$1")
	s = mdAutolink.ReplaceAllString(s, "$1")
	s = mdCode.ReplaceAllString(s, "$1")
	s = mdHTMLTag.ReplaceAllString(s, "")
	s = mdStrong.ReplaceAllString(s, "$2")
	s = mdStrike.ReplaceAllString(s, "$1")
	s = mdEmStar.ReplaceAllString(s, "$1")
	s = mdEmUnder.ReplaceAllString(s, "$1$2$3")
	s = mdEscapable.Replace(s)
	s = strings.TrimSuffix(s, "  ") // a hard line break
	return strings.TrimSpace(s)
}

// tableRow reads a table row as its cells, separated by semicolons.
func tableRow(line string) string {
	var cells []string
	for _, c := range strings.Split(strings.Trim(line, "|"), "|") {
		if c = strings.TrimSpace(c); c != "" {
			cells = append(cells, c)
		}
	}
	return strings.Join(cells, "; ")
}

// frontMatter cuts a leading YAML block (between "---" lines) and takes its
// title, date and tags.
func frontMatter(text string, doc *Document) (string, error) {
	if !strings.HasPrefix(text, "---\n") {
		return text, nil
	}
	rest := text[4:]
	end := -1
	for off := 0; off < len(rest); {
		nl := strings.IndexByte(rest[off:], '\n')
		line := rest[off:]
		if nl >= 0 {
			line = rest[off : off+nl]
		}
		if t := strings.TrimSpace(line); t == "---" || t == "..." {
			end = off
			break
		}
		if nl < 0 {
			break
		}
		off += nl + 1
	}
	if end < 0 {
		return text, nil // a rule at the top, not front matter
	}
	block := rest[:end]
	after := rest[end:]
	if nl := strings.IndexByte(after, '\n'); nl >= 0 {
		after = after[nl+1:]
	} else {
		after = ""
	}
	var fm struct {
		Title string `yaml:"title"`
		Date  any    `yaml:"date"`
		Tags  any    `yaml:"tags"`
	}
	if err := yaml.Unmarshal([]byte(block), &fm); err != nil {
		return "", fmt.Errorf("front matter: %w", err)
	}
	doc.Title = strings.TrimSpace(fm.Title)
	switch d := fm.Date.(type) {
	case nil:
	case time.Time:
		doc.Date = d.Format("2006-01-02")
	case string:
		if doc.Date = normalizeDate(d); doc.Date == "" && strings.TrimSpace(d) != "" {
			return "", fmt.Errorf("front matter: date %q is not a date (use YYYY-MM-DD)", d)
		}
	default:
		return "", fmt.Errorf("front matter: date %v is not a date (use YYYY-MM-DD)", d)
	}
	doc.Tags = tagList(fm.Tags)
	return after, nil
}

// tagList accepts tags as a YAML list or as one comma- or space-separated
// string.
func tagList(v any) []string {
	var raw []string
	switch t := v.(type) {
	case string:
		raw = strings.FieldsFunc(t, func(r rune) bool { return r == ',' || r == ' ' })
	case []any:
		for _, x := range t {
			raw = append(raw, fmt.Sprint(x))
		}
	}
	var out []string
	for _, r := range raw {
		if r = NormalizeTag(r); r != "" {
			out = append(out, r)
		}
	}
	return out
}

// NormalizeTag is the one spelling of a tag: lower case, no surrounding
// space or '#'. Tags from folders, front matter, chat and config meet here,
// so "Finance", "#finance" and " finance " are one tag.
func NormalizeTag(s string) string {
	return strings.ToLower(strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(s), "#")))
}
