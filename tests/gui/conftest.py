"""GUI tests run the real kiosk in its own process on a private Xvfb screen."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kiosk.display import virtual_screen

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def display() -> Iterator[str]:
    with virtual_screen() as number:
        yield number


def kiosk_env(display: str, home: Path, **extra: str) -> dict[str, str]:
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
