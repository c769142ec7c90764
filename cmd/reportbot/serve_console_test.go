package main

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/reportbot/reportbot/internal/config"
	"github.com/reportbot/reportbot/knowledge"
)

func TestConsoleIsOffWithoutAPasswordAndMountedOnAdminWithOne(t *testing.T) {
	kb, err := knowledge.Open(knowledge.OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name     string
		password string
		want     int // GET /console/login on the admin listener
	}{
		{"no password", "", http.StatusNotFound},
		{"a password", "a-long-console-password", http.StatusOK},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := config.Default()
			cfg.Admin.Listen = "127.0.0.1:0"
			cfg.Console.Password = tc.password
			d := newServeDeps(cfg, slog.New(slog.DiscardHandler), kb, testStore(t))
			r, err := consoleRunner(d)
			if err != nil || r != nil {
				t.Fatalf("consoleRunner: %v, %v; want no runner of its own and no error", r, err)
			}
			srv := httptest.NewServer(d.health.Handler())
			defer srv.Close()
			if code, _ := fetch(t, srv.URL+"/console/login"); code != tc.want {
				t.Errorf("GET /console/login: %d, want %d", code, tc.want)
			}
			if code, _ := fetch(t, srv.URL+"/healthz"); code != http.StatusOK {
				t.Errorf("/healthz: %d", code)
			}
		})
	}
}

func TestConsoleOnItsOwnListener(t *testing.T) {
	kb, err := knowledge.Open(knowledge.OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	cfg := config.Default()
	cfg.Console.Password = "a-long-console-password"
	cfg.Console.Listen = "127.0.0.1:0"
	d := newServeDeps(cfg, slog.New(slog.DiscardHandler), kb, testStore(t))
	r, err := consoleRunner(d)
	if err != nil || r == nil || r.name != "console" {
		t.Fatalf("consoleRunner: %v, %v; want the console runner", r, err)
	}
}
