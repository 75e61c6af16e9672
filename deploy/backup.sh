#!/bin/sh
# Back up a database of the kiosk or the hub, online, into a folder (the newest 14 kept).
#   sh deploy/backup.sh URL FOLDER [--keep N]
#   e.g. sh deploy/backup.sh sqlite:////var/lib/epn-kiosk/kiosk.sqlite3 /var/backups/epn-kiosk
# Prints the backup file. The systemd timers installed by deploy/kiosk/setup.sh and
# deploy/hub/setup.sh run it every night. Details: deploy/README.md, "Backups".
set -eu
PYTHON="${PYTHON:-/opt/epn-kiosk/current/venv/bin/python}"
[ -x "$PYTHON" ] || PYTHON=python3
[ $# -ge 2 ] || { echo "usage: sh deploy/backup.sh URL FOLDER [--keep N]" >&2; exit 2; }
url="$1"; folder="$2"; shift 2
exec "$PYTHON" -m kiosk.backup backup "$url" "$folder" "$@"
