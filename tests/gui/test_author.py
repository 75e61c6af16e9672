"""Author mode (``kiosk run --author DIR``): a trainer's file saved is on screen at once,
at the step being edited; a broken file shows its error (file:line and fix) on a card
until it is fixed, and the rest keeps running."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.gui.conftest import ROOT, drive, run_kiosk

pytestmark = pytest.mark.xdist_group("test_author")


@pytest.fixture(scope="module")
def seen(display: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    home = tmp_path_factory.mktemp("author")
    folder = home / "my-exercises"
    shutil.copytree(ROOT / "scenarios" / "mouse", folder / "mouse")
    return drive(display, home, "drive_author.py", str(folder), timeout=400)


def test_the_saved_words_show_at_the_step_being_edited(seen: dict[str, Any]) -> None:
    assert seen["errors_at_start"] == []
    assert seen["step_2_before"] == {"index": 1, "instruction": "Touchez la tasse."}
    assert seen["step_2_after"] == {"index": 1, "step": "cup", "instruction": "Touchez la tasse bleue.",
                                    "screen": "player", "said": "Touchez la tasse bleue."}
    assert seen["edited_after_s"] < 10  # measured ~0.5 s; a busy machine is slower


def test_a_broken_file_shows_its_error_until_it_is_fixed(seen: dict[str, Any]) -> None:
    card = seen["card"]
    assert card["shown"] and card["inside_window"]
    assert card["title"] == "Erreur dans un fichier d'exercice"
    line = seen["tab_line"]
    assert card["text"].startswith(f"mouse/click.yaml:{line}:1: "), card["text"]
    # what is wrong and the fix, as `kiosk scenarios check` prints them
    assert card["text"].endswith("there is a tab here, where YAML needs spaces — replace the tab by spaces")
    # the rest keeps running: the exercise on screen, the other exercises of the module
    broken = seen["while_broken"]
    assert broken == {"screen": "player", "index": 1, "instruction": "Touchez la tasse bleue.",
                      "running": True, "scenarios": ["mouse.double_click", "mouse.drag",
                                                     "mouse.right_click", "mouse.scroll"]}
    assert seen["played_on_to"] == 2  # the cup touched while the file is broken: step 3
    assert seen["card_after_fix"]["shown"] is False
    # fixed as it was before the break: nothing to jump back to, the learner stays
    assert seen["after_fix"] == {"screen": "player", "step": "glasses",
                                 "instruction": "Touchez les lunettes."}


def test_an_edit_further_on_goes_to_that_step_with_the_screen_it_needs(seen: dict[str, Any]) -> None:
    assert seen["double_click_before"] == {"step": "open_folder", "water_bill_shown": False}
    # step 1 opened the bills folder: step 2's bill is on screen, and its new words are said
    assert seen["jumped"] == {"step": "open_document", "index": 1, "water_bill_shown": True,
                              "said": "Touchez deux fois la facture d'eau verte."}
    assert seen["ended_on"] == "results"


def test_screenshots_are_kept(seen: dict[str, Any]) -> None:
    for label in ("edited-step", "error-card", "fixed", "jumped-ahead"):
        assert Path(seen["shots"][label]).stat().st_size > 10_000


def test_the_author_folder_must_exist(display: str, tmp_path: Path) -> None:
    proc = run_kiosk(["run", "--windowed", "--author", str(tmp_path / "nowhere")], display, tmp_path,
                     timeout=60)
    assert proc.returncode == 1
    assert f"{tmp_path / 'nowhere'}: no such folder" in proc.stdout
