"""The staff pages in French, Dutch and English, on a real hub over HTTP.

A staff member switches with the FR · NL · EN form and the choice stays with the account
(a new login elsewhere gets it back); before login the browser's Accept-Language
decides, French by default. Dates and numbers follow the language (Babel). The catalogues
(``kiosk/locale/<lang>/LC_MESSAGES/hub.po``) are complete, extracted from the current
source and compiled.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import httpx
import pytest
from babel.messages.catalog import Catalog
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po
from hub_kit import PASSWORDS, HubServer, form_csrf
from review_kit import HARD_SCENARIO, Classroom, seed_classroom
from sqlalchemy import select

from kiosk.hub.language import STAFF_LANGUAGES, from_accept_language, translations
from kiosk.hub.models import User

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "kiosk" / "locale"
TRANSLATED = [lang for lang in STAFF_LANGUAGES if lang != "fr"]
COMPILE_HINT = "compile the catalogues: make strings-compile (or pip install -e .)"


def shown(response: httpx.Response) -> str:
    """The page's text as a browser shows it (entities decoded, tags kept)."""
    return html.unescape(response.text)


def page_lang(response: httpx.Response) -> str:
    found = re.search(r'<html lang="([^"]+)">', response.text)
    assert found, response.text[:300]
    return found.group(1)


def switch(client: httpx.Client, language: str, back: str) -> httpx.Response:
    """The FR · NL · EN form, as the page posts it (the client sends the CSRF token)."""
    answer = client.post("/language", data={"language": language, "back": back})
    assert answer.status_code == 303, answer.text
    return answer


def account_language(hub: HubServer, username: str) -> str | None:
    with hub.app.state.sessionmaker() as session:
        return session.scalar(select(User.language).where(User.username == username))


def log_in(hub: HubServer, username: str, role: str, **headers: str) -> httpx.Client:
    """A fresh browser (no cookie) logging in through the form."""
    client = hub.client(headers=headers)
    answer = client.post("/login", data={"username": username, "password": PASSWORDS[role],
                                         "csrf_token": form_csrf(client)})
    assert answer.status_code == 303, answer.text
    client.headers["X-CSRF-Token"] = form_csrf(client)
    return client


@pytest.fixture
def classroom(hub: HubServer) -> Classroom:
    return seed_classroom(hub)


def test_an_animator_who_switches_to_dutch_keeps_dutch_in_her_account(hub: HubServer) -> None:
    anna = hub.login("anna", "animator")
    room = anna.get("/room")
    assert page_lang(room) == "fr" and "Ajouter un terminal" in shown(room)
    assert switch(anna, "nl", "/room").headers["location"] == "/room"
    room = anna.get("/room")
    assert page_lang(room) == "nl"
    for words in ("Zaal", "Terminal toevoegen", "Geluid aanzetten", "Verbinden met de hub…",
                  "Deze terminal wissen", "Annuleren", '"busy": "Bezig"', '"ar": "Arabisch"'):
        assert words in shown(room), words
    assert "Ajouter un terminal" not in shown(room)
    assert account_language(hub, "anna") == "nl"

    # another device, a French browser: the account's choice wins
    tablet = log_in(hub, "anna", "animator", **{"Accept-Language": "fr-BE,fr;q=0.9"})
    assert page_lang(tablet.get("/room")) == "nl"
    code = tablet.post("/room/enrol-codes")
    assert code.status_code == 303
    page = shown(tablet.get(code.headers["location"]))
    assert "Typ deze opdracht op de nieuwe terminal:" in page
    assert "gedurende <strong>15 minuten</strong>" in page
    # the room's refusals come in her language too (the page shows them in the tile)
    missing = tablet.post(f"/room/terminals/{'0' * 32}/wipe", headers={"Accept": "application/json"})
    assert missing.status_code == 404
    assert missing.json()["detail"] == "Deze terminal is hier niet ingeschreven."

    switch(tablet, "en", "/room")
    assert account_language(hub, "anna") == "en"
    assert "Add a terminal" in shown(anna.get("/room"))  # the first device follows the account


