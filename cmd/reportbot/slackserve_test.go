package main

import (
	"bufio"
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// slackServe is a real `reportbot serve` process in Slack HTTP mode, as
// the end-to-end tests drive it: its events endpoint, its log, and its
// exit.
type slackServe struct {
	cmd      *exec.Cmd
	endpoint string
	secret   string
	exited   chan error
	mu       sync.Mutex
	logs     bytes.Buffer
}

// startSlackServe runs `bin serve --config cfg` in dir with the Slack
// secrets in its environment, and waits until it listens for events.
func startSlackServe(t *testing.T, bin, dir, cfg, botToken, secret string) *slackServe {
	t.Helper()
	s := &slackServe{secret: secret, exited: make(chan error, 1)}
	s.cmd = exec.Command(bin, "serve", "--config", cfg)
	s.cmd.Dir = dir // the default SQLite state file goes here, not into the source tree
	s.cmd.Env = append(os.Environ(), "SLACK_BOT_TOKEN="+botToken, "SLACK_SIGNING_SECRET="+secret, "SLACK_APP_TOKEN=")
	stderr, err := s.cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			s.mu.Lock()
			s.logs.Write(append(sc.Bytes(), '\n'))
			s.mu.Unlock()
			var line struct{ Msg, Addr string }
			if json.Unmarshal(sc.Bytes(), &line) == nil && line.Msg == "slack events endpoint listening" {
				addr <- line.Addr
			}
		}
		s.exited <- s.cmd.Wait()
	}()
	t.Cleanup(func() { _ = s.cmd.Process.Kill() })
	select {
	case a := <-addr:
		s.endpoint = "http://" + a + "/slack/events"
	case err := <-s.exited:
		t.Fatalf("serve exited early: %v\n%s", err, s.log())
	case <-time.After(30 * time.Second):
		t.Fatalf("serve never listened\n%s", s.log())
	}
	return s
}

// log is everything serve has written to stderr so far.
func (s *slackServe) log() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.logs.String()
}

// deliver posts an Events API body signed as Slack signs it, with any
// extra headers (a retry's), and fails unless it is acknowledged.
func (s *slackServe) deliver(t *testing.T, body string, header map[string]string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, s.endpoint, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	stamp := strconv.FormatInt(time.Now().Unix(), 10)
	mac := hmac.New(sha256.New, []byte(s.secret))
	fmt.Fprintf(mac, "v0:%s:%s", stamp, body)
	req.Header.Set("X-Slack-Request-Timestamp", stamp)
	req.Header.Set("X-Slack-Signature", "v0="+hex.EncodeToString(mac.Sum(nil)))
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("delivery %.80s: status %d", body, resp.StatusCode)
	}
}

// stop sends SIGINT and fails unless serve exits cleanly and its log
// holds none of secrets.
func (s *slackServe) stop(t *testing.T, secrets ...string) {
	t.Helper()
	if err := s.cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-s.exited:
		if err != nil {
			t.Fatalf("serve did not shut down cleanly: %v\n%s", err, s.log())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop on SIGINT")
	}
	for _, sec := range secrets {
		if strings.Contains(s.log(), sec) {
			t.Fatalf("a secret appeared in the log:\n%s", s.log())
		}
	}
}
