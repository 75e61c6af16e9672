"""Failed staff logins are slowed down, never locked out; ``kiosk hub user unlock`` clears it.

Each client here really connects from its own loopback address (127.0.0.2, .3 …), as
staff members at different places would; the hub sees them as different addresses.
"""

from __future__ import annotations

import html
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from hub_kit import HubServer, form_csrf, make_settings, running_hub

from kiosk.hub.login_throttle import LoginRules

ROOT = Path(__file__).resolve().parents[2]
RULES = LoginRules(free_per_pair=3, free_per_address=6, first_delay=0.4, max_delay=0.8)


@pytest.fixture
def quick_hub(tmp_path: Path) -> Iterator[HubServer]:
    with running_hub(make_settings(tmp_path / "hub", login_rules=RULES)) as server:
        yield server


def from_address(hub: HubServer, address: str) -> httpx.Client:
    return hub.client(transport=httpx.HTTPTransport(local_address=address))


def attempt(client: httpx.Client, username: str, password: str) -> httpx.Response:
    return client.post("/login", data={"username": username, "password": password,
                                       "csrf_token": form_csrf(client)})


def test_wrong_passwords_bring_a_growing_delay_then_the_right_one_works(quick_hub: HubServer) -> None:
    password = quick_hub.add_user("anna", "animator")
    client = from_address(quick_hub, "127.0.0.2")
    for _ in range(RULES.free_per_pair):
        assert attempt(client, "anna", "pas-le-bon").status_code == 401
    waiting = attempt(client, "anna", password)  # the right password, too early
    assert waiting.status_code == 429
    assert "Attendez 1 seconde, puis réessayez." in html.unescape(waiting.text)
    assert waiting.headers["retry-after"] == "1"
    time.sleep(RULES.first_delay + 0.05)
    assert attempt(client, "anna", "encore-faux").status_code == 401
    time.sleep(RULES.first_delay + 0.05)  # the delay has doubled: not over yet
    assert attempt(client, "anna", password).status_code == 429
    time.sleep(RULES.max_delay - RULES.first_delay + 0.05)
    assert attempt(client, "anna", password).status_code == 303  # a delay, never a lock-out
    # a success forgets the pair's failures
    assert attempt(client, "anna", "faux-encore").status_code == 401
    assert attempt(client, "anna", password).status_code == 303


def test_a_storm_from_one_address_does_not_stop_the_real_user_at_another(quick_hub: HubServer) -> None:
    password = quick_hub.add_user("anna", "animator")
    storm = from_address(quick_hub, "127.0.0.3")
    answers = [attempt(storm, "anna", f"essai-{n:04d}").status_code for n in range(12)]
    assert answers[:3] == [401, 401, 401] and answers.count(429) >= 8
    real = from_address(quick_hub, "127.0.0.4")
    assert attempt(real, "anna", password).status_code == 303


def test_spraying_many_usernames_from_one_address_is_slowed_too(quick_hub: HubServer) -> None:
    quick_hub.add_user("anna", "animator")
    sprayer = from_address(quick_hub, "127.0.0.5")
    answers = [attempt(sprayer, f"nom-{n}", "devine-1234").status_code
               for n in range(RULES.free_per_address + 2)]
    assert answers[:RULES.free_per_address] == [401] * RULES.free_per_address
    assert answers[RULES.free_per_address:] == [429, 429]


def kiosk(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kiosk", *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=120, env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)})


def test_the_unlock_command_clears_the_delay_at_once(tmp_path: Path) -> None:
    home = tmp_path / "hub"
    slow = LoginRules(free_per_pair=2, free_per_address=50, first_delay=60, max_delay=300)
    with running_hub(make_settings(home, login_rules=slow)) as hub:
        password = hub.add_user("anna", "animator")
        client = from_address(hub, "127.0.0.6")
        for _ in range(3):
            attempt(client, "anna", "pas-le-bon")
        assert attempt(client, "anna", password).status_code == 429
        done = kiosk("hub", "user", "unlock", "anna", "--home", str(home))
        assert done.returncode == 0, done.stderr
        assert "'anna' can log in again at once (delays cleared for 1 address)." in done.stdout
        assert attempt(client, "anna", password).status_code == 303
        unknown = kiosk("hub", "user", "unlock", "nobody", "--home", str(home))
        assert unknown.returncode == 1 and "There is no user called 'nobody'." in unknown.stderr
