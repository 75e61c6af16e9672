#!/bin/sh
# Set up the hub of an EPN (or of a network of EPNs): Debian 12 or Ubuntu 24.04.
#
#   sudo sh deploy/hub/setup.sh                     install or update, PostgreSQL on this machine
#   sudo sh deploy/hub/setup.sh --database-url URL  another database (a PostgreSQL elsewhere)
#   sudo sh deploy/hub/setup.sh --sqlite            a SQLite file under the hub's home (small EPN)
#   sudo sh deploy/hub/setup.sh --rollback          back to the release before the last update
#   sh deploy/hub/setup.sh --root DIR --dry-run     write every file under DIR, run nothing
#
# Steps: packages; the system user epn-hub (home /var/lib/epn-kiosk-hub = KIOSK_HUB_HOME);
# PostgreSQL role and database "epn-hub" reached through the local socket (peer login:
# no password); a backup of the database before an update; the hub in a new release
# folder /opt/epn-kiosk-hub/releases/<time> with the [hub] extra; /etc/epn-kiosk-hub/hub.env;
# the service on 127.0.0.1:8300 with Restart=always; a nightly backup timer. TLS is
# nginx's job: deploy/hub/nginx-epn-hub.conf (deploy/README.md, "The hub").
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=deploy/lib.sh
. "$HERE/../lib.sh"

ROOT=""; DRY_RUN=0; ROLLBACK=0; DATABASE_URL=""
SOURCE=$(cd "$HERE/../.." && pwd)
HUB_USER=epn-hub
PREFIX=/opt/epn-kiosk-hub
HUB_HOME=/var/lib/epn-kiosk-hub
while [ $# -gt 0 ]; do
  case "$1" in
    --root) ROOT=$(cd "$2" && pwd); shift 2 ;;
    --dry-run) DRY_RUN=1; shift ;;
    --database-url) DATABASE_URL="$2"; shift 2 ;;
    --sqlite) DATABASE_URL="sqlite:///$HUB_HOME/hub.db"; shift ;;
    --source) SOURCE=$(cd "$2" && pwd); shift 2 ;;
    --rollback) ROLLBACK=1; shift ;;
    -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
    *) die "unknown option $1 (see: sh deploy/hub/setup.sh --help)" ;;
  esac
done
[ "$ROOT" = / ] && ROOT=""
if [ "$DRY_RUN" = 1 ] && [ -z "$ROOT" ]; then
  die "--dry-run writes its files under --root DIR: give one"
fi
if [ "$DRY_RUN" = 0 ] && [ "$(id -u)" != 0 ]; then
  die "run it as root: sudo sh deploy/hub/setup.sh"
fi
LOCAL_PG=0
if [ -z "$DATABASE_URL" ]; then
  LOCAL_PG=1
  DATABASE_URL="postgresql+psycopg:///$HUB_USER?host=/run/postgresql"
fi

if [ "$ROLLBACK" = 1 ]; then
  rollback_release "$PREFIX"
  [ -n "$ROOT" ] || [ "$DRY_RUN" = 1 ] || systemctl restart epn-kiosk-hub.service
  exit 0
fi

trap unmount_chroot EXIT
mount_chroot
check_os

PKGS="ca-certificates python3 python3-venv python3-pip sqlite3 postgresql-client util-linux"
[ "$LOCAL_PG" = 1 ] && PKGS="$PKGS postgresql"
# shellcheck disable=SC2086
packages $PKGS

system_user "$HUB_USER" "$HUB_HOME" ""
run install -d -o "$HUB_USER" -g "$HUB_USER" -m 0750 "$HUB_HOME" /var/backups/epn-kiosk-hub

if [ "$LOCAL_PG" = 1 ]; then
  say "PostgreSQL: role and database $HUB_USER (peer login through the local socket)"
  if [ -z "$ROOT" ] && [ "$DRY_RUN" = 0 ]; then
    systemctl enable --now postgresql.service
  fi
  # create them only if missing: the update path runs this again
  run runuser -u postgres -- psql -v ON_ERROR_STOP=1 -q -c \
    "DO \$\$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$HUB_USER') THEN CREATE ROLE \"$HUB_USER\" LOGIN; END IF; END\$\$;"
  if [ "$DRY_RUN" = 1 ] || ! run runuser -u postgres -- psql -tAc \
       "SELECT 1 FROM pg_database WHERE datname = '$HUB_USER'" | grep -q 1; then
    run runuser -u postgres -- createdb --owner="$HUB_USER" "$HUB_USER"
  fi
fi

if [ -x "$ROOT$PREFIX/current/venv/bin/python" ] && [ -e "$ROOT/etc/epn-kiosk-hub/hub.env" ]; then
  say "backing up the hub's database before the update"
  run runuser -u "$HUB_USER" -- "$PREFIX/current/venv/bin/python" -m kiosk.backup backup \
    "$(sed -n 's/^HUB_DATABASE_URL=//p' "$ROOT/etc/epn-kiosk-hub/hub.env")" /var/backups/epn-kiosk-hub
fi

install_release "$SOURCE" "$PREFIX" "[hub]" "$HUB_USER"

if [ ! -e "$ROOT/etc/epn-kiosk-hub/hub.env" ]; then
  case "$DATABASE_URL" in sqlite*) WORKERS=1 ;; *) WORKERS=2 ;; esac  # SQLite: one worker only
  fill "$HERE/hub.env.in" "USER=$HUB_USER" "DATABASE_URL=$DATABASE_URL" "WORKERS=$WORKERS" \
    | put /etc/epn-kiosk-hub/hub.env 0640
  say "settings: /etc/epn-kiosk-hub/hub.env written"
else
  say "settings: /etc/epn-kiosk-hub/hub.env kept as it is"
fi
run chown "root:$HUB_USER" /etc/epn-kiosk-hub/hub.env

VARS="PREFIX=$PREFIX USER=$HUB_USER HOME=$HUB_HOME"
# shellcheck disable=SC2086
fill "$HERE/epn-kiosk-hub.service.in" $VARS | put /etc/systemd/system/epn-kiosk-hub.service 0644
# shellcheck disable=SC2086
fill "$HERE/epn-kiosk-hub-backup.service.in" $VARS | put /etc/systemd/system/epn-kiosk-hub-backup.service 0644
put /etc/systemd/system/epn-kiosk-hub-backup.timer 0644 < "$HERE/epn-kiosk-hub-backup.timer"
put /etc/nginx/sites-available/epn-hub.example 0644 < "$HERE/nginx-epn-hub.conf"

sysctl_unit enable epn-kiosk-hub.service epn-kiosk-hub-backup.timer
if [ -z "$ROOT" ] && [ "$DRY_RUN" = 0 ]; then
  systemctl daemon-reload
  systemctl restart epn-kiosk-hub.service
  systemctl start epn-kiosk-hub-backup.timer
  say "the hub listens on 127.0.0.1:8300; next: an animator account and nginx (deploy/README.md)"
else
  say "done: the hub starts when that system boots"
fi
