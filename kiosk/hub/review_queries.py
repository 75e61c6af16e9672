"""What the trainers' review pages share: learners, scenario wording, the overview.

Owns who a learner is for the review (:class:`LearnerKey`: a pseudonymous account, the
issuing EPN's IRI + a pseudonym such as ``Tulipe-0412``; no person's name exists in
statements, nor anything a learner typed), how EPNs and terminals are named, the
words of a scenario's title and steps in a page language (French when the scenario has no
other), the overview (scenarios and learners seen) and the link to
a learner's timeline. The other queries behind ``/review`` live next to this one, one
concept each: :mod:`~kiosk.hub.review_timeline` (one learner),
:mod:`~kiosk.hub.review_funnel` (one scenario), :mod:`~kiosk.hub.review_digcomp` (the
competences) and :mod:`~kiosk.hub.review_export` (the CSV).

Every query takes a SQLAlchemy :class:`~sqlalchemy.orm.Session` (and the scenario
:class:`~kiosk.engine.catalogue.Catalogue` for titles, steps and DigComp competences) and
returns frozen dataclasses: no HTTP, no templates, so each is tested on a real SQLite
file. They go through the indexed columns of ``statements``: ``(actor_home, actor_name,
timestamp)`` for a learner, ``(scenario_id, verb)`` for a scenario and the counts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import quote

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.engine.catalogue import Catalogue
from kiosk.engine.model import Scenario
from kiosk.hub.language import translations
from kiosk.hub.models import Statement, Terminal
from kiosk.sync.xapi import IRI_BASE

#: The homePage of a kiosk learner's account is this + the issuing EPN id.
EPN_HOME = IRI_BASE + "epn/"


# -- learners ----------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class LearnerKey:
    """One learner: the pseudonym and the account's homePage (its issuing EPN)."""

    home: str
    pseudonym: str

    @property
    def epn(self) -> str:
        """The issuing EPN id (``K7QF2MZP``) of a kiosk account, else the homePage itself."""
        return self.home[len(EPN_HOME):] if self.is_kiosk_account else self.home

    @property
    def is_kiosk_account(self) -> bool:
        rest = self.home[len(EPN_HOME):]
        return self.home.startswith(EPN_HOME) and bool(rest) and "/" not in rest

    @classmethod
    def of(cls, epn: str, pseudonym: str) -> LearnerKey:
        return cls(EPN_HOME + epn, pseudonym)

    @property
    def page(self) -> str:
        """The path of this learner's timeline page."""
        return f"/review/learners/{quote(self.epn)}/{quote(self.pseudonym)}"


@dataclass(frozen=True)
class LearnerSeen:
    """A line of the learners list."""

    learner: LearnerKey
    first_seen: datetime
    last_seen: datetime
    statements: int


def learners(session: Session, *, search: str = "", limit: int = 200) -> list[LearnerSeen]:
    """The learners seen, most recent first; ``search`` keeps pseudonyms containing it."""
    s = Statement
    query = (
        select(s.actor_home, s.actor_name, func.min(s.timestamp), func.max(s.timestamp), func.count())
        .group_by(s.actor_home, s.actor_name)
        .order_by(func.max(s.timestamp).desc())
        .limit(limit)
    )
    if search.strip():
        escaped = search.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        query = query.where(func.lower(s.actor_name).like(f"%{escaped.lower()}%", escape="\\"))
    return [
        LearnerSeen(LearnerKey(home, name), utc(first), utc(last), count)
        for home, name, first, last, count in session.execute(query)
    ]


def epn_labels(session: Session, names: dict[str, str] | None = None, language: str = "fr") -> dict[str, str]:
    """EPN id → how the pages name it: ``EPN de Ciney (K7QF2MZP)`` with a name from the
    trusted issuers file, else ``K7QF2MZP (bornes : Borne 1, Borne 2)`` from the labels
    of its enrolled terminals (in a page ``language``). EPNs known by neither are absent
    (show the id)."""
    by_epn: dict[str, list[str]] = defaultdict(list)
    for epn_id, label in session.execute(select(Terminal.epn_id, Terminal.label).order_by(Terminal.label)):
        by_epn[epn_id].append(label)
    words = translations(language)
    out = {epn: words.ngettext("%(epn)s (borne : %(labels)s)", "%(epn)s (bornes : %(labels)s)", len(labels))
           % {"epn": epn, "labels": ", ".join(labels)} for epn, labels in by_epn.items()}
    out.update({epn: f"{name} ({epn})" for epn, name in (names or {}).items() if name})
    return out


