"""Enrolling terminals: single-use enrol codes, terminal tokens, and the EPNs they vouch for.

Owns the life of an enrol code (8 characters, 15 minutes, single use, stored as SHA-256),
the exchange of a code for a terminal token (``secrets.token_urlsafe(32)``, stored as
SHA-256 — the token itself is shown once, to the kiosk), and :func:`trusted_issuers`:
the EPN public keys the hub accepts on progress QR codes (those of its enrolled terminals
plus those listed in the trusted issuers file). And the other end of a terminal's life:
:func:`find_terminal` and :func:`remove_terminal` (``kiosk hub terminal remove``, the
room's "Retirer ce terminal") — the token stops working, the statements stay.
"""

from __future__ import annotations

import json
import logging
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from kiosk.export.keys import epn_id_of, parse_public_key, public_key_text
from kiosk.hub.auth import token_hash
from kiosk.hub.models import EnrolCode, Terminal
from kiosk.store.models import utc_now

log = logging.getLogger(__name__)

#: No 0/O, 1/I/L: read aloud or copied from a phone without mistakes.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
CODE_LIFETIME = timedelta(minutes=15)
EPN_ID_PATTERN = re.compile(r"^[A-Z2-7]{8}$")


class EnrolRefused(Exception):
    """The code is wrong, used or expired (the kiosk gets 403, without saying which)."""


class EnrolInvalid(ValueError):
    """The kiosk's EPN id or public key cannot be accepted; the message says why."""


@dataclass(frozen=True)
class Enrolled:
    terminal_id: str
    token: str


def normalise_code(code: str) -> str:
    """The code as stored: capitals, without spaces or dashes (``abcd-efgh`` = ``ABCDEFGH``)."""
    return re.sub(r"[\s-]", "", code).upper()


def new_enrol_code(session: Session, created_by: str) -> str:
    """A fresh enrol code (committed), valid for 15 minutes, for one terminal."""
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    now = utc_now()
    session.add(EnrolCode(code_hash=token_hash(code), created_at=now, expires_at=now + CODE_LIFETIME,
                          created_by=created_by[:64]))
    session.commit()
    return code


def check_identity(epn_id: str, epn_public_key: str) -> str:
    """The public key in its canonical text, if it is a kiosk key and ``epn_id`` is its id."""
    if not EPN_ID_PATTERN.match(epn_id):
        raise EnrolInvalid("epn_id must be the 8 letters and digits printed by 'kiosk progress key'")
    try:
        key = parse_public_key(epn_public_key)
    except ValueError as error:
        raise EnrolInvalid(f"epn_public_key: {error}") from error
    if epn_id_of(key) != epn_id:
        raise EnrolInvalid(f"epn_public_key belongs to EPN {epn_id_of(key)}, not {epn_id}")
    return public_key_text(key)


def enrol(session: Session, *, code: str, label: str, epn_id: str, epn_public_key: str) -> Enrolled:
    """Use ``code`` once to enrol a terminal (committed); its token is returned only here.

    EnrolInvalid for a bad identity (checked first: the code is not used up by a typo);
    EnrolRefused when the code is wrong, already used or expired.
    """
    label = label.strip()
    if not 1 <= len(label) <= 100:
        raise EnrolInvalid("label must have 1 to 100 characters")
    key_text = check_identity(epn_id, epn_public_key)
    now = utc_now()
    # One conditional UPDATE: two kiosks racing with the same code cannot both win.
    used = session.execute(
        update(EnrolCode)
        .where(EnrolCode.code_hash == token_hash(normalise_code(code)))
        .where(EnrolCode.used_at.is_(None))
        .where(EnrolCode.expires_at > now)
        .values(used_at=now)
    )
    if used.rowcount != 1:  # type: ignore[attr-defined]
        session.rollback()
        raise EnrolRefused()
    token = secrets.token_urlsafe(32)
    terminal = Terminal(id=secrets.token_hex(16), label=label, epn_id=epn_id, epn_public_key=key_text,
                        token_hash=token_hash(token), enrolled_at=now)
    session.add(terminal)
    session.commit()
    return Enrolled(terminal.id, token)


class TerminalNotFound(LookupError):
    """No terminal, or more than one, answers to that id or label; the message says which."""


def enrolled_terminals(session: Session) -> list[Terminal]:
    """Every enrolled terminal, by label then enrolment date."""
    return list(session.scalars(select(Terminal).order_by(Terminal.label, Terminal.enrolled_at)))


def find_terminal(session: Session, id_or_label: str) -> Terminal:
    """The one terminal with this id, else with this label (any case); TerminalNotFound otherwise."""
    wanted = id_or_label.strip()
    terminal = session.get(Terminal, wanted.lower())
    if terminal is not None:
        return terminal
    same = list(session.scalars(select(Terminal).where(func.lower(Terminal.label) == wanted.lower())))
    if not same:
        raise TerminalNotFound(f"no terminal has the id or label {wanted!r} ('kiosk hub terminal list')")
    if len(same) > 1:
        ids = ", ".join(t.id for t in same)
        raise TerminalNotFound(f"{len(same)} terminals are labelled {wanted!r}: give the id ({ids})")
    return same[0]


def remove_terminal(session: Session, terminal_id: str) -> bool:
    """Revoke a terminal (committed): its token stops working; its statements are kept.

    False if no terminal has this id. The running hub's memory must be told as well
    (``relay.remove`` of :mod:`kiosk.hub.room_relay`, as the room page does); a hub in
    another process notices within its roster refresh.
    """
    removed = session.execute(delete(Terminal).where(Terminal.id == terminal_id))
    session.commit()
    return bool(removed.rowcount)  # type: ignore[attr-defined]


def epn_still_trusted(session: Session, epn_id: str, file: Path | None = None) -> bool:
    """Whether progress codes of ``epn_id`` are still accepted (another terminal, or the file)."""
    return epn_id in trusted_issuers(session, file)


def trusted_issuers(session: Session, file: Path | None = None) -> dict[str, str]:
    """EPN id → public key text of every EPN whose progress codes the hub accepts.

    The EPNs of the enrolled terminals, plus the entries of ``file`` (the kiosk's
    ``trusted_issuers.json`` format: ``{"K7QF2MZP": {"key": "...", "name": "..."}}``);
    an entry whose key does not match its id is ignored with a warning.
    """
    issuers: dict[str, str] = {}
    if file is not None and file.exists():
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            log.warning("%s cannot be read (%s): only enrolled EPNs are trusted", file, error)
            data = {}
        for epn_id, entry in (data.items() if isinstance(data, dict) else []):
            try:
                issuers[str(epn_id)] = check_identity(str(epn_id), str(entry.get("key", "")))
            except (EnrolInvalid, AttributeError):
                log.warning("%s: the key of %s is not valid; ignored", file, epn_id)
    for epn_id, key in session.execute(select(Terminal.epn_id, Terminal.epn_public_key)):
        issuers[epn_id] = key
    return issuers
