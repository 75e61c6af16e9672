"""Helpers of the review tests: learners practising real scenarios, as xAPI statements.

Statements are made by the kiosk's own builders (:mod:`kiosk.sync.xapi`) for scenarios of
the bundled catalogue, then stored in a hub database the way the hub reads them
(:func:`kiosk.sync.xapi.read_fields`). Nothing here is invented by hand: a learner opens a
scenario, is shown each step, answers wrong or right, gets hints, finishes with stars or
stops, and may press "J'ai besoin d'aide".
"""

from __future__ import annotations

import io
import itertools
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PIL import Image, ImageDraw
from sqlalchemy.orm import Session

from kiosk.config import BUNDLED_SCENARIOS
from kiosk.engine.catalogue import Catalogue, load_catalogue
from kiosk.engine.model import Scenario
from kiosk.export.keys import SigningKey
from kiosk.export.qr import make_qr
from kiosk.export.record import ProgressRecord, encode_payload
from kiosk.export.sealed import SIGNED_CONTEXT, code_text
from kiosk.hub.models import Statement
from kiosk.store.progress import AnswerSet, ScenarioResult
from kiosk.sync import xapi

#: A Monday morning in a Belgian EPN (09:00 in Brussels).
MONDAY = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)


@cache
def catalogue() -> Catalogue:
    """The bundled scenarios (loaded once per test process)."""
    return load_catalogue(Path(BUNDLED_SCENARIOS))


def scenario(scenario_id: str) -> Scenario:
    return catalogue().scenarios[scenario_id]


def new_id() -> str:
    return uuid.uuid4().hex


@dataclass
class KioskSession:
    """One learner's session at one terminal; methods append the statements it makes.

    Like the kiosk's logbook, it numbers the session's statements (``seq``) unless
    ``numbered`` is False (a kiosk from before the number existed). ``praise_ms`` is the
    time between a right answer and the next step shown: 0 is today's kiosk (the praise
    shows with the next step, in the same millisecond).
    """

    learner: xapi.Learner
    terminal_id: str
    start: datetime
    language: str = "fr"
    session_id: str = field(default_factory=new_id)
    statements: list[dict[str, Any]] = field(default_factory=list)
    clock: datetime | None = None
    numbered: bool = True
    praise_ms: int = 800

    def __post_init__(self) -> None:
        self.clock = self.start
        self._counter = itertools.count()
        self.statements.append(xapi.build_session(
            "initialized", learner=self.learner, session_id=self.session_id, terminal_id=self.terminal_id,
            language=self.language, at=self.start, seq=self.seq()))

    def seq(self) -> int | None:
        """The next statement number of the session, as the logbook counts them."""
        return next(self._counter) if self.numbered else None

    @property
    def now(self) -> datetime:
        assert self.clock is not None
        return self.clock

    def wait(self, seconds: float) -> None:
        self.clock = self.now + timedelta(seconds=seconds)

    def practise(
        self,
        scenario_id: str,
        *,
        errors: Mapping[str, int] | None = None,
        hints: Mapping[str, Sequence[int]] | None = None,
        seconds: Mapping[str, float] | None = None,
        stop_at: str | None = None,
        stars: int = 3,
        default_seconds: float = 6.0,
        help_at: str | None = None,
    ) -> str:
        """An attempt at a real scenario: each step shown, ``errors[step]`` wrong answers,
        ``hints[step]`` hint levels, ``seconds[step]`` on it; stops (abandons) when
        ``stop_at`` is shown, else finishes with ``stars``; presses "J'ai besoin d'aide"
        when ``help_at`` is shown. Returns the attempt id."""
        sc = scenario(scenario_id)
        attempt = xapi.Attempt(
            attempt_id=new_id(), session_id=self.session_id, terminal_id=self.terminal_id,
            scenario_id=sc.id, title_fr=sc.title.get("fr"), language=self.language, digcomp=sc.digcomp,
            step_ids=tuple(s.id for s in sc.steps), started_at=self.now)
        self.statements.append(xapi.build_attempted(attempt, self.learner, seq=self.seq()))
        errors, hints, seconds = errors or {}, hints or {}, seconds or {}
        offset = 0

        def event(kind: str, step: str | None, **extra: Any) -> None:
            self.statements.append(xapi.build_event(
                attempt, self.learner, event_id=new_id(), kind=kind, step_id=step, t_offset_ms=offset,
                seq=self.seq(), **extra))

        for step in sc.steps:
            event("shown", step.id)
            if step.id == help_at:
                self.statements.append(xapi.build_help_call(
                    call_id=new_id(), learner=self.learner, session_id=self.session_id,
                    terminal_id=self.terminal_id, language=self.language,
                    at=attempt.started_at + timedelta(milliseconds=offset + 2000), seq=self.seq()))
            begun, spent = offset, int(seconds.get(step.id, default_seconds) * 1000)
            wrongs, levels = errors.get(step.id, 0), list(hints.get(step.id, ()))
            happenings: list[tuple[str, int]] = []
            for i in range(max(wrongs, len(levels))):  # wrong, hint, wrong, hint…
                if i < wrongs:
                    happenings.append(("wrong", 0))
                if i < len(levels):
                    happenings.append(("demo" if levels[i] == 3 else "hint", levels[i]))
            gap = spent // (len(happenings) + 1)
            for kind, level in happenings:
                offset += gap
                if kind == "wrong":
                    event(kind, step.id)
                else:
                    event(kind, step.id, hint_level=level)
            offset = begun + spent
            if step.id == stop_at:
                event("abandoned", None)
                break
            event("correct", step.id)
            offset += self.praise_ms  # the success words, then the next step
        else:
            offset += 1000
            event("finished", None, stars=stars)
        self.clock = attempt.started_at + timedelta(milliseconds=offset) + timedelta(seconds=5)
        return attempt.attempt_id

    def call_for_help(self) -> None:
        self.statements.append(xapi.build_help_call(
            call_id=new_id(), learner=self.learner, session_id=self.session_id, terminal_id=self.terminal_id,
            language=self.language, at=self.now, seq=self.seq()))
        self.wait(30)

    def end(self) -> list[dict[str, Any]]:
        self.statements.append(xapi.build_session(
            "terminated", learner=self.learner, session_id=self.session_id, terminal_id=self.terminal_id,
            language=self.language, at=self.now, seq=self.seq()))
        return self.statements


