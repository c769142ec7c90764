package bot

import (
	"context"
	"strings"

	"github.com/reportbot/reportbot/bot/markup"
	"github.com/reportbot/reportbot/knowledge"
)

// Request is what a command handler gets.
type Request struct {
	Msg  Message
	Args string
	KB   *knowledge.KB // the knowledge current when the message arrived
}

// Command declares one chat command. The declaration drives routing, /help,
// Telegram's setMyCommands and the Slack manifest, so they never drift apart.
type Command struct {
	Name        string // without the slash: "who"
	Args        string // argument synopsis: "NAME"
	Description string
	Examples    []string
	Hidden      bool // routed but not listed
	Run         func(ctx context.Context, req Request) Reply
}

// Usage is "/who NAME".
func (c Command) Usage() string {
	if c.Args == "" {
		return "/" + c.Name
	}
	return "/" + c.Name + " " + c.Args
}

func (b *Bot) builtinCommands() []Command {
	return []Command{
		{Name: "start", Description: "Introduce the bot", Run: b.cmdStart},
		{Name: "help", Description: "List commands with examples", Run: b.cmdHelp},
		{Name: "speakers", Description: "Everyone who spoke, with roles, in report order", Run: b.cmdSpeakers},
		{Name: "who", Args: "NAME", Description: "One person's roles and what they did (typos are fine)", Examples: []string{"/who <name>"}, Run: b.cmdWho},
		{Name: "people", Description: "Everyone named, grouped by what they did", Run: b.cmdPeople},
		{Name: "when", Description: "When and where the event took place", Run: b.cmdWhen},
		{Name: "topics", Description: "Key terms of the report", Run: b.cmdTopics},
		{Name: "summary", Description: "A short summary in the report's own sentences", Run: b.cmdSummary},
		{Name: "reports", Description: "The reports the bot knows", Run: b.cmdReports},
		{Name: "ask", Args: "QUESTION", Description: "Ask a question in your own words", Examples: []string{"/ask who presided over the meeting?", "/ask what did the report say about <topic>?"}, Run: b.cmdAsk},
	}
}

func (b *Bot) cmdStart(ctx context.Context, req Request) Reply {
	var d markup.Doc
	d.Para(markup.T("Hello! I answer questions about the reports in my knowledge base: who presided, who spoke and in what role, what was said and when."))
	d.Para(markup.T("Ask in your own words, or try "), markup.C("/speakers"), markup.T(", "), markup.C("/who NAME"), markup.T(" or "), markup.C("/help"), markup.T("."))
	return Reply{Doc: d, Found: true, Confidence: 1}
}

func (b *Bot) cmdHelp(ctx context.Context, req Request) Reply {
	var d markup.Doc
	d.Heading("Commands")
	var items [][]markup.Span
	for _, c := range b.Commands() {
		it := []markup.Span{markup.C(c.Usage()), markup.T(" — " + c.Description)}
		if len(c.Examples) > 0 {
			it = append(it, markup.T(" (e.g. "), markup.C(strings.Join(c.Examples, ", ")), markup.T(")"))
		}
		items = append(items, it)
	}
	d.List(items...)
	d.Para(markup.T("Or just ask a question, such as “who presided over the meeting?” or “when did it take place?”."))
	return Reply{Doc: d, Found: true, Confidence: 1}
}

func (b *Bot) cmdAsk(ctx context.Context, req Request) Reply {
	if req.Args == "" {
		var d markup.Doc
		d.Para(markup.T("Ask me something after the command, e.g. "), markup.C("/ask who presided?"))
		return Reply{Doc: d}
	}
	return b.Ask(ctx, req.Args)
}
