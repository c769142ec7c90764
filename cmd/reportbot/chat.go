package main

import (
	"context"
	"fmt"
	"io"

	"github.com/reportbot/reportbot/adapters/console"
)

func runChat(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("chat", "[--report FILE|DIR]... [--kb FILE]", stderr)
	var kf kbFlags
	kf.register(fs, true)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	b, err := kf.newBot()
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, "reportbot console. Ask a question, /help for commands, /quit to leave.")
	return console.Run(ctx, b, stdin, stdout, "> ")
}
