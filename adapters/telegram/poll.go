package telegram

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/reportbot/reportbot/internal/metrics"
)

// allowedUpdates asks Telegram for the only update kinds the bot answers,
// so edits, reactions and the like are not even sent.
const allowedUpdates = `["message","channel_post","callback_query"]`

// Back-off bounds. An empty answer that came back early means the server
// ignores the long-poll timeout (as the test emulator does); failures back
// off further so a broken network is not hammered.
const (
	emptyBackoffMin = 100 * time.Millisecond
	emptyBackoffMax = 2 * time.Second
	errBackoffMin   = time.Second
	errBackoffMax   = 30 * time.Second
)

// poller is long polling: it fetches updates, hands them to the pipeline
// and remembers which are still being answered, so that the offset it
// finally confirms loses nothing.
type poller struct {
	a *Adapter

	mu      sync.Mutex
	next    int64              // one past the highest update_id fetched
	pending map[int64]struct{} // fetched but not yet fully handled
	// handled holds updates finished while an older one is still pending:
	// they come back with every fetch until the offset passes them, and
	// are skipped here rather than looked up in dedupe each time.
	handled map[int64]struct{}
	changed chan struct{} // closed and replaced when an update finishes
}

func (p *poller) run(ctx context.Context, disp *dispatcher) error {
	a := p.a
	// A webhook left behind by an earlier deployment makes getUpdates fail
	// with 409 Conflict.
	if _, err := a.api.call(ctx, "deleteWebhook", tgbotapi.Params{"drop_pending_updates": "false"}); err != nil && ctx.Err() == nil {
		a.log.Warn("telegram deleteWebhook failed", "err", err)
	}
	var emptyWait, errWait time.Duration
	for ctx.Err() == nil {
		start := a.clock.Now()
		// The offset never passes an update still being answered: Telegram
		// forgets every update below the offset of a getUpdates call, so
		// one still in flight would be lost if shutdown cut it off.
		off := p.confirmOffset()
		updates, err := p.fetch(ctx, off, a.opts.PollTimeout, 100)
		p.forgetHandledBelow(off)
		if ctx.Err() != nil {
			return nil
		}
		if err != nil {
			var ae *APIError
			switch {
			case errors.As(err, &ae) && (ae.Code == http.StatusUnauthorized || ae.Code == http.StatusNotFound):
				return fmt.Errorf("telegram: the bot token was refused: %w", err)
			case errors.As(err, &ae) && ae.Code == http.StatusTooManyRequests:
				metrics.RateLimited.WithLabelValues(platform).Inc()
				errWait = max(ae.RetryAfter, errBackoffMin)
			default:
				errWait = min(max(2*errWait, errBackoffMin), errBackoffMax)
			}
			a.log.Warn("telegram getUpdates failed; retrying", "err", err, "in", errWait)
			p.sleep(ctx, errWait)
			continue
		}
		errWait = 0
		if len(updates) == 0 {
			if a.clock.Now().Sub(start) < a.opts.PollTimeout/2 {
				emptyWait = min(max(2*emptyWait, emptyBackoffMin), emptyBackoffMax)
				p.sleep(ctx, emptyWait)
			}
			continue
		}
		emptyWait = 0
		// A fetched batch is taken in whole even if shutdown starts now.
		batchCtx := context.WithoutCancel(ctx)
		changed := p.changes()
		fresh := 0
		for _, raw := range updates {
			id, ok := peekUpdateID(raw)
			if !ok {
				a.log.Warn("telegram: update without update_id skipped")
				continue
			}
			// Updates in flight, or finished above one still in flight,
			// come back with every fetch; they need nothing more.
			if !p.track(id) {
				continue
			}
			fresh++
			// An abandoned update stays pending: the offset confirmed at
			// shutdown stays below it, so Telegram delivers it again.
			abandoned := func() {
				a.log.Info("telegram: update abandoned at shutdown; it comes again after the restart", "update_id", id)
			}
			if err := a.intake(batchCtx, disp, raw, func() { p.untrack(id) }, abandoned); err != nil {
				a.log.Warn("telegram: update skipped", "update_id", id, "err", err)
			}
		}
		if fresh == 0 {
			// Only updates in flight: fetch again once one of them is
			// done, or after a while for new ones, not in a busy loop.
			// A real timer: this bounds real waiting, and the injected
			// clock's time is the pacing's, which waiting must not move.
			t := time.NewTimer(time.Second)
			select {
			case <-ctx.Done():
			case <-changed:
			case <-t.C:
			}
			t.Stop()
		}
	}
	return nil
}

func (p *poller) fetch(ctx context.Context, offset int64, timeout time.Duration, limit int) ([]json.RawMessage, error) {
	params := tgbotapi.Params{
		"timeout":         itoa(int64(timeout / time.Second)),
		"limit":           itoa(int64(limit)),
		"allowed_updates": allowedUpdates,
	}
	if offset != 0 {
		params["offset"] = itoa(offset)
	}
	raw, err := p.a.api.call(ctx, "getUpdates", params)
	if err != nil {
		return nil, err
	}
	var updates []json.RawMessage
	if err := json.Unmarshal(raw, &updates); err != nil {
		return nil, fmt.Errorf("telegram getUpdates: %w", err)
	}
	return updates, nil
}

func (p *poller) sleep(ctx context.Context, d time.Duration) {
	select {
	case <-ctx.Done():
	case <-p.a.clock.After(d):
	}
}

// track notes a fetched update and reports whether it is new to this
// poller (false: it is still in flight). The next offset follows the
// latest update rather than the highest ID: after a week without updates
// Telegram may restart IDs lower. Updates fetched again after they were
// answered are caught by dedupe.
func (p *poller) track(id int64) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if _, ok := p.pending[id]; ok {
		return false
	}
	if _, ok := p.handled[id]; ok {
		return false
	}
	p.next = id + 1
	p.pending[id] = struct{}{}
	return true
}

// untrack marks an update done: its reply was sent or failed for good.
func (p *poller) untrack(id int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.pending, id)
	if p.handled == nil {
		p.handled = make(map[int64]struct{})
	}
	p.handled[id] = struct{}{}
	if p.changed != nil {
		close(p.changed)
		p.changed = nil
	}
}

// forgetHandledBelow drops handled updates below off, the offset of a
// fetch that has returned: no later fetch asks for them.
func (p *poller) forgetHandledBelow(off int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for h := range p.handled {
		if h < off {
			delete(p.handled, h)
		}
	}
}

// changes returns a channel closed at the next untrack.
func (p *poller) changes() <-chan struct{} {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.changed == nil {
		p.changed = make(chan struct{})
	}
	return p.changed
}

// confirmOffset is the offset that acknowledges exactly the updates fully
// handled: everything below the oldest one still pending.
func (p *poller) confirmOffset() int64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.offsetLocked()
}

func (p *poller) offsetLocked() int64 {
	off := p.next
	for id := range p.pending {
		if id < off {
			off = id
		}
	}
	return off
}

// confirm tells Telegram which updates are done. Telegram forgets updates
// below the offset of a getUpdates call; without this last call the final
// batch would be delivered again after a restart.
func (p *poller) confirm(ctx context.Context) {
	off := p.confirmOffset()
	if off == 0 {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	// limit=1 and timeout=0: return at once; an update still unseen comes
	// back, unconfirmed, after the restart.
	if _, err := p.fetch(ctx, off, 0, 1); err != nil {
		p.a.log.Warn("telegram: could not confirm the update offset; the last updates may be answered again after a restart", "err", err)
		return
	}
	p.a.log.Info("telegram: update offset confirmed", "offset", off)
}
