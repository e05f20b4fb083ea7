#!/usr/bin/env bash
# `npm run demo`: install, build, and backtest the example strategy on the bundled sample data.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
node scripts/build.mjs --quiet
node dist/cli.js backtest examples/sma-cross.strategy.ts --sample "$@"
