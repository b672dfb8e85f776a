#!/usr/bin/env bash
# Installs the dependencies from the lockfile and starts the demo portal from a
# production build of the frontend, served by the backend: everything on
# http://localhost:7007, with the Kestrel Commerce demo catalog and ITSM demo
# records. Data is kept in data/sqlite between restarts.
#
# The frontend (packages/app with plugins/itsm and plugins/itsm-common) is built
# once into packages/app/dist and rebuilt only when its sources changed: the
# build leaves a hash of those sources in packages/app/dist/.source-hash.
# The development server with hot reload stays available as `yarn dev`
# (frontend on :3000, backend on :7007).
#
#   ./scripts/start.sh                  install, build when needed, start
#   ./scripts/start.sh --no-install     skip the install (`yarn start` does this)
#   ./scripts/start.sh --build-only     install and build when needed, do not start
#   ./scripts/start.sh --config app-config.yaml --config app-config.local.yaml
#                                       any other argument goes to the backend
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

install=1
start=1
backend_args=()
for arg in "$@"; do
  case "$arg" in
    --no-install) install=0 ;;
    --build-only) start=0 ;;
    *) backend_args+=("$arg") ;;
  esac
done

if [ "$install" = 1 ]; then
  ./scripts/with-node.sh yarn install --immutable
fi

# What the built frontend is made of: the sources of the app and of the
# workspace packages it bundles, and the lockfile (dependency versions).
# Config is not part of it: the backend injects app-config into the served app
# at startup.
source_hash() {
  local paths=(packages/app plugins/itsm plugins/itsm-common yarn.lock)
  if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    # Tracked and untracked (not ignored) files that exist, so dist/ and
    # node_modules/ stay out and a deleted file changes the hash.
    git ls-files -z --cached --others --exclude-standard -- "${paths[@]}" |
      while IFS= read -r -d '' f; do [ ! -f "$f" ] || printf '%s\0' "$f"; done |
      sort -z -u | xargs -0 sha256sum | sha256sum | cut -d' ' -f1
  else
    find "${paths[@]}" -type f -not -path '*/node_modules/*' -not -path '*/dist/*' \
      -not -path '*/dist-types/*' -print0 |
      sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1
  fi
}

dist=packages/app/dist
stamp="$dist/.source-hash"
hash="$(source_hash)"
if [ -f "$stamp" ] && [ -f "$dist/index.html" ] && [ "$(cat "$stamp")" = "$hash" ]; then
  echo "start: the frontend build in $dist is up to date"
else
  if [ -f "$stamp" ]; then
    echo "start: the frontend sources changed; rebuilding $dist (about 30 s to 2 min)"
  else
    echo "start: building the frontend into $dist once (about 30 s to 2 min)"
  fi
  rm -f "$stamp"
  began=$(date +%s)
  ./scripts/with-node.sh yarn workspace app build
  echo "$hash" >"$stamp"
  echo "start: frontend built in $(($(date +%s) - began)) s"
fi

[ "$start" = 1 ] || exit 0

# The backend's app-backend plugin serves packages/app/dist (with the config
# injected) next to the APIs, so the app's own address is the backend's.
export APP_CONFIG_app_baseUrl="${APP_CONFIG_app_baseUrl:-http://localhost:7007}"
# The backend runs from its TypeScript sources as `yarn dev` runs it (the same
# transform), with NODE_ENV=development unless the environment sets it: the
# demo sign-in (packages/backend/src/auth/demoSignIn.ts) works only in
# development. Unlike `yarn dev` there is no file watcher, so edits in the tree
# do not restart the portal under its users.
export NODE_ENV="${NODE_ENV:-development}"
# Config files: app-config.yaml (and app-config.local.yaml when present)
# unless --config is given; relative paths are taken from the repository root.
root="$(pwd)"
configs=()
args=()
expect_config=0
for arg in ${backend_args[@]+"${backend_args[@]}"}; do
  if [ "$expect_config" = 1 ]; then
    case "$arg" in /*) ;; *) arg="$root/$arg" ;; esac
    configs+=(--config "$arg")
    expect_config=0
  elif [ "$arg" = --config ]; then
    expect_config=1
  else
    args+=("$arg")
  fi
done
if [ "${#configs[@]}" = 0 ]; then
  configs=(--config "$root/app-config.yaml")
  if [ -f app-config.local.yaml ]; then
    configs+=(--config "$root/app-config.local.yaml")
  fi
fi
echo "start: open http://localhost:7007 once the backend logs 'Listening on :7007'"
cd packages/backend
exec "$root/scripts/with-node.sh" node --enable-source-maps \
  --require @backstage/cli-node/config/nodeTransform.cjs \
  src/index.ts "${configs[@]}" ${args[@]+"${args[@]}"}
