package slack

import (
	"context"
	"sync"
	"time"
)

// lookupCache remembers Web API lookups (users.info, conversations.info) so
// a busy channel costs one lookup per user per TTL, not one per message.
// Failures are cached too, for a shorter time, so a missing scope or a
// deleted user does not turn every message into an API call.
type lookupCache[V any] struct {
	ttl, failTTL time.Duration
	max          int
	now          func() time.Time
	fetch        func(ctx context.Context, key string) (V, error)

	mu      sync.Mutex
	entries map[string]cacheEntry[V]
}

type cacheEntry[V any] struct {
	val     V
	err     error
	expires time.Time
}

func newLookupCache[V any](now func() time.Time, fetch func(context.Context, string) (V, error)) *lookupCache[V] {
	return &lookupCache[V]{ttl: time.Hour, failTTL: time.Minute, max: 10000, now: now, fetch: fetch,
		entries: make(map[string]cacheEntry[V])}
}

func (c *lookupCache[V]) get(ctx context.Context, key string) (V, error) {
	c.mu.Lock()
	e, ok := c.entries[key]
	c.mu.Unlock()
	if ok && c.now().Before(e.expires) {
		return e.val, e.err
	}
	v, err := c.fetch(ctx, key)
	if ctx.Err() != nil {
		return v, err // our own cancellation says nothing about the key
	}
	ttl := c.ttl
	if err != nil {
		ttl = c.failTTL
	}
	c.mu.Lock()
	if len(c.entries) >= c.max {
		now := c.now()
		for k, old := range c.entries {
			if !now.Before(old.expires) {
				delete(c.entries, k)
			}
		}
		if len(c.entries) >= c.max { // all fresh: start over rather than grow
			clear(c.entries)
		}
	}
	c.entries[key] = cacheEntry[V]{val: v, err: err, expires: c.now().Add(ttl)}
	c.mu.Unlock()
	return v, err
}
