"""The texts of a content file: every language map in it, and changing one text in place.

Owns the YAML side of the translators' round trip (:mod:`kiosk.engine.translate` is the
PO side). A *language map* is a map whose keys are language codes and that has French,
``{fr: Touchez la clé., nl: Tik op de sleutel.}``, anywhere in the file: titles,
instructions, hints, and the texts of a fixture (a site's labels, a message's body).
Each one is found by its *path* from the top of the file, written ``steps[2].say.mouse``.

A change rewrites only the characters of the text it changes. The file is composed with
the kiosk's own reader (:func:`kiosk.engine.yaml_read.compose`: the same parser and
schema the kiosk loads with), which gives where each value starts and ends; the new
words take the place of the old ones, quoted as the old ones were (plain, ``'single'``
or ``"double"``) when that quoting can hold them, else in double quotes. A language the
map lacks is added after the language before it, in the map's own layout (``, de: ...``
inside ``{...}``, or a new line at the same indentation). Comments, indentation, blank
lines and hand-wrapped flow maps stay byte for byte — a full round-trip dump (as
ruamel.yaml does) re-flows hand-wrapped flow maps. Every change is verified by reading
the file again: the document must equal the old one with exactly these texts changed,
else that text is left alone and reported.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from kiosk.engine.model import KNOWN_LANGUAGES
from kiosk.engine.yaml_read import compose, load

__all__ = ["LanguageMap", "TextPath", "language_maps", "parse_path", "path_text", "set_texts"]

# keys (maps) and indexes (lists) from the top of the document down to a language map
TextPath = tuple[str | int, ...]

_STR = "tag:yaml.org,2002:str"
_SIMPLE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")
_PATH_PART = re.compile(r'\.?([A-Za-z0-9_-]+)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]')


@dataclass(frozen=True)
class LanguageMap:
    """One text of the file in its languages, and the 1-based line of each language's words."""

    path: TextPath
    texts: Mapping[str, str]
    lines: Mapping[str, int]
    line: int  # where the map starts

    @property
    def screen(self) -> bool:
        """Words on the practice screen (the fixture), not words the kiosk says."""
        return bool(self.path) and self.path[0] == "fixture"


def path_text(path: TextPath) -> str:
    """``("steps", 2, "say", "mouse")`` → ``steps[2].say.mouse``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        elif _SIMPLE_KEY.match(part):
            out += f".{part}" if out else part
        else:
            out += f"[{json.dumps(part, ensure_ascii=False)}]"
    return out


def parse_path(text: str) -> TextPath | None:
    """The path :func:`path_text` wrote, or None when ``text`` is not one."""
    parts: list[str | int] = []
    at = 0
    while at < len(text):
        found = _PATH_PART.match(text, at)
        if found is None or (found.group(1) and at and text[at] != "."):
            return None
        key, index, quoted = found.groups()
        parts.append(key if key else int(index) if index else str(json.loads(quoted)))
        at = found.end()
    return tuple(parts) if parts else None


def _language_map(node: Node) -> bool:
    if not isinstance(node, MappingNode) or not node.value:
        return False
    keys = [k.value for k, _ in node.value if isinstance(k, ScalarNode)]
    return len(keys) == len(node.value) and "fr" in keys and all(k in KNOWN_LANGUAGES for k in keys)


def _maps(node: Node, path: TextPath, seen: set[int]) -> Iterator[tuple[TextPath, MappingNode]]:
    if id(node) in seen:  # an alias: the text belongs to its anchor's place
        return
    seen.add(id(node))
    if isinstance(node, MappingNode):
        if _language_map(node):
            yield path, node
            return
        for key, value in node.value:
            if isinstance(key, ScalarNode):
                yield from _maps(value, (*path, key.value), seen)
    elif isinstance(node, SequenceNode):
        for index, value in enumerate(node.value):
            yield from _maps(value, (*path, index), seen)


def _found(text: str) -> dict[TextPath, MappingNode]:
    root = compose(text)
    return dict(_maps(root, (), set())) if root is not None else {}


def language_maps(text: str) -> list[LanguageMap]:
    """Every language map of the document in ``text``, in file order.

    Raises what :func:`kiosk.engine.yaml_read.load` raises for a file it cannot read.
    """
    out = []
    for path, node in _found(text).items():
        texts: dict[str, str] = {}
        lines: dict[str, int] = {}
        for key, value in node.value:
            if isinstance(value, ScalarNode) and value.tag == _STR:
                texts[key.value] = value.value
                lines[key.value] = value.start_mark.line + 1
        out.append(LanguageMap(path, texts, lines, node.start_mark.line + 1))
    return out


# -- writing ----------------------------------------------------------------------------

def _double_quoted(words: str) -> str:
    out: str = yaml.dump(words, Dumper=yaml.SafeDumper, default_style='"', allow_unicode=True,
                         width=1 << 30)
    return out.rstrip("\n")


def _reads_back(candidate: str, words: str, flow: bool) -> bool:
    """Whether ``candidate`` written as a map's value reads back as ``words``."""
    snippet = f"{{k: {candidate}}}" if flow else f"k: {candidate}\n"
    try:
        return bool(load(snippet) == {"k": words})
    except (yaml.YAMLError, ValueError):
        return False


