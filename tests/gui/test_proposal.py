"""The animator proposes an exercise: the card on a real kiosk, from its own animator screen
and from the hub's room in a real Chromium.

Without a hub (drive_proposal.py, MODE=animator), in French and Arabic at 1280×800 and
1920×1080: the card waits while the animator screen is up, shows over the learner's
screen, speaks in the learner's language, passes the learner's-eye checks; "Plus tard"
changes nothing; "Commencer" leaves the exercise under way kindly and starts the proposed one;
a path proposed opens "Votre parcours" at its first exercise.

With a hub (MODE=hub): an animator in headless Chromium opens the room, the tile's menu
"Proposer un exercice", searches and picks; the kiosk shows the card within 2 s of the
click (measured); the learner starts it and the tile says "Accepté"; a card left open
when the animator wipes the terminal is dropped ("Terminal effacé"), a proposal to the
terminal on its welcome screen opens a session when started, and one to a terminal gone
offline is dropped with a word ("Hors ligne").
"""

from __future__ import annotations

import json
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the hub extra is not installed")
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "hub"))

from hub_kit import make_settings, running_hub  # noqa: E402
from room_kit import PHONE, animator_page, launch_chromium, wait_for  # noqa: E402

from kiosk import strings  # noqa: E402

from .conftest import drive, run_kiosk  # noqa: E402

pytestmark = pytest.mark.xdist_group("test_proposal")

PATH_TITLE = {"fr": "Premiers pas", "ar": "الخطوات الأولى"}
CASES = [("fr", "1280x800"), ("ar", "1280x800"), ("fr", "1920x1080"), ("ar", "1920x1080")]


@pytest.mark.parametrize(("language", "size"), CASES, ids=[f"{lang}-{size}" for lang, size in CASES])
def test_the_card_from_the_animator_screen_as_a_learner_sees_it(
        display: str, tmp_path: Path, language: str, size: str) -> None:
    seen = drive(display, tmp_path / "kiosk", "drive_proposal.py", "animator", language, size, timeout=240)
    assert "started" in seen, seen
    assert "propose.email.reply" in seen["picker_names"]
    assert seen["card_on_animator_screen"] is False, "no card while the animator screen is up"
    assert "La carte s'affichera au retour" in seen["animator_notice"]
    for key in ("local", "over_exercise"):
        card = seen[key]
        assert card["problems"] == [], (key, card["problems"])
        assert card["lang"] == language and card["heading"] == strings.tr("proposal.offer", language)
        assert card["said"] == [card["heading"], card["title"]], "said aloud: the heading, then the title"
        assert Path(card["shot"]).exists()
    assert seen["local"]["screen"] == "modules"  # back from the animator screen, over the learner's
    assert seen["over_exercise"]["screen"] == "player"
    assert seen["after_later"] == {"screen": "modules", "state": "later"}
    assert seen["started"] == {"scenario": "keyboard.words", "state": "accepted", "left_kindly": True}
    # a path proposed: its card, then "Votre parcours" with its first exercise as the big button
    assert seen["path"]["problems"] == [], seen["path"]["problems"]
    assert seen["path"]["title"] == PATH_TITLE[language]
    assert seen["path_started"] == {"screen": "path", "state": "accepted", "path": "premiers_pas",
                                    "next": "mouse.click", "big_button": "mouse.click"}


# --- from the hub's room, in Chromium ---------------------------------------------------------------


def tile_words(page: Any, terminal_id: str) -> str:
    return str(page.locator(f"#tile-{terminal_id} .proposal-text").text_content() or "")


def propose_from_menu(page: Any, terminal_id: str, search: str, choice: str) -> float:
    """The animator's touches: the tile's menu, a search, the exercise. The click's wall time."""
    tile = page.locator(f"#tile-{terminal_id}")
    tile.locator(".propose-open").click()
    tile.locator(".propose-query").fill(search)
    button = tile.locator(f'.propose-choice[data-ref="{choice}"]')
    button.wait_for(state="visible", timeout=10_000)
    clicked = time.time()
    button.click()
    return clicked


def answer(home: Path, turn: int, how: str) -> None:
    path = home / "answers.json"
    answers = json.loads(path.read_text()) if path.exists() else {}
    answers[str(turn)] = how
    path.with_suffix(".tmp").write_text(json.dumps(answers))
    path.with_suffix(".tmp").replace(path)  # whole: the kiosk's driver reads it meanwhile


