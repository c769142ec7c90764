package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"

	"github.com/reportbot/reportbot/adapters/console"
	"github.com/reportbot/reportbot/bot"
	"github.com/reportbot/reportbot/knowledge"
)

// runChat is the console for trying the bot before it goes live: the same
// handler chain as serve (follow-ups, limits, the unanswered log) and the
// digest commands, against a local store.
func runChat(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("chat", "[--config FILE | --store FILE] [--report FILE|DIR]... [--kb FILE]", stderr)
	var kf kbFlags
	kf.register(fs, true)
	cfgPath := fs.String("config", "", "config `FILE`: its store, digest and conversation settings (and its reports, without --report/--kb)")
	storePath := fs.String("store", "", "SQLite `FILE` for digest settings and conversations; default: in memory, for this session")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *cfgPath != "" && *storePath != "" {
		return fmt.Errorf("chat: use either --config or --store, not both")
	}
	cfg, err := loadConfig(ctx, *cfgPath)
	if err != nil {
		return err
	}
	// A bad report file is named on stderr and left out.
	var kb *knowledge.KB
	if len(kf.reports) > 0 || kf.kbFile != "" || *cfgPath == "" {
		kb, err = kf.load(ctx, stderr)
	} else {
		ko := openOptions(cfg.Knowledge)
		ko.Skip = skipTo(stderr)
		kb, err = knowledge.OpenContext(ctx, ko)
	}
	if err != nil {
		return err
	}
	where := "settings last for this session; --store FILE keeps them"
	if *cfgPath == "" {
		cfg.Store.Driver, cfg.Store.Path = "sqlite", ":memory:"
		if *storePath != "" {
			cfg.Store.Path = *storePath
			where = "settings are kept in " + *storePath
		}
	} else {
		where = "settings are kept in the configured store"
	}
	st, err := openStore(ctx, cfg.Store)
	if err != nil {
		return err
	}
	defer st.Close()
	// Problems go to stderr; the console's own output is the conversation.
	// One person trying the bot is no flood: no question limits.
	cfg.Bot.UserRate, cfg.Bot.ChatRate = 0, 0
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	d := newServeDeps(cfg, log, kb, st)
	d.registerPlatform("console", nil, consoleOwner{})

	fmt.Fprintf(stdout, "reportbot console. Ask a question, /help for commands, /quit or Ctrl-D to leave.\nFollow-ups work as in a private chat. /digest and /settings work too: %s.\n\n", where)
	if f, ok := stdin.(*os.File); ok && console.IsTerminal(f) {
		return console.RunTerminal(ctx, d.handler, f, stdout)
	}
	return console.Run(ctx, d.handler, stdin, stdout, "")
}

// consoleOwner: the person at the console owns its one chat.
type consoleOwner struct{}

func (consoleOwner) IsChatAdmin(context.Context, string, string) (bool, error) { return true, nil }

var _ bot.AdminChecker = consoleOwner{}