def store_statements(session: Session, statements: Iterable[dict[str, Any]], *,
                     terminal_id: str | None = None) -> int:
    """Keep statements in a hub database as the hub does (columns from ``read_fields``)."""
    count = 0
    for statement in statements:
        assert not xapi.validate_statement(statement), xapi.validate_statement(statement)
        f = xapi.read_fields(statement)
        session.add(Statement(
            id=f.id, timestamp=f.timestamp,
            terminal_id=terminal_id if terminal_id is not None else f.terminal_id,
            actor_home=f.actor_home, actor_name=f.actor_name, verb=f.verb, object_id=f.object_id,
            scenario_id=f.scenario_id, step_id=f.step_id, registration=f.registration,
            session_id=f.session_id, success=f.success, score_raw=f.score_raw, hint_level=f.hint_level,
            t_offset_ms=f.t_offset_ms, language=f.language, seq=f.seq, body=xapi.canonical_json(statement)))
        count += 1
    session.commit()
    return count


#: The scenario whose "attach" step (3rd: "Cliquez sur Joindre un fichier.") is hard.
HARD_SCENARIO = "email.attach"
HARD_STEP = "attach"


def morning_class(terminal_id: str, epn: str = "K7QF2MZP") -> dict[str, list[dict[str, Any]]]:
    """Four learners on one Monday morning, by pseudonym → their statements.

    On ``email.attach`` everyone struggles on ``attach`` (errors and hints, slow); two of
    them give up there (``Meuse-5150`` after calling the animator on it), one stops at
    ``documents``; ``Tulipe-0412`` also clicks through the mouse and calls for help between
    the two exercises.
    """
    out: dict[str, list[dict[str, Any]]] = {}
    plans = [
        ("Tulipe-0412", dict(errors={"attach": 3}, hints={"attach": [1, 2]}, seconds={"attach": 60}), 2),
        ("Saule-1234", dict(errors={"attach": 2}, hints={"attach": [1]}, seconds={"attach": 40}), 3),
        ("Merle-0007", dict(errors={"attach": 4}, hints={"attach": [1, 2, 3]}, stop_at="documents"), 0),
        ("Meuse-5150", dict(errors={"attach": 1, "open": 1}, stop_at="attach", help_at="attach"), 0),
        ("Lilas-0042", dict(errors={"attach": 2}, hints={"attach": [1]}, stop_at="attach"), 0),
    ]
    for i, (pseudonym, plan, stars) in enumerate(plans):
        learner = xapi.Learner(origin_epn=epn, pseudonym=pseudonym)
        visit = KioskSession(learner, terminal_id, MONDAY + timedelta(minutes=7 * i))
        if pseudonym == "Tulipe-0412":
            visit.practise("mouse.click", errors={}, stars=3)
            visit.call_for_help()
        visit.practise(HARD_SCENARIO, stars=stars or 3, **plan)  # type: ignore[arg-type]
        out[pseudonym] = visit.end()
    return out


