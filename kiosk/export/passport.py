"""The progress passport: issue a learner's signed QR code, read one, resume from one.

Owns :class:`Passport`, the one object the kiosk's screens and the CLI use. It joins the
store (what the learner did), the scenarios (their DigComp competences and levels), this
EPN's key and the trusted issuers. Its methods that take a ``store`` are meant to run on
the store writer's worker thread, e.g.::

    writer.submit(lambda store: passport.issue(store, learner_id), on_done=show)

so neither the database nor the QR encoding runs on the screen's thread. A Passport is
immutable after construction and may be shared between threads.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.engine.competence import Practised, levels_reached
from kiosk.engine.paths import PathPlace
from kiosk.engine.placement import PlacedProfile
from kiosk.export.keys import SigningKey, TrustedIssuers
from kiosk.export.picture_code import PictureCode, picture_code, pseudonym_for
from kiosk.export.qr import QrCode, make_qr
from kiosk.export.record import ProgressRecord
from kiosk.export.sealed import VALID_DAYS, Opened, hub_link, open_code, seal
from kiosk.store.progress import LearnerProgress, LearnerRef

if TYPE_CHECKING:  # SQLAlchemy stays on the writer's thread
    from kiosk.config import Config
    from kiosk.store.repository import Store

@dataclass(frozen=True)
class IssuedPassport:
    """A learner's passport as the results screen shows it.

    ``code`` is the signed ``EPN1:`` text; ``qr`` holds it, or the hub link to it when
    a hub is configured; ``picture`` is the learner's picture code.
    """

    record: ProgressRecord
    code: str
    qr: QrCode
    picture: PictureCode


@dataclass(frozen=True)
class Resumed:
    """The outcome of "I already have a code": the verdict, and the learner if merged."""

    opened: Opened
    learner: LearnerRef | None = None


class Passport:
    """This EPN's passport office: keys, trusted issuers and the scenarios it knows."""

    def __init__(
        self,
        *,
        home: Path,
        scenarios: Iterable[Practised] = (),
        epn_name: str = "",
        hub_url: str | None = None,
        valid_days: int = VALID_DAYS,
        paths: Iterable[str] = (),
    ) -> None:
        self.key = SigningKey.load_or_create(home)
        self.trusted = TrustedIssuers(home, self.key, epn_name)
        self.epn_id = self.key.epn_id
        self.epn_name = epn_name
        self.hub_url = hub_url
        self.valid_days = valid_days
        self._scenarios = tuple(scenarios)
        self._scenario_ids = tuple(s.id for s in self._scenarios)
        self._path_ids = tuple(paths)  # the shipped paths' ids, to name them in a code read

    @classmethod
    def from_config(cls, config: Config, scenarios: Iterable[Practised] = (),
                    paths: Iterable[str] = ()) -> Passport:
        """The passport of a configured kiosk (its home, EPN name and hub address);
        ``paths``: the ids of the paths it has (shipped and published by its hub)."""
        return cls(
            home=config.home,
            scenarios=scenarios,
            epn_name=config.epn_name or config.terminal_label,
            hub_url=config.hub_url,
            paths=paths,
        )

    # -- issuing ------------------------------------------------------------------------

    def record_for(self, progress: LearnerProgress, *, today: date | None = None,
                   path: PathPlace | None = None,
                   placements: Iterable[PlacedProfile] = ()) -> ProgressRecord:
        """The record of a learner's progress, issued by this EPN ``today``.

        DigComp levels: those this kiosk's scenarios show (by the engine's rule) and
        those imported records brought, whichever is higher. ``path``: the path the
        learner follows and their place in it; ``placements``: their placement profiles
        (the record keeps the first and the two latest). Both default to what the store
        keeps for the learner (``progress``).
        """
        today = today or date.today()
        best = {r.scenario_id: r.best_stars for r in progress.results}
        competences = dict(levels_reached(best, self._scenarios))
        for competence, level in progress.competences.items():
            competences[competence] = max(level, competences.get(competence, 0))
        return ProgressRecord(
            pseudonym=progress.learner.pseudonym,
            issuer=self.epn_id,
            origin=progress.learner.origin or self.epn_id,
            issued=today,
            expires=today + timedelta(days=self.valid_days),
            results=progress.results,
            answer_sets=progress.answer_sets,
            competences=dict(sorted(competences.items())),
            path=path if path is not None else progress.path,
            placements=tuple(placements) or progress.placements,
        )

    def seal(self, record: ProgressRecord) -> IssuedPassport:
        """Sign a record and draw its QR code (no database needed)."""
        code = seal(record, self.key)
        content = hub_link(code, self.hub_url) if self.hub_url else code
        return IssuedPassport(
            record=record, code=code, qr=make_qr(content), picture=picture_code(record.pseudonym)
        )

    def issue(self, store: Store, learner_id: str, *, today: date | None = None) -> IssuedPassport:
        """A learner's passport from the store (run it on the writer's thread)."""
        return self.seal(self.record_for(store.learner_progress(learner_id), today=today))

    # -- reading ------------------------------------------------------------------------

    def open(self, text: str, *, today: date | None = None) -> Opened:
        """Check a scanned or typed code (``EPN1:…`` or a hub link). Never raises."""
        return open_code(
            text,
            trusted=self.trusted.all(),
            today=today or date.today(),
            known_scenarios=self._scenario_ids,
            known_paths=self._path_ids,
            valid_days=self.valid_days,
        )

    def resume(
        self,
        store: Store,
        text: str,
        *,
        today: date | None = None,
        now: datetime | None = None,
    ) -> Resumed:
        """Check a code and, if valid, merge it into the store (twice = once).

        Returns the learner to continue with; a refused code changes nothing.
        """
        opened = self.open(text, today=today)
        if not opened.ok or opened.record is None:
            return Resumed(opened)
        return Resumed(opened, self.merge(store, opened.record, now=now))

    def merge(
        self, store: Store, record: ProgressRecord, *, now: datetime | None = None
    ) -> LearnerRef:
        """Merge a record that :meth:`open` found valid into the store."""
        return store.import_progress(
            pseudonym=record.pseudonym,
            origin="" if record.origin == self.epn_id else record.origin,
            issuer=record.issuer,
            results=record.results,
            answer_sets=record.answer_sets,
            competences=record.competences,
            path=record.path,
            placements=record.placements,
            imported_at=now or datetime.now(UTC),
        )

    def find(self, store: Store, code: str) -> LearnerRef | None:
        """The learner a typed picture code (or pseudonym) stands for here, or None."""
        pseudonym = pseudonym_for(code)
        if pseudonym is None:
            from kiosk.store.pseudonym import is_pseudonym

            pseudonym = code.strip() if is_pseudonym(code.strip()) else None
        if pseudonym is None:
            return None
        found = store.learners_with_pseudonym(pseudonym)
        return found[0] if found else None

    def save_self_assessment(
        self,
        store: Store,
        learner_id: str,
        answers: Mapping[str, str],
        *,
        today: date | None = None,
    ) -> None:
        """Keep today's self-assessment answers (question id → yes/a_little/not_yet)."""
        store.save_self_assessment(learner_id, answers, asked_on=today or date.today())
