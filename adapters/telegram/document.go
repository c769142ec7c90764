package telegram

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/reportbot/reportbot/bot"
)

// A document sent to the bot — in a private chat, or in a group with a
// caption that mentions the bot or starts with /add — is handed to
// Options.Files with the caption as the message text. The file is fetched
// only if the handler wants it: getFile gives its path, and the bytes come
// from the Bot API's file endpoint, read no further than the handler's
// limit.

type wireDocument struct {
	FileID   string `json:"file_id"`
	FileName string `json:"file_name"`
	MimeType string `json:"mime_type"`
	FileSize int64  `json:"file_size"`
}

type docUpdate struct {
	UpdateID int64 `json:"update_id"`
	Message  *struct {
		wireMessage
		Caption  string        `json:"caption"`
		Document *wireDocument `json:"document"`
	} `json:"message"`
}

// decodeDocument reads an update carrying a document meant for the bot.
// ok is false for every other update, and for documents in groups that do
// not address the bot.
func decodeDocument(data []byte, me identity) (updateID int64, m bot.Message, doc wireDocument, ok bool) {
	if len(data) > maxUpdateBytes {
		return 0, bot.Message{}, wireDocument{}, false
	}
	var u docUpdate
	if json.Unmarshal(data, &u) != nil || u.Message == nil || u.Message.Document == nil {
		return 0, bot.Message{}, wireDocument{}, false
	}
	msg := u.Message
	// normalize applies the sender and chat rules to the caption as if it
	// were the text; a document with no caption gets a placeholder that
	// passes them and is then cleared.
	wm := msg.wireMessage
	wm.Text = strings.TrimSpace(msg.Caption)
	placeholder := wm.Text == ""
	if placeholder {
		wm.Text = "(document)"
	}
	m, ok = normalize(wireUpdate{UpdateID: u.UpdateID, Message: &wm}, me)
	if !ok {
		return 0, bot.Message{}, wireDocument{}, false
	}
	if placeholder {
		m.Text = ""
	}
	addressed := m.ChatKind == bot.Private || m.Mentioned || m.ReplyToBot
	if !addressed {
		return 0, bot.Message{}, wireDocument{}, false
	}
	return u.UpdateID, m, *msg.Document, true
}

// answerFile hands a document to the file handler and sends its reply.
func (a *Adapter) answerFile(ctx context.Context, m bot.Message, doc wireDocument) {
	defer func() {
		if p := recover(); p != nil {
			a.log.Error("telegram: file handler panicked", "chat", m.ChatID, "panic", p)
		}
	}()
	name := doc.FileName
	if name == "" {
		name = "document"
	}
	f := bot.File{Name: name, Size: doc.FileSize, MIME: doc.MimeType, Fetch: func(ctx context.Context, max int64) ([]byte, error) {
		return a.download(ctx, doc.FileID, max)
	}}
	r := a.opts.Files.HandleFile(ctx, m, f)
	if r.Doc.Empty() {
		return
	}
	if err := a.send(ctx, m.ChatID, m.ThreadID, m.MessageID, Render(r.Doc)); err != nil {
		a.log.Warn("telegram: reply not sent", "chat", m.ChatID, "err", err)
	}
}

// download fetches a file through getFile and the file endpoint.
func (a *Adapter) download(ctx context.Context, fileID string, max int64) ([]byte, error) {
	raw, err := a.api.call(ctx, "getFile", tgbotapi.Params{"file_id": fileID})
	if err != nil {
		return nil, err
	}
	var f struct {
		FilePath string `json:"file_path"`
		FileSize int64  `json:"file_size"`
	}
	if err := json.Unmarshal(raw, &f); err != nil {
		return nil, fmt.Errorf("telegram getFile: %w", err)
	}
	if f.FilePath == "" {
		return nil, errors.New("telegram getFile: no file_path (files over 20 MB cannot be downloaded by bots)")
	}
	if f.FileSize > max {
		return nil, fmt.Errorf("%w (%d bytes)", bot.ErrFileTooLarge, f.FileSize)
	}
	pattern := fileEndpoint(a.opts.APIEndpoint)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, fmt.Sprintf(pattern, a.opts.Token, f.FilePath), nil)
	if err != nil {
		return nil, errors.New("telegram file: bad file URL")
	}
	resp, err := a.opts.HTTPClient.Do(req)
	if err != nil {
		return nil, fmt.Errorf("telegram file: %w", a.api.scrub(err))
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, errors.New("telegram file: HTTP " + strconv.Itoa(resp.StatusCode))
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, max+1))
	if err != nil {
		return nil, fmt.Errorf("telegram file: %w", a.api.scrub(err))
	}
	if int64(len(data)) > max {
		return nil, bot.ErrFileTooLarge
	}
	return data, nil
}

// fileEndpoint is the Bot API's file download pattern beside the method
// pattern: https://api.telegram.org/file/bot<token>/<path>.
func fileEndpoint(api string) string {
	if i := strings.LastIndex(api, "/bot%s/%s"); i >= 0 {
		return api[:i] + "/file/bot%s/%s" + api[i+len("/bot%s/%s"):]
	}
	return strings.Replace(api, "%s/%s", "file/%s/%s", 1)
}
