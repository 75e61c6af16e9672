"""The hub's FastAPI application: :func:`create_app` wires settings, database and routers.

Owns the application's shape: the database (migrated when the app is made), the staff
session cookie, the templates and static files, the request size limit, the error pages,
the forwarding worker's life, and which routers are mounted.

A router module plugs in by being named in :data:`ROUTER_MODULES` and exposing
``router`` (a :class:`fastapi.APIRouter`). It may also expose ``on_startup(app)`` and
``on_shutdown(app)`` (plain or ``async``), called when the server starts and stops.
Modules in :data:`OPTIONAL_ROUTER_MODULES` are skipped while they do not exist yet.

The room's live state lives in each process's memory; on PostgreSQL any number of
processes share it (:mod:`kiosk.hub.room_relay`), on SQLite serve the app with one
worker (:mod:`kiosk.hub.serve` sees to it).
"""

from __future__ import annotations

import importlib
import inspect
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from http import HTTPStatus
from types import ModuleType
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy.orm import sessionmaker
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.body_limit import RequestBodyLimitMiddleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kiosk.hub import auth
from kiosk.hub.db import make_engine, upgrade, write_engine
from kiosk.hub.language import N_, gettext_for
from kiosk.hub.login_throttle import LoginThrottle
from kiosk.hub.settings import HubSettings
from kiosk.hub.staff_sessions import LoginStreams, StaffCheck
from kiosk.hub.templating import STATIC_DIR, make_templates, render
from kiosk.hub.xapi_api import XapiVersionHeader

log = logging.getLogger(__name__)

SESSION_COOKIE = "epn_hub_session"

#: Routers every hub has.
ROUTER_MODULES: tuple[str, ...] = ("kiosk.hub.xapi_api", "kiosk.hub.terminals_api", "kiosk.hub.forward_page",
                                   "kiosk.hub.content_page", "kiosk.hub.paths_page", "kiosk.hub.groups_page",
                                   "kiosk.hub.language")
#: Routers mounted when their module exists (the live room; the trainers' review pages;
#: the network coordinator's totals).
OPTIONAL_ROUTER_MODULES: tuple[str, ...] = ("kiosk.hub.room", "kiosk.hub.room_proposals_page",
                                            "kiosk.hub.review", "kiosk.hub.network")

_ERROR_TITLES = {
    400: N_("Demande incorrecte"),
    401: N_("Connexion nécessaire"),
    403: N_("Accès refusé"),
    404: N_("Page introuvable"),
    405: N_("Action impossible ici"),
    409: N_("Conflit"),
    413: N_("Envoi trop gros"),
    422: N_("Données incorrectes"),
    429: N_("Trop d'essais"),
}
_ERROR = N_("Erreur")
#: What an error page says when the error came without words of the hub's own.
_ERROR_MESSAGES = {
    404: N_("Cette adresse ne mène à aucune page du hub."),
    405: N_("Cette page ne s'utilise pas ainsi : revenez à l'accueil et recommencez."),
}


def router_modules() -> list[ModuleType]:
    """The router modules to mount, in order: the required ones, then those present."""
    modules = [importlib.import_module(name) for name in ROUTER_MODULES]
    for name in OPTIONAL_ROUTER_MODULES:
        try:
            modules.append(importlib.import_module(name))
        except ModuleNotFoundError as error:
            if error.name != name:  # the module exists but something it imports is missing
                raise
            log.info("%s is not there yet: its pages are not served", name)
    return modules


#: Every script and style is a same-origin file: nothing inline, nothing from elsewhere.
CONTENT_SECURITY_POLICY = (
    b"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    b"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


class SecurityHeaders:
    """Adds protective headers to every response: a strict Content-Security-Policy, no
    framing, no sniffing; and ``Cache-Control: no-store`` on all but the static files,
    so that no page with learner data (records under /p/, the review pages) is kept in
    a browser's or a proxy's cache."""

    HEADERS = (
        (b"x-content-type-options", b"nosniff"),
        (b"x-frame-options", b"DENY"),
        (b"referrer-policy", b"same-origin"),
        (b"content-security-policy", CONTENT_SECURITY_POLICY),
    )

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cacheable = scope["path"].startswith("/static/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", [])) + list(self.HEADERS)
                if not cacheable and not any(name.lower() == b"cache-control" for name, _ in headers):
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


