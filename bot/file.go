package bot

import (
	"context"
	"errors"
)

// File is a document someone sent to the bot, before it is downloaded:
// the adapter says what the platform told it and how to fetch the bytes.
type File struct {
	Name string // the file name as sent, with its extension
	Size int64  // bytes, as the platform states it; 0 when unknown
	MIME string // as the platform states it; may be empty
	// Fetch downloads the file through the platform (Telegram getFile, Slack
	// url_private with the bot token), reading at most max bytes; a larger
	// file is an error, so nothing huge is ever held in memory.
	Fetch func(ctx context.Context, max int64) ([]byte, error)
}

// FileHandler answers a file sent to the bot. Adapters call it for a
// document in a private chat, or one that mentions the bot in a group;
// Message.Text is the file's caption or comment ("/add TAG" tags it).
type FileHandler interface {
	HandleFile(ctx context.Context, m Message, f File) Reply
}

// ErrFileTooLarge is what File.Fetch returns when the file is larger than
// the limit it was given.
var ErrFileTooLarge = errors.New("the file is larger than the size limit")
