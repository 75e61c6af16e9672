"""The live room: terminals tell the hub what they show; animators see it and answer help calls.

Owns these routes (HUB_PROTOCOL.md §2):

- ``POST /api/terminals/status`` (terminal token): a terminal's live status in, the answer
  ``{"help": "none"|"waiting"|"unseen"|"coming", "wipe": bool}`` out (``unseen``: a call
  nobody would see, as no animator has watched the room for the setting
  ``help_unseen_after``; every staff request below counts as watching);
- ``GET /room``: the animator's page, one tile per enrolled terminal, kept live by
  ``GET /room/events`` (Server-Sent Events: event ``room``, the JSON list of tiles, at
  each change and at least every 2 s, so that a silent terminal turns offline on screen;
  no database session is held while it streams, a login may hold a few at once, and the
  stream ends when its login ends: :mod:`kiosk.hub.staff_sessions`);
- ``POST /room/terminals/{id}/acknowledge`` ("J'arrive"), ``POST /room/terminals/{id}/wipe``
  ("Effacer ce terminal"), ``POST /room/terminals/{id}/clear-call`` ("Effacer l'appel" of
  a terminal gone offline), ``POST /room/terminals/{id}/remove`` ("Retirer ce terminal":
  revoked, its token refused at once) and ``POST /room/enrol-codes`` ("Ajouter un terminal",
  then ``GET /room/enrol-code`` shows that code again on a reload).

The live state is :class:`kiosk.hub.room_state.RoomState` on ``app.state.room``, made at
startup with the French titles of the scenario catalogue (the page itself carries the
titles, learner language names and its words in the staff member's language, for
``room.js``: :mod:`kiosk.hub.language`). Every change to it goes through the relay on
``app.state.room_relay`` (:mod:`kiosk.hub.room_relay`): on SQLite it is applied at once
(one process); on PostgreSQL it reaches every process serving the hub, workers and hosts,
through LISTEN/NOTIFY. Heartbeats cost no database
write: a terminal's token is checked against the database at most every
:data:`TOKEN_RECHECK_S` (a terminal removed here is evicted at once; one removed by
``kiosk hub terminal remove`` at the next roster refresh, :data:`ROSTER_EVERY_S`), and
``terminals.last_seen_at`` is written for all terminals at once every :data:`LAST_SEEN_EVERY_S`
(by each process for the terminals whose last status it took). The help calls' moments
(called, "J'arrive", ended) go to the ``help_calls`` log every :data:`ROSTER_EVERY_S`
(:mod:`kiosk.hub.help_calls`), for the coordinator's totals; every process writes what it
saw, and the log keeps each moment once (a call's id is the same in every process).

Staff routes take the animator's session cookie (the write routes check its CSRF token
too: :data:`kiosk.hub.auth.Animator`). The animator's buttons post with ``fetch``
(``Accept: application/json`` gets JSON back); without JavaScript the same forms post
and come back to the room page.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Request, status
from fastapi import Path as PathParam
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sse_starlette import EventSourceResponse, ServerSentEvent
from starlette.concurrency import run_in_threadpool
from starlette.types import Receive, Scope, Send

from kiosk.engine.model import Scenario
from kiosk.hub.auth import Animator, NotLoggedIn, terminal_for_token, token_hash
from kiosk.hub.enrolment import CODE_LIFETIME, new_enrol_code, remove_terminal
from kiosk.hub.help_calls import close_open_calls, record
from kiosk.hub.language import N_, gettext_for, language_names, page_language
from kiosk.hub.models import Terminal
from kiosk.hub.room_relay import LocalRelay, PostgresRelay, connect_arguments
from kiosk.hub.room_state import (
    LANGUAGE_NAMES,
    MAX_STATUS_BYTES,
    NoHelpCall,
    RoomState,
    StatusInvalid,
    StuckRule,
    TerminalOnline,
    TerminalStatus,
    UnknownTerminal,
)
from kiosk.hub.staff_sessions import LoginStreams, StaffCheck, cookie_login
from kiosk.hub.templating import render
from kiosk.store.models import utc_now

log = logging.getLogger(__name__)

#: A room event goes out at least this often, changed or not (the protocol says 2 s).
EVENT_EVERY_S = 2.0
#: Changes closer together than this go out in one event: 200 terminals each saying
#: something every second must not mean 200 events a second on an animator's phone.
EVENT_GAP_S = 0.25
#: What a browser waits before reconnecting a dropped event stream.
RETRY_MS = 2000
#: A terminal token is looked up in the database again after this long (a revoked one
#: stops working within it); in between, the heartbeat is answered from memory.
TOKEN_RECHECK_S = 30.0
#: ``terminals.last_seen_at`` is written at most this often (one transaction for all).
LAST_SEEN_EVERY_S = 30.0
#: The list of enrolled terminals is read again this often (enrolments made elsewhere).
ROSTER_EVERY_S = 2.0

ID_PATTERN = r"^[0-9a-f]{32}$"

router = APIRouter(tags=["room"])


# --- startup and the state ------------------------------------------------------------------


@lru_cache(maxsize=4)
def _scenarios(scenarios_dir: Path) -> dict[str, Scenario]:
    from kiosk.engine.catalogue import load_catalogue

    try:
        return dict(load_catalogue(scenarios_dir, ("fr",)).scenarios)
    except Exception as error:  # a broken folder must not stop the room: ids are shown instead
        log.warning("the scenarios in %s cannot be read (%s): the room shows their ids", scenarios_dir, error)
        return {}


def scenario_titles(scenarios_dir: Path, language: str = "fr") -> dict[str, str]:
    """Scenario id → title in ``language`` (else French), from the catalogue the hub was
    given (empty if unreadable). The tiles carry the French one; the page, its own."""
    return {sid: s.title.get(language) or sid for sid, s in _scenarios(scenarios_dir).items()}


@dataclass(frozen=True)
class TerminalRef:
    terminal_id: str
    label: str


class TokenCache:
    """Terminal tokens checked lately (by their SHA-256): the heartbeat needs no query."""

    def __init__(self, ttl: float = TOKEN_RECHECK_S, size: int = 10_000) -> None:
        self.ttl = ttl
        self.size = size
        self._lock = threading.Lock()
        self._known: dict[str, tuple[TerminalRef, float]] = {}

    def get(self, digest: str) -> TerminalRef | None:
        with self._lock:
            found = self._known.get(digest)
        if found is None or time.monotonic() - found[1] > self.ttl:
            return None
        return found[0]

    def forget(self, terminal_ids: Iterable[str] | None = None, *, keep: set[str] | None = None) -> None:
        """Drop the tokens of ``terminal_ids``, or of every terminal not in ``keep``."""
        drop = set(terminal_ids or ())
        with self._lock:
            self._known = {d: v for d, v in self._known.items()
                           if v[0].terminal_id not in drop and (keep is None or v[0].terminal_id in keep)}

    def put(self, digest: str, ref: TerminalRef) -> None:
        now = time.monotonic()
        with self._lock:
            if len(self._known) >= self.size:
                self._known = {d: v for d, v in self._known.items() if now - v[1] <= self.ttl}
            self._known[digest] = (ref, now)


def refresh_roster(app: FastAPI) -> None:
    """Read the enrolled terminals into the room (blocking: run it in a thread)."""
    with app.state.sessionmaker() as session:
        rows = session.execute(select(Terminal.id, Terminal.label)).all()
    room_of(app).set_roster((r.id, r.label) for r in rows)
    # a terminal removed from the command line: its token is looked up again (and refused)
    _tokens_of(app).forget(keep={r.id for r in rows})


def _new_room(app: FastAPI, titles: dict[str, str]) -> RoomState:
    settings = app.state.settings
    return RoomState(titles, unseen_after=settings.help_unseen_after,
                     stuck=StuckRule(settings.stuck_step_seconds, settings.stuck_mistakes,
                                     settings.stuck_mistakes_seconds))


def flush_last_seen(app: FastAPI) -> None:
    """Write ``last_seen_at`` of the terminals heard since the last flush (blocking)."""
    since: datetime | None = getattr(app.state, "room_flushed_until", None)
    seen = room_of(app).seen_since(since, heard_by=relay_of(app).worker)
    if not seen:
        return
    with app.state.write_sessionmaker() as session:
        session.execute(update(Terminal), [{"id": tid, "last_seen_at": at} for tid, at in seen.items()])
        session.commit()
    app.state.room_flushed_until = max(seen.values())


def flush_help_calls(app: FastAPI) -> None:
    """Write the help calls' moments since the last flush (blocking); kept for the next
    flush if the database refuses them now."""
    room = room_of(app)
    changes = room.take_help_changes()
    if not changes:
        return
    try:
        try:
            with app.state.write_sessionmaker() as session:
                record(session, changes)
        except IntegrityError:  # another process wrote the same call's first moment just now
            with app.state.write_sessionmaker() as session:
                record(session, changes)
    except Exception:
        room.give_back_help_changes(changes)
        raise


def room_of(app: FastAPI) -> RoomState:
    """The app's room (made here if the app was not started through its lifespan)."""
    room = getattr(app.state, "room", None)
    if room is None:
        room = app.state.room = _new_room(app, scenario_titles(app.state.settings.scenarios_dir))
    return room


