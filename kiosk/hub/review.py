"""The trainers' review pages: ``/review…`` and the progress-QR link ``/p/{code}``.

Owns the HTTP side of reviewing practice: the overview (scenarios and pseudonymous
learners), a learner's timeline, a scenario's funnel with its hardest step, the DigComp
summary, the CSV export and the import of a learner's QR code (pasted text, photo, or
the ``/p/`` link a kiosk with ``hub_url`` puts in its codes). Every page is for trainers
only (:data:`kiosk.hub.auth.Trainer`: not logged in → login page, another role → 403).

The numbers come from :mod:`kiosk.hub.review_queries` and its neighbours
(``review_timeline``, ``review_funnel``, ``review_digcomp``, ``review_export``), QR codes
are read by :mod:`kiosk.hub.review_passport`; this module only picks the inputs and the
template.
The scenario catalogue (titles, steps, DigComp) is loaded on first use and again when
a scenario file changes, so a trainer who adds a scenario sees it without a restart.
"""

from __future__ import annotations

import csv
import io
import re
import string
import tempfile
import threading
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, HTTPException, Query, Request, UploadFile, status
from fastapi.responses import HTMLResponse, StreamingResponse
from sqlalchemy.orm import Session

from kiosk.engine.catalogue import Catalogue, load_catalogue
from kiosk.export.sealed import Verdict
from kiosk.hub.auth import DbSession, Trainer
from kiosk.hub.enrolment import trusted_issuers
from kiosk.hub.language import gettext_for, page_language
from kiosk.hub.review_digcomp import CompetenceSummary, digcomp_summary
from kiosk.hub.review_export import CSV_COLUMNS, ExportFilter, csv_line, export_rows
from kiosk.hub.review_format import local, zone
from kiosk.hub.review_funnel import funnel, learners_behind
from kiosk.hub.review_passport import (
    NotAPicture,
    PassportReading,
    code_from_photo,
    issuers,
    read_code,
    trusted_names,
)
from kiosk.hub.review_queries import (
    LearnerKey,
    ScenarioUse,
    epn_labels,
    has_statements,
    learners,
    scenario_uses,
)
from kiosk.hub.review_timeline import learner_competences, timeline
from kiosk.hub.templating import render

router = APIRouter(tags=["review"])

#: Largest QR photo accepted (the app refuses bodies over settings.max_body_bytes anyway).
MAX_PHOTO_BYTES = 15 * 1024 * 1024
#: A CSV export is kept in memory up to this size, then in a temporary file; sent in chunks.
CSV_SPOOL_BYTES = 8 * 1024 * 1024
CSV_CHUNK_BYTES = 64 * 1024
NO_STORE = {"Cache-Control": "no-store"}
#: Learners listed on the overview (the most recent; a search finds the others).
LEARNER_LIMIT = 200
#: What an export's file name may hold (HTTP headers are Latin-1; keep it plain ASCII).
FILENAME_CHARACTERS = frozenset(string.ascii_letters + string.digits + "-._")
EARLIEST_DAY, LATEST_DAY = date(2000, 1, 1), date(2999, 12, 31)
#: Learners named behind a hard step or competence (the most trouble first; the rest counted).
LISTED_LEARNERS = 30

_catalogue_lock = threading.Lock()


# -- shared bits ------------------------------------------------------------------------------


def catalogue(request: Request) -> Catalogue:
    """The hub's scenarios, reloaded when a file under the scenarios folder changes."""
    root = Path(request.app.state.settings.scenarios_dir)
    stamp = _fingerprint(root)
    cached: tuple[object, Catalogue] | None = getattr(request.app.state, "review_catalogue", None)
    if cached is None or cached[0] != stamp:
        with _catalogue_lock:
            cached = getattr(request.app.state, "review_catalogue", None)
            if cached is None or cached[0] != stamp:
                cached = (stamp, load_catalogue(root))
                request.app.state.review_catalogue = cached
    return cached[1]


def _fingerprint(root: Path) -> tuple[tuple[str, int, int], ...]:
    files = [root] if root.is_file() else sorted(root.rglob("*.yaml")) if root.is_dir() else []
    out = []
    for path in files:
        try:
            info = path.stat()
        except OSError:
            continue
        out.append((str(path), info.st_mtime_ns, info.st_size))
    return tuple(out)


def _page(request: Request, name: str, context: dict[str, Any], *, status_code: int = 200) -> HTMLResponse:
    return render(request, name, context, status_code=status_code)


def _labels(request: Request, session: Session) -> dict[str, str]:
    return epn_labels(session, trusted_names(request.app.state.settings.trusted_issuers_file),
                      page_language(request))


# -- overview, learner, scenario, DigComp ---------------------------------------------------------


