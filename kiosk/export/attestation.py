"""The printable attestation a learner takes home (``kiosk progress attest``, or printed
by the animator from the passport screen).

Owns page one's layout, in French (the EPN's language): the picture code in pictograms,
the DigComp 2.2 competences with the level reached, the exercises done with their stars,
the EPN's name and the date, and the signed QR code (the same one the results screen
shows), so a trainer can check it. A record with a placement ("Faisons le point") or a
path gets a second page, the path travelled (:mod:`kiosk.export.attestation_path`):
placement profiles at the start and the latest, the self-assessment before and now, the
path and its progress. Without one, the self-assessment stays on page one and a line
says plainly that no placement was done yet. No name or contact of the learner appears:
there is none to print. Drawn with fpdf2 and the bundled Atkinson Hyperlegible font.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from fpdf import FPDF

from kiosk.engine.digcomp import title as competence_title
from kiosk.engine.selfcheck import QUESTIONS
from kiosk.export.attestation_look import (
    BAND,
    FONT,
    INK,
    SOFT,
    fit,
    french_date,
    heading,
    level_words,
)
from kiosk.export.attestation_path import (
    ANSWER_WORDS,
    NO_PLACEMENT,
    Known,
    has_travelled_page,
    travelled_page,
)
from kiosk.export.passport import IssuedPassport

if TYPE_CHECKING:
    from kiosk.engine.catalogue import Catalogue

__all__ = ["attestation_pdf", "french_date", "level_words"]

FOOTER_ROOM = 22  # mm kept free at the bottom of the page for the footer
SELF_COLUMNS, SELF_ROW = 4, 10.0
OPENMOJI = (
    "Pictogrammes : All emojis designed by OpenMoji – the open-source emoji and icon project. "
    "License: CC BY-SA 4.0"
)


def attestation_pdf(
    issued: IssuedPassport,
    *,
    epn_name: str,
    assets_dir: Path,
    scenario_titles: Mapping[str, str] | None = None,
    catalogue: Catalogue | None = None,
) -> bytes:
    """The attestation of an issued passport, as PDF bytes (one A4 page; two when the
    record carries a placement or a path).

    ``catalogue`` names the exercises, their pictograms and the shipped paths;
    ``scenario_titles`` (scenario id → French title) names exercises without one.
    """
    known = _known(catalogue, scenario_titles)
    titles = known.titles
    record = issued.record
    second_page = has_travelled_page(record)
    pictograms = assets_dir / "pictograms"
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_margins(15, 12, 15)
    pdf.set_title("Attestation de parcours numérique")
    pdf.set_creator("EPN practice kiosk")
    fonts = assets_dir / "fonts"
    pdf.add_font(FONT, "", str(fonts / "AtkinsonHyperlegible-Regular.ttf"))
    pdf.add_font(FONT, "B", str(fonts / "AtkinsonHyperlegible-Bold.ttf"))
    pdf.add_page()
    pdf.set_text_color(*INK)
    width = pdf.w - pdf.l_margin - pdf.r_margin

    # -- title ---------------------------------------------------------------------------
    pdf.set_fill_color(*BAND)
    pdf.rect(0, 0, pdf.w, 30, style="F")
    pdf.set_xy(15, 8)
    pdf.set_font(FONT, "B", 22)
    pdf.cell(width, 10, "Attestation de parcours numérique")
    pdf.set_xy(15, 19)
    pdf.set_font(FONT, "", 11)
    pdf.cell(width, 6, f"{epn_name} — le {french_date(record.issued)}")

    # -- picture code (left) and QR (right) ---------------------------------------------
    top = 35
    qr_size = 50
    pdf.set_xy(15, top)
    pdf.set_font(FONT, "B", 13)
    pdf.cell(100, 7, "Mon code en images")
    x = 15.0
    for stem in issued.picture.pictograms:
        pdf.image(str(pictograms / f"{stem}.png"), x=x, y=top + 8, w=22, h=22)
        x += 25
    pdf.set_xy(x + 1, top + 11)
    pdf.set_font(FONT, "B", 28)
    pdf.cell(24, 16, issued.picture.digits)
    pdf.set_xy(15, top + 31)
    pdf.set_font(FONT, "", 12)
    pdf.cell(120, 6, str(issued.picture))
    pdf.set_xy(15, top + 38)
    pdf.set_font(FONT, "", 9.5)
    pdf.set_text_color(*SOFT)
    pdf.multi_cell(
        120,
        4.6,
        f"Pseudonyme : {record.pseudonym}. Montrez ces images ou ce QR code à la borne "
        "(«\u00a0J'ai déjà un code\u00a0») pour reprendre où vous en étiez.",
    )
    pdf.set_text_color(*INK)
    qr_x = pdf.w - pdf.r_margin - qr_size
    pdf.image(io.BytesIO(issued.qr.png(scale=10, border=2)), x=qr_x, y=top - 2, w=qr_size, h=qr_size)
    pdf.set_xy(qr_x - 8, top + qr_size - 1)
    pdf.set_font(FONT, "", 8)
    pdf.set_text_color(*SOFT)
    pdf.multi_cell(
        qr_size + 8,
        3.8,
        f"Code signé par l'EPN ({record.issuer}), valable jusqu'au {french_date(record.expires)}",
        align="C",
    )
    pdf.set_text_color(*INK)

    y: float = top + qr_size + 9
    y = _competences(pdf, record.competences, y, width)
    if second_page:
        y = _exercises(pdf, issued, titles, pictograms, y + 3, width, reserve=0.0)
    else:
        y = _no_placement(pdf, y + 1.5, width)
        answers_height = _self_assessment_height(issued)
        y = _exercises(pdf, issued, titles, pictograms, y + 3, width, reserve=answers_height)
        y = _self_assessment(pdf, issued, pictograms, y + 3, width)

    # -- footer --------------------------------------------------------------------------
    pdf.set_xy(15, pdf.h - 20)
    pdf.set_font(FONT, "", 8.5)
    pdf.set_text_color(*SOFT)
    pdf.multi_cell(
        width,
        4,
        "Ce document ne contient ni nom ni coordonnées : seulement un pseudonyme tiré au hasard. "
        "Niveaux selon DigComp 2.2, le cadre européen des compétences numériques "
        "(1–2 fondamental, 3–4 intermédiaire). " + OPENMOJI
        + (" — Page 1 sur 2 : le chemin parcouru est en page 2." if second_page else ""),
    )
    if second_page:
        travelled_page(pdf, record, known, pictograms, epn_name=epn_name,
                       picture_code=str(issued.picture))
    return bytes(pdf.output())


def _known(catalogue: Catalogue | None, titles: Mapping[str, str] | None) -> Known:
    """What the page may name: the catalogue's exercises and paths, then ``titles``."""
    if catalogue is None:
        return Known(titles=dict(titles or {}), pictograms={}, paths={})
    named = {s.id: s.title.get("fr") for s in catalogue.scenarios.values()}
    named.update(titles or {})
    return Known(titles=named,
                 pictograms={s.id: s.pictogram for s in catalogue.scenarios.values()},
                 paths={p.id: p for p in catalogue.paths}, in_order=catalogue.in_order())


