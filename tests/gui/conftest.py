"""GUI tests run the real kiosk in its own process on a private Xvfb screen."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kiosk.display import virtual_screen

ROOT = Path(__file__).resolve().parents[2]


VOICES_VARIABLE = "KIOSK_TEST_VOICE_CACHE"


def first_of_each_surface(scenarios: list[Any]) -> list[Any]:
    """The first scenario of each surface, in catalogue order."""
    chosen: dict[str, Any] = {}
    for scenario in scenarios:
        chosen.setdefault(scenario.surface, scenario)
    return list(chosen.values())


@pytest.fixture(scope="session")
def display(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    run_dir = tmp_path_factory.getbasetemp()  # pytest-N; with xdist, pytest-N/popen-gwK
    shared = run_dir.parent if os.environ.get("PYTEST_XDIST_WORKER") else run_dir
    os.environ[VOICES_VARIABLE] = str(installed_voices(shared))
    with virtual_screen() as number:
        yield number


def installed_voices(shared: Path) -> Path:
    """The voice cache a terminal has after its install (`kiosk audio build`), built once
    per test run and shared by the workers; every test kiosk starts with a copy of it
    (hard links: a clip is written aside and renamed, so no kiosk changes another's).
    Without it each kiosk rendered all 2,000+ clips in the background on the same two
    cores as the tests. The rendering itself is tested in tests/speech and the crash suite."""
    cache = shared / "installed-voices"
    with (shared / "installed-voices.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # the other worker waits for the first build
        if not (cache / "complete").exists():
            home = shared / "installed-voices-home"
            env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
            env.update(KIOSK_HOME=str(home))
            subprocess.run([sys.executable, "-m", "kiosk", "audio", "build"], env=env, cwd=ROOT,
                           check=True, capture_output=True, timeout=600)
            (home / "voice-cache").rename(cache)
            (cache / "complete").touch()
    return cache


def with_installed_voices(home: Path) -> None:
    installed = os.environ.get(VOICES_VARIABLE)
    target = home / "voice-cache"
    if installed and not target.exists():
        home.mkdir(parents=True, exist_ok=True)
        try:
            shutil.copytree(installed, target, copy_function=os.link,
                            ignore=shutil.ignore_patterns("complete"))
        except (OSError, shutil.Error):  # another filesystem: the kiosk renders its own
            shutil.rmtree(target, ignore_errors=True)


def kiosk_env(display: str, home: Path, voices: bool = True, **extra: str) -> dict[str, str]:
    """The environment of a test kiosk on ``display`` with its home; ``voices``: the home
    starts with the installed voice cache (see installed_voices)."""
    if voices:
        with_installed_voices(home)
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    env.update(DISPLAY=display, KIOSK_HOME=str(home), SDL_AUDIODRIVER="dummy", **extra)
    # drivers run as scripts: this checkout's kiosk first, not the one the venv installed
    # (a git worktree shares the venv of the main checkout)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    return env


def run_kiosk(args: list[str], display: str, home: Path, timeout: float = 300,
              **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kiosk", *args], env=kiosk_env(display, home, **extra),
                          capture_output=True, text=True, timeout=timeout, cwd=ROOT)


def drive(display: str, home: Path, script: str, *args: str, timeout: float = 180,
          **extra: str) -> dict[str, Any]:
    """Run a driver (tests/gui/drive_*.py) in its own kiosk process; it writes what it
    observed as JSON (its argv[1]), its screenshots go to ``home/shots`` (argv[2])."""
    out = home / "seen.json"
    proc = subprocess.run([sys.executable, str(ROOT / "tests/gui" / script), str(out), str(home / "shots"),
                           *args], env=kiosk_env(display, home, **extra), capture_output=True, text=True,
                          timeout=timeout, cwd=ROOT)
    assert out.exists(), proc.stdout[-3000:] + proc.stderr[-3000:]
    data: dict[str, Any] = json.loads(out.read_text())
    return data


def play(display: str, home: Path, target: str, *extra_args: str) -> dict[str, Any]:
    report = home / "report.json"
    proc = run_kiosk(["play", target, "--auto", "--report", str(report), *extra_args], display, home)
    assert report.exists(), proc.stdout[-3000:] + proc.stderr[-3000:]
    data: dict[str, Any] = json.loads(report.read_text())
    assert proc.returncode == 0 and data["ok"], (data.get("error"), proc.stderr[-3000:])
    return data
