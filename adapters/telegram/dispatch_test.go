package telegram

import (
	"context"
	"fmt"
	"sync"
	"testing"
)

func TestDispatcherKeepsOrderWithinAChat(t *testing.T) {
	d := newDispatcher(context.Background(), 4, 1000)
	var mu sync.Mutex
	got := map[string][]int{}
	for i := range 200 {
		chat := fmt.Sprint(i % 5)
		if err := d.submit(job{chat: chat, run: func(context.Context) {
			mu.Lock()
			got[chat] = append(got[chat], i)
			mu.Unlock()
		}}); err != nil {
			t.Fatal(err)
		}
	}
	d.close()
	for chat, seq := range got {
		if len(seq) != 40 {
			t.Errorf("chat %s ran %d jobs, want 40", chat, len(seq))
		}
		for k := 1; k < len(seq); k++ {
			if seq[k] < seq[k-1] {
				t.Errorf("chat %s ran out of order: %v", chat, seq)
				break
			}
		}
	}
}

func TestDispatcherServesOtherChatsWhileOneIsSlow(t *testing.T) {
	d := newDispatcher(context.Background(), 2, 100)
	release := make(chan struct{})
	started := make(chan struct{})
	_ = d.submit(job{chat: "slow", run: func(context.Context) {
		close(started)
		<-release
	}})
	<-started
	// A second job for the slow chat must wait; another chat must not.
	secondSlow := make(chan struct{})
	_ = d.submit(job{chat: "slow", run: func(context.Context) { close(secondSlow) }})
	fast := make(chan struct{})
	_ = d.submit(job{chat: "fast", run: func(context.Context) { close(fast) }})
	<-fast
	select {
	case <-secondSlow:
		t.Fatal("the slow chat's second job overtook its first")
	default:
	}
	close(release)
	<-secondSlow
	d.close()
}

func TestDispatcherCloseDrainsAndRefuses(t *testing.T) {
	d := newDispatcher(context.Background(), 1, 100)
	ran := 0
	for range 10 {
		_ = d.submit(job{chat: "c", run: func(context.Context) { ran++ }})
	}
	d.close()
	if ran != 10 {
		t.Errorf("ran %d jobs before close returned, want 10", ran)
	}
	if err := d.submit(job{chat: "c", run: func(context.Context) {}}); err != errClosed {
		t.Errorf("submit after close = %v, want errClosed", err)
	}
}

func TestDispatcherBoundsPendingJobs(t *testing.T) {
	d := newDispatcher(context.Background(), 1, 2)
	release := make(chan struct{})
	for range 2 {
		_ = d.submit(job{chat: "c", run: func(context.Context) { <-release }})
	}
	submitted := make(chan struct{})
	go func() {
		_ = d.submit(job{chat: "d", run: func(context.Context) {}})
		close(submitted)
	}()
	select {
	case <-submitted:
		t.Fatal("submit did not block with the queue full")
	default:
	}
	close(release)
	<-submitted
	d.close()
}
