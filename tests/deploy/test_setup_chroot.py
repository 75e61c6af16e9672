"""A terminal set up for real into a fresh Debian 12 made by debootstrap (``make
deploy-check-long``): packages from Debian, the kiosk from PyPI into its virtual
environment, the configuration checked and the voices rendered inside the chroot, the
service enabled offline. Needs root, debootstrap and the network; about 15 minutes.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.deploy.debian_root import debootstrap, trust_machine_cas

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.long,
              pytest.mark.skipif(os.geteuid() != 0 or shutil.which("debootstrap") is None,
                                 reason="needs root and debootstrap (apt-get install debootstrap)")]


def in_chroot(root: Path, *command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["chroot", str(root), *command], capture_output=True, text=True, timeout=600)


def test_a_terminal_set_up_in_a_debootstrap_chroot(tmp_path: Path, figure: Callable[[str], None]) -> None:
    import time

    started = time.monotonic()
    root = Path(os.environ.get("EPN_CHROOT", "/var/tmp/epn-kiosk-chroot"))
    if not (root / "etc/debian_version").exists():  # kept between runs: debootstrap takes a while
        debootstrap(root, ("systemd", "systemd-sysv", "dbus"))
    (root / "etc/hostname").write_text("epn-chroot-1\n")
    trust_machine_cas(root)  # ca-certificates, installed by the script, picks them up
    if (root / "usr/sbin/update-ca-certificates").exists():  # a chroot kept from an earlier run
        in_chroot(root, "update-ca-certificates")
    done = subprocess.run(["sh", str(ROOT / "deploy/kiosk/setup.sh"), "--root", str(root)],
                          capture_output=True, text=True, timeout=3600)
    log = done.stdout[-4000:] + done.stderr[-4000:]
    assert done.returncode == 0, log
    assert "system: debian 12 (supported)" in done.stdout
    kiosk = "/opt/epn-kiosk/current/venv/bin/kiosk"
    release = root / os.readlink(root / "opt/epn-kiosk/current").lstrip("/")  # absolute inside the root
    assert (release / "venv/bin/kiosk").exists(), log
    assert in_chroot(root, "id", "epn-kiosk").returncode == 0
    check = in_chroot(root, "runuser", "-u", "epn-kiosk", "--", "env", "KIOSK_HOME=/var/lib/epn-kiosk",
                      "KIOSK_CONFIG=/etc/epn-kiosk/kiosk.toml", kiosk, "config", "check")
    assert check.returncode == 0 and "terminal_label = epn-chroot-1" in check.stdout, check.stderr
    clips = list((root / "var/lib/epn-kiosk/voice-cache").rglob("*.wav"))
    assert len(clips) > 500, "the voices were not rendered at install"
    wants = root / "etc/systemd/system/graphical.target.wants/epn-kiosk.service"
    assert wants.is_symlink()
    assert (root / "etc/systemd/system/ctrl-alt-del.target").resolve() == Path("/dev/null")
    assert in_chroot(root, "dpkg-query", "-W", "cage").returncode == 0
    # the webcam's provider is in the terminal's environment: Kivy finds a camera class
    camera = in_chroot(root, "/opt/epn-kiosk/current/venv/bin/python", "-c",
                       "from kivy.core.camera import Camera; print(Camera.__name__)")
    assert camera.returncode == 0 and "CameraOpenCV" in camera.stdout, camera.stderr[-2000:]
    # an update on top: same configuration, a new release, the previous one kept
    again = subprocess.run(["sh", str(ROOT / "deploy/kiosk/setup.sh"), "--root", str(root)],
                           capture_output=True, text=True, timeout=3600)
    assert again.returncode == 0 and "kept as it is" in again.stdout, again.stderr[-3000:]
    assert (root / "opt/epn-kiosk/previous").is_symlink()
    figure(f"deploy: Debian 12 debootstrap chroot set up by deploy/kiosk/setup.sh (then updated once), "
           f"{len(clips)} voice clips, unit enabled, {(time.monotonic() - started) / 60:.1f} min")
