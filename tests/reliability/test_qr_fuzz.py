"""QR fuzz: real signed progress codes mutated at every layer of the envelope, by a
seeded mutator fast enough for 100,000 cases (tests/export/test_passport_properties.py
explores the same layers with hypothesis, 100 examples each; this suite adds volume and
two layers it does not reach: the CBOR payload edited value by value, and payloads
signed again — by this kiosk's own key (a buggy trusted issuer) or by an attacker's key
claiming this kiosk's id).

Every case must end as a verdict with a plain message. ``open_code`` turns any exception
into "unexpected <Error>" so the kiosk survives a stranger's QR code; here that counts
as a traceback, and must never happen. A forgery = OK or EXPIRED for anything but the
original record or a payload this kiosk's key really signed. Fast: 5,000; long: 100,000.
"""

from __future__ import annotations

import random
import re
import time
import zlib
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import base45
import cbor2
import pytest

from kiosk.export.keys import SigningKey, TrustedIssuers
from kiosk.export.record import ProgressRecord
from kiosk.export.sealed import (
    PREFIX,
    SIGNED_CONTEXT,
    Verdict,
    code_parts,
    code_text,
    hub_link,
    open_code,
    seal,
)
from tests.export.passport_kit import TODAY, big_record

pytestmark = pytest.mark.xdist_group("test_qr_fuzz")
HIDDEN_TRACEBACK = re.compile(r"\(unexpected [A-Z]\w*\)$")  # open_code's catch-all for a bug
ALPHANUMERIC = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
ODD_VALUES: list[Any] = [0, -1, 1, 2**63, -(2**64), 2**200, 1.5, float("nan"), float("inf"), "", "x" * 300,
                         b"", b"\x00" * 64, None, True, [], {}, [[[]]], {0: {0: {}}}, cbor2.CBORTag(1, 0),
                         cbor2.CBORTag(9999, [1]), cbor2.undefined, 3, 365, 20000, 65535, 65536]


class Office:
    def __init__(self, home: Path) -> None:
        self.key = SigningKey.load_or_create(home)
        self.epn_id = self.key.epn_id
        self.trusted = TrustedIssuers(home, self.key).all()
        self.attacker = SigningKey.load_or_create(home / "attacker")


def edit_text(code: str, rng: random.Random) -> str:
    text = code
    for _ in range(rng.randint(1, 4)):
        i = len(PREFIX) + rng.randrange(max(1, len(text) - len(PREFIX)))
        kind = rng.randrange(6)
        if kind == 0:
            text = text[:i] + rng.choice(ALPHANUMERIC) + text[i + 1:]
        elif kind == 1:
            text = text[:i] + text[i + 1:]
        elif kind == 2:
            text = text[:i] + rng.choice(ALPHANUMERIC) + text[i:]
        elif kind == 3:
            text = text[:i]  # cut off: a photo of half the code
        elif kind == 4:
            j = rng.randrange(len(text))
            text = text[:i] + text[min(i, j):max(i, j)] + text[i:]
        else:
            text = rng.choice(["EPN2:", "epn1:", "EPN1", "", PREFIX + PREFIX]) + text[len(PREFIX):]
    return text


def flip(data: bytes, rng: random.Random) -> bytes:
    raw = bytearray(data)
    for _ in range(rng.randint(1, 3)):
        choice = rng.randrange(4)
        if choice == 0 and raw:
            raw[rng.randrange(len(raw))] ^= rng.randint(1, 255)
        elif choice == 1:
            raw = raw[:rng.randrange(len(raw) + 1)]
        elif choice == 2:
            raw[rng.randrange(len(raw) + 1):0] = bytes(rng.randint(0, 255) for _ in range(rng.randint(1, 8)))
        else:
            raw += raw[: rng.randint(1, 64)]
    return bytes(raw)


def edit_value(value: Any, rng: random.Random, depth: int = 0) -> Any:
    """A copy of a decoded CBOR value with one thing changed somewhere inside."""
    if isinstance(value, dict) and value and depth < 4 and rng.random() < 0.7:
        key = rng.choice(list(value))
        out = dict(value)
        roll = rng.random()
        if roll < 0.15:
            del out[key]
        elif roll < 0.25:
            out[rng.choice([99, -1, "0", 6, 7, 8])] = rng.choice(ODD_VALUES)
        else:
            out[key] = edit_value(value[key], rng, depth + 1)
        return out
    if isinstance(value, list) and value and depth < 4 and rng.random() < 0.7:
        out_list = list(value)
        i = rng.randrange(len(out_list))
        roll = rng.random()
        if roll < 0.15:
            del out_list[i]
        elif roll < 0.25:
            out_list.insert(i, rng.choice(ODD_VALUES))
        elif roll < 0.3:
            out_list = out_list * rng.randint(2, 20)
        else:
            out_list[i] = edit_value(out_list[i], rng, depth + 1)
        return out_list
    if isinstance(value, int) and not isinstance(value, bool) and rng.random() < 0.6:
        return value + rng.choice([-1, 1, -value, 2**32, 7])
    if isinstance(value, bytes) and value and rng.random() < 0.6:
        return flip(value, rng)
    return rng.choice(ODD_VALUES)




