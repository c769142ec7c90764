package library

import (
	"context"
	"log/slog"
	"strings"
	"time"

	"github.com/reportbot/reportbot/bot"
	"github.com/reportbot/reportbot/bot/markup"
	"github.com/reportbot/reportbot/internal/store"
	"github.com/reportbot/reportbot/knowledge"
)

// Scopes says which tags each chat is scoped to: what an admin set with
// /scope (in the store, so every replica agrees), else the config's
// scopes, else none (the chat sees every report).
type Scopes struct {
	Store store.Scopes
	// Config maps "platform:chatID" to tags, from the config file.
	Config map[string][]string
	Now    func() time.Time
	// Reports, if set, is the knowledge base being served; a question in
	// a chat whose scope no report carries is then told so, instead of
	// "no reports loaded".
	Reports func() *knowledge.KB
}

// Tags is the chat's scope; nil means every report.
func (s *Scopes) Tags(ctx context.Context, c store.Chat) ([]string, error) {
	if s == nil {
		return nil, nil
	}
	if s.Store != nil {
		tags, err := s.Store.Scope(ctx, c)
		if err != nil || len(tags) > 0 {
			return tags, err
		}
	}
	return s.configured(c), nil
}

func (s *Scopes) configured(c store.Chat) []string {
	if s == nil {
		return nil
	}
	return knowledge.MergeTags(s.Config[c.String()])
}

// Set stores the chat's scope; no tags clears it.
func (s *Scopes) Set(ctx context.Context, c store.Chat, tags []string) error {
	now := time.Now
	if s.Now != nil {
		now = s.Now
	}
	return s.Store.SetScope(ctx, c, tags, now())
}

// Handler puts each message's chat scope on it before next answers it. If
// the scope cannot be read the bot does not answer from everything (that
// could show one team another's reports): it asks to retry.
func (s *Scopes) Handler(next bot.Handler, log *slog.Logger) bot.Handler {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return scoped{s, next, log}
}

type scoped struct {
	s    *Scopes
	next bot.Handler
	log  *slog.Logger
}

func (h scoped) Handle(ctx context.Context, m bot.Message) (bot.Reply, bool) {
	tags, err := h.s.Tags(ctx, store.Chat{Platform: m.Platform, ID: m.ChatID})
	if err != nil {
		h.log.Error("chat scope lookup failed", "platform", m.Platform, "chat", m.ChatID, "err", err)
		if !m.Addressed() {
			return bot.Reply{}, false
		}
		var d markup.Doc
		d.Para(markup.T("Sorry, I couldn't check this chat's settings just now; please try again in a moment."))
		return bot.Reply{Doc: d}, true
	}
	m.Scope = tags
	if len(tags) > 0 && h.s.Reports != nil && m.Addressed() {
		if _, _, cmd := bot.ParseCommand(strings.TrimSpace(m.Text)); !cmd && !anyTagged(h.s.Reports(), tags) {
			var d markup.Doc
			d.Para(markup.T("This chat sees only the reports tagged "+strings.Join(tags, ", ")+", and there are none yet. "),
				markup.C("/scope"), markup.T(" shows or changes that."))
			return bot.Reply{Doc: d}, true
		}
	}
	return h.next.Handle(ctx, m)
}

// Current is the knowledge base the library last published.
func (l *Library) Current() *knowledge.KB {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.last
}

// anyTagged reports whether some report carries one of tags (without
// building the scoped knowledge base, which indexes).
func anyTagged(kb *knowledge.KB, tags []string) bool {
	if kb == nil {
		return false
	}
	for _, r := range kb.Reports {
		if r.HasAnyTag(tags) {
			return true
		}
	}
	return false
}
