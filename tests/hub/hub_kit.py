"""Helpers of the hub tests: a real uvicorn server on 127.0.0.1, staff logins, terminals.

Everything is real: the server listens on a free local port in a thread of the test
process, the database is a fresh SQLite file (or a private PostgreSQL schema), passwords
are checked by argon2. Hashes of the test passwords are made once per process to keep
the suite quick; each login still verifies them.
"""

from __future__ import annotations

import re
import secrets
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from uuid import uuid4

import httpx
import uvicorn
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi import FastAPI

from kiosk.export.keys import SigningKey
from kiosk.hub.app import create_app
from kiosk.hub.auth import hash_password
from kiosk.hub.enrolment import new_enrol_code
from kiosk.hub.models import User
from kiosk.hub.settings import HubSettings, load_settings

PASSWORDS = {"animator": "animateur-secret-1", "trainer": "formatrice-secret-2",
             "coordinator": "coordinatrice-secret-3"}
XAPI_HEADERS = {"X-Experience-API-Version": "1.0.3"}
#: The EPN of the terminals :meth:`HubServer.enrol` makes and of :func:`practice_statements`'
#: learners: a terminal writes only for learners of its own EPN (or of one the hub trusts).
EPN_KEY = SigningKey(Ed25519PrivateKey.from_private_bytes(bytes(range(32))))
TEST_EPN = EPN_KEY.epn_id


@cache
def password_hash(password: str) -> str:
    return hash_password(password)


def make_settings(home: Path, database_url: str | None = None, **overrides: Any) -> HubSettings:
    """Settings for a test hub in ``home``, ignoring the developer's environment."""
    return load_settings(home=home, database_url=database_url, env={}, **overrides)


@dataclass
class HubServer:
    """A hub answering on ``base_url``; ``app`` is the very app it serves."""

    base_url: str
    app: FastAPI
    settings: HubSettings
    clients: list[httpx.Client] = field(default_factory=list)

    def client(self, **kwargs: Any) -> httpx.Client:
        """A new HTTP client (closed with the server; ``with`` works too)."""
        client = httpx.Client(base_url=self.base_url, timeout=30, **kwargs)
        self.clients.append(client)
        return client

    def add_user(self, username: str, role: str, password: str | None = None) -> str:
        """A staff account (committed); returns its password."""
        password = password or PASSWORDS[role]
        with self.app.state.sessionmaker() as session:
            session.add(User(username=username, role=role, password_hash=password_hash(password)))
            session.commit()
        return password

    def login(self, username: str, role: str) -> httpx.Client:
        """A client logged in as a new staff member, sending the CSRF header on its own."""
        password = self.add_user(username, role)
        client = self.client()
        response = client.post("/login", data={"username": username, "password": password,
                                               "csrf_token": form_csrf(client)})
        assert response.status_code == 303, response.text
        client.headers["X-CSRF-Token"] = form_csrf(client)
        return client

    def enrol_code(self, created_by: str = "test") -> str:
        with self.app.state.sessionmaker() as session:
            return new_enrol_code(session, created_by)

    def enrol(self, label: str = "Terminal 1", key: SigningKey = EPN_KEY) -> tuple[str, str]:
        """A terminal of ``key``'s EPN (:data:`TEST_EPN`) enrolled through the API: (id, token)."""
        with self.client() as client:
            answer = client.post("/api/terminals/enrol", json={
                "code": self.enrol_code(), "label": label, "epn_id": key.epn_id,
                "epn_public_key": key.public_text})
        assert answer.status_code == 201, answer.text
        body = answer.json()
        return body["terminal_id"], body["token"]


def form_csrf(client: httpx.Client) -> str:
    """The CSRF token a staff member's browser would find in the login page's form."""
    page = client.get("/login")
    found = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert found, page.text
    return found.group(1)


def free_socket(port: int = 0) -> socket.socket:
    # IPPROTO_TCP spelled out: asyncio turns Nagle off (TCP_NODELAY) only on sockets whose
    # proto says TCP; with proto 0 every answer waited ~40 ms for a delayed ACK.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    return sock


@contextmanager
def serve(app: FastAPI, settings: HubSettings, port: int = 0) -> Iterator[HubServer]:
    """``app`` served by uvicorn on 127.0.0.1 in a thread until the block ends.

    On a free port, or on ``port`` (to start a hub again where the kiosks know it).
    """
    sock = free_socket(port)
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on",
                                           timeout_graceful_shutdown=2))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True,
                              name=f"hub-{port}")
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test hub did not start")
        time.sleep(0.01)
    hub = HubServer(f"http://127.0.0.1:{port}", app, settings)
    try:
        yield hub
    finally:
        for client in hub.clients:
            client.close()
        server.should_exit = True
        thread.join(15)
        sock.close()


@contextmanager
def running_hub(settings: HubSettings) -> Iterator[HubServer]:
    with serve(create_app(settings), settings) as hub:
        yield hub


def new_username() -> str:
    return f"staff-{secrets.token_hex(3)}"


def practice_statements(count: int, *, pseudonym: str = "Pommier-0412", scenario: str = "email.reply",
                        terminal_id: str = "0" * 32, epn: str = TEST_EPN) -> list[dict[str, Any]]:
    """``count`` statements of one learner's attempts, as a kiosk builds them (shared builders)."""
    from datetime import UTC, datetime

    from kiosk.sync.xapi import Attempt, Learner, build_attempted, build_event

    learner = Learner(origin_epn=epn, pseudonym=pseudonym)
    steps = ("open", "reply", "write", "send")
    out: list[dict[str, Any]] = []
    while len(out) < count:
        attempt = Attempt(attempt_id=uuid4().hex, session_id=uuid4().hex, terminal_id=terminal_id,
                          scenario_id=scenario, title_fr="Répondre à un e-mail", language="ar",
                          digcomp=("digcomp:2.2:2.1",), step_ids=steps,
                          started_at=datetime(2026, 11, 23, 10, 0, tzinfo=UTC))
        out.append(build_attempted(attempt, learner))
        t = 0
        for step in steps:
            for kind in ("shown", "wrong", "hint", "correct"):
                t += 700
                out.append(build_event(attempt, learner, event_id=uuid4().hex, kind=kind, step_id=step,
                                       t_offset_ms=t, hint_level=2 if kind == "hint" else 0))
        out.append(build_event(attempt, learner, event_id=uuid4().hex, kind="finished", step_id=None,
                               t_offset_ms=t + 500, stars=2))
    return out[:count]
