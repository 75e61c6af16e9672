"""The privacy canary: the robot types a unique string first in every text field of every
shipped scenario; afterwards it is found nowhere.

Where it is looked for: every file under the kiosk's home, by content and by name (the
SQLite database, its WAL and -shm — read every half second while the kiosk runs, since
a clean exit folds the WAL back into the database —, the voice cache, Kivy's files, state
and keys, temporary files: TMPDIR points into the home); what the kiosk printed (its log,
which journald keeps on a terminal); the learner's signed progress code decoded down to
its CBOR payload; and the attestation PDF, as bytes and as the text poppler reads in it:
the one the robot printed through the passport's "Imprimer" (the animator's PIN, then
the fake CUPS of tests/fake_cups, whose spool is inside the home), and the one
``kiosk progress attest`` makes. After the run no PDF is left in the attestations folder.

Fast (CI): one text-field scenario of each surface (each kind of field: a web form,
an e-mail, a phone app, a search box, the desktop keyboard) in French. Long (``make
canary``): every text-field scenario in French, then in Arabic with mistakes first, so
every wrong-entry path runs too.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from tests.gui.conftest import ROOT, first_of_each_surface, kiosk_env

CANARY = "zqxcanary7731"
WATCHED = ("-wal", "-shm", "-journal", ".json", ".tmp", ".log")


def scenarios_with_text_fields(one_per_surface: bool = False) -> list[str]:
    from kiosk.engine import load_catalogue

    catalogue = load_catalogue(ROOT / "scenarios")
    wanted = [s for s in catalogue.in_order() if any(step.expect.action == "type" for step in s.steps)]
    if one_per_surface:  # the fast variant: each kind of text field once
        wanted = first_of_each_surface(wanted)
    return [s.id for s in wanted]


def watch_while_running(home: Path, proc: subprocess.Popen[str], found: list[str], seen: set[str]) -> None:
    """The database's WAL and -shm (and small state files) read again and again mid-run."""
    while proc.poll() is None:
        for path in list(home.rglob("*")):
            if path.is_file() and path.name.endswith(WATCHED):
                seen.add(path.name)
                try:
                    if CANARY.encode() in path.read_bytes():
                        found.append(f"{path} (while running)")
                except OSError:
                    pass  # removed meanwhile (a clean checkpoint)
        time.sleep(0.5)


def play_with_canary(display: str, home: Path, *extra: str, every: bool = True) -> dict[str, Any]:
    import json

    wanted = scenarios_with_text_fields(one_per_surface=not every)
    assert len(wanted) >= (6 if every else 5)  # keyboard, e-mail, forms, identity, search
    (home / "tmp").mkdir(parents=True)
    report = home / "report.json"
    fake_cups = ROOT / "tests" / "fake_cups"  # no printer here: it keeps the job in the home
    env = kiosk_env(display, home, TMPDIR=str(home / "tmp"), FAKE_CUPS_SPOOL=str(home / "cups-spool"),
                    PATH=f"{fake_cups}{os.pathsep}{os.environ['PATH']}")
    proc = subprocess.Popen([sys.executable, "-m", "kiosk", "play", ",".join(wanted), "--auto", "--canary",
                             CANARY, "--report", str(report), *extra], env=env, cwd=ROOT, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    found: list[str] = []
    watched: set[str] = set()
    watcher = threading.Thread(target=watch_while_running, args=(home, proc, found, watched), daemon=True)
    watcher.start()
    out, err = proc.communicate(timeout=900)
    watcher.join(5)
    assert report.exists(), out[-3000:] + err[-3000:]
    data: dict[str, Any] = json.loads(report.read_text())
    assert proc.returncode == 0 and data["ok"], (data.get("error"), err[-3000:])
    assert [s["id"] for s in data["scenarios"]] == wanted
    assert all(s["stars"] >= 1 for s in data["scenarios"])
    left = sorted(p.name for p in (home / "attestations").glob("*"))
    return {"found_while_running": found, "watched": watched, "log": out + err, "env": env,
            "printed": sorted((home / "cups-spool").glob("*.pdf")), "left": left}


def pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout \
        if shutil.which("pdftotext") else ""


def code_and_attestation(home: Path, env: dict[str, str]) -> tuple[str, bytes, bytes, str]:
    """The learner's signed code (as the passport screen showed it) and attestation PDF."""
    with sqlite3.connect(home / "kiosk.sqlite3") as db:
        (pseudonym,) = db.execute("SELECT pseudonym FROM learners").fetchone()
    db.close()
    pdf = home / "attestations" / "canary.pdf"
    pdf.parent.mkdir(exist_ok=True)
    made = subprocess.run([sys.executable, "-m", "kiosk", "progress", "attest", pseudonym, "--out", str(pdf)],
                          env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert made.returncode == 0, made.stderr
    from kiosk.config import load_config
    from kiosk.export.passport import Passport
    from kiosk.export.sealed import code_parts
    from kiosk.store.repository import Store

    config = load_config(env=env)
    passport = Passport.from_config(config)
    with Store(config.database_url) as store:
        learner = passport.find(store, pseudonym)
        assert learner is not None
        code = passport.issue(store, learner.id).code
    envelope = b"".join(code_parts(code))
    return code, envelope, pdf.read_bytes(), pdf_text(pdf)


def check_found_nowhere(display: str, home: Path, *extra: str, every: bool = True) -> None:
    run = play_with_canary(display, home, *extra, every=every)
    [printed] = run["printed"]  # the robot printed once, through the animator's PIN
    assert run["left"] == []  # and lp took it: nothing stays in the attestations folder
    printed_text = pdf_text(printed)
    assert not shutil.which("pdftotext") or "Attestation de parcours" in printed_text
    code, envelope, pdf, attest_text = code_and_attestation(home, run["env"])
    files = [p for p in home.rglob("*") if p.is_file()]
    assert any(p.name.startswith("kiosk.sqlite3") for p in files)  # the store was written
    assert "kiosk.sqlite3-wal" in run["watched"]  # the WAL was there to be read mid-run
    assert any(p.suffix == ".wav" for p in files)  # the voice cache too
    assert pdf.startswith(b"%PDF") and len(envelope) > 100
    found = run["found_while_running"]
    found += [str(p) for p in files if CANARY.encode() in p.read_bytes() or CANARY in str(p)]
    found += [where for where, text in (("the kiosk's log", run["log"]), ("the progress code", code),
                                        ("the attestation's text", attest_text),
                                        ("the printed attestation's text", printed_text)) if CANARY in text]
    found += ["the progress code's payload"] if CANARY.encode() in envelope else []
    assert found == []


def test_a_canary_typed_in_every_kind_of_field_is_found_nowhere(display: str, tmp_path: Path) -> None:
    check_found_nowhere(display, tmp_path, every=False)


@pytest.mark.long
def test_canary_long_in_every_field(display: str, tmp_path: Path) -> None:
    check_found_nowhere(display, tmp_path)


@pytest.mark.long
def test_canary_long_in_arabic_with_mistakes(display: str, tmp_path: Path) -> None:
    check_found_nowhere(display, tmp_path, "--lang", "ar", "--mistakes")
