"""The welcome and the menus through a learner's eyes (issue 12): nothing on the welcome
changes by itself; a language is touched by its mark and name and answers in its own
voice; no national flag; modules in teaching order with "start here" on a first visit
only; "Répéter" and the language button on both menus; titles never cut; "J'ai fini"
asks once."""

from __future__ import annotations

from typing import Any

import pytest

from kiosk.engine.catalogue import load_catalogue
from tests.gui.conftest import ROOT, drive

pytestmark = pytest.mark.xdist_group("test_welcome")

# the first activities, in the order trainers teach them (later ones follow by rank)
TEACHING_ORDER = ["module.mouse", "module.keyboard", "module.email", "module.internet",
                  "module.eadmin", "module.identity", "module.video", "module.phone", "module.protect",
                  "module.documents", "module.moving", "module.payment"]
LANGUAGES = ["fr", "nl", "en", "ar", "tr", "uk"]


@pytest.fixture(scope="module", params=[("1280x800", "fr"), ("1280x800", "ar"), ("1920x1080", "fr"),
                                        ("1920x1080", "ar")], ids=lambda p: "-".join(p))
def observed(request: pytest.FixtureRequest, display: str,
             tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    size, lang = request.param
    home = tmp_path_factory.mktemp(f"welcome-{size}-{lang}")
    seen = drive(display, home, "drive_welcome.py", size, lang, timeout=300)
    seen["lang"] = lang
    return seen


def test_nothing_on_the_welcome_changes_by_itself(observed: dict[str, Any]) -> None:
    assert observed["welcome_changed"] == []  # watched for 7 s: no label turns
    # the invitation and "J'ai déjà un code" stay in French, the language of the screen
    assert "Touchez l'écran pour commencer." in observed["welcome_words"]
    assert "J'ai déjà un code" in observed["welcome_words"]


def test_languages_are_marks_and_names_never_flags(observed: dict[str, Any]) -> None:
    assert observed["language_pictures"] == {lang: f"language-{lang}.png" for lang in LANGUAGES}
    for pictures in (observed["welcome_pictures"], observed["picker_pictures"]):
        assert not [p for p in pictures if p.startswith("flag")]
    assert sorted(observed["picker_pictures"]) == sorted(f"language-{lang}.png" for lang in LANGUAGES)


def test_touching_a_language_says_its_name_in_it_and_starts_in_it(observed: dict[str, Any]) -> None:
    assert observed["started_in"] == observed["lang"]
    assert observed["first_said"] == observed["name_of_language"]  # "Français" / "العربية"
    # the language button of the menu: the same, its name then the menu's instruction
    assert observed["after_switch_said"] is True


def test_modules_in_teaching_order_with_start_here_on_a_first_visit(observed: dict[str, Any]) -> None:
    shipped = [f"module.{m.id}" for m in load_catalogue(ROOT / "scenarios").modules]
    # read in the language's direction, page after page
    assert observed["modules_order"] == shipped and shipped[:len(TEACHING_ORDER)] == TEACHING_ORDER
    assert observed["start_here_in"] == ["module.mouse"]
    assert observed["start_here_after_an_exercise"] is False


def test_eight_activities_a_page_and_back_to_the_page_left(observed: dict[str, Any]) -> None:
    pages = observed["pages"]
    assert len(pages) == -(-len(observed["modules_order"]) // 8) >= 2
    assert all(len(page) == 8 for page in pages[:-1]) and 1 <= len(pages[-1]) <= 8
    assert observed["previous_on_first"] == 0  # no way back on the first page
    assert observed["more_said"] is True  # "Voici d'autres activités.", in the language
    assert observed["back_at_page"] == len(pages) - 1


def test_repeat_and_a_way_to_the_languages_on_both_menus(observed: dict[str, Any]) -> None:
    assert observed["repeat_modules"] is True
    assert observed["repeat_scenarios"] is True
    assert observed["scenarios_has_language_button"] is True


def test_titles_are_never_cut(observed: dict[str, Any]) -> None:
    cut = {name: t for name, t in observed["titles"].items() if not t["fits"]}
    assert cut == {}
    # and still big enough to read
    assert all(t["font_size"] >= 20 for t in observed["titles"].values()), observed["titles"]


def test_i_am_done_asks_once(observed: dict[str, Any]) -> None:
    assert observed["screen_while_asked"] == "modules"
    assert observed["done_asked"] == observed["done_question"]  # said, not only shown
    assert observed["after_no"] == {"screen": "modules", "card": False, "session": True}
    assert observed["after_yes"] == "passport"
