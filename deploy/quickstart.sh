#!/bin/sh
# One entry point for a fresh Debian/Ubuntu machine:
#   sh deploy/quickstart.sh run [kiosk run options]   # the kiosk on SQLite + bundled scenarios
#   sh deploy/quickstart.sh test [pytest options]     # the whole test suite, under Xvfb, and the
#                                                     # store and hub tests on PostgreSQL too
# Installs system packages when run as root or with password-less sudo, creates .venv,
# installs the project, then does the job. Safe to run again.
set -eu
cd "$(dirname "$0")/.."
job="${1:-run}"; [ $# -gt 0 ] && shift

PACKAGES="python3 python3-venv python3-pip ca-certificates xvfb xauth espeak-ng libespeak-ng1 libmtdev1 \
fonts-noto-core libgl1 libegl1 libgles2 libgl1-mesa-dri libsdl2-2.0-0 poppler-utils"
# The hub's pages are tested in a real browser: Debian's Chromium, driven by Playwright,
# whose bundled driver (Node.js) needs libatomic1. The unit's stop is measured with pgrep (procps).
if [ "$job" = test ]; then PACKAGES="$PACKAGES chromium libatomic1 procps"; fi

if [ "$(id -u)" = 0 ]; then SUDO=""; elif sudo -n true 2>/dev/null; then SUDO="sudo -n"; else SUDO=none; fi
missing=""
for p in $PACKAGES; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
if [ -n "$missing" ]; then
  if [ "$SUDO" = none ]; then
    echo "Missing system packages:$missing — ask an administrator to install them." >&2
  else
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
  fi
fi

PY=python3
command -v python3.11 >/dev/null 2>&1 && PY=python3.11
[ -x .venv/bin/python ] || "$PY" -m venv .venv
stamp=.venv/.installed-$(cksum pyproject.toml | cut -d' ' -f1)
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip >/dev/null
  .venv/bin/python -m pip install -q -e '.[dev]'
  touch "$stamp"
fi
# the install compiles the catalogues (kiosk and hub); again here, so an edited .po counts now
.venv/bin/pybabel -q compile -d kiosk/locale -D "kiosk hub"

case "$job" in
  run)
    exec .venv/bin/kiosk run "$@" ;;
  test)
    # the GUI tests start their own Xvfb; SDL plays sound into a dummy device
    export SDL_AUDIODRIVER="${SDL_AUDIODRIVER:-dummy}"
    # The store and hub tests also run on PostgreSQL: a throwaway cluster, deleted after.
    pg_dir=""
    trap '[ -z "$pg_dir" ] || sh deploy/test-postgres.sh stop "$pg_dir"' EXIT
    trap 'exit 130' INT TERM
    if [ -z "${KIOSK_TEST_PG_URL:-}" ]; then
      if ! ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1 && [ "$SUDO" != none ]; then
        DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null || true
      fi
      if pg_env="$(sh deploy/test-postgres.sh start)"; then
        eval "$pg_env"
        pg_dir="$KIOSK_TEST_PG_DIR"
        echo "PostgreSQL tests on $KIOSK_TEST_PG_URL"
      else
        [ "$SUDO" = none ] && echo "(installing PostgreSQL needs root or password-less sudo)" >&2
      fi
    fi
    # two workers (CI has two cores); a file whose tests share a kiosk run stays on one
    .venv/bin/python -m pytest -q -n 2 --dist loadgroup "$@" ;;
  *)
    echo "usage: sh deploy/quickstart.sh run|test" >&2; exit 2 ;;
esac
