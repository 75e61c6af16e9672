"""Bit-level packing for the progress record: what makes a full record fit a small QR code.

Owns two encodings the record's schema 2 uses (:mod:`kiosk.export.record`):

- a sorted set of 16-bit codes as Golomb–Rice coded gaps: one byte ``k``, then each gap
  to the previous code (the first from -1) as its quotient ``gap >> k`` in unary (ones
  ended by a zero) and its ``k`` low bits, most significant bit first, zero-padded to a
  byte. Forty random scenario codes take 61 bytes instead of 80;
- small values (0–3) two bits each, four a byte, lowest bits first.

Readers raise ``ValueError`` for anything that is not exactly what a writer makes (a
stray bit in the padding, a code past 16 bits): the record turns it into "malformed".
"""

from __future__ import annotations

from collections.abc import Sequence

CODE_BITS = 16
MAX_K = 15


def _rice_bits(codes: Sequence[int], k: int) -> int:
    total, previous = 0, -1
    for code in codes:
        gap = code - previous - 1
        total += (gap >> k) + 1 + k
        previous = code
    return total


def pack_sorted_codes(codes: Sequence[int]) -> bytes:
    """Strictly increasing 16-bit codes → ``k`` + Rice-coded gaps (the shortest ``k``)."""
    if any(b <= a for a, b in zip(codes, codes[1:], strict=False)) or \
            any(not 0 <= c < 2**CODE_BITS for c in codes):
        raise ValueError("codes must be 16-bit and strictly increasing")
    k = min(range(MAX_K + 1), key=lambda k: (_rice_bits(codes, k), k))
    bits: list[int] = []
    previous = -1
    for code in codes:
        gap = code - previous - 1
        bits += [1] * (gap >> k) + [0]
        bits += [(gap >> i) & 1 for i in range(k - 1, -1, -1)]
        previous = code
    bits += [0] * (-len(bits) % 8)
    body = bytes(int("".join(map(str, bits[i : i + 8])), 2) for i in range(0, len(bits), 8))
    return bytes([k]) + body


def unpack_sorted_codes(data: bytes, count: int) -> list[int]:
    """The ``count`` codes :func:`pack_sorted_codes` wrote; ValueError for anything else."""
    if not data or data[0] > MAX_K:
        raise ValueError("no Rice parameter")
    k = data[0]
    bits = [(byte >> (7 - i)) & 1 for byte in data[1:] for i in range(8)]
    at, previous, codes = 0, -1, []
    for _ in range(count):
        quotient = 0
        while at < len(bits) and bits[at]:
            quotient += 1
            at += 1
        if at + 1 + k > len(bits):
            raise ValueError("the codes are cut off")
        at += 1  # the zero that ends the quotient
        low = 0
        for bit in bits[at : at + k]:
            low = low << 1 | bit
        at += k
        previous = previous + 1 + (quotient << k | low)
        if previous >= 2**CODE_BITS:
            raise ValueError("a code past 16 bits")
        codes.append(previous)
    if len(bits) - at >= 8 or any(bits[at:]):
        raise ValueError("bytes or bits after the codes")
    return codes


def pack_pairs(values: Sequence[int]) -> bytes:
    """Values 0–3, two bits each, four a byte, lowest bits first."""
    out = bytearray((len(values) + 3) // 4)
    for n, value in enumerate(values):
        if not 0 <= value <= 3:
            raise ValueError(f"two bits hold 0 to 3, not {value}")
        out[n // 4] |= value << (n % 4 * 2)
    return bytes(out)


def unpack_pairs(data: bytes, count: int) -> list[int]:
    """The ``count`` values :func:`pack_pairs` wrote (ValueError when the size differs)."""
    if len(data) != (count + 3) // 4:
        raise ValueError("two-bit values of the wrong size")
    values = [data[n // 4] >> (n % 4 * 2) & 3 for n in range(count)]
    if pack_pairs(values) != data:
        raise ValueError("bits after the two-bit values")
    return values
