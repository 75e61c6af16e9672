# shellcheck shell=sh
# Shared by deploy/kiosk/setup.sh and deploy/hub/setup.sh (POSIX sh, sourced).
#
# Everything that changes the system goes through three helpers, so that one script can
# install on this machine, into another root (a chroot made by debootstrap, an SD card
# image mounted somewhere), or only show what it would do:
#   put FILE MODE [OWNER]  write stdin to $ROOT/FILE (always, also in --dry-run)
#   run CMD...             run a command on the target system (chroot when --root is set);
#                          in --dry-run print "would run: CMD" instead
#   say TEXT               tell the technician what is happening
# Variables set by the caller: ROOT ("" = this machine), DRY_RUN (0/1).

say() { printf '%s\n' "== $*"; }
warn() { printf '%s\n' "!! $*" >&2; }
die() { printf '%s\n' "!! $*" >&2; exit 1; }

run() {
  if [ "$DRY_RUN" = 1 ]; then
    printf 'would run: %s\n' "$*"
    return 0
  fi
  if [ -n "$ROOT" ]; then
    chroot "$ROOT" "$@"
  else
    "$@"
  fi
}

put() {
  _file="$ROOT$1"; _mode="$2"; _owner="${3:-}"
  mkdir -p "$(dirname "$_file")"
  cat > "$_file.new"
  chmod "$_mode" "$_file.new"
  mv "$_file.new" "$_file"
  if [ -n "$_owner" ]; then
    run chown "$_owner" "$1"
  fi
}

# The target system's os-release, as "id version" (debian 12, ubuntu 24.04, raspbian 12).
target_os() {
  _release="$ROOT/etc/os-release"
  [ -r "$_release" ] || { echo "unknown ?"; return; }
  _id=$(sed -n 's/^ID=//p' "$_release" | tr -d '"')
  _version=$(sed -n 's/^VERSION_ID=//p' "$_release" | tr -d '"')
  # Raspberry Pi OS (64-bit) calls itself debian; its own marker file says otherwise
  [ -e "$ROOT/etc/rpi-issue" ] && _id=raspbian
  echo "$_id ${_version:-?}"
}

check_os() {
  _os=$(target_os)
  case "$_os" in
    "debian 12"|"ubuntu 24.04"|"raspbian 12") say "system: $_os (supported)" ;;
    *) warn "system: $_os — tested on Debian 12, Ubuntu 24.04 and Raspberry Pi OS 12 (64-bit); going on" ;;
  esac
}

# Install the Debian packages that are missing on the target.
packages() {
  _missing=""
  for _p in "$@"; do
    if [ "$DRY_RUN" = 1 ] || ! run dpkg-query -W -f='${Status}' "$_p" 2>/dev/null | grep -q "ok installed"; then
      _missing="$_missing $_p"
    fi
  done
  [ -n "$_missing" ] || { say "packages: all there"; return 0; }
  say "packages:$_missing"
  run apt-get update -q
  # shellcheck disable=SC2086 # one word per package
  run env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $_missing
}

# A system user with its home under /var/lib, no login shell.
system_user() {
  _user="$1"; _home="$2"; _groups="$3"
  if [ "$DRY_RUN" = 0 ] && run getent passwd "$_user" >/dev/null 2>&1; then
    say "user: $_user exists"
  else
    say "user: $_user (home $_home)"
    run useradd --system --create-home --home-dir "$_home" --shell /usr/sbin/nologin \
      --comment "EPN kiosk" "$_user"
  fi
  for _g in $_groups; do  # video, render, input, audio: only those the system has
    if [ "$DRY_RUN" = 1 ] || run getent group "$_g" >/dev/null 2>&1; then
      run usermod -a -G "$_g" "$_user"
    fi
  done
}

