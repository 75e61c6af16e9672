#!/bin/sh
# Set up an EPN terminal: Debian 12, Ubuntu 24.04 or Raspberry Pi OS 12 (64-bit).
#
#   sudo sh deploy/kiosk/setup.sh                 install, or update (run it again)
#   sudo sh deploy/kiosk/setup.sh --session x11   Xorg + a bare window manager instead of cage
#   sudo sh deploy/kiosk/setup.sh --rollback      go back to the release before the last update
#   sh deploy/kiosk/setup.sh --root DIR --dry-run write every file under DIR, run nothing
#   sudo sh deploy/kiosk/setup.sh --root DIR      install into another root (a debootstrap chroot)
#
# What it does, in order (deploy/README.md explains each step for a technician):
#  1. the Debian packages (compositor, Python, espeak-ng, fonts, GL/SDL libraries);
#  2. the system user epn-kiosk (home /var/lib/epn-kiosk = KIOSK_HOME);
#  3. a backup of the practice log, if there is one (an update starts with it);
#  4. the kiosk in a new release folder /opt/epn-kiosk/releases/<time> with its own
#     virtual environment (and the terminal's extra: OpenCV, for the webcam);
#     /opt/epn-kiosk/current points to it once it installed;
#  5. /etc/epn-kiosk/kiosk.toml (written the first time only), then checked;
#  6. the voice cache (kiosk audio build);
#  7. the session: systemd unit with Restart=always on tty7, PAM, no spare consoles, no
#     sleep, no Ctrl+Alt+Del reboot, screen blanking off; nightly backup timer;
#  8. enable it, and (on this machine) restart it.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=deploy/lib.sh
. "$HERE/../lib.sh"

ROOT=""; DRY_RUN=0; SESSION=cage; ROLLBACK=0
SOURCE=$(cd "$HERE/../.." && pwd)
KIOSK_USER=epn-kiosk
PREFIX=/opt/epn-kiosk
KIOSK_HOME=/var/lib/epn-kiosk
while [ $# -gt 0 ]; do
  case "$1" in
    --root) ROOT=$(cd "$2" && pwd); shift 2 ;;
    --dry-run) DRY_RUN=1; shift ;;
    --session) SESSION="$2"; shift 2 ;;
    --source) SOURCE=$(cd "$2" && pwd); shift 2 ;;
    --rollback) ROLLBACK=1; shift ;;
    -h|--help) sed -n '2,23p' "$0"; exit 0 ;;
    *) die "unknown option $1 (see: sh deploy/kiosk/setup.sh --help)" ;;
  esac
done
[ "$ROOT" = / ] && ROOT=""
case "$SESSION" in cage|x11) ;; *) die "--session is cage or x11, not $SESSION" ;; esac
if [ "$DRY_RUN" = 1 ] && [ -z "$ROOT" ]; then
  die "--dry-run writes its files under --root DIR: give one (e.g. --root /tmp/kiosk-root)"
fi
if [ "$DRY_RUN" = 0 ] && [ "$(id -u)" != 0 ]; then
  die "run it as root: sudo sh deploy/kiosk/setup.sh"
fi
KIOSK="$PREFIX/current/venv/bin/kiosk"
AS_KIOSK="runuser -u $KIOSK_USER -- env KIOSK_HOME=$KIOSK_HOME KIOSK_CONFIG=/etc/epn-kiosk/kiosk.toml"

if [ "$ROLLBACK" = 1 ]; then
  rollback_release "$PREFIX"
  [ -n "$ROOT" ] || [ "$DRY_RUN" = 1 ] || systemctl restart epn-kiosk.service
  exit 0
fi

trap unmount_chroot EXIT
mount_chroot
check_os

# 1. packages
BASE="ca-certificates python3 python3-venv python3-pip espeak-ng libespeak-ng1 libmtdev1 fonts-noto-core \
libgl1 libegl1 libgles2 libsdl2-2.0-0 poppler-utils cups-client sqlite3 util-linux"
if [ "$SESSION" = cage ]; then
  GRAPHICS="cage xwayland"
