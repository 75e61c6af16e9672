"""Without a speech engine the kiosk runs silently and tells the animator why."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.gui.conftest import ROOT, kiosk_env


def test_no_speech_engine_plays_silently_and_the_animator_is_told(display: str, tmp_path: Path) -> None:
    # What cannot exist on this machine: espeak-ng missing. A pyttsx3 without its espeak
    # driver stands in for it, first on the import path.
    missing = tmp_path / "no-espeak" / "pyttsx3"
    missing.mkdir(parents=True)
    (missing / "__init__.py").write_text("")
    (missing / "drivers").mkdir()
    (missing / "drivers" / "__init__.py").write_text("")
    out = tmp_path / "seen.json"
    # no voice cache either (a terminal whose install could not render the voices)
    env = kiosk_env(display, tmp_path, voices=False, PYTHONPATH=f"{missing.parent}:{ROOT}")
    proc = subprocess.run([sys.executable, str(ROOT / "tests/gui/drive_silent.py"), str(out)],
                          env=env, capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert out.exists(), proc.stdout[-3000:] + proc.stderr[-3000:]
    seen = json.loads(out.read_text())
    assert seen["stars"] == 3 and seen["clips_played"] == 0
    assert "Voix désactivée" in seen["notice"] and "espeak-ng" in seen["notice"]
