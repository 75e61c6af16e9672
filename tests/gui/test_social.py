"""The social network as a learner meets it, through the real kiosk at 1280×800: a post
published for friends only, in French; in Arabic with the screen in Arabic (mirrored), a
contest too good to be true where the learner first touches **Partager** (nothing is
shared, the help says why), then reports and hides it. The robot learner plays one
exercise in each language to three stars (one with slips), and the learner's eye sees
every named target whole."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.gui.conftest import drive, play


@pytest.fixture(scope="module")
def friends_fr(display: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    home = tmp_path_factory.mktemp("social-fr")
    return drive(display, home, "drive_social.py", "1280x800", "fr", "fr", "protect.friends_only",
                 timeout=240)


@pytest.fixture(scope="module")
def contest_ar(display: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    home = tmp_path_factory.mktemp("social-ar")
    return drive(display, home, "drive_social.py", "1280x800", "ar", "own", "protect.contest",
                 "menu", "share.contest", timeout=240)


def test_a_post_is_published_for_friends_only(friends_fr: dict[str, Any]) -> None:
    steps = friends_fr["steps"]
    assert [s["id"] for s in steps] == ["write", "audience", "friends", "publish"]
    assert all(s["eye"] == [] for s in steps), steps
    assert {"Écrire", "Mon profil", "Nadia Lemaire", "Partager"} <= set(steps[0]["phone"])
    # the choice of who sees: Public is chosen at the start, the three are offered
    assert {"Public", "Amis", "Moi uniquement", "Tout le monde, même des inconnus"} <= set(steps[2]["phone"])
    assert "globe" in steps[2]["pictures"] and "lock" in steps[2]["pictures"]
    # back on the new post: Amis is written under "Qui peut voir ?"
    assert "Amis" in steps[3]["phone"] and "Mon fils a eu son diplôme. Quelle joie !" in steps[3]["phone"]
    end = friends_fr["end"]
    assert end["seen"]["post"] == "friends" and end["published"] and end["page"] == "feed"
    assert end["notice"] == "Publié. Qui peut voir : Amis"
    # the learner's own post is on top of the feed, with who sees it
    assert end["phone"].index("Alex Martin") < end["phone"].index("Nadia Lemaire")
    assert "Amis" in end["phone"] and "group" in end["pictures"]
    assert friends_fr["stars"] == 3


def test_the_contest_is_reported_and_hidden_never_shared(contest_ar: dict[str, Any]) -> None:
    menu, report, hide = contest_ar["steps"]
    slip = menu["after_slip"]
    # Partager under the trap shares nothing: same step, same feed, one slip counted
    assert slip["step"] == "menu" and slip["errors"] == 1 and slip["notice"] == ""
    assert "مشاركة" in slip["phone"] and "Super Cadeaux (exemple)" in slip["phone"]
    assert "إبلاغ" in report["phone"] and "إخفاء" in report["phone"]  # Signaler, Masquer in Arabic
    assert "شكرًا. سنتحقق من ذلك." in hide["phone"] and "إبلاغ" not in hide["phone"]
    end = contest_ar["end"]
    assert end["hidden"] == ["contest"] and "Super Cadeaux (exemple)" not in end["phone"]
    assert end["notice"] == "تم إخفاء المنشور." and "Nadia Lemaire" in end["phone"]
    assert all(s["eye"] == [] for s in contest_ar["steps"]), contest_ar["steps"]
    assert contest_ar["stars"] == 2  # one slip


def test_the_arabic_network_is_mirrored(contest_ar: dict[str, Any]) -> None:
    assert contest_ar["mirrored"] is True
    for card in contest_ar["steps"][0]["cards"]:
        left, _bottom, width, _height = card["card"]
        # the menu button stands where reading ends: on the left in Arabic
        assert card["menu"][0] < left + width / 2, card


def test_big_targets(friends_fr: dict[str, Any], contest_ar: dict[str, Any]) -> None:
    for seen in (friends_fr, contest_ar):
        assert min(s["smallest_target_px"] for s in seen["steps"]) >= 64


@pytest.mark.parametrize(("sid", "language", "mistakes"), [("protect.friends_only", "fr", False),
                                                           ("protect.contest", "ar", True)])
def test_the_robot_plays_a_social_exercise(display: str, tmp_path: Path, sid: str, language: str,
                                           mistakes: bool) -> None:
    report = play(display, tmp_path, sid, "--size", "1280x800", "--lang", language,
                  *(["--mistakes"] if mistakes else []))
    (scenario,) = report["scenarios"]
    assert scenario["stars"] == (1 if mistakes else 3)
    assert report["eye"]["problems"] == [] and report["eye"]["checked"] >= 3
    assert scenario["smallest_target_px"] >= 64
