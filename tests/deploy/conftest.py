"""The deploy checks print their figure like the reliability suites."""

from tests.reliability.conftest import figure  # noqa: F401 (a shared fixture)
