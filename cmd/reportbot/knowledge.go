package main

import (
	"flag"
	"fmt"

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

// load builds the knowledge base the flags describe.
func (k *kbFlags) load() (*knowledge.KB, error) {
	if k.kbFile != "" && len(k.reports) > 0 {
		return nil, fmt.Errorf("use either --kb or --report, not both")
	}
	return knowledge.Open(knowledge.OpenOptions{
		Reports:     k.reports,
		KBFile:      k.kbFile,
		Curation:    k.curation,
		MaxFileSize: k.maxFileSize,
	})
}

// openOptions is how a config's knowledge section is opened.
func openOptions(k config.Knowledge) knowledge.OpenOptions {
	return knowledge.OpenOptions{Reports: k.Reports, KBFile: k.KBFile, Curation: k.Curation, MaxFileSize: k.MaxFileSize}
}

// newBot loads the knowledge the flags describe and returns a bot over it
// with the default settings, as `ask` and `chat` use it.
func (k *kbFlags) newBot() (*bot.Bot, error) {
	kb, err := k.load()
	if err != nil {
		return nil, err
	}
	return bot.New(kb, bot.Options{MinConfidence: config.Default().Bot.MinConfidence}), nil
}
