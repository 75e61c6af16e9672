"""A trainer builds a path from a real browser (headless Chromium, Playwright) on a real hub.

She opens "Parcours", names the path, searches an exercise, adds three, moves the last
one up, picks a pictogram and publishes; the page says version 1 is published and lists
the new path. Screenshots at phone (390×844) and tablet (1024×768) sizes go to
``$KIOSK_TEST_SHOTS`` (else the test's temporary folder); no sideways scroll at either.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from content_kit import install_key
from hub_kit import HubServer
from room_kit import PHONE, TABLET, animator_page, launch_chromium, no_sideways_scroll

playwright_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(not Path("/usr/bin/chromium").exists(),
                                reason="needs /usr/bin/chromium (apt-get install chromium)")


@pytest.mark.parametrize("viewport", [PHONE, TABLET], ids=["phone", "tablet"])
def test_a_trainer_builds_and_publishes_a_path(hub: HubServer, tmp_path: Path,
                                               viewport: dict[str, int]) -> None:
    install_key(hub.settings.content_keys)
    shots = Path(os.environ.get("KIOSK_TEST_SHOTS") or tmp_path / "shots")
    shots.mkdir(parents=True, exist_ok=True)
    size = f"{viewport['width']}x{viewport['height']}"
    expect = playwright_api.expect
    with playwright_api.sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = animator_page(browser, hub, "theo", "trainer", viewport, "/review")
        page.get_by_role("link", name="Parcours").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Parcours")
        page.fill("#title_fr", "Écrire à la mairie")
        page.fill("#q", "mail")
        page.get_by_role("button", name="Chercher", exact=True).last.click()
        expect(page.locator("ul.choices")).not_to_contain_text("Double-cliquer")
        for title in ("Répondre à un e-mail", "Écrire un nouveau message", "Envoyer son CV"):
            page.get_by_role("button", name=f"Ajouter {title}", exact=True).click()
        chosen = page.locator("ol.chosen li")
        expect(chosen).to_have_count(3)
        page.get_by_role("button", name="Monter 3").click()
        expect(chosen.nth(1)).to_contain_text("Envoyer son CV")
        expect(page.locator("#title_fr")).to_have_value("Écrire à la mairie")  # the draft travels along
        page.locator("details.pictogram-choice summary").click()
        page.locator(".pictogram-choice label[title='town-hall']").click()
        no_sideways_scroll(page, f"the path builder at {size}")
        page.locator("#h-chosen").scroll_into_view_if_needed()
        page.screenshot(path=str(shots / f"paths-builder-{size}.png"), full_page=False)

        page.get_by_role("button", name="Enregistrer et publier").click()
        expect(page.get_by_role("status")).to_contain_text("Écrire à la mairie")
        expect(page.get_by_role("status")).to_contain_text("version 1")
        expect(page.locator("ul.path-list")).to_contain_text("publié par ce hub")
        no_sideways_scroll(page, f"the path builder at {size}")
        page.screenshot(path=str(shots / f"paths-published-{size}.png"), full_page=False)
        browser.close()

