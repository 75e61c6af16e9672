"""The QR code of a progress code: a matrix for the screen, a PNG for paper and tests.

Owns the QR encoding choices: error correction M (exactly: readable with a smudge or a
reflection, still small), alphanumeric mode for the ``EPN1:`` code (5.5 bits a
character), and for a hub link a byte-mode segment for the hub address (it has lower
case letters) followed by the alphanumeric code. Built with segno; the kiosk's QR
widget only draws the matrix it is given.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import segno
from segno import consts

ERROR = "M"
ALPHANUMERIC = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:")
QUIET_ZONE = 4  # modules of white around the code, as the standard asks


@dataclass(frozen=True)
class QrCode:
    """A QR code: what it holds, its version (size) and its dark modules."""

    content: str
    version: int
    matrix: tuple[tuple[bool, ...], ...]  # rows, top first, without the quiet zone

    @property
    def size(self) -> int:
        return len(self.matrix)

    def pixels(self, *, scale: int = 8, border: int = QUIET_ZONE) -> tuple[int, bytes]:
        """``(side, grey bytes)``: one byte a pixel (0 dark, 255 light), top row first,
        quiet zone included — ready for a luminance texture (Kivy: flip it vertically)."""
        light, dark = b"\xff" * scale, b"\x00" * scale
        margin = light * border
        blank = margin + light * self.size + margin
        rows = [blank] * (border * scale)
        for row in self.matrix:
            line = margin + b"".join(dark if module else light for module in row) + margin
            rows.extend([line] * scale)
        rows.extend([blank] * (border * scale))
        return (self.size + 2 * border) * scale, b"".join(rows)

    def png(self, *, scale: int = 8, border: int = QUIET_ZONE) -> bytes:
        """The code as a black-on-white PNG, ``scale`` pixels a module."""
        buffer = io.BytesIO()
        _segno(self.content).save(buffer, kind="png", scale=scale, border=border)
        return buffer.getvalue()


def _segments(content: str) -> list[tuple[str, int]]:
    """One alphanumeric segment when possible, else bytes for the head (a hub address)."""
    split = len(content)
    while split > 0 and content[split - 1] in ALPHANUMERIC:
        split -= 1
    if split == 0:
        return [(content, consts.MODE_ALPHANUMERIC)]
    if split == len(content):
        return [(content, consts.MODE_BYTE)]
    return [(content[:split], consts.MODE_BYTE), (content[split:], consts.MODE_ALPHANUMERIC)]


def _segno(content: str) -> segno.QRCode:
    segments = _segments(content)
    if len(segments) == 1:
        data, mode = segments[0]
        name = "alphanumeric" if mode == consts.MODE_ALPHANUMERIC else "byte"
        return segno.make(data, error=ERROR, mode=name, boost_error=False, micro=False)
    # segno's encoder takes a sequence of (text, mode) pairs as one code with several
    # segments (its type hints only say str); tests read such a code back with zxing-cpp.
    return segno.make(segments, error=ERROR, boost_error=False, micro=False)  # type: ignore[arg-type]


def make_qr(content: str) -> QrCode:
    """The QR code of ``content`` (a progress code or a hub link)."""
    code = _segno(content)
    version = code.version
    if not isinstance(version, int):  # pragma: no cover - micro codes are never made
        raise ValueError(f"unexpected QR version {version!r}")
    matrix = tuple(tuple(bool(module) for module in row) for row in code.matrix)
    return QrCode(content=content, version=version, matrix=matrix)
