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

# --- Chromium, for the curator console's browser tests (internal/curator).
# Installed from the distribution's packages when missing; under CI=true
# those tests fail, not skip, without it.
if ! command -v chromium >/dev/null && ! command -v chromium-browser >/dev/null && [ -z "${CHROMIUM_PATH:-}" ]; then
	if command -v apt-get >/dev/null; then
		echo "== apt-get install chromium"
		SUDO=""
		[ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null && SUDO="sudo"
		$SUDO apt-get update -qq
		DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium
	else
		echo "apt-get not found: install Chromium (or set CHROMIUM_PATH) for the browser tests"
	fi
fi
# --- end Chromium

echo "== go vet"
go vet ./...

# -- PostgreSQL, for the store tests (internal/store/postgres, internal/schedule). Each test
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

# --- fuzzing (ops): every Fuzz* target in the module runs briefly, ~10 s
# each (FUZZTIME overrides); crashers land in the package's testdata/fuzz/.
echo "== go fuzz"
scripts/fuzz.sh
