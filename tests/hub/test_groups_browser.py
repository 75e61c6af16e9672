"""A trainer makes a group from a real browser (headless Chromium) and reads its page.

She types two pseudonyms and a picture code, picks "Premiers pas" and creates the group;
the page shows each member's progress and placements and the group's chart. Screenshots
at phone (390×844) and tablet (1024×768) sizes go to ``$KIOSK_TEST_SHOTS`` (else the
test's temporary folder); no sideways scroll at either.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hub_kit import HubServer
from room_kit import PHONE, TABLET, animator_page, launch_chromium, no_sideways_scroll
from test_groups import seeded  # noqa: F401 — the fixture: statements of three learners

from kiosk.export.picture_code import picture_code

playwright_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(not Path("/usr/bin/chromium").exists(),
                                reason="needs /usr/bin/chromium (apt-get install chromium)")


@pytest.mark.parametrize("viewport", [PHONE, TABLET], ids=["phone", "tablet"])
def test_a_trainer_makes_a_group_and_reads_it(seeded: HubServer, tmp_path: Path,  # noqa: F811
                                              viewport: dict[str, int]) -> None:
    shots = Path(os.environ.get("KIOSK_TEST_SHOTS") or tmp_path / "shots")
    shots.mkdir(parents=True, exist_ok=True)
    size = f"{viewport['width']}x{viewport['height']}"
    expect = playwright_api.expect
    with playwright_api.sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = animator_page(browser, seeded, "theo", "trainer", viewport, "/review")
        page.get_by_role("link", name="Groupes").click()
        page.fill("#label", "Groupe du mardi")
        page.fill("#members", f"Tulipe-0412\n{picture_code('Saule-1234').typed}\nMerle-0007")
        page.select_option("#path_id", "premiers_pas")
        page.get_by_role("button", name="Créer le groupe").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Groupe du mardi")
        expect(page.locator("article.member")).to_have_count(3)
        expect(page.locator("article.member").first).to_contain_text("3 exercice(s) faits sur 7")
        expect(page.locator("#h-chart")).to_be_visible()
        no_sideways_scroll(page, f"the group page at {size}")
        page.screenshot(path=str(shots / f"group-{size}.png"), full_page=True)
        browser.close()
