"""What the trainers' review pages read from the received statements, as typed results.

Owns the queries behind ``/review``: the overview (scenarios and learners seen), one
learner's timeline, one scenario's funnel (reach, stops, errors, hints, time per step and
the hardest step), the DigComp summary, and the rows of the CSV export. Every function
takes a SQLAlchemy :class:`~sqlalchemy.orm.Session` and the scenario
:class:`~kiosk.engine.catalogue.Catalogue` (titles, steps, DigComp competences) and
returns frozen dataclasses: no HTTP, no templates, so each is tested on a real SQLite file.

The queries go through the indexed columns of ``statements``: ``(actor_home, actor_name,
timestamp)`` for a learner, ``(scenario_id, verb)`` for a scenario and the counts, and
``timestamp`` for the export. Counting is left to the database; only a funnel's step
durations and stops are worked out here, from the few columns of one scenario's
``progressed``/``completed``/``terminated`` statements.

A learner is a pseudonymous account (the issuing EPN's IRI + a pseudonym such as
``Tulipe-0412``): no person's name exists in statements, and nothing a learner typed.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from kiosk.engine.catalogue import Catalogue
from kiosk.engine.competence import level_for
from kiosk.engine.digcomp import COMPETENCES, PREFIX
from kiosk.engine.model import Scenario
from kiosk.hub.models import Statement, Terminal
from kiosk.sync.xapi import IRI_BASE

#: The homePage of a kiosk learner's account is this + the issuing EPN id.
EPN_HOME = IRI_BASE + "epn/"

#: DigComp 2.2 areas, in French (the first digit of a competence id).
AREAS_FR: dict[str, str] = {
    "1": "Information et données",
    "2": "Communication et collaboration",
    "3": "Création de contenu numérique",
    "4": "Sécurité",
    "5": "Résolution de problèmes",
}

#: What each rung of the help ladder is, for a trainer (kiosk.engine.model.HintLevel).
HINT_NAMES_FR: dict[int, str] = {
    1: "consigne répétée",
    2: "endroit montré",
    3: "démonstration",
}

#: Statement verbs that end the time spent on a step (the next step, or the end).
_STEP_ENDS = ("progressed", "completed")


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
        LearnerSeen(LearnerKey(home, name), _utc(first), _utc(last), count)
        for home, name, first, last, count in session.execute(query)
    ]


def epn_labels(session: Session, names: dict[str, str] | None = None) -> dict[str, str]:
    """EPN id → how the pages name it: ``EPN de Ciney (K7QF2MZP)`` with a name from the
    trusted issuers file, else ``K7QF2MZP (bornes : Borne 1, Borne 2)`` from the labels
    of its enrolled terminals. EPNs known by neither are absent (show the id)."""
    by_epn: dict[str, list[str]] = defaultdict(list)
    for epn_id, label in session.execute(select(Terminal.epn_id, Terminal.label).order_by(Terminal.label)):
        by_epn[epn_id].append(label)
    out = {epn: f"{epn} (borne{'s' if len(labels) > 1 else ''} : {', '.join(labels)})"
           for epn, labels in by_epn.items()}
    out.update({epn: f"{name} ({epn})" for epn, name in (names or {}).items() if name})
    return out


def terminal_labels(session: Session) -> dict[str, str]:
    """Terminal id → its label, for the enrolled terminals."""
    return {tid: label for tid, label in session.execute(select(Terminal.id, Terminal.label))}


# -- catalogue helpers ---------------------------------------------------------------------


def scenario_title(catalogue: Catalogue, scenario_id: str | None) -> str:
    """The scenario's French title, or its id when this hub does not know it."""
    if scenario_id is None:
        return ""
    scenario = catalogue.scenarios.get(scenario_id)
    return scenario.title.get("fr") if scenario else scenario_id


