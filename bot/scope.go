package bot

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/reportbot/reportbot/bot/markup"
	"github.com/reportbot/reportbot/knowledge"
)

// A chat may be scoped to tags (Message.Scope): its answers, /reports,
// /speakers and the rest then come from the reports carrying those tags
// only. The scope travels in the context from Handle to wherever the
// knowledge base is chosen, so every command sees the same reports.

type scopeKey struct{}

// WithScope returns ctx carrying a chat's scope; no tags means everything.
func WithScope(ctx context.Context, tags []string) context.Context {
	if len(tags) == 0 {
		return ctx
	}
	return context.WithValue(ctx, scopeKey{}, tags)
}

// ScopeOf is the scope ctx carries, nil for none.
func ScopeOf(ctx context.Context) []string {
	tags, _ := ctx.Value(scopeKey{}).([]string)
	return tags
}

// scopes memoises scoped knowledge bases: building one builds an index,
// which is worth doing once per knowledge base and scope, not per message.
type scopes struct {
	mu   sync.Mutex
	base *knowledge.KB
	kbs  map[string]*knowledge.KB
}

func (s *scopes) of(kb *knowledge.KB, tags []string) *knowledge.KB {
	if len(tags) == 0 || kb == nil {
		return kb
	}
	key := strings.Join(tags, ",")
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.base != kb {
		// A reload swapped the knowledge base: the old scopes are stale.
		s.base, s.kbs = kb, map[string]*knowledge.KB{}
	}
	if k, ok := s.kbs[key]; ok {
		return k
	}
	k := kb.Scope(tags)
	s.kbs[key] = k
	return k
}

// kb is the knowledge base this request may see.
func (b *Bot) kb(ctx context.Context) *knowledge.KB {
	return b.scoped.of(b.src.KB(), ScopeOf(ctx))
}

// reportByID finds the report whose ID is args exactly ("/speakers
// minutes-3f9a2c", as the reply to an upload suggests), so a command can
// name one report even when its words are shared with others.
func reportByID(kb *knowledge.KB, args string) (int, bool) {
	args = strings.TrimSpace(args)
	if args == "" || strings.ContainsAny(args, " \t") {
		return 0, false
	}
	for ri, r := range kb.Reports {
		if strings.EqualFold(r.ID, args) {
			return ri, true
		}
	}
	return 0, false
}

// reportItem is one line of /reports: the headline, then the ID a command
// can name it by (/speakers ID, /remove ID), its size and its tags.
func reportItem(r *knowledge.Report) []markup.Span {
	s := []markup.Span{markup.B(reportLabel(r)), markup.T(" — "), markup.C(r.ID),
		markup.T(fmt.Sprintf(", %d people, %d sentences", len(r.People), len(r.Sentences)))}
	if len(r.Tags) > 0 {
		s = append(s, markup.T(", tagged "+strings.Join(r.Tags, ", ")))
	}
	return s
}
