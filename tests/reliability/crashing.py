"""What the crash and power-loss suites share: a kiosk process played by the robot and
killed at a random moment, and the checks a database must pass afterwards."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
import wave
from dataclasses import dataclass, field
from pathlib import Path

from tests.gui.conftest import ROOT, kiosk_env


@dataclass
class Tally:
    kills: int = 0
    integrity_ok: int = 0
    acknowledged: int = 0  # finished attempts the kiosk had committed before the cut
    lost: list[str] = field(default_factory=list)
    finished_in_db: int = 0
    seconds: float = 0.0


def start_playing(display: str, home: Path, journal: Path, **extra: str) -> subprocess.Popen[bytes]:
    # an empty voice cache: the kiosk renders its clips while it is killed (they must stay readable)
    return subprocess.Popen([sys.executable, str(ROOT / "tests/reliability/drive_crash.py"), str(journal)],
                            env=kiosk_env(display, home, voices=False, **extra), cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def run_until(proc: subprocess.Popen[bytes], seconds: float) -> None:
    """Let the robot play for ``seconds``; the process must not stop by itself."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"the kiosk stopped by itself: {proc.stderr.read()[-3000:]!r}")
        time.sleep(0.05)


def run_until_acknowledged(proc: subprocess.Popen[bytes], journal: Path, rng: random.Random,
                           timeout: float = 120) -> float:
    """Let the robot play until it has one more acknowledged attempt, then a random moment
    up to 1.5 s longer (so a fast run always has something to lose). Returns the time."""
    started = time.monotonic()
    before = len(journal.read_text().split()) if journal.exists() else 0
    while not journal.exists() or len(journal.read_text().split()) <= before:
        assert time.monotonic() - started < timeout, "the robot finished no attempt in time"
        run_until(proc, 0.1)
    run_until(proc, rng.uniform(0, 1.5))
    return time.monotonic() - started


def kill(proc: subprocess.Popen[bytes]) -> None:
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(10)
    proc.stderr.close()


def check_database(db: Path, journal: Path, tally: Tally) -> None:
    """integrity_check, foreign keys, and every acknowledged attempt finished in the store."""
    acknowledged = journal.read_text().split() if journal.exists() else []
    if not db.exists():  # killed before the store was ever created
        tally.integrity_ok += 1
        tally.lost += acknowledged
        return
    with sqlite3.connect(f"file:{db}?mode=rw", uri=True) as conn:
        integrity = conn.execute("PRAGMA integrity_check").fetchall()
        broken = conn.execute("PRAGMA foreign_key_check").fetchall()
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        finished = ({r[0] for r in conn.execute("SELECT attempt_id FROM step_events WHERE kind='finished'")}
                    if "step_events" in tables else set())
    conn.close()
    if integrity == [("ok",)] and not broken:
        tally.integrity_ok += 1
    tally.acknowledged = len(acknowledged)
    tally.finished_in_db = len(finished)
    tally.lost = sorted(set(acknowledged) - finished)


def check_voice_cache(home: Path) -> list[str]:
    """Clips in the cache that cannot be played (a clip is written aside, then renamed)."""
    bad = []
    for clip in (home / "voice-cache").rglob("*.wav"):
        if ".tmp" in clip.name:
            continue  # an unfinished render: never looked up, the next render replaces it
        try:
            with wave.open(str(clip)) as w:
                if w.getnframes() == 0:
                    bad.append(str(clip))
        except (wave.Error, EOFError):
            bad.append(str(clip))
    return bad


def kill_times(count: int, low: float, high: float, seed: int) -> list[float]:
    """Random moments, spread over [low, high] so start-up, practice and results are all hit."""
    rng = random.Random(seed)
    return [low + (high - low) * (i + rng.random()) / count for i in rng.sample(range(count), count)]
