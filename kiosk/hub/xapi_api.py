"""The hub as an xAPI 1.0.3 statement store: ``/xAPI/statements`` and ``/xAPI/about``.

Owns receiving statements (docs/HUB_PROTOCOL.md §2): who may post (a terminal's Bearer
token or an LRS client's Basic id:secret), the checks, and storing a batch exactly once.
The checks: the kiosk's profile (:mod:`kiosk.sync.xapi_profile` — only the fields the
kiosk sends, no personal data, a learner of the terminal's own EPN or of one the hub
trusts), the xAPI 1.0.3 model (:mod:`kiosk.hub.xapi_spec`), and what the hub's columns
can hold. Then:

- one transaction per request: look up every id of the batch at once, then insert all
  new rows with one multi-row INSERT (and their ``forward_queue`` rows when an LRS is
  configured), so a batch of 100 costs two statements and one commit;
- a known id with the same canonical JSON is accepted and not stored again (a kiosk
  re-sending after a lost answer); a known id with other content is a 409 and nothing
  of the batch is stored;
- anything malformed is a 400 naming each field's path and what is wrong (e.g.
  ``statements[3].context.instructor``); a learner of another EPN is a 403; more than
  ``max_statements`` statements or a body over ``max_body_bytes`` is a 413.

``stored`` and ``authority`` of a posted statement are the LRS's to set: they are
dropped before storing and comparing.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response, status
from fastapi.responses import JSONResponse
from sqlalchemy import Engine, insert, select
from sqlalchemy.exc import IntegrityError
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kiosk.hub.auth import XapiPoster, xapi_poster
from kiosk.hub.enrolment import trusted_issuers
from kiosk.hub.models import INDEXED_TEXT, ForwardItem, Statement, Terminal
from kiosk.hub.xapi_spec import spec_problems
from kiosk.store.models import utc_now
from kiosk.sync.xapi import XAPI_VERSION, canonical_json, read_fields
from kiosk.sync.xapi_profile import check_profile

VERSION_HEADER = "X-Experience-API-Version"
PREFIX = "/xAPI"
#: Fields an LRS sets itself: never part of what is stored or compared.
LRS_FIELDS = ("stored", "authority")
INT32 = 2**31 - 1
INT64 = 2**63 - 1

router = APIRouter(prefix=PREFIX, tags=["xAPI"])

_STATEMENT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "An xAPI 1.0.3 statement with an account actor (docs/HUB_PROTOCOL.md §1).",
    "required": ["actor", "verb", "object"],
    "properties": {
        "id": {"type": "string", "format": "uuid"},
        "actor": {"type": "object", "properties": {"objectType": {"type": "string"}, "account": {
            "type": "object", "required": ["homePage", "name"],
            "properties": {"homePage": {"type": "string"}, "name": {"type": "string"}}}}},
        "verb": {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}},
        "object": {"type": "object", "properties": {"id": {"type": "string"}}},
        "result": {"type": "object"},
        "context": {"type": "object"},
        "timestamp": {"type": "string", "format": "date-time"},
        "version": {"type": "string"},
    },
}
_VERSION_PARAMETER = {"name": VERSION_HEADER, "in": "header", "required": True,
                      "schema": {"type": "string", "enum": [XAPI_VERSION]}}
_REFUSALS: dict[int | str, dict[str, Any]] = {
    400: {"description": "malformed statements or a field the kiosk never sends, each named by its path"},
    401: {"description": "no terminal token or LRS client credentials"},
    403: {"description": "a learner of an EPN this terminal may not write for"},
    409: {"description": "a statement id is already stored with other content; nothing stored"},
    413: {"description": "more than 1,000 statements or more than 5 MB"},
}


class XapiVersionHeader:
    """Adds ``X-Experience-API-Version: 1.0.3`` to every response under ``/xAPI``.

    Refusals too (401 from the auth dependency, 413 from the size limit), which never
    reach the route's own code.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not str(scope.get("path", "")).startswith(PREFIX + "/"):
            await self.app(scope, receive, send)
            return

        async def send_with_version(message: Message) -> None:
            if message["type"] == "http.response.start":
                name = b"x-experience-api-version"
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != name]
                message["headers"] = headers + [(name, XAPI_VERSION.encode())]
            await send(message)

        await self.app(scope, receive, send_with_version)


# --- checking and storing -----------------------------------------------------------------


