// Package storetest is the one behaviour suite every store.Store
// implementation must pass. Driver packages call Run from their tests.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/reportbot/reportbot/internal/store"
)

// Run runs the suite; open returns a new, empty, migrated store for one
// subtest (the suite closes nothing; open should register cleanup).
func Run(t *testing.T, open func(t *testing.T) store.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s store.Store)
	}{
		{"Subscriptions", testSubscriptions},
		{"ClaimOnce", testClaimOnce},
		{"LeaseExpiryTakeover", testLeaseExpiry},
		{"ReleaseBackoff", testReleaseBackoff},
		{"ConcurrentClaims", testConcurrentClaims},
		{"LastDigest", testLastDigest},
		{"Processed", testProcessed},
		{"DedupeSet", testDedupeSet},
		{"ForgetProcessed", testForgetProcessed},
		{"PurgeDeliveries", testPurgeDeliveries},
		{"PurgeUnanswered", testPurgeUnanswered},
		{"PurgeAnswers", testPurgeAnswers},
		{"Purge", testPurge},
		{"ReserveSlot", testReserveSlot},
		{"ConcurrentSlots", testConcurrentSlots},
		{"Spool", testSpool},
		{"Unanswered", testUnanswered},
		{"Archive", testArchive},
		{"Conversations", testConversations},
		{"Votes", testVotes},
		{"Declined", testDeclined},
		{"Reports", testReports},
		{"Scopes", testScopes},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.fn(t, open(t)) })
	}
}

var (
	ctx = context.Background()
	t0  = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
)

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func testSubscriptions(t *testing.T, s store.Store) {
	a := store.Chat{Platform: "telegram", ID: "-100"}
	b := store.Chat{Platform: "slack", ID: "C1"}
	if _, ok, err := s.Subscription(ctx, a); err != nil || ok {
		t.Fatalf("empty store: ok=%v err=%v", ok, err)
	}
	must(t, s.Subscribe(ctx, store.Subscription{Chat: a, Time: "09:00", Timezone: "Europe/Berlin", CreatedBy: "u1", UpdatedAt: t0}))
	must(t, s.Subscribe(ctx, store.Subscription{Chat: b, Time: "07:30", Timezone: "UTC", UpdatedAt: t0}))
	// Subscribing again replaces.
	must(t, s.Subscribe(ctx, store.Subscription{Chat: a, Time: "18:45", Timezone: "America/New_York", CreatedBy: "u2", UpdatedAt: t0.Add(time.Hour)}))
	got, ok, err := s.Subscription(ctx, a)
	must(t, err)
	want := store.Subscription{Chat: a, Time: "18:45", Timezone: "America/New_York", CreatedBy: "u2", UpdatedAt: t0.Add(time.Hour)}
	if !ok || got != want {
		t.Fatalf("got %+v, want %+v", got, want)
	}
	all, err := s.ListSubscriptions(ctx)
	must(t, err)
	if len(all) != 2 {
		t.Fatalf("list: %d subscriptions, want 2: %+v", len(all), all)
	}
	removed, err := s.Unsubscribe(ctx, a)
	must(t, err)
	if !removed {
		t.Fatal("unsubscribe: want removed")
	}
	if removed, _ := s.Unsubscribe(ctx, a); removed {
		t.Fatal("second unsubscribe must report nothing removed")
	}
	all, _ = s.ListSubscriptions(ctx)
	if len(all) != 1 || all[0].Chat != b {
		t.Fatalf("after unsubscribe: %+v", all)
	}
}

func key(chat, date string) store.DeliveryKey {
	return store.DeliveryKey{Chat: store.Chat{Platform: "telegram", ID: chat}, Date: date}
}

func claim(t *testing.T, s store.Store, k store.DeliveryKey, owner string, now time.Time) store.Claim {
	t.Helper()
	c, err := s.Claim(ctx, k, owner, now, time.Minute)
	must(t, err)
	return c
}

