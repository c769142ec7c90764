package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"

	"github.com/reportbot/reportbot/admin"
	"github.com/reportbot/reportbot/bot"
	"github.com/reportbot/reportbot/config"
	"github.com/reportbot/reportbot/dedupe"
	"github.com/reportbot/reportbot/guard"
	"github.com/reportbot/reportbot/knowledge"
	"github.com/reportbot/reportbot/metrics"
)

// serveDeps is what every adapter runner gets from `serve`.
type serveDeps struct {
	cfg config.Config
	log *slog.Logger
	bot *bot.Bot
	// handler is the bot wrapped in guard (panic recovery, question limits,
	// metrics). Adapters answer through it, never through bot directly.
	handler bot.Handler
	kb      *knowledge.Live
	dedupe  dedupe.Set
	// health collects readiness checks for /readyz: the store registers its
	// ping, each adapter an admin.Flag it sets once connected.
	health *admin.Server
}

// runner runs one long-lived part of the service until ctx is done. It
// returns nil after a clean shutdown.
type runner struct {
	name string
	run  func(ctx context.Context) error
}

func runServe(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("serve", "[--config FILE]", stderr)
	cfgPath := fs.String("config", "", "config `FILE` (YAML); default: built-in defaults and environment")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	cfg, err := config.Load(*cfgPath)
	if err != nil {
		return err
	}
	log := newLogger(cfg, stderr)
	kb, err := knowledge.Open(knowledge.OpenOptions{
		Reports: cfg.Knowledge.Reports, KBFile: cfg.Knowledge.KBFile,
		Curation: cfg.Knowledge.Curation, MaxFileSize: cfg.Knowledge.MaxFileSize,
	})
	if err != nil {
		return err
	}
	d := newServeDeps(cfg, log, kb)

	var runners []runner
	for _, mk := range []func(*serveDeps) (*runner, error){telegramRunner, slackRunner} {
		r, err := mk(d)
		if err != nil {
			return err
		}
		if r != nil {
			runners = append(runners, d.watched(*r))
		}
	}
	if len(runners) == 0 {
		return errors.New("serve: no adapter is enabled; set telegram.enabled or slack.enabled in the config")
	}
	if r := adminRunner(d); r != nil {
		runners = append(runners, *r)
	}
	return runAll(ctx, log, runners)
}

// newServeDeps builds the core, its guard and the readiness checks around
// an already loaded knowledge base.
func newServeDeps(cfg config.Config, log *slog.Logger, kb *knowledge.KB) *serveDeps {
	live := knowledge.NewLive(kb)
	b := bot.New(live, bot.Options{
		MinConfidence:        cfg.Bot.MinConfidence,
		AnswerUnprompted:     cfg.Bot.AnswerUnprompted,
		UnpromptedConfidence: cfg.Bot.UnpromptedConfidence,
		MaxMessageLength:     cfg.Bot.MaxMessageLength,
		Logger:               log,
	})
	d := &serveDeps{
		cfg: cfg, log: log, kb: live, bot: b,
		dedupe: dedupe.NewMemory(dedupeTTL),
		health: admin.New(admin.Options{Gatherer: metrics.Registry(), Logger: log}),
	}
	d.handler = guard.New(b, guard.Options{
		UserPerMinute: cfg.Bot.UserRate,
		ChatPerMinute: cfg.Bot.ChatRate,
		// Asked per message, so commands that runners register later (the
		// digest commands) are counted by name too.
		KnownCommand: func(name string) bool {
			for _, c := range b.Commands() {
				if c.Name == name {
					return true
				}
			}
			return false
		},
		Logger: log,
	})
	d.health.Register("knowledge", admin.CheckFunc(func(context.Context) error {
		return knowledgeReady(live.KB())
	}))
	return d
}

// watched registers a readiness check for r: not ready until it starts and
// after it stops. It says the adapter is running; an adapter that can tell
// when it is connected should register its own admin.Flag under its name
// instead, which replaces this one.
func (d *serveDeps) watched(r runner) runner {
	flag := admin.NewFlag("not started")
	d.health.Register(r.name, flag)
	run := r.run
	r.run = func(ctx context.Context) error {
		flag.Set(nil)
		err := run(ctx)
		if err != nil {
			flag.Set(fmt.Errorf("stopped: %w", err))
		} else {
			flag.Set(errors.New("stopped"))
		}
		return err
	}
	return r
}

// knowledgeReady: a bot with no report loaded can answer nothing.
func knowledgeReady(kb *knowledge.KB) error {
	if kb == nil || len(kb.Reports) == 0 {
		return errors.New("no report loaded")
	}
	return nil
}

// runAll runs every runner until ctx is done or one fails; a failure stops
// the others so the process exits and a supervisor can restart it.
func runAll(ctx context.Context, log *slog.Logger, runners []runner) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var wg sync.WaitGroup
	for _, r := range runners {
		wg.Add(1)
		go func() {
			defer wg.Done()
			log.Info("starting", "component", r.name)
			if err := r.run(ctx); err != nil && ctx.Err() == nil {
				cancel(fmt.Errorf("%s: %w", r.name, err))
			}
			log.Info("stopped", "component", r.name)
		}()
	}
	wg.Wait()
	if err := context.Cause(ctx); err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	return nil
}
