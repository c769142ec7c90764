// Package e2e runs a real `reportbot serve` against the telegram-test-api
// emulator, in long-polling and in webhook mode. Install the emulator with
// `npm ci` in this folder (scripts/test.sh does). Under CI=true a missing
// Node.js or emulator fails the test; elsewhere it skips.
package e2e

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/reportbot/reportbot/internal/store/postgres/pgtest"
)

// hangGuard only stops a broken run from hanging; nothing is timed.
const hangGuard = 60 * time.Second

func TestServeAnswersThroughTheEmulator(t *testing.T) {
	node := need(t, "node")
	if _, err := os.Stat(filepath.Join("node_modules", "telegram-test-api", "package.json")); err != nil {
		unavailable(t, "telegram-test-api is not installed (run `npm ci` in tests/telegram)")
	}
	bin := buildReportbot(t)

	// Both stores: the SQLite file by default, and PostgreSQL (a fresh
	// schema) as replicas run it.
	stores := map[string]func(t *testing.T) string{
		"sqlite": func(t *testing.T) string { return "" },
		"postgres": func(t *testing.T) string {
			dsn := pgtest.DSN(t)
			sep := "?"
			if strings.Contains(dsn, "?") {
				sep = "&"
			}
			schema := pgtest.Schema(t, dsn)
			st := pgtest.OpenIn(t, dsn, schema) // creates the schema; serve migrates it again, a no-op
			t.Cleanup(func() {
				// serve's dedupe recorded the updates here, not in a file.
				var n int
				if err := st.SQL().QueryRow(`SELECT COUNT(*) FROM processed`).Scan(&n); err != nil || n == 0 {
					t.Errorf("serve did not use the PostgreSQL store: %d processed rows, %v", n, err)
				}
			})
			return fmt.Sprintf("store:\n  driver: postgres\n  dsn: %q\n", dsn+sep+"search_path="+schema)
		},
	}
	for _, storeName := range []string{"sqlite", "postgres"} {
		for _, mode := range []string{"polling", "webhook"} {
			t.Run(storeName+"/"+mode, func(t *testing.T) {
				serveOnce(t, node, bin, mode, stores[storeName](t))
			})
		}
	}
}

func serveOnce(t *testing.T, node, bin, mode, storeCfg string) {
	emu := startEmulator(t, node)
	token := "4242:e2e-" + randomHex(12)
	// The documented base-URL form in one mode, the pattern in the other.
	endpoint := "http://" + emu
	if mode == "webhook" {
		endpoint += "/bot%s/%s"
	}
	cfg := fmt.Sprintf(`telegram:
  enabled: true
  api_endpoint: %q
  mode: %s
  poll_timeout: 1s
  workers: 2
`, endpoint, mode)
	env := []string{"TELEGRAM_BOT_TOKEN=" + token}
	if mode == "webhook" {
		hook := freeAddr(t)
		cfg += fmt.Sprintf("  webhook:\n    listen: %q\n    public_url: \"http://%s/telegram/hook\"\n", hook, hook)
		env = append(env, "TELEGRAM_WEBHOOK_SECRET=e2e-"+randomHex(8))
	}
	cfg += "log:\n  level: debug\n" + storeCfg
	cfgPath := filepath.Join(t.TempDir(), "config.yaml")
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	srv := startServe(t, bin, cfgPath, env)
	if mode == "webhook" {
		srv.waitLog(t, "telegram webhook listening")
	} else {
		srv.waitLog(t, "telegram connected")
	}

	const chat = 515
	sendUserMessage(t, emu, token, chat, "/help")
	help := waitBotMessages(t, emu, token, chat, 1)[0]
	if !strings.Contains(help.Text, "/speakers") || !strings.Contains(help.Text, "/who") {
		t.Errorf("/help reply does not list the commands:\n%s", help.Text)
	}
	if help.ParseMode != "HTML" || help.ReplyTo == "" {
		t.Errorf("reply is not an HTML reply to the question: parse_mode %q, reply_to_message_id %q", help.ParseMode, help.ReplyTo)
	}
	sendUserMessage(t, emu, token, chat, "who presided over the meeting?")
	if q := waitBotMessages(t, emu, token, chat, 1)[0]; q.Text == "" || q.ReplyTo == "" || q.ReplyTo == help.ReplyTo {
		t.Errorf("question's reply: %+v", q)
	}

	logs := srv.stop(t)
	if testing.Verbose() {
		t.Logf("reportbot serve output:\n%s", logs)
	}
	if strings.Contains(logs, token) {
		t.Errorf("the token appears in the logs:\n%s", logs)
	}
	if mode == "polling" && !strings.Contains(logs, "update offset confirmed") {
		t.Errorf("shutdown did not confirm the update offset:\n%s", logs)
	}
}

// unavailable skips, or fails under CI where the emulator must run.
func unavailable(t *testing.T, why string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("CI=true: %s", why)
	}
	t.Skip(why)
}

func need(t *testing.T, prog string) string {
	t.Helper()
	p, err := exec.LookPath(prog)
	if err != nil {
		unavailable(t, prog+" is not installed")
	}
	return p
}