class BatchRefused(Exception):
    """A 4xx answer for the whole batch; nothing of it is stored."""

    def __init__(self, status_code: int, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.status_code = status_code
        self.detail = detail
        self.extra = extra

    def response(self) -> JSONResponse:
        return JSONResponse({"detail": self.detail, **self.extra}, self.status_code)


@dataclass(frozen=True)
class Stored:
    """What a batch did: every id in order, and how many were new."""

    ids: list[str]
    new: int


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def parse_json(body: bytes) -> Any:
    """The request body as JSON; BatchRefused(400) with a plain reason otherwise."""
    if not body.strip():
        raise BatchRefused(400, "the body is empty: send a statement or a list of statements")
    try:
        return json.loads(body, parse_constant=_reject_constant)
    except (ValueError, RecursionError) as error:  # UnicodeDecodeError is a ValueError
        raise BatchRefused(400, f"the body is not valid JSON ({str(error)[:100]})") from None


def _fits(value: int | None, limit: int) -> int | None:
    # An integer a column cannot hold is not indexed (the body keeps it).
    return value if value is not None and -limit - 1 <= value <= limit else None


def check(item: Any, *, path: str, epns: Collection[str] | None) -> tuple[list[str], bool]:
    """What is wrong with one statement (``path: reason``), and whether only its EPN is.

    The kiosk's profile first (privacy: only the fields the kiosk sends; the learner of an
    EPN in ``epns``), then the xAPI 1.0.3 model. ``stored``/``authority`` are the LRS's.
    """
    statement = {k: v for k, v in item.items() if k not in LRS_FIELDS} if isinstance(item, dict) else item
    problems = check_profile(statement, path=path, epns=epns)
    if problems:
        return [str(p) for p in problems], all(p.foreign for p in problems)
    return spec_problems(statement, path=path), False


def prepare(items: list[Any], *, terminal_id: str | None, now: datetime, epns: Collection[str] | None = None,
            single: bool = False) -> tuple[list[tuple[str, str]], list[dict[str, Any]]]:
    """Each statement → (id, canonical JSON) and its row; BatchRefused with every reason.

    403 when the only problem is the EPN of learners (see :func:`check`), else 400.
    """
    reasons: list[str] = []
    foreign = 0  # problems that are only a learner's EPN
    keyed: list[tuple[str, str]] = []
    rows: list[dict[str, Any]] = []
    seen: dict[str, str] = {}
    for position, item in enumerate(items):
        where = "statement" if single else f"statements[{position}]"
        problems, only_epn = check(item, path=where, epns=epns)
        if problems:
            reasons.extend(problems)
            foreign += len(problems) if only_epn else 0
            continue
        statement = {k: v for k, v in item.items() if k not in LRS_FIELDS}
        statement["id"] = str(statement.get("id") or uuid.uuid4()).lower()
        body = canonical_json(statement)
        try:
            body.encode("utf-8")
        except UnicodeEncodeError:
            reasons.append(f"{where}: it contains text that is not valid Unicode")
            continue
        if "\\u0000" in body:  # json.dumps escapes NUL; PostgreSQL text cannot hold one
            reasons.append(f"{where}: it contains a NUL character")
            continue
        try:
            fields = read_fields(statement, stored_at=now)
        except (OverflowError, ValueError) as error:
            reasons.append(f"{where}: it cannot be read ({error})")
            continue
        too_long = [name for name, value in (("actor.account.homePage", fields.actor_home),
                                             ("verb.id", fields.verb),
                                             ("the scenario id", fields.scenario_id),
                                             ("the step id", fields.step_id),
                                             ("the session extension", fields.session_id))
                    if value is not None and len(value) > INDEXED_TEXT]
        if too_long:
            reasons.append(f"{where}: {', '.join(too_long)} longer than "
                           f"{INDEXED_TEXT} characters")
            continue
        if fields.id in seen:
            if seen[fields.id] != body:
                reasons.append(f"{where}.id: {fields.id} appears twice with different content")
            continue  # the same statement twice in one batch: stored once
        seen[fields.id] = body
        keyed.append((fields.id, body))
        rows.append({
            "id": fields.id, "stored_at": now, "timestamp": fields.timestamp, "terminal_id": terminal_id,
            "actor_home": fields.actor_home, "actor_name": fields.actor_name, "verb": fields.verb,
            "object_id": fields.object_id, "scenario_id": fields.scenario_id, "step_id": fields.step_id,
            "registration": fields.registration, "session_id": fields.session_id,
            "success": fields.success, "score_raw": _fits(fields.score_raw, INT32),
            "hint_level": _fits(fields.hint_level, INT32), "t_offset_ms": _fits(fields.t_offset_ms, INT64),
            "language": fields.language, "body": body, "seq": _fits(fields.seq, INT64),
        })
    if reasons:
        shown = "; ".join(reasons[:5]) + (f"; and {len(reasons) - 5} more" if len(reasons) > 5 else "")
        code = 403 if foreign == len(reasons) else 400
        raise BatchRefused(code, f"{len(reasons)} problem(s), nothing stored: {shown}", reasons=reasons[:100])
    return keyed, rows


def store(engine: Engine, keyed: list[tuple[str, str]], rows: list[dict[str, Any]], *,
          forwarding: bool, now: datetime) -> int:
    """Insert the rows whose ids are new, in one transaction; the number inserted.

    BatchRefused(409) when a known id has other content (then nothing is stored).
    ``engine`` must take the write lock at BEGIN on SQLite (:func:`kiosk.hub.db.write_engine`).
    """
    ids = [statement_id for statement_id, _ in keyed]
    for attempt in range(2):
        try:
            with engine.begin() as connection:
                known = dict(connection.execute(
                    select(Statement.id, Statement.body).where(Statement.id.in_(ids))).all())
                conflicts = [i for i, body in keyed if i in known and known[i] != body]
                if conflicts:
                    raise BatchRefused(
                        409, f"{len(conflicts)} statement id(s) are already stored with other content; "
                        "nothing was stored", conflicts=conflicts[:100])
                new_rows = [row for row in rows if row["id"] not in known]
                if new_rows:
                    connection.execute(insert(Statement), new_rows)
                    if forwarding:
                        connection.execute(insert(ForwardItem), [
                            {"statement_id": row["id"], "queued_at": now, "tries": 0, "next_try_at": now}
                            for row in new_rows])
                return len(new_rows)
        except IntegrityError:
            # Another request stored one of these ids between our look-up and insert
            # (PostgreSQL; SQLite's BEGIN IMMEDIATE serialises): look again once.
            if attempt:
                raise
    raise AssertionError("unreachable")


def _check_version(request: Request) -> None:
    sent = request.headers.get(VERSION_HEADER, "")
    if not sent.startswith("1.0"):
        raise HTTPException(status.HTTP_400_BAD_REQUEST,
                            f"send the header {VERSION_HEADER}: {XAPI_VERSION} (this hub speaks xAPI 1.0.x)")


def learner_epns(app_state: Any, poster: XapiPoster) -> set[str] | None:
    """The EPNs a poster may write for: a terminal's own and the ones the hub trusts
    (a visiting learner's progress code); None (any EPN) for an LRS client."""
    if poster.terminal_id is None:
        return None
    with app_state.sessionmaker() as session:
        own = session.scalar(select(Terminal.epn_id).where(Terminal.id == poster.terminal_id))
        trusted = trusted_issuers(session, app_state.settings.trusted_issuers_file)
    return {own, *trusted} if own else set(trusted)


async def _ingest(request: Request, poster: XapiPoster, parse: Any, *, single: bool = False) -> Stored:
    _check_version(request)
    body = await request.body()
    settings = request.app.state.settings
    write_engine: Engine = request.app.state.write_engine

    def work() -> Stored:
        items = parse(parse_json(body))
        if len(items) > settings.max_statements:
            raise BatchRefused(413, f"at most {settings.max_statements} statements per request, "
                                    f"got {len(items)}: send them in smaller batches")
        if not items:
            return Stored([], 0)
        now = utc_now()
        keyed, rows = prepare(items, terminal_id=poster.terminal_id, now=now,
                              epns=learner_epns(request.app.state, poster), single=single)
        new = store(write_engine, keyed, rows, forwarding=settings.forwarding, now=now)
        return Stored([i for i, _ in keyed], new)

    stored = await run_in_threadpool(work)
    forwarder = request.app.state.forwarder
    if stored.new and forwarder is not None:
        forwarder.wake()
    return stored


@router.post(
    "/statements",
    responses={200: {"description": "the ids of the statements, in order"}, **_REFUSALS},
    openapi_extra={
        "parameters": [_VERSION_PARAMETER],
        "requestBody": {"required": True, "content": {"application/json": {"schema": {
            "oneOf": [_STATEMENT_SCHEMA, {"type": "array", "items": _STATEMENT_SCHEMA, "maxItems": 1000}]}}}},
    },
)
async def post_statements(
    request: Request, poster: Annotated[XapiPoster, Depends(xapi_poster)]
) -> list[str]:
    """Store one statement or a list of them (at most 1,000, 5 MB); answer their ids."""
    try:
        stored = await _ingest(request, poster, lambda body: body if isinstance(body, list) else [body])
    except BatchRefused as refused:
        return refused.response()  # type: ignore[return-value]
    return stored.ids


@router.put(
    "/statements",
    status_code=status.HTTP_204_NO_CONTENT,
    responses={204: {"description": "stored (or already there, identical)"}, **_REFUSALS},
    openapi_extra={
        "parameters": [_VERSION_PARAMETER],
        "requestBody": {"required": True, "content": {"application/json": {"schema": _STATEMENT_SCHEMA}}},
    },
)
async def put_statement(
    request: Request,
    poster: Annotated[XapiPoster, Depends(xapi_poster)],
    statement_id: Annotated[str, Query(alias="statementId", max_length=36)],
) -> Response:
    """Store one statement under the id given in ``statementId``."""
    try:
        wanted = str(uuid.UUID(statement_id))
    except ValueError:
        return BatchRefused(400, "statementId must be a UUID").response()

    def one(body: Any) -> list[Any]:
        if not isinstance(body, dict):
            raise BatchRefused(400, "PUT takes one statement (a JSON object)")
        if "id" in body and str(body["id"]).lower() != wanted:
            raise BatchRefused(400, "the statement's id differs from statementId")
        return [dict(body, id=wanted)]

    try:
        await _ingest(request, poster, one, single=True)
    except BatchRefused as refused:
        return refused.response()
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/about")
def about() -> dict[str, list[str]]:
    """The xAPI versions this hub speaks."""
    return {"version": [XAPI_VERSION]}
