package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/reportbot/reportbot/knowledge"
)

// runInspect prints, for curators, what extraction found in each report:
// the event, then every person with each role and action beside the
// sentence it came from, so a wrong fact can be traced to its sentence.
func runInspect(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("inspect", "REPORT...", stderr)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "inspect: name at least one report file or folder")
		return errUsage
	}
	reports, err := knowledge.LoadPaths(fs.Args(), knowledge.LoadOptions{})
	for _, r := range reports {
		writeInspection(stdout, r)
	}
	return err
}

// writeInspection writes one report's table.
func writeInspection(w io.Writer, r *knowledge.Report) {
	ev := r.Event
	fmt.Fprintf(w, "report %s\n", r.ID)
	field := func(name, v string) {
		if v != "" {
			fmt.Fprintf(w, "  %-10s %s\n", name, v)
		}
	}
	field("title", r.Title)
	field("dated", r.Date)
	date := ev.Date
	if ev.DateText != "" {
		date = strings.TrimSpace(date + " (" + ev.DateText + ")")
	}
	field("event on", date)
	field("what", ev.What)
	field("where", ev.Where)
	field("organizer", ev.Organizer)
	if len(r.People) == 0 {
		fmt.Fprintf(w, "  no people found\n\n")
		return
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "  PERSON\tFACT\tSENTENCE")
	sentence := func(i int) string {
		if i < 0 || i >= len(r.Sentences) {
			return ""
		}
		return fmt.Sprintf("[%d] %s", i, clip(r.Sentences[i].Text, 110))
	}
	for _, p := range r.People {
		name := p.Name
		if len(p.Aliases) > 0 {
			name += " (also " + strings.Join(p.Aliases, ", ") + ")"
		}
		rows := 0
		row := func(fact string, si int) {
			fmt.Fprintf(tw, "  %s\t%s\t%s\n", name, fact, sentence(si))
			name = ""
			rows++
		}
		for _, role := range p.Roles {
			row("role: "+role.Text, role.Sentence)
		}
		seen := map[knowledge.ActionKind]bool{}
		for _, a := range p.Actions {
			if !seen[a.Kind] { // the first sentence for each kind is enough to trace it
				seen[a.Kind] = true
				row(string(a.Kind), a.Sentence)
			}
		}
		if rows == 0 && len(p.Sentences) > 0 {
			row("mentioned", p.Sentences[0])
		}
	}
	tw.Flush()
	fmt.Fprintln(w)
}

func clip(s string, n int) string {
	rs := []rune(s)
	if len(rs) <= n {
		return s
	}
	return string(rs[:n-1]) + "…"
}
