package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reportbot/reportbot/bot"
	"github.com/reportbot/reportbot/internal/config"
	"github.com/reportbot/reportbot/internal/unanswered"
	"github.com/reportbot/reportbot/knowledge"
)

// TestVoteReachesCuratorsReport goes the whole way: serve's handler answers
// with feedback buttons, a user votes the answer down (and changes their
// mind once), and `reportbot unanswered --json` lists it beside a declined
// question.
func TestVoteReachesCuratorsReport(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "state.db")
	cfg := config.Default()
	cfg.Store.Path = db
	st, err := openStore(ctx, cfg.Store)
	if err != nil {
		t.Fatal(err)
	}
	kb, err := knowledge.Open(knowledge.OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	d := newServeDeps(cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), kb, st)
	if d.voter == nil {
		t.Fatal("feedback buttons are on by default, so serve must have a voter")
	}
	msg := func(text string) bot.Message {
		return bot.Message{Platform: "telegram", ChatID: "42", ChatKind: bot.Private, UserID: "7", Text: text}
	}
	r, ok := d.handler.Handle(ctx, msg("who presided over the meeting?"))
	if !ok || !r.Found || r.AnswerID == "" {
		t.Fatalf("a found answer must carry an answer ID for the buttons: %+v", r)
	}
	if miss, _ := d.handler.Handle(ctx, msg("what is the price of bitcoin?")); miss.Found || miss.AnswerID != "" {
		t.Fatalf("the fallback gets no buttons: %+v", miss)
	}
	for _, v := range []int{1, -1} { // up, then changed to down
		if ok, err := d.voter.Vote(ctx, bot.Vote{Platform: "telegram", ChatID: "42", UserID: "7", AnswerID: r.AnswerID, Value: v}); err != nil || !ok {
			t.Fatalf("vote %d: ok=%v err=%v", v, ok, err)
		}
	}
	if ok, _ := d.voter.Vote(ctx, bot.Vote{Platform: "telegram", UserID: "7", AnswerID: "forged", Value: -1}); ok {
		t.Fatal("a vote on an unknown answer must be refused")
	}
	st.Close()

	cfgFile := writeConfig(t, "store:\n  path: "+db+"\n")
	var out, errOut bytes.Buffer
	if code := run(ctx, []string{"unanswered", "--config", cfgFile, "--json", "--since", "1d"}, nil, &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	var rep unanswered.Report
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatalf("%v:\n%s", err, out.String())
	}
	if len(rep.VotedDown) != 1 {
		t.Fatalf("voted down: %+v", rep.VotedDown)
	}
	v := rep.VotedDown[0]
	if v.Question != "who presided over the meeting?" || v.Down != 1 || v.Up != 0 || !strings.Contains(v.Answer, "presided") || v.Report == "" {
		t.Fatalf("voted-down entry: %+v", v)
	}
	if len(rep.Declined) != 1 || !strings.Contains(rep.Declined[0].Question, "bitcoin") || rep.Declined[0].Answer == "" {
		t.Fatalf("declined: %+v", rep.Declined)
	}

	out.Reset()
	if code := run(ctx, []string{"unanswered", "--config", cfgFile}, nil, &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	for _, want := range []string{"Answers voted down", "who presided over the meeting?", "answer:", "report:"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("text report lacks %q:\n%s", want, out.String())
		}
	}
	if code := run(ctx, []string{"unanswered", "--since", "yesterday"}, nil, &out, &errOut); code != 2 {
		t.Errorf("bad --since: exit %d, want 2", code)
	}
}
