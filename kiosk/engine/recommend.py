"""Which exercise to suggest next: the one rule behind "Ensuite, je vous propose…".

Owns :func:`next_scenario`. The kiosk's exercises come in the order trainers gave them
(modules, then the scenarios of each module); a learner is steered to the first one
after where they are that they have not yet done on their own (fewer than
:data:`~kiosk.engine.competence.STARS_FOR_TARGET_LEVEL` stars: never finished, or only
after the demo). The module the learner is in comes first, so practice stays on one
topic until it is done; then the next modules, then the ones before.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

from kiosk.engine.competence import STARS_FOR_TARGET_LEVEL


class Exercise(Protocol):
    """What the rule needs to know of a scenario (an engine ``Scenario`` fits)."""

    @property
    def id(self) -> str: ...

    @property
    def module(self) -> str: ...


def done_alone(best_stars: Mapping[str, int], scenario_id: str) -> bool:
    """Finished at least once without the demo."""
    return best_stars.get(scenario_id, 0) >= STARS_FOR_TARGET_LEVEL


def next_scenario(
    ordered: Sequence[Exercise],
    best_stars: Mapping[str, int],
    *,
    after: str | None = None,
    module: str | None = None,
) -> str | None:
    """The id of the exercise to suggest, or None when every one is done alone.

    ``ordered``: the kiosk's exercises in teaching order. ``after``: the one just
    played (it is not suggested again; the learner has "again" for that). ``module``:
    where to look first (the module of ``after`` when not given; for a first visit,
    the module the self-assessment suggested).
    """
    ids = [s.id for s in ordered]
    start = ids.index(after) + 1 if after in ids else 0
    module = module or next((s.module for s in ordered if s.id == after), None)
    rotated = [*ordered[start:], *ordered[:start]]
    candidates = [s for s in rotated if s.id != after and not done_alone(best_stars, s.id)]
    if module is not None:
        in_module = [s for s in candidates if s.module == module]
        if in_module:
            return in_module[0].id
    return candidates[0].id if candidates else None
