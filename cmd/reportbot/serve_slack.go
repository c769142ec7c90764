package main

import "errors"

// slackRunner returns the Slack adapter's runner, or nil when disabled.
func slackRunner(d *serveDeps) (*runner, error) {
	if !d.cfg.Slack.Enabled {
		return nil, nil
	}
	return nil, errors.New("slack adapter: not built yet")
}
