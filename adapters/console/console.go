// Package console connects the bot core to a terminal: one line in, the
// plain-text rendering of the reply out. It is the local stand-in for a
// private chat, for trying the bot before it goes live: at a terminal it
// edits lines and keeps a history (arrow keys), Ctrl-C drops the line being
// typed and Ctrl-D on an empty line leaves, as in a shell.
//
// It sits with the other adapters: it depends on the core, and the core
// never on it.
package console

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/reportbot/reportbot/bot"
	"github.com/reportbot/reportbot/bot/markup"
)

// Prompt is the console's prompt. It is not ">", which marks quoted
// evidence in replies.
const Prompt = "ask› "

// LineReader yields one typed line at a time; io.EOF ends the session.
type LineReader interface {
	ReadLine() (string, error)
}

// Run reads questions from in until EOF, "/quit" or ctx is done, and writes
// each reply to out. prompt is printed before each question ("" for none).
// It suits pipes and files; RunTerminal is for a person at a terminal.
func Run(ctx context.Context, h bot.Handler, in io.Reader, out io.Writer, prompt string) error {
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	return Session(ctx, h, &scanLines{sc: sc, out: out, prompt: prompt}, out)
}

type scanLines struct {
	sc     *bufio.Scanner
	out    io.Writer
	prompt string
}

func (s *scanLines) ReadLine() (string, error) {
	if s.prompt != "" {
		fmt.Fprint(s.out, s.prompt)
	}
	if !s.sc.Scan() {
		if err := s.sc.Err(); err != nil {
			return "", err
		}
		return "", io.EOF
	}
	return s.sc.Text(), nil
}

// Session answers lines from in, as messages in one private chat, until
// EOF, "/quit" or ctx is done. ctx ends it at once, even while it waits for
// a line (SIGTERM, or Ctrl-C on a pipe): each line is read on a goroutine,
// since a read from a terminal or a pipe cannot be cancelled; the next
// read starts only when the session asks for it, so prompts and replies
// keep their order.
func Session(ctx context.Context, h bot.Handler, in LineReader, out io.Writer) error {
	type read struct {
		line string
		err  error
	}
	want, got := make(chan struct{}), make(chan read)
	defer close(want)
	go func() {
		for range want {
			line, err := in.ReadLine()
			select {
			case got <- read{line, err}:
			case <-ctx.Done():
				return
			}
		}
	}()
	n := 0
	for {
		var r read
		select {
		case want <- struct{}{}:
		case <-ctx.Done():
			return nil
		}
		select {
		case r = <-got:
		case <-ctx.Done():
			return nil
		}
		if errors.Is(r.err, io.EOF) {
			return nil
		}
		if r.err != nil {
			return r.err
		}
		if ctx.Err() != nil {
			return nil
		}
		text := strings.TrimSpace(r.line)
		if text == "/quit" || text == "/exit" {
			return nil
		}
		if text == "" {
			continue
		}
		n++
		reply, ok := h.Handle(ctx, bot.Message{
			Platform: "console", ChatID: "console", ChatKind: bot.Private,
			UserID: "console", Text: text, MessageID: fmt.Sprint(n),
		})
		if !ok {
			continue
		}
		if _, err := fmt.Fprintf(out, "%s\n\n", markup.Plain(reply.Doc)); err != nil {
			return err
		}
	}
}
