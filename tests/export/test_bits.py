"""The record's bit packing: any sorted set of codes and any two-bit values come back,
and a reader refuses bytes no writer makes."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.export.bits import (
    pack_pairs,
    pack_references,
    pack_sorted_codes,
    unpack_pairs,
    unpack_references,
    unpack_sorted_codes,
)


@settings(max_examples=200, deadline=None)
@given(st.sets(st.integers(0, 2**16 - 1), max_size=80))
def test_any_sorted_codes_come_back(codes: set[int]) -> None:
    ordered = sorted(codes)
    assert unpack_sorted_codes(pack_sorted_codes(ordered), len(ordered)) == ordered


def test_forty_random_codes_take_about_sixty_bytes_not_eighty() -> None:
    import random

    codes = sorted(random.Random(3).sample(range(2**16), 40))
    assert len(pack_sorted_codes(codes)) <= 64


@pytest.mark.parametrize("bad", [b"", b"\x10", b"\x08\xff", b"\x08\x00\x00\x00\x01"])
def test_codes_no_writer_makes_are_refused(bad: bytes) -> None:
    with pytest.raises(ValueError):
        unpack_sorted_codes(bad, 1)


def test_codes_must_be_sorted_and_sixteen_bits() -> None:
    for codes in ([3, 2], [1, 1], [2**16]):
        with pytest.raises(ValueError):
            pack_sorted_codes(codes)


@given(st.lists(st.integers(0, 3), max_size=30))
def test_two_bit_values_come_back(values: list[int]) -> None:
    assert unpack_pairs(pack_pairs(values), len(values)) == values


def test_stray_bits_after_two_bit_values_are_refused() -> None:
    with pytest.raises(ValueError):
        unpack_pairs(b"\xc0", 3)


@settings(max_examples=200, deadline=None)
@given(st.sets(st.integers(0, 2**16 - 1), max_size=60), st.data())
def test_any_codes_in_any_order_come_back_against_any_table(table: set[int], data: st.DataObject) -> None:
    ordered = sorted(table)
    items = data.draw(st.lists(st.one_of(st.sampled_from(ordered) if ordered else st.nothing(),
                                         st.integers(0, 2**16 - 1)), unique=True, max_size=30))
    assert unpack_references(pack_references(items, ordered), ordered) == items


def test_twenty_exercises_fifteen_of_them_done_take_24_bytes() -> None:
    import random

    done = sorted(random.Random(4).sample(range(2**16), 40))
    path = done[:15] + [c for c in range(5) if c not in done]
    assert len(pack_references(path, done)) == 24  # 15 × 7 bits + 5 × 17 bits, not 40 bytes


def test_references_no_writer_makes_are_refused() -> None:
    table = [7, 300, 9000]
    whole = pack_references([65535], table)  # a code the table lacks: written whole
    assert unpack_references(whole, table) == [65535]
    with pytest.raises(ValueError, match="table holds"):  # a code the table holds, written whole
        unpack_references(bytes([0x80, 0x03, 0xFF]), table)  # 1, then 7 in 16 bits, then ones
    with pytest.raises(ValueError, match="cut off"):
        unpack_references(b"\x00", [])  # a reference with no table to refer to