func testClaimOnce(t *testing.T, s store.Store) {
	k := key("1", "2026-03-01")
	if c := claim(t, s, k, "a", t0); c.Status != store.Claimed || c.Attempt != 1 {
		t.Fatalf("first claim: %+v", c)
	}
	if c := claim(t, s, k, "b", t0.Add(time.Second)); c.Status != store.Busy {
		t.Fatalf("claim under a live lease: %+v, want Busy", c)
	}
	// The same owner does not get to re-claim a live lease either.
	if c := claim(t, s, k, "a", t0.Add(time.Second)); c.Status != store.Busy {
		t.Fatalf("owner re-claim: %+v, want Busy", c)
	}
	// Another date is another delivery.
	if c := claim(t, s, key("1", "2026-03-02"), "b", t0); c.Status != store.Claimed {
		t.Fatalf("other date: %+v", c)
	}
	if err := s.Finish(ctx, k, "b", t0, store.Sent); !errors.Is(err, store.ErrLeaseLost) {
		t.Fatalf("finish by a non-owner: %v, want ErrLeaseLost", err)
	}
	must(t, s.Finish(ctx, k, "a", t0.Add(2*time.Second), store.Sent))
	// Finished is final, even long after the lease.
	if c := claim(t, s, k, "b", t0.Add(48*time.Hour)); c.Status != store.Finished {
		t.Fatalf("claim after finish: %+v, want Finished", c)
	}
	if err := s.Finish(ctx, k, "a", t0, store.Sent); !errors.Is(err, store.ErrLeaseLost) {
		t.Fatalf("second finish: %v, want ErrLeaseLost", err)
	}
}

func testLeaseExpiry(t *testing.T, s store.Store) {
	k := key("2", "2026-03-01")
	claim(t, s, k, "crashed", t0)
	// Just before expiry the lease holds; at expiry it can be taken over.
	if c := claim(t, s, k, "b", t0.Add(time.Minute-time.Millisecond)); c.Status != store.Busy {
		t.Fatalf("before expiry: %+v", c)
	}
	c := claim(t, s, k, "b", t0.Add(time.Minute))
	if c.Status != store.Claimed || c.Attempt != 2 {
		t.Fatalf("takeover: %+v, want Claimed attempt 2", c)
	}
	// The old owner has lost it and cannot finish or release.
	if err := s.Finish(ctx, k, "crashed", t0.Add(time.Minute), store.Sent); !errors.Is(err, store.ErrLeaseLost) {
		t.Fatalf("old owner finish: %v", err)
	}
	if err := s.Release(ctx, k, "crashed", t0, "x"); !errors.Is(err, store.ErrLeaseLost) {
		t.Fatalf("old owner release: %v", err)
	}
	must(t, s.Finish(ctx, k, "b", t0.Add(time.Minute), store.Sent))
}

func testReleaseBackoff(t *testing.T, s store.Store) {
	k := key("3", "2026-03-01")
	claim(t, s, k, "a", t0)
	retryAt := t0.Add(5 * time.Minute)
	must(t, s.Release(ctx, k, "a", retryAt, "429 Too Many Requests"))
	if c := claim(t, s, k, "b", t0.Add(2*time.Minute)); c.Status != store.Busy {
		t.Fatalf("claim during backoff: %+v, want Busy", c)
	}
	if c := claim(t, s, k, "b", retryAt); c.Status != store.Claimed || c.Attempt != 2 {
		t.Fatalf("claim after backoff: %+v", c)
	}
	must(t, s.Finish(ctx, k, "b", retryAt, store.Failed))
	if c := claim(t, s, k, "a", retryAt.Add(time.Hour)); c.Status != store.Finished {
		t.Fatalf("claim after giving up: %+v, want Finished", c)
	}
}

// testConcurrentClaims races many claimers on one key: exactly one wins.
func testConcurrentClaims(t *testing.T, s store.Store) {
	const n = 16
	for round := 0; round < 5; round++ {
		k := key("race", fmt.Sprintf("2026-03-%02d", round+1))
		var wg sync.WaitGroup
		var mu sync.Mutex
		won := 0
		start := make(chan struct{})
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				c, err := s.Claim(ctx, k, fmt.Sprintf("owner-%d", i), t0, time.Minute)
				if err != nil {
					t.Error(err)
					return
				}
				if c.Status == store.Claimed {
					mu.Lock()
					won++
					mu.Unlock()
				}
			}()
		}
		close(start)
		wg.Wait()
		if won != 1 {
			t.Fatalf("round %d: %d claimers won, want exactly 1", round, won)
		}
	}
}

