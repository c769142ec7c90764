package library

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/reportbot/reportbot/bot"
	"github.com/reportbot/reportbot/bot/markup"
	"github.com/reportbot/reportbot/internal/store"
	"github.com/reportbot/reportbot/internal/store/sqlite"
	"github.com/reportbot/reportbot/knowledge"
	"github.com/reportbot/reportbot/knowledge/formats/formatstest"
)

const guildReport = "---\ndate: 2031-03-05\ntags: [weekly]\n---\n# Guild of Weavers meets\n\n" +
	"The Guild of Weavers held its spring meeting on Tuesday. Chair Orla Quint presided over the meeting.\n\n" +
	"Treasurer Bram Ixley spoke about the accounts. Archivist Suvi Marr spoke about the records.\n"

func openSQLite(t *testing.T, path string) store.Store {
	t.Helper()
	s, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func baseKB(t *testing.T) *knowledge.KB {
	t.Helper()
	r, err := knowledge.Parse("folder.txt", []byte("The choir met on Friday. Chair Lior Basq presided over the meeting."), time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	return knowledge.Build([]*knowledge.Report{r}, &knowledge.Curation{QA: []knowledge.QA{{Question: "Where are the minutes?", Answer: "In the archive."}}})
}

func file(name string, data []byte) bot.File {
	return bot.File{Name: name, Size: int64(len(data)), Fetch: func(ctx context.Context, max int64) ([]byte, error) {
		if int64(len(data)) > max {
			return nil, bot.ErrFileTooLarge
		}
		return data, nil
	}}
}

func plain(r bot.Reply) string { return markup.Plain(r.Doc) }

func admin() bot.Message {
	return bot.Message{Platform: "telegram", ChatID: "42", ChatKind: bot.Private, UserID: "7", Text: "/add Finance"}
}

func TestUploadAddsAndRemoves(t *testing.T) {
	ctx := context.Background()
	st := openSQLite(t, ":memory:")
	live := knowledge.NewLive(baseKB(t))
	lib := New(Config{Store: st, Live: live}, live.KB())
	chat := NewChat(ChatConfig{Library: lib, Scopes: &Scopes{Store: st}, Admins: []string{"telegram:7"}})

	r := chat.HandleFile(ctx, admin(), file("Guild minutes.md", []byte(guildReport)))
	got := plain(r)
	for _, want := range []string{"Guild of Weavers meets", "Date: 2031-03-04", "Presided: Orla Quint", "Spoke: 2 people", "Tags: finance, weekly", "/remove guild-minutes-"} {
		if !strings.Contains(got, want) {
			t.Errorf("reply lacks %q:\n%s", want, got)
		}
	}
	kb := live.KB()
	if len(kb.Reports) != 2 || len(kb.QAs) != 1 {
		t.Fatalf("after upload: %d reports, %d QAs", len(kb.Reports), len(kb.QAs))
	}
	id := kb.Reports[1].ID
	stored, err := st.ListReports(ctx)
	if err != nil || len(stored) != 1 || stored[0].ID != id || stored[0].AddedBy != "telegram:7" {
		t.Fatalf("stored %+v, %v", stored, err)
	}
	// The bot answers from it at once.
	b := bot.New(live, bot.Options{MinConfidence: 0.35})
	ans, _ := b.Handle(ctx, bot.Message{Platform: "telegram", ChatID: "42", ChatKind: bot.Private, Text: "who is Bram Ixley?"})
	if !strings.Contains(plain(ans), "Treasurer") {
		t.Errorf("answer after upload:\n%s", plain(ans))
	}

	// A non-admin's /remove is refused; the admin's works.
	other := admin()
	other.UserID = "8"
	b.Register(chat.Commands()...)
	other.Text = "/remove " + id
	if r, _ := b.Handle(ctx, other); !strings.Contains(plain(r), "Only the bot's admins") {
		t.Errorf("non-admin remove: %s", plain(r))
	}
	m := admin()
	m.Text = "/remove " + id
	if r, _ := b.Handle(ctx, m); !strings.Contains(plain(r), "Removed") {
		t.Errorf("remove: %s", plain(r))
	}
	if n := len(live.KB().Reports); n != 1 {
		t.Errorf("after remove: %d reports", n)
	}
	if r, _ := b.Handle(ctx, m); !strings.Contains(plain(r), "No report") {
		t.Errorf("remove twice: %s", plain(r))
	}
}

// Every refusal gives its reason and changes nothing.
func TestUploadRefusals(t *testing.T) {
	ctx := context.Background()
	st := openSQLite(t, ":memory:")
	live := knowledge.NewLive(baseKB(t))
	lib := New(Config{Store: st, Live: live, MaxSize: 4096}, live.KB())
	chat := NewChat(ChatConfig{Library: lib, Admins: []string{"7"}})
	before := live.KB()
	var fetched atomic.Int32
	big := bot.File{Name: "big.pdf", Size: 1 << 20, Fetch: func(context.Context, int64) ([]byte, error) {
		fetched.Add(1)
		return nil, errors.New("must not download")
	}}
	cases := []struct {
		name string
		m    bot.Message
		f    bot.File
		want string
	}{
		{"not an admin", bot.Message{Platform: "slack", ChatID: "D1", ChatKind: bot.Private, UserID: "U9"}, file("a.md", []byte(guildReport)), "only the bot's admins"},
		{"too large", admin(), big, "the limit is 4 KiB"},
		{"type", admin(), file("a.exe", []byte("MZ")), "I read reports as .txt"},
		{"scanned", admin(), file("scan.pdf", formatstest.PDF(t, "q 1 0 0 1 0 0 cm Q", false)), "no text layer"},
		{"encrypted", admin(), file("lock.pdf", formatstest.PDF(t, formatstest.PDFLines("Secret."), true)), "encrypted"},
		{"not a report", admin(), file("list.txt", []byte("eggs, milk, bread")), "does not read like a report"},
		{"empty", admin(), file("e.txt", []byte("  \n")), "empty"},
		{"bad tag", bot.Message{Platform: "telegram", ChatID: "1", ChatKind: bot.Private, UserID: "7", Text: "/add no/slash"}, file("a.md", []byte(guildReport)), "not a tag"},
	}
	for _, c := range cases {
		r := chat.HandleFile(ctx, c.m, c.f)
		if r.Found || !strings.Contains(strings.ToLower(plain(r)), strings.ToLower(c.want)) {
			t.Errorf("%s: %s", c.name, plain(r))
		}
	}
	if fetched.Load() != 0 {
		t.Error("a file over the size the platform stated was downloaded")
	}
	if live.KB() != before {
		t.Error("a refused file changed the knowledge base")
	}
	if rs, _ := st.ListReports(ctx); len(rs) != 0 {
		t.Errorf("a refused file was stored: %+v", rs)
	}
}

// Two replicas on one SQLite file: the second picks up the first's
// upload and removal by polling; a stored report is parsed once.
func TestReplicaPollsStore(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	path := filepath.Join(t.TempDir(), "state.db")
	stA, stB := openSQLite(t, path), openSQLite(t, path)
	liveA, liveB := knowledge.NewLive(baseKB(t)), knowledge.NewLive(baseKB(t))
	a := New(Config{Store: stA, Live: liveA}, liveA.KB())
	var swaps atomic.Int32
	b := New(Config{Store: stB, Live: swapCounter{liveB, &swaps}, Poll: 50 * time.Millisecond}, liveB.KB())
	go b.Run(ctx)

	r, err := a.Add(ctx, File{Name: "guild.md", Data: []byte(guildReport), By: "cli"})
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, "B sees the upload", func() bool { return len(liveB.KB().Reports) == 2 })
	if got := liveB.KB().Reports[1]; got.ID != r.ID || got.Title != "Guild of Weavers meets" {
		t.Errorf("B serves %q %q", got.ID, got.Title)
	}
	n := swaps.Load()
	time.Sleep(200 * time.Millisecond) // several polls with nothing new
	if swaps.Load() != n {
		t.Errorf("polls without a change swapped the knowledge base %d times", swaps.Load()-n)
	}
	// A folder reload on B keeps the stored report.
	b.Swap(baseKB(t))
	if len(liveB.KB().Reports) != 2 {
		t.Error("a folder reload dropped the stored report")
	}
	if _, err := a.Remove(ctx, r.ID); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "B drops the removed report", func() bool { return len(liveB.KB().Reports) == 1 })
}

