"""The progress passport: the learner's anonymous, signed progress record and its QR code.

Owns building the record from the store, signing it with this EPN's key, encoding it
compactly (CBOR → Ed25519 → Base45 → ``EPN1:``), drawing the QR code, reading and
checking codes from other kiosks, merging them, picture codes, and the printed
attestation. Pure Python: it never imports Kivy; SQLAlchemy only through a Store it is
handed (on the store writer's thread). Importing this package loads nothing heavy.

Main entry point: :class:`kiosk.export.passport.Passport`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kiosk.export.passport import IssuedPassport, Passport, Resumed
    from kiosk.export.picture_code import PictureCode, parse_picture_code, picture_code
    from kiosk.export.qr import QrCode, make_qr
    from kiosk.export.record import ProgressRecord
    from kiosk.export.sealed import Opened, Verdict

_WHERE = {
    "IssuedPassport": "passport", "Passport": "passport", "Resumed": "passport",
    "PictureCode": "picture_code", "parse_picture_code": "picture_code",
    "picture_code": "picture_code", "QrCode": "qr", "make_qr": "qr",
    "ProgressRecord": "record", "Opened": "sealed", "Verdict": "sealed",
}  # fmt: skip
__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(importlib.import_module(f"kiosk.export.{_WHERE[name]}"), name)
    raise AttributeError(name)
