"""Crash: the kiosk killed with SIGKILL at random moments while the robot learner plays;
after each kill the database passes PRAGMA integrity_check and keeps every finished
attempt the kiosk had acknowledged (committed, see drive_crash.py), and the kiosk starts
again on the same home (as systemd's Restart=always does). Fast: 4 kills; long: 100.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.reliability.crashing import (
    Tally,
    check_database,
    check_voice_cache,
    kill,
    kill_times,
    run_until,
    start_playing,
)

pytestmark = pytest.mark.xdist_group("test_crash")


def crash(display: str, home: Path, kills: int, low: float, high: float, seed: int) -> Tally:
    journal = home / "acknowledged.txt"
    tally = Tally()
    started = time.monotonic()
    for moment in kill_times(kills, low, high, seed):
        proc = start_playing(display, home / "kiosk", journal)
        run_until(proc, moment)
        kill(proc)
        tally.kills += 1
        check_database(home / "kiosk" / "kiosk.sqlite3", journal, tally)
        assert tally.integrity_ok == tally.kills, f"kill {tally.kills} at {moment:.1f} s: database damaged"
        assert tally.lost == [], f"kill {tally.kills} at {moment:.1f} s: acknowledged attempts lost"
    tally.seconds = time.monotonic() - started
    assert check_voice_cache(home / "kiosk") == []
    return tally


def test_crash_fast(display: str, tmp_path: Path) -> None:
    tally = crash(display, tmp_path, kills=4, low=2.0, high=14.0, seed=7)
    assert tally.acknowledged >= 1  # the robot got far enough for the check to mean something


@pytest.mark.long
def test_crash_long(display: str, tmp_path: Path, figure: Callable[[str], None]) -> None:
    tally = crash(display, tmp_path, kills=100, low=1.0, high=30.0, seed=2026)
    figure(f"crash: {tally.kills} kills, {tally.integrity_ok} integrity ok, "
           f"{len(tally.lost)} finished attempts lost (of {tally.acknowledged} acknowledged), "
           f"{tally.seconds / 60:.1f} min")
    assert tally.acknowledged >= 50
