"""Fixtures of the hub tests: settings on a fresh SQLite file, a real server, logged-in staff.

- ``hub_settings``: a hub home under ``tmp_path`` with its SQLite file;
- ``db_url``: a fresh database URL, SQLite always and PostgreSQL when
  ``KIOSK_TEST_PG_URL`` is set (tests using it run once per database);
- ``hub``: a :class:`hub_kit.HubServer` on 127.0.0.1 (SQLite);
- ``any_hub``: the same on each database of ``db_url``;
- ``animator`` / ``trainer``: ``httpx.Client`` logged in to ``hub`` (CSRF header set);
- ``terminal``: ``(terminal_id, token)`` of a terminal enrolled on ``hub``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from hub_kit import HubServer, make_settings, running_hub

from kiosk.hub.settings import HubSettings


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "postgresql":
        return str(request.getfixturevalue("pg_schema_url"))
    return f"sqlite:///{tmp_path / 'hub-db' / 'hub.db'}"


@pytest.fixture
def hub_settings(tmp_path: Path) -> HubSettings:
    return make_settings(tmp_path / "hub")


@pytest.fixture
def hub(hub_settings: HubSettings) -> Iterator[HubServer]:
    with running_hub(hub_settings) as server:
        yield server


@pytest.fixture
def any_hub(tmp_path: Path, db_url: str) -> Iterator[HubServer]:
    with running_hub(make_settings(tmp_path / "hub", db_url)) as server:
        yield server


@pytest.fixture
def animator(hub: HubServer) -> httpx.Client:
    return hub.login("anna", "animator")


@pytest.fixture
def trainer(hub: HubServer) -> httpx.Client:
    return hub.login("theo", "trainer")


@pytest.fixture
def terminal(hub: HubServer) -> tuple[str, str]:
    return hub.enrol()
