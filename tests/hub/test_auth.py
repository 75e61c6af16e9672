"""Staff logins and roles, CSRF, and what each refusal looks like to a user."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi import APIRouter
from hub_kit import HubServer, form_csrf, make_settings, serve

from kiosk.hub.app import create_app
from kiosk.hub.auth import Animator

probe = APIRouter()


@probe.get("/probe/animator")
def animator_page(user: Animator) -> dict[str, str]:
    return {"hello": user.username}


@probe.post("/probe/animator")
def animator_write(user: Animator) -> dict[str, str]:
    return {"done": user.username}


@pytest.fixture
def probed_hub(tmp_path: Path) -> Iterator[HubServer]:
    settings = make_settings(tmp_path / "hub")
    app = create_app(settings)
    app.include_router(probe)
    with serve(app, settings) as server:
        yield server


def test_a_page_sends_a_stranger_to_the_login_page(probed_hub: HubServer) -> None:
    with probed_hub.client() as client:
        page = client.get("/probe/animator", headers={"Accept": "text/html"})
        assert page.status_code == 303
        assert page.headers["location"] == "/login?next=%2Fprobe%2Fanimator"
        assert client.get("/probe/animator").status_code == 401
        assert client.post("/probe/animator").status_code == 401


def test_login_then_the_role_decides(probed_hub: HubServer) -> None:
    anna, theo = probed_hub.login("anna", "animator"), probed_hub.login("theo", "trainer")
    assert anna.get("/probe/animator").json() == {"hello": "anna"}
    assert anna.post("/probe/animator").json() == {"done": "anna"}
    assert theo.get("/probe/animator").status_code == 403
    assert theo.post("/probe/animator").status_code == 403


def test_a_write_without_the_csrf_token_is_refused(probed_hub: HubServer) -> None:
    anna = probed_hub.login("anna", "animator")
    token = anna.headers.pop("X-CSRF-Token")
    assert anna.post("/probe/animator").status_code == 403
    assert anna.post("/probe/animator", headers={"X-CSRF-Token": "x" * 43}).status_code == 403
    assert anna.post("/probe/animator", data={"csrf_token": token}).status_code == 200
    assert anna.post("/probe/animator", headers={"X-CSRF-Token": token}).status_code == 200


def test_wrong_password_is_said_plainly_and_nothing_is_opened(hub: HubServer) -> None:
    hub.add_user("anna", "animator")
    with hub.client() as client:
        answer = client.post("/login", data={"username": "anna", "password": "wrong-password",
                                              "csrf_token": form_csrf(client)})
        assert answer.status_code == 401
        assert "incorrect" in answer.text
        unknown = client.post("/login", data={"username": "nobody", "password": "wrong-password",
                                               "csrf_token": form_csrf(client)})
        assert unknown.status_code == 401
        assert client.get("/", follow_redirects=False).headers["location"] == "/login"


def test_login_form_needs_its_csrf_token(hub: HubServer) -> None:
    password = hub.add_user("anna", "animator")
    with hub.client() as client:
        answer = client.post("/login", data={"username": "anna", "password": password})
        assert answer.status_code == 403


def test_each_role_lands_on_its_page_and_logs_out(hub: HubServer) -> None:
    anna, theo = hub.login("anna", "animator"), hub.login("theo", "trainer")
    assert anna.get("/").headers["location"] == "/room"
    assert theo.get("/").headers["location"] == "/review"
    page = anna.get("/login")
    assert "Déconnexion" in page.text and "Salle" in page.text and "Journal" not in page.text
    assert anna.post("/logout").status_code == 303
    assert anna.get("/").headers["location"] == "/login"


def test_logout_without_login_is_401(hub: HubServer) -> None:
    with hub.client() as client:
        assert client.post("/logout").status_code == 401


def test_session_cookie_is_httponly_and_lax(hub: HubServer) -> None:
    with hub.client() as client:
        cookie = client.get("/login").headers["set-cookie"].lower()
        assert "httponly" in cookie and "samesite=lax" in cookie


def test_the_next_page_after_login_stays_on_this_hub(hub: HubServer) -> None:
    password = hub.add_user("anna", "animator")
    with hub.client() as client:
        for target, expected in (("/room/x", "/room/x"), ("//evil.example/", "/room"),
                                 ("https://evil.example/", "/room")):
            answer = client.post("/login", data={"username": "anna", "password": password,
                                                  "next": target, "csrf_token": form_csrf(client)})
            assert answer.headers["location"] == expected


def test_pages_are_readable_on_a_phone(hub: HubServer) -> None:
    with httpx.Client(base_url=hub.base_url) as client:
        page = client.get("/login")
        assert 'name="viewport"' in page.text and 'lang="fr"' in page.text
        assert client.get("/static/hub.css").status_code == 200
        assert page.headers["x-frame-options"] == "DENY"
