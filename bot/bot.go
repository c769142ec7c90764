// Package bot is the platform-neutral core: it takes a Message, decides
// whether to answer (group etiquette), runs a command or answers a free-text
// question from the knowledge base, and returns a Reply in neutral markup.
//
// It is the core, with knowledge: it imports neither the service (internal/)
// nor the adapters; what it needs from them it asks through small
// interfaces.
package bot

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"unicode/utf8"

	"github.com/reportbot/reportbot/bot/markup"
	"github.com/reportbot/reportbot/knowledge"
	"github.com/reportbot/reportbot/knowledge/textmatch"
)

// Options tunes the core.
type Options struct {
	// MinConfidence is the threshold below which the fallback is given.
	MinConfidence float64
	// AnswerUnprompted answers plain questions in groups when the answer's
	// confidence reaches UnpromptedConfidence.
	AnswerUnprompted     bool
	UnpromptedConfidence float64
	// MaxMessageLength refuses longer messages politely; 0 means no limit.
	MaxMessageLength int
	Logger           *slog.Logger
}

// Bot is the core. It is safe for concurrent use.
type Bot struct {
	src    knowledge.Source
	opts   Options
	cmds   []Command
	byName map[string]int
	scoped scopes
}

// New returns a bot answering from src.
func New(src knowledge.Source, opts Options) *Bot {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.UnpromptedConfidence == 0 {
		opts.UnpromptedConfidence = 0.8
	}
	b := &Bot{src: src, opts: opts, byName: map[string]int{}}
	b.Register(b.builtinCommands()...)
	return b
}

// Register adds commands, for example the digest commands. Register before
// the bot starts handling messages; the command list is not locked.
func (b *Bot) Register(cmds ...Command) {
	for _, c := range cmds {
		if i, ok := b.byName[c.Name]; ok {
			b.cmds[i] = c
			continue
		}
		b.byName[c.Name] = len(b.cmds)
		b.cmds = append(b.cmds, c)
	}
}

// Commands returns the declared commands in help order. Adapters use it to
// register commands with the platform (Telegram setMyCommands, Slack manifest).
func (b *Bot) Commands() []Command {
	out := make([]Command, 0, len(b.cmds))
	for _, c := range b.cmds {
		if !c.Hidden {
			out = append(out, c)
		}
	}
	return out
}

// Handle implements Handler.
func (b *Bot) Handle(ctx context.Context, m Message) (Reply, bool) {
	text := strings.TrimSpace(m.Text)
	if text == "" {
		return Reply{}, false
	}
	ctx = WithScope(ctx, m.Scope)
	if b.opts.MaxMessageLength > 0 && utf8.RuneCountInString(text) > b.opts.MaxMessageLength {
		if !m.Addressed() {
			return Reply{}, false
		}
		var d markup.Doc
		d.Para(markup.T(fmt.Sprintf("That message is too long for me (over %d characters). Please ask a shorter question.", b.opts.MaxMessageLength)))
		return Reply{Doc: d, Found: false}, true
	}
	if name, args, ok := ParseCommand(text); ok {
		// In groups a bare command is addressed to every bot; answering it is
		// expected, the adapter has already dropped /cmd@OtherBot.
		return b.runCommand(ctx, m, name, args), true
	}
	r := b.Ask(ctx, text)
	if m.Addressed() {
		return r, true
	}
	// Unprompted group chatter: only when allowed and sure.
	if b.opts.AnswerUnprompted && r.Found && r.Confidence >= b.opts.UnpromptedConfidence && looksLikeQuestion(text) {
		return r, true
	}
	return Reply{}, false
}

func (b *Bot) runCommand(ctx context.Context, m Message, name, args string) Reply {
	i, ok := b.byName[name]
	if !ok {
		var d markup.Doc
		d.Para(markup.T("I don't know the command "), markup.C("/"+name), markup.T("."))
		var names []string
		for _, c := range b.Commands() {
			names = append(names, c.Name)
		}
		if close, s := textmatch.Best(name, names); s >= 0.8 {
			d.Para(markup.T("Did you mean "), markup.C("/"+close), markup.T("?"))
		}
		d.Para(markup.T("Try "), markup.C("/help"), markup.T(" for the list."))
		return Reply{Doc: d, Command: name}
	}
	c := b.cmds[i]
	r := c.Run(ctx, Request{Msg: m, Args: args, KB: b.kb(ctx)})
	r.Command = c.Name
	return r
}

// ParseCommand splits "/who Ana Lima" into ("who", "Ana Lima"). The
// name is lower-cased; adapters strip any @botname suffix first.
func ParseCommand(text string) (name, args string, ok bool) {
	if !strings.HasPrefix(text, "/") || len(text) < 2 {
		return "", "", false
	}
	name, args, _ = strings.Cut(text[1:], " ")
	if name == "" || strings.ContainsAny(name, "/\n\t") {
		return "", "", false
	}
	return strings.ToLower(name), strings.TrimSpace(args), true
}

func looksLikeQuestion(text string) bool {
	if strings.HasSuffix(strings.TrimSpace(text), "?") {
		return true
	}
	first, _, _ := strings.Cut(strings.ToLower(text), " ")
	switch first {
	case "who", "whom", "whose", "what", "which", "when", "where", "how", "why", "did", "does", "is", "was", "were", "are":
		return true
	}
	return false
}
