"""A trainer in a real browser (headless Chromium, Playwright) on a real hub.

She logs in from the login form, opens "Envoyer son CV" from the overview and sees its
third step marked as the hardest with the learners who struggled there, opens one's
timeline from that list, sees who has not yet reached a competence's level, then reads
a learner's QR code from a photo. Screenshots of each page on a phone (390×844), a tablet (1024×768)
and a desktop (1440×900) go to ``$KIOSK_TEST_SHOTS`` (else the test's temporary folder);
the pages must not scroll sideways at any of these sizes.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hub_kit import PASSWORDS, HubServer
from review_kit import Classroom, progress_record, qr_png, seed_classroom
from room_kit import no_sideways_scroll

from kiosk.export.sealed import hub_link, seal

playwright_api = pytest.importorskip("playwright.sync_api")

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SIZES = {"phone": (390, 844), "tablet": (1024, 768), "desktop": (1440, 900)}

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(),
                                reason="needs /usr/bin/chromium (apt-get install chromium)")


@pytest.fixture
def browser() -> Iterator[object]:
    with playwright_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("KIOSK_TEST_SHOTS") or tmp_path / "shots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def snap(page: object, shots: Path, name: str) -> None:
    """A full-page screenshot at each size; none may need sideways scrolling."""
    for size, (width, height) in SIZES.items():
        page.set_viewport_size({"width": width, "height": height})  # type: ignore[attr-defined]
        page.screenshot(path=str(shots / f"{name}-{size}.png"), full_page=True)  # type: ignore[attr-defined]
        no_sideways_scroll(page, f"{name} on a {size}")


def test_trainer_finds_the_hardest_step_and_reads_a_qr_photo(hub: HubServer, browser: object, shots: Path,
                                                             tmp_path: Path) -> None:
    classroom: Classroom = seed_classroom(hub)
    hub.add_user("theo", "trainer")
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="fr-BE",  # type: ignore[attr-defined]
                                  timezone_id="Europe/Brussels")
    page = context.new_page()
    page.set_default_timeout(10_000)

    page.goto(hub.base_url + "/review")
    assert "/login" in page.url  # not logged in: the login form first
    page.get_by_label("Nom d'utilisateur").fill("theo")
    page.get_by_label("Mot de passe").fill(PASSWORDS["trainer"])
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/review")
    assert page.get_by_role("heading", name="Journal des exercices").is_visible()
    snap(page, shots, "review-overview")

    page.get_by_role("link", name="Envoyer son CV").first.click()
    page.wait_for_url("**/review/scenarios/email.attach")
    callout = page.locator(".hardest-callout")
    assert "Cliquez sur Joindre un fichier." in callout.inner_text()
    assert "le plus d'erreurs + d'aides" in callout.inner_text()
    marked = page.locator("ol.chart .chart-row.hardest").first
    assert marked.is_visible()
    assert "Cliquez sur Joindre un fichier." in marked.inner_text()
    assert "La plus difficile" in marked.inner_text()
    assert page.locator(".chart-row.hardest svg.bar").count() == 3  # drawn on each chart
    snap(page, shots, "review-scenario")

    # The learners behind the hardest step: each a link to their timeline.
    assert "Qui a eu du mal ici : 5" in callout.inner_text()
    callout.get_by_role("link", name="Tulipe-0412").click()
    page.wait_for_url(f"**/review/learners/{classroom.key.epn_id}/Tulipe-0412")
    assert page.get_by_text("J'ai besoin d'aide", exact=False).first.is_visible()
    digcomp = page.locator("table.learner-digcomp")
    assert digcomp.is_visible() and "Partager en ligne" in digcomp.inner_text()
    assert "niveau 2" in digcomp.inner_text()
    snap(page, shots, "review-learner")

    page.goto(hub.base_url + "/review/digcomp")
    sharing = page.locator("tr#c-2\\.2")
    assert "Partager en ligne" in sharing.inner_text() and "niveau 2 : 2" in sharing.inner_text()
    sharing.get_by_text("Pas encore au niveau visé : 3").click()  # opens the list
    assert sharing.get_by_role("link", name="Merle-0007").is_visible()
    snap(page, shots, "review-digcomp")

    photo = qr_png(hub_link(seal(progress_record(classroom.key), classroom.key), hub.base_url),
                   tmp_path / "qr.png")
    page.set_viewport_size({"width": 390, "height": 844})
    page.get_by_role("link", name="Lire un code QR").click()
    page.wait_for_url("**/review/passport")
    page.get_by_label("Photo du code QR").set_input_files(str(photo))
    page.get_by_role("button", name="Lire le code").click()
    page.get_by_text("Code valide").wait_for()
    assert page.get_by_role("heading", name="Tulipe-0412").is_visible()
    assert "Partager en ligne" in page.locator(".record").inner_text()
    snap(page, shots, "review-passport")
    context.close()
