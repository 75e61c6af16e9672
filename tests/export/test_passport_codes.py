"""Signed codes end to end: record → code → QR PNG → zxing-cpp → checked record, and refusals."""

from __future__ import annotations

import io
import zlib
from dataclasses import replace
from datetime import timedelta

import base45
import cbor2
import pytest
import zxingcpp
from passport_kit import TODAY, Kiosk, big_record, catalogue
from PIL import Image

from kiosk.export.keys import TrustedIssuers
from kiosk.export.picture_code import (
    PICTOGRAMS,
    parse_picture_code,
    picture_code,
    pseudonym_for,
)
from kiosk.export.qr import make_qr
from kiosk.export.record import code_clashes, decode_payload, encode_payload
from kiosk.export.sealed import PREFIX, Verdict, code_parts, code_text, hub_link, open_code, seal
from kiosk.store.pseudonym import COUNT, WORDS, pseudonym_from_number


def read_qr(png: bytes) -> str:
    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)).convert("L"),
                                   formats=zxingcpp.BarcodeFormat.QRCode)
    assert len(found) == 1
    return found[0].text


def known(record: object) -> list[str]:
    return [r.scenario_id for r in record.results]  # type: ignore[attr-defined]


def test_forty_scenarios_fit_qr_version_12_at_level_m(kiosk_a: Kiosk) -> None:
    record = big_record(kiosk_a.passport)
    code = seal(record, kiosk_a.passport.key)
    qr = make_qr(code)
    assert qr.version <= 12
    assert set(code) <= set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:")  # alphanumeric


def test_round_trip_through_a_qr_png_and_zxing(kiosk_a: Kiosk) -> None:
    record = big_record(kiosk_a.passport)
    code = seal(record, kiosk_a.passport.key)
    scanned = read_qr(make_qr(code).png(scale=4))
    assert scanned == code
    opened = open_code(scanned, trusted=kiosk_a.passport.trusted.all(), today=TODAY,
                       known_scenarios=known(record))
    assert opened.verdict is Verdict.OK, opened.message
    assert opened.record == record


def test_hub_link_round_trip_and_url_safety(tmp_path: object, kiosk_a: Kiosk) -> None:
    record = big_record(kiosk_a.passport, scenarios=25)
    code = seal(record, kiosk_a.passport.key)
    link = hub_link(code, "https://hub.epn-namur.example/")
    assert link.startswith("https://hub.epn-namur.example/p/EPN1:")
    assert " " not in link and link.count("%") == link.count("%20") + link.count("%25") + link.count("%2F")
    qr = make_qr(link)
    scanned = read_qr(qr.png(scale=4))
    assert scanned == link
    opened = open_code(scanned, trusted=kiosk_a.passport.trusted.all(), today=TODAY,
                       known_scenarios=known(record))
    assert opened.ok and opened.record == record


def test_one_changed_byte_is_refused(kiosk_a: Kiosk) -> None:
    record = big_record(kiosk_a.passport, scenarios=10)
    code = seal(record, kiosk_a.passport.key)
    payload, signature = code_parts(code)
    trusted = kiosk_a.passport.trusted.all()
    for index in range(len(payload)):
        changed = bytearray(payload)
        changed[index] ^= 0x01
        forged = code_text(bytes(changed), signature)
        opened = open_code(forged, trusted=trusted, today=TODAY)
        assert opened.verdict in (Verdict.BAD_SIGNATURE, Verdict.MALFORMED, Verdict.UNKNOWN_ISSUER)
        assert opened.record is None
    # the same change in the text itself, one character at a time
    refused = 0
    for index in range(len(PREFIX), len(code), 7):
        replacement = "0" if code[index] != "0" else "1"
        opened = open_code(code[:index] + replacement + code[index + 1:], trusted=trusted,
                           today=TODAY)
        assert opened.verdict is not Verdict.OK
        refused += 1
    assert refused > 10


def test_a_signature_by_another_key_is_refused(kiosk_a: Kiosk, kiosk_b: Kiosk) -> None:
    # B signs a record that claims to come from A: A's key is trusted, the signature is not A's.
    record = big_record(kiosk_a.passport, scenarios=5)
    payload = encode_payload(record)
    from kiosk.export.sealed import SIGNED_CONTEXT

    signature = kiosk_b.passport.key.sign(SIGNED_CONTEXT + payload)
    forged = code_text(payload, signature)
    opened = open_code(forged, trusted=kiosk_a.passport.trusted.all(), today=TODAY)
    assert opened.verdict is Verdict.BAD_SIGNATURE
    assert "changed" in opened.message and opened.record is None


