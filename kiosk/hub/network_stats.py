"""The network coordinator's totals: per EPN and per week or exercise, never per learner.

Owns the five tables of the ``/network`` page and their CSV files, each one SQL query
(SQLAlchemy, SQLite and PostgreSQL alike) that returns counts only:

- :func:`sessions_by_week`: sessions, learners, exercises opened and finished, per EPN
  and per local week (Monday to Sunday, Europe/Brussels; the weeks are a ``VALUES``
  table of UTC bounds made here, so summer time is right on both databases);
- :func:`exercises` (``order="practised"`` or ``"hardest"``): attempts, completions,
  learners, wrong answers and hints per exercise. The hardest have the most wrong answers
  + hints per attempt (the trainers' rule for a step, :mod:`kiosk.hub.review_funnel`),
  among exercises opened at least :data:`HARDEST_MIN_ATTEMPTS` times;
- :func:`digcomp_levels`: per EPN and DigComp competence, how many learners showed each
  level (the kiosk's rule, :func:`kiosk.engine.competence.level_for`, written as SQL over
  a ``VALUES`` table of the catalogue's scenarios);
- :func:`help_calls`: per EPN, the room's help calls, those answered ("J'arrive") and
  the seconds waited (the ``help_calls`` log, :mod:`kiosk.hub.help_calls`).

An EPN is the issuing EPN of the learners' accounts (``actor_home``) for statements and
the terminal's EPN for help calls. A pseudonym is read by the database only, inside
``COUNT(DISTINCT …)`` and a per-learner subquery it folds into counts: no row handed to
Python carries one. Cells are not suppressed when small: the coordinator sees the
numbers each EPN's trainers see, without who.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, Literal

from sqlalchemy import Float, Integer, String, and_, case, cast, column, distinct, func, select, values
from sqlalchemy.orm import Session

from kiosk.engine.catalogue import Catalogue
from kiosk.engine.competence import STARS_FOR_TARGET_LEVEL
from kiosk.engine.digcomp import COMPETENCES, PREFIX
from kiosk.hub.models import HelpCall, Statement, Terminal
from kiosk.hub.review_digcomp import competence_order
from kiosk.hub.review_format import zone
from kiosk.hub.review_queries import EPN_HOME, LearnerKey, scenario_title
from kiosk.store.models import UTCDateTime

#: An exercise opened fewer times than this is not ranked among the hardest.
HARDEST_MIN_ATTEMPTS = 3
#: The longest period a page or CSV covers (in weeks).
MAX_WEEKS = 157
#: A help call answered within this many seconds counts as answered quickly.
QUICK_ANSWER_S = 60


# -- what is asked ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Week:
    """A local week of the period (its first day is a Monday, or the period's first day)."""

    monday: date
    start: datetime  # UTC, inclusive
    end: datetime  # UTC, exclusive


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=zone())


@dataclass(frozen=True)
class Period:
    """Local days ``since`` to ``until``, both included."""

    since: date
    until: date

    @property
    def start(self) -> datetime:
        return _local_midnight(self.since)

    @property
    def end(self) -> datetime:
        return _local_midnight(self.until + timedelta(days=1))

    def weeks(self) -> list[Week]:
        """The local weeks of the period, Monday to Sunday, cut at its ends."""
        out: list[Week] = []
        monday = self.since - timedelta(days=self.since.weekday())
        while monday <= self.until:
            first = max(monday, self.since)
            last = min(monday + timedelta(days=6), self.until)
            out.append(Week(monday, _local_midnight(first), _local_midnight(last + timedelta(days=1))))
            monday += timedelta(days=7)
        return out


@dataclass(frozen=True)
class NetworkFilter:
    """The page's filters: a period, and one EPN or all (``epn=None``)."""

    period: Period
    epn: str | None = None

    def statements(self) -> list[Any]:
        s = Statement
        where: list[Any] = [s.timestamp >= self.period.start, s.timestamp < self.period.end]
        if self.epn:
            where.append(s.actor_home == EPN_HOME + self.epn)
        return where


def epn_of(home: str) -> str:
    """The EPN id of an account's homePage (``…/epn/K7QF2MZP``), else the homePage itself."""
    return LearnerKey(home, "").epn


# -- sessions per week ---------------------------------------------------------------------------


@dataclass(frozen=True)
class WeekSessions:
    """One EPN's activity in one week."""

    monday: date
    epn: str
    sessions: int
    learners: int
    attempts: int
    completions: int


