"""The accounts module through the real UI, in French and in Arabic at 1280×800, as a
learner would notice it: a password's rules tick one by one as it is typed, in the
screen's language, and stay in view above the keyboard; a password that misses a rule is
refused by the site with its message; the show button shows the letters and hides them
again; the code sent by SMS arrives on the phone beside the site only once the site sends
it, and typed on the site it logs in (the phone on the left in Arabic)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.gui.conftest import drive

# its tests share module fixtures: xdist keeps them on one worker
pytestmark = pytest.mark.xdist_group("test_accounts")

RULES = {
    "fr": ["8 caractères minimum", "Une lettre majuscule", "Une lettre minuscule", "Un chiffre"],
    "ar": ["8 أحرف على الأقل", "حرف كبير واحد", "حرف صغير واحد", "رقم واحد"],
}
REFUSED = {"fr": "Le mot de passe ne respecte pas toutes les règles.", "ar": "كلمة السر لا تتبع كل القواعد."}


@pytest.fixture(scope="module", params=["fr", "ar"])
def seen(request: pytest.FixtureRequest, display: str,
         tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, Any]]:
    language = request.param
    home = tmp_path_factory.mktemp(f"accounts-{language}")
    data = drive(display, home, "drive_accounts.py", language, "1280x800", timeout=300)
    return language, data


def ticks(state: dict[str, Any]) -> list[bool]:
    return [met for _words, met in state["rules"]]


def test_the_rules_tick_one_by_one_as_the_password_is_typed(seen: tuple[str, dict[str, Any]]) -> None:
    language, data = seen
    assert [words for words, _met in data["start"]["rules"]] == RULES[language]
    assert data["start"]["rule_langs"] == [language]  # the practice screen in my language
    assert ticks(data["start"]) == [False, False, False, False]
    assert ticks(data["weak"]) == [False, False, True, False]  # "tilleul": small letters only
    assert ticks(data["capital"]) == [False, True, True, False]  # "Tilleul": 7 letters, no digit
    assert ticks(data["all_met"]) == [True, True, True, True]  # "Tilleul2025"
    # the keyboard is up, and every rule can be read above it while typing
    for state in ("start", "weak", "capital", "all_met"):
        assert data[state]["keyboard"] and data[state]["rules_in_view"], state


def test_a_password_missing_a_rule_is_refused_by_the_site(seen: tuple[str, dict[str, Any]]) -> None:
    language, data = seen
    refused = data["weak_refused"]
    assert refused["messages"] == [REFUSED[language]]
    assert refused["step"] == "password" and refused["errors"] == 1
    assert data["capital"]["messages"] == []  # touched again to fix it: the message goes


def test_the_password_is_typed_as_dots_and_the_button_shows_it(seen: tuple[str, dict[str, Any]]) -> None:
    _language, data = seen
    assert data["all_met"]["shown"] == "•" * 11 + "|"  # the cursor after eleven dots
    assert data["shown"]["shown"] == "Tilleul2025|"
    assert data["hidden_again"]["shown"] == "•" * 11 + "|"
    assert data["accepted"]["step"] == "terms" and data["accepted"]["keyboard"] is False
    assert data["created_page"] == "created"
    assert data["stars"]["accounts.create"] == 2  # one slip (the weak password): two stars


def test_the_sms_code_arrives_once_the_site_sends_it(seen: tuple[str, dict[str, Any]]) -> None:
    language, data = seen
    assert data["sms_before"]["thread_visible"] is False  # nothing yet on the phone
    assert data["sms_arrived"]["thread_visible"] is True and data["sms_arrived"]["page"] == "code"
    code = data["sms_open"]["bubbles"]
    assert len(code) == 1 and "482913" in code[0]
    assert data["sms_logged_in"]["page"] == "welcome" and data["sms_logged_in"]["step"] is None
    assert data["stars"]["accounts.sms_code"] == 3
    assert data["sms_open"]["phone_left"] is (language == "ar")  # mirrored: the phone on the left
