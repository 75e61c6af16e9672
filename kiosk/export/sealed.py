"""Signed progress codes: a record → ``EPN1:…`` text, and that text → a checked record.

Owns the envelope (after the EU digital COVID certificate pattern): CBOR payload →
Ed25519 signature → the payload's bytes followed by the 64 signature bytes → Base45
(RFC 9285) → prefix ``EPN1:``. Base45 uses exactly the QR alphanumeric characters, so the
QR stays small. The signature covers :data:`SIGNED_CONTEXT` + the payload bytes: any
changed byte, and any record made for another purpose with the same key, fails.

Codes made before December 2026 carried ``zlib(CBOR [payload, signature])``; they are
still read (a zlib stream starts with the byte 0x78, a payload with a CBOR map's head).
The payload is numbers, days and hashes: zlib could not shrink it and added 11 bytes.

:func:`open_code` never raises on what it is given: every input ends as one
:class:`Verdict` with a message in plain words.
"""

from __future__ import annotations

import enum
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from urllib.parse import quote, unquote

import base45

from kiosk.export.keys import Issuer, SigningKey, verify
from kiosk.export.record import MalformedRecord, ProgressRecord, decode_payload, encode_payload, loads_whole

PREFIX = "EPN1:"
SIGNED_CONTEXT = b"EPN progress record\x00"
HUB_PATH = "/p/"
MAX_TEXT = 4096  # a QR code holds at most 4,296 alphanumeric characters
MAX_INFLATED = 4096  # a record is a few hundred bytes; refuse zip bombs
SIGNATURE_BYTES = 64
ZLIB_FIRST_BYTE = b"\x78"  # the head of every zlib stream the kiosk wrote (codes before 2026-12)
CBOR_MAP_HEADS = (0xA0, 0xBF)  # a payload is a CBOR map
#: How long an issued code is accepted. Pseudonymous data is still personal data
#: (GDPR Art. 4(5)): a record does not live for ever; a learner gets a fresh one each time.
VALID_DAYS = 365
#: A code dated this many days ahead is still taken (the issuing kiosk's day may
#: already have begun where it stands); further ahead, it is refused.
CLOCK_SLACK_DAYS = 1
# Characters of Base45 that a URL path cannot carry as they are. Escaped, they stay in
# the QR alphanumeric set ("%20", "%25", "%2F"), so the QR keeps its compact mode.
_URL_SAFE = "$*+-.:"


class Verdict(enum.Enum):
    OK = "ok"
    BAD_SIGNATURE = "bad_signature"
    UNKNOWN_ISSUER = "unknown_issuer"
    EXPIRED = "expired"
    BAD_DATES = "bad_dates"  # signed, but issued in the future or valid for too long
    MALFORMED = "malformed"


@dataclass(frozen=True)
class Opened:
    """What a code turned out to be. ``record`` is set for OK and EXPIRED (both signed
    by a trusted EPN); never for a code whose signature was not checked or failed."""

    verdict: Verdict
    message: str
    record: ProgressRecord | None = None
    issuer: Issuer | None = None

    @property
    def ok(self) -> bool:
        return self.verdict is Verdict.OK


def seal(record: ProgressRecord, key: SigningKey) -> str:
    """The signed code of a record: ``EPN1:`` + Base45 text (QR alphanumeric only)."""
    if record.issuer != key.epn_id:
        raise ValueError(f"a record issued by {record.issuer} cannot be signed by {key.epn_id}")
    payload = encode_payload(record)
    return code_text(payload, key.sign(SIGNED_CONTEXT + payload))


def code_text(payload: bytes, signature: bytes) -> str:
    """``EPN1:`` + Base45 of the payload's bytes and then the signature's."""
    encoded: bytes = base45.b45encode(payload + signature)
    return PREFIX + encoded.decode("ascii")


def code_parts(code: str) -> tuple[bytes, bytes]:
    """The payload and the signature of a well-formed code (ValueError otherwise); no check
    of the signature or the record: :func:`open_code` does that."""
    try:
        body: bytes = base45.b45decode(code_of(code)[len(PREFIX) :])
    except (ValueError, KeyError, TypeError):
        raise ValueError("not Base45") from None
    parts = _split_legacy(body) if body[:1] == ZLIB_FIRST_BYTE else _split(body)
    if isinstance(parts, str):
        raise ValueError(parts)
    return parts


def hub_link(code: str, hub_url: str) -> str:
    """``<hub>/p/EPN1:…`` for a phone camera: Base45's space, % and / escaped."""
    return hub_url.rstrip("/") + HUB_PATH + quote(code, safe=_URL_SAFE)


