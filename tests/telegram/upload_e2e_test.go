package e2e

import (
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/reportbot/reportbot/knowledge/formats/formatstest"
)

// TestUploadThroughTheEmulator: an admin sends a PDF to the bot in a
// private chat; the running `reportbot serve` fetches it through getFile,
// replies with what it understood, and answers questions from it. A
// non-admin's document is refused and changes nothing.
func TestUploadThroughTheEmulator(t *testing.T) {
	node := need(t, "node")
	if _, err := os.Stat(filepath.Join("node_modules", "telegram-test-api", "package.json")); err != nil {
		unavailable(t, "telegram-test-api is not installed (run `npm ci` in tests/telegram)")
	}
	bin := buildReportbot(t)
	emu := startEmulator(t, node)
	token := "4242:e2e-" + randomHex(12)
	const admin, stranger = 616, 717
	cfg := fmt.Sprintf(`telegram:
  enabled: true
  api_endpoint: "http://%s/bot%%s/%%s"
  poll_timeout: 1s
uploads:
  admins: ["telegram:%d"]
log:
  level: debug
`, emu, admin)
	cfgPath := filepath.Join(t.TempDir(), "config.yaml")
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	srv := startServe(t, bin, cfgPath, []string{"TELEGRAM_BOT_TOKEN=" + token})
	srv.waitLog(t, "telegram connected")

	pdf := formatstest.PDF(t, formatstest.PDFLines(
		"The Lantern Society held its autumn meeting on Monday.",
		"", "Chair Odile Brann presided over the meeting.",
		"", "Treasurer Kasimir Vell spoke about the accounts."), false)
	postJSON(t, "http://"+emu+"/uploadFile", map[string]any{
		"file_id": "doc-1", "file_path": "documents/file_1.pdf", "data": base64.StdEncoding.EncodeToString(pdf),
	}, nil)

	sendUserDocument(t, emu, token, stranger, "doc-1", "lantern.pdf", len(pdf), "")
	if r := waitBotMessages(t, emu, token, stranger, 1)[0]; !strings.Contains(r.Text, "only the bot's admins") {
		t.Errorf("non-admin upload: %s", r.Text)
	}

	sendUserDocument(t, emu, token, admin, "doc-1", "lantern.pdf", len(pdf), "/add society")
	added := waitBotMessages(t, emu, token, admin, 1)[0]
	for _, want := range []string{"Added", "Presided: Odile Brann", "Spoke: 1 person", "Tags: society", "/remove lantern-"} {
		if !strings.Contains(added.Text, want) {
			t.Errorf("upload reply lacks %q:\n%s", want, added.Text)
		}
	}
	sendUserMessage(t, emu, token, stranger, "who is Kasimir Vell?")
	if r := waitBotMessages(t, emu, token, stranger, 1)[0]; !strings.Contains(r.Text, "Treasurer") {
		t.Errorf("question about the uploaded report:\n%s", r.Text)
	}
	logs := srv.stop(t)
	if strings.Contains(logs, token) {
		t.Errorf("the token appears in the logs:\n%s", logs)
	}
}

// sendUserDocument makes the emulator deliver a document in a private chat.
func sendUserDocument(t *testing.T, emu, token string, chat int, fileID, name string, size int, caption string) {
	t.Helper()
	msg := map[string]any{
		"botToken": token,
		"from":     map[string]any{"id": chat, "first_name": "E2E", "username": "e2e_user", "is_bot": false},
		"chat":     map[string]any{"id": chat, "first_name": "E2E", "username": "e2e_user", "type": "private"},
		"date":     time.Now().Unix(),
		"document": map[string]any{"file_id": fileID, "file_unique_id": fileID, "file_name": name, "mime_type": "application/pdf", "file_size": size},
	}
	if caption != "" {
		msg["caption"] = caption
	}
	postJSON(t, "http://"+emu+"/sendMessage", msg, nil)
}
