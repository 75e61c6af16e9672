"""What each simulated surface offers: the named targets a scenario may point at.

The engine side of a surface only knows its fixture format and the target names it
derives from it, so ``kiosk scenarios check`` can reject ``target: object.kez`` before
any screen exists. The drawing lives in ``kiosk.ui.surfaces.<name>`` under the same name.

One module per surface in this package (``desktop.py``, ``mail.py``, ...); each calls
``register(SurfaceSpec(...))`` and is imported automatically. A surface's spec also
carries what trainers read about it (its summary, its guide text, its target names) and
its worked example, ``examples/<name>.yaml``: ``kiosk scenarios surface NAME`` prints them,
``kiosk scenarios new`` starts from the example, and ``kiosk.engine.guide`` writes them
into scenarios/README.md.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, ClassVar, TypeVar

from kiosk.engine.texts import comma_tail, cut_at_comma, maps

# report(node, key_or_index, what, fix) — locates a problem inside the fixture
Report = Callable[[Any, Any, str, str], None]
# gestures(fixture, target) — the actions a step may expect on that target (None: any)
Gestures = Callable[[Mapping[str, Any], str], tuple[str, ...] | None]
# labels(fixture) — what the screen writes on each target: a text or a map of languages.
# Scenario texts refer to them ("<button.send>", kiosk.engine.labels) instead of copying.
Labels = Callable[[Mapping[str, Any]], dict[str, Any]]


EXAMPLES = Path(__file__).parent / "examples"
_ANY_ID = re.compile(r"<[^<>]+>")


@dataclass(frozen=True)
class TargetName:
    """One row of a surface's target table in the guide: ``message.<id>`` and the like,
    where ``<...>`` stands for an id written in the fixture."""

    names: tuple[str, ...]
    what: str
    actions: tuple[str, ...]  # the action words a step writes on it, the usual one first

    def matches(self, target: str) -> bool:
        # re.escape leaves < and > alone: each <...> becomes "one id, without dots"
        return any(re.fullmatch(_ANY_ID.sub("[^.]+", re.escape(n)), target) for n in self.names)


@dataclass(frozen=True)
class SurfaceSpec:
    name: str
    check: Callable[[Any, Report], None]
    targets: Callable[[Mapping[str, Any]], set[str]]
    # optional: lets the check say "choose a slot, do not tap it" instead of letting a
    # scenario wait for an action the surface never sends
    gestures: Gestures | None = None
    labels: Labels | None = None
    # the fixture's own keys: a scenario that forgets 'surface:' is told which one fits
    fixture_keys: frozenset[str] = frozenset()
    # for trainers (kiosk scenarios surface NAME, scenarios/README.md)
    summary: str = ""  # one line: what the learner sees
    guide: str = ""  # Markdown: what the screen does by itself
    keys: tuple[tuple[str, str], ...] = ()  # the fixture's keys: (key, what it means), in Markdown
    target_names: tuple[TargetName, ...] = ()
    # the typed fixture (a Record whose KEYS declare its keys): the widgets get
    # ``spec.read(raw)``; None for a surface that still hands the raw map over
    fixture: type[Record] | None = None

    def read(self, raw: Mapping[str, Any]) -> Any:
        """What the widget is given: the typed fixture of a checked map (or the map)."""
        return self.fixture.read(raw) if self.fixture is not None else raw

    def example(self) -> str:
        """The worked example: a complete scenario in six languages (``examples/<name>.yaml``)."""
        return (EXAMPLES / f"{self.name}.yaml").read_text(encoding="utf-8")


_SURFACES: dict[str, SurfaceSpec] = {}


def register(spec: SurfaceSpec) -> SurfaceSpec:
    _SURFACES[spec.name] = spec
    return spec


def get(name: str) -> SurfaceSpec | None:
    return _SURFACES.get(name)


def names() -> list[str]:
    return sorted(_SURFACES)


def guess(fixture: Any) -> str | None:
    """The surface whose fixture has the keys this one has (``messages:`` → mail), or
    None when no surface knows any of them."""
    if not isinstance(fixture, Mapping):
        return None
    written = {str(k) for k in fixture}

    def fit(spec: SurfaceSpec) -> tuple[bool, float]:
        known = written & spec.fixture_keys
        return (known == written, len(known) / max(len(spec.fixture_keys), 1))

    best = max(sorted(_SURFACES.values(), key=lambda spec: spec.name), key=fit, default=None)
    return best.name if best is not None and written & best.fixture_keys else None


def scaffold(name: str, scenario_id: str, title: Mapping[str, str]) -> str:
    """A new scenario file for ``kiosk scenarios new``: the surface's worked example under
    another id, module and title (the trainer then changes the words)."""
    module = scenario_id.split(".", 1)[0]
    words = ", ".join(f'{lang}: "{text}"' for lang, text in title.items())
    text = _SURFACES[name].example()
    for key, value in (("id", scenario_id), ("module", module), ("title", f"{{{words}}}")):
        text = _set_top_key(text, key, value)
    return text


def _set_top_key(text: str, key: str, value: str) -> str:
    """The file with its top-level one-line ``key:`` saying ``value`` (a function, not a
    template string, so a backslash in the value stays a backslash)."""
    return re.sub(rf"^{key}: .*$", lambda _found: f"{key}: {value}", text, count=1, flags=re.M)


# -- typed fixtures: keys declared once -----------------------------------------------------

_REQUIRED: Any = object()  # Key.default when the key must be written

# what a key's value must be; each kind has one check, written once here
KEY_KINDS = ("id", "text", "label", "flag", "time", "number", "address", "email", "list", "items",
             "record", "map", "any")


@dataclass(frozen=True)
class Key:
    """One key a part of a fixture may have, declared once: its name, what it must be,
    its default (none: it must be written) and what it means for the trainers' guide.

    ``kind``: ``id`` (a short name, also a target), ``text`` (plain words), ``label``
    (words to show: a text or a map of languages with French), ``flag`` (true/false),
    ``time`` (a quoted "09:30"), ``number``, ``address`` (a site under ``.example``),
    ``email`` (an e-mail address under ``.example``), ``list`` (a list of anything),
    ``items`` (a list of ``item`` records), ``record`` (one ``item`` record),
    ``map`` (with ``item``: read as that record), ``any``.
    ``choices``: the only values it may have. ``example``: a right value, for the fixes.
    """

    name: str
    kind: str = "text"
    default: Any = _REQUIRED
    what: str = ""  # the guide's words (Markdown)
    item: type[Record] | None = None  # kinds "items" and "record": the record each entry is
    choices: tuple[str, ...] = ()
    example: str = ""  # what a fix writes: 'write e.g. time: "09:12"'
    attr: str = ""  # the attribute, when the key is a Python word: 'from' → 'sender'

    @property
    def field(self) -> str:
        """The typed part's attribute holding this key's value."""
        return self.attr or self.name

    def written(self, fallback: str = "...") -> str:
        """The key written right, for a fix: ``time: "09:12"``."""
        return f"{self.name}: {self.example or fallback}"

    @property
    def required(self) -> bool:
        return self.default is _REQUIRED


# Names reserved for examples (RFC 2606): nothing under them is ever real. A site a learner
# sees ends in .example; an e-mail address may also use the other reserved names.
_SITE_ENDINGS = (".example",)
_EMAIL_ENDINGS = (".example", ".test", ".invalid")
_EMAIL_NAMES = ("example.com", "example.org", "example.net")


def is_fake_address(value: Any, email: bool = False) -> bool:
    """A site (``colis.example/payer``) or, with ``email``, an e-mail address
    (``secretariat@tilleul-sur-meuse.example``) a learner may see: its domain is a name
    reserved for examples, so it can never lead anywhere real, even copied into a browser."""
    if not isinstance(value, str) or not value.strip() or " " in value.strip():
        return False
    text = value.strip().lower()
    if email and "@" not in text:
        return False
    host = text.split("://", 1)[-1].split("/", 1)[0].rsplit("@", 1)[-1]
    if email:
        return host in _EMAIL_NAMES or host.endswith(_EMAIL_ENDINGS)
    return host == "example" or host.endswith(_SITE_ENDINGS)


_ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
_QUOTED = '"..."'
_TIME_RE = re.compile(r"^([01]?\d|2[0-3]):[0-5]\d$")


def _check_kind(node: Mapping[str, Any], key: Key, report: Report) -> bool:
    """The value of ``key`` in ``node`` is what the key says; False (and reported) if not."""
    value = node[key.name]
    name = key.name
    if key.kind == "label":
        before = []
        check_label(node, name, lambda *problem: before.append(problem))
        for problem in before:
            report(*problem)
        return not before
    wrong: tuple[str, str] | None = None
    if key.choices and value not in key.choices:
        wrong = (f"unknown {name} '{value}'", f"use one of: {', '.join(key.choices)}")
    elif key.kind == "id" and not (isinstance(value, str) and _ID_RE.fullmatch(value)):
        wrong = (f"'{name}' must be a short name", f"write e.g. '{name}: home' (letters, digits, _)")
    elif key.kind == "text" and not isinstance(value, str):
        wrong = (f"'{name}' must be a text", f"write e.g. '{key.written(_QUOTED)}'")
    elif key.kind == "flag" and not isinstance(value, bool):
        wrong = (f"'{name}' must be true or false", f"write '{name}: true'")
    elif key.kind == "time" and not (isinstance(value, str) and _TIME_RE.match(value)):
        wrong = (f"'{name}' must be a time in quotes", f"write e.g. '{name}: \"09:12\"'")
    elif key.kind == "number" and (isinstance(value, bool) or not isinstance(value, (int, float))):
        wrong = (f"'{name}' must be a number", f"write e.g. '{key.written('12')}'")
    elif key.kind == "address" and not is_fake_address(value):
        wrong = (f"'{value}' could be a real site",
                 f"use an address ending in .example, e.g. '{key.written('commune.example/rendez-vous')}'")
    elif key.kind == "email" and not is_fake_address(value, email=True):
        wrong = (f"'{value}' is not a fake e-mail address",
                 f"use an address ending in .example, e.g. {key.example or 'service@commune.example'}")
    elif key.kind in ("list", "items") and not isinstance(value, list):
        wrong = (f"'{name}' must be a list", f"write '{name}:' then one '- ...' line per entry")
    elif key.kind in ("map", "record") and not isinstance(value, Mapping):
        wrong = (f"'{name}' must be a map", f"write '{key.written()}'" if key.example
                 else f"write '{name}:' then 'key: value' lines under it")
    if wrong:
        report(node, name, *wrong)
    return wrong is None


_R = TypeVar("_R", bound="Record")


class Record:
    """Base of a fixture's typed parts: a frozen dataclass whose ``KEYS`` declare, once,
    the keys its YAML map may have (name, kind, default, guide words).

    ``Record.check(node, report, ...)`` checks a raw map against ``KEYS`` (unknown key,
    missing key, wrong kind, a list of records entry by entry, duplicate ids within
    ``family``); ``Record.read(node)`` builds the object with the defaults filled in, so
    the widgets read attributes (``thread.unread``), never ``.get("unread", False)``.
    A subclass adds its own rules in ``check_more`` and its targets in ``targets``.
    """

    KEYS: ClassVar[tuple[Key, ...]] = ()
    WHAT: ClassVar[str] = "an entry"  # how a problem names it: "a conversation"
    FAMILY: ClassVar[str] = ""  # target family of its id: "thread" → thread.<id>
    # a key read into an attribute of another name (a web block's first key → "id")
    ATTRIBUTES: ClassVar[dict[str, str]] = {}

    @classmethod
    def keys(cls) -> dict[str, Key]:
        return {key.name: key for key in cls.KEYS}

    @classmethod
    def check(cls, node: Any, report: Report, seen: set[str] | None = None,
              where: Any = None, index: Any = None) -> bool:
        """Report every problem of ``node``; True when it can be read. ``where``/``index``
        locate the node in its parent, for "must be a map" problems."""
        if not isinstance(node, Mapping):
            report(where, index, f"{cls.WHAT} must be a map",
                   f"write {', '.join(repr(k.name + ':') for k in cls.KEYS if k.required) or 'its keys'}")
            return False
        keys = cls.keys()
        check_keys(node, set(keys), report, cls.WHAT)
        readable = True
        for key in cls.KEYS:
            if key.name not in node:
                if key.required:
                    words = " (words, or a map with at least 'fr:')" if key.kind == "label" else ""
                    report(node, None, f"{cls.WHAT} needs '{key.name}'", f"add '{key.written()}'{words}")
                    readable = False
                continue
            if not _check_kind(node, key, report):
                readable = readable and not key.required
                continue
            if key.kind == "id" and cls.FAMILY and seen is not None:
                name = f"{cls.FAMILY}.{node[key.name]}"
                if name in seen:
                    report(node, key.name, f"duplicate id '{node[key.name]}'", "give each one its own id")
                seen.add(name)
            if key.kind == "items" and key.item is not None:
                for i, entry in enumerate(node[key.name]):
                    key.item.check(entry, report, seen, node[key.name], i)
            if key.kind == "record" and key.item is not None:
                key.item.check(node[key.name], report, seen, node, key.name)
        if readable:
            cls.check_more(node, report)
        return readable

    @classmethod
    def check_more(cls, node: Mapping[str, Any], report: Report) -> None:
        """A subclass's own rules, once the declared keys are right."""

    @classmethod
    def read(cls: type[_R], node: Mapping[str, Any]) -> _R:
        """The typed object of a map, defaults filled in; lists of records read entry by
        entry. Lenient, so the targets of a fixture with mistakes can still be named: an
        entry that is not a map is left out, a list that is not a list is empty, a record
        that is not a map is its default."""
        values: dict[str, Any] = {}
        for key in cls.KEYS:
            value = node.get(key.name, None if key.required else key.default)
            if key.kind in ("items", "list"):
                value = tuple(value) if isinstance(value, (list, tuple)) else ()
                if key.item is not None:
                    value = tuple(key.item.read(e) for e in value if isinstance(e, Mapping))
            elif key.kind in ("record", "map") and key.item is not None:
                value = key.item.read(value) if isinstance(value, Mapping) else (
                    None if key.required else key.default)
            values[key.attr or cls.ATTRIBUTES.get(key.name, key.name)] = value
        return cls(**values)

    def targets(self) -> set[str]:
        """The target names this part gives (its own and its entries')."""
        names: set[str] = set()
        ident = getattr(self, "id", None)
        if self.FAMILY and isinstance(ident, str):
            names.add(f"{self.FAMILY}.{ident}")
        for key in self.KEYS:
            value = getattr(self, key.attr or self.ATTRIBUTES.get(key.name, key.name))
            if key.kind == "items" and key.item is not None:
                for entry in value:
                    names |= entry.targets()
            elif key.kind == "record" and isinstance(value, Record):
                names |= value.targets()
        return names

    @classmethod
    def guide_keys(cls, prefix: str = "") -> tuple[tuple[str, str], ...]:
        """The guide's table rows for these keys: (key, what it means), optional ones said."""
        rows = []
        for key in cls.KEYS:
            if not key.what:
                continue
            optional = "" if key.required else "*(optional)* "
            rows.append((f"{prefix}`{key.name}`", optional + key.what))
        return tuple(rows)


