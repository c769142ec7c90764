package telegram

import (
	"context"
	"sync"
	"time"
)

// Clock is the time source for pacing, retries and poll back-off. Tests
// inject a fake one so that no test sleeps.
type Clock interface {
	Now() time.Time
	After(d time.Duration) <-chan time.Time
}

type realClock struct{}

func (realClock) Now() time.Time                         { return time.Now() }
func (realClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// Telegram's published flood limits for bots. Going over them earns 429s
// and, when repeated, a ban.
const (
	perChatInterval = time.Second // 1 message per second in one chat
	groupWindow     = time.Minute // 20 messages per minute in one group
	groupMax        = 20
	globalWindow    = time.Second // 30 messages per second overall
	globalMax       = 30
)

// limiter paces outgoing messages. It hands out sends only in the present
// (never reserving future slots), so the three limits cannot interfere:
// a caller that may not send now is told how long to wait and asks again.
type limiter struct {
	clock Clock

	mu     sync.Mutex
	chats  map[string]*chatPace
	global []time.Time // send times within the last globalWindow, oldest first
	calls  int
	// noGlobal leaves the global limit to a schedule shared by replicas.
	noGlobal bool
}

type chatPace struct {
	last    time.Time
	recent  []time.Time // group sends within the last groupWindow
	blocked time.Time   // no sends before this (after a 429)
}

func newLimiter(c Clock) *limiter {
	return &limiter{clock: c, chats: make(map[string]*chatPace)}
}

// Wait blocks until a message may be sent to chat and records the send.
func (l *limiter) Wait(ctx context.Context, chat string, group bool) error {
	for {
		d := l.reserve(chat, group)
		if d <= 0 {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-l.clock.After(d):
		}
	}
}

// reserve records a send to chat now and returns 0, or returns how long to
// wait before asking again.
func (l *limiter) reserve(chat string, group bool) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.clock.Now()
	l.sweep(now)
	c := l.chats[chat]
	if c == nil {
		c = &chatPace{}
		l.chats[chat] = c
	}
	l.global = dropBefore(l.global, now.Add(-globalWindow))
	c.recent = dropBefore(c.recent, now.Add(-groupWindow))

	var wait time.Duration
	later := func(t time.Time) {
		if d := t.Sub(now); d > wait {
			wait = d
		}
	}
	later(c.blocked)
	if !c.last.IsZero() {
		later(c.last.Add(perChatInterval))
	}
	if group && len(c.recent) >= groupMax {
		later(c.recent[len(c.recent)-groupMax].Add(groupWindow))
	}
	if !l.noGlobal && len(l.global) >= globalMax {
		later(l.global[len(l.global)-globalMax].Add(globalWindow))
	}
	if wait > 0 {
		return wait
	}
	c.last = now
	if group {
		c.recent = append(c.recent, now)
	}
	if !l.noGlobal {
		l.global = append(l.global, now)
	}
	return 0
}

// WaitGlobal applies this process's own count of the global limit: the
// fallback when the shared schedule (noGlobal) cannot be reached.
func (l *limiter) WaitGlobal(ctx context.Context) error {
	for {
		l.mu.Lock()
		now := l.clock.Now()
		l.global = dropBefore(l.global, now.Add(-globalWindow))
		var wait time.Duration
		if len(l.global) >= globalMax {
			wait = l.global[len(l.global)-globalMax].Add(globalWindow).Sub(now)
		}
		if wait <= 0 {
			l.global = append(l.global, now)
		}
		l.mu.Unlock()
		if wait <= 0 {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-l.clock.After(wait):
		}
	}
}

// sentAt moves the chat's last send to at, when the message went later
// than its reservation (it waited for the shared schedule).
func (l *limiter) sentAt(chat string, at time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	c := l.chats[chat]
	if c == nil || !at.After(c.last) {
		return
	}
	if n := len(c.recent); n > 0 && c.recent[n-1].Equal(c.last) {
		c.recent[n-1] = at
	}
	c.last = at
}

// block stops all sends to chat for d, as a 429's retry_after demands.
func (l *limiter) block(chat string, d time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	c := l.chats[chat]
	if c == nil {
		c = &chatPace{}
		l.chats[chat] = c
	}
	if until := l.clock.Now().Add(d); until.After(c.blocked) {
		c.blocked = until
	}
}

// sweep forgets idle chats now and then, so the map stays bounded by the
// chats active in the last minute.
func (l *limiter) sweep(now time.Time) {
	l.calls++
	if l.calls%1024 != 0 {
		return
	}
	for id, c := range l.chats {
		if now.Sub(c.last) > groupWindow && now.After(c.blocked) {
			delete(l.chats, id)
		}
	}
}

// dropBefore removes times before t from a sorted slice, reusing it.
func dropBefore(ts []time.Time, t time.Time) []time.Time {
	i := 0
	for i < len(ts) && ts[i].Before(t) {
		i++
	}
	if i == 0 {
		return ts
	}
	return append(ts[:0], ts[i:]...)
}