def relay_of(app: FastAPI) -> LocalRelay:
    """How the app's room is changed (a local one if the app was not started through its lifespan)."""
    relay = getattr(app.state, "room_relay", None)
    if relay is None:
        relay = app.state.room_relay = _new_relay(app, shared=False)
    return relay


def _new_relay(app: FastAPI, *, shared: bool) -> LocalRelay:
    def forget_token(terminal_id: str) -> None:
        _tokens_of(app).forget([terminal_id])

    engine = app.state.engine
    if shared and engine.dialect.name == "postgresql":
        return PostgresRelay(room_of(app), forget_token, connect=connect_arguments(engine))
    return LocalRelay(room_of(app), forget_token)


def _tokens_of(app: FastAPI) -> TokenCache:
    cache = getattr(app.state, "room_tokens", None)
    if cache is None:
        cache = app.state.room_tokens = TokenCache()
    return cache


async def _housekeeping(app: FastAPI) -> None:
    last_flush = time.monotonic()
    while True:
        await asyncio.sleep(ROSTER_EVERY_S)
        try:
            await run_in_threadpool(refresh_roster, app)
            await run_in_threadpool(flush_help_calls, app)
            if time.monotonic() - last_flush >= LAST_SEEN_EVERY_S:
                last_flush = time.monotonic()
                await run_in_threadpool(flush_last_seen, app)
        except Exception:  # the database may be busy a moment: try again next round
            log.exception("room housekeeping failed")