# Copy the project into $PREFIX/releases/<time>, make its virtual environment there and
# install it (with EXTRA, e.g. "[hub]"); "current" is switched to it only once that worked,
# and "previous" keeps the release before (rollback: sh setup.sh --rollback).
install_release() {
  _source="$1"; _prefix="$2"; _extra="$3"; _owner="$4"
  _release="$_prefix/releases/$(date +%Y%m%d-%H%M%S)"
  say "installing $(cd "$_source" && git describe --always --dirty 2>/dev/null || echo "the project") into $_release"
  mkdir -p "$ROOT$_release"
  # the project without its development leftovers
  (cd "$_source" && tar -cf - --exclude=./.git --exclude=./.venv --exclude='*/__pycache__' \
     --exclude=./.pytest_cache --exclude=./.ruff_cache --exclude=./.mypy_cache .) | (cd "$ROOT$_release" && tar -xf -)
  run python3 -m venv "$_release/venv"
  run "$_release/venv/bin/python" -m pip install -q --upgrade pip
  # editable: scenarios/ and assets/ stay beside the code, where the kiosk looks for them
  run "$_release/venv/bin/python" -m pip install -q -e "$_release$_extra"
  run "$_release/venv/bin/kiosk" --help >/dev/null
  run chown -R "root:$_owner" "$_release"
  if [ -L "$ROOT$_prefix/current" ]; then
    ln -sfn "$(readlink "$ROOT$_prefix/current")" "$ROOT$_prefix/previous"
  fi
  ln -sfn "$_release" "$ROOT$_prefix/current.new"
  mv -T "$ROOT$_prefix/current.new" "$ROOT$_prefix/current"
  # keep the current and the previous release only
  for _old in $(find "$ROOT$_prefix/releases" -mindepth 1 -maxdepth 1 -type d | sort | head -n -2); do
    rm -rf "$_old"
  done
  say "release: $_prefix/current -> $_release"
}

rollback_release() {
  _prefix="$1"
  [ -L "$ROOT$_prefix/previous" ] || die "no previous release to go back to in $_prefix"
  _back=$(readlink "$ROOT$_prefix/previous")
  ln -sfn "$(readlink "$ROOT$_prefix/current")" "$ROOT$_prefix/previous"
  ln -sfn "$_back" "$ROOT$_prefix/current.new"
  mv -T "$ROOT$_prefix/current.new" "$ROOT$_prefix/current"
  say "release: $_prefix/current -> $_back"
}

# A template with @NAME@ placeholders, filled from the named variables.
fill() {
  _text=$(cat "$1"); shift
  for _pair in "$@"; do
    _name="${_pair%%=*}"
    # escaped for sed: a URL may hold & (query) or | (our delimiter)
    _value=$(printf '%s' "${_pair#*=}" | sed 's/[&|\\]/\\&/g')
    _text=$(printf '%s' "$_text" | sed "s|@$_name@|$_value|g")
  done
  printf '%s\n' "$_text"
}

# Mount what apt, pip and useradd need inside a chroot; undone by unmount_chroot.
mount_chroot() {
  [ -n "$ROOT" ] && [ "$DRY_RUN" = 0 ] || return 0
  for _d in proc sys dev dev/pts; do
    mountpoint -q "$ROOT/$_d" || mount --bind "/$_d" "$ROOT/$_d"
  done
  cp -L /etc/resolv.conf "$ROOT/etc/resolv.conf" 2>/dev/null || true
  # no service may start inside the chroot while packages are installed
  printf '#!/bin/sh\nexit 101\n' > "$ROOT/usr/sbin/policy-rc.d"
  chmod 755 "$ROOT/usr/sbin/policy-rc.d"
}

unmount_chroot() {
  [ -n "$ROOT" ] && [ "$DRY_RUN" = 0 ] || return 0
  rm -f "$ROOT/usr/sbin/policy-rc.d"
  for _d in dev/pts dev sys proc; do
    mountpoint -q "$ROOT/$_d" && umount -l "$ROOT/$_d"
  done
  return 0
}

# systemctl on this machine, or offline on another root (enable/disable/mask work there).
sysctl_unit() {
  if [ "$DRY_RUN" = 1 ]; then
    printf 'would run: systemctl %s\n' "$*"
  elif [ -n "$ROOT" ]; then
    systemctl --root="$ROOT" "$@"
  else
    systemctl "$@"
  fi
}
