package slack

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/reportbot/reportbot/bot/markup"
	"github.com/reportbot/reportbot/internal/metrics"
)

func TestPacerSpacesPostsPerChannel(t *testing.T) {
	ctx := context.Background()
	c := newFakeClock()
	p := newPacer(c, time.Second)
	for _, ch := range []string{"C1", "C2", "C1", "C1", "C2"} {
		if err := p.wait(ctx, ch); err != nil {
			t.Fatal(err)
		}
	}
	// C1 and C2 start at once; C1's 2nd and 3rd posts wait a second each,
	// by which time C2's slot has come.
	if got, want := c.slept(), []time.Duration{time.Second, time.Second}; !slices.Equal(got, want) {
		t.Fatalf("slept %v; want %v", got, want)
	}
	c.Advance(10 * time.Second)
	if err := p.wait(ctx, "C1"); err != nil || len(c.slept()) != 2 {
		t.Fatalf("an idle channel must post at once (slept %v)", c.slept())
	}
	p.hold(5 * time.Second)
	if err := p.wait(ctx, "C3"); err != nil {
		t.Fatal(err)
	}
	if got := c.slept(); got[len(got)-1] != 5*time.Second {
		t.Fatalf("after a hold slept %v; want 5s", got)
	}
}

func newPostRig(t *testing.T, mod func(*Options)) (*Adapter, *fakeAPI, *fakeClock) {
	t.Helper()
	api := newFakeAPI(t)
	clock := newFakeClock()
	opt := Options{BotToken: "xoxb-test", AppToken: "xapp-test", APIURL: api.URL, Handler: &echo{}, Clock: clock}
	if mod != nil {
		mod(&opt)
	}
	a, err := New(opt)
	if err != nil {
		t.Fatal(err)
	}
	return a, api, clock
}

func TestPostHonoursRetryAfter(t *testing.T) {
	a, api, clock := newPostRig(t, nil)
	api.rateLimit = 2
	before := counter(t, metrics.RateLimited)
	var d markup.Doc
	d.Para(markup.T("daily digest"))
	if err := a.Post(context.Background(), "C9", d); err != nil {
		t.Fatal(err)
	}
	p := api.next(t)
	if p.Channel != "C9" || p.ThreadTS != "" || p.Text != "daily digest" {
		t.Fatalf("posted %+v; want a top-level digest in C9", p)
	}
	if n := api.callCount("chat.postMessage"); n != 3 {
		t.Fatalf("%d calls; want two 429s then success", n)
	}
	if got, want := clock.slept(), []time.Duration{7 * time.Second, 7 * time.Second}; !slices.Equal(got, want) {
		t.Fatalf("slept %v; want the Retry-After of 7s twice", got)
	}
	if n := counter(t, metrics.RateLimited) - before; n != 2 {
		t.Fatalf("counted %v 429s; want 2", n)
	}
}

func TestPostGivesUpAfterRepeated429s(t *testing.T) {
	a, api, _ := newPostRig(t, nil)
	api.rateLimit = 100
	var d markup.Doc
	d.Para(markup.T("x"))
	if err := a.Post(context.Background(), "C9", d); err == nil {
		t.Fatal("want an error when Slack keeps answering 429")
	}
	if n := api.callCount("chat.postMessage"); n != maxAttempts {
		t.Fatalf("%d attempts; want %d", n, maxAttempts)
	}
}

func TestIsChatAdmin(t *testing.T) {
	ctx := context.Background()
	a, api, _ := newPostRig(t, nil)
	api.users["UADM"] = `{"id":"UADM","name":"adm","is_admin":true}`
	api.users["UOWN"] = `{"id":"UOWN","name":"own","is_owner":true}`
	for _, c := range []struct {
		chat, user string
		want       bool
	}{
		{"C1", "UADM", true}, {"C1", "UOWN", true}, {"C1", "UPLAIN", false},
		{"D1", "U_DM_OWNER", true}, // everyone manages their own DM with the bot
		{"D1", "UPLAIN", false}, {"C1", "UADM", true}, {"C1", "", false},
	} {
		got, err := a.IsChatAdmin(ctx, c.chat, c.user)
		if err != nil || got != c.want {
			t.Fatalf("IsChatAdmin(%s, %s) = %v, %v; want %v", c.chat, c.user, got, err, c.want)
		}
	}
	if n := api.callCount("users.info"); n != 3 {
		t.Fatalf("users.info called %d times for 3 users; want cached lookups", n)
	}
	if n := api.callCount("conversations.info"); n != 1 {
		t.Fatalf("conversations.info called %d times for one channel", n)
	}

	b, api2, _ := newPostRig(t, func(o *Options) { o.Admins = []string{"UCFG"} })
	api2.users["UADM"] = `{"id":"UADM","is_admin":true}`
	for user, want := range map[string]bool{"UCFG": true, "UADM": false} {
		if got, err := b.IsChatAdmin(ctx, "C1", user); err != nil || got != want {
			t.Fatalf("configured admins: %s = %v, %v; want %v", user, got, err, want)
		}
	}
	if n := api2.callCount("users.info"); n != 0 {
		t.Fatalf("a configured admin list needs no users.info, made %d calls", n)
	}
}

func TestNewRejectsIncompleteConfig(t *testing.T) {
	for name, o := range map[string]Options{
		"no bot token":        {AppToken: "xapp-1", Handler: &echo{}},
		"socket without app":  {BotToken: "xoxb-1", Handler: &echo{}},
		"http without secret": {BotToken: "xoxb-1", Mode: ModeHTTP, Listen: ":0", Handler: &echo{}},
		"unknown mode":        {BotToken: "xoxb-1", Mode: "rtm", Handler: &echo{}},
	} {
		if _, err := New(o); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	_, err := New(Options{BotToken: "xoxb-secret-value", Mode: ModeHTTP, SigningSecret: "", Listen: ":0", Handler: &echo{}})
	if err == nil || strings.Contains(err.Error(), "xoxb-secret-value") {
		t.Fatalf("error %v must not repeat the token", err)
	}
}

// A digest's send has a deadline (half its lease). A Retry-After longer
// than that comes back as an error carrying the wait, for the scheduler to
// store, instead of being waited out here until the deadline.
func TestPostReturnsALongRetryAfterToTheCaller(t *testing.T) {
	a, api, _ := newPostRig(t, nil)
	api.rateLimit = 100
	var d markup.Doc
	d.Para(markup.T("x"))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := a.Post(ctx, "C9", d)
	var ra interface{ RetryAfter() time.Duration }
	if !errors.As(err, &ra) || ra.RetryAfter() != 7*time.Second {
		t.Fatalf("Post: %v; want an error with RetryAfter 7s", err)
	}
	if n := api.callCount("chat.postMessage"); n != 1 {
		t.Fatalf("%d attempts; the wait belongs to the caller", n)
	}
	// Repeated 429s without a deadline end with the wait too.
	err = a.Post(context.Background(), "C9", d)
	if !errors.As(err, &ra) || ra.RetryAfter() != 7*time.Second {
		t.Fatalf("after %d attempts: %v", maxAttempts, err)
	}
}
