"""Two kiosks and a hub on one machine, everything real.

Two Kivy kiosks (each on its own Xvfb screen, each enrolled through `kiosk enrol`) and
the hub on 127.0.0.1. The animator, in headless Chromium, sees both terminals live with
their calls for help, answers one ("J'arrive") and wipes the other. The first learner
then finishes the exercise and takes the passport; the trainer, in Chromium, finds the
exercise's steps in the log and imports that learner's QR from a photo of the screen.
"""

from __future__ import annotations

import re
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the hub extra is not installed")
pytest.importorskip("playwright", reason="the dev extra (playwright) is not installed")
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "hub"))

from hub_kit import make_settings, running_hub  # noqa: E402
from playwright.sync_api import expect, sync_playwright  # noqa: E402
from room_kit import TABLET, animator_page, launch_chromium, wait_for  # noqa: E402

from kiosk.display import virtual_screen  # noqa: E402

from .conftest import drive, run_kiosk  # noqa: E402

pytestmark = pytest.mark.xdist_group("test_two_kiosks")


@pytest.fixture
def second_display() -> Iterator[str]:
    with virtual_screen() as number:
        yield number


def test_two_kiosks_a_hub_an_animator_and_a_trainer(display: str, second_display: str,
                                                     tmp_path: Path) -> None:
    kiosks = {"A": (display, tmp_path / "kiosk-a", "fr", "mouse.click", "finish"),
              "B": (second_display, tmp_path / "kiosk-b", "ar", "keyboard.words", "")}
    with running_hub(make_settings(tmp_path / "hub")) as hub, sync_playwright() as playwright:
        for name, (screen, home, *_rest) in kiosks.items():
            done = run_kiosk(["enrol", hub.enrol_code(), "--hub", hub.base_url], screen, home,
                             KIOSK_TERMINAL_LABEL=f"Borne {name}")
            assert done.returncode == 0, done.stderr
        seen: dict[str, dict[str, Any]] = {"A": {}, "B": {}}
        threads = [threading.Thread(target=lambda n=n, k=k: seen[n].update(
            drive(k[0], k[1], "drive_help.py", k[2], k[3], *([k[4]] if k[4] else []), timeout=300)))
            for n, k in kiosks.items()]
        for thread in threads:
            thread.start()

        browser = launch_chromium(playwright)
        room = animator_page(browser, hub, "anna", "animator", TABLET, "/room")

        def both_in_use() -> dict[str, str] | None:
            now = hub.app.state.room.tiles()
            return ({t["label"]: t["id"] for t in now}
                    if len(now) == 2 and all(t["in_use"] for t in now) else None)

        tiles = wait_for(both_in_use, 120, "both kiosks in use")
        tile_a, tile_b = (room.locator(f"#tile-{tiles[f'Borne {n}']}") for n in "AB")
        # both learners are practising and both called: the animator sees it live
        for tile, language, exercise in ((tile_a, "français", "Cliquer"), (tile_b, "arabe", None)):
            expect(tile).to_have_class(re.compile(r"\bis-help\b"), timeout=120_000)
            expect(tile).to_contain_text("En cours")
            expect(tile).to_contain_text(language)
            if exercise:
                expect(tile).to_contain_text(exercise)
        room.screenshot(path=str(tmp_path / "room-two-calls.png"))
        tile_a.get_by_role("button", name="J'arrive").click()
        tile_b.get_by_role("button", name="Effacer ce terminal").click()
        tile_b.get_by_role("button", name="Oui, effacer").click()
        for thread in threads:
            thread.join(300)
        # (the drivers' kiosks close when their learner is done: the tiles then say offline)
        expect(tile_b).not_to_have_class(re.compile(r"\bis-help\b"))
        room.screenshot(path=str(tmp_path / "room-after.png"))

        assert seen["A"].get("finished"), seen["A"]
        assert seen["B"].get("wiped_to_welcome"), seen["B"]

        # the trainer: kiosk A's statements reached the hub (its outbox drains in the
        # background); the exercise page shows its steps and the hardest one
        def delivered() -> bool:
            counts = run_kiosk(["sync", "status"], display, kiosks["A"][1]).stdout
            return "statements waiting: 0" in counts

        wait_for(delivered, 60, "kiosk A's statements to reach the hub")
        journal = animator_page(browser, hub, "theo", "trainer", TABLET, "/review/scenarios/mouse.click")
        expect(journal.locator("#h-hardest")).to_have_text("Étape la plus difficile")
        expect(journal.locator(".hardest-callout .hard-step")).to_be_visible()
        journal.screenshot(path=str(tmp_path / "journal-scenario.png"), full_page=True)
        # …and reads the learner's QR from a photo of kiosk A's passport screen
        journal.goto(f"{hub.base_url}/review/passport")
        journal.set_input_files("#photo", seen["A"]["passport_shot"])
        journal.get_by_role("button", name="Lire le code").click()
        expect(journal.locator(".record .notice")).to_contain_text("Code valide")
        expect(journal.locator(".record")).to_contain_text("Cliquer")
        journal.screenshot(path=str(tmp_path / "journal-passport.png"), full_page=True)
        browser.close()

    assert seen["A"]["said_when_seen"] and seen["B"]["state_after_wipe"] == "none"
