package curator_test

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/reportbot/reportbot/bot"
	"github.com/reportbot/reportbot/internal/curator"
	"github.com/reportbot/reportbot/knowledge"
)

const password = "correct horse battery staple"

// initialCuration has a comment a curator wrote: fixes made through the
// console must keep it.
const initialCuration = "# kept by the desk; ask before removing entries\nsynonyms:\n  boss: chair\n"

// fixedQuestions is a Questions source with set rows.
type fixedQuestions []curator.QuestionRow

func (f fixedQuestions) Questions(_ context.Context, since time.Time) ([]curator.QuestionRow, error) {
	var out []curator.QuestionRow
	for _, r := range f {
		if !r.Last.Before(since) {
			out = append(out, r)
		}
	}
	return out, nil
}

type fixture struct {
	t        *testing.T
	srv      *httptest.Server
	curation string
	live     *knowledge.Live
	reloads  atomic.Int32
}

var now = time.Date(2025, 3, 10, 9, 0, 0, 0, time.UTC)

// questionRows: a declined question asked most, one with markup in it,
// one voted down (as the votes source will give them).
var questionRows = fixedQuestions{
	{Text: "when do the river walls open?", Kind: curator.Declined, Count: 2, Chats: 1, Last: now.Add(-72 * time.Hour)},
	{Text: "who was the boss at the hearing?", Kind: curator.Declined, Count: 5, Chats: 3, Last: now.Add(-2 * time.Hour)},
	{Text: `is <b>this</b> <script>alert(1)</script> escaped?`, Kind: curator.VotedDown, Count: 1, Chats: 1, Last: now.Add(-40 * 24 * time.Hour), Reply: "I can't find that <i>here</i>."},
}

func newFixture(t *testing.T, tweak ...func(*curator.Options)) *fixture {
	t.Helper()
	f := &fixture{t: t, curation: filepath.Join(t.TempDir(), "curation.yaml")}
	if err := os.WriteFile(f.curation, []byte(initialCuration), 0o640); err != nil {
		t.Fatal(err)
	}
	open := func() (*knowledge.KB, error) {
		return knowledge.Open(knowledge.OpenOptions{Reports: []string{"testdata"}, Curation: f.curation})
	}
	kb, err := open()
	if err != nil {
		t.Fatal(err)
	}
	f.live = knowledge.NewLive(kb)
	opts := curator.Options{
		Password:     password,
		Knowledge:    f.live,
		Asker:        curator.BotAsker{Bot: bot.New(f.live, bot.Options{MinConfidence: 0.35})},
		Questions:    questionRows,
		CurationPath: f.curation,
		Reloader: curator.ReloadFunc(func(context.Context) error {
			kb, err := open()
			if err != nil {
				return err
			}
			f.live.Swap(kb)
			f.reloads.Add(1)
			return nil
		}),
		Now: func() time.Time { return now },
	}
	for _, tw := range tweak {
		tw(&opts)
	}
	s, err := curator.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	f.srv = httptest.NewServer(s.Handler())
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fixture) url(path string) string { return f.srv.URL + path }

func (f *fixture) readCuration() string {
	f.t.Helper()
	data, err := os.ReadFile(f.curation)
	if err != nil {
		f.t.Fatal(err)
	}
	return string(data)
}

// client is a browser-like HTTP client: a cookie jar, no redirects
// followed, so tests see each response.
func (f *fixture) client() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// get returns the status and body of a GET.
func get(t *testing.T, c *http.Client, u string) (int, string) {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

func post(t *testing.T, c *http.Client, u string, form url.Values) (*http.Response, string) {
	t.Helper()
	resp, err := c.PostForm(u, form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, string(body)
}

// csrf is the token in a page's forms.
func csrf(t *testing.T, body string) string {
	t.Helper()
	m := csrfField.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no CSRF token in the page:\n%s", body)
	}
	return m[1]
}

// signIn signs c in and returns the session's CSRF token.
func (f *fixture) signIn(c *http.Client) string {
	f.t.Helper()
	_, body := get(f.t, c, f.url("/login"))
	resp, _ := post(f.t, c, f.url("/login"), url.Values{"csrf": {csrf(f.t, body)}, "password": {password}})
	if resp.StatusCode != http.StatusSeeOther {
		f.t.Fatalf("sign-in: status %d", resp.StatusCode)
	}
	_, body = get(f.t, c, f.url("/reports"))
	return csrf(f.t, body)
}

func contains(t *testing.T, what, body string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(body, w) {
			t.Errorf("%s lacks %q", what, w)
		}
	}
}
