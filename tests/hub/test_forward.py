"""Forwarding to an external LRS: a second real hub plays the LRS; a scripted one answers
the errors a real LRS gives (503, 400) so retries and refusals can be watched."""

from __future__ import annotations

import base64
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hub_kit import (
    XAPI_HEADERS,
    HubServer,
    free_socket,
    make_settings,
    practice_statements,
    running_hub,
    serve,
)
from lrs_kit import FAST, ScriptedLrs, forwarding_hub, wait_for
from sqlalchemy import func, select

from kiosk.hub.app import create_app
from kiosk.hub.auth import create_lrs_client
from kiosk.hub.db import open_database
from kiosk.hub.forward import QueueCounts, queue_counts
from kiosk.hub.models import ForwardItem, Statement


def stored_ids(hub: HubServer) -> set[str]:
    with hub.app.state.sessionmaker() as session:
        return set(session.scalars(select(Statement.id)))


def post(hub: HubServer, statements: list[dict[str, Any]]) -> int:
    _, token = hub.enrol()
    with hub.client(headers={"Authorization": f"Bearer {token}", **XAPI_HEADERS}) as client:
        return client.post("/xAPI/statements", json=statements).status_code


def lrs_client_of(hub: HubServer) -> tuple[str, str]:
    with hub.app.state.sessionmaker() as session:
        return create_lrs_client(session, "hub of the forwarding test")


@pytest.fixture
def lrs(tmp_path: Path) -> Iterator[HubServer]:
    with running_hub(make_settings(tmp_path / "lrs")) as server:
        yield server


def test_statements_reach_another_hub_once(tmp_path: Path, lrs: HubServer) -> None:
    username, password = lrs_client_of(lrs)
    statements = practice_statements(250)
    with forwarding_hub(tmp_path, f"{lrs.base_url}/xAPI", username, password) as hub:
        assert post(hub, statements[:100]) == 200
        assert post(hub, statements[100:]) == 200
        assert post(hub, statements[:10]) == 200  # already known: not queued again
        wait_for(lambda: queue_counts(hub.app.state.engine).sent == 250, what="250 sent")
        assert queue_counts(hub.app.state.engine).waiting == 0
    assert stored_ids(lrs) == {s["id"] for s in statements}


def test_a_statement_the_lrs_holds_differently_counts_as_delivered(tmp_path: Path, lrs: HubServer) -> None:
    username, password = lrs_client_of(lrs)
    statements = practice_statements(5)
    there_before = dict(statements[2], timestamp="2026-11-23T09:00:00.000Z")
    assert post(lrs, [there_before]) == 200
    with forwarding_hub(tmp_path, f"{lrs.base_url}/xAPI", username, password) as hub:
        assert post(hub, statements) == 200
        wait_for(lambda: queue_counts(hub.app.state.engine).sent == 5, what="5 delivered")
        with hub.app.state.sessionmaker() as session:
            noted = session.get(ForwardItem, statements[2]["id"])
            assert noted is not None and (noted.last_error or "").startswith("already in the LRS")
    assert stored_ids(lrs) == {s["id"] for s in statements}


def test_an_lrs_that_is_down_gets_the_statements_when_it_comes_back(tmp_path: Path) -> None:
    sock = free_socket()
    port = sock.getsockname()[1]
    sock.close()  # nothing listens there for now
    lrs_settings = make_settings(tmp_path / "lrs")
    engine, sessions = open_database(lrs_settings.database_url)
    with sessions() as session:
        username, password = create_lrs_client(session, "the hub that forwards")
    engine.dispose()
    statements = practice_statements(30)
    with forwarding_hub(tmp_path, f"http://127.0.0.1:{port}/xAPI", username, password) as hub:
        assert post(hub, statements) == 200

        def retried() -> bool:
            with hub.app.state.sessionmaker() as session:
                return (session.scalar(select(func.min(ForwardItem.tries))) or 0) >= 2

        wait_for(retried, what="two failed tries")
        with hub.app.state.sessionmaker() as session:
            item = session.scalars(select(ForwardItem)).first()
            assert item is not None and "cannot be reached" in (item.last_error or "")
            assert item.sent_at is None
        with serve(create_app(lrs_settings), lrs_settings, port=port) as lrs:
            wait_for(lambda: queue_counts(hub.app.state.engine).sent == 30, what="30 sent after the outage")
            assert stored_ids(lrs) == {s["id"] for s in statements}


