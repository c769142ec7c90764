// Package schedule posts the daily digests. Every replica may run it: each
// digest is one (chat, local date) delivery that a replica must claim in
// the store before sending, under a lease, and mark finished afterwards.
//
// Guarantees: two replicas never hold the same claim at once, so a digest
// is not sent twice while each send finishes within its lease (sends are
// cut off at half the lease). A replica that dies between claim and send
// leaves a lease that runs out, and another replica sends the digest. A
// replica that dies after sending but before marking leaves the same: the
// digest is sent again, because Telegram and Slack offer no idempotency
// key. That window, from the platform's answer to the committed mark, is
// measured by BenchmarkCrashWindow (the README gives the numbers); it is
// the one at-least-once case.
package schedule

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"time"
	_ "time/tzdata" // subscriptions name IANA zones; do not depend on the host's tz database

	"github.com/reportbot/reportbot/bot"
	"github.com/reportbot/reportbot/internal/digest"
	"github.com/reportbot/reportbot/internal/metrics"
	"github.com/reportbot/reportbot/internal/store"
	"github.com/reportbot/reportbot/knowledge"
)

// Store is the state the scheduler needs.
type Store interface {
	ListSubscriptions(ctx context.Context) ([]store.Subscription, error)
	store.Deliveries
	store.Archive
}

// Posters finds the Poster for a platform; nil when this replica does not
// run that platform's adapter.
type Posters func(platform string) bot.Poster

// RetryAfter is implemented by send errors that carry the platform's
// requested wait (Telegram retry_after, Slack Retry-After).
type RetryAfter interface {
	RetryAfter() time.Duration
}

// Config wires a Scheduler.
type Config struct {
	Store   Store
	KB      knowledge.Source
	Digest  digest.Options
	Posters Posters
	// Scope, if set, gives a chat's tags: its digest covers only the
	// reports carrying one of them. Nil or no tags: every report.
	Scope func(ctx context.Context, c store.Chat) ([]string, error)
	// Owner names this replica in claims; it must differ between replicas.
	Owner string
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Lease is how long a claim is held; 0 means 2 minutes. A send is
	// given half of it.
	Lease time.Duration
	// MaxAttempts bounds sends of one digest; 0 means 5.
	MaxAttempts int
	// Backoff is the wait after failed attempt n (1-based); nil means 1m,
	// 2m, 4m, … capped at 30m.
	Backoff func(attempt int) time.Duration
	// Workers is how many digests are sent at once; 0 means 4. The
	// Posters' pacing limiters keep each platform within its rate.
	Workers int
	Log     *slog.Logger
}

// Scheduler posts due digests.
type Scheduler struct {
	c Config
	// offset is where this replica starts walking the due digests, so
	// replicas rarely race for the same claims.
	offset uint32

	mu       sync.Mutex
	zones    map[string]*time.Location
	finished map[store.DeliveryKey]bool // known finished; saves a claim per tick
}

// New returns a scheduler.
func New(c Config) *Scheduler {
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Lease <= 0 {
		c.Lease = 2 * time.Minute
	}
	if c.MaxAttempts <= 0 {
		c.MaxAttempts = 5
	}
	if c.Backoff == nil {
		c.Backoff = DefaultBackoff
	}
	if c.Workers <= 0 {
		c.Workers = 4
	}
	if c.Log == nil {
		c.Log = slog.New(slog.DiscardHandler)
	}
	h := fnv.New32a()
	h.Write([]byte(c.Owner))
	return &Scheduler{c: c, offset: h.Sum32(), zones: map[string]*time.Location{}, finished: map[store.DeliveryKey]bool{}}
}

// DefaultBackoff doubles from one minute up to thirty.
func DefaultBackoff(attempt int) time.Duration {
	d := time.Minute
	for i := 1; i < attempt && d < 30*time.Minute; i++ {
		d *= 2
	}
	return min(d, 30*time.Minute)
}

