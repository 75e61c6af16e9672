"""The web surface draws every kind of block the engine checks, under the same name: a
block the check lets through is never left off the page."""

from __future__ import annotations


def test_every_engine_block_kind_has_its_view() -> None:
    from kiosk.engine.surfaces.web import BLOCKS
    from kiosk.ui.surfaces.web.views import VIEWS

    assert list(VIEWS) == list(BLOCKS)
