// Package admin serves the operators' endpoints on their own listen
// address: /healthz (the process is alive), /readyz (everything it depends
// on is ready) and Prometheus /metrics. Components register readiness checks
// by name; the package knows nothing about what they check.
//
// It is part of the running service, not of the core, so it lives under
// internal/.
package admin

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sort"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Checker reports whether one dependency is ready: nil when it is, an error
// saying why not otherwise. Check must return promptly when ctx is done.
type Checker interface {
	Check(ctx context.Context) error
}

// CheckFunc adapts a function to Checker.
type CheckFunc func(ctx context.Context) error

// Check implements Checker.
func (f CheckFunc) Check(ctx context.Context) error { return f(ctx) }

// Options configures a Server.
type Options struct {
	// Gatherer is what /metrics exposes; usually metrics.Registry().
	Gatherer prometheus.Gatherer
	// CheckTimeout bounds each readiness check; 0 means 2 s.
	CheckTimeout time.Duration
	Logger       *slog.Logger
}

// Server holds the readiness checks and serves the endpoints.
type Server struct {
	opts Options
	log  *slog.Logger

	mu     sync.RWMutex
	checks map[string]Checker
	failed map[string]bool // last outcome, so only changes are logged
	mounts map[string]http.Handler
}

// New returns a Server with no checks: ready until one is registered.
func New(opts Options) *Server {
	if opts.CheckTimeout <= 0 {
		opts.CheckTimeout = 2 * time.Second
	}
	if opts.Gatherer == nil {
		opts.Gatherer = prometheus.NewRegistry()
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Server{opts: opts, log: log, checks: map[string]Checker{}, failed: map[string]bool{}, mounts: map[string]http.Handler{}}
}

// Mount serves h for every path under prefix ("/console/") beside the
// operators' endpoints, for a component that shares this listener (the
// curators' console). Call it before Handler or Run.
func (s *Server) Mount(prefix string, h http.Handler) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.mounts[prefix] = h
}

// Register adds or replaces the readiness check called name
// ("knowledge", "store", "telegram", …).
func (s *Server) Register(name string, c Checker) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.checks[name] = c
}

// Result is the outcome of one check.
type Result struct {
	Name string
	Err  error
}

// Ready runs every check concurrently, each within the check timeout, and
// returns the results sorted by name.
func (s *Server) Ready(ctx context.Context) (ok bool, results []Result) {
	s.mu.RLock()
	names := make([]string, 0, len(s.checks))
	for n := range s.checks {
		names = append(names, n)
	}
	checks := make([]Checker, len(names))
	sort.Strings(names)
	for i, n := range names {
		checks[i] = s.checks[n]
	}
	s.mu.RUnlock()

	results = make([]Result, len(names))
	var wg sync.WaitGroup
	for i := range names {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = Result{Name: names[i], Err: s.runCheck(ctx, checks[i])}
		}()
	}
	wg.Wait()
	ok = true
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, r := range results {
		if r.Err != nil {
			ok = false
		}
		// Probes come every few seconds: log changes, not every probe.
		if failed := r.Err != nil; failed != s.failed[r.Name] {
			s.failed[r.Name] = failed
			if failed {
				s.log.Warn("not ready", "check", r.Name, "err", r.Err)
			} else {
				s.log.Info("ready again", "check", r.Name)
			}
		}
	}
	return ok, results
}

// runCheck bounds one check in time and turns its panic into an error, so
// a faulty check makes the service unready instead of killing it.
func (s *Server) runCheck(ctx context.Context, c Checker) (err error) {
	ctx, cancel := context.WithTimeout(ctx, s.opts.CheckTimeout)
	defer cancel()
	done := make(chan error, 1)
	go func() {
		defer func() {
			if v := recover(); v != nil {
				done <- fmt.Errorf("check panicked: %v", v)
			}
		}()
		done <- c.Check(ctx)
	}()
	select {
	case err = <-done:
		return err
	case <-ctx.Done():
		return fmt.Errorf("check timed out: %w", ctx.Err())
	}
}

// Handler serves /healthz, /readyz and /metrics.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		// Liveness only: the process answers HTTP. Dependencies belong to
		// /readyz, or a broken database would get the bot restarted in a loop.
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("GET /readyz", s.serveReady)
	mux.Handle("GET /metrics", promhttp.HandlerFor(s.opts.Gatherer, promhttp.HandlerOpts{}))
	s.mu.RLock()
	for prefix, h := range s.mounts {
		mux.Handle(prefix, h)
	}
	s.mu.RUnlock()
	return mux
}

// serveReady answers 200 when every check passes and 503 otherwise, with
// one line per check so a person can see what is wrong.
func (s *Server) serveReady(w http.ResponseWriter, r *http.Request) {
	ok, results := s.Ready(r.Context())
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if !ok {
		w.WriteHeader(http.StatusServiceUnavailable)
	}
	for _, res := range results {
		if res.Err != nil {
			fmt.Fprintf(w, "[-] %s: %v\n", res.Name, res.Err)
		} else {
			fmt.Fprintf(w, "[+] %s ok\n", res.Name)
		}
	}
	if ok {
		fmt.Fprintln(w, "ready")
	} else {
		fmt.Fprintln(w, "not ready")
	}
}

// Run listens on addr and serves until ctx is done, then shuts down
// gracefully.
func (s *Server) Run(ctx context.Context, addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("admin: listen %s: %w", addr, err)
	}
	return s.Serve(ctx, ln)
}

// Serve serves on ln until ctx is done.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: 5 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       60 * time.Second,
	}
	s.log.Info("admin endpoints listening", "addr", ln.Addr().String())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("admin: %w", err)
	case <-ctx.Done():
	}
	shutCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutCtx); err != nil {
		return fmt.Errorf("admin: shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("admin: %w", err)
	}
	return nil
}

// Flag is a Checker that a component sets as its state changes, for
// readiness that is a fact rather than a probe, such as "the Telegram
// poller is connected". It starts not ready with the given reason.
type Flag struct {
	mu  sync.Mutex
	err error
}

// NewFlag returns a Flag that is not ready yet, saying why.
func NewFlag(reason string) *Flag { return &Flag{err: errors.New(reason)} }

// Set records the state: nil for ready, an error for not ready.
func (f *Flag) Set(err error) {
	f.mu.Lock()
	f.err = err
	f.mu.Unlock()
}

// Check implements Checker.
func (f *Flag) Check(context.Context) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.err
}
