"""Fixtures for the store tests: a fresh database per test, never ``:memory:``.

``db_url`` is a fresh SQLite file, and — when ``KIOSK_TEST_PG_URL`` is set — also a
private PostgreSQL schema (see tests/conftest.py): every test taking ``db_url`` or
``store`` runs on both. A test about SQLite itself (pragmas, the file) is marked
``sqlite_only``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.store import Store


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "sqlite_only: about SQLite itself; not run on PostgreSQL")


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "home" / "kiosk.sqlite3"


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, db_path: Path) -> str:
    if request.param == "postgresql":
        if request.node.get_closest_marker("sqlite_only"):
            pytest.skip("about SQLite itself")
        return str(request.getfixturevalue("pg_schema_url"))
    return f"sqlite:///{db_path}"


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    opened = Store(db_url)
    try:
        yield opened
    finally:
        opened.close()
