"""The system's stop: SIGTERM (systemctl stop, restart, an update, `timeout`) and SIGINT
(Ctrl+C) end a full-screen kiosk mid-exercise within 2 s, with exit code 0; the attempt
so far is in the store, closed as "abandoned" like the idle wipe closes it, the session
ended as "shutdown", and the database passes PRAGMA integrity_check. (Keys and the
window's close button still leave the kiosk on screen: test_escape.py.)
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.gui.conftest import ROOT, kiosk_env

STOP_WITHIN = 2.0  # seconds: far below systemd's stop timeout, what a restart may cost


def wait_for(path: Path, proc: subprocess.Popen[bytes], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        assert proc.poll() is None, f"the kiosk stopped: {proc.communicate()[1][-3000:]!r}"
        assert time.monotonic() < deadline, f"no {path.name} after {timeout} s"
        time.sleep(0.1)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_the_system_stops_a_kiosk_mid_exercise(display: str, tmp_path: Path, signum: int) -> None:
    ready = tmp_path / "ready.json"
    driver = ROOT / "tests/reliability/drive_system_stop.py"
    proc = subprocess.Popen([sys.executable, str(driver), str(ready)],
                            env=kiosk_env(display, tmp_path, KIOSK_LANGUAGES="fr"), cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_for(ready, proc, 120)
        seen = json.loads(ready.read_text())
        sent = time.monotonic()
        os.kill(proc.pid, signum)
        try:
            code = proc.wait(30)
        except subprocess.TimeoutExpired:
            pytest.fail(f"the kiosk was still running 30 s after {signal.Signals(signum).name}")
        took = time.monotonic() - sent
        errors = proc.stderr.read().decode()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stderr.close()
    assert seen["window"] == [1920, 1080]  # full screen, as `kiosk run` runs on a terminal
    assert took < STOP_WITHIN, f"{signal.Signals(signum).name}: stopped after {took:.1f} s {errors[-3000:]}"
    assert code == 0, errors[-3000:]
    with sqlite3.connect(f"file:{tmp_path / 'kiosk.sqlite3'}?mode=ro", uri=True) as conn:
        integrity = conn.execute("PRAGMA integrity_check").fetchall()
        events = conn.execute("SELECT kind, step_id FROM step_events WHERE attempt_id = ? ORDER BY rowid",
                              (seen["attempt"],)).fetchall()
        reasons = conn.execute("SELECT s.end_reason FROM sessions s JOIN attempts a ON a.session_id = s.id "
                               "WHERE a.id = ?", (seen["attempt"],)).fetchall()
    conn.close()
    assert integrity == [("ok",)]
    assert ("correct", seen["answered"]) in events  # the step answered before the signal
    assert ("shown", seen["now"]) in events  # the step on screen when it came
    assert events[-1][0] == "abandoned" and "finished" not in [k for k, _ in events]
    assert reasons == [("shutdown",)]
