package bot

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reportbot/reportbot/bot/markup"
	"github.com/reportbot/reportbot/knowledge"
)

var testdata = filepath.Join("..", "knowledge", "testdata", "good")

func newTestBot(t *testing.T, reports ...string) *Bot {
	t.Helper()
	var paths []string
	for _, r := range reports {
		paths = append(paths, filepath.Join(testdata, r))
	}
	kb, err := knowledge.Open(knowledge.OpenOptions{Reports: paths})
	if err != nil {
		t.Fatal(err)
	}
	return New(kb, Options{MinConfidence: 0.35, MaxMessageLength: 500})
}

func ask(t *testing.T, b *Bot, q string) (string, Reply) {
	t.Helper()
	r, ok := b.Handle(context.Background(), Message{Platform: "test", ChatKind: Private, Text: q})
	if !ok {
		t.Fatalf("%q: no reply in a private chat", q)
	}
	return markup.Plain(r.Doc), r
}

// expect checks that the reply is found, holds every want string, and
// names the first want before any of notBefore (answer before evidence).
func expect(t *testing.T, b *Bot, q string, want []string, notBefore ...string) {
	t.Helper()
	text, r := ask(t, b, q)
	if !r.Found {
		t.Errorf("%q: not found:\n%s", q, text)
		return
	}
	low := strings.ToLower(text)
	for _, w := range want {
		if !strings.Contains(low, strings.ToLower(w)) {
			t.Errorf("%q: missing %q in:\n%s", q, w, text)
		}
	}
	if len(want) > 0 {
		first := strings.Index(low, strings.ToLower(want[0]))
		for _, nb := range notBefore {
			if at := strings.Index(low, strings.ToLower(nb)); at >= 0 && at < first {
				t.Errorf("%q: %q comes before the answer %q:\n%s", q, nb, want[0], text)
			}
		}
	}
	if len(r.Sources) == 0 && r.Command == "" {
		t.Errorf("%q: an answer must carry its evidence", q)
	}
	if r.Confidence <= 0 || r.Confidence > 1 {
		t.Errorf("%q: confidence %v", q, r.Confidence)
	}
}

func expectNotFound(t *testing.T, b *Bot, q string) {
	t.Helper()
	text, r := ask(t, b, q)
	if r.Found {
		t.Errorf("%q: should decline, got:\n%s", q, text)
	}
	if !strings.Contains(text, "can't find") && !strings.Contains(text, "don't find") && !strings.Contains(text, "does not say") && !strings.Contains(text, "does not quote") {
		t.Errorf("%q: the fallback must say so plainly:\n%s", q, text)
	}
}

func TestQuestionKinds(t *testing.T) {
	b := newTestBot(t, "harbor-forum.txt")
	// who (presided)
	expect(t, b, "Who presided over the forum?", []string{"Tomas Berg"})
	expect(t, b, "who chaired it", []string{"Tomas Berg"})
	// who by role, vice chairman kept apart from chairman
	expect(t, b, "Who is the Fishing Cooperative chairman?", []string{"Grace Mbeki"}, "Omar Haddad")
	expect(t, b, "fishing cooperative vice chairman?", []string{"Omar Haddad"}, "Grace Mbeki")
	expect(t, b, "Who spoke for the Port Authority?", []string{"Lena Fischer"}, "Omar Haddad")
	// who is X
	expect(t, b, "Who is Ivan Petrov?", []string{"representative of the dock workers"}, "Lena Fischer")
	expect(t, b, "What position does Kenji Sato hold?", []string{"Vice-President", "Maritime Bank"})
	// when / where
	expect(t, b, "When did the forum take place?", []string{"March 3, 2024"})
	expect(t, b, "Where was it held?", []string{"Eastport"})
	// what
	expect(t, b, "What was the forum about?", []string{"port renewal"})
	expect(t, b, "blue corridor", []string{"blue corridor"})
	expect(t, b, "What did Nadia Rahman say about the blue corridor?", []string{"Nadia Rahman", "funded by 2026"})
	// how many
	expect(t, b, "How many people spoke?", []string{"7"})
	// yes/no
	expect(t, b, "Did Grace Mbeki speak?", []string{"Yes"})
	expect(t, b, "Did Paulo Costa speak?", []string{"No", "attended"})
	expect(t, b, "Which official attended but did not speak?", []string{"Paulo Costa"})
}

