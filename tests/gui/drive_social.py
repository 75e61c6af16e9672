"""Driver run in its own process by test_social.py: a learner plays one exercise on the
social network (argv[6]) in the language argv[4], the practice screen in that language
("own") or in French ("fr", argv[5]), and at the step argv[7] first touches argv[8] (a
slip: "share.contest" where the contest is a trap). Writes, for each step, the words on
the phone, what the learner's eye saw and where the named target is drawn, then what the
app shows at the end, as JSON (argv[1]); screenshots go to argv[2]; argv[3] is the
window size."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from kiosk.config import load_config
from kiosk.ui.launch import prepare_kivy

config = load_config()
prepare_kivy(config, windowed=True, size=sys.argv[3])

from kiosk.ui.app import KioskApp  # noqa: E402
from kiosk.ui.learners_eye import look  # noqa: E402
from kiosk.ui.robot import Robot, Until  # noqa: E402

OUT = Path(sys.argv[1])
SHOTS = Path(sys.argv[2])
SIZE, LANGUAGE, OWN, SID = sys.argv[3], sys.argv[4], sys.argv[5] == "own", sys.argv[6]
SLIP_STEP, SLIP = (sys.argv[7], sys.argv[8]) if len(sys.argv) > 8 else ("", "")


def drawn_words(widget: Any) -> list[str]:
    """Every text drawn inside ``widget`` now (labels in the window, not hidden)."""
    from kivy.uix.label import Label

    return [text for child in widget.walk(restrict=True)
            if isinstance(child, Label) and child.opacity > 0 and child.get_root_window() is not None
            and (text := getattr(child, "words", "") or child.text).strip()]


def drawn_pictures(widget: Any) -> list[str]:
    """The pictogram files drawn inside ``widget`` now."""
    from kivy.uix.image import Image

    return sorted({Path(child.source).stem for child in widget.walk(restrict=True)
                   if isinstance(child, Image) and child.source and child.opacity > 0
                   and child.get_root_window() is not None})


def box(widget: Any) -> list[float]:
    """Where ``widget`` is drawn in the window: left, bottom, width, height."""
    x, y = widget.to_window(widget.x, widget.y)
    return [round(x), round(y), round(widget.width), round(widget.height)]


class SocialDriver(Robot):
    def script(self) -> Any:
        app = self.app
        seen: dict[str, Any] = {"steps": []}
        yield Until(lambda: app.sm.current == "welcome" and app.ready, "welcome")
        yield from self.start_in(LANGUAGE)
        yield from self.open_scenario(SID)
        yield from self.screen_in_own_language(OWN)
        player = app.screen("player")
        runner = player.runner
        surface = player.surface
        tag = f"{SID}-{LANGUAGE}{'-own' if OWN else ''}-{SIZE}"
        seen["mirrored"] = surface.mirrored
        while not runner.finished:
            step = runner.step
            yield Until(lambda: player.shown_step is runner.step, "the step's words")
            yield from self.frames(3)
            target = surface.target_widget(step.expect.target)
            record: dict[str, Any] = {
                "id": step.id, "eye": look(player), "page": surface.page,
                "phone": drawn_words(surface.ids.phone), "pictures": drawn_pictures(surface.ids.phone),
                "target": box(target) if target is not None else None,
                "smallest_target_px": self.smallest_target()}
            if step.id in ("write", "menu", "profile"):
                # the feed: each post's author and its menu button, where they are drawn
                record["cards"] = [{"author": card.author, "card": box(card), "menu": box(card.ids.menu)}
                                   for card in surface.ids.posts.children[::-1]]
            seen["steps"].append(record)
            yield from self.shot(f"{tag}-{step.id}")
            if step.id == SLIP_STEP:
                errors = runner.errors
                yield from self.tap(*self.centre(surface.target_widget(SLIP)))
                yield from self.settled(lambda errors=errors: runner.errors > errors, 2.0)
                yield from self.frames(3)
                record["after_slip"] = {"errors": runner.errors, "step": runner.step.id,
                                        "notice": surface.notice, "page": surface.page,
                                        "phone": drawn_words(surface.ids.phone)}
                yield from self.shot(f"{tag}-{step.id}-slip")
            before = runner.step_index
            yield from self.right_action(step)
            yield Until(lambda before=before: runner.finished or runner.step_index != before,
                        f"step '{step.id}' to be accepted")
        yield from self.frames(3)
        seen["end"] = {"page": surface.page, "notice": surface.notice, "seen": dict(surface.seen),
                       "hidden": sorted(surface.hidden), "published": surface.published,
                       "phone": drawn_words(surface.ids.phone), "pictures": drawn_pictures(surface.ids.phone)}
        yield from self.shot(f"{tag}-end")
        yield Until(lambda: app.sm.current == "results", "the results screen")
        seen["stars"] = app.session_stars.get(SID)
        OUT.write_text(json.dumps(seen, ensure_ascii=False, indent=2))
        app.exit_kiosk()


app = KioskApp(config)
app.robot = SocialDriver(app, SID.split(".")[0], screenshots=SHOTS)
app.run()
