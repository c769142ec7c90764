package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/reportbot/reportbot/bot"
	"github.com/reportbot/reportbot/internal/digest"
	"github.com/reportbot/reportbot/internal/digest/digestcmd"
	"github.com/reportbot/reportbot/internal/reload"
	"github.com/reportbot/reportbot/internal/schedule"
	"github.com/reportbot/reportbot/internal/store"
	"github.com/reportbot/reportbot/knowledge"
)

// platforms holds what each adapter offers the digest side: its Poster for
// scheduled digests and its AdminChecker for /subscribe. Adapter runners
// register themselves while serve is being wired.
type platforms struct {
	mu      sync.RWMutex
	posters map[string]bot.Poster
	admins  map[string]bot.AdminChecker
}

func newPlatforms() *platforms {
	return &platforms{posters: map[string]bot.Poster{}, admins: map[string]bot.AdminChecker{}}
}

// register adds a platform's Poster and AdminChecker; either may be nil.
func (p *platforms) register(name string, poster bot.Poster, admins bot.AdminChecker) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if poster != nil {
		p.posters[name] = poster
	}
	if admins != nil {
		p.admins[name] = admins
	}
}

func (p *platforms) poster(name string) bot.Poster {
	p.mu.RLock()
	defer p.mu.RUnlock()
	return p.posters[name]
}

func (p *platforms) adminChecker(name string) bot.AdminChecker {
	p.mu.RLock()
	defer p.mu.RUnlock()
	return p.admins[name]
}

// registerPlatform is how an adapter runner (serve_telegram.go,
// serve_slack.go) offers its Poster and AdminChecker, by platform name
// ("telegram", "slack"): d.registerPlatform("telegram", a, a).
func (d *serveDeps) registerPlatform(name string, poster bot.Poster, admins bot.AdminChecker) {
	d.platforms.register(name, poster, admins)
}

func digestOptions(d *serveDeps) digest.Options {
	return digest.Options{WhenNothingNew: d.cfg.Digest.WhenNothingNew}
}

// digestCommands are /subscribe, /unsubscribe, /digest and /settings.
func digestCommands(d *serveDeps) []bot.Command {
	return digestcmd.Commands(digestcmd.Config{
		Store:       d.store,
		DefaultTime: d.cfg.Digest.DefaultTime,
		DefaultZone: d.cfg.Digest.DefaultTimezone,
		Digest:      digestOptions(d),
		BotAdmins:   d.cfg.Digest.BotAdmins,
		Admins:      d.platforms.adminChecker,
		Log:         d.log,
	})
}

// schedulerRunner posts the daily digests. Every replica runs one; the
// store's claims keep them from posting a digest twice.
func schedulerRunner(d *serveDeps) *runner {
	s := schedule.New(schedule.Config{
		Store:       d.store,
		KB:          d.kb,
		Digest:      digestOptions(d),
		Posters:     d.platforms.poster,
		Scope:       d.chatScope,
		Owner:       replicaID(),
		Lease:       d.cfg.Digest.Lease,
		MaxAttempts: d.cfg.Digest.MaxAttempts,
		Log:         d.log.With("component", "digests"),
	})
	return &runner{name: "digest scheduler", run: func(ctx context.Context) error {
		return s.Run(ctx, d.cfg.Digest.CheckInterval)
	}}
}

// watchRunner reloads the knowledge when report files change; nil when
// knowledge.watch is off or there is nothing on disk to watch.
func watchRunner(d *serveDeps) *runner {
	k := d.cfg.Knowledge
	if !k.Watch || (len(k.Reports) == 0 && k.KBFile == "") {
		return nil
	}
	w := reload.New(reload.Config{
		Reports: k.Reports,
		Extra:   []string{k.Curation, k.KBFile},
		Load: func(reports []string) (*knowledge.KB, error) {
			o := openOptions(k)
			o.Reports = reports
			// A reload that loads files one by one keeps their folder tags.
			o.Roots = k.Reports
			return knowledge.Open(o)
		},
		Live: d.library.lib, // keeps the stored reports beside the reloaded folders
		Log:  d.log.With("component", "reload"),
	})
	return &runner{name: "knowledge watcher", run: w.Run}
}

// retentionEvery is how often serve purges old state; the purge is one
// indexed DELETE per table, cheap at any rate, and every replica may run it.
const retentionEvery = time.Hour

// retentionRunner enforces store.retention: at start, then hourly. It
// runs even when every period is 0 (keep forever), since expired
// conversation states and idle send schedules go whatever the settings.
func retentionRunner(d *serveDeps) *runner {
	r := d.cfg.Store.Retention
	p := store.Periods{Deliveries: r.Deliveries, Unanswered: r.Unanswered, Answers: r.Answers}
	purge := func(ctx context.Context) {
		n, err := store.Purge(ctx, d.store, time.Now(), p)
		switch {
		case err != nil && ctx.Err() == nil:
			d.log.Warn("retention purge failed; retrying in an hour", "err", err)
		case n > 0:
			d.log.Info("retention: old state purged", "rows", n)
		}
	}
	return &runner{name: "retention", run: func(ctx context.Context) error {
		t := time.NewTicker(retentionEvery)
		defer t.Stop()
		for {
			purge(ctx)
			select {
			case <-ctx.Done():
				return nil
			case <-t.C:
			}
		}
	}}
}

// replicaID names this process in digest claims: unique per process, and
// readable in the deliveries table.
func replicaID() string {
	host, _ := os.Hostname()
	var b [4]byte
	_, _ = rand.Read(b[:])
	return fmt.Sprintf("%s/%d/%s", host, os.Getpid(), hex.EncodeToString(b[:]))
}