@router.get("/review", response_class=HTMLResponse)
def overview(request: Request, user: Trainer, session: DbSession,
             q: Annotated[str, Query(max_length=100)] = "") -> HTMLResponse:
    book, language = catalogue(request), page_language(request)
    uses = scenario_uses(session, book, language)
    modules: list[tuple[str | None, list[ScenarioUse]]] = [
        (m.title.get(language), [u for u in uses if u.module == m.id]) for m in book.modules]
    others = [u for u in uses if u.module not in {m.id for m in book.modules}]
    if others:
        modules.append((None, others))  # the template names them: "Autres exercices"
    return _page(request, "review.html", {
        "modules": modules, "learners": learners(session, search=q, limit=LEARNER_LIMIT), "q": q,
        "learner_limit": LEARNER_LIMIT,
        "epns": _labels(request, session),
    })


@router.get("/review/learners/{epn}/{pseudonym:path}", response_class=HTMLResponse)
def learner_page(request: Request, user: Trainer, session: DbSession, epn: str,
                 pseudonym: str) -> HTMLResponse:
    who = LearnerKey.of(epn, pseudonym)
    book, language = catalogue(request), page_language(request)
    found = timeline(session, book, who, language)
    if not found.statements:
        raise HTTPException(status.HTTP_404_NOT_FOUND, gettext_for(request).gettext(
            "Ce hub n'a rien reçu pour %(pseudonym)s de l'EPN %(epn)s.")
            % {"pseudonym": pseudonym, "epn": epn})
    return _page(request, "review_learner.html", {
        "t": found, "who": who, "epn_label": _labels(request, session).get(epn, ""),
        "competences": learner_competences(found, book, language),
    })


@router.get("/review/scenarios/{scenario_id}", response_class=HTMLResponse)
def scenario_page(request: Request, user: Trainer, session: DbSession, scenario_id: str) -> HTMLResponse:
    book = catalogue(request)
    f = funnel(session, book, scenario_id, page_language(request))
    if not f.known and not f.attempts:
        raise HTTPException(status.HTTP_404_NOT_FOUND, gettext_for(request).gettext(
            "Aucun exercice « %(id)s » ici.") % {"id": scenario_id})
    scenario = book.scenarios.get(scenario_id)
    behind = learners_behind(session, f, f.hardest.step_id) if f.hardest else []
    return _page(request, "review_scenario.html", {"f": f, "scenario": scenario, "behind": behind,
                                                   "listed": LISTED_LEARNERS})


@router.get("/review/digcomp", response_class=HTMLResponse)
def digcomp_page(request: Request, user: Trainer, session: DbSession) -> HTMLResponse:
    areas: dict[tuple[str, str], list[CompetenceSummary]] = {}  # (number, French name) → competences
    for competence in digcomp_summary(session, catalogue(request), page_language(request)):
        areas.setdefault((competence.code.split(".")[0], competence.area), []).append(competence)
    return _page(request, "review_digcomp.html", {"areas": list(areas.items()), "listed": LISTED_LEARNERS})


# -- CSV export --------------------------------------------------------------------------------


def _csv_chunks(request: Request, which: ExportFilter, delimiter: str) -> Iterator[bytes]:
    # All rows are written to a spooled file first (memory, then disk past a few MB), and
    # only then sent: a slow download must not hold a pooled database connection.
    with tempfile.SpooledTemporaryFile(max_size=CSV_SPOOL_BYTES) as spool:
        text = io.TextIOWrapper(spool, encoding="utf-8", newline="")
        writer = csv.writer(text, delimiter=delimiter, lineterminator="\r\n")
        text.write("\ufeff")  # so that Excel reads UTF-8 (accents in step and terminal names)
        writer.writerow(CSV_COLUMNS)
        book = catalogue(request)
        with request.app.state.sessionmaker() as session:
            for row in export_rows(session, book, which):
                writer.writerow(csv_line(row))
        text.flush()
        text.detach()
        spool.seek(0)
        while chunk := spool.read(CSV_CHUNK_BYTES):
            yield chunk


def _day_start(day: date | None) -> datetime | None:
    return datetime.combine(day, time(0), tzinfo=zone()) if day else None


