"""Placement results on the wire: a ``scored`` statement with the DigComp profile, checked
by the kiosk's privacy profile and the xAPI 1.0.3 model, stored by a real hub."""

from __future__ import annotations

import copy
import uuid
from datetime import UTC, datetime

import pytest
from hub_kit import TEST_EPN, XAPI_HEADERS, HubServer
from sqlalchemy import select

from kiosk.engine.placement import MAX_LEVEL
from kiosk.hub.models import Statement
from kiosk.hub.xapi_api import check
from kiosk.sync import xapi
from kiosk.sync.xapi_profile import MAX_LEVEL as PROFILE_MAX_LEVEL

LEVELS = {"digcomp:2.2:1.1": 2, "digcomp:2.2:2.1": 0, "digcomp:2.2:3.1": 1}


def placement(*, round: str = "start", pseudonym: str = "Tulipe-0412", levels: dict[str, int] | None = None,
              at: datetime | None = None) -> dict[str, object]:
    return xapi.build_placement(
        placement_id=uuid.uuid4().hex, learner=xapi.Learner(origin_epn=TEST_EPN, pseudonym=pseudonym),
        levels=LEVELS if levels is None else levels, round=round,
        at=at or datetime(2026, 11, 23, 10, 5, tzinfo=UTC), session_id=uuid.uuid4().hex,
        terminal_id="ab" * 16, language="fr", seq=4)


def test_a_placement_statement_passes_the_privacy_profile_and_the_specification() -> None:
    statement = placement(round="mid")
    assert check(statement, path="statement", epns={TEST_EPN}) == ([], False)
    assert statement["verb"]["id"] == "http://adlnet.gov/expapi/verbs/scored"  # type: ignore[index]
    assert xapi.read_placement(statement) == ("mid", LEVELS)
    fields = xapi.read_fields(statement)
    assert (fields.verb, fields.scenario_id, fields.digcomp) == ("scored", None, tuple(sorted(LEVELS)))
    assert PROFILE_MAX_LEVEL == MAX_LEVEL


def test_a_bad_round_or_level_is_not_built() -> None:
    with pytest.raises(ValueError, match="round"):
        placement(round="middle")
    with pytest.raises(ValueError, match="level"):
        placement(levels={"digcomp:2.2:1.1": 4})


def test_a_placement_carrying_a_name_or_a_stray_level_is_refused() -> None:
    named = placement()
    named["actor"]["account"]["name"] = "Marie Dupont"  # type: ignore[index]
    problems, _ = check(named, path="statements[0]", epns={TEST_EPN})
    assert problems == ["statements[0].actor.account.name: must be a pseudonym of the kiosk "
                        "(like Tulipe-4821), never a person's name or address"]
    extra = placement()
    extra["result"]["extensions"][xapi.EXT + "learner-name"] = "Marie"  # type: ignore[index]
    assert any("learner-name" in p for p in check(extra, path="s", epns=None)[0])
    too_high = copy.deepcopy(placement())
    too_high["result"]["extensions"][xapi.EXT_LEVELS]["digcomp:2.2:1.1"] = 7  # type: ignore[index]
    assert any("level from 0 to 3" in p for p in check(too_high, path="s", epns=None)[0])


def test_a_placement_posted_to_the_hub_is_stored_and_a_named_one_refused(any_hub: HubServer) -> None:
    _, token = any_hub.enrol()
    client = any_hub.client(headers={"Authorization": f"Bearer {token}", **XAPI_HEADERS})
    statement = placement(round="end")
    answer = client.post("/xAPI/statements", json=[statement])
    assert answer.status_code == 200, answer.text
    with any_hub.app.state.sessionmaker() as session:
        row = session.scalars(select(Statement).where(Statement.id == statement["id"])).one()
    assert (row.verb, row.actor_name, row.object_id) == ("scored", "Tulipe-0412", xapi.PLACEMENT_ACTIVITY)
    assert xapi.read_placement(xapi.parse_body(row.body)) == ("end", LEVELS)
    named = placement()
    named["actor"]["account"]["name"] = "Marie Dupont"  # type: ignore[index]
    refused = client.post("/xAPI/statements", json=[named])
    assert refused.status_code == 400 and "actor.account.name" in refused.text
    with any_hub.app.state.sessionmaker() as session:
        assert session.get(Statement, named["id"]) is None
