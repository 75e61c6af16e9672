"""Translators' PO files: every scenario text goes out, translations come back into the
YAML without touching anything else, and copied French is flagged, not counted."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po
from scenario_yaml import ROOT, SHIPPED

from kiosk.engine.catalogue import MODULE_FILE
from kiosk.engine.loader import load_scenario
from kiosk.engine.path_file import is_path_file
from kiosk.engine.translate import export, import_po, looks_untranslated, modules_in
from kiosk.engine.yaml_edit import language_maps, set_texts

LANGUAGES = ("nl", "en", "ar", "tr", "uk")
ALL = ("fr", *LANGUAGES)
RULE = "Short sentences: 12 words at most. Concrete, encouraging."


def kiosk(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    """The real command line in a fresh process, with a clean home and no KIOSK_*."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    env["KIOSK_HOME"] = str(home)
    return subprocess.run([sys.executable, "-m", "kiosk", *args], capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=180, check=False)


def shipped_copy(tmp_path: Path) -> Path:
    root = tmp_path / "scenarios"
    shutil.copytree(SHIPPED, root, ignore=shutil.ignore_patterns("*.md"))
    return root


def files_of(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*.yaml"))}


def read(po: Path) -> Catalog:
    with po.open("rb") as handle:
        return read_po(handle)


def write(po: Path, catalog: Catalog) -> None:
    with po.open("wb") as handle:
        write_po(handle, catalog)


def translate(po: Path, context: str, words: str, *, keep_fuzzy: bool = False) -> None:
    """What a translator does in a PO editor: new words for one entry (and it is reviewed)."""
    catalog = read(po)
    (message,) = [m for m in catalog if m.context == context]
    message.string = words
    if not keep_fuzzy:
        message.flags.discard("fuzzy")
    write(po, catalog)


@pytest.mark.parametrize("language", LANGUAGES)
def test_export_then_import_changes_no_byte_of_any_shipped_file(tmp_path: Path, language: str) -> None:
    root = shipped_copy(tmp_path)
    before = files_of(root)
    reports = export(root, language, modules_in(root), tmp_path / "po")
    assert [r.po.name for r in reports] == [f"{m}.{language}.po" for m in sorted({p.parent.name for p in
                                                                                   SHIPPED.glob("*/*.yaml")})]
    for report in reports:  # every shipped text is translated: no copied French, none missing
        assert (report.review, report.missing, report.problems) == (0, 0, ()), report.summary()
        result = import_po(report.po, root)
        assert (result.error, result.notes, result.updated, result.fuzzy) == ("", [], {}, 0)
    assert files_of(root) == before


def test_rewriting_every_text_with_its_own_words_changes_no_byte() -> None:
    """The writer quotes words as the file did: plain, 'single', "double" with \\n."""
    for path in sorted(SHIPPED.rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        maps = language_maps(text)
        for language in LANGUAGES:
            same, failed = set_texts(text, language, {m.path: m.texts[language] for m in maps})
            assert (failed, same == text) == ([], True), (path, language)


def test_the_export_holds_every_text_the_kiosk_shows_or_says(tmp_path: Path) -> None:
    reports = export(SHIPPED, "nl", modules_in(SHIPPED), tmp_path)
    frenches: dict[str, set[str]] = {}
    for report in reports:
        for message in read(report.po):
            if message.id:
                ident = message.context.partition(" ")[0]
                frenches.setdefault(ident, set()).add(message.id)
                assert message.locations[0][0].startswith(f"scenarios/{report.module}/")
                assert RULE in message.auto_comments or message.context.split(" ")[1].startswith("fixture")
    for path in sorted(SHIPPED.rglob("*.yaml")):
        if path.name == MODULE_FILE or is_path_file(path):
            continue
        scenario, _ = load_scenario(path, ALL)
        assert scenario is not None
        missing = {t.get("fr") for t in scenario.texts()} - frenches[scenario.id]
        assert not missing, (scenario.id, missing)
        # the fixture's words too: every {fr: ...} map anywhere under 'fixture'
        fixture_maps = [m for m in language_maps(path.read_text(encoding="utf-8")) if m.screen]
        assert {m.texts["fr"] for m in fixture_maps} <= frenches[scenario.id]
    assert any(m for m in frenches["eadmin.appointment"] if m == "Jours disponibles")  # a calendar label


def test_a_changed_translation_reaches_the_yaml_and_the_kiosk(tmp_path: Path) -> None:
    root = shipped_copy(tmp_path)
    reply = root / "email" / "reply.yaml"
    before = reply.read_text(encoding="utf-8")
    done = kiosk("scenarios", "translate", "export", "email", "--lang", "nl", "--dir", str(root),
                 "--out", str(tmp_path / "po"), home=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    po = tmp_path / "po" / "email.nl.po"
    assert f"wrote {po}: 102 text(s), 102 translated, 0 to review" in done.stdout
    body = ("Dag,\n\nUw afspraak is maandag om 10 uur, in bureau 2.\n"
            "Bevestig het met een antwoord.\n\nHet CISP")
    translate(po, "email.reply steps[0].say.mouse", "Klik op de brief van het Secrétariat.")  # {fr: ..}
    translate(po, "email.reply intro", "Het secretariaat schreef u. We antwoorden.")  # a block map
    translate(po, "email.reply fixture.messages[0].body", body)  # "double quoted" with \n

    done = kiosk("scenarios", "translate", "import", str(po), "--dir", str(root), home=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"{po}: 3 text(s) updated in 1 file(s)" in done.stdout
    assert "check of the changed files: 1 file(s), 0 error(s), 0 warning(s)" in done.stdout

    after = reply.read_text(encoding="utf-8")
    old_lines, new_lines = before.splitlines(), after.splitlines()
    assert len(old_lines) == len(new_lines)
    changed = [i for i, (a, b) in enumerate(zip(old_lines, new_lines, strict=True)) if a != b]
    assert [new_lines[i].split(":")[0].strip() for i in changed] == ["nl", "nl", "mouse"]
    assert "  nl: Het secretariaat schreef u. We antwoorden." in new_lines  # still plain, same indent
    assert '        nl: "Dag,\\n\\nUw afspraak' in after  # still double-quoted, \n escapes
    assert after.startswith("# Read a message in the webmail and answer it")  # comments survive

    check = kiosk("scenarios", "check", str(root), home=tmp_path)
    assert check.returncode == 0 and " 0 error(s), 0 warning(s)" in check.stdout, check.stdout
    scenario, problems = load_scenario(reply, ALL)
    assert scenario is not None and problems == []
    assert scenario.intro is not None
    assert scenario.intro.get("nl") == "Het secretariaat schreef u. We antwoorden."
    mouse = scenario.steps[0].say.mouse
    assert mouse is not None and mouse.get("nl") == "Klik op de brief van het Secrétariat."
    assert scenario.fixture["messages"][0]["body"]["nl"] == body
    assert scenario.intro.get("fr") == "Le secrétariat vous a écrit. On va répondre."  # others untouched


def test_a_scaffolded_title_comes_out_fuzzy_and_is_imported_only_once_reviewed(tmp_path: Path) -> None:
    root = tmp_path / "scenarios"
    made = kiosk("scenarios", "new", "parking.card", "--surface", "web", "--title", "Carte de parking",
                 "--dir", str(root), home=tmp_path)
    assert made.returncode == 0, made.stdout
    card = root / "parking" / "card.yaml"
    done = kiosk("scenarios", "translate", "export", "--lang", "nl", "--dir", str(root),
                 "--out", str(tmp_path), home=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 to review (same as French, marked fuzzy)" in done.stdout
    po = tmp_path / "parking.nl.po"
    flagged = {m.context: m.string for m in read(po) if m.fuzzy and m.id}
    assert flagged == {"parking.card title": "Carte de parking"}  # copied French: not "translated"
    assert not [m for m in read(po) if m.id and not m.fuzzy and m.string == m.id and " " in m.id]

    translate(po, "parking.card title", "Parkeerkaart", keep_fuzzy=True)  # edited, not reviewed
    before = card.read_bytes()
    done = kiosk("scenarios", "translate", "import", str(po), "--dir", str(root), home=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 text(s) updated in 0 file(s); 1 fuzzy text(s) skipped" in done.stdout
    assert card.read_bytes() == before

    translate(po, "parking.card title", "Parkeerkaart")
    result = import_po(po, root)
    assert (result.updated, result.fuzzy) == ({card: 1}, 0)
    scenario, _ = load_scenario(card, ALL)
    assert scenario is not None and scenario.title.get("nl") == "Parkeerkaart"
    assert scenario.title.get("en") == "Carte de parking"  # the other languages are untouched


def test_a_missing_language_is_added_in_the_maps_own_layout(tmp_path: Path) -> None:
    root = shipped_copy(tmp_path)
    (report,) = export(root, "de", ["email"], tmp_path)
    assert (report.translated, report.review) == (0, 0) and report.missing == 102
    translate(report.po, "email.reply title", "Auf eine E-Mail antworten")
    translate(report.po, "email.reply intro", "Das Sekretariat hat Ihnen geschrieben. Wir antworten.")
    result = import_po(report.po, root)
    assert result.untranslated == 100 and sum(result.updated.values()) == 2
    lines = (root / "email" / "reply.yaml").read_text(encoding="utf-8").splitlines()
    assert lines[5].endswith("uk: Відповісти на лист, de: Auf eine E-Mail antworten}")
    assert lines[12:14] == ["  uk: Секретаріат вам написав. Відповімо.",
                            "  de: Das Sekretariat hat Ihnen geschrieben. Wir antworten."]
    scenario, problems = load_scenario(root / "email" / "reply.yaml", (*ALL, "de"))
    assert scenario is not None and scenario.title.get("de") == "Auf eine E-Mail antworten"
    assert not [p for p in problems if p.severity == "error"]


def test_a_translation_of_french_changed_since_the_export_is_not_written(tmp_path: Path) -> None:
    root = shipped_copy(tmp_path)
    (report,) = export(root, "tr", ["mouse"], tmp_path)
    translate(report.po, "mouse.click intro", "Yeni bir çeviri.")
    click = root / "mouse" / "click.yaml"
    text = click.read_text(encoding="utf-8")
    french = next(m for m in language_maps(text) if m.path == ("intro",)).texts["fr"]
    click.write_text(text.replace(french, "Une autre consigne."), encoding="utf-8")
    before = click.read_bytes()
    result = import_po(report.po, root)
    assert result.updated == {}
    (note,) = result.notes
    assert note.startswith(f"{click}:") and "changed since the export" in note and "export again" in note
    assert click.read_bytes() == before


def test_windows_line_ends_stay(tmp_path: Path) -> None:
    text = (SHIPPED / "mouse" / "click.yaml").read_text(encoding="utf-8").replace("\n", "\r\n")
    maps = language_maps(text)
    new, failed = set_texts(text, "de", {m.path: "Wort" for m in maps})
    block_maps = [m for m in maps if m.lines["fr"] != m.lines["nl"]]  # a language per line
    assert block_maps and failed == []
    assert new.count("\r\n") == text.count("\r\n") + len(block_maps)
    assert "\n" not in new.replace("\r\n", "")


@pytest.mark.parametrize(("french", "words", "language", "untranslated"), [
    ("Carte de parking", "Carte de parking", "nl", True),  # a phrase copied
    ("Touchez la clé.", "Touchez la clé.", "tr", True),
    ("Internet", "Internet", "nl", False),  # one word may be the same
    ("Date", "Date", "en", False),
    ("Parking", "Parking", "ar", True),  # but not in another alphabet
    ("10:30", "10:30", "uk", False),  # no letters: nothing to translate
    ("Carte de parking", "Parkeerkaart", "nl", False),
])
def test_what_counts_as_copied_french(french: str, words: str, language: str, untranslated: bool) -> None:
    assert looks_untranslated(french, words, language) is untranslated


def test_the_exported_file_passes_gettexts_own_check(tmp_path: Path) -> None:
    if shutil.which("msgfmt") is None:
        pytest.skip("GNU gettext's msgfmt is not installed")
    (report,) = export(SHIPPED, "ar", ["eadmin"], tmp_path)
    done = subprocess.run(["msgfmt", "--check", "-o", os.devnull, str(report.po)], capture_output=True,
                          text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
