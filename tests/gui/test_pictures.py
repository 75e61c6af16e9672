"""A person who cannot read goes by the pictures: two buttons on one screen must never
show the same picture (the results screen showed a house for "Menu" and a house for the
next exercise). The real kiosk is driven through a whole visit at 1280×800, every screen
a learner reaches is walked, and each button's picture is compared by its drawing (two
files with the same bytes are one picture)."""

from __future__ import annotations

from collections import defaultdict
from functools import cache
from typing import Any

import pytest

from tests.gui.conftest import ROOT, drive, first_of_each_surface


@cache
def one_per_surface() -> tuple[str, ...]:
    from kiosk.engine import load_catalogue

    catalogue = load_catalogue(ROOT / "scenarios")
    return tuple(s.id for s in first_of_each_surface(catalogue.in_order()))


@pytest.fixture(scope="module")
def visit(display: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    home = tmp_path_factory.mktemp("pictures")
    return drive(display, home, "drive_pictures.py", "1280x800", ",".join(one_per_surface()),
                 timeout=600)


# Pictures a simulated app repeats on purpose, as the real one does: a file manager draws every
# folder alike, a map every pin, a messaging app every group, a feed each post's "⋯" menu; a
# look-alike app copies the official one's icon (telling them apart by their words is the
# exercise). Only on a practice screen: the kiosk's own buttons never share a picture.
REAL_APPS_REPEAT = {"folder", "folder-open", "pin", "group", "town-hall", "menu"}


def duplicates(buttons: list[dict[str, str]], practice: bool = False) -> list[str]:
    """'picture: button A / button B' for each picture on two differently named buttons."""
    by_drawing: dict[str, set[str]] = defaultdict(set)
    shown_as: dict[str, str] = {}
    for button in buttons:
        if practice and button["picture"] in REAL_APPS_REPEAT:
            continue
        by_drawing[button["file"]].add(button["button"])
        shown_as.setdefault(button["file"], button["picture"])
    return [f"{shown_as[f]}: {' / '.join(sorted(names))}"
            for f, names in by_drawing.items() if len(names) > 1]


def test_every_screen_a_learner_reaches_was_walked(visit: dict[str, Any]) -> None:
    screens = visit["screens"]
    for label in ("welcome", "modules", "selfcheck-question", "selfcheck-summary", "language-picker",
                  "results-done-card", "passport"):
        assert label in screens, sorted(screens)
    for module in ("mouse", "keyboard", "email", "internet", "eadmin", "identity", "video"):
        assert f"scenarios-{module}" in screens
    for sid in one_per_surface():
        assert any(label.startswith(f"player-{sid}-") for label in screens), sid
        assert f"results-{sid}" in screens
    # the walk sees pictures: every tile of the module menu, the results' four buttons
    assert {b["button"] for b in screens["modules"]} >= {"module.mouse", "module.video"}
    results = {b["button"]: b["picture"] for b in screens[f"results-{one_per_surface()[0]}"]}
    assert results["results.again"] == "replay" and results["results.menu"] == "menu"
    assert results["results.next"] not in ("replay", "menu", "check")


def test_no_screen_shows_the_same_picture_on_two_buttons(visit: dict[str, Any]) -> None:
    found = {label: duplicates(buttons, label.startswith("player-"))
             for label, buttons in visit["screens"].items()}
    found = {label: dup for label, dup in found.items() if dup}
    shots = visit["shots"]
    assert not found, "\n".join(f"{label}: {'; '.join(dup)} ({shots.get(label, '')})"
                                for label, dup in found.items())

