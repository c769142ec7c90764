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

// Purge applies the retention periods at now: deliveries finished, and
// unanswered questions asked, longer ago than their period are deleted. A
// zero period keeps that table whole.
func Purge(ctx context.Context, r Retention, now time.Time, deliveries, unanswered time.Duration) (int64, error) {
	// Send schedules idle for a day are dropped whatever the settings:
	// they hold nothing but the next free moment, long past.
	total, err := r.PurgeSlots(ctx, now.Add(-24*time.Hour))
	if err != nil {
		return total, err
	}
	if deliveries > 0 {
		n, err := r.PurgeDeliveries(ctx, now.Add(-deliveries))
		if err != nil {
			return total, err
		}
		total += n
	}
	if unanswered > 0 {
		n, err := r.PurgeUnanswered(ctx, now.Add(-unanswered))
		if err != nil {
			return total, err
		}
		total += n
	}
	return total, nil
}
