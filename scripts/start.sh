#!/usr/bin/env bash
# Installs the dependencies from the lockfile and starts the demo portal:
# frontend on http://localhost:3000, backend on http://localhost:7007, with the
# Kestrel Commerce demo catalog and ITSM demo records. Data is kept in
# data/sqlite between restarts.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
./scripts/with-node.sh yarn install --immutable
exec ./scripts/with-node.sh yarn start "$@"
