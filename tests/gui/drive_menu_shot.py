"""Driver for a look at the activities menu: the language, then a screenshot of each page
of the activities, with the smallest target and the words cut on each
(argv: OUT.json SHOTS_DIR SIZE LANGUAGE)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from kiosk.config import load_config
from kiosk.ui.launch import prepare_kivy

config = load_config()
prepare_kivy(config, windowed=True, size=sys.argv[3])

from looking import Looking  # noqa: E402

from kiosk.ui.app import KioskApp  # noqa: E402
from kiosk.ui.robot import Robot, Until  # noqa: E402

OUT, SHOTS, LANG = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[4]


class MenuShot(Looking, Robot):
    def script(self) -> Any:
        app = self.app
        seen: dict[str, Any] = {"shots": {}}
        yield Until(lambda: app.sm.current == "welcome" and app.ready, "welcome")
        yield from self.press(f"language.{LANG}")
        yield Until(lambda: app.sm.current == "modules", "modules")
        yield from self.look(f"modules-{LANG}", seen)
        modules = app.screen("modules")
        while modules.page < modules.pages - 1:
            yield from self.press("modules.next")
            yield from self.frames(3)
            yield from self.look(f"modules-{LANG}-page-{modules.page + 1}", seen)
        OUT.write_text(json.dumps(seen, ensure_ascii=False, indent=2))
        app.exit_kiosk()


if __name__ == "__main__":
    app = KioskApp(config)
    app.robot = MenuShot(app, "none", screenshots=SHOTS, language=LANG)
    app.run()
    sys.exit(app.robot.exit_code)