# -- progress QR codes ---------------------------------------------------------------------


def enrol_with_key(hub: Any, key: SigningKey, label: str = "Borne accueil") -> tuple[str, str]:
    """Enrol a terminal of the EPN whose signing key is ``key`` (through the real API):
    its id and bearer token."""
    with hub.client() as client:
        answer = client.post("/api/terminals/enrol", json={
            "code": hub.enrol_code(), "label": label, "epn_id": key.epn_id,
            "epn_public_key": key.public_text})
    assert answer.status_code == 201, answer.text
    return str(answer.json()["terminal_id"]), str(answer.json()["token"])


def post_statements(hub: Any, token: str, statements: Sequence[dict[str, Any]]) -> int:
    """Send statements as the terminal's sync client does: POST /xAPI/statements."""
    headers = {"Authorization": f"Bearer {token}", "X-Experience-API-Version": xapi.XAPI_VERSION}
    with hub.client(headers=headers) as client:
        for start in range(0, len(statements), 500):
            answer = client.post("/xAPI/statements", json=list(statements[start:start + 500]))
            assert answer.status_code == 200, answer.text
    return len(statements)


@dataclass
class Classroom:
    """A class that practised at an enrolled terminal of one EPN (see :func:`morning_class`)."""

    key: SigningKey
    terminal_id: str
    statements: int


def seed_classroom(hub: Any, label: str = "Borne accueil") -> Classroom:
    """Enrol a terminal of a new EPN on ``hub``; it sends its morning class's statements."""
    key = new_key()
    terminal_id, token = enrol_with_key(hub, key, label)
    statements = [s for visit in morning_class(terminal_id, epn=key.epn_id).values() for s in visit]
    return Classroom(key, terminal_id, post_statements(hub, token, statements))


def new_key() -> SigningKey:
    return SigningKey(Ed25519PrivateKey.generate())


def progress_record(key: SigningKey, pseudonym: str = "Tulipe-0412", *, issued: date | None = None,
                    origin: str | None = None) -> ProgressRecord:
    """A learner's record as a kiosk of ``key``'s EPN issues it: two scenarios finished,
    two DigComp levels, a self-assessment before and after."""
    issued = issued or date.today()
    return ProgressRecord(
        pseudonym=pseudonym, issuer=key.epn_id, origin=origin or key.epn_id, issued=issued,
        expires=issued + timedelta(days=365),
        results=(ScenarioResult(scenario_id="email.attach", best_stars=2, times_done=3, max_hint_level=2),
                 ScenarioResult(scenario_id="mouse.click", best_stars=3, times_done=1, max_hint_level=0)),
        answer_sets=(AnswerSet(asked_on=issued - timedelta(days=14), answers={"mouse": "a_little",
                                                                               "email_attach": "not_yet"}),
                     AnswerSet(asked_on=issued, answers={"mouse": "yes", "email_attach": "a_little"})),
        competences={"digcomp:2.2:2.2": 2, "digcomp:2.2:1.1": 1},
    )


def forged(record: ProgressRecord, wrong_key: SigningKey) -> str:
    """A code that claims ``record.issuer`` but was signed with another key."""
    payload = encode_payload(record)
    return code_text(payload, wrong_key.sign(SIGNED_CONTEXT + payload))


def qr_png(content: str, path: Path, *, scale: int = 6) -> Path:
    """The QR code a kiosk draws for ``content``, photographed: on a grey desk, with a margin."""
    code = Image.open(io.BytesIO(make_qr(content).png(scale=scale)))
    desk = Image.new("RGB", (code.width + 240, code.height + 180), (128, 120, 110))
    desk.paste(code.convert("RGB"), (130, 70))
    desk.save(path)
    return path


def photo_without_qr(path: Path) -> Path:
    """A photo of something else (a few shapes on a desk)."""
    picture = Image.new("RGB", (640, 480), (200, 190, 170))
    draw = ImageDraw.Draw(picture)
    draw.ellipse((100, 100, 300, 300), fill=(30, 90, 160))
    draw.rectangle((350, 120, 560, 380), fill=(160, 40, 40))
    picture.save(path)
    return path
