"""README's quick start as a newcomer does it (``make newcomer``): a fresh Debian 12 made by
debootstrap with nothing but python3, git and sudo, a clone of the repository (and shared/
beside it) in a user's home, then README's two commands as that user, who has password-less
sudo. The run command must show the welcome on the user's screen (an Xvfb of this machine,
its screenshot compared with ``newcomer-welcome.png``), the test command must pass.

Needs root, debootstrap, unshare and the network; about 40 minutes, most of it the suite.
``NEWCOMER_TEST_ARGS`` narrows the suite while working on this check (``-k speech``, say);
``NEWCOMER_UPDATE_REFERENCE=1`` writes the reference from this run's screen. The test
command's whole output is kept in ``/var/tmp/epn-kiosk-newcomer.log``, the run command's
and its screen in ``/var/tmp/epn-kiosk-newcomer-screen/``.
"""

from __future__ import annotations

import os
import shlex
import shutil
import socket
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageGrab, ImageStat

from kiosk.display import virtual_screen
from tests.deploy.debian_root import (
    debootstrap,
    in_root,
    in_root_argv,
    network_env,
    still_mounted,
    trust_machine_cas,
)

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = Path(__file__).with_name("newcomer-welcome.png")
NEWCOMER_ROOT = Path(os.environ.get("EPN_NEWCOMER_ROOT", "/var/tmp/epn-kiosk-newcomer"))
LOG = Path("/var/tmp/epn-kiosk-newcomer.log")
SHOTS = Path("/var/tmp/epn-kiosk-newcomer-screen")  # the run command's output and screen
USER = "newcomer"
HOME = f"/home/{USER}"
#: The screen is compared at this size, in grey levels: layout and text blocks, not anti-aliasing.
COMPARED = (160, 100)
#: Mean absolute difference (0-255) below which the screen shows the welcome. Two runs give
#: 0.0 (same packages, same fonts); the welcome without its title gives 2.6, without its
#: language cards 10.6, the empty background 17.2.
TOLERANCE = 1.5

TOOLS = ("debootstrap", "unshare")
pytestmark = [pytest.mark.long,
              pytest.mark.skipif(os.geteuid() != 0 or not all(shutil.which(tool) for tool in TOOLS),
                                 reason="needs root, debootstrap and unshare (apt-get install debootstrap)")]


def fresh_root() -> Path:
    root = NEWCOMER_ROOT
    assert not still_mounted(root), f"something is still mounted in {root}"
    shutil.rmtree(root, ignore_errors=True)
    debootstrap(root, ("python3", "git", "sudo"))
    # as Debian's installer writes it (sudo looks the machine's name up)
    (root / "etc/hosts").write_text(f"127.0.0.1 localhost\n127.0.1.1 {socket.gethostname()}\n::1 localhost\n")
    # a chroot convention: packages do not start their services (there is no init here)
    (root / "usr/sbin/policy-rc.d").write_text("#!/bin/sh\nexit 101\n")
    (root / "usr/sbin/policy-rc.d").chmod(0o755)
    trust_machine_cas(root)
    made = in_root(root, "useradd", "--create-home", "--shell", "/bin/bash", USER)
    assert made.returncode == 0, made.stderr
    (root / f"etc/sudoers.d/{USER}").write_text(f"{USER} ALL=(ALL) NOPASSWD: ALL\n")
    (root / f"etc/sudoers.d/{USER}").chmod(0o440)
    # a clean clone of what is committed, at this checkout's commit, and shared/ beside it
    clone = root / HOME.lstrip("/") / "epn-kiosk"
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True, text=True,
                            check=True).stdout.strip()
    subprocess.run(["git", "clone", "-q", "--no-hardlinks", str(ROOT), str(clone)], check=True)
    subprocess.run(["git", "-C", str(clone), "checkout", "-q", commit], check=True)
    if (ROOT.parent / "shared").is_dir():
        shutil.copytree(ROOT.parent / "shared", clone.parent / "shared",
                        ignore=shutil.ignore_patterns(".git"))
    owned = in_root(root, "chown", "-R", f"{USER}:{USER}", HOME)
    assert owned.returncode == 0, owned.stderr
    return root


