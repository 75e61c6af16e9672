"""The terminal's stop (systemctl stop, restart, an update), measured on the unit itself.

systemd cannot run here, so its stop is done by hand the way systemd does it: the
installed unit's ExecStart command line is started (cage nested in a private Xvfb, as a
user that is not root, like User=epn-kiosk), then its ExecStop with the main process's
pid. Everything must be gone long before TimeoutStopSec, so systemd would never send
SIGKILL; cage returns the kiosk's exit code, 0; the kiosk ended through its own stop
(kiosk.ui.system_stop) and its database is whole. The unit's KillMode and TimeoutStopSec
are checked on every machine; the measurement needs cage and Xwayland
(apt-get install cage xwayland) and is skipped without them.
"""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.deploy.test_setup_scripts import ROOT, setup, target
from tests.gui.conftest import kiosk_env

PREFIX = "/opt/epn-kiosk/current"


def session_processes(session: int) -> list[tuple[int, str]]:
    found = subprocess.run(["pgrep", "-l", "-s", str(session)], capture_output=True, text=True).stdout.split()
    return [(int(pid), name) for pid, name in zip(found[::2], found[1::2], strict=True)]


def service(unit: str) -> dict[str, list[str]]:
    """The [Service] section's settings, each key with its values in order."""
    settings: dict[str, list[str]] = {}
    section = ""
    for line in unit.splitlines():
        line = line.strip()
        if line.startswith("["):
            section = line
        elif section == "[Service]" and "=" in line and not line.startswith("#"):
            key, value = line.split("=", 1)
            settings.setdefault(key, []).append(value)
    return settings


@pytest.fixture
def installed(tmp_path: Path) -> tuple[Path, dict[str, list[str]]]:
    root = target(tmp_path)
    assert setup("deploy/kiosk/setup.sh", root).returncode == 0
    return root, service((root / "etc/systemd/system/epn-kiosk.service").read_text())


@pytest.mark.parametrize("session", ["cage", "x11"])
def test_the_units_stop_the_kiosk_first_and_kill_nothing_in_time(tmp_path: Path, session: str) -> None:
    root = target(tmp_path)
    variant = ["--session", "x11"] if session == "x11" else []
    assert setup("deploy/kiosk/setup.sh", root, *variant).returncode == 0
    unit = service((root / "etc/systemd/system/epn-kiosk.service").read_text())
    assert unit["ExecStop"] == [f"{PREFIX}/deploy/kiosk/stop-kiosk $MAINPID"]
    assert unit["KillMode"] == ["control-group"]  # nothing of the unit (Xwayland, a WM) outlives it
    # above the kiosk's 2 s and the stop script's 8 s wait, far below systemd's default 90 s
    assert 8 < int(unit["TimeoutStopSec"][0]) <= 15


def test_the_units_stop_measured(installed: tuple[Path, dict[str, list[str]]], display: str, tmp_path: Path,
                                 figure: Callable[[str], None]) -> None:
    root, unit = installed
    kiosk = Path(sys.executable).parent / "kiosk"  # the console script, as the release's venv has it
    if shutil.which("cage") is None or shutil.which("Xwayland") is None or not kiosk.exists():
        pytest.skip("cage, Xwayland or the kiosk console script is missing (apt-get install cage xwayland)")
    home, runtime = tmp_path / "home", tmp_path / "runtime"
    runtime.mkdir(mode=0o700)
    env = kiosk_env(display, home, KIOSK_LANGUAGES="fr")
    for setting in unit["Environment"]:
        key, value = setting.split("=", 1)
        env[key] = value
    env.update(KIOSK_HOME=str(home), KIOSK_CONFIG=str(root / "etc/epn-kiosk/kiosk.toml"),
               XDG_RUNTIME_DIR=str(runtime), WLR_BACKENDS="x11", WLR_RENDERER="pixman")  # cage in Xvfb
    command = [str(kiosk) if word == f"{PREFIX}/venv/bin/kiosk" else word
               for word in shlex.split(unit["ExecStart"][0])]
    if os.geteuid() == 0:  # cage refuses to run as root; the unit runs it as User=epn-kiosk
        command = ["unshare", "--user", "--map-user=1000", "--map-group=1000", *command]
    log = tmp_path / "unit.log"
    with log.open("w") as out:
        main = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)
    try:
        deadline = time.monotonic() + 180
        while not (home / "kiosk.sqlite3").exists():  # the kiosk is up, its store open
            assert main.poll() is None, log.read_text()[-3000:]
            assert time.monotonic() < deadline, "the kiosk did not start under cage"
            time.sleep(0.2)
        here = {f"{PREFIX}/deploy/kiosk/stop-kiosk": str(ROOT / "deploy/kiosk/stop-kiosk"),
                "$MAINPID": str(main.pid)}
        stop = [here.get(word, word) for word in shlex.split(unit["ExecStop"][0])]
        started = time.monotonic()
        # systemd reaps the main process at once: so does this test, while ExecStop waits
        stopping = subprocess.Popen(stop, stderr=subprocess.PIPE, text=True)
        code = main.wait(int(unit["TimeoutStopSec"][0]))  # past it, systemd would SIGKILL
        stopped = stopping.wait(10)
        took = time.monotonic() - started
        # then systemd sends SIGTERM to what is left in the unit (KillMode=control-group),
        # and SIGKILL to what is still there when TimeoutStopSec has run out
        left = session_processes(main.pid)
        for pid, _name in left:
            os.kill(pid, signal.SIGTERM)
        while session_processes(main.pid) and time.monotonic() - started < int(unit["TimeoutStopSec"][0]):
            time.sleep(0.05)
        killed = session_processes(main.pid)
        gone = time.monotonic() - started
    finally:
        if main.poll() is None:
            os.killpg(main.pid, signal.SIGKILL)
            main.wait()
    said = log.read_text()
    assert stopped == 0, stopping.stderr.read() if stopping.stderr else ""
    assert code == 0, said[-3000:]  # cage returns the kiosk's exit code
    assert "stopping: SIGTERM received" in said  # the kiosk's own stop, not a lost display
    assert killed == [], f"systemd would SIGKILL {killed}"
    with sqlite3.connect(f"file:{home / 'kiosk.sqlite3'}?mode=ro", uri=True) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    conn.close()
    figure(f"unit stop: the kiosk and cage gone {took:.2f} s after ExecStop began, the rest "
           f"({', '.join(n for _p, n in left) or 'nothing'}) after SIGTERM at {gone:.2f} s "
           f"(TimeoutStopSec={unit['TimeoutStopSec'][0]}); exit code {code}; nothing to SIGKILL")