def test_server_errors_are_retried_and_a_refused_statement_is_set_aside(tmp_path: Path) -> None:
    statements = practice_statements(4)
    bad_id = statements[1]["id"]

    def answer(batch: list[dict[str, Any]], nth: int) -> int:
        if nth <= 2:
            return 503  # the LRS is restarting
        return 400 if any(s["id"] == bad_id for s in batch) else 200

    with ScriptedLrs(answer).running() as lrs, forwarding_hub(tmp_path, lrs.url, "hub-a", "s3cret") as hub:
        assert post(hub, statements) == 200
        # the good ones go out first, the bad one is refused on its own try after the split
        wait_for(lambda: queue_counts(hub.app.state.engine).sent == 3
                 and queue_counts(hub.app.state.engine).waiting == 0,
                 what="the three good ones sent, the bad one set aside")
        counts = queue_counts(hub.app.state.engine)
        assert (counts.waiting, counts.refused) == (0, 1)
        with hub.app.state.sessionmaker() as session:
            refused = session.get(ForwardItem, bad_id)
            assert refused is not None and refused.next_try_at is None and refused.sent_at is None
            assert (refused.last_error or "").startswith("400")
            assert refused.tries >= 2  # at least one 503, then its own 400 (the batch was split)
    assert lrs.stored == {s["id"] for s in statements} - {bad_id}
    headers, _ = lrs.requests[0]
    assert headers["X-Experience-API-Version"] == "1.0.3"
    assert headers["Authorization"] == "Basic " + base64.b64encode(b"hub-a:s3cret").decode()


def test_without_an_lrs_nothing_is_queued(hub: HubServer) -> None:
    assert post(hub, practice_statements(3)) == 200
    assert queue_counts(hub.app.state.engine).waiting == 0
    assert hub.app.state.forwarder is None


def test_retry_delays_double_up_to_the_cap_with_jitter(hub: HubServer) -> None:
    import random

    from kiosk.hub.forward import Forwarder

    forwarder = Forwarder(hub.app.state.engine, hub.app.state.write_engine, "http://127.0.0.1:9",
                          username=None, password=None, backoff_base=1, backoff_cap=60,
                          rng=random.Random(7))
    ceilings = [max(forwarder.delay(tries) for _ in range(200)) for tries in range(1, 9)]
    assert ceilings[0] <= 2 and 30 < ceilings[5] <= 60 and ceilings[7] <= 60
    assert len({round(forwarder.delay(3), 3) for _ in range(20)}) > 10  # jitter


def set_aside(hub: HubServer) -> dict[str, ForwardItem]:
    with hub.app.state.sessionmaker() as session:
        return {i.statement_id: i for i in session.scalars(
            select(ForwardItem).where(ForwardItem.sent_at.is_(None), ForwardItem.next_try_at.is_(None)))}


def test_a_422_sets_aside_only_the_bad_statement_and_its_batch_goes_out_in_the_same_round(
        tmp_path: Path) -> None:
    statements = practice_statements(40)
    bad = {statements[7]["id"], statements[31]["id"]}

    def answer(batch: list[dict[str, Any]], nth: int) -> int:
        return 422 if bad & {s["id"] for s in batch} else 200

    with ScriptedLrs(answer).running() as lrs, forwarding_hub(tmp_path, lrs.url, "hub", "pw",
                                                              forward_backoff_base=60) as hub:
        assert post(hub, statements) == 200
        # a retry would wait 30 s or more (backoff base 60 s): all of this is the first round
        wait_for(lambda: queue_counts(hub.app.state.engine) == QueueCounts(0, 38, 2), timeout=15,
                 what="38 delivered and two set aside at once")
        assert set(set_aside(hub)) == bad
        assert all(i.last_error.startswith("422") for i in set_aside(hub).values())  # type: ignore[union-attr]
        assert len(lrs.requests) <= 1 + 2 * 2 * 6  # halving: about 2·log2(40) posts per bad statement
    assert lrs.stored == {s["id"] for s in statements} - bad


