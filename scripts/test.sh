#!/usr/bin/env bash
# Runs every test. CI runs exactly this (through .ci/run). It installs what
# the tests need, so it passes on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== go vet"
go vet ./...

echo "== go test"
go test -count=1 ./...

# --- fuzzing (ops): every Fuzz* target in the module runs briefly, ~10 s
# each (FUZZTIME overrides); crashers land in the package's testdata/fuzz/.
echo "== go fuzz"
scripts/fuzz.sh