def step_text(scenario: Scenario | None, step_id: str | None) -> str:
    """What the step says, in French (its mouse wording: EPN kiosks have a mouse)."""
    if scenario is None or step_id is None:
        return ""
    try:
        step = scenario.step(step_id)
    except KeyError:
        return ""
    return scenario.on_screen(step.say.for_device("mouse")).get("fr")  # the French screen's words


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


def scenario_uses(session: Session, catalogue: Catalogue) -> list[ScenarioUse]:
    """Every scenario of the catalogue (used or not) and every other one seen, by module."""
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
    out = [_use(scenario.id, catalogue, counts) for scenario in catalogue.in_order()]
    listed = {u.scenario_id for u in out}
    others = [sid for sid in catalogue.scenarios if sid not in listed]
    others += sorted(seen - set(catalogue.scenarios))
    out.extend(_use(sid, catalogue, counts) for sid in others)
    return out


def _use(scenario_id: str, catalogue: Catalogue, counts: dict[tuple[str, str], int]) -> ScenarioUse:
    scenario = catalogue.scenarios.get(scenario_id)
    return ScenarioUse(
        scenario_id=scenario_id,
        title=scenario_title(catalogue, scenario_id),
        module=scenario.module if scenario else "",
        attempts=counts.get((scenario_id, "attempted"), 0),
        completions=counts.get((scenario_id, "completed"), 0),
        known=scenario is not None,
    )


# -- one learner's timeline ------------------------------------------------------------------


@dataclass(frozen=True)
class Moment:
    """One line of a timeline: something the learner did or got, in the trainer's words."""

    at: datetime
    kind: str  # shown, right, wrong, hint, help_call, session_start, session_end, other
    step_number: int | None = None
    step_count: int | None = None
    step_text: str = ""
    step_id: str | None = None
    hint_level: int | None = None

    @property
    def hint_name(self) -> str:
        return HINT_NAMES_FR.get(self.hint_level or 0, "aide")


@dataclass(frozen=True)
class StepVisit:
    """A step as the learner went through it: shown, then errors and hints, in order."""

    number: int | None
    count: int | None
    step_id: str
    text: str
    shown: datetime
    moments: tuple[Moment, ...]  # what happened on the step after it was shown
    seconds: float | None = None  # until the next step was shown, or the attempt ended

    @property
    def errors(self) -> int:
        return sum(1 for m in self.moments if m.kind == "wrong")

    @property
    def hints(self) -> int:
        return sum(1 for m in self.moments if m.kind == "hint")

    @property
    def succeeded(self) -> bool:
        return any(m.kind == "right" for m in self.moments)


@dataclass(frozen=True)
class AttemptTrail:
    """One attempt at a scenario within a session, with its moments."""

    registration: str
    scenario_id: str
    title: str
    started: datetime
    ended: datetime
    outcome: str  # completed, abandoned, open
    stars: int | None
    errors: int
    hints: int
    language: str | None
    moments: tuple[Moment, ...]

    @property
    def seconds(self) -> float:
        return (self.ended - self.started).total_seconds()

    @property
    def visits(self) -> list[StepVisit]:
        """The moments grouped by step visit, in time order (a step shown twice is two visits)."""
        out: list[StepVisit] = []
        for m in self.moments:
            if m.kind == "shown" or not out or out[-1].step_id != m.step_id:
                head = m if m.kind == "shown" else None
                out.append(StepVisit(m.step_number, m.step_count, m.step_id or "", m.step_text, m.at,
                                     () if head else (m,)))
            else:
                last = out[-1]
                out[-1] = StepVisit(last.number, last.count, last.step_id, last.text, last.shown,
                                    (*last.moments, m))
        ends = [v.shown for v in out[1:]] + [self.ended]
        return [StepVisit(v.number, v.count, v.step_id, v.text, v.shown, v.moments,
                          (end - v.shown).total_seconds()) for v, end in zip(out, ends, strict=True)]


