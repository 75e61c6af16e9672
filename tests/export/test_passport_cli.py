"""``kiosk progress``: decode (text, photo), key, trust, attest — as a trainer runs them."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
import zxingcpp
from passport_kit import TODAY, Kiosk, at, big_record, open_kiosk
from PIL import Image

from kiosk.export.qr import make_qr
from kiosk.export.sealed import code_parts, code_text, seal


def tamper_one_payload_byte(code: str) -> str:
    """One byte of the signed payload changed, the rest rebuilt properly (a forger's try)."""
    payload, signature = code_parts(code)
    changed = bytearray(payload)
    changed[-1] ^= 0x01  # the last DigComp level
    return code_text(bytes(changed), signature)


def kiosk_cli(home: Path, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    env["KIOSK_HOME"] = str(home)
    env["KIOSK_EPN_NAME"] = "EPN de Namur"
    return subprocess.run([sys.executable, "-m", "kiosk", "progress", *args], env=env, cwd=cwd,
                          capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture
def cli_kiosk(tmp_path: Path) -> Kiosk:
    kiosk = open_kiosk(tmp_path, "cli")
    yield kiosk  # type: ignore[misc]
    kiosk.store.close()


def test_decode_a_valid_code_as_text_and_as_a_photo(cli_kiosk: Kiosk, tmp_path: Path) -> None:
    record = big_record(cli_kiosk.passport, scenarios=21, today=TODAY.today())
    code = seal(record, cli_kiosk.passport.key)
    done = kiosk_cli(cli_kiosk.home, "decode", code)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["status"] == "ok" and out["record"]["pseudonym"] == "Hirondelle-4821"
    assert out["record"]["picture_code"] == "pomme-chaussure-fraise-14"
    assert len(out["record"]["scenarios"]) == 21
    assert {s["id"] for s in out["record"]["scenarios"]} == {r.scenario_id for r in record.results}
    assert out["record"]["issuer"] == cli_kiosk.passport.epn_id

    photo = tmp_path / "qr.png"
    # a "photo": the QR small in a larger grey picture
    qr = Image.open(io.BytesIO(make_qr(code).png(scale=5))).convert("L")
    canvas = Image.new("L", (qr.width + 300, qr.height + 200), 200)
    canvas.paste(qr, (150, 90))
    canvas.save(photo)
    by_photo = kiosk_cli(cli_kiosk.home, "decode", "--image", str(photo))
    assert by_photo.returncode == 0, by_photo.stderr
    assert json.loads(by_photo.stdout)["record"] == out["record"]


def test_decode_refusals_and_their_exit_codes(cli_kiosk: Kiosk, tmp_path: Path) -> None:
    home = cli_kiosk.home
    code = seal(big_record(cli_kiosk.passport, scenarios=8, today=TODAY.today()),
                cli_kiosk.passport.key)
    middle = len(code) // 2
    damaged = code[:middle] + ("A" if code[middle] != "A" else "B") + code[middle + 1:]
    cases = {
        "tampered": (tamper_one_payload_byte(code), 1, "changed after"),
        "damaged": (damaged, 2, "not a readable progress code"),
        "expired": (seal(big_record(cli_kiosk.passport, scenarios=8,
                                    today=TODAY.today() - timedelta(days=500)),
                         cli_kiosk.passport.key), 1, "too old"),
        "truncated": (code[:-12], 2, "not a readable progress code"),
        "garbage": ("hello world", 2, "not a readable progress code"),
    }
    other = open_kiosk(tmp_path, "other")
    cases["unknown issuer"] = (seal(big_record(other.passport, scenarios=3, today=TODAY.today()),
                                    other.passport.key), 1, "does not know")
    other.store.close()
    for name, (text, exit_code, words) in cases.items():
        done = kiosk_cli(home, "decode", text)
        assert done.returncode == exit_code, (name, done.stdout, done.stderr)
        assert json.loads(done.stdout)["status"] != "ok"
        assert done.stderr.strip(), name  # a message in plain words
        if words:
            assert words in done.stderr, (name, done.stderr)
    not_a_qr = tmp_path / "blank.png"
    Image.new("L", (200, 200), 255).save(not_a_qr)
    done = kiosk_cli(home, "decode", "--image", str(not_a_qr))
    assert done.returncode == 2 and "no QR code" in done.stderr


def with_bytes_after_the_envelope(code: str) -> str:
    """The signed payload and its signature intact, one stray byte after them."""
    payload, signature = code_parts(code)
    return code_text(payload, signature + b"\x00")


def test_decode_refuses_impossible_dates_and_trailing_bytes_but_trims_white_space(cli_kiosk: Kiosk) -> None:
    key, today = cli_kiosk.passport.key, TODAY.today()
    record = big_record(cli_kiosk.passport, scenarios=5, today=today)
    code = seal(record, key)
    trimmed = kiosk_cli(cli_kiosk.home, "decode", f"  \n\t{code} \r\n")  # as pasted from a mail
    assert trimmed.returncode == 0, trimmed.stderr
    cases = {
        "issued in the future": (seal(replace(record, issued=today + timedelta(days=30),
                                              expires=today + timedelta(days=60)), key),
                                 1, "after today: it cannot be trusted"),
        "valid too long": (seal(replace(record, expires=today + timedelta(days=3650)), key),
                           1, "valid for 3650 days, longer than the 365"),
        "bytes after the envelope": (with_bytes_after_the_envelope(code), 2, "not a readable progress code"),
    }
    for name, (text, exit_code, words) in cases.items():
        done = kiosk_cli(cli_kiosk.home, "decode", text)
        assert done.returncode == exit_code, (name, done.stdout, done.stderr)
        assert json.loads(done.stdout)["status"] != "ok" and "record" not in json.loads(done.stdout)
        assert words in done.stderr, (name, done.stderr)
    # a kiosk whose clock is an hour into tomorrow: its code is still taken here
    tomorrow = seal(replace(record, issued=today + timedelta(days=1),
                            expires=today + timedelta(days=366)), key)
    assert kiosk_cli(cli_kiosk.home, "decode", tomorrow).returncode == 0


def test_key_and_trust_between_two_kiosks(tmp_path: Path) -> None:
    a, b = open_kiosk(tmp_path, "A"), open_kiosk(tmp_path, "B")
    try:
        shown = kiosk_cli(b.home, "key")
        assert shown.returncode == 0
        line = next(x for x in shown.stdout.splitlines() if "kiosk progress trust" in x)
        epn_id, public_key = line.split()[3:5]
        assert epn_id == b.passport.epn_id and public_key == b.passport.key.public_text
        code = seal(big_record(b.passport, scenarios=3, today=TODAY.today()), b.passport.key)
        assert kiosk_cli(a.home, "decode", code).returncode == 1
        wrong = kiosk_cli(a.home, "trust", a.passport.epn_id, public_key)
        assert wrong.returncode == 1 and "does not belong" in wrong.stderr
        added = kiosk_cli(a.home, "trust", epn_id, public_key, "--name", "EPN de Ciney")
        assert added.returncode == 0, added.stderr
        decoded = kiosk_cli(a.home, "decode", code)
        assert decoded.returncode == 0
        assert json.loads(decoded.stdout)["issuer_name"] == "EPN de Ciney"
    finally:
        a.store.close()
        b.store.close()


def test_attestation_pdf_renders_with_its_qr(cli_kiosk: Kiosk, tmp_path: Path) -> None:
    learner_id, pseudonym = cli_kiosk.store.new_learner()
    session = cli_kiosk.visit(learner_id, at(TODAY.today()))
    for scenario, stars in (("mouse.click", 3), ("email.reply", 2), ("identity.login", 1)):
        cli_kiosk.practise(session, scenario, stars=stars, hint=3 - stars, when=at(TODAY.today(), 10))
    cli_kiosk.passport.save_self_assessment(cli_kiosk.store, learner_id,
                                            {"mouse": "not_yet", "scam": "a_little"})
    picture = cli_kiosk.passport.issue(cli_kiosk.store, learner_id).picture
    cli_kiosk.store.close()

    out = tmp_path / "attestation.pdf"
    done = kiosk_cli(cli_kiosk.home, "attest", picture.typed, "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert out.read_bytes().startswith(b"%PDF")
    missing = kiosk_cli(cli_kiosk.home, "attest", "pomme-pomme-pomme-00")
    assert missing.returncode == 1 and "No learner" in missing.stderr

    subprocess.run(["pdftoppm", "-r", "150", "-png", str(out), str(tmp_path / "page")], check=True,
                   timeout=60)
    pages = sorted(tmp_path.glob("page*.png"))
    assert len(pages) == 1  # one page
    image = Image.open(pages[0]).convert("L")
    assert image.width > 1000
    found = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    assert len(found) == 1
    decoded = kiosk_cli(cli_kiosk.home, "decode", found[0].text)
    assert decoded.returncode == 0, decoded.stderr
    record = json.loads(decoded.stdout)["record"]
    assert record["pseudonym"] == pseudonym
    assert {s["id"]: s["best_stars"] for s in record["scenarios"]} == {
        "mouse.click": 3, "email.reply": 2, "identity.login": 1}
    assert record["digcomp"] == {"digcomp:2.2:1.1": 1, "digcomp:2.2:2.1": 1,
                                 "digcomp:2.2:2.6": 1, "digcomp:2.2:4.2": 1}
    # the page is mostly white paper, with ink: not an empty render
    histogram = image.histogram()
    assert sum(histogram[:128]) > 0.01 * image.width * image.height
