package curator

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"
)

const (
	sessionCookie = "reportbot_console"
	// loginCookie carries the sign-in form's CSRF token before there is a
	// session (double submit): a foreign page cannot read it to forge a
	// sign-in into the attacker's account.
	loginCookie = "reportbot_console_login"
	// maxForm bounds a posted form; the curation editor is the largest.
	maxForm = 2 << 20
)

// session is one signed-in browser. csrf is the token every form of the
// session carries.
type session struct {
	csrf    string
	expires time.Time
}

// sessions are kept in memory: a restart signs curators out, which is the
// safe way to fail. With several replicas behind a balancer, route the
// console to one of them (or give it its own listener on one).
type sessions struct {
	mu  sync.Mutex
	ttl time.Duration
	now func() time.Time
	m   map[string]*session
}

func newSessions(ttl time.Duration, now func() time.Time) *sessions {
	return &sessions{ttl: ttl, now: now, m: map[string]*session{}}
}

func (ss *sessions) create() (token string, s *session) {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	now := ss.now()
	for t, s := range ss.m {
		if now.After(s.expires) {
			delete(ss.m, t)
		}
	}
	token = randomToken()
	s = &session{csrf: randomToken(), expires: now.Add(ss.ttl)}
	ss.m[token] = s
	return token, s
}

func (ss *sessions) get(token string) *session {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	s := ss.m[token]
	if s == nil {
		return nil
	}
	if ss.now().After(s.expires) {
		delete(ss.m, token)
		return nil
	}
	return s
}

func (ss *sessions) delete(token string) {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	delete(ss.m, token)
}

func randomToken() string {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // crypto/rand does not fail on supported systems
	}
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// equalSecret compares in constant time, also in length: hashing first
// keeps the comparison from stopping at the first differing byte.
func equalSecret(a, b string) bool {
	ha, hb := sha256.Sum256([]byte(a)), sha256.Sum256([]byte(b))
	return subtle.ConstantTimeCompare(ha[:], hb[:]) == 1
}

// limiter counts failed sign-ins per client address: after max failures
// within window, that address is refused until the oldest one ages out.
type limiter struct {
	mu     sync.Mutex
	max    int
	window time.Duration
	now    func() time.Time
	fails  map[string][]time.Time
}

func newLimiter(max int, window time.Duration, now func() time.Time) *limiter {
	return &limiter{max: max, window: window, now: now, fails: map[string][]time.Time{}}
}

// wait is how long key must wait before trying again; 0 means it may try.
func (l *limiter) wait(key string) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	recent := l.fails[key][:0]
	for _, t := range l.fails[key] {
		if now.Sub(t) < l.window {
			recent = append(recent, t)
		}
	}
	if len(recent) == 0 {
		delete(l.fails, key)
		return 0
	}
	l.fails[key] = recent
	if len(recent) < l.max {
		return 0
	}
	return l.window - now.Sub(recent[0])
}

// maxTracked bounds the addresses remembered; beyond it, addresses whose
// failures have all aged out are forgotten first.
const maxTracked = 10000

func (l *limiter) fail(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if len(l.fails) >= maxTracked {
		for k, ts := range l.fails {
			if now.Sub(ts[len(ts)-1]) >= l.window {
				delete(l.fails, k)
			}
		}
	}
	l.fails[key] = append(l.fails[key], now)
}

func (l *limiter) reset(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.fails, key)
}