type swapCounter struct {
	live *knowledge.Live
	n    *atomic.Int32
}

func (s swapCounter) Swap(kb *knowledge.KB) { s.n.Add(1); s.live.Swap(kb) }

func waitFor(t *testing.T, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within 10s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestWithExtension(t *testing.T) {
	for _, c := range []struct{ name, mime, want string }{
		{"document", "application/pdf", "document.pdf"},
		{"notes", "text/markdown; charset=utf-8", "notes.md"},
		{"a.txt", "application/pdf", "a.txt"},
		{"blob", "application/octet-stream", "blob"},
	} {
		if got := withExtension(c.name, c.mime); got != c.want {
			t.Errorf("withExtension(%q, %q) = %q, want %q", c.name, c.mime, got, c.want)
		}
	}
}

func TestCaptionTags(t *testing.T) {
	for caption, want := range map[string]string{"": "", "/add": "", "/add Finance, #Ports": "finance,ports", "a comment on the file": ""} {
		tags, err := captionTags(caption)
		if err != nil || strings.Join(tags, ",") != want {
			t.Errorf("%q: %q %v", caption, tags, err)
		}
	}
	if _, err := captionTags("/who x"); err == nil {
		t.Error("another command as caption: no error")
	}
}

// A question in a chat scoped to a tag no report carries says so; a chat
// scoped to a tag that is carried is answered from its reports.
func TestScopedHandler(t *testing.T) {
	ctx := context.Background()
	st := openSQLite(t, ":memory:")
	live := knowledge.NewLive(baseKB(t))
	lib := New(Config{Store: st, Live: live}, live.KB())
	if _, err := lib.Add(ctx, File{Name: "guild.md", Data: []byte(guildReport), Tags: []string{"guilds"}, By: "cli"}); err != nil {
		t.Fatal(err)
	}
	scopes := &Scopes{Store: st, Config: map[string][]string{"slack:CEMPTY": {"nothing"}}, Reports: live.KB}
	if err := scopes.Set(ctx, store.Chat{Platform: "slack", ID: "CGUILD"}, []string{"guilds"}); err != nil {
		t.Fatal(err)
	}
	h := scopes.Handler(bot.New(live, bot.Options{MinConfidence: 0.35}), nil)
	ask := func(chat, q string) string {
		r, _ := h.Handle(ctx, bot.Message{Platform: "slack", ChatID: chat, ChatKind: bot.Group, Mentioned: true, Text: q})
		return plain(r)
	}
	if got := ask("CEMPTY", "who presided?"); !strings.Contains(got, "tagged nothing, and there are none yet") {
		t.Errorf("empty scope: %s", got)
	}
	if got := ask("CGUILD", "who presided?"); !strings.Contains(got, "Orla Quint") {
		t.Errorf("guild scope: %s", got)
	}
	if got := ask("COPEN", "who presided over the choir meeting?"); !strings.Contains(got, "Lior Basq") {
		t.Errorf("unscoped: %s", got)
	}
	if got := ask("CGUILD", "who presided over the choir meeting?"); strings.Contains(got, "Lior Basq") {
		t.Errorf("guild scope answered from a folder report: %s", got)
	}
}
