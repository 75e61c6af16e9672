"""Every write route of the hub, found by walking the app's routes: who is refused and how;
the protective headers and the session cookie's Secure flag.

Routes added later (the room, the review pages) are walked too, so a new write route that
forgets its guard fails here.
"""

from __future__ import annotations

import re
from pathlib import Path

import httpx
from hub_kit import XAPI_HEADERS, HubServer, running_hub
from review_kit import enrol_with_key, new_key, progress_record

from kiosk.export.sealed import hub_link, seal
from kiosk.hub.app import route_table
from kiosk.hub.settings import load_settings

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
#: Writes that are not behind a login or a token, and how they refuse a stranger instead.
OPEN_WRITES = {
    ("POST", "/login"): 422,  # an empty form; a full one without its CSRF token: 403 (test_auth)
    ("POST", "/api/terminals/enrol"): 422,  # the enrol code in the body is the credential (403 if wrong)
    ("POST", "/language"): 403,  # the page language, chosen before login too: never without a CSRF token
}


def _write_routes(hub: HubServer) -> list[tuple[str, str]]:
    routes = [(method, re.sub(r"\{[^}]+\}", "x", path))
              for path, methods in route_table(hub.app) for method in methods & WRITE_METHODS]
    assert ("POST", "/xAPI/statements") in routes and ("POST", "/logout") in routes
    return sorted(routes)


def test_a_stranger_is_refused_every_write_with_401(hub: HubServer) -> None:
    with hub.client(headers=XAPI_HEADERS) as stranger:
        for method, path in _write_routes(hub):
            answer = stranger.request(method, path, json={})
            assert answer.status_code == OPEN_WRITES.get((method, path), 401), (method, path, answer.text)


def test_a_logged_in_write_without_csrf_token_is_refused(hub: HubServer) -> None:
    staff = {role: hub.login(f"csrf-{role}", role) for role in ("animator", "trainer")}
    for client in staff.values():
        client.headers.pop("X-CSRF-Token")
    for method, path in _write_routes(hub):
        if (method, path) in OPEN_WRITES:
            continue
        for role, client in staff.items():
            answer = client.request(method, path, json={})
            # a cookie route says 403 (no CSRF token or not this role); a token route
            # ignores the cookie and still says 401
            assert answer.status_code in (401, 403), (role, method, path, answer.status_code)


def test_the_wrong_role_gets_403(hub: HubServer) -> None:
    animator, trainer = hub.login("role-anna", "animator"), hub.login("role-theo", "trainer")
    for method, path in _write_routes(hub):
        if path.startswith("/room"):
            assert trainer.request(method, path, json={}).status_code == 403, (method, path)
        if path.startswith("/review"):
            assert animator.request(method, path, json={}).status_code == 403, (method, path)
    for path, methods in route_table(hub.app):
        if "GET" in methods and "{" not in path and path.startswith(("/room", "/review")):
            wrong = trainer if path.startswith("/room") else animator
            assert wrong.get(path).status_code == 403, path
            stranger = hub.client().get(path, headers={"Accept": "text/html"})
            assert stranger.status_code in (303, 401), path


def test_a_terminal_token_opens_no_staff_page(hub: HubServer, terminal: tuple[str, str]) -> None:
    with hub.client(headers={"Authorization": f"Bearer {terminal[1]}", "Accept": "text/html"}) as kiosk:
        assert kiosk.get("/").headers["location"] == "/login"
        assert kiosk.post("/logout").status_code == 401


def _session_cookie(client: httpx.Client, **headers: str) -> str:
    return client.get("/login", headers=headers).headers["set-cookie"].lower()


def test_the_session_cookie_is_secure_when_the_request_came_over_https(hub: HubServer) -> None:
    # plain http (a hub tried on this machine): not Secure, or no one could log in
    assert "secure" not in _session_cookie(hub.client())
    # through nginx, which says X-Forwarded-Proto: https from 127.0.0.1 (a trusted proxy)
    assert "; secure" in _session_cookie(hub.client(), **{"X-Forwarded-Proto": "https"})


def test_the_shipped_set_up_always_sets_secure_cookies(tmp_path: Path) -> None:
    shipped = Path(__file__).resolve().parents[2] / "deploy" / "hub" / "hub.env.in"
    env = dict(line.split("=", 1) for line in shipped.read_text().splitlines()
               if line and not line.startswith("#"))
    settings = load_settings(home=tmp_path / "hub", database_url=f"sqlite:///{tmp_path / 'hub.db'}", env=env)
    assert settings.secure_cookies is True
    with running_hub(settings) as hub:
        assert "; secure" in _session_cookie(hub.client())


def test_pages_forbid_inline_scripts_and_learner_pages_are_not_cached(hub: HubServer) -> None:
    trainer = hub.login("cache-theo", "trainer")
    key = new_key()
    enrol_with_key(hub, key)
    record_page = hub_link(seal(progress_record(key), key), "")
    for path in ("/review", "/review/passport", "/review/digcomp", record_page):
        answer = trainer.get(path)
        assert answer.status_code == 200, (path, answer.status_code)
        assert answer.headers["cache-control"] == "no-store", path
        policy = answer.headers["content-security-policy"]
        assert "script-src 'self'" in policy and "style-src 'self'" in policy, path
        assert "unsafe-inline" not in policy
    static = hub.client().get("/static/hub.css")
    assert "no-store" not in static.headers.get("cache-control", "")
