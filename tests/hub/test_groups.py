"""Trainers' groups on a real hub with seeded statements: path progress and placement
profiles per member, the chart, the CSV; pseudonyms and picture codes only; trainers only."""

from __future__ import annotations

import csv
import html
import io
import re
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from hub_kit import TEST_EPN, HubServer, practice_statements
from review_kit import post_statements

from kiosk.export.picture_code import picture_code
from kiosk.hub.groups import parse_members
from kiosk.sync import xapi

pytest.importorskip("fastapi", reason="the hub extra is not installed")

DAY = datetime(2026, 10, 6, 9, 0, tzinfo=UTC)
FIRST_PATH = ("mouse.click", "mouse.double_click", "mouse.drag", "mouse.scroll", "mouse.right_click",
              "keyboard.words", "keyboard.email")  # scenarios/paths/premiers_pas.yaml


def placement(pseudonym: str, round: str, levels: dict[str, int], at: datetime) -> dict[str, Any]:
    return xapi.build_placement(placement_id=uuid.uuid4().hex,
                                learner=xapi.Learner(origin_epn=TEST_EPN, pseudonym=pseudonym),
                                levels=levels, round=round, at=at, session_id=uuid.uuid4().hex,
                                terminal_id="ab" * 16, language="fr")


def completed(pseudonym: str, scenario: str) -> list[dict[str, Any]]:
    """One finished attempt of ``scenario`` (ends with ``completed``)."""
    return practice_statements(18, pseudonym=pseudonym, scenario=scenario)


@pytest.fixture
def seeded(hub: HubServer) -> HubServer:
    """Tulipe did three exercises of "Premiers pas" and three placements; Saule one
    exercise and a start placement; Merle nothing; Pinson (not in the group) did a lot."""
    _, token = hub.enrol()
    statements: list[dict[str, Any]] = []
    for scenario in ("mouse.click", "mouse.drag", "keyboard.words", "email.reply"):
        statements += completed("Tulipe-0412", scenario)
    statements += completed("Saule-1234", "mouse.click")
    statements += completed("Pinson-9999", "mouse.scroll")
    one, two = "digcomp:2.2:1.1", "digcomp:2.2:2.1"
    statements += [placement("Tulipe-0412", "start", {one: 0, two: 1}, DAY),
                   placement("Tulipe-0412", "mid", {one: 1, two: 1}, DAY + timedelta(days=30)),
                   placement("Tulipe-0412", "end", {one: 3, two: 2}, DAY + timedelta(days=60)),
                   placement("Saule-1234", "start", {one: 2, two: 0}, DAY),
                   placement("Pinson-9999", "start", {one: 3, two: 3}, DAY)]
    post_statements(hub, token, statements)
    return hub


def make_group(trainer: httpx.Client, members: str, path_id: str = "premiers_pas") -> str:
    answer = trainer.post("/review/groups", data={"label": "Groupe du mardi", "members": members,
                                                  "path_id": path_id})
    assert answer.status_code == 303, answer.text
    return str(answer.headers["location"])


def test_members_are_pseudonyms_or_picture_codes_never_names() -> None:
    code = picture_code("Saule-1234")
    found, problems = parse_members(f"tulipe-0412\n{' '.join(code.words)} {code.number}\nTulipe-0412")
    assert found == ["Tulipe-0412", "Saule-1234"] and problems == []
    found, problems = parse_members("Merle-0007\nMarie Dupont")
    assert found == ["Merle-0007"] and len(problems) == 1 and problems[0].startswith("ligne 2")


