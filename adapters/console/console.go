// Package console connects the bot core to a terminal: one line in, the
// plain-text rendering of the reply out. It is the local stand-in for a
// private chat.
//
// It sits with the other adapters: it depends on the core, and the core
// never on it.
package console

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/reportbot/reportbot/bot"
	"github.com/reportbot/reportbot/bot/markup"
)

// Run reads questions from in until EOF, "/quit" or ctx is done, and writes
// each reply to out. prompt is printed before each question ("" for none).
func Run(ctx context.Context, h bot.Handler, in io.Reader, out io.Writer, prompt string) error {
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	n := 0
	for {
		if prompt != "" {
			fmt.Fprint(out, prompt)
		}
		if !sc.Scan() {
			return sc.Err()
		}
		if ctx.Err() != nil {
			return nil
		}
		text := strings.TrimSpace(sc.Text())
		if text == "/quit" || text == "/exit" {
			return nil
		}
		if text == "" {
			continue
		}
		n++
		r, ok := h.Handle(ctx, bot.Message{
			Platform: "console", ChatID: "console", ChatKind: bot.Private,
			UserID: "console", Text: text, MessageID: fmt.Sprint(n),
		})
		if !ok {
			continue
		}
		if _, err := fmt.Fprintf(out, "%s\n\n", markup.Plain(r.Doc)); err != nil {
			return err
		}
	}
}