class SecureCookiesOverHttps:
    """Marks cookies ``Secure`` on a request that came over HTTPS (KIOSK_HUB_SECURE_COOKIES
    unset: the default). Behind nginx, uvicorn reads the scheme from X-Forwarded-Proto of
    a trusted proxy (127.0.0.1 by default), so the shipped set-up gets Secure cookies,
    while a hub tried over plain http://127.0.0.1 still lets its staff log in."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("scheme") != "https":
            await self.app(scope, receive, send)
            return

        async def send_secure(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [
                    (name, value + b"; secure")
                    if name.lower() == b"set-cookie" and b"; secure" not in value.lower() else (name, value)
                    for name, value in message.get("headers", [])
                ]
            await send(message)

        await self.app(scope, receive, send_secure)


def create_app(settings: HubSettings) -> FastAPI:
    """A hub serving ``settings``: its database is migrated now, workers start with the server."""
    engine = make_engine(settings.database_url)
    upgrade(engine)
    modules = router_modules()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        from kiosk.hub.forward import Forwarder

        forwarder = Forwarder.from_app(app) if settings.forwarding else None
        app.state.forwarder = forwarder
        if forwarder is not None:
            forwarder.start()
        for module in modules:
            await _call_hook(module, "on_startup", app)
        try:
            yield
        finally:
            for module in reversed(modules):
                await _call_hook(module, "on_shutdown", app)
            if forwarder is not None:
                forwarder.stop()
            engine.dispose()

    app = FastAPI(
        title="EPN kiosk hub",
        summary="Receives the kiosks' xAPI statements; pages for animators and trainers.",
        version="1.0",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.sessionmaker = sessionmaker(engine, expire_on_commit=False)
    app.state.write_engine = write_engine(engine)
    app.state.write_sessionmaker = sessionmaker(app.state.write_engine, expire_on_commit=False)
    app.state.templates = make_templates()
    app.state.login_throttle = LoginThrottle(app.state.write_sessionmaker, settings.login_rules)
    app.state.staff_check = StaffCheck(app, settings.staff_recheck_seconds)
    app.state.login_streams = LoginStreams(settings.room_streams_per_login)
    app.state.forwarder = None

    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.session_secret,
        session_cookie=SESSION_COOKIE,
        max_age=settings.session_max_age,
        same_site="lax",
        https_only=settings.secure_cookies is True,
    )
    if settings.secure_cookies is None:
        app.add_middleware(SecureCookiesOverHttps)
    # Innermost first: the size limit's own 413 then still gets the headers below.
    # (Not FastAPI(max_body_size=…): that limit sits outside every user middleware.)
    app.add_middleware(RequestBodyLimitMiddleware, max_body_size=settings.max_body_bytes)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(XapiVersionHeader)
    app.add_exception_handler(auth.NotLoggedIn, _not_logged_in)
    app.add_exception_handler(StarletteHTTPException, _http_error)

    app.mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static")
    app.include_router(auth.router)
    for module in modules:
        app.include_router(module.router)
    return app


def route_table(app: FastAPI) -> list[tuple[str, frozenset[str]]]:
    """Every (path, methods) the app answers, included routers flattened (for tests and docs)."""
    found: list[tuple[str, frozenset[str]]] = []

    def walk(routes: list[Any], prefix: str) -> None:
        for route in routes:
            original = getattr(route, "original_router", None)
            if original is not None:  # FastAPI ≥ 0.16x keeps included routers as a branch
                walk(list(original.routes), prefix + route.include_context.prefix)
            elif isinstance(getattr(route, "methods", None), set | frozenset):
                found.append((prefix + route.path, frozenset(route.methods)))

    walk(list(app.routes), "")
    return found


async def _call_hook(module: ModuleType, name: str, app: FastAPI) -> None:
    hook = getattr(module, name, None)
    if hook is None:
        return
    result = hook(app)
    if inspect.isawaitable(result):
        await result


async def _not_logged_in(request: Request, exc: Exception) -> Response:
    return auth.not_logged_in_response(request)


def _phrase(status_code: int) -> str:
    try:
        return HTTPStatus(status_code).phrase
    except ValueError:
        return ""


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 413:  # said to kiosks and LRS clients: in English, as the API's other errors
        limit = request.app.state.settings.max_body_bytes // (1024 * 1024)
        exc = StarletteHTTPException(413, f"The request is larger than {limit} MB: send less at once.")
    if auth.wants_html(request) and exc.status_code >= 400:
        words = gettext_for(request)
        title = words.gettext(_ERROR_TITLES.get(exc.status_code, _ERROR))
        message = exc.detail if isinstance(exc.detail, str) else title
        if message == _phrase(exc.status_code):  # Starlette's own English words ("Not Found")
            fallback = _ERROR_TITLES.get(exc.status_code, _ERROR)
            message = words.gettext(_ERROR_MESSAGES.get(exc.status_code, fallback))
        response = render(request, "error.html", {"title": title, "message": message},
                          status_code=exc.status_code)
        if exc.headers:
            response.headers.update(exc.headers)
        return response
    return await http_exception_handler(request, exc)
