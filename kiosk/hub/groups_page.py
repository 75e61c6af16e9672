"""The trainers' group pages (the rules are :mod:`kiosk.hub.groups`).

Owns these routes, all for trainers (forms with CSRF):

- ``GET /review/groups``: the groups and the form to make one (a label, the members
  as pseudonyms or picture codes, the path the group follows);
- ``POST /review/groups``: make a group → **303** to its page; a member line that is
  neither a pseudonym nor a picture code → **422**, naming the line, nothing stored;
- ``GET /review/groups/{id}``: each member's path progress and placement profiles
  (start, middle, latest) side by side, and the group's chart (start and now);
- ``POST /review/groups/{id}``: change the label, members or path (same checks);
- ``POST /review/groups/{id}/delete``: delete the group (the statements stay);
- ``GET /review/groups/{id}/export.csv``: the page's table for a spreadsheet
  (``sep=semicolon`` for Excel, ``comma`` otherwise).
"""

from __future__ import annotations

from pathlib import Path as FilePath
from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Path, Query, Request, status
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import func, select

from kiosk.engine.catalogue import Catalogue
from kiosk.hub.auth import DbSession, Trainer
from kiosk.hub.groups import MAX_LABEL, group_csv, group_view, members, parse_members, set_members
from kiosk.hub.language import page_language
from kiosk.hub.models import Group, GroupMember
from kiosk.hub.path_builder import published_catalogue
from kiosk.hub.templating import render

router = APIRouter(tags=["groups"])

GroupId = Annotated[int, Path(ge=1, le=2**31 - 1)]


def _catalogue(request: Request, session: Any) -> Catalogue:
    settings = request.app.state.settings
    return published_catalogue(FilePath(settings.scenarios_dir), session)


def _group(session: Any, group_id: int) -> Group:
    group: Group | None = session.get(Group, group_id)
    if group is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "Ce groupe n'existe pas (ou plus).")
    return group


def _list_page(request: Request, session: Any, *, label: str = "", typed: str = "", path_id: str = "",
               problems: list[str] | None = None, status_code: int = 200) -> HTMLResponse:
    counts = dict(session.execute(select(GroupMember.group_id, func.count()).group_by(GroupMember.group_id))
                  .all())
    groups = [{"id": g.id, "label": g.label, "count": counts.get(g.id, 0), "created_at": g.created_at}
              for g in session.scalars(select(Group).order_by(Group.label, Group.id))]
    return render(request, "review_groups.html", {
        "groups": groups, "paths": _catalogue(request, session).paths, "label": label, "typed": typed,
        "path_id": path_id, "problems": problems or [],
    }, status_code=status_code)


def _checked(label: str, typed: str) -> tuple[str, list[str], list[str]]:
    label = label.strip()[:MAX_LABEL]
    pseudonyms, problems = parse_members(typed)
    if not label:
        problems.insert(0, "Donnez un nom au groupe, par exemple «\u00a0Groupe du mardi\u00a0».")
    if not pseudonyms and not problems:
        problems.append("Ajoutez au moins un membre\u00a0: son pseudonyme ou son code image.")
    return label, pseudonyms, problems


@router.get("/review/groups", response_class=HTMLResponse)
def groups_page(request: Request, user: Trainer, session: DbSession) -> HTMLResponse:
    return _list_page(request, session)


@router.post("/review/groups", response_class=HTMLResponse, response_model=None)
def group_create(request: Request, user: Trainer, session: DbSession, label: Annotated[str, Form()] = "",
                 typed: Annotated[str, Form(alias="members")] = "",
                 path_id: Annotated[str, Form()] = "") -> Response:
    clean, pseudonyms, problems = _checked(label, typed)
    if problems:
        return _list_page(request, session, label=label, typed=typed, path_id=path_id, problems=problems,
                          status_code=status.HTTP_422_UNPROCESSABLE_CONTENT)
    with request.app.state.write_sessionmaker() as writing:
        group = Group(label=clean, path_id=path_id[:64] or None, created_by=user.username)
        writing.add(group)
        writing.flush()
        set_members(writing, group, pseudonyms)
        writing.commit()
        group_id = group.id
    return RedirectResponse(f"/review/groups/{group_id}", status.HTTP_303_SEE_OTHER)


def _group_page(request: Request, session: Any, group: Group, *, typed: str | None = None,
                problems: list[str] | None = None, status_code: int = 200) -> HTMLResponse:
    catalogue = _catalogue(request, session)
    path = catalogue.path(group.path_id) if group.path_id else None
    current = members(session, group)
    view = group_view(session, current, path, page_language(request))
    titles = {sid: s.title.get(page_language(request)) for sid, s in catalogue.scenarios.items()}
    return render(request, "review_group.html", {
        "group": group, "view": view, "paths": catalogue.paths, "titles": titles,
        "typed": "\n".join(current) if typed is None else typed, "problems": problems or [],
    }, status_code=status_code)


@router.get("/review/groups/{group_id}", response_class=HTMLResponse)
def group_page(request: Request, user: Trainer, session: DbSession, group_id: GroupId) -> HTMLResponse:
    return _group_page(request, session, _group(session, group_id))


@router.post("/review/groups/{group_id}", response_class=HTMLResponse, response_model=None)
def group_change(request: Request, user: Trainer, session: DbSession, group_id: GroupId,
                 label: Annotated[str, Form()] = "", typed: Annotated[str, Form(alias="members")] = "",
                 path_id: Annotated[str, Form()] = "") -> Response:
    group = _group(session, group_id)
    clean, pseudonyms, problems = _checked(label, typed)
    if problems:
        return _group_page(request, session, group, typed=typed, problems=problems,
                           status_code=status.HTTP_422_UNPROCESSABLE_CONTENT)
    with request.app.state.write_sessionmaker() as writing:
        mine = _group(writing, group_id)
        mine.label, mine.path_id = clean, path_id[:64] or None
        set_members(writing, mine, pseudonyms)
        writing.commit()
    return RedirectResponse(f"/review/groups/{group_id}", status.HTTP_303_SEE_OTHER)


@router.post("/review/groups/{group_id}/delete", response_model=None)
def group_delete(request: Request, user: Trainer, session: DbSession, group_id: GroupId) -> Response:
    with request.app.state.write_sessionmaker() as writing:
        group = _group(writing, group_id)
        set_members(writing, group, [])
        writing.delete(group)
        writing.commit()
    return RedirectResponse("/review/groups", status.HTTP_303_SEE_OTHER)


@router.get("/review/groups/{group_id}/export.csv")
def group_export(request: Request, user: Trainer, session: DbSession, group_id: GroupId,
                 sep: Annotated[str, Query(pattern="^(comma|semicolon)$")] = "semicolon") -> Response:
    group = _group(session, group_id)
    catalogue = _catalogue(request, session)
    path = catalogue.path(group.path_id) if group.path_id else None
    view = group_view(session, members(session, group), path, page_language(request))
    text = group_csv(view, ";" if sep == "semicolon" else ",")
    # a BOM: Excel then reads the file as UTF-8 (accents in the header stay right)
    return Response("\ufeff" + text, media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="groupe-{group.id}.csv"'})
