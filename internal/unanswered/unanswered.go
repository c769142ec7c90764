// Package unanswered is a bot.Handler decorator that logs the free-text
// questions the bot could not answer, so a curator can see what the
// reports (or the curation file) are missing: `reportbot unanswered`.
//
// It lives under internal/ because it needs the store; it wraps the core
// instead of the core calling it.
package unanswered

import (
	"context"
	"log/slog"
	"time"

	"github.com/reportbot/reportbot/bot"
	"github.com/reportbot/reportbot/bot/markup"
	"github.com/reportbot/reportbot/internal/store"
)

// Log is where questions go.
type Log interface {
	LogUnanswered(ctx context.Context, q store.Question) error
}

// maxLen bounds what one question may put in the log.
const maxLen = 500

type handler struct {
	next bot.Handler
	log  Log
	now  func() time.Time
	errs *slog.Logger
}

// Wrap returns next, logging its unanswered free-text questions to l.
// Failing to log never changes the reply. now may be nil for time.Now.
func Wrap(next bot.Handler, l Log, now func() time.Time, logger *slog.Logger) bot.Handler {
	if now == nil {
		now = time.Now
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &handler{next: next, log: l, now: now, errs: logger}
}

// Handle implements bot.Handler.
func (h *handler) Handle(ctx context.Context, m bot.Message) (bot.Reply, bool) {
	r, ok := h.next.Handle(ctx, m)
	// Only what the bot answered with its fallback: silence in a group is
	// not a failure to answer, and commands other than /ask are not questions.
	if !ok || r.Found {
		return r, ok
	}
	if r.Command != "" && r.Command != "ask" {
		return r, ok
	}
	q := questionOf(m, r)
	if q == "" {
		return r, ok
	}
	entry := store.Question{Chat: store.Chat{Platform: m.Platform, ID: m.ChatID}, Text: q, Asked: h.now(),
		Reply: clip(markup.Plain(r.Doc), maxAnswer), Report: reportsOf(r)}
	if err := h.log.LogUnanswered(ctx, entry); err != nil {
		h.errs.Warn("unanswered question not logged", "platform", m.Platform, "err", err)
	}
	return r, ok
}
