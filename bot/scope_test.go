package bot

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/reportbot/reportbot/bot/markup"
	"github.com/reportbot/reportbot/knowledge"
)

func scopedKB(t *testing.T) *knowledge.KB {
	t.Helper()
	var reports []*knowledge.Report
	for _, r := range []struct{ name, text, tag string }{
		{"harbour.txt", "The harbour board met on Monday. Chair Nils Oberg presided over the meeting. Engineer Tamsin Ruiz spoke about the new quay.", "ports"},
		{"league.txt", "The cycling league met on Tuesday. Chair Wren Adair presided over the meeting. Coach Ilse Varga spoke about the season.", "sport"},
	} {
		rep, err := knowledge.Parse(r.name, []byte(r.text), time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		rep.Tags = []string{r.tag}
		reports = append(reports, rep)
	}
	return knowledge.Build(reports, nil)
}

func plainOf(r Reply) string { return markup.Plain(r.Doc) }

// A scoped chat's answers, /reports and /speakers come from its reports
// only; an unscoped chat sees everything.
func TestScopeHonoured(t *testing.T) {
	b := New(scopedKB(t), Options{MinConfidence: 0.35})
	ctx := context.Background()
	ask := func(scope []string, q string) string {
		r, ok := b.Handle(ctx, Message{Platform: "test", ChatID: "c", ChatKind: Private, Text: q, Scope: scope})
		if !ok {
			t.Fatalf("%q: no reply", q)
		}
		return plainOf(r)
	}
	ports := []string{"ports"}
	if got := ask(ports, "/reports"); !strings.Contains(got, "harbour") || !strings.Contains(got, "tagged ports") || strings.Contains(got, "league") {
		t.Errorf("scoped /reports:\n%s", got)
	}
	if got := ask(ports, "/speakers"); !strings.Contains(got, "Tamsin Ruiz") || strings.Contains(got, "Ilse Varga") {
		t.Errorf("scoped /speakers:\n%s", got)
	}
	if got := ask(ports, "who is Wren Adair?"); strings.Contains(got, "cycling") || strings.Contains(got, "presided") {
		t.Errorf("scoped chat answered from another scope:\n%s", got)
	}
	if got := ask(nil, "who is Wren Adair?"); !strings.Contains(got, "Wren Adair") {
		t.Errorf("unscoped chat:\n%s", got)
	}
	if got := ask(nil, "/reports"); !strings.Contains(got, "harbour") || !strings.Contains(got, "league") {
		t.Errorf("unscoped /reports:\n%s", got)
	}
}

// A command's argument may be a report's ID, even one that shares no word
// with the report.
func TestCommandByReportID(t *testing.T) {
	kb := scopedKB(t)
	kb.Reports[0].ID, kb.Reports[1].ID = "upload-7f3a21", "upload-99bc04"
	b := New(kb, Options{MinConfidence: 0.35})
	for id, wantHarbour := range map[string]bool{"upload-7f3a21": true, "upload-99bc04": false} {
		r, _ := b.Handle(context.Background(), Message{Platform: "test", ChatID: "c", ChatKind: Private, Text: "/speakers " + id})
		got := plainOf(r)
		harbour := strings.Contains(got, "Tamsin Ruiz")
		league := strings.Contains(got, "Ilse Varga")
		if harbour == league || harbour != wantHarbour {
			t.Errorf("/speakers %s:\n%s", id, got)
		}
	}
}
