package telegram

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"
)

// manualClock only moves when the test says so; After registers a timer
// the test can see and fire.
type manualClock struct {
	mu      sync.Mutex
	now     time.Time
	timers  []manualTimer
	waiting chan struct{} // receives when a timer is registered
}

type manualTimer struct {
	at time.Time
	ch chan time.Time
}

func newManualClock() *manualClock {
	return &manualClock{now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), waiting: make(chan struct{}, 100)}
}

func (c *manualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *manualClock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch := make(chan time.Time, 1)
	c.timers = append(c.timers, manualTimer{c.now.Add(d), ch})
	c.waiting <- struct{}{}
	return ch
}

func (c *manualClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	kept := c.timers[:0]
	for _, t := range c.timers {
		if !t.at.After(c.now) {
			t.ch <- c.now
		} else {
			kept = append(kept, t)
		}
	}
	c.timers = kept
}

func TestLimiterOnePerSecondPerChat(t *testing.T) {
	c := newManualClock()
	l := newLimiter(c)
	if d := l.reserve("1", false); d != 0 {
		t.Fatalf("first send waits %v", d)
	}
	if d := l.reserve("1", false); d != time.Second {
		t.Fatalf("second send at once: wait %v, want 1s", d)
	}
	if d := l.reserve("2", false); d != 0 {
		t.Fatalf("another chat waits %v", d)
	}
	c.Advance(999 * time.Millisecond)
	if d := l.reserve("1", false); d != time.Millisecond {
		t.Fatalf("wait %v, want 1ms", d)
	}
	c.Advance(time.Millisecond)
	if d := l.reserve("1", false); d != 0 {
		t.Fatalf("after a second: wait %v", d)
	}
}

func TestLimiterTwentyPerMinutePerGroup(t *testing.T) {
	c := newManualClock()
	l := newLimiter(c)
	for i := range 20 {
		if d := l.reserve("-5", true); d != 0 {
			t.Fatalf("send %d waits %v", i, d)
		}
		c.Advance(time.Second)
	}
	// 20 sends at t=0..19s; the 21st may go at t=60s.
	if d := l.reserve("-5", true); d != 40*time.Second {
		t.Fatalf("21st send: wait %v, want 40s", d)
	}
	if d := l.reserve("-6", true); d != 0 {
		t.Fatalf("another group waits %v", d)
	}
	// The group limit does not apply to private chats.
	for i := range 40 {
		if d := l.reserve("9", false); d != 0 {
			t.Fatalf("private send %d waits %v", i, d)
		}
		c.Advance(time.Second)
	}
	if d := l.reserve("-5", true); d != 0 {
		t.Fatalf("group after a minute: wait %v", d)
	}
}

func TestLimiterThirtyPerSecondOverall(t *testing.T) {
	c := newManualClock()
	l := newLimiter(c)
	for i := range 30 {
		if d := l.reserve(fmt.Sprint(i), false); d != 0 {
			t.Fatalf("send %d waits %v", i, d)
		}
	}
	if d := l.reserve("new", false); d != time.Second {
		t.Fatalf("31st send in a second: wait %v, want 1s", d)
	}
	c.Advance(time.Second)
	if d := l.reserve("new", false); d != 0 {
		t.Fatalf("next second: wait %v", d)
	}
}

func TestLimiterBlockAfter429(t *testing.T) {
	c := newManualClock()
	l := newLimiter(c)
	l.block("1", 7*time.Second)
	if d := l.reserve("1", false); d != 7*time.Second {
		t.Fatalf("blocked chat: wait %v, want 7s", d)
	}
	if d := l.reserve("2", false); d != 0 {
		t.Fatalf("other chat waits %v", d)
	}
}

func TestLimiterWaitUsesTheClock(t *testing.T) {
	c := newManualClock()
	l := newLimiter(c)
	ctx := context.Background()
	if err := l.Wait(ctx, "1", false); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- l.Wait(ctx, "1", false) }()
	<-c.waiting // Wait is now blocked on the clock
	select {
	case err := <-done:
		t.Fatalf("Wait returned before the clock moved: %v", err)
	default:
	}
	c.Advance(time.Second)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if got := c.Now().Sub(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)); got != time.Second {
		t.Errorf("clock at %v", got)
	}
}

func TestLimiterWaitStopsWithContext(t *testing.T) {
	c := newManualClock()
	l := newLimiter(c)
	l.block("1", time.Hour)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- l.Wait(ctx, "1", false) }()
	<-c.waiting
	cancel()
	if err := <-done; err != context.Canceled {
		t.Fatalf("Wait = %v, want context.Canceled", err)
	}
}

func TestLimiterForgetsIdleChats(t *testing.T) {
	c := newManualClock()
	l := newLimiter(c)
	for i := range 3000 {
		l.reserve(fmt.Sprint(i), false)
		c.Advance(100 * time.Millisecond)
	}
	l.mu.Lock()
	n := len(l.chats)
	l.mu.Unlock()
	// Only chats active in about the last minute (600 at 10/s) plus one
	// sweep period may remain.
	if n > 600+1024 {
		t.Errorf("limiter keeps %d chats", n)
	}
}
