package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"runtime/debug"
	"sync"

	"github.com/reportbot/reportbot/bot"
	"github.com/reportbot/reportbot/internal/admin"
	"github.com/reportbot/reportbot/internal/config"
	"github.com/reportbot/reportbot/internal/dedupe"
	"github.com/reportbot/reportbot/internal/guard"
	"github.com/reportbot/reportbot/internal/metrics"
	"github.com/reportbot/reportbot/internal/store"
	"github.com/reportbot/reportbot/internal/unanswered"
	"github.com/reportbot/reportbot/knowledge"
)

// serveDeps is what every adapter runner gets from `serve`.
type serveDeps struct {
	cfg    config.Config
	log    *slog.Logger
	bot    *bot.Bot
	kb     *knowledge.Live
	dedupe dedupe.Set
	// handler is the bot wrapped in its decorators (guard: panic recovery,
	// question limits, metrics; unanswered-question logging); adapters
	// answer with it, never with bot directly.
	handler bot.Handler
	// voter records 👍/👎 presses; nil when feedback buttons are off.
	voter bot.Voter
	// health collects readiness checks for /readyz; runners may register
	// more (an adapter that knows when it is connected, under its name).
	health *admin.Server
	// store is the persistent state (SQLite by default, PostgreSQL for
	// several replicas); dedupe is backed by it.
	store store.Store
	// platforms collects each adapter's Poster and AdminChecker; adapter
	// runners call d.registerPlatform.
	platforms *platforms
	// library joins stored reports (uploads) to the folder reports and
	// answers files sent in chat; see serve_library.go.
	library *libraryDeps
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
	cfg, err := loadConfig(ctx, *cfgPath)
	if err != nil {
		return err
	}
	log := newLogger(cfg, stderr)
	// A bad report file is logged and left out, as a reload does; serve
	// refuses to start only when no report loads.
	ko := openOptions(cfg.Knowledge)
	ko.Skip = func(err error) { log.Error("report skipped", "err", err) }
	kb, err := knowledge.OpenContext(ctx, ko)
	if err != nil {
		return err
	}
	fresh := sqliteFileMissing(cfg.Store)
	st, err := openStore(ctx, cfg.Store)
	if err != nil {
		if fresh {
			removeSQLiteFile(cfg.Store.Path)
		}
		return err
	}
	started := false
	defer func() {
		st.Close()
		if fresh && !started {
			removeSQLiteFile(cfg.Store.Path)
		}
	}()
	d := newServeDeps(cfg, log, kb, st)

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
	runners = append(runners, *schedulerRunner(d), *libraryRunner(d))
	if r := retentionRunner(d); r != nil {
		runners = append(runners, *r)
	}
	if r := watchRunner(d); r != nil {
		runners = append(runners, *r)
	}
	// The console first: sharing admin.listen, it mounts there before the
	// admin endpoints start.
	cr, err := consoleRunner(d)
	if err != nil {
		return err
	}
	if cr != nil {
		runners = append(runners, *cr)
	}
	if r := adminRunner(d); r != nil {
		runners = append(runners, *r)
	}
	started = true
	return runAll(ctx, log, runners)
}

// newServeDeps wires the core, its decorators and the readiness checks
// around a loaded knowledge base and an open store.
func newServeDeps(cfg config.Config, log *slog.Logger, kb *knowledge.KB, st store.Store) *serveDeps {
	live := knowledge.NewLive(kb)
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
		health: admin.New(admin.Options{Gatherer: metrics.Registry(), Logger: log}),
	}
	d.library = newLibrary(d, kb)
	// Commands first: adapters read d.bot.Commands() when they start.
	d.bot.Register(digestCommands(d)...)
	d.bot.Register(d.library.chat.Commands()...)
	// The guard is outermost: a throttled message costs nothing further,
	// and a panic anywhere below it is caught.
	// Inside the logging: follow-ups are read in context first, so the log
	// and the recorded answers hold the questions as answered.
	var core bot.Handler
	core, d.voter = conversing(d.bot, live, st, cfg.Conversation, cfg.Store.Retention.Answers, log)
	d.handler = guard.New(unanswered.Wrap(d.library.scopes.Handler(core, log), st, nil, log), guard.Options{
		UserPerMinute: cfg.Bot.UserRate,
		ChatPerMinute: cfg.Bot.ChatRate,
		KnownCommand: func(name string) bool {
			for _, c := range d.bot.Commands() {
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
	d.health.Register("store", admin.CheckFunc(func(ctx context.Context) error {
		return storeReady(ctx, st)
	}))
	return d
}

// knowledgeReady: a bot with no report loaded can answer nothing.
func knowledgeReady(kb *knowledge.KB) error {
	if kb == nil || len(kb.Reports) == 0 {
		return errors.New("no report loaded")
	}
	return nil
}

// storeReady pings the store's database when it has one (both the SQLite
// and the PostgreSQL store do).
func storeReady(ctx context.Context, st store.Store) error {
	db, ok := st.(interface{ SQL() *sql.DB })
	if !ok {
		return nil
	}
	if err := db.SQL().PingContext(ctx); err != nil {
		return fmt.Errorf("unreachable: %w", err)
	}
	return nil
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
			// A panic in a runner's own goroutine would crash the process
			// with its message printed raw by the runtime; as an error it
			// stops the others and is printed, scrubbed, by main.
			defer func() {
				if p := recover(); p != nil {
					cancel(fmt.Errorf("%s panicked: %v\n%s", r.name, p, debug.Stack()))
				}
			}()
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
