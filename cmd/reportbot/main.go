// Command reportbot answers questions about reports in Telegram, Slack and
// the console. Run `reportbot help` for the subcommands.
//
// It is the one binary, the only place where the core, the adapters and the
// service parts are wired together.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"

	"github.com/reportbot/reportbot/internal/config"
	"github.com/reportbot/reportbot/internal/logging"
)

// subcommand is one `reportbot X`.
type subcommand struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error
}

func subcommands() []subcommand {
	return []subcommand{
		{"ask", "answer questions as the bot would in a private chat", runAsk},
		{"chat", "an interactive console session with the bot", runChat},
		{"build", "build a knowledge file from reports", runBuild},
		{"inspect", "show who each report names, with roles, actions and the sentence each came from", runInspect},
		{"serve", "run the Telegram and Slack adapters the config enables", runServe},
		{"digest", "print a digest as a chat would get it", runDigest},
		{"add", "store a report file (FILE [--tag T]) for every replica to serve", runAdd},
		{"remove", "remove a stored report by its ID", runRemove},
		{"reports", "list the stored reports (added from chat or with add)", runReports},
		{"unanswered", "list the questions the bot could not answer, most asked first", runUnanswered},
		{"config", "check a config file (config check FILE) or list environment overrides (config env)", runConfig},
		{"version", "print the version and commit", runVersion},
	}
}

type scrubberKey struct{}

// noteSecrets adds secrets (from a config file a command read) to what
// run scrubs from every output.
func noteSecrets(ctx context.Context, secrets []string) {
	if s, ok := ctx.Value(scrubberKey{}).(*logging.Scrubber); ok {
		s.Add(secrets...)
	}
}

// errUsage marks a bad command line: exit code 2, no stack of wrapping.
var errUsage = errors.New("usage error")

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run executes one subcommand. Everything it writes, its final error and
// a panic's message and stack go through one Scrubber: the log handler
// redacts log lines, but an error returned to here or a panic would
// otherwise print a token a library quoted. The Scrubber starts with the
// secrets set in the environment and learns those of a config file when a
// command reads one (noteSecrets).
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return runWith(ctx, subcommands(), args, stdin, stdout, stderr)
}

func runWith(ctx context.Context, cmds []subcommand, args []string, stdin io.Reader, stdout, stderr io.Writer) (code int) {
	envCfg, _ := config.Check(nil, os.Getenv)
	scrub := logging.NewScrubber(envCfg.Secrets()...)
	stdout, stderr = scrub.Writer(stdout), scrub.Writer(stderr)
	ctx = context.WithValue(ctx, scrubberKey{}, scrub)
	defer func() {
		if p := recover(); p != nil {
			fmt.Fprintf(stderr, "reportbot: panic: %v\n\n%s", p, debug.Stack())
			code = 2
		}
	}()
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(stdout)
		return 0
	}
	for _, sc := range cmds {
		if sc.name != args[0] {
			continue
		}
		err := sc.run(ctx, args[1:], stdin, stdout, stderr)
		switch {
		case err == nil, errors.Is(err, flag.ErrHelp):
			return 0
		case errors.Is(err, errUsage):
			return 2
		default:
			fmt.Fprintln(stderr, "reportbot:", scrub.String(err.Error()))
			return 1
		}
	}
	fmt.Fprintf(stderr, "reportbot: unknown command %q\n\n", args[0])
	usage(stderr)
	return 2
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "reportbot answers questions about reports in Telegram, Slack and the console.")
	fmt.Fprintln(w, "\nUsage: reportbot COMMAND [flags]\n\nCommands:")
	for _, sc := range subcommands() {
		fmt.Fprintf(w, "  %-12s %s\n", sc.name, sc.summary)
	}
	fmt.Fprintln(w, "\nRun `reportbot COMMAND --help` for a command's flags.")
}

// newFlags makes a FlagSet whose errors and help go to stderr and which
// returns errors instead of exiting, so run() decides the exit code.
func newFlags(name, synopsis string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: reportbot %s %s\n\n", name, synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses and maps flag errors to errUsage.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	return nil
}

// multiFlag collects a repeated flag such as --report.
type multiFlag []string

func (m *multiFlag) String() string     { return fmt.Sprint(*m) }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

// loadConfig loads a config file and notes its secrets for scrubbing, even
// when the file has problems: a problem may quote a value.
func loadConfig(ctx context.Context, path string) (config.Config, error) {
	cfg, err := config.Load(path)
	noteSecrets(ctx, cfg.Secrets())
	return cfg, err
}
