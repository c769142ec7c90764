// Package guard wraps the bot's core so that one bad message or one
// spammer cannot take the bot down: it recovers from panics per message,
// limits questions per user and per chat, and counts questions, commands and
// answer latency for /metrics.
//
// It lives under internal/: it wraps the core from outside, so the core
// stays free of metrics and limits.
package guard

import (
	"context"
	"fmt"
	"log/slog"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/reportbot/reportbot/bot"
	"github.com/reportbot/reportbot/bot/markup"
	"github.com/reportbot/reportbot/internal/metrics"
)

// Options configures a Guard.
type Options struct {
	// UserPerMinute and ChatPerMinute limit the messages the bot answers
	// per user and per chat; 0 disables a limit. A full minute's quota may
	// be used at once, then it refills evenly.
	UserPerMinute int
	ChatPerMinute int
	// KnownCommand says which command names reportbot_commands_total counts
	// by name; any other counts as "other", so users typing made-up commands
	// cannot grow the metric without bound. nil counts every one as "other".
	KnownCommand func(name string) bool
	// Now is the clock for the limits; nil means time.Now.
	Now    func() time.Time
	Logger *slog.Logger
}

// Guard is a bot.Handler decorator. It is safe for concurrent use.
type Guard struct {
	next  bot.Handler
	now   func() time.Time
	log   *slog.Logger
	known func(string) bool

	mu    sync.Mutex
	users *limits
	chats *limits
	swept time.Time
}

var _ bot.Handler = (*Guard)(nil)

// New wraps next.
func New(next bot.Handler, opts Options) *Guard {
	g := &Guard{next: next, now: opts.Now, log: opts.Logger, known: opts.KnownCommand}
	if g.now == nil {
		g.now = time.Now
	}
	if g.log == nil {
		g.log = slog.New(slog.DiscardHandler)
	}
	if g.known == nil {
		g.known = func(string) bool { return false }
	}
	g.users = newLimits("user", opts.UserPerMinute)
	g.chats = newLimits("chat", opts.ChatPerMinute)
	return g
}

// Handle implements bot.Handler.
func (g *Guard) Handle(ctx context.Context, m bot.Message) (r bot.Reply, ok bool) {
	addressed := m.Addressed()
	defer func() {
		if v := recover(); v != nil {
			r, ok = g.recovered(ctx, m, addressed, v)
		}
	}()
	// Only messages meant for the bot count against the limits: group
	// chatter it ignores costs nothing and must not use up anyone's quota.
	if _, _, isCmd := bot.ParseCommand(strings.TrimSpace(m.Text)); isCmd {
		addressed = true
	}
	g.log.DebugContext(ctx, "message", "platform", m.Platform, "chat", m.ChatID, "user", m.UserID, "text", m.Text)

	if addressed {
		if allowed, scope := g.admit(m, true); !allowed {
			return g.throttled(ctx, m, scope)
		}
	}
	start := time.Now()
	r, ok = g.next.Handle(ctx, m)
	elapsed := time.Since(start)
	if !ok {
		return r, false
	}
	if !addressed {
		// The core chose to answer unprompted; it still counts, but nobody
		// asked, so over the limit the bot just keeps quiet.
		if allowed, s := g.admit(m, false); !allowed {
			metrics.Throttled.WithLabelValues(m.Platform, s.scope).Inc()
			return bot.Reply{}, false
		}
	}
	g.count(m, r, elapsed)
	g.log.DebugContext(ctx, "answered", "platform", m.Platform, "chat", m.ChatID,
		"command", r.Command, "found", r.Found, "confidence", r.Confidence, "duration", elapsed)
	return r, true
}

func (g *Guard) count(m bot.Message, r bot.Reply, elapsed time.Duration) {
	metrics.AnswerSeconds.WithLabelValues(m.Platform).Observe(elapsed.Seconds())
	if r.Command != "" {
		name := r.Command
		if !g.known(name) {
			name = "other"
		}
		metrics.Commands.WithLabelValues(name).Inc()
		return
	}
	outcome := "unanswered"
	if r.Found {
		outcome = "answered"
	}
	metrics.Questions.WithLabelValues(m.Platform, outcome).Inc()
}

