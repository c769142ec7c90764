package bot

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reportbot/reportbot/knowledge"
)

// botFromTexts builds a bot over several reports written inline.
func botFromTexts(t *testing.T, texts ...string) *Bot {
	t.Helper()
	dir := t.TempDir()
	var paths []string
	for i, text := range texts {
		path := filepath.Join(dir, "report"+string(rune('a'+i))+".txt")
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, path)
	}
	kb, err := knowledge.Open(knowledge.OpenOptions{Reports: paths})
	if err != nil {
		t.Fatal(err)
	}
	return New(kb, Options{MinConfidence: 0.35})
}

var archiveTexts = []string{
	"date 2024-01-10\nThe Valley Growers Union held a forum on irrigation.\nUnion Chairman Petra Novak presided over the forum.\nWater engineer Samir Aziz spoke at the forum.",
	"date 2024-03-05\nThe Valley Growers Union held a seminar on orchards.\nUnion Chairman Petra Novak spoke at the seminar.\nTreasurer Lena Holm presided over the seminar.",
	"date 2024-02-01\nThe Coastal Rowing Club held a meeting on safety.\nClub Secretary Ivo Marek presided over the meeting.",
}

func TestArchiveListsEveryReportNamingAPerson(t *testing.T) {
	b := botFromTexts(t, archiveTexts...)
	for _, q := range []string{"/who Petra Novak", "Which meetings did Petra Novak attend?"} {
		text, r := ask(t, b, q)
		if !r.Found {
			t.Fatalf("%q: not found:\n%s", q, text)
		}
		// Newest first: the March seminar before the January forum.
		march, jan := strings.Index(text, "2024-03-05"), strings.Index(text, "2024-01-10")
		if march < 0 || jan < 0 || march > jan {
			t.Errorf("%q: want both reports, newest first:\n%s", q, text)
		}
		if strings.Contains(text, "2024-02-01") {
			t.Errorf("%q: lists a report that does not name her:\n%s", q, text)
		}
	}
}

func TestArchiveSaysWhichReportAnUnscopedQuestionAnswers(t *testing.T) {
	b := botFromTexts(t, archiveTexts...)
	text, r := ask(t, b, "who presided?")
	first, _, _ := strings.Cut(text, "\n")
	if !r.Found || !strings.Contains(first, "latest report") || !strings.Contains(first, "Lena Holm") {
		t.Errorf("got:\n%s", text)
	}
}
