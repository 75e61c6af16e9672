"""Power loss: the SQLite file on a real ext4 filesystem (a loop device) whose disk image
is cut while the robot learner plays.

A cut: the kiosk is frozen (SIGSTOP), the image file behind the loop device is copied —
that copy holds exactly what the filesystem had sent to its "disk" at that moment, not
what was still in the page cache — and the kiosk is killed. The copy then "boots": e2fsck
replays ext4's journal, it is mounted, and the database must pass integrity_check and
hold every finished attempt acknowledged before the cut (committed = WAL fsynced, with
``synchronous=FULL``). The next round runs the kiosk on that recovered image, as a
terminal switched on again would. ``commit=60`` keeps ext4 from flushing on its own
during a round, so only what SQLite fsynced is on the image: the harshest ordinary cut.

Needs root (loop mount); skipped otherwise. What this does and does not cover is in
docs/RELIABILITY.md.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.reliability.crashing import (
    Tally,
    check_database,
    kill,
    kill_times,
    run_until,
    run_until_acknowledged,
    start_playing,
)

pytestmark = [pytest.mark.xdist_group("test_powerloss"),
              pytest.mark.skipif(os.geteuid() != 0 or shutil.which("mkfs.ext4") is None,
                                 reason="a loop-mounted ext4 needs root and e2fsprogs")]


@contextmanager
def mounted(image: Path, where: Path) -> Iterator[Path]:
    where.mkdir(exist_ok=True)
    subprocess.run(["mount", "-o", "loop,commit=60", str(image), str(where)], check=True)
    try:
        yield where
    finally:
        subprocess.run(["umount", str(where)], check=True)


def cut(display: str, root: Path, cuts: int, low: float, high: float, seed: int,
        **settings: str) -> tuple[Tally, list[int]]:
    """``cuts`` rounds; the last one waits for an acknowledged attempt before its cut."""
    image, mnt, journal = root / "disk.img", root / "mnt", root / "acknowledged.txt"
    with image.open("wb") as f:
        f.truncate(48 * 1024 * 1024)
    subprocess.run(["mkfs.ext4", "-q", "-F", str(image)], check=True)
    tally, fsck_codes = Tally(), []
    started = time.monotonic()
    rng = random.Random(seed)
    for n, moment in enumerate(kill_times(cuts, low, high, seed), start=1):
        with mounted(image, mnt):
            proc = start_playing(display, root / "home", journal,
                                 KIOSK_DATABASE_URL=f"sqlite:///{mnt / 'kiosk.sqlite3'}", **settings)
            if n == cuts:
                moment = run_until_acknowledged(proc, journal, rng)
            else:
                run_until(proc, moment)
            os.kill(proc.pid, signal.SIGSTOP)  # the power goes: nothing more is written
            acknowledged = journal.read_text() if journal.exists() else ""
            subprocess.run(["cp", "--sparse=always", str(image), str(root / "cut.img")], check=True)
            kill(proc)
        (root / "cut.img").replace(image)  # what the disk held is what the next boot finds
        fsck = subprocess.run(["e2fsck", "-fy", str(image)], capture_output=True, text=True)
        fsck_codes.append(fsck.returncode)
        tally.kills += 1
        cut_journal = root / "acknowledged-at-cut.txt"
        cut_journal.write_text(acknowledged)
        with mounted(image, mnt):
            check_database(mnt / "kiosk.sqlite3", cut_journal, tally)
        assert fsck.returncode < 4, f"cut {tally.kills}: the filesystem is damaged: {fsck.stdout}"
        assert tally.integrity_ok == tally.kills, f"cut {tally.kills} at {moment:.1f} s: database damaged"
        assert tally.lost == [], f"cut {tally.kills} at {moment:.1f} s: acknowledged attempts lost"
    tally.seconds = time.monotonic() - started
    return tally, fsck_codes


def test_powerloss_fast(display: str, tmp_path: Path) -> None:
    tally, _ = cut(display, tmp_path, cuts=3, low=4.0, high=12.0, seed=11, KIOSK_LANGUAGES="fr")
    assert tally.acknowledged >= 1  # the last cut comes after one: the check means something


@pytest.mark.long
def test_powerloss_long(display: str, tmp_path: Path, figure: Callable[[str], None]) -> None:
    tally, codes = cut(display, tmp_path, cuts=50, low=1.0, high=30.0, seed=2027)
    figure(f"powerloss: {tally.kills} cuts, {tally.integrity_ok} integrity ok, "
           f"{len(tally.lost)} finished attempts lost (of {tally.acknowledged} acknowledged), "
           f"e2fsck repaired the filesystem {sum(1 for c in codes if c == 1)} times, "
           f"{tally.seconds / 60:.1f} min")
