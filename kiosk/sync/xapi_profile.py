"""What a statement of the kiosk may carry: the project's xAPI profile, field by field.

Owns the privacy rule of the wire format. xAPI lets a statement name people in many
places (``actor.name``, ``mbox``, group members, ``context.instructor``, ``result.response``,
free extensions…); the kiosk uses none of them. So the profile is a list of what *is*
allowed — every field the kiosk's builders (:mod:`kiosk.sync.xapi`) write, each with the
form of its value — and anything else is refused, naming the field's path. Where the
kiosk writes free text (a scenario's title) the text must not hold an e-mail address, a
phone or national number, or a first and last name.

The xAPI 1.0.3 specification's own rules (IRIs, language tags, score bounds…) are checked
by the hub with a model of the specification (:mod:`kiosk.hub.xapi_spec`); this module
uses the standard library only, so the kiosk can check what it builds.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from kiosk.store.pseudonym import is_pseudonym

# The names the builders use; kept here (not imported) so that kiosk.sync.xapi can import us.
IRI_BASE = "https://epn-kiosk.invalid/"
EPN_HOME = IRI_BASE + "epn/"
SCENARIOS = IRI_BASE + "scenarios/"
EXT = IRI_BASE + "ext/"
ADL_VERBS = "http://adlnet.gov/expapi/verbs/"
ACTIVITY_TYPES = ("http://adlnet.gov/expapi/activities/lesson", "http://adlnet.gov/expapi/activities/interaction")
PLATFORM = "EPN kiosk"
#: The placement ("Faisons le point"): its activity, type and the result's extensions.
PLACEMENT_ACTIVITY = IRI_BASE + "kiosk/placement"
PLACEMENT_TYPE = "http://adlnet.gov/expapi/activities/assessment"
EXT_LEVELS = EXT + "digcomp-levels"
EXT_ROUND = EXT + "placement-round"
PLACEMENT_ROUNDS = ("start", "mid", "end")
#: The highest placement level (kiosk.engine.placement.MAX_LEVEL; a test checks they agree).
MAX_LEVEL = 3
MAX_TITLE = 200

#: A scenario id and a step id, as the content loader defines them (kiosk.engine.loader; a test
#: checks they agree).
SCENARIO_ID = r"[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*"
STEP_ID = r"[a-z][a-z0-9_]*"
_OBJECT_IRI = re.compile(
    rf"^{re.escape(IRI_BASE)}(?:kiosk|kiosk/animator|kiosk/placement|scenarios/{SCENARIO_ID}(?:/steps/{STEP_ID})?)$")
_SCENARIO_IRI = re.compile(rf"^{re.escape(SCENARIOS)}{SCENARIO_ID}$")
_DIGCOMP_IRI = re.compile(rf"^{re.escape(IRI_BASE)}digcomp/\d+(?:\.\d+)*/\d+(?:\.\d+)*$")
DIGCOMP_ID = _DIGCOMP_ID = re.compile(r"^digcomp:\d+(?:\.\d+)*:\d+(?:\.\d+)*$")
_EPN_ID = re.compile(r"^[A-Za-z0-9]{1,16}$")
_HEX_ID = re.compile(r"^[0-9a-f]{0,32}$")
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
_VERSION = re.compile(r"^1\.0\.\d+$")
_DURATION = re.compile(r"^P(?!$)(\d+(\.\d+)?Y)?(\d+(\.\d+)?M)?(\d+(\.\d+)?W)?(\d+(\.\d+)?D)?"
                       r"(T(?=\d)(\d+(\.\d+)?H)?(\d+(\.\d+)?M)?(\d+(\.\d+)?S)?)?$")

# -- personal data in free text ---------------------------------------------------------------

_EMAIL = re.compile(r"[^\s@]+@[^\s@]+\.[^\s@]+")
#: Seven digits or more, maybe with spaces, dots, dashes, slashes or a leading + (phone
#: numbers, Belgian national numbers 85.07.30-033.28, bank accounts).
_NUMBER = re.compile(r"\+?\d(?:[\s./-]?\d){6,}")
#: Two capitalised words in a row (Marie Dupont, Jean-Luc MARTIN): no scenario title has one.
_UPPER = "A-ZÀ-ÖØ-Þ"
_FULL_NAME = re.compile(rf"\b[{_UPPER}][^\s\d]*[\s]+[{_UPPER}][^\s\d]*")


def personal_data(text: str) -> str | None:
    """What personal data ``text`` seems to hold (in plain words), or None."""
    if _EMAIL.search(text) or "mailto:" in text.lower():
        return "an e-mail address"
    if _NUMBER.search(text):
        return "a phone or national number"
    if _FULL_NAME.search(text):
        return "a person's name"
    return None


# -- the forms of values ----------------------------------------------------------------------

Check = Callable[[Any], "str | None"]  # a value → what is wrong with it, or None


def _matches(pattern: re.Pattern[str], what: str) -> Check:
    def check(value: Any) -> str | None:
        return None if isinstance(value, str) and pattern.match(value) else f"must be {what}"
    return check


def _one_of(values: Collection[str], what: str) -> Check:
    def check(value: Any) -> str | None:
        return None if isinstance(value, str) and value in values else f"must be {what}"
    return check


def _uuid(value: Any) -> str | None:
    try:
        if isinstance(value, str) and len(value) == 36 and uuid.UUID(value):
            return None
    except ValueError:
        pass
    return "must be a UUID like 3f2b6c1e-…"


def _timestamp(value: Any) -> str | None:
    from kiosk.sync.xapi import parse_timestamp

    return None if parse_timestamp(value) is not None else \
        "must be ISO 8601 with a time zone, like 2026-11-23T10:00:00Z"


def _boolean(value: Any) -> str | None:
    return None if isinstance(value, bool) else "must be true or false"


def _number(value: Any) -> str | None:
    return None if isinstance(value, int | float) and not isinstance(value, bool) else "must be a number"


def _count(value: Any) -> str | None:
    return None if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else \
        "must be a whole number, 0 or more"


def _pseudonym(value: Any) -> str | None:
    return None if isinstance(value, str) and is_pseudonym(value) else \
        "must be a pseudonym of the kiosk (like Tulipe-4821), never a person's name or address"


def _epn_home(value: Any) -> str | None:
    if isinstance(value, str) and value.startswith(EPN_HOME) and _EPN_ID.match(value[len(EPN_HOME):]):
        return None
    return f"must be {EPN_HOME}<EPN id>"


def _title(value: Any) -> str | None:
    if not isinstance(value, str) or not 0 < len(value) <= MAX_TITLE:
        return f"must be a scenario title of 1 to {MAX_TITLE} characters"
    found = personal_data(value)
    return f"holds what looks like {found}: a title never does" if found else None


def _digcomp_list(value: Any) -> str | None:
    if isinstance(value, list) and all(isinstance(v, str) and _DIGCOMP_ID.match(v) for v in value):
        return None
    return "must be a list of DigComp ids like digcomp:2.2:2.1"


def _levels(value: Any) -> str | None:
    if isinstance(value, dict) and value and all(
            isinstance(c, str) and _DIGCOMP_ID.match(c) and isinstance(v, int) and not isinstance(v, bool)
            and 0 <= v <= MAX_LEVEL for c, v in value.items()):
        return None
    return f"must map DigComp ids like digcomp:2.2:2.1 to a level from 0 to {MAX_LEVEL}"


# -- the shape of a statement -----------------------------------------------------------------


@dataclass(frozen=True)
class Obj:
    """A JSON object that may hold these fields and no other."""

    fields: Mapping[str, Node]
    required: frozenset[str] = frozenset()


@dataclass(frozen=True)
class ListOf:
    """A JSON list of items (or, where xAPI allows it, one item alone)."""

    item: Node
    single: bool = False


@dataclass(frozen=True)
class LanguageMap:
    """A language map: language tag → text checked by ``text``."""

    text: Check


@dataclass(frozen=True)
class Extensions:
    """An extensions object: only these IRIs, each with the form of its value."""

    known: Mapping[str, Check] = field(default_factory=dict)


Node = Obj | ListOf | LanguageMap | Extensions | Check

_ACTIVITY_DEFINITION = Obj({"name": LanguageMap(_title),
                            "type": _one_of((*ACTIVITY_TYPES, PLACEMENT_TYPE),
                                            "an activity type of the kiosk")})
_SCENARIO = Obj({"objectType": _one_of(("Activity",), "Activity"),
                 "id": _matches(_SCENARIO_IRI, "a scenario IRI of the kiosk"),
                 "definition": _ACTIVITY_DEFINITION}, frozenset({"id"}))
_CATEGORY = Obj({"objectType": _one_of(("Activity",), "Activity"),
                 "id": _matches(_DIGCOMP_IRI, "a DigComp IRI of the kiosk")}, frozenset({"id"}))

PROFILE = Obj({
    "id": _uuid,
    "actor": Obj({"objectType": _one_of(("Agent",), "Agent (one learner, never a group)"),
                  "account": Obj({"homePage": _epn_home, "name": _pseudonym},
                                 frozenset({"homePage", "name"}))}, frozenset({"account"})),
    "verb": Obj({"id": _one_of({ADL_VERBS + v for v in ("initialized", "attempted", "progressed", "answered",
                                                       "asked", "completed", "terminated", "scored")},
                               "one of the kiosk's ADL verbs"),
                 "display": LanguageMap(lambda _: None)}, frozenset({"id"})),  # its text: _check_display
    "object": Obj({"objectType": _one_of(("Activity",), "Activity"),
                   "id": _matches(_OBJECT_IRI, "an activity IRI of the kiosk"),
                   "definition": _ACTIVITY_DEFINITION}, frozenset({"id"})),
    "result": Obj({"success": _boolean, "completion": _boolean,
                   "duration": _matches(_DURATION, "an ISO 8601 duration like PT12.5S"),
                   "score": Obj({"raw": _number, "min": _number, "max": _number, "scaled": _number}),
                   "extensions": Extensions({EXT + "t-offset-ms": _count, EXT + "hint-level": _count,
                                              EXT_LEVELS: _levels,
                                              EXT_ROUND: _one_of(PLACEMENT_ROUNDS, "start, mid or end")})}),
    "context": Obj({
        "registration": _uuid,
        "language": _matches(_LANGUAGE, "a language tag like fr or fr-BE"),
        "platform": _one_of((PLATFORM,), repr(PLATFORM)),
        "extensions": Extensions({
            EXT + "digcomp": _digcomp_list, EXT + "terminal": _matches(_HEX_ID, "a terminal id (hex)"),
            EXT + "session": _matches(_HEX_ID, "a session id (hex)"), EXT + "step-count": _count,
            EXT + "step-index": _count, EXT + "session-seq": _count}),
        "contextActivities": Obj({"parent": ListOf(_SCENARIO, single=True),
                                  "category": ListOf(_CATEGORY, single=True)}),
    }),
    "timestamp": _timestamp,
    "version": _matches(_VERSION, "1.0.x"),
}, frozenset({"actor", "verb", "object"}))

_NEVER_SENT = "is not accepted: the kiosk never sends it (it could carry personal data)"


@dataclass(frozen=True)
class Problem:
    """What is wrong at one place of a statement; ``foreign`` when only the EPN is."""

    path: str
    reason: str
    foreign: bool = False

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


def _walk(node: Node, value: Any, path: str, out: list[Problem]) -> None:
    if isinstance(node, Obj):
        if not isinstance(value, dict):
            out.append(Problem(path, "must be an object"))
            return
        for key in node.required - value.keys():
            out.append(Problem(f"{path}.{key}", "is missing"))
        for key, item in value.items():
            inner = node.fields.get(key)
            if inner is None:
                out.append(Problem(f"{path}.{str(key)[:60]}", _NEVER_SENT))
            else:
                _walk(inner, item, f"{path}.{key}", out)
    elif isinstance(node, ListOf):
        items = [value] if node.single and isinstance(value, dict) else value
        if not isinstance(items, list):
            out.append(Problem(path, "must be a list"))
            return
        for i, item in enumerate(items):
            _walk(node.item, item, f"{path}[{i}]", out)
    elif isinstance(node, LanguageMap):
        if not isinstance(value, dict) or not value:
            out.append(Problem(path, "must be a language map like {\"fr\": \"…\"}"))
            return
        for tag, text in value.items():
            if not _LANGUAGE.match(str(tag)):
                out.append(Problem(f"{path}.{str(tag)[:60]}", "must be a language tag like fr"))
            else:
                reason = node.text(text)
                if reason:
                    out.append(Problem(f"{path}.{tag}", reason))
    elif isinstance(node, Extensions):
        if not isinstance(value, dict):
            out.append(Problem(path, "must be an object"))
            return
        for key, item in value.items():
            check = node.known.get(key)
            where = f'{path}["{str(key)[:80]}"]'
            if check is None:
                out.append(Problem(where, _NEVER_SENT))
            else:
                reason = check(item)
                if reason:
                    out.append(Problem(where, reason))
    else:
        reason = node(value)
        if reason:
            out.append(Problem(path, reason))


def _check_display(statement: Mapping[str, Any], path: str, out: list[Problem]) -> None:
    from kiosk.sync.xapi import VERBS

    verb = statement.get("verb")
    if not isinstance(verb, dict) or "display" not in verb:
        return
    iri = str(verb.get("id"))
    expected = next(({"fr-BE": fr, "en-US": en} for i, fr, en in VERBS.values() if i == iri), None)
    if expected is not None and verb["display"] != expected:
        out.append(Problem(f"{path}.verb.display", f"must be the kiosk's own wording, {dict(expected)}"))


def check_profile(statement: Any, *, path: str = "statement", epns: Collection[str] | None = None
                  ) -> list[Problem]:
    """Every place where ``statement`` leaves the kiosk's profile; empty when it fits.

    ``epns``: the EPN ids the learner's account may belong to (a terminal's own EPN and the
    ones its hub trusts); None accepts any EPN id. A verb's display must be the kiosk's own
    wording (:data:`kiosk.sync.xapi.VERBS`).
    """
    out: list[Problem] = []
    if not isinstance(statement, dict):
        return [Problem(path, "a statement must be a JSON object")]
    _walk(PROFILE, statement, path, out)
    _check_display(statement, path, out)
    if epns is not None and not out:
        home = statement["actor"]["account"]["homePage"]
        epn = home[len(EPN_HOME):]
        if epn not in epns:
            out.append(Problem(f"{path}.actor.account.homePage",
                               f"is EPN {epn}: this terminal writes only for learners of its own EPN "
                               "or of an EPN this hub trusts", foreign=True))
    return out
