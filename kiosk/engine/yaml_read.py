"""Reading content YAML fast, keeping where every key and item was written.

Owns how scenario and module files become Python maps and lists for the loader's checks,
and how a file the parser refuses is told to its author: where, and what to do, in plain
words (:func:`read_file`). A file over :data:`MAX_FILE_BYTES` is refused before it is read:
a big paste would otherwise hold up every kiosk start and ``kiosk scenarios list``.
The parser is libyaml (PyYAML's C parser, ~30× faster than a pure-Python round-trip
parser: the whole shipped catalogue reads in a tenth of a second instead of two, which
every kiosk start and every ``kiosk scenarios`` command pays). Maps and lists come back as
:class:`PlacedMap` / :class:`PlacedList`, which answer ``.lc.line``, ``.lc.col``,
``.lc.key(k)`` and ``.lc.item(i)`` (0-based, like ruamel's round-trip types) so that a
problem names ``file:line:column``.

Values are read by the YAML 1.2 core schema, as trainers' editors and ruamel.yaml do:
``yes``, ``no``, ``on`` and ``off`` stay words (YAML 1.1 would make an answer "No" a
boolean) and ``10:30`` stays a time of day, not 630. A key written twice is an error
naming the key (:class:`DuplicateKey`, which also tells when the second one is the tail
of a text cut at an unquoted comma). Writing texts back into a file with its comments and
layout (translators' files) is :mod:`kiosk.engine.yaml_edit`'s, on the nodes :func:`compose` gives.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError
from yaml.error import Mark, MarkedYAMLError, YAMLError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from kiosk.engine.errors import ContentProblem

__all__ = ["MAX_FILE_BYTES", "DuplicateKey", "MarkedYAMLError", "PlacedList", "PlacedMap",
           "UnreadableCharacter", "YAMLError", "compose", "load", "read_file"]

# The biggest shipped scenario is 12 KB; a file of 5 MB made `kiosk scenarios list` take 12 s.
MAX_FILE_BYTES = 256 * 1024

_Base: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # pure Python when libyaml is missing

# Characters YAML refuses in a stream (YAML 1.2 §5.1, printable set).
_NOT_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class UnreadableCharacter(YAMLError):
    """A character that cannot be in a YAML file, at ``position`` (0-based, in characters)."""

    def __init__(self, character: str, position: int) -> None:
        super().__init__(f"unacceptable character {character!r} at {position}")
        self.character = character
        self.position = position


class DuplicateKey(ConstructorError):
    """A key written twice in one map. ``cut_at_comma``: the second one has no value and
    sits in a ``{...}`` map, as the tail of a text cut at an unquoted comma does
    (``{fr: Payer 1,99 €, nl: Betaal 1,99 €}`` reads the key ``99 €`` twice)."""

    def __init__(self, key: Any, context_mark: Mark, problem_mark: Mark, cut_at_comma: bool) -> None:
        super().__init__("while reading a map", context_mark, f"found duplicate key '{key}'", problem_mark)
        self.key = key
        self.cut_at_comma = cut_at_comma


class _Place:
    """Where a map or list and its keys/items start (0-based line and column), and
    whether it is written inline, ``{...}`` or ``[...]`` (``flow``)."""

    __slots__ = ("line", "col", "flow", "_keys")

    def __init__(self, line: int, col: int, flow: bool = False) -> None:
        self.line, self.col, self.flow = line, col, flow
        self._keys: dict[Any, tuple[int, int]] = {}

    def key(self, key: Any) -> tuple[int, int]:
        return self._keys[key]

    def item(self, index: int) -> tuple[int, int]:
        return self._keys[index]


class PlacedMap(dict):  # type: ignore[type-arg]
    """A YAML map that knows where it and each of its keys were written (``.lc``)."""

    lc: _Place


class PlacedList(list):  # type: ignore[type-arg]
    """A YAML list that knows where it and each of its items were written (``.lc``)."""

    lc: _Place


class _Loader(_Base):  # type: ignore[misc]
    yaml_implicit_resolvers: dict[str, list[tuple[str, re.Pattern[str]]]] = {}

    def construct_placed_map(self, node: MappingNode) -> Any:
        data = PlacedMap()
        data.lc = _Place(node.start_mark.line, node.start_mark.column, bool(node.flow_style))
        yield data
        self.flatten_mapping(node)
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                hash(key)
            except TypeError:
                raise ConstructorError("while reading a map", node.start_mark,
                                       "a key here is a list or a map, not a word",
                                       key_node.start_mark) from None
            if key in data:
                cut = bool(node.flow_style) and isinstance(value_node, ScalarNode) and \
                    value_node.tag == "tag:yaml.org,2002:null" and not value_node.value
                raise DuplicateKey(key, node.start_mark, key_node.start_mark, cut)
            data[key] = self.construct_object(value_node, deep=True)
            data.lc._keys[key] = (key_node.start_mark.line, key_node.start_mark.column)

    def construct_placed_list(self, node: SequenceNode) -> Any:
        data = PlacedList()
        data.lc = _Place(node.start_mark.line, node.start_mark.column, bool(node.flow_style))
        yield data
        for index, child in enumerate(node.value):
            data.append(self.construct_object(child, deep=True))
            data.lc._keys[index] = (child.start_mark.line, child.start_mark.column)


_Loader.add_constructor("tag:yaml.org,2002:map", _Loader.construct_placed_map)
_Loader.add_constructor("tag:yaml.org,2002:seq", _Loader.construct_placed_list)

# YAML 1.2 core schema (plus timestamps, as ruamel reads them)
_Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                              list("tTfF"))
_Loader.add_implicit_resolver("tag:yaml.org,2002:int",
                              re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"),
                              list("-+0123456789"))
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
               r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"),
    list("-+.0123456789"))
_Loader.add_implicit_resolver("tag:yaml.org,2002:merge", re.compile(r"^(?:<<)$"), ["<"])
_Loader.add_implicit_resolver("tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"),
                              ["~", "n", "N", ""])
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:timestamp",
    re.compile(r"""^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
                  |[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?
                   (?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?
                   (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$""", re.X),
    list("0123456789"))


def _int_12(loader: _Loader, node: Node) -> int:
    text = loader.construct_scalar(node)
    if text.startswith("0o"):
        return int(text[2:], 8)
    return int(text, 0) if text.startswith("0x") else int(text, 10)


_Loader.add_constructor("tag:yaml.org,2002:int", _int_12)


def load(text: str) -> Any:
    """The document in ``text`` with placed maps and lists (None for an empty file).

    Raises :class:`UnreadableCharacter`, or PyYAML's ``MarkedYAMLError`` (with
    ``problem_mark`` / ``context_mark``) for anything the parser refuses.
    """
    bad = _NOT_PRINTABLE.search(text)
    if bad is not None:
        raise UnreadableCharacter(bad.group(), bad.start())
    return yaml.load(text, Loader=_Loader)  # noqa: S506 - a safe loader with placed containers


def compose(text: str) -> Node | None:
    """The document in ``text`` as parser nodes, resolved as :func:`load` resolves them: each
    node knows its tag, its quoting style and where it starts and ends (``start_mark.index``,
    ``end_mark.index``, in characters). Raises what :func:`load` raises."""
    bad = _NOT_PRINTABLE.search(text)
    if bad is not None:
        raise UnreadableCharacter(bad.group(), bad.start())
    node: Node | None = yaml.compose(text, Loader=_Loader)
    return node


def mark_position(mark: Mark | None) -> tuple[int, int]:
    """1-based line and column of a parser mark ((1, 1) when there is none)."""
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


# libyaml's words where plainer ones say the same (the tests and authors know these).
_PLAIN_PROBLEMS = {
    "mapping values are not allowed in this context": "mapping values are not allowed here",
}

_STARTED_AT = ("simple key", "quoted scalar", "flow sequence", "flow mapping")
_COMMA_FIX = 'put text that contains a comma in quotes: fr: "Payer 1,99 €"'


def read_file(path: Path) -> tuple[Any, list[ContentProblem]]:
    """The document in the file at ``path`` (None when it cannot be read or is empty) and
    what stops it being read, located, in plain words."""

    def refused(line: int, col: int, what: str, fix: str) -> tuple[Any, list[ContentProblem]]:
        return None, [ContentProblem(path, line, col, what, fix)]

    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return refused(1, 1, f"the file is {_size(size)}: a scenario file may have "
                           f"{_size(MAX_FILE_BYTES)} at most, and the kiosk does not read it",
                           "remove what was pasted into it by mistake (an exercise is usually under 15 KB), "
                           "or split it into two scenarios")
        raw = path.read_bytes()
    except OSError:
        return refused(1, 1, "the file cannot be opened", "check that it exists and that you may read it")
    try:
        # universal newlines, as text files are read: \r\n and \r are line ends
        text = raw.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = len(raw[raw.rfind(b"\n", 0, exc.start) + 1:exc.start].decode("utf-8", "replace")) + 1
        return refused(line, col, "this line has a character the kiosk cannot read: the file is not saved "
                       "as UTF-8 text", "save the file as UTF-8 (in your editor: 'Save as', encoding "
                       "UTF-8), then check the accents on this line")
    try:
        return load(text), []
    except DuplicateKey as exc:
        line, col = mark_position(exc.problem_mark)
        if exc.cut_at_comma:
            return refused(line, col, f"the text is cut at a comma: '{exc.key}' was read as a key, "
                           "and it appears twice", _COMMA_FIX)
        return refused(line, col, f"the key '{exc.key}' appears twice in the same map",
                       f"keep only one '{exc.key}:'")
    except MarkedYAMLError as exc:
        return refused(*_yaml_problem(exc, text))
    except UnreadableCharacter as exc:  # a control character (found by the content fuzz suite)
        at = max(0, min(int(exc.position), len(text)))
        line, col = text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)
        return refused(line, col, f"an invisible control character (U+{ord(exc.character):04X}) "
                       "cannot be in a scenario file",
                       "delete it (it is invisible in most editors: retype the line)")
    except (YAMLError, RecursionError, ValueError):
        # Anything else the parser refuses must still reach the author, never stop the kiosk.
        return refused(1, 1, "the file cannot be read as YAML",
                       "start again from the last version that worked")


def _yaml_problem(exc: MarkedYAMLError, text: str) -> tuple[int, int, str, str]:
    mark = exc.problem_mark or exc.context_mark
    if mark is not None and (_tab_at(text, mark) or "tab character" in (exc.problem or "")):
        line, col = mark_position(mark)
        return line, col, "there is a tab here, where YAML needs spaces", "replace the tab by spaces"
    # An unfinished key, quote or bracket is reported where the parser gave up (often
    # the next line); the author's mistake is where it started.
    if exc.context_mark and any(w in (exc.context or "") for w in _STARTED_AT):
        mark = exc.context_mark
    line, col = mark_position(mark)
    what = (exc.problem or "the YAML is not valid").strip()
    fix = "check indentation and that every ':' has a space after it"
    return line, col, _PLAIN_PROBLEMS.get(what, what), fix


def _tab_at(text: str, mark: Mark) -> bool:
    lines = text.split("\n")
    return 0 <= mark.line < len(lines) and lines[mark.line][mark.column:mark.column + 1] == "\t"


def _size(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{size // 1024} KB"