def code_of(text: str) -> str:
    """The ``EPN1:…`` code in a scanned text: the code itself or a hub link to it."""
    text = text.strip()  # Base45 never ends with its space: white space around is not the code
    if text.startswith(PREFIX):
        return text
    at = text.find(HUB_PATH + PREFIX)
    if at < 0:
        at = text.find(HUB_PATH + quote(PREFIX, safe=""))
    if at >= 0:
        return unquote(text[at + len(HUB_PATH) :])
    return text


def open_code(
    text: str,
    *,
    trusted: dict[str, Issuer],
    today: date,
    known_scenarios: Iterable[str] = (),
    known_paths: Iterable[str] = (),
    valid_days: int = VALID_DAYS,
) -> Opened:
    """Decode and check a scanned or typed code. Never raises for bad input.

    Refused as BAD_DATES, though well signed: a code issued after ``today`` (beyond a
    day's slack) or valid longer than ``valid_days``.
    """
    try:
        return _open(text, trusted, today, (known_scenarios, known_paths), valid_days)
    except Exception as error:  # a bug must not crash the kiosk on a stranger's QR code
        return Opened(Verdict.MALFORMED, _malformed(f"unexpected {type(error).__name__}"))


def _malformed(reason: str) -> str:
    return (
        "This is not a readable progress code: it may be cut off, damaged or from "
        f"something else. ({reason})"
    )


def _split(body: bytes) -> tuple[bytes, bytes] | str:
    """The payload and the signature of today's body, or why it is not one."""
    if len(body) <= SIGNATURE_BYTES or not CBOR_MAP_HEADS[0] <= body[0] <= CBOR_MAP_HEADS[1]:
        return "not a signed record"
    return body[:-SIGNATURE_BYTES], body[-SIGNATURE_BYTES:]


def _split_legacy(body: bytes) -> tuple[bytes, bytes] | str:
    """The payload and the signature of a code made before December 2026 (zlib, CBOR pair)."""
    inflater = zlib.decompressobj()
    try:
        envelope = inflater.decompress(body, MAX_INFLATED)
    except zlib.error:
        return "not zlib"
    if inflater.unconsumed_tail or not inflater.eof or inflater.unused_data:
        return "cut off or too large"
    try:
        parts = loads_whole(envelope)
    except Exception as error:  # foreign bytes: whatever the decoder says
        return f"not CBOR ({type(error).__name__})"
    if (
        not isinstance(parts, list)
        or len(parts) != 2
        or type(parts[0]) is not bytes
        or type(parts[1]) is not bytes
        or len(parts[1]) != SIGNATURE_BYTES
    ):
        return "not a signed record"
    return parts[0], parts[1]


def _open(
    text: str, trusted: dict[str, Issuer], today: date, known: tuple[Iterable[str], Iterable[str]],
    valid_days: int
) -> Opened:
    if not isinstance(text, str) or len(text) > MAX_TEXT:
        return Opened(Verdict.MALFORMED, _malformed("too long"))
    code = code_of(text)
    if not code.startswith(PREFIX):
        return Opened(Verdict.MALFORMED, _malformed(f"it does not start with {PREFIX}"))
    try:
        payload, signature = code_parts(code)
    except ValueError as error:
        return Opened(Verdict.MALFORMED, _malformed(str(error)))
    try:
        record = decode_payload(payload, known[0], known_paths=known[1])
    except MalformedRecord as error:
        return Opened(Verdict.MALFORMED, _malformed(str(error)))
    issuer = trusted.get(record.issuer)
    if issuer is None:
        return Opened(
            Verdict.UNKNOWN_ISSUER,
            f"This code comes from an EPN this kiosk does not know yet ({record.issuer}). "
            "Ask that EPN for its key ('kiosk progress key') and add it here with "
            "'kiosk progress trust'.",
        )
    if not verify(issuer.public_key, signature, SIGNED_CONTEXT + payload):
        return Opened(
            Verdict.BAD_SIGNATURE,
            f"This code was changed after {issuer.label} made it: it cannot be trusted.",
        )
    if (record.issued - today).days > CLOCK_SLACK_DAYS:
        return Opened(
            Verdict.BAD_DATES,
            f"This code says it was made on {record.issued.isoformat()}, after today: it cannot be "
            f"trusted. Check the date of the kiosk of {issuer.label} that made it.",
        )
    if (record.expires - record.issued).days > valid_days:
        return Opened(
            Verdict.BAD_DATES,
            f"This code says it is valid for {(record.expires - record.issued).days} days, longer than "
            f"the {valid_days} a code may last: it cannot be trusted.",
        )
    if today > record.expires:
        return Opened(
            Verdict.EXPIRED,
            f"This code is too old: it was valid until {record.expires.isoformat()}. "
            "Make a new one at the kiosk where the learner practised.",
            record,
            issuer,
        )
    return Opened(
        Verdict.OK,
        f"Valid progress record, made by {issuer.label} on {record.issued.isoformat()}.",
        record,
        issuer,
    )
