package main

import (
	"io"
	"log/slog"
	"time"

	"github.com/reportbot/reportbot/internal/config"
	"github.com/reportbot/reportbot/internal/logging"
)

// dedupeTTL is how long a delivery ID is remembered; platforms retry within
// minutes, so a day is ample.
const dedupeTTL = 24 * time.Hour

// newLogger logs as the config says and scrubs every configured secret, so
// no token reaches the log even inside a library's error message.
func newLogger(c config.Config, w io.Writer) *slog.Logger {
	return logging.New(w, logging.Options{Level: c.Log.Level, Format: c.Log.Format, Secrets: c.Secrets()})
}
