"""Bit-level packing for the progress record: what makes a full record fit a small QR code.

Owns two encodings the record's schema 2 uses (:mod:`kiosk.export.record`):

- a sorted set of 16-bit codes as Golomb–Rice coded gaps: one byte ``k``, then each gap
  to the previous code (the first from -1) as its quotient ``gap >> k`` in unary (ones
  ended by a zero) and its ``k`` low bits, most significant bit first, zero-padded to a
  byte. Forty random scenario codes take 61 bytes instead of 80;
- small values (0–3) two bits each, four a byte, lowest bits first;
- codes in a given order that mostly repeat codes the record already carries (a path's
  exercises, most of them done): each a flag bit, then 0 and its index in that sorted
  table (as few bits as the table needs), or 1 and the 16-bit code; padded with ones.
  Twenty exercises, fifteen of them done, take 24 bytes instead of 40.

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
    return bytes([k]) + _to_bytes(bits, pad=0)


def _to_bytes(bits: list[int], pad: int) -> bytes:
    """Bits, most significant first, made up to whole bytes with ``pad``."""
    bits = bits + [pad] * (-len(bits) % 8)
    return bytes(int("".join(map(str, bits[i : i + 8])), 2) for i in range(0, len(bits), 8))


def _bits_of(data: bytes) -> list[int]:
    return [(byte >> (7 - i)) & 1 for byte in data for i in range(8)]


def _index_bits(table: Sequence[int]) -> int:
    return max(1, (len(table) - 1).bit_length()) if table else 0


def _number(bits: list[int]) -> int:
    value = 0
    for bit in bits:
        value = value << 1 | bit
    return value


def pack_references(items: Sequence[int], table: Sequence[int]) -> bytes:
    """16-bit codes in order, each as its index in the sorted ``table`` when it is there."""
    where = {code: n for n, code in enumerate(table)}
    width = _index_bits(table)
    bits: list[int] = []
    for code in items:
        if not 0 <= code < 2**CODE_BITS:
            raise ValueError(f"a code past 16 bits: {code}")
        if code in where:
            bits += [0] + [(where[code] >> i) & 1 for i in range(width - 1, -1, -1)]
        else:
            bits += [1] + [(code >> i) & 1 for i in range(CODE_BITS - 1, -1, -1)]
    return _to_bytes(bits, pad=1)


def unpack_references(data: bytes, table: Sequence[int]) -> list[int]:
    """The codes :func:`pack_references` wrote with this ``table``; ValueError for anything
    else (an index past the table, a code written whole that the table holds, bad padding)."""
    bits, width = _bits_of(data), _index_bits(table)
    at, codes = 0, []
    while at < len(bits):
        rest = bits[at:]
        if rest[0] == 0:
            if len(rest) < 1 + width or width == 0:
                raise ValueError("a reference is cut off")
            index = _number(rest[1 : 1 + width])
            if index >= len(table):
                raise ValueError("a reference past the table")
            codes.append(table[index])
            at += 1 + width
        elif len(rest) < 1 + CODE_BITS:
            if len(rest) >= 8 or not all(rest):
                raise ValueError("bits after the references")
            break
        else:
            code = _number(rest[1 : 1 + CODE_BITS])
            if code in table:
                raise ValueError("a code written whole that the table holds")
            codes.append(code)
            at += 1 + CODE_BITS
    return codes


def unpack_sorted_codes(data: bytes, count: int) -> list[int]:
    """The ``count`` codes :func:`pack_sorted_codes` wrote; ValueError for anything else."""
    if not data or data[0] > MAX_K:
        raise ValueError("no Rice parameter")
    k = data[0]
    bits = _bits_of(data[1:])
    at, previous, codes = 0, -1, []
    for _ in range(count):
        quotient = 0
        while at < len(bits) and bits[at]:
            quotient += 1
            at += 1
        if at + 1 + k > len(bits):
            raise ValueError("the codes are cut off")
        at += 1  # the zero that ends the quotient
        low = _number(bits[at : at + k])
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
