"""Disk full: the disk that holds the database fills up mid-session. The learner is told
calmly, once, in their language, and can go on; the animator screen says why; when space
returns the practice is saved again and the database is intact.

The database lives on a real 3 MB tmpfs (needs root to mount; skipped otherwise), filled
by another program's file — SQLite then gets ENOSPC / SQLITE_FULL as on a real terminal.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.gui.conftest import drive

pytestmark = [pytest.mark.xdist_group("test_diskfull"),
              pytest.mark.skipif(os.geteuid() != 0, reason="mounting a small tmpfs needs root")]


@pytest.fixture(scope="module")
def small_disk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    where = tmp_path_factory.mktemp("small-disk")
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(where)], check=True)
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=True)


@pytest.fixture(scope="module")
def observed(display: str, small_disk: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    home = tmp_path_factory.mktemp("diskfull")
    db = small_disk / "kiosk.sqlite3"
    seen = drive(display, home, "../reliability/drive_diskfull.py", str(small_disk), timeout=240,
                 KIOSK_DATABASE_URL=f"sqlite:///{db}")
    with sqlite3.connect(db) as conn:
        seen["integrity"] = conn.execute("PRAGMA integrity_check").fetchall()
        seen["foreign_keys"] = conn.execute("PRAGMA foreign_key_check").fetchall()
        seen["finished_after"] = conn.execute(
            "SELECT count(*) FROM step_events WHERE attempt_id = ? AND kind = 'finished'",
            (seen["attempt_after_space_returned"],)).fetchone()[0]
        seen["session_end"] = conn.execute("SELECT end_reason FROM sessions WHERE id = ?",
                                           (seen["session_id"],)).fetchone()
    conn.close()
    seen["shots"] = home / "shots"
    return seen


def test_the_learner_is_told_calmly_once_in_their_language(observed: dict[str, Any]) -> None:
    assert observed["filler_bytes"] > 1_000_000
    assert observed["notice_shown"], f"no notice while the disk was full: {observed}"
    assert observed["spoken_at_notice"] == ["Uw oefeningen worden nu even niet bewaard.",
                                            "U kunt verder oefenen. De begeleider kan kijken."]
    assert set(observed["notice_texts"]) == {"Uw oefeningen worden nu even niet bewaard.",
                                             "U kunt verder oefenen. De begeleider kan kijken.", "Oké"}
    assert observed["notice_closed"]
    assert observed["told_once"] == 1  # more failures in the same session do not nag


def test_the_animator_screen_says_why(observed: dict[str, Any]) -> None:
    assert "Enregistrement impossible" in observed["animator_notice"]
    assert "disque du kiosque était plein" in observed["animator_notice"]
    assert "Traceback" not in observed["animator_notice"]


def test_after_space_returns_practice_is_saved_and_nothing_is_corrupt(observed: dict[str, Any],
                                                                     figure: Callable[[str], None]) -> None:
    assert observed["integrity"] == [("ok",)] and observed["foreign_keys"] == []
    assert observed["failures_after_space_returned"] == 0
    assert observed["finished_after"] == 1  # the exercise played after space returned is kept
    assert observed["session_end"] == ("finished",)
    figure(f"diskfull: 3 MB tmpfs filled mid-session, {observed['failures_before_end']} writes refused, "
           "learner told once (nl), animator told why, integrity ok after space returned, "
           "the next exercise saved")
