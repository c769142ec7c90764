package unanswered

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"log/slog"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/reportbot/reportbot/bot"
	"github.com/reportbot/reportbot/bot/markup"
	"github.com/reportbot/reportbot/internal/store"
)

// AnswerLog is where answers people may vote on are kept.
type AnswerLog interface {
	RecordAnswer(ctx context.Context, a store.Answer) error
}

// maxAnswer bounds the answer text kept for the curator.
const maxAnswer = 2000

type recorder struct {
	next bot.Handler
	log  AnswerLog
	now  func() time.Time
	errs *slog.Logger
}

// WithFeedback returns next, recording each free-text answer it finds in
// l under a fresh ID and putting the ID in the reply, so adapters show
// 👍/👎 buttons for it. When recording fails the answer goes out without
// buttons. now may be nil for time.Now.
func WithFeedback(next bot.Handler, l AnswerLog, now func() time.Time, logger *slog.Logger) bot.Handler {
	if now == nil {
		now = time.Now
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &recorder{next: next, log: l, now: now, errs: logger}
}

// Handle implements bot.Handler.
func (h *recorder) Handle(ctx context.Context, m bot.Message) (bot.Reply, bool) {
	r, ok := h.next.Handle(ctx, m)
	if !ok || !r.Found || (r.Command != "" && r.Command != "ask") {
		return r, ok
	}
	q := questionOf(m, r)
	if q == "" {
		return r, ok
	}
	id := newID()
	a := store.Answer{ID: id, Chat: store.Chat{Platform: m.Platform, ID: m.ChatID}, Question: q,
		Text: clip(markup.Plain(r.Doc), maxAnswer), Report: reportsOf(r), At: h.now()}
	if err := h.log.RecordAnswer(ctx, a); err != nil {
		h.errs.Warn("answer not recorded; sent without feedback buttons", "platform", m.Platform, "err", err)
		return r, ok
	}
	r.AnswerID = id
	return r, ok
}

// questionOf is the question as answered: the follow-up layer's reading
// when it changed one ("what did he say?" means nothing to a curator).
func questionOf(m bot.Message, r bot.Reply) string {
	if r.Resolved != "" {
		return clip(r.Resolved, maxLen)
	}
	q := strings.TrimSpace(m.Text)
	if r.Command == "ask" {
		_, q, _ = strings.Cut(q, " ")
		q = strings.TrimSpace(q)
	}
	return clip(q, maxLen)
}

func reportsOf(r bot.Reply) string {
	var ids []string
	seen := map[string]bool{}
	for _, s := range r.Sources {
		if s.Report != "" && !seen[s.Report] {
			seen[s.Report] = true
			ids = append(ids, s.Report)
		}
	}
	return strings.Join(ids, ", ")
}

func clip(s string, n int) string {
	if utf8.RuneCountInString(s) > n {
		return string([]rune(s)[:n])
	}
	return s
}

// newID is 16 random bytes, URL-safe: short enough for Telegram's 64-byte
// callback data, and unguessable, so nobody votes on answers they never saw.
func newID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24)
	return base64.RawURLEncoding.EncodeToString(b)
}

// Votes is what Voter needs from the store.
type Votes interface {
	Answer(ctx context.Context, id string) (store.Answer, bool, error)
	CastVote(ctx context.Context, v store.Vote) (bool, error)
}

// Voter records button presses in the store. It implements bot.Voter.
type Voter struct {
	Store Votes
	Now   func() time.Time
	// MaxAge is how long answers are kept (store.retention.answers; 0:
	// forever). An older answer is expired even before the hourly purge
	// removes it: its vote would go with it within the hour, and a vote
	// cast during the purge would make the purge fail.
	MaxAge time.Duration
}

// Vote implements bot.Voter.
func (v Voter) Vote(ctx context.Context, b bot.Vote) (bool, error) {
	if b.Value != 1 && b.Value != -1 {
		return false, errors.New("vote: value must be +1 or -1")
	}
	if b.AnswerID == "" || b.UserID == "" {
		return false, errors.New("vote: no answer or no user")
	}
	now := time.Now
	if v.Now != nil {
		now = v.Now
	}
	at := now()
	if v.MaxAge > 0 {
		a, ok, err := v.Store.Answer(ctx, b.AnswerID)
		if err != nil {
			return false, err
		}
		// Not an error: the adapters tell the user the answer is too old.
		if !ok || !a.At.After(at.Add(-v.MaxAge)) {
			return false, nil
		}
	}
	return v.Store.CastVote(ctx, store.Vote{AnswerID: b.AnswerID, Platform: b.Platform, UserID: b.UserID, Value: b.Value, At: at})
}