# Out of the CI run (make proposal-live): on two cores shared with other test runs its taps
# were lost twice (the exercise list not reached, the card's "Plus tard" not taken); alone
# it passed eight runs in a row. The animator-screen cards above stay in CI.
@pytest.mark.long
def test_an_animator_in_chromium_sends_an_exercise_and_the_kiosk_shows_it_within_2_s(
        display: str, tmp_path: Path) -> None:
    playwright_api = pytest.importorskip("playwright.sync_api")
    home = tmp_path / "kiosk"
    shots = tmp_path / "room-shots"
    shots.mkdir()
    with running_hub(make_settings(tmp_path / "hub")) as hub, playwright_api.sync_playwright() as pw:
        enrolled = run_kiosk(["enrol", hub.enrol_code(), "--hub", hub.base_url], display, home)
        assert enrolled.returncode == 0, enrolled.stderr
        seen: dict[str, Any] = {}
        kiosk = threading.Thread(target=lambda: seen.update(
            drive(display, home, "drive_proposal.py", "hub", "fr", "1280x800", timeout=300)))
        kiosk.start()
        note = home / "seen.json"

        def noted(key: str) -> Any:
            def found() -> Any:
                data = json.loads(note.read_text()) if note.exists() else {}
                assert not data.get("error"), data["error"]
                return data.get(key)

            return wait_for(found, 150, f"the kiosk's note {key}")

        noted("ready")  # the learner is in an exercise
        room = hub.app.state.room
        terminal_id = wait_for(lambda: next((t["id"] for t in room.tiles() if t["in_use"]), None), 30,
                               "the terminal's tile in use")
        browser = launch_chromium(pw)
        page = animator_page(browser, hub, "anna")
        page.locator(f"#tile-{terminal_id}").wait_for()

        # 1. an exercise, started by the learner
        latencies = []
        clicked = propose_from_menu(page, terminal_id, "clavier", "keyboard.words")
        card = noted("hub1")
        latencies.append(card["at"] - clicked)
        assert card["problems"] == [] and card["screen"] == "player" and card["lang"] == "fr"
        assert card["heading"] == "L'animateur vous propose :"
        wait_for(lambda: "voit la proposition" in tile_words(page, terminal_id), 10, "the tile: shown")
        page.screenshot(path=str(shots / "room-tablet-shown.png"))
        answer(home, 1, "start")
        wait_for(lambda: "Accepté" in tile_words(page, terminal_id), 10, "the tile: accepted")

        # 2. another, answered "Plus tard"
        clicked = propose_from_menu(page, terminal_id, "répondre", "email.reply")
        latencies.append(noted("hub2")["at"] - clicked)
        answer(home, 2, "later")
        wait_for(lambda: "Plus tard" in tile_words(page, terminal_id), 10, "the tile: later")

        # 3. a card left open while the animator wipes the terminal: dropped
        clicked = propose_from_menu(page, terminal_id, "souris", "mouse.double_click")
        latencies.append(noted("hub3")["at"] - clicked)
        answer(home, 3, "wait")
        tile = page.locator(f"#tile-{terminal_id}")
        tile.locator('[data-action="wipe"]').click()
        tile.locator(".confirm-yes").click()
        wait_for(lambda: "Terminal effacé" in tile_words(page, terminal_id), 10,
                 "the tile: dropped by the wipe")

        # 4. on the welcome screen (no session): the card in the terminal's language; started
        wait_for(lambda: not next(t for t in room.tiles() if t["id"] == terminal_id)["in_use"], 10,
                 "the terminal free after the wipe")
        clicked = propose_from_menu(page, terminal_id, "", "mouse.click")
        welcome = noted("hub4")
        latencies.append(welcome["at"] - clicked)
        assert welcome["screen"] == "welcome" and not welcome["session"] and welcome["lang"] == "fr"
        answer(home, 4, "start")
        wait_for(lambda: "Accepté" in tile_words(page, terminal_id), 10, "the tile: accepted from welcome")

        # the menu at phone and tablet sizes, for a person to look at
        tile.locator(".propose-open").click()
        tile.locator(".propose-choice").first.wait_for()
        page.screenshot(path=str(shots / "room-menu-tablet.png"))
        tile.locator(".propose-close").click()
        phone = animator_page(browser, hub, "paul", viewport=PHONE)
        phone_tile = phone.locator(f"#tile-{terminal_id}")
        phone_tile.locator(".tile-more").click()
        phone_tile.locator(".propose-open").click()
        phone_tile.locator(".propose-query").fill("mail")
        phone_tile.locator(".propose-choice").first.wait_for()
        phone.screenshot(path=str(shots / "room-menu-phone.png"))
        box = phone_tile.locator(".propose-choice").first.bounding_box()
        assert box is not None and box["height"] >= 44 and box["width"] <= PHONE["width"]

        kiosk.join(300)
        assert seen.get("done"), seen

        # 5. the terminal is gone (its kiosk stopped): a proposal is dropped with a word
        wait_for(lambda: page.locator(f"#tile-{terminal_id}").get_attribute("data-state") == "offline", 15,
                 "the tile offline")
        propose_from_menu(page, terminal_id, "souris", "mouse.click")
        wait_for(lambda: "Hors ligne" in tile_words(page, terminal_id), 10, "the tile: dropped offline")
        page.screenshot(path=str(shots / "room-offline.png"))
        browser.close()

    assert seen["hub1"]["then"] == {"screen": "player", "scenario": "keyboard.words"}
    assert seen["hub3"]["then"] == {"screen": "welcome", "state": "dropped", "session": None}
    assert seen["hub4"]["then"]["scenario"] == "mouse.click"
    print(f"room shots in {shots}, kiosk shots in {home / 'shots'}")
    print("proposal shown on the kiosk after the click: " + ", ".join(f"{s:.3f} s" for s in latencies))
    assert max(latencies) <= 2.0, latencies
