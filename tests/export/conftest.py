"""Fixtures for the passport tests: two kiosks, A and B, each with its home and database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from passport_kit import Kiosk, open_kiosk


@pytest.fixture
def kiosk_a(tmp_path: Path) -> Iterator[Kiosk]:
    kiosk = open_kiosk(tmp_path, "A")
    yield kiosk
    kiosk.store.close()


@pytest.fixture
def kiosk_b(tmp_path: Path) -> Iterator[Kiosk]:
    kiosk = open_kiosk(tmp_path, "B")
    yield kiosk
    kiosk.store.close()
