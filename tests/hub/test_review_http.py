"""The review pages over HTTP, on a real uvicorn server: what a trainer gets and who may.

A Monday-morning class practised at an enrolled terminal of one EPN; the trainer reads
the pages, downloads the CSV and reads learners' QR codes (pasted, photographed, or
opened from the link a kiosk puts in them). Forged, foreign and expired codes are
refused in plain words, and nothing is stored by reading one.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import shutil
from datetime import date, timedelta
from pathlib import Path

import httpx
import pytest
from hub_kit import PASSWORDS, HubServer, form_csrf, make_settings, running_hub
from review_kit import (
    HARD_SCENARIO,
    Classroom,
    enrol_with_key,
    forged,
    new_key,
    photo_without_qr,
    post_statements,
    progress_record,
    qr_png,
    seed_classroom,
)
from sqlalchemy import func, select

from kiosk.config import BUNDLED_SCENARIOS
from kiosk.export.sealed import hub_link, seal
from kiosk.hub.models import Statement
from kiosk.sync import xapi

HTML = {"Accept": "text/html"}


@pytest.fixture
def classroom(hub: HubServer) -> Classroom:
    return seed_classroom(hub)


def shown(response: httpx.Response) -> str:
    """The page's text as a browser shows it (entities such as &#39; decoded)."""
    return html.unescape(response.text)


def statement_count(hub: HubServer) -> int:
    with hub.app.state.sessionmaker() as session:
        return int(session.scalar(select(func.count()).select_from(Statement)) or 0)


def test_pages_show_the_class_in_the_trainers_words(hub: HubServer, classroom: Classroom,
                                                     trainer: httpx.Client) -> None:
    home = trainer.get("/review")
    assert home.status_code == 200
    assert "Tulipe-0412" in shown(home) and "Envoyer son CV" in shown(home) and "Borne accueil" in shown(home)
    page = trainer.get(f"/review/scenarios/{HARD_SCENARIO}")
    assert page.status_code == 200
    callout = shown(page).split('class="hardest-callout"')[1].split("</section>")[0]
    assert "Étape 3" in callout and "« Cliquez sur Joindre un fichier. »" in callout
    assert "le plus d'erreurs + d'aides" in callout  # the page says what "hardest" means
    assert page.text.count('class="chart-row hardest"') == 3  # marked on each of the three charts
    assert "<svg" in shown(page) and "cdn" not in shown(page).lower()
    learner = trainer.get(f"/review/learners/{classroom.key.epn_id}/Tulipe-0412")
    assert learner.status_code == 200
    for words in ("Tulipe-0412", classroom.key.epn_id, "ce n'est pas le nom", "J'ai besoin d'aide",
                  "<strong>Cliquer</strong>", "« Cliquez sur Joindre un fichier. »", "aide : endroit montré",
                  "★★☆"):
        assert words in shown(learner), words
    unknown = trainer.get(f"/review/learners/{classroom.key.epn_id}/Saule-9999", headers=HTML)
    assert unknown.status_code == 404 and "Saule-9999" in shown(unknown)
    digcomp = trainer.get("/review/digcomp")
    assert "Partager en ligne" in shown(digcomp) and "Gérer des données et des fichiers" in shown(digcomp)


