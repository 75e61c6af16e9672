"""The room's "Proposer un exercice": what an animator may propose, and sending it to a terminal.

Owns these routes (HUB_PROTOCOL.md, "Proposals"; the rules are :mod:`kiosk.hub.room_proposals`):

- ``GET /room/proposals`` (animator): the exercises in teaching order and the paths the
  terminals have (shipped and published, :func:`kiosk.hub.path_builder.published_catalogue`),
  titled in the staff member's language, with their pictograms — the tile menu's list;
- ``POST /room/terminals/{id}/propose`` (animator + CSRF): ``kind`` (``scenario`` or
  ``path``) and ``ref`` (its id), as a form or JSON. It travels to the terminal on the
  answers to its statuses, like "J'arrive" (:mod:`kiosk.hub.room_relay` for several
  processes). Unknown exercise or path, or a malformed body → **422** (non-JSON: **400**);
  a terminal not enrolled → **404**. Accepted → the tile, whose ``proposal`` says
  ``asked``, or ``dropped`` / ``offline`` when the terminal is silent;
- ``GET /room/pictograms/{name}.png`` (animator): a kiosk pictogram for the menu.

Nothing here names a learner: the proposal goes to a terminal, whoever sits there.
"""

from __future__ import annotations

import json
import logging
import re
import uuid
from pathlib import Path as FilePath
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Request, status
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from kiosk.engine.catalogue import Catalogue
from kiosk.hub.auth import Animator
from kiosk.hub.language import N_, gettext_for, page_language
from kiosk.hub.path_builder import published_catalogue
from kiosk.hub.paths_page import pictogram_file
from kiosk.hub.room import NOT_ENROLLED, TerminalId, refresh_roster, relay_of
from kiosk.hub.room_proposals import KINDS
from kiosk.hub.room_state import UnknownTerminal

log = logging.getLogger(__name__)

router = APIRouter(tags=["room"])

_REF = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")
#: Largest body taken (a kind and an id are a few dozen bytes).
MAX_BODY_BYTES = 1024
UNKNOWN = N_("Cet exercice n'existe pas sur ce hub.")
MALFORMED = N_("Choisissez un exercice ou un parcours dans la liste.")


def _catalogue(request: Request) -> Catalogue:
    with request.app.state.sessionmaker() as session:
        return published_catalogue(FilePath(request.app.state.settings.scenarios_dir), session)


def choices(catalogue: Catalogue, language: str) -> dict[str, list[dict[str, Any]]]:
    """The menu's exercises (teaching order, then any other) and paths, titled in ``language``."""
    exercises: list[dict[str, Any]] = []
    seen: set[str] = set()
    for module in catalogue.modules:
        for scenario in catalogue.in_module(module.id):
            seen.add(scenario.id)
            exercises.append({"id": scenario.id, "title": scenario.title.get(language),
                              "module": module.title.get(language), "pictogram": scenario.pictogram})
    for sid in sorted(set(catalogue.scenarios) - seen):
        scenario = catalogue.scenarios[sid]
        exercises.append({"id": sid, "title": scenario.title.get(language), "module": scenario.module,
                          "pictogram": scenario.pictogram})
    paths = [{"id": p.id, "title": p.title.get(language), "pictogram": p.pictogram, "count": len(p.exercises)}
             for p in catalogue.paths]
    return {"exercises": exercises, "paths": paths}


@router.get("/room/proposals")
async def proposal_choices(request: Request, user: Animator) -> JSONResponse:
    """What the tile menu "Proposer un exercice" lists, in the page's language."""
    relay_of(request.app).looked()
    catalogue = await run_in_threadpool(_catalogue, request)
    response = JSONResponse(choices(catalogue, page_language(request)))
    response.headers["Cache-Control"] = "no-store"
    return response


async def _body(request: Request) -> tuple[str, str]:
    """``kind`` and ``ref`` from the form or JSON body; 400/422 when they are not there."""
    words = gettext_for(request)
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise HTTPException(status.HTTP_413_CONTENT_TOO_LARGE, words.gettext(MALFORMED))
    content_type = request.headers.get("content-type", "")
    if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        form = await request.form()
        kind, ref = form.get("kind"), form.get("ref")
    else:
        raw = await request.body()
        if len(raw) > MAX_BODY_BYTES:
            raise HTTPException(status.HTTP_413_CONTENT_TOO_LARGE, words.gettext(MALFORMED))
        try:
            data = json.loads(raw)
        except ValueError:
            raise HTTPException(status.HTTP_400_BAD_REQUEST, words.gettext(MALFORMED)) from None
        if not isinstance(data, dict):
            raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, words.gettext(MALFORMED))
        kind, ref = data.get("kind"), data.get("ref")
    if not isinstance(kind, str) or kind not in KINDS or not isinstance(ref, str) or not _REF.match(ref):
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, words.gettext(MALFORMED))
    return kind, ref


@router.post("/room/terminals/{terminal_id}/propose")
async def propose(request: Request, terminal_id: TerminalId, user: Animator) -> Response:
    """"Proposer un exercice": the terminal shows the card at its next status (within 2 s)."""
    relay = relay_of(request.app)
    relay.looked()
    kind, ref = await _body(request)
    catalogue = await run_in_threadpool(_catalogue, request)
    known = ref in catalogue.scenarios if kind == "scenario" else catalogue.path(ref) is not None
    if not known:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, gettext_for(request).gettext(UNKNOWN))
    if not relay.room.enrolled(terminal_id):  # enrolled a moment ago, before the next roster read
        await run_in_threadpool(refresh_roster, request.app)
    try:
        await relay.propose(terminal_id, uuid.uuid4().hex, kind, ref, user.username)  # type: ignore[arg-type]
        tile = relay.room.tile(terminal_id)
    except UnknownTerminal:
        raise HTTPException(status.HTTP_404_NOT_FOUND, gettext_for(request).gettext(NOT_ENROLLED)) from None
    log.info("%s proposed %s %s to terminal %s", user.username, kind, ref, terminal_id)
    if "application/json" in request.headers.get("accept", ""):
        return JSONResponse({"tile": tile})
    return RedirectResponse("/room", status.HTTP_303_SEE_OTHER)


@router.get("/room/pictograms/{name}.png")
def room_pictogram(user: Animator,
                   name: Annotated[str, Path(pattern=r"^[a-z0-9][a-z0-9-]{0,40}$")]) -> FileResponse:
    """A pictogram of the kiosk, as the terminals show it (the menu's exercises and paths)."""
    return pictogram_file(name)
