package main

import (
	"io"
	"log/slog"
	"strings"
	"time"

	"github.com/reportbot/reportbot/config"
)

// dedupeTTL is how long a delivery ID is remembered; platforms retry within
// minutes, so a day is ample.
const dedupeTTL = 24 * time.Hour

func newLogger(c config.Log, w io.Writer) *slog.Logger {
	var level slog.Level
	switch strings.ToLower(c.Level) {
	case "debug":
		level = slog.LevelDebug
	case "warn":
		level = slog.LevelWarn
	case "error":
		level = slog.LevelError
	}
	opts := &slog.HandlerOptions{Level: level}
	if strings.ToLower(c.Format) == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}