func testLastDigest(t *testing.T, s store.Store) {
	chat := store.Chat{Platform: "telegram", ID: "4"}
	if _, ok, err := s.LastDigest(ctx, chat); err != nil || ok {
		t.Fatalf("no digest yet: ok=%v err=%v", ok, err)
	}
	day := func(d int) store.DeliveryKey {
		return store.DeliveryKey{Chat: chat, Date: fmt.Sprintf("2026-03-%02d", d)}
	}
	claim(t, s, day(1), "a", t0)
	must(t, s.Finish(ctx, day(1), "a", t0, store.Sent))
	claim(t, s, day(2), "a", t0.Add(24*time.Hour))
	must(t, s.Finish(ctx, day(2), "a", t0.Add(24*time.Hour), store.Skipped))
	claim(t, s, day(3), "a", t0.Add(48*time.Hour))
	must(t, s.Finish(ctx, day(3), "a", t0.Add(48*time.Hour), store.Failed))
	claim(t, s, day(4), "a", t0.Add(72*time.Hour)) // pending
	last, ok, err := s.LastDigest(ctx, chat)
	must(t, err)
	if !ok || !last.Equal(t0.Add(24*time.Hour)) {
		t.Fatalf("last digest %v (ok=%v), want the skipped one at %v: failed and pending do not count", last, ok, t0.Add(24*time.Hour))
	}
}

func testProcessed(t *testing.T, s store.Store) {
	for i, want := range []bool{true, false, false} {
		got, err := s.FirstSeen(ctx, "telegram:1:100", t0.Add(time.Duration(i)*time.Second), time.Hour)
		must(t, err)
		if got != want {
			t.Fatalf("call %d: first=%v, want %v", i, got, want)
		}
	}
	if got, _ := s.FirstSeen(ctx, "slack:Ev1", t0, time.Hour); !got {
		t.Fatal("another key must be new")
	}
	if got, _ := s.FirstSeen(ctx, "telegram:1:100", t0.Add(time.Hour), time.Hour); !got {
		t.Fatal("an expired key must be new again")
	}
	// After that renewal the key lives until t0+2h; slack:Ev1 expired at t0+1h.
	n, err := s.PurgeProcessed(ctx, t0.Add(90*time.Minute))
	must(t, err)
	if n != 1 {
		t.Fatalf("purged %d, want 1", n)
	}
	if got, _ := s.FirstSeen(ctx, "telegram:1:100", t0.Add(90*time.Minute), time.Hour); got {
		t.Fatal("a renewed key must still be remembered")
	}
}

func testDedupeSet(t *testing.T, s store.Store) {
	now := t0
	d := store.NewDedupeSet(s, time.Hour, func() time.Time { return now })
	first, err := d.First(ctx, "slack:Ev9")
	must(t, err)
	again, err := d.First(ctx, "slack:Ev9")
	must(t, err)
	if !first || again {
		t.Fatalf("first=%v again=%v, want true then false", first, again)
	}
	now = now.Add(2 * time.Hour)
	if first, _ := d.First(ctx, "slack:Ev9"); !first {
		t.Fatal("must be new after the TTL")
	}
}

// A delivery abandoned before its reply was sent is forgotten, so its
// redelivery is answered; forgetting leaves other keys alone.
func testForgetProcessed(t *testing.T, s store.Store) {
	d := store.NewDedupeSet(s, time.Hour, func() time.Time { return t0 })
	for _, k := range []string{"telegram:1:5", "telegram:1:6"} {
		if first, err := d.First(ctx, k); err != nil || !first {
			t.Fatalf("%s: first=%v err=%v", k, first, err)
		}
	}
	must(t, d.Forget(ctx, "telegram:1:5"))
	must(t, d.Forget(ctx, "telegram:1:never-seen"))
	if first, _ := d.First(ctx, "telegram:1:5"); !first {
		t.Fatal("a forgotten key must be new again")
	}
	if first, _ := d.First(ctx, "telegram:1:6"); first {
		t.Fatal("forgetting one key dropped another")
	}
}

