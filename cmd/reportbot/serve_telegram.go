package main

import "errors"

// telegramRunner returns the Telegram adapter's runner, or nil when disabled.
func telegramRunner(d *serveDeps) (*runner, error) {
	if !d.cfg.Telegram.Enabled {
		return nil, nil
	}
	return nil, errors.New("telegram adapter: not built yet")
}
