"""The language of the hub's pages for the EPN staff: French, Dutch or English.

Owns:

- :data:`STAFF_LANGUAGES` and which Babel locale writes each one's dates and numbers
  (:data:`FORMAT_LOCALES`: Belgian French and Dutch, British English);
- the gettext catalogues of the ``hub`` domain: ``kiosk/locale/<lang>/LC_MESSAGES/hub.po``
  for nl and en. French is the source language: a msgid *is* the French text, so French
  needs no catalogue (:class:`FrenchSource` only adds French plurals: "0 essai").
  :func:`translations` loads each language once; a missing ``.mo`` gives French and a
  warning, never an error page;
- :func:`N_`, which marks a French message for extraction where it is written (a table of
  names, a reason made far from any request), to be translated where it is shown;
- which language a request gets (:func:`page_language`): the logged-in staff member's
  choice (``users.language``), else the choice made in this browser (the session: the
  switch on the login page, or the account's at login), else the browser's
  ``Accept-Language`` (Babel's ``negotiate_locale``), else French;
- :func:`gettext_for`: the translating function of a request, for Python messages that
  reach a page (error details, login errors, QR reading reasons);
- the route ``POST /language`` behind the "FR · NL · EN" switch on every page (CSRF
  checked like every form): it saves the choice in the account when someone is logged
  in, in the session always, and goes back to the page it came from.

The templates get ``_``/``ngettext`` through ``jinja2.ext.i18n`` (see
:mod:`kiosk.hub.templating`); catalogues are extracted with ``make strings`` (README,
"Translating the hub").
"""

from __future__ import annotations

import gettext
import logging
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Annotated

from babel import Locale, negotiate_locale
from fastapi import APIRouter, Form, Request, status
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import update
from starlette.concurrency import run_in_threadpool

log = logging.getLogger(__name__)

#: The languages of the hub's pages, French (the source) first.
STAFF_LANGUAGES: tuple[str, ...] = ("fr", "nl", "en")
DEFAULT_LANGUAGE = "fr"
#: Each language's own name, for the switch (never translated: a reader finds their own).
OWN_NAMES = {"fr": "Français", "nl": "Nederlands", "en": "English"}
#: The Babel locale that writes dates and numbers for each page language.
FORMAT_LOCALES = {"fr": "fr_BE", "nl": "nl_BE", "en": "en_GB"}

DOMAIN = "hub"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
#: Where the choice made in a browser is kept in its (signed) session cookie.
SESSION_LANGUAGE_KEY = "language"


def N_(message: str) -> str:
    """Mark a French message for the hub catalogue; it is translated where it is shown."""
    return message


class FrenchSource(gettext.NullTranslations):
    """The French source text as it is, with French plurals (0 and 1 are singular)."""

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return msgid1 if n <= 1 else msgid2

    def npgettext(self, context: str, msgid1: str, msgid2: str, n: int) -> str:
        return self.ngettext(msgid1, msgid2, n)


@cache
def translations(language: str) -> gettext.NullTranslations:
    """The catalogue of a page language (French: the source text itself)."""
    if language not in STAFF_LANGUAGES or language == DEFAULT_LANGUAGE:
        return FrenchSource()
    mo = LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.mo"
    try:
        with mo.open("rb") as file:
            catalogue = gettext.GNUTranslations(file)
    except OSError:
        log.warning("%s is missing: the hub's pages are shown in French instead of %s "
                    "(run 'make strings-compile')", mo, language)
        return FrenchSource()
    catalogue.add_fallback(FrenchSource())
    return catalogue


def known(language: object) -> str | None:
    """``language`` if it is a page language, else None."""
    return language if isinstance(language, str) and language in STAFF_LANGUAGES else None


def from_accept_language(header: str | None) -> str | None:
    """The page language a browser's ``Accept-Language`` asks for first, or None."""
    weighted: list[tuple[float, int, str]] = []
    for position, part in enumerate((header or "").split(",")[:40]):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        tag = tag.strip()
        if tag and tag != "*" and quality > 0:
            weighted.append((-quality, position, tag))
    preferred = [tag for _, _, tag in sorted(weighted)]
    return known(negotiate_locale(preferred, list(STAFF_LANGUAGES), sep="-"))


def page_language(request: Request) -> str:
    """The language of this request's page (see the module docstring for the order)."""
    user = getattr(request.state, "user", None)
    chosen = known(getattr(user, "language", None))
    if chosen is None and "session" in request.scope:
        chosen = known(request.session.get(SESSION_LANGUAGE_KEY))
    return chosen or from_accept_language(request.headers.get("accept-language")) or DEFAULT_LANGUAGE


def gettext_for(request: Request) -> gettext.NullTranslations:
    """The catalogue of this request's page language (``.gettext``, ``.ngettext``)."""
    return translations(page_language(request))


#: Learner languages Babel (CLDR) has no name for.
UNNAMED_BY_BABEL = {"ber": N_("berbère")}


def language_names(language: str, codes: Iterable[str]) -> dict[str, str]:
    """Learner language codes named in a page language (Babel's names: "arabe", "Arabisch")."""
    names = Locale.parse(FORMAT_LOCALES.get(language, FORMAT_LOCALES[DEFAULT_LANGUAGE])).languages
    words = translations(language)
    return {code: names.get(code) or (words.gettext(UNNAMED_BY_BABEL[code]) if code in UNNAMED_BY_BABEL
                                      else code) for code in codes}


# --- the switch ---------------------------------------------------------------------------

router = APIRouter(tags=["staff"])


def _back_to(target: str) -> str:
    # only a path on this hub (no open redirect), as for the login page's "next"
    if target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


@router.post("/language")
async def choose_language(
    request: Request,
    language: Annotated[str, Form(max_length=8)] = "",
    back: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    """Keep the language chosen with the switch; back to the page it was chosen on.

    Open before login too (the login page has the switch), but never without this
    session's CSRF token (403): another site cannot change anyone's language.
    """
    from kiosk.hub.auth import check_csrf, staff_user
    from kiosk.hub.models import User

    await check_csrf(request)
    chosen = known(language) or DEFAULT_LANGUAGE
    request.session[SESSION_LANGUAGE_KEY] = chosen
    user = await run_in_threadpool(staff_user, request)
    if user is not None:
        def save() -> None:
            with request.app.state.write_sessionmaker() as session:
                session.execute(update(User).where(User.id == user.id).values(language=chosen))
                session.commit()

        await run_in_threadpool(save)
        request.app.state.staff_check.forget(user.id)
    return RedirectResponse(_back_to(back), status.HTTP_303_SEE_OTHER)
