"""What the forward queue holds, and what staff may do with the statements set aside.

Owns the readings and the two actions behind ``kiosk hub forward`` and the ``/forward``
page: how many statements wait, went out, were set aside (each with the LRS's reason),
the last error of the statements still trying and when the next try is due; **retry**
(a set-aside statement is due again now) and **drop** (it stays in the hub, it is no
longer forwarded: its queue row goes). The worker is :mod:`kiosk.hub.forward`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, Engine, delete, func, select, update

from kiosk.hub.models import ForwardItem, Statement
from kiosk.store.models import utc_now

#: Set-aside statements listed at most (the count covers them all).
LISTED = 200


@dataclass(frozen=True)
class QueueCounts:
    waiting: int
    sent: int
    refused: int  # set aside


@dataclass(frozen=True)
class SetAside:
    """A statement the LRS refused for good, with its answer."""

    statement_id: str
    verb: str
    timestamp: datetime
    tries: int
    reason: str


@dataclass(frozen=True)
class ForwardStatus:
    counts: QueueCounts
    last_error: str | None  # of the statements still trying
    next_try: datetime | None
    set_aside: list[SetAside]


def _set_aside_filter() -> tuple[ColumnElement[bool], ...]:
    return ForwardItem.sent_at.is_(None), ForwardItem.next_try_at.is_(None)


def queue_counts(engine: Engine) -> QueueCounts:
    """How many statements wait, went out, and were set aside."""
    with engine.connect() as connection:
        waiting = connection.scalar(select(func.count()).where(ForwardItem.next_try_at.is_not(None)))
        sent = connection.scalar(select(func.count()).where(ForwardItem.sent_at.is_not(None)))
        refused = connection.scalar(select(func.count()).where(*_set_aside_filter()))
    return QueueCounts(int(waiting or 0), int(sent or 0), int(refused or 0))


def forward_status(engine: Engine) -> ForwardStatus:
    """The queue as staff see it (the first :data:`LISTED` set-aside statements, oldest first)."""
    counts = queue_counts(engine)
    with engine.connect() as connection:
        trying = connection.execute(
            select(ForwardItem.last_error).where(ForwardItem.next_try_at.is_not(None),
                                                 ForwardItem.last_error.is_not(None))
            .order_by(ForwardItem.next_try_at.desc()).limit(1)).scalar()
        next_try = connection.scalar(select(func.min(ForwardItem.next_try_at)))
        aside = connection.execute(
            select(ForwardItem.statement_id, Statement.verb, Statement.timestamp, ForwardItem.tries,
                   ForwardItem.last_error)
            .join(Statement, Statement.id == ForwardItem.statement_id)
            .where(*_set_aside_filter())
            .order_by(ForwardItem.queued_at, ForwardItem.statement_id).limit(LISTED)).all()
    return ForwardStatus(counts, trying, next_try,
                         [SetAside(i, verb, at, tries, reason or "") for i, verb, at, tries, reason in aside])


def retry(write_engine: Engine, statement_ids: Sequence[str] | None = None) -> int:
    """Make set-aside statements due now (all of them when ``statement_ids`` is None)."""
    where = [*_set_aside_filter()]
    if statement_ids is not None:
        where.append(ForwardItem.statement_id.in_(list(statement_ids)))
    with write_engine.begin() as connection:
        done = connection.execute(update(ForwardItem).where(*where).values(
            next_try_at=utc_now(), tries=0))
    return int(done.rowcount or 0)


def drop(write_engine: Engine, statement_ids: Sequence[str]) -> int:
    """Stop forwarding these set-aside statements (they stay in the hub)."""
    with write_engine.begin() as connection:
        done = connection.execute(delete(ForwardItem).where(
            *_set_aside_filter(), ForwardItem.statement_id.in_(list(statement_ids))))
    return int(done.rowcount or 0)
