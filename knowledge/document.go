package knowledge

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/reportbot/reportbot/knowledge/formats"
)

// parseDocument reads a file in a format that is not plain text (Markdown,
// HTML, PDF, Word) through knowledge/formats, then parses its text as a
// plain report with the headline, date and tags the format stated.
func parseDocument(name string, data []byte, added time.Time) (*Report, error) {
	fail := func(err error) (*Report, error) { return nil, &FileError{File: name, Err: err} }
	if len(bytes.TrimSpace(data)) == 0 {
		return fail(ErrEmpty)
	}
	doc, err := formats.Read(name, data)
	if err != nil {
		return fail(err)
	}
	text := doc.Text
	if doc.Date != "" {
		// As a date header, so relative dates in the text resolve against it.
		text = "date " + doc.Date + "\n" + text
	}
	r, err := parseText(name, text, added)
	if err != nil {
		return nil, err
	}
	if doc.Title != "" {
		r.Title = doc.Title
	}
	r.Tags = MergeTags(r.Tags, doc.Tags)
	return r, nil
}

// parseText parses converted text the way Parse reads a .txt file (a
// leading "date YYYY-MM-DD" still counts).
func parseText(name, text string, added time.Time) (*Report, error) {
	txt := strings.TrimSuffix(name, filepath.Ext(name)) + ".txt"
	r, err := Parse(txt, []byte(text), added)
	if err != nil {
		var fe *FileError
		if errors.As(err, &fe) {
			return nil, &FileError{File: name, Err: fe.Err}
		}
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return r, nil
}

// MergeTags is the union of tag lists, each tag in its one spelling, sorted.
func MergeTags(lists ...[]string) []string {
	seen := map[string]bool{}
	var out []string
	for _, l := range lists {
		for _, t := range l {
			if t = formats.NormalizeTag(t); t != "" && !seen[t] {
				seen[t] = true
				out = append(out, t)
			}
		}
	}
	sort.Strings(out)
	return out
}

// folderTags are the names of the folders between a report folder given to
// LoadPaths and the file: reports/finance/q3.pdf under reports/ is tagged
// "finance". A file directly in the folder has none.
func folderTags(root, file string) []string {
	rel, err := filepath.Rel(root, filepath.Dir(file))
	if err != nil || rel == "." || strings.HasPrefix(rel, "..") {
		return nil
	}
	return strings.Split(filepath.ToSlash(rel), "/")
}

// rootTags are the folder tags of a file given alone, from the first root
// folder that holds it.
func rootTags(roots []string, file string) []string {
	for _, root := range roots {
		if st, err := os.Stat(root); err != nil || !st.IsDir() {
			continue
		}
		if rel, err := filepath.Rel(root, file); err == nil && !strings.HasPrefix(rel, "..") {
			return folderTags(root, file)
		}
	}
	return nil
}