// clientKey is the address the limiter counts by. Behind a proxy every
// curator shares the proxy's address, which only makes the limit stricter;
// forwarded headers are not trusted, since anyone can send them.
func clientKey(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// secure says whether cookies get the Secure attribute: on TLS, behind a
// TLS proxy that says so, or when configured. Believing the header is
// safe: at worst it makes a cookie stricter than needed.
func (s *Server) secure(r *http.Request) bool {
	return s.opts.SecureCookie || r.TLS != nil || r.Header.Get("X-Forwarded-Proto") == "https"
}

func (s *Server) cookie(r *http.Request, name, value string, maxAge int) *http.Cookie {
	path := s.opts.Prefix
	if path == "" {
		path = "/"
	}
	return &http.Cookie{
		Name: name, Value: value, Path: path, MaxAge: maxAge,
		HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: s.secure(r),
	}
}

// crossSite: browsers say where a request came from; a form posted from
// another site is refused even before its token is looked at.
func crossSite(r *http.Request) bool {
	return r.Header.Get("Sec-Fetch-Site") == "cross-site"
}

type authedHandler func(w http.ResponseWriter, r *http.Request, sess *session)

// authed serves h only within a session. A page asked for without one
// goes to the sign-in page; a form posted without one, or without the
// session's CSRF token, is refused.
func (s *Server) authed(h authedHandler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var sess *session
		if c, err := r.Cookie(sessionCookie); err == nil {
			sess = s.sessions.get(c.Value)
		}
		if sess == nil {
			if r.Method == http.MethodGet {
				http.Redirect(w, r, s.opts.Prefix+"/login", http.StatusSeeOther)
				return
			}
			s.refuse(w, r, http.StatusUnauthorized, "You are not signed in (or your session has ended). Sign in and try again.")
			return
		}
		if r.Method == http.MethodPost {
			r.Body = http.MaxBytesReader(w, r.Body, maxForm)
			if err := r.ParseForm(); err != nil {
				s.refuse(w, r, http.StatusBadRequest, "The form could not be read: "+err.Error())
				return
			}
			if crossSite(r) || !equalSecret(r.PostFormValue("csrf"), sess.csrf) {
				s.refuse(w, r, http.StatusForbidden, "This form's security token is missing or out of date, so nothing was changed. Reload the page and try again.")
				return
			}
		}
		h(w, r, sess)
	})
}

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) {
	s.renderLogin(w, r, http.StatusOK, "")
}

// renderLogin shows the sign-in form with a fresh login CSRF token.
func (s *Server) renderLogin(w http.ResponseWriter, r *http.Request, status int, msg string) {
	token := randomToken()
	http.SetCookie(w, s.cookie(r, loginCookie, token, 3600))
	s.render(w, r, status, "login", page{Title: "Sign in", CSRF: token, Error: msg})
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		s.renderLogin(w, r, http.StatusBadRequest, "The form could not be read.")
		return
	}
	c, err := r.Cookie(loginCookie)
	if err != nil || crossSite(r) || !equalSecret(r.PostFormValue("csrf"), c.Value) {
		s.renderLogin(w, r, http.StatusForbidden, "This form's security token is missing or out of date. Try again.")
		return
	}
	key := clientKey(r)
	if wait := s.limiter.wait(key); wait > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(int(wait.Seconds())+1))
		s.renderLogin(w, r, http.StatusTooManyRequests, "Too many failed sign-ins. Try again in "+roundUp(wait)+".")
		return
	}
	if !equalSecret(r.PostFormValue("password"), s.opts.Password) {
		s.limiter.fail(key)
		s.log.Warn("console sign-in failed", "client", key)
		s.renderLogin(w, r, http.StatusUnauthorized, "That password is not right.")
		return
	}
	s.limiter.reset(key)
	token, _ := s.sessions.create()
	http.SetCookie(w, s.cookie(r, sessionCookie, token, int(s.opts.SessionTTL.Seconds())))
	http.SetCookie(w, s.cookie(r, loginCookie, "", -1))
	s.log.Info("console sign-in", "client", key)
	http.Redirect(w, r, s.opts.Prefix+"/reports", http.StatusSeeOther)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request, _ *session) {
	if c, err := r.Cookie(sessionCookie); err == nil {
		s.sessions.delete(c.Value)
	}
	http.SetCookie(w, s.cookie(r, sessionCookie, "", -1))
	http.Redirect(w, r, s.opts.Prefix+"/login", http.StatusSeeOther)
}

// roundUp says a wait in whole minutes, as a person reads it.
func roundUp(d time.Duration) string {
	m := int((d + time.Minute - 1) / time.Minute)
	if m <= 1 {
		return "a minute"
	}
	return strconv.Itoa(m) + " minutes"
}
