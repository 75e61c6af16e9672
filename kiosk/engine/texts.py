"""What any text of a content file must be, wherever it is written.

A text is a string, or a map of languages (``{fr: Envoyer, nl: Verzenden}``). The surfaces
check the shape of their fixture and the loader the scenario's own keys; the rules that
hold for a text anywhere live here once, so that every surface gets them:

- it is not cut at an unquoted comma: in ``{fr: Votre rendez-vous, lundi, 10 h}`` YAML
  ends the text at the first comma and reads ``lundi`` as a key with no value;
- a map of languages gives each language the kiosk offers (a warning: the screen shows
  the French words instead);
- the font of its language can draw each of its characters (a warning: the kiosk draws a
  missing character as an empty box). The fonts are not the engine's business: the
  caller passes a :data:`MissingGlyphs` function (``kiosk.glyphs`` reads the font files).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from kiosk.engine.model import KNOWN_LANGUAGES, SOURCE_LANGUAGE

# report(node, key, what, fix) — a problem located at ``key`` of ``node``
Report = Callable[[Any, Any, str, str], None]
# (text, language) → the characters of the text that the font of that language lacks
MissingGlyphs = Callable[[str, str], str]

COMMA_FIX = 'put text that contains a comma in quotes: fr: "Votre rendez-vous, lundi, 10 h"'
# values that are never drawn on a screen
_NOT_SHOWN = {"pattern"}


def is_language_map(node: Any) -> bool:
    return isinstance(node, Mapping) and any(k in KNOWN_LANGUAGES for k in node)


def comma_tail(node: Mapping[Any, Any], key: Any) -> bool:
    """``key`` of ``node`` looks like the tail of a text cut at an unquoted comma: a key
    with no value inside ``{...}``."""
    place = getattr(node, "lc", None)
    return node.get(key) is None and bool(getattr(place, "flow", False))


def cut_at_comma(key: Any) -> tuple[str, str]:
    """What to say about ``key``, a word read as a key with no value: the tail of a text
    cut at an unquoted comma (the only way a text's words end up as a key)."""
    return (f"the text is cut at a comma: '{key}' was read as a new key, with no value", COMMA_FIX)


def maps(node: Any, key: Any = None, seen: set[int] | None = None
         ) -> Iterator[tuple[Mapping[Any, Any], Any]]:
    """Every map under ``node`` with the key it is written under (an item of a list: the
    list's key), each map once (a YAML alias shares one map between places: walking it
    again could take forever)."""
    seen = set() if seen is None else seen
    if isinstance(node, (Mapping, list)):
        if id(node) in seen:
            return
        seen.add(id(node))
    if isinstance(node, Mapping):
        yield node, key
        for k, value in node.items():
            yield from maps(value, k, seen)
    elif isinstance(node, list):
        for value in node:
            yield from maps(value, key, seen)


def check_fixture_texts(fixture: Any, languages: Sequence[str], error: Report, warn: Report) -> None:
    """Every map of languages in a fixture: not cut at a comma, and translated into each
    of ``languages`` (a warning when one is missing, as for step texts)."""
    for node, key in maps(fixture):
        if not is_language_map(node):
            continue
        for lang in node:
            if lang not in KNOWN_LANGUAGES and node[lang] is None:
                error(node, lang, *cut_at_comma(lang))
            elif lang not in KNOWN_LANGUAGES:
                error(node, lang, f"unknown language '{lang}'",
                      f"use language codes: {', '.join(KNOWN_LANGUAGES)}")
        if not _has_words(node, SOURCE_LANGUAGE):
            continue  # no French: the surface's own check says so
        for lang in languages:
            if not _has_words(node, lang):
                warn(node, None, f"missing translation '{lang}' in '{key}'", f"add '{lang}: ...'")


def _has_words(node: Mapping[Any, Any], lang: str) -> bool:
    words = node.get(lang)
    return isinstance(words, str) and bool(words.strip())


def _strings(node: Any, lang: str, seen: set[int]) -> Iterator[tuple[Any, Any, str, str]]:
    """Every text of a document: (its map or list, its key or index, the words, the
    language they are drawn in: a plain text is shown as French)."""
    if not isinstance(node, (Mapping, list)) or id(node) in seen:
        return
    seen.add(id(node))
    if isinstance(node, list):
        for i, value in enumerate(node):
            if isinstance(value, str):
                yield node, i, value, lang
            else:
                yield from _strings(value, lang, seen)
        return
    by_language = is_language_map(node)
    for key, value in node.items():
        if key in _NOT_SHOWN:
            continue
        in_lang = str(key) if by_language and key in KNOWN_LANGUAGES else lang
        if isinstance(value, str):
            yield node, key, value, in_lang
        else:
            yield from _strings(value, in_lang, seen)


def check_glyphs(doc: Any, missing: MissingGlyphs, warn: Report) -> None:
    """Each character of each text can be drawn by the font of its language."""
    for node, key, words, lang in _strings(doc, SOURCE_LANGUAGE, set()):
        for char in missing(words, lang):
            warn(node, key, f"the kiosk cannot draw '{char}' (U+{ord(char):04X}) in a text in '{lang}': "
                 "it shows as an empty box", "write it with other characters or in words "
                 "(e.g. 'puis' or '>' instead of '→')")
