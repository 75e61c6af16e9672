"""A trainer publishes content from a real browser (headless Chromium, Playwright) on a real hub.

She sends a broken scenario from the upload form and reads, line by line, where it is
wrong and how to fix it; she sends it corrected and reads that version 1 is published.
Screenshots on a phone (390×844) and a tablet (1024×768) go to ``$KIOSK_TEST_SHOTS`` (else
the test's temporary folder); the page must not scroll sideways at either size.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from content_kit import broken_yaml, install_key, scenario_yaml
from hub_kit import HubServer
from room_kit import PHONE, TABLET, animator_page, launch_chromium, no_sideways_scroll

playwright_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(not Path("/usr/bin/chromium").exists(),
                                reason="needs /usr/bin/chromium (apt-get install chromium)")


@pytest.mark.parametrize("viewport", [PHONE, TABLET], ids=["phone", "tablet"])
def test_a_trainer_sends_a_broken_scenario_then_the_corrected_one(
        hub: HubServer, tmp_path: Path, viewport: dict[str, int]) -> None:
    install_key(hub.settings.content_keys)
    shots = Path(os.environ.get("KIOSK_TEST_SHOTS") or tmp_path / "shots")
    shots.mkdir(parents=True, exist_ok=True)
    size = f"{viewport['width']}x{viewport['height']}"
    broken, line = broken_yaml()
    (tmp_path / "facture.yaml").write_bytes(broken)
    (tmp_path / "facture-corrigee.yaml").write_bytes(scenario_yaml("facture", "Payer une facture"))
    with playwright_api.sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = animator_page(browser, hub, "theo", "trainer", viewport, "/review")
        page.get_by_role("link", name="Contenu des bornes").click()
        expect = playwright_api.expect
        expect(page.get_by_role("heading", level=1)).to_have_text("Contenu des bornes")
        expect(page.get_by_text("Rien n'est encore publié")).to_be_visible()

        page.set_input_files("#file", str(tmp_path / "facture.yaml"))
        page.get_by_role("button", name="Vérifier et publier").click()
        alert = page.locator(".findings-box")
        expect(alert).to_contain_text(
            re.compile(r"Rien n'est publié\s:\sfacture\.yaml a \d+ problème\(s\) à corriger"))
        expect(alert.locator(".where").first).to_have_text(re.compile(rf"^facture\.yaml:{line}:\d+$"))
        expect(alert.locator(".fix").first).to_contain_text("write 'surface: ")
        no_sideways_scroll(page, f"the content page at {size}")
        page.screenshot(path=str(shots / f"content-refused-{size}.png"), full_page=True)

        page.set_input_files("#file", str(tmp_path / "facture-corrigee.yaml"))
        page.get_by_role("button", name="Vérifier et publier").click()
        expect(page.get_by_role("status")).to_contain_text("Version 1 publiée")
        expect(page.locator("table.list")).to_contain_text("mouse/facture.yaml")
        no_sideways_scroll(page, f"the content page at {size}")
        page.screenshot(path=str(shots / f"content-published-{size}.png"), full_page=True)
        browser.close()

