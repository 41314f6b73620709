#!/usr/bin/env bash
# Runs a command against a throw-away PostgreSQL cluster that lives only for this run.
set -euo pipefail
: "${PG_BIN:?PG_BIN must name the PostgreSQL server binaries folder}"
dir=$(mktemp -d /tmp/webapp-pg.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
as_pg=()
if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; as_pg=(runuser -u postgres --); fi
"${as_pg[@]}" "$PG_BIN/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
"${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$dir/data" -w -l "$dir/log" \
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null
stop() { "${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$dir/data" -m fast stop >/dev/null || true; rm -rf "$dir"; }
trap stop EXIT
"$PG_BIN/psql" -h 127.0.0.1 -p "$port" -U postgres -q -c "CREATE DATABASE webapp_test" >/dev/null
echo "PostgreSQL on port $port"
TEST_DATABASE_URL="postgresql+psycopg://postgres@127.0.0.1:$port/webapp_test" "$@"
