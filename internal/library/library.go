// Package library is the set of reports the running bot serves: the
// reports from folders (or the bundled one, or a knowledge file) plus the
// reports added at run time through chat or `reportbot add`, which live in
// the store so that every replica serves them. Each replica parses a stored
// report once, when it first sees it, and joins it to the rest without
// reading the folders again; additions and removals reach every replica
// within seconds (PostgreSQL LISTEN/NOTIFY, and polling, which SQLite
// relies on).
//
// It is part of the running service: it ties the store to the knowledge
// base the bot answers from.
package library

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/reportbot/reportbot/internal/store"
	"github.com/reportbot/reportbot/knowledge"
	"github.com/reportbot/reportbot/knowledge/formats"
)

// Swapper receives each new knowledge base; *knowledge.Live is one.
type Swapper interface {
	Swap(kb *knowledge.KB)
}

// Config wires a Library.
type Config struct {
	Store store.Reports
	// Live is where the combined knowledge base is published.
	Live Swapper
	// MaxSize bounds an added file, in bytes; 0 means
	// knowledge.DefaultMaxFileSize.
	MaxSize int64
	// Poll is how often the store is checked for reports added or removed
	// elsewhere; 0 means 2s. With PostgreSQL notifications arrive sooner,
	// and the poll is the safety net.
	Poll time.Duration
	Now  func() time.Time
	Log  *slog.Logger
}

// Library keeps the combined knowledge base current.
type Library struct {
	c Config

	mu     sync.Mutex
	base   *knowledge.KB
	added  map[string]*knowledge.Report // stored reports, parsed once
	order  []string                     // their IDs in store order
	broken map[string]bool              // stored reports that do not parse here; logged once
	last   *knowledge.KB                // what publish last swapped in
}

// New returns a Library serving base (the folder reports) until the
// first Sync adds the stored ones.
func New(c Config, base *knowledge.KB) *Library {
	if c.MaxSize <= 0 {
		c.MaxSize = knowledge.DefaultMaxFileSize
	}
	if c.Poll <= 0 {
		c.Poll = 2 * time.Second
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Log == nil {
		c.Log = slog.New(slog.DiscardHandler)
	}
	return &Library{c: c, base: base, last: base, added: map[string]*knowledge.Report{}, broken: map[string]bool{}}
}

// Swap replaces the folder reports, as a reload of the folders does; the
// stored reports stay.
func (l *Library) Swap(base *knowledge.KB) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.base = base
	l.publish()
}

// publish swaps in base plus the stored reports. Call with mu held.
func (l *Library) publish() {
	more := make([]*knowledge.Report, 0, len(l.order))
	for _, id := range l.order {
		more = append(more, l.added[id])
	}
	l.last = knowledge.Extend(l.base, more)
	l.c.Live.Swap(l.last)
}

// Sync brings the stored reports up to date with the store: new ones are
// fetched and parsed, removed ones dropped. It publishes only on a change.
func (l *Library) Sync(ctx context.Context) error {
	// Held across the listing too: an Add between the listing and the
	// comparison would otherwise look removed until the next poll.
	l.mu.Lock()
	defer l.mu.Unlock()
	listed, err := l.c.Store.ListReports(ctx)
	if err != nil {
		return err
	}
	changed := false
	keep := map[string]bool{}
	var order []string
	for _, s := range listed {
		keep[s.ID] = true
		if _, ok := l.added[s.ID]; ok {
			order = append(order, s.ID)
			continue
		}
		if l.broken[s.ID] {
			continue
		}
		full, ok, err := l.c.Store.ReportData(ctx, s.ID)
		if err != nil {
			return err
		}
		if !ok {
			continue // removed since the list
		}
		r, err := l.parse(full)
		if err != nil {
			// Another replica (maybe a newer version) accepted it; this one
			// cannot read it. Say so once and serve the rest.
			l.broken[s.ID] = true
			l.c.Log.Error("stored report skipped: it does not parse", "id", s.ID, "name", s.Name, "err", err)
			continue
		}
		l.added[s.ID] = r
		order = append(order, s.ID)
		changed = true
		l.c.Log.Info("report added", "id", s.ID, "name", s.Name)
	}
	for id := range l.added {
		if !keep[id] {
			delete(l.added, id)
			changed = true
			l.c.Log.Info("report removed", "id", id)
		}
	}
	for id := range l.broken {
		if !keep[id] {
			delete(l.broken, id)
		}
	}
	if changed || len(order) != len(l.order) {
		l.order = order
		l.publish()
	}
	return nil
}

// Run keeps the library in sync until ctx ends: at every notification
// the store sends, and every Poll.
func (l *Library) Run(ctx context.Context) error {
	wake := make(chan struct{}, 1)
	go l.listen(ctx, func() {
		select {
		case wake <- struct{}{}:
		default:
		}
	})
	tick := time.NewTicker(l.c.Poll)
	defer tick.Stop()
	for {
		if err := l.Sync(ctx); err != nil && ctx.Err() == nil {
			l.c.Log.Warn("stored reports: sync failed; retrying", "err", err)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-wake:
		case <-tick.C:
		}
	}
}

