package console

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"sync"
	"testing"
)

// keys types each string as one burst of key presses, as a terminal
// delivers them, then closes the input.
func keys(bursts ...string) io.Reader {
	r, w := io.Pipe()
	go func() {
		for _, b := range bursts {
			if _, err := w.Write([]byte(b)); err != nil {
				return
			}
		}
		w.Close()
	}()
	return r
}

type syncBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuf) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuf) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestEditorHistoryInterruptAndEOF(t *testing.T) {
	const up = "\x1b[A"
	var out syncBuf
	e := NewEditor(keys("who spoke?\r", up+"\r", "half a ques\x03", "when?\r", "\x04"), &out, Prompt)
	var lines []string
	for {
		l, err := e.ReadLine()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, l)
	}
	want := []string{"who spoke?", "who spoke?", "when?"}
	if strings.Join(lines, "|") != strings.Join(want, "|") {
		t.Errorf("lines %q, want %q (up arrow recalls, Ctrl-C drops the line, Ctrl-D ends)", lines, want)
	}
	if !strings.Contains(out.String(), "^C") || !strings.Contains(out.String(), Prompt) {
		t.Errorf("the terminal shows %q", out.String())
	}
	if strings.HasPrefix(Prompt, ">") {
		t.Error("the prompt must not look like quoted evidence")
	}
}

func TestSessionOverEditorAnswersAsAPrivateChat(t *testing.T) {
	h := &echo{}
	var out syncBuf
	e := NewEditor(keys("hello\r", "/quit\r", "never\r"), &out, Prompt)
	if err := Session(context.Background(), h, e, e); err != nil {
		t.Fatal(err)
	}
	if len(h.seen) != 1 || h.seen[0].Text != "hello" || h.seen[0].ChatKind != "private" {
		t.Fatalf("seen %+v", h.seen)
	}
	if !strings.Contains(out.String(), "you said: hello\r\n") {
		t.Errorf("replies go through the terminal with CRLF: %q", out.String())
	}
}