def _written(words: str, style: str | None, flow: bool) -> str:
    """``words`` as a YAML value, quoted like ``style`` when that can hold them."""
    if "\n" not in words:
        if not style:
            candidate = words
        elif style == "'":
            candidate = "'" + words.replace("'", "''") + "'"
        else:
            candidate = ""
        if candidate and _reads_back(candidate, words, flow):
            return candidate
    return _double_quoted(words)


@dataclass(frozen=True)
class _Edit:
    start: int
    end: int
    new: str


def _edit(text: str, node: MappingNode, language: str, words: str) -> _Edit | None:
    """The one change of characters that writes ``words`` as ``language`` in ``node``."""
    flow = bool(node.flow_style)
    pairs = [(k, v) for k, v in node.value if isinstance(k, ScalarNode)]
    french = next(v for k, v in pairs if k.value == "fr")
    for key, value in pairs:
        if key.value != language:
            continue
        if not isinstance(value, ScalarNode):
            return None
        style = value.style if value.tag == _STR else getattr(french, "style", None)
        new = _written(words, style if style in ("", "'", '"') else '"', flow)
        start, end = value.start_mark.index, value.end_mark.index
        if start == end and text[start - 1:start] == ":":  # 'nl:' with nothing after it
            new = " " + new
        return _Edit(start, end, new)
    # a language the map lacks: after the last language that comes before it
    rank = KNOWN_LANGUAGES.index(language)
    before = [(k, v) for k, v in pairs if KNOWN_LANGUAGES.index(k.value) < rank]
    anchor_key, anchor = (before or pairs)[-1]
    style = getattr(french, "style", None)
    style = style if style in ("", "'", '"') else '"'
    new = _written(words, style, flow)
    if flow:
        return _Edit(anchor.end_mark.index, anchor.end_mark.index, f", {language}: {new}")
    newline = "\r\n" if "\r\n" in text else "\n"
    indent = " " * anchor_key.start_mark.column
    if isinstance(anchor, ScalarNode) and anchor.style in ("|", ">"):  # ends at a line's start
        return _Edit(anchor.end_mark.index, anchor.end_mark.index, f"{indent}{language}: {new}{newline}")
    at = text.find("\n", anchor.end_mark.index)  # after the value's line, comment included
    at = len(text) if at < 0 else at - 1 if text[at - 1] == "\r" else at
    return _Edit(at, at, f"{newline}{indent}{language}: {new}")


def _expected(document: Any, language: str, changes: Mapping[TextPath, str]) -> bool:
    """Apply ``changes`` to the loaded ``document``; False when a path leads nowhere."""
    for path, words in changes.items():
        node = document
        for part in path:
            if isinstance(node, list) and isinstance(part, int) and part < len(node):
                node = node[part]
            elif isinstance(node, dict):
                key = next((k for k in node if str(k) == str(part)), None)
                if key is None:
                    return False
                node = node[key]
            else:
                return False
        if not isinstance(node, dict):
            return False
        node[language] = words
    return True


def _apply(text: str, language: str, changes: Mapping[TextPath, str]) -> str | None:
    """``text`` with every change made, or None when they cannot all be made cleanly."""
    try:
        maps = _found(text)
        edits = []
        for path, words in changes.items():
            node = maps.get(path)
            edit = _edit(text, node, language, words) if node is not None else None
            if edit is None:
                return None
            edits.append(edit)
        new = text
        for e in sorted(edits, key=lambda e: e.start, reverse=True):
            new = new[:e.start] + e.new + new[e.end:]
        expected = load(text)
        if not _expected(expected, language, changes):
            return None
        return new if load(new) == expected else None
    except (yaml.YAMLError, ValueError, RecursionError):
        return None


def set_texts(text: str, language: str, changes: Mapping[TextPath, str]
              ) -> tuple[str, list[TextPath]]:
    """Write ``changes`` (path of a language map → words) as ``language`` into ``text``.

    Returns the new text and the paths that could not be written without changing
    something else (those keep their old words; every other byte is as it was).
    """
    new = _apply(text, language, changes)
    if new is not None:
        return new, []
    failed: list[TextPath] = []
    for path, words in changes.items():  # one by one, to keep all that can be kept
        one = _apply(text, language, {path: words})
        if one is None:
            failed.append(path)
        else:
            text = one
    return text, failed