# -- helpers every surface's fixture check uses ------------------------------------------

def check_label(node: Any, key: Any, report: Report) -> None:
    """A text to show: a string, or a map of languages with at least French."""
    value = node.get(key)
    if isinstance(value, str) and value.strip():
        return
    if isinstance(value, Mapping) and isinstance(value.get("fr"), str) and value["fr"].strip():
        return
    report(node, key, f"'{key}' needs words to show", "write a text, or a map with at least 'fr:'")


def check_id(node: Mapping[str, Any], report: Report, seen: set[str], family: str) -> None:
    """Every item has an id, unique within its family (``object.key``, ``field.city``)."""
    ident = node.get("id")
    if not isinstance(ident, str) or not ident:
        report(node, "id", "missing 'id'", "give every item a short id like 'key'")
        return
    name = f"{family}.{ident}"
    if name in seen:
        report(node, "id", f"duplicate id '{ident}'", "give each item its own id")
    seen.add(name)


def check_keys(node: Mapping[str, Any], allowed: set[str], report: Report, where: str = "") -> None:
    for k in node:
        if k not in allowed and comma_tail(node, k):
            report(node, k, *cut_at_comma(k))  # "{id: pay, label: Payer 1,99 €}"
        elif k not in allowed:
            report(node, k, f"unknown key '{k}'{' in ' + where if where else ''}",
                   f"use one of: {', '.join(sorted(allowed))}")


