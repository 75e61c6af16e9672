"""The trainers' path builder page: ``/review/paths`` (the rules are :mod:`kiosk.hub.path_builder`).

Owns these routes:

- ``GET /review/paths`` (trainer): the paths the terminals have (shipped and published)
  and the builder, empty or (``?edit=<id>``) holding a published path to change;
- ``POST /review/paths`` (trainer + CSRF): the builder's form. Every button posts the
  whole draft: ``action=add:<exercise>``, ``remove:<i>``, ``up:<i>``, ``down:<i>``,
  ``search`` (the list of exercises filtered by ``q``) give the page back (200) with
  the draft changed; ``action=save`` writes ``paths/<id>.yaml`` among the published
  content and checks it all as ``kiosk scenarios check`` does. Refused → **422**, each
  problem as ``paths/<id>.yaml:line:column``, what is wrong and the fix; no EPN key → **409**;
  accepted → the next content version is published (the terminals get the path at their
  next update) and **303** back to the page, which says so;
- ``GET /review/pictograms/<name>.png`` (trainer): the kiosk's pictogram, for the lists.
"""

from __future__ import annotations

from pathlib import Path as FilePath
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Request, status
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from kiosk.config import BUNDLED_ASSETS
from kiosk.engine.paths import PATHS_FOLDER
from kiosk.hub.auth import DbSession, Trainer
from kiosk.hub.content import (
    Finding,
    Upload,
    check_upload,
    merged_files,
    publish,
    published_files,
    publishing_keys,
)
from kiosk.hub.path_builder import (
    TITLE_LANGUAGES,
    Draft,
    draft_of,
    exercise_choices,
    path_yaml,
    published_catalogue,
)
from kiosk.hub.templating import render
from kiosk.ui.assets import pictogram_names

router = APIRouter(tags=["paths"])

SESSION_SAVED = "path_saved"
PICTOGRAMS = BUNDLED_ASSETS / "pictograms"
#: Pictograms of the kiosk's own buttons (language marks, "back"): not offered for a path.
NOT_FOR_TILES = ("language-", "back")


def _page(request: Request, session: Any, draft: Draft, *, query: str = "",
          findings: list[Finding] | None = None, refused: str = "", status_code: int = 200) -> HTMLResponse:
    settings = request.app.state.settings
    files = published_files(session)
    catalogue = published_catalogue(FilePath(settings.scenarios_dir), session)
    choices = exercise_choices(catalogue)
    by_id = {c.id: c for c in choices}
    published = {FilePath(p).stem for p in files if p.startswith(PATHS_FOLDER + "/")}
    paths = [{"id": p.id, "title": p.title.get("fr"), "pictogram": p.pictogram, "count": len(p.exercises),
              "published": p.id in published} for p in catalogue.paths]
    saved = request.session.pop(SESSION_SAVED, None) if status_code == 200 else None
    response = render(request, "review_paths.html", {
        "draft": draft, "languages": TITLE_LANGUAGES, "chosen": [by_id.get(e) or e for e in draft.exercises],
        "choices": [c for c in choices if c.matches(query)] if query else choices, "query": query,
        "pictograms": sorted(n for n in pictogram_names(BUNDLED_ASSETS)
                             if not n.startswith(NOT_FOR_TILES)), "paths": paths, "saved": saved,
        "findings": findings or [], "errors": [f for f in findings or [] if f.severity == "error"],
        "refused": refused,
    }, status_code=status_code)
    response.headers["Cache-Control"] = "no-store"
    return response


@router.get("/review/paths", response_class=HTMLResponse)
def paths_page(request: Request, user: Trainer, session: DbSession, edit: str = "") -> HTMLResponse:
    draft = Draft()
    if edit:
        data = published_files(session).get(f"{PATHS_FOLDER}/{edit}.yaml")
        found = draft_of(data) if data is not None else None
        if found is None:
            raise HTTPException(status.HTTP_404_NOT_FOUND, "Ce parcours n'est pas publié par ce hub.")
        draft = found
    return _page(request, session, draft)


@router.post("/review/paths", response_class=HTMLResponse, response_model=None)
async def paths_post(request: Request, user: Trainer, session: DbSession) -> Response:
    """One button of the builder: change the draft, or save and publish it."""
    form = await request.form()
    draft = Draft.from_form(form, [str(e) for e in form.getlist("exercise")])
    action = str(form.get("action") or "")
    query = str(form.get("q") or "").strip()[:80]
    if action != "save":
        if ":" in action:
            settings = request.app.state.settings
            catalogue = published_catalogue(FilePath(settings.scenarios_dir), session)
            draft = draft.apply(action, catalogue.scenarios)
        return _page(request, session, draft, query=query)
    if not draft.titles.get("fr"):
        return _page(request, session, draft, query=query, refused="Donnez d'abord un nom en français au "
                     "parcours : c'est celui que les apprenants voient.",
                     status_code=status.HTTP_422_UNPROCESSABLE_CONTENT)
    upload = Upload(draft.file_path, {draft.file_path: path_yaml(draft)})
    settings = request.app.state.settings
    files = merged_files(published_files(session), upload)
    findings = await run_in_threadpool(check_upload, files, settings.scenarios_dir)
    if any(f.severity == "error" for f in findings):
        return _page(request, session, draft, query=query, findings=findings,
                     status_code=status.HTTP_422_UNPROCESSABLE_CONTENT)
    keys = publishing_keys(settings.content_keys)
    if not keys:
        return _page(request, session, draft, query=query, refused="Le hub n'a aucune clé d'EPN pour signer "
                     "le contenu : les bornes le refuseraient. Voyez la page « Contenu des bornes ».",
                     status_code=status.HTTP_409_CONFLICT)

    def store() -> int:
        with request.app.state.write_sessionmaker() as writing:
            current = merged_files(published_files(writing), upload)
            return publish(writing, current, keys, upload=draft.file_path, by=user.username).version

    version = await run_in_threadpool(store)
    request.session[SESSION_SAVED] = {"version": version, "title": draft.titles["fr"][:80],
                                      "warnings": len(findings)}
    return RedirectResponse("/review/paths", status.HTTP_303_SEE_OTHER)


@router.get("/review/pictograms/{name}.png")
def pictogram(user: Trainer,
              name: Annotated[str, Path(pattern=r"^[a-z0-9][a-z0-9-]{0,40}$")]) -> FileResponse:
    """A pictogram of the kiosk (OpenMoji), as the terminals show it."""
    return pictogram_file(name)


def pictogram_file(name: str) -> FileResponse:
    """The kiosk's pictogram ``name`` for a staff page (404 for a name it does not have)."""
    if name not in pictogram_names(BUNDLED_ASSETS):
        raise HTTPException(status.HTTP_404_NOT_FOUND, "Pas de pictogramme de ce nom.")
    # the same files for every staff member, changed only by a kiosk update: the browser keeps them
    return FileResponse(PICTOGRAMS / f"{name}.png", media_type="image/png",
                        headers={"Cache-Control": "private, max-age=86400"})
