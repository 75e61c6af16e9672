"""Fixtures for the store tests: a fresh SQLite file per test, never ``:memory:``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.store import Store


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "home" / "kiosk.sqlite3"


@pytest.fixture
def db_url(db_path: Path) -> str:
    return f"sqlite:///{db_path}"


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    opened = Store(db_url)
    try:
        yield opened
    finally:
        opened.close()
