"""A terminal's content updates without a screen: the bundle check, the versioned folders and
their pointer, the roll-back, and the fetcher against a real hub on 127.0.0.1.

Real parts: bundles built by the hub's own code, keys made as a kiosk makes its own,
files on disk, a uvicorn hub with a trainer's upload, requests over HTTP.
"""

from __future__ import annotations

import io
import json
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

pytest.importorskip("fastapi", reason="the hub extra is not installed")
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "hub"))

from content_kit import broken_yaml, install_key, scenario_yaml  # noqa: E402
from hub_kit import EPN_KEY, HubServer, make_settings, new_username, running_hub  # noqa: E402
from sqlalchemy import update  # noqa: E402

from kiosk.config import BUNDLED_SCENARIOS  # noqa: E402
from kiosk.export.keys import SigningKey  # noqa: E402
from kiosk.hub.models import ContentBundle  # noqa: E402
from kiosk.sync.bundle import MANIFEST, BundleRefused, build_bundle, open_bundle  # noqa: E402
from kiosk.sync.client import HubCredentials  # noqa: E402
from kiosk.sync.content import ContentFetcher, ContentFolder, Fetched, load_current  # noqa: E402

NEW = "mouse/click_again.yaml"


def files(title: str = "Cliquer encore") -> dict[str, bytes]:
    return {NEW: scenario_yaml(title=title)}


# --- the bundle itself -----------------------------------------------------------------------