def case(office: Office, original: ProgressRecord, code: str, rng: random.Random) -> tuple[str, str, bool]:
    """One mutated code: (layer, text, whether this kiosk's key signed exactly that payload)."""
    layer = rng.choice(["text", "hub-link", "body", "legacy-zlib", "payload", "payload-resigned",
                        "payload-attacker", "signature"])
    payload, signature = code_parts(code)
    wrap = code_text
    if layer == "text":
        return layer, edit_text(code, rng), False
    if layer == "hub-link":
        return layer, edit_text(hub_link(code, "https://hub.example"), rng), False
    if layer == "body":
        raw = base45.b45decode(code[len(PREFIX):])
        return layer, PREFIX + base45.b45encode(flip(raw, rng)).decode(), False
    if layer == "legacy-zlib":  # the envelope of codes made before December 2026
        return layer, PREFIX + base45.b45encode(zlib.compress(flip(cbor2.dumps([payload, signature]),
                                                                   rng))).decode(), False
    if layer == "signature":
        return layer, wrap(payload, flip(signature, rng)), False
    try:
        edited = cbor2.dumps(edit_value(cbor2.loads(payload), rng))
    except (ValueError, TypeError, OverflowError, cbor2.CBOREncodeError):
        edited = flip(payload, rng)
    if layer == "payload":  # the original signature kept: a forgery attempt
        return layer, wrap(edited, signature), edited == payload
    if layer == "payload-resigned":  # this kiosk's key signed it: genuine, maybe odd
        return layer, wrap(edited, office.key.sign(SIGNED_CONTEXT + edited)), True
    return layer, wrap(edited, office.attacker.sign(SIGNED_CONTEXT + edited)), False


def fuzz(count: int, seed: int, home: Path) -> dict[str, Any]:
    office = Office(home)
    original = big_record(office, scenarios=21)  # type: ignore[arg-type]
    code = seal(original, office.key)
    known = [r.scenario_id for r in original.results]
    rng = random.Random(seed)
    tally: dict[str, Any] = {"cases": 0, "tracebacks": 0, "forgeries": 0, "verdicts": {}}
    for n in range(count):
        layer, text, genuine = case(office, original, code, rng)
        opened = open_code(text, trusted=office.trusted, today=TODAY, known_scenarios=known)
        where = f"case {n} (seed {seed}, layer {layer}): {text[:80]!r}"
        tally["cases"] += 1
        key = f"{layer}:{opened.verdict.value}"
        tally["verdicts"][key] = tally["verdicts"].get(key, 0) + 1
        assert isinstance(opened.verdict, Verdict) and opened.message, where
        if HIDDEN_TRACEBACK.search(opened.message):
            tally["tracebacks"] += 1
            raise AssertionError(f"{where}: {opened.message}")
        if opened.verdict in (Verdict.OK, Verdict.EXPIRED) and not genuine and opened.record != original:
            tally["forgeries"] += 1
            raise AssertionError(f"{where}: a forgery was accepted as {opened.record}")
        if opened.verdict in (Verdict.OK, Verdict.EXPIRED):
            assert opened.record is not None and opened.record.issuer == office.epn_id, where
            assert opened.record.issued <= date(9999, 1, 1), where
    return tally


def test_qr_fuzz_fast(tmp_path: Path) -> None:
    tally = fuzz(5000, seed=3, home=tmp_path)
    layers = {k.split(":")[0] for k in tally["verdicts"]}
    assert len(layers) == 8 and tally["tracebacks"] == 0 and tally["forgeries"] == 0


@pytest.mark.long
def test_qr_fuzz_long(tmp_path: Path, figure: Callable[[str], None]) -> None:
    started = time.monotonic()
    tally = fuzz(100_000, seed=2026, home=tmp_path)
    refused = sum(v for k, v in tally["verdicts"].items() if not k.endswith((":ok", ":expired")))
    figure(f"QR fuzz: {tally['cases']:,} mutated codes over 8 layers, {refused:,} refused, "
           f"{tally['tracebacks']} tracebacks, {tally['forgeries']} forgeries accepted, "
           f"{time.monotonic() - started:.0f} s")
