"""Every surface in other languages through the real UI, right first (CI): every
scenario plays in Arabic (right to left) in test_learners_eye.py, and each of the other
four languages plays half of the surfaces here, alternating, so every surface is seen in
three languages besides French.
The mouse module in French runs in test_robot_learner.py; the whole matrix (every
scenario, every language, with and without mistakes) is `make languages`."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from tests.gui.conftest import ROOT, first_of_each_surface, play

LANGUAGES = ["fr", "nl", "en", "ar", "tr", "uk"]


@cache
def one_per_surface() -> tuple[str, ...]:
    from kiosk.engine import load_catalogue

    catalogue = load_catalogue(ROOT / "scenarios")
    return tuple(s.id for s in first_of_each_surface(catalogue.in_order()))


def share_of(language: str) -> str:
    """Arabic plays every surface; nl and tr the even ones, en and uk the odd ones."""
    surfaces = one_per_surface()
    if language == "ar":
        return ",".join(surfaces)
    return ",".join(surfaces[0 if language in ("nl", "tr") else 1::2])


def test_every_surface_is_played_in_three_languages_besides_french() -> None:
    seen: dict[str, list[str]] = {}
    for language in LANGUAGES[1:]:
        for scenario in share_of(language).split(","):
            seen.setdefault(scenario, []).append(language)
    assert set(seen) == set(one_per_surface())
    assert all(len(languages) == 3 and "ar" in languages for languages in seen.values()), seen


@pytest.mark.parametrize("language", [lang for lang in LANGUAGES[1:] if lang != "ar"])
def test_robot_learner_finishes_in_every_language(display: str, tmp_path: Path, language: str) -> None:
    wanted = share_of(language)
    report = play(display, tmp_path, wanted, "--lang", language)
    assert [s["id"] for s in report["scenarios"]] == wanted.split(",")
    assert report["language"] == language and report["speech_problem"] is None
    for scenario in report["scenarios"]:
        assert scenario["stars"] == 3, scenario["id"]
        assert scenario["lowest_contrast"][0] >= 7.0, (scenario["id"], scenario["lowest_contrast"])
        assert scenario["smallest_target_px"] >= 64, scenario["id"]
    assert report["clips_played"] >= sum(len(s["steps"]) for s in report["scenarios"])
