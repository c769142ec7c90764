package telegram

import (
	"context"
	"errors"
	"sync"
)

// errClosed is returned by submit after close.
var errClosed = errors.New("dispatcher closed")

// job is one update's work.
type job struct {
	chat string
	run  func(ctx context.Context)
}

// dispatcher runs jobs on a bounded pool of workers, in arrival order within
// a chat and in parallel across chats: one slow answer never holds up
// another chat, and a chat never sees its answers out of order.
type dispatcher struct {
	maxPending int

	mu      sync.Mutex
	cond    *sync.Cond
	queues  map[string][]job // waiting and running jobs per chat; the head runs
	ready   []string         // chats with work and no worker, in arrival order
	pending int
	closed  bool
	wg      sync.WaitGroup
}

// newDispatcher starts workers goroutines; submit blocks once maxPending
// jobs wait, which pushes back on the poller or webhook.
func newDispatcher(ctx context.Context, workers, maxPending int) *dispatcher {
	d := &dispatcher{maxPending: maxPending, queues: make(map[string][]job)}
	d.cond = sync.NewCond(&d.mu)
	for range workers {
		d.wg.Add(1)
		go d.work(ctx)
	}
	return d
}

// submit queues j behind the chat's earlier jobs.
func (d *dispatcher) submit(j job) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	for d.pending >= d.maxPending && !d.closed {
		d.cond.Wait()
	}
	if d.closed {
		return errClosed
	}
	d.pending++
	q := d.queues[j.chat]
	d.queues[j.chat] = append(q, j)
	if len(q) == 0 {
		d.ready = append(d.ready, j.chat)
	}
	d.cond.Broadcast()
	return nil
}

func (d *dispatcher) work(ctx context.Context) {
	defer d.wg.Done()
	d.mu.Lock()
	for {
		for len(d.ready) == 0 && !d.closed {
			d.cond.Wait()
		}
		if len(d.ready) == 0 {
			d.mu.Unlock()
			return
		}
		chat := d.ready[0]
		d.ready = d.ready[1:]
		j := d.queues[chat][0]
		d.mu.Unlock()

		j.run(ctx)

		d.mu.Lock()
		q := d.queues[chat][1:]
		if len(q) == 0 {
			delete(d.queues, chat)
		} else {
			d.queues[chat] = q
			// To the back of the line: a busy chat takes turns with others.
			d.ready = append(d.ready, chat)
		}
		d.pending--
		d.cond.Broadcast()
	}
}

// close stops accepting jobs and waits until every queued job has run.
func (d *dispatcher) close() {
	d.mu.Lock()
	d.closed = true
	d.cond.Broadcast()
	d.mu.Unlock()
	d.wg.Wait()
}
