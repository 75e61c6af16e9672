"""The DigComp level a learner has reached, from their best result per scenario.

Owns the one rule that turns stars into DigComp 2.2 proficiency levels, so the results
screen, the progress record and the printed attestation all say the same thing.

DigComp's foundation levels are "1: with guidance" and "2: with some autonomy, guidance
where needed". Finishing a scenario after watching the demo (1 star) is practice with
guidance, so it counts for level 1 only; finishing it with at most a repeated or
highlighted hint (2 or 3 stars) counts for the level the scenario targets.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Protocol

from kiosk.engine.digcomp import competence_of

#: Best stars from which a scenario counts for its own target level.
STARS_FOR_TARGET_LEVEL = 2


class Practised(Protocol):
    """What the rule needs to know of a scenario (an engine ``Scenario`` fits)."""

    @property
    def id(self) -> str: ...

    @property
    def digcomp(self) -> tuple[str, ...]: ...

    @property
    def level(self) -> int: ...


def level_for(scenario_level: int, best_stars: int) -> int:
    """The DigComp level one finished scenario shows: 0 if it was never finished."""
    if best_stars <= 0:
        return 0
    if best_stars >= STARS_FOR_TARGET_LEVEL:
        return max(1, scenario_level)
    return 1


def levels_reached(
    best_stars: Mapping[str, int], scenarios: Iterable[Practised]
) -> dict[str, int]:
    """Competence id (``digcomp:2.2:2.1``) → highest level shown by a finished scenario.

    ``best_stars`` maps scenario id → best stars (0 or absent: not finished). Scenarios
    this kiosk does not know are ignored (their levels travel in the record itself);
    competence ids outside DigComp 2.2 too.
    """
    reached: dict[str, int] = {}
    for scenario in scenarios:
        level = level_for(scenario.level, best_stars.get(scenario.id, 0))
        if level == 0:
            continue
        for competence in scenario.digcomp:
            if competence_of(competence) is None:
                continue
            reached[competence] = max(reached.get(competence, 0), level)
    return dict(sorted(reached.items()))
