package slack

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/slack-go/slack/socketmode"
)

// At start an unreachable or failing Slack API is retried with backoff, as
// Telegram's getMe is; a refused token is not.
func TestIdentifyRetriesLikeTelegram(t *testing.T) {
	for _, tc := range []struct {
		name      string
		failFirst int    // answer this many calls with the failure
		failure   string // "503" or "invalid_auth"
		wantErr   bool
		wantCalls int64
		wantSleep []time.Duration
	}{
		{"unavailable, then up", 2, "503", false, 3, []time.Duration{time.Second, 2 * time.Second}},
		{"unavailable throughout", 99, "503", true, identifyAttempts, []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second}},
		{"token refused", 99, "invalid_auth", true, 1, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var calls atomic.Int64
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				n := calls.Add(1)
				switch {
				case n > int64(tc.failFirst):
					fmt.Fprint(w, `{"ok":true,"user_id":"U1","bot_id":"B1"}`)
				case tc.failure == "503":
					w.WriteHeader(http.StatusServiceUnavailable)
				default:
					fmt.Fprintf(w, `{"ok":false,"error":%q}`, tc.failure)
				}
			}))
			defer srv.Close()
			clock := newFakeClock()
			a, err := New(Options{BotToken: "xoxb-t", AppToken: "xapp-t", APIURL: srv.URL + "/", Handler: &echo{}, Clock: clock})
			if err != nil {
				t.Fatal(err)
			}
			err = a.identify(context.Background())
			if (err != nil) != tc.wantErr || calls.Load() != tc.wantCalls || !reflect.DeepEqual(clock.slept(), tc.wantSleep) {
				t.Fatalf("err %v, calls %d, slept %v", err, calls.Load(), clock.slept())
			}
			if err == nil && a.botUserID != "U1" {
				t.Errorf("bot user %q", a.botUserID)
			}
		})
	}
}

// A shutdown closes the Socket Mode connection; that must not be logged as
// a failure the client will retry.
func TestSocketModeShutdownIsNotAConnectionFailure(t *testing.T) {
	var logs bytes.Buffer
	a, err := New(Options{BotToken: "xoxb-t", AppToken: "xapp-t", Handler: &echo{},
		Logger: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelInfo}))})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	a.onSocketEvent(ctx, nil, socketmode.Event{Type: socketmode.EventTypeConnectionError})
	if strings.Contains(logs.String(), "retrying") {
		t.Fatalf("logged on shutdown: %s", logs.String())
	}
	a.onSocketEvent(context.Background(), nil, socketmode.Event{Type: socketmode.EventTypeConnectionError})
	if !strings.Contains(logs.String(), "connection failed; retrying") {
		t.Fatalf("a real failure is not logged: %q", logs.String())
	}
}