def _no_placement(pdf: FPDF, y: float, width: float) -> float:
    """The plain line a record without a placement gets on page one."""
    pdf.set_xy(15, y)
    pdf.set_font(FONT, "", 10.5)
    pdf.cell(width, 6, NO_PLACEMENT)
    return y + 6.5


def _competences(pdf: FPDF, competences: Mapping[str, int], y: float, width: float) -> float:
    y = heading(pdf, "Compétences numériques travaillées (DigComp 2.2)", y, width)
    if not competences:
        pdf.set_xy(15, y)
        pdf.set_font(FONT, "", 10.5)
        pdf.cell(width, 6, "Pas encore d'exercice terminé.")
        return y + 7
    for competence, level in competences.items():
        pdf.set_xy(15, y)
        pdf.set_font(FONT, "B", 10.5)
        code = competence.rsplit(":", 1)[-1]
        pdf.cell(12, 6, code)
        pdf.set_font(FONT, "", 10.5)
        pdf.cell(96, 6, fit(pdf, competence_title(competence, "fr"), 94))
        for i in range(8):
            pdf.set_fill_color(*((40, 110, 200) if i < level else (225, 225, 225)))
            pdf.rect(124 + i * 4.2, y + 1.4, 3.4, 3.4, style="F")
        pdf.set_xy(159, y)
        pdf.set_font(FONT, "", 9.5)
        pdf.cell(36, 6, f"niveau {level} · {level_words(level)}", align="R")
        y += 5.0
    return y


