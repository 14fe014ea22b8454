#!/usr/bin/env bash
# Sourced by scripts/test.sh: starts a throwaway PostgreSQL from Debian's package on a free port and
# exports PG_TEST_URL, so HQ tests run against a real server as well as PGlite. Stops it on exit.
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$pg_bin" ] || [ -n "${PG_TEST_URL:-}" ]; then
  [ -z "${PG_TEST_URL:-}" ] && echo "test: PostgreSQL is not installed; HQ tests run on PGlite only" >&2
  return 0 2>/dev/null || exit 0
fi
PG_ROOT=$(mktemp -d)
# A port the kernel just handed out, so two runs on one machine (CI and a developer) do not collide.
PG_PORT=${PG_TEST_PORT:-$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")}
as_pg() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$1"; else sh -c "$1"; fi; }
[ "$(id -u)" = 0 ] && chown postgres:postgres "$PG_ROOT"
as_pg "$pg_bin/initdb -D $PG_ROOT/data -A trust -U postgres -E UTF8 --locale=C.UTF-8" >/dev/null
as_pg "$pg_bin/pg_ctl -D $PG_ROOT/data -l $PG_ROOT/log -o '-p $PG_PORT -k $PG_ROOT -c listen_addresses=127.0.0.1 -c fsync=off' -w start" >/dev/null
export PG_TEST_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres"
stop_pg() { as_pg "$pg_bin/pg_ctl -D $PG_ROOT/data -m fast -w stop" >/dev/null 2>&1 || true; rm -rf "$PG_ROOT"; }
trap stop_pg EXIT
echo "test: throwaway PostgreSQL on port $PG_PORT"
