#!/bin/sh
# A throwaway PostgreSQL cluster for the tests, in a temporary directory, on a free port.
#   eval "$(sh deploy/test-postgres.sh start)"   # sets KIOSK_TEST_PG_URL and KIOSK_TEST_PG_DIR
#   sh deploy/test-postgres.sh stop "$KIOSK_TEST_PG_DIR"
# "start" prints shell assignments on stdout (and why not, on stderr, exiting 1, when
# PostgreSQL is not installed). The cluster trusts local connections, listens on
# 127.0.0.1 only and runs with fsync off: it holds test data and is deleted afterwards.
# As root it runs as the "postgres" system user (initdb refuses root).
set -eu
action="${1:-start}"

bindir=""
for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k4 -n); do bindir="$d"; done
[ -z "$bindir" ] && command -v initdb >/dev/null 2>&1 && bindir="$(dirname "$(command -v initdb)")"

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$action" in
  start)
    if [ -z "$bindir" ]; then
      echo "PostgreSQL is not installed (no initdb): the PostgreSQL tests are skipped." >&2
      exit 1
    fi
    if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
      echo "There is no 'postgres' user to run the test cluster: the PostgreSQL tests are skipped." >&2
      exit 1
    fi
    dir="$(mktemp -d /tmp/kiosk-test-pg.XXXXXX)"
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    as_owner "$bindir/initdb" -D "$dir/data" -U kiosk -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || { echo "initdb failed: see $dir/initdb.log — the PostgreSQL tests are skipped." >&2; exit 1; }
    as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -o \
      "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
      start >/dev/null \
      || { echo "PostgreSQL did not start: see $dir/server.log — the PostgreSQL tests are skipped." >&2; exit 1; }
    as_owner "$bindir/createdb" -h 127.0.0.1 -p "$port" -U kiosk kiosk_test
    echo "KIOSK_TEST_PG_URL='postgresql+psycopg://kiosk@127.0.0.1:$port/kiosk_test'; export KIOSK_TEST_PG_URL;"
    echo "KIOSK_TEST_PG_DIR='$dir'; export KIOSK_TEST_PG_DIR;"
    ;;
  stop)
    dir="${2:?the directory printed by start}"
    case "$dir" in /tmp/kiosk-test-pg.*) ;; *) echo "not a test cluster: $dir" >&2; exit 2 ;; esac
    [ -d "$dir/data" ] && as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  *)
    echo "usage: sh deploy/test-postgres.sh start | stop DIR" >&2; exit 2 ;;
esac
