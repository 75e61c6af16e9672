"""A real-life second level through the real UI (issue 16), in French and in Arabic (the
screen in the learner's language, right to left) on the small screen (1280×800).

What a learner notices: the level-2 tile is not there before level 1; after level 1 done
alone the results screen proposes "… · niveau 2" and the list shows it right after level
1; level 2 opens under a cookie banner with its three buttons, the page beneath out of
reach, in today's browser look (no padlock, the site-information icon, the download
bubble) with the site's menu; "Tout accepter" is not the step and the banner stays; "Tout
refuser" takes it away and the same task follows, done to three stars. The driver is
tests/gui/drive_level2.py; its screenshots are in the test's home/shots.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.gui.conftest import drive

pytestmark = pytest.mark.xdist_group("test_level2")

WORDS = {"fr": ["Tout accepter", "Personnaliser", "Tout refuser"],
         "ar": ["قبول الكل", "تخصيص", "رفض الكل"]}


@pytest.fixture(scope="module", params=["fr", "ar"])
def seen(request: pytest.FixtureRequest, display: str, tmp_path_factory: pytest.TempPathFactory
         ) -> dict[str, Any]:
    home: Path = tmp_path_factory.mktemp(f"level2-{request.param}")
    data = drive(display, home, "drive_level2.py", "1280x800", request.param, timeout=300)
    assert data.get("error") is None, data["error"]
    data["lang"] = request.param
    return data


def test_level2_is_offered_only_after_level1(seen: dict[str, Any]) -> None:
    assert "eadmin.appointment.2" not in seen["list_before"]
    assert seen["level1_stars"] == 3
    assert seen["proposed"] == "eadmin.appointment.2"
    mark = "niveau 2" if seen["lang"] == "fr" else "المستوى 2"
    assert seen["proposed_title"].endswith(mark)
    after = seen["list_after"]
    assert after.index("eadmin.appointment.2") == after.index("eadmin.appointment") + 1


def test_level2_opens_under_a_cookie_banner_in_todays_browser(seen: dict[str, Any]) -> None:
    banner = seen["banner"]
    assert banner["step"] == "refuse_cookies"
    assert banner["words"] == WORDS[seen["lang"]]
    assert WORDS[seen["lang"]][2] in banner["instruction"] or seen["lang"] != "fr"
    assert set(banner["visible"]) == {"cookies.accept", "cookies.settings", "cookies.refuse"}
    assert banner["page_button_hidden"]  # the page beneath is out of reach
    assert banner["today"] and banner["bubble"] and banner["menu"]
    # Arabic reads right to left: "Tout accepter" (first) is at the right
    assert banner["mirrored"] is (seen["lang"] == "ar")
    assert (banner["accept_x"] > banner["refuse_x"]) is (seen["lang"] == "ar")


def test_refusing_takes_the_banner_away_and_the_task_follows(seen: dict[str, Any]) -> None:
    assert seen["after_accept"] == {"step": "refuse_cookies", "errors": 1, "banner_up": True}
    assert seen["after_refuse"] == {"step": "reason", "banner_up": False, "page_button_shown": True}
    assert seen["level2_stars"] == 2  # "Tout accepter" was a slip: help came, never a red wall
    assert seen["eye"] == []
