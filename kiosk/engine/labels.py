"""Words that match the screen: a scenario text names a target's label by reference.

A trainer writes ``Choisissez <option.reason.id_card>.`` instead of copying "Carte
d'identité": the kiosk puts in the words the practice screen shows on that target, in
the screen's language — French, or the learner's own when they touched "L'écran dans ma
langue". So the instruction always names what is drawn, whatever the screen's language.

This module owns the syntax (``<target name>``), turning a text into the words for one
screen language, and the checks the loader runs on every text that the learner sees
over the screen: each reference names a target with a label; a label copied as words
(instead of referred to) must read the same on the screen in that language; a time is
written the way the screen writes it ("10:30", never "10 h 30").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from typing import Any

from kiosk.engine.model import SOURCE_LANGUAGE, Text

# A reference: a target name between angle brackets, no spaces ("<button.send>").
REFERENCE = re.compile(r"<([^<>\s]+)>")
# A time in words: "10:30", "10 h 30", "10h30", "10.30" (Dutch, Turkish). Not a date.
TIME_WORDS = re.compile(r"(?<![\d/.:,])(\d{1,2})\s?(?:h|H|:|\.)\s?(\d{2})(?![\d/])")
SCREEN_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
# Labels shorter than this are everyday words ("À", "OK"): not checked when copied.
MIN_COPIED = 3
OWN_SCREEN = "own_screen"  # prompt id suffix: the text as said over the learner's own screen

# report(language or None, what, fix) — the loader locates it in the file
Report = Callable[[str | None, str, str], None]


def label_in(value: Any, language: str) -> str:
    """A label's words in ``language``, else French (what the screen draws)."""
    if isinstance(value, Mapping):
        return str(value.get(language) or value.get(SOURCE_LANGUAGE) or "")
    return "" if value is None else str(value)


def references(words: str) -> list[str]:
    """The target names a text refers to, in order."""
    return REFERENCE.findall(words)


def has_references(text: Text) -> bool:
    return any(REFERENCE.search(w) for w in text.by_language.values())


def resolve(words: str, labels: Mapping[str, Any], screen: str) -> str:
    """``words`` with every ``<target>`` replaced by its label on a screen in ``screen``."""
    def label(match: re.Match[str]) -> str:
        name = match.group(1)
        return label_in(labels[name], screen) if name in labels else match.group(0)

    return REFERENCE.sub(label, words)


def for_screen(text: Text, labels: Mapping[str, Any], screen: str | None = SOURCE_LANGUAGE) -> Text:
    """The text as the learner reads it over the practice screen.

    ``screen`` is the screen's language: French (the default), or ``None`` for "each
    learner's own" (the screen in my language: a Dutch text names the Dutch labels). A
    text over a translated screen gets its own prompt id, so a volunteer's recording of
    the French-screen words is never played over a translated screen.
    """
    if not has_references(text):
        return text
    words = {lang: resolve(w, labels, screen or lang) for lang, w in text.by_language.items()}
    own = screen is None or screen != SOURCE_LANGUAGE
    prompt_id = f"{text.prompt_id}.{OWN_SCREEN}" if own else text.prompt_id
    return replace(text, prompt_id=prompt_id, by_language=words)


def screen_times(fixture: Any) -> set[str]:
    """Every time the practice screen writes ("10:30"), anywhere in the fixture."""
    found: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, Mapping):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
        elif isinstance(node, str) and SCREEN_TIME.match(node.strip()):
            found.add(node.strip())

    walk(fixture)
    return found


def _as_time(hours: str, minutes: str) -> tuple[int, int]:
    return int(hours), int(minutes)


def _copied(label: str, words: str) -> bool:
    """``label`` appears in ``words`` as whole words (same capitals: "Send", not "send")."""
    if len(label.strip()) < MIN_COPIED:
        return False
    return re.search(rf"(?<!\w){re.escape(label.strip())}(?!\w)", words) is not None


def check_text(by_language: Mapping[str, str], labels: Mapping[str, Any], times: Iterable[str],
               report: Report,
               closest: Callable[[str, Iterable[str]], str | None] | None = None) -> None:
    """The loader's checks on one text said over the practice screen.

    ``labels`` maps every target that shows words to its label (a text or a map of
    languages); ``times`` are the times the screen writes. A label copied as words must
    read the same on the screen in that language: the French label in a Dutch text whose
    screen says otherwise, or — when the French text names that target — the Dutch label
    in the Dutch text (the French screen does not show it).
    """
    texts = {lang: w for lang, w in by_language.items() if isinstance(w, str)}
    named = {lang: set(references(w)) for lang, w in texts.items()}
    french_text = REFERENCE.sub(" ", texts.get(SOURCE_LANGUAGE, ""))
    for lang, words in texts.items():
        for name in references(words):
            if name not in labels:
                near = closest(name, labels) if closest is not None else None
                fix = (f"did you mean '<{near}>'?" if near else
                       "write the name of a target that shows words, e.g. '<button.send>'")
                report(lang, f"'<{name}>' names no target with words on the screen", fix)
        if lang == SOURCE_LANGUAGE:
            continue
        plain = REFERENCE.sub(" ", words)
        said: set[str] = set()
        for name, value in labels.items():
            french, own = label_in(value, SOURCE_LANGUAGE), label_in(value, lang)
            if french == own or french in said:
                continue
            french_names = name in named.get(SOURCE_LANGUAGE, ()) or _copied(french, french_text)
            if _copied(french, plain):
                said.add(french)
                report(lang, f"'{french}' is copied from the screen, but the screen in '{lang}' "
                       f"shows '{own}'", f"write <{name}> instead: the kiosk puts in the words shown")
            elif french_names and _copied(own, plain):
                said.add(french)
                report(lang, f"'{own}' is not what the French screen shows ('{french}')",
                       f"write <{name}> instead: the kiosk puts in the words shown")
    shown = {_as_time(*m.groups()): t for t in times if (m := SCREEN_TIME.match(t))}
    for lang, words in texts.items():
        for match in TIME_WORDS.finditer(REFERENCE.sub(" ", words)):
            written = match.group(0)
            screen = shown.get(_as_time(match.group(1), match.group(2)))
            if screen is not None and written != screen:
                slot = next((n for n, v in labels.items() if label_in(v, lang) == screen), None)
                fix = f"write <{slot}>" if slot else f"write '{screen}'"
                report(lang, f"the time '{written}' is written '{screen}' on the screen",
                       f"{fix}, as the screen writes it")
    for lang, names in named.items():
        missing = sorted(named.get(SOURCE_LANGUAGE, set()) - names)
        if lang != SOURCE_LANGUAGE and missing:
            report(lang, f"the '{lang}' words do not name <{missing[0]}> as the French do",
                   f"write <{missing[0]}> in '{lang}' too: the same words as on the screen")
