"""The attestation's second page, "Le chemin parcouru": where the learner started, where
they are now, and the path they follow.

Owns the page drawn when a progress record carries a placement ("Faisons le point") or a
path (:func:`travelled_page`), and the note page one carries when it has neither
(:data:`NO_PLACEMENT`). Trainers compare the same grid at the start and later to show the
path travelled; this page puts it on paper:

- the placement profiles side by side — at the start, in the middle when there was one,
  the latest — one row per DigComp 2.2 competence: its pictogram, code and name, and per
  profile the level as three squares, "niveau N" and DigComp's word for it
  (fondamental, intermédiaire; "pas encore" for 0); a green mark where the latest is
  above the start;
- the self-assessment before and now, in the kiosk's own pictures (the question's
  pictogram; thumbs up, wobbling hand, seedling for the answers);
- the path: its pictogram and name, "N exercices faits sur M" with a bar, the exercises
  done ticked and the next one pointed at.

A competence's pictogram is the one its self-assessment question shows on the kiosk,
else the one of the first scenario (teaching order) that practises it mainly. Rows
shrink a little when a long record would not fit: the page stays one page.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from fpdf import FPDF

from kiosk.engine.digcomp import title as competence_title
from kiosk.engine.model import Scenario
from kiosk.engine.paths import LearningPath, PathPlace
from kiosk.engine.placement import PlacedProfile
from kiosk.engine.selfcheck import QUESTIONS
from kiosk.export.attestation_look import (
    BAND,
    FONT,
    INK,
    LEFT,
    SOFT,
    fit,
    french_date,
    heading,
    level_words,
    picture,
    short_date,
)
from kiosk.export.record import ProgressRecord
from kiosk.store.progress import AnswerSet

NO_PLACEMENT = "« Faisons le point » (quelques exercices à la borne) : pas encore fait."
ANSWER_WORDS = {"yes": "oui", "a_little": "un peu", "not_yet": "pas encore"}
ANSWER_PICTURES = {"yes": "thumbs-up", "a_little": "so-so-hand", "not_yet": "seedling"}
ANSWER_RANK = {"not_yet": 0, "a_little": 1, "yes": 2}
PLACED_LEVELS = 3  # a placement shows levels 0–3
FILLED, EMPTY = (40, 110, 200), (222, 222, 222)
GREEN = (40, 150, 70)
TOP, BOTTOM = 27.0, 286.0  # mm: where the page's body starts and must end (footer under it)
# rows (mm) at full size and at their smallest: long records shrink rows, never the type
PLACED_ROW, PLACED_ROW_MIN = 11.0, 9.2
ANSWER_ROW, ANSWER_ROW_MIN = 12.0, 10.4
EXERCISE_ROW, EXERCISE_ROW_MIN = 7.5, 6.0


@dataclass(frozen=True)
class Known:
    """What this kiosk knows of the content, to name and picture what a record holds."""

    titles: Mapping[str, str]  # scenario id → French title
    pictograms: Mapping[str, str]  # scenario id → pictogram stem
    paths: Mapping[str, LearningPath]  # shipped path id → path
    in_order: Sequence[Scenario] = ()  # scenarios in teaching order

    def title(self, scenario_id: str) -> str:
        return self.titles.get(scenario_id) or (
            "exercice d'un autre EPN" if scenario_id.startswith("#") else scenario_id)


def competence_pictogram(competence: str, in_order: Iterable[Scenario] = ()) -> str | None:
    """The pictogram a competence is shown with (see the module's docstring)."""
    for question in QUESTIONS:
        if competence in question.digcomp:
            return question.pictogram
    return next((s.pictogram for s in in_order if s.digcomp and s.digcomp[0] == competence), None)


def has_travelled_page(record: ProgressRecord) -> bool:
    """Page two is drawn for a record with a placement or a path."""
    return bool(record.placements) or record.path is not None


def shown_profiles(placements: Sequence[PlacedProfile]) -> list[tuple[str, PlacedProfile]]:
    """The profiles the page compares, with their column titles: start, middle, latest."""
    if len(placements) == 1:
        return [("Le point fait", placements[0])]
    names = ["Au début", "À mi-parcours", "Le dernier point"]
    if len(placements) == 2:
        names = ["Au début", "Le dernier point"]
    return list(zip(names, placements[: len(names)], strict=False))


def travelled_page(pdf: FPDF, record: ProgressRecord, known: Known, pictograms: Path, *,
                   epn_name: str, picture_code: str) -> None:
    """Add page two and draw it (see the module's docstring)."""
    pdf.add_page()
    width = pdf.w - 2 * LEFT
    pdf.set_fill_color(*BAND)
    pdf.rect(0, 0, pdf.w, 24, style="F")
    pdf.set_text_color(*INK)
    pdf.set_xy(LEFT, 6)
    pdf.set_font(FONT, "B", 22)
    pdf.cell(width, 9, "Le chemin parcouru")
    pdf.set_xy(LEFT, 16)
    pdf.set_font(FONT, "", 11)
    pdf.cell(width, 6, f"{epn_name} — le {french_date(record.issued)} — code en images : {picture_code}")

    profiles = shown_profiles(record.placements)
    sets = record.answer_sets
    path = record.path
    # fixed heights (headings, notes, gaps) and the heights that scale (rows)
    legend = 6.5 if len(profiles) > 1 else 11.0
    fixed = 9.0 + (11 + legend if profiles else 9) + 4 + 9.0 + (0 if sets else 7) + 4
    counts = [len(_competences(profiles)), _self_rows(sets), 0]
    if path is not None:
        fixed += 9 + 15
        counts[2] = _path_rows(path, known)
    placed_row, answer_row, exercise_row = _row_heights(counts, BOTTOM - TOP - fixed)

    y = TOP
    y = _placements(pdf, profiles, known, pictograms, y, width, placed_row) + 4
    y = _self_assessment(pdf, sets, pictograms, y, width, answer_row) + 4
    if path is not None:
        _path(pdf, path, known, pictograms, y, width, exercise_row)

    pdf.set_xy(LEFT, pdf.h - 10)
    pdf.set_font(FONT, "", 8.5)
    pdf.set_text_color(*SOFT)
    pdf.cell(width, 4, "Page 2 sur 2 — niveaux selon DigComp 2.2, le cadre européen des "
             "compétences numériques — pictogrammes OpenMoji (CC BY-SA 4.0)")
    pdf.set_text_color(*INK)


def _row_heights(counts: Sequence[int], room: float) -> tuple[float, float, float]:
    """Row heights of the three sections (``counts`` rows each) filling at most ``room``:
    full size when they fit, else shrunk alike down to each section's smallest."""
    sizes = ((PLACED_ROW, PLACED_ROW_MIN), (ANSWER_ROW, ANSWER_ROW_MIN),
             (EXERCISE_ROW, EXERCISE_ROW_MIN))

    def at(scale: float) -> tuple[float, float, float]:
        a, b, c = (max(smallest, full * scale) for full, smallest in sizes)
        return a, b, c

    def height(rows: tuple[float, float, float]) -> float:
        return sum(n * r for n, r in zip(counts, rows, strict=True))

    low, high = 0.0, 1.0
    if height(at(high)) <= room:
        return at(high)
    for _ in range(20):  # bisection: 1/1,000,000 of the full size is close enough
        middle = (low + high) / 2
        low, high = (middle, high) if height(at(middle)) <= room else (low, middle)
    return at(low)


# -- the placement profiles ----------------------------------------------------------------

def _competences(profiles: Sequence[tuple[str, PlacedProfile]]) -> list[str]:
    return sorted({c for _, p in profiles for c in p.levels}, key=_competence_order)


def _competence_order(competence: str) -> tuple[int, ...]:
    return tuple(int(n) for n in competence.rsplit(":", 1)[-1].split("."))


def _placements(pdf: FPDF, profiles: Sequence[tuple[str, PlacedProfile]], known: Known,
                pictograms: Path, y: float, width: float, row: float) -> float:
    y = heading(pdf, "Faisons le point : ce que j'ai montré à la borne", y, width)
    if not profiles:
        pdf.set_xy(LEFT, y + 1)
        pdf.set_font(FONT, "", 12)
        pdf.cell(width, 7, "Pas encore fait. Quelques exercices à la borne montrent le niveau.")
        return y + 9
    column = 42.0 if len(profiles) < 3 else 37.0
    name_x = LEFT + 12
    first_column = LEFT + width - column * len(profiles)
    for index, (label, profile) in enumerate(profiles):
        x = first_column + index * column
        pdf.set_xy(x, y)
        pdf.set_font(FONT, "B", 11)
        pdf.cell(column, 5.5, label)
        pdf.set_xy(x, y + 5.5)
        pdf.set_font(FONT, "", 9.5)
        pdf.set_text_color(*SOFT)
        pdf.cell(column, 4.5, f"le {short_date(profile.taken_on)}")
        pdf.set_text_color(*INK)
    pdf.set_xy(name_x, y + 5.5)
    pdf.set_font(FONT, "", 9.5)
    pdf.set_text_color(*SOFT)
    pdf.cell(60, 4.5, "Compétence (DigComp 2.2)")
    pdf.set_text_color(*INK)
    y += 11
    start = profiles[0][1]
    for competence in _competences(profiles):
        size = min(9.0, row - 1.5)
        picture(pdf, pictograms, competence_pictogram(competence, known.in_order), LEFT,
                y + (row - size) / 2, size)
        _competence_name(pdf, competence, name_x, y, first_column - name_x - 2, row)
        for index, (_, profile) in enumerate(profiles):
            level = profile.levels.get(competence)
            grew = (index == len(profiles) - 1 and index > 0 and level is not None
                    and level > start.levels.get(competence, 0))
            _level_cell(pdf, level, first_column + index * column, y, row, grew=grew)
        pdf.set_draw_color(225, 225, 225)
        pdf.line(LEFT, y + row, LEFT + width, y + row)
        y += row
    pdf.set_xy(LEFT, y + 1.2)
    pdf.set_font(FONT, "", 9.5)
    pdf.set_text_color(*SOFT)
    legend = "Niveau 1 : avec de l'aide. Niveau 2 : seul, aidé si besoin. Niveau 3 : seul."
    pdf.cell(pdf.get_string_width(legend) + 2 * pdf.c_margin, 4.5, legend)
    if len(profiles) > 1:
        x = pdf.get_x() + 4
        _grew_mark(pdf, x + 1.6, y + 4.9)
        pdf.set_xy(x + 3.6, y + 1.2)
        pdf.cell(60, 4.5, "plus haut qu'au début.")
    else:
        pdf.set_xy(LEFT, y + 5.8)
        pdf.cell(width, 4.5, "Un seul point fait : le prochain montrera le chemin parcouru.")
    pdf.set_text_color(*INK)
    return y + (6.5 if len(profiles) > 1 else 11)


def _competence_name(pdf: FPDF, competence: str, x: float, y: float, width: float,
                     row: float) -> None:
    """Code and name of a competence, on two lines when one is too short for the name."""
    code = competence.rsplit(":", 1)[-1]
    name = competence_title(competence, "fr")
    pdf.set_font(FONT, "", 11.5)
    lines = [name]
    if pdf.get_string_width(name) > width - 10 - 2 * pdf.c_margin:
        pdf.set_font(FONT, "", 10.5)
        words, first = name.split(), ""
        while words and pdf.get_string_width(f"{first} {words[0]}".strip()) <= width - 10 - 2 * pdf.c_margin:
            first = f"{first} {words.pop(0)}".strip()
        lines = [first, " ".join(words)] if first and words else [name]
    line = 4.6 if len(lines) == 2 else 6.0
    top = y + (row - line * len(lines)) / 2
    size = pdf.font_size_pt
    pdf.set_xy(x, top)
    pdf.set_font(FONT, "B", size)
    pdf.cell(10, line, code)
    pdf.set_font(FONT, "", size)
    for index, text in enumerate(lines):
        pdf.set_xy(x + 10, top + index * line)
        pdf.cell(width - 10, line, fit(pdf, text, width - 10 - 2 * pdf.c_margin))


def _level_cell(pdf: FPDF, level: int | None, x: float, y: float, row: float, *,
                grew: bool) -> None:
    """One level: three squares, "niveau N" (or "pas encore"), DigComp's word under it."""
    top = y + (row - (9.0 if level else 5.2)) / 2  # one line for "pas encore" and "—"
    if level is None:
        pdf.set_xy(x, top)
        pdf.set_font(FONT, "", 11)
        pdf.cell(20, 5, "—")
        return
    for i in range(PLACED_LEVELS):
        pdf.set_fill_color(*(GREEN if grew and i < level else FILLED if i < level else EMPTY))
        pdf.rect(x + i * 4.2, top + 0.9, 3.4, 3.4, style="F")
    pdf.set_xy(x + 13, top)
    pdf.set_font(FONT, "B" if level else "", 10.5)
    words = f"niveau {level}" if level else "pas encore"
    pdf.cell(pdf.get_string_width(words) + 2 * pdf.c_margin, 5.2, words)
    if grew:
        _grew_mark(pdf, pdf.get_x() + 1.8, top + 4.0)
    if level:
        pdf.set_xy(x + 13, top + 4.8)
        pdf.set_font(FONT, "", 9)
        pdf.set_text_color(*SOFT)
        pdf.cell(24, 4.2, level_words(level))
        pdf.set_text_color(*INK)


def _grew_mark(pdf: FPDF, x: float, y: float) -> None:
    """A small green triangle pointing up, its base centred on (x, y)."""
    pdf.set_fill_color(*GREEN)
    pdf.polygon([(x - 1.6, y), (x + 1.6, y), (x, y - 2.8)], style="F")


# -- the self-assessment ----------------------------------------------------------------------

def _self_rows(sets: Sequence[AnswerSet]) -> int:
    if not sets:
        return 0
    asked = {q for s in (sets[0], sets[-1]) for q in s.answers}
    return -(-len(asked) // 2)


def _self_assessment(pdf: FPDF, sets: Sequence[AnswerSet], pictograms: Path, y: float,
                     width: float, row: float) -> float:
    if not sets:
        y = heading(pdf, "Ce que je pense savoir faire", y, width)
        pdf.set_xy(LEFT, y + 1)
        pdf.set_font(FONT, "", 12)
        pdf.cell(width, 6, "Les questions en images ne sont pas encore faites.")
        return y + 7
    first, last = sets[0], sets[-1]
    when = f"le {short_date(first.asked_on)}"
    if last is not first:
        when = f"avant, le {short_date(first.asked_on)}, et maintenant, le {short_date(last.asked_on)}"
    y = heading(pdf, f"Ce que je pense savoir faire ({when})", y, width)
    asked = [q for q in QUESTIONS if q.id in first.answers or q.id in last.answers]
    rows = -(-len(asked) // 2)
    cell = width / 2
    for index, question in enumerate(asked):
        column, line = divmod(index, rows)
        x, top = LEFT + column * cell, y + line * row
        size = min(10.0, row - 1.5)
        picture(pdf, pictograms, question.pictogram, x, top + (row - size) / 2, size)
        pdf.set_xy(x + 12, top + (row - 10.4) / 2)
        pdf.set_font(FONT, "B", 11)
        pdf.cell(cell - 14, 5, fit(pdf, question.topic_fr, cell - 14))
        then, now = first.answers.get(question.id), last.answers.get(question.id)
        answer_y = top + (row - 10.4) / 2 + 5.2
        x_at = _answer(pdf, pictograms, then, x + 12, answer_y, bold=last is first)
        if last is not first:
            _arrow(pdf, x_at + 1.5, answer_y + 2.6)
            grew = then is not None and now is not None and ANSWER_RANK[now] > ANSWER_RANK[then]
            _answer(pdf, pictograms, now, x_at + 9, answer_y, bold=True, grew=grew)
    return y + rows * row


def _answer(pdf: FPDF, pictograms: Path, answer: str | None, x: float, y: float, *,
            bold: bool, grew: bool = False) -> float:
    """An answer's picture and word; the x where it ends."""
    if answer is None:
        pdf.set_xy(x, y)
        pdf.set_font(FONT, "", 10.5)
        pdf.cell(6, 5, "—")
        return x + 6
    picture(pdf, pictograms, ANSWER_PICTURES[answer], x, y, 5.2)
    pdf.set_xy(x + 6, y)
    pdf.set_font(FONT, "B" if bold else "", 10.5)
    if grew:
        pdf.set_text_color(*GREEN)
    words = ANSWER_WORDS[answer]
    pdf.cell(pdf.get_string_width(words) + 1, 5.2, words)
    pdf.set_text_color(*INK)
    return x + 7 + pdf.get_string_width(words)


def _arrow(pdf: FPDF, x: float, y: float) -> None:
    """A short arrow to the right ("then"), drawn: the font has no arrow glyph."""
    pdf.set_draw_color(*SOFT)
    pdf.set_fill_color(*SOFT)
    pdf.set_line_width(0.5)
    pdf.line(x, y, x + 4, y)
    pdf.polygon([(x + 3.6, y - 1.5), (x + 6, y), (x + 3.6, y + 1.5)], style="F")
    pdf.set_line_width(0.2)


# -- the path -------------------------------------------------------------------------------

def _exercises(path: PathPlace, known: Known) -> tuple[str, ...]:
    if path.path_id is not None:
        shipped = known.paths.get(path.path_id)
        return shipped.exercises if shipped is not None else ()
    return path.exercises


def _path_rows(path: PathPlace, known: Known) -> int:
    exercises = _exercises(path, known)
    return -(-len(exercises) // _path_columns(len(exercises)))


def _path_columns(count: int) -> int:
    return 2 if count <= 10 else 3


def _path(pdf: FPDF, path: PathPlace, known: Known, pictograms: Path, y: float, width: float,
          row: float) -> float:
    exercises = _exercises(path, known)
    shipped = known.paths.get(path.path_id) if path.path_id is not None else None
    if shipped is not None:
        name, stem = shipped.title.get("fr"), shipped.pictogram
    elif path.path_id is not None:
        stem = "footprints"
        name = "Un parcours d'un autre EPN" if path.path_id.startswith("#") else \
            f"Le parcours \u00ab\u00a0{path.path_id}\u00a0\u00bb"
    else:
        name, stem = "Un parcours préparé pour moi", "footprints"
    y = heading(pdf, "Mon parcours", y, width)
    picture(pdf, pictograms, stem, LEFT, y + 1, 13)
    pdf.set_xy(LEFT + 16, y + 1)
    pdf.set_font(FONT, "B", 15)
    pdf.cell(100, 7, fit(pdf, name, 100))
    pdf.set_xy(LEFT + 16, y + 8)
    pdf.set_font(FONT, "", 12)
    done = min(path.place, len(exercises)) if exercises else path.place
    if not exercises:
        said = f"{done} exercice{'s' if done > 1 else ''} fait{'s' if done > 1 else ''}"
    elif done >= len(exercises):
        said = f"Parcours terminé : {len(exercises)} exercices sur {len(exercises)}"
    else:
        said = f"{done} exercice{'s' if done > 1 else ''} fait{'s' if done > 1 else ''} " \
               f"sur {len(exercises)}"
    pdf.cell(100, 6, said)
    if exercises:
        _bar(pdf, done, len(exercises), LEFT + width - 62, y + 5, 62)
    y += 15
    columns = _path_columns(len(exercises))
    rows = -(-len(exercises) // columns)
    if not exercises or y + rows * row > BOTTOM + 0.01:
        return y  # no room for the list (a very long record): the progress line stays
    cell = width / columns
    icon = min(5.8, row - 1.2)
    for index, scenario_id in enumerate(exercises):
        column, line = divmod(index, rows)
        x, top = LEFT + column * cell, y + line * row
        status = "check" if index < done else "start-here" if index == done else None
        picture(pdf, pictograms, status, x, top + (row - icon) / 2, icon)
        picture(pdf, pictograms, known.pictograms.get(scenario_id), x + icon + 1,
                top + (row - icon) / 2, icon)
        pdf.set_xy(x + 2 * icon + 2.5, top + (row - 5.5) / 2)
        pdf.set_font(FONT, "B" if index == done else "", 10.5)
        pdf.set_text_color(*(INK if index <= done else SOFT))
        room = cell - 2 * icon - 4
        pdf.cell(room, 5.5, fit(pdf, f"{index + 1}. {known.title(scenario_id)}", room))
        pdf.set_text_color(*INK)
    return y + rows * row


def _bar(pdf: FPDF, done: int, total: int, x: float, y: float, width: float) -> None:
    """The path as a bar of ``total`` segments, the ``done`` first ones filled."""
    gap = 0.8 if total <= 30 else 0.0
    segment = (width - gap * (total - 1)) / total
    for i in range(total):
        pdf.set_fill_color(*(GREEN if i < done else EMPTY))
        pdf.rect(x + i * (segment + gap), y, segment, 5, style="F")
