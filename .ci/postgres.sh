#!/usr/bin/env bash
# Start a throwaway PostgreSQL 15 server for the store's contract tests.
# Source it from a root shell on Debian:  . .ci/postgres.sh
# It installs PostgreSQL when missing, runs initdb as the postgres user in a
# temporary directory, starts the server on loopback, exports
# FOLIO_TEST_POSTGRES and FOLIO_PG=require (the tests then fail rather than
# skip without it), and stops the server and removes the directory on exit.

folio_pg_bin=""
for d in /usr/lib/postgresql/*/bin; do
  [ -x "$d/initdb" ] && folio_pg_bin=$d
done
if [ -z "$folio_pg_bin" ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq postgresql >/dev/null
  for d in /usr/lib/postgresql/*/bin; do
    [ -x "$d/initdb" ] && folio_pg_bin=$d
  done
fi
if [ -z "$folio_pg_bin" ]; then
  echo "postgres.sh: no initdb after installing postgresql" >&2
  return 1 2>/dev/null || exit 1
fi

# initdb refuses to run as root: the data directory belongs to postgres.
folio_pg_dir=$(mktemp -d /tmp/folio-pg.XXXXXX)
chown postgres: "$folio_pg_dir"
folio_pg_port=${FOLIO_PG_PORT:-$(( 20000 + RANDOM % 20000 ))}
runuser -u postgres -- "$folio_pg_bin/initdb" -D "$folio_pg_dir/data" -A trust -U postgres >/dev/null
runuser -u postgres -- "$folio_pg_bin/pg_ctl" -D "$folio_pg_dir/data" -l "$folio_pg_dir/log" -w start \
  -o "-c listen_addresses=127.0.0.1 -p $folio_pg_port -k $folio_pg_dir -c max_connections=300 -c fsync=on" >/dev/null

folio_pg_stop() {
  runuser -u postgres -- "$folio_pg_bin/pg_ctl" -D "$folio_pg_dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$folio_pg_dir"
}
trap folio_pg_stop EXIT

"$folio_pg_bin/postgres" --version
export FOLIO_TEST_POSTGRES="postgres://postgres@127.0.0.1:$folio_pg_port/postgres?sslmode=disable"
export FOLIO_PG=require
echo "PostgreSQL on 127.0.0.1:$folio_pg_port (FOLIO_TEST_POSTGRES)"
