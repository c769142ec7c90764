// Package curator is the curators' web console: the people who keep a
// bot's answers right (editors, not operators) sign in, read what was
// extracted from each report, fix it, work through the questions the bot
// could not answer, try questions, and edit the curation file. Every fix
// is written to the curation file, so it survives rebuilds like any other
// curation.
//
// Pages are server-rendered html/template with no JavaScript; templates
// and the stylesheet are embedded in the binary. The console depends on
// the rest of the service only through small interfaces (Asker,
// Questions, Reloader) that `reportbot serve` implements.
//
// It is part of the running service, so it lives under internal/.
package curator

import (
	"context"
	"embed"
	"errors"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/reportbot/reportbot/knowledge"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Reloader rebuilds the knowledge base after the curation file changed.
type Reloader interface {
	Reload(ctx context.Context) error
}

// ReloadFunc adapts a function to Reloader.
type ReloadFunc func(ctx context.Context) error

// Reload implements Reloader.
func (f ReloadFunc) Reload(ctx context.Context) error { return f(ctx) }

// Options configures a Server.
type Options struct {
	// Password signs curators in. Empty is an error: without a secret the
	// console must not be served at all.
	Password string
	// Knowledge is the live knowledge base the pages show.
	Knowledge knowledge.Source
	// Asker answers try-it and the questions page's "the bot says now".
	Asker Asker
	// Questions lists the questions to work on; nil shows none.
	Questions Questions
	// CurationPath is the curation file fixes are written to; "" makes
	// the console read-only and says so.
	CurationPath string
	// Reloader rebuilds the knowledge after a write; nil skips it (a
	// file watcher may do it instead).
	Reloader Reloader
	// Prefix is the path the console is mounted at ("/console"), "" for
	// the root.
	Prefix string
	// SecureCookie forces the Secure attribute on plain connections.
	SecureCookie bool
	// SessionTTL is how long a sign-in lasts; 0 means 12 hours.
	SessionTTL time.Duration
	// LoginAttempts failed sign-ins from one address within LoginWindow
	// lock that address out until the window passes; 0 means 5 in 15 min.
	LoginAttempts int
	LoginWindow   time.Duration
	// Now is the clock; nil is time.Now.
	Now    func() time.Time
	Logger *slog.Logger
}

// Server is the console. It is safe for concurrent use.
type Server struct {
	opts     Options
	log      *slog.Logger
	pages    map[string]*template.Template
	sessions *sessions
	limiter  *limiter
	file     *curationFile
}

// ErrNoPassword is returned by New when no password is configured.
var ErrNoPassword = errors.New("curator: no console password configured; the console stays off")

// New returns a Server, or ErrNoPassword when opts has no password.
func New(opts Options) (*Server, error) {
	if opts.Password == "" {
		return nil, ErrNoPassword
	}
	if opts.Knowledge == nil || opts.Asker == nil {
		return nil, errors.New("curator: Knowledge and Asker are required")
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.SessionTTL <= 0 {
		opts.SessionTTL = 12 * time.Hour
	}
	if opts.LoginAttempts <= 0 {
		opts.LoginAttempts = 5
	}
	if opts.LoginWindow <= 0 {
		opts.LoginWindow = 15 * time.Minute
	}
	opts.Prefix = strings.TrimSuffix(opts.Prefix, "/")
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	pages, err := parsePages()
	if err != nil {
		return nil, err
	}
	return &Server{
		opts:     opts,
		log:      log,
		pages:    pages,
		sessions: newSessions(opts.SessionTTL, opts.Now),
		limiter:  newLimiter(opts.LoginAttempts, opts.LoginWindow, opts.Now),
		file:     &curationFile{path: opts.CurationPath},
	}, nil
}

// Handler serves the console under opts.Prefix.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	static, _ := fs.Sub(staticFS, "static")
	mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(static)))
	mux.HandleFunc("GET /login", s.loginPage)
	mux.HandleFunc("POST /login", s.login)
	mux.Handle("POST /logout", s.authed(s.logout))
	mux.Handle("GET /{$}", s.authed(func(w http.ResponseWriter, r *http.Request, sess *session) {
		http.Redirect(w, r, s.opts.Prefix+"/reports", http.StatusSeeOther)
	}))
	mux.Handle("GET /reports", s.authed(s.reportsPage))
	mux.Handle("GET /reports/{id}", s.authed(s.reportPage))
	mux.Handle("GET /questions", s.authed(s.questionsPage))
	mux.Handle("GET /try", s.authed(s.tryPage))
	mux.Handle("POST /try", s.authed(s.tryPage))
	mux.Handle("GET /curation", s.authed(s.curationPage))
	mux.Handle("POST /curation", s.authed(s.saveCuration))
	mux.Handle("POST /curate/{kind}", s.authed(s.curate))
	var h http.Handler = mux
	if s.opts.Prefix != "" {
		h = http.StripPrefix(s.opts.Prefix, mux)
	}
	return securityHeaders(h)
}

// securityHeaders: no script may run (the pages need none), nothing may
// frame the console, and no page is cached, since each shows a CSRF token.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		if !strings.Contains(r.URL.Path, "/static/") {
			h.Set("Cache-Control", "no-store")
		}
		next.ServeHTTP(w, r)
	})
}
