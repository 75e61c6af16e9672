"""Fixtures of the sync tests: the real hub of tests/hub (when the hub extra is installed)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture
def hub(tmp_path: Path) -> Iterator[Any]:
    """A real hub on 127.0.0.1 (see tests/hub/hub_kit.py)."""
    pytest.importorskip("fastapi", reason="the hub extra is not installed")
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "hub"))
    from hub_kit import make_settings, running_hub

    with running_hub(make_settings(tmp_path / "hub")) as server:
        yield server
