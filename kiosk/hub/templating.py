"""Rendering the hub's HTML pages: one Jinja2 environment over ``kiosk/hub/templates``.

Owns how a router turns a template into a response: :func:`render` (request first, then
the template's name and its context). Every template extends ``base.html`` and gets:

- ``user``: the logged-in :class:`~kiosk.hub.auth.StaffUser` (or None);
- ``page_language``: ``fr``, ``nl`` or ``en`` (:func:`kiosk.hub.language.page_language`),
  which ``base.html`` puts in ``<html lang>`` and its FR · NL · EN switch (with
  ``staff_languages`` and ``this_page``, where the switch comes back to);
- ``_("…")``, ``ngettext(…)`` and ``{% trans %}…{% endtrans %}`` (``jinja2.ext.i18n``,
  new-style: ``_("%(n)s essais", n=3)`` formats and escapes; blocks are trimmed), in
  the page language — write the French text, ``make strings`` extracts it;
- filters writing dates and numbers the page language's way (Babel, local time):
  ``format_date(format)``, ``format_time(format)``, ``format_datetime(format)``
  (``short``/``medium``/``long``/``full``), ``format_decimal``, ``format_percent(whole)``
  (``part|format_percent(whole)``), ``plural_n`` (the plural count of a decimal),
  ``duration``, ``stars`` and ``upper_first``;
- ``language_name(code)`` (a learner's language named in the page language) and
  ``competence_title(code)`` (a DigComp competence's short title);
- ``csrf_token(request)``: the session's CSRF token, for a hidden ``csrf_token`` field;
- ``request``, and ``url_for``/``static`` helpers from Starlette;
- ``_("…")`` (``jinja2.ext.i18n``, new style: ``_("%(n)s séances", n=3)``): the French
  words of a page, to be translated; null translations until a catalogue is installed,
  so ``_`` gives the French back.

The environment itself lives on ``app.state.templates`` (made by
:func:`kiosk.hub.app.create_app`), so nothing is loaded at import.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import jinja2
from babel import Locale
from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from kiosk.engine.digcomp import COMPETENCES
from kiosk.hub import review_format
from kiosk.hub.auth import csrf_token
from kiosk.hub.language import (
    DEFAULT_LANGUAGE,
    FORMAT_LOCALES,
    OWN_NAMES,
    STAFF_LANGUAGES,
    language_names,
    page_language,
    translations,
)

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
STATIC_DIR = Path(__file__).resolve().parent / "static"


def _context(request: Request) -> dict[str, Any]:
    return {"user": getattr(request.state, "user", None), "page_language": page_language(request),
            "staff_languages": [(code, OWN_NAMES[code]) for code in STAFF_LANGUAGES],
            "this_page": this_page(request)}


def this_page(request: Request) -> str:
    """Where the language switch comes back to: the path as it came over the wire (a QR
    link's code holds "%"), with the query of a GET (a POST's answer is not shown again)."""
    raw = request.scope.get("raw_path")
    path = raw.decode("latin-1") if isinstance(raw, bytes) else request.url.path
    return path + (f"?{request.url.query}" if request.method == "GET" and request.url.query else "")


def _language(context: jinja2.runtime.Context) -> str:
    found = context.get("page_language")
    return found if isinstance(found, str) else DEFAULT_LANGUAGE


def _locale(context: jinja2.runtime.Context) -> str:
    return FORMAT_LOCALES.get(_language(context), FORMAT_LOCALES[DEFAULT_LANGUAGE])


@jinja2.pass_context
def _gettext(context: jinja2.runtime.Context, message: str) -> str:
    return translations(_language(context)).gettext(message)


@jinja2.pass_context
def _ngettext(context: jinja2.runtime.Context, singular: str, plural: str, n: int) -> str:
    return translations(_language(context)).ngettext(singular, plural, n)


@jinja2.pass_context
def _pgettext(context: jinja2.runtime.Context, ctxt: str, message: str) -> str:
    return translations(_language(context)).pgettext(ctxt, message)


@jinja2.pass_context
def _npgettext(context: jinja2.runtime.Context, ctxt: str, singular: str, plural: str, n: int) -> str:
    return translations(_language(context)).npgettext(ctxt, singular, plural, n)


@jinja2.pass_context
def _format_date(context: jinja2.runtime.Context, day: date | datetime, format: str = "medium") -> str:
    return review_format.date_text(day, format, _locale(context))


@jinja2.pass_context
def _format_time(context: jinja2.runtime.Context, at: datetime, format: str = "short") -> str:
    return review_format.time_text(at, format, _locale(context))


@jinja2.pass_context
def _format_datetime(context: jinja2.runtime.Context, at: datetime, format: str = "medium") -> str:
    return review_format.datetime_text(at, format, _locale(context))


@jinja2.pass_context
def _format_decimal(context: jinja2.runtime.Context, value: float | None) -> str:
    return review_format.decimal_text(value, _locale(context))


@jinja2.pass_context
def _format_percent(context: jinja2.runtime.Context, part: int, whole: int) -> str:
    return review_format.percent_text(part, whole, _locale(context))


@jinja2.pass_context
def _plural_n(context: jinja2.runtime.Context, value: float) -> int:
    """1 where the page language says "one" for ``value`` (fr: 0 to 1.9, en: 1), else 2: the
    count for ``{% trans count=… %}`` when the number shown is a decimal ("1,5 erreur")."""
    return 1 if Locale.parse(_locale(context)).plural_form(value) == "one" else 2


@jinja2.pass_context
def _language_name(context: jinja2.runtime.Context, code: str | None) -> str:
    return language_names(_language(context), [code])[code] if code else "—"


@jinja2.pass_context
def _competence_title(context: jinja2.runtime.Context, code: str) -> str:
    titles = COMPETENCES.get(code, {})
    return titles.get(_language(context)) or titles.get(DEFAULT_LANGUAGE) or code


def _upper_first(text: str) -> str:
    """``lundi 23…`` → ``Lundi 23…``, the rest untouched (Jinja's ``capitalize`` lowers it)."""
    return text[:1].upper() + text[1:]


def make_environment() -> jinja2.Environment:
    """The hub's Jinja2 environment: autoescaped, with gettext (``jinja2.ext.i18n``)."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
                             autoescape=jinja2.select_autoescape(), extensions=["jinja2.ext.i18n"])
    env.policies["ext.i18n.trimmed"] = True  # a {% trans %} block's lines are joined: one msgid
    env.install_gettext_callables(  # type: ignore[attr-defined]
        _gettext, _ngettext, newstyle=True, pgettext=_pgettext, npgettext=_npgettext)
    env.filters.update(format_date=_format_date, format_time=_format_time, format_datetime=_format_datetime,
                       format_decimal=_format_decimal, format_percent=_format_percent,
                       plural_n=_plural_n, duration=review_format.duration, stars=review_format.stars,
                       upper_first=_upper_first)
    env.globals.update(csrf_token=csrf_token, language_name=_language_name,
                       competence_title=_competence_title)
    return env


def make_templates() -> Jinja2Templates:
    return Jinja2Templates(env=make_environment(), context_processors=[_context])


def render(
    request: Request, name: str, context: dict[str, Any] | None = None, *, status_code: int = 200
) -> HTMLResponse:
    """The page ``name`` (a template under ``kiosk/hub/templates``) with ``context``."""
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(request, name, context or {}, status_code=status_code)