async def on_startup(app: FastAPI) -> None:
    titles = await asyncio.to_thread(scenario_titles, app.state.settings.scenarios_dir)
    app.state.room = _new_room(app, titles)
    app.state.room_tokens = TokenCache()
    await run_in_threadpool(_close_open_calls, app)
    app.state.room_relay = _new_relay(app, shared=True)
    await app.state.room_relay.start()
    await run_in_threadpool(refresh_roster, app)
    app.state.room_housekeeping = asyncio.get_running_loop().create_task(_housekeeping(app))


def _close_open_calls(app: FastAPI) -> None:
    with app.state.write_sessionmaker() as session:
        close_open_calls(session, utc_now())


async def on_shutdown(app: FastAPI) -> None:
    task: asyncio.Task[None] | None = getattr(app.state, "room_housekeeping", None)
    if task is not None:
        task.cancel()
        try:
            await task
        except asyncio.CancelledError:
            pass
    await relay_of(app).stop()
    try:
        await run_in_threadpool(flush_last_seen, app)
    except Exception:
        log.exception("the terminals' last_seen_at could not be written at shutdown")
    try:
        await run_in_threadpool(flush_help_calls, app)
    except Exception:
        log.exception("the last help call moments could not be written at shutdown")


# --- terminals ------------------------------------------------------------------------------

