package curator_test

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/reportbot/reportbot/internal/curator"
)

func TestNoPasswordNoConsole(t *testing.T) {
	_, err := curator.New(curator.Options{})
	if !errors.Is(err, curator.ErrNoPassword) {
		t.Fatalf("New without a password: %v, want ErrNoPassword", err)
	}
}

func TestNoPageWithoutASession(t *testing.T) {
	f := newFixture(t)
	c := f.client()
	for _, path := range []string{"/", "/reports", "/reports/flood-hearing", "/questions", "/try", "/curation"} {
		resp, err := c.Get(f.url(path))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/login" {
			t.Errorf("GET %s without a session: %d to %q, want 303 to /login", path, resp.StatusCode, resp.Header.Get("Location"))
		}
	}
	// A form posted without a session changes nothing, even with a token
	// that looks right.
	for _, path := range []string{"/curate/role", "/curation", "/try", "/logout"} {
		resp, _ := post(t, c, f.url(path), url.Values{"csrf": {"x"}, "name": {"Maria Ortiz"}, "role": {"Mayor"}, "text": {"roles: {A: B}\n"}})
		if resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("POST %s without a session: %d, want 401", path, resp.StatusCode)
		}
	}
	if got := f.readCuration(); got != initialCuration {
		t.Errorf("the curation file changed without a session:\n%s", got)
	}
	// A forged session cookie is no session.
	forged := f.client()
	u, _ := url.Parse(f.srv.URL)
	forged.Jar.SetCookies(u, []*http.Cookie{{Name: "reportbot_console", Value: "forged"}})
	if code, _ := get(t, forged, f.url("/reports")); code != http.StatusSeeOther {
		t.Errorf("forged session cookie: status %d, want 303", code)
	}
}

