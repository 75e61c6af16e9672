"""Driver run in its own process by test_arabic.py: an Arabic-speaking learner plays the
first scenario of each surface, looking at the practice screen in French first, then
in Arabic ("L'écran dans ma langue") to the end, and back to French. Writes where
things are drawn (window coordinates) as JSON (argv[1]); screenshots go to argv[2];
argv[3] is the window size, argv[4] the scenario ids (commas)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from kiosk.config import load_config
from kiosk.glyphs import FontCoverage
from kiosk.ui.assets import LANGUAGE_FONTS
from kiosk.ui.launch import prepare_kivy

config = load_config()
prepare_kivy(config, windowed=True, size=sys.argv[3] if len(sys.argv) > 3 else "1280x800")

from kivy.uix.boxlayout import BoxLayout  # noqa: E402
from kivy.uix.label import Label  # noqa: E402

from kiosk.ui.app import KioskApp  # noqa: E402
from kiosk.ui.robot import Robot, Until  # noqa: E402

OUT = Path(sys.argv[1])
SHOTS = Path(sys.argv[2])
WANTED = sys.argv[4].split(",") if len(sys.argv) > 4 else []


def shown(widget: Any) -> bool:
    """Drawn with some size, and so are all its parents (up to the window)."""
    while widget is not None and widget.parent is not widget:  # the window is its own parent
        if widget.opacity <= 0 or widget.width < 2 or widget.height < 2:
            return False
        widget = widget.parent
    return widget is not None


def window_x(widget: Any) -> float:
    return float(widget.to_window(widget.center_x, widget.center_y)[0])


def direction_of_rows(surface: Any) -> dict[str, Any]:
    """How the surface is drawn now: every row (a horizontal box with two or more shown
    children) read in its children's order goes to the right or to the left; every
    aligned text is aligned left or right; and the pairs a learner would notice."""
    rows = {"to_right": 0, "to_left": 0, "examples_to_right": [], "examples_to_left": []}
    aligned: dict[str, int] = {"left": 0, "right": 0}
    left_aligned: list[str] = []
    todo = [surface]
    while todo:
        widget = todo.pop()
        if getattr(widget, "keep_direction", False) or not shown(widget):
            continue
        todo.extend(widget.children)
        if isinstance(widget, BoxLayout) and widget.orientation == "horizontal":
            xs = [window_x(c) for c in reversed(widget.children) if shown(c)]
            if len(xs) >= 2 and len(set(xs)) == len(xs):
                way = "to_right" if xs == sorted(xs) else "to_left" if xs == sorted(xs, reverse=True) else ""
                if way:
                    rows[way] += 1
                    if len(rows[f"examples_{way}"]) < 5:
                        rows[f"examples_{way}"].append(type(widget).__name__)
        aligned_text = isinstance(widget, Label) and widget.text_size[0] and widget.text.strip()
        if aligned_text and widget.halign in aligned:
            aligned[widget.halign] += 1
            if widget.halign == "left" and len(left_aligned) < 5:
                left_aligned.append(getattr(widget, "words", widget.text)[:30])
    pairs: dict[str, list[float]] = {}
    for widget in surface.walk(restrict=True):
        kind = type(widget).__name__
        if not shown(widget):
            continue
        if kind == "MessageRow":  # the mail list: sender column, subject column
            words = [w for w in widget.walk(restrict=True) if hasattr(w, "words") and w.words]
            by_text = {w.words: w for w in words}
            if widget.sender in by_text and widget.subject in by_text:
                pairs.setdefault("mail.sender_minus_subject", []).append(
                    window_x(by_text[widget.sender]) - window_x(by_text[widget.subject]))
        elif kind == "OptionRow":  # a radio circle and its label
            circle, label = list(reversed(widget.children))[:2]
            pairs.setdefault("web.circle_minus_label", []).append(window_x(circle) - window_x(label))
        elif kind == "Mailbox":  # the folder column and the list
            pairs.setdefault("mail.folders_minus_list", []).append(
                window_x(widget.ids.side) - window_x(widget.ids.main))
    left = surface.to_window(surface.x, surface.y)[0]
    targets = {name: round((window_x(w) - left) / surface.width, 3)
               for name in surface.targets if (w := surface.target_widget(name)) is not None and shown(w)}
    return {"rows": rows, "aligned": aligned, "left_aligned": left_aligned, "pairs": pairs,
            "targets": targets}


def command_keys(surface: Any, fonts_dir: Path) -> dict[str, Any]:
    """The on-screen keyboard's command keys as drawn: their words, the font they are
    drawn in, and the characters that font lacks (each one an empty box on the key)."""
    language_of_font = {"KioskLatin": "fr", **{font: language for language, font in LANGUAGE_FONTS.items()}}
    coverage = FontCoverage(fonts_dir)
    keys: dict[str, Any] = {}
    for name in ("key.shift", "key.backspace", "key.enter", "key.space"):
        key = surface.target_widget(name)
        if key is None or not shown(key):
            continue
        label = key.ids.single
        font = label.font_name
        # a font that is not the kiosk's (Kivy's own Roboto) has no Arabic at all
        missing = coverage(label.text, language_of_font[font]) if font in language_of_font else label.text
        keys[name] = {"words": getattr(label, "words", label.text), "font": font, "missing": missing}
    return keys


class ArabicDriver(Robot):
    def script(self) -> Any:
        app = self.app
        seen: dict[str, Any] = {}
        yield Until(lambda: app.sm.current == "welcome" and app.ready, "welcome")
        yield from self.start_in("ar")
        for sid in WANTED:
            yield from self.open_scenario(sid)
            yield from self.one(sid, seen.setdefault(sid, {}))
        OUT.write_text(json.dumps(seen, ensure_ascii=False, indent=2))
        app.exit_kiosk()

    def toggle_screen(self, own: bool) -> Any:
        if self.app.own_screen != own:
            yield from self.tap_named("screen.toggle")
            yield Until(lambda: self.app.own_screen == own, "the screen's language")
        yield from self.frames(3)

    def one(self, sid: str, record: dict[str, Any]) -> Any:
        app = self.app
        player = app.screen("player")
        runner = player.runner
        yield from self.frames()
        yield from self.toggle_screen(False)
        record["french"] = direction_of_rows(player.surface)
        yield from self.shot(f"{sid}-screen-fr")
        yield from self.toggle_screen(True)
        record["arabic"] = direction_of_rows(player.surface)
        record["arabic_keys"] = command_keys(player.surface, config.assets_dir / "fonts")
        yield from self.shot(f"{sid}-screen-ar")
        # and back: the same surface left to right again, then Arabic to the end
        yield from self.toggle_screen(False)
        record["french_again"] = direction_of_rows(player.surface)
        yield from self.toggle_screen(True)
        record["steps"] = []
        while not runner.finished:
            step = runner.step
            # the last step's praise shows first, then this step's words
            yield Until(lambda: player.shown_step is runner.step, "the step's words")
            yield from self.frames()
            yield from self.heard()
            instruction = player.ids.instruction
            record["steps"].append({"id": step.id, "words": instruction.words, "drawn": instruction.text,
                                    "surface": direction_of_rows(player.surface)})
            if step.id == "number" and sid == "identity.login":
                yield from self.shot(f"{sid}-number-ar")
                yield from self.other_languages(record, player)
            before = runner.step_index
            yield from self.right_action(step)
            yield Until(lambda before=before: runner.finished or runner.step_index != before,
                        f"step '{step.id}' to be accepted")
            if not runner.finished and app.sm.current == "player":
                yield from self.shot(f"{sid}-{runner.step.id}-ar")
        yield Until(lambda: app.sm.current == "results", "the results screen")
        yield from self.tap_named("results.menu")
        yield Until(lambda: app.sm.current == "scenarios", "the scenario list")

    def other_languages(self, record: dict[str, Any], player: Any) -> Any:
        """Turkish and Ukrainian on the same step: drawn as written, left to right."""
        for language in ("tr", "uk"):
            yield from self.switch_language(language)
            yield from self.frames(3)
            instruction = player.ids.instruction
            record[language] = {"words": instruction.words, "drawn": instruction.text,
                                "surface": direction_of_rows(player.surface)}
            yield from self.shot(f"identity.login-number-{language}")
        yield from self.switch_language("ar")
        yield from self.frames(3)


app = KioskApp(config)
app.robot = ArabicDriver(app, "identity", screenshots=SHOTS)
app.run()
