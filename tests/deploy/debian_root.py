"""Debian 12 roots made by debootstrap for the long deploy checks, and commands run in them.

- :func:`debootstrap`: a root with only the packages asked for. The downloaded packages
  are kept as a tarball between runs (``EPN_DEBOOTSTRAP_CACHE``), so a fresh root costs the
  unpacking only (about 2 minutes), not the download.
- :func:`trust_machine_cas`: this machine may reach the registries through a proxy with its
  own certificate authority; the root trusts it too once ``ca-certificates`` is installed.
- :func:`in_root`: a command in the root, in its own mount and PID namespaces (``unshare``):
  ``/dev``, ``/proc`` and a private ``/dev/shm`` are mounted for it alone, and when it ends
  every process it started (servers, screens) ends with it and the mounts go away.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from pathlib import Path

MIRROR = os.environ.get("DEBIAN_MIRROR", "http://deb.debian.org/debian")
CACHE = Path(os.environ.get("EPN_DEBOOTSTRAP_CACHE", "/var/tmp/epn-kiosk-debootstrap"))
SUITE = "bookworm"

#: The machine's own network settings, passed into the root when set (not the product's).
NETWORK_VARIABLES = ("PIP_CERT", "PIP_INDEX_URL", "REQUESTS_CA_BUNDLE", "SSL_CERT_FILE",
                     "http_proxy", "https_proxy", "no_proxy")

# Runs as PID 1 of the new namespaces: mounts what programs expect, then enters the root.
ENTER = r"""
set -e
root="$1"; x11="$2"; shift 2
mount --make-rprivate /
mount --rbind /dev "$root/dev"
mount -t tmpfs -o mode=1777 tmpfs "$root/dev/shm"
mount -t proc proc "$root/proc"
# the screen's sockets; the folder stays as Debian makes it at boot (root, 1777)
if [ -n "$x11" ]; then install -d -m 1777 "$root/tmp/.X11-unix"; mount --bind "$x11" "$root/tmp/.X11-unix"; fi
exec chroot "$root" "$@"
"""


def debootstrap(root: Path, include: tuple[str, ...], variant: str = "minbase") -> None:
    """Make a Debian 12 root at ``root`` (absent or empty) with ``include`` and what they need."""
    key = hashlib.sha256(f"{SUITE} {variant} {','.join(include)} {MIRROR}".encode()).hexdigest()[:12]
    tarball = CACHE / f"{SUITE}-{variant}-{key}.tgz"
    common = [f"--variant={variant}", f"--include={','.join(include)}"]
    if not tarball.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        partial = tarball.with_suffix(".partial.tgz")
        made = subprocess.run(["debootstrap", *common, f"--make-tarball={partial}", SUITE,
                               str(CACHE / f"work-{key}"), MIRROR],
                              capture_output=True, text=True, timeout=1800)
        assert made.returncode == 0, made.stdout[-3000:] + made.stderr[-3000:]
        partial.rename(tarball)
    root.mkdir(parents=True, exist_ok=True)
    made = subprocess.run(["debootstrap", *common, f"--unpack-tarball={tarball}", SUITE, str(root), MIRROR],
                          capture_output=True, text=True, timeout=1800)
    assert made.returncode == 0, made.stdout[-3000:] + made.stderr[-3000:]


def trust_machine_cas(root: Path) -> None:
    local_cas = Path("/usr/local/share/ca-certificates")
    for ca in local_cas.glob("*.crt") if local_cas.is_dir() else []:
        (root / "usr/local/share/ca-certificates").mkdir(parents=True, exist_ok=True)
        shutil.copy(ca, root / "usr/local/share/ca-certificates" / ca.name)


def network_env() -> dict[str, str]:
    return {name: os.environ[name] for name in NETWORK_VARIABLES if os.environ.get(name)}


def in_root_argv(root: Path, *command: str, x11: Path | None = None) -> list[str]:
    """The argv that runs ``command`` in ``root`` (see the module docstring)."""
    return ["unshare", "--mount", "--pid", "--fork", "--kill-child", "sh", "-c", ENTER, "enter",
            str(root), str(x11 or ""), *command]


def in_root(root: Path, *command: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run(in_root_argv(root, *command), capture_output=True, text=True, timeout=timeout)


def still_mounted(root: Path) -> list[str]:
    """Mount points under ``root`` in this namespace (none once every :func:`in_root` ended)."""
    prefix = str(root.resolve()) + "/"
    return [line.split()[1] for line in Path("/proc/self/mounts").read_text().splitlines()
            if line.split()[1].startswith(prefix)]
