"""The deploy checks print their figure like the reliability suites; the unit's stop runs
the kiosk on a private Xvfb like the GUI tests."""

from tests.gui.conftest import display  # noqa: F401 (shared fixtures)
from tests.reliability.conftest import figure  # noqa: F401
