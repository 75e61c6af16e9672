"""Reliability suites: the real kiosk under attack (kill -9, power cuts, a full disk, fuzzed
content and codes, escape keys, idle). Each suite has a fast variant that runs with the
normal tests and a long one (marker ``long``, ``make reliability``) that prints its figure.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.gui.conftest import ROOT, display, kiosk_env  # noqa: F401 (fixtures and helpers shared)


@pytest.fixture
def figure(request: pytest.FixtureRequest) -> Callable[[str], None]:
    """Print a suite's figure on the terminal, past pytest's capture (make targets show it)."""

    def write(line: str) -> None:
        reporter = request.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line(f"\n{line}")
        request.node.user_properties.append(("figure", line))

    return write
