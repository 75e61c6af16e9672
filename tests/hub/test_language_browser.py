"""The staff pages in Dutch and English in a real browser (headless Chromium, Playwright).

A Dutch-speaking animator's browser asks for Dutch: the login page and the live room
come in Dutch, the words room.js writes too (the tiles, the summary, a help call); she
tries the EN switch and comes back to NL, which her account keeps. An English-speaking
trainer reads a learner's timeline and an exercise's funnel in English. Screenshots on a
phone (390×844) and a tablet (1024×768) — and a desktop for the review — go to
``$KIOSK_TEST_SHOTS`` (else the test's temporary folder); no page may scroll sideways.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("playwright", reason="the dev extra (playwright) is not installed")

from hub_kit import PASSWORDS, HubServer  # noqa: E402
from playwright.sync_api import expect  # noqa: E402
from review_kit import HARD_SCENARIO, seed_classroom  # noqa: E402
from room_kit import PHONE, TABLET, Kiosks, kiosk_status, no_sideways_scroll, wait_for  # noqa: E402
from sqlalchemy import select  # noqa: E402
from test_review_browser import shots, snap  # noqa: E402, F401 (fixture)
from test_room_browser import browser, kiosks  # noqa: E402, F401 (fixtures)

from kiosk.hub.models import User  # noqa: E402


def test_a_dutch_speaking_animator_gets_the_room_in_dutch(
        hub: HubServer, browser: Any, kiosks: Kiosks, shots: Path) -> None:  # noqa: F811
    calling = kiosks("Terminal 1").start(kiosk_status(help=True, help_reason="impression"))
    free = kiosks("Terminal 2").start(kiosk_status(in_use=False))
    wait_for(lambda: calling.got() and free.got(), 10, "both kiosks' first answers")
    hub.add_user("anna", "animator")
    context = browser.new_context(viewport=PHONE, locale="nl-BE", has_touch=True, is_mobile=True,
                                  timezone_id="Europe/Brussels")
    page = context.new_page()
    page.set_default_timeout(10_000)

    page.goto(hub.base_url + "/room")
    assert "/login" in page.url
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.get_by_role("heading", name="Aanmelden")).to_be_visible()
    page.screenshot(path=str(shots / "login-nl-phone.png"), full_page=True)
    page.get_by_label("Gebruikersnaam").fill("anna")
    page.get_by_label("Wachtwoord").fill(PASSWORDS["animator"])
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_url("**/room")

    one, two = page.locator(f"#tile-{calling.terminal_id}"), page.locator(f"#tile-{free.terminal_id}")
    expect(page.locator("#room-link")).to_have_text("Live")
    expect(page.locator("#room-summary")).to_have_text(re.compile(r"^2\sterminals · 1\sbezig · 1\svrij$"))
    expect(one.locator(".help-word")).to_have_text("HULP")
    expect(one.locator(".help-reason")).to_have_text("· afdrukken")
    expect(one.locator(".help-since")).to_have_text(re.compile(r"^al \d+ s$"))
    expect(page.locator("#help-banner")).to_have_text("Hulp gevraagd: Terminal 1")
    expect(one.get_by_role("button", name="Ik kom")).to_be_visible()
    expect(two.locator(".state-text")).to_have_text("Vrij")
    expect(one.locator(".tile-brief")).to_contain_text("stap 3/6")
    one.get_by_role("button", name="Details").click()
    expect(one.locator(".fact-language dd")).to_have_text("Arabisch")
    expect(one.locator(".tile-facts")).to_contain_text("Fouten")
    no_sideways_scroll(page, "the room in Dutch on a phone")
    page.screenshot(path=str(shots / "room-nl-phone.png"), full_page=True)
    page.set_viewport_size(TABLET)
    page.screenshot(path=str(shots / "room-nl-tablet.png"), full_page=True)

    # the switch: English, then back to Dutch; the account keeps the last choice
    page.get_by_role("button", name="English").click()
    page.wait_for_url("**/room")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("#room-summary")).to_have_text(re.compile(r"^2\sterminals · 1\sin\suse · 1\sfree$"))
    expect(one.locator(".help-word")).to_have_text("HELP")
    expect(page.get_by_role("button", name="I'm coming")).to_be_visible()
    expect(page.get_by_role("button", name="English")).to_have_attribute("aria-pressed", "true")
    page.screenshot(path=str(shots / "room-en-tablet.png"), full_page=True)
    page.set_viewport_size(PHONE)
    page.screenshot(path=str(shots / "room-en-phone.png"), full_page=True)
    page.get_by_role("button", name="Nederlands").click()
    page.wait_for_url("**/room")
    expect(page.get_by_role("button", name="Terminal toevoegen")).to_be_visible()
    with hub.app.state.sessionmaker() as session:
        assert session.scalar(select(User.language).where(User.username == "anna")) == "nl"

    # the switch's buttons are a thumb's size
    for button in page.locator("form.languages button").all():
        box = button.bounding_box()
        assert box is not None and box["height"] >= 44 and box["width"] >= 44, box
    context.close()


def test_an_english_speaking_trainer_reads_the_review_in_english(
        hub: HubServer, browser: Any, shots: Path) -> None:  # noqa: F811
    classroom = seed_classroom(hub)
    hub.add_user("theo", "trainer")
    context = browser.new_context(viewport=PHONE, locale="en-GB", timezone_id="Europe/Brussels")
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(hub.base_url + "/review")
    page.get_by_label("Username").fill("theo")
    page.get_by_label("Password").fill(PASSWORDS["trainer"])
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/review")
    expect(page.get_by_role("heading", name="Exercise log")).to_be_visible()
    snap(page, shots, "review-en-overview")

    page.goto(f"{hub.base_url}/review/learners/{classroom.key.epn_id}/Tulipe-0412")
    expect(page.get_by_role("heading", name="Timeline")).to_be_visible()
    first_session = page.locator("article.session h3").first
    expect(first_session).to_have_text(re.compile(r"^Monday, 23 November 2026, 09:00 – 09:0\d$"))
    snap(page, shots, "review-en-learner")

    page.goto(f"{hub.base_url}/review/scenarios/{HARD_SCENARIO}")
    expect(page.get_by_role("heading", name="Hardest step")).to_be_visible()
    expect(page.locator(".hardest-callout")).to_contain_text("Who struggled here: 5 learners")
    snap(page, shots, "review-en-scenario")

    page.get_by_role("button", name="Nederlands").click()  # the switch on a review page
    page.wait_for_url(f"**/review/scenarios/{HARD_SCENARIO}")
    expect(page.get_by_role("heading", name="Moeilijkste stap")).to_be_visible()
    snap(page, shots, "review-nl-scenario")
    context.close()
