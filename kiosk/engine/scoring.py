"""Stars for one attempt: help used lowers them, nothing ever makes them zero.

3 stars: done without help. 2: done with hints. 1: done after seeing the demo.
There is no "failed": every finished attempt is a success with some help.
"""

from __future__ import annotations

from collections.abc import Iterable

from kiosk.engine.model import HintLevel


def stars_for(help_per_step: Iterable[int]) -> int:
    """Stars from the highest hint level reached on each step."""
    worst = max(help_per_step, default=HintLevel.NONE)
    if worst >= HintLevel.DEMO:
        return 1
    if worst > HintLevel.NONE:
        return 2
    return 3