def test_every_changed_byte_is_refused_or_changes_nothing() -> None:
    data = build_bundle(1, files(), [EPN_KEY])
    original = open_bundle(data, EPN_KEY, EPN_KEY.epn_id).files
    refused = 0
    for position in range(0, len(data), max(1, len(data) // 400)):
        changed = bytearray(data)
        changed[position] ^= 0x20
        try:
            opened = open_bundle(bytes(changed), EPN_KEY, EPN_KEY.epn_id)
        except BundleRefused:
            refused += 1
            continue
        # a byte the archive does not read (a header's "made by" field): the content is the same
        assert opened.files == original, position
    assert refused > 350


def test_a_file_changed_under_its_manifest_is_refused() -> None:
    data = build_bundle(1, files(), [EPN_KEY])
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as copy:
        for info in source.infolist():
            body = source.read(info)
            if info.filename == f"content/{NEW}":
                body = body.replace(b"Cliquer encore", b"Cliquer ENCORE")
            copy.writestr(info.filename, body)
    with pytest.raises(BundleRefused, match="does not match the manifest"):
        open_bundle(out.getvalue(), EPN_KEY, EPN_KEY.epn_id)


def test_a_bundle_of_another_key_is_refused(tmp_path: Path) -> None:
    other = SigningKey.load_or_create(tmp_path / "elsewhere")
    data = build_bundle(1, files(), [other])
    with pytest.raises(BundleRefused, match=f"not signed for EPN {EPN_KEY.epn_id}"):
        open_bundle(data, EPN_KEY, EPN_KEY.epn_id)
    # another key's signature filed under this EPN's id
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        manifest = source.read(MANIFEST)
        signature = json.loads(source.read("signatures.json"))[other.epn_id]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as copy:
        copy.writestr(MANIFEST, manifest)
        copy.writestr("signatures.json", json.dumps({EPN_KEY.epn_id: signature}))
        copy.writestr(f"content/{NEW}", files()[NEW])
    with pytest.raises(BundleRefused, match="does not match"):
        open_bundle(out.getvalue(), EPN_KEY, EPN_KEY.epn_id)


def test_paths_that_climb_out_are_refused() -> None:
    for path in ("../evil.yaml", "/etc/evil.yaml", "mouse/.hidden.yaml", "mouse/run.sh"):
        with pytest.raises(BundleRefused):
            build_bundle(1, {path: b"x"}, [EPN_KEY])


# --- folders, pointer, roll-back --------------------------------------------------------------


def unpacked(folder: ContentFolder, version: int, content: dict[str, bytes]) -> Path:
    return folder.unpack(open_bundle(build_bundle(version, content, [EPN_KEY]), EPN_KEY, EPN_KEY.epn_id))


def test_the_pointer_moves_and_keeps_the_previous_bundle(tmp_path: Path) -> None:
    folder = ContentFolder(tmp_path)
    assert load_current(folder, BUNDLED_SCENARIOS).version == 0
    for version in (1, 2, 3):
        unpacked(folder, version, files(f"Version {version}"))
        folder.switch(version)
    assert json.loads(folder.pointer_file.read_text()) == {"version": 3, "previous": 2, "refused": 0}
    assert sorted(p.name for p in folder.root.glob("v*")) == ["v2", "v3"]  # v1 pruned
    loaded = load_current(folder, BUNDLED_SCENARIOS)
    assert loaded.version == 3
    assert loaded.catalogue.scenarios["mouse.click_again"].title.get("fr") == "Version 3"
    assert [s.id for s in loaded.catalogue.in_module("mouse")][-1] == "mouse.click_again"
    assert not loaded.catalogue.problems  # it joins the shipped module: no "no module.yaml"


def test_a_bundle_that_fails_to_load_rolls_back_to_the_previous_one(tmp_path: Path) -> None:
    folder = ContentFolder(tmp_path)
    unpacked(folder, 1, files("Bonne version"))
    folder.switch(1)
    broken, _line = broken_yaml()
    unpacked(folder, 2, {**files("Bonne version"), "mouse/broken.yaml": broken})
    folder.switch(2)  # e.g. a kiosk updated since, whose rules this bundle no longer passes
    loaded = load_current(folder, BUNDLED_SCENARIOS)
    assert loaded.version == 1
    assert loaded.catalogue.scenarios["mouse.click_again"].title.get("fr") == "Bonne version"
    assert "version 2 refused" in loaded.notes[0] and "unknown surface" in loaded.notes[0]
    assert folder.pointer().refused == 2 and not folder.wants(2) and folder.wants(3)
    assert not folder.folder(2).exists()


# --- the fetcher against a real hub -------------------------------------------------------------


@pytest.fixture
def hub(tmp_path: Path) -> Iterator[HubServer]:
    settings = make_settings(tmp_path / "hub")
    install_key(settings.content_keys)
    with running_hub(settings) as server:
        yield server


def fetcher(hub: HubServer, home: Path) -> tuple[ContentFetcher, requests.Session]:
    terminal_id, token = hub.enrol()
    credentials = HubCredentials(hub_url=hub.base_url, terminal_id=terminal_id, token=token)
    http = requests.Session()
    http.headers["Authorization"] = f"Bearer {token}"
    found = ContentFetcher(credentials, ContentFolder(home), EPN_KEY, shipped=BUNDLED_SCENARIOS,
                           on_result=lambda _f: None)
    return found, http


def publish(hub: HubServer, name: str, data: bytes) -> None:
    trainer = hub.login(new_username(), "trainer")
    answer = trainer.post("/review/content", files={"file": (name, data)})
    assert answer.status_code == 303, answer.text


def test_the_fetcher_takes_a_published_scenario_and_keeps_it_when_the_hub_is_gone(
        hub: HubServer, tmp_path: Path) -> None:
    content, http = fetcher(hub, tmp_path / "kiosk")
    assert content.fetch(http) == Fetched()  # nothing published yet
    publish(hub, "nouveau.yaml", scenario_yaml())
    got = content.fetch(http)
    assert got.version == 1 and got.catalogue is not None and not got.problem
    assert "mouse.click_again" in got.catalogue.scenarios
    content.folder.switch(1)  # the kiosk's main thread does this between sessions
    assert content.fetch(http) == Fetched()  # up to date: nothing downloaded again
    hub_url = content.credentials.hub_url
    content.credentials = HubCredentials(hub_url="http://127.0.0.1:9", terminal_id="x", token="y")
    gone = content.fetch(http)
    assert "cannot be reached" in gone.problem and gone.catalogue is None
    assert load_current(content.folder, BUNDLED_SCENARIOS).version == 1
    content.credentials = HubCredentials(hub_url=hub_url, terminal_id="x", token="y")


def test_a_path_made_on_the_hub_reaches_the_terminals_catalogue(hub: HubServer, tmp_path: Path) -> None:
    content, http = fetcher(hub, tmp_path / "kiosk")
    publish(hub, "nouveau.yaml", scenario_yaml())  # a published exercise the path uses too
    trainer = hub.login(new_username(), "trainer")
    saved = trainer.post("/review/paths", data={
        "title_fr": "Ma semaine", "pictogram": "calendar", "action": "save",
        "exercise": ["mouse.click_again", "email.reply"]})
    assert saved.status_code == 303, saved.text
    got = content.fetch(http)
    assert got.version == 2 and got.catalogue is not None and not got.problem
    path = got.catalogue.path("ma_semaine")
    assert path is not None and path.exercises == ("mouse.click_again", "email.reply")
    assert path.title.get("fr") == "Ma semaine" and path.pictogram == "calendar"
    assert got.catalogue.path("premiers_pas") is not None  # the shipped paths stay
    content.folder.switch(2)
    loaded = load_current(content.folder, BUNDLED_SCENARIOS)
    assert [p.id for p in loaded.catalogue.paths][-1] == "ma_semaine"


def test_a_bundled_path_naming_a_missing_exercise_is_refused_by_line(tmp_path: Path) -> None:
    folder = ContentFolder(tmp_path)
    text = (b"schema_version: 1\nid: mine\ntitle: {fr: Le mien}\npictogram: calendar\n"
            b"exercises:\n  - nowhere.x\n")
    unpacked(folder, 1, {"paths/mine.yaml": text})
    folder.switch(1)
    loaded = load_current(folder, BUNDLED_SCENARIOS)
    assert loaded.version == 0 and "paths/mine.yaml:6:" in loaded.notes[0]
    assert "no exercise 'nowhere.x'" in loaded.notes[0]


def test_a_tampered_bundle_on_the_hub_is_refused_and_the_terminal_keeps_its_content(
        hub: HubServer, tmp_path: Path) -> None:
    content, http = fetcher(hub, tmp_path / "kiosk")
    publish(hub, "nouveau.yaml", scenario_yaml())
    assert content.fetch(http).version == 1
    content.folder.switch(1)
    publish(hub, "nouveau.yaml", scenario_yaml(title="Changé"))
    with hub.app.state.sessionmaker() as session:
        archive = bytearray(session.get(ContentBundle, 2).archive)
        name = b"content/mouse/click_again.yaml"
        at = archive.index(name) + len(name) + 50  # in the scenario's compressed data
        archive[at] ^= 0x01
        session.execute(update(ContentBundle).where(ContentBundle.version == 2)
                        .values(archive=bytes(archive)))
        session.commit()
    got = content.fetch(http)
    assert got.catalogue is None and "version 2 refused" in got.problem
    assert not got.refused  # tried again next round (a download may have been cut)
    assert load_current(content.folder, BUNDLED_SCENARIOS).version == 1
