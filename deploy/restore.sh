#!/bin/sh
# Put a backup back (the kiosk or the hub is stopped meanwhile, then started again).
#   sh deploy/restore.sh [--service NAME | --no-service] URL BACKUP-FILE
#   e.g. sh deploy/restore.sh sqlite:////var/lib/epn-kiosk/kiosk.sqlite3 \
#          /var/backups/epn-kiosk/kiosk-20261123-020000.sqlite3
# The backup is checked first; a SQLite database it replaces is kept beside it
# (<file>.before-restore-<time>.sqlite3). Details: deploy/README.md, "Restoring".
set -eu
PYTHON="${PYTHON:-/opt/epn-kiosk/current/venv/bin/python}"
[ -x "$PYTHON" ] || PYTHON=python3
service=auto
case "${1:-}" in
  --service) service="$2"; shift 2 ;;
  --no-service) service=""; shift ;;
esac
[ $# -eq 2 ] || { echo "usage: sh deploy/restore.sh [--service NAME | --no-service] URL BACKUP-FILE" >&2; exit 2; }
url="$1"; file="$2"
if [ "$service" = auto ]; then
  case "$url" in
    postgresql*) service=epn-kiosk-hub ;;
    *) service=epn-kiosk ;;
  esac
fi
stopped=""
if [ -n "$service" ] && command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet "$service"; then
  echo "stopping $service for the restore"
  systemctl stop "$service"
  stopped="$service"
fi
status=0
"$PYTHON" -m kiosk.backup restore "$url" "$file" || status=$?
if [ -n "$stopped" ]; then
  echo "starting $stopped again"
  systemctl start "$stopped"
fi
exit "$status"