else
  GRAPHICS="xserver-xorg xinit x11-xserver-utils matchbox-window-manager"
fi
# shellcheck disable=SC2086 # one word per package
packages $BASE $GRAPHICS

# 2. the user
system_user "$KIOSK_USER" "$KIOSK_HOME" "video render input audio"
run install -d -o "$KIOSK_USER" -g "$KIOSK_USER" -m 0750 "$KIOSK_HOME" /var/backups/epn-kiosk

# 3. an update starts with a backup of what learners did
if [ -e "$ROOT$KIOSK_HOME/kiosk.sqlite3" ] && [ -x "$ROOT$PREFIX/current/venv/bin/python" ]; then
  say "backing up the practice log before the update"
  run $AS_KIOSK "$PREFIX/current/venv/bin/python" -m kiosk.backup backup kiosk /var/backups/epn-kiosk
fi

# 4. the kiosk itself
# [terminal]: OpenCV from PyPI, Kivy's camera provider for the webcam (README: the camera)
install_release "$SOURCE" "$PREFIX" "[terminal]" "$KIOSK_USER"

# 5. configuration: written the first time, checked every time
if [ ! -e "$ROOT/etc/epn-kiosk/kiosk.toml" ]; then
  label=$(cat "$ROOT/etc/hostname" 2>/dev/null || hostname)
  fill "$HERE/kiosk.toml.in" "LABEL=${label:-EPN terminal}" | put /etc/epn-kiosk/kiosk.toml 0640
  say "configuration: /etc/epn-kiosk/kiosk.toml written (edit it, then: kiosk config check)"
else
  say "configuration: /etc/epn-kiosk/kiosk.toml kept as it is"
fi
run chown "root:$KIOSK_USER" /etc/epn-kiosk/kiosk.toml
run $AS_KIOSK "$KIOSK" config check

# 6. voices: every instruction rendered before the first learner comes
run $AS_KIOSK "$KIOSK" audio build

# 7. the session and the system around it
VARS="PREFIX=$PREFIX USER=$KIOSK_USER HOME=$KIOSK_HOME"
# shellcheck disable=SC2086 # NAME=value pairs
if [ "$SESSION" = cage ]; then
  fill "$HERE/epn-kiosk.service.in" $VARS | put /etc/systemd/system/epn-kiosk.service 0644
  rm -f "$ROOT/etc/X11/xorg.conf.d/10-epn-kiosk.conf"
else
  fill "$HERE/epn-kiosk-x11.service.in" $VARS | put /etc/systemd/system/epn-kiosk.service 0644
  put /etc/X11/xorg.conf.d/10-epn-kiosk.conf 0644 < "$HERE/xorg-epn-kiosk.conf"
fi
put /etc/pam.d/epn-kiosk 0644 < "$HERE/pam-epn-kiosk"
put /etc/systemd/logind.conf.d/epn-kiosk.conf 0644 < "$HERE/logind-epn-kiosk.conf"
# shellcheck disable=SC2086
fill "$HERE/epn-kiosk-backup.service.in" $VARS | put /etc/systemd/system/epn-kiosk-backup.service 0644
put /etc/systemd/system/epn-kiosk-backup.timer 0644 < "$HERE/epn-kiosk-backup.timer"
say "session: $SESSION on tty7, restarted by systemd whenever it stops"

# 8. switch it on
sysctl_unit mask ctrl-alt-del.target sleep.target suspend.target hibernate.target hybrid-sleep.target
sysctl_unit set-default graphical.target
sysctl_unit enable epn-kiosk.service epn-kiosk-backup.timer
if [ -z "$ROOT" ] && [ "$DRY_RUN" = 0 ]; then
  systemctl daemon-reload
  systemctl restart epn-kiosk.service
  systemctl start epn-kiosk-backup.timer
  say "the kiosk is starting on the screen (journalctl -u epn-kiosk -f shows its log)"
else
  say "done: the kiosk starts when $([ -n "$ROOT" ] && echo "that system" || echo "this system") boots"
fi
