#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL 15 cluster for the database tests.
#
# When the server binaries exist in /usr/lib/postgresql/15/bin, a cluster is
# created in a temporary directory, started on a free loopback port (as the
# 'postgres' user when run as root, since initdb refuses root), exported as
# BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING for TestDatabases, and
# stopped and removed when the command ends. Without the binaries the command
# runs on SQLite only, and this script says so.
set -euo pipefail
pgbin="${PG_BIN:-/usr/lib/postgresql/15/bin}"
export BACKSTAGE_TEST_DISABLE_DOCKER=1

if [ ! -x "$pgbin/initdb" ]; then
  echo "with-postgres: no PostgreSQL 15 server in $pgbin; database tests run on SQLite only." >&2
  exec "$@"
fi

dir="$(mktemp -d /tmp/itsm-pg.XXXXXX)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
run_as=()
if [ "$(id -u)" = "0" ]; then
  chown postgres "$dir"
  run_as=(runuser -u postgres --)
fi
cleanup() {
  "${run_as[@]}" "$pgbin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT

"${run_as[@]}" "$pgbin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 >/dev/null
"${run_as[@]}" "$pgbin/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off" start >/dev/null
echo "with-postgres: PostgreSQL 15 running on 127.0.0.1:$port for this run." >&2
export BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING="postgresql://postgres@127.0.0.1:$port"
set +e
"$@"
status=$?
set -e
exit $status
