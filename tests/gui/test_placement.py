"""Placement by doing and paths on the real kiosk: two EPNs, A and B, each its own home.

On A (1920×1080, French, the mouse activity only, to keep the run short) a first-time
learner answers the self-assessment, then "Faisons le point" three times — the robot
plays a STRONG, a WEAK and a MIXED learner — takes the proposed path, does two of its
exercises and leaves with the QR code. On B (1280×800, Arabic), which trusts A's key,
the learner shows that code (A's screenshot to a fake camera) and lands on "Votre
parcours" at the path's third exercise; then B's placement (three slips on the first
task, then "Je ne sais pas"), every screen looked at, and a trainer's path started with
``KioskApp.follow_path``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from kiosk.engine.catalogue import load_catalogue
from kiosk.engine.paths import proposed_exercises
from kiosk.export.keys import SigningKey, TrustedIssuers
from kiosk.sync import xapi
from tests.gui.conftest import ROOT, kiosk_env

pytestmark = pytest.mark.xdist_group("test_placement")

CLICK, DOUBLE_CLICK = "digcomp:2.2:1.1", "digcomp:2.2:1.3"
ENABLED = {"KIOSK_ENABLED_MODULES": "mouse"}


def drive(script: str, display: str, home: Path, size: str, language: str, *extra: str) -> dict[str, Any]:
    out = home / "seen.json"
    proc = subprocess.run([sys.executable, str(ROOT / "tests/gui" / script), str(out), str(home / "shots"),
                           size, language, *extra], env=kiosk_env(display, home, **ENABLED),
                          capture_output=True, text=True, timeout=240, cwd=ROOT)
    assert out.exists(), proc.stdout[-3000:] + proc.stderr[-5000:]
    assert proc.returncode == 0, proc.stdout[-3000:]  # the learner's eye found nothing hidden
    seen: dict[str, Any] = json.loads(out.read_text())
    seen["home"] = str(home)
    return seen


@pytest.fixture(scope="module")
def kiosk_a(display: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return drive("drive_placement.py", display, tmp_path_factory.mktemp("epn_a"), "1920x1080", "fr")


@pytest.fixture(scope="module")
def kiosk_b(display: str, tmp_path_factory: pytest.TempPathFactory,
            kiosk_a: dict[str, Any]) -> dict[str, Any]:
    home = tmp_path_factory.mktemp("epn_b")
    a = SigningKey.load_or_create(Path(kiosk_a["home"]))
    TrustedIssuers(home, SigningKey.load_or_create(home)).add(a.epn_id, a.public_text, "EPN A")
    (home / "inputs.json").write_text(json.dumps({"qr": kiosk_a["passport"]["png"]}))
    return drive("drive_path_resume.py", display, home, "1280x800", "ar", str(home / "inputs.json"))


def new_screens_cut(seen: dict[str, Any]) -> dict[str, list[str]]:
    """Words cut on the new screens (a task's practice screen is the learner's eye's, and
    its smallest object is small on purpose; the passport is test_passport's)."""
    return {label: cut for label, cut in seen["cut"].items()
            if cut and label not in ("placement-task", "passport")}


def placement(seen: dict[str, Any], label: str) -> dict[str, Any]:
    return next(p for p in seen["placements"] if p["label"] == label)


def mouse_in_order() -> list[Any]:
    catalogue = load_catalogue(ROOT / "scenarios")
    return catalogue.in_order(["mouse"])


# -- kiosk A: three placements, a path, two exercises ----------------------------------------
def test_the_placement_is_offered_after_the_self_assessment(kiosk_a: dict[str, Any]) -> None:
    assert kiosk_a["selfcheck"]["offered"] is True
    assert kiosk_a["modules_button"] is True  # and again whenever the learner wants


def test_a_strong_learner_is_placed_at_every_competence(kiosk_a: dict[str, Any]) -> None:
    strong = placement(kiosk_a, "strong")
    assert strong["profile"] == {CLICK: 1, DOUBLE_CLICK: 1}
    assert all(done for _sid, done in strong["outcomes"])
    assert strong["known"] == [CLICK, DOUBLE_CLICK] and strong["to_learn"] == []
    assert strong["proposed"] == [] and strong["path_words"] == "Bravo ! Vous savez déjà tout faire ici."
    assert strong["round"] == "start"


def test_a_weak_learner_is_never_stuck_and_gets_every_exercise(kiosk_a: dict[str, Any]) -> None:
    weak = placement(kiosk_a, "weak")
    assert weak["profile"] == {CLICK: 0, DOUBLE_CLICK: 0}
    # two kind misses per competence, then the walk moves on (a task of the same level)
    assert weak["outcomes"] == [["mouse.click", False], ["mouse.scroll", False],
                                ["mouse.double_click", False], ["mouse.drag", False]]
    assert weak["known"] == [] and weak["to_learn"] == [CLICK, DOUBLE_CLICK]
    assert weak["proposed"] == [s.id for s in mouse_in_order()]
    assert weak["round"] == "mid"


def test_a_mixed_learner_gets_a_path_of_what_they_cannot_do_yet(kiosk_a: dict[str, Any]) -> None:
    mixed = placement(kiosk_a, "mixed")
    assert mixed["profile"] == {CLICK: 1, DOUBLE_CLICK: 0}
    assert mixed["round"] == "end"  # asked for by the animator
    assert mixed["proposed"] == list(proposed_exercises(mixed["profile"], mouse_in_order()))
    assert "mouse.click" not in mixed["proposed"] and mixed["proposed"][0] == "mouse.double_click"
    # beside the self-assessment ("yes" to the mouse: they thought more than they did)
    assert mixed["compared"] is True
    said = mixed["said"]
    assert said[0] == "Voilà, c'est fait. Merci !" and "Vous savez déjà" in said and "On va apprendre" in said
    assert said[-1] == f"Exercices proposés pour vous : {len(mixed['proposed'])}"


def test_the_path_shows_the_next_exercise_and_ticks_the_done_ones(kiosk_a: dict[str, Any]) -> None:
    proposed = kiosk_a["proposed"]
    first, after = kiosk_a["path_first"], kiosk_a["path_after_two"]
    assert first["title"] == "Mon parcours" and first["next"] == proposed[0] and first["done"] == []
    assert after["done"] == proposed[:2] and after["next"] == proposed[2]
    assert after["progress"] == f"Déjà faits : 2 sur {len(proposed)}"
    assert after["said"][:3] == ["Votre parcours", "Mon parcours", "Exercice suivant :"]
    # after each exercise of the path, the results screen leads back to it
    assert kiosk_a["results_button"] == ["Votre parcours", "Votre parcours"]
    assert kiosk_a["path_tile"] is True


def test_placements_are_stored_and_queued_as_statements_with_no_personal_data(
        kiosk_a: dict[str, Any]) -> None:
    stored = kiosk_a["stored"]
    assert stored["path"] == [None, kiosk_a["proposed"], 2]
    # one profile per day: three placements today keep the latest
    assert stored["placements"] == [placement(kiosk_a, "mixed")["profile"]]
    statements = [xapi.read_placement(s) for s in stored["outbox"]]
    found = [p for p in statements if p is not None]
    assert found == [("start", placement(kiosk_a, "strong")["profile"]),
                     ("mid", placement(kiosk_a, "weak")["profile"]),
                     ("end", placement(kiosk_a, "mixed")["profile"])]
    for statement in stored["outbox"]:
        assert set(statement["actor"]["account"]) == {"homePage", "name"}


def test_the_qr_carries_the_path_its_place_and_the_profile(kiosk_a: dict[str, Any]) -> None:
    record = kiosk_a["passport"]["record"]
    assert record["path"] == {"id": None, "exercises": kiosk_a["proposed"], "place": 2}
    assert [p["levels"] for p in record["placements"]] == [placement(kiosk_a, "mixed")["profile"]]


def test_every_screen_of_a_keeps_big_targets_and_contrast(kiosk_a: dict[str, Any]) -> None:
    for label, (side, name) in kiosk_a["targets"].items():
        assert side >= 64, f"{label}: '{name}' is {side} px"
    for label, (ratio, words) in kiosk_a["contrast"].items():
        assert ratio >= 4.5, f"{label}: '{words}' has contrast {ratio}"
    assert new_screens_cut(kiosk_a) == {}


# -- kiosk B: the same learner, another EPN ------------------------------------------------------
def test_another_terminal_resumes_at_the_right_exercise_of_the_path(kiosk_b: dict[str, Any],
                                                                   kiosk_a: dict[str, Any]) -> None:
    proposed = kiosk_a["proposed"]
    assert kiosk_b["landed_on"] == "path"
    path = kiosk_b["path"]
    assert path["next"] == proposed[2] and path["done"] == proposed[:2]
    assert path["title"] == "مساري"
    assert path["placements"] == [placement(kiosk_a, "mixed")["profile"]]


def test_the_placement_in_arabic_on_a_small_screen(kiosk_b: dict[str, Any]) -> None:
    here = kiosk_b["placement"]
    assert here["profile"] == {CLICK: 0, DOUBLE_CLICK: 0}
    assert here["round"] == "mid"  # the profile brought from A was the first
    assert here["compared"] is True  # the self-assessment came with the code
    assert here["said"][0] == "انتهينا. شكرًا لك!"
    for label, (side, name) in kiosk_b["targets"].items():
        assert side >= 64, f"{label}: '{name}' is {side} px"
    for label, (ratio, words) in kiosk_b["contrast"].items():
        assert ratio >= 4.5, f"{label}: '{words}' has contrast {ratio}"
    assert new_screens_cut(kiosk_b) == {}


def test_slips_in_a_task_are_a_miss_without_any_hint(kiosk_b: dict[str, Any]) -> None:
    slips = kiosk_b["slips"]
    assert len(slips) == 3 and all(s["hint_level"] == 0 and not s["demo"] for s in slips)
    assert slips[0]["feedback"]  # "Presque ! Essayez encore.", in Arabic
    assert kiosk_b["placement"]["outcomes"][0] == ["mouse.click", False]


def test_follow_path_starts_a_trainer_s_path(kiosk_b: dict[str, Any]) -> None:
    assert kiosk_b["follow_unknown"] is False
    assert kiosk_b["follow"] is True
    followed = kiosk_b["followed"]
    assert followed["title"] == "الخطوات الأولى" and followed["next"] == "mouse.click"
    assert followed["done"] == []
