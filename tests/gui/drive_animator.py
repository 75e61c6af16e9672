"""Driver run by test_animator.py: the animator's PIN pad ("Annuler" changes nothing), the
animator screen as the robot's eye measures it (targets, contrast, nothing cut, French in
the Latin font), a module hidden and shown by word and mark, and the two questions asked
once ("Terminer la session", "Quitter le kiosque").

argv: OUT.json SHOTS_DIR LANGUAGE SIZE. Writes what it observed as JSON; the last thing it
does is answer "Oui" to "Quitter le kiosque ?", and the kiosk's own stop writes the file
once more with the stage it stopped at.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from kiosk.config import load_config
from kiosk.ui.launch import prepare_kivy

OUT, SHOTS, LANGUAGE, SIZE = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], sys.argv[4]
config = load_config()
prepare_kivy(config, windowed=True, size=SIZE)

from kivy.core.window import Window  # noqa: E402
from kivy.uix.behaviors import ButtonBehavior  # noqa: E402
from kivy.uix.label import Label  # noqa: E402
from kivy.uix.scrollview import ScrollView  # noqa: E402

from kiosk.ui.app import KioskApp  # noqa: E402
from kiosk.ui.robot import Robot, Until  # noqa: E402


class AnimatorDriver(Robot):
    seen: dict[str, Any]
    stage = "start"

    def script(self) -> Any:
        app = self.app
        seen = self.seen = {"size": list(Window.size)}
        yield Until(lambda: app.sm.current == "welcome" and app.ready, "welcome")
        # a learner in the middle of an exercise, in their language
        yield from self.tap_named(f"language.{LANGUAGE}")
        yield Until(lambda: app.sm.current == "modules", "modules")
        yield from self.tap_named("module.mouse")
        yield Until(lambda: app.sm.current == "scenarios", "scenarios")
        yield from self.tap_named("scenario.mouse.click")
        yield Until(lambda: app.sm.current == "player", "player")
        yield Until(lambda: app.logbook.pseudonym is not None, "the pseudonym")
        player = app.screen("player")
        before = {"screen": app.sm.current, "session": app.logbook.session_id,
                  "step": player.step_index, "instruction": player.instruction,
                  "language": app.language}
        seen["pseudonym"] = app.logbook.pseudonym

        # -- the PIN pad: a few digits, then "Annuler"
        yield from self.open_pad()
        pad = self.find("pin.ok").parent.parent.parent
        yield from self.tap_named("1")
        yield from self.tap_named("2")
        keys = [w for w in walk(pad) if isinstance(w, ButtonBehavior)]
        seen["pad"] = {"smallest_target": min(min(w.size) for w in keys),
                       "lowest_contrast": self.lowest_contrast(pad), "fonts": fonts(pad),
                       "cut": cut_labels(pad), "entered": pad.entered}
        yield from self.shot(f"pin-pad-{LANGUAGE}")
        yield from self.tap_named("pin.cancel")
        yield from self.frames()
        seen["pad_after_cancel"] = {"open": self.find("pin.ok") is not None, "screen": app.sm.current,
                                    "session": app.logbook.session_id, "step": player.step_index,
                                    "instruction": player.instruction, "language": app.language}
        seen["before_pad"] = before

        # -- the animator screen, measured as the learner's screens are
        yield from self.open_pad()
        for digit in "1234":
            yield from self.tap_named(digit)
        yield from self.tap_named("pin.ok")
        yield Until(lambda: app.sm.current == "animator", "the animator screen")
        screen = app.screen("animator")
        yield Until(lambda: "Chargement" not in screen.sessions, "sessions")
        yield from self.frames(3)
        seen["animator"] = self.measure(screen)
        seen["sessions"] = screen.sessions
        yield from self.shot(f"animator-{LANGUAGE}")

        # -- a module hidden: the word and the mark change, the learner's menu loses it
        tile = self.find("animator.module.video")
        seen["video_before"] = tile_state(tile)
        yield from self.tap_named("animator.module.video")
        yield from self.frames(3)
        seen["video_after"] = tile_state(tile)
        seen["animator_one_hidden"] = self.measure(screen)
        seen["enabled_after_hiding"] = json.loads(app.kiosk_config.state_file.read_text())["enabled_modules"]
        yield from self.shot(f"animator-video-hidden-{LANGUAGE}")
        yield from self.tap_named("animator.back")
        yield Until(lambda: app.sm.current == "modules", "the learner's menu")
        seen["menu_has_video"] = self.find("module.video") is not None
        seen["menu_has_mouse"] = self.find("module.mouse") is not None
        yield from self.open_pad()
        for digit in "1234":
            yield from self.tap_named(digit)
        yield from self.tap_named("pin.ok")
        yield Until(lambda: app.sm.current == "animator", "the animator screen again")
        yield from self.tap_named("animator.module.video")
        seen["video_shown_again"] = tile_state(self.find("animator.module.video"))

        # -- "Terminer la session de …": asked once; "Non" keeps it, "Oui" ends it
        session = app.logbook.session_id
        seen["end_button"] = self.find("animator.end_session").children[0].text
        yield from self.tap_named("animator.end_session")
        yield Until(lambda: self.find("confirm.yes") is not None, "the question")
        yield from self.frames(3)
        seen["end_card"] = self.card()
        yield from self.shot(f"confirm-end-session-{LANGUAGE}")
        yield from self.tap_named("confirm.no")
        yield from self.frames()
        seen["end_after_no"] = {"card": self.find("confirm.yes") is not None, "screen": app.sm.current,
                                "same_session": app.logbook.session_id == session}
        yield from self.tap_named("animator.end_session")
        yield Until(lambda: self.find("confirm.yes") is not None, "the question again")
        yield from self.tap_named("confirm.yes")
        yield Until(lambda: app.sm.current == "welcome", "the welcome after the session ended")
        seen["end_after_yes"] = {"screen": app.sm.current, "session": app.logbook.session_id}

        # -- "Quitter le kiosque": asked once; "Non" keeps the kiosk, "Oui" stops it
        yield from self.open_pad()
        for digit in "1234":
            yield from self.tap_named(digit)
        yield from self.tap_named("pin.ok")
        yield Until(lambda: app.sm.current == "animator", "the animator screen, no session")
        yield from self.frames(3)
        seen["animator_no_session"] = self.measure(screen)
        end = self.find("animator.end_session")
        seen["end_button_without_session"] = {"opacity": end.opacity if end else None,
                                              "disabled": end.disabled if end else None}
        self.stage = "exit.asked"
        yield from self.tap_named("animator.exit")
        yield Until(lambda: self.find("confirm.yes") is not None, "the exit question")
        yield from self.frames(3)
        seen["exit_card"] = self.card()
        yield from self.shot(f"confirm-exit-{LANGUAGE}")
        self.stage = "exit.no"
        yield from self.tap_named("confirm.no")
        yield from self.frames()
        seen["exit_after_no"] = {"card": self.find("confirm.yes") is not None, "screen": app.sm.current,
                                 "allow_exit": app.allow_exit}
        self.write()
        yield from self.tap_named("animator.exit")
        yield Until(lambda: self.find("confirm.yes") is not None, "the exit question again")
        self.stage = "exit.yes"
        yield from self.tap_named("confirm.yes")
        self.stage = "after exit.yes"
        yield Until(lambda: False, "the kiosk to stop", 10)

    def open_pad(self) -> Any:
        touch = self._event(20, Window.height - 20)  # the animator's hidden corner
        self._send("begin", touch)
        yield Until(lambda: self.find("pin.ok") is not None, "the PIN pad", 6)
        self._send("end", touch)
        yield from self.frames()

    def measure(self, screen: Any) -> dict[str, Any]:
        tiles = [w for w in walk(screen) if getattr(w, "name", "").startswith("animator.module.")]
        return {"smallest_target": self.smallest_target(), "lowest_contrast": self.lowest_contrast(),
                "fonts": fonts(screen), "cut": cut_labels(screen), "texts": texts(screen),
                "tiles": len(tiles), "tile_height": min(t.height for t in tiles),
                "overlapping": overlapping(tiles + [w for w in walk(screen)
                                                    if isinstance(w, ButtonBehavior) and w.opacity > 0
                                                    and w not in tiles]),
                "outside": [getattr(w, "name", "") for w in walk(screen) if isinstance(w, ButtonBehavior)
                            and w.opacity > 0 and not inside_window(w)]}

    def card(self) -> dict[str, Any]:
        yes = self.find("confirm.yes")
        card = yes.parent.parent.parent
        return {"question": card.question, "yes": card.yes_text, "no": card.no_text,
                "fonts": fonts(card), "texts": texts(card), "cut": cut_labels(card),
                "lowest_contrast": self.lowest_contrast(card),
                "smallest_target": min(min(w.size) for w in walk(card) if isinstance(w, ButtonBehavior)),
                "spoken_last": (self.app.speaker.spoken or [""])[-1]}

    def write(self) -> None:
        OUT.write_text(json.dumps({**getattr(self, "seen", {}), "stopped_at": self.stage,
                                   "error": getattr(self, "error", None)}, ensure_ascii=False, indent=2))


def walk(widget: Any) -> list[Any]:
    out, stack = [], [widget]
    while stack:
        w = stack.pop()
        out.append(w)
        stack.extend(w.children)
    return out


def shown_labels(widget: Any) -> list[Any]:
    """Labels drawn now: visible, with words, not inside a scrolled list (which may cut)."""
    out = []
    stack = [widget]
    while stack:
        w = stack.pop()
        if w.opacity <= 0 or isinstance(w, ScrollView):
            continue
        if isinstance(w, Label) and w.text.strip():
            out.append(w)
        stack.extend(w.children)
    return out


def fonts(widget: Any) -> list[str]:
    return sorted({Path(str(w.font_name)).stem for w in shown_labels(widget)})


def texts(widget: Any) -> list[str]:
    return [w.text for w in shown_labels(widget)]


def cut_labels(widget: Any) -> list[str]:
    """Words whose drawn texture is larger than their box: cut off or spilling over."""
    return [f"{w.text[:40]!r} {w.texture_size} in {[round(v) for v in w.size]}"
            for w in shown_labels(widget)
            if w.texture_size[0] > w.width + 1 or w.texture_size[1] > w.height + 1]


def inside_window(w: Any) -> bool:
    x, y = w.to_window(w.x, w.y)
    return x >= 0 and y >= 0 and x + w.width <= Window.width + 1 and y + w.height <= Window.height + 1


def overlapping(widgets: list[Any]) -> list[str]:
    boxes = [(getattr(w, "name", ""), *w.to_window(w.x, w.y), w.width, w.height) for w in widgets]
    out = []
    for i, (n1, x1, y1, w1, h1) in enumerate(boxes):
        for n2, x2, y2, w2, h2 in boxes[i + 1:]:
            if x1 < x2 + w2 - 1 and x2 < x1 + w1 - 1 and y1 < y2 + h2 - 1 and y2 < y1 + h1 - 1:
                out.append(f"{n1} / {n2}")
    return out


def tile_state(tile: Any) -> dict[str, Any]:
    """What a person sees on a module tile: its words, and whether the check mark is drawn."""
    marks = [w for w in walk(tile) if getattr(w, "source", "").endswith("check.png") and w.opacity > 0]
    return {"words": [w.text for w in shown_labels(tile)], "mark": bool(marks), "offered": tile.offered}


app = KioskApp(config)
robot = AnimatorDriver(app, "mouse", screenshots=SHOTS)
app.robot = robot
app.bind(on_stop=lambda *_a: robot.write())  # "Oui" to leaving stops the kiosk: say when
app.run()