func TestFormsWithoutTheirCSRFTokenAreRefused(t *testing.T) {
	f := newFixture(t)
	c := f.client()
	token := f.signIn(c)
	for _, tc := range []struct {
		name string
		csrf []string
	}{{"no token", nil}, {"wrong token", []string{"not-the-token"}}, {"empty token", []string{""}}} {
		for _, path := range []string{"/curate/role", "/curate/ignore", "/curation", "/try", "/logout"} {
			form := url.Values{"name": {"Maria Ortiz"}, "role": {"Mayor"}, "question": {"q"}, "text": {"roles: {A: B}\n"}, "q": {"who presided?"}}
			if tc.csrf != nil {
				form["csrf"] = tc.csrf
			}
			resp, body := post(t, c, f.url(path), form)
			if resp.StatusCode != http.StatusForbidden {
				t.Errorf("%s: POST %s: %d, want 403", tc.name, path, resp.StatusCode)
			}
			contains(t, path+" refusal", body, "security token")
		}
	}
	if got := f.readCuration(); got != initialCuration {
		t.Errorf("the curation file changed without a CSRF token:\n%s", got)
	}
	// Still signed in, and the right token works.
	resp, _ := post(t, c, f.url("/curate/role"), url.Values{"csrf": {token}, "name": {"Maria Ortiz"}, "role": {"Mayor of Lakeside"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("with the token: status %d", resp.StatusCode)
	}
	// A form posted from another site is refused even with the token.
	req, _ := http.NewRequest("POST", f.url("/curate/role"), strings.NewReader(url.Values{"csrf": {token}, "name": {"X"}, "role": {"Y"}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	r2, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	r2.Body.Close()
	if r2.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site POST: %d, want 403", r2.StatusCode)
	}
}

func TestSignInFormNeedsItsToken(t *testing.T) {
	f := newFixture(t)
	c := f.client()
	resp, _ := post(t, c, f.url("/login"), url.Values{"password": {password}})
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("sign-in without the form's token: %d, want 403", resp.StatusCode)
	}
	if code, _ := get(t, c, f.url("/reports")); code != http.StatusSeeOther {
		t.Errorf("signed in without a token: status %d", code)
	}
}

func TestSessionCookieAttributes(t *testing.T) {
	f := newFixture(t)
	for _, tc := range []struct {
		name   string
		proto  string
		secure bool
	}{{"plain HTTP", "", false}, {"behind a TLS proxy", "https", true}} {
		t.Run(tc.name, func(t *testing.T) {
			c := f.client()
			_, body := get(t, c, f.url("/login"))
			req, _ := http.NewRequest("POST", f.url("/login"), strings.NewReader(url.Values{"csrf": {csrf(t, body)}, "password": {password}}.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			if tc.proto != "" {
				req.Header.Set("X-Forwarded-Proto", tc.proto)
			}
			resp, err := c.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			var sess *http.Cookie
			for _, ck := range resp.Cookies() {
				if ck.Name == "reportbot_console" {
					sess = ck
				}
			}
			if sess == nil {
				t.Fatal("no session cookie set")
			}
			if !sess.HttpOnly || sess.SameSite != http.SameSiteStrictMode || sess.Secure != tc.secure {
				t.Errorf("cookie HttpOnly=%v SameSite=%v Secure=%v, want true, Strict, %v", sess.HttpOnly, sess.SameSite, sess.Secure, tc.secure)
			}
		})
	}
}

func TestSignInAttemptsAreLimited(t *testing.T) {
	clock := now
	f := newFixture(t, func(o *curator.Options) {
		o.LoginAttempts = 3
		o.LoginWindow = 10 * time.Minute
		o.Now = func() time.Time { return clock }
	})
	c := f.client()
	try := func(pw string) int {
		_, body := get(t, c, f.url("/login"))
		resp, _ := post(t, c, f.url("/login"), url.Values{"csrf": {csrf(t, body)}, "password": {pw}})
		return resp.StatusCode
	}
	for i := range 3 {
		if code := try("wrong guess"); code != http.StatusUnauthorized {
			t.Fatalf("wrong password %d: status %d, want 401", i+1, code)
		}
	}
	// Locked out now, even with the right password.
	if code := try(password); code != http.StatusTooManyRequests {
		t.Fatalf("after 3 failures: status %d, want 429", code)
	}
	// Once the window has passed, the right password works again.
	clock = clock.Add(10*time.Minute + time.Second)
	if code := try(password); code != http.StatusSeeOther {
		t.Fatalf("after the window: status %d, want 303", code)
	}
}

func TestReportTextAndQuestionsAreEscaped(t *testing.T) {
	f := newFixture(t)
	c := f.client()
	f.signIn(c)
	for _, path := range []string{"/reports/flood-hearing", "/questions"} {
		_, body := get(t, c, f.url(path))
		if strings.Contains(body, "<script>") || strings.Contains(body, "<b>this</b>") || strings.Contains(body, "<i>here</i>") {
			t.Errorf("%s puts markup from a report or a question into the page", path)
		}
		if !strings.Contains(body, "&lt;script&gt;") {
			t.Errorf("%s does not show the markup as text", path)
		}
	}
}

func TestSecurityHeaders(t *testing.T) {
	f := newFixture(t)
	resp, err := f.client().Get(f.url("/login"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") || !strings.Contains(csp, "frame-ancestors 'none'") {
		t.Errorf("Content-Security-Policy %q", csp)
	}
	if resp.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("pages with tokens must not be cached")
	}
}

func TestUnderAPrefix(t *testing.T) {
	f := newFixture(t, func(o *curator.Options) { o.Prefix = "/console/" })
	c := f.client()
	resp, err := c.Get(f.url("/console/reports"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if loc := resp.Header.Get("Location"); loc != "/console/login" {
		t.Fatalf("without a session: to %q, want /console/login", loc)
	}
	_, body := get(t, c, f.url("/console/login"))
	contains(t, "sign-in page", body, `action="/console/login"`, `href="/console/static/style.css"`)
	resp, _ = post(t, c, f.url("/console/login"), url.Values{"csrf": {csrf(t, body)}, "password": {password}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/console/reports" {
		t.Fatalf("sign-in: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	for _, ck := range resp.Cookies() {
		if ck.Name == "reportbot_console" && ck.Path != "/console" {
			t.Errorf("session cookie path %q, want /console", ck.Path)
		}
	}
	code, body := get(t, c, f.url("/console/reports"))
	if code != http.StatusOK {
		t.Fatalf("reports: %d", code)
	}
	contains(t, "reports page", body, `href="/console/reports/flood-hearing"`, `action="/console/logout"`)
	if code, _ := get(t, c, f.url("/console/static/style.css")); code != http.StatusOK {
		t.Errorf("stylesheet: %d", code)
	}
}

func TestUnknownReportIsNotFound(t *testing.T) {
	f := newFixture(t)
	c := f.client()
	f.signIn(c)
	code, body := get(t, c, f.url("/reports/no-such-report"))
	if code != http.StatusNotFound {
		t.Errorf("status %d, want 404", code)
	}
	contains(t, "not-found page", body, "No report has that name")
}
