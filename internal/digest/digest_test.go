package digest

import (
	"strings"
	"testing"
	"time"

	"github.com/reportbot/reportbot/bot/markup"
	"github.com/reportbot/reportbot/knowledge"
)

var now = time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)

func report(id, title, date string, added time.Time) *knowledge.Report {
	return &knowledge.Report{
		ID: id, Title: title, Date: date, Added: added,
		Sentences: []knowledge.Sentence{
			{Text: title + " was held."},
			{Text: "Ada Example presided over the " + id + " meeting."},
			{Text: "Bo Sample and Cy Person spoke about river cleanup."},
		},
		People: []knowledge.Person{
			{Name: "Ada Example", Actions: []knowledge.Action{{Kind: knowledge.Presided, Sentence: 1}, {Kind: knowledge.Spoke, Sentence: 1}}},
			{Name: "Bo Sample", Actions: []knowledge.Action{{Kind: knowledge.Spoke, Sentence: 2}, {Kind: knowledge.Spoke, Sentence: 2}}},
			{Name: "Cy Person", Actions: []knowledge.Action{{Kind: knowledge.Spoke, Sentence: 2}}},
			{Name: "Di Onlooker", Actions: []knowledge.Action{{Kind: knowledge.Attended, Sentence: 2}}},
		},
		Terms: []knowledge.Term{
			{Text: "budget", Sentences: []int{0}},
			{Text: "river cleanup", Sentences: []int{1, 2}},
			{Text: "budget", Sentences: []int{0}},
		},
	}
}

func TestNewReportsListed(t *testing.T) {
	kb := &knowledge.KB{Reports: []*knowledge.Report{
		report("old", "Old meeting", "2026-01-05", now.Add(-30*24*time.Hour)),
		report("added", "Freshly added meeting", "2025-12-01", now.Add(-time.Hour)),
		report("dated", "Meeting held yesterday", "2026-03-09", now.Add(-30*24*time.Hour)),
		report("future", "Meeting next week", "2026-03-17", now.Add(-30*24*time.Hour)),
		report("later", "Added after the digest moment", "2026-03-10", now.Add(time.Hour)),
	}}
	// The last digest was two days ago, so a report dated yesterday is new.
	d := Build(Request{KB: kb, Since: now.Add(-48 * time.Hour), Now: now}, Options{WhenNothingNew: Skip})
	if got := strings.Join(d.Reports, ","); got != "dated,added" {
		t.Fatalf("listed %q, want newest date first: dated,added", got)
	}
	text := markup.Plain(d.Doc)
	for _, want := range []string{
		"Freshly added meeting · 2025-12-01",
		"Meeting held yesterday · 2026-03-09",
		"Presided: Ada Example",
		"3 people spoke", // each speaker once, the attendee not at all
		"Key terms: river cleanup; budget",
		"/summary", "/who NAME", "/reports",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("digest lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "Old meeting") || strings.Contains(text, "next week") {
		t.Errorf("digest lists old or future reports:\n%s", text)
	}
	if d.ArchiveItem != "" {
		t.Errorf("archive item %q alongside new reports", d.ArchiveItem)
	}
}

func TestDatedUsesChatZone(t *testing.T) {
	// 12:00 UTC on 10 March is already 11 March in Auckland, so a report
	// dated the 11th is today's news there and not yet in UTC.
	kb := &knowledge.KB{Reports: []*knowledge.Report{report("nz", "Tomorrow in UTC", "2026-03-11", now.Add(-30*24*time.Hour))}}
	auckland, err := time.LoadLocation("Pacific/Auckland")
	if err != nil {
		t.Fatal(err)
	}
	since := now.Add(-24 * time.Hour)
	noon := now.Add(3 * time.Hour)
	if got := New(kb, since, noon, auckland); len(got) != 1 {
		t.Fatalf("Auckland: %d new, want 1", len(got))
	}
	if got := New(kb, since, noon, time.UTC); len(got) != 0 {
		t.Fatalf("UTC: %d new, want 0", len(got))
	}
}

func TestFirstDigestLooksBackAWeek(t *testing.T) {
	kb := &knowledge.KB{Reports: []*knowledge.Report{
		report("week", "Six days ago", "", now.Add(-6*24*time.Hour)),
		report("month", "A month ago", "", now.Add(-30*24*time.Hour)),
	}}
	d := Build(Request{KB: kb, Now: now}, Options{})
	if got := strings.Join(d.Reports, ","); got != "week" {
		t.Fatalf("first digest listed %q, want week", got)
	}
	if !strings.Contains(markup.Plain(d.Doc), "Six days ago · undated") {
		t.Fatalf("undated report headline: %s", markup.Plain(d.Doc))
	}
}

func TestNothingNewSkip(t *testing.T) {
	kb := &knowledge.KB{Reports: []*knowledge.Report{report("old", "Old", "2026-01-01", now.Add(-30*24*time.Hour))}}
	d := Build(Request{KB: kb, Since: now.Add(-time.Hour), Now: now}, Options{WhenNothingNew: Skip})
	if !d.Doc.Empty() {
		t.Fatalf("skip must give an empty digest, got:\n%s", markup.Plain(d.Doc))
	}
}

func TestNothingNewArchiveNeverRepeats(t *testing.T) {
	rep := report("old", "Old", "2026-01-01", now.Add(-30*24*time.Hour))
	rep.Event.Sentence = 0
	kb := &knowledge.KB{Reports: []*knowledge.Report{rep}}
	shown := map[string]bool{}
	var quotes []string
	for i := 0; i < 5; i++ {
		d := Build(Request{KB: kb, Since: now.Add(-time.Hour), Now: now, Shown: shown}, Options{WhenNothingNew: Archive})
		if d.Doc.Empty() {
			break
		}
		if d.ArchiveItem == "" || shown[d.ArchiveItem] {
			t.Fatalf("item %q repeated or unnamed", d.ArchiveItem)
		}
		text := markup.Plain(d.Doc)
		if !strings.Contains(text, "From the archive") || !strings.Contains(text, "Old · 2026-01-01") {
			t.Fatalf("archive digest:\n%s", text)
		}
		shown[d.ArchiveItem] = true
		quotes = append(quotes, d.ArchiveItem)
	}
	// The event sentence, then the top term's sentences (1, 2); 0 is not
	// shown twice.
	if got := strings.Join(quotes, " "); got != "old#0 old#1 old#2" {
		t.Fatalf("archive items %q, want old#0 old#1 old#2 then nothing", got)
	}
}

func TestEmptyKB(t *testing.T) {
	if d := Build(Request{Now: now}, Options{WhenNothingNew: Archive}); !d.Doc.Empty() {
		t.Fatal("nil KB must give an empty digest")
	}
	if d := Build(Request{KB: &knowledge.KB{}, Now: now}, Options{WhenNothingNew: Archive}); !d.Doc.Empty() {
		t.Fatal("empty KB must give an empty digest")
	}
}

func TestNotRepeatedNextDay(t *testing.T) {
	// Listed by yesterday's digest (dated and loaded by then): not again today.
	kb := &knowledge.KB{Reports: []*knowledge.Report{report("y", "Yesterday", "2026-03-09", now.Add(-30*24*time.Hour))}}
	if got := New(kb, now.Add(-24*time.Hour), now, time.UTC); len(got) != 0 {
		t.Fatalf("listed again: %d", len(got))
	}
}