def terminal_labels(session: Session) -> dict[str, str]:
    """Terminal id → its label, for the enrolled terminals."""
    return {tid: label for tid, label in session.execute(select(Terminal.id, Terminal.label))}


# -- catalogue helpers ---------------------------------------------------------------------


def scenario_title(catalogue: Catalogue, scenario_id: str | None, language: str = "fr") -> str:
    """The scenario's title in ``language`` (else French), or its id when this hub does not know it."""
    if scenario_id is None:
        return ""
    scenario = catalogue.scenarios.get(scenario_id)
    return scenario.title.get(language) if scenario else scenario_id


def step_text(scenario: Scenario | None, step_id: str | None, language: str = "fr") -> str:
    """What the step says in ``language``, else in French (its mouse wording: EPN kiosks
    have a mouse; the words of that language's screen)."""
    if scenario is None or step_id is None:
        return ""
    try:
        step = scenario.step(step_id)
    except KeyError:
        return ""
    return scenario.on_screen(step.say.for_device("mouse")).get(language)


def step_number(scenario: Scenario | None, step_id: str | None) -> int | None:
    """The 1-based position of a step in its scenario, or None."""
    if scenario is None or step_id is None:
        return None
    for index, step in enumerate(scenario.steps):
        if step.id == step_id:
            return index + 1
    return None


# -- overview ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScenarioUse:
    """A line of the scenarios list: how often it was opened and finished."""

    scenario_id: str
    title: str
    module: str
    attempts: int
    completions: int
    known: bool

    @property
    def completion_rate(self) -> float | None:
        return self.completions / self.attempts if self.attempts else None


def scenario_uses(session: Session, catalogue: Catalogue, language: str = "fr") -> list[ScenarioUse]:
    """Every scenario of the catalogue (used or not) and every other one seen, by module;
    titles in ``language``."""
    s = Statement
    counts: dict[tuple[str, str], int] = {}
    rows = session.execute(
        select(s.scenario_id, s.verb, func.count())
        .where(s.scenario_id.is_not(None), s.verb.in_(("attempted", "completed")))
        .group_by(s.scenario_id, s.verb)
    )
    for scenario_id, verb, count in rows:
        if scenario_id is not None:
            counts[(scenario_id, verb)] = count
    seen = {sid for sid, _ in counts}
    out = [_use(scenario.id, catalogue, counts, language) for scenario in catalogue.in_order()]
    listed = {u.scenario_id for u in out}
    others = [sid for sid in catalogue.scenarios if sid not in listed]
    others += sorted(seen - set(catalogue.scenarios))
    out.extend(_use(sid, catalogue, counts, language) for sid in others)
    return out


def _use(scenario_id: str, catalogue: Catalogue, counts: dict[tuple[str, str], int],
         language: str) -> ScenarioUse:
    scenario = catalogue.scenarios.get(scenario_id)
    return ScenarioUse(
        scenario_id=scenario_id,
        title=scenario_title(catalogue, scenario_id, language),
        module=scenario.module if scenario else "",
        attempts=counts.get((scenario_id, "attempted"), 0),
        completions=counts.get((scenario_id, "completed"), 0),
        known=scenario is not None,
    )


# -- helpers -------------------------------------------------------------------------------


def utc(value: datetime) -> datetime:
    """A datetime read from the database, made aware (SQLite gives naive UTC back)."""
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def has_statements(session: Session, learner: LearnerKey) -> bool:
    """Whether this hub holds any statement of ``learner`` (used by the QR import)."""
    return session.scalar(
        select(Statement.id)
        .where(Statement.actor_home == learner.home, Statement.actor_name == learner.pseudonym)
        .limit(1)
    ) is not None


__all__: Sequence[str] = (
    "EPN_HOME", "LearnerKey", "LearnerSeen", "ScenarioUse", "epn_labels", "has_statements", "learners",
    "scenario_title", "scenario_uses", "step_number", "step_text", "terminal_labels", "utc",
)