FIELD_KINDS = ("text", "email", "number", "date", "select", "radio", "checkbox", "pin")


@dataclass(frozen=True)
class Field(Record):
    """A form field, shared by the surfaces that have one (keyboard, phone_id): target
    ``field.<id>``. ``label`` is what the site shows above the field, ``placeholder`` the
    grey example inside, ``error`` the site's message when the answer is not right."""

    KEYS: ClassVar[tuple[Key, ...]] = (
        Key("id", "id"),
        Key("label", "label"),
        Key("placeholder", "label", default="",
            what="the grey example inside the empty field; never the answer a step asks for."),
        Key("error", "label", default="",
            what="the message under the field when the answer is not right."),
        Key("secret", "flag", default=False),
        Key("kind", "text", default="text", choices=FIELD_KINDS),
        Key("options", "list", default=()),
        Key("max_length", "number", default=80),
    )
    WHAT: ClassVar[str] = "a field"
    FAMILY: ClassVar[str] = "field"
    id: str
    label: Any
    placeholder: Any
    error: Any
    secret: bool
    kind: str
    options: tuple[Any, ...]
    max_length: float

    @classmethod
    def with_kinds(cls, kinds: tuple[str, ...], what: str = "") -> tuple[Key, ...]:
        """These keys, ``kind`` limited to ``kinds`` (a surface's own fields)."""
        return tuple(replace(key, choices=kinds, what=what or key.what) if key.name == "kind" else key
                     for key in cls.KEYS)

    @classmethod
    def check_more(cls, node: Mapping[str, Any], report: Report) -> None:
        kind = node.get("kind", "text")
        if kind in ("select", "radio") and "options" not in node:
            report(node, "kind", f"a '{kind}' field needs 'options'", "add 'options: [..]'")




