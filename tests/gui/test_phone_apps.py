"""The phone's apps as a learner meets them, on the real window at 1280×800: the chat
(a group is not a person: touching it changes nothing; the photo sent lands with the
right person), the store (the look-alike opens nothing; the install bar fills, then
"Ouvrir") and an app's questions (refused, the app opens all the same). Then the robot
learner plays one scenario per new surface to three stars in French and Arabic, and to
one star with mistakes, with nothing the learner's eye would miss."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.gui.conftest import drive, play

# its tests share one module fixture: xdist keeps them on one worker
pytestmark = pytest.mark.xdist_group("test_phone_apps")


@pytest.fixture(scope="module")
def observed(display: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    home = tmp_path_factory.mktemp("phone_apps")
    return drive(display, home, "drive_phone_apps.py", "1280x800", "ar", timeout=300)


def test_the_two_new_modules_offer_their_exercises(observed: dict[str, Any]) -> None:
    assert observed["tiles.phone"] == ["phone.send_photo", "phone.install_app"]
    assert observed["tiles.protect"] == ["protect.app_permissions"]


def test_a_group_is_not_a_person_and_the_photo_goes_to_the_right_one(observed: dict[str, Any]) -> None:
    chat = observed["phone.send_photo"]
    # the app opens in the family group: its name, its pictogram and its members at the top
    assert {"Famille", "Groupe · 6 membres"} <= set(chat["start"]) and "group" in chat["start_pictures"]
    # touching the neighbours' group instead of Julie opens nothing: the list stays, help comes
    slip = chat["after_group"]
    assert slip["same_step"] == "julie" and slip["hint_level"] >= 1
    assert "Messagerie (exemple)" in slip["phone"] and "Votre message…" not in slip["phone"]
    # the paperclip shows the phone's photos; the preview says who it goes to
    assert {"Vos photos", "Attestation", "Le chat"} <= set(chat["after"]["attach"])
    assert chat["preview"][chat["preview"].index("Envoyer à :") + 2] == "Julie Lambert"
    # sent: a new bubble with the document in Julie's conversation, and a banner
    assert "Photo envoyée." in chat["end"] and "Julie Lambert" in chat["end"]
    assert "document" in chat["end_pictures"] and "Famille" not in chat["end"]
    assert chat["stars"] == 2 and chat["errors"] == 1  # one slip: help was offered, never zero


def test_the_look_alike_opens_nothing_and_the_install_bar_fills(observed: dict[str, Any]) -> None:
    store = observed["phone.install_app"]
    slip = store["after_look_alike"]
    assert slip["same_step"] == "official"
    # both names are there to compare, with who made them and how many installed them
    assert {"Ma Comune", "Appz Top Studio", "50+ téléchargements", "Ma Commune",
            "Service public (exemple)", "500\u00a0000+ téléchargements"} <= set(slip["phone"])
    assert "Installer" not in slip["phone"]  # still the results: nothing was opened
    # the official app's page, then the bar while the praise shows, then Ouvrir
    assert store["stage"]["install"] == "installing" and "Installation…" in store["after"]["install"]
    assert store["stage"]["open"] == "installed"
    assert store["end"][-2:] == ["Ma Commune", "L'appli est ouverte."]


def test_an_app_asking_too_much_is_refused_and_opens_all_the_same(observed: dict[str, Any]) -> None:
    torch = observed["protect.app_permissions"]
    assert "Ouvrir" in torch["start"]  # already installed: its page, ready to open
    slip = torch["after_allow"]
    # touching Autoriser does not give the contacts away: the question stays, help comes
    assert "Autoriser Lampe de poche à voir vos contacts ?" in slip["phone"]
    assert slip["same_step"] == "contacts" and slip["answers"] == {}
    assert torch["answers"] == {"contacts": False, "location": False}
    assert "L'appli est ouverte." in torch["end"] and "torch" in torch["end_pictures"]


def test_big_targets_and_readable_words(observed: dict[str, Any]) -> None:
    for sid in ("phone.send_photo", "phone.install_app", "protect.app_permissions"):
        record = observed[sid]
        assert record["smallest_target_px"] >= 64, sid
        assert record["lowest_contrast"][0] >= 7.0, (sid, record["lowest_contrast"])


@pytest.mark.parametrize(("language", "mistakes"), [("fr", False), ("ar", False), ("fr", True), ("ar", True)])
def test_the_robot_plays_the_phone_module(display: str, tmp_path: Path, language: str,
                                          mistakes: bool) -> None:
    """One scenario per new surface (chat, store), as `kiosk play` reports it."""
    report = play(display, tmp_path, "phone", "--size", "1280x800", "--lang", language,
                  *(["--mistakes"] if mistakes else []))
    assert [s["id"] for s in report["scenarios"]] == ["phone.send_photo", "phone.install_app"]
    assert all(s["stars"] == (1 if mistakes else 3) for s in report["scenarios"]), report["scenarios"]
    assert report["eye"]["problems"] == [] and report["eye"]["checked"] == 9
    assert all(s["smallest_target_px"] >= 64 for s in report["scenarios"])
