// Package digest writes a chat's daily digest from the knowledge base:
// what is new since the chat's last digest or, when nothing is, one key
// point from the archive the chat has not been shown yet.
//
// It lives under internal/ with the scheduler that posts it: the core
// answers questions, the service decides when to post.
package digest

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/reportbot/reportbot/bot/markup"
	"github.com/reportbot/reportbot/knowledge"
)

// WhenNothingNew values.
const (
	Skip    = "skip"
	Archive = "archive"
)

// FirstWindow is how far back a chat's first digest looks: a new
// subscriber gets the last week rather than everything ever loaded.
const FirstWindow = 7 * 24 * time.Hour

// Options are the digest settings from the config.
type Options struct {
	WhenNothingNew string // Skip or Archive
	MaxTerms       int    // key terms per report; 0 means 5
}

// Request is one chat's digest to write.
type Request struct {
	KB    *knowledge.KB
	Since time.Time       // the chat's last digest; zero: FirstWindow before Now
	Now   time.Time       // the digest's moment: nothing added later is listed
	Loc   *time.Location  // the chat's zone, which decides what "today" is
	Shown map[string]bool // archive items the chat has already seen
}

// Digest is a written digest. An empty Doc means there is nothing to post.
type Digest struct {
	Doc markup.Doc
	// Reports are the IDs of the new reports listed.
	Reports []string
	// ArchiveItem is the key of the archive item shown, to be remembered
	// once the digest is delivered; "" when none.
	ArchiveItem string
}

// Build writes the digest.
func Build(r Request, o Options) Digest {
	if o.MaxTerms <= 0 {
		o.MaxTerms = 5
	}
	if r.Loc == nil {
		r.Loc = time.UTC
	}
	if r.Since.IsZero() {
		r.Since = r.Now.Add(-FirstWindow)
	}
	var d Digest
	if r.KB == nil {
		return d
	}
	fresh := New(r.KB, r.Since, r.Now, r.Loc)
	if len(fresh) > 0 {
		d.Doc.Heading("Digest for " + r.Now.In(r.Loc).Format("Monday, 2 January 2006"))
		for _, rep := range fresh {
			d.Reports = append(d.Reports, rep.ID)
			writeReport(&d.Doc, rep, o.MaxTerms)
		}
		pointers(&d.Doc, len(fresh) > 1)
		return d
	}
	if o.WhenNothingNew != Archive {
		return d
	}
	rep, key, sentence, ok := archiveItem(r.KB, r.Shown)
	if !ok {
		return d
	}
	d.ArchiveItem = key
	d.Doc.Heading("From the archive")
	d.Doc.Para(markup.B(headline(rep)), markup.T(" · "+dateOf(rep)))
	d.Doc.Quote(sentence)
	pointers(&d.Doc, false)
	return d
}

// New returns the reports added after since (up to now), or dated after
// since's local day and no later than now's, newest date first. A report
// dated on the day of the last digest was listed by it already, if loaded.
func New(kb *knowledge.KB, since, now time.Time, loc *time.Location) []*knowledge.Report {
	sinceDay := since.In(loc).Format(time.DateOnly)
	today := now.In(loc).Format(time.DateOnly)
	var out []*knowledge.Report
	for _, rep := range kb.Reports {
		if rep.Added.After(now) {
			continue // not in the knowledge base yet at that moment
		}
		added := !rep.Added.IsZero() && rep.Added.After(since) && !rep.Added.After(now)
		date := reportDate(rep)
		// ISO dates compare correctly as strings.
		dated := date != "" && date > sinceDay && date <= today
		if added || dated {
			out = append(out, rep)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return reportDate(out[i]) > reportDate(out[j]) })
	return out
}

func writeReport(doc *markup.Doc, rep *knowledge.Report, maxTerms int) {
	doc.Para(markup.B(headline(rep)), markup.T(" · "+dateOf(rep)))
	var items [][]markup.Span
	var presided []string
	spoke := 0
	for _, p := range rep.People {
		for _, a := range p.Actions {
			if a.Kind == knowledge.Presided {
				presided = append(presided, p.Name)
				break
			}
		}
		for _, a := range p.Actions {
			if a.Kind == knowledge.Spoke {
				spoke++
				break
			}
		}
	}
	if len(presided) > 0 {
		items = append(items, []markup.Span{markup.T("Presided: " + strings.Join(presided, ", "))})
	}
	items = append(items, []markup.Span{markup.T(speakers(spoke))})
	if terms := topTerms(rep, maxTerms); len(terms) > 0 {
		items = append(items, []markup.Span{markup.T("Key terms: " + strings.Join(terms, "; "))})
	}
	doc.List(items...)
}

func speakers(n int) string {
	switch n {
	case 0:
		return "No speakers recorded"
	case 1:
		return "1 person spoke"
	}
	return strconv.Itoa(n) + " people spoke"
}

// topTerms ranks terms by how many sentences use them; ties keep the
// extractor's order, which is its own ranking.
func topTerms(rep *knowledge.Report, n int) []string {
	terms := append([]knowledge.Term(nil), rep.Terms...)
	sort.SliceStable(terms, func(i, j int) bool { return len(terms[i].Sentences) > len(terms[j].Sentences) })
	var out []string
	seen := map[string]bool{}
	for _, t := range terms {
		k := strings.ToLower(t.Text)
		if t.Text == "" || seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, t.Text)
		if len(out) == n {
			break
		}
	}
	return out
}

// pointers tells readers how to learn more; the commands are the core's
// built-in ones.
func pointers(doc *markup.Doc, several bool) {
	spans := []markup.Span{markup.T("More: "), markup.C("/summary"), markup.T(", "), markup.C("/speakers"), markup.T(", "),
		markup.C("/who NAME"), markup.T(", "), markup.C("/topics")}
	if several {
		spans = append(spans, markup.T(", "), markup.C("/reports"))
	}
	spans = append(spans, markup.T(", or just ask a question."))
	doc.Para(spans...)
}

func headline(rep *knowledge.Report) string {
	for _, s := range []string{rep.Title, rep.Event.What, rep.ID} {
		if s = strings.TrimSpace(s); s != "" {
			return s
		}
	}
	return "Untitled report"
}

func reportDate(rep *knowledge.Report) string {
	if rep.Date != "" {
		return rep.Date
	}
	return rep.Event.Date
}

func dateOf(rep *knowledge.Report) string {
	if d := reportDate(rep); d != "" {
		return d
	}
	return "undated"
}

// archiveItem picks the first key point the chat has not seen: per report,
// the event sentence, then the sentences of its top terms.
func archiveItem(kb *knowledge.KB, shown map[string]bool) (*knowledge.Report, string, string, bool) {
	for _, rep := range kb.Reports {
		if len(rep.Sentences) == 0 {
			continue
		}
		candidates := []int{rep.Event.Sentence}
		terms := append([]knowledge.Term(nil), rep.Terms...)
		sort.SliceStable(terms, func(i, j int) bool { return len(terms[i].Sentences) > len(terms[j].Sentences) })
		for _, t := range terms {
			candidates = append(candidates, t.Sentences...)
		}
		for _, i := range candidates {
			if i < 0 || i >= len(rep.Sentences) || strings.TrimSpace(rep.Sentences[i].Text) == "" {
				continue
			}
			key := ArchiveKey(rep.ID, i)
			if !shown[key] {
				return rep, key, rep.Sentences[i].Text, true
			}
		}
	}
	return nil, "", "", false
}

// ArchiveKey names one sentence of one report.
func ArchiveKey(reportID string, sentence int) string {
	return fmt.Sprintf("%s#%d", reportID, sentence)
}
