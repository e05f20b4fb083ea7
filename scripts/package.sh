#!/usr/bin/env bash
# `npm run package`: production build → .vsix with @vscode/vsce, then checks what is inside
# (`vsce ls` against the allowed paths; the files the extension cannot run without) and the size.
# Usage: scripts/package.sh [output.vsix]   (default: algoagent-<version>.vsix in the repo root)
# Exit 0: packaged and checked; 2: packaged and complete but over the 5 MB limit; 1: anything else.
# One platform-neutral package: no native binary ships (strategies are transpiled with dist/typescript.js).
set -euo pipefail
cd "$(dirname "$0")/.."

MAX_BYTES=$((5 * 1024 * 1024))
VERSION=$(node -p "require('./package.json').version")
OUT="${1:-algoagent-$VERSION.vsix}"
mkdir -p "$(dirname "$OUT")"

node scripts/build.mjs --production --quiet

VSCE=(npx --no-install vsce)
FLAGS=(--no-yarn)
if ! node -e "process.exit(require('./package.json').repository ? 0 : 1)"; then
  FLAGS+=(--allow-missing-repository --no-rewrite-relative-links)
fi
"${VSCE[@]}" package "${FLAGS[@]}" --out "$OUT" >&2

# What is inside: only the shipped paths (vsce ls applies the same .vscodeignore).
LIST=$("${VSCE[@]}" ls --no-yarn 2>/dev/null)
ALLOWED='^(package\.json|README\.md|CHANGELOG\.md|LICENSE(\.md|\.txt)?|dist/[^ ]+\.(js|css|html|wasm|json|ttf|woff2?|svg|png)|dist/prompts/[^ /]+\.md|dist/types/[^ ]+\.d\.ts|syntaxes/.+|snippets/.+|schemas/.+|media/.+|dist/docs/[^ /]+\.md)$'
BAD=$(grep -Ev "$ALLOWED" <<<"$LIST" || true)
if [ -n "$BAD" ]; then
  echo "package: files that must not ship:" >&2
  echo "$BAD" >&2
  exit 1
fi
for need in package.json README.md CHANGELOG.md LICENSE dist/extension.js dist/runner.js dist/typescript.js \
  dist/cli.js dist/sql-wasm.wasm dist/prompts/fix.md dist/prompts/strategy-api.md dist/types/api.d.ts dist/webview/main.js \
  dist/docs/errors.md; do
  grep -qx "$need" <<<"$LIST" || { echo "package: $need is missing from the .vsix" >&2; exit 1; }
done

BYTES=$(stat -c %s "$OUT")
echo "package: $OUT — $(wc -l <<<"$LIST") files, $BYTES bytes ($(awk "BEGIN{printf \"%.2f\", $BYTES/1048576}") MB, limit 5 MB)" >&2
echo "$OUT"
if [ "$BYTES" -gt "$MAX_BYTES" ]; then
  # Exit 2: the .vsix was built and is complete, but it breaks the size limit.
  echo "package: FAILED size limit: $OUT is larger than 5 MB ($BYTES > $MAX_BYTES bytes)" >&2
  exit 2
fi
