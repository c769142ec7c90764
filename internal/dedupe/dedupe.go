// Package dedupe remembers which platform deliveries (Telegram update IDs,
// Slack event IDs) were already processed, so retries and redeliveries never
// produce a second answer.
//
// It lives under internal/: the adapters and the store use it, the core
// never does.
package dedupe

import (
	"context"
	"sync"
	"time"
)

// Set records delivery keys. First reports true exactly once per key within
// the TTL; later calls with the same key report false. Implementations backed
// by a shared store make this hold across replicas.
type Set interface {
	First(ctx context.Context, key string) (bool, error)
}

// Forgetter is a Set that can drop a key again. An adapter that took a
// delivery but abandoned it before its reply was sent (shutdown) forgets
// it, so that the platform's redelivery after the restart is answered:
// a key stays recorded only once its reply was sent or failed for good.
type Forgetter interface {
	Forget(ctx context.Context, key string) error
}

// Forget drops key from s when s can; a Set that cannot keeps it (the
// delivery is then lost rather than answered twice).
func Forget(ctx context.Context, s Set, key string) error {
	if f, ok := s.(Forgetter); ok {
		return f.Forget(ctx, key)
	}
	return nil
}

// Memory is an in-process Set with expiry, for a single replica.
type Memory struct {
	ttl time.Duration
	now func() time.Time

	mu    sync.Mutex
	seen  map[string]time.Time
	sweep time.Time
}

// NewMemory returns a Set that forgets keys after ttl.
func NewMemory(ttl time.Duration) *Memory {
	return &Memory{ttl: ttl, now: time.Now, seen: make(map[string]time.Time)}
}

// First implements Set.
func (m *Memory) First(_ context.Context, key string) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	// Sweep at most once per TTL so the map stays bounded without a
	// background goroutine.
	if now.Sub(m.sweep) > m.ttl {
		for k, t := range m.seen {
			if now.Sub(t) > m.ttl {
				delete(m.seen, k)
			}
		}
		m.sweep = now
	}
	if t, ok := m.seen[key]; ok && now.Sub(t) <= m.ttl {
		return false, nil
	}
	m.seen[key] = now
	return true, nil
}

// Forget implements Forgetter.
func (m *Memory) Forget(_ context.Context, key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.seen, key)
	return nil
}
