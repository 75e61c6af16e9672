"""The robot learner finishes every shipped mouse scenario through the real UI, and
what happened is in the real SQLite file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.gui.conftest import play

MOUSE = ["mouse.click", "mouse.double_click", "mouse.drag", "mouse.scroll", "mouse.right_click"]


def rows(home: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(home / "kiosk.sqlite3") as db:
        return db.execute(sql).fetchall()


@pytest.mark.parametrize("device", ["touch", "mouse"])
def test_whole_mouse_module_without_help_gives_three_stars(display: str, tmp_path: Path,
                                                           device: str) -> None:
    shots = tmp_path / "shots"
    report = play(display, tmp_path, "mouse", "--device", device, "--screenshots", str(shots))
    assert [s["id"] for s in report["scenarios"]] == MOUSE
    assert all(s["stars"] == 3 for s in report["scenarios"])
    # every touch target on every step is at least 64 px at 1920×1080
    assert min(s["smallest_target_px"] for s in report["scenarios"]) >= 64
    # every label drawn on every step stands out from what is behind it: at least 7:1
    assert min(s["lowest_contrast"][0] for s in report["scenarios"]) >= 7.0, report["scenarios"]
    # the voice matched the device the learner was using
    spoken = " ".join(" ".join(s["spoken"]) for s in report["scenarios"])
    assert ("Cliquez" in spoken) == (device == "mouse")
    assert ("Touchez" in spoken) == (device == "touch")
    # and it was real audio: espeak-ng clips played through Kivy (SDL's dummy device here)
    assert report["speech_problem"] is None
    steps = sum(len(s["steps"]) for s in report["scenarios"])
    assert report["clips_played"] >= steps  # every step's instruction was heard
    pngs = sorted(p.name for p in shots.glob("*.png"))
    assert any("welcome" in p for p in pngs) and any("results" in p for p in pngs)
    # stored: one session ended "finished", five attempts each with a 3-star finish
    sessions = rows(tmp_path, "SELECT end_reason FROM sessions")
    assert sessions == [("finished",)]
    assert report["last_spoken"] == "Merci et à bientôt !"  # "J'ai fini" says goodbye
    attempts = rows(tmp_path, "SELECT scenario_id, device FROM attempts ORDER BY started_at")
    assert [a[0] for a in attempts] == MOUSE
    assert {a[1] for a in attempts} == {device}
    stars = rows(tmp_path, "SELECT stars FROM step_events WHERE kind = 'finished'")
    assert sorted(s[0] for s in stars) == [3] * 5
    assert rows(tmp_path, "SELECT count(*) FROM step_events WHERE kind IN ('hint','demo','wrong')") == [(0,)]


def test_mistakes_climb_the_help_ladder_and_the_demo_plays(display: str, tmp_path: Path) -> None:
    report = play(display, tmp_path, "mouse", "--mistakes")
    for scenario in report["scenarios"]:
        assert scenario["stars"] == 1, scenario  # finished with the demo: one star, never zero
        for step in scenario["steps"]:
            assert step["hint_levels"] == [1, 2, 3], (scenario["id"], step)
    demos = [step["demos"] for s in report["scenarios"] for step in s["steps"]]
    assert demos == sorted(demos) and demos[-1] == len(demos)  # a demo per step, each played out
    # the store saw every rung of the ladder on every step
    per_step = rows(tmp_path, """SELECT a.scenario_id, e.step_id, group_concat(e.hint_level)
                                 FROM step_events e JOIN attempts a ON a.id = e.attempt_id
                                 WHERE e.kind IN ('hint', 'demo') GROUP BY a.id, e.step_id""")
    assert len(per_step) == 11
    assert all(levels == "1,2,3" for _s, _st, levels in per_step)
    wrong = rows(tmp_path, "SELECT count(*) FROM step_events WHERE kind = 'wrong'")
    assert wrong == [(33,)]
    finished = rows(tmp_path, "SELECT stars FROM step_events WHERE kind='finished'")
    assert sorted(r[0] for r in finished) == [1] * 5
