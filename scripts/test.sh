#!/usr/bin/env bash
# Installs the dependencies from the lockfile and runs every check:
# type check, lint, unit and integration tests, then the browser tests when
# Debian's chromium is installed (apt-get install -y chromium).
# Database tests run on SQLite, and also on PostgreSQL 15 when
# BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING is set
# (scripts/with-postgres.sh does that; .ci/run uses it).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export CI=true
step() { printf '\n==> %s\n' "$*"; }

step "install (from yarn.lock)"
./scripts/with-node.sh yarn install --immutable

step "type check"
./scripts/with-node.sh yarn tsc

step "type check of the benchmark and reliability scripts (yarn bench, yarn test:reliability)"
./scripts/with-node.sh yarn tsc -p bench
./scripts/with-node.sh yarn tsc -p reliability

step "lint"
./scripts/with-node.sh yarn lint:all

step "file sizes (no source file over 500 lines)"
./scripts/with-node.sh node scripts/check-file-sizes.mjs

step "unit and integration tests"
./scripts/with-node.sh yarn test

if [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  step "browser tests (headless chromium)"
  ./scripts/with-node.sh yarn e2e
else
  step "browser tests skipped: no chromium at ${CHROMIUM_PATH:-/usr/bin/chromium} (apt-get install -y chromium)"
fi
