#!/usr/bin/env bash
# The one test command (`npm test`): installs what is missing, builds the renderer for the browser
# tests, starts a throwaway PostgreSQL, runs every test, and prints `tests: N passed, N failed`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
npm run build:renderer --silent
npm run build:hq-admin --silent
source scripts/pg-throwaway.sh
mkdir -p test-results
status=0
npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json "$@" || status=$?
node scripts/count-tests.mjs test-results/vitest.json || status=1
exit $status
