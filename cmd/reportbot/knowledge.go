package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/reportbot/reportbot/bot"
	"github.com/reportbot/reportbot/internal/config"
	"github.com/reportbot/reportbot/knowledge"
)

// kbFlags are the knowledge-source flags shared by ask, chat and build.
type kbFlags struct {
	reports     multiFlag
	kbFile      string
	curation    string
	maxFileSize int64
}

func (k *kbFlags) register(fs *flag.FlagSet, withKB bool) {
	fs.Var(&k.reports, "report", "report `FILE|DIR` (.txt, .md); repeatable; default: the bundled report")
	if withKB {
		fs.StringVar(&k.kbFile, "kb", "", "load a knowledge `FILE` written by `reportbot build`")
	}
	fs.StringVar(&k.curation, "curation", "", "curation `FILE` (YAML) to apply")
	fs.Int64Var(&k.maxFileSize, "max-file-size", knowledge.DefaultMaxFileSize, "reject report files larger than this many `bytes`")
}

// load builds the knowledge base the flags describe. With a non-nil
// skipped, a report file that fails to load is reported there and left
// out (ask, chat, digest: answer from what loads); with nil, it is an error
// (build: a knowledge file must not silently lack a report).
func (k *kbFlags) load(ctx context.Context, skipped io.Writer) (*knowledge.KB, error) {
	if k.kbFile != "" && len(k.reports) > 0 {
		return nil, fmt.Errorf("use either --kb or --report, not both")
	}
	return knowledge.OpenContext(ctx, knowledge.OpenOptions{
		Reports:     k.reports,
		KBFile:      k.kbFile,
		Curation:    k.curation,
		MaxFileSize: k.maxFileSize,
		Skip:        skipTo(skipped),
	})
}

// skipTo reports a skipped report file on w; nil for none.
func skipTo(w io.Writer) func(error) {
	if w == nil {
		return nil
	}
	return func(err error) { fmt.Fprintf(w, "reportbot: skipped %v\n", err) }
}

// openOptions is how a config's knowledge section is opened.
func openOptions(k config.Knowledge) knowledge.OpenOptions {
	return knowledge.OpenOptions{Reports: k.Reports, KBFile: k.KBFile, Curation: k.Curation, MaxFileSize: k.MaxFileSize}
}

// newBot loads the knowledge the flags describe and returns a bot over it
// with the default settings, as `ask` and `chat` use it.
func (k *kbFlags) newBot(ctx context.Context, stderr io.Writer) (*bot.Bot, error) {
	kb, err := k.load(ctx, stderr)
	if err != nil {
		return nil, err
	}
	return bot.New(kb, bot.Options{MinConfidence: config.Default().Bot.MinConfidence}), nil
}
