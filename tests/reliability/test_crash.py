"""Crash: the kiosk killed with SIGKILL at random moments while the robot learner plays;
after each kill the database passes PRAGMA integrity_check and keeps every finished
attempt the kiosk had acknowledged (committed, see drive_crash.py), and the kiosk starts
again on the same home (as systemd's Restart=always does). Fast: 4 kills; long: 100.
"""

from __future__ import annotations

import random
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
    run_until_acknowledged,
    start_playing,
)

pytestmark = pytest.mark.xdist_group("test_crash")


def crash(display: str, home: Path, kills: int, low: float, high: float, seed: int,
          **settings: str) -> Tally:
    """``kills`` rounds; the last one waits for an acknowledged attempt before its kill."""
    journal = home / "acknowledged.txt"
    tally = Tally()
    rng = random.Random(seed)
    started = time.monotonic()
    for n, moment in enumerate(kill_times(kills, low, high, seed), start=1):
        proc = start_playing(display, home / "kiosk", journal, **settings)
        if n == kills:
            moment = run_until_acknowledged(proc, journal, rng)
        else:
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
    # French voices only: the kiosk renders fewer clips at start, the robot plays sooner
    tally = crash(display, tmp_path, kills=4, low=2.0, high=12.0, seed=7, KIOSK_LANGUAGES="fr")
    assert tally.acknowledged >= 1  # the last kill comes after one: the check means something


@pytest.mark.long
def test_crash_long(display: str, tmp_path: Path, figure: Callable[[str], None]) -> None:
    tally = crash(display, tmp_path, kills=100, low=1.0, high=30.0, seed=2026)
    figure(f"crash: {tally.kills} kills, {tally.integrity_ok} integrity ok, "
           f"{len(tally.lost)} finished attempts lost (of {tally.acknowledged} acknowledged), "
           f"{tally.seconds / 60:.1f} min")
    assert tally.acknowledged >= 50
