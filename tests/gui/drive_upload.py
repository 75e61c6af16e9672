"""Driver run in its own process by test_upload.py: documents.proof through the real UI,
French or Arabic (the practice screen in Arabic: mirrored), with real touches: the
upload button opens the file picker over the form, the big photo is refused in red,
the small PDF is accepted and the form is sent. Writes what it observed as JSON
(argv[1]); argv[3] is the window's size, argv[4] the language."""

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
from kiosk.ui.robot import Robot, Until  # noqa: E402

OUT = Path(sys.argv[1])
SHOTS = Path(sys.argv[2])
LANG = sys.argv[4]


class UploadDriver(Robot):
    def script(self) -> Any:
        app = self.app
        seen: dict[str, Any] = {}
        yield Until(lambda: app.sm.current == "welcome" and app.ready, "welcome")
        yield from self.start_in(LANG)
        yield from self.open_scenario("documents.proof")
        yield from self.frames(3)
        if LANG != "fr":
            yield from self.tap_named("screen.toggle")  # the page in the learner's language
            yield from self.frames(3)
        runner = app.screen("player").runner
        s = self.surface()
        seen["start"] = self.state()
        yield from self.tap(*self.centre(s.target_widget("upload.bill")))  # a real touch
        yield Until(lambda: runner.step_index == 1, "the upload button to be accepted")
        yield from self.frames()
        seen["picker"] = self.state()
        yield from self.tap(*self.centre(s.targets["folder.documents"]))  # looking: not judged
        yield from self.frames()
        seen["folder"] = self.state()
        yield from self.shot(f"upload-{LANG}-picker")
        yield from self.tap(*self.centre(s.target_widget("file.photo")))
        yield Until(lambda: runner.step_index == 2, "the photo to be accepted as a try")
        yield from self.frames()
        seen["refused"] = self.state()
        yield from self.shot(f"upload-{LANG}-refused")
        yield from self.tap(*self.centre(s.target_widget("upload.bill")))
        yield Until(lambda: runner.step_index == 3, "the upload button again")
        yield from self.frames()
        seen["again"] = self.state()  # the picker remembers the folder, as real ones do
        yield from self.tap(*self.centre(s.target_widget("file.bill")))
        yield Until(lambda: runner.step_index == 4, "the PDF")
        yield from self.frames()
        seen["accepted"] = self.state()
        yield from self.shot(f"upload-{LANG}-accepted")
        s.reveal("button.send")
        yield from self.frames()
        yield from self.tap(*self.centre(s.target_widget("button.send")))
        yield Until(lambda: runner.finished, "the form to be sent")
        yield from self.frames(1)
        seen["sent"] = {"page": s.page_id, "hint_level": self.app.screen("player").hint_level}
        OUT.write_text(json.dumps(seen, ensure_ascii=False, indent=2))
        app.exit_kiosk()

    def state(self) -> dict[str, Any]:
        s = self.surface()
        runner = self.app.screen("player").runner
        view = s.uploads
        box = view.boxes["bill"]
        error = box.ids.error
        frame_bottom = s.scroll.to_window(s.scroll.x, s.scroll.y)[1]
        frame_top = s.scroll.to_window(s.scroll.x, s.scroll.top)[1]
        y0, y1 = error.to_window(error.x, error.y)[1], error.to_window(error.x, error.top)[1]
        rows = {name: w for name, w in s.targets.items() if name.startswith(("folder.", "file."))
                and w.get_root_window() is not None}
        layer = view.layer
        return {
            "step": None if runner.finished else runner.step.id,
            "mirrored": s.mirrored,
            "picker_open": bool(view.open_for),
            "picker_folder": view.folder.get("bill"),
            "picker_title": view.picker.title if view.picker is not None else "",
            "rows": sorted(rows),
            "smallest_row_px": min((min(w.width, w.height) for w in rows.values()), default=0),
            "rows_inside_window": all(
                w.to_window(w.x, w.y)[1] >= 0 and w.to_window(w.x, w.top)[1] <= s.get_root_window().height
                for w in rows.values()),
            "form_reachable": s.target_widget("upload.bill") is not None,  # not under the picker
            "photo_row_right_of_picture": self._name_side(rows.get("file.photo")),
            "layer_covers_frame": layer is not None and layer.parent is not None
            and layer.width >= s.ids.frame.width,
            "error": box.error,
            "error_in_view": bool(box.error) and y0 >= frame_bottom - 1 and y1 <= frame_top + 1,
            "error_colour": list(error.color),
            "chosen": box.chosen,
            "messages": s.shown_messages(),
            "hint_level": self.app.screen("player").hint_level,
            "lowest_contrast": self.lowest_contrast()[0],
        }

    @staticmethod
    def _name_side(row: Any) -> str:
        """Where a file's name is beside its pictogram: "right" in French, "left" mirrored."""
        if row is None:
            return ""
        picture, words = row.children[-1], row.children[0]
        return "right" if words.to_window(words.x, 0)[0] > picture.to_window(picture.x, 0)[0] else "left"


app = KioskApp(config)
app.robot = UploadDriver(app, "documents", screenshots=SHOTS)
app.run()
