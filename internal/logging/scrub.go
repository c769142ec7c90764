package logging

import (
	"io"
	"net/url"
	"sort"
	"strings"
	"sync"
)

// Scrubber replaces secret values (and their URL-escaped forms) in any
// text. It covers what does not go through the log handler: the final
// error main prints, a recovered panic, a command's own output. Secrets
// may be added as they become known (a config file is read after the
// process starts); it is safe for concurrent use.
type Scrubber struct {
	mu    sync.RWMutex
	forms map[string]bool
	r     *strings.Replacer // nil while there is nothing to replace
}

// NewScrubber returns a Scrubber for secrets; empty values are ignored.
func NewScrubber(secrets ...string) *Scrubber {
	s := &Scrubber{forms: map[string]bool{}}
	s.Add(secrets...)
	return s
}

// Add makes s scrub secrets too.
func (s *Scrubber) Add(secrets ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	changed := false
	for _, f := range secretForms(secrets) {
		if !s.forms[f] {
			s.forms[f], changed = true, true
		}
	}
	if !changed {
		return
	}
	list := make([]string, 0, len(s.forms))
	for f := range s.forms {
		list = append(list, f)
	}
	s.r = replacer(longestFirst(list))
}

// String returns text with every secret replaced by [REDACTED].
func (s *Scrubber) String(text string) string {
	s.mu.RLock()
	r := s.r
	s.mu.RUnlock()
	if r == nil {
		return text
	}
	return r.Replace(text)
}

// Writer returns a writer that scrubs each write before passing it to w.
// A secret split across two writes would get through, so callers write
// whole lines or messages at once (fmt.Fprint*, slog handlers do).
func (s *Scrubber) Writer(w io.Writer) io.Writer { return &scrubWriter{s: s, w: w} }

type scrubWriter struct {
	s *Scrubber
	w io.Writer
}

func (sw *scrubWriter) Write(p []byte) (int, error) {
	clean := sw.s.String(string(p))
	if _, err := io.WriteString(sw.w, clean); err != nil {
		return 0, err
	}
	// The caller's bytes are all consumed, whatever length they became.
	return len(p), nil
}

// secretForms is each non-empty secret as written and URL-escaped: a token
// inside a request URL or a form body is escaped.
func secretForms(secrets []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range secrets {
		if s == "" {
			continue
		}
		for _, f := range []string{s, url.QueryEscape(s), url.PathEscape(s)} {
			if !seen[f] {
				seen[f] = true
				out = append(out, f)
			}
		}
	}
	return out
}

// longestFirst sorts so that a secret containing another is replaced whole.
func longestFirst(list []string) []string {
	sort.Slice(list, func(i, j int) bool {
		if len(list[i]) != len(list[j]) {
			return len(list[i]) > len(list[j])
		}
		return list[i] < list[j]
	})
	return list
}

func replacer(list []string) *strings.Replacer {
	pairs := make([]string, 0, 2*len(list))
	for _, f := range list {
		pairs = append(pairs, f, Redacted)
	}
	return strings.NewReplacer(pairs...)
}
