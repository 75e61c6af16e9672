"""Who may do what on the hub: staff logins, roles, CSRF, terminal and LRS-client tokens.

Owns:

- staff passwords, hashed with argon2id (``argon2-cffi``'s :class:`PasswordHasher`,
  its recommended parameters) — :func:`create_user`, :func:`authenticate`;
- the login and logout pages and ``/``, which sends each role to its home page (failed
  logins are slowed down by :mod:`kiosk.hub.login_throttle`, never locked out);
- the staff session, a signed cookie (Starlette's ``SessionMiddleware``: httponly,
  SameSite=Lax, 12 hours) holding the user's id, their session epoch and a CSRF token.
  Each request reads the account in a short database session of its own (never held
  while a response streams) and refuses the cookie once the account is removed or
  disabled or its epoch moved on — logout and a new password move it (see
  :mod:`kiosk.hub.staff_sessions`);
- the FastAPI dependencies other routers use:

  - :func:`require_role` (``Depends(require_role("animator"))``, or the ``Animator``,
    ``Trainer``, ``Coordinator`` and ``Staff`` annotations) gives the logged-in
    :class:`StaffUser`. Not logged in: an HTML page (``GET`` asking for ``text/html``)
    is redirected to ``/login``, anything else gets **401**. Another role: **403**, whose
    message says whom the page is for.
    On ``POST``/``PUT``/``PATCH``/``DELETE`` it also checks the CSRF token (**403**);
  - :func:`current_terminal`: the enrolled terminal of a ``Bearer`` token, else 401;
  - :func:`xapi_poster`: a terminal (Bearer) or an LRS client (Basic ``id:secret``).

CSRF: a small dependency rather than a library — the maintained FastAPI CSRF packages
use double-submit cookies, while the hub already has a signed session to keep the token
in. The token is made once per session (and anew at login), rendered into every form by
``csrf_token(request)`` in the templates and compared in constant time with the form
field ``csrf_token`` or the header ``X-CSRF-Token``. Together with SameSite=Lax
cookies this stops another site from posting in a staff member's name.

Tokens and LRS secrets are long random strings: they are stored as SHA-256 hex and
looked up by that hash (the lookup reveals nothing usable), then compared again in
constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import re
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache
from typing import Annotated, Any
from urllib.parse import quote

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from fastapi import APIRouter, Depends, Form, HTTPException, Request, status
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBasic, HTTPBasicCredentials, HTTPBearer
from sqlalchemy import or_, select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from kiosk.hub.language import N_, SESSION_LANGUAGE_KEY, gettext_for
from kiosk.hub.login_throttle import LoginThrottle
from kiosk.hub.models import ROLES, LrsClient, Terminal, User
from kiosk.hub.staff_sessions import (
    SESSION_EPOCH_KEY,
    SESSION_USER_KEY,
    cookie_login,
    end_sessions,
    lookup,
    next_epoch,
)
from kiosk.store.models import utc_now

SESSION_CSRF_KEY = "csrf"
CSRF_FORM_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

USERNAME_PATTERN = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 1024

#: last_seen_at of a terminal is written at most this often (a write per request is waste).
LAST_SEEN_EVERY = timedelta(seconds=60)

#: Where each role lands after logging in.
ROLE_HOME = {"animator": "/room", "trainer": "/review", "coordinator": "/network"}
#: Whom a page of each role is for, in the 403 message ("Cette page est réservée à …").
ROLE_READERS = {"animator": N_("l'animation de la salle"), "trainer": N_("la formation"),
                "coordinator": N_("la coordination du réseau")}


class AuthError(ValueError):
    """A staff account cannot be made as asked; the message says why, in plain words."""


class NotLoggedIn(Exception):
    """Raised by :func:`require_role`; the app turns it into a redirect or a 401."""


@dataclass(frozen=True)
class StaffUser:
    """The logged-in staff member, as the routers see them."""

    id: int
    username: str
    role: str
    language: str | None = None  # chosen with the FR · NL · EN switch (kiosk.hub.language)


@dataclass(frozen=True)
class XapiPoster:
    """Who posts statements: an enrolled terminal or an LRS client (exactly one is set)."""

    terminal_id: str | None = None
    lrs_client_id: str | None = None


# --- database session ---------------------------------------------------------------------


def get_session(request: Request) -> Iterator[Session]:
    """A database session for one request (reads, and writes that only insert)."""
    with request.app.state.sessionmaker() as session:
        yield session


def get_write_session(request: Request) -> Iterator[Session]:
    """A session whose transactions take the write lock at once (read-then-write work).

    On SQLite this is ``BEGIN IMMEDIATE`` (see :mod:`kiosk.hub.db`); elsewhere the same
    as :func:`get_session`.
    """
    with request.app.state.write_sessionmaker() as session:
        yield session


DbSession = Annotated[Session, Depends(get_session)]
WriteSession = Annotated[Session, Depends(get_write_session)]


# --- passwords ----------------------------------------------------------------------------


@lru_cache(maxsize=1)
def password_hasher() -> PasswordHasher:
    return PasswordHasher()


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    # Checked when the username is unknown, so both cases take the same time.
    return password_hasher().hash(secrets.token_urlsafe(16))


def hash_password(password: str) -> str:
    return password_hasher().hash(password)


def check_new_user(username: str, role: str, password: str) -> None:
    """AuthError unless this username, role and password make an acceptable account."""
    if not USERNAME_PATTERN.match(username):
        raise AuthError("the username must be 1 to 64 letters, digits, dots, dashes or underscores")
    if role not in ROLES:
        raise AuthError(f"the role must be one of {', '.join(ROLES)} (got {role!r})")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AuthError(f"the password must have at least {MIN_PASSWORD_LENGTH} characters")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise AuthError(f"the password must have at most {MAX_PASSWORD_LENGTH} characters")


def create_user(session: Session, username: str, role: str, password: str) -> User:
    """Add a staff account (committed); AuthError if the name is taken or a value is bad."""
    check_new_user(username, role, password)
    if session.scalar(select(User.id).where(User.username == username)) is not None:
        raise AuthError(f"there is already a user called {username!r}")
    user = User(username=username, role=role, password_hash=hash_password(password))
    session.add(user)
    session.commit()
    return user


def set_password(session: Session, username: str, password: str) -> None:
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise AuthError(f"there is no user called {username!r}")
    check_new_user(username, user.role, password)
    user.password_hash = hash_password(password)
    user.session_epoch = next_epoch(user.session_epoch)  # a stolen cookie ends with the old password
    session.commit()


def authenticate(session: Session, username: str, password: str) -> User | None:
    """The user with this username and password, or None (same time either way)."""
    if len(password) > MAX_PASSWORD_LENGTH:
        return None
    user = session.scalar(select(User).where(User.username == username))
    hasher = password_hasher()
    try:
        hasher.verify(user.password_hash if user else _dummy_hash(), password)
    except (VerificationError, InvalidHashError):
        return None
    if user is None:
        return None
    if hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hasher.hash(password)
        session.commit()
    return user


# --- sessions, roles and CSRF -------------------------------------------------------------


def csrf_token(request: Request) -> str:
    """This session's CSRF token (made on first use); put it in every form."""
    token = request.session.get(SESSION_CSRF_KEY)
    if not isinstance(token, str) or len(token) < 32:
        token = secrets.token_urlsafe(32)
        request.session[SESSION_CSRF_KEY] = token
    return token


