package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/reportbot/reportbot/bot"
	"github.com/reportbot/reportbot/internal/config"
	"github.com/reportbot/reportbot/internal/store"
	"github.com/reportbot/reportbot/internal/unanswered"
	"github.com/reportbot/reportbot/knowledge"
)

// conversations lets the core's follow-up layer keep its state in the
// store; the core knows only its own small interface.
type conversations struct{ s store.Conversations }

func (c conversations) LoadConversation(ctx context.Context, k bot.ConversationKey, now time.Time) ([]byte, bool, error) {
	return c.s.LoadConversation(ctx, store.ConversationKey(k), now)
}

func (c conversations) SaveConversation(ctx context.Context, k bot.ConversationKey, state []byte, now time.Time, ttl time.Duration) error {
	return c.s.SaveConversation(ctx, store.ConversationKey(k), state, now, ttl)
}

// conversing wraps the core with what makes it a conversation partner:
// follow-ups read in context, and (when the config allows) answers
// recorded for 👍/👎. The voter is nil without buttons.
func conversing(core bot.Handler, src knowledge.Source, st store.Store, cfg config.Conversation, log *slog.Logger) (bot.Handler, bot.Voter) {
	h := bot.WithFollowUps(core, src, conversations{st}, bot.FollowUpOptions{
		TTL: cfg.TTL, PrivateWindow: cfg.PrivateWindow, Logger: log,
	})
	if !cfg.FeedbackButtons {
		return h, nil
	}
	return unanswered.WithFeedback(h, st, nil, log), unanswered.Voter{Store: st}
}
