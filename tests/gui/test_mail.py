"""The webmail through the real UI, as a learner would notice it: the site refuses to send
without a recipient or a subject and says so under the field; a sent message lands in
Envoyés with a calm "Message envoyé"; reading a message takes its unread mark away;
touching the suspicious link only shows a calm warning; deleting the fake message puts
it in the Corbeille. And the robot learner finishes the module's scenarios."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.gui.conftest import drive, play

# its tests share one module fixture: xdist keeps them on one worker
pytestmark = pytest.mark.xdist_group("test_mail")


@pytest.fixture(scope="module")
def seen(display: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    home = tmp_path_factory.mktemp("mail")
    data = drive(display, home, "drive_mail.py", "1280x800")
    return data


def test_sending_without_a_recipient_or_a_subject_is_refused_by_the_site(seen: dict[str, Any]) -> None:
    refused = seen["no_recipient"]
    assert refused["errors"] == {"field.to": "Indiquez au moins un destinataire."}
    assert refused["view"] == "compose" and refused["step"] == "to" and refused["sent"] == []
    refused = seen["no_subject"]
    assert refused["errors"] == {"field.subject": "Ajoutez un objet à votre message."}
    assert refused["view"] == "compose" and refused["step"] == "subject" and refused["sent"] == []


def test_a_sent_message_is_in_envoyes_with_a_calm_banner(seen: dict[str, Any]) -> None:
    sent = seen["new_sent"]
    assert sent["step"] is None  # the scenario is finished
    assert (sent["view"], sent["folder"]) == ("list", "sent")
    assert sent["banner"] == "Message envoyé." and sent["banner_kind"] == "good"
    assert sent["rows"][0]["subject"] == "Rendez-vous"
    assert sent["rows"][0]["sender"] == "À : accueil@tilleul-sur-meuse.example"
    assert set(sent["values"].values()) == {""}  # the compose fields are empty again


def test_reading_a_message_marks_it_read(seen: dict[str, Any]) -> None:
    before, after = seen["reply_before"], seen["reply_read"]
    assert before["counts"]["inbox"] == "2"
    unread = {r["target"]: r["unread"] for r in before["rows"]}
    assert unread == {"message.rdv": True, "message.library": True}
    assert after["view"] == "read" and after["counts"]["inbox"] == "1"


def test_replying_fills_in_the_address_and_the_subject(seen: dict[str, Any]) -> None:
    values = seen["reply_compose"]["values"]
    assert values["field.to"] == "secretariat@tilleul-sur-meuse.example"
    assert values["field.subject"] == "RE: Votre rendez-vous de lundi"
    assert values["field.body"] == ""


def test_touching_the_suspicious_link_is_a_calm_warning_not_a_disaster(seen: dict[str, Any]) -> None:
    touched = seen["link_touched"]
    assert touched["banner"] == "Attention : ce lien peut être un piège. Rien n'est arrivé."
    assert touched["banner_kind"] == "caution"
    # nothing happened: the same message is open, the same step waits, nothing was deleted
    assert touched["view"] == "read" and touched["step"] == "sender"
    assert "parcel" not in touched["trash"]


def test_the_phishing_message_goes_to_the_bin(seen: dict[str, Any]) -> None:
    deleted = seen["deleted"]
    assert deleted["marked"] == ["parcel"]  # the strange address was pointed out
    assert deleted["banner"] == "Message déplacé dans la corbeille."
    assert (deleted["view"], deleted["folder"]) == ("list", "inbox")
    assert "message.parcel" not in [r["target"] for r in deleted["rows"]]
    assert "parcel" in deleted["trash"]
    shown_in_bin = seen["bin"]
    assert shown_in_bin["folder"] == "trash" and shown_in_bin["step"] is None
    assert "message.parcel" in [r["target"] for r in shown_in_bin["rows"]]


def test_the_robot_attaches_the_cv_with_three_stars_on_a_small_screen(display: str, tmp_path: Path) -> None:
    report = play(display, tmp_path, "email.attach", "--size", "1280x800")
    scenario = report["scenarios"][0]
    assert scenario["stars"] == 3
    assert scenario["smallest_target_px"] >= 64  # folder rows, files, Ouvrir, Envoyer
    assert scenario["lowest_contrast"][0] >= 7.0, scenario["lowest_contrast"]


def test_mistakes_on_the_phishing_message_climb_the_help_ladder(display: str, tmp_path: Path) -> None:
    report = play(display, tmp_path, "email.phishing", "--mistakes")
    scenario = report["scenarios"][0]
    assert scenario["stars"] == 1  # finished with the demo: one star, never zero
    assert all(step["hint_levels"] == [1, 2, 3] for step in scenario["steps"]), scenario["steps"]
    assert "Message déplacé dans la corbeille." in scenario["site_messages"]
    assert scenario["lowest_contrast"][0] >= 7.0, scenario["lowest_contrast"]
    assert scenario["smallest_target_px"] >= 64