func TestTyposOfEachKind(t *testing.T) {
	b := newTestBot(t, "harbor-forum.txt")
	for _, q := range []string{
		"who is lena fischer",  // exact
		"who is lena fscher",   // dropped letter
		"who is lnea fischer",  // swapped letters
		"who is lena fiscver",  // wrong letter
		"who is lena fischerr", // extra letter
		"WHO IS LENA FISCHER???",
		"/who lena fishcer",
	} {
		expect(t, b, q, []string{"Lena Fischer", "Port Authority"})
	}
	expect(t, b, "who is the chairman of the fishng cooperatve", []string{"Grace Mbeki"}, "Omar Haddad")
	expect(t, b, "fsihing cooperative chairman", []string{"Grace Mbeki"}, "Omar Haddad")
	expect(t, b, "who presdied over the forum", []string{"Tomas Berg"})
	expect(t, b, "bleu corridor", []string{"blue corridor"})
}

func TestOutOfScopeIsDeclined(t *testing.T) {
	b := newTestBot(t, "harbor-forum.txt")
	for _, q := range []string{
		"What is the price of Bitcoin?",
		"How do I bake bread?",
		"Who is Taylor Swift?",
		"what's the weather like tomorrow?",
		"who won the world cup",
		"Who is the treasurer?", // a title nobody here holds
		"What time is it?",
		"When is Christmas?",
		"Did Barack Obama attend the forum?",
		"Who spoke for the Green Party?",
		"Who presided over the 2019 forum?",
		"What did the report say about climate change?",
		"What is Grace Mbeki's phone number?",
		"Is Tomas Berg married?",
	} {
		expectNotFound(t, b, q)
	}
}

func TestFallbackSuggestsClosestThings(t *testing.T) {
	b := newTestBot(t, "harbor-forum.txt")
	text, r := ask(t, b, "/who Fischer Smith")
	if r.Found || !strings.Contains(text, "Lena Fischer") || !strings.Contains(text, "/help") {
		t.Errorf("want a not-found reply suggesting the closest name and /help:\n%s", text)
	}
}

func TestCommands(t *testing.T) {
	b := newTestBot(t, "harbor-forum.txt")
	text, r := ask(t, b, "/speakers")
	if !r.Found || r.Command != "speakers" {
		t.Fatalf("speakers: %+v", r)
	}
	order := []string{"Mira Okafor", "Lena Fischer", "Omar Haddad", "Grace Mbeki", "Ivan Petrov", "Kenji Sato"}
	last := -1
	for _, n := range order {
		at := strings.Index(text, n)
		if at <= last {
			t.Errorf("/speakers: %s missing or out of report order:\n%s", n, text)
		}
		last = at
	}
	if strings.Contains(text, "Paulo Costa") {
		t.Errorf("/speakers lists someone who only attended:\n%s", text)
	}
	text, _ = ask(t, b, "/people")
	for _, h := range []string{"Presided", "Spoke", "Attended", "Tomas Berg", "Paulo Costa"} {
		if !strings.Contains(text, h) {
			t.Errorf("/people missing %q:\n%s", h, text)
		}
	}
	if text, _ = ask(t, b, "/when"); !strings.Contains(text, "March 3, 2024") || !strings.Contains(text, "Eastport") {
		t.Errorf("/when: %s", text)
	}
	if text, _ = ask(t, b, "/topics"); !strings.Contains(text, "blue corridor") {
		t.Errorf("/topics: %s", text)
	}
	if text, _ = ask(t, b, "/summary"); !strings.Contains(text, "Tomas Berg presided") {
		t.Errorf("/summary: %s", text)
	}
	if text, _ = ask(t, b, "/ask who presided?"); !strings.Contains(text, "Tomas Berg") {
		t.Errorf("/ask: %s", text)
	}
	text, r = ask(t, b, "/frobnicate")
	if !strings.Contains(text, "/help") || r.Found || strings.Contains(text, "Did you mean") {
		t.Errorf("unknown command needs a hint: %s", text)
	}
	if text, _ = ask(t, b, "/speakrs"); !strings.Contains(text, "Did you mean /speakers?") {
		t.Errorf("a misspelt command gets the closest one: %s", text)
	}
}

