"""A trainer's group, made of two robot learners who practised on two real kiosks.

A hub on 127.0.0.1; two Kivy kiosks enrolled through `kiosk enrol` (A at 1280×800 in
French, B at 1920×1080 in Arabic). On each, a first-time learner
asks for "Faisons le point" (A's robot is MIXED: can click only; B's is WEAK), takes the
proposed path, does one or two of its exercises and leaves with the QR code; each kiosk
sends its own statements to the hub. The trainer then builds a path on the hub, makes a
group from the two pseudonyms A and B showed, and reads the group view and its CSV: each
member's progress on the trainer's path and their placement profile, from the kiosks' own
statements (nothing seeded)."""

from __future__ import annotations

import csv
import html
import io
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the hub extra is not installed")
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "hub"))

from content_kit import install_key  # noqa: E402
from hub_kit import HubServer, make_settings, running_hub  # noqa: E402

from .conftest import drive, run_kiosk  # noqa: E402

pytestmark = pytest.mark.xdist_group("test_group_view")

CLICK, DOUBLE_CLICK = "digcomp:2.2:1.1", "digcomp:2.2:1.3"
ENABLED = {"KIOSK_ENABLED_MODULES": "mouse"}
TRAINERS_PATH = ["mouse.click", "mouse.double_click", "mouse.drag", "mouse.scroll"]
LEARNERS = {"A": ("1280x800", "fr", "mixed", "1"), "B": ("1920x1080", "ar", "weak", "2")}


@pytest.fixture(scope="module")
def practised(display: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """The hub, after both kiosks' learners practised; and what each kiosk saw."""
    root = tmp_path_factory.mktemp("group_view")
    with running_hub(make_settings(root / "hub")) as hub:
        seen: dict[str, Any] = {"hub": hub}
        for name, (size, language, profile, exercises) in LEARNERS.items():
            home = root / f"kiosk-{name}"
            enrolled = run_kiosk(["enrol", hub.enrol_code(), "--hub", hub.base_url], display, home,
                                 KIOSK_TERMINAL_LABEL=f"Borne {name}")
            assert enrolled.returncode == 0, enrolled.stderr
            seen[name] = drive(display, home, "drive_group_member.py", size, language, profile, exercises,
                               timeout=300, **ENABLED)
        yield seen


def member_cards(page: str) -> dict[str, str]:
    text = html.unescape(page)
    return {re.findall(r'<span class="pseudonym">([^<]+)</span>', card)[0]: card
            for card in text.split('<article class="member"')[1:]}


def levels(card: str) -> dict[str, list[str]]:
    rows = re.findall(r'<tr><th scope="row">([^<]+)</th>\s*((?:<td class="num">[^<]*</td>)+)</tr>', card)
    return {title: re.findall(r'<td class="num">([^<]*)</td>', cells) for title, cells in rows}


def test_each_kiosk_sent_its_learner_s_statements(practised: dict[str, Any]) -> None:
    a, b = practised["A"], practised["B"]
    assert a["waiting"] == 0 and b["waiting"] == 0  # every statement reached the hub
    assert a["pseudonym"] != b["pseudonym"]
    assert a["placements"][0]["profile"] == {CLICK: 1, DOUBLE_CLICK: 0}
    assert b["placements"][0]["profile"] == {CLICK: 0, DOUBLE_CLICK: 0}
    assert len(a["done"]) == 1 and len(b["done"]) == 2
    assert a["path"]["done"] == a["done"] and b["path"]["done"] == b["done"]


def test_the_trainer_s_group_shows_both_learners_progress_and_profiles(
        practised: dict[str, Any]) -> None:
    hub: HubServer = practised["hub"]
    a, b = practised["A"], practised["B"]
    install_key(hub.settings.content_keys)  # the hub signs the paths trainers publish
    trainer = hub.login("theo", "trainer")
    saved = trainer.post("/review/paths", data={"title_fr": "La souris", "pictogram": "mouse",
                                                "exercise": TRAINERS_PATH, "action": "save"})
    assert saved.status_code == 303, saved.text
    made = trainer.post("/review/groups", data={"label": "Groupe du mardi", "path_id": "la_souris",
                                                "members": f"{a['pseudonym']}\n{b['pseudonym']}"})
    assert made.status_code == 303, made.text
    page = trainer.get(made.headers["location"])
    assert page.status_code == 200
    assert "Parcours\u00a0: La souris" in html.unescape(page.text)
    cards = member_cards(page.text)
    assert list(cards) == [a["pseudonym"], b["pseudonym"]]  # the trainer's order
    total = len(TRAINERS_PATH)
    for who in (a, b):
        on_path = [e for e in who["done"] if e in TRAINERS_PATH]
        assert f"{len(on_path)} exercice(s) faits sur {total}" in cards[who["pseudonym"]]
    # one placement each, today: the start column holds it, "middle" and "latest" are empty
    assert list(levels(cards[a["pseudonym"]]).values()) == [["1", "—", "—"], ["0", "—", "—"]]
    assert list(levels(cards[b["pseudonym"]]).values()) == [["0", "—", "—"], ["0", "—", "—"]]
    export = trainer.get(made.headers["location"] + "/export.csv?sep=semicolon")
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig")), delimiter=";"))
    assert [row[0] for row in rows[1:]] == [a["pseudonym"], b["pseudonym"]]
    assert [row[2:4] for row in rows[1:]] == [
        [str(len([e for e in w["done"] if e in TRAINERS_PATH])), str(total)] for w in (a, b)]
