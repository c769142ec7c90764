package store

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/reportbot/reportbot/internal/dedupe"
)

// DedupeSet is a dedupe.Set backed by the store, so a platform retry that
// reaches another replica is still recognised. It purges expired keys at
// most once per TTL, from whichever call comes first.
type DedupeSet struct {
	p   Processed
	ttl time.Duration
	now func() time.Time

	mu        sync.Mutex
	lastPurge time.Time
}

var (
	_ dedupe.Set       = (*DedupeSet)(nil)
	_ dedupe.Forgetter = (*DedupeSet)(nil)
)

// NewDedupeSet remembers keys for ttl. now may be nil for time.Now.
func NewDedupeSet(p Processed, ttl time.Duration, now func() time.Time) *DedupeSet {
	if now == nil {
		now = time.Now
	}
	return &DedupeSet{p: p, ttl: ttl, now: now}
}

// First implements dedupe.Set.
func (d *DedupeSet) First(ctx context.Context, key string) (bool, error) {
	now := d.now()
	d.mu.Lock()
	purge := now.Sub(d.lastPurge) > d.ttl
	if purge {
		d.lastPurge = now
	}
	d.mu.Unlock()
	if purge {
		if _, err := d.p.PurgeProcessed(ctx, now); err != nil {
			return false, fmt.Errorf("dedupe purge: %w", err)
		}
	}
	first, err := d.p.FirstSeen(ctx, key, now, d.ttl)
	if err != nil {
		return false, fmt.Errorf("dedupe %q: %w", key, err)
	}
	return first, nil
}

// Forget implements dedupe.Forgetter.
func (d *DedupeSet) Forget(ctx context.Context, key string) error {
	if err := d.p.ForgetProcessed(ctx, key); err != nil {
		return fmt.Errorf("dedupe forget %q: %w", key, err)
	}
	return nil
}

// NormalizeQuestion is the grouping key for unanswered questions: case,
// spacing and trailing punctuation do not make a different question.
func NormalizeQuestion(s string) string {
	s = strings.Join(strings.Fields(strings.ToLower(s)), " ")
	return strings.TrimRightFunc(s, func(r rune) bool { return unicode.IsPunct(r) || unicode.IsSpace(r) })
}

// Periods are the retention periods Purge applies; a zero period keeps
// that table whole.
type Periods struct {
	Deliveries time.Duration // finished digest deliveries
	Unanswered time.Duration // the unanswered-question log
	Answers    time.Duration // recorded answers, with their votes
}

// Purger is what Purge needs: the retention deletes, and the purge of
// expired conversation states.
type Purger interface {
	Retention
	PurgeConversations(ctx context.Context, now time.Time) (int64, error)
}

// Purge applies the retention periods at now: deliveries finished,
// unanswered questions asked and answers recorded longer ago than their
// period are deleted, and so are expired conversation states.
func Purge(ctx context.Context, r Purger, now time.Time, p Periods) (int64, error) {
	// Send schedules idle for a day are dropped whatever the settings:
	// they hold nothing but the next free moment, long past. Expired
	// conversations likewise: they are never read again. (Saves purge
	// them too, but a bot nobody talks to makes no saves.)
	total, err := r.PurgeSlots(ctx, now.Add(-24*time.Hour))
	if err != nil {
		return total, err
	}
	n, err := r.PurgeConversations(ctx, now)
	total += n
	if err != nil {
		return total, err
	}
	for _, t := range []struct {
		keep  time.Duration
		purge func(context.Context, time.Time) (int64, error)
	}{
		{p.Deliveries, r.PurgeDeliveries},
		{p.Unanswered, r.PurgeUnanswered},
		{p.Answers, r.PurgeAnswers},
	} {
		if t.keep <= 0 {
			continue
		}
		n, err := t.purge(ctx, now.Add(-t.keep))
		total += n
		if err != nil {
			return total, err
		}
	}
	return total, nil
}
