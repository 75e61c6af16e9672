"""Publishing content on a real hub: a trainer's upload is checked like `kiosk scenarios check`;
a refused file is listed by file:line with its fix and publishes nothing; an accepted one
becomes the next version, signed with the EPN key the terminals check it with."""

from __future__ import annotations

import html
import re
from pathlib import Path

import httpx
import pytest
from content_kit import broken_yaml, install_key, module_zip, scenario_yaml
from hub_kit import EPN_KEY, TEST_EPN, HubServer

from kiosk.export.keys import SigningKey
from kiosk.sync.bundle import BundleRefused, open_bundle

pytest.importorskip("fastapi", reason="the hub extra is not installed")


@pytest.fixture
def signing_hub(hub: HubServer) -> HubServer:
    """The test hub holding the EPN key of the terminals it enrols."""
    assert install_key(hub.settings.content_keys).epn_id == TEST_EPN
    return hub


def upload(client: httpx.Client, name: str, data: bytes) -> httpx.Response:
    return client.post("/review/content", files={"file": (name, data, "application/octet-stream")})


def latest(hub: HubServer, token: str) -> httpx.Response:
    return hub.client().get("/api/content/latest", headers={"Authorization": f"Bearer {token}"})


def bundle(hub: HubServer, token: str, version: int) -> bytes:
    answer = hub.client().get(f"/api/content/bundles/{version}", headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "application/zip"
    return answer.content


def test_a_broken_scenario_is_refused_by_file_and_line_with_its_fix(
        signing_hub: HubServer, trainer: httpx.Client, terminal: tuple[str, str]) -> None:
    data, line = broken_yaml()
    answer = upload(trainer, "cassé.yaml", data)
    assert answer.status_code == 422
    page = html.unescape(answer.text)
    assert "Rien n'est publié" in page
    assert f"cassé.yaml:{line}:" in page  # the file as sent, the line as the trainer's editor counts it
    assert "unknown surface 'nowhere'" in page and "write 'surface: " in page  # what is wrong, and the fix
    assert latest(signing_hub, terminal[1]).status_code == 204  # nothing published


def test_an_id_the_shipped_content_uses_is_refused(signing_hub: HubServer, trainer: httpx.Client) -> None:
    answer = upload(trainer, "click.yaml", scenario_yaml("click"))
    assert answer.status_code == 422
    assert "scenario id 'mouse.click' is already used by the shipped content" in html.unescape(answer.text)


def test_what_is_not_a_scenario_or_a_module_is_refused_in_plain_words(
        signing_hub: HubServer, trainer: httpx.Client) -> None:
    answer = upload(trainer, "photo.png", b"\x89PNG....")
    assert answer.status_code == 422
    assert "ni un exercice (.yaml) ni un module (.zip" in html.unescape(answer.text)
    answer = upload(trainer, "module.zip", b"PK\x03\x04 not really")
    assert answer.status_code == 422 and "archive zip lisible" in html.unescape(answer.text)


def test_accepted_uploads_are_published_as_increasing_signed_versions(
        signing_hub: HubServer, trainer: httpx.Client, terminal: tuple[str, str]) -> None:
    _, token = terminal
    first = upload(trainer, "Cliquer encore.yaml", scenario_yaml())
    assert first.status_code == 303 and first.headers["location"] == "/review/content"
    page = trainer.get("/review/content")
    assert "Version 1 publiée" in html.unescape(page.text)
    assert "mouse/click_again.yaml" in page.text
    assert latest(signing_hub, token).json()["version"] == 1

    second = upload(trainer, "courses.zip", module_zip())
    assert second.status_code == 303
    answer = latest(signing_hub, token).json()
    assert answer["version"] == 2
    data = bundle(signing_hub, token, 2)
    assert answer["size"] == len(data)
    opened = open_bundle(data, EPN_KEY.public_key, TEST_EPN)  # the terminal's own check
    assert opened.version == 2
    # each version holds all the extra content: the scenario of version 1 and the module
    assert sorted(opened.files) == ["courses/liste.yaml", "courses/module.yaml", "courses/panier.yaml",
                                    "mouse/click_again.yaml"]

    # a corrected file replaces the one with the same id
    again = upload(trainer, "autre-nom.yaml", scenario_yaml(title="Cliquer encore et encore"))
    assert again.status_code == 303
    opened = open_bundle(bundle(signing_hub, token, 3), EPN_KEY.public_key, TEST_EPN)
    assert opened.version == 3 and len(opened.files) == 4
    assert b"Cliquer encore et encore" in opened.files["mouse/click_again.yaml"]
    # older versions stay fetchable; the page lists what the terminals get
    assert open_bundle(bundle(signing_hub, token, 1), EPN_KEY.public_key, TEST_EPN).version == 1
    assert "courses/panier.yaml" in trainer.get("/review/content").text


def test_a_bundle_opens_only_with_the_key_of_the_epn(signing_hub: HubServer, trainer: httpx.Client,
                                                     terminal: tuple[str, str], tmp_path: Path) -> None:
    assert upload(trainer, "x.yaml", scenario_yaml()).status_code == 303
    data = bundle(signing_hub, terminal[1], 1)
    other = SigningKey.load_or_create(tmp_path / "other-epn")
    with pytest.raises(BundleRefused, match="not signed for EPN"):
        open_bundle(data, other, other.epn_id)
    with pytest.raises(BundleRefused, match="does not match"):
        open_bundle(data, other.public_key, TEST_EPN)  # another key claiming this EPN's id


def test_without_an_epn_key_nothing_is_published(hub: HubServer, trainer: httpx.Client,
                                                 terminal: tuple[str, str]) -> None:
    page = trainer.get("/review/content")
    assert "aucune clé d'EPN" in html.unescape(page.text)
    assert TEST_EPN in page.text  # the enrolled EPN whose terminals would refuse
    answer = upload(trainer, "x.yaml", scenario_yaml())
    assert answer.status_code == 409
    assert latest(hub, terminal[1]).status_code == 204


def test_only_trainers_publish_and_only_terminals_fetch(signing_hub: HubServer, animator: httpx.Client,
                                                        trainer: httpx.Client) -> None:
    assert upload(animator, "x.yaml", scenario_yaml()).status_code == 403
    no_csrf = signing_hub.client(cookies=trainer.cookies)
    assert upload(no_csrf, "x.yaml", scenario_yaml()).status_code == 403
    stranger = signing_hub.client()
    assert stranger.get("/api/content/latest").status_code == 401
    assert stranger.get("/api/content/bundles/1").status_code == 401
    assert stranger.post("/review/content").status_code == 401


def test_the_page_says_where_the_key_goes(hub: HubServer, trainer: httpx.Client) -> None:
    page = html.unescape(trainer.get("/review/content").text)
    assert str(hub.settings.content_keys) in page
    assert re.search(r"<h1>Contenu des bornes</h1>", page)


def test_the_room_tile_shows_the_content_version_a_terminal_reports(
        hub: HubServer, terminal: tuple[str, str]) -> None:
    terminal_id, token = terminal
    with hub.client() as client:
        sent = client.post("/api/terminals/status", headers={"Authorization": f"Bearer {token}"},
                           json={"in_use": False, "seq": 1, "content_version": 3})
        assert sent.status_code == 200, sent.text
        wrong = client.post("/api/terminals/status", headers={"Authorization": f"Bearer {token}"},
                            json={"in_use": False, "seq": 2, "content_version": -1})
        assert wrong.status_code == 422 and "content_version" in wrong.text
    tile = next(t for t in hub.app.state.room.tiles() if t["id"] == terminal_id)
    assert tile["content_version"] == 3