def test_the_group_shows_progress_and_placements_side_by_side(seeded: HubServer,
                                                              trainer: httpx.Client) -> None:
    code = picture_code("Saule-1234")
    page_url = make_group(trainer, f"Tulipe-0412\n{code.typed}\nMerle-0007")
    page = trainer.get(page_url)
    assert page.status_code == 200
    text = html.unescape(page.text)
    assert "Groupe du mardi" in text and "Parcours\u00a0: Premiers pas" in text
    members = re.findall(r'<span class="pseudonym">([^<]+)</span>', text)
    assert members == ["Tulipe-0412", "Saule-1234", "Merle-0007"]  # the trainer's order; not Pinson
    cards = text.split('<article class="member"')[1:]
    assert "3 exercice(s) faits sur 7" in cards[0]  # email.reply is not in the path
    assert "1 exercice(s) faits sur 7" in cards[1] and "0 exercice(s) faits sur 7" in cards[2]
    assert "Pas encore de placement" in cards[2]
    rows = re.findall(r'<tr><th scope="row">([^<]+)</th>\s*((?:<td class="num">[^<]*</td>)+)</tr>', cards[0])
    levels = {title: re.findall(r'<td class="num">([^<]*)</td>', cells) for title, cells in rows}
    assert list(levels.values()) == [["0", "1", "3"], ["1", "1", "2"]]  # start, middle, latest
    saule = re.findall(r'<td class="num">([^<]*)</td>', cards[1])
    assert saule == ["2", "—", "—", "0", "—", "—"]
    # the chart: mean at start (Tulipe 0, Saule 2 → 1) and now (Tulipe 3, Saule 2 → 2,5)
    chart = text.split('id="h-chart"')[1].split('id="h-members"')[0]
    assert re.findall(r'<span class="num">([^<]+)</span>', chart) == ["1", "2,5", "0,5", "1"]


def test_the_csv_has_one_row_per_member(seeded: HubServer, trainer: httpx.Client) -> None:
    page_url = make_group(trainer, "Tulipe-0412\nSaule-1234")
    answer = trainer.get(page_url + "/export.csv?sep=semicolon")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:4] == ["pseudonyme", "code_image", "exercices_faits", "exercices_du_parcours"]
    assert rows[0][7:] == ["1.1_debut", "1.1_milieu", "1.1_dernier", "2.1_debut", "2.1_milieu", "2.1_dernier"]
    assert rows[1][:4] == ["Tulipe-0412", picture_code("Tulipe-0412").typed, "3", "7"]
    assert rows[1][4:7] == ["2026-10-06", "2026-11-05", "2026-12-05"]
    assert rows[1][7:] == ["0", "1", "3", "1", "1", "2"]
    assert rows[2][7:] == ["2", "", "", "0", "", ""]


def test_a_name_is_refused_and_nothing_stored(seeded: HubServer, trainer: httpx.Client) -> None:
    answer = trainer.post("/review/groups", data={"label": "Groupe du jeudi",
                                                  "members": "Tulipe-0412\nMarie Dupont"})
    assert answer.status_code == 422
    assert "ligne 2\u00a0: «\u00a0Marie Dupont\u00a0» n'est ni un pseudonyme" in html.unescape(answer.text)
    listing = trainer.get("/review/groups")
    assert "Groupe du jeudi" not in listing.text and "Aucun groupe encore" in html.unescape(listing.text)
    page_url = make_group(trainer, "Tulipe-0412")
    changed = trainer.post(page_url, data={"label": "Groupe du mardi", "members": "Jean Martin"})
    assert changed.status_code == 422
    assert "Jean Martin" not in trainer.get(page_url).text  # the group kept its members
    with seeded.app.state.sessionmaker() as session:
        from kiosk.hub.models import GroupMember
        assert [m.pseudonym for m in session.query(GroupMember)] == ["Tulipe-0412"]


def test_a_trainer_changes_then_deletes_a_group(seeded: HubServer, trainer: httpx.Client) -> None:
    page_url = make_group(trainer, "Tulipe-0412")
    changed = trainer.post(page_url, data={"label": "Groupe du vendredi", "members": "Saule-1234",
                                           "path_id": ""})
    assert changed.status_code == 303
    text = html.unescape(trainer.get(page_url).text)
    assert "Groupe du vendredi" in text and "Aucun parcours choisi" in text
    assert "1 exercice terminé" in text
    assert trainer.post(page_url + "/delete").status_code == 303
    assert trainer.get(page_url).status_code == 404


def test_groups_are_for_trainers_only(seeded: HubServer, trainer: httpx.Client,
                                      animator: httpx.Client) -> None:
    page_url = make_group(trainer, "Tulipe-0412")
    for url in ("/review/groups", page_url, page_url + "/export.csv"):
        assert animator.get(url).status_code == 403
        assert seeded.client().get(url).status_code in (401, 303)
    assert animator.post("/review/groups", data={"label": "x", "members": "Tulipe-0412"}).status_code == 403