async def check_csrf(request: Request) -> None:
    """403 unless the request carries this session's CSRF token (header or form field)."""
    expected = request.session.get(SESSION_CSRF_KEY)
    sent = request.headers.get(CSRF_HEADER)
    if sent is None:
        content_type = request.headers.get("content-type", "")
        if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            form = await request.form()
            field = form.get(CSRF_FORM_FIELD)
            sent = field if isinstance(field, str) else None
    if not isinstance(expected, str) or not sent or not hmac.compare_digest(sent, expected):
        raise HTTPException(
            status.HTTP_403_FORBIDDEN,
            gettext_for(request).gettext(
                "Le formulaire a expiré ou ne vient pas de ce hub : rechargez la page et recommencez."),
        )


def login_user(request: Request, user: User) -> None:
    """Start a fresh staff session for ``user`` (a new CSRF token too).

    The language chosen on the login page stays, unless the account has its own.
    """
    language = user.language or request.session.get(SESSION_LANGUAGE_KEY)
    request.session.clear()
    if language:
        request.session[SESSION_LANGUAGE_KEY] = language
    request.session[SESSION_USER_KEY] = user.id
    request.session[SESSION_EPOCH_KEY] = user.session_epoch
    request.session[SESSION_CSRF_KEY] = secrets.token_urlsafe(32)