def _plain_words(text: Any) -> str:
    return " ".join(str(text).split()).casefold()


def fields(fixture: Any) -> Iterator[tuple[Mapping[str, Any], str]]:
    """Every field a learner types or chooses in, anywhere in a fixture, with its target:
    a web block ``{field: city, ...}``, or ``{id: city, ...}`` in a ``fields:`` list
    (keyboard) or under ``field:`` (phone_id)."""
    for node, under in maps(fixture):
        if isinstance(node.get("field"), str):
            yield node, f"field.{node['field']}"
        elif under in ("fields", "field") and isinstance(node.get("id"), str):
            yield node, f"field.{node['id']}"


def check_placeholders(fixture: Any, answers: Mapping[str, Iterable[str]], report: Report) -> None:
    """A placeholder is never the answer: grey "Namur" in the field the learner is asked
    to fill with Namur shows the answer before it is typed, and after the learner
    deletes a wrong text the answer seems to be there already. ``answers``: field target
    → the example answers of the steps that type in it. Compared without case or spaces,
    in every language of the placeholder."""
    for field, target in fields(fixture):
        if "placeholder" not in field:
            continue
        raw = field["placeholder"]
        shown = list(raw.values()) if isinstance(raw, Mapping) else [raw]
        wanted = {_plain_words(a) for a in answers.get(target, ())}
        same = [str(p) for p in shown if _plain_words(p) in wanted]
        if same:
            report(field, "placeholder", f"the placeholder of '{target}' is the answer '{same[0]}'",
                   "write another example, not the answer (e.g. '0000' for a postcode), "
                   "or remove 'placeholder'")


for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")