def as_newcomer(root: Path, command: str, x11: Path | None = None, **env: str) -> list[str]:
    """README's ``command``, typed by the newcomer in the clone, in a clean environment."""
    clean = {"HOME": HOME, "USER": USER, "LOGNAME": USER, "LANG": "C.UTF-8", "TERM": "xterm",
             "PATH": "/usr/local/bin:/usr/bin:/bin", **network_env(), **env}
    return in_root_argv(root, "runuser", "-u", USER, "--", "env", "-i",
                        *(f"{k}={v}" for k, v in clean.items()),
                        "sh", "-c", f"cd {HOME}/epn-kiosk && {command}", x11=x11)


def compared(image: Image.Image) -> Image.Image:
    return image.convert("L").resize(COMPARED)


def mean_difference(one: Image.Image, other: Image.Image) -> float:
    return float(ImageStat.Stat(ImageChops.difference(compared(one), compared(other))).mean[0])


def difference(shot: Image.Image) -> float:
    with Image.open(REFERENCE) as reference:
        return mean_difference(shot, reference)


def welcome_shown(root: Path, shots: Path) -> tuple[float, float]:
    """README's run command on a screen of this machine, until the screen matches the
    reference; returns (minutes until then, its difference)."""
    started = time.monotonic()
    with virtual_screen("1280x800x24") as display:
        log = (shots / "run.log").open("w")
        run = subprocess.Popen(as_newcomer(root, "sh deploy/quickstart.sh run --windowed",
                                           x11=Path("/tmp/.X11-unix"), DISPLAY=display),
                               stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            shot, diff, updating = None, 255.0, bool(os.environ.get("NEWCOMER_UPDATE_REFERENCE"))
            while time.monotonic() - started < 1800 and run.poll() is None:
                time.sleep(10)
                before, shot = shot, ImageGrab.grab(xdisplay=display)
                if updating:  # a drawn screen that stays the same is the new reference
                    darkest, lightest = compared(shot).getextrema()
                    if before is not None and darkest != lightest and mean_difference(before, shot) < 1.0:
                        break
                    continue
                diff = difference(shot) if REFERENCE.exists() else 255.0
                if diff < TOLERANCE:
                    time.sleep(5)  # settled: the same a moment later
                    shot = ImageGrab.grab(xdisplay=display)
                    diff = difference(shot)
                    if diff < TOLERANCE:
                        break
            if shot is not None:
                shot.save(shots / "welcome.png")
                if updating:
                    compared(shot).save(REFERENCE, optimize=True)
                    diff = 0.0
        finally:
            run.kill()  # unshare's child, the namespace's first process, is killed and takes all with it
            run.wait(60)
            log.close()
    output = (shots / "run.log").read_text()[-4000:]
    assert diff < TOLERANCE, f"no welcome on the screen (difference {diff:.1f}, see {shots}):\n{output}"
    return (time.monotonic() - started) / 60, diff


def test_readme_quick_start_on_a_bare_debian(figure: Callable[[str], None]) -> None:
    started = time.monotonic()
    root = fresh_root()
    made = (time.monotonic() - started) / 60
    SHOTS.mkdir(exist_ok=True)
    welcome_minutes, diff = welcome_shown(root, SHOTS)
    began = time.monotonic()
    extra = " ".join(shlex.quote(a) for a in shlex.split(os.environ.get("NEWCOMER_TEST_ARGS", "")))
    with LOG.open("w") as log:
        tests = subprocess.run(as_newcomer(root, f"sh deploy/quickstart.sh test {extra}".strip()),
                               stdout=log, stderr=subprocess.STDOUT, timeout=4 * 3600)
    test_minutes = (time.monotonic() - began) / 60
    output = LOG.read_text()
    summary = output.strip().splitlines()[-1] if output.strip() else ""
    assert tests.returncode == 0, f"README's test command failed ({LOG}):\n{output[-6000:]}"
    assert " passed" in summary and "failed" not in summary, summary
    assert not still_mounted(root)
    figure(f"newcomer: fresh Debian 12 root (python3, git, sudo) {made:.1f} min; README's run command "
           f"to the welcome {welcome_minutes:.1f} min (screen difference {diff:.1f}/255); README's test "
           f"command {test_minutes:.1f} min ({summary.strip('= ')}); "
           f"total {(time.monotonic() - started) / 60:.1f} min")