@router.get("/review/export.csv")
def export_csv(
    request: Request,
    user: Trainer,
    scenario: Annotated[str | None, Query(max_length=255)] = None,
    epn: Annotated[str | None, Query(max_length=255)] = None,
    pseudonym: Annotated[str | None, Query(max_length=100)] = None,
    since: date | None = None,
    until: date | None = None,
    sep: Annotated[str, Query(pattern="^(comma|semicolon)$")] = "comma",
) -> StreamingResponse:
    """The statements as CSV, one row each; ``since``/``until`` are local days (inclusive)."""
    for day in (since, until):
        if day is not None and not EARLIEST_DAY <= day <= LATEST_DAY:
            raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT,
                                gettext_for(request).gettext("Choisissez des dates entre 2000 et 2999."))
    learner = LearnerKey.of(epn, pseudonym) if epn and pseudonym else None
    until_end = _day_start(until + timedelta(days=1)) if until else None
    which = ExportFilter(scenario_id=scenario or None, learner=learner, since=_day_start(since),
                         until=until_end)
    parts = ["journal-epn"]
    if scenario:
        parts.append(scenario)
    if learner:
        parts.append(learner.pseudonym)
    parts.append(local(datetime.now(zone())).strftime("%Y-%m-%d-%Hh%M"))
    filename = "".join(c if c in FILENAME_CHARACTERS else "-" for c in "-".join(parts))[:120] + ".csv"
    return StreamingResponse(
        _csv_chunks(request, which, ";" if sep == "semicolon" else ","),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"', **NO_STORE},
    )


# -- a learner's QR code -----------------------------------------------------------------------


def _read(request: Request, session: Session, text: str) -> PassportReading:
    settings = request.app.state.settings
    labels = _labels(request, session)
    keys = trusted_issuers(session, settings.trusted_issuers_file)
    return read_code(text, trusted=issuers(keys, labels), catalogue=catalogue(request), epn_labels=labels,
                     today=local(datetime.now(zone())).date(), language=page_language(request))


def _passport_page(request: Request, session: Session, reading: PassportReading | None,
                   *, status_code: int = 200, text: str = "") -> HTMLResponse:
    here = None
    if reading is not None and reading.view is not None and has_statements(session, reading.view.learner):
        here = reading.view.learner
    response = _page(request, "review_passport.html", {"reading": reading, "journal": here, "text": text},
                     status_code=status_code)
    response.headers.update(NO_STORE)
    return response


@router.get("/review/passport", response_class=HTMLResponse)
def passport_form(request: Request, user: Trainer, session: DbSession) -> HTMLResponse:
    return _passport_page(request, session, None)


@router.post("/review/passport", response_class=HTMLResponse)
async def passport_import(
    request: Request,
    user: Trainer,
    session: DbSession,
    code: Annotated[str, Form(max_length=5000)] = "",
    photo: Annotated[UploadFile | None, File()] = None,
) -> HTMLResponse:
    """Read a pasted code, or the QR code on a photo; nothing is stored."""
    from starlette.concurrency import run_in_threadpool

    if photo is not None and photo.filename:
        _ = gettext_for(request).gettext
        data = await photo.read(MAX_PHOTO_BYTES + 1)
        if len(data) > MAX_PHOTO_BYTES:
            reading = PassportReading(None, _("Cette photo est trop lourde : envoyez-en une plus petite."))
            return _passport_page(request, session, reading, status_code=413)
        try:
            found = await run_in_threadpool(code_from_photo, data)
        except NotAPicture:
            reading = PassportReading(None, _("Ce fichier n'est pas une photo lisible : envoyez une image "
                                              "JPEG ou PNG."))
            return _passport_page(request, session, reading, status_code=422)
        if found is None:
            reading = PassportReading(None, _("Aucun code QR n'a été trouvé sur cette photo. Reprenez-la de "
                                              "plus près, bien nette, avec tout le code dans l'image."))
            return _passport_page(request, session, reading, status_code=422)
        code = found
    reading = await run_in_threadpool(_read, request, session, code)
    return _passport_page(request, session, reading, status_code=200 if reading.ok else 422,
                          text="" if reading.ok else code[:5000])


#: The only escapes a kiosk puts in a ``/p/`` link (Base45's space, % and /: see
#: :func:`kiosk.export.sealed.hub_link`).
_LINK_ESCAPES = re.compile(r"%(20|25|2F)", re.IGNORECASE)


def link_code(raw_path: bytes) -> str:
    """The code in a ``/p/…`` path as it came over the wire, undoing only the kiosk's
    escapes. A link that went through the login page comes back with its ``%`` left
    bare (``%CD`` is then Base45 text, not an escape), which this reads right too."""
    text = raw_path.decode("latin-1").split("/p/", 1)[-1]
    return _LINK_ESCAPES.sub(lambda m: {"20": " ", "25": "%", "2F": "/"}[m.group(1).upper()], text)


@router.get("/p/{code:path}", response_class=HTMLResponse)
def passport_link(request: Request, user: Trainer, session: DbSession, code: str) -> HTMLResponse:
    """The link inside a kiosk's QR code (``<hub_url>/p/EPN1:…``): the record it carries."""
    raw = request.scope.get("raw_path")
    reading = _read(request, session, link_code(raw)) if isinstance(raw, bytes) else None
    if reading is None or reading.verdict is Verdict.MALFORMED:
        reading = _read(request, session, code)  # the path as decoded by the server
    return _passport_page(request, session, reading, status_code=200 if reading.ok else 422)