// Old deliveries go; each chat's latest sent digest stays (the next digest
// counts from it), and so does everything recent.
func testPurgeDeliveries(t *testing.T, s store.Store) {
	a := store.Chat{Platform: "telegram", ID: "1"}
	b := store.Chat{Platform: "telegram", ID: "2"}
	day := func(n int) time.Time { return t0.Add(time.Duration(n) * 24 * time.Hour) }
	deliver := func(c store.Chat, n int, o store.Outcome) {
		k := store.DeliveryKey{Chat: c, Date: day(n).Format(time.DateOnly)}
		_, err := s.Claim(ctx, k, "r", day(n), time.Minute)
		must(t, err)
		if o != "" {
			must(t, s.Finish(ctx, k, "r", day(n), o))
		}
	}
	deliver(a, 0, store.Sent)
	deliver(a, 1, store.Failed)
	deliver(a, 2, store.Sent)
	deliver(a, 50, store.Sent)
	deliver(b, 0, store.Skipped) // b's latest: kept however old
	deliver(b, 1, "")            // claimed, never finished, lease long gone
	n, err := s.PurgeDeliveries(ctx, day(10))
	must(t, err)
	if n != 4 {
		t.Fatalf("purged %d, want 4 (a's days 0, 1, 2 and b's stale claim)", n)
	}
	if last, ok, _ := s.LastDigest(ctx, a); !ok || !last.Equal(day(50)) {
		t.Fatalf("a's last digest %v %v, want day 50", last, ok)
	}
	if last, ok, _ := s.LastDigest(ctx, b); !ok || !last.Equal(day(0)) {
		t.Fatalf("b's last digest %v %v, want day 0 kept", last, ok)
	}
	// A recent delivery is still finished: it cannot be claimed again.
	if c, _ := s.Claim(ctx, store.DeliveryKey{Chat: a, Date: day(50).Format(time.DateOnly)}, "x", day(50), time.Minute); c.Status != store.Finished {
		t.Fatalf("recent delivery after purge: %+v", c)
	}
	if n, _ := s.PurgeDeliveries(ctx, day(10)); n != 0 {
		t.Fatalf("second purge removed %d", n)
	}
}

func testPurgeUnanswered(t *testing.T, s store.Store) {
	for i := range 5 {
		must(t, s.LogUnanswered(ctx, store.Question{Chat: store.Chat{Platform: "slack", ID: "C1"}, Text: fmt.Sprintf("question %d?", i), Asked: t0.Add(time.Duration(i) * time.Hour)}))
	}
	n, err := s.PurgeUnanswered(ctx, t0.Add(3*time.Hour))
	must(t, err)
	if n != 3 {
		t.Fatalf("purged %d, want 3", n)
	}
	if left, _ := s.MostAsked(ctx, 10); len(left) != 2 {
		t.Fatalf("left %+v", left)
	}
}

// Slots are handed out one interval apart, never in the past.
func testReserveSlot(t *testing.T, s store.Store) {
	const step = 40 * time.Millisecond
	for i, want := range []time.Time{t0, t0.Add(step), t0.Add(2 * step)} {
		got, err := s.ReserveSlot(ctx, "telegram", t0, step)
		must(t, err)
		if !got.Equal(want) {
			t.Fatalf("slot %d at %v, want %v", i, got, want)
		}
	}
	// Idle for a while: the next slot is now, not a backlog in the past.
	later := t0.Add(time.Hour)
	if got, _ := s.ReserveSlot(ctx, "telegram", later, step); !got.Equal(later) {
		t.Fatalf("after idling: %v, want %v", got, later)
	}
	if got, _ := s.ReserveSlot(ctx, "slack", t0, step); !got.Equal(t0) {
		t.Fatalf("another scope shares the schedule: %v", got)
	}
	// Idle schedules are purged; a busy one stays.
	n, err := s.PurgeSlots(ctx, later)
	must(t, err)
	if n != 1 {
		t.Fatalf("purged %d schedules, want the idle slack one", n)
	}
	if got, _ := s.ReserveSlot(ctx, "telegram", later, step); !got.Equal(later.Add(step)) {
		t.Fatalf("the busy schedule was reset: %v", got)
	}
}