def staff_user(request: Request) -> StaffUser | None:
    """The logged-in staff member of this request, or None (blocking: one short session).

    A cookie whose login was ended (logout, new password, account disabled or removed)
    is emptied, so the browser drops it.
    """
    login = cookie_login(request.session)
    if login is None:
        return None
    record = lookup(request.app, login[0])
    if record is None or not record.honours(login[1]):
        request.session.clear()
        return None
    return StaffUser(record.id, record.username, record.role, record.language)


def optional_user(request: Request) -> StaffUser | None:
    """A dependency: the logged-in staff member, or None (pages that anyone may see).

    Deliberately not built on :data:`DbSession`: a yield dependency's session lives until
    the response ends, and a room stream's response lasts as long as the page is open.
    """
    return staff_user(request)


OptionalUser = Annotated[StaffUser | None, Depends(optional_user)]


def require_role(*roles: str) -> Callable[..., Any]:
    """A dependency: the logged-in staff member, if their role is one of ``roles``.

    Not logged in → redirect to /login (HTML GET) or 401; another role → 403;
    a write method without the right CSRF token → 403.
    """
    unknown = set(roles) - set(ROLES)
    if not roles or unknown:
        raise ValueError(f"unknown roles {sorted(unknown)}; use {ROLES}")

    async def dependency(request: Request, user: OptionalUser) -> StaffUser:
        if user is None:
            raise NotLoggedIn()
        request.state.user = user
        if user.role not in roles:
            page = gettext_for(request)
            readers = page.gettext(" ou à ").join(page.gettext(ROLE_READERS[r]) for r in roles)
            refusal = page.gettext("Cette page est réservée à %(readers)s. Votre compte n'y a pas accès.")
            raise HTTPException(status.HTTP_403_FORBIDDEN, refusal % {"readers": readers})
        if request.method not in SAFE_METHODS:
            await check_csrf(request)
        return user

    dependency.__name__ = f"require_role_{'_'.join(roles)}"
    return dependency


#: The logged-in animator (``def page(user: Animator)``); see :func:`require_role`.
Animator = Annotated[StaffUser, Depends(require_role("animator"))]
#: The logged-in trainer.
Trainer = Annotated[StaffUser, Depends(require_role("trainer"))]
#: The logged-in coordinator of the network (totals across EPNs, no pseudonym).
Coordinator = Annotated[StaffUser, Depends(require_role("coordinator"))]
#: A logged-in animator or trainer: the staff of one EPN's room and logs (not the
#: coordinator, who sees no statement one by one).
Staff = Annotated[StaffUser, Depends(require_role("animator", "trainer"))]


def wants_html(request: Request) -> bool:
    return request.method in ("GET", "HEAD") and "text/html" in request.headers.get("accept", "")


