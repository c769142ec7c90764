package console

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sync/atomic"

	"golang.org/x/term"

	"github.com/reportbot/reportbot/bot"
)

// IsTerminal reports whether f is a terminal RunTerminal can drive.
func IsTerminal(f *os.File) bool { return term.IsTerminal(int(f.Fd())) }

// RunTerminal is Run for a person at a terminal: it puts in into raw mode
// for line editing and restores it on return.
func RunTerminal(ctx context.Context, h bot.Handler, in *os.File, out io.Writer) error {
	old, err := term.MakeRaw(int(in.Fd()))
	if err != nil {
		return fmt.Errorf("console: %w", err)
	}
	defer term.Restore(int(in.Fd()), old)
	t := NewEditor(in, out, Prompt)
	return Session(ctx, h, t, t)
}

// Editor reads lines with editing and history (x/term's Terminal) from
// any byte stream, so it works on a raw terminal and in tests alike.
// x/term ends ReadLine with io.EOF for both Ctrl-C and Ctrl-D; Editor tells
// them apart so that Ctrl-C only drops the line, as a shell does.
type Editor struct {
	in     *interruptReader
	out    io.Writer
	prompt string
	t      *term.Terminal
}

// NewEditor reads keys from in and echoes to out.
func NewEditor(in io.Reader, out io.Writer, prompt string) *Editor {
	e := &Editor{in: &interruptReader{r: in}, out: out, prompt: prompt}
	e.t = term.NewTerminal(struct {
		io.Reader
		io.Writer
	}{e.in, out}, prompt)
	return e
}

// ReadLine implements LineReader.
func (e *Editor) ReadLine() (string, error) {
	for {
		line, err := e.t.ReadLine()
		if errors.Is(err, term.ErrPasteIndicator) {
			return line, nil // a pasted line is still a line
		}
		if !errors.Is(err, io.EOF) || !e.in.interrupted.Swap(false) {
			return line, err
		}
		// Ctrl-C: a fresh line on a fresh prompt, the history kept. The
		// old Terminal still holds the abandoned line, so it is replaced.
		// Straight to out: through the old Terminal it would redraw the
		// abandoned line after the ^C.
		if _, err := io.WriteString(e.out, "^C\r\n"); err != nil {
			return "", err
		}
		history := e.t.History
		e.t = term.NewTerminal(struct {
			io.Reader
			io.Writer
		}{e.in, e.out}, e.prompt)
		e.t.History = history
	}
}

// Write writes through the terminal, which turns "\n" into "\r\n" in raw
// mode and keeps the prompt line tidy.
func (e *Editor) Write(p []byte) (int, error) { return e.t.Write(p) }

// interruptReader notes a Ctrl-C (ETX) passing through.
type interruptReader struct {
	r           io.Reader
	interrupted atomic.Bool
}

func (r *interruptReader) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	if bytes.IndexByte(p[:n], 3) >= 0 {
		r.interrupted.Store(true)
	}
	return n, err
}
