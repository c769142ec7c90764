package bot

import (
	"context"
	"strings"
	"testing"

	"github.com/reportbot/reportbot/bench/corpus"
	"github.com/reportbot/reportbot/bot/markup"
	"github.com/reportbot/reportbot/knowledge"
)

// TestGeneratedArchiveAnswers asks the generator's questions (who presided
// over an event named by organiser and date, who is X, who chairs an
// organisation, typo'd versions, out-of-scope) over 100 generated reports.
// The answer's first line must name the right person: with many reports the
// right one must come first, not somewhere in a list.
func TestGeneratedArchiveAnswers(t *testing.T) {
	c := corpus.Generate(1, 100, 200)
	dir := t.TempDir()
	if err := c.WriteFiles(dir); err != nil {
		t.Fatal(err)
	}
	kb, err := knowledge.Open(knowledge.OpenOptions{Reports: []string{dir}})
	if err != nil {
		t.Fatal(err)
	}
	b := New(kb, Options{MinConfidence: 0.35})
	wrong := 0
	for _, q := range c.Questions {
		r := b.Ask(context.Background(), q.Text)
		text := markup.Plain(r.Doc)
		first, _, _ := strings.Cut(text, "\n")
		ok := r.Found == q.Found
		for _, e := range q.Expect {
			before, _, _ := strings.Cut(e, ",")
			name := strings.Join(strings.Fields(before)[:2], " ") // the person
			if !strings.Contains(first, name) {
				ok = false
			}
		}
		if !ok {
			wrong++
			t.Errorf("%s %q: found=%v\n%s", q.Kind, q.Text, r.Found, text)
		}
	}
	t.Logf("%d of %d right", len(c.Questions)-wrong, len(c.Questions))
}
