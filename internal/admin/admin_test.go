package admin

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

func get(t *testing.T, h http.Handler, path string) (int, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	return rec.Code, rec.Body.String()
}

// fakeStore stands in for the real store's ping.
type fakeStore struct{ down atomic.Bool }

func (f *fakeStore) Check(ctx context.Context) error {
	if f.down.Load() {
		return errors.New("dial tcp 127.0.0.1:5432: connection refused")
	}
	return nil
}

func TestHealthzIsLiveEvenWhenNotReady(t *testing.T) {
	s := New(Options{})
	s.Register("store", CheckFunc(func(context.Context) error { return errors.New("down") }))
	if code, body := get(t, s.Handler(), "/healthz"); code != 200 || body != "ok\n" {
		t.Fatalf("healthz: %d %q", code, body)
	}
}

func TestReadyzGoesUnreadyWhenStoreUnreachable(t *testing.T) {
	s := New(Options{})
	store := &fakeStore{}
	s.Register("knowledge", CheckFunc(func(context.Context) error { return nil }))
	s.Register("store", store)
	code, body := get(t, s.Handler(), "/readyz")
	if code != 200 || !strings.Contains(body, "[+] store ok") || !strings.HasSuffix(body, "ready\n") {
		t.Fatalf("store up: %d %q", code, body)
	}
	store.down.Store(true)
	code, body = get(t, s.Handler(), "/readyz")
	if code != http.StatusServiceUnavailable || !strings.Contains(body, "[-] store: dial tcp 127.0.0.1:5432: connection refused") || !strings.Contains(body, "[+] knowledge ok") {
		t.Fatalf("store down: %d %q", code, body)
	}
	store.down.Store(false)
	if code, _ := get(t, s.Handler(), "/readyz"); code != 200 {
		t.Fatalf("store back: %d", code)
	}
}

func TestReadyzWithNoChecksIsReady(t *testing.T) {
	if code, _ := get(t, New(Options{}).Handler(), "/readyz"); code != 200 {
		t.Fatalf("got %d", code)
	}
}

func TestHangingOrPanickingCheckMakesUnreadyNotStuck(t *testing.T) {
	s := New(Options{CheckTimeout: 10 * time.Millisecond})
	s.Register("slow", CheckFunc(func(ctx context.Context) error { <-ctx.Done(); select {} }))
	s.Register("buggy", CheckFunc(func(context.Context) error { panic("oops") }))
	code, body := get(t, s.Handler(), "/readyz")
	if code != http.StatusServiceUnavailable || !strings.Contains(body, "slow: check timed out") || !strings.Contains(body, "buggy: check panicked: oops") {
		t.Fatalf("%d %q", code, body)
	}
}

func TestFlag(t *testing.T) {
	f := NewFlag("not connected yet")
	if err := f.Check(context.Background()); err == nil || err.Error() != "not connected yet" {
		t.Fatalf("new flag: %v", err)
	}
	f.Set(nil)
	if err := f.Check(context.Background()); err != nil {
		t.Fatalf("after Set(nil): %v", err)
	}
}

func TestMetricsServesGatherer(t *testing.T) {
	reg := prometheus.NewRegistry()
	c := prometheus.NewCounter(prometheus.CounterOpts{Name: "admin_test_total", Help: "test"})
	reg.MustRegister(c)
	c.Add(3)
	code, body := get(t, New(Options{Gatherer: reg}).Handler(), "/metrics")
	if code != 200 || !strings.Contains(body, "admin_test_total 3") {
		t.Fatalf("%d %q", code, body)
	}
}

func TestServeOnLoopbackAndShutDown(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- New(Options{}).Serve(ctx, ln) }()
	resp, err := http.Get("http://" + ln.Addr().String() + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || string(body) != "ok\n" {
		t.Fatalf("%d %q", resp.StatusCode, body)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("Serve after cancel: %v", err)
	}
}

func TestRunRefusesBadAddress(t *testing.T) {
	if err := New(Options{}).Run(context.Background(), "127.0.0.1:notaport"); err == nil {
		t.Fatal("want an error")
	}
}

func TestMountServesBesideTheEndpoints(t *testing.T) {
	s := New(Options{})
	s.Mount("/console/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "mounted "+r.URL.Path)
	}))
	h := s.Handler()
	for path, want := range map[string]string{"/console/reports": "mounted /console/reports", "/healthz": "ok\n"} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		if rec.Body.String() != want {
			t.Errorf("GET %s: %q, want %q", path, rec.Body.String(), want)
		}
	}
}