def test_a_trainer_reads_the_review_in_dutch_with_dutch_dates_and_numbers(
        hub: HubServer, classroom: Classroom) -> None:
    theo = hub.login("theo", "trainer")
    switch(theo, "nl", "/review")
    overview = shown(theo.get("/review"))
    for words in ("Logboek van de oefeningen", "Cursisten", "Laatste bezoek", "Oefeningen", "Afgewerkt",
                  "Exporteren", "Download het hele logboek voor Excel (CSV)", "(terminal: Borne accueil)"):
        assert words in overview, words
    assert re.search(r">23 nov 2026 \d\d:\d\d<", overview), "the last visits, as nl_BE writes them"

    learner = shown(theo.get(f"/review/learners/{classroom.key.epn_id}/Tulipe-0412"))
    for words in ("Tijdlijn", "Samengevat", "Gekregen hints", "Oproepen aan de begeleider",
                  "Maandag 23 november 2026, 09:00",  # Babel's nl_BE full date
                  "Taal: Frans", "hint: instructie herhaald", "Geoefende DigComp-competenties",
                  "Online delen", "2 sterren op 3"):
        assert words in learner, words
    assert "Chronologie" not in learner and "lundi" not in learner

    scenario = shown(theo.get(f"/review/scenarios/{HARD_SCENARIO}"))
    for words in ("Moeilijkste stap", "Wie het hier moeilijk had: 5 cursisten", "Hoe ver de pogingen komen",
                  "Mediane tijd", "Gemiddeld aantal sterren",
                  "Uw cv versturen", "Klik op Joindre un fichier."):  # the scenario's own Dutch words
        assert words in scenario, words
    assert re.search(r"\d,\d fouten en hints per poging", scenario), "a decimal comma in Dutch"

    digcomp = shown(theo.get("/review/digcomp"))
    assert "2. Communicatie en samenwerking" in digcomp
    assert "Informatie browsen, zoeken en filteren" in digcomp  # DigComp's own Dutch titles

    nothing = theo.get("/review/scenarios/nope", headers={"Accept": "text/html"})
    assert nothing.status_code == 404
    assert "Pagina niet gevonden" in shown(nothing) and "Geen oefening „nope” hier." in shown(nothing)

    switch(theo, "en", f"/review/learners/{classroom.key.epn_id}/Tulipe-0412")
    english = shown(theo.get(f"/review/learners/{classroom.key.epn_id}/Tulipe-0412"))
    for words in ("Monday, 23 November 2026, 09:00", "Timeline", "Language: French"):
        assert words in english, words
    assert re.search(r"\d\.\d errors and hints per attempt",
                     shown(theo.get(f"/review/scenarios/{HARD_SCENARIO}"))), "a decimal point in English"


def test_before_login_the_browser_language_decides(hub: HubServer) -> None:
    cases = {"nl-BE,nl;q=0.9,fr;q=0.8": ("nl", "Gebruikersnaam", "Wachtwoord"),
             "de-DE,de;q=0.9,en;q=0.5": ("en", "Username", "Password"),
             "fr;q=0.3, nl;q=0.9": ("nl", "Gebruikersnaam", "Aanmelden"),
             "de": ("fr", "Nom d'utilisateur", "Mot de passe"),
             "": ("fr", "Nom d'utilisateur", "Se connecter")}
    for header, (lang, *words) in cases.items():
        with hub.client(headers={"Accept-Language": header} if header else {}) as browser:
            login = browser.get("/login")
            assert page_lang(login) == lang, header
            assert all(w in shown(login) for w in words), (header, words)
    hub.add_user("tina", "trainer")
    with hub.client(headers={"Accept-Language": "nl-BE,nl"}) as browser:
        wrong = browser.post("/login", data={"username": "tina", "password": "not-her-password",
                                             "csrf_token": form_csrf(browser)})
        assert wrong.status_code == 401 and "Gebruikersnaam of wachtwoord onjuist." in shown(wrong)


def test_a_choice_made_on_the_login_page_stays_after_login(hub: HubServer) -> None:
    hub.add_user("bob", "animator")
    with hub.client(headers={"Accept-Language": "fr-BE"}) as browser:
        browser.headers["X-CSRF-Token"] = form_csrf(browser)
        back = switch(browser, "en", "/login?next=%2Froom")
        assert back.headers["location"] == "/login?next=%2Froom"
        assert "Username" in shown(browser.get("/login"))
        answer = browser.post("/login", data={"username": "bob", "password": PASSWORDS["animator"],
                                              "csrf_token": form_csrf(browser), "next": "/room"})
        assert answer.status_code == 303
        browser.headers["X-CSRF-Token"] = form_csrf(browser)  # a login makes a new token
        assert page_lang(browser.get("/room")) == "en"
        assert account_language(hub, "bob") is None  # not chosen while logged in: the account has none
        # an unknown language is French; the way back stays on this hub
        assert switch(browser, "xx", "//elsewhere.example").headers["location"] == "/"
        assert page_lang(browser.get("/room")) == "fr" and account_language(hub, "bob") == "fr"


