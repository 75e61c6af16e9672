"""Idle: a session left alone is wiped to a clean welcome at the idle timeout (±1 s),
measured from the learner's last touch to the first frame of the welcome on screen.

Fast: one session left mid-exercise. Long: eight places (mid-exercise in Arabic, the
language picker open, results, the scenario list, the self-assessment, the passport,
after a warning answered, the camera screen without a session).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.gui.conftest import drive

pytestmark = pytest.mark.xdist_group("test_idle")
TIMEOUT, WARNING = 10, 4
ALL_PLACES = "player,picker,results,scenarios,selfcheck,passport,warning,resume"


def leave_alone(display: str, home: Path, places: str) -> dict[str, Any]:
    seen = drive(display, home, "../reliability/drive_idle.py", places, timeout=60 + 30 * places.count(","),
                 KIOSK_IDLE_TIMEOUT=str(TIMEOUT), KIOSK_IDLE_WARNING=str(WARNING))
    assert [r["place"] for r in seen["results"]] == places.split(",")
    for r in seen["results"]:
        assert abs(r["wipe_s"] - TIMEOUT) <= 1.0, r
        assert r["clean"] and not r["pseudonym_visible"] and not r["modal_open"], r
        assert r["language"] == "fr" and r["session"] is None, r
        if r["place"] != "resume":  # a session is warned first, in time to answer
            assert r["warning_s"] is not None and abs(r["warning_s"] - (TIMEOUT - WARNING)) <= 1.0, r
    return seen


def test_idle_fast(display: str, tmp_path: Path) -> None:
    leave_alone(display, tmp_path, "player")


@pytest.mark.long
def test_idle_long(display: str, tmp_path: Path, figure: Callable[[str], None]) -> None:
    seen = leave_alone(display, tmp_path, ALL_PLACES)
    wipes = [r["wipe_s"] for r in seen["results"]]
    figure(f"idle: {len(wipes)} sessions left alone at {len(wipes)} places, wiped after "
           f"{min(wipes):.2f}–{max(wipes):.2f} s (timeout {TIMEOUT} s), {len(wipes)} clean welcomes")
