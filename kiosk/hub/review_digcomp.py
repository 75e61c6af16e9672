"""The DigComp page's results: per competence, who practised it and what they showed.

Owns :func:`digcomp_summary`: for each DigComp 2.2 competence of the catalogue's
scenarios, the learners, attempts, completions, average stars, the levels shown (the
kiosk's own rule, :func:`kiosk.engine.competence.level_for`) and the learners behind a
hard competence: those who tried its exercises without showing the level they aim at,
each a pseudonymous account (a link to their timeline on the page).
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.engine.catalogue import Catalogue
from kiosk.engine.competence import level_for
from kiosk.engine.digcomp import COMPETENCES, PREFIX
from kiosk.engine.model import Scenario
from kiosk.hub.language import N_
from kiosk.hub.models import Statement
from kiosk.hub.review_queries import LearnerKey

#: DigComp 2.2 areas, in French (the first digit of a competence id); pages translate them.
AREAS_FR: dict[str, str] = {
    "1": N_("Information et données"),
    "2": N_("Communication et collaboration"),
    "3": N_("Création de contenu numérique"),
    "4": N_("Sécurité"),
    "5": N_("Résolution de problèmes"),
}


@dataclass(frozen=True)
class LevelCount:
    level: int
    learners: int


@dataclass(frozen=True)
class NotYet:
    """A learner who tried a competence's exercises without showing the level they aim at."""

    learner: LearnerKey
    attempts: int  # attempts at the competence's exercises
    level: int  # the level shown so far (0: none finished)
    target: int  # the highest level of the exercises they tried


@dataclass(frozen=True)
class CompetenceSummary:
    """One DigComp 2.2 competence practised by the catalogue's scenarios."""

    competence_id: str  # digcomp:2.2:2.1
    code: str  # 2.1
    title: str  # French title
    area: str  # French area title
    scenarios: tuple[tuple[str, str], ...]  # (id, title in the page language)
    target_levels: tuple[int, ...]  # levels the scenarios aim at, ascending
    learners: int
    attempts: int
    completions: int
    average_stars: float | None
    reached: tuple[LevelCount, ...]  # learners per level shown (DigComp rule of the kiosk)
    not_yet: tuple[NotYet, ...] = ()  # most attempts first


def digcomp_summary(session: Session, catalogue: Catalogue, language: str = "fr") -> list[CompetenceSummary]:
    """Per competence of the catalogue: learners, attempts, completions, stars, levels, and
    the learners not yet at the level of the exercises they tried (one pass over the
    openings and finishings of the catalogue's scenarios, index ``(scenario_id, verb)``).

    A learner's level for a competence follows the kiosk's own rule
    (:func:`kiosk.engine.competence.level_for`): a scenario finished with 2 stars or more
    shows its target level, with 1 star level 1.
    """
    s = Statement
    by_competence: dict[str, list[Scenario]] = defaultdict(list)
    competences_of: dict[str, list[str]] = defaultdict(list)
    for scenario in catalogue.scenarios.values():
        for competence in scenario.digcomp:
            if competence.startswith(PREFIX) and competence[len(PREFIX):] in COMPETENCES:
                by_competence[competence].append(scenario)
                competences_of[scenario.id].append(competence)
    if not by_competence:
        return []
    attempts: dict[str, int] = defaultdict(int)
    finished: dict[str, int] = defaultdict(int)
    stars: dict[str, list[int]] = defaultdict(list)
    tries: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)  # learner → scenario → attempts
    best: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)  # learner → scenario → best stars
    for scenario_id, verb, home, name, score in session.execute(
        select(s.scenario_id, s.verb, s.actor_home, s.actor_name, s.score_raw)
        .where(s.scenario_id.in_(sorted(catalogue.scenarios)), s.verb.in_(("attempted", "completed")))
    ):
        if scenario_id is None:
            continue
        if verb == "attempted":
            attempts[scenario_id] += 1
            mine = tries[(home, name)]
            mine[scenario_id] = mine.get(scenario_id, 0) + 1
            continue
        finished[scenario_id] += 1
        if score is not None:
            stars[scenario_id].append(score)
            got = best[(home, name)]
            got[scenario_id] = max(got.get(scenario_id, 0), score)
    # Per competence, per learner: [level shown, level aimed at by what they tried, attempts].
    standing: dict[str, dict[tuple[str, str], list[int]]] = defaultdict(dict)
    for who in tries.keys() | best.keys():
        tried, got = tries.get(who, {}), best.get(who, {})
        for scenario_id in tried.keys() | got.keys():
            scenario = catalogue.scenarios[scenario_id]
            shown, count = level_for(scenario.level, got.get(scenario_id, 0)), tried.get(scenario_id, 0)
            for competence in competences_of.get(scenario_id, ()):
                row = standing[competence].setdefault(who, [0, 0, 0])
                row[0] = max(row[0], shown)
                if count:
                    row[1] = max(row[1], scenario.level)
                    row[2] += count
    out: list[CompetenceSummary] = []
    for competence in sorted(by_competence, key=competence_order):
        scenarios = sorted(by_competence[competence], key=lambda sc: sc.id)
        ids = [sc.id for sc in scenarios]
        all_stars = [n for i in ids for n in stars[i]]
        here = {who: v for who, v in standing[competence].items() if v[0] or v[2]}
        levels: dict[int, int] = defaultdict(int)
        for shown, _, _ in here.values():
            if shown:
                levels[shown] += 1
        not_yet = [NotYet(LearnerKey(*who), count, shown, target)
                   for who, (shown, target, count) in here.items() if shown < target]
        code = competence[len(PREFIX):]
        out.append(CompetenceSummary(
            competence_id=competence, code=code, title=COMPETENCES[code]["fr"],
            area=AREAS_FR.get(code.split(".")[0], ""),
            scenarios=tuple((sc.id, sc.title.get(language)) for sc in scenarios),
            target_levels=tuple(sorted({sc.level for sc in scenarios})),
            learners=len(here), attempts=sum(attempts[i] for i in ids),
            completions=sum(finished[i] for i in ids),
            average_stars=statistics.fmean(all_stars) if all_stars else None,
            reached=tuple(LevelCount(level, n) for level, n in sorted(levels.items())),
            not_yet=tuple(sorted(not_yet, key=lambda n: (-n.attempts, n.learner.pseudonym, n.learner.home))),
        ))
    return out


def competence_order(competence: str) -> tuple[int, ...]:
    """``digcomp:2.2:2.10`` sorts after ``digcomp:2.2:2.9``."""
    return tuple(int(part) for part in competence[len(PREFIX):].split("."))


__all__: Sequence[str] = (
    "AREAS_FR", "CompetenceSummary", "LevelCount", "NotYet", "competence_order", "digcomp_summary",
)
