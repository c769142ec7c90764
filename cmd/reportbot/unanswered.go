package main

import (
	"context"
	"encoding/json"
	"io"
	"time"

	"github.com/reportbot/reportbot/internal/unanswered"
)

// runUnanswered is the curator's report: the questions the bot declined and
// the answers people voted down, most frequent first, each with the answer
// given and its report, so a curator sees what the reports or the curation
// file lack.
func runUnanswered(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("unanswered", "[--config FILE] [--limit N] [--since 7d|36h|YYYY-MM-DD] [--json]", stderr)
	cfgPath := fs.String("config", "", "config `FILE` naming the store; default: built-in defaults and environment")
	limit := fs.Int("limit", 20, "show at most `N` entries of each list")
	var since time.Time
	fs.Func("since", "only questions and votes since `WHEN`: a duration back (36h, 7d) or a date (2026-03-01)", func(s string) (err error) {
		since, err = unanswered.ParseSince(s, time.Now())
		return err
	})
	asJSON := fs.Bool("json", false, "print the report as JSON")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	cfg, err := loadConfig(ctx, *cfgPath)
	if err != nil {
		return err
	}
	// Reading must not create a store: where there is none, nothing was
	// logged, and an empty one in memory says so in the usual format.
	if sqliteFileMissing(cfg.Store) {
		cfg.Store.Path = ":memory:"
	}
	st, err := openStore(ctx, cfg.Store)
	if err != nil {
		return err
	}
	defer st.Close()
	rep, err := unanswered.Build(ctx, st, since, *limit)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	return rep.WriteText(stdout)
}