func TestHelpIsGeneratedFromDeclarations(t *testing.T) {
	b := newTestBot(t, "harbor-forum.txt")
	b.Register(Command{Name: "digest", Description: "Today's digest", Run: func(context.Context, Request) Reply { return Reply{} }})
	text, _ := ask(t, b, "/help")
	for _, c := range b.Commands() {
		if !strings.Contains(text, c.Usage()) || !strings.Contains(text, c.Description) {
			t.Errorf("/help lacks %s", c.Usage())
		}
	}
	if !strings.Contains(text, "/digest") {
		t.Error("a registered command must appear in /help")
	}
}

func TestGroupEtiquette(t *testing.T) {
	b := newTestBot(t, "harbor-forum.txt")
	ctx := context.Background()
	q := "who presided over the forum?"
	if _, ok := b.Handle(ctx, Message{ChatKind: Group, Text: q}); ok {
		t.Error("unaddressed group question must be left alone by default")
	}
	for _, m := range []Message{
		{ChatKind: Group, Text: q, Mentioned: true},
		{ChatKind: Group, Text: q, ReplyToBot: true},
		{ChatKind: Group, Text: "/speakers"},
		{ChatKind: Private, Text: q},
	} {
		if _, ok := b.Handle(ctx, m); !ok {
			t.Errorf("%+v must be answered", m)
		}
	}
	eager := New(b.src, Options{MinConfidence: 0.35, AnswerUnprompted: true, UnpromptedConfidence: 0.8})
	if _, ok := eager.Handle(ctx, Message{ChatKind: Group, Text: q}); !ok {
		t.Error("confident unprompted answer must be given when enabled")
	}
	if _, ok := eager.Handle(ctx, Message{ChatKind: Group, Text: "lunch anyone?"}); ok {
		t.Error("chatter must not be answered even when unprompted answers are on")
	}
	if _, ok := eager.Handle(ctx, Message{ChatKind: Group, Text: "what is the price of bitcoin?"}); ok {
		t.Error("an unprompted question the report cannot answer must get no fallback")
	}
}

func TestHugeMessageGetsPoliteRefusal(t *testing.T) {
	b := newTestBot(t, "harbor-forum.txt")
	huge := strings.Repeat("who presided ", 1000)
	r, ok := b.Handle(context.Background(), Message{ChatKind: Private, Text: huge})
	if !ok || r.Found || !strings.Contains(markup.Plain(r.Doc), "too long") {
		t.Errorf("got %v %+v", ok, r)
	}
	if _, ok := b.Handle(context.Background(), Message{ChatKind: Group, Text: huge}); ok {
		t.Error("unaddressed huge group message must be ignored")
	}
}

func TestSeveralReportsNameTheirSource(t *testing.T) {
	b := newTestBot(t, "harbor-forum.txt", "library-board.md")
	// No topic: the latest report, named.
	text, r := ask(t, b, "who presided?")
	if !strings.Contains(text, "Tomas Berg") || strings.Contains(text, "Dana Whitfield") || !strings.Contains(text, "2024-03-04") {
		t.Errorf("want the latest report's presider, named:\n%s", text)
	}
	if len(r.Sources) == 0 || r.Sources[0].Report != "harbor-forum" {
		t.Errorf("sources: %+v", r.Sources)
	}
	// Topic words pick the report.
	text, r = ask(t, b, "who presided over the library board meeting?")
	if !strings.Contains(text, "Dana Whitfield") || strings.Contains(text, "Tomas Berg") || !strings.Contains(text, "Riverside Library Board meets") {
		t.Errorf("want the library board's presider, named:\n%s", text)
	}
	if len(r.Sources) == 0 || r.Sources[0].Report != "library-board" {
		t.Errorf("sources: %+v", r.Sources)
	}
	text, _ = ask(t, b, "who is Leo Marsh?")
	if !strings.Contains(text, "Treasurer") || !strings.Contains(text, "Riverside Library Board meets") {
		t.Errorf("answer must name its report:\n%s", text)
	}
	if text, _ = ask(t, b, "/speakers"); !strings.Contains(text, "Mira Okafor") || strings.Contains(text, "Leo Marsh") {
		t.Errorf("/speakers covers the latest report by default:\n%s", text)
	}
	if text, _ = ask(t, b, "/speakers riverside library"); !strings.Contains(text, "Leo Marsh") {
		t.Errorf("/speakers ARGS picks the report:\n%s", text)
	}
}

