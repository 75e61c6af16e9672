""""J'ai déjà un code" through Kivy's real camera provider (OpenCV), on machines without a
webcam: the kiosk's ``camera`` setting names a film of a phone showing this kiosk's
passport QR code (moving and blurred, then held still), which OpenCV plays as it would
read a webcam. A device that does not open is "no camera", said on screen.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.gui.conftest import ROOT, kiosk_env

pytest.importorskip("cv2", reason="the terminal extra (OpenCV) is not installed")

from kiosk.phone_video import SAMPLE_STARS, film_passport, readable_frames  # noqa: E402


@pytest.fixture(scope="module")
def resumed(display: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    home = tmp_path_factory.mktemp("camera")
    film = film_passport(home, home / "phone.avi")
    out = home / "seen.json"
    env = kiosk_env(display, home, KIOSK_CAMERA=str(film.path))
    proc = subprocess.run([sys.executable, str(ROOT / "tests/gui/drive_camera.py"), str(out),
                           str(home / "shots"), "1280x800", str(film.first_steady)],
                          env=env, capture_output=True, text=True, timeout=180, cwd=ROOT)
    assert out.exists(), proc.stdout[-3000:] + proc.stderr[-5000:]
    seen: dict[str, Any] = json.loads(out.read_text())
    seen["film"] = {"first_steady": film.first_steady, "readable": readable_frames(film.path)}
    return seen


def test_the_film_is_unreadable_while_moving_and_readable_once_still(resumed: dict[str, Any]) -> None:
    readable, steady = resumed["film"]["readable"], resumed["film"]["first_steady"]
    assert not any(readable[:steady])  # the time to read it counts from the phone at rest
    assert all(readable[steady:])


def test_a_camera_that_does_not_open_is_no_camera(resumed: dict[str, Any]) -> None:
    assert resumed["absent"] == {"message": "resume.no_camera", "camera_on": False, "preview": 0}


def test_the_learner_sees_the_camera_and_the_square_to_aim_at(resumed: dict[str, Any]) -> None:
    moving = resumed["moving"]
    assert moving["camera_on"] and moving["message"] == "resume.show"
    assert moving["preview_has_texture"] and moving["texture_size"] == [640, 480]
    assert Path(resumed["shots"]["resume-camera"]).exists()


def test_the_phone_held_still_resumes_the_learner_with_their_stars(resumed: dict[str, Any]) -> None:
    done = resumed["resumed"]
    assert done["verdicts"] == ["ok"]  # the blurred frames were no code, not a refused one
    assert done["said"] == ["resume.welcome_back", "modules.choose"]
    assert done["camera_released"]  # the webcam is closed once the learner is back
    mouse = {k: v for k, v in SAMPLE_STARS.items() if k.startswith("mouse.")}
    assert {k: v for k, v in resumed["tiles"].items() if v} == mouse
