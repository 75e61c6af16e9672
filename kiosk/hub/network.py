"""The network coordinator's page: ``/network`` and its CSV files ``/network/{table}.csv``.

Owns the HTTP side of the coordinator's view across the EPNs of one hub: the filters (an
EPN or all, a period of local days: the last 12 weeks unless asked), the five tables of
:mod:`kiosk.hub.network_stats` — sessions per EPN per week, the most practised and the
hardest exercises, the DigComp levels shown, the help calls answered and how long they
waited — and one CSV file per table (comma, or semicolon with decimal commas for Excel).

For coordinators only (:data:`kiosk.hub.auth.Coordinator`: another role gets 403 with a
plain message); a coordinator in turn gets 403 on the trainers' pages. Nothing here
holds a pseudonym: the queries return counts, and the page and the files say so.
"""

from __future__ import annotations

import csv
import io
import string
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Query, Request, status
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from kiosk.hub.auth import Coordinator, DbSession
from kiosk.hub.language import page_language
from kiosk.hub.network_stats import (
    HARDEST_MIN_ATTEMPTS,
    MAX_WEEKS,
    QUICK_ANSWER_S,
    CompetenceLevels,
    ExerciseFigures,
    HelpFigures,
    NetworkFilter,
    Period,
    Week,
    WeekSessions,
    digcomp_levels,
    exercises,
    help_calls,
    network_epns,
    network_help,
    network_levels,
    sessions_by_week,
    top_level,
)
from kiosk.hub.review import catalogue
from kiosk.hub.review_export import csv_cell
from kiosk.hub.review_format import local, zone
from kiosk.hub.review_passport import trusted_names
from kiosk.hub.review_queries import epn_labels
from kiosk.hub.templating import render

router = APIRouter(tags=["network"])

#: Weeks shown when no period is asked (this one and the 11 before).
DEFAULT_WEEKS = 12
#: Exercises listed on the page per ranking (the CSV files hold them all).
LISTED_EXERCISES = 10
EARLIEST_DAY, LATEST_DAY = date(2000, 1, 1), date(2999, 12, 31)
NETWORK = "Tout le réseau"
NO_STORE = {"Cache-Control": "no-store"}
FILENAME_CHARACTERS = frozenset(string.ascii_letters + string.digits + "-._")

Table = Literal["sessions", "practised", "hardest", "digcomp", "help"]
TABLES: tuple[Table, ...] = ("sessions", "practised", "hardest", "digcomp", "help")
#: The file name's word for each table (French, plain ASCII).
FILE_WORDS: dict[Table, str] = {"sessions": "seances", "practised": "exercices-pratiques",
                                "hardest": "exercices-difficiles", "digcomp": "digcomp",
                                "help": "appels-aide"}


class PeriodRefused(ValueError):
    """The period asked cannot be shown; the message says why and what to do, in French."""


def period_of(since: date | None, until: date | None, today: date) -> Period:
    """The period asked (local days, both included), or the last :data:`DEFAULT_WEEKS` weeks."""
    until = until or today
    since = since or (until - timedelta(days=until.weekday()) - timedelta(weeks=DEFAULT_WEEKS - 1))
    for day in (since, until):
        if not EARLIEST_DAY <= day <= LATEST_DAY:
            raise PeriodRefused("Choisissez des dates entre 2000 et 2999.")
    if since > until:
        raise PeriodRefused("La date de début est après la date de fin : échangez-les.")
    if len(Period(since, until).weeks()) > MAX_WEEKS:
        raise PeriodRefused(f"Choisissez une période de {MAX_WEEKS} semaines au plus (environ trois ans).")
    return Period(since, until)


@dataclass(frozen=True)
class WeekGroup:
    """A week of the sessions table: one line per EPN (zeros where an EPN had nobody)."""

    week: Week
    lines: tuple[WeekSessions, ...]


