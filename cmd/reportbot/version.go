package main

import (
	"context"
	"fmt"
	"io"
	"runtime/debug"
)

func runVersion(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("version", "", stderr)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	version, commit := versionOf(debug.ReadBuildInfo())
	fmt.Fprintf(stdout, "reportbot %s (commit %s)\n", version, commit)
	return nil
}

// buildCommit is set by `make build` (-ldflags -X) from git, for builds
// where the go command cannot stamp the commit itself: it does not
// recognise a git worktree, whose .git is a file.
var buildCommit string

// versionOf reads the module version and VCS commit the go command stamped
// into the binary: `go install …@v1.2.0` gives the tag, a build in a git
// checkout gives the commit (marked -dirty when there were local changes).
func versionOf(info *debug.BuildInfo, ok bool) (version, commit string) {
	version, commit = "(devel)", "unknown"
	if !ok || info == nil {
		if buildCommit != "" {
			commit = buildCommit
		}
		return version, commit
	}
	if info.Main.Version != "" {
		version = info.Main.Version
	}
	dirty := false
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			commit = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if commit == "unknown" && buildCommit != "" {
		return version, buildCommit
	}
	if dirty && commit != "unknown" {
		commit += "-dirty"
	}
	return version, commit
}
