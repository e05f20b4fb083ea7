#!/usr/bin/env bash
# `npm test`: everything, from a fresh checkout — install (npm, and Debian's chromium for the browser
# tests), build, type-check, lint, unit/process/browser tests, then the end-to-end suite in a real
# VS Code (code-server, installed into .cache/e2e by scripts/e2e/install.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
bash scripts/ensure-chromium.sh
node scripts/build.mjs --quiet
npx tsc --noEmit -p .
npx eslint src test bench scripts examples
npx mocha
if [ "${ALGOAGENT_SKIP_E2E:-}" = "1" ]; then
  echo "e2e: skipped (ALGOAGENT_SKIP_E2E=1)"
else
  bash scripts/e2e/run.sh
fi