def week_groups(rows: Sequence[WeekSessions], weeks: Sequence[Week],
                epns: Sequence[str]) -> list[WeekGroup]:
    """Every week of the period, each with a line for each of ``epns`` (most recent week first)."""
    found = {(r.monday, r.epn): r for r in rows}
    return [WeekGroup(w, tuple(found.get((w.monday, e)) or WeekSessions(w.monday, e, 0, 0, 0, 0)
                               for e in epns))
            for w in reversed(weeks)]


@dataclass(frozen=True)
class NetworkTables:
    """What the page shows (and the CSV files hold)."""

    weeks: list[WeekGroup]
    practised: list[ExerciseFigures]
    hardest: list[ExerciseFigures]
    digcomp: list[tuple[str, list[CompetenceLevels]]]  # (EPN or "" for the network, its rows)
    levels: int  # the DigComp table's level columns: 1 … levels
    help: list[HelpFigures]  # per EPN, then the network's total when there are several


def network_tables(request: Request, session: Session, which: NetworkFilter,
                   only: Table | None = None, *, listed: int | None = None) -> NetworkTables:
    """The tables for ``which`` (``only`` one of them for a CSV file; the others stay empty)."""
    book = catalogue(request)

    def wanted(table: Table) -> bool:
        return only is None or only == table

    weeks: list[WeekGroup] = []
    if wanted("sessions"):
        rows = sessions_by_week(session, which)
        epns = [which.epn] if which.epn else sorted({r.epn for r in rows})
        weeks = week_groups(rows, which.period.weeks(), epns)
    practised = exercises(session, book, which, "practised", listed) if wanted("practised") else []
    hardest = exercises(session, book, which, "hardest", listed) if wanted("hardest") else []
    digcomp: list[tuple[str, list[CompetenceLevels]]] = []
    if wanted("digcomp"):
        levels = digcomp_levels(session, book, which)
        by_epn: dict[str, list[CompetenceLevels]] = {}
        for row in levels:
            by_epn.setdefault(row.epn, []).append(row)
        if len(by_epn) > 1:
            digcomp.append(("", network_levels(levels)))
        digcomp.extend(by_epn.items())
    helped: list[HelpFigures] = []
    if wanted("help"):
        helped = help_calls(session, which)
        if len(helped) > 1:
            helped.append(network_help(helped))
    return NetworkTables(weeks, practised, hardest, digcomp, top_level(book), helped)


def _labels(request: Request, session: Session) -> dict[str, str]:
    return epn_labels(session, trusted_names(request.app.state.settings.trusted_issuers_file),
                      page_language(request))


def _today() -> date:
    return local(datetime.now(zone())).date()


def _query(which: NetworkFilter) -> str:
    """The filters as a query string (for the CSV links)."""
    asked = {"since": which.period.since.isoformat(), "until": which.period.until.isoformat()}
    return urlencode(asked | ({"epn": which.epn} if which.epn else {}))


# -- the page ----------------------------------------------------------------------------------


@router.get("/network", response_class=HTMLResponse)
def network_page(
    request: Request,
    user: Coordinator,
    session: DbSession,
    epn: Annotated[str, Query(max_length=255)] = "",
    since: date | None = None,
    until: date | None = None,
) -> HTMLResponse:
    labels = _labels(request, session)
    known = network_epns(session)
    context: dict[str, Any] = {
        "epns": [(e, labels.get(e, e)) for e in known], "labels": labels, "epn": epn,
        "since": since, "until": until, "tables": None, "error": None, "network": NETWORK,
        "hardest_min": HARDEST_MIN_ATTEMPTS, "quick": QUICK_ANSWER_S, "listed": LISTED_EXERCISES,
    }
    try:
        period = period_of(since, until, _today())
    except PeriodRefused as refused:
        context["error"] = str(refused)
        return render(request, "network.html", context, status_code=status.HTTP_422_UNPROCESSABLE_CONTENT)
    which = NetworkFilter(period, epn or None)
    tables = network_tables(request, session, which, listed=LISTED_EXERCISES)
    context.update({
        "since": period.since, "until": period.until, "tables": tables, "query": _query(which),
        "totals": {
            "sessions": sum(line.sessions for g in tables.weeks for line in g.lines),
            "completions": sum(line.completions for g in tables.weeks for line in g.lines),
            "calls": sum(h.calls for h in tables.help if h.epn),
            "answered": sum(h.answered for h in tables.help if h.epn),
        },
        "busiest": max((line.sessions for g in tables.weeks for line in g.lines), default=0),
    })
    return render(request, "network.html", context)


