"""One learner's story for the trainers: sessions, exercises, steps, in the right order.

Owns the learner page's results: the timeline (:func:`timeline`: each session with its
exercises and calls for help, each exercise with its step visits, errors, hints and the
time spent on each step) and the learner's DigComp summary (:func:`learner_competences`).

Order: a kiosk writes "step 3 right" and "step 4 shown" in the same millisecond, so time
alone cannot order a session. The kiosk numbers each session's statements as it makes
them (``seq``, the ``…/ext/session-seq`` context extension); a session whose statements
all carry it is read in that order. Older statements (without it) are ordered by time,
then by the order the kiosk makes a millisecond's statements in
(:data:`SAME_MILLISECOND_ORDER`): a right answer comes before the next step is shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.engine.catalogue import Catalogue
from kiosk.engine.competence import levels_reached
from kiosk.engine.digcomp import COMPETENCES, PREFIX
from kiosk.hub.language import N_
from kiosk.hub.models import Statement
from kiosk.hub.review_digcomp import AREAS_FR, competence_order
from kiosk.hub.review_queries import (
    LearnerKey,
    scenario_title,
    step_number,
    step_text,
    terminal_labels,
    utc,
)
from kiosk.sync.xapi import KIOSK_ACTIVITY

#: What each rung of the help ladder is, for a trainer (kiosk.engine.model.HintLevel).
HINT_NAMES_FR: dict[int, str] = {
    1: N_("consigne répétée"),
    2: N_("endroit montré"),
    3: N_("démonstration"),
}

#: Statements of one millisecond without ``seq``, in the order the kiosk makes them: a
#: session starts, an exercise opens, an answer (a wrong one before its hint; a right one
#: before the next step is shown), the exercise ends, the session ends (ranked last).
SAME_MILLISECOND_ORDER: dict[str, int] = {
    "initialized": 0, "attempted": 1, "answered": 2, "asked": 3, "progressed": 4, "completed": 5,
    "terminated": 6,
}


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
        """In French: the page translates it."""
        return HINT_NAMES_FR.get(self.hint_level or 0, N_("aide"))


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
    Statement.score_raw, Statement.hint_level, Statement.language, Statement.seq,
)


def verb_rank(verb: str, object_id: str) -> int:
    """Where a statement goes among those of the same millisecond that carry no ``seq``."""
    if verb == "terminated" and object_id == KIOSK_ACTIVITY:
        return len(SAME_MILLISECOND_ORDER)  # the session ends after its exercise
    return SAME_MILLISECOND_ORDER.get(verb, len(SAME_MILLISECOND_ORDER) + 1)


def in_session_order(rows: Sequence[Any]) -> list[Any]:
    """One session's rows in the order the kiosk made them: by ``seq`` when every row has
    one, else by time, then by :func:`verb_rank` (statements sent before ``seq`` existed)."""
    if all(row.seq is not None for row in rows):
        return sorted(rows, key=lambda row: row.seq)
    return sorted(rows, key=lambda row: (utc(row.timestamp), verb_rank(row.verb, row.object_id)))


def timeline(session: Session, catalogue: Catalogue, learner: LearnerKey, language: str = "fr") -> Timeline:
    """The learner's sessions, attempts and moments, in the order they happened (one
    indexed query; each session's statements then put in order by :func:`in_session_order`);
    titles and step texts in ``language``."""
    rows = session.execute(
        select(*_TIMELINE_COLUMNS)
        .where(Statement.actor_home == learner.home, Statement.actor_name == learner.pseudonym)
        .order_by(Statement.timestamp)
    ).all()
    terminals = terminal_labels(session) if rows else {}
    by_session: dict[str | None, list[Any]] = {}
    for row in rows:
        by_session.setdefault(row.session_id, []).append(row)
    drafts = []
    for session_id, group in by_session.items():
        draft = _SessionDraft(session_id, utc(group[0].timestamp))
        for row in in_session_order(group):
            _add_to_session(draft, row, catalogue, language)
        drafts.append(draft)
    trails = tuple(
        _session_trail(d, catalogue, terminals, language)
        for d in sorted(drafts, key=lambda d: d.started)
    )
    return Timeline(learner=learner, sessions=trails, statements=len(rows))


def _add_to_session(draft: _SessionDraft, row: Any, catalogue: Catalogue, language: str) -> None:
    at = utc(row.timestamp)
    draft.terminal_id = draft.terminal_id or row.terminal_id
    draft.language = draft.language or row.language
    if row.object_id == KIOSK_ACTIVITY:
        if row.verb == "initialized":
            draft.started = min(draft.started, at)
        elif row.verb == "terminated":
            draft.ended = at
        return
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
        return
    _add_to_attempt(draft, row, at, catalogue, language)


def _add_to_attempt(draft: _SessionDraft, row: Any, at: datetime, catalogue: Catalogue,
                    language: str) -> None:
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
        step_count=len(scenario.steps) if scenario else None,
        step_text=step_text(scenario, row.step_id, language),
        hint_level=row.hint_level,
    ))


def _session_trail(d: _SessionDraft, catalogue: Catalogue, terminals: dict[str, str],
                   language: str) -> SessionTrail:
    items: list[AttemptTrail | Moment] = []
    for item in d.items:
        if isinstance(item, Moment):
            items.append(item)
            continue
        items.append(AttemptTrail(
            registration=item.registration, scenario_id=item.scenario_id,
            title=scenario_title(catalogue, item.scenario_id, language),
            started=item.started, ended=item.ended,
            outcome=item.outcome, stars=item.stars, errors=item.errors, hints=item.hints,
            language=item.language, moments=tuple(item.moments),
        ))
    terminal = terminals.get(d.terminal_id or "", "") if d.terminal_id else ""
    return SessionTrail(session_id=d.session_id, started=d.started, ended=d.ended, terminal=terminal,
                        language=d.language, items=tuple(items))



# -- the learner's DigComp summary ----------------------------------------------------------


@dataclass(frozen=True)
class LearnerCompetence:
    """One DigComp 2.2 competence a learner practised, for the learner page."""

    code: str  # 2.1
    title: str  # French title
    area: str  # French area title
    level: int  # the level shown (kiosk rule, best result); 0 = not yet
    target: int  # the highest level the exercises tried aim at
    scenarios: tuple[tuple[str, str, int, int], ...]  # (id, title, attempts, best stars)

    @property
    def reached_target(self) -> bool:
        return self.level >= self.target


def learner_competences(t: Timeline, catalogue: Catalogue, language: str = "fr") -> list[LearnerCompetence]:
    """The competences of the exercises the learner tried (those of this hub's catalogue),
    with the level shown by :func:`kiosk.engine.competence.levels_reached`: the same rule
    as the kiosk's results screen and the hub's DigComp page."""
    tried: dict[str, int] = {}
    for attempt in t.attempts:
        tried[attempt.scenario_id] = tried.get(attempt.scenario_id, 0) + 1
    scenarios = [catalogue.scenarios[sid] for sid in tried if sid in catalogue.scenarios]
    best = t.best_stars
    reached = levels_reached(best, scenarios)
    by_competence: dict[str, list[Any]] = {}
    for scenario in scenarios:
        for competence in scenario.digcomp:
            if competence.startswith(PREFIX) and competence[len(PREFIX):] in COMPETENCES:
                by_competence.setdefault(competence, []).append(scenario)
    out = []
    for competence in sorted(by_competence, key=competence_order):
        code = competence[len(PREFIX):]
        practised = by_competence[competence]
        out.append(LearnerCompetence(
            code=code, title=COMPETENCES[code]["fr"], area=AREAS_FR.get(code.split(".")[0], ""),
            level=reached.get(competence, 0), target=max(sc.level for sc in practised),
            scenarios=tuple((sc.id, sc.title.get(language), tried[sc.id], best.get(sc.id, 0))
                            for sc in practised),
        ))
    return out


__all__: Sequence[str] = (
    "HINT_NAMES_FR", "SAME_MILLISECOND_ORDER", "AttemptTrail", "LearnerCompetence", "Moment", "SessionTrail",
    "StepVisit", "Timeline", "in_session_order", "learner_competences", "timeline", "verb_rank",
)
