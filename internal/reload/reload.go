// Package reload keeps the knowledge base current while the bot runs: it
// watches the report folders with fsnotify, rebuilds after a burst of
// changes has settled, and swaps the new knowledge in atomically. A report
// that fails to load is reported and left out; if nothing can be loaded,
// the old knowledge keeps serving.
//
// It lives under internal/: it drives the knowledge package from outside.
package reload

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/reportbot/reportbot/internal/metrics"
	"github.com/reportbot/reportbot/knowledge"
)

// Loader builds a knowledge base from report files and folders; in serve
// it is knowledge.Open with the configured curation and limits.
type Loader func(reports []string) (*knowledge.KB, error)

// Config wires a Watcher.
type Config struct {
	// Reports are the report files and folders, as in the config.
	Reports []string
	// Extra are other files whose change means a reload (curation file,
	// knowledge file).
	Extra []string
	Load  Loader
	// Live receives each new knowledge base: a *knowledge.Live, or the
	// library that joins the reports added at run time to it.
	Live interface{ Swap(*knowledge.KB) }
	// Debounce is the quiet time after the last change before reloading,
	// so an editor's save or a copied folder causes one reload; 0 is 500ms.
	Debounce time.Duration
	Log      *slog.Logger
	// OnReload, if set, is called after each reload (tests observe it).
	OnReload func(error)
}

// Watcher reloads knowledge on file changes.
type Watcher struct {
	c     Config
	after func(time.Duration) <-chan time.Time
}

// New returns a Watcher.
func New(c Config) *Watcher {
	if c.Debounce <= 0 {
		c.Debounce = 500 * time.Millisecond
	}
	if c.Log == nil {
		c.Log = slog.New(slog.DiscardHandler)
	}
	return &Watcher{c: c, after: time.After}
}

// Reload rebuilds and swaps. When the whole set fails, it loads each
// report alone to find the bad ones, reports them, and swaps in the rest.
func (w *Watcher) Reload(ctx context.Context) (err error) {
	defer func() {
		if w.c.OnReload != nil {
			w.c.OnReload(err)
		}
	}()
	kb, err := w.c.Load(w.c.Reports)
	if err == nil {
		w.c.Live.Swap(kb)
		metrics.Reloads.WithLabelValues("ok").Inc()
		w.c.Log.Info("knowledge reloaded", "reports", len(kb.Reports))
		return nil
	}
	// Whatever happens next, this reload had a bad input.
	metrics.Reloads.WithLabelValues("error").Inc()
	files, lerr := reportFiles(w.c.Reports)
	if lerr != nil {
		w.c.Log.Error("knowledge reload failed; keeping the old knowledge", "err", err)
		return err
	}
	var good []string
	for _, f := range files {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if _, ferr := w.c.Load([]string{f}); ferr != nil {
			w.c.Log.Error("report skipped: it does not load", "file", f, "err", ferr)
			continue
		}
		good = append(good, f)
	}
	if len(good) == 0 || len(good) == len(files) {
		// Nothing to serve, or no single file is to blame (curation, say).
		w.c.Log.Error("knowledge reload failed; keeping the old knowledge", "err", err)
		return err
	}
	kb, gerr := w.c.Load(good)
	if gerr != nil {
		w.c.Log.Error("knowledge reload failed; keeping the old knowledge", "err", gerr)
		return gerr
	}
	w.c.Live.Swap(kb)
	w.c.Log.Warn("knowledge reloaded without the bad reports", "reports", len(kb.Reports), "skipped", len(files)-len(good))
	return fmt.Errorf("reload skipped %d bad reports: %w", len(files)-len(good), err)
}

// reportFiles lists the report files the paths name, folders walked.
func reportFiles(paths []string) ([]string, error) {
	var out []string
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		if !info.IsDir() {
			out = append(out, p)
			continue
		}
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && knowledge.IsReportFile(path) {
				out = append(out, path)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Run watches until ctx is done.
func (w *Watcher) Run(ctx context.Context) error {
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return fmt.Errorf("watch reports: %w", err)
	}
	defer fw.Close()
	// Single files are watched through their folder: editors replace a
	// file on save, and a watch on the file itself would die with it.
	files := map[string]bool{}
	var roots []string
	for _, p := range append(slices.Clone(w.c.Reports), w.c.Extra...) {
		if p == "" {
			continue
		}
		abs, err := filepath.Abs(p)
		if err != nil {
			return fmt.Errorf("watch %s: %w", p, err)
		}
		info, err := os.Stat(abs)
		if err != nil {
			return fmt.Errorf("watch %s: %w", p, err)
		}
		if !info.IsDir() {
			files[abs] = true
			if err := fw.Add(filepath.Dir(abs)); err != nil {
				return fmt.Errorf("watch %s: %w", p, err)
			}
			continue
		}
		if err := addTree(fw, abs); err != nil {
			return fmt.Errorf("watch %s: %w", p, err)
		}
		roots = append(roots, abs)
	}
	events := make(chan string)
	go func() {
		defer close(events)
		for {
			select {
			case <-ctx.Done():
				return
			case ev, ok := <-fw.Events:
				if !ok {
					return
				}
				if ev.Has(fsnotify.Create) {
					if info, err := os.Stat(ev.Name); err == nil && info.IsDir() {
						_ = addTree(fw, ev.Name) // a new folder of reports
					}
				}
				if ev.Has(fsnotify.Chmod) && !ev.Has(fsnotify.Write) {
					continue // touch, permission changes: content is the same
				}
				if files[ev.Name] || (knowledge.IsReportFile(ev.Name) && under(roots, ev.Name)) {
					select {
					case events <- ev.Name:
					case <-ctx.Done():
						return
					}
				}
			case err, ok := <-fw.Errors:
				if !ok {
					return
				}
				w.c.Log.Warn("report watcher", "err", err)
			}
		}
	}()
	w.loop(ctx, events)
	return nil
}

// under reports whether name is inside one of the watched folders (and
// not merely beside a single watched file).
func under(roots []string, name string) bool {
	for _, r := range roots {
		if rel, err := filepath.Rel(r, name); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return true
		}
	}
	return false
}

func addTree(fw *fsnotify.Watcher, root string) error {
	return filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		if d.IsDir() {
			return fw.Add(path)
		}
		return nil
	})
}

// loop debounces change events: each one restarts the quiet period, and
// the reload runs when it ends.
func (w *Watcher) loop(ctx context.Context, events <-chan string) {
	var fire <-chan time.Time
	for {
		select {
		case <-ctx.Done():
			return
		case name, ok := <-events:
			if !ok {
				return
			}
			w.c.Log.Debug("report changed", "file", name)
			fire = w.after(w.c.Debounce)
		case <-fire:
			fire = nil
			_ = w.Reload(ctx) // logged and counted inside
		}
	}
}
