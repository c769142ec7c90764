package library

import (
	"context"
	"reflect"
	"testing"

	"github.com/reportbot/reportbot/bench/corpus"
	"github.com/reportbot/reportbot/bot"
	"github.com/reportbot/reportbot/knowledge"
)

// Reports added and removed at run time are joined to the served index,
// not rebuilt with it; the bot must answer exactly as from a knowledge
// base built whole over the same reports.
func TestAddedReportsAnswerLikeRebuild(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	if err := corpus.Generate(4, 10, 0).WriteFiles(dir); err != nil {
		t.Fatal(err)
	}
	loaded, err := knowledge.Open(knowledge.OpenOptions{Reports: []string{dir}})
	if err != nil {
		t.Fatal(err)
	}
	base := knowledge.Build(loaded.Reports, nil)
	live := knowledge.NewLive(base)
	lib := New(Config{Store: openSQLite(t, ":memory:"), Live: live}, base)
	uploads := []File{
		{Name: "guild.md", Data: []byte(guildReport)},
		{Name: "rowing.txt", Data: []byte("The Fenwick rowing club met on Thursday. Chair Ysolde Karrow presided over the meeting. Coach Tamsin Vell spoke about the regatta schedule.")},
		{Name: "orchard.txt", Data: []byte("The orchard cooperative held its harvest meeting on Saturday. Secretary Ysolde Karrow read the minutes. Grower Oskar Plimm warned about frost and the accounts.")},
	}
	var ids []string
	for _, f := range uploads {
		r, err := lib.Add(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, r.ID)
	}
	compareAnswers(t, "after three uploads", live.KB())
	if ok, err := lib.Remove(ctx, ids[1]); err != nil || !ok {
		t.Fatalf("remove: %v %v", ok, err)
	}
	if n := len(live.KB().Reports); n != len(base.Reports)+2 {
		t.Fatalf("after remove: %d reports", n)
	}
	compareAnswers(t, "after a removal", live.KB())
}

func compareAnswers(t *testing.T, when string, served *knowledge.KB) {
	t.Helper()
	whole := knowledge.Build(served.Reports, nil)
	bs := bot.New(served, bot.Options{MinConfidence: 0.35})
	bw := bot.New(whole, bot.Options{MinConfidence: 0.35})
	qs := []string{"/speakers", "/people", "/topics", "/reports", "who presided over the meeting?", "who spoke about the accounts?", "what is the price of bitcoin?"}
	for ri, r := range served.Reports {
		if ri%3 != 0 && ri < len(served.Reports)-3 {
			continue // every added report, a third of the rest
		}
		for _, p := range r.People {
			qs = append(qs, "who is "+p.Name+"?", "what did "+p.Name+" say?", "/who "+p.Name[:len(p.Name)-1])
			for _, role := range p.Roles {
				qs = append(qs, "who is the "+role.Title+"?")
			}
		}
		for ti, term := range r.Terms {
			if ti < 2 {
				qs = append(qs, "what about "+term.Text+"?")
			}
		}
	}
	found := 0
	for _, q := range qs {
		m := bot.Message{Platform: "test", ChatKind: bot.Private, Text: q}
		rs, _ := bs.Handle(context.Background(), m)
		rw, _ := bw.Handle(context.Background(), m)
		if rs.Found {
			found++
		}
		if ps, pw := plain(rs), plain(rw); ps != pw || rs.Found != rw.Found || rs.Confidence != rw.Confidence || !reflect.DeepEqual(rs.Sources, rw.Sources) {
			t.Errorf("%s: %q differs:\nserved (found=%v %.3f):\n%s\nrebuilt (found=%v %.3f):\n%s", when, q, rs.Found, rs.Confidence, ps, rw.Found, rw.Confidence, pw)
		}
	}
	if found < len(qs)/3 {
		t.Errorf("%s: only %d of %d questions answered; the comparison says little", when, found, len(qs))
	}
}
