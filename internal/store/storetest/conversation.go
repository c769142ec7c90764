package storetest

import (
	"testing"
	"time"

	"github.com/reportbot/reportbot/internal/store"
)

func testConversations(t *testing.T, s store.Store) {
	k := store.ConversationKey{Platform: "slack", Chat: "C1", Thread: "1700000000.000100"}
	other := store.ConversationKey{Platform: "slack", Chat: "C1", Thread: "1700000000.000200"}
	if _, ok, err := s.LoadConversation(ctx, k, t0); err != nil || ok {
		t.Fatalf("empty store: ok=%v err=%v", ok, err)
	}
	must(t, s.SaveConversation(ctx, k, []byte(`{"n":1}`), t0, 30*time.Minute))
	must(t, s.SaveConversation(ctx, k, []byte(`{"n":2}`), t0.Add(time.Minute), 30*time.Minute)) // replaces, renews
	got, ok, err := s.LoadConversation(ctx, k, t0.Add(30*time.Minute))
	must(t, err)
	if !ok || string(got) != `{"n":2}` {
		t.Fatalf("load: %q ok=%v", got, ok)
	}
	if _, ok, _ := s.LoadConversation(ctx, other, t0.Add(time.Minute)); ok {
		t.Fatal("another thread of the same chat must not see the state")
	}
	if _, ok, _ := s.LoadConversation(ctx, store.ConversationKey{Platform: "telegram", Chat: "C1", Thread: k.Thread}, t0); ok {
		t.Fatal("another platform must not see the state")
	}
	if _, ok, _ := s.LoadConversation(ctx, k, t0.Add(31*time.Minute)); ok {
		t.Fatal("expired state must not load")
	}
	must(t, s.SaveConversation(ctx, other, []byte(`{}`), t0, time.Hour))
	n, err := s.PurgeConversations(ctx, t0.Add(31*time.Minute))
	must(t, err)
	if n != 1 {
		t.Fatalf("purged %d, want the 1 expired", n)
	}
	if _, ok, _ := s.LoadConversation(ctx, other, t0.Add(59*time.Minute)); !ok {
		t.Fatal("purge removed a live state")
	}
}

func testVotes(t *testing.T, s store.Store) {
	chat := store.Chat{Platform: "telegram", ID: "1"}
	rec := func(id, q, a string, at time.Duration) {
		must(t, s.RecordAnswer(ctx, store.Answer{ID: id, Chat: chat, Question: q, Text: a, Report: "r1", At: t0.Add(at)}))
	}
	vote := func(id, user string, v int, at time.Duration) bool {
		ok, err := s.CastVote(ctx, store.Vote{AnswerID: id, Platform: "telegram", UserID: user, Value: v, At: t0.Add(at)})
		must(t, err)
		return ok
	}
	rec("a1", "Who opened the session?", "Someone opened it.", 0)
	rec("a1", "ignored", "ignored", 0) // same ID: kept as first recorded
	rec("a2", "who opened the session", "Someone opened it.", time.Minute)
	rec("a3", "When was it?", "On a Monday.", 2*time.Minute)
	rec("a4", "Where was it?", "In a hall.", 3*time.Minute)
	got, ok, err := s.Answer(ctx, "a1")
	must(t, err)
	if !ok || got.Question != "Who opened the session?" || got.Text != "Someone opened it." || got.Report != "r1" || got.Chat != chat {
		t.Fatalf("answer a1: %+v ok=%v", got, ok)
	}
	if vote("nope", "u1", -1, 0) {
		t.Fatal("a vote on an unknown answer must be refused")
	}
	vote("a1", "u1", -1, 10*time.Minute)
	vote("a1", "u1", -1, 11*time.Minute) // the same vote twice counts once
	vote("a2", "u2", -1, 12*time.Minute) // same question and answer: grouped with a1
	vote("a2", "u3", 1, 12*time.Minute)
	vote("a3", "u1", 1, 13*time.Minute)
	vote("a3", "u1", -1, 14*time.Minute) // changed mind: replaces the up vote
	vote("a4", "u1", -1, 15*time.Minute)
	vote("a4", "u1", 1, 16*time.Minute) // changed back: no longer voted down

	down, err := s.VotedDown(ctx, time.Time{}, 0)
	must(t, err)
	if len(down) != 2 {
		t.Fatalf("voted down: %+v", down)
	}
	if store.NormalizeQuestion(down[0].Question) != "who opened the session" || down[0].Answer != "Someone opened it." ||
		down[0].Down != 2 || down[0].Up != 1 || down[0].Report != "r1" {
		t.Fatalf("first: %+v", down[0])
	}
	if down[1].Question != "When was it?" || down[1].Down != 1 || down[1].Up != 0 || !down[1].Last.Equal(t0.Add(14*time.Minute)) {
		t.Fatalf("second: %+v", down[1])
	}
	recent, err := s.VotedDown(ctx, t0.Add(13*time.Minute), 0)
	must(t, err)
	if len(recent) != 1 || recent[0].Question != "When was it?" {
		t.Fatalf("since: %+v", recent)
	}
}

