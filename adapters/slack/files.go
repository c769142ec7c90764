package slack

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/reportbot/reportbot/bot"
)

// A file shared with the bot — in a direct message (a message event of
// subtype file_share) or in a channel with a mention (app_mention carries
// the files) — goes to Options.Files with the message text as its caption.
// The file is downloaded from url_private with the bot token (slack-go
// refuses to send the token to any host but Slack's, or the configured API
// URL's), and never beyond the handler's limit. The app needs the
// files:read scope.

const fileShare = "file_share"

// eventFile is the part of a Slack file object the adapter reads.
type eventFile struct {
	ID                 string `json:"id"`
	Name               string `json:"name"`
	Mimetype           string `json:"mimetype"`
	Size               int64  `json:"size"`
	URLPrivate         string `json:"url_private"`
	URLPrivateDownload string `json:"url_private_download"`
}

// answerFiles hands each file to the file handler and posts each reply in
// the message's thread.
func (a *Adapter) answerFiles(ctx context.Context, d delivery, m bot.Message) {
	for _, f := range d.files {
		f := f
		name := f.Name
		if name == "" {
			name = "file"
		}
		r := a.opt.Files.HandleFile(ctx, m, bot.File{Name: name, Size: f.Size, MIME: f.Mimetype,
			Fetch: func(ctx context.Context, max int64) ([]byte, error) { return a.download(ctx, f, max) }})
		if r.Doc.Empty() {
			continue
		}
		for _, out := range render(r.Doc) {
			if err := a.send(ctx, d.to, out); err != nil {
				a.log.Error("slack: posting the file reply failed", "chat", m.ChatID, "err", err)
				return
			}
		}
	}
}

// download fetches a shared file with the bot token.
func (a *Adapter) download(ctx context.Context, f eventFile, max int64) ([]byte, error) {
	if f.Size > max {
		return nil, fmt.Errorf("%w (%d bytes)", bot.ErrFileTooLarge, f.Size)
	}
	u := f.URLPrivateDownload
	if u == "" {
		u = f.URLPrivate
	}
	if u == "" {
		return nil, errors.New("slack file: no download URL (is the files:read scope granted?)")
	}
	w := &capped{max: max}
	if err := a.api.GetFileContext(ctx, u, w); err != nil {
		if errors.Is(err, bot.ErrFileTooLarge) {
			return nil, bot.ErrFileTooLarge
		}
		return nil, fmt.Errorf("slack file %s: %w", f.ID, err)
	}
	return w.data, nil
}

// capped is a writer that refuses to hold more than max bytes.
type capped struct {
	data []byte
	max  int64
}

func (c *capped) Write(p []byte) (int, error) {
	if int64(len(c.data)+len(p)) > c.max {
		return 0, bot.ErrFileTooLarge
	}
	c.data = append(c.data, p...)
	return len(p), nil
}

var _ io.Writer = (*capped)(nil)
