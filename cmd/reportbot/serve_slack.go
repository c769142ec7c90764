package main

import (
	slackadapter "github.com/reportbot/reportbot/adapters/slack"
)

// slackRunner returns the Slack adapter's runner, or nil when disabled.
func slackRunner(d *serveDeps) (*runner, error) {
	c := d.cfg.Slack
	if !c.Enabled {
		return nil, nil
	}
	a, err := slackadapter.New(slackadapter.Options{
		BotToken: c.BotToken, AppToken: c.AppToken, SigningSecret: c.SigningSecret,
		APIURL: c.APIURL, Mode: c.Mode, Listen: c.HTTP.Listen, Path: c.HTTP.Path,
		CommandPrefix: c.CommandPrefix, Admins: c.Admins, Workers: c.Workers,
		Handler: d.handler, Voter: d.voter, Commands: d.bot.Commands(), Dedupe: d.dedupe, Logger: d.log,
		Files: d.files(),
	})
	if err != nil {
		return nil, err
	}
	// Digests go out through the adapter; /subscribe asks it about admins.
	d.registerPlatform("slack", a, a)
	return &runner{name: "slack", run: a.Run}, nil
}
