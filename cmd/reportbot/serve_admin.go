package main

import "context"

// adminRunner serves /healthz, /readyz and /metrics on admin.listen, or
// returns nil when it is empty.
func adminRunner(d *serveDeps) *runner {
	if d.cfg.Admin.Listen == "" {
		return nil
	}
	return &runner{name: "admin", run: func(ctx context.Context) error {
		return d.health.Run(ctx, d.cfg.Admin.Listen)
	}}
}