def sessions_by_week(session: Session, which: NetworkFilter) -> list[WeekSessions]:
    """Per week and EPN with activity: sessions started, learners, exercises opened and
    finished; weeks in order, EPNs by id within a week."""
    s = Statement
    weeks = which.period.weeks()
    table = values(column("n", Integer), column("week_start", UTCDateTime()),
                   column("week_end", UTCDateTime()), name="weeks").data(
        [(i, w.start, w.end) for i, w in enumerate(weeks)]).cte("weeks")

    def count(verb: str) -> Any:
        return func.coalesce(func.sum(case((s.verb == verb, 1), else_=0)), 0)

    query = (
        select(table.c.n, s.actor_home, count("initialized"), func.count(distinct(s.actor_name)),
               count("attempted"), count("completed"))
        .join_from(s, table, and_(s.timestamp >= table.c.week_start, s.timestamp < table.c.week_end))
        .where(s.verb.in_(("initialized", "attempted", "completed")), *which.statements())
        .group_by(table.c.n, s.actor_home)
        .order_by(table.c.n, s.actor_home)
    )
    return [WeekSessions(weeks[n].monday, epn_of(home), int(sessions), int(learners), int(attempts),
                         int(completions))
            for n, home, sessions, learners, attempts, completions in session.execute(query)]


# -- exercises ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExerciseFigures:
    """One exercise's totals over the filtered statements."""

    scenario_id: str
    title: str
    attempts: int
    completions: int
    learners: int
    errors: int
    hints: int
    average_stars: float | None

    @property
    def trouble_per_attempt(self) -> float | None:
        """Wrong answers + hints per attempt (what ranks the hardest)."""
        return (self.errors + self.hints) / self.attempts if self.attempts else None


def exercises(session: Session, catalogue: Catalogue, which: NetworkFilter,
              order: Literal["practised", "hardest"], limit: int | None = None) -> list[ExerciseFigures]:
    """The exercises opened in the period: the most opened first (``practised``), or the
    most wrong answers + hints per attempt first among those opened at least
    :data:`HARDEST_MIN_ATTEMPTS` times (``hardest``; ties: fewer finished)."""
    s = Statement

    def count(condition: Any) -> Any:
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    attempts = count(s.verb == "attempted")
    completions = count(s.verb == "completed")
    errors = count(and_(s.verb == "answered", s.success.is_(False)))
    hints = count(s.verb == "asked")
    learners = func.count(distinct(s.actor_home + "|" + s.actor_name))
    stars = func.avg(case((s.verb == "completed", s.score_raw)))
    query = (
        select(s.scenario_id, attempts, completions, learners, errors, hints, stars)
        .where(s.scenario_id.is_not(None), s.verb.in_(("attempted", "completed", "answered", "asked")),
               *which.statements())
        .group_by(s.scenario_id)
    )
    if order == "hardest":
        query = query.having(attempts >= HARDEST_MIN_ATTEMPTS).order_by(
            (cast(errors + hints, Float) / attempts).desc(), (cast(completions, Float) / attempts),
            s.scenario_id)
    else:
        query = query.having(attempts > 0).order_by(attempts.desc(), s.scenario_id)
    if limit is not None:
        query = query.limit(limit)
    return [ExerciseFigures(sid, scenario_title(catalogue, sid), int(a), int(c), int(n), int(e), int(h),
                            None if avg is None else float(avg))
            for sid, a, c, n, e, h, avg in session.execute(query)]


# -- DigComp levels ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CompetenceLevels:
    """How many learners of one EPN showed each level of one DigComp competence."""

    epn: str
    competence_id: str  # digcomp:2.2:2.1
    code: str  # 2.1
    title: str  # French
    learners: tuple[int, ...]  # learners at level 1, 2, … (their highest level shown)


def catalogue_levels(catalogue: Catalogue) -> list[tuple[str, str, int]]:
    """(scenario id, DigComp 2.2 competence, the level it shows with enough stars)."""
    return sorted((sc.id, competence, max(1, sc.level))
                  for sc in catalogue.scenarios.values() for competence in sc.digcomp
                  if competence.startswith(PREFIX) and competence[len(PREFIX):] in COMPETENCES)


def top_level(catalogue: Catalogue) -> int:
    """The highest level the catalogue's exercises can show (the DigComp table's columns)."""
    return max((level for _, _, level in catalogue_levels(catalogue)), default=1)


