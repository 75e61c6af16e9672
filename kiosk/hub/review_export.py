"""The CSV export of the received statements, one row each, in a trainer's words.

Owns the export's rows (:func:`export_rows`: the statements in time order, read in
batches), its columns (:data:`CSV_COLUMNS`) and how a row becomes cells
(:func:`csv_line`): local time to the millisecond, the session's sequence number, the
session and attempt ids, the scenario's DigComp codes, the step's number and French
words from the hub's catalogue. A cell that a spreadsheet would read as a formula is
neutralised (:func:`csv_cell`). The HTTP side (streaming, file name) is in
:mod:`kiosk.hub.review`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import and_, case, nulls_last, select
from sqlalchemy.orm import Session

from kiosk.engine.catalogue import Catalogue
from kiosk.engine.digcomp import PREFIX
from kiosk.hub.models import Statement, Terminal
from kiosk.hub.review_format import iso_local
from kiosk.hub.review_queries import LearnerKey, step_number, step_text, utc
from kiosk.hub.review_timeline import SAME_MILLISECOND_ORDER
from kiosk.sync.xapi import KIOSK_ACTIVITY

#: Characters that make a spreadsheet read a cell as a formula (OWASP: CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
CSV_COLUMNS = ("horodatage", "n° dans la séance", "EPN", "pseudonyme", "séance", "essai", "scénario",
               "compétences DigComp", "n° d'étape", "étape", "texte de l'étape", "verbe", "réussite",
               "étoiles", "niveau d'aide", "langue", "terminal")


@dataclass(frozen=True, slots=True)
class ExportRow:
    """One statement as a line of the CSV export."""

    timestamp: datetime
    seq: int | None
    epn: str
    pseudonym: str
    session_id: str | None
    attempt_id: str | None  # the registration of an exercise's statement
    scenario_id: str | None
    digcomp: tuple[str, ...]  # codes such as 2.2, from the hub's catalogue
    step_number: int | None
    step_id: str | None
    step_text: str
    verb: str
    success: bool | None
    stars: int | None
    hint_level: int | None
    language: str | None
    terminal: str | None


@dataclass(frozen=True)
class ExportFilter:
    """Which statements to export (all by default)."""

    scenario_id: str | None = None
    learner: LearnerKey | None = None
    since: datetime | None = None
    until: datetime | None = None

    def where(self) -> list[Any]:
        s = Statement
        out: list[Any] = []
        if self.scenario_id:
            out.append(s.scenario_id == self.scenario_id)
        if self.learner is not None:
            out.append(and_(s.actor_home == self.learner.home, s.actor_name == self.learner.pseudonym))
        if self.since is not None:
            out.append(s.timestamp >= self.since)
        if self.until is not None:
            out.append(s.timestamp < self.until)
        return out


#: Statements of one millisecond without ``seq``: :func:`~kiosk.hub.review_timeline.verb_rank` in SQL.
_SESSION_ENDS = and_(Statement.verb == "terminated", Statement.object_id == KIOSK_ACTIVITY)
_SAME_MILLISECOND = case(
    (_SESSION_ENDS, len(SAME_MILLISECOND_ORDER)),
    *((Statement.verb == verb, rank) for verb, rank in SAME_MILLISECOND_ORDER.items()),
    else_=len(SAME_MILLISECOND_ORDER) + 1,
)


def export_rows(session: Session, catalogue: Catalogue, which: ExportFilter = ExportFilter(), *,
                batch: int = 2000) -> Iterator[ExportRow]:
    """The statements in time order (a millisecond's in the kiosk's order), read in batches
    (an export may be large)."""
    s = Statement
    query = (
        select(s.timestamp, s.seq, s.actor_home, s.actor_name, s.session_id, s.registration, s.scenario_id,
               s.step_id, s.verb, s.success, s.score_raw, s.hint_level, s.language, Terminal.label)
        .outerjoin(Terminal, Terminal.id == s.terminal_id)
        .where(*which.where())
        .order_by(s.timestamp, nulls_last(s.seq.asc()), _SAME_MILLISECOND, s.id)
        .execution_options(yield_per=batch)
    )

    @cache
    def step(scenario_id: str | None, step_id: str | None) -> tuple[tuple[str, ...], int | None, str]:
        scenario = catalogue.scenarios.get(scenario_id) if scenario_id else None
        codes = tuple(c[len(PREFIX):] for c in scenario.digcomp if c.startswith(PREFIX)) if scenario else ()
        return codes, step_number(scenario, step_id), step_text(scenario, step_id)

    epns: dict[str, str] = {}  # homePage → EPN id (rows are unpacked, not read by name: 100,000s of them)
    for (at, seq, home, name, session_id, registration, scenario_id, step_id, verb, success, score,
         hint_level, language, terminal) in session.execute(query):
        epn = epns.get(home)
        if epn is None:
            epn = epns[home] = LearnerKey(home, name).epn
        codes, number, text = step(scenario_id, step_id)
        yield ExportRow(
            timestamp=utc(at), seq=seq, epn=epn, pseudonym=name, session_id=session_id,
            attempt_id=registration if scenario_id else None, scenario_id=scenario_id, digcomp=codes,
            step_number=number, step_id=step_id, step_text=text, verb=verb, success=success,
            stars=score if verb == "completed" else None, hint_level=hint_level, language=language,
            terminal=terminal,
        )


def csv_cell(value: object) -> str:
    """A value as a CSV cell a spreadsheet will not run: text that starts like a formula
    gets a leading apostrophe (shown as text by Excel and LibreOffice)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_line(row: ExportRow) -> list[str]:
    """The cells of a row, in the order of :data:`CSV_COLUMNS`."""
    return [csv_cell(v) for v in (
        iso_local(row.timestamp), row.seq, row.epn, row.pseudonym, row.session_id, row.attempt_id,
        row.scenario_id, " ".join(row.digcomp), row.step_number, row.step_id, row.step_text, row.verb,
        row.success, row.stars, row.hint_level, row.language, row.terminal)]


__all__: Sequence[str] = (
    "CSV_COLUMNS", "ExportFilter", "ExportRow", "FORMULA_STARTS", "csv_cell", "csv_line", "export_rows",
)
