package console

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"

	"github.com/reportbot/reportbot/bot"
	"github.com/reportbot/reportbot/bot/markup"
)

// echo answers every message with its text, as a private chat would.
type echo struct{ seen []bot.Message }

func (e *echo) Handle(_ context.Context, m bot.Message) (bot.Reply, bool) {
	e.seen = append(e.seen, m)
	var d markup.Doc
	d.Para(markup.B("you said"), markup.T(": "+m.Text))
	return bot.Reply{Doc: d}, true
}

func TestRunAnswersEachLineUntilQuit(t *testing.T) {
	h := &echo{}
	var out bytes.Buffer
	err := Run(context.Background(), h, strings.NewReader("hello\n\n  who?  \n/quit\nignored\n"), &out, "> ")
	if err != nil {
		t.Fatal(err)
	}
	if len(h.seen) != 2 || h.seen[1].Text != "who?" || h.seen[0].ChatKind != bot.Private {
		t.Fatalf("messages: %+v", h.seen)
	}
	if got := out.String(); !strings.Contains(got, "you said: hello") || !strings.Contains(got, "you said: who?") || strings.Contains(got, "ignored") {
		t.Errorf("output:\n%s", got)
	}
}

func TestRunStopsWhenContextEnds(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	h := &echo{}
	if err := Run(ctx, h, strings.NewReader("hello\n"), &bytes.Buffer{}, ""); err != nil || len(h.seen) != 0 {
		t.Errorf("err %v, seen %d", err, len(h.seen))
	}
}

// Ctrl-C must end the session while it waits for a line, without Enter.
func TestRunStopsWhileWaitingForALine(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	in, w := io.Pipe() // a terminal nobody types into
	defer w.Close()
	done := make(chan error, 1)
	var out bytes.Buffer
	go func() { done <- Run(ctx, &echo{}, in, &out, "") }()
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}
