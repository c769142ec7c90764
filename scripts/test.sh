#!/usr/bin/env bash
# Runs every test. CI runs exactly this (through .ci/run). It installs what
# the tests need, so it passes on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")/.."

# --- Telegram end-to-end (tests/telegram): install the pinned Bot API
# emulator. Without it the e2e test skips, and under CI=true it fails.
echo "== npm ci (tests/telegram)"
if command -v npm >/dev/null; then
	(cd tests/telegram && npm ci --no-audit --no-fund --loglevel=error)
else
	echo "npm not found: the Telegram end-to-end test cannot run"
fi
# --- end Telegram

echo "== go vet"
go vet ./...

echo "== go test"
go test -count=1 ./...

# --- fuzzing (ops): every Fuzz* target in the module runs briefly, ~10 s
# each (FUZZTIME overrides); crashers land in the package's testdata/fuzz/.
echo "== go fuzz"
scripts/fuzz.sh