func buildReportbot(t *testing.T) string {
	t.Helper()
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("go is not on PATH: %v", err)
	}
	bin := filepath.Join(t.TempDir(), "reportbot")
	cmd := exec.Command(gobin, "build", "-o", bin, "./cmd/reportbot")
	cmd.Dir = filepath.Join("..", "..")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// startEmulator runs emulator.js and returns its host:port.
func startEmulator(t *testing.T, node string) string {
	t.Helper()
	addr := freeAddr(t)
	_, port, _ := net.SplitHostPort(addr)
	cmd := exec.Command(node, "emulator.js", port)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Signal(os.Interrupt)
		_ = cmd.Wait()
		if t.Failed() {
			t.Logf("emulator stderr:\n%s", stderr.String())
		}
	})
	ready := make(chan bool, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if strings.HasPrefix(sc.Text(), "listening") {
				ready <- true
			}
		}
		ready <- false
	}()
	select {
	case ok := <-ready:
		if !ok {
			unavailable(t, "the emulator did not start: "+stderr.String())
		}
	case <-time.After(hangGuard):
		t.Fatal("the emulator did not start")
	}
	return addr
}

type serveProc struct {
	cmd  *exec.Cmd
	mu   sync.Mutex
	logs bytes.Buffer
	done chan error
}

func (s *serveProc) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.logs.Write(p)
}

func (s *serveProc) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.logs.String()
}

func startServe(t *testing.T, bin, cfg string, env []string) *serveProc {
	t.Helper()
	s := &serveProc{done: make(chan error, 1)}
	s.cmd = exec.Command(bin, "serve", "--config", cfg)
	s.cmd.Dir = t.TempDir() // the default SQLite state file goes here
	s.cmd.Env = append(os.Environ(), env...)
	s.cmd.Stdout, s.cmd.Stderr = s, s
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { s.done <- s.cmd.Wait() }()
	t.Cleanup(func() {
		if s.cmd.ProcessState == nil {
			_ = s.cmd.Process.Kill()
			<-s.done
		}
		if t.Failed() {
			t.Logf("reportbot serve output:\n%s", s.String())
		}
	})
	return s
}

// waitLog waits until serve has logged want, failing if it exits first.
func (s *serveProc) waitLog(t *testing.T, want string) {
	t.Helper()
	deadline := time.Now().Add(hangGuard)
	for !strings.Contains(s.String(), want) {
		select {
		case err := <-s.done:
			s.done <- err
			t.Fatalf("reportbot serve exited (%v) before logging %q", err, want)
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("reportbot serve never logged %q", want)
		}
	}
}

// stop sends SIGINT as an operator would and expects a clean exit.
func (s *serveProc) stop(t *testing.T) string {
	t.Helper()
	if err := s.cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-s.done:
		if err != nil {
			t.Errorf("reportbot serve exited with %v", err)
		}
	case <-time.After(hangGuard):
		t.Fatal("reportbot serve did not stop on SIGINT")
	}
	return s.String()
}

func postJSON(t *testing.T, url string, body any, out any) {
	t.Helper()
	b, _ := json.Marshal(body)
	ctx, cancel := context.WithTimeout(context.Background(), hangGuard)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("POST %s: %s %s", url, resp.Status, data)
	}
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			t.Fatalf("POST %s: %v in %s", url, err, data)
		}
	}
}

// sendUserMessage makes the emulator deliver a user's private message.
func sendUserMessage(t *testing.T, emu, token string, chat int, text string) {
	t.Helper()
	postJSON(t, "http://"+emu+"/sendMessage", map[string]any{
		"botToken": token,
		"from":     map[string]any{"id": chat, "first_name": "E2E", "username": "e2e_user", "is_bot": false},
		"chat":     map[string]any{"id": chat, "first_name": "E2E", "username": "e2e_user", "type": "private"},
		"date":     time.Now().Unix(),
		"text":     text,
	}, nil)
}

type botMessage struct {
	Text      string
	ParseMode string
	ReplyTo   string
}

// waitBotMessages reads the bot's messages to chat through the emulator's
// client API until n have arrived.
func waitBotMessages(t *testing.T, emu, token string, chat, n int) []botMessage {
	t.Helper()
	var got []botMessage
	deadline := time.Now().Add(hangGuard)
	for len(got) < n {
		var resp struct {
			Result []struct {
				Message map[string]any `json:"message"`
			} `json:"result"`
		}
		postJSON(t, "http://"+emu+"/getUpdates", map[string]any{"token": token, "chatId": chat}, &resp)
		for _, r := range resp.Result {
			got = append(got, botMessage{
				Text:      fmt.Sprint(r.Message["text"]),
				ParseMode: fmt.Sprint(r.Message["parse_mode"]),
				ReplyTo:   fmt.Sprint(r.Message["reply_to_message_id"]),
			})
		}
		if len(got) >= n {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the bot sent %d of %d expected messages", len(got), n)
		}
		time.Sleep(50 * time.Millisecond)
	}
	return got
}
