package schedule

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/reportbot/reportbot/bot"
	"github.com/reportbot/reportbot/bot/markup"
	"github.com/reportbot/reportbot/internal/digest"
	"github.com/reportbot/reportbot/internal/store"
	"github.com/reportbot/reportbot/knowledge"
)

// A scoped chat's digest covers its reports only; an unscoped chat's
// covers every report.
func TestDigestHonoursScope(t *testing.T) {
	st := openSQLite(t, ":memory:")
	clk := &clock{t: day1}
	p := newPlatform()
	added := day1.Add(-time.Hour)
	report := func(id, title, chair, tag string) *knowledge.Report {
		return &knowledge.Report{ID: id, Title: title, Date: added.Format(time.DateOnly), Added: added, Tags: []string{tag},
			Sentences: []knowledge.Sentence{{Text: chair + " presided."}},
			People:    []knowledge.Person{{Name: chair, Actions: []knowledge.Action{{Kind: knowledge.Presided}}}}}
	}
	kb := &knowledge.KB{Reports: []*knowledge.Report{
		report("r1", "Harbour board meets", "Nils Oberg", "ports"),
		report("r2", "Cycling league meets", "Wren Adair", "sport"),
	}}
	s := New(Config{
		Store: st, KB: kb, Digest: digest.Options{WhenNothingNew: digest.Skip},
		Posters: func(string) bot.Poster { return p },
		Scope: func(_ context.Context, c store.Chat) ([]string, error) {
			if c.ID == "scoped" {
				return []string{"ports"}, nil
			}
			return nil, nil
		},
		Owner: "a", Now: clk.Now, Lease: 2 * time.Minute,
	})
	subscribe(t, st, "scoped", "09:00", "UTC", day1.Add(-24*time.Hour))
	subscribe(t, st, "open", "09:00", "UTC", day1.Add(-24*time.Hour))
	clk.Set(day1.Add(9 * time.Hour))
	tick(t, s)
	if p.total() != 2 {
		t.Fatalf("%d digests, want 2", p.total())
	}
	var scoped, open string
	for _, d := range p.docs {
		text := markup.Plain(d)
		if strings.Contains(text, "Harbour") && !strings.Contains(text, "Cycling") {
			scoped = text
		} else {
			open = text
		}
	}
	if scoped == "" || !strings.Contains(open, "Harbour") || !strings.Contains(open, "Cycling") {
		t.Errorf("digests:\nscoped:\n%s\nopen:\n%s", scoped, open)
	}
}