@dataclass(frozen=True)
class SessionTrail:
    """One session at a terminal: its attempts and help calls, in time order."""

    session_id: str | None
    started: datetime
    ended: datetime | None
    terminal: str
    language: str | None
    items: tuple[AttemptTrail | Moment, ...]

    @property
    def help_calls(self) -> int:
        """Presses on "J'ai besoin d'aide", between exercises or during one."""
        return sum(1 for i in self.items if isinstance(i, Moment) and i.kind == "help_call") + sum(
            1 for i in self.items if isinstance(i, AttemptTrail) for m in i.moments if m.kind == "help_call")


@dataclass(frozen=True)
class Timeline:
    """Everything one learner did, session by session (newest session last)."""

    learner: LearnerKey
    sessions: tuple[SessionTrail, ...]
    statements: int

    @property
    def attempts(self) -> list[AttemptTrail]:
        return [i for s in self.sessions for i in s.items if isinstance(i, AttemptTrail)]

    @property
    def completions(self) -> int:
        return sum(1 for a in self.attempts if a.outcome == "completed")

    @property
    def errors(self) -> int:
        return sum(a.errors for a in self.attempts)

    @property
    def hints(self) -> int:
        return sum(a.hints for a in self.attempts)

    @property
    def help_calls(self) -> int:
        return sum(s.help_calls for s in self.sessions)

    @property
    def best_results(self) -> list[tuple[str, str, int]]:
        """(scenario id, title, best stars) of the scenarios finished, first finished first."""
        best = self.best_stars
        titles = {a.scenario_id: a.title for a in self.attempts}
        return [(sid, titles[sid], stars) for sid, stars in best.items()]

    @property
    def best_stars(self) -> dict[str, int]:
        best: dict[str, int] = {}
        for a in self.attempts:
            if a.stars:
                best[a.scenario_id] = max(best.get(a.scenario_id, 0), a.stars)
        return best


@dataclass
class _AttemptDraft:
    registration: str
    scenario_id: str
    started: datetime
    ended: datetime
    language: str | None
    outcome: str = "open"
    stars: int | None = None
    errors: int = 0
    hints: int = 0
    moments: list[Moment] = field(default_factory=list)


@dataclass
class _SessionDraft:
    session_id: str | None
    started: datetime
    ended: datetime | None = None
    terminal_id: str | None = None
    language: str | None = None
    items: list[_AttemptDraft | Moment] = field(default_factory=list)
    attempts: dict[str, _AttemptDraft] = field(default_factory=dict)
    open_attempt: _AttemptDraft | None = None  # the exercise on screen, if any


_TIMELINE_COLUMNS = (
    Statement.timestamp, Statement.verb, Statement.object_id, Statement.scenario_id, Statement.step_id,
    Statement.registration, Statement.session_id, Statement.terminal_id, Statement.success,
    Statement.score_raw, Statement.hint_level, Statement.language,
)


def timeline(session: Session, catalogue: Catalogue, learner: LearnerKey) -> Timeline:
    """The learner's sessions, attempts and moments, in time order (one indexed query)."""
    rows = session.execute(
        select(*_TIMELINE_COLUMNS)
        .where(Statement.actor_home == learner.home, Statement.actor_name == learner.pseudonym)
        .order_by(Statement.timestamp, Statement.id)
    ).all()
    terminals = terminal_labels(session) if rows else {}
    sessions: dict[str | None, _SessionDraft] = {}
    for row in rows:
        at = _utc(row.timestamp)
        draft = sessions.get(row.session_id)
        if draft is None:
            draft = sessions[row.session_id] = _SessionDraft(row.session_id, at)
        draft.terminal_id = draft.terminal_id or row.terminal_id
        draft.language = draft.language or row.language
        if row.object_id == IRI_BASE + "kiosk":
            if row.verb == "initialized":
                draft.started = min(draft.started, at)
            elif row.verb == "terminated":
                draft.ended = at
            continue
        if row.scenario_id is None:
            kind = "help_call" if row.verb == "asked" else "other"
            current = draft.open_attempt
            if current is not None and current.moments:  # called during an exercise: at its step
                step = current.moments[-1]
                current.moments.append(Moment(at=at, kind=kind, step_id=step.step_id,
                                              step_number=step.step_number, step_count=step.step_count,
                                              step_text=step.step_text))
            else:
                draft.items.append(Moment(at=at, kind=kind))
            continue
        _add_to_attempt(draft, row, at, catalogue)
    trails = tuple(
        _session_trail(d, catalogue, terminals)
        for d in sorted(sessions.values(), key=lambda d: d.started)
    )
    return Timeline(learner=learner, sessions=trails, statements=len(rows))


