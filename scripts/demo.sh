#!/usr/bin/env bash
# `npm run demo`: the whole promise, offline. A plain-words description becomes a strategy file
# (offline rule-based generator, no key), which is backtested in the sandboxed runner on the
# bundled sample data, and the statistics are printed.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
node scripts/build.mjs --quiet
DESCRIPTION="${1:-Buy when RSI(14) drops below 30, sell when it rises above 70, with a 5% stop loss}"
OUT="$(mktemp -d "${TMPDIR:-/tmp}/algoagent-demo.XXXXXX")"
echo "Description: $DESCRIPTION"
node dist/cli.js new "$DESCRIPTION" --provider offline --out "$OUT" --run --sample
