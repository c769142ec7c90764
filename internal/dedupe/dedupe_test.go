package dedupe

import (
	"context"
	"testing"
	"time"
)

func TestMemoryFirstOnceThenExpires(t *testing.T) {
	ctx := context.Background()
	now := time.Unix(1000, 0)
	m := NewMemory(time.Minute)
	m.now = func() time.Time { return now }

	for i, want := range []bool{true, false, false} {
		got, err := m.First(ctx, "telegram:42")
		if err != nil || got != want {
			t.Fatalf("call %d: got %v, %v; want %v", i, got, err, want)
		}
	}
	if ok, _ := m.First(ctx, "telegram:43"); !ok {
		t.Fatal("a different key must be new")
	}
	now = now.Add(2 * time.Minute)
	if ok, _ := m.First(ctx, "telegram:42"); !ok {
		t.Fatal("key must be forgotten after the TTL")
	}
	if len(m.seen) != 1 {
		t.Fatalf("expired keys not swept: %d left", len(m.seen))
	}
}

// onlyFirst is a Set that cannot forget.
type onlyFirst struct{ Set }

func TestForgetMakesAKeyNewAgain(t *testing.T) {
	ctx := context.Background()
	m := NewMemory(time.Hour)
	m.First(ctx, "telegram:1:7")
	if err := Forget(ctx, m, "telegram:1:7"); err != nil {
		t.Fatal(err)
	}
	if first, _ := m.First(ctx, "telegram:1:7"); !first {
		t.Fatal("a forgotten key must be new again")
	}
	// A Set that cannot forget keeps the key, and that is no error.
	s := onlyFirst{NewMemory(time.Hour)}
	s.First(ctx, "k")
	if err := Forget(ctx, s, "k"); err != nil {
		t.Fatal(err)
	}
	if first, _ := s.First(ctx, "k"); first {
		t.Fatal("a Set without Forget forgot")
	}
}
