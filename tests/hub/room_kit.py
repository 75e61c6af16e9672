"""Helpers of the room tests: real kiosks talking to the real hub, a real browser looking at it.

- :func:`enrol_kiosk` enrols a terminal exactly as ``kiosk enrol CODE`` does
  (:func:`kiosk.sync.client.enrol`, with a real EPN key) and :class:`Kiosk` runs the
  kiosk's own :class:`kiosk.sync.client.RoomLink` for it, keeping every answer it gets;
- :func:`kiosk_status` is what the kiosk's ``HubPresence.status()`` sends mid-exercise;
- :func:`room_events` reads the room's Server-Sent Events as a browser would, and
  :func:`watching_room` keeps them open, as a room page left open on a tablet;
- :func:`launch_chromium` / :func:`animator_page`: Debian's Chromium, headless, driven by
  Playwright, logged in through the hub's own login form; :func:`no_sideways_scroll`
  fails a page a phone would have to scroll sideways.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hub_kit import HubServer

from kiosk.export.keys import SigningKey
from kiosk.sync.client import HubCredentials, RoomLink, enrol

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PHONE = {"width": 390, "height": 844}
TABLET = {"width": 1024, "height": 768}


def wait_for(check: Callable[[], Any], timeout: float, what: str) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        found = check()
        if found:
            return found
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.02)


def enrol_kiosk(hub: HubServer, home: Path, label: str, code: str | None = None) -> HubCredentials:
    """A terminal enrolled the way ``kiosk enrol CODE`` does it (token kept in ``home``)."""
    key = SigningKey(Ed25519PrivateKey.generate())
    return enrol(hub.base_url, code or hub.enrol_code(), label=label, epn_id=key.epn_id,
                 public_key=key.public_text, home=home)


def kiosk_status(*, help: bool = False, in_use: bool = True, **overrides: Any) -> dict[str, Any]:
    """What a kiosk mid-exercise tells the hub (the shape of ``HubPresence.status()``)."""
    if not in_use:
        return {"in_use": False, "help": help, "language": None, "screen": "welcome"}
    status = {"in_use": True, "help": help, "language": "ar", "screen": "player",
              "scenario_id": "email.reply", "step_id": "open", "step_index": 2, "step_count": 6,
              "step_seconds": 41, "errors": 3, "hints": 1}
    status.update(overrides)
    return status


@dataclass
class Kiosk:
    """One enrolled terminal running the kiosk's real RoomLink; ``answers`` are the hub's."""

    credentials: HubCredentials
    label: str
    answers: list[dict[str, Any]] = field(default_factory=list)
    link: RoomLink | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def terminal_id(self) -> str:
        return self.credentials.terminal_id

    def start(self, status: dict[str, Any], heartbeat: float = 2.0) -> Kiosk:
        self.link = RoomLink(self.credentials, on_answer=self._answer, heartbeat=heartbeat)
        self.link.update(status)
        self.link.start()
        return self

    def _answer(self, answer: dict[str, Any]) -> None:
        with self._lock:
            self.answers.append(dict(answer, at=time.monotonic()))

    def got(self) -> list[dict[str, Any]]:
        with self._lock:
            return list(self.answers)

    def update(self, status: dict[str, Any]) -> None:
        assert self.link is not None
        self.link.update(status)

    def stop(self) -> None:
        if self.link is not None:
            self.link.stop()
            self.link = None


class Kiosks:
    """Makes enrolled kiosks on one hub (``kiosks("Terminal 1")``); :meth:`stop` ends their links.

    Each test module turns it into a ``kiosks`` fixture.
    """

    def __init__(self, hub: HubServer, home: Path) -> None:
        self.hub = hub
        self.home = home
        self.made: list[Kiosk] = []

    def __call__(self, label: str) -> Kiosk:
        credentials = enrol_kiosk(self.hub, self.home / f"kiosk-{len(self.made)}", label)
        self.made.append(Kiosk(credentials, label))
        return self.made[-1]

    def stop(self) -> None:
        for kiosk in self.made:
            kiosk.stop()


def room_events(client: httpx.Client, count: int, timeout: float = 10) -> Iterator[tuple[float, list[dict]]]:
    """The next ``count`` room events a logged-in client receives: (arrival, tiles)."""
    with client.stream("GET", "/room/events", timeout=timeout) as stream:
        assert stream.status_code == 200, stream.read()
        assert stream.headers["content-type"].startswith("text/event-stream")
        event, seen = "", 0
        for line in stream.iter_lines():
            if line.startswith("event:"):
                event = line.split(":", 1)[1].strip()
            elif line.startswith("data:") and event == "room":
                yield time.monotonic(), json.loads(line.split(":", 1)[1])
                seen += 1
                if seen == count:
                    return


@contextmanager
def watching_room(client: httpx.Client) -> Iterator[None]:
    """The room's event stream open until the block ends (an animator watches the room)."""
    stop, opened = threading.Event(), threading.Event()

    def read() -> None:
        for _ in room_events(client, 10**9, timeout=30):
            opened.set()
            if stop.is_set():
                return

    reader = threading.Thread(target=read, name="room-watcher", daemon=True)
    reader.start()
    assert opened.wait(10), "the room's event stream did not open"
    try:
        yield
    finally:
        stop.set()
        reader.join(10)  # an event comes at least every 2 s


def tile_of(tiles: list[dict], terminal_id: str) -> dict:
    return next(t for t in tiles if t["id"] == terminal_id)


def launch_chromium(playwright: Any) -> Any:
    """Debian's Chromium, headless (never a browser downloaded by Playwright)."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            raise AssertionError(f"{CHROMIUM} is missing: deploy/quickstart.sh test installs it")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def no_sideways_scroll(page: Any, what: str) -> None:
    """Fail if ``page`` is wider than its window (a phone would scroll it sideways)."""
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{what} scrolls sideways by {overflow}px"


def animator_page(browser: Any, hub: HubServer, username: str, role: str = "animator",
                  viewport: dict[str, int] | None = None, path: str = "/room") -> Any:
    """A new browser page logged in through the hub's login form, then at ``path``."""
    password = hub.add_user(username, role)
    context = browser.new_context(viewport=viewport or TABLET, locale="fr-BE",
                                  has_touch=viewport == PHONE, is_mobile=viewport == PHONE)
    page = context.new_page()
    page.goto(f"{hub.base_url}/login?next={quote(path, safe='')}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("form[action='/login'] button[type=submit]")
    page.wait_for_load_state()
    return page
