"""The wire format between kiosk and hub: xAPI 1.0.3 statements, defined once.

Owns how a practice moment becomes a statement (``build_*``), how a statement is checked
(:func:`validate_statement`, plain reasons for a 400), compared (:func:`canonical_json`)
and read back into the columns a hub indexes (:func:`read_fields`). The kiosk's store
and the hub both import this module; it uses the standard library only.

The actor is a pseudonymous account (``homePage`` = the learner's issuing EPN under a
reserved ``.invalid`` IRI, ``name`` = the random pseudonym): no name, e-mail or number
of a person can travel. :func:`validate_statement` holds a statement to the kiosk's
profile (:mod:`kiosk.sync.xapi_profile`): only the fields these builders write.
See docs/HUB_PROTOCOL.md for the table of moments and verbs.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from kiosk.sync import xapi_profile as profile
from kiosk.sync.xapi_profile import check_profile

XAPI_VERSION = "1.0.3"
#: Reserved top-level domain (RFC 2606): these IRIs name things, they never resolve.
IRI_BASE = profile.IRI_BASE
ADL_VERBS = profile.ADL_VERBS

#: The verbs the kiosk uses, short name → (IRI, French display, English display).
VERBS: dict[str, tuple[str, str, str]] = {
    "initialized": (ADL_VERBS + "initialized", "a commencé", "initialized"),
    "attempted": (ADL_VERBS + "attempted", "a essayé", "attempted"),
    "progressed": (ADL_VERBS + "progressed", "a avancé", "progressed"),
    "answered": (ADL_VERBS + "answered", "a répondu", "answered"),
    "asked": (ADL_VERBS + "asked", "a demandé de l'aide", "asked"),
    "completed": (ADL_VERBS + "completed", "a terminé", "completed"),
    "terminated": (ADL_VERBS + "terminated", "a arrêté", "terminated"),
    "scored": (ADL_VERBS + "scored", "a fait le point", "scored"),
}
_VERB_BY_IRI = {iri: short for short, (iri, _, _) in VERBS.items()}

KIOSK_ACTIVITY = IRI_BASE + "kiosk"
ANIMATOR_ACTIVITY = IRI_BASE + "kiosk/animator"
PLACEMENT_ACTIVITY = profile.PLACEMENT_ACTIVITY
PLACEMENT_TYPE = profile.PLACEMENT_TYPE
#: A placement's profile: DigComp competence id → level 0–3 (``result.extensions``).
EXT_LEVELS = profile.EXT_LEVELS
#: Which placement of the learner's course it was: start, mid or end.
EXT_ROUND = profile.EXT_ROUND
PLACEMENT_ROUNDS = profile.PLACEMENT_ROUNDS
SCENARIOS = profile.SCENARIOS
EXT = profile.EXT
EXT_DIGCOMP = EXT + "digcomp"
EXT_TERMINAL = EXT + "terminal"
EXT_SESSION = EXT + "session"
EXT_STEP_INDEX = EXT + "step-index"
EXT_STEP_COUNT = EXT + "step-count"
EXT_HINT_LEVEL = EXT + "hint-level"
EXT_T_OFFSET = EXT + "t-offset-ms"
#: The statement's place among its session's statements (0 = ``initialized``), counted
#: by the kiosk as it makes them: two moments in the same millisecond keep their order.
EXT_SESSION_SEQ = EXT + "session-seq"
PLATFORM = profile.PLATFORM
SCENARIO_TYPE, STEP_TYPE = profile.ACTIVITY_TYPES
_NAMESPACE = uuid.UUID("6f1c2d1e-5b7a-4c7e-9a53-3f0f1e6b2c11")  # for ids derived by uuid5

#: Store event kind → verb. ``hint`` and ``demo`` are both help the learner got.
EVENT_VERBS: dict[str, str] = {
    "shown": "progressed", "correct": "answered", "wrong": "answered", "hint": "asked",
    "demo": "asked", "finished": "completed", "abandoned": "terminated",
}


@dataclass(frozen=True, kw_only=True)
class Learner:
    """Who a statement is about: a pseudonym of an issuing EPN (never a person's name)."""

    origin_epn: str
    pseudonym: str

    def actor(self) -> dict[str, Any]:
        home = IRI_BASE + "epn/" + (self.origin_epn or "local")
        return {"objectType": "Agent", "account": {"homePage": home, "name": self.pseudonym}}


@dataclass(frozen=True, kw_only=True)
class Attempt:
    """What every statement of one attempt shares."""

    attempt_id: str  # uuid hex made on the kiosk
    session_id: str
    terminal_id: str
    scenario_id: str
    title_fr: str
    language: str
    digcomp: tuple[str, ...]  # e.g. ("digcomp:2.2:2.1",)
    step_ids: tuple[str, ...]
    started_at: datetime


def statement_id(event_id: str) -> str:
    """A store event's id (uuid4 hex) as its statement's id (the same UUID, canonical)."""
    return str(uuid.UUID(hex=event_id))


def derived_id(thing_id: str, verb: str) -> str:
    """The id of a session/attempt start or end statement: stable for (thing, verb)."""
    return str(uuid.uuid5(_NAMESPACE, f"{thing_id}:{verb}"))


def timestamp(at: datetime) -> str:
    """ISO 8601 in UTC with milliseconds and ``Z``."""
    if at.tzinfo is None:
        raise ValueError("timestamps must be timezone-aware")
    return at.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _verb(short: str) -> dict[str, Any]:
    iri, fr, en = VERBS[short]
    return {"id": iri, "display": {"fr-BE": fr, "en-US": en}}


def scenario_iri(scenario_id: str) -> str:
    return SCENARIOS + scenario_id


def step_iri(scenario_id: str, step_id: str) -> str:
    return f"{SCENARIOS}{scenario_id}/steps/{step_id}"


def _scenario_object(a: Attempt) -> dict[str, Any]:
    return {"objectType": "Activity", "id": scenario_iri(a.scenario_id),
            "definition": {"name": {"fr": a.title_fr}, "type": SCENARIO_TYPE}}


def _digcomp_iri(competence: str) -> str:
    # "digcomp:2.2:2.1" → …/digcomp/2.2/2.1
    return IRI_BASE + competence.replace(":", "/")


def _numbered(extensions: dict[str, Any], seq: int | None) -> dict[str, Any]:
    if seq is not None:
        if seq < 0:
            raise ValueError(f"a session sequence number is >= 0, got {seq}")
        extensions[EXT_SESSION_SEQ] = seq
    return extensions


def _attempt_context(a: Attempt, *, step: str | None = None, seq: int | None = None) -> dict[str, Any]:
    extensions: dict[str, Any] = _numbered({
        EXT_DIGCOMP: list(a.digcomp), EXT_TERMINAL: a.terminal_id, EXT_SESSION: a.session_id,
        EXT_STEP_COUNT: len(a.step_ids),
    }, seq)
    context: dict[str, Any] = {
        "registration": str(uuid.UUID(hex=a.attempt_id)), "language": a.language,
        "platform": PLATFORM, "extensions": extensions,
        "contextActivities": {"category": [{"objectType": "Activity", "id": _digcomp_iri(c)}
                                           for c in a.digcomp]},
    }
    if step is not None:
        context["contextActivities"]["parent"] = [_scenario_object(a)]
        if step in a.step_ids:
            extensions[EXT_STEP_INDEX] = a.step_ids.index(step)
    return context


def _statement(sid: str, learner: Learner, verb: str, obj: dict[str, Any], context: dict[str, Any],
               at: datetime, result: dict[str, Any] | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"id": sid, "actor": learner.actor(), "verb": _verb(verb), "object": obj,
                           "context": context, "timestamp": timestamp(at), "version": XAPI_VERSION}
    if result:
        out["result"] = result
    return out


def _session_context(*, session_id: str, terminal_id: str, language: str,
                     seq: int | None) -> dict[str, Any]:
    return {"registration": str(uuid.UUID(hex=session_id)), "language": language,
            "platform": PLATFORM,
            "extensions": _numbered({EXT_TERMINAL: terminal_id, EXT_SESSION: session_id}, seq)}


def build_session(verb: str, *, learner: Learner, session_id: str, terminal_id: str,
                  language: str, at: datetime, seq: int | None = None) -> dict[str, Any]:
    """``initialized`` when a session starts, ``terminated`` when it ends.

    ``seq`` (every builder takes it) is the statement's place in its session, counted by
    the kiosk; the hub orders a session's statements by it.
    """
    if verb not in ("initialized", "terminated"):
        raise ValueError(f"a session is initialized or terminated, not {verb!r}")
    context = _session_context(session_id=session_id, terminal_id=terminal_id, language=language, seq=seq)
    return _statement(derived_id(session_id, verb), learner, verb,
                      {"objectType": "Activity", "id": KIOSK_ACTIVITY}, context, at)


def build_attempted(attempt: Attempt, learner: Learner, *, seq: int | None = None) -> dict[str, Any]:
    """The learner opened a scenario."""
    return _statement(derived_id(attempt.attempt_id, "attempted"), learner, "attempted",
                      _scenario_object(attempt), _attempt_context(attempt, seq=seq), attempt.started_at)


def build_event(attempt: Attempt, learner: Learner, *, event_id: str, kind: str,
                step_id: str | None, t_offset_ms: int, hint_level: int = 0,
                stars: int | None = None, seq: int | None = None) -> dict[str, Any]:
    """One store event of an attempt as a statement (see the table in the module doc)."""
    verb = EVENT_VERBS.get(kind)
    if verb is None:
        raise ValueError(f"no statement for an event of kind {kind!r}")
    at = attempt.started_at + timedelta(milliseconds=t_offset_ms)
    result: dict[str, Any] = {"extensions": {EXT_T_OFFSET: t_offset_ms}}
    if kind in ("finished", "abandoned"):
        obj = _scenario_object(attempt)
        context = _attempt_context(attempt, seq=seq)
        if kind == "finished":
            result["completion"] = True
            result["success"] = True
            result["duration"] = _duration(t_offset_ms)
            if stars is not None:
                result["score"] = {"raw": stars, "min": 1, "max": 3, "scaled": round(stars / 3, 4)}
        else:
            result["completion"] = False
    else:
        if step_id is None:
            raise ValueError(f"a {kind!r} event needs a step")
        obj = {"objectType": "Activity", "id": step_iri(attempt.scenario_id, step_id),
               "definition": {"type": STEP_TYPE}}
        context = _attempt_context(attempt, step=step_id, seq=seq)
        if kind in ("correct", "wrong"):
            result["success"] = kind == "correct"
        elif kind in ("hint", "demo"):
            result["extensions"][EXT_HINT_LEVEL] = hint_level
    return _statement(statement_id(event_id), learner, verb, obj, context, at, result)


def build_help_call(*, call_id: str, learner: Learner, session_id: str, terminal_id: str,
                    language: str, at: datetime, seq: int | None = None) -> dict[str, Any]:
    """The learner pressed "J'ai besoin d'aide": asked the animator."""
    context = _session_context(session_id=session_id, terminal_id=terminal_id, language=language, seq=seq)
    return _statement(statement_id(call_id), learner, "asked",
                      {"objectType": "Activity", "id": ANIMATOR_ACTIVITY}, context, at)


def build_placement(*, placement_id: str, learner: Learner, levels: Mapping[str, int], round: str,
                    at: datetime, session_id: str, terminal_id: str, language: str,
                    seq: int | None = None) -> dict[str, Any]:
    """A placement ("Faisons le point") ended: ``scored`` with its DigComp profile.

    ``levels`` is :meth:`kiosk.engine.placement.Placement.profile` (competence id → 0–3);
    ``round`` says which placement of the course it was (``start``, ``mid`` or ``end``).
    The profile travels in ``result.extensions`` (:data:`EXT_LEVELS`), its competences
    also as the context's DigComp list and categories, like an attempt's.
    """
    if round not in PLACEMENT_ROUNDS:
        raise ValueError(f"a placement round is one of {', '.join(PLACEMENT_ROUNDS)}, not {round!r}")
    for competence, level in levels.items():
        if not profile.DIGCOMP_ID.match(competence) or not 0 <= level <= profile.MAX_LEVEL:
            raise ValueError(f"not a placement level: {competence!r} → {level!r}")
    competences = sorted(levels)
    context = _session_context(session_id=session_id, terminal_id=terminal_id, language=language, seq=seq)
    context["registration"] = str(uuid.UUID(hex=placement_id))
    context["extensions"][EXT_DIGCOMP] = competences
    context["contextActivities"] = {"category": [{"objectType": "Activity", "id": _digcomp_iri(c)}
                                                 for c in competences]}
    obj = {"objectType": "Activity", "id": PLACEMENT_ACTIVITY,
           "definition": {"name": {"fr": "Faisons le point"}, "type": PLACEMENT_TYPE}}
    result = {"completion": True,
              "extensions": {EXT_LEVELS: {c: levels[c] for c in competences}, EXT_ROUND: round}}
    return _statement(derived_id(placement_id, "scored"), learner, "scored", obj, context, at, result)


def read_placement(statement: Mapping[str, Any]) -> tuple[str, dict[str, int]] | None:
    """A valid placement statement's round and profile (competence → level); else None."""
    if (statement.get("object") or {}).get("id") != PLACEMENT_ACTIVITY:
        return None
    extensions = (statement.get("result") or {}).get("extensions") or {}
    round, levels = extensions.get(EXT_ROUND), extensions.get(EXT_LEVELS)
    if round not in PLACEMENT_ROUNDS or not isinstance(levels, dict):
        return None
    return str(round), {str(c): int(v) for c, v in levels.items() if _int(v) is not None}


def _duration(ms: int) -> str:
    return f"PT{ms // 1000}.{ms % 1000:03d}S"


def canonical_json(statement: Mapping[str, Any]) -> str:
    """One text per statement content: sorted keys, no spaces, UTF-8 kept as is."""
    return json.dumps(statement, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


# -- validation ------------------------------------------------------------------------


def parse_timestamp(value: Any) -> datetime | None:
    """An ISO 8601 timestamp with a zone (``Z`` or an offset), else None."""
    if not isinstance(value, str) or len(value) > 40:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None


def validate_statement(statement: Any, *, path: str = "statement") -> list[str]:
    """What is wrong with one statement, as ``path: reason``; an empty list means it fits.

    The kiosk's profile (:mod:`kiosk.sync.xapi_profile`): only the fields the kiosk's
    builders write, each in its form — so no name, e-mail or number of a person. The hub
    also checks the xAPI 1.0.3 specification's rules (:mod:`kiosk.hub.xapi_spec`).
    """
    return [str(p) for p in check_profile(statement, path=path)]


def validate_batch(body: Any, *, max_statements: int = 1000) -> tuple[list[dict[str, Any]], list[str]]:
    """A POSTed body (one statement or a list) → (statements, reasons); reasons name the
    field's path, e.g. ``statements[3].context.instructor: is not accepted…``."""
    items = body if isinstance(body, list) else [body]
    if not items:
        return [], ["the list of statements is empty"]
    if len(items) > max_statements:
        return [], [f"at most {max_statements} statements per request, got {len(items)}"]
    reasons: list[str] = []
    seen: set[str] = set()
    for i, item in enumerate(items):
        reasons.extend(validate_statement(item, path=f"statements[{i}]"))
        sid = item.get("id") if isinstance(item, dict) else None
        if isinstance(sid, str):
            if sid.lower() in seen:
                reasons.append(f"statements[{i}].id: {sid} appears twice in the batch")
            seen.add(sid.lower())
    return ([i for i in items if isinstance(i, dict)] if not reasons else []), reasons


# -- reading ----------------------------------------------------------------------------

@dataclass(frozen=True, kw_only=True)
class Fields:
    """The parts of a valid statement a hub indexes for its room and review pages."""

    id: str
    timestamp: datetime
    actor_home: str
    actor_name: str
    verb: str  # short name for known verbs, else the verb IRI
    object_id: str
    scenario_id: str | None
    step_id: str | None
    registration: str | None
    session_id: str | None
    terminal_id: str | None
    success: bool | None
    score_raw: int | None
    hint_level: int | None
    t_offset_ms: int | None
    language: str | None
    digcomp: tuple[str, ...]
    seq: int | None = None  # the place in its session (absent from older statements)


def _scenario_and_step(iri: str) -> tuple[str | None, str | None]:
    if not iri.startswith(SCENARIOS):
        return None, None
    rest = iri[len(SCENARIOS):]
    scenario, sep, step = rest.partition("/steps/")
    return (scenario or None), (step or None) if sep else None


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def read_fields(statement: Mapping[str, Any], *, stored_at: datetime | None = None) -> Fields:
    """Read a statement that passed :func:`validate_statement` (an id is required here)."""
    actor = statement.get("actor") or {}
    account = actor.get("account") or {}
    verb_iri = str((statement.get("verb") or {}).get("id", ""))
    obj = statement.get("object") or {}
    object_id = str(obj.get("id", ""))
    context = statement.get("context") or {}
    ctx_ext = context.get("extensions") or {}
    result = statement.get("result") or {}
    res_ext = result.get("extensions") or {}
    scenario, step = _scenario_and_step(object_id)
    if scenario is None:
        for parent in (context.get("contextActivities") or {}).get("parent") or []:
            if isinstance(parent, dict):
                scenario, _ = _scenario_and_step(str(parent.get("id", "")))
                if scenario:
                    break
    at = parse_timestamp(statement.get("timestamp")) or stored_at or datetime.now(UTC)
    score = result.get("score") or {}
    success = result.get("success")
    digcomp = ctx_ext.get(EXT_DIGCOMP)
    session = ctx_ext.get(EXT_SESSION)
    terminal = ctx_ext.get(EXT_TERMINAL)
    language = context.get("language")
    return Fields(
        id=str(statement["id"]).lower(), timestamp=at.astimezone(UTC),
        actor_home=str(account.get("homePage", "")), actor_name=str(account.get("name", "")),
        verb=_VERB_BY_IRI.get(verb_iri, verb_iri), object_id=object_id,
        scenario_id=scenario, step_id=step,
        registration=context.get("registration") if isinstance(context.get("registration"), str) else None,
        session_id=session if isinstance(session, str) else None,
        terminal_id=terminal if isinstance(terminal, str) else None,
        success=success if isinstance(success, bool) else None,
        score_raw=_int(score.get("raw")) if isinstance(score, dict) else None,
        hint_level=_int(res_ext.get(EXT_HINT_LEVEL)), t_offset_ms=_int(res_ext.get(EXT_T_OFFSET)),
        language=language if isinstance(language, str) else None,
        digcomp=tuple(str(c) for c in digcomp) if isinstance(digcomp, list) else (),
        seq=_int(ctx_ext.get(EXT_SESSION_SEQ)),
    )


def parse_body(text: str | bytes) -> Any:
    """JSON text → Python, raising ValueError with a plain reason."""
    try:
        return json.loads(text)
    except (ValueError, RecursionError) as error:
        raise ValueError(f"the body is not valid JSON ({str(error)[:80]})") from None


__all__: Sequence[str] = (
    "ANIMATOR_ACTIVITY", "Attempt", "Fields", "IRI_BASE", "KIOSK_ACTIVITY", "Learner", "VERBS",
    "XAPI_VERSION", "build_attempted", "build_event", "build_help_call", "build_placement",
    "build_session",
    "canonical_json", "derived_id", "parse_body", "parse_timestamp", "read_fields", "read_placement",
    "statement_id", "validate_batch", "validate_statement",
)