// listen relays store notifications, reconnecting after failures.
func (l *Library) listen(ctx context.Context, wake func()) {
	for ctx.Err() == nil {
		err := l.c.Store.WatchReports(ctx, wake)
		if errors.Is(err, store.ErrNoNotify) || ctx.Err() != nil {
			return
		}
		l.c.Log.Warn("stored reports: notifications lost; polling until they are back", "err", err)
		select {
		case <-ctx.Done():
		case <-time.After(5 * time.Second):
		}
	}
}

// Reasons an added file is refused, besides those of knowledge/formats.
var (
	ErrTooLarge  = errors.New("the file is too large")
	ErrNotReport = errors.New("this does not read like a report of a meeting: I found no event and nobody named in it")
)

// File is a report file to add.
type File struct {
	Name string // with its extension, which says the format
	Data []byte
	Tags []string
	By   string // "platform:userID" or "cli"
}

// Add parses f and, if it reads as a report, stores it and serves it at
// once; other replicas pick it up from the store. A file that does not
// read changes nothing.
func (l *Library) Add(ctx context.Context, f File) (*knowledge.Report, error) {
	r, s, err := l.Check(f)
	if err != nil {
		return nil, err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if err := l.c.Store.AddReport(ctx, s); err != nil {
		return nil, err
	}
	if _, ok := l.added[s.ID]; !ok {
		l.added[s.ID] = r
		l.order = append(l.order, s.ID)
		l.publish()
	}
	return r, nil
}

// Check parses f as Add would, without storing it: the report and the
// record Add would store.
func (l *Library) Check(f File) (*knowledge.Report, store.StoredReport, error) {
	if int64(len(f.Data)) > l.c.MaxSize {
		return nil, store.StoredReport{}, fmt.Errorf("%w (the limit is %s)", ErrTooLarge, Size(l.c.MaxSize))
	}
	if !formats.Supported(f.Name) {
		return nil, store.StoredReport{}, formats.ErrUnsupported
	}
	for _, t := range f.Tags {
		if err := CheckTag(t); err != nil {
			return nil, store.StoredReport{}, err
		}
	}
	s := store.StoredReport{
		ID:      NewID(f.Name),
		Name:    filepath.Base(f.Name),
		Data:    f.Data,
		Tags:    knowledge.MergeTags(f.Tags),
		AddedBy: f.By,
		AddedAt: l.c.Now().UTC(),
	}
	r, err := l.parse(s)
	if err != nil {
		return nil, store.StoredReport{}, err
	}
	if len(r.People) == 0 && r.Event.What == "" {
		return nil, store.StoredReport{}, ErrNotReport
	}
	return r, s, nil
}

// parse reads a stored report; its ID and tags are the stored ones (plus
// any its front matter names).
func (l *Library) parse(s store.StoredReport) (*knowledge.Report, error) {
	r, err := knowledge.Parse(s.Name, s.Data, s.AddedAt)
	if err != nil {
		var fe *knowledge.FileError
		if errors.As(err, &fe) {
			return nil, fe.Err // the file name is the sender's own; the reason is what matters
		}
		return nil, err
	}
	r.ID = s.ID
	r.Tags = knowledge.MergeTags(r.Tags, s.Tags)
	return r, nil
}

// Remove deletes a stored report everywhere. Reports from folders are not
// stored and cannot be removed this way.
func (l *Library) Remove(ctx context.Context, id string) (bool, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	ok, err := l.c.Store.RemoveReport(ctx, id)
	if err != nil || !ok {
		return ok, err
	}
	if _, had := l.added[id]; had {
		delete(l.added, id)
		l.order = deleteID(l.order, id)
		l.publish()
	}
	return true, nil
}

func deleteID(ids []string, id string) []string {
	out := ids[:0:0]
	for _, x := range ids {
		if x != id {
			out = append(out, x)
		}
	}
	return out
}

var slugRe = regexp.MustCompile(`[^a-z0-9]+`)

// NewID names a stored report after its file, with a random suffix so
// that the same file name sent twice makes two reports: "minutes-3f9a2c".
func NewID(name string) string {
	base := strings.TrimSuffix(filepath.Base(name), filepath.Ext(name))
	slug := strings.Trim(slugRe.ReplaceAllString(strings.ToLower(base), "-"), "-")
	if len(slug) > 40 {
		slug = strings.TrimRight(slug[:40], "-")
	}
	if slug == "" {
		slug = "report"
	}
	b := make([]byte, 3)
	_, _ = rand.Read(b)
	return slug + "-" + hex.EncodeToString(b)
}

var tagRe = regexp.MustCompile(`^[\pL\pN][\pL\pN_.-]{0,39}$`)

// CheckTag accepts a tag of letters, digits, '-', '_' and '.', up to 40
// characters (after an optional '#').
func CheckTag(t string) error {
	if !tagRe.MatchString(formats.NormalizeTag(t)) {
		return fmt.Errorf("%q is not a tag: use letters, digits, '-', '_' or '.', up to 40 characters", t)
	}
	return nil
}

// Size writes a byte count for people: "10 MiB", "512 KiB".
func Size(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