func TestCurationWinsAndSurvivesRebuild(t *testing.T) {
	dir := t.TempDir()
	cur := filepath.Join(dir, "curation.yaml")
	if err := os.WriteFile(cur, []byte(`
synonyms:
  steered: presided
roles:
  Ivan Petrov: Secretary of the Dockers Guild
aliases:
  Tomas Berg: [Tom]
qa:
  - question: Is there a recording of the forum?
    answer: Yes, the council publishes it on its website.
`), 0o644); err != nil {
		t.Fatal(err)
	}
	opts := knowledge.OpenOptions{Reports: []string{filepath.Join(testdata, "harbor-forum.txt")}, Curation: cur}
	kb, err := knowledge.Open(opts)
	if err != nil {
		t.Fatal(err)
	}
	check := func(kb *knowledge.KB) {
		t.Helper()
		b := New(kb, Options{MinConfidence: 0.35})
		expect(t, b, "who steered the forum?", []string{"Tomas Berg"})
		expect(t, b, "who is Ivan Petrov?", []string{"Secretary of the Dockers Guild"})
		expect(t, b, "who is tom", []string{"Tomas Berg"})
		text, r := ask(t, b, "is there a recording of the forum")
		if !r.Found || !strings.Contains(text, "publishes it") {
			t.Errorf("curated answer: %s", text)
		}
	}
	check(kb)
	// Rebuild: write a knowledge file, read it back with the curation.
	var buf bytes.Buffer
	if err := knowledge.Write(&buf, kb); err != nil {
		t.Fatal(err)
	}
	kbFile := filepath.Join(dir, "kb.json")
	if err := os.WriteFile(kbFile, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	again, err := knowledge.Open(knowledge.OpenOptions{KBFile: kbFile, Curation: cur})
	if err != nil {
		t.Fatal(err)
	}
	check(again)
	// And a fresh build from the report applies it again.
	fresh, err := knowledge.Open(opts)
	if err != nil {
		t.Fatal(err)
	}
	check(fresh)
}

func TestBadCurationFileIsAnError(t *testing.T) {
	cur := filepath.Join(t.TempDir(), "c.yaml")
	os.WriteFile(cur, []byte("synonymz:\n  a: b\n"), 0o644)
	if _, err := knowledge.Open(knowledge.OpenOptions{Curation: cur}); err == nil || !strings.Contains(err.Error(), "synonymz") {
		t.Errorf("misspelt key must be reported: %v", err)
	}
}

func TestEmptyKnowledgeStillReplies(t *testing.T) {
	b := New(&knowledge.KB{}, Options{})
	text, r := ask(t, b, "who presided?")
	if r.Found || text == "" {
		t.Errorf("got %q %+v", text, r)
	}
}

func TestParseCommand(t *testing.T) {
	cases := []struct {
		in, name, args string
		ok             bool
	}{
		{"/who Lena Fischer", "who", "Lena Fischer", true},
		{"/SPEAKERS", "speakers", "", true},
		{"/", "", "", false},
		{"who /speakers", "", "", false},
		{"/path/to/file", "", "", false},
	}
	for _, c := range cases {
		n, a, ok := ParseCommand(c.in)
		if n != c.name || a != c.args || ok != c.ok {
			t.Errorf("ParseCommand(%q) = %q %q %v", c.in, n, a, ok)
		}
	}
}

func TestOrdinalsYesNoRolesAndCounts(t *testing.T) {
	b := newTestBot(t, "harbor-forum.txt")
	expect(t, b, "who spoke first?", []string{"Mira Okafor"})
	expect(t, b, "who was the last speaker?", []string{"Nadia Rahman"})
	expect(t, b, "Is Grace Mbeki the chairman of the Fishing Cooperative?", []string{"Yes"})
	expect(t, b, "Is Omar Haddad the chairman of the Fishing Cooperative?", []string{"No", "vice chairman"})
	expect(t, b, "what did the speakers talk about?", []string{"made speeches"})
	expect(t, b, "What date is the report?", []string{"March 4, 2024", "March 3, 2024"})
	expect(t, b, "who chairs the fishing cooperative", []string{"Grace Mbeki"}, "Omar Haddad")
	expectNotFound(t, b, "how many boats were in the harbor?")
	expectNotFound(t, b, "When is the next forum?")
	text, r := ask(t, b, "what did Paulo Costa say?")
	if r.Found || !strings.Contains(text, "does not quote Paulo Costa") {
		t.Errorf("a person the report does not quote: %s", text)
	}
}
