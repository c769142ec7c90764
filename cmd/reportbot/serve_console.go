package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/reportbot/reportbot/internal/curator"
	"github.com/reportbot/reportbot/knowledge"
)

// consolePrefix is where the console lives when it shares admin.listen.
const consolePrefix = "/console"

// consoleRunner sets up the curators' console. Without a password it is
// off (nil, nil). With console.listen it gets its own runner; otherwise it
// is mounted on the admin listener and returns no runner of its own.
func consoleRunner(d *serveDeps) (*runner, error) {
	c := d.cfg.Console
	if c.Password == "" {
		if c.Listen != "" {
			d.log.Warn("console is off: console.listen is set but REPORTBOT_CONSOLE_PASSWORD is not")
		}
		return nil, nil
	}
	if c.Listen == "" && d.cfg.Admin.Listen == "" {
		d.log.Warn("console is off: REPORTBOT_CONSOLE_PASSWORD is set but neither console.listen nor admin.listen is")
		return nil, nil
	}
	prefix := ""
	if c.Listen == "" {
		prefix = consolePrefix
	}
	k := d.cfg.Knowledge
	s, err := curator.New(curator.Options{
		Password:  c.Password,
		Knowledge: d.kb,
		// The bare bot: a curator's tries are not users' questions, so they
		// skip the unanswered log and the rate limits.
		Asker:        curator.BotAsker{Bot: d.bot},
		Questions:    curator.Merge{curator.UnansweredLog{Log: d.store}, curator.VoteLog{Log: d.store}},
		CurationPath: k.Curation,
		Reloader: curator.ReloadFunc(func(context.Context) error {
			kb, err := knowledge.Open(openOptions(k))
			if err != nil {
				return err
			}
			d.kb.Swap(kb)
			return nil
		}),
		Prefix:       prefix,
		SecureCookie: c.SecureCookie,
		SessionTTL:   c.SessionTTL,
		Logger:       d.log.With("component", "console"),
	})
	if err != nil {
		return nil, err
	}
	if k.Curation == "" {
		d.log.Warn("console is read-only: knowledge.curation names no curation file to write fixes to")
	}
	if c.Listen == "" {
		d.health.Mount(consolePrefix+"/", s.Handler())
		d.log.Info("console on the admin listener", "path", consolePrefix+"/")
		return nil, nil
	}
	return &runner{name: "console", run: func(ctx context.Context) error {
		return serveHTTP(ctx, c.Listen, s.Handler(), d)
	}}, nil
}

// serveHTTP serves h on addr until ctx is done, then shuts down gracefully.
func serveHTTP(ctx context.Context, addr string, h http.Handler, d *serveDeps) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("console: listen %s: %w", addr, err)
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
	}
	d.log.Info("console listening", "addr", ln.Addr().String())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("console: %w", err)
	case <-ctx.Done():
	}
	shutCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutCtx); err != nil {
		return fmt.Errorf("console: shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("console: %w", err)
	}
	return nil
}
