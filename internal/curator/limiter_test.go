package curator

import (
	"testing"
	"time"
)

func TestLimiterCountsEachAddressWithinItsWindow(t *testing.T) {
	clock := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	l := newLimiter(2, time.Minute, func() time.Time { return clock })
	l.fail("10.0.0.1")
	if w := l.wait("10.0.0.1"); w != 0 {
		t.Fatalf("one failure of two allowed: wait %v", w)
	}
	clock = clock.Add(20 * time.Second)
	l.fail("10.0.0.1")
	if w := l.wait("10.0.0.1"); w != 40*time.Second {
		t.Errorf("locked out: wait %v, want 40s (until the first failure ages out)", w)
	}
	if w := l.wait("10.0.0.2"); w != 0 {
		t.Errorf("another address waits %v, want 0", w)
	}
	clock = clock.Add(40 * time.Second)
	if w := l.wait("10.0.0.1"); w != 0 {
		t.Errorf("after the first failure aged out: wait %v", w)
	}
	l.reset("10.0.0.1")
	if len(l.fails) != 0 {
		t.Errorf("a success leaves %v", l.fails)
	}
}
