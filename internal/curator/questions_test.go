package curator_test

import (
	"context"
	"testing"
	"time"

	"github.com/reportbot/reportbot/internal/curator"
	"github.com/reportbot/reportbot/internal/store"
	"github.com/reportbot/reportbot/internal/store/sqlite"
)

// The console's question list reads the store the bot writes: a declined
// question and an answer voted down both appear, with the bot's reply,
// the most frequent first.
func TestQuestionsFromTheStore(t *testing.T) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	chat := store.Chat{Platform: "telegram", ID: "1"}
	for i := 0; i < 2; i++ {
		if err := st.LogUnanswered(ctx, store.Question{Chat: chat, Text: "who won the cup?", Reply: "I can't find that in the report.", Asked: now}); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.RecordAnswer(ctx, store.Answer{ID: "a1", Chat: chat, Question: "who presided?", Text: "Ann Lee presided.", At: now}); err != nil {
		t.Fatal(err)
	}
	for _, user := range []string{"u1", "u2", "u3"} {
		if ok, err := st.CastVote(ctx, store.Vote{AnswerID: "a1", Platform: "telegram", UserID: user, Value: -1, At: now}); err != nil || !ok {
			t.Fatalf("vote: %v %v", ok, err)
		}
	}
	rows, err := curator.Merge{curator.UnansweredLog{Log: st}, curator.VoteLog{Log: st}}.Questions(ctx, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 {
		t.Fatalf("rows = %+v, want a declined question and a voted-down answer", rows)
	}
	if rows[0].Kind != curator.VotedDown || rows[0].Count != 3 || rows[0].Reply != "Ann Lee presided." {
		t.Errorf("first row = %+v, want the answer voted down 3 times with its text", rows[0])
	}
	if rows[1].Kind != curator.Declined || rows[1].Count != 2 || rows[1].Reply == "" {
		t.Errorf("second row = %+v, want the question declined twice with the bot's reply", rows[1])
	}
}
