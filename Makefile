# The two commands the README promises: `make demo` runs the bot on the
# bundled report (no tokens, no network); `make test` runs every test.
GO ?= go

.PHONY: demo test build eval bench

# -buildvcs=true: stamp the commit even where GOFLAGS=-buildvcs=false is
# set, so `reportbot version` names what was built. The go command does not
# recognise a git worktree (.git is a file there), so the commit is also
# passed in from git; the stamped one wins where there is one.
COMMIT := $(shell git rev-parse HEAD 2>/dev/null)$(shell git diff --quiet HEAD 2>/dev/null || echo -dirty)
build:
	$(GO) build -buildvcs=true -ldflags "-X main.buildCommit=$(COMMIT)" -o bin/reportbot ./cmd/reportbot

demo:
	$(GO) run ./cmd/reportbot ask "who presided over the meeting?"

test:
	./scripts/test.sh

# Answer quality: the shared sample, then our own paraphrase/typo sets.
eval:
	python3 ../shared/eval/run.py . ../shared/eval/questions.json -v
	python3 ../shared/eval/run.py . eval/bundled-paraphrases.json
	python3 ../shared/eval/run.py . eval/chamber.json --report knowledge/testdata/good/chamber.txt
	python3 ../shared/eval/run.py . eval/congress.json --report knowledge/testdata/good/congress-standing.txt
	python3 ../shared/eval/run.py . eval/heldout/questions.json --reports-dir eval/heldout --strict
	python3 ../shared/eval/extract_score.py . eval/heldout

# Benchmarks, written into bench/RESULTS.md (and the README's summary):
# the whole bot as it runs (bench/botbench: reportbot build, a fresh
# serving process, every question kind timed alike) at BENCH_SIZES
# reports, then the index alone against a linear sahilm/fuzzy scan and
# Bleve (bench/bleve, its own module, so the product never builds Bleve).
# About ten minutes on 2 idle cores with the default sizes; the machine's
# load is printed with the figures. BENCH_SIZES=1,1000,10000,100000 for the
# large archive: its build takes about 14 minutes and 2 GiB on a loaded
# 2-core machine, serving it 4.4 GiB (see README).
BENCH_SIZES ?= 1,1000,10000
bench:
	$(GO) run ./bench/botbench -sizes $(BENCH_SIZES) -out bench/RESULTS.md -readme README.md
	cd bench/bleve && $(GO) run ./cmd/reportbench -sizes 1,100,1000,10000 -out ../RESULTS.md