def _add_to_attempt(draft: _SessionDraft, row: Any, at: datetime, catalogue: Catalogue) -> None:
    key = row.registration or f"{row.scenario_id}@{draft.session_id}"
    attempt = draft.attempts.get(key)
    if attempt is None:
        attempt = draft.attempts[key] = _AttemptDraft(key, row.scenario_id, at, at, row.language)
        draft.items.append(attempt)
    attempt.ended = max(attempt.ended, at)
    draft.open_attempt = attempt
    scenario = catalogue.scenarios.get(row.scenario_id)
    verb = row.verb
    if verb in ("completed", "terminated"):
        attempt.outcome = "completed" if verb == "completed" else "abandoned"
        attempt.stars = row.score_raw if verb == "completed" else None
        draft.open_attempt = None
        return
    if verb == "attempted" or row.step_id is None:
        return
    if verb == "progressed":
        kind = "shown"
    elif verb == "answered":
        kind = "right" if row.success else "wrong"
        attempt.errors += 0 if row.success else 1
    elif verb == "asked":
        kind = "hint"
        attempt.hints += 1
    else:
        kind = "other"
    attempt.moments.append(Moment(
        at=at, kind=kind, step_id=row.step_id, step_number=step_number(scenario, row.step_id),
        step_count=len(scenario.steps) if scenario else None, step_text=step_text(scenario, row.step_id),
        hint_level=row.hint_level,
    ))


def _session_trail(d: _SessionDraft, catalogue: Catalogue, terminals: dict[str, str]) -> SessionTrail:
    items: list[AttemptTrail | Moment] = []
    for item in d.items:
        if isinstance(item, Moment):
            items.append(item)
            continue
        items.append(AttemptTrail(
            registration=item.registration, scenario_id=item.scenario_id,
            title=scenario_title(catalogue, item.scenario_id), started=item.started, ended=item.ended,
            outcome=item.outcome, stars=item.stars, errors=item.errors, hints=item.hints,
            language=item.language, moments=tuple(item.moments),
        ))
    terminal = terminals.get(d.terminal_id or "", "") if d.terminal_id else ""
    return SessionTrail(session_id=d.session_id, started=d.started, ended=d.ended, terminal=terminal,
                        language=d.language, items=tuple(items))


# -- one scenario's funnel -------------------------------------------------------------------


@dataclass(frozen=True)
class StepStats:
    """One step of a funnel. ``reached`` counts attempts that were shown the step."""

    number: int  # 1-based position in the scenario (steps not in the catalogue follow)
    step_id: str
    text: str
    reached: int
    stopped: int  # attempts never completed whose last step shown was this one
    errors: int
    hints: int
    median_seconds: float | None
    timed: int  # how many step visits the median is taken over
    hardest: bool = False

    @property
    def difficulty(self) -> float:
        """Errors + hints per attempt that reached the step: what "hardest" means."""
        return (self.errors + self.hints) / self.reached if self.reached else 0.0

    @property
    def errors_per_attempt(self) -> float:
        return self.errors / self.reached if self.reached else 0.0

    @property
    def hints_per_attempt(self) -> float:
        return self.hints / self.reached if self.reached else 0.0