# -- CSV files -----------------------------------------------------------------------------------


def _decimal(value: float | None, decimal_comma: bool, digits: int = 2) -> str:
    if value is None:
        return ""
    text = f"{value:.{digits}f}"
    return text.replace(".", ",") if decimal_comma else text


def csv_rows(tables: NetworkTables, table: Table, labels: dict[str, str],
             decimal_comma: bool) -> Iterator[list[object]]:
    """The header, then the lines of one table, as the page shows them."""

    def name(epn: str) -> str:
        return labels.get(epn, epn) if epn else NETWORK

    if table == "sessions":
        yield ["semaine du (lundi)", "EPN", "nom de l'EPN", "séances", "apprenant·es", "exercices commencés",
               "exercices terminés"]
        for group in tables.weeks:
            for line in group.lines:
                yield [line.monday.isoformat(), line.epn, name(line.epn), line.sessions, line.learners,
                       line.attempts, line.completions]
    elif table in ("practised", "hardest"):
        yield ["rang", "exercice", "titre", "essais", "terminés", "terminés (%)", "apprenant·es", "erreurs",
               "aides", "erreurs + aides par essai", "étoiles (moyenne)"]
        for rank, e in enumerate(tables.practised if table == "practised" else tables.hardest, start=1):
            share = round(100 * e.completions / e.attempts) if e.attempts else ""
            yield [rank, e.scenario_id, e.title, e.attempts, e.completions, share, e.learners, e.errors,
                   e.hints, _decimal(e.trouble_per_attempt, decimal_comma),
                   _decimal(e.average_stars, decimal_comma)]
    elif table == "digcomp":
        yield ["EPN", "nom de l'EPN", "compétence", "intitulé",
               *[f"apprenant·es au niveau {n}" for n in range(1, tables.levels + 1)]]
        for epn, rows in tables.digcomp:
            for row in rows:
                yield [epn, name(epn), row.code, row.title, *row.learners]
    else:
        yield ["EPN", "nom de l'EPN", "appels", "pris en charge (J'arrive)",
               f"pris en charge en {QUICK_ANSWER_S} s au plus", "attente moyenne (s)",
               "attente la plus longue (s)"]
        for h in tables.help:
            yield [h.epn, name(h.epn), h.calls, h.answered, h.quickly,
                   _decimal(h.average_seconds, decimal_comma, 0),
                   "" if h.longest_seconds is None else h.longest_seconds]


@router.get("/network/{table}.csv")
def network_csv(
    request: Request,
    user: Coordinator,
    session: DbSession,
    table: Table,
    epn: Annotated[str, Query(max_length=255)] = "",
    since: date | None = None,
    until: date | None = None,
    sep: Annotated[str, Query(pattern="^(comma|semicolon)$")] = "comma",
) -> Response:
    """One table of the page as CSV (semicolon: decimal commas too, for Excel in French)."""
    try:
        period = period_of(since, until, _today())
    except PeriodRefused as refused:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(refused)) from None
    which = NetworkFilter(period, epn or None)
    tables = network_tables(request, session, which, table)
    semicolon = sep == "semicolon"
    out = io.StringIO(newline="")
    out.write("\ufeff")  # so that Excel reads UTF-8
    writer = csv.writer(out, delimiter=";" if semicolon else ",", lineterminator="\r\n")
    for line in csv_rows(tables, table, _labels(request, session), semicolon):
        writer.writerow([csv_cell(cell) for cell in line])
    parts = ["reseau", FILE_WORDS[table], period.since.isoformat(), period.until.isoformat()]
    if which.epn:
        parts.append(which.epn)
    filename = "".join(c if c in FILENAME_CHARACTERS else "-" for c in "-".join(parts))[:120] + ".csv"
    return Response(out.getvalue().encode("utf-8"), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"', **NO_STORE})