_bearer = HTTPBearer(auto_error=False, description="The token a terminal received at enrolment.")


def _unauthorized(detail: str) -> HTTPException:
    return HTTPException(status.HTTP_401_UNAUTHORIZED, detail, headers={"WWW-Authenticate": "Bearer"})


async def status_terminal(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> TerminalRef:
    """The terminal whose bearer token came with the status (checked in memory when recent)."""
    if credentials is None or not credentials.credentials or len(credentials.credentials) > 200:
        raise _unauthorized("This needs a terminal token: enrol the terminal first.")
    digest = token_hash(credentials.credentials)
    cache = _tokens_of(request.app)
    ref = cache.get(digest)
    if ref is None:
        def lookup() -> TerminalRef | None:
            with request.app.state.sessionmaker() as session:
                terminal = terminal_for_token(session, credentials.credentials)
                return None if terminal is None else TerminalRef(terminal.id, terminal.label)

        ref = await run_in_threadpool(lookup)
        if ref is None:
            raise _unauthorized("This terminal token is not known here: enrol the terminal again.")
        cache.put(digest, ref)
    return ref


async def _read_body(request: Request, limit: int) -> bytes:
    too_large = StatusInvalid(status.HTTP_413_CONTENT_TOO_LARGE, [f"the status is larger than {limit} bytes"])
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise too_large
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise too_large
    return bytes(body)


@router.post("/api/terminals/status", response_model=None)
async def terminal_status(request: Request, terminal: Annotated[TerminalRef, Depends(status_terminal)]
                          ) -> dict[str, Any] | JSONResponse:
    """What the terminal shows now; answers whether help is coming and whether to wipe."""
    try:
        live = TerminalStatus.parse(await _read_body(request, MAX_STATUS_BYTES))
    except StatusInvalid as error:
        # answered here, not raised: the app's error pages speak of its own, larger limit
        return JSONResponse({"detail": error.reasons}, error.status_code)
    try:
        return await relay_of(request.app).receive(terminal.terminal_id, terminal.label, live)
    except UnknownTerminal:  # removed while this status was on its way
        _tokens_of(request.app).forget([terminal.terminal_id])
        raise _unauthorized("This terminal was removed from the hub: enrol it again.") from None


# --- the animator's page --------------------------------------------------------------------


@router.get("/room")
async def room_page(request: Request, user: Animator) -> Response:
    await run_in_threadpool(refresh_roster, request.app)
    relay_of(request.app).looked()
    language = page_language(request)
    return render(request, "room.html", {
        "tiles": room_of(request.app).tiles(), "language_names": language_names(language, LANGUAGE_NAMES),
        "scenario_titles": scenario_titles(request.app.state.settings.scenarios_dir, language)})


async def _room_events(relay: LocalRelay, login_holds: Callable[[], Awaitable[bool]],
                       check_every: float) -> AsyncIterator[ServerSentEvent]:
    room = relay.room
    changed = room.watch()
    checked_at = time.monotonic()
    try:
        while True:
            changed.clear()
            sent_at = time.monotonic()
            yield ServerSentEvent(data=json.dumps(room.tiles(), ensure_ascii=False, separators=(",", ":")),
                                  event="room", retry=RETRY_MS)
            try:
                await asyncio.wait_for(changed.wait(), timeout=EVENT_EVERY_S)
            except TimeoutError:
                pass
            else:
                # a change: wait out the gap so that a burst of changes is one event
                gap = sent_at + EVENT_GAP_S - time.monotonic()
                if gap > 0:
                    await asyncio.sleep(gap)
            if time.monotonic() - checked_at >= check_every:
                checked_at = time.monotonic()
                try:
                    holds = await login_holds()
                except Exception:  # a busy database a moment: keep the page, ask again later
                    log.warning("could not check a room stream's login", exc_info=True)
                    holds = True
                if not holds:
                    return  # logged out, disabled or removed: the page's next try gets 401
    finally:
        room.unwatch(changed)
        relay.page_closed()


class _LoginStream(EventSourceResponse):
    """An event stream that gives its login's slot back however it ends."""

    def __init__(self, content: AsyncIterator[ServerSentEvent], release: Callable[[], None],
                 **kwargs: Any) -> None:
        super().__init__(content, **kwargs)
        self._release = release

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:
            self._release()


@router.get("/room/events")
async def room_events(request: Request, user: Animator) -> EventSourceResponse:
    """The room as Server-Sent Events: ``room`` with the tiles, on change and every 2 s.

    Holds no database session: the login was checked (in a session of its own) before
    the stream starts, and is checked again every ``staff_recheck_seconds`` through
    :class:`kiosk.hub.staff_sessions.StaffCheck`. At most ``room_streams_per_login``
    streams per login; beyond, 429.
    """
    app = request.app
    streams: LoginStreams = app.state.login_streams
    if not streams.open(user.id):
        raise HTTPException(status.HTTP_429_TOO_MANY_REQUESTS,
                            gettext_for(request).gettext(
                                "Trop de pages de la salle sont ouvertes avec ce compte (%(cap)d au plus). "
                                "Fermez-en une, puis réessayez.") % {"cap": streams.cap},
                            headers={"Retry-After": "10"})
    try:
        await run_in_threadpool(refresh_roster, app)  # terminals enrolled a moment ago
        login = cookie_login(request.session)
        if login is None:  # emptied since the check: treat it as a logout
            raise NotLoggedIn()
    except BaseException:
        streams.close(user.id)
        raise
    relay_of(app).looked()  # until the stream's watcher is in place
    staff_check: StaffCheck = app.state.staff_check

    def login_holds() -> Awaitable[bool]:
        return run_in_threadpool(staff_check.holds, *login)

    return _LoginStream(_room_events(relay_of(app), login_holds, staff_check.max_age),
                        release=lambda: streams.close(user.id), ping=15, send_timeout=10)


def _wants_json(request: Request) -> bool:
    return "application/json" in request.headers.get("accept", "")


def _done(request: Request, body: dict[str, Any]) -> Response:
    if _wants_json(request):
        return JSONResponse(body)
    return RedirectResponse("/room", status.HTTP_303_SEE_OTHER)


TerminalId = Annotated[str, PathParam(pattern=ID_PATTERN)]
NOT_ENROLLED = N_("Ce terminal n'est pas inscrit ici.")


@contextmanager
def _as_http_errors(request: Request) -> Iterator[None]:
    """The room's refusals of an animator's button, as the HTTP answers the page shows."""
    words = gettext_for(request)
    try:
        yield
    except UnknownTerminal:
        raise HTTPException(status.HTTP_404_NOT_FOUND, words.gettext(NOT_ENROLLED)) from None
    except NoHelpCall:
        raise HTTPException(status.HTTP_409_CONFLICT,
                            words.gettext("Ce terminal ne demande plus d'aide.")) from None
    except TerminalOnline:
        raise HTTPException(status.HTTP_409_CONFLICT, words.gettext(
            "Ce terminal est en ligne : son appel se ferme depuis le terminal.")) from None


@router.post("/room/terminals/{terminal_id}/acknowledge")
async def acknowledge(request: Request, terminal_id: TerminalId, user: Animator) -> Response:
    """"J'arrive": the terminal's next answer says help is coming."""
    relay = relay_of(request.app)
    relay.looked()
    with _as_http_errors(request):
        await relay.acknowledge(terminal_id, user.username)
        return _done(request, {"tile": relay.room.tile(terminal_id)})


@router.post("/room/terminals/{terminal_id}/wipe")
async def wipe(request: Request, terminal_id: TerminalId, user: Animator) -> Response:
    """The terminal ends its session at its next status and shows a clean welcome."""
    relay = relay_of(request.app)
    relay.looked()
    with _as_http_errors(request):
        await relay.ask_wipe(terminal_id)
        log.info("%s asked to wipe terminal %s", user.username, terminal_id)
        return _done(request, {"tile": relay.room.tile(terminal_id)})


@router.post("/room/terminals/{terminal_id}/clear-call")
async def clear_call(request: Request, terminal_id: TerminalId, user: Animator) -> Response:
    """"Effacer l'appel": the help call of a terminal gone offline is forgotten."""
    relay = relay_of(request.app)
    relay.looked()
    with _as_http_errors(request):
        await relay.clear_call(terminal_id)
        log.info("%s cleared the help call of terminal %s", user.username, terminal_id)
        return _done(request, {"tile": relay.room.tile(terminal_id)})


@router.post("/room/terminals/{terminal_id}/remove")
async def remove(request: Request, terminal_id: TerminalId, user: Animator) -> Response:
    """"Retirer ce terminal": revoked; its token is refused from now on, its statements stay."""
    relay = relay_of(request.app)
    relay.looked()

    def delete() -> bool:
        with request.app.state.write_sessionmaker() as session:
            return remove_terminal(session, terminal_id)

    if not await run_in_threadpool(delete):
        raise HTTPException(status.HTTP_404_NOT_FOUND, gettext_for(request).gettext(NOT_ENROLLED))
    await relay.remove(terminal_id)
    log.info("%s removed terminal %s", user.username, terminal_id)
    return _done(request, {"removed": terminal_id})


#: Where the enrol code just made waits for its page (the animator's own signed cookie).
SESSION_ENROL_CODE = "enrol_code"


@router.post("/room/enrol-codes")
def enrol_code(request: Request, user: Animator) -> Response:
    """A new single-use code for ``kiosk enrol CODE``: JSON (201), or the page showing it
    big through a redirect (POST-redirect-GET: reloading that page shows the same code)."""
    with request.app.state.sessionmaker() as session:
        code = new_enrol_code(session, user.username)
    expires_at = utc_now() + CODE_LIFETIME
    if _wants_json(request):
        return JSONResponse({"code": code, "expires_at": expires_at.isoformat(),
                             "command": f"kiosk enrol {code}"}, status.HTTP_201_CREATED)
    request.session[SESSION_ENROL_CODE] = {"code": code, "expires_at": expires_at.isoformat()}
    return RedirectResponse("/room/enrol-code", status.HTTP_303_SEE_OTHER)


@router.get("/room/enrol-code")
def enrol_code_page(request: Request, user: Animator) -> Response:
    """The code made last by this animator, while it is valid; else back to the room."""
    made = request.session.get(SESSION_ENROL_CODE)
    try:
        if not isinstance(made, dict):
            raise TypeError
        code, expires_at = str(made["code"]), datetime.fromisoformat(made["expires_at"])
    except (TypeError, KeyError, ValueError):
        return RedirectResponse("/room", status.HTTP_303_SEE_OTHER)
    left = (expires_at - utc_now()).total_seconds()
    if left <= 0:
        request.session.pop(SESSION_ENROL_CODE, None)
        return RedirectResponse("/room", status.HTTP_303_SEE_OTHER)
    return render(request, "room_code.html", {"code": code, "minutes": max(1, round(left / 60)),
                                              "hub_url": request.app.state.settings.public_url})
