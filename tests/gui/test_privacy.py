"""The privacy canary: the robot types a unique string first in every text field of every
shipped scenario; afterwards it is found nowhere under the kiosk's home (the SQLite
database and its WAL, logs, the voice cache, state files)."""

from __future__ import annotations

from pathlib import Path

from tests.gui.conftest import ROOT, play

CANARY = "zqxcanary7731"


def scenarios_with_text_fields() -> list[str]:
    from kiosk.engine import load_catalogue

    catalogue = load_catalogue(ROOT / "scenarios")
    return [s.id for m in catalogue.modules for s in catalogue.in_module(m.id)
            if any(step.expect.action == "type" for step in s.steps)]


def test_a_canary_typed_in_every_field_is_found_nowhere(display: str, tmp_path: Path) -> None:
    wanted = scenarios_with_text_fields()
    assert len(wanted) >= 6  # keyboard, e-mail, forms, identity, search
    report = play(display, tmp_path, ",".join(wanted), "--canary", CANARY)
    assert [s["id"] for s in report["scenarios"]] == wanted
    assert all(s["stars"] >= 1 for s in report["scenarios"])
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert any(p.name.startswith("kiosk.sqlite3") for p in files)  # the store was written
    found = [str(p) for p in files if CANARY.encode() in p.read_bytes()]
    assert found == []
