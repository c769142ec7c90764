package unanswered

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/reportbot/reportbot/internal/store"
)

// Curator is what the curator's report reads from the store.
type Curator interface {
	Declined(ctx context.Context, since time.Time, limit int) ([]store.Asked, error)
	VotedDown(ctx context.Context, since time.Time, limit int) ([]store.VotedDown, error)
}

// Report is the curator's report: what the bot declined to answer and
// which answers people voted down, each most frequent first. Its JSON is
// `reportbot unanswered --json`.
type Report struct {
	Since     *time.Time   `json:"since,omitempty"`
	Declined  []Declined   `json:"declined"`
	VotedDown []VotedDownE `json:"voted_down"`
}

// Declined is a question the bot could not answer.
type Declined struct {
	Question string    `json:"question"`
	Count    int       `json:"count"`
	Chats    int       `json:"chats"`
	Last     time.Time `json:"last"`
	Answer   string    `json:"answer"` // what the bot said instead
	Report   string    `json:"report,omitempty"`
}

// VotedDownE is an answer people found unhelpful.
type VotedDownE struct {
	Question string    `json:"question"`
	Down     int       `json:"down"`
	Up       int       `json:"up"`
	Last     time.Time `json:"last"`
	Answer   string    `json:"answer"`
	Report   string    `json:"report,omitempty"`
}

// Build reads the report for questions and votes since (zero: all time).
func Build(ctx context.Context, c Curator, since time.Time, limit int) (Report, error) {
	rep := Report{Declined: []Declined{}, VotedDown: []VotedDownE{}}
	if !since.IsZero() {
		rep.Since = &since
	}
	asked, err := c.Declined(ctx, since, limit)
	if err != nil {
		return rep, err
	}
	for _, a := range asked {
		rep.Declined = append(rep.Declined, Declined{Question: a.Text, Count: a.Count, Chats: a.Chats, Last: a.Last, Answer: a.Reply, Report: a.Report})
	}
	down, err := c.VotedDown(ctx, since, limit)
	if err != nil {
		return rep, err
	}
	for _, d := range down {
		rep.VotedDown = append(rep.VotedDown, VotedDownE{Question: d.Question, Down: d.Down, Up: d.Up, Last: d.Last, Answer: d.Answer, Report: d.Report})
	}
	return rep, nil
}

// WriteText prints the report for a person at a terminal.
func (r Report) WriteText(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "Questions the bot declined")
	if len(r.Declined) == 0 {
		fmt.Fprintln(tw, "  No unanswered questions logged.")
	} else {
		fmt.Fprintln(tw, "ASKED\tCHATS\tLAST\tQUESTION")
		for _, d := range r.Declined {
			fmt.Fprintf(tw, "%d\t%d\t%s\t%s\n", d.Count, d.Chats, d.Last.Format("2006-01-02"), d.Question)
			fmt.Fprintf(tw, "\t\t\t  answer: %s\n", oneLine(d.Answer))
			if d.Report != "" {
				fmt.Fprintf(tw, "\t\t\t  report: %s\n", d.Report)
			}
		}
	}
	fmt.Fprintln(tw)
	fmt.Fprintln(tw, "Answers voted down")
	if len(r.VotedDown) == 0 {
		fmt.Fprintln(tw, "  No answer has been voted down.")
	} else {
		fmt.Fprintln(tw, "DOWN\tUP\tLAST\tQUESTION")
		for _, d := range r.VotedDown {
			fmt.Fprintf(tw, "%d\t%d\t%s\t%s\n", d.Down, d.Up, d.Last.Format("2006-01-02"), d.Question)
			fmt.Fprintf(tw, "\t\t\t  answer: %s\n", oneLine(d.Answer))
			if d.Report != "" {
				fmt.Fprintf(tw, "\t\t\t  report: %s\n", d.Report)
			}
		}
	}
	return tw.Flush()
}

// oneLine keeps the answer line of an answer: the first paragraph, cut.
func oneLine(s string) string {
	s, _, _ = strings.Cut(s, "\n\n")
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 160 {
		s = string(r[:159]) + "…"
	}
	return s
}

// ParseSince reads --since: a duration back from now ("36h", "7d") or a
// date ("2026-03-01", midnight UTC).
func ParseSince(s string, now time.Time) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t, nil
	}
	if n, ok := strings.CutSuffix(s, "d"); ok {
		var days int
		if _, err := fmt.Sscanf(n, "%d", &days); err == nil && days >= 0 && fmt.Sprint(days) == n {
			return now.AddDate(0, 0, -days), nil
		}
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return time.Time{}, fmt.Errorf("--since %q: want a duration such as 36h or 7d, or a date such as 2026-03-01", s)
	}
	return now.Add(-d), nil
}
