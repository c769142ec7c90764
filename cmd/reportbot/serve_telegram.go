package main

import (
	"github.com/reportbot/reportbot/adapters/telegram"
)

// telegramRunner returns the Telegram adapter's runner, or nil when disabled.
func telegramRunner(d *serveDeps) (*runner, error) {
	c := d.cfg.Telegram
	if !c.Enabled {
		return nil, nil
	}
	a, err := telegram.New(d.handler, telegram.Options{
		Token:       c.Token,
		APIEndpoint: c.APIEndpoint,
		Mode:        c.Mode,
		Webhook: telegram.WebhookOptions{
			Listen:    c.Webhook.Listen,
			PublicURL: c.Webhook.PublicURL,
			Secret:    c.Webhook.Secret,
		},
		PollTimeout: c.PollTimeout,
		Workers:     c.Workers,
		Commands:    d.bot.Commands(),
		Files:       d.files(),
		Dedupe:      d.dedupe,
		Voter:       d.voter,
		// Every replica on the store takes its sends from one schedule.
		Shared: d.store,
		// Webhook updates cut off at shutdown wait there for a restart.
		Spool:  d.store,
		Logger: d.log.With("component", "telegram"),
	})
	if err != nil {
		return nil, err
	}
	// Digests go out through the adapter; /subscribe asks it about admins.
	d.registerPlatform("telegram", a, a)
	return &runner{name: "telegram", run: a.Run}, nil
}
