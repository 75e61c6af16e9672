"""A web form's upload block ("Joindre un justificatif"): its targets and words, the
site's rule (too big, wrong type, accepted), and every mistake in it named by file,
line and fix."""

from __future__ import annotations

from pathlib import Path

import pytest
from scenario_yaml import line_of

from kiosk.engine.loader import load_scenario
from kiosk.engine.surfaces import get
from kiosk.engine.surfaces.web import WORDS, Upload
from kiosk.engine.surfaces.web.upload import TOO_BIG, WRONG_TYPE, UploadFile, megabytes

SAY = ("say: {fr: Touchez le fichier., nl: Tik op het bestand., en: Tap the file., ar: المس الملف., "
       "tr: Dosyaya dokunun., uk: Торкніться файлу.}")

PAGE = """\
schema_version: 1
id: documents.attach
version: 1
module: documents
title: {fr: Joindre, nl: Toevoegen, en: Attach, ar: إرفاق, tr: Ekle, uk: Додати}
pictogram: document
digcomp: [digcomp:2.2:2.1]
level: 2
surface: web
fixture:
  pages:
    - id: form
      address: www.tilleul-sur-meuse.example/prime
      title: Prime
      blocks:
        - upload: bill
          label: Facture
          max_mb: 5
          types: [pdf, jpg, png]
          folders:
            - id: documents
              name: {fr: Documents, ar: المستندات}
              files:
                - {id: photo, name: photo_facture.jpg, size: "8,2 Mo"}
                - {id: letter, name: lettre.docx, size: "36 Ko"}
                - {id: bill, name: facture.pdf, size: "412 Ko"}
        - button: send
          label: Envoyer
          submit: true
steps:
  - id: open
    SAY
    expect: {action: tap, target: upload.bill}
  - id: file
    SAY
    expect: {action: tap, target: file.bill}
""".replace("SAY", SAY)


def load(tmp_path: Path, text: str) -> tuple[object, list[object], Path]:
    folder = tmp_path / "documents"
    folder.mkdir(exist_ok=True)
    path = folder / "attach.yaml"
    path.write_text(text, encoding="utf-8")
    scenario, problems = load_scenario(path)
    return scenario, problems, path


def upload(tmp_path: Path) -> Upload:
    scenario, problems, _ = load(tmp_path, PAGE)
    assert scenario is not None, "\n".join(map(str, problems))
    spec = get("web")
    assert spec is not None
    block = spec.read(scenario.fixture).pages[0].blocks[0]  # type: ignore[attr-defined]
    assert isinstance(block, Upload)
    return block


def test_an_upload_loads_clean_and_gives_its_targets(tmp_path: Path) -> None:
    scenario, problems, _ = load(tmp_path, PAGE)
    assert scenario is not None, "\n".join(map(str, problems))
    assert [p for p in problems if "missing translation" not in str(p)] == []
    spec = get("web")
    assert spec is not None and spec.gestures is not None and spec.labels is not None
    fixture = scenario.fixture  # type: ignore[attr-defined]
    assert spec.targets(fixture) == {"upload.bill", "remove.bill", "file.photo", "file.letter", "file.bill",
                                     "button.send"}
    assert spec.gestures(fixture, "file.bill")[0] == "tap"
    labels = spec.labels(fixture)
    assert labels["upload.bill"] == WORDS["upload.choose"]
    assert labels["file.bill"] == "facture.pdf"
    # a text may say "<folder.documents>" (a folder is no target: opening it is not judged)
    assert labels["folder.documents"] == {"fr": "Documents", "ar": "المستندات"}


def test_the_site_refuses_a_file_too_big_or_of_another_type(tmp_path: Path) -> None:
    block = upload(tmp_path)
    files = block.files()
    assert block.refusal(files["photo"]) == TOO_BIG  # 8,2 Mo > 5 Mo
    assert block.refusal(files["letter"]) == WRONG_TYPE  # .docx
    assert block.refusal(files["bill"]) is None
    # the type first, as sites check it: a 10 Mo .docx is "not a PDF"
    assert block.refusal(UploadFile("big", "rapport.DOCX", "10 Mo")) == WRONG_TYPE
    assert block.refusal(UploadFile("scan", "scan.PNG", "5 Mo")) is None  # exactly the limit passes
    assert block.refusal(UploadFile("scan", "scan.png", "5,1 Mo")) == TOO_BIG
    assert block.refusal(UploadFile("kb", "scan.png", "5200 Ko")) == TOO_BIG
    assert block.shown_types() == "PDF, JPG, PNG" and block.shown_max() == "5"
    assert block.folder_of("bill") == "documents"
    assert (megabytes("412 Ko"), megabytes("8,2 Mo"), megabytes("1.5 MB"), megabytes("huit Mo")) == (
        pytest.approx(412 / 1024), 8.2, 1.5, None)


def test_the_refusals_are_words_in_six_languages() -> None:
    for key in ("upload.too_big", "upload.wrong_type", "upload.limits", "upload.choose", "upload.remove"):
        words = WORDS[key]
        assert set(words) >= {"fr", "nl", "en", "ar", "tr", "uk"}, key
        for placeholder in ("{max}", "{types}"):
            if placeholder in words["fr"]:
                assert all(placeholder in w for w in words.values()), (key, words)
    assert WORDS["upload.too_big"]["fr"].replace("{max}", "5") == "Le fichier dépasse 5 Mo."


@pytest.mark.parametrize(("old", "new", "what", "at", "fix"), [
    ('size: "8,2 Mo"}', 'size: "huit Mo"}', "'huit Mo' is not a size", 'size: "huit Mo"', '"412 Ko"'),
    ("name: lettre.docx,", "name: lettre,", "'lettre' has no ending", "name: lettre,", ".pdf"),
    ("max_mb: 5", "max_mb: cinq", "'max_mb: cinq' is not a size in Mo", "max_mb: cinq", "max_mb: 5"),
    ("types: [pdf, jpg, png]", "types: [.pdf, jpg]", "'.pdf' is not a file ending", "types: [.pdf",
     "without the dot"),
    ("max_mb: 5", "max_mb: 0.1", "the site refuses every file of 'bill'", "- upload: bill",
     "at most 0,1 Mo"),
    ("{id: bill, name: facture.pdf,", "{id: photo, name: facture.pdf,", "duplicate id 'photo'",
     "{id: photo, name: facture.pdf", "its own id"),
    ("          folders:\n", "          dossiers:\n", "unknown key 'dossiers'", "dossiers:", "folders"),
    ("        - upload: bill\n", "        - upload: Ma facture\n", "'upload:' needs a short id",
     "upload: Ma facture", "lower-case"),
])
def test_upload_mistakes_are_located(tmp_path: Path, old: str, new: str, what: str, at: str,
                                     fix: str) -> None:
    assert old in PAGE
    text = PAGE.replace(old, new, 1)
    scenario, problems, path = load(tmp_path, text)
    found = [p for p in problems if what in str(p)]
    assert scenario is None and found, "\n".join(map(str, problems))
    message = str(found[0])
    assert message.startswith(f"{path}:{line_of(text, at)}:"), message
    assert fix in message.partition(" — ")[2], message


def test_a_step_on_a_file_that_is_not_there(tmp_path: Path) -> None:
    text = PAGE.replace("target: file.bill", "target: file.facture")
    scenario, problems, _ = load(tmp_path, text)
    assert scenario is None
    assert any("file.facture" in str(p) for p in problems), "\n".join(map(str, problems))
