"""The interface strings: French source in kiosk/ui/strings.py, translations in gettext catalogues."""

from __future__ import annotations

import importlib
import logging
import re
import string
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

from kiosk.config import SUPPORTED_LANGUAGES
from kiosk.engine import surfaces
from kiosk.engine.surfaces.words import Words
from kiosk.ui import strings

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "kiosk" / "locale"
TRANSLATED = [lang for lang in SUPPORTED_LANGUAGES if lang != "fr"]
KEYS = [key for key, _ in strings._SOURCE]
OWN_NAMES = {"fr": "Français", "nl": "Nederlands", "en": "English",
             "ar": "العربية", "tr": "Türkçe", "uk": "Українська"}
MAX_WORDS = 12
COMPILE_HINT = "compile the catalogues: pybabel compile -d kiosk/locale -D kiosk (or: make strings-compile)"


def read_catalogue(path: Path) -> Catalog:
    with path.open("rb") as f:
        return read_po(f)


def entries(catalogue: Catalog) -> set[tuple[str | None, str]]:
    return {(m.context, m.id) for m in catalogue if m.id}


def words(text: str) -> list[str]:
    return re.findall(r"\w+(?:['’-]\w+)*", text)


def placeholders(text: str) -> list[str]:
    printf = re.findall(r"%(?:\([^)]*\))?[#0 +-]?\d*(?:\.\d+)?[a-zA-Z%]", text)
    braces = [name for _, name, _, _ in string.Formatter().parse(text) if name is not None]
    return sorted(printf + braces)


@pytest.fixture
def fresh_strings():
    """The strings built again from the catalogues, and rebuilt afterwards for other tests."""
    strings._texts.cache_clear()
    yield strings
    strings._texts.cache_clear()


def test_keys_are_unique():
    assert len(KEYS) == len(set(KEYS))


def surface_words() -> set[tuple[str, str]]:
    """(key, French) of every surface's own words (``Words`` in kiosk/engine/surfaces)."""
    found = set()
    for name in surfaces.names():
        module = importlib.import_module(f"kiosk.engine.surfaces.{name}")
        for value in vars(module).values():
            if isinstance(value, Words):
                found |= {(f"{value.surface}.{short}", french) for short, french in value.french().items()}
    return found


def test_pot_is_up_to_date_with_strings_py(tmp_path):
    pot = tmp_path / "kiosk.pot"
    # the same command as `make strings-extract` (README, "Translating the interface")
    CommandLineInterface().run([
        "pybabel", "-q", "extract", "-F", str(ROOT / "babel.cfg"), "--no-default-keywords",
        "-k", "N_:1c,2", "--add-comments=TRANSLATORS:", "--no-location", "-o", str(pot), str(ROOT),
    ])
    extracted = entries(read_catalogue(pot))
    assert extracted == set(strings._FRENCH.items()) | surface_words()
    assert entries(read_catalogue(LOCALE / "kiosk.pot")) == extracted, (
        "kiosk/locale/kiosk.pot is out of date: run make strings (README, 'Translating the interface')")


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_key_is_translated(lang):
    path = LOCALE / lang / "LC_MESSAGES" / "kiosk.po"
    assert path.is_file(), f"no catalogue for {lang}: pybabel init -l {lang} (README)"
    catalogue = read_catalogue(path)
    by_key = {m.context: m for m in catalogue if m.id}
    problems = []
    for key, french in strings._FRENCH.items():
        message = by_key.get(key)
        if message is None or message.id != french:
            problems.append(f"{key}: missing or for another French text (run make strings)")
        elif not (message.string or "").strip():
            problems.append(f"{key}: not translated")
        elif message.fuzzy:
            problems.append(f"{key}: marked fuzzy — check the translation, then remove the flag")
    assert not problems, f"{path.relative_to(ROOT)}:\n" + "\n".join(problems)


@pytest.mark.parametrize("lang", TRANSLATED)
def test_compiled_catalogue_gives_the_po_text(lang, fresh_strings):
    """The runtime reads the .mo: it must exist and match the .po (a stale .mo fails too)."""
    mo = LOCALE / lang / "LC_MESSAGES" / "kiosk.mo"
    assert mo.is_file(), f"{mo.relative_to(ROOT)} is missing: {COMPILE_HINT}"
    catalogue = read_catalogue(mo.with_suffix(".po"))
    expected = {m.context: m.string for m in catalogue if m.id}
    stale = [key for key in KEYS if fresh_strings.tr(key, lang) != expected[key]]
    assert not stale, f"{mo.relative_to(ROOT)} differs from its .po for {stale}: {COMPILE_HINT}"


