"""Helpers for the engine tests: small scenarios written as real YAML, and a fake clock.

Tests build their scenarios by writing YAML to ``tmp_path/mouse/`` and loading it with
the real loader, so they exercise the same path as an author's content.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from scenario_yaml import HEADER, FakeClock

from kiosk.engine.errors import ContentProblem
from kiosk.engine.loader import load_scenario
from kiosk.engine.model import Scenario

Loaded = tuple[Scenario | None, list[ContentProblem], Path]
Writer = Callable[..., Loaded]


@pytest.fixture
def write_yaml(tmp_path: Path) -> Writer:
    """Write YAML to ``tmp_path/mouse/<name>.yaml`` and load it with the real loader."""

    def write(text: str, name: str = "practice") -> Loaded:
        folder = tmp_path / "mouse"
        folder.mkdir(exist_ok=True)
        path = folder / f"{name}.yaml"
        path.write_text(text, encoding="utf-8")
        scenario, problems = load_scenario(path)
        return scenario, problems, path

    return write


@pytest.fixture
def scenario_of(write_yaml: Writer) -> Callable[[str], Scenario]:
    """Load ``HEADER + steps`` and insist it is valid content."""

    def build(steps: str) -> Scenario:
        scenario, problems, _ = write_yaml(HEADER + steps)
        assert scenario is not None, "\n".join(str(p) for p in problems)
        assert not problems, "\n".join(str(p) for p in problems)
        return scenario

    return build


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()
