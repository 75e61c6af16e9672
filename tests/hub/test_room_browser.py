"""The room page in a real browser: an animator sees the terminals, a help call, and answers it.

Real parts: the hub is uvicorn on 127.0.0.1 serving the real app; each terminal is
enrolled with ``kiosk.sync.client.enrol`` and talks through the kiosk's own ``RoomLink``
(its real 2 s heartbeat); the animator uses Debian's Chromium, headless, driven by
Playwright, logged in through the login form. Screenshots (phone 390×844, tablet
1024×768) go to ``$ROOM_SHOTS`` when it is set, else to the test's tmp folder.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

pytest.importorskip("playwright", reason="the dev extra (playwright) is not installed")

from hub_kit import XAPI_HEADERS, HubServer  # noqa: E402
from playwright.sync_api import expect, sync_playwright  # noqa: E402
from room_kit import (  # noqa: E402
    PHONE,
    TABLET,
    Kiosk,
    Kiosks,
    animator_page,
    enrol_kiosk,
    kiosk_status,
    launch_chromium,
    wait_for,
)

from kiosk.sync.client import EnrolError  # noqa: E402

#: The protocol's promise: a help call is on the animator's screen within 2 s.
HELP_SHOWN_WITHIN_S = 2.0


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def open_page(hub: HubServer, browser: Any) -> Iterator[Callable[..., Any]]:
    """Logged-in pages; closed before the hub stops (their event streams end with them)."""
    pages: list[Any] = []

    def make(username: str, role: str = "animator", viewport: dict[str, int] | None = None,
             path: str = "/room") -> Any:
        pages.append(animator_page(browser, hub, username, role, viewport, path))
        return pages[-1]

    yield make
    for page in pages:
        page.context.close()


@pytest.fixture
def kiosks(hub: HubServer, tmp_path: Path) -> Iterator[Kiosks]:
    made = Kiosks(hub, tmp_path)
    yield made
    made.stop()


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("ROOM_SHOTS") or tmp_path / "shots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def tile(page: Any, kiosk: Kiosk) -> Any:
    return page.locator(f"#tile-{kiosk.terminal_id}")


def test_a_help_call_reaches_the_animators_who_answer_and_wipe(
        open_page: Callable[..., Any], kiosks: Kiosks, shots: Path) -> None:
    one = kiosks("Terminal 1").start(kiosk_status())
    two = kiosks("Terminal 2").start(kiosk_status(in_use=False))
    wait_for(lambda: one.got() and two.got(), 10, "both kiosks' first answers")
    tablet = open_page("anna", viewport=TABLET)
    phone = open_page("bob", viewport=PHONE)

    for page in (tablet, phone):
        expect(page.locator(".tile")).to_have_count(2)
        expect(page.locator("#room-link")).to_have_text("En direct")
    expect(tile(tablet, one)).to_contain_text("En cours")
    for fact in ("arabe", "Répondre à un e-mail", "3 / 6", "41 s"):
        expect(tile(tablet, one)).to_contain_text(fact)
    expect(tile(tablet, one).locator(".fact-errors dd")).to_have_text("3")
    expect(tile(tablet, one).locator(".fact-hints dd")).to_have_text("1")
    expect(tile(tablet, two)).to_contain_text("Libre")
    summary = re.compile(r"^2\sterminaux · 1\sen\scours · 1\slibre$")  # parts never break on a phone
    expect(tablet.locator("#room-summary")).to_have_text(summary)
    sound = tablet.get_by_role("button", name="Activer le son")
    sound.click()
    expect(tablet.locator("#sound-toggle")).to_have_attribute("aria-pressed", "true")
    expect(tablet.locator("#sound-toggle")).to_have_text("Son activé")

    two.stop()  # terminal 2 falls silent (unplugged): it must turn offline meanwhile
    silent_since = time.monotonic()

    asked = time.monotonic()
    one.update(kiosk_status(help=True, help_reason="impression"))  # "Imprimer" on its passport
    for page in (tablet, phone):
        page.wait_for_selector(f"#tile-{one.terminal_id}.is-help", timeout=10_000)
        shown_after = time.monotonic() - asked
        assert shown_after <= HELP_SHOWN_WITHIN_S, f"the help call took {shown_after:.2f} s to show"
    for page in (tablet, phone):
        expect(tile(page, one).locator(".help-word")).to_have_text("AIDE")
        expect(tile(page, one).locator(".help-reason")).to_have_text("· impression")
        expect(page.locator("#help-banner")).to_have_text("Aide demandée : Terminal 1")
        expect(tile(page, one).get_by_role("button", name="J'arrive")).to_be_visible()
        assert page.title().startswith("(1) AIDE")
    tablet.wait_for_function("Number(document.body.dataset.chimes || 0) >= 1", timeout=5000)
    assert phone.evaluate("document.body.dataset.chimes") is None  # its sound was never switched on
    tablet.screenshot(path=str(shots / "room-tablet-help.png"), full_page=True)
    phone.screenshot(path=str(shots / "room-phone-help.png"), full_page=True)

    tile(tablet, one).get_by_role("button", name="J'arrive").click()
    wait_for(lambda: any(a.get("help") == "coming" for a in one.got()), 5, "the kiosk to hear 'coming'")
    for page in (tablet, phone):
        expect(tile(page, one).locator(".tile-coming")).to_have_text("anna arrive")
        expect(tile(page, one)).not_to_have_class(re.compile(r"\bis-help\b"))
        expect(page.locator("#help-banner")).to_be_hidden()
        expect(tile(page, one).get_by_role("button", name="J'arrive")).to_be_hidden()
    phone.screenshot(path=str(shots / "room-phone-coming.png"), full_page=True)

    # wiping asks first; "Annuler" keeps the session
    tile(tablet, one).get_by_role("button", name="Effacer ce terminal").click()
    confirm = tile(tablet, one).locator(".tile-confirm")
    expect(confirm).to_contain_text("Effacer Terminal 1 ?")
    tablet.wait_for_timeout(2500)  # an event or two arrive: the question must stay up
    expect(confirm).to_be_visible()
    tile(tablet, one).get_by_role("button", name="Annuler").click()
    expect(confirm).to_be_hidden()
    assert not any(a.get("wipe") for a in one.got())
    tile(tablet, one).get_by_role("button", name="Effacer ce terminal").click()
    tile(tablet, one).get_by_role("button", name="Oui, effacer").click()
    wait_for(lambda: any(a.get("wipe") for a in one.got()), 5, "the kiosk to be told to wipe")
    # the kiosk ends the session as HubPresence does, and keeps talking
    one.update(kiosk_status(in_use=False))
    wipes_before = len(one.got())
    wait_for(lambda: len(one.got()) >= wipes_before + 1, 5, "one more answer")
    one.update(kiosk_status(in_use=False, help=False) | {"screen": "languages"})
    wait_for(lambda: len(one.got()) >= wipes_before + 2, 5, "another answer")
    assert sum(1 for a in one.got() if a.get("wipe")) == 1
    expect(tile(tablet, one)).to_contain_text("Terminal effacé")
    expect(tile(tablet, one)).to_contain_text("Libre")

    expect(tile(tablet, two)).to_have_attribute("data-state", "offline", timeout=12_000)
    offline_after = time.monotonic() - silent_since
    assert 6 <= offline_after <= 6 + 2 + 2.5, offline_after
    expect(tile(tablet, two)).to_contain_text("Hors ligne")
    expect(tile(tablet, two)).to_contain_text("Plus de nouvelles depuis")
    expect(tile(phone, two)).to_contain_text("Hors ligne")
    tablet.screenshot(path=str(shots / "room-tablet-after.png"), full_page=True)
    phone.screenshot(path=str(shots / "room-phone-after.png"), full_page=True)


def test_adding_a_terminal_shows_a_code_the_kiosk_enrols_with(
        hub: HubServer, open_page: Callable[..., Any], tmp_path: Path, shots: Path) -> None:
    page = open_page("anna", viewport=PHONE)
    expect(page.locator("#no-terminal")).to_be_visible()
    page.get_by_role("button", name="Ajouter un terminal").click()
    code = page.locator("#enrol-code").inner_text()
    assert len(code) == 8
    expect(page.locator("#enrol-command")).to_have_text(f"kiosk enrol {code}")
    expect(page.locator("main")).to_contain_text("une seule fois")
    page.screenshot(path=str(shots / "room-phone-code.png"), full_page=True)

    credentials = enrol_kiosk(hub, tmp_path / "kiosk", "Salle du fond", code=code)
    with pytest.raises(EnrolError):
        enrol_kiosk(hub, tmp_path / "other", "Une autre", code=code)
    page.get_by_role("link", name="Retour à la salle").click()
    new_tile = page.locator(f"#tile-{credentials.terminal_id}")
    expect(new_tile).to_contain_text("Salle du fond")
    expect(new_tile).to_contain_text("Pas encore connecté")
    expect(page.locator("#no-terminal")).to_be_hidden()


def test_a_trainer_is_refused_the_room(hub: HubServer, open_page: Callable[..., Any]) -> None:
    page = open_page("theo", role="trainer", path="/")
    response = page.goto(f"{hub.base_url}/room")
    assert response is not None and response.status == 403
    expect(page.locator("h1")).to_have_text("Accès refusé")
    expect(page.locator(".tile")).to_have_count(0)


def ids_in_order(page: Any) -> list[str]:
    return page.eval_on_selector_all("#tiles > .tile", "els => els.map(e => e.dataset.id)")


def small_buttons(page: Any) -> list[str]:
    """Visible buttons on the page smaller than a 44 px touch target."""
    return page.eval_on_selector_all("button", """els => els
        .filter(e => e.getClientRects().length)
        .map(e => [e.textContent.trim() || e.getAttribute('aria-label'), e.getBoundingClientRect()])
        .filter(([, r]) => r.width < 44 || r.height < 44)
        .map(([name, r]) => name + ' ' + Math.round(r.width) + 'x' + Math.round(r.height))""")


def test_ten_terminals_who_needs_someone_comes_first_and_fits_a_phone(
        hub: HubServer, open_page: Callable[..., Any], kiosks: Kiosks, tmp_path: Path, shots: Path) -> None:
    statuses = {
        "Terminal 1": kiosk_status(in_use=False),
        "Terminal 2": kiosk_status(),
        "Terminal 3": kiosk_status(help=True, scenario_id="mouse.click", language="fr", step_seconds=12),
        "Terminal 4": kiosk_status(scenario_id="eadmin.appointment", language="tr", step_index=3,
                                   step_seconds=960, errors=4, hints=0),  # 16 min on one step
        "Terminal 5": kiosk_status(scenario_id="identity.login", language="uk", errors=0, hints=0),
        "Terminal 6": kiosk_status(in_use=False),
        "Terminal 7": kiosk_status(scenario_id="mouse.drag", language="nl", step_index=0, errors=1),
        "Terminal 8": kiosk_status(scenario_id="keyboard.words", language="fr", step_index=4, hints=2),
        "Terminal 10": kiosk_status(in_use=False),
    }
    made = {label: kiosks(label).start(status) for label, status in statuses.items()}
    gone = enrol_kiosk(hub, tmp_path / "gone", "Terminal 9")  # enrolled, never came back
    wait_for(lambda: all(k.got() for k in made.values()), 15, "every kiosk's first answer")
    phone = open_page("anna", viewport=PHONE)
    tablet = open_page("bob", viewport=TABLET)

    expected = [made[f"Terminal {n}"].terminal_id for n in (3, 4, 2, 5, 7, 8, 1, 6, 10)]
    expected.append(gone.terminal_id)
    stuck = made["Terminal 4"]
    for page in (phone, tablet):
        expect(page.locator(".tile")).to_have_count(10)
        expect(page.locator("#room-link")).to_have_text("En direct")
        assert ids_in_order(page) == expected  # calls, stuck, busy, free, offline
        expect(page.locator("#room-summary")).to_have_text(re.compile(
            r"^10\sterminaux · 5\sen\scours · 1\speut\u2011être\sbloqué · 3\slibres · 1\shors\sligne$"))
        expect(tile(page, stuck)).to_have_attribute("data-state", "stuck")
        expect(tile(page, stuck).locator(".tile-state")).to_have_text("Peut-être bloqué")
        expect(tile(page, stuck).locator(".tile-state use")).to_have_attribute("href", "#pic-stuck")
        expect(tile(page, made["Terminal 2"]).locator(".tile-state")).to_have_text("En cours")
    why = "16 min 00 s sur cette étape · 4 erreurs, 0 indice"
    expect(tile(tablet, stuck).locator(".tile-stuck")).to_have_text(why)
    expect(tile(tablet, stuck).locator(".tile-facts")).to_be_visible()
    brief = "16 min sur l'étape 4/6 · 4 erreurs, 0 indice"  # a phone's one line, shorter
    expect(tile(phone, stuck).locator(".tile-brief")).to_have_text(brief)
    expect(tile(phone, stuck).locator(".tile-facts")).to_be_hidden()
    expect(tile(phone, made["Terminal 3"]).get_by_role("button", name="J'arrive")).to_be_visible()

    # a phone shows 8 terminals in one screen, and every button stays a thumb's size
    phone.screenshot(path=str(shots / "room-phone-ten.png"))
    phone.screenshot(path=str(shots / "room-phone-ten-full.png"), full_page=True)
    tablet.screenshot(path=str(shots / "room-tablet-ten.png"), full_page=True)
    eighth = phone.locator("#tiles > .tile").nth(7).bounding_box()
    assert eighth is not None and eighth["y"] + eighth["height"] <= PHONE["height"], eighth
    assert small_buttons(phone) == []
    assert small_buttons(tablet) == []

    more = tile(phone, stuck).get_by_role("button", name="Détails")
    more.click()
    expect(tile(phone, stuck).locator(".tile-facts")).to_be_visible()
    expect(tile(phone, stuck).locator(".tile-stuck")).to_be_visible()
    expect(tile(phone, stuck).get_by_role("button", name="Effacer ce terminal")).to_be_visible()
    expect(tile(phone, stuck).locator(".tile-more")).to_have_attribute("aria-expanded", "true")
    phone.wait_for_timeout(2500)  # an event or two arrive: the tile stays open
    expect(tile(phone, stuck).locator(".tile-facts")).to_be_visible()
    phone.screenshot(path=str(shots / "room-phone-ten-open.png"))

    made["Terminal 4"].update(kiosk_status(scenario_id="eadmin.appointment", step_index=4, step_seconds=3,
                                           errors=4, hints=0))  # the learner found the way
    expect(tile(tablet, stuck)).to_have_attribute("data-state", "busy")
    assert ids_in_order(tablet)[:3] == [made["Terminal 3"].terminal_id, made["Terminal 2"].terminal_id,
                                        stuck.terminal_id]


def test_a_stale_call_is_cleared_and_a_dead_terminal_removed(
        hub: HubServer, open_page: Callable[..., Any], kiosks: Kiosks, shots: Path) -> None:
    calling = kiosks("Terminal 1").start(kiosk_status(help=True))
    dead = kiosks("Terminal 2").start(kiosk_status(in_use=False))
    alive = kiosks("Terminal 3").start(kiosk_status())
    wait_for(lambda: calling.got() and dead.got() and alive.got(), 10, "the kiosks' first answers")
    phone = open_page("anna", viewport=PHONE)
    tablet = open_page("bob", viewport=TABLET)
    expect(phone.locator("#help-banner")).to_have_text("Aide demandée : Terminal 1")
    calling.stop()  # unplugged while calling: nobody is left to close the call
    dead.stop()
    for page in (phone, tablet):
        expect(tile(page, calling)).to_have_attribute("data-state", "offline", timeout=12_000)
        expect(tile(page, dead)).to_have_attribute("data-state", "offline", timeout=5_000)
    expect(tile(phone, calling)).to_have_class(re.compile(r"\bis-help\b"))  # still a call: shown, not dropped
    expect(tile(phone, calling).get_by_role("button", name="J'arrive")).to_be_hidden()
    tablet.screenshot(path=str(shots / "room-tablet-stale.png"), full_page=True)

    tile(phone, calling).get_by_role("button", name="Détails").click()
    tile(phone, calling).get_by_role("button", name="Effacer l'appel").click()
    expect(tile(phone, calling).locator(".tile-confirm")).to_contain_text("Effacer l'appel de Terminal 1 ?")
    phone.screenshot(path=str(shots / "room-phone-clear-call.png"))
    tile(phone, calling).get_by_role("button", name="Oui, effacer l'appel").click()
    for page in (phone, tablet):
        expect(tile(page, calling)).not_to_have_class(re.compile(r"\bis-help\b"))
        expect(page.locator("#help-banner")).to_be_hidden()
        assert not page.title().startswith("(")

    remove = tile(tablet, dead).get_by_role("button", name="Retirer ce terminal")
    expect(tile(tablet, alive).get_by_role("button", name="Retirer ce terminal")).to_be_hidden()  # online
    remove.click()
    confirm = tile(tablet, dead).locator(".tile-confirm")
    expect(confirm).to_contain_text("Retirer Terminal 2 de la salle ?")
    tablet.screenshot(path=str(shots / "room-tablet-remove.png"), full_page=True)
    tile(tablet, dead).get_by_role("button", name="Annuler").click()
    expect(confirm).to_be_hidden()
    expect(tile(phone, dead)).to_be_visible()
    remove.click()
    tile(tablet, dead).get_by_role("button", name="Oui, retirer").click()
    for page in (tablet, phone):
        expect(tile(page, dead)).to_have_count(0)
        expect(page.locator(".tile")).to_have_count(2)
    token = {"Authorization": f"Bearer {dead.credentials.token}"}
    with httpx.Client(base_url=hub.base_url) as client:
        status = client.post("/api/terminals/status", json={"in_use": False, "seq": 99}, headers=token)
        assert status.status_code == 401
        statements = client.post("/xAPI/statements", json=[], headers=token | XAPI_HEADERS)
        assert statements.status_code == 401
    expect(tile(tablet, alive)).to_have_attribute("data-state", "busy")