@dataclass(frozen=True)
class Funnel:
    """How a scenario's attempts went, step by step."""

    scenario_id: str
    title: str
    known: bool
    attempts: int
    completions: int
    learners: int
    average_stars: float | None
    stopped_before_first_step: int
    steps: tuple[StepStats, ...]

    @property
    def hardest(self) -> StepStats | None:
        return next((s for s in self.steps if s.hardest), None)

    @property
    def not_completed(self) -> int:
        return self.attempts - self.completions


def funnel(session: Session, catalogue: Catalogue, scenario_id: str) -> Funnel:
    """The funnel of one scenario, from one pass over its statements (index
    ``(scenario_id, verb)``) and a count of its learners.

    Median time on a step: from the step's ``progressed`` statement to the next
    ``progressed`` or ``completed`` one of the same attempt (registration). The hardest
    step has the most errors + hints per attempt that reached it (ties: the slower one);
    a scenario nobody struggled with has none.
    """
    s = Statement
    scenario = catalogue.scenarios.get(scenario_id)
    rows = session.execute(
        select(s.registration, s.verb, s.step_id, s.success, s.timestamp, s.score_raw)
        .where(s.scenario_id == scenario_id)
        .order_by(s.registration, s.timestamp)
    )
    walk = _FunnelWalk()
    for row in rows:
        walk.add(*row)
    learner_count = session.scalar(
        select(func.count()).select_from(
            select(s.actor_home, s.actor_name)
            .where(s.scenario_id == scenario_id, s.verb == "attempted").distinct().subquery()))
    stopped: dict[str, int] = defaultdict(int)
    for registration, step_id in walk.last_shown.items():
        if registration not in walk.completed:
            stopped[step_id] += 1
    order = [st.id for st in scenario.steps] if scenario else []
    seen = set(walk.reached) | set(walk.errors) | set(walk.hints)
    steps = [
        StepStats(
            number=i + 1, step_id=step_id, text=step_text(scenario, step_id),
            reached=len(walk.reached.get(step_id, ())), stopped=stopped.get(step_id, 0),
            errors=walk.errors.get(step_id, 0), hints=walk.hints.get(step_id, 0),
            median_seconds=_median(walk.durations.get(step_id, [])),
            timed=len(walk.durations.get(step_id, ())),
        )
        for i, step_id in enumerate([*order, *sorted(seen - set(order))])
    ]
    attempts = walk.attempts | set(walk.last_shown) | walk.completed
    return Funnel(
        scenario_id=scenario_id, title=scenario_title(catalogue, scenario_id), known=scenario is not None,
        attempts=len(attempts), completions=len(walk.completed), learners=learner_count or 0,
        average_stars=statistics.fmean(walk.stars) if walk.stars else None,
        stopped_before_first_step=len(attempts - set(walk.last_shown) - walk.completed),
        steps=tuple(_mark_hardest(steps)),
    )


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


@dataclass
class _FunnelWalk:
    """What one pass over a scenario's statements (by attempt, in time order) gathers."""

    attempts: set[str] = field(default_factory=set)
    completed: set[str] = field(default_factory=set)
    stars: list[int] = field(default_factory=list)
    reached: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    hints: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    durations: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    last_shown: dict[str, str] = field(default_factory=dict)
    current: tuple[str, str, datetime] | None = None  # (attempt, step, shown at)

    def add(self, registration: str | None, verb: str, step_id: str | None, success: bool | None,
            at: datetime, score: int | None) -> None:
        if registration is None:
            return
        if self.current is not None and self.current[0] != registration:
            self.current = None  # the previous attempt ended without a next step
        if verb in _STEP_ENDS and self.current is not None:
            self.durations[self.current[1]].append((at - self.current[2]).total_seconds())
            self.current = None
        if verb == "attempted":
            self.attempts.add(registration)
        elif verb == "progressed" and step_id is not None:
            self.current = (registration, step_id, at)
            self.last_shown[registration] = step_id
            self.reached[step_id].add(registration)
        elif verb == "answered" and success is False and step_id is not None:
            self.errors[step_id] += 1
        elif verb == "asked" and step_id is not None:
            self.hints[step_id] += 1
        elif verb == "completed":
            self.completed.add(registration)
            if score is not None:
                self.stars.append(score)
        elif verb == "terminated":
            self.current = None


