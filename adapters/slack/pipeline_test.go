package slack

import (
	"context"
	"net/http"
	"testing"

	"github.com/reportbot/reportbot/bot"
)

// gate is a core that holds each question of a blocked channel until the
// test releases it, then answers like echo.
type gate struct {
	echo
	blocked string
	entered chan string
	release chan struct{}
}

func (g *gate) Handle(ctx context.Context, m bot.Message) (bot.Reply, bool) {
	if m.ChatID == g.blocked {
		g.entered <- m.ChatID
		<-g.release
	}
	return g.echo.Handle(ctx, m)
}

func TestHTTPAcksBeforeTheAnswerAndChannelsRunInParallel(t *testing.T) {
	g := &gate{blocked: "C1", entered: make(chan string, 1), release: make(chan struct{})}
	r := newHTTPRig(t, func(o *Options) { o.Handler = g })

	// The 200 comes back while the core is still busy with the question.
	if code := r.event(t, mentionEvent("EvSlow", "C1", "3.1", "slow one"), nil); code != http.StatusOK {
		t.Fatalf("status %d", code)
	}
	if ch := <-g.entered; ch != "C1" {
		t.Fatal(ch)
	}
	// Another channel is not held up by C1's slow answer.
	r.event(t, mentionEvent("EvFast", "C2", "3.2", "fast one"), nil)
	if p := r.api.next(t); p.Channel != "C2" {
		t.Fatalf("posted %+v; want C2's answer while C1 is busy", p)
	}
	close(g.release)
	if p := r.api.next(t); p.Channel != "C1" || p.ThreadTS != "3.1" {
		t.Fatalf("posted %+v", p)
	}
}

func TestDispatcherDropsWhenAChannelQueueIsFull(t *testing.T) {
	release := make(chan struct{})
	ran := make(chan string, 10)
	q := newDispatcher(1, 2, func(_ context.Context, d delivery) {
		<-release
		ran <- d.msg.MessageID
	})
	ctx := context.Background()
	push := func(id string) bool { return q.push(ctx, delivery{msg: bot.Message{ChatID: "C1", MessageID: id}}) }
	// The first is taken by the drainer (or still queued); either way at most
	// 2 wait, so of 4 pushes at least one is refused.
	accepted := 0
	for _, id := range []string{"a", "b", "c", "d"} {
		if push(id) {
			accepted++
		}
	}
	if accepted == 4 || accepted < 2 {
		t.Fatalf("accepted %d of 4 with a queue of 2", accepted)
	}
	close(release)
	q.wait()
	close(ran)
	var order []string
	for id := range ran {
		order = append(order, id)
	}
	if len(order) != accepted || order[0] != "a" || order[1] != "b" {
		t.Fatalf("ran %v", order)
	}
}
