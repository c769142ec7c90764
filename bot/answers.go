package bot

import (
	"context"

	"github.com/reportbot/reportbot/markup"
)

// Placeholders until the answering core lands.

func notYet() Reply {
	var d markup.Doc
	d.Para(markup.T("I can't find that in the report."))
	return Reply{Doc: d}
}

func (b *Bot) cmdSpeakers(ctx context.Context, req Request) Reply { return notYet() }
func (b *Bot) cmdWho(ctx context.Context, req Request) Reply      { return notYet() }
func (b *Bot) cmdPeople(ctx context.Context, req Request) Reply   { return notYet() }
func (b *Bot) cmdWhen(ctx context.Context, req Request) Reply     { return notYet() }
func (b *Bot) cmdTopics(ctx context.Context, req Request) Reply   { return notYet() }
func (b *Bot) cmdSummary(ctx context.Context, req Request) Reply  { return notYet() }
func (b *Bot) cmdReports(ctx context.Context, req Request) Reply  { return notYet() }

// Ask answers a free-text question.
func (b *Bot) Ask(ctx context.Context, question string) Reply { return notYet() }
