package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/reportbot/reportbot/bot"
	"github.com/reportbot/reportbot/bot/markup"
)

// askResult is one line of `ask --json`.
type askResult struct {
	Question   string       `json:"question"`
	Text       string       `json:"text"`
	Found      bool         `json:"found"`
	Confidence float64      `json:"confidence"`
	Sources    []bot.Source `json:"sources"`
	Command    string       `json:"command,omitempty"`
}

func runAsk(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("ask", "[--report FILE|DIR]... [--kb FILE] [--json] [QUESTION]", stderr)
	var kf kbFlags
	kf.register(fs, true)
	asJSON := fs.Bool("json", false, "print JSON (JSON Lines when reading standard input)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	b, err := kf.newBot(ctx, stderr)
	if err != nil {
		return err
	}
	answer := func(q string) error {
		r, _ := b.Handle(ctx, bot.Message{Platform: "cli", ChatID: "cli", ChatKind: bot.Private, UserID: "cli", Text: q})
		text := markup.Plain(r.Doc)
		if !*asJSON {
			_, err := fmt.Fprintln(stdout, text)
			return err
		}
		if r.Sources == nil {
			r.Sources = []bot.Source{}
		}
		enc := json.NewEncoder(stdout)
		enc.SetEscapeHTML(false)
		return enc.Encode(askResult{Question: q, Text: text, Found: r.Found, Confidence: r.Confidence, Sources: r.Sources, Command: r.Command})
	}
	if fs.NArg() > 0 {
		return answer(strings.Join(fs.Args(), " "))
	}
	sc := bufio.NewScanner(stdin)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for sc.Scan() {
		q := strings.TrimSpace(sc.Text())
		if q == "" {
			continue
		}
		if err := answer(q); err != nil {
			return err
		}
		if !*asJSON {
			fmt.Fprintln(stdout)
		}
	}
	return sc.Err()
}
