"""Sound in a public room: the animator's volume really scales the audio that comes out,
is kept across a restart, and "Tester le son" says when the output does not work while
the kiosk goes on silently. Driven by touches on the animator screen of a real kiosk
(tests/gui/drive_sound.py); the audio is what SDL itself wrote through its disk driver.
Screens: 1920×1080 (sound working) and 1280×800 (sound broken), saved in the shots folder.
"""

from __future__ import annotations

import json
import subprocess
import sys
from array import array
from pathlib import Path
from typing import Any

import pytest

from tests.gui.conftest import ROOT, kiosk_env

RUNS = (("play", "1920x1080", "disk"), ("broken", "1280x800", "nonexistent"))


@pytest.fixture(scope="module")
def seen(display: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    home = tmp_path_factory.mktemp("sound")
    found: dict[str, Any] = {"audio": home / "audio.raw", "shots": home / "shots"}
    for mode, size, driver in RUNS:  # the second run is a restart on the same home
        out = home / f"{mode}.json"
        env = kiosk_env(display, home, KIOSK_LANGUAGES="fr", SDL_DISKAUDIOFILE=str(found["audio"]))
        env["SDL_AUDIODRIVER"] = driver
        proc = subprocess.run([sys.executable, str(ROOT / "tests/gui/drive_sound.py"), str(out),
                               str(found["shots"]), size, mode], env=env, capture_output=True, text=True,
                              timeout=240, cwd=ROOT)
        assert out.exists(), proc.stdout[-3000:] + proc.stderr[-3000:]
        found[mode] = json.loads(out.read_text())
    return found


def energy(audio: Path, start: int, end: int) -> float:
    """Sum of squares of the 16-bit samples SDL wrote between two byte offsets."""
    with audio.open("rb") as f:
        f.seek(start)
        samples = array("h", f.read((end - start) // 2 * 2))
    return float(sum(s * s for s in samples))


def test_the_volume_scales_the_sound_that_comes_out(seen: dict[str, Any]) -> None:
    loud, soft = seen["play"]["tests"]
    assert (loud["volume"], soft["volume"]) == (100, 30)
    assert loud["played"] == soft["played"] == 1
    assert loud["said"] == "Phrase d'essai envoyée au son, à 100 %."
    # the same sentence twice: everything written before the second test is the first one
    first = energy(seen["audio"], loud["from"], soft["from"])
    second = energy(seen["audio"], soft["from"], soft["to"])
    assert first > 0 and second > 0
    assert abs((second / first) ** 0.5 - 0.30) < 0.03  # amplitude scaled to 30 %


def test_the_volume_is_kept_across_a_restart(seen: dict[str, Any]) -> None:
    assert seen["play"]["volume_shown"] == 100  # the default: as loud as before this setting
    assert seen["broken"]["volume_shown"] == 30
    assert seen["broken"]["state_file"]["sound_volume"] == 30


def test_a_broken_sound_output_is_told_and_the_kiosk_goes_on(seen: dict[str, Any]) -> None:
    (test,) = seen["broken"]["tests"]
    assert test["played"] == 0
    assert test["said"].startswith("Le son ne sort pas")
    assert seen["broken"]["learner_screen"] == "modules"  # a learner starts, silently


def test_the_sound_controls_are_big_enough_at_both_sizes(seen: dict[str, Any]) -> None:
    assert seen["play"]["size"] == [1920, 1080] and seen["broken"]["size"] == [1280, 800]
    assert seen["play"]["smallest_target"] >= 64 and seen["broken"]["smallest_target"] >= 64
    assert len(list(seen["shots"].glob("*animator-sound*.png"))) == 2