def _mark_hardest(steps: list[StepStats]) -> list[StepStats]:
    candidates = [s for s in steps if s.reached and s.errors + s.hints]
    if not candidates:
        return steps
    hardest = max(candidates, key=lambda s: (s.difficulty, s.median_seconds or 0.0, -s.number))
    return [
        StepStats(**{**s.__dict__, "hardest": True}) if s is hardest else s
        for s in steps
    ]


# -- DigComp summary -----------------------------------------------------------------------


@dataclass(frozen=True)
class LevelCount:
    level: int
    learners: int


@dataclass(frozen=True)
class CompetenceSummary:
    """One DigComp 2.2 competence practised by the catalogue's scenarios."""

    competence_id: str  # digcomp:2.2:2.1
    code: str  # 2.1
    title: str  # French title
    area: str  # French area title
    scenarios: tuple[tuple[str, str], ...]  # (id, French title)
    target_levels: tuple[int, ...]  # levels the scenarios aim at, ascending
    learners: int
    attempts: int
    completions: int
    average_stars: float | None
    reached: tuple[LevelCount, ...]  # learners per level shown (DigComp rule of the kiosk)

    @property
    def target_label(self) -> str:
        if not self.target_levels:
            return "—"
        lo, hi = self.target_levels[0], self.target_levels[-1]
        return f"{lo}" if lo == hi else f"{lo} à {hi}"


def digcomp_summary(session: Session, catalogue: Catalogue) -> list[CompetenceSummary]:
    """Per competence of the catalogue: learners, attempts, completions, stars, levels.

    A learner's level for a competence follows the kiosk's own rule
    (:func:`kiosk.engine.competence.level_for`): a scenario finished with 2 stars or more
    shows its target level, with 1 star level 1.
    """
    s = Statement
    by_competence: dict[str, list[Scenario]] = defaultdict(list)
    for scenario in catalogue.scenarios.values():
        for competence in scenario.digcomp:
            if competence.startswith(PREFIX) and competence[len(PREFIX):] in COMPETENCES:
                by_competence[competence].append(scenario)
    scenario_ids = sorted(catalogue.scenarios)
    if not by_competence:
        return []
    # One pass over the openings and finishings of the catalogue's scenarios.
    attempts: dict[str, int] = defaultdict(int)
    finished: dict[str, int] = defaultdict(int)
    stars: dict[str, list[int]] = defaultdict(list)
    learners_of: dict[str, set[tuple[str, str]]] = defaultdict(set)
    best: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
    for scenario_id, verb, home, name, score in session.execute(
        select(s.scenario_id, s.verb, s.actor_home, s.actor_name, s.score_raw)
        .where(s.scenario_id.in_(scenario_ids), s.verb.in_(("attempted", "completed")))
    ):
        if scenario_id is None:
            continue
        if verb == "attempted":
            attempts[scenario_id] += 1
            learners_of[scenario_id].add((home, name))
            continue
        finished[scenario_id] += 1
        if score is not None:
            stars[scenario_id].append(score)
            mine = best[(home, name)]
            mine[scenario_id] = max(mine.get(scenario_id, 0), score)
    out: list[CompetenceSummary] = []
    for competence in sorted(by_competence, key=_competence_order):
        scenarios = sorted(by_competence[competence], key=lambda sc: sc.id)
        ids = [sc.id for sc in scenarios]
        all_stars = [n for i in ids for n in stars[i]]
        learners_here: set[tuple[str, str]] = set().union(*(learners_of[i] for i in ids))
        levels: dict[int, int] = defaultdict(int)
        for who, stars_by_scenario in best.items():
            shown = max((level_for(sc.level, stars_by_scenario.get(sc.id, 0)) for sc in scenarios), default=0)
            if shown:
                levels[shown] += 1
                learners_here.add(who)
        code = competence[len(PREFIX):]
        out.append(CompetenceSummary(
            competence_id=competence, code=code, title=COMPETENCES[code]["fr"],
            area=AREAS_FR.get(code.split(".")[0], ""),
            scenarios=tuple((sc.id, sc.title.get("fr")) for sc in scenarios),
            target_levels=tuple(sorted({sc.level for sc in scenarios})),
            learners=len(learners_here), attempts=sum(attempts[i] for i in ids),
            completions=sum(finished[i] for i in ids),
            average_stars=statistics.fmean(all_stars) if all_stars else None,
            reached=tuple(LevelCount(level, n) for level, n in sorted(levels.items())),
        ))
    return out