def digcomp_levels(session: Session, catalogue: Catalogue, which: NetworkFilter) -> list[CompetenceLevels]:
    """Per EPN and competence practised in the period: learners per highest level shown by
    the exercises they finished (1 star: level 1; 2 stars or more: the exercise's level).
    EPNs by id, competences in DigComp order."""
    s = Statement
    rows = catalogue_levels(catalogue)
    if not rows:
        return []
    book = values(column("scenario_id", String), column("competence", String), column("target", Integer),
                  name="book").data(rows).cte("book")
    shown = case((s.score_raw >= STARS_FOR_TARGET_LEVEL, book.c.target), else_=1)
    per_learner = (
        select(s.actor_home.label("home"), book.c.competence.label("competence"),
               func.max(shown).label("level"))
        .join_from(s, book, s.scenario_id == book.c.scenario_id)
        .where(s.verb == "completed", s.score_raw >= 1, *which.statements())
        .group_by(s.actor_home, s.actor_name, book.c.competence)
        .subquery()
    )
    query = (select(per_learner.c.home, per_learner.c.competence, per_learner.c.level, func.count())
             .group_by(per_learner.c.home, per_learner.c.competence, per_learner.c.level))
    width = top_level(catalogue)
    found: dict[tuple[str, str], list[int]] = {}
    for home, competence, level, learners in session.execute(query):
        counts = found.setdefault((epn_of(home), competence), [0] * width)
        counts[min(int(level), width) - 1] += int(learners)
    return [CompetenceLevels(epn, competence, competence[len(PREFIX):],
                             COMPETENCES[competence[len(PREFIX):]]["fr"], tuple(counts))
            for (epn, competence), counts in sorted(found.items(),
                                                    key=lambda i: (i[0][0], competence_order(i[0][1])))]


def network_levels(rows: Sequence[CompetenceLevels]) -> list[CompetenceLevels]:
    """The same counts for the whole network (a learner belongs to one EPN: they add up)."""
    total: dict[str, CompetenceLevels] = {}
    for row in rows:
        seen = total.get(row.competence_id)
        counts = row.learners if seen is None else tuple(a + b for a, b in zip(seen.learners, row.learners,
                                                                               strict=True))
        total[row.competence_id] = CompetenceLevels("", row.competence_id, row.code, row.title, counts)
    return sorted(total.values(), key=lambda r: competence_order(r.competence_id))


# -- help calls ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class HelpFigures:
    """The room's help calls of one EPN (``epn`` empty: the whole network)."""

    epn: str
    calls: int
    answered: int
    quickly: int  # answered within QUICK_ANSWER_S
    waited_seconds: int  # in all, over the answered calls
    longest_seconds: int | None

    @property
    def average_seconds(self) -> float | None:
        return self.waited_seconds / self.answered if self.answered else None


def help_calls(session: Session, which: NetworkFilter) -> list[HelpFigures]:
    """Per EPN (by id): calls made in the period, answered ("J'arrive"), answered within a
    minute, seconds waited in all and at most."""
    h = HelpCall
    query = (
        select(h.epn_id, func.count(), func.count(h.answered_at),
               func.coalesce(func.sum(case((h.wait_seconds <= QUICK_ANSWER_S, 1), else_=0)), 0),
               func.coalesce(func.sum(h.wait_seconds), 0), func.max(h.wait_seconds))
        .where(h.called_at >= which.period.start, h.called_at < which.period.end,
               *([h.epn_id == which.epn] if which.epn else []))
        .group_by(h.epn_id)
        .order_by(h.epn_id)
    )
    return [HelpFigures(epn, int(calls), int(answered), int(quickly), int(waited),
                        None if longest is None else int(longest))
            for epn, calls, answered, quickly, waited, longest in session.execute(query)]


def network_help(rows: Sequence[HelpFigures]) -> HelpFigures:
    """The network's total of :func:`help_calls`."""
    longest = [r.longest_seconds for r in rows if r.longest_seconds is not None]
    return HelpFigures("", sum(r.calls for r in rows), sum(r.answered for r in rows),
                       sum(r.quickly for r in rows), sum(r.waited_seconds for r in rows),
                       max(longest) if longest else None)


# -- the EPNs --------------------------------------------------------------------------------------


def network_epns(session: Session) -> list[str]:
    """Every EPN this hub knows: of learners' accounts, of enrolled terminals, of help calls."""
    homes = session.scalars(select(Statement.actor_home).distinct()
                            .where(Statement.actor_home.startswith(EPN_HOME, autoescape=True)))
    found = {epn_of(home) for home in homes}
    found.update(session.scalars(select(Terminal.epn_id).distinct()))
    found.update(e for e in session.scalars(select(HelpCall.epn_id).distinct()) if e)
    return sorted(found)


__all__: Sequence[str] = (
    "HARDEST_MIN_ATTEMPTS", "MAX_WEEKS", "QUICK_ANSWER_S", "CompetenceLevels", "ExerciseFigures",
    "HelpFigures", "NetworkFilter", "Period", "Week", "WeekSessions", "catalogue_levels", "digcomp_levels",
    "epn_of", "exercises", "help_calls", "network_epns", "network_help", "network_levels", "sessions_by_week",
    "top_level",
)
