"""Rendering the hub's HTML pages: one Jinja2 environment over ``kiosk/hub/templates``.

Owns how a router turns a template into a response: :func:`render` (request first, then
the template's name and its context). Every template extends ``base.html`` and gets:

- ``user``: the logged-in :class:`~kiosk.hub.auth.StaffUser` (or None);
- ``csrf_token(request)``: the session's CSRF token, for a hidden ``csrf_token`` field;
- ``request``, and ``url_for``/``static`` helpers from Starlette;
- ``_("…")`` (``jinja2.ext.i18n``, new style: ``_("%(n)s séances", n=3)``): the French
  words of a page, to be translated; null translations until a catalogue is installed,
  so ``_`` gives the French back.

The environment itself lives on ``app.state.templates`` (made by
:func:`kiosk.hub.app.create_app`), so nothing is loaded at import.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from kiosk.hub.auth import csrf_token

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
STATIC_DIR = Path(__file__).resolve().parent / "static"


def _context(request: Request) -> dict[str, Any]:
    return {"user": getattr(request.state, "user", None)}


def make_templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(TEMPLATES_DIR), context_processors=[_context])
    templates.env.globals["csrf_token"] = csrf_token
    templates.env.add_extension("jinja2.ext.i18n")
    templates.env.install_null_translations(newstyle=True)  # type: ignore[attr-defined]
    return templates


def render(
    request: Request, name: str, context: dict[str, Any] | None = None, *, status_code: int = 200
) -> HTMLResponse:
    """The page ``name`` (a template under ``kiosk/hub/templates``) with ``context``."""
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(request, name, context or {}, status_code=status_code)
