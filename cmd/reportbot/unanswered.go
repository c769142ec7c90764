package main

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/reportbot/reportbot/internal/config"
)

// runUnanswered lists the questions the bot could not answer, most asked
// first, so a curator sees what the reports or the curation file lack.
func runUnanswered(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("unanswered", "[--config FILE] [--limit N]", stderr)
	cfgPath := fs.String("config", "", "config `FILE` naming the store; default: built-in defaults and environment")
	limit := fs.Int("limit", 20, "show at most `N` questions")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	cfg, err := config.Load(*cfgPath)
	if err != nil {
		return err
	}
	st, err := openStore(ctx, cfg.Store)
	if err != nil {
		return err
	}
	defer st.Close()
	asked, err := st.MostAsked(ctx, *limit)
	if err != nil {
		return err
	}
	if len(asked) == 0 {
		fmt.Fprintln(stdout, "No unanswered questions logged.")
		return nil
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ASKED\tCHATS\tLAST\tQUESTION")
	for _, a := range asked {
		fmt.Fprintf(tw, "%d\t%d\t%s\t%s\n", a.Count, a.Chats, a.Last.Format("2006-01-02"), a.Text)
	}
	return tw.Flush()
}
