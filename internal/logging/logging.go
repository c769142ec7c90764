// Package logging builds reportbot's structured logger: log/slog as text or
// JSON, with a handler that scrubs secret values (tokens, signing secrets,
// database passwords) from every message and attribute, so a library error
// that quotes a URL with the bot token in it cannot leak the token.
//
// It is part of the running service, not of the core, so it lives under
// internal/.
package logging

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
)

// Redacted replaces a secret value in logs.
const Redacted = "[REDACTED]"

// Options configures New.
type Options struct {
	Level   string   // debug, info, warn, error; default info
	Format  string   // text or json; default text
	Secrets []string // values to scrub wherever they appear
}

// New returns a logger writing to w. Message text of chat messages must
// only be logged at debug level: that is the caller's rule, not enforced here.
func New(w io.Writer, o Options) *slog.Logger {
	opts := &slog.HandlerOptions{Level: ParseLevel(o.Level)}
	var h slog.Handler
	if strings.EqualFold(o.Format, "json") {
		h = slog.NewJSONHandler(w, opts)
	} else {
		h = slog.NewTextHandler(w, opts)
	}
	return slog.New(Redact(h, o.Secrets))
}

// ParseLevel maps a configured level name to a slog level; unknown names
// mean info (config validation has already refused them).
func ParseLevel(s string) slog.Level {
	switch strings.ToLower(s) {
	case "debug":
		return slog.LevelDebug
	case "warn", "warning":
		return slog.LevelWarn
	case "error":
		return slog.LevelError
	}
	return slog.LevelInfo
}

// Redact wraps h so that every occurrence of a secret, and of its URL-escaped
// forms, in the message, attribute keys and values (strings, errors, any
// value's printed form, inside groups too) becomes [REDACTED]. Empty secrets
// are ignored; with none left, h is returned as it is.
func Redact(h slog.Handler, secrets []string) slog.Handler {
	list := secretForms(secrets)
	if len(list) == 0 {
		return h
	}
	list = longestFirst(list)
	return &redactor{next: h, secrets: list, r: replacer(list)}
}

type redactor struct {
	next    slog.Handler
	secrets []string
	r       *strings.Replacer
}

func (h *redactor) Enabled(ctx context.Context, l slog.Level) bool { return h.next.Enabled(ctx, l) }

func (h *redactor) Handle(ctx context.Context, rec slog.Record) error {
	out := slog.NewRecord(rec.Time, rec.Level, h.r.Replace(rec.Message), rec.PC)
	rec.Attrs(func(a slog.Attr) bool {
		out.AddAttrs(h.attr(a))
		return true
	})
	return h.next.Handle(ctx, out)
}

func (h *redactor) WithAttrs(attrs []slog.Attr) slog.Handler {
	clean := make([]slog.Attr, len(attrs))
	for i, a := range attrs {
		clean[i] = h.attr(a)
	}
	return &redactor{next: h.next.WithAttrs(clean), secrets: h.secrets, r: h.r}
}

func (h *redactor) WithGroup(name string) slog.Handler {
	return &redactor{next: h.next.WithGroup(h.r.Replace(name)), secrets: h.secrets, r: h.r}
}

func (h *redactor) contains(s string) bool {
	for _, sec := range h.secrets {
		if strings.Contains(s, sec) {
			return true
		}
	}
	return false
}

func (h *redactor) attr(a slog.Attr) slog.Attr {
	a.Key = h.r.Replace(a.Key)
	a.Value = a.Value.Resolve()
	switch a.Value.Kind() {
	case slog.KindString:
		a.Value = slog.StringValue(h.r.Replace(a.Value.String()))
	case slog.KindGroup:
		group := a.Value.Group()
		clean := make([]slog.Attr, len(group))
		for i, g := range group {
			clean[i] = h.attr(g)
		}
		a.Value = slog.GroupValue(clean...)
	case slog.KindAny:
		// Errors, URLs, structs: check the printed form and replace the
		// value with its scrubbed text only when it holds a secret, so
		// ordinary values keep their JSON shape.
		var s string
		if err, ok := a.Value.Any().(error); ok {
			s = err.Error()
		} else {
			s = fmt.Sprintf("%+v", a.Value.Any())
		}
		if h.contains(s) {
			a.Value = slog.StringValue(h.r.Replace(s))
		}
	}
	return a
}
