package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/reportbot/reportbot/knowledge/formats/formatstest"
)

// TestServeSlackUploadAndScope runs `reportbot serve` on the HTTP Events
// API against a fake Slack: an admin shares a Word file in a DM, the bot
// downloads it from url_private with its token and replies with what it
// understood; a channel scoped (in the config) to another tag does not see
// the new report, an unscoped channel does; a non-admin's file is refused
// without being downloaded.
func TestServeSlackUploadAndScope(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	const (
		botToken = "xoxb-e2e-upload-token-never-logged"
		secret   = "e2e-upload-signing-secret"
		botUser  = "UBOT"
	)
	dir := t.TempDir()
	bin := filepath.Join(dir, "reportbot")
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("go tool: %v", err)
	}
	if out, err := exec.Command(goTool, "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	docx := formatstest.DOCX(t, []formatstest.Para{
		{Style: "Title", Runs: []string{"Ferry users' forum"}},
		{Runs: []string{"The Ferry Users' Forum met on Thursday. Chair Imke Sorrel presided over the meeting."}},
		{Runs: []string{"Skipper Tobiah Lund spoke about the winter timetable."}},
	})

	type post struct{ Channel, ThreadTS, Text string }
	posts := make(chan post, 20)
	var downloads, badAuth atomic.Int32
	mux := http.NewServeMux()
	mux.HandleFunc("/api/auth.test", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `{"ok":true,"user_id":%q,"bot_id":"BE2E"}`, botUser)
	})
	mux.HandleFunc("/api/users.info", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"ok":true,"user":{"id":"U1","name":"asker"}}`)
	})
	mux.HandleFunc("/api/chat.postMessage", func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		posts <- post{r.Form.Get("channel"), r.Form.Get("thread_ts"), r.Form.Get("text")}
		fmt.Fprint(w, `{"ok":true,"channel":"C1","ts":"1700000200.000100"}`)
	})
	mux.HandleFunc("/files-pri/T1-F1/ferry.docx", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer "+botToken {
			badAuth.Add(1)
			http.Error(w, "no", http.StatusForbidden)
			return
		}
		downloads.Add(1)
		w.Write(docx)
	})
	fake := httptest.NewServer(mux)
	defer fake.Close()

	cfg := filepath.Join(dir, "config.yaml")
	writeFile(t, cfg, fmt.Sprintf(`slack:
  enabled: true
  mode: http
  api_url: %s/api/
  http:
    listen: 127.0.0.1:0
    path: /slack/events
uploads:
  admins: ["slack:UADMIN"]
scopes:
  "slack:CSCOPED": [elsewhere]
log:
  level: debug
  format: json
`, fake.URL))
	srv := startSlackServe(t, bin, dir, cfg, botToken, secret)
	n := 0
	deliver := func(event string) {
		t.Helper()
		n++
		srv.deliver(t, fmt.Sprintf(`{"token":"x","team_id":"T1","api_app_id":"A1","type":"event_callback","event_id":"EvUp%d","event_time":1700000100,"event":%s}`, n, event), nil)
	}
	next := func() post {
		t.Helper()
		select {
		case p := <-posts:
			return p
		case <-time.After(30 * time.Second):
			t.Fatalf("nothing posted\n%s", srv.log())
			return post{}
		}
	}
	fileShare := func(user, channel, ts string) string {
		return fmt.Sprintf(`{"type":"message","subtype":"file_share","channel_type":"im","channel":%q,"user":%q,"text":"/add ferries","ts":%q,
"files":[{"id":"F1","name":"ferry.docx","mimetype":"application/vnd.openxmlformats-officedocument.wordprocessingml.document","size":%d,
"url_private":"%s/files-pri/T1-F1/ferry.docx","url_private_download":"%s/files-pri/T1-F1/ferry.docx"}]}`, channel, user, ts, len(docx), fake.URL, fake.URL)
	}
	mention := func(channel, ts, q string) string {
		return fmt.Sprintf(`{"type":"app_mention","user":"U1","text":"<@%s> %s","ts":%q,"channel":%q}`, botUser, q, ts, channel)
	}

	deliver(fileShare("USTRANGER", "DSTRANGER", "1700000101.000100"))
	if p := next(); p.Channel != "DSTRANGER" || !strings.Contains(p.Text, "only the bot's admins") {
		t.Errorf("non-admin file: %+v", p)
	}
	if downloads.Load() != 0 {
		t.Error("a non-admin's file was downloaded")
	}

	deliver(fileShare("UADMIN", "DADMIN", "1700000102.000100"))
	p := next()
	for _, want := range []string{"Ferry users' forum", "Presided: Imke Sorrel", "Spoke: 1 person", "Tags: ferries", "/remove ferry-"} {
		if !strings.Contains(p.Text, want) {
			t.Errorf("upload reply lacks %q:\n%s", want, p.Text)
		}
	}
	if downloads.Load() != 1 || badAuth.Load() != 0 {
		t.Errorf("downloads %d, without the token %d; want 1 and 0", downloads.Load(), badAuth.Load())
	}

	deliver(mention("COPEN", "1700000103.000100", "who is Tobiah Lund?"))
	if p := next(); p.Channel != "COPEN" || !strings.Contains(p.Text, "Skipper") {
		t.Errorf("unscoped channel's answer: %+v", p)
	}
	deliver(mention("CSCOPED", "1700000104.000100", "who is Tobiah Lund?"))
	if p := next(); p.Channel != "CSCOPED" || strings.Contains(p.Text, "Skipper") || strings.Contains(p.Text, "winter") {
		t.Errorf("scoped channel saw a report outside its scope: %+v", p)
	}
	deliver(mention("CSCOPED", "1700000105.000100", "/reports"))
	if p := next(); strings.Contains(p.Text, "Ferry") {
		t.Errorf("scoped channel's /reports lists a report outside its scope: %+v", p)
	}

	srv.stop(t, botToken, secret)
}