// Run ticks every interval until ctx is done.
func (s *Scheduler) Run(ctx context.Context, every time.Duration) error {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if err := s.Tick(ctx); err != nil && ctx.Err() == nil {
			s.c.Log.Error("digest scheduler", "err", err)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}

// Tick sends every digest due now that no replica has claimed or finished.
func (s *Scheduler) Tick(ctx context.Context) error {
	subs, err := s.c.Store.ListSubscriptions(ctx)
	if err != nil {
		return fmt.Errorf("digest tick: %w", err)
	}
	now := s.c.Now()
	s.forgetOld(now)
	type job struct {
		k      store.DeliveryKey
		loc    *time.Location
		poster bot.Poster
	}
	var jobs []job
	var errs []error
	for _, sub := range subs {
		k, loc, ok, err := s.due(sub, now)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if !ok || s.isFinished(k) {
			continue
		}
		poster := s.c.Posters(sub.Chat.Platform)
		if poster == nil {
			continue // another replica runs that platform
		}
		jobs = append(jobs, job{k, loc, poster})
	}
	var mu sync.Mutex
	var wg sync.WaitGroup
	sem := make(chan struct{}, s.c.Workers)
	for i := range jobs {
		if ctx.Err() != nil {
			break
		}
		j := jobs[(int(s.offset%uint32(len(jobs)))+i)%len(jobs)]
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			if err := s.deliver(ctx, j.k, j.loc, j.poster); err != nil {
				mu.Lock()
				errs = append(errs, err)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return errors.Join(errs...)
}

// Due reports whether sub's digest is owed at now, and for which local date:
// its time has come today in its zone, and it was not set up after that
// time today (a subscription made at 10:00 for 09:00 starts tomorrow).
func Due(sub store.Subscription, loc *time.Location, now time.Time) (date string, ok bool, err error) {
	hh, mm, err := ParseClock(sub.Time)
	if err != nil {
		return "", false, err
	}
	local := now.In(loc)
	// time.Date resolves a wall time skipped by a DST change to a real
	// instant of the same day, and picks one of a repeated hour's two
	// instants; either way the (chat, date) claim sends it once.
	at := time.Date(local.Year(), local.Month(), local.Day(), hh, mm, 0, 0, loc)
	if now.Before(at) || sub.UpdatedAt.After(at) {
		return "", false, nil
	}
	return local.Format(time.DateOnly), true, nil
}

// ParseClock reads "HH:MM" (24-hour).
func ParseClock(s string) (hh, mm int, err error) {
	h, m, ok := strings.Cut(strings.TrimSpace(s), ":")
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if !ok || err1 != nil || err2 != nil || len(m) != 2 || hh < 0 || hh > 23 || mm < 0 || mm > 59 {
		return 0, 0, fmt.Errorf("%q is not a time of day (HH:MM)", s)
	}
	return hh, mm, nil
}

func (s *Scheduler) due(sub store.Subscription, now time.Time) (store.DeliveryKey, *time.Location, bool, error) {
	loc, err := s.zone(sub.Timezone)
	if err != nil {
		return store.DeliveryKey{}, nil, false, fmt.Errorf("subscription %s: %w", sub.Chat, err)
	}
	date, ok, err := Due(sub, loc, now)
	if err != nil {
		return store.DeliveryKey{}, nil, false, fmt.Errorf("subscription %s: %w", sub.Chat, err)
	}
	return store.DeliveryKey{Chat: sub.Chat, Date: date}, loc, ok, nil
}

func (s *Scheduler) zone(name string) (*time.Location, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if loc, ok := s.zones[name]; ok {
		return loc, nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, err
	}
	s.zones[name] = loc
	return loc, nil
}

func (s *Scheduler) isFinished(k store.DeliveryKey) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.finished[k]
}

func (s *Scheduler) markFinished(k store.DeliveryKey) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.finished[k] = true
}

// forgetOld drops cache entries older than any zone's today.
func (s *Scheduler) forgetOld(now time.Time) {
	oldest := now.Add(-50 * time.Hour).Format(time.DateOnly)
	s.mu.Lock()
	defer s.mu.Unlock()
	for k := range s.finished {
		if k.Date < oldest {
			delete(s.finished, k)
		}
	}
}

// deliver claims, builds, sends and records one digest.
func (s *Scheduler) deliver(ctx context.Context, k store.DeliveryKey, loc *time.Location, poster bot.Poster) error {
	st := s.c.Store
	c, err := st.Claim(ctx, k, s.c.Owner, s.c.Now(), s.c.Lease)
	if err != nil {
		return err
	}
	switch c.Status {
	case store.Finished:
		s.markFinished(k)
		return nil
	case store.Busy:
		return nil
	}
	log := s.c.Log.With("chat", k.Chat.String(), "date", k.Date, "attempt", c.Attempt)
	// The digest covers reports up to this moment, so it is recorded as
	// the chat's last digest time: a report added while the digest is
	// being sent is news for the next one.
	asOf := s.c.Now()
	kb := s.c.KB.KB()
	if s.c.Scope != nil {
		tags, err := s.c.Scope(ctx, k.Chat)
		if err != nil {
			return s.failed(ctx, k, c.Attempt, err, log)
		}
		kb = kb.ScopeList(tags) // a digest reads reports, it does not search them
	}
	d, err := digest.ForChat(ctx, st, kb, k.Chat, asOf, loc, s.c.Digest)
	if err != nil {
		return s.failed(ctx, k, c.Attempt, err, log)
	}
	if d.Doc.Empty() {
		if err := st.Finish(ctx, k, s.c.Owner, asOf, store.Skipped); err != nil {
			return fmt.Errorf("digest %s %s: %w", k.Chat, k.Date, err)
		}
		s.markFinished(k)
		log.Debug("digest skipped: nothing new")
		return nil
	}
	// The send must end well inside the lease, or another replica could
	// take the delivery over while this one is still sending.
	sendCtx, cancel := context.WithTimeout(ctx, s.c.Lease/2)
	err = poster.Post(sendCtx, k.Chat.ID, d.Doc)
	cancel()
	if err != nil {
		metrics.Digests.WithLabelValues(k.Chat.Platform, "failed").Inc()
		return s.failed(ctx, k, c.Attempt, err, log)
	}
	metrics.Digests.WithLabelValues(k.Chat.Platform, "sent").Inc()
	s.markFinished(k)
	// Record even when shutting down: an unrecorded send is sent again.
	rec, cancel := recordContext(ctx)
	defer cancel()
	if err := st.Finish(rec, k, s.c.Owner, asOf, store.Sent); err != nil {
		if errors.Is(err, store.ErrLeaseLost) {
			log.Error("digest sent after its lease ran out; another replica may send it too", "err", err)
		}
		return fmt.Errorf("digest %s %s sent but not recorded: %w", k.Chat, k.Date, err)
	}
	if d.ArchiveItem != "" {
		if err := st.MarkArchiveShown(rec, k.Chat, d.ArchiveItem, s.c.Now()); err != nil {
			return err
		}
	}
	log.Info("digest sent")
	return nil
}

// failed schedules a retry after the backoff (or the platform's requested
// wait, if longer), or gives up after MaxAttempts.
func (s *Scheduler) failed(ctx context.Context, k store.DeliveryKey, attempt int, cause error, log *slog.Logger) error {
	ctx, cancel := recordContext(ctx)
	defer cancel()
	if attempt >= s.c.MaxAttempts {
		log.Error("digest failed; giving up for today", "err", cause)
		if err := s.c.Store.Finish(ctx, k, s.c.Owner, s.c.Now(), store.Failed); err != nil {
			return fmt.Errorf("digest %s %s: %w", k.Chat, k.Date, err)
		}
		s.markFinished(k)
		return nil
	}
	wait := s.c.Backoff(attempt)
	var ra RetryAfter
	if errors.As(cause, &ra) && ra.RetryAfter() > wait {
		wait = ra.RetryAfter()
	}
	log.Warn("digest send failed; will retry", "err", cause, "retry_in", wait)
	if err := s.c.Store.Release(ctx, k, s.c.Owner, s.c.Now().Add(wait), cause.Error()); err != nil {
		return fmt.Errorf("digest %s %s: %w", k.Chat, k.Date, err)
	}
	return nil
}

// recordContext outlives a shutdown's cancellation for the few writes that
// record what already happened, but not a database that does not answer.
func recordContext(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
}