def test_429_waits_as_long_as_retry_after_says_and_500_is_retried(tmp_path: Path) -> None:
    statements = practice_statements(5)

    def answer(batch: list[dict[str, Any]], nth: int) -> int | tuple[int, dict[str, str]]:
        return {1: (429, {"Retry-After": "2"}), 2: 500}.get(nth, 200)

    with ScriptedLrs(answer).running() as lrs, forwarding_hub(tmp_path, lrs.url, "hub", "pw") as hub:
        assert post(hub, statements) == 200
        wait_for(lambda: queue_counts(hub.app.state.engine).sent == 5, what="5 sent")
        with hub.app.state.sessionmaker() as session:
            assert {i.tries for i in session.scalars(select(ForwardItem))} == {3}
    assert len(lrs.requests) == 3
    assert lrs.times[1] - lrs.times[0] >= 2.0  # backoff alone would have tried again after ~0.05 s
    assert lrs.times[2] - lrs.times[1] < 2.0


def test_wrong_credentials_set_the_whole_batch_aside_without_cutting_it(tmp_path: Path) -> None:
    statements = practice_statements(8)
    with ScriptedLrs(lambda batch, nth: 401).running() as lrs, \
            forwarding_hub(tmp_path, lrs.url, "hub", "wrong") as hub:
        assert post(hub, statements) == 200
        wait_for(lambda: queue_counts(hub.app.state.engine).refused == 8, what="8 set aside")
        assert len(lrs.requests) == 1
        assert all("KIOSK_HUB_LRS_USERNAME" in (i.last_error or "") for i in set_aside(hub).values())


def test_staff_retry_or_drop_set_aside_statements_and_the_cli_shows_the_queue(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from kiosk.cli import main

    statements = practice_statements(3)
    refusing = {"on": True}

    def answer(batch: list[dict[str, Any]], nth: int) -> int:
        return 422 if refusing["on"] else 200

    with ScriptedLrs(answer).running() as lrs, forwarding_hub(tmp_path, lrs.url, "hub", "pw") as hub:
        assert post(hub, statements) == 200
        wait_for(lambda: queue_counts(hub.app.state.engine).refused == 3, what="3 set aside")
        home = str(hub.settings.home)
        assert main(["hub", "--home", home, "forward", "status"]) == 0
        out = capsys.readouterr().out
        assert "waiting: 0  delivered: 0  set aside: 3" in out
        assert f"set aside {statements[0]['id']} (1 tries): 422" in out
        trainer = hub.login("tina", "trainer")
        page = trainer.get("/forward")
        assert page.status_code == 200 and "Mises de côté" in page.text and "422" in page.text
        refusing["on"] = False
        again = trainer.post("/forward/retry", data={"statement_id": statements[0]["id"]})
        assert again.status_code == 303 and again.headers["location"] == "/forward?done=retry-1"
        wait_for(lambda: queue_counts(hub.app.state.engine).sent == 1, what="the retried one sent")
        animator = hub.login("anna", "animator")
        assert animator.post("/forward/drop", data={"statement_id": statements[1]["id"]}).status_code == 303
        assert main(["hub", "--home", home, "forward", "retry", "--all"]) == 0
        wait_for(lambda: queue_counts(hub.app.state.engine).sent == 2, what="the rest sent")
        assert queue_counts(hub.app.state.engine).refused == 0
        assert hub.client().get("/forward", follow_redirects=False).status_code in (303, 401)
    assert lrs.stored == {statements[0]["id"], statements[2]["id"]}  # the dropped one stays in the hub
    assert statements[1]["id"] in stored_ids(hub)


def test_hub_processes_sharing_one_postgresql_forward_each_statement_once(
        tmp_path: Path, pg_schema_url: str) -> None:
    # workers of one hub (or its hosts) each run a forwarder: one at a time may send a round
    statements = practice_statements(300)

    def slow_answer(batch: list[dict[str, Any]], nth: int) -> int:
        time.sleep(0.2)  # a slow LRS: without the lock the other forwarder sends the same batch
        return 200

    with ScriptedLrs(slow_answer).running() as lrs:
        settings = make_settings(tmp_path / "hub", pg_schema_url, lrs_url=lrs.url, lrs_username="hub",
                                 lrs_password="s3cret", **FAST)
        with running_hub(settings) as first, running_hub(settings):
            assert post(first, statements[:150]) == 200 and post(first, statements[150:]) == 200
            wait_for(lambda: queue_counts(first.app.state.engine).sent == 300, what="300 sent")
    sent = [s["id"] for _, batch in lrs.requests for s in batch]
    assert sorted(sent) == sorted(s["id"] for s in statements), "each statement went out once"
