"""The trainers' path builder over HTTP on a real hub: buttons change the draft, saving
publishes a path file the engine's check accepts, problems come back as file:line."""

from __future__ import annotations

import html
import re
from pathlib import Path

import httpx
import pytest
from content_kit import install_key
from hub_kit import EPN_KEY, TEST_EPN, HubServer

from kiosk.config import BUNDLED_ASSETS
from kiosk.engine.path_file import load_path
from kiosk.sync.bundle import open_bundle

pytest.importorskip("fastapi", reason="the hub extra is not installed")


@pytest.fixture
def signing_hub(hub: HubServer) -> HubServer:
    assert install_key(hub.settings.content_keys).epn_id == TEST_EPN
    return hub


def press(client: httpx.Client, action: str, exercises: list[str], title: str = "Mes courses en ligne",
          **more: str) -> httpx.Response:
    return client.post("/review/paths", data={"title_fr": title, "pictogram": "wallet",
                                              "exercise": exercises, "action": action, **more})


def chosen(page: httpx.Response) -> list[str]:
    """The exercises of the draft, in the page's order (its hidden fields)."""
    return re.findall(r'<input type="hidden" name="exercise" value="([^"]+)">', page.text)


def test_the_buttons_add_move_and_remove_exercises(signing_hub: HubServer, trainer: httpx.Client) -> None:
    page = trainer.get("/review/paths")
    assert page.status_code == 200
    assert "Premiers pas" in page.text and "livré avec les bornes" in page.text  # the shipped paths
    assert 'src="/review/pictograms/mouse.png"' in page.text  # exercises show their module's pictogram
    page = press(trainer, "add:mouse.click", [])
    assert chosen(page) == ["mouse.click"]
    page = press(trainer, "add:keyboard.words", chosen(page))
    page = press(trainer, "add:email.reply", chosen(page))
    assert chosen(page) == ["mouse.click", "keyboard.words", "email.reply"]
    assert chosen(press(trainer, "up:2", chosen(page))) == ["mouse.click", "email.reply", "keyboard.words"]
    assert chosen(press(trainer, "down:0", chosen(page))) == ["keyboard.words", "mouse.click", "email.reply"]
    assert chosen(press(trainer, "remove:1", chosen(page))) == ["mouse.click", "email.reply"]
    assert chosen(press(trainer, "add:nowhere.at_all", chosen(page))) == chosen(page)  # not an exercise
    assert chosen(press(trainer, "up:0", chosen(page))) == chosen(page)  # the first stays first
    found = press(trainer, "search", chosen(page), q="envoyer cv")
    assert 'value="add:email.attach"' in found.text and 'value="add:mouse.drag"' not in found.text
    assert chosen(found) == chosen(page)  # searching keeps the draft


def test_saving_publishes_a_checked_path_file_the_terminals_receive(
        signing_hub: HubServer, trainer: httpx.Client, terminal: tuple[str, str], tmp_path: Path) -> None:
    answer = press(trainer, "save", ["mouse.click", "email.reply"], title="Mes courses, en ligne",
                   title_nl="Mijn boodschappen online")
    assert answer.status_code == 303 and answer.headers["location"] == "/review/paths"
    page = trainer.get("/review/paths")
    assert "Parcours «\u00a0Mes courses, en ligne\u00a0» publié (version 1)" in html.unescape(page.text)
    assert 'href="/review/paths?edit=mes_courses_en_ligne"' in page.text
    _, token = terminal
    data = signing_hub.client().get("/api/content/bundles/1", headers={"Authorization": f"Bearer {token}"})
    files = open_bundle(data.content, EPN_KEY, TEST_EPN).files
    assert set(files) == {"paths/mes_courses_en_ligne.yaml"}
    file = tmp_path / "paths" / "mes_courses_en_ligne.yaml"
    file.parent.mkdir()
    file.write_bytes(files["paths/mes_courses_en_ligne.yaml"])
    path, problems = load_path(file, {"mouse.click", "email.reply"})
    assert path is not None and [p for p in problems if p.severity == "error"] == []
    assert (path.title.get("fr"), path.title.get("nl"), path.pictogram, path.exercises) == (
        "Mes courses, en ligne", "Mijn boodschappen online", "wallet", ("mouse.click", "email.reply"))

    edit = trainer.get("/review/paths?edit=mes_courses_en_ligne")
    assert chosen(edit) == ["mouse.click", "email.reply"] and 'value="mes_courses_en_ligne"' in edit.text
    again = press(trainer, "save", ["email.reply"], title="Courses", path_id="mes_courses_en_ligne")
    assert again.status_code == 303  # same file, changed: version 2 holds one path file still
    data = signing_hub.client().get("/api/content/bundles/2", headers={"Authorization": f"Bearer {token}"})
    assert set(open_bundle(data.content, EPN_KEY, TEST_EPN).files) == {"paths/mes_courses_en_ligne.yaml"}
    assert trainer.get("/review/paths?edit=premiers_pas").status_code == 404  # shipped: not ours to change


def test_problems_are_shown_by_file_and_line_and_nothing_is_published(
        signing_hub: HubServer, trainer: httpx.Client) -> None:
    empty = press(trainer, "save", [], title="Vide")
    assert empty.status_code == 422
    text = html.unescape(empty.text)
    assert re.search(r'<code class="where">paths/vide\.yaml:\d+:\d+</code>', text), text
    assert "the path has no exercises" in text and "list at least one exercise id" in text
    clash = press(trainer, "save", ["mouse.click"], title="Premiers pas")  # a shipped path's id
    assert clash.status_code == 422
    assert "paths/premiers_pas.yaml:1:1" in clash.text and "already used by the shipped content" in clash.text
    unnamed = press(trainer, "save", ["mouse.click"], title="")
    assert unnamed.status_code == 422 and "nom en français" in html.unescape(unnamed.text)
    assert "Rien n'est encore publié" in html.unescape(trainer.get("/review/content").text)


def test_no_key_no_publishing(hub: HubServer, trainer: httpx.Client) -> None:
    answer = press(trainer, "save", ["mouse.click"])
    assert answer.status_code == 409 and "aucune clé" in html.unescape(answer.text)


def test_only_trainers_build_paths(signing_hub: HubServer, animator: httpx.Client) -> None:
    assert animator.get("/review/paths").status_code == 403
    assert press(animator, "save", ["mouse.click"]).status_code == 403
    stranger = signing_hub.client()
    assert stranger.get("/review/paths").status_code in (401, 303)
    assert stranger.get("/review/pictograms/mouse.png").status_code in (401, 303)


def test_pictograms_are_served_to_trainers(trainer: httpx.Client) -> None:
    answer = trainer.get("/review/pictograms/footprints.png")
    assert answer.status_code == 200 and answer.headers["content-type"] == "image/png"
    assert answer.content == (BUNDLED_ASSETS / "pictograms" / "footprints.png").read_bytes()
    assert trainer.get("/review/pictograms/nothing-here.png").status_code == 404
