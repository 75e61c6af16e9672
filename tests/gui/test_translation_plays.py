"""A translator's work reaches the learner: a text changed in a PO file, imported with
``kiosk scenarios translate import``, is what the kiosk shows when the exercise is played.

The whole path through the real commands: export the module's Dutch PO file, change one
instruction as a PO editor would (Babel writes it back), import it into a copy of the
scenarios, then play the exercise in Dutch through the real kiosk (the storyboard preview,
which records the instruction as the screen shows it).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

from tests.gui.conftest import ROOT, kiosk_env
from tests.gui.test_preview import Page

NEW_WORDS = "Houd je vinger op het cv en sleep het naar <object.job>."


def kiosk(env: dict[str, str], *args: str, timeout: float = 120) -> str:
    proc = subprocess.run([sys.executable, "-m", "kiosk", *args], env=env, capture_output=True, text=True,
                          timeout=timeout, cwd=ROOT)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return proc.stdout


def test_an_imported_translation_is_what_the_learner_sees(display: str, tmp_path: Path) -> None:
    scenarios = tmp_path / "scenarios"
    shutil.copytree(ROOT / "scenarios", scenarios)
    env = kiosk_env(display, tmp_path / "home", KIOSK_SCENARIOS_DIR=str(scenarios))
    kiosk(env, "scenarios", "translate", "export", "mouse", "--lang", "nl", "--dir", str(scenarios),
          "--out", str(tmp_path / "po"))
    po_file = tmp_path / "po" / "mouse.nl.po"
    with po_file.open("rb") as f:
        catalog = read_po(f)
    message = catalog.get("Gardez le doigt et glissez le CV dans <object.job>.",
                          context="mouse.drag steps[0].say.touch")
    assert message is not None and message.string != NEW_WORDS
    message.string = NEW_WORDS
    with po_file.open("wb") as f:
        write_po(f, catalog)

    said = kiosk(env, "scenarios", "translate", "import", str(po_file), "--dir", str(scenarios))
    assert "1 text(s) updated in 1 file(s)" in said, said
    assert NEW_WORDS in (scenarios / "mouse" / "drag.yaml").read_text(encoding="utf-8")

    out = tmp_path / "storyboard"
    kiosk(env, "scenarios", "preview", "mouse.drag", "--lang", "nl", "--out", str(out), timeout=900)
    page = Page()
    page.feed((out / "index.html").read_text(encoding="utf-8"))
    # the screen's own word for the folder is filled in: "Emploi" on the practice screen
    assert page.steps[0]["instruction"] == NEW_WORDS.replace("<object.job>", "Emploi")
