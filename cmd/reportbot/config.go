package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/reportbot/reportbot/internal/config"
	"github.com/reportbot/reportbot/knowledge"
)

func runConfig(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprintln(stderr, "Usage: reportbot config check [--no-env] [FILE]   validate a config file (default: built-in defaults)")
		fmt.Fprintln(stderr, "       reportbot config env                      list the environment variables that override settings")
		if len(args) == 0 {
			return errUsage
		}
		return nil
	}
	switch args[0] {
	case "check":
		return runConfigCheck(ctx, args[1:], stdout, stderr)
	case "env":
		for _, e := range config.EnvVars() {
			var notes []string
			if e.Secret {
				notes = append(notes, "secret")
			}
			if e.EnvOnly {
				notes = append(notes, "environment only")
			}
			kind := ""
			if len(notes) > 0 {
				kind = " (" + strings.Join(notes, ", ") + ")"
			}
			fmt.Fprintf(stdout, "%-31s %s%s\n", e.Name, e.Path, kind)
		}
		return nil
	}
	fmt.Fprintf(stderr, "reportbot config: unknown subcommand %q (want check or env)\n", args[0])
	return errUsage
}

// runConfigCheck prints each problem as FILE:LINE: key: message, the form
// editors and CI logs link to the line.
func runConfigCheck(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("config check", "[--no-env] [FILE]", stderr)
	noEnv := fs.Bool("no-env", false, "check the file alone, without the environment overrides `serve` would apply")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 1 {
		fs.Usage()
		return errUsage
	}
	name, data := "(defaults)", []byte(nil)
	if fs.NArg() == 1 {
		name = fs.Arg(0)
		var err error
		if data, err = os.ReadFile(name); err != nil {
			return fmt.Errorf("config check: %w", err)
		}
	}
	getenv := os.Getenv
	if *noEnv {
		getenv = nil
	}
	cfg, problems := config.Check(data, getenv)
	noteSecrets(ctx, cfg.Secrets())
	// The curation file the config names gets the checks every loader of
	// it applies (the console's editor among them), so a file that passes
	// here is one serve will load.
	var curation []string
	if path := cfg.Knowledge.Curation; path != "" {
		if cur, err := os.ReadFile(path); err != nil {
			curation = append(curation, fmt.Sprintf("%s: knowledge.curation: %v", name, err))
		} else if _, err := knowledge.ParseCuration(cur); err != nil {
			curation = append(curation, fmt.Sprintf("%s: %v", path, err))
		}
	}
	if len(problems)+len(curation) == 0 {
		fmt.Fprintf(stdout, "%s: OK\n", name)
		return nil
	}
	for _, p := range problems {
		where := name
		if p.Line > 0 {
			where += ":" + strconv.Itoa(p.Line)
		}
		p.Line = 0 // already in where
		fmt.Fprintf(stdout, "%s: %s\n", where, p)
	}
	for _, line := range curation {
		fmt.Fprintln(stdout, line)
	}
	if n := len(problems) + len(curation); n != 1 {
		return fmt.Errorf("%s: %d problems", name, n)
	}
	return fmt.Errorf("%s: 1 problem", name)
}