def test_expired_is_refused_but_named(kiosk_a: Kiosk) -> None:
    old = big_record(kiosk_a.passport, scenarios=5, today=TODAY - timedelta(days=400))
    code = seal(old, kiosk_a.passport.key)
    opened = open_code(code, trusted=kiosk_a.passport.trusted.all(), today=TODAY)
    assert opened.verdict is Verdict.EXPIRED and not opened.ok
    assert "too old" in opened.message and old.expires.isoformat() in opened.message
    # still valid on its last day
    last_day = open_code(code, trusted=kiosk_a.passport.trusted.all(), today=old.expires)
    assert last_day.ok


def test_unknown_issuer_until_trusted(kiosk_a: Kiosk, kiosk_b: Kiosk) -> None:
    code = seal(big_record(kiosk_b.passport, scenarios=5), kiosk_b.passport.key)
    opened = kiosk_a.passport.open(code, today=TODAY)
    assert opened.verdict is Verdict.UNKNOWN_ISSUER and opened.record is None
    assert kiosk_b.passport.epn_id in opened.message
    kiosk_a.passport.trusted.add(kiosk_b.passport.epn_id, kiosk_b.passport.key.public_text, "EPN B")
    again = kiosk_a.passport.open(code, today=TODAY)
    assert again.ok and again.issuer is not None and again.issuer.name == "EPN B"


@pytest.mark.parametrize("text", [
    "", "hello", "EPN1:", "EPN1:!!!!", "EPN2:ABC", "EPN1:" + "A" * 5000,
    "https://hub.example/p/EPN1:0", PREFIX + base45.b45encode(b"not zlib").decode(),
    PREFIX + base45.b45encode(zlib.compress(b"\xff\xff")).decode(),
    PREFIX + base45.b45encode(zlib.compress(cbor2.dumps([b"x", b"y" * 64]))).decode(),
    PREFIX + base45.b45encode(zlib.compress(b"\x00" * 100_000)).decode(),  # inflates too far
])
def test_garbage_is_malformed(kiosk_a: Kiosk, text: str) -> None:
    opened = kiosk_a.passport.open(text, today=TODAY)
    assert opened.verdict is Verdict.MALFORMED
    assert opened.message.startswith("This is not a readable progress code")


def test_truncated_codes_are_malformed(kiosk_a: Kiosk) -> None:
    code = seal(big_record(kiosk_a.passport, scenarios=12), kiosk_a.passport.key)
    for cut in range(len(PREFIX), len(code) - 1, 5):
        opened = kiosk_a.passport.open(code[:cut], today=TODAY)
        assert opened.verdict is Verdict.MALFORMED, cut


def test_payload_holds_no_text_at_all(kiosk_a: Kiosk) -> None:
    """Nothing a learner typed can travel: the payload has numbers and bytes, no strings."""
    payload = encode_payload(big_record(kiosk_a.passport))

    def walk(value: object) -> None:
        assert not isinstance(value, str), value
        if isinstance(value, dict):
            for k, v in value.items():
                walk(k)
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)
        else:
            assert isinstance(value, int | bytes)

    walk(cbor2.loads(payload))


def test_payload_round_trip_names_known_scenarios_only(kiosk_a: Kiosk) -> None:
    record = big_record(kiosk_a.passport, scenarios=len(catalogue().scenarios) + 2)  # and two unknown
    back = decode_payload(encode_payload(record), known_scenarios=sorted(catalogue().scenarios))
    shipped = set(catalogue().scenarios)
    for before, after in zip(record.results, back.results, strict=False):
        del before, after
    ids = {r.scenario_id for r in back.results}
    assert shipped <= ids
    assert all(i in shipped or (i.startswith("#") and len(i) == 5) for i in ids)
    assert replace(back, results=()) == replace(record, results=())


def test_shipped_scenarios_have_distinct_record_codes() -> None:
    assert code_clashes(catalogue().scenarios) == []


