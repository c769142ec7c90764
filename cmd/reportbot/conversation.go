package main

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/reportbot/reportbot/bot"
	"github.com/reportbot/reportbot/internal/config"
	"github.com/reportbot/reportbot/internal/store"
	"github.com/reportbot/reportbot/internal/unanswered"
	"github.com/reportbot/reportbot/knowledge"
)

// conversations lets the core's follow-up layer keep its state in the
// store; the core knows only its own small interface. Expired states are
// purged at most once per TTL, by whichever save comes first, so the table
// holds about one TTL's worth of conversations.
type conversations struct {
	s   store.Conversations
	log *slog.Logger

	mu        sync.Mutex
	lastPurge time.Time
}

func (c *conversations) LoadConversation(ctx context.Context, k bot.ConversationKey, now time.Time) ([]byte, bool, error) {
	return c.s.LoadConversation(ctx, store.ConversationKey(k), now)
}

func (c *conversations) SaveConversation(ctx context.Context, k bot.ConversationKey, state []byte, now time.Time, ttl time.Duration) error {
	c.mu.Lock()
	purge := now.Sub(c.lastPurge) >= ttl
	if purge {
		c.lastPurge = now
	}
	c.mu.Unlock()
	if purge {
		if _, err := c.s.PurgeConversations(ctx, now); err != nil {
			c.log.WarnContext(ctx, "expired conversations not purged", "err", err)
		}
	}
	return c.s.SaveConversation(ctx, store.ConversationKey(k), state, now, ttl)
}

// conversing wraps the core with what makes it a conversation partner:
// follow-ups read in context, and (when the config allows) answers
// recorded for 👍/👎, votable for answersKept (store.retention.answers;
// 0: forever). The voter is nil without buttons.
func conversing(core bot.Handler, src knowledge.Source, st store.Store, cfg config.Conversation, answersKept time.Duration, log *slog.Logger) (bot.Handler, bot.Voter) {
	h := bot.WithFollowUps(core, src, &conversations{s: st, log: log}, bot.FollowUpOptions{
		TTL: cfg.TTL, PrivateWindow: cfg.PrivateWindow, Logger: log,
	})
	if !cfg.FeedbackButtons {
		return h, nil
	}
	return unanswered.WithFeedback(h, st, nil, log), unanswered.Voter{Store: st, MaxAge: answersKept}
}
