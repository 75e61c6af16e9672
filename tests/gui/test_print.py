"""Printing an attestation needs the animator, and leaves no PDF behind.

A real kiosk (1280×800) enrolled with a real hub on 127.0.0.1, the fake CUPS of
tests/fake_cups on its PATH (a real printer cannot exist here; the fake records each job
and keeps CUPS's copy in a spool outside the home). Driven by drive_print.py: without
CUPS the screen says so; "Imprimer" calls the animator — the room's tile says
"impression" — and opens the PIN pad; nothing prints without the right PIN; after
printing, after a session ended while CUPS held a job, and at start-up, no PDF is left
under the home.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the hub extra is not installed")
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "hub"))

from hub_kit import make_settings, running_hub  # noqa: E402
from room_kit import watching_room  # noqa: E402

from kiosk import strings  # noqa: E402

from .conftest import ROOT, drive, run_kiosk  # noqa: E402

FAKE_CUPS = ROOT / "tests" / "fake_cups"
PRINTER = "Accueil_HP"


@pytest.fixture(scope="module")
def printed(display: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    base = tmp_path_factory.mktemp("print")
    home, spool, fake_bin = base / "kiosk", base / "spool", base / "bin"
    fake_bin.mkdir()
    for tool in ("lp", "lpstat"):  # copies: the driver takes lp away for a moment
        shutil.copy2(FAKE_CUPS / tool, fake_bin / tool)
    extra = {"FAKE_CUPS_BIN": str(fake_bin), "FAKE_CUPS_SPOOL": str(spool),
             "PATH": f"{fake_bin}{os.pathsep}{os.environ['PATH']}", "KIOSK_PRINTER": PRINTER}
    with running_hub(make_settings(base / "hub")) as hub:
        enrolled = run_kiosk(["enrol", hub.enrol_code(), "--hub", hub.base_url], display, home)
        assert enrolled.returncode == 0, enrolled.stderr
        stale = home / "attestations" / "attestation-stale.pdf"  # a kiosk stopped while printing
        stale.parent.mkdir()
        stale.write_bytes(b"%PDF-1.4 left behind\n")
        seen: dict[str, Any] = {}
        with watching_room(hub.login("anna", "animator")):  # the room is open on a tablet
            kiosk = threading.Thread(target=lambda: seen.update(
                drive(display, home, "drive_print.py", timeout=240, **extra)))
            kiosk.start()
            room = hub.app.state.room
            tiles: list[dict[str, Any]] = []
            deadline = time.monotonic() + 200
            while kiosk.is_alive() and time.monotonic() < deadline:
                tiles = [t for t in room.tiles() if t["help_reason"] == "impression"]
                if tiles:
                    (home / "room-saw-impression").touch()  # the driver goes on to the PIN
                    break
                time.sleep(0.05)
            kiosk.join(240)
        seen["room"] = tiles
        seen["room_after"] = room.tiles()
    seen["spool"] = spool
    return seen


def test_printing_is_offered_only_where_cups_is_and_says_so_plainly(printed: dict[str, Any]) -> None:
    no_cups = printed["no_cups"]
    assert no_cups["status"] == no_cups["spoken"] == strings.tr("print.unavailable", "fr")
    assert no_cups["pad"] is False and no_cups["files"] == []
    assert "CUPS (lp) n'est pas installé" in no_cups["note"]


def test_imprimer_calls_the_animator_with_the_reason_impression(printed: dict[str, Any]) -> None:
    asked = printed["asked"]
    assert asked["status"] == asked["spoken"] == strings.tr("call.sent", "fr")
    assert asked["call"] == "waiting" and asked["pad_title"] == "Animateur : code pour imprimer"
    [tile] = printed["room"]
    assert tile["help"] == "waiting" and tile["in_use"]
    # the animator's PIN answers the call: no tile stays red after printing
    assert printed["printed"]["call"] == "none"
    assert all(t["help"] == "none" and t["help_reason"] is None for t in printed["room_after"])


def test_the_learner_cannot_print_without_the_animators_pin(printed: dict[str, Any]) -> None:
    assert printed["after_cancel"] == {"pad": False, "jobs": [], "files": []}
    wrong = printed["wrong_pin"]
    assert wrong["message"] == "Code incorrect" and wrong["jobs"] == [] and wrong["files"] == []


def test_the_right_pin_prints_on_the_configured_printer_and_keeps_no_pdf(printed: dict[str, Any]) -> None:
    done = printed["printed"]
    assert done["status"] == done["spoken"] == strings.tr("passport.printed", "fr")
    [job] = done["jobs"]
    assert job["job"] == f"{PRINTER}-1" and job["args"][:4] == ["-d", PRINTER, "-t", "Attestation"]
    assert done["note"] == f"envoyé à l'imprimante {PRINTER} (travail {PRINTER}-1)"
    # the home listed before (the PDF a stopped kiosk left went at start-up) and after:
    # no PDF anywhere under it, the folder empty
    assert printed["before"] == [] and done["files"] == [] and done["folder"] == []
    pdf = printed["spool"] / f"{PRINTER}-1.pdf"  # CUPS's copy: the attestation itself
    assert pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
        assert "Attestation de parcours numérique" in text and "Cliquer" in text


def test_a_pdf_not_yet_printed_is_gone_when_the_session_ends(printed: dict[str, Any]) -> None:
    [held] = printed["held"]["files"]  # CUPS held the job: its file was there
    assert held.startswith("attestations/attestation-") and held.endswith(".pdf")
    assert printed["after_session"] == {"files": [], "folder": []}
    # CUPS never got it: the learner had gone
    assert [j["job"] for j in printed["animator"]["jobs_after"]] == [f"{PRINTER}-1"]


def test_the_animator_screen_shows_the_printer_and_the_job(printed: dict[str, Any]) -> None:
    lines = printed["animator"]["printing"].splitlines()
    assert lines[0] == f"Imprimante : {PRINTER}"
    assert lines[1].endswith(f"{PRINTER}-1 : imprimé")
    assert all(Path(p).exists() for p in printed["shots"].values())
