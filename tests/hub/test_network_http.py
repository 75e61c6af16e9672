"""The coordinator's page and CSV files over HTTP, on a real hub holding two EPNs.

The seed (``network_kit``) and its hand-counted numbers are those of
``test_network_stats.py``. What a coordinator notices: the page's figures, the files'
columns and values, the filters; what must never happen: a pseudonym on these pages or in
these files, a coordinator on a trainer's page, an animator or trainer on the coordinator's.
"""

from __future__ import annotations

import csv
import html
import io
import re
from urllib.parse import quote

import httpx
import pytest
from hub_kit import HubServer
from network_kit import EPN_A, EPN_B, PSEUDONYMS, seed_network

BOTH_WEEKS = "since=2026-11-23&until=2026-12-06"
TABLES = ("sessions", "practised", "hardest", "digcomp", "help")


@pytest.fixture
def seeded(hub: HubServer) -> HubServer:
    with hub.app.state.sessionmaker() as session:
        seed_network(session)
    return hub


@pytest.fixture
def coordinator(seeded: HubServer) -> httpx.Client:
    return seeded.login("cora", "coordinator")


def text_of(page: str) -> str:
    """What the page says, tags stripped and spaces folded (as a reader sees it)."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page))).strip()


def csv_of(answer: httpx.Response, delimiter: str = ",") -> list[list[str]]:
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("text/csv")
    body = answer.content.decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:]), delimiter=delimiter))


def test_a_coordinator_lands_on_the_network_page_and_reads_the_totals(coordinator: httpx.Client) -> None:
    home = coordinator.get("/", follow_redirects=False)
    assert (home.status_code, home.headers["location"]) == (303, "/network")
    page = coordinator.get(f"/network?{BOTH_WEEKS}")
    assert page.status_code == 200
    said = text_of(page.text)
    assert "Réseau des EPN" in said and "Du lundi 23 novembre 2026 au dimanche 6 décembre 2026" in said
    assert "Séances 10 Exercices terminés 9 Appels à l'aide 4 Pris en charge 3" in said
    assert said.index("Semaine du 30 nov. 2026") < said.index("Semaine du 23 nov. 2026")  # the latest first
    assert "K7QF2MZP (borne : Borne Ciney) 5 5 6 3" in said  # week 1 at EPN A
    assert "Envoyer son CV 9 5 (56 %) 8 3,1" in said.replace("\u202f", " ")
    digcomp = said.split("Niveaux DigComp atteints", 1)[1]
    assert digcomp.index("Tout le réseau 1.1") < digcomp.index("K7QF2MZP") < digcomp.index("R4VD8NQT")
    assert "Tout le réseau 1.1 Naviguer, chercher et filtrer des informations 3 0" in digcomp
    assert "2.2 Partager en ligne 1 3" in digcomp  # the network: Tilleul at 1; Tulipe ×2, Saule at 2
    assert "Tout le réseau 4 3 (75 %) 2 47 s 1 min 30 s" in said.replace("\u202f", " ")
    assert page.headers["cache-control"] == "no-store"
    nav = re.search(r'<nav aria-label="Navigation principale">.*?</nav>', page.text, re.S)
    assert nav is not None
    assert "/network" in nav.group(0) and "/review" not in nav.group(0) and "/forward" not in nav.group(0)


def test_each_table_as_csv_with_its_columns_and_values(coordinator: httpx.Client) -> None:
    sessions = csv_of(coordinator.get(f"/network/sessions.csv?sep=comma&{BOTH_WEEKS}"))
    assert sessions == [
        ["semaine du (lundi)", "EPN", "nom de l'EPN", "séances", "apprenant·es", "exercices commencés",
         "exercices terminés"],
        ["2026-11-30", EPN_A, "K7QF2MZP (borne : Borne Ciney)", "2", "2", "3", "3"],
        ["2026-11-30", EPN_B, "R4VD8NQT (borne : Borne Dinant)", "2", "2", "3", "2"],
        ["2026-11-23", EPN_A, "K7QF2MZP (borne : Borne Ciney)", "5", "5", "6", "3"],
        ["2026-11-23", EPN_B, "R4VD8NQT (borne : Borne Dinant)", "1", "1", "1", "1"]]
    answer = coordinator.get(f"/network/hardest.csv?sep=semicolon&{BOTH_WEEKS}")
    assert answer.headers["content-disposition"] == \
        'attachment; filename="reseau-exercices-difficiles-2026-11-23-2026-12-06.csv"'
    hardest = csv_of(answer, ";")
    assert hardest[0] == ["rang", "exercice", "titre", "essais", "terminés", "terminés (%)", "apprenant·es",
                          "erreurs", "aides", "erreurs + aides par essai", "étoiles (moyenne)"]
    assert hardest[1:] == [
        ["1", "email.attach", "Envoyer son CV", "9", "5", "56", "8", "19", "9", "3,11", "2,20"],
        ["2", "mouse.click", "Cliquer", "3", "3", "100", "3", "2", "0", "0,67", "3,00"]]
    practised = csv_of(coordinator.get(f"/network/practised.csv?{BOTH_WEEKS}"))
    assert [row[1:4] for row in practised[1:]] == [["email.attach", "Envoyer son CV", "9"],
                                                   ["mouse.click", "Cliquer", "3"],
                                                   ["email.reply", "Répondre à un e-mail", "1"]]
    assert practised[1][9:] == ["3.11", "2.20"]  # comma-separated: decimal points
    digcomp = csv_of(coordinator.get(f"/network/digcomp.csv?{BOTH_WEEKS}"))
    assert digcomp[0] == ["EPN", "nom de l'EPN", "compétence", "intitulé", "apprenant·es au niveau 1",
                          "apprenant·es au niveau 2"]
    assert [[r[0], r[2], r[4], r[5]] for r in digcomp[1:]] == [
        ["", "1.1", "3", "0"], ["", "1.3", "1", "3"], ["", "2.1", "1", "0"], ["", "2.2", "1", "3"],
        [EPN_A, "1.1", "1", "0"], [EPN_A, "1.3", "1", "2"], [EPN_A, "2.1", "1", "0"],
        [EPN_A, "2.2", "1", "2"],
        [EPN_B, "1.1", "2", "0"], [EPN_B, "1.3", "0", "1"], [EPN_B, "2.2", "0", "1"]]
    assert digcomp[1][1] == "Tout le réseau"
    helped = csv_of(coordinator.get(f"/network/help.csv?{BOTH_WEEKS}"))
    assert helped == [
        ["EPN", "nom de l'EPN", "appels", "pris en charge (J'arrive)", "pris en charge en 60 s au plus",
         "attente moyenne (s)", "attente la plus longue (s)"],
        [EPN_A, "K7QF2MZP (borne : Borne Ciney)", "3", "2", "1", "60", "90"],
        [EPN_B, "R4VD8NQT (borne : Borne Dinant)", "1", "1", "1", "20", "20"],
        ["", "Tout le réseau", "4", "3", "2", "47", "90"]]


def test_filters_by_epn_and_period(coordinator: httpx.Client) -> None:
    only_b = coordinator.get(f"/network?epn={EPN_B}&{BOTH_WEEKS}")
    said = text_of(only_b.text)
    assert "Séances 3 Exercices terminés 3 Appels à l'aide 1 Pris en charge 1" in said
    assert "Borne Ciney" not in said.split("Séances par semaine", 1)[1]  # A only in the EPN menu
    assert f'<option value="{EPN_B}" selected>' in only_b.text
    sessions = csv_of(coordinator.get(f"/network/sessions.csv?epn={EPN_B}&{BOTH_WEEKS}"))
    assert [(r[0], r[1], r[3]) for r in sessions[1:]] == [("2026-11-30", EPN_B, "2"),
                                                           ("2026-11-23", EPN_B, "1")]
    # week 2 only: Sambre-0333 at 00:30 on Monday (Brussels) counts for week 2
    week_2 = csv_of(coordinator.get("/network/sessions.csv?since=2026-11-30&until=2026-12-06"))
    assert [(r[0], r[1], r[3]) for r in week_2[1:]] == [("2026-11-30", EPN_A, "2"),
                                                         ("2026-11-30", EPN_B, "2")]
    helped = csv_of(coordinator.get("/network/help.csv?since=2026-11-30&until=2026-12-06"))
    assert helped[1:] == [[EPN_A, "K7QF2MZP (borne : Borne Ciney)", "1", "0", "0", "", ""]]
    # a period with nothing, then periods refused in plain words
    quiet = text_of(coordinator.get("/network?since=2027-01-04&until=2027-01-10").text)
    assert "Aucune séance sur cette période." in quiet and "Aucun appel à l'aide sur cette période." in quiet
    backwards = coordinator.get("/network?since=2026-12-06&until=2026-11-23")
    assert backwards.status_code == 422
    assert "La date de début est après la date de fin" in backwards.text
    assert '<form method="get"' in backwards.text  # the filters stay, to put it right
    too_long = coordinator.get("/network/sessions.csv?since=2020-01-01&until=2026-12-06")
    assert too_long.status_code == 422 and "157 semaines au plus" in too_long.text
    assert coordinator.get("/network/learners.csv").status_code == 422  # no such table


def test_no_pseudonym_reaches_the_coordinator(coordinator: httpx.Client) -> None:
    answers = []
    for query in (BOTH_WEEKS, f"epn={EPN_A}&{BOTH_WEEKS}", f"epn={EPN_B}&{BOTH_WEEKS}", ""):
        answers.append(coordinator.get(f"/network?{query}"))
        for table in TABLES:
            for sep in ("comma", "semicolon"):
                answers.append(coordinator.get(f"/network/{table}.csv?sep={sep}&{query}"))
    assert all(a.status_code == 200 for a in answers)
    for answer in answers:
        body = answer.content.decode("utf-8")
        for pseudonym in PSEUDONYMS:
            assert pseudonym not in body, (answer.url, pseudonym)
            assert pseudonym.split("-")[0] not in body, (answer.url, pseudonym)  # not even the word
    assert "Envoyer son CV" in answers[0].text  # the page did show the exercises


def test_only_a_coordinator_gets_the_network_page(seeded: HubServer, coordinator: httpx.Client) -> None:
    for role, name in (("animator", "anna"), ("trainer", "theo")):
        staff = seeded.login(name, role)
        for path in ("/network", "/network/sessions.csv"):
            refused = staff.get(path, headers={"Accept": "text/html"})
            assert refused.status_code == 403, (role, path)
            assert "Cette page est réservée à la coordination du réseau. Votre compte n'y a pas accès." \
                in text_of(refused.text)
    with seeded.client() as stranger:
        assert stranger.get("/network", headers={"Accept": "text/html"}, follow_redirects=False
                            ).headers["location"] == "/login?next=%2Fnetwork"
        assert stranger.get("/network/help.csv").status_code == 401


def test_a_coordinator_sees_no_page_with_pseudonyms(coordinator: httpx.Client) -> None:
    paths = ["/review", "/review/digcomp", "/review/scenarios/email.attach", "/review/export.csv",
             f"/review/learners/{EPN_A}/Tulipe-0412", "/review/passport", "/p/" + quote("EPN1:XYZ"), "/room",
             "/forward"]
    for path in paths:
        refused = coordinator.get(path, headers={"Accept": "text/html"})
        assert refused.status_code == 403, path
        said = text_of(refused.text)
        assert "Votre compte n'y a pas accès." in said, path
        assert not any(p in refused.text for p in PSEUDONYMS if p not in path), path
    assert coordinator.post("/room/enrol-codes").status_code == 403
