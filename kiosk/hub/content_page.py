"""Content for the terminals: the trainers' upload page and the terminals' bundle API.

Owns these routes (HUB_PROTOCOL.md §4; the rules are in :mod:`kiosk.hub.content`):

- ``GET /review/content`` (trainer): the version published, the files it holds, the
  EPNs it is signed for, and the upload form;
- ``POST /review/content`` (trainer + CSRF, multipart ``file``): a scenario (``.yaml``)
  or a module (``.zip``) is checked with the published content and the shipped
  scenarios. Refused → **422**, the page lists every problem as ``file:line:column``,
  what is wrong and the fix, and nothing is published; no EPN key to sign with →
  **409**; accepted → the next version is published and **303** back to the page, which
  says so (POST-redirect-GET: a reload publishes nothing twice);
- ``GET /api/content/latest`` (terminal token): ``{"version", "sha256", "size",
  "published_at"}`` of the newest bundle, **204** before the first;
- ``GET /api/content/bundles/{version}`` (terminal token): that bundle's bytes
  (``application/zip``), **404** if there is none.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, HTTPException, Path, Request, UploadFile, status
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool

from kiosk.hub.auth import DbSession, Trainer, current_terminal
from kiosk.hub.content import (
    MAX_UPLOAD_BYTES,
    Finding,
    UploadRefused,
    check_upload,
    latest,
    merged_files,
    publish,
    published_files,
    publishing_keys,
    read_upload,
)
from kiosk.hub.language import page_language
from kiosk.hub.models import ContentBundle, Terminal
from kiosk.hub.review_passport import trusted_names
from kiosk.hub.review_queries import epn_labels
from kiosk.hub.templating import render

router = APIRouter(tags=["content"])

#: The outcome of the last upload, kept for the page the browser is sent back to.
SESSION_PUBLISHED = "content_published"
#: Warnings carried in the session cookie at most (the page says how many more).
CARRIED_WARNINGS = 8


def _key_state(request: Request, session: Any) -> dict[str, Any]:
    """The EPNs the hub signs for, and the enrolled EPNs whose terminals would refuse."""
    settings = request.app.state.settings
    keys = publishing_keys(settings.content_keys)
    signed = sorted(k.epn_id for k in keys)
    enrolled = sorted(set(session.scalars(select(Terminal.epn_id))))
    labels = epn_labels(session, trusted_names(settings.trusted_issuers_file), page_language(request))
    return {"signed_for": [labels.get(e, e) for e in signed],
            "unsigned_epns": [labels.get(e, e) for e in enrolled if e not in signed],
            "keys_dir": str(settings.content_keys)}


def _page(request: Request, session: Any, *, findings: list[Finding] | None = None, refused: str = "",
          upload: str = "", status_code: int = 200) -> HTMLResponse:
    newest = latest(session)
    files = sorted(published_files(session).items()) if newest is not None else []
    published = request.session.pop(SESSION_PUBLISHED, None) if status_code == 200 else None
    response = render(request, "review_content.html", {
        "newest": newest, "files": [(path, len(data)) for path, data in files],
        "findings": findings or [], "errors": [f for f in findings or [] if f.severity == "error"],
        "refused": refused, "upload": upload, "published": published,
        "max_mb": MAX_UPLOAD_BYTES // (1024 * 1024), **_key_state(request, session),
    }, status_code=status_code)
    response.headers["Cache-Control"] = "no-store"
    return response


@router.get("/review/content", response_class=HTMLResponse)
def content_page(request: Request, user: Trainer, session: DbSession) -> HTMLResponse:
    return _page(request, session)


@router.post("/review/content", response_class=HTMLResponse, response_model=None)
async def content_upload(request: Request, user: Trainer, session: DbSession,
                         file: Annotated[UploadFile | None, File()] = None) -> Response:
    """Check an uploaded scenario or module; publish it as the next version if it is clean."""
    if file is None or not file.filename:
        return _page(request, session, refused="Choisissez d'abord un fichier : un exercice (.yaml) ou un "
                     "module (.zip).", status_code=status.HTTP_422_UNPROCESSABLE_CONTENT)
    data = await file.read(MAX_UPLOAD_BYTES + 1)
    name = file.filename
    try:
        upload = read_upload(name, data)
    except UploadRefused as error:
        return _page(request, session, refused=str(error), upload=name,
                     status_code=status.HTTP_422_UNPROCESSABLE_CONTENT)
    settings = request.app.state.settings
    files = merged_files(published_files(session), upload)
    findings = [upload.shown(f) for f in await run_in_threadpool(check_upload, files, settings.scenarios_dir)]
    if any(f.severity == "error" for f in findings):
        return _page(request, session, findings=findings, upload=name,
                     status_code=status.HTTP_422_UNPROCESSABLE_CONTENT)
    keys = publishing_keys(settings.content_keys)
    if not keys:
        return _page(request, session, refused="Le hub n'a aucune clé d'EPN pour signer le contenu : les "
                     "bornes le refuseraient. Copiez la clé d'un kiosque de l'EPN dans le dossier indiqué "
                     "plus bas, puis renvoyez le fichier.", upload=name,
                     status_code=status.HTTP_409_CONFLICT)

    def store() -> int:
        with request.app.state.write_sessionmaker() as writing:
            # read again under the write lock: another trainer may have published meanwhile
            current = merged_files(published_files(writing), upload)
            return publish(writing, current, keys, upload=name, by=user.username).version

    version = await run_in_threadpool(store)
    warnings = [str(f) for f in findings]
    request.session[SESSION_PUBLISHED] = {
        "version": version, "upload": name[:100], "warnings": warnings[:CARRIED_WARNINGS],
        "more_warnings": max(0, len(warnings) - CARRIED_WARNINGS)}
    return RedirectResponse("/review/content", status.HTTP_303_SEE_OTHER)


# --- the terminals ----------------------------------------------------------------------------

TerminalDep = Annotated[Terminal, Depends(current_terminal)]


@router.get("/api/content/latest", response_model=None)
def content_latest(session: DbSession, terminal: TerminalDep) -> dict[str, Any] | Response:
    """The newest bundle's version and checksum (204 before the first is published)."""
    row = session.execute(select(ContentBundle.version, ContentBundle.sha256, ContentBundle.size,
                                 ContentBundle.published_at)
                          .order_by(ContentBundle.version.desc()).limit(1)).first()
    if row is None:
        return Response(status_code=status.HTTP_204_NO_CONTENT)
    return {"version": row.version, "sha256": row.sha256, "size": row.size,
            "published_at": row.published_at.isoformat()}


@router.get("/api/content/bundles/{version}")
def content_bundle(session: DbSession, terminal: TerminalDep,
                   version: Annotated[int, Path(ge=1, le=2**31 - 1)]) -> Response:
    """The bundle of ``version``, as stored (signed; the terminal checks it)."""
    bundle = session.get(ContentBundle, version)
    if bundle is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"No content bundle {version} on this hub.")
    return Response(bundle.archive, media_type="application/zip",
                    headers={"Content-Disposition": f'attachment; filename="content-v{version}.zip"'})