def not_logged_in_response(request: Request) -> Response:
    """What :class:`NotLoggedIn` becomes: a redirect for pages, else 401."""
    if wants_html(request):
        # the path as it came over the wire: a QR link's code holds "%", which must come
        # back from the login page still escaped, not decoded into other bytes
        raw = request.scope.get("raw_path")
        path = raw.decode("latin-1") if isinstance(raw, bytes) else request.url.path
        target = path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target, safe='')}", status.HTTP_303_SEE_OTHER)
    from fastapi.responses import JSONResponse

    return JSONResponse({"detail": gettext_for(request).gettext("Connectez-vous d'abord.")},
                        status.HTTP_401_UNAUTHORIZED)


# --- terminals and LRS clients ------------------------------------------------------------


def token_hash(token: str) -> str:
    """How a terminal token, enrol code or LRS secret is stored: SHA-256 hex."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


_bearer = HTTPBearer(auto_error=False, description="The token a terminal received at enrolment.")
_basic = HTTPBasic(auto_error=False, description="An LRS client: its id and secret.")


def _unauthorized(detail: str, scheme: str = "Bearer") -> HTTPException:
    return HTTPException(status.HTTP_401_UNAUTHORIZED, detail, headers={"WWW-Authenticate": scheme})


def terminal_for_token(session: Session, token: str) -> Terminal | None:
    digest = token_hash(token)
    terminal = session.scalar(select(Terminal).where(Terminal.token_hash == digest))
    if terminal is None or not hmac.compare_digest(terminal.token_hash, digest):
        return None
    return terminal


def _mark_seen(session: Session, terminal: Terminal) -> None:
    now = utc_now()
    if terminal.last_seen_at is not None and now - terminal.last_seen_at <= LAST_SEEN_EVERY:
        return
    # End the reading transaction first: on SQLite a transaction that read and then
    # writes cannot wait for another writer ("database is locked" at once). A lone
    # UPDATE waits its turn. Best effort: a busy database skips this minute's mark.
    session.commit()
    try:
        session.execute(
            update(Terminal).where(Terminal.id == terminal.id)
            .where(or_(Terminal.last_seen_at.is_(None), Terminal.last_seen_at < now - LAST_SEEN_EVERY))
            .values(last_seen_at=now)
        )
        session.commit()
    except OperationalError:
        session.rollback()
    set_committed_value(terminal, "last_seen_at", now)  # known now; nothing left to flush


def current_terminal(
    session: DbSession,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Terminal:
    """The enrolled terminal whose bearer token came with the request; 401 otherwise."""
    if credentials is None or not credentials.credentials:
        raise _unauthorized("This needs a terminal token: enrol the terminal first.")
    terminal = terminal_for_token(session, credentials.credentials)
    if terminal is None:
        raise _unauthorized("This terminal token is not known here: enrol the terminal again.")
    _mark_seen(session, terminal)
    return terminal


def xapi_poster(
    request: Request,
    session: DbSession,
    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    basic: Annotated[HTTPBasicCredentials | None, Depends(_basic)],
) -> XapiPoster:
    """A terminal (Bearer token) or an LRS client (Basic id:secret); 401 otherwise."""
    scheme = request.headers.get("authorization", "").split(" ", 1)[0].lower()
    if scheme == "bearer" and bearer is not None and bearer.credentials:
        terminal = terminal_for_token(session, bearer.credentials)
        if terminal is not None:
            _mark_seen(session, terminal)
            return XapiPoster(terminal_id=terminal.id)
    elif scheme == "basic" and basic is not None:
        client = session.get(LrsClient, basic.username) if len(basic.username) <= 64 else None
        digest = token_hash(basic.password)
        if client is not None and hmac.compare_digest(client.secret_hash, digest):
            return XapiPoster(lrs_client_id=client.id)
    raise _unauthorized("This needs a terminal token (Bearer) or an LRS client's id and secret (Basic).")


def create_lrs_client(session: Session, label: str) -> tuple[str, str]:
    """A new LRS client (committed): its id and secret, for HTTP Basic auth."""
    label = label.strip()
    if not 1 <= len(label) <= 100:
        raise AuthError("the label must have 1 to 100 characters")
    client_id = secrets.token_hex(16)
    secret = secrets.token_urlsafe(32)
    session.add(LrsClient(id=client_id, label=label, secret_hash=token_hash(secret)))
    session.commit()
    return client_id, secret


# --- pages: login, logout, home -----------------------------------------------------------

router = APIRouter(tags=["staff"])


def _safe_next(target: str | None) -> str | None:
    # Only a path on this hub: never another site (no open redirect).
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return None


@router.get("/", include_in_schema=False)
def home(user: OptionalUser) -> Response:
    if user is None:
        return RedirectResponse("/login", status.HTTP_303_SEE_OTHER)
    return RedirectResponse(ROLE_HOME[user.role], status.HTTP_303_SEE_OTHER)


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, user: OptionalUser, next: str | None = None) -> Response:
    from kiosk.hub.templating import render

    request.state.user = user
    return render(request, "login.html", {"next": _safe_next(next) or "", "error": None})


@router.post("/login", response_class=HTMLResponse)
async def login(
    request: Request,
    username: Annotated[str, Form(max_length=200)],
    password: Annotated[str, Form(max_length=MAX_PASSWORD_LENGTH)],
    next: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    from starlette.concurrency import run_in_threadpool

    from kiosk.hub.templating import render

    await check_csrf(request)
    throttle: LoginThrottle = request.app.state.login_throttle
    address = request.client.host if request.client else "unknown"

    def check() -> User | float | None:
        # the database and argon2 (tens of milliseconds): off the event loop
        wait = throttle.admit(username, address)
        if wait > 0:
            return wait
        with request.app.state.sessionmaker() as session:
            user = authenticate(session, username, password)
            if user is not None:
                session.expunge(user)
        if user is None:
            throttle.failed(username, address)
        else:
            throttle.succeeded(username, address)
        return user

    user = await run_in_threadpool(check)
    words = gettext_for(request)
    if isinstance(user, float):
        seconds = max(1, math.ceil(user))
        response = render(request, "login.html", {"next": _safe_next(next) or "", "error":
                          words.ngettext("Trop d'essais. Attendez %(n)d seconde, puis réessayez.",
                                         "Trop d'essais. Attendez %(n)d secondes, puis réessayez.",
                                         seconds) % {"n": seconds}},
                          status_code=status.HTTP_429_TOO_MANY_REQUESTS)
        response.headers["Retry-After"] = str(seconds)
        return response
    if user is None:
        return render(request, "login.html", {"next": _safe_next(next) or "", "error":
                      words.gettext("Nom d'utilisateur ou mot de passe incorrect.")},
                      status_code=status.HTTP_401_UNAUTHORIZED)
    if user.disabled:
        return render(request, "login.html", {"next": _safe_next(next) or "", "error":
                      words.gettext("Ce compte est désactivé. Demandez à la personne qui gère le hub.")},
                      status_code=status.HTTP_403_FORBIDDEN)
    login_user(request, user)
    return RedirectResponse(_safe_next(next) or ROLE_HOME[user.role], status.HTTP_303_SEE_OTHER)


@router.post("/logout")
async def logout(request: Request, user: OptionalUser) -> Response:
    """Ends this account's logins everywhere: this cookie, its copies, its other devices."""
    from starlette.concurrency import run_in_threadpool

    if user is None:
        raise NotLoggedIn()
    await check_csrf(request)

    def end() -> None:
        with request.app.state.write_sessionmaker() as session:
            end_sessions(session, user.id)

    await run_in_threadpool(end)
    request.app.state.staff_check.forget(user.id)
    language = request.session.get(SESSION_LANGUAGE_KEY)
    request.session.clear()
    if language:  # the browser's language choice is no secret: the login page keeps it
        request.session[SESSION_LANGUAGE_KEY] = language
    return RedirectResponse("/login", status.HTTP_303_SEE_OTHER)
