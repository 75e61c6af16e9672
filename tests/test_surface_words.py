"""The surfaces' own words ("Envoyer", "Non sécurisé", the keyboard's "Effacer") come from
the gettext catalogue like every interface string: declared once, French, in the
surface's engine module (kiosk.engine.surfaces.words), translated in
kiosk/locale/<lang>/LC_MESSAGES/kiosk.po. What a learner would notice: a word left in
French on a Dutch screen, or the same French words translated two ways on two screens
("Non sécurisé" was "Niet veilig" on one surface and "Niet beveiligd" on another)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

import kiosk.engine.surfaces  # noqa: F401 (imports every surface module: their words are declared)
from kiosk.engine.surfaces.words import LANGUAGES, declared

LOCALE = Path(__file__).resolve().parents[1] / "kiosk" / "locale"
TRANSLATED = LANGUAGES[1:]
# the surface words a learner sees, as (catalogue context, French)
SURFACE_WORDS = sorted({item for table in declared() for item in table.marked().items()})
COMPILE_HINT = "compile the catalogues: make strings-compile (README, 'Translating the interface')"
# French words that mean different things on two screens, so may be translated two ways:
# pairs of contexts (none today)
DIFFERENT_MEANINGS: set[frozenset[str]] = set()


@cache
def catalogue(language: str) -> Catalog:
    with (LOCALE / language / "LC_MESSAGES" / "kiosk.po").open("rb") as f:
        return read_po(f)


def test_the_surfaces_declare_their_words() -> None:
    surfaces = {table.surface for table in declared()}
    assert {"sms", "mail", "browser", "video", "phone_id", "keyboard"} <= surfaces
    assert len(SURFACE_WORDS) >= 92
    keys = [key for key, _ in SURFACE_WORDS]
    assert len(keys) == len(set(keys)), "a word's key is declared twice"


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_surface_word_is_translated(language: str) -> None:
    where = f"kiosk/locale/{language}/LC_MESSAGES/kiosk.po"
    missing = []
    for key, french in SURFACE_WORDS:
        message = catalogue(language).get(french, context=key)
        if message is None:
            missing.append(f"{key} ({french!r}): not in {where}: run make strings")
        elif not message.string.strip() or message.fuzzy:
            missing.append(f"{key} ({french!r}): no {language} words in {where}: write its msgstr "
                           "(and remove '#, fuzzy')")
    assert not missing, "\n".join(missing)


def test_every_surface_word_is_read_in_the_six_languages() -> None:
    """What the widgets get (a Words table read through the compiled catalogues)."""
    for table in declared():
        for short in table:
            words = table[short]
            lacking = [language for language in LANGUAGES if not words.get(language, "").strip()]
            assert not lacking, f"{table.surface}.{short}: no words in {lacking}; {COMPILE_HINT}"


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_same_french_words_have_one_translation(language: str) -> None:
    """Across the whole kiosk catalogue: the surfaces' words and the interface strings."""
    translations: dict[str, dict[str, list[str]]] = {}
    for message in catalogue(language):
        if message.id and message.string:
            translations.setdefault(str(message.id), {}).setdefault(str(message.string), []).append(
                str(message.context))
    twice = []
    for french, ways in translations.items():
        if len(ways) > 1:
            contexts = frozenset(c for keys in ways.values() for c in keys)
            if not any(pair <= contexts for pair in DIFFERENT_MEANINGS):
                twice.append(f"{french!r} in {language}: " + "; ".join(
                    f"{words!r} ({', '.join(keys)})" for words, keys in ways.items()))
    assert not twice, "one meaning, one translation (or list the pair in DIFFERENT_MEANINGS):\n" + \
        "\n".join(twice)


def test_the_insecure_site_words_are_one_translation() -> None:
    """The address bar of a site without https says the same on every screen."""
    insecure = [(key, french) for key, french in SURFACE_WORDS if french == "Non sécurisé"]
    assert ("browser.address.insecure", "Non sécurisé") in insecure
    for language in TRANSLATED:
        words = {catalogue(language).get(french, context=key).string for key, french in insecure}
        assert len(words) == 1, (language, insecure, words)