// Concurrent reservers (replicas) never get the same slot.
func testConcurrentSlots(t *testing.T, s store.Store) {
	const n, step = 40, time.Millisecond
	var mu sync.Mutex
	seen := map[time.Time]bool{}
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			at, err := s.ReserveSlot(ctx, "telegram", t0, step)
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			seen[at] = true
			mu.Unlock()
		}()
	}
	wg.Wait()
	if len(seen) != n {
		t.Fatalf("%d distinct slots for %d reservations", len(seen), n)
	}
	for i := range n {
		if !seen[t0.Add(time.Duration(i)*step)] {
			t.Fatalf("slot %d missing: the schedule has a gap", i)
		}
	}
}

// Spooled deliveries come back once, oldest first, per scope.
func testSpool(t *testing.T, s store.Store) {
	for i := range 5 {
		must(t, s.SpoolDelivery(ctx, "telegram:1", []byte(fmt.Sprintf(`{"update_id":%d}`, i)), t0))
	}
	must(t, s.SpoolDelivery(ctx, "telegram:2", []byte(`{"update_id":99}`), t0))
	first, err := s.TakeSpooled(ctx, "telegram:1", 3)
	must(t, err)
	rest, err := s.TakeSpooled(ctx, "telegram:1", 10)
	must(t, err)
	var got []string
	for _, p := range append(first, rest...) {
		got = append(got, string(p))
	}
	want := []string{`{"update_id":0}`, `{"update_id":1}`, `{"update_id":2}`, `{"update_id":3}`, `{"update_id":4}`}
	if fmt.Sprint(got) != fmt.Sprint(want) || len(first) != 3 {
		t.Fatalf("took %v then %v, want %v in two parts", first, rest, want)
	}
	if again, _ := s.TakeSpooled(ctx, "telegram:1", 10); len(again) != 0 {
		t.Fatalf("taken twice: %s", again)
	}
	if other, _ := s.TakeSpooled(ctx, "telegram:2", 10); len(other) != 1 {
		t.Fatalf("another scope: %s", other)
	}
}

func testUnanswered(t *testing.T, s store.Store) {
	ask := func(chat, text string, at time.Duration) {
		must(t, s.LogUnanswered(ctx, store.Question{Chat: store.Chat{Platform: "telegram", ID: chat}, Text: text, Asked: t0.Add(at)}))
	}
	ask("1", "Who paid for the lunch?", 0)
	ask("2", "who paid for  the lunch", time.Minute)
	ask("1", "WHO PAID FOR THE LUNCH??", 2*time.Minute)
	ask("1", "What was the weather?", 3*time.Minute)
	ask("3", "Where is the venue?", 4*time.Minute)
	ask("3", "where is the venue", 5*time.Minute)
	ask("3", "   ", 6*time.Minute) // nothing to log
	got, err := s.MostAsked(ctx, 2)
	must(t, err)
	if len(got) != 2 {
		t.Fatalf("got %d entries, want the 2 asked: %+v", len(got), got)
	}
	if store.NormalizeQuestion(got[0].Text) != "who paid for the lunch" || got[0].Count != 3 || got[0].Chats != 2 || !got[0].Last.Equal(t0.Add(2*time.Minute)) {
		t.Fatalf("most asked: %+v", got[0])
	}
	if store.NormalizeQuestion(got[1].Text) != "where is the venue" || got[1].Count != 2 || got[1].Chats != 1 {
		t.Fatalf("second: %+v", got[1])
	}
	all, _ := s.MostAsked(ctx, 10)
	if len(all) != 3 {
		t.Fatalf("all: %+v", all)
	}
}

func testArchive(t *testing.T, s store.Store) {
	a := store.Chat{Platform: "telegram", ID: "1"}
	b := store.Chat{Platform: "slack", ID: "1"}
	must(t, s.MarkArchiveShown(ctx, a, "r1#3", t0))
	must(t, s.MarkArchiveShown(ctx, a, "r1#3", t0)) // idempotent
	must(t, s.MarkArchiveShown(ctx, a, "r2#0", t0))
	got, err := s.ArchiveShown(ctx, a)
	must(t, err)
	if len(got) != 2 || !got["r1#3"] || !got["r2#0"] {
		t.Fatalf("shown: %v", got)
	}
	if got, _ := s.ArchiveShown(ctx, b); len(got) != 0 {
		t.Fatalf("another chat (same ID, other platform) saw %v", got)
	}
}
