"""Driver run in its own process by test_web.py: a price list (a web ``table``) through
the real UI, French or Arabic (the practice screen in Arabic: mirrored), with real
touches: the learner touches a price (a cell), then a whole row. Writes what it observed
as JSON (argv[1]); argv[3] is the window's size, argv[4] the language."""

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


class TableDriver(Robot):
    def script(self) -> Any:
        app = self.app
        seen: dict[str, Any] = {}
        yield Until(lambda: app.sm.current == "welcome" and app.ready, "welcome")
        yield from self.start_in(LANG)
        yield from self.open_scenario("eadmin.fees")
        yield from self.frames(3)
        if LANG != "fr":
            yield from self.tap_named("screen.toggle")  # the page in the learner's language
            yield from self.frames(3)
        runner = app.screen("player").runner
        surface = self.surface()
        seen["start"] = self.state()
        yield from self.shot(f"table-{LANG}-start")
        cell = surface.target_widget("cell.fees.passport.price")
        surface.reveal("cell.fees.passport.price")
        yield from self.frames()
        yield from self.tap(*self.centre(cell))  # a real touch on the price
        yield Until(lambda: runner.step_index == 1, "the price to be accepted")
        yield from self.frames()
        seen["cell_done"] = self.state()
        row = surface.target_widget("row.fees.id_card")
        yield from self.shot(f"table-{LANG}-row-step")
        yield from self.tap(*self.centre(row))  # a real touch on the row (on one of its cells)
        yield Until(lambda: runner.finished, "the row to be accepted")
        yield from self.frames(1)
        seen["row_done"] = self.state()
        OUT.write_text(json.dumps(seen, ensure_ascii=False, indent=2))
        app.exit_kiosk()

    def state(self) -> dict[str, Any]:
        s = self.surface()
        runner = self.app.screen("player").runner
        view, table = s.scroll, s.targets["row.fees.id_card"].parent
        cells = {name: w for name, w in s.targets.items() if name.startswith("cell.")}
        left = min(w.to_window(w.x, w.y)[0] for w in cells.values())
        right = max(w.to_window(w.right, w.y)[0] for w in cells.values())
        price = s.targets["cell.fees.passport.price"]
        name = s.targets["cell.fees.passport.document"]
        return {
            "step": None if runner.finished else runner.step.id,
            "mirrored": s.mirrored,
            "price_words": price.ids.words.words,
            "price_left_of_name": price.to_window(price.x, 0)[0] < name.to_window(name.x, 0)[0],
            "table_inside_page": left >= view.to_window(view.x, 0)[0] - 1
            and right <= view.to_window(view.right, 0)[0] + 1 and table.width <= view.width,
            "smallest_cell_px": min(min(w.width, w.height) for w in cells.values()),
            "visible": sorted(n for n in s.targets if n.startswith(("row.", "cell.")) and s.visible(n)),
            "hint_level": self.app.screen("player").hint_level,
            "lowest_contrast": self.lowest_contrast()[0],
        }


app = KioskApp(config)
app.robot = TableDriver(app, "eadmin", screenshots=SHOTS)
app.run()
