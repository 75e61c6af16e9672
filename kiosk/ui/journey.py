"""The learner's journey in this session: the path they follow, their place in it, their
placement profiles and their latest self-assessment.

Owns what the screens ask about it ("what is next in my path?", "which round is this
placement?") and the writes that keep it: the path and the place on the store's worker
(``Store.save_path``), a placement's profile and its xAPI statement through the logbook.
It starts empty for a new learner and from the store's :class:`LearnerProgress` for one
who came back with their code. The rules (what a placement proposes) are in
:mod:`kiosk.engine.paths` and :mod:`kiosk.engine.placement`.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from kiosk import strings
from kiosk.engine.model import Text
from kiosk.engine.paths import LearningPath, PathPlace
from kiosk.engine.placement import PlacedProfile

if TYPE_CHECKING:
    from kiosk.store.progress import LearnerProgress

log = logging.getLogger(__name__)

#: The pictogram of a path proposed after a placement (it has no file to name one).
PROPOSED_PICTOGRAM = "footprints"


class Journey:
    def __init__(self, app: Any) -> None:
        self.app = app
        self.path: PathPlace | None = None
        self.placements: tuple[PlacedProfile, ...] = ()
        self.answers: dict[str, str] = {}  # the latest self-assessment answers

    def reset(self, progress: LearnerProgress | None = None) -> None:
        """A new session: empty, or what the store keeps for a learner who came back."""
        self.path = progress.path if progress is not None else None
        self.placements = progress.placements if progress is not None else ()
        sets = progress.answer_sets if progress is not None else ()
        self.answers = dict(sets[-1].answers) if sets else {}

    # -- the path ---------------------------------------------------------------------------
    def known_paths(self) -> dict[str, LearningPath]:
        """The paths this kiosk has: shipped, and those its hub published."""
        catalogue = self.app.catalogue
        return {p.id: p for p in catalogue.paths} if catalogue is not None else {}

    def shipped(self) -> LearningPath | None:
        if self.path is None or self.path.path_id is None:
            return None
        return self.known_paths().get(self.path.path_id)

    def exercises(self) -> tuple[str, ...]:
        """The current path's exercises (empty: no path, or one this kiosk does not have)."""
        if self.path is None:
            return ()
        shipped = self.shipped()
        return shipped.exercises if shipped is not None else self.path.exercises

    def title(self) -> Text:
        shipped = self.shipped()
        return shipped.title if shipped is not None else strings.text("path.mine")

    def pictogram(self) -> str:
        shipped = self.shipped()
        return shipped.pictogram if shipped is not None else PROPOSED_PICTOGRAM

    @property
    def place(self) -> int:
        return min(self.path.place, len(self.exercises())) if self.path is not None else 0

    def next_exercise(self) -> str | None:
        """The next exercise of the path this kiosk can play (None: none, or finished)."""
        if self.path is None:
            return None
        sid = self.path.next_exercise(self.known_paths())
        return sid if sid is not None and sid in self.app.catalogue.scenarios else None

    def has_path(self) -> bool:
        return bool(self.exercises())

    def follow(self, path: PathPlace) -> None:
        """The learner follows ``path`` from now (kept in the store)."""
        self.path = path
        self._save()

    def done(self, scenario_id: str) -> bool:
        """An exercise was finished: when it is the path's next one, the place moves on.
        True when it was."""
        if self.path is None or self.next_exercise() != scenario_id:
            return False
        self.path = PathPlace(self.path.path_id, self.path.exercises, self.path.place + 1)
        self._save()
        return True

    def _save(self) -> None:
        path = self.path
        at = datetime.now(UTC)
        self.app.learner_job(lambda store, learner: store.save_path(learner, path, at=at),
                             lambda _r: None,
                             lambda error: log.error("the path could not be kept: %s", error))

    # -- placements -------------------------------------------------------------------------
    def next_round(self) -> str:
        """``start`` for a first placement, ``mid`` after (the animator may say ``end``)."""
        return "mid" if self.placements else "start"

    def keep_placement(self, levels: Mapping[str, int], round: str) -> None:
        """A placement ended: its profile is the day's (stored with its xAPI statement)."""
        today = date.today()
        profile = PlacedProfile(taken_on=today, levels=dict(levels))
        self.placements = (*(p for p in self.placements if p.taken_on != today), profile)
        if self.app.logbook is not None:
            self.app.logbook.record_placement(dict(profile.levels), round, self.app.language)
