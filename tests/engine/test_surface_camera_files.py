"""The camera and files surfaces' engine side: targets, gestures, the words on targets,
the typed fixtures with their defaults, and each mistake reported at its file:line."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.engine import load_catalogue
from kiosk.engine.surfaces import get
from kiosk.engine.surfaces.camera import CameraFixture, start_place
from kiosk.engine.surfaces.files import FilesFixture

ROOT = Path(__file__).resolve().parents[2]

PHOTO = """\
schema_version: 1
id: documents.photo
version: 1
module: documents
title: {fr: Photo}
digcomp: [digcomp:2.2:2.2]
pictogram: camera
level: 2
surface: camera
fixture:
  document:
    title: {fr: Fiche de paie (exemple)}
    lines: [Sam Exemple]
  moves: [left, closer]
  blurred: 1
  recipient: {fr: Mon conseiller (exemple)}
steps:
  - id: left
    say: {fr: Touchez <move.left>.}
    expect: {action: tap, target: move.left}
"""

FILES = """\
schema_version: 1
id: documents.downloads
version: 1
module: documents
title: {fr: Fichiers}
digcomp: [digcomp:2.2:1.3]
pictogram: folder
level: 2
surface: files
fixture:
  folders:
    - id: downloads
      name: {fr: Téléchargements}
      files:
        - {id: certificate, name: doc_48213.pdf, kind: pdf, size: "245 Ko"}
    - id: job
      name: {fr: Recherche d'emploi}
steps:
  - id: select
    say: {fr: Gardez le doigt sur <file.certificate>.}
    expect: {action: long_press, target: file.certificate}
"""


def check(tmp_path: Path, text: str) -> list[str]:
    """The problems `kiosk scenarios check` reports for one scenario file, as file:line: words."""
    folder = tmp_path / "documents"
    folder.mkdir(exist_ok=True)
    name = "photo" if "surface: camera" in text else "downloads"
    (folder / "module.yaml").write_text(
        f"schema_version: 1\nid: documents\ntitle: {{fr: Mes documents}}\nrank: 10\npictogram: folder\n"
        f"order: [documents.{name}]\n", encoding="utf-8")
    (folder / f"{name}.yaml").write_text(text, encoding="utf-8")
    catalogue = load_catalogue(tmp_path, ("fr",))
    # the module's "order names a missing scenario" follows from the scenario's own problem
    return [f"{p.path.name}:{p.line}: {p.what}" for p in catalogue.problems if p.path.name != "module.yaml"]


def test_the_shipped_scenarios_are_clean() -> None:
    catalogue = load_catalogue(ROOT / "scenarios")
    assert {"documents.photo", "documents.downloads"} <= set(catalogue.scenarios)
    assert [p for p in catalogue.problems if "documents" in str(p.path)] == []


def test_camera_targets_gestures_and_words() -> None:
    spec = get("camera")
    assert spec is not None
    raw = {"document": {"title": "X"}, "recipient": "Y", "moves": ["left"]}
    assert spec.targets(raw) == {"move.left", "move.right", "move.closer", "move.back", "button.shutter",
                                 "button.retake", "button.use", "button.send"}
    assert spec.gestures is not None and spec.gestures(raw, "button.shutter") == ("tap",)
    assert spec.labels is not None and spec.labels(raw)["button.retake"]["fr"] == "Reprendre"
    assert spec.labels(raw)["move.closer"]["fr"] == "Rapprochez"


def test_camera_fixture_reads_with_defaults() -> None:
    read = CameraFixture.read({"document": {"title": {"fr": "Attestation"}}, "recipient": "Sam"})
    assert read.moves == () and read.blurred == 0
    assert read.document.title == {"fr": "Attestation"} and read.document.lines == ()


def test_the_paper_starts_where_the_moves_bring_it_into_the_frame() -> None:
    shift, size = start_place(("left", "closer"))
    assert shift < 0 and size < 1  # off to the left and too small
    assert start_place(()) == (0.0, 1.0)


@pytest.mark.parametrize(("old", "new", "words"), [
    ("  moves: [left, closer]", "  moves: [left, up]", "unknown move 'up'"),
    ("  blurred: 1", "  blurred: 9", "'blurred' must be a whole number from 0 to 3"),
    ("  recipient: {fr: Mon conseiller (exemple)}\n", "", "the fixture needs 'recipient'"),
    ("    title: {fr: Fiche de paie (exemple)}\n", "", "the document needs 'title'"),
    ("  blurred: 1", "  blurred: 1\n  flash: true", "unknown key 'flash'"),
    ("target: move.left}", "target: move.up}", "move.up"),
])
def test_each_camera_mistake_is_named_at_its_line(tmp_path: Path, old: str, new: str, words: str) -> None:
    assert old in PHOTO and check(tmp_path, PHOTO) == []
    text = PHOTO.replace(old, new)
    found = check(tmp_path, text)
    assert found and all(words in problem for problem in found), found
    if new.strip():  # the problem is at the line written wrong (a missing key: at its map)
        written = next(line for line in new.splitlines() if line not in old)
        line = text[: text.rindex(written)].count("\n") + 1
        assert int(found[0].split(":")[1]) == line, (found, line)


def test_files_targets_gestures_and_words() -> None:
    spec = get("files")
    assert spec is not None
    raw = {"folders": [{"id": "a", "name": "A", "files": [{"id": "f", "name": "f.pdf"}]},
                       {"id": "b", "name": "B"}]}
    assert spec.targets(raw) == {"folder.a", "folder.b", "dest.a", "dest.b", "file.f", "field.name",
                                 "button.back", "button.rename", "button.move", "button.cancel"}
    assert spec.gestures is not None
    assert spec.gestures(raw, "file.f") == ("tap", "long_press")
    assert spec.gestures(raw, "dest.b") == ("choose",)
    assert spec.gestures(raw, "field.name") == ("type",)
    labels = spec.labels(raw) if spec.labels is not None else {}
    assert labels["file.f"] == "f.pdf" and labels["dest.b"] == "B"
    assert labels["button.move"]["fr"] == "Déplacer vers…"


def test_a_file_keeps_its_ending_when_renamed() -> None:
    read = FilesFixture.read({"folders": [
        {"id": "a", "name": "A", "files": [{"id": "f", "name": "doc_1.pdf"}]}, {"id": "b", "name": "B"}]})
    file = read.folders[0].files[0]
    assert (file.stem, file.ending, file.kind, file.size) == ("doc_1", ".pdf", "document", "")
    assert read.open == ""


@pytest.mark.parametrize(("old", "new", "words"), [
    ("kind: pdf", "kind: zip", "unknown kind of file 'zip'"),
    ("    - id: job\n      name: {fr: Recherche d'emploi}\n", "", "at least two folders"),
    ("  folders:", "  open: nowhere\n  folders:", "no folder 'nowhere'"),
    ("id: certificate,", "id: certificate, colour: red,", "unknown key 'colour'"),
    ("    - id: job", "    - id: downloads", "duplicate id 'downloads'"),
    ("action: long_press", "action: double_tap", "double_tap"),
])
def test_each_files_mistake_is_named_at_its_line(tmp_path: Path, old: str, new: str, words: str) -> None:
    assert old in FILES and check(tmp_path, FILES) == []
    text = FILES.replace(old, new)
    found = check(tmp_path, text)
    assert found and all(words in problem for problem in found), found
    if new.strip():  # the problem is at the line written wrong (a missing key: at its map)
        written = next(line for line in new.splitlines() if line not in old)
        line = text[: text.rindex(written)].count("\n") + 1
        assert int(found[0].split(":")[1]) == line, (found, line)