def test_runtime_examples():
    assert strings.tr("back", "tr") == "Geri"
    assert strings.tr("back", "nl") == "Terug"
    assert strings.tr("welcome", "en") == "Welcome!"
    assert strings.tr("help", "fr") == "Aidez-moi"
    assert strings.tr("voice.slower", "fr") == "Plus lent"


def test_each_language_is_named_in_itself():
    assert {lang: strings.tr("language", lang) for lang in SUPPORTED_LANGUAGES} == OWN_NAMES


def test_public_api():
    text = strings.text("welcome")
    assert text.prompt_id == "ui.welcome"
    assert set(text.by_language) == set(SUPPORTED_LANGUAGES)
    assert strings.has("welcome") and strings.has("screen.mine") and not strings.has("nope")
    assert [t.prompt_id for t in strings.all_texts()] == [f"ui.{key}" for key in KEYS]
    assert all(set(t.by_language) == set(SUPPORTED_LANGUAGES) for t in strings.all_texts())
    assert strings.text("welcome") is text  # built once
    assert strings.tr("welcome", "de") == "Bienvenue !"  # an unknown language gets French


@pytest.mark.parametrize("lang", SUPPORTED_LANGUAGES)
def test_texts_are_short(lang):
    long = {t.prompt_id: t.get(lang) for t in strings.all_texts() if len(words(t.get(lang))) > MAX_WORDS}
    assert not long, f"more than {MAX_WORDS} words in {lang}: {long}"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_placeholders_match_the_french(lang):
    different = {t.prompt_id: t.get(lang) for t in strings.all_texts()
                 if placeholders(t.get(lang)) != placeholders(t.get("fr"))}
    assert not different, f"placeholders differ from the French in {lang}: {different}"


def test_missing_catalogues_fall_back_to_french_with_one_warning(fresh_strings, tmp_path, monkeypatch,
                                                                 caplog):
    monkeypatch.setattr(fresh_strings, "LOCALE_DIR", tmp_path)
    with caplog.at_level(logging.WARNING, logger=fresh_strings.__name__):
        assert fresh_strings.tr("back", "tr") == "Retour"
        assert fresh_strings.tr("welcome", "ar") == "Bienvenue !"
        assert fresh_strings.text("back").by_language == {"fr": "Retour"}
        fresh_strings.all_texts()
    warned = [r for r in caplog.records if "no compiled catalogue" in r.getMessage()]
    assert len(warned) == len(TRANSLATED)  # once per language, not once per string


def test_a_message_missing_from_a_catalogue_is_shown_in_french(fresh_strings, tmp_path, monkeypatch,
                                                               caplog):
    from babel.messages.mofile import write_mo

    catalogue = read_catalogue(LOCALE / "tr" / "LC_MESSAGES" / "kiosk.po")
    catalogue.delete("Retour", context="back")
    target = tmp_path / "tr" / "LC_MESSAGES"
    target.mkdir(parents=True)
    with (target / "kiosk.mo").open("wb") as f:
        write_mo(f, catalogue)
    monkeypatch.setattr(fresh_strings, "LOCALE_DIR", tmp_path)
    with caplog.at_level(logging.WARNING, logger=fresh_strings.__name__):
        assert fresh_strings.tr("back", "tr") == "Retour"
        assert not fresh_strings.text("back").has("tr")  # so no Turkish voice reads French
        assert fresh_strings.tr("repeat", "tr") == "Tekrarla"
    assert any("lacks 1 string(s)" in r.getMessage() and "back" in r.getMessage() for r in caplog.records)


def test_every_self_assessment_question_is_a_string_with_the_engine_s_french():
    from kiosk.engine.selfcheck import ANSWERS, QUESTIONS

    for question in QUESTIONS:
        assert strings.tr(f"selfcheck.{question.id}", "fr") == question.fr
        assert set(strings.text(f"selfcheck.{question.id}").by_language) == set(SUPPORTED_LANGUAGES)
    assert all(strings.has(f"selfcheck.{answer}") for answer in ANSWERS)


def test_the_picture_code_pictograms_are_named_in_six_languages():
    from kiosk.export.picture_code import PICTOGRAMS

    for stem, french in PICTOGRAMS:
        assert strings.tr(f"picture.{stem}", "fr") == french
        assert set(strings.text(f"picture.{stem}").by_language) == set(SUPPORTED_LANGUAGES)


def test_filled_strings_carry_their_values_in_every_language():
    path = strings.filled("results.path", count=3)
    assert path.get("fr") == "Exercices réussis depuis votre première visite : 3"
    assert path.get("uk").endswith(": 3") and path.prompt_id == "ui.results.path?count=3"
