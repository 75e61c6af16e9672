"""Staff logins end when they should, and open room pages never starve the kiosks.

Through the real hub on 127.0.0.1: a cookie copied before logout or a password change
is refused after; disabling an account ends its open room stream; the streams of one
login are capped; fifty open room pages leave the kiosks' posts unharmed.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from hub_kit import HubServer, form_csrf, make_settings, running_hub

ROOT = Path(__file__).resolve().parents[2]
JSON = {"Accept": "application/json"}


def kiosk_hub(hub: HubServer, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """``kiosk hub … --home`` against the running hub's home, as its administrator types it."""
    done = subprocess.run([sys.executable, "-m", "kiosk", "hub", "--home", str(hub.settings.home), *args],
                          input=stdin, capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    return done


def copy_of(hub: HubServer, client: httpx.Client) -> httpx.Client:
    """Another browser holding the same cookie (copied off a shared computer, say)."""
    return hub.client(cookies={c.name: c.value for c in client.cookies.jar})


def log_in(hub: HubServer, username: str, password: str) -> httpx.Response:
    client = hub.client()
    return client.post("/login", data={"username": username, "password": password,
                                       "csrf_token": form_csrf(client)})


@pytest.fixture
def quick_hub(tmp_path: Path) -> Iterator[HubServer]:
    """A hub whose streams check their login every 0.5 s and allow 2 streams per login."""
    settings = make_settings(tmp_path / "hub", staff_recheck_seconds=0.5, room_streams_per_login=2)
    with running_hub(settings) as server:
        yield server


def test_a_cookie_copied_before_logout_is_refused_after(hub: HubServer) -> None:
    anna = hub.login("anna", "animator")
    copy = copy_of(hub, anna)
    assert copy.get("/room", headers=JSON).status_code == 200
    assert anna.post("/logout").status_code == 303
    assert copy.get("/room", headers=JSON).status_code == 401
    with copy.stream("GET", "/room/events") as stream:
        assert stream.status_code == 401
    page = copy.get("/room", headers={"Accept": "text/html"})
    assert page.status_code == 303 and page.headers["location"].startswith("/login")
    assert log_in(hub, "anna", "animateur-secret-1").status_code == 303  # a new login works
    assert copy.get("/room", headers=JSON).status_code == 401  # and does not revive the copy


def test_a_new_password_ends_the_old_cookies(hub: HubServer) -> None:
    anna = hub.login("anna", "animator")
    theo = hub.login("theo", "trainer")
    kiosk_hub(hub, "user", "password", "anna", stdin="un-nouveau-mot\n")
    assert anna.get("/room", headers=JSON).status_code == 401
    assert theo.get("/review", headers=JSON).status_code == 200  # another account is not touched
    assert log_in(hub, "anna", "animateur-secret-1").status_code == 401
    assert log_in(hub, "anna", "un-nouveau-mot").status_code == 303


def test_disabling_an_account_ends_its_open_stream_and_its_logins(quick_hub: HubServer) -> None:
    hub = quick_hub
    anna = hub.login("anna", "animator")
    events: list[float] = []
    ended = threading.Event()

    def listen() -> None:
        with anna.stream("GET", "/room/events", timeout=30) as stream:
            assert stream.status_code == 200
            for line in stream.iter_lines():
                if line.startswith("data:"):
                    events.append(time.monotonic())
        ended.set()

    listener = threading.Thread(target=listen, daemon=True)
    listener.start()
    deadline = time.monotonic() + 10
    while not events and time.monotonic() < deadline:
        time.sleep(0.05)
    assert events, "the room stream sent nothing"
    assert not ended.is_set()

    done = kiosk_hub(hub, "user", "disable", "anna")
    assert "disabled" in done.stdout
    assert anna.get("/room", headers=JSON).status_code == 401  # at once for requests
    assert ended.wait(10), "the stream of a disabled account went on"
    refused = log_in(hub, "anna", "animateur-secret-1")
    assert refused.status_code == 403 and "désactivé" in refused.text

    kiosk_hub(hub, "user", "enable", "anna")
    assert log_in(hub, "anna", "animateur-secret-1").status_code == 303
    assert anna.get("/room", headers=JSON).status_code == 401  # the old cookie stays ended

    back = hub.client()
    assert back.post("/login", data={"username": "anna", "password": "animateur-secret-1",
                                     "csrf_token": form_csrf(back)}).status_code == 303
    kiosk_hub(hub, "user", "remove", "anna")
    assert back.get("/room", headers=JSON).status_code == 401
    assert log_in(hub, "anna", "animateur-secret-1").status_code == 401


def test_unknown_accounts_are_named_plainly(hub: HubServer) -> None:
    done = subprocess.run([sys.executable, "-m", "kiosk", "hub", "--home", str(hub.settings.home),
                           "user", "disable", "personne"], capture_output=True, text=True, cwd=ROOT,
                          timeout=120)
    assert done.returncode == 1 and "no user called 'personne'" in done.stderr


def test_one_login_holds_a_few_streams_and_is_told_plainly_beyond(quick_hub: HubServer) -> None:
    hub = quick_hub
    anna = hub.login("anna", "animator")
    other = hub.login("theo", "animator")
    first, second = (anna.send(anna.build_request("GET", "/room/events"), stream=True) for _ in "12")
    try:
        assert first.status_code == second.status_code == 200
        with anna.stream("GET", "/room/events") as third:
            assert third.status_code == 429
            assert "Trop de pages de la salle" in third.read().decode()
        with other.stream("GET", "/room/events") as theirs:  # another login has its own
            assert theirs.status_code == 200
    finally:
        second.close()
    deadline = time.monotonic() + 10  # the closed stream gives its place back
    while True:
        with anna.stream("GET", "/room/events") as again:
            if again.status_code == 200:
                break
        assert time.monotonic() < deadline, "a closed stream kept its place"
        time.sleep(0.1)
    first.close()


def test_fifty_open_room_pages_leave_the_kiosks_posts_unharmed(hub: HubServer) -> None:
    """50 room streams (over 9 logins) while 5 kiosks post statuses and statements."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from kiosk.export.keys import SigningKey
    from kiosk.hub.room_bench import enrol_tokens, measure_streams

    cap = hub.settings.room_streams_per_login
    logins = [hub.login(f"anim-{n}", "animator") for n in range(-(-50 // cap))]
    key = SigningKey(Ed25519PrivateKey.generate())
    tokens = enrol_tokens(logins[0], 5, key=key)
    figures = measure_streams(hub.base_url, tokens, key.epn_id, [c.cookies for c in logins],
                              streams=50, seconds=3.0)
    print(figures)
    assert figures["streams_open"] == 50 and figures["streams_refused"] == 0
    assert figures["status_errors"] == figures["statement_errors"] == 0
    assert figures["statuses"] > 0 and figures["statement_posts"] > 0
    assert figures["stream_events_min"] >= 2, "a room page stopped receiving events"
