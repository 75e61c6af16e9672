"""Printing attestations through CUPS, with the fake `lp`/`lpstat` of tests/fake_cups on
the PATH (no printer can exist on a test machine): the job reaches `lp` with the printer
and title, nothing is left under the home, a refusal or a missing CUPS is said in plain
French, and `lpstat` tells the animator where a job is."""

from __future__ import annotations

import json
import os
import stat
import threading
import time
from pathlib import Path

import pytest

from kiosk.export.printing import AttestationPrinter

FAKE_CUPS = Path(__file__).resolve().parents[1] / "fake_cups"
PDF = b"%PDF-1.4 one page\n%%EOF\n"


@pytest.fixture
def spool(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "spool"
    monkeypatch.setenv("FAKE_CUPS_SPOOL", str(folder))
    monkeypatch.setenv("PATH", f"{FAKE_CUPS}{os.pathsep}{os.environ['PATH']}")
    return folder


def jobs(spool: Path) -> list[dict[str, object]]:
    log = spool / "jobs.log"
    return [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []


def test_a_printed_attestation_reaches_lp_and_leaves_nothing_under_the_home(spool: Path,
                                                                             tmp_path: Path) -> None:
    home = tmp_path / "home"
    printer = AttestationPrinter(home, "Accueil_HP")
    assert printer.available
    outcome = printer.send(PDF)
    assert outcome.accepted and outcome.job is not None
    assert outcome.job.job_id == "Accueil_HP-1" and outcome.job.printer == "Accueil_HP"
    assert outcome.detail == "envoyé à l'imprimante Accueil_HP (travail Accueil_HP-1)"
    [job] = jobs(spool)
    assert job["args"][:4] == ["-d", "Accueil_HP", "-t", "Attestation"]
    assert (spool / "Accueil_HP-1.pdf").read_bytes() == PDF  # what CUPS got
    assert list((home / "attestations").iterdir()) == []
    assert stat.S_IMODE((home / "attestations").stat().st_mode) == 0o700  # private to the kiosk


def test_without_a_named_printer_cups_chooses_and_lpstat_follows_the_job(spool: Path,
                                                                         tmp_path: Path) -> None:
    printer = AttestationPrinter(tmp_path / "home")
    outcome = printer.send(PDF)
    assert outcome.job is not None and "-d" not in jobs(spool)[0]["args"]
    assert outcome.job.printer == "Defaut"  # named after the queue CUPS chose
    assert [state for _job, state in printer.states()] == ["en attente ou en cours d'impression"]
    (spool / "completed").write_text(outcome.job.job_id + "\n")
    assert [state for _job, state in printer.states()] == ["imprimé"]


def test_a_refused_job_says_what_lp_said_and_keeps_no_file(spool: Path, tmp_path: Path) -> None:
    spool.mkdir()
    (spool / "refuse").touch()
    printer = AttestationPrinter(tmp_path / "home", "Absente")
    outcome = printer.send(PDF)
    assert not outcome.accepted and outcome.detail == "lp : lp: The printer or class does not exist."
    assert list((tmp_path / "home" / "attestations").iterdir()) == [] and printer.jobs == []


def test_without_cups_nothing_is_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    printer = AttestationPrinter(tmp_path / "home")
    assert not printer.available
    outcome = printer.send(PDF)
    assert not outcome.accepted and "CUPS" in outcome.detail
    assert not (tmp_path / "home").exists()


def test_sweep_removes_a_pdf_held_by_a_stuck_lp(spool: Path, tmp_path: Path) -> None:
    spool.mkdir()
    (spool / "hold").touch()
    printer = AttestationPrinter(tmp_path / "home")
    sending = threading.Thread(target=printer.send, args=(PDF,))
    sending.start()
    deadline = time.monotonic() + 10
    while not (spool / "holding").exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    folder = tmp_path / "home" / "attestations"
    assert [p.suffix for p in folder.iterdir()] == [".pdf"]  # lp has not read it yet
    assert printer.sweep() == 1  # the session ends
    assert list(folder.iterdir()) == []
    (spool / "hold").unlink()
    sending.join(10)
    assert printer.jobs == [] and list(folder.iterdir()) == []
