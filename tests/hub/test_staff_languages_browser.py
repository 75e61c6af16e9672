"""The network coordinator's page and the content page in Dutch and English, in a real
browser (headless Chromium, Playwright) on a real hub.

A Dutch-speaking coordinator (her browser asks for nl) reads the network's totals in
Dutch; an English-speaking trainer switches the page to English and sends a broken
scenario: the refusal comes in English around the check's own words. Screenshots on a
phone (390×844) and a tablet (1024×768) go to ``$KIOSK_TEST_SHOTS`` (else the test's
temporary folder); no page may scroll sideways, and no pseudonym may show.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from content_kit import broken_yaml, install_key
from hub_kit import PASSWORDS, HubServer
from network_kit import PSEUDONYMS, seed_network
from room_kit import PHONE, TABLET, launch_chromium, no_sideways_scroll

playwright_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(not Path("/usr/bin/chromium").exists(),
                                reason="needs /usr/bin/chromium (apt-get install chromium)")


def logged_in(browser: Any, hub: HubServer, username: str, role: str, locale: str,
              viewport: dict[str, int]) -> Any:
    hub.add_user(username, role)
    context = browser.new_context(viewport=viewport, locale=locale, timezone_id="Europe/Brussels",
                                  has_touch=viewport == PHONE, is_mobile=viewport == PHONE)
    page = context.new_page()
    page.goto(f"{hub.base_url}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORDS[role])
    page.click("form[action='/login'] button[type=submit]")
    page.wait_for_load_state()
    return page


def snap(page: Any, shots: Path, name: str) -> None:
    no_sideways_scroll(page, name)
    page.screenshot(path=str(shots / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("viewport", [PHONE, TABLET], ids=["phone", "tablet"])
def test_network_in_dutch_and_content_in_english(hub: HubServer, tmp_path: Path,
                                                  viewport: dict[str, int]) -> None:
    shots = Path(os.environ.get("KIOSK_TEST_SHOTS") or tmp_path / "shots")
    shots.mkdir(parents=True, exist_ok=True)
    size = f"{viewport['width']}x{viewport['height']}"
    with hub.app.state.sessionmaker() as session:
        seed_network(session)
    install_key(hub.settings.content_keys)
    broken, line = broken_yaml()
    (tmp_path / "facture.yaml").write_bytes(broken)
    expect = playwright_api.expect
    with playwright_api.sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = logged_in(browser, hub, "cora", "coordinator", "nl-BE", viewport)
        page.goto(f"{hub.base_url}/network?since=2026-11-23&until=2026-12-06")
        expect(page.locator("html")).to_have_attribute("lang", "nl")
        expect(page.get_by_role("heading", level=1)).to_have_text("Netwerk van de EPN's")
        expect(page.get_by_role("heading", name="Sessies per week")).to_be_visible()
        said = page.inner_text("body")
        assert "Van maandag 23 november 2026 tot zondag 6 december 2026" in said
        assert "(terminal: Borne Ciney)" in said and "(borne :" not in said
        assert not any(p in page.content() for p in PSEUDONYMS)
        snap(page, shots, f"network-nl-{size}")

        page = logged_in(browser, hub, "theo", "trainer", "fr-BE", viewport)
        page.goto(f"{hub.base_url}/review/content")
        page.get_by_role("button", name="English", exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Terminal content")
        page.set_input_files("#file", str(tmp_path / "facture.yaml"))
        page.get_by_role("button", name="Check and publish").click()
        alert = page.locator(".findings-box")
        expect(alert).to_contain_text("Nothing is published: facture.yaml has")
        expect(alert.locator(".where").first).to_contain_text(f"facture.yaml:{line}:")
        snap(page, shots, f"content-en-{size}")
        browser.close()
