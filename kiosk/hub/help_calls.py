"""The help call log: the room's calls written to ``help_calls``, for the coordinator's totals.

Owns how the moments the live room hands out (:class:`kiosk.hub.room_state.HelpCallChange`:
called, answered, ended) become rows: one row per call, with the terminal's EPN as it
was when the call came, the time of the first "J'arrive" and the seconds waited until
it. The room keeps its calls in memory; :mod:`kiosk.hub.room` writes their moments here
every few seconds (a heartbeat costs no database write) and at shutdown, and calls
:func:`close_open_calls` at startup: a call open when the hub stopped is over (the
kiosk raises it again if its learner still waits).

No learner, no staff name: a terminal, an EPN and three times.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import update
from sqlalchemy.orm import Session

from kiosk.hub.models import HelpCall, Terminal
from kiosk.hub.room_state import HelpCallChange


def record(session: Session, changes: Iterable[HelpCallChange]) -> int:
    """Write the moments, oldest first, in one transaction (committed); how many were written.

    A moment of a call the log does not hold (its "called" was lost) is skipped.
    """
    written = 0
    for change in changes:
        if change.moment == "called":
            if session.get(HelpCall, change.call_id) is None:
                terminal = session.get(Terminal, change.terminal_id)
                session.add(HelpCall(id=change.call_id, terminal_id=change.terminal_id,
                                     epn_id=terminal.epn_id if terminal else "", called_at=change.at))
                session.flush()
                written += 1
            continue
        call = session.get(HelpCall, change.call_id)
        if call is None:
            continue
        if change.moment == "answered" and call.answered_at is None:
            call.answered_at = change.at
            call.wait_seconds = max(0, round((change.at - call.called_at).total_seconds()))
            written += 1
        elif change.moment == "ended" and call.ended_at is None:
            call.ended_at = change.at
            written += 1
    session.commit()
    return written


def close_open_calls(session: Session, at: datetime) -> int:
    """End every call still open in the log (at startup: the room starts empty)."""
    result = session.execute(update(HelpCall).where(HelpCall.ended_at.is_(None)).values(ended_at=at))
    session.commit()
    return int(getattr(result, "rowcount", 0) or 0)
