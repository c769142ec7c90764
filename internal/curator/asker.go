package curator

import (
	"context"

	"github.com/reportbot/reportbot/bot"
	"github.com/reportbot/reportbot/bot/markup"
)

// Asker answers a question as the bot would in a private chat.
type Asker interface {
	Ask(ctx context.Context, question string) Answer
}

// Answer is what try-it shows: the reply, its evidence and confidence, and
// how the question was read.
type Answer struct {
	Text       string
	Found      bool
	Confidence float64 // 0..1
	Evidence   []Evidence
	// Reading is how the bot read the question, as label–value pairs in
	// the order to show them. Today that is what a bot.Reply tells (the
	// command that answered, found or not); an Asker over question frames
	// adds the frame's slots here, and the page shows them unchanged.
	Reading []Field
}

// Evidence is one report sentence that supports an answer.
type Evidence struct {
	Report   string
	Sentence string
}

// Field is one label and value of Answer.Reading.
type Field struct {
	Label string
	Value string
}

// BotAsker asks a bot.Handler. Give it the bare bot, not the handler the
// platforms use: a curator trying questions should not fill the
// unanswered log or spend a chat's rate limit.
type BotAsker struct {
	Bot bot.Handler
}

// Ask implements Asker.
func (a BotAsker) Ask(ctx context.Context, question string) Answer {
	r, ok := a.Bot.Handle(ctx, bot.Message{
		Platform: "console", ChatID: "console", ChatKind: bot.Private, UserID: "curator", Text: question,
	})
	if !ok {
		// A private chat always gets a reply; say so rather than show nothing.
		return Answer{Text: "(the bot stayed silent)", Reading: []Field{{"answered by", "nothing: the bot chose not to reply"}}}
	}
	ans := Answer{Text: markup.Plain(r.Doc), Found: r.Found, Confidence: r.Confidence}
	for _, s := range r.Sources {
		ans.Evidence = append(ans.Evidence, Evidence{Report: s.Report, Sentence: s.Sentence})
	}
	by := "a free-text question"
	if r.Command != "" {
		by = "the /" + r.Command + " command"
	}
	found := "no: the bot gave its fallback"
	if r.Found {
		found = "yes"
	}
	// Confidence has its own place on the page, so it is not repeated here.
	ans.Reading = []Field{
		{"answered as", by},
		{"found in the reports", found},
	}
	return ans
}