def test_accept_language_reading() -> None:
    assert from_accept_language("nl-BE") == "nl"
    assert from_accept_language("en-US,en;q=0.9") == "en"
    assert from_accept_language("de;q=1, en;q=0") is None  # q=0 means "not this one"
    assert from_accept_language("*") is None
    assert from_accept_language("fr;q=abc, nl") == "nl"
    assert from_accept_language(None) is None


# -- the catalogues ----------------------------------------------------------------------------


def read_catalogue(path: Path) -> Catalog:
    with path.open("rb") as f:
        return read_po(f)


def test_hub_pot_is_up_to_date(tmp_path: Path) -> None:
    pot = tmp_path / "hub.pot"
    # the same command as `make strings-extract` (README, "Translating the hub")
    CommandLineInterface().run([
        "pybabel", "-q", "extract", "-F", str(ROOT / "kiosk" / "hub" / "babel.cfg"),
        "--add-comments=TRANSLATORS:", "--no-location", "-o", str(pot), str(ROOT)])
    extracted = {m.id for m in read_catalogue(pot) if m.id}
    assert len(extracted) > 250
    assert {m.id for m in read_catalogue(LOCALE / "hub.pot") if m.id} == extracted, (
        "kiosk/locale/hub.pot is out of date: run make strings (README, 'Translating the hub')")


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_hub_message_is_translated(lang: str) -> None:
    path = LOCALE / lang / "LC_MESSAGES" / "hub.po"
    catalogue = read_catalogue(path)
    template = {m.id for m in read_catalogue(LOCALE / "hub.pot") if m.id}
    problems = []
    for message in catalogue:
        if not message.id:
            continue
        texts = message.string if isinstance(message.string, tuple) else (message.string,)
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        if message.fuzzy:
            problems.append(f"{ids[0]!r}: marked fuzzy — check the translation, then remove the flag")
        elif not all((text or "").strip() for text in texts):
            problems.append(f"{ids[0]!r}: not translated")
        elif any(placeholders(ids[min(i, len(ids) - 1)]) != placeholders(text)
                 for i, text in enumerate(texts)):
            problems.append(f"{ids[0]!r}: the translation lost or added a placeholder or tag")
    missing = template - {m.id for m in catalogue if m.id}
    problems += [f"{m!r}: missing (run make strings)" for m in sorted(map(str, missing))]
    assert not problems, f"{path.relative_to(ROOT)}:\n" + "\n".join(problems)


def placeholders(text: str) -> list[str]:
    return sorted(re.findall(r"%\(\w+\)[sd]|\{\w+\}|</?\w+[^>]*>", text))


@pytest.mark.parametrize("lang", TRANSLATED)
def test_compiled_hub_catalogue_gives_the_po_text(lang: str) -> None:
    """The pages read the .mo: it must exist and match the .po (a stale .mo fails too)."""
    mo = LOCALE / lang / "LC_MESSAGES" / "hub.mo"
    assert mo.is_file(), f"{mo.relative_to(ROOT)} is missing: {COMPILE_HINT}"
    words = translations(lang)
    stale = []
    for message in read_catalogue(mo.with_suffix(".po")):
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            got = tuple(words.ngettext(message.id[0], message.id[1], n) for n in (1, 2))
        else:
            got = words.gettext(message.id)
        if got != message.string:
            stale.append(message.id)
    assert not stale, f"{mo.relative_to(ROOT)} differs from its .po for {stale[:5]}: {COMPILE_HINT}"


def test_french_is_the_source_with_french_plurals() -> None:
    french = translations("fr")
    assert french.gettext("Salle") == "Salle"
    assert [french.ngettext("%(count)s essai", "%(count)s essais", n) for n in (0, 1, 2)] == [
        "%(count)s essai", "%(count)s essai", "%(count)s essais"]
    assert translations("nl").ngettext("%(count)s essai", "%(count)s essais", 0) == "%(count)s pogingen"
