"""An exercise (or a path) the animator proposes to one terminal, as the live room keeps it.

Owns :class:`Proposal` and its rules; :class:`kiosk.hub.room_state.RoomState` keeps at
most one per terminal (a new one replaces the last) and calls :func:`settle`,
:func:`delivery` and :func:`heard` from under its lock. Nothing here is written to the
database: a proposal is worth something for minutes only.

A proposal's life (HUB_PROTOCOL.md, "Proposals"):

- ``asked``: the animator chose it; the terminal's next status answers carry it
  (``"proposal": {"id", "kind", "ref"}``) until the terminal says it has it;
- ``shown``: the kiosk shows the card "L'animateur vous propose : …";
- ``accepted`` ("Commencer"), ``later`` ("Plus tard"), ``unavailable`` (the terminal does
  not have that exercise or cannot follow paths), or ``dropped`` with a ``reason``:
  ``offline`` (the terminal was or went silent before showing it), ``wiped`` (an animator
  wiped the terminal, or the learner's session ended with the card open: ``ended``),
  ``expired`` (never picked up within :data:`EXPIRES_S`).

The kiosk tells where it stands in every status (``proposal_id``, ``proposal_state``);
only a change forwards counts (``asked`` → ``shown`` → an end), so a late status never
brings an answered proposal back.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

#: What a proposal names: one exercise (a scenario id) or a trainer's path (a path id).
ProposalKind = Literal["scenario", "path"]
KINDS: tuple[str, ...] = ("scenario", "path")
#: What the kiosk may say of a proposal in its status.
KioskAnswer = Literal["shown", "accepted", "later", "unavailable", "dropped"]
#: A proposal the terminal has not picked up within this long is dropped.
EXPIRES_S = 120.0
#: A proposal that ended stays on its tile this long (the animator glances at it).
SHOWN_FOR_S = 600.0

_OPEN = ("asked", "shown")
_ORDER = {"asked": 0, "shown": 1, "accepted": 2, "later": 2, "unavailable": 2, "dropped": 2}


@dataclass
class Proposal:
    """One proposal (mutable; guarded by the room's lock). ``asked_at`` and ``changed_at``
    are on the room's clock; ``by`` is the animator's login name (staff, never a learner)."""

    id: str
    kind: ProposalKind
    ref: str
    by: str
    asked_at: float
    state: str = "asked"
    reason: str | None = None
    changed_at: float = 0.0

    @property
    def open(self) -> bool:
        return self.state in _OPEN

    def end(self, state: str, at: float, reason: str | None = None) -> None:
        if self.open and _ORDER[state] >= _ORDER[self.state] and state != self.state:
            self.state, self.reason, self.changed_at = state, reason, at


def settle(proposal: Proposal | None, *, online: bool, now: float) -> None:
    """Drop an open proposal the terminal can no longer take: offline, or never picked up."""
    if proposal is None or not proposal.open:
        return
    if not online:
        proposal.end("dropped", now, "offline")
    elif proposal.state == "asked" and now - proposal.asked_at > EXPIRES_S:
        proposal.end("dropped", now, "expired")


def heard(proposal: Proposal | None, proposal_id: str | None, answer: str | None, now: float) -> None:
    """The terminal's status says where it stands with ``proposal_id``."""
    if proposal is None or proposal_id != proposal.id or answer is None or answer not in _ORDER:
        return
    proposal.end(answer, now, "ended" if answer == "dropped" else None)


def delivery(proposal: Proposal | None) -> dict[str, Any] | None:
    """What the status answer carries while the terminal has not said it has the proposal."""
    if proposal is None or proposal.state != "asked":
        return None
    return {"id": proposal.id, "kind": proposal.kind, "ref": proposal.ref}


def tile(proposal: Proposal | None, titles: dict[str, str] | Any, now: float) -> dict[str, Any] | None:
    """The tile's ``proposal`` (JSON-ready), or None when there is none worth showing."""
    if proposal is None or (not proposal.open and now - proposal.changed_at > SHOWN_FOR_S):
        return None
    return {"id": proposal.id, "kind": proposal.kind, "ref": proposal.ref,
            "title": titles.get(proposal.ref, proposal.ref) if proposal.kind == "scenario" else proposal.ref,
            "state": proposal.state, "reason": proposal.reason, "by": proposal.by,
            "seconds": int(now - proposal.asked_at)}


def as_call(proposal: Proposal, now: float) -> dict[str, Any]:
    """The proposal for a process that has just joined (ages, not moments)."""
    return {"id": proposal.id, "kind": proposal.kind, "ref": proposal.ref, "by": proposal.by,
            "state": proposal.state, "reason": proposal.reason,
            "age": round(now - proposal.asked_at, 3), "changed_age": round(now - proposal.changed_at, 3)}


def from_call(call: dict[str, Any], at: float) -> Proposal | None:
    try:
        kind = str(call["kind"])
        if kind not in KINDS or str(call["state"]) not in _ORDER:
            return None
        return Proposal(str(call["id"]), kind, str(call["ref"]), str(call["by"]),  # type: ignore[arg-type]
                        at - float(call["age"]), str(call["state"]), call.get("reason"),
                        at - float(call["changed_age"]))
    except (KeyError, TypeError, ValueError):
        return None
