package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"

	"github.com/reportbot/reportbot/bot"
	"github.com/reportbot/reportbot/config"
	"github.com/reportbot/reportbot/dedupe"
	"github.com/reportbot/reportbot/knowledge"
	"github.com/reportbot/reportbot/store"
	"github.com/reportbot/reportbot/unanswered"
)

// serveDeps is what every adapter runner gets from `serve`.
type serveDeps struct {
	cfg    config.Config
	log    *slog.Logger
	bot    *bot.Bot
	kb     *knowledge.Live
	dedupe dedupe.Set
	// handler is the bot wrapped in its decorators; adapters answer with it.
	handler bot.Handler
	// store is the persistent state (SQLite by default, PostgreSQL for
	// several replicas); dedupe is backed by it.
	store store.Store
	// platforms collects each adapter's Poster and AdminChecker; adapter
	// runners call d.registerPlatform.
	platforms *platforms
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
	log := newLogger(cfg.Log, stderr)
	kb, err := knowledge.Open(knowledge.OpenOptions{
		Reports: cfg.Knowledge.Reports, KBFile: cfg.Knowledge.KBFile,
		Curation: cfg.Knowledge.Curation, MaxFileSize: cfg.Knowledge.MaxFileSize,
	})
	if err != nil {
		return err
	}
	live := knowledge.NewLive(kb)
	st, err := openStore(ctx, cfg.Store)
	if err != nil {
		return err
	}
	defer st.Close()
	d := &serveDeps{
		cfg: cfg, log: log, kb: live, store: st, platforms: newPlatforms(),
		bot: bot.New(live, bot.Options{
			MinConfidence:        cfg.Bot.MinConfidence,
			AnswerUnprompted:     cfg.Bot.AnswerUnprompted,
			UnpromptedConfidence: cfg.Bot.UnpromptedConfidence,
			MaxMessageLength:     cfg.Bot.MaxMessageLength,
			Logger:               log,
		}),
		// Deliveries are deduplicated in the store, so a platform retry
		// that reaches another replica is still answered once.
		dedupe: store.NewDedupeSet(st, dedupeTTL, nil),
	}
	// Commands first: adapters read d.bot.Commands() when they start.
	d.bot.Register(digestCommands(d)...)
	d.handler = unanswered.Wrap(d.bot, st, nil, log)

	var runners []runner
	for _, mk := range []func(*serveDeps) (*runner, error){telegramRunner, slackRunner} {
		r, err := mk(d)
		if err != nil {
			return err
		}
		if r != nil {
			runners = append(runners, *r)
		}
	}
	if len(runners) == 0 {
		return errors.New("serve: no adapter is enabled; set telegram.enabled or slack.enabled in the config")
	}
	runners = append(runners, *schedulerRunner(d))
	if r := watchRunner(d); r != nil {
		runners = append(runners, *r)
	}
	return runAll(ctx, log, runners)
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