def test_picture_codes_are_one_to_one_and_typeable() -> None:
    assert len(PICTOGRAMS) == 40 and len({s for s, _ in PICTOGRAMS}) == 40
    seen = set()
    for number in range(0, COUNT, 997):
        pseudonym = pseudonym_from_number(number)
        code = picture_code(pseudonym)
        seen.add(str(code))
        assert pseudonym_for(code) == pseudonym
        assert pseudonym_for(str(code)) == pseudonym
        assert pseudonym_for(code.typed.upper().replace("-", " ")) == pseudonym
        assert pseudonym_for(" ".join(code.pictograms) + f" {code.digits}") == pseudonym
    assert len(seen) == len(range(0, COUNT, 997))
    assert pseudonym_for("pomme-vélo-chat") is None
    assert parse_picture_code("pomme vélo ordinateur 12") is None


def test_a_mistyped_picture_code_is_rarely_someone_else() -> None:
    code = picture_code(f"{WORDS[3]}-1234")
    others = [f"{code.words[0]}-{code.words[1]}-{code.words[2]}-{n:02d}" for n in range(100)]
    found = [pseudonym_for(o) for o in others if o != str(code)]
    assert sum(p is not None for p in found) < 20  # about 1 in 16 is a real code


def test_pictograms_exist() -> None:
    from kiosk.config import BUNDLED_ASSETS

    for stem, _word in PICTOGRAMS:
        assert (BUNDLED_ASSETS / "pictograms" / f"{stem}.png").is_file(), stem


def test_trusted_file_that_lies_is_ignored(kiosk_a: Kiosk, kiosk_b: Kiosk) -> None:
    import json

    path = kiosk_a.home / "trusted_issuers.json"
    path.write_text(json.dumps({"AAAAAAAA": {"key": kiosk_b.passport.key.public_text},
                                "BROKEN": "x"}))
    trusted = TrustedIssuers(kiosk_a.home, kiosk_a.passport.key).all()
    assert set(trusted) == {kiosk_a.passport.epn_id}
    path.write_text("{not json")
    assert set(TrustedIssuers(kiosk_a.home, kiosk_a.passport.key).all()) == {kiosk_a.passport.epn_id}


def test_key_file_is_private_and_stable(kiosk_a: Kiosk) -> None:
    import stat

    from kiosk.export.keys import KEY_FILE, SigningKey

    path = kiosk_a.home / KEY_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert SigningKey.load_or_create(kiosk_a.home).epn_id == kiosk_a.passport.epn_id
    path.chmod(0o644)
    SigningKey.load_or_create(kiosk_a.home)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_trust_refuses_a_key_that_is_not_the_ids(kiosk_a: Kiosk, kiosk_b: Kiosk) -> None:
    with pytest.raises(ValueError, match="does not belong"):
        kiosk_a.passport.trusted.add("AAAAAAAA", kiosk_b.passport.key.public_text)
    with pytest.raises(ValueError, match="not a kiosk public key"):
        kiosk_a.passport.trusted.add(kiosk_b.passport.epn_id, "abc")


def test_screen_pixels_read_back(kiosk_a: Kiosk) -> None:
    """What the results screen blits (grey bytes, top row first) is a readable QR code."""
    code = seal(big_record(kiosk_a.passport), kiosk_a.passport.key)
    qr = make_qr(code)
    side, grey = qr.pixels(scale=3)
    assert side == (qr.size + 8) * 3 and len(grey) == side * side
    assert read_qr_image(Image.frombytes("L", (side, side), grey)) == code


def read_qr_image(image: Image.Image) -> str:
    found = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    assert len(found) == 1
    return found[0].text


def test_a_code_made_before_december_2026_still_opens(kiosk_a: Kiosk) -> None:
    """Until December 2026 a code carried zlib(CBOR [payload, signature]): still read."""
    record = big_record(kiosk_a.passport, scenarios=10)
    code = seal(record, kiosk_a.passport.key)
    payload, signature = code_parts(code)
    legacy = PREFIX + base45.b45encode(zlib.compress(cbor2.dumps([payload, signature]), 9)).decode()
    assert len(legacy) > len(code)  # zlib could not shrink numbers and hashes
    opened = open_code(legacy, trusted=kiosk_a.passport.trusted.all(), today=TODAY,
                       known_scenarios=known(record))
    assert opened.ok and opened.record == record