def test_csv_has_one_row_per_statement_and_no_formulas(hub: HubServer, classroom: Classroom,
                                                       trainer: httpx.Client) -> None:
    # A terminal named like a formula sends a statement (a pseudonym like one is refused
    # before it is stored: test_xapi_api.py).
    key = new_key()
    sly, token = enrol_with_key(hub, key, '=HYPERLINK("http://evil.example","clic")')
    learner = xapi.Learner(origin_epn=key.epn_id, pseudonym="Tulipe-7001")
    at = xapi.parse_timestamp("2026-11-24T09:00:00Z")
    assert at is not None
    post_statements(hub, token, [xapi.build_session("initialized", learner=learner, session_id="b" * 32,
                                                    terminal_id=sly, language="fr", at=at)])
    answer = trainer.get("/review/export.csv", params={"sep": "semicolon"})
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "text/csv; charset=utf-8"
    disposition = answer.headers["content-disposition"]
    assert disposition.startswith('attachment; filename="journal-epn-') and disposition.endswith('.csv"')
    text = answer.content.decode("utf-8")
    assert text.startswith("\ufeff")  # Excel then reads the accents right
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[0] == ["horodatage", "n° dans la séance", "EPN", "pseudonyme", "séance", "essai", "scénario",
                       "compétences DigComp", "n° d'étape", "étape", "texte de l'étape", "verbe", "réussite",
                       "étoiles", "niveau d'aide", "langue", "terminal"]
    assert len(rows) - 1 == classroom.statements + 1 == statement_count(hub)
    table = [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
    first = table[0]
    assert first["horodatage"] == "2026-11-23T09:00:00.000+01:00"  # Brussels time, to the ms, with its offset
    assert (first["EPN"], first["pseudonyme"], first["terminal"]) == (classroom.key.epn_id, "Tulipe-0412",
                                                                      "Borne accueil")
    assert (first["verbe"], first["n° dans la séance"], first["essai"]) == ("initialized", "0", "")
    assert len(first["séance"]) == 32
    wrong = next(r for r in table
                 if r["verbe"] == "answered" and r["réussite"] == "non" and r["étape"] == "attach")
    assert (wrong["n° d'étape"], wrong["texte de l'étape"]) == ("3", "Cliquez sur Joindre un fichier.")
    assert wrong["scénario"] == HARD_SCENARIO and wrong["compétences DigComp"] == "2.2 1.3"
    assert len(wrong["essai"]) == 36 and wrong["séance"] == first["séance"]
    assert re.fullmatch(r"2026-11-23T09:\d\d:\d\d\.\d{3}\+01:00", wrong["horodatage"])
    assert sorted(r["étoiles"] for r in table if r["verbe"] == "completed") == ["2", "3", "3"]
    assert any(r["verbe"] == "asked" and r["niveau d'aide"] == "2" for r in table)
    tulipe = [int(r["n° dans la séance"]) for r in table if r["pseudonyme"] == "Tulipe-0412"]
    assert tulipe == list(range(len(tulipe)))  # one session, in the kiosk's order
    sly_row = rows[-1]
    assert sly_row[3] == "Tulipe-7001"
    assert sly_row[-1] == "'=HYPERLINK(\"http://evil.example\",\"clic\")"
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    # One learner only, standard commas.
    mine = trainer.get("/review/export.csv", params={"epn": classroom.key.epn_id, "pseudonym": "Saule-1234"})
    lines = list(csv.reader(io.StringIO(mine.content.decode("utf-8").lstrip("\ufeff"))))
    assert len(lines) > 5 and {r[3] for r in lines[1:]} == {"Saule-1234"}
    assert "Saule-1234" in mine.headers["content-disposition"]
    odd = trainer.get("/review/export.csv", params={"scenario": "é\u20ac\ucb16/x", "since": "2026-11-23"})
    assert odd.status_code == 200 and odd.headers["content-disposition"].isascii()
    assert trainer.get("/review/export.csv", params={"since": "0001-01-01"}).status_code == 422


def test_qr_code_read_from_text_link_and_photo(hub: HubServer, classroom: Classroom, trainer: httpx.Client,
                                               tmp_path: Path) -> None:
    before = statement_count(hub)
    code = seal(progress_record(classroom.key), classroom.key)
    pasted = trainer.post("/review/passport", data={"code": code})
    assert pasted.status_code == 200
    for words in ("Code valide", "Tulipe-0412", "Borne accueil", "Envoyer son CV", "★★☆", "Partager en ligne",
                  "niveau 2", "Savez-vous utiliser une souris ?", "Voir son journal sur ce hub"):
        assert words in shown(pasted), words
    assert pasted.headers["cache-control"] == "no-store"
    link = hub_link(code, hub.base_url)
    assert trainer.post("/review/passport", data={"code": link}).status_code == 200
    opened = trainer.get(link[len(hub.base_url):])  # the phone camera opens the link itself
    assert opened.status_code == 200 and "Code valide" in shown(opened) and "Tulipe-0412" in shown(opened)
    photo = qr_png(link, tmp_path / "qr.png")
    with photo.open("rb") as f:
        read = trainer.post("/review/passport", files={"photo": ("qr.png", f, "image/png")})
    assert read.status_code == 200 and "Code valide" in shown(read) and "Tulipe-0412" in shown(read)
    with photo_without_qr(tmp_path / "desk.png").open("rb") as f:
        nothing = trainer.post("/review/passport", files={"photo": ("desk.png", f, "image/png")})
    assert nothing.status_code == 422 and "Aucun code QR n'a été trouvé sur cette photo" in shown(nothing)
    not_image = trainer.post("/review/passport", files={"photo": ("notes.txt", b"hello", "text/plain")})
    assert not_image.status_code == 422 and "n'est pas une photo lisible" in shown(not_image)
    assert statement_count(hub) == before  # reading a code stores nothing


def test_a_link_scanned_before_logging_in_opens_after_login(hub: HubServer, classroom: Classroom) -> None:
    # A code whose link needs escapes, with a "%" that reads like one once bare ("%4F"):
    # the login page sends the browser back to the link with its "%" unescaped.
    codes = ((p, seal(progress_record(classroom.key, p), classroom.key)) for p in
             (f"Tulipe-{n:04d}" for n in range(300)))
    pseudonym, code = next((p, c) for p, c in codes if re.search("%[0-9A-F]{2}", c) and "/" in c)
    hub.add_user("tina", "trainer")
    with hub.client() as phone:
        sent = phone.get(hub_link(code, hub.base_url), headers=HTML)
        assert sent.status_code == 303 and sent.headers["location"].startswith("/login?next=")
        login = phone.get(sent.headers["location"])
        found = re.search(r'name="next" value="([^"]*)"', login.text)
        assert found
        answer = phone.post("/login", data={"username": "tina", "password": PASSWORDS["trainer"],
                                             "next": html.unescape(found.group(1)),
                                             "csrf_token": form_csrf(phone)})
        assert answer.status_code == 303 and answer.headers["location"].startswith("/p/EPN1")
        record = phone.get(answer.headers["location"], headers=HTML)
    assert record.status_code == 200 and "Code valide" in shown(record) and pseudonym in shown(record)


def test_forged_foreign_expired_and_broken_codes_are_refused(hub: HubServer, classroom: Classroom,
                                                             trainer: httpx.Client) -> None:
    record = progress_record(classroom.key)
    stranger = new_key()
    cases = {
        forged(record, new_key()): "La signature ne correspond pas",
        seal(progress_record(stranger), stranger): f"un EPN que ce hub ne connaît pas ({stranger.epn_id})",
        seal(progress_record(classroom.key, issued=date.today() - timedelta(days=400)), classroom.key):
            "Ce code est périmé",
        "EPN1:NOT-A-CODE": "Ce n'est pas un code de progression lisible",
        "https://example.org/": "Ce n'est pas un code de progression lisible",
    }
    for code, reason in cases.items():
        answer = trainer.post("/review/passport", data={"code": code})
        assert answer.status_code == 422, code
        assert "Code refusé" in shown(answer) and reason in shown(answer), (code, shown(answer)[-1500:])
        assert "Tulipe-0412" not in shown(answer)
    link = trainer.get(hub_link(forged(record, new_key()), hub.base_url)[len(hub.base_url):])
    assert link.status_code == 422 and "La signature ne correspond pas" in shown(link)


def test_trusted_issuers_file_vouches_for_an_epn_without_terminal(hub: HubServer,
                                                                   trainer: httpx.Client) -> None:
    partner = new_key()
    code = seal(progress_record(partner, "Saule-1234"), partner)
    assert trainer.post("/review/passport", data={"code": code}).status_code == 422
    file = hub.settings.trusted_issuers_file
    assert file is not None
    file.write_text(json.dumps({partner.epn_id: {"key": partner.public_text, "name": "EPN de Ciney"}}))
    answer = trainer.post("/review/passport", data={"code": code})
    assert answer.status_code == 200 and "EPN de Ciney" in shown(answer) and "Saule-1234" in shown(answer)


def test_only_trainers_may_review(hub: HubServer, classroom: Classroom, animator: httpx.Client) -> None:
    code = seal(progress_record(classroom.key), classroom.key)
    pages = ["/review", f"/review/scenarios/{HARD_SCENARIO}", "/review/digcomp", "/review/export.csv",
             f"/review/learners/{classroom.key.epn_id}/Tulipe-0412", "/review/passport",
             hub_link(code, hub.base_url)[len(hub.base_url):]]
    with hub.client() as stranger:
        for page in pages:
            assert stranger.get(page).status_code == 401, page
            sent = stranger.get(page, headers=HTML)
            assert sent.status_code == 303 and sent.headers["location"].startswith("/login?next="), page
            assert animator.get(page).status_code == 403, page
        assert stranger.post("/review/passport", data={"code": code}).status_code == 401
    assert animator.post("/review/passport", data={"code": code}).status_code == 403
    trainer = hub.login("tina", "trainer")
    del trainer.headers["X-CSRF-Token"]
    refused = trainer.post("/review/passport", data={"code": code})
    assert refused.status_code == 403 and "Tulipe-0412" not in shown(refused)


def test_a_scenario_added_by_a_trainer_shows_without_a_restart(tmp_path: Path) -> None:
    folder = tmp_path / "scenarios"
    shutil.copytree(BUNDLED_SCENARIOS / "mouse", folder / "mouse")
    with running_hub(make_settings(tmp_path / "hub", scenarios_dir=folder)) as hub:
        trainer = hub.login("theo", "trainer")
        before = shown(trainer.get("/review"))
        assert "Double-cliquer" in before and "Envoyer son CV" not in before
        shutil.copytree(BUNDLED_SCENARIOS / "email", folder / "email")
        assert "Envoyer son CV" in shown(trainer.get("/review"))
        assert trainer.get(f"/review/scenarios/{HARD_SCENARIO}").status_code == 200
