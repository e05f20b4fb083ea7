#!/usr/bin/env bash
# `npm test`: everything, from a fresh checkout — install, build, type-check, lint, all tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
node scripts/build.mjs --quiet
npx tsc --noEmit -p .
npx eslint src test bench scripts examples
npx mocha
