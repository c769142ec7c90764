package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/reportbot/reportbot/bot/markup"
	"github.com/reportbot/reportbot/internal/digest"
	"github.com/reportbot/reportbot/knowledge"
)

// runDigest prints a digest as a chat would get it, from the knowledge the
// flags (or the config) name. It reads no chat's state: --since stands in
// for the chat's last digest, and an archive item is the first one.
func runDigest(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("digest", "[--config FILE] [--report FILE|DIR]... [--kb FILE] [--since DATE] [--date DATE] [--zone ZONE] [--scope TAG]...", stderr)
	var kf kbFlags
	kf.register(fs, true)
	cfgPath := fs.String("config", "", "config `FILE` for the digest settings and, without --report or --kb, the reports")
	since := fs.String("since", "", "the chat's last digest, `YYYY-MM-DD` (start of that day); default: a day before --date")
	date := fs.String("date", "", "the digest's day, `YYYY-MM-DD`; default: today")
	zone := fs.String("zone", "", "the chat's IANA time `ZONE`; default: digest.default_timezone")
	var scope multiFlag
	fs.Var(&scope, "scope", "as a chat scoped to `TAG` gets it (repeatable): only reports with one of the tags")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	cfg, err := loadConfig(ctx, *cfgPath)
	if err != nil {
		return err
	}
	if len(kf.reports) == 0 && kf.kbFile == "" {
		kf.reports, kf.kbFile = cfg.Knowledge.Reports, cfg.Knowledge.KBFile
		if kf.curation == "" {
			kf.curation = cfg.Knowledge.Curation
		}
	}
	if *zone == "" {
		*zone = cfg.Digest.DefaultTimezone
	}
	loc, err := time.LoadLocation(*zone)
	if err != nil {
		fmt.Fprintf(stderr, "reportbot digest: unknown time zone %q\n", *zone)
		return errUsage
	}
	now, sinceT, err := digestWindow(time.Now(), *date, *since, loc)
	if err != nil {
		fmt.Fprintln(stderr, "reportbot digest:", err)
		return errUsage
	}
	kb, err := kf.load(ctx, stderr)
	if err != nil {
		return err
	}
	kb = kb.ScopeList(knowledge.MergeTags(scope))
	d := digest.Build(digest.Request{KB: kb, Since: sinceT, Now: now, Loc: loc}, digest.Options{WhenNothingNew: cfg.Digest.WhenNothingNew})
	if d.Doc.Empty() {
		fmt.Fprintf(stderr, "Nothing new between %s and %s: with digest.when_nothing_new: %s, no digest is posted.\n",
			sinceT.In(loc).Format("2006-01-02 15:04"), now.In(loc).Format("2006-01-02 15:04 MST"), cfg.Digest.WhenNothingNew)
		return nil
	}
	_, err = fmt.Fprintln(stdout, markup.Plain(d.Doc))
	return err
}

// digestWindow turns the flags into the digest's moment and its "since":
// a past --date is taken at its end, today at the current time.
func digestWindow(wall time.Time, date, since string, loc *time.Location) (now, from time.Time, err error) {
	now = wall
	if date != "" {
		day, err := time.ParseInLocation(time.DateOnly, date, loc)
		if err != nil {
			return now, from, fmt.Errorf("--date %q: want YYYY-MM-DD", date)
		}
		if end := day.AddDate(0, 0, 1).Add(-time.Second); end.Before(wall) {
			now = end
		}
	}
	from = now.AddDate(0, 0, -1)
	if since != "" {
		from, err = time.ParseInLocation(time.DateOnly, since, loc)
		if err != nil {
			return now, from, fmt.Errorf("--since %q: want YYYY-MM-DD", since)
		}
		if !from.Before(now) {
			return now, from, fmt.Errorf("--since %s is not before the digest's day", since)
		}
	}
	return now, from, nil
}