// recovered turns a panic into a logged error and, when the message was
// meant for the bot, a short apology. The stack goes to the log; the
// message text only at debug level.
func (g *Guard) recovered(ctx context.Context, m bot.Message, addressed bool, v any) (bot.Reply, bool) {
	metrics.Panics.WithLabelValues(m.Platform).Inc()
	g.log.ErrorContext(ctx, "panic while handling a message", "platform", m.Platform, "chat", m.ChatID,
		"user", m.UserID, "message_id", m.MessageID, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
	g.log.DebugContext(ctx, "message that panicked", "text", m.Text)
	if !addressed {
		return bot.Reply{}, false
	}
	var d markup.Doc
	d.Para(markup.T("Sorry, something went wrong while answering that. The problem has been logged; please try another question."))
	return bot.Reply{Doc: d}, true
}

// throttled sends the one notice, or nothing when it was already sent.
func (g *Guard) throttled(ctx context.Context, m bot.Message, s scopeResult) (bot.Reply, bool) {
	metrics.Throttled.WithLabelValues(m.Platform, s.scope).Inc()
	if !s.notice {
		return bot.Reply{}, false
	}
	g.log.InfoContext(ctx, "question limit reached; staying quiet until it recovers",
		"platform", m.Platform, "chat", m.ChatID, "user", m.UserID, "scope", s.scope)
	var d markup.Doc
	if s.scope == "chat" {
		d.Para(markup.T("This chat is asking me questions faster than I can keep up. I'll be quiet for a moment; please ask again in a minute."))
	} else {
		d.Para(markup.T("You're asking me questions faster than I can keep up. I'll be quiet for a moment; please ask again in a minute."))
	}
	return bot.Reply{Doc: d}, true
}

// scopeResult says which limit refused a message and whether its one
// notice is still to be sent.
type scopeResult struct {
	scope  string
	notice bool
}

// admit takes one token from the user's and the chat's limiter, or from
// neither when either is empty. wantNotice marks the refusing limiter as
// noticed, so its notice is sent once per exhaustion.
func (g *Guard) admit(m bot.Message, wantNotice bool) (bool, scopeResult) {
	now := g.now()
	g.mu.Lock()
	defer g.mu.Unlock()
	if now.Sub(g.swept) > time.Minute {
		g.users.sweep(now)
		g.chats.sweep(now)
		g.swept = now
	}
	ub := g.users.get(m.Platform + ":" + m.UserID)
	cb := g.chats.get(m.Platform + ":" + m.ChatID)
	for _, b := range []*bucket{ub, cb} {
		if b != nil && b.lim.TokensAt(now) < 1 {
			res := scopeResult{scope: b.scope}
			if wantNotice && !b.noticed {
				b.noticed, res.notice = true, true
			}
			return false, res
		}
	}
	for _, b := range []*bucket{ub, cb} {
		if b != nil {
			b.lim.AllowN(now, 1)
			b.noticed = false // recovered: the next exhaustion gets a notice again
		}
	}
	return true, scopeResult{}
}

// limits is one limiter per key (user or chat).
type limits struct {
	scope     string
	perMinute int
	buckets   map[string]*bucket
}

type bucket struct {
	scope   string
	lim     *rate.Limiter
	noticed bool
}

func newLimits(scope string, perMinute int) *limits {
	return &limits{scope: scope, perMinute: perMinute, buckets: map[string]*bucket{}}
}

// get returns key's bucket, nil when this limit is disabled.
func (l *limits) get(key string) *bucket {
	if l.perMinute <= 0 {
		return nil
	}
	b, ok := l.buckets[key]
	if !ok {
		b = &bucket{scope: l.scope, lim: rate.NewLimiter(rate.Every(time.Minute/time.Duration(l.perMinute)), l.perMinute)}
		l.buckets[key] = b
	}
	return b
}

// sweep forgets buckets that have refilled completely: a fresh bucket would
// behave the same, so memory stays bounded by the recently active users.
func (l *limits) sweep(now time.Time) {
	for k, b := range l.buckets {
		if b.lim.TokensAt(now) >= float64(l.perMinute) {
			delete(l.buckets, k)
		}
	}
}
