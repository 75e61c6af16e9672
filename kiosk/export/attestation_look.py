"""The attestation's look, shared by its pages: font, colours, French dates and level
words, section headings, pictograms drawn when present, and text cut to fit.

The attestation is in French (the EPN's language), whatever language the learner used.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from fpdf import FPDF

FONT = "Atkinson"
MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
          "septembre", "octobre", "novembre", "décembre")  # fmt: skip
INK = (20, 20, 20)
SOFT = (90, 90, 90)
BAND = (232, 240, 250)
LEFT = 15.0  # mm: the left margin every section starts at


def french_date(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def short_date(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def level_words(level: int) -> str:
    """DigComp's name for a proficiency level (1–2 foundation … 7–8 highly specialised)."""
    if level <= 2:
        return "fondamental"
    if level <= 4:
        return "intermédiaire"
    if level <= 6:
        return "avancé"
    return "hautement spécialisé"


def heading(pdf: FPDF, text: str, y: float, width: float, *, size: float = 13) -> float:
    """A section title with a rule under it; the y where the section's body starts."""
    pdf.set_xy(LEFT, y)
    pdf.set_font(FONT, "B", size)
    pdf.set_text_color(*INK)
    pdf.cell(width, size * 0.54, text)
    rule = y + size * 0.58
    pdf.set_draw_color(170, 170, 170)
    pdf.set_line_width(0.2)
    pdf.line(LEFT, rule, LEFT + width, rule)
    return y + size * 0.58 + 1.46  # 9 mm for the usual 13 pt


def picture(pdf: FPDF, pictograms: Path, stem: str | None, x: float, y: float, size: float) -> None:
    """Draw a shipped pictogram; nothing when there is none of that name (content from
    another EPN may name one this kiosk does not have)."""
    if not stem:
        return
    path = pictograms / f"{stem}.png"
    if path.exists():
        pdf.image(str(path), x=x, y=y, w=size, h=size)


def fit(pdf: FPDF, text: str, width: float) -> str:
    """Cut ``text`` with an ellipsis so it fits ``width`` mm in the current font."""
    if pdf.get_string_width(text) <= width:
        return text
    while text and pdf.get_string_width(text + "…") > width:
        text = text[:-1]
    return text + "…"