def _competence_order(competence: str) -> tuple[int, ...]:
    return tuple(int(part) for part in competence[len(PREFIX):].split("."))


# -- CSV export ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportRow:
    """One statement as a line of the CSV export."""

    timestamp: datetime
    epn: str
    pseudonym: str
    scenario_id: str | None
    step_id: str | None
    verb: str
    success: bool | None
    stars: int | None
    hint_level: int | None
    language: str | None
    terminal: str | None


@dataclass(frozen=True)
class ExportFilter:
    """Which statements to export (all by default)."""

    scenario_id: str | None = None
    learner: LearnerKey | None = None
    since: datetime | None = None
    until: datetime | None = None

    def where(self) -> list[Any]:
        s = Statement
        out: list[Any] = []
        if self.scenario_id:
            out.append(s.scenario_id == self.scenario_id)
        if self.learner is not None:
            out.append(and_(s.actor_home == self.learner.home, s.actor_name == self.learner.pseudonym))
        if self.since is not None:
            out.append(s.timestamp >= self.since)
        if self.until is not None:
            out.append(s.timestamp < self.until)
        return out


def export_rows(session: Session, which: ExportFilter = ExportFilter(), *,
                batch: int = 2000) -> Iterator[ExportRow]:
    """The statements in time order, read in batches (an export may be large)."""
    s = Statement
    query = (
        select(s.timestamp, s.actor_home, s.actor_name, s.scenario_id, s.step_id, s.verb, s.success,
               s.score_raw, s.hint_level, s.language, Terminal.label)
        .outerjoin(Terminal, Terminal.id == s.terminal_id)
        .where(*which.where())
        .order_by(s.timestamp, s.id)
        .execution_options(yield_per=batch)
    )
    for row in session.execute(query):
        who = LearnerKey(row.actor_home, row.actor_name)
        yield ExportRow(
            timestamp=_utc(row.timestamp), epn=who.epn, pseudonym=who.pseudonym,
            scenario_id=row.scenario_id, step_id=row.step_id, verb=row.verb, success=row.success,
            stars=row.score_raw if row.verb == "completed" else None, hint_level=row.hint_level,
            language=row.language, terminal=row.label,
        )


# -- helpers -------------------------------------------------------------------------------


def _utc(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def has_statements(session: Session, learner: LearnerKey) -> bool:
    """Whether this hub holds any statement of ``learner`` (used by the QR import)."""
    return session.scalar(
        select(Statement.id)
        .where(Statement.actor_home == learner.home, Statement.actor_name == learner.pseudonym)
        .limit(1)
    ) is not None


__all__: Sequence[str] = (
    "AttemptTrail", "StepVisit", "CompetenceSummary", "ExportFilter", "ExportRow", "Funnel", "LearnerKey",
    "LearnerSeen", "Moment", "ScenarioUse", "SessionTrail", "StepStats", "Timeline", "digcomp_summary",
    "epn_labels", "export_rows", "funnel", "has_statements", "learners", "scenario_uses", "terminal_labels",
    "timeline",
)