func testDeclined(t *testing.T, s store.Store) {
	ask := func(text, reply string, at time.Duration) {
		must(t, s.LogUnanswered(ctx, store.Question{Chat: store.Chat{Platform: "slack", ID: "C1"}, Text: text, Asked: t0.Add(at), Reply: reply, Report: "r1"}))
	}
	ask("What about the budget?", "I can't find that.", 0)
	ask("what about the budget", "I can't find that.", time.Hour)
	ask("Who won?", "I can't find that.", 2*time.Hour)
	got, err := s.Declined(ctx, time.Time{}, 0)
	must(t, err)
	if len(got) != 2 || got[0].Count != 2 || got[0].Reply != "I can't find that." || got[0].Report != "r1" {
		t.Fatalf("declined: %+v", got)
	}
	got, err = s.Declined(ctx, t0.Add(time.Hour), 0)
	must(t, err)
	if len(got) != 2 || got[0].Count != 1 {
		t.Fatalf("since an hour: %+v", got)
	}
	if got, _ := s.Declined(ctx, t0.Add(3*time.Hour), 0); len(got) != 0 {
		t.Fatalf("since later: %+v", got)
	}
}

// Old answers go with all their votes, even recent ones; a vote on a
// purged answer is refused like one on an unknown ID, not an error.
func testPurgeAnswers(t *testing.T, s store.Store) {
	chat := store.Chat{Platform: "telegram", ID: "1"}
	for i, id := range []string{"old1", "old2", "new"} {
		must(t, s.RecordAnswer(ctx, store.Answer{ID: id, Chat: chat, Question: "Who spoke " + id + "?", Text: "Someone.", At: t0.Add(time.Duration(i) * time.Hour)}))
	}
	vote := func(id, user string, at time.Time) bool {
		ok, err := s.CastVote(ctx, store.Vote{AnswerID: id, Platform: "telegram", UserID: user, Value: -1, At: at})
		must(t, err)
		return ok
	}
	vote("old1", "u1", t0.Add(time.Minute))
	vote("old1", "u2", t0.Add(5*time.Hour)) // recent vote, old answer: goes with it
	vote("new", "u1", t0.Add(3*time.Hour))
	n, err := s.PurgeAnswers(ctx, t0.Add(90*time.Minute))
	must(t, err)
	if n != 2 {
		t.Fatalf("purged %d answers, want old1 and old2", n)
	}
	for id, want := range map[string]bool{"old1": false, "old2": false, "new": true} {
		if _, ok, err := s.Answer(ctx, id); err != nil || ok != want {
			t.Fatalf("answer %s after purge: ok=%v err=%v, want ok=%v", id, ok, err, want)
		}
	}
	down, err := s.VotedDown(ctx, time.Time{}, 0)
	must(t, err)
	if len(down) != 1 || down[0].Question != "Who spoke new?" || down[0].Down != 1 {
		t.Fatalf("votes left after purge: %+v", down)
	}
	if vote("old1", "u3", t0.Add(6*time.Hour)) {
		t.Fatal("a vote on a purged answer was recorded")
	}
	if n, _ := s.PurgeAnswers(ctx, t0.Add(90*time.Minute)); n != 0 {
		t.Fatalf("second purge removed %d", n)
	}
}

// store.Purge applies each period to its own table, keeps a table whole
// at 0, and always drops expired conversation states: a conversation
// nobody continues would otherwise wait for the next save to be purged.
func testPurge(t *testing.T, s store.Store) {
	chat := store.Chat{Platform: "slack", ID: "C1"}
	now := t0.Add(30 * 24 * time.Hour)
	for _, at := range []time.Time{t0, now.Add(-time.Hour)} {
		id := at.Format(time.RFC3339)
		must(t, s.RecordAnswer(ctx, store.Answer{ID: id, Chat: chat, Question: "q " + id, Text: "a", At: at}))
		must(t, s.LogUnanswered(ctx, store.Question{Chat: chat, Text: "u " + id, Asked: at}))
	}
	k := store.ConversationKey{Platform: "slack", Chat: "C1"}
	must(t, s.SaveConversation(ctx, k, []byte("x"), now.Add(-time.Hour), 30*time.Minute))
	live := store.ConversationKey{Platform: "slack", Chat: "C2"}
	must(t, s.SaveConversation(ctx, live, []byte("y"), now, 30*time.Minute))

	// Unanswered kept whole (0); answers older than a week go.
	n, err := store.Purge(ctx, s, now, store.Periods{Answers: 7 * 24 * time.Hour})
	must(t, err)
	if n != 2 {
		t.Fatalf("purged %d rows, want the old answer and the expired conversation", n)
	}
	if _, ok, _ := s.Answer(ctx, t0.Format(time.RFC3339)); ok {
		t.Fatal("old answer kept")
	}
	if _, ok, _ := s.Answer(ctx, now.Add(-time.Hour).Format(time.RFC3339)); !ok {
		t.Fatal("recent answer purged")
	}
	if left, _ := s.MostAsked(ctx, 10); len(left) != 2 {
		t.Fatalf("unanswered with period 0: %+v", left)
	}
	// The expired state is gone from the table, not just hidden by Load.
	if n, _ := s.PurgeConversations(ctx, now); n != 0 {
		t.Fatalf("expired conversation left for a later purge (%d)", n)
	}
	if _, ok, _ := s.LoadConversation(ctx, live, now); !ok {
		t.Fatal("live conversation purged")
	}
}
