#!/usr/bin/env bash
# Runs every test. CI runs exactly this (through .ci/run). It installs what
# the tests need, so it passes on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== go vet"
go vet ./...

# -- PostgreSQL, for the store tests (store/postgres, schedule). Each test
# run uses a fresh schema in database test; with CI=true they fail, not
# skip, when the server is unreachable.
export REPORTBOT_TEST_DSN="${REPORTBOT_TEST_DSN:-postgres://postgres@127.0.0.1:5432/test?sslmode=disable}"
if command -v pg_isready >/dev/null && ! pg_isready -q -h 127.0.0.1 -p 5432 && [ -d /etc/postgresql ]; then
  echo "== starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
fi
# -- end PostgreSQL

echo "== go test"
go test -count=1 ./...
