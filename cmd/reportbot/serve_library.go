package main

import (
	"context"

	"github.com/reportbot/reportbot/bot"
	"github.com/reportbot/reportbot/internal/library"
	"github.com/reportbot/reportbot/internal/store"
	"github.com/reportbot/reportbot/knowledge"
)

// libraryDeps is the run-time report library: the reports added from chat
// or `reportbot add`, joined to the folder reports; the chat side that
// takes files; and the chats' scopes.
type libraryDeps struct {
	lib    *library.Library
	chat   *library.Chat
	scopes *library.Scopes
}

// newLibrary wires the library over the store. The folder knowledge base
// is kb; the combined one is published to live.
func newLibrary(d *serveDeps, kb *knowledge.KB) *libraryDeps {
	cfg := d.cfg
	lib := library.New(library.Config{
		Store:   d.store,
		Live:    d.kb,
		MaxSize: cfg.Uploads.MaxSize,
		Poll:    cfg.Uploads.PollInterval,
		Log:     d.log.With("component", "library"),
	}, kb)
	scopes := &library.Scopes{Store: d.store, Config: cfg.Scopes, Reports: d.kb.KB}
	admins := cfg.Uploads.Admins
	if len(admins) == 0 {
		admins = cfg.Digest.BotAdmins
	}
	chat := library.NewChat(library.ChatConfig{
		Library:    lib,
		Scopes:     scopes,
		Admins:     admins,
		ChatAdmins: d.platforms.adminChecker,
		Log:        d.log.With("component", "uploads"),
	})
	return &libraryDeps{lib: lib, chat: chat, scopes: scopes}
}

// files is what adapters hand a document sent to the bot.
func (d *serveDeps) files() bot.FileHandler {
	if d.library == nil {
		return nil
	}
	return d.library.chat
}

// chatScope is a chat's tags, for digests.
func (d *serveDeps) chatScope(ctx context.Context, c store.Chat) ([]string, error) {
	if d.library == nil {
		return nil, nil
	}
	return d.library.scopes.Tags(ctx, c)
}

// libraryRunner keeps this replica's stored reports in step with the
// store: at once through PostgreSQL notifications, else every poll.
func libraryRunner(d *serveDeps) *runner {
	return &runner{name: "report library", run: d.library.lib.Run}
}
