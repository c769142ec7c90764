package logging

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"testing"
)

const (
	token   = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"
	signing = "8f742231b10e8888abcd99yyyzzz85a5"
	dbpw    = "p@ss/word"
)

type creds struct{ User, Token string }

func logEverything(log *slog.Logger) {
	log.Info("posting to https://api.telegram.org/bot" + token + "/sendMessage")
	log.Error("request failed", "err", fmt.Errorf("Post %q: dial tcp: refused", "https://api.telegram.org/bot"+token+"/getUpdates"))
	log.Warn("signature", "secret", signing, "header", slog.GroupValue(slog.String("x-sig", "v0="+signing)))
	log.With("dsn", "postgres://bot:"+url.QueryEscape(dbpw)+"@db/rb").Info("connecting")
	log.WithGroup("store").Info("ping", "err", errors.New("auth failed for password "+dbpw))
	log.Info("config", "creds", creds{User: "bot", Token: token}, "u", &url.URL{Scheme: "https", Host: "x", Path: "/bot" + token})
	log.Debug("message", "text", "the token is "+token)
}

func TestRedactScrubsSecretsEverywhere(t *testing.T) {
	for _, format := range []string{"text", "json"} {
		t.Run(format, func(t *testing.T) {
			var buf bytes.Buffer
			logEverything(New(&buf, Options{Level: "debug", Format: format, Secrets: []string{token, signing, dbpw}}))
			out := buf.String()
			for _, s := range []string{token, signing, dbpw, url.QueryEscape(dbpw), "AAHdqTcv"} {
				if strings.Contains(out, s) {
					t.Errorf("%s output contains secret %q:\n%s", format, s, out)
				}
			}
			if n := strings.Count(out, Redacted); n < 9 {
				t.Errorf("want at least 9 redactions, got %d:\n%s", n, out)
			}
			// What is not secret stays readable.
			for _, keep := range []string{"request failed", "dial tcp: refused", "sendMessage", "connecting", "postgres://bot:", "store"} {
				if !strings.Contains(out, keep) {
					t.Errorf("%s output lost %q:\n%s", format, keep, out)
				}
			}
		})
	}
}

func TestJSONStaysValidAndShapesKept(t *testing.T) {
	var buf bytes.Buffer
	log := New(&buf, Options{Format: "json", Secrets: []string{token}})
	log.Info("numbers", "n", 3, "list", []string{"a", "b"}, "tok", token)
	var rec map[string]any
	if err := json.Unmarshal(buf.Bytes(), &rec); err != nil {
		t.Fatalf("not JSON: %v: %s", err, buf.String())
	}
	if rec["n"] != float64(3) || fmt.Sprint(rec["list"]) != "[a b]" || rec["tok"] != Redacted {
		t.Fatalf("record %v", rec)
	}
}

func TestLevelFiltersDebug(t *testing.T) {
	var buf bytes.Buffer
	log := New(&buf, Options{Level: "info"})
	log.Debug("message", "text", "private words")
	log.Info("hello")
	if strings.Contains(buf.String(), "private words") || !strings.Contains(buf.String(), "hello") {
		t.Fatalf("got %q", buf.String())
	}
}

func TestRedactWithoutSecretsIsTheSameHandler(t *testing.T) {
	h := slog.NewTextHandler(&bytes.Buffer{}, nil)
	if Redact(h, []string{"", ""}) != slog.Handler(h) {
		t.Fatal("no secrets should mean no wrapper")
	}
}

func TestParseLevel(t *testing.T) {
	for in, want := range map[string]slog.Level{"debug": slog.LevelDebug, "INFO": slog.LevelInfo, "warn": slog.LevelWarn, "error": slog.LevelError, "": slog.LevelInfo} {
		if got := ParseLevel(in); got != want {
			t.Errorf("ParseLevel(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestScrubberLearnsSecretsAndScrubsWrites(t *testing.T) {
	s := NewScrubber("", "early-secret")
	var buf strings.Builder
	w := s.Writer(&buf)
	s.Add("late/secret value")
	fmt.Fprintln(w, "a early-secret b late%2Fsecret+value c late/secret value d")
	want := "a [REDACTED] b [REDACTED] c [REDACTED] d\n"
	if buf.String() != want {
		t.Errorf("got %q, want %q", buf.String(), want)
	}
	if got := NewScrubber().String("nothing to hide"); got != "nothing to hide" {
		t.Errorf("empty scrubber changed text: %q", got)
	}
}
