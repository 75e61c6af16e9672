"""A network coordinator in a real browser (headless Chromium, Playwright) on a real hub.

She logs in from the login form and lands on "Réseau des EPN", narrows it to one EPN and
to the second week, and downloads the help calls for Excel. Screenshots of the page on a
phone (390×844), a tablet (1024×768) and a desktop (1440×900) go to ``$KIOSK_TEST_SHOTS``
(else the test's temporary folder); the page must not scroll sideways at any of them,
and no pseudonym may show.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hub_kit import PASSWORDS, HubServer
from network_kit import EPN_B, PSEUDONYMS, seed_network
from test_review_browser import CHROMIUM, browser, shots, snap

__all__ = ["browser", "shots"]  # fixtures shared with the trainers' browser test

playwright_api = pytest.importorskip("playwright.sync_api")

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(),
                                reason="needs /usr/bin/chromium (apt-get install chromium)")


def test_coordinator_filters_the_network_and_downloads_a_table(hub: HubServer, browser: object, shots: Path,
                                                               tmp_path: Path) -> None:
    with hub.app.state.sessionmaker() as session:
        seed_network(session)
    hub.add_user("cora", "coordinator")
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="fr-BE",  # type: ignore[attr-defined]
                                  timezone_id="Europe/Brussels", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(10_000)

    page.goto(hub.base_url + "/")
    page.get_by_label("Nom d'utilisateur").fill("cora")
    page.get_by_label("Mot de passe").fill(PASSWORDS["coordinator"])
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/network")
    assert page.get_by_role("heading", name="Réseau des EPN").is_visible()

    page.get_by_label("Du", exact=True).fill("2026-11-23")
    page.get_by_label("Au", exact=True).fill("2026-12-06")
    page.get_by_role("button", name="Afficher").click()
    page.wait_for_url("**/network?*since=2026-11-23*")
    assert page.get_by_role("heading", name="Séances par semaine").is_visible()
    assert "Envoyer son CV" in page.locator("table.exercises").first.inner_text()
    help_text = page.locator("table.help").inner_text()
    assert "Tout le réseau" in help_text and "1 min 30 s" in help_text
    body = page.content()
    assert not any(p in body for p in PSEUDONYMS)
    snap(page, shots, "network-all")

    page.get_by_label("EPN", exact=True).select_option(EPN_B)
    page.get_by_role("button", name="Afficher").click()
    page.wait_for_url(f"**/network?*epn={EPN_B}*")
    assert "Borne Ciney" not in page.locator("table.sessions").inner_text()
    assert "Borne Dinant" in page.locator("table.sessions").inner_text()
    snap(page, shots, "network-epn")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Télécharger les appels pour Excel (CSV)").click()
    download = download_info.value
    assert download.suggested_filename == f"reseau-appels-aide-2026-11-23-2026-12-06-{EPN_B}.csv"
    saved = tmp_path / download.suggested_filename
    download.save_as(str(saved))
    lines = saved.read_text(encoding="utf-8-sig").splitlines()
    assert lines == ["EPN;nom de l'EPN;appels;pris en charge (J'arrive);pris en charge en 60 s au plus;"
                     "attente moyenne (s);attente la plus longue (s)",
                     f"{EPN_B};R4VD8NQT (borne : Borne Dinant);1;1;1;20;20"]
    context.close()
