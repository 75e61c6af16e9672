"""The attestation PDF as a reader sees it: the path travelled on page two.

Records come from a real store (practice logged as the kiosk logs it), with placement
profiles and a path given as the passport gives them to the record. The PDFs are read
back with poppler: ``pdftotext -raw`` reads the text in the order it is drawn (a row of a
table reads code, name, then its cells left to right), ``pdftotext -bbox`` gives each
word's box, to check that nothing overlaps or runs off the page.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from passport_kit import TODAY, Kiosk, at, catalogue

from kiosk.config import BUNDLED_ASSETS
from kiosk.engine.paths import PathPlace
from kiosk.engine.placement import PlacedProfile
from kiosk.export.attestation import attestation_pdf
from kiosk.export.passport import IssuedPassport

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                reason="poppler-utils (pdftotext) is not installed")

START, LATEST = TODAY - timedelta(days=60), TODAY - timedelta(days=1)
D = "digcomp:2.2:"


@dataclass
class Word:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str


def read(pdf: bytes, tmp_path: Path, page: int | None = None) -> str:
    """The text of the PDF (or one page) in drawing order, spaces and lines as single spaces."""
    path = tmp_path / "attestation.pdf"
    path.write_bytes(pdf)
    pages = ["-f", str(page), "-l", str(page)] if page else []
    out = subprocess.run(["pdftotext", "-raw", *pages, str(path), "-"], capture_output=True,
                         text=True, check=True, timeout=60).stdout
    return " ".join(out.split())


def page_count(pdf: bytes, tmp_path: Path) -> int:
    path = tmp_path / "count.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True,
                         check=True, timeout=60).stdout
    return out.count("\f")


def words(pdf: bytes, tmp_path: Path, page: int) -> tuple[list[Word], float, float]:
    """The words of one page with their boxes (points), and the page's width and height."""
    path = tmp_path / "boxes.pdf"
    path.write_bytes(pdf)
    html = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(path), "-"],
                          capture_output=True, text=True, check=True, timeout=60).stdout
    size = re.search(r'<page width="([\d.]+)" height="([\d.]+)"', html)
    assert size is not None
    found = [Word(float(a), float(b), float(c), float(d), text) for a, b, c, d, text in re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', html)]
    return found, float(size.group(1)), float(size.group(2))


def assert_laid_out(pdf: bytes, tmp_path: Path, page: int) -> None:
    """No two words of the page overlap, and every word is inside the page's margins."""
    found, width, height = words(pdf, tmp_path, page)
    assert found
    margin = 14  # points (5 mm): what a printer may not print
    for word in found:
        assert margin <= word.x0 and word.x1 <= width - margin, word
        assert margin <= word.y0 and word.y1 <= height - margin, word
    for i, a in enumerate(found):
        for b in found[i + 1:]:
            overlap_x = min(a.x1, b.x1) - max(a.x0, b.x0)
            overlap_y = min(a.y1, b.y1) - max(a.y0, b.y0)
            assert overlap_x < 0.5 or overlap_y < 1.5, f"{a.text!r} overlaps {b.text!r}"


def learner(kiosk: Kiosk, *, exercises: tuple[tuple[str, int], ...] = (("mouse.click", 3),
            ("mouse.double_click", 2), ("email.reply", 1)),
            answers: tuple[tuple[date, dict[str, str]], ...] = ()) -> str:
    """A learner who practised ``exercises`` (scenario, stars) and answered the questions."""
    learner_id, _ = kiosk.store.new_learner()
    session = kiosk.visit(learner_id, at(START))
    for scenario, stars in exercises:
        kiosk.practise(session, scenario, stars=stars, when=at(START, 11))
    for day, given in answers:
        kiosk.passport.save_self_assessment(kiosk.store, learner_id, given, today=day)
    return learner_id


def attestation(kiosk: Kiosk, learner_id: str, *, path: PathPlace | None = None,
                placements: tuple[PlacedProfile, ...] = ()) -> tuple[IssuedPassport, bytes]:
    record = kiosk.passport.record_for(kiosk.store.learner_progress(learner_id), today=TODAY,
                                       path=path, placements=placements)
    issued = kiosk.passport.seal(record)
    return issued, attestation_pdf(issued, epn_name="EPN de Namur", assets_dir=BUNDLED_ASSETS,
                                   catalogue=catalogue())


BEFORE = {"mouse": "not_yet", "email_reply": "a_little", "scam": "not_yet"}
NOW = {"mouse": "yes", "email_reply": "a_little", "scam": "a_little"}
START_PROFILE = PlacedProfile(START, {D + "1.1": 0, D + "1.3": 1, D + "2.1": 1, D + "4.2": 0})
LATEST_PROFILE = PlacedProfile(LATEST, {D + "1.1": 2, D + "1.3": 1, D + "2.1": 3, D + "4.2": 1})


def test_without_placement_one_page_says_so_plainly(kiosk_a: Kiosk, tmp_path: Path) -> None:
    learner_id = learner(kiosk_a, answers=((START, BEFORE), (TODAY, NOW)))
    _, pdf = attestation(kiosk_a, learner_id)
    assert page_count(pdf, tmp_path) == 1
    text = read(pdf, tmp_path)
    assert "« Faisons le point » (quelques exercices à la borne) : pas encore fait." in text
    assert "Le chemin parcouru" not in text
    # as before: the exercises done and the self-assessment then and now
    assert "Exercices réussis (3)" in text
    assert "Cliquer" in text and "Double-cliquer" in text and "Répondre à un e-mail" in text
    assert "la souris pas encore, puis oui" in text
    assert_laid_out(pdf, tmp_path, 1)


def test_one_placement_is_shown_with_its_levels(kiosk_a: Kiosk, tmp_path: Path) -> None:
    learner_id = learner(kiosk_a, answers=((START, BEFORE),))
    _, pdf = attestation(kiosk_a, learner_id, placements=(START_PROFILE,))
    assert page_count(pdf, tmp_path) == 2
    first, second = read(pdf, tmp_path, 1), read(pdf, tmp_path, 2)
    assert "pas encore fait" not in first
    assert "Exercices réussis (3)" in first and "Double-cliquer" in first
    assert "Page 1 sur 2" in first
    assert "Le chemin parcouru" in second
    assert f"Le point fait le {START:%d/%m/%Y}" in second
    # each competence: code, name, the level and DigComp's word for it
    assert "1.1 Naviguer, chercher et filtrer des informations pas encore" in second
    assert "1.3 Gérer des données et des fichiers niveau 1 fondamental" in second
    assert "2.1 Interagir en ligne niveau 1 fondamental" in second
    assert "4.2 Protéger ses données personnelles pas encore" in second
    assert "Un seul point fait : le prochain montrera le chemin parcouru." in second
    # the self-assessment moved to page two, with its one day
    assert f"Ce que je pense savoir faire (le {START:%d/%m/%Y})" in second
    assert "la souris pas encore" in second and "les faux messages pas encore" in second
    assert "Mon parcours" not in second  # no path: no path section
    assert_laid_out(pdf, tmp_path, 1)
    assert_laid_out(pdf, tmp_path, 2)


def test_start_and_latest_placements_and_a_path(kiosk_a: Kiosk, tmp_path: Path) -> None:
    learner_id = learner(kiosk_a, answers=((START, BEFORE), (TODAY, NOW)))
    _, pdf = attestation(kiosk_a, learner_id, path=PathPlace("premiers_pas", place=3),
                         placements=(START_PROFILE, LATEST_PROFILE))
    assert page_count(pdf, tmp_path) == 2
    second = read(pdf, tmp_path, 2)
    assert (f"Au début le {START:%d/%m/%Y} Le dernier point le {LATEST:%d/%m/%Y}") in second
    # a row reads: code, name, the level at the start, the latest level
    assert "1.1 Naviguer, chercher et filtrer des informations pas encore niveau 2 fondamental" \
        in second
    assert "1.3 Gérer des données et des fichiers niveau 1 fondamental niveau 1 fondamental" \
        in second
    assert "2.1 Interagir en ligne niveau 1 fondamental niveau 3 intermédiaire" in second
    assert "4.2 Protéger ses données personnelles pas encore niveau 1 fondamental" in second
    assert "plus haut qu'au début" in second
    # the self-assessment before and now
    assert (f"Ce que je pense savoir faire (avant, le {START:%d/%m/%Y}, et maintenant, "
            f"le {TODAY:%d/%m/%Y})") in second
    assert "la souris pas encore oui" in second
    assert "répondre à un e-mail un peu un peu" in second
    assert "les faux messages pas encore un peu" in second
    # the path, its progress, the exercises in order
    assert "Mon parcours Premiers pas 3 exercices faits sur 7" in second
    assert "1. Cliquer" in second and "4. Faire défiler" in second
    assert "7. Écrire une adresse e-mail" in second
    # page one still lists the exercises done
    first = read(pdf, tmp_path, 1)
    assert "Exercices réussis (3)" in first and "Cliquer" in first
    assert_laid_out(pdf, tmp_path, 2)


def test_a_full_record_stays_on_two_pages(kiosk_a: Kiosk, tmp_path: Path) -> None:
    """The largest record the QR carries: three placements on every competence the shipped
    placement tries, eleven questions three times, a 20-exercise path made for the learner."""
    in_order = [s.id for s in catalogue().in_order()]
    every = dict.fromkeys(in_order, 2)
    learner_id = learner(kiosk_a, exercises=tuple(every.items()), answers=(
        (START, dict.fromkeys(("mouse", "keyboard", "email_reply", "email_attach", "search",
                               "official_site", "online_form", "appointment", "digital_id",
                               "scam", "video_call"), "not_yet")),
        (START + timedelta(days=30), {"mouse": "a_little"}),
        (TODAY, {"mouse": "yes", "video_call": "a_little"})))
    placed = [D + c for c in ("1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.6", "3.1", "4.2")]
    profiles = tuple(PlacedProfile(day, {c: min(3, level + i % 2) for i, c in enumerate(placed)})
                     for level, day in enumerate((START, START + timedelta(days=30), LATEST)))
    path = PathPlace(None, tuple(in_order[:20]), place=6)
    _, pdf = attestation(kiosk_a, learner_id, path=path, placements=profiles)
    assert page_count(pdf, tmp_path) == 2
    second = read(pdf, tmp_path, 2)
    assert "Au début" in second and "À mi-parcours" in second and "Le dernier point" in second
    assert "2.1 Interagir en ligne niveau 1 fondamental niveau 2 fondamental niveau 3 " \
           "intermédiaire" in second
    assert "4.2 Protéger ses données personnelles pas encore niveau 1 fondamental niveau 2 " \
           "fondamental" in second
    assert "Un parcours préparé pour moi 6 exercices faits sur 20" in second
    assert "20. " in second  # the whole path is listed, down to its last exercise
    assert "un appel vidéo pas encore un peu" in second
    assert_laid_out(pdf, tmp_path, 1)
    assert_laid_out(pdf, tmp_path, 2)


def test_without_a_catalogue_the_attestation_still_names_what_it_can(kiosk_a: Kiosk,
                                                                    tmp_path: Path) -> None:
    """The older call (scenario titles only) still works; an unknown path is named plainly."""
    learner_id = learner(kiosk_a)
    record = kiosk_a.passport.record_for(kiosk_a.store.learner_progress(learner_id), today=TODAY,
                                         path=PathPlace("#1a2b", place=2))
    pdf = attestation_pdf(kiosk_a.passport.seal(record), epn_name="EPN de Namur",
                          assets_dir=BUNDLED_ASSETS, scenario_titles={"mouse.click": "Cliquer"})
    second = read(pdf, tmp_path, 2)
    assert "Faisons le point : ce que j'ai montré à la borne Pas encore fait." in second
    assert "Un parcours d'un autre EPN 2 exercices faits" in second
    assert "Cliquer" in read(pdf, tmp_path, 1)
