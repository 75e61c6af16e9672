"""No personal data reaches the hub's store or the LRS, whatever field it hides in.

A property test (hypothesis) on the real hub on 127.0.0.1, forwarding to a scripted LRS:
statements the real kiosk builds get an e-mail address, a phone or national number, or
a person's name — in place of a string, inside a free text, or in a field the kiosk
never sends (group members, ``context.instructor``, ``result.response``, extensions,
``actor.name``…). Every such batch is refused with a 4xx naming the field; nothing is
stored, queued or forwarded. ``KIOSK_PRIVACY_EXAMPLES`` (default 60) sets the examples.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hub_kit import TEST_EPN, XAPI_HEADERS, HubServer, practice_statements
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lrs_kit import ScriptedLrs, forwarding_hub
from review_kit import morning_class
from sqlalchemy import func, select

from kiosk.hub.models import ForwardItem, Statement

FIRST = ["Marie", "Jean-Luc", "Fatima", "Oleksandr", "Ayşe", "Pieter", "Élodie"]
LAST = ["Dupont", "Van Damme", "El Amrani", "Kovalenko", "Yılmaz", "MARTIN"]
names = st.builds(lambda f, last: f"{f} {last}", st.sampled_from(FIRST), st.sampled_from(LAST))
emails = st.emails().map(str) | st.builds(lambda f: f"{f.lower()}@example.org", st.sampled_from(FIRST))
phones = st.sampled_from(["+32 470 12 34 56", "0470/12.34.56", "04 123 45 67", "+380501234567",
                          "85.07.30-033.28", "0032 2 511 11 11"])
personal = names | emails | phones

EXAMPLES = int(os.environ.get("KIOSK_PRIVACY_EXAMPLES", "60"))
KIOSK_STATEMENTS = [s for visit in morning_class("ab" * 16, epn=TEST_EPN).values() for s in visit]


def string_places(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """The path of every string in a statement (dict keys and list positions)."""
    if isinstance(value, str):
        yield path
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from string_places(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from string_places(item, (*path, i))


def _set(statement: dict[str, Any], path: tuple[Any, ...], value: Any) -> None:
    target: Any = statement
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value


#: Fields the kiosk never sends where xAPI lets a person be named: path → builder of the value.
NEVER_SENT: dict[tuple[str, ...], Any] = {
    ("actor", "name"): lambda pii: pii,
    ("context", "instructor"): lambda pii: {"name": pii, "account": {"homePage": "https://x.example/",
                                                                     "name": "abc"}},
    ("context", "team"): lambda pii: {"objectType": "Group",
                                      "member": [{"name": pii, "mbox": "mailto:a@b.org"}]},
    ("result", "response"): lambda pii: pii,
    ("context", "extensions", "https://epn-kiosk.invalid/ext/note"): lambda pii: pii,
    ("object", "definition", "description"): lambda pii: {"fr": pii},
    ("context", "revision"): lambda pii: pii,
}


@st.composite
def leaking_batches(draw: st.DrawFn) -> tuple[list[dict[str, Any]], int]:
    batch = [copy.deepcopy(s) for s in draw(st.lists(st.sampled_from(KIOSK_STATEMENTS), min_size=1,
                                                     max_size=4, unique_by=lambda s: s["id"]))]
    position = draw(st.integers(0, len(batch) - 1))
    statement = batch[position]
    pii = draw(personal)
    how = draw(st.sampled_from(["replace", "append", "never sent"]))
    if how == "never sent":
        path = draw(st.sampled_from(sorted(NEVER_SENT)))
        target = statement
        for step in path[:-1]:
            target = target.setdefault(step, {})
        target[path[-1]] = NEVER_SENT[path](pii)
    else:
        place = draw(st.sampled_from(sorted(string_places(statement), key=repr)))
        old: Any = statement
        for step in place:
            old = old[step]
        _set(statement, place, pii if how == "replace" else f"{old} {pii}")
    return batch, position


@pytest.fixture(scope="module")
def forwarding(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[HubServer, ScriptedLrs, Any]]:
    tmp: Path = tmp_path_factory.mktemp("privacy")
    with ScriptedLrs(lambda batch, nth: 200).running() as lrs, \
            forwarding_hub(tmp, lrs.url, "hub", "pw") as hub:
        _, token = hub.enrol()
        client = hub.client(headers={"Authorization": f"Bearer {token}", **XAPI_HEADERS})
        yield hub, lrs, client


@settings(max_examples=EXAMPLES, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(case=leaking_batches())
def test_no_personal_data_is_stored_or_forwarded(forwarding: tuple[HubServer, ScriptedLrs, Any],
                                                 case: tuple[list[dict[str, Any]], int]) -> None:
    hub, lrs, client = forwarding
    batch, position = case
    answer = client.post("/xAPI/statements", json=batch)
    assert answer.status_code in (400, 403), (answer.status_code, batch[position])
    assert any(r.startswith(f"statements[{position}]") for r in answer.json()["reasons"]), answer.json()
    with hub.app.state.sessionmaker() as session:
        assert session.scalar(select(func.count()).select_from(Statement)) == 0
        assert session.scalar(select(func.count()).select_from(ForwardItem)) == 0
    assert lrs.requests == []


def test_the_kiosks_own_statements_go_through(hub: HubServer) -> None:
    _, token = hub.enrol()
    with hub.client(headers={"Authorization": f"Bearer {token}", **XAPI_HEADERS}) as client:
        assert client.post("/xAPI/statements", json=KIOSK_STATEMENTS).status_code == 200
        assert client.post("/xAPI/statements", json=practice_statements(3)).status_code == 200
