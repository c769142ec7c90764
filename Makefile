# The two commands the README promises: `make demo` runs the bot on the
# bundled report (no tokens, no network); `make test` runs every test.
GO ?= go

.PHONY: demo test build eval

build:
	$(GO) build -o bin/reportbot ./cmd/reportbot

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
