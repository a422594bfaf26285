#!/usr/bin/env bash
# The project's test command (`npm test`): types, then unit, model and CLI tests, then the
# dashboard in a real browser (Debian's chromium, installed by scripts/ensure-browser.sh
# when missing). Ends with one line "zhixiao: N passed, M failed".
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p test-results
status=0

echo "== types"
npx tsc --noEmit -p tsconfig.json || status=1
npx svelte-kit sync && npx svelte-check --tsconfig dashboard/tsconfig.json --threshold error || status=1

echo "== dashboard build"
# Built once here, so that no test finds build/ stale and rebuilds it under another test's server.
npx vite build --logLevel warn || status=1

echo "== unit, model and command-line tests"
npx vitest run --reporter=default --reporter=json --outputFile=test-results/unit.json || status=1

echo "== dashboard in a real browser"
if bash scripts/ensure-browser.sh; then
  npx vitest run -c vitest.browser.config.ts --reporter=default --reporter=json --outputFile=test-results/browser.json || status=1
else
  echo "could not install the browser test dependencies" >&2
  status=1
fi

node scripts/test-summary.mjs test-results/unit.json test-results/browser.json || status=1
exit $status
