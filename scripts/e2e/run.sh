#!/usr/bin/env bash
# The whole end-to-end suite in one command: installs what is missing (Debian packages, Node 24 and
# code-server into .cache/e2e/), packages the .vsix and installs it into a fresh extensions folder,
# then runs the Playwright UI checks and the mocha suite inside VS Code's extension host.
# Exit status non-zero on any failure; the last line is `N passed, N failed`.
# Screenshots and logs: test-artifacts/e2e/ (git-ignored). E2E_ONLY=<part of a ui file name> narrows.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT="$PWD"
T0=$(date +%s)
PASSED=0
FAILED=0
finish() {
  echo "e2e took $(( $(date +%s) - T0 )) s"
  echo "$PASSED passed, $FAILED failed"
}
fail_setup() {
  echo "e2e setup failed: $1" >&2
  FAILED=$((FAILED + 1))
  finish
  exit 1
}

bash scripts/ensure-deps.sh
eval "$(bash scripts/e2e/install.sh)" || fail_setup "installing Node 24 / code-server / Debian packages"

ARTIFACTS="$ROOT/test-artifacts/e2e"
rm -rf "$ARTIFACTS"
mkdir -p "$ARTIFACTS"
RUN_DIR=$(mktemp -d "${TMPDIR:-/tmp}/algoagent-e2e.XXXXXX")
cleanup() {
  # keep the logs of every code-server and the extension host with the screenshots
  find "$RUN_DIR" -maxdepth 2 -name 'code-server.log' -print0 2>/dev/null | while IFS= read -r -d '' f; do
    cp "$f" "$ARTIFACTS/$(basename "$(dirname "$f")").code-server.log" 2>/dev/null || true
  done
  # and VS Code's own logs of each window: the extension host's log and every output channel
  find "$RUN_DIR" -maxdepth 3 -path '*/user-data/logs' -type d -print0 2>/dev/null | while IFS= read -r -d '' d; do
    cp -r "$d" "$ARTIFACTS/$(basename "$(dirname "$(dirname "$d")")").logs" 2>/dev/null || true
  done
  rm -rf "$RUN_DIR"
}
trap cleanup EXIT

# The packaged extension: build, vsce package, contents and size checks (exit 2 = over the 5 MB limit).
VSIX="$ROOT/.cache/e2e/algoagent.vsix"
set +e
bash scripts/package.sh "$VSIX" > "$ARTIFACTS/package.log" 2>&1
PKG=$?
set -e
grep '^package:' "$ARTIFACTS/package.log" || true
if [ "$PKG" -eq 0 ]; then
  PASSED=$((PASSED + 1)); echo "ok   package: contents and size (scripts/package.sh)"
elif [ "$PKG" -eq 2 ]; then
  FAILED=$((FAILED + 1)); echo "FAIL package: .vsix over the 5 MB limit (the suite goes on with it)"
else
  cat "$ARTIFACTS/package.log" >&2
  fail_setup "scripts/package.sh (see $ARTIFACTS/package.log)"
fi

node scripts/e2e/build-suite.mjs > /dev/null || fail_setup "bundling test/e2e/host"

# The activation baseline: an empty extension woken by the same event (compared in trusted.ui.ts).
BASELINE_VSIX="$RUN_DIR/activation-baseline.vsix"
(cd test/e2e/baseline-extension && "$ROOT/node_modules/.bin/vsce" package --no-yarn --allow-missing-repository --skip-license --out "$BASELINE_VSIX") \
  > "$ARTIFACTS/package-baseline.log" 2>&1 || { cat "$ARTIFACTS/package-baseline.log" >&2; fail_setup "packaging test/e2e/baseline-extension"; }

# A fresh extensions folder with the .vsix installed the way a user installs it.
EXT_DIR="$RUN_DIR/extensions"
mkdir -p "$EXT_DIR" "$RUN_DIR/install-home"
HOME="$RUN_DIR/install-home" XDG_CONFIG_HOME="$RUN_DIR/install-home/config" XDG_DATA_HOME="$RUN_DIR/install-home/data" \
  PATH="$(dirname "$NODE24"):$PATH" \
  "$NODE24" "$CODE_SERVER_ENTRY" --extensions-dir "$EXT_DIR" --user-data-dir "$RUN_DIR/install-home/udd" \
  --install-extension "$VSIX" --install-extension "$BASELINE_VSIX" > "$ARTIFACTS/install-extension.log" 2>&1 \
  || { cat "$ARTIFACTS/install-extension.log" >&2; fail_setup "code-server --install-extension"; }
ls "$EXT_DIR" | grep -q '^algoagent\.algoagent-' || fail_setup "the .vsix did not install into $EXT_DIR"
ls "$EXT_DIR" | grep -q '^algoagent-test\.algoagent-e2e-baseline-' || fail_setup "the activation baseline did not install into $EXT_DIR"

set +e
E2E_NODE24="$NODE24" E2E_CODE_SERVER_ENTRY="$CODE_SERVER_ENTRY" E2E_CHROMIUM="$CHROMIUM" \
  E2E_EXTENSIONS_DIR="$EXT_DIR" E2E_RUN_DIR="$RUN_DIR" E2E_ARTIFACTS="$ARTIFACTS" \
  E2E_HOST_BUILD="$ROOT/.cache/e2e/build/host" \
  node_modules/.bin/tsx test/e2e/driver.ts 2>&1 | tee "$ARTIFACTS/driver.log"
DRIVER=${PIPESTATUS[0]}
set -e
COUNTS=$(grep -E '^e2e: [0-9]+ passed, [0-9]+ failed$' "$ARTIFACTS/driver.log" | tail -1 || true)
if [ -n "$COUNTS" ]; then
  PASSED=$((PASSED + $(sed -E 's/^e2e: ([0-9]+) passed.*/\1/' <<<"$COUNTS")))
  FAILED=$((FAILED + $(sed -E 's/.* ([0-9]+) failed$/\1/' <<<"$COUNTS")))
else
  FAILED=$((FAILED + 1))
fi
[ "$DRIVER" -ne 0 ] && [ -z "$COUNTS" ] && echo "the e2e driver exited with $DRIVER without a summary" >&2
finish
[ "$FAILED" -eq 0 ]
