"""Reliability suites: the real kiosk under attack (kill -9, power cuts, a full disk, fuzzed
content and codes, escape keys, idle). Each suite has a fast variant that runs with the
normal tests and a long one (marker ``long``, ``make reliability``) that prints its figure.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime

import pytest

from tests.gui.conftest import ROOT, display, kiosk_env  # noqa: F401 (fixtures and helpers shared)


@pytest.fixture
def figure(request: pytest.FixtureRequest) -> Callable[[str], None]:
    """Show a suite's figure past pytest's capture, and append it to $RELIABILITY_FIGURES
    when set (the make targets set it: docs/RELIABILITY.md quotes those lines)."""

    def write(line: str) -> None:
        capture = request.config.pluginmanager.getplugin("capturemanager")
        with capture.global_and_fixture_disabled():
            print(f"\n{line}", flush=True)
        if os.environ.get("RELIABILITY_FIGURES"):
            with open(os.environ["RELIABILITY_FIGURES"], "a", encoding="utf-8") as f:
                f.write(f"{datetime.now():%Y-%m-%d %H:%M}  {line}\n")
        request.node.user_properties.append(("figure", line))

    return write
