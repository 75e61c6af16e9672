"""Reading content YAML fast, keeping where every key and item was written.

Owns how scenario and module files become Python maps and lists for the loader's checks.
The parser is libyaml (PyYAML's C parser, ~30× faster than a pure-Python round-trip
parser: the whole shipped catalogue reads in a tenth of a second instead of two, which
every kiosk start and every ``kiosk scenarios`` command pays). Maps and lists come back as
:class:`PlacedMap` / :class:`PlacedList`, which answer ``.lc.line``, ``.lc.col``,
``.lc.key(k)`` and ``.lc.item(i)`` (0-based, like ruamel's round-trip types) so that a
problem names ``file:line:column``.

Values are read by the YAML 1.2 core schema, as trainers' editors and ruamel.yaml do:
``yes``, ``no``, ``on`` and ``off`` stay words (YAML 1.1 would make an answer "No" a
boolean) and ``10:30`` stays a time of day, not 630. A key written twice is an error
naming the key. Writing texts back into a file with its comments and layout (translators'
files) is :mod:`kiosk.engine.yaml_edit`'s, on the nodes :func:`compose` gives.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.constructor import ConstructorError
from yaml.error import Mark, MarkedYAMLError, YAMLError
from yaml.nodes import MappingNode, Node, SequenceNode

__all__ = ["MarkedYAMLError", "PlacedList", "PlacedMap", "UnreadableCharacter", "YAMLError", "compose",
           "load"]

_Base: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # pure Python when libyaml is missing

# Characters YAML refuses in a stream (YAML 1.2 §5.1, printable set).
_NOT_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class UnreadableCharacter(YAMLError):
    """A character that cannot be in a YAML file, at ``position`` (0-based, in characters)."""

    def __init__(self, character: str, position: int) -> None:
        super().__init__(f"unacceptable character {character!r} at {position}")
        self.character = character
        self.position = position


class _Place:
    """Where a map or list and its keys/items start (0-based line and column)."""

    __slots__ = ("line", "col", "_keys")

    def __init__(self, line: int, col: int) -> None:
        self.line, self.col = line, col
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
        data.lc = _Place(node.start_mark.line, node.start_mark.column)
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
                raise ConstructorError("while reading a map", node.start_mark,
                                       f"found duplicate key '{key}'", key_node.start_mark)
            data[key] = self.construct_object(value_node, deep=True)
            data.lc._keys[key] = (key_node.start_mark.line, key_node.start_mark.column)

    def construct_placed_list(self, node: SequenceNode) -> Any:
        data = PlacedList()
        data.lc = _Place(node.start_mark.line, node.start_mark.column)
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
