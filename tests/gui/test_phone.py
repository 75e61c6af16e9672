"""The phone surfaces as a learner meets them, on the real window: MonID after a wrong
PIN (a calm word, then success), a request the learner never made (refused, and told why
when they start to confirm it), and a fake SMS (its link shows a calm warning; reported,
then deleted from the list). The help ladder climbs to the demo on the phone."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.gui.conftest import drive, play

# its tests share one module fixture: xdist keeps them on one worker
pytestmark = pytest.mark.xdist_group("test_phone")


@pytest.fixture(scope="module")
def observed(display: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One learner plays the identity module with a slip on each scenario, on the small
    screen (1280×800), where the phone and the keyboard have the least room."""
    home = tmp_path_factory.mktemp("phone")
    seen = drive(display, home, "drive_phone.py", "1280x800", timeout=240)
    return seen


def test_the_identity_module_offers_its_three_exercises(observed: dict[str, Any]) -> None:
    assert observed["tiles"] == ["identity.login", "identity.refuse", "identity.fake_sms"]


def test_a_wrong_pin_gets_a_calm_word_then_the_right_one_logs_in(observed: dict[str, Any]) -> None:
    login = observed["identity.login"]
    wrong = login["after_wrong_pin"]
    assert "Ce n'est pas le bon code. Réessayez calmement." in wrong["phone"]
    assert wrong["same_step"] == "pin"  # still on the PIN: try again, nothing is lost
    assert wrong["pin_kept"] == "" and wrong["anywhere"] == []  # the PIN typed is gone
    assert "_  _  _  _  _" in wrong["phone"]  # the stars are empty again, ready
    # then the right PIN: the site says so, the phone too
    assert "Vous êtes connecté." in login["end_site"]
    assert "C'est confirmé !" in login["end_phone"]
    assert login["end_state"] == {"site_stage": "done", "phone_stage": "done"}
    assert login["stars"] == 2  # one slip: help was offered, never zero


def test_a_request_you_did_not_start_is_refused(observed: dict[str, Any]) -> None:
    refuse = observed["identity.refuse"]
    # the site (the commune's news) never asked anything and shows no code
    assert "Actualités" in refuse["site_before"]
    assert "Vous devez voir ces images :" not in refuse["site_before"]
    # touching Confirmer does not confirm: the app says why, calmly, and waits
    after = refuse["after_confirm"]
    assert "Vous n'avez rien demandé ? Alors touchez Refuser." in after["phone"]
    assert after["phone_stage"] == "request" and after["same_step"] == "refuse"
    # Refuser: the request is gone, the account is safe, the site did not change
    assert "Demande refusée. Votre compte est protégé." in refuse["end_phone"]
    assert refuse["end_state"] == {"site_stage": "idle", "phone_stage": "refused"}
    assert refuse["end_site"] == refuse["site_before"]


def test_a_fake_sms_link_warns_calmly_and_the_message_is_reported_then_deleted(
        observed: dict[str, Any]) -> None:
    sms = observed["identity.fake_sms"]
    link = sms["after_link"]
    assert link["warning"] is True and link["same_step"] == "report"
    assert "Ce lien était peut-être un piège." in link["phone"]
    assert "Rien n'a été ouvert. Vous êtes en sécurité." in link["phone"]
    assert "Signaler" in sms["after_warning_back"]  # back on the message, nothing else happened
    assert "Signalé comme spam. Merci !" in sms["after_report"]
    assert {"Signaler comme spam", "Supprimer", "Spam signalé"} <= set(sms["menu"])
    # deleted: the conversation has left the list, the genuine ones stay
    end = sms["end_phone"]
    assert "Conversation supprimée." in end
    assert "BANQUE-INFO" not in end
    assert {"Pharmacie du Centre", "Tilleul-sur-Meuse"} <= set(end)


def test_big_targets_and_readable_words_on_the_small_screen(observed: dict[str, Any]) -> None:
    for sid in ("identity.login", "identity.refuse", "identity.fake_sms"):
        record = observed[sid]
        assert record["smallest_target_px"] >= 64, (sid, record["smallest_target_px"])
        assert record["lowest_contrast"][0] >= 7.0, (sid, record["lowest_contrast"])


def test_mistakes_on_the_phone_climb_to_the_demo(display: str, tmp_path: Path) -> None:
    report = play(display, tmp_path, "identity.refuse", "--mistakes")
    scenario = report["scenarios"][0]
    assert scenario["stars"] == 1  # finished after the demo: one star, never zero
    assert all(step["hint_levels"] == [1, 2, 3] for step in scenario["steps"]), scenario["steps"]
    assert scenario["smallest_target_px"] >= 64
    assert scenario["lowest_contrast"][0] >= 7.0, scenario["lowest_contrast"]
