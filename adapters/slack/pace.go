package slack

import (
	"context"
	"sync"
	"time"
)

// Clock is the time source for pacing and Retry-After waits; tests inject a
// fake so they never sleep.
type Clock interface {
	Now() time.Time
	// Sleep waits for d or until ctx is done.
	Sleep(ctx context.Context, d time.Duration) error
}

type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

func (realClock) Sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// pacer spaces posts to the same channel by at least every (Slack allows
// about one message per second per channel) and holds every channel after
// a 429 until Retry-After has passed. Callers reserve a slot under the lock
// and sleep outside it, so concurrent posters to one channel still queue up.
type pacer struct {
	clock Clock
	every time.Duration

	mu      sync.Mutex
	next    map[string]time.Time // earliest time of the next post per channel
	holdTil time.Time            // no post to any channel before this (429)
}

func newPacer(c Clock, every time.Duration) *pacer {
	return &pacer{clock: c, every: every, next: make(map[string]time.Time)}
}

// wait blocks until channel may be posted to, and books the slot.
func (p *pacer) wait(ctx context.Context, channel string) error {
	p.mu.Lock()
	now := p.clock.Now()
	at := now
	if n, ok := p.next[channel]; ok && n.After(at) {
		at = n
	}
	if p.holdTil.After(at) {
		at = p.holdTil
	}
	p.next[channel] = at.Add(p.every)
	if len(p.next) > 1000 { // forget idle channels so the map stays small
		for ch, n := range p.next {
			if n.Before(now) {
				delete(p.next, ch)
			}
		}
	}
	p.mu.Unlock()
	if d := at.Sub(now); d > 0 {
		return p.clock.Sleep(ctx, d)
	}
	return nil
}

// hold stops all posts for d: Slack's Retry-After applies to the method.
func (p *pacer) hold(d time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if t := p.clock.Now().Add(d); t.After(p.holdTil) {
		p.holdTil = t
	}
}
