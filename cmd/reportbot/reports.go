package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/reportbot/reportbot/bot/markup"
	"github.com/reportbot/reportbot/internal/config"
	"github.com/reportbot/reportbot/internal/library"
	"github.com/reportbot/reportbot/knowledge"
)

// parseInterspersed parses flags that may come after the positional
// arguments too ("add FILE --tag T"), which the flag package alone stops at.
func parseInterspersed(fs interface {
	Parse([]string) error
	Args() []string
}, args []string, parse func([]string) error) ([]string, error) {
	var pos []string
	for {
		if err := parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if rest[0] == "--" {
			return append(pos, rest[1:]...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

type discard struct{}

func (discard) Swap(*knowledge.KB) {}

// runAdd stores a report file for every replica, as an upload in chat does.
func runAdd(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("add", "FILE [--tag TAG]... [--config FILE]", stderr)
	cfgPath := fs.String("config", "", "config `FILE` naming the store; default: built-in defaults and environment")
	var tags multiFlag
	fs.Var(&tags, "tag", "tag the report with `TAG` (repeatable); chats scoped to it see it")
	pos, err := parseInterspersed(fs, args, func(a []string) error { return parseFlags(fs, a) })
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		fs.Usage()
		return errUsage
	}
	cfg, err := config.Load(*cfgPath)
	if err != nil {
		return err
	}
	path := pos[0]
	info, err := os.Stat(path)
	if err != nil {
		return err
	}
	if info.Size() > cfg.Uploads.MaxSize {
		return fmt.Errorf("%s: %w (%s; the limit is %s)", path, library.ErrTooLarge, library.Size(info.Size()), library.Size(cfg.Uploads.MaxSize))
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	st, err := openStore(ctx, cfg.Store)
	if err != nil {
		return err
	}
	defer st.Close()
	lib := library.New(library.Config{Store: st, Live: discard{}, MaxSize: cfg.Uploads.MaxSize}, nil)
	r, err := lib.Add(ctx, library.File{Name: filepath.Base(path), Data: data, Tags: tags, By: "cli"})
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	text := markup.Plain(library.Understood(r).Doc)
	// The CLI's undo is `reportbot remove`, not the chat command.
	text = strings.ReplaceAll(text, "/remove "+r.ID, "reportbot remove "+r.ID)
	_, err = fmt.Fprintln(stdout, text)
	return err
}

// runRemove deletes a stored report for every replica.
func runRemove(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("remove", "ID [--config FILE]", stderr)
	cfgPath := fs.String("config", "", "config `FILE` naming the store; default: built-in defaults and environment")
	pos, err := parseInterspersed(fs, args, func(a []string) error { return parseFlags(fs, a) })
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		fs.Usage()
		return errUsage
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
	ok, err := st.RemoveReport(ctx, pos[0])
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("no stored report has the ID %q (see `reportbot reports`)", pos[0])
	}
	_, err = fmt.Fprintf(stdout, "Removed %s.\n", pos[0])
	return err
}

// runReports lists the stored reports, for `remove`.
func runReports(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("reports", "[--config FILE]", stderr)
	cfgPath := fs.String("config", "", "config `FILE` naming the store; default: built-in defaults and environment")
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
	rs, err := st.ListReports(ctx)
	if err != nil {
		return err
	}
	if len(rs) == 0 {
		fmt.Fprintln(stdout, "No reports stored (reports in folders are not listed here).")
		return nil
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tADDED\tBY\tTAGS\tFILE")
	for _, r := range rs {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r.ID, r.AddedAt.Format("2006-01-02 15:04"), r.AddedBy, strings.Join(r.Tags, ","), r.Name)
	}
	return tw.Flush()
}