def _exercises(
    pdf: FPDF,
    issued: IssuedPassport,
    titles: Mapping[str, str],
    pictograms: Path,
    y: float,
    width: float,
    *,
    reserve: float,
) -> float:
    """Exercises in one to three columns, rows as tall as the room left allows."""
    results = issued.record.results
    y = heading(pdf, f"Exercices réussis ({len(results)})", y, width)
    if not results:
        return y
    columns = 1 if len(results) <= 8 else 2 if len(results) <= 24 else 3
    rows = -(-len(results) // columns)
    room = pdf.h - FOOTER_ROOM - reserve - y - 3
    row_height = min(6.0, max(4.0, room / rows))
    font_size = 10.0 if row_height >= 5.5 else 8.0
    column_width = width / columns
    star, empty = str(pictograms / "star.png"), str(pictograms / "star-empty.png")
    for index, result in enumerate(results):
        column, row = divmod(index, rows)
        x, row_y = 15 + column * column_width, y + row * row_height
        size = row_height - 1.2
        for s in range(3):
            pdf.image(star if s < result.best_stars else empty, x=x + s * size, y=row_y + 0.5,
                      w=size, h=size)
        pdf.set_xy(x + 3 * size + 1, row_y)
        pdf.set_font(FONT, "", font_size)
        name = titles.get(result.scenario_id) or (
            "exercice d'un autre EPN" if result.scenario_id.startswith("#") else result.scenario_id
        )
        times = f" ×{result.times_done}" if result.times_done > 1 else ""
        room = column_width - 3 * size - 2
        pdf.cell(room, row_height, fit(pdf, name + times, room - 1))
    return y + rows * row_height


def _self_assessment_height(issued: IssuedPassport) -> float:
    sets = issued.record.answer_sets
    if not sets:
        return 0.0
    asked = {q for s in (sets[0], sets[-1]) for q in s.answers}
    return 9 + -(-len(asked) // SELF_COLUMNS) * SELF_ROW


def _self_assessment(
    pdf: FPDF, issued: IssuedPassport, pictograms: Path, y: float, width: float
) -> float:
    """The self-assessment as a grid: per question its pictogram, topic, then and now."""
    sets = issued.record.answer_sets
    if not sets:
        return y
    first, last = sets[0], sets[-1]
    asked = [q for q in QUESTIONS if q.id in first.answers or q.id in last.answers]
    columns, cell_height = SELF_COLUMNS, SELF_ROW
    rows = -(-len(asked) // columns)
    if y + 9 + rows * cell_height > pdf.h - FOOTER_ROOM:
        return y  # no room left on the page: the QR code still carries the answers
    when = f"le {first.asked_on.strftime('%d/%m/%Y')}"
    if last is not first:
        when += f" puis le {last.asked_on.strftime('%d/%m/%Y')}"
    y = heading(pdf, f"Ce que je pense savoir faire ({when})", y, width)
    cell_width = width / columns
    for index, question in enumerate(asked):
        row, column = divmod(index, columns)
        x, cell_y = 15 + column * cell_width, y + row * cell_height
        icon = pictograms / f"{question.pictogram}.png"
        if icon.exists():
            pdf.image(str(icon), x=x, y=cell_y + 0.8, w=8, h=8)
        pdf.set_xy(x + 9, cell_y + 0.3)
        pdf.set_font(FONT, "B", 8.5)
        pdf.cell(cell_width - 10, 4.4, fit(pdf, question.topic_fr, cell_width - 11))
        then = ANSWER_WORDS.get(first.answers.get(question.id, ""), "—")
        now = ANSWER_WORDS.get(last.answers.get(question.id, ""), "—")
        pdf.set_xy(x + 9, cell_y + 4.6)
        pdf.set_font(FONT, "", 8.5)
        pdf.cell(cell_width - 10, 4.4, then if last is first else f"{then}, puis {now}")
    return y + rows * cell_height
