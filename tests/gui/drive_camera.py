"""Driver run in its own process by test_camera.py: "J'ai déjà un code" through Kivy's
real camera provider (OpenCV). First a camera that is not there (a device that does not
open): the screen says so. Then the configured camera (``KIOSK_CAMERA``: a film of a
phone showing this kiosk's passport QR code, moving then held still): the preview with
its aim square, then the learner's session with their stars.

argv: OUT.json SHOTS_DIR SIZE FIRST_STEADY
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

from kiosk.config import load_config
from kiosk.ui.launch import prepare_kivy

config = load_config()
prepare_kivy(config, windowed=True, size=sys.argv[3])

from kivy.core.window import Window  # noqa: E402
from looking import Looking  # noqa: E402  (this folder: the drivers run as scripts)

from kiosk.ui.app import KioskApp  # noqa: E402
from kiosk.ui.camera import WebcamSource  # noqa: E402
from kiosk.ui.robot import Robot, Until  # noqa: E402

OUT, SHOTS, FIRST_STEADY = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[4])


class CameraDriver(Looking, Robot):
    def script(self) -> Any:
        app = self.app
        seen: dict[str, Any] = {"shots": {}}
        yield Until(lambda: app.sm.current == "welcome" and app.ready, "welcome")
        resume = app.screen("resume")
        configured = app.camera_factory

        # -- the provider is there, the device is not: the screen says there is no camera
        app.camera_factory = lambda: WebcamSource(str(OUT.parent / "no-such-camera.avi"))
        yield from self.press("resume.open")
        yield Until(lambda: app.sm.current == "resume" and bool(resume.message_key), "the resume screen")
        seen["absent"] = {"message": resume.message_key, "camera_on": resume.camera_on,
                          "preview": len(resume.ids.preview.children)}
        yield from self.look("resume-no-camera", seen)
        yield from self.press("back")
        yield Until(lambda: app.sm.current == "welcome", "welcome")

        # -- the configured camera: the phone comes into view, then is held still
        sources: list[WebcamSource] = []

        def opened() -> Any:
            source = configured()
            sources.append(source)
            return source

        app.camera_factory = opened
        steady_at: list[float] = []
        drawn_at: list[float] = []

        def flipped(*_a: Any) -> None:
            if sources and not steady_at and sources[0].frames_seen >= FIRST_STEADY:
                steady_at.append(time.perf_counter())
            if steady_at and not drawn_at and app.sm.current == "modules":
                drawn_at.append(time.perf_counter())

        Window.bind(on_flip=flipped)
        yield from self.press("resume.open")
        yield Until(lambda: app.sm.current == "resume" and bool(sources) and sources[0].frames_seen > 5,
                    "the camera's first pictures")
        source = sources[0]
        seen["moving"] = {"camera_on": resume.camera_on, "message": resume.message_key,
                          "preview_has_texture": source.preview.texture is not None,
                          "texture_size": list(source.preview.texture.size),
                          "frames_seen": source.frames_seen}
        yield from self.look("resume-camera", seen)
        yield Until(lambda: app.sm.current == "modules", "the learner's session", 30)
        yield Until(lambda: bool(drawn_at), "the session drawn")
        seen["resumed"] = {"verdicts": list(resume.verdicts), "said": list(resume._said),
                           "frames_read": resume.frames_read, "camera_released": source.core is None,
                           "steady_to_session_ms": (drawn_at[0] - steady_at[0]) * 1000}
        yield from self.look("modules-resumed", seen)
        yield from self.press("module.mouse")
        yield Until(lambda: app.sm.current == "scenarios", "scenarios")
        grid = app.screen("scenarios").ids.tiles
        seen["tiles"] = {t.name.removeprefix("scenario."): t.stars for t in grid.children}
        yield from self.look("scenarios-resumed", seen)
        OUT.write_text(json.dumps(seen, ensure_ascii=False, indent=2))
        app.exit_kiosk()


app = KioskApp(config)
app.robot = CameraDriver(app, "mouse.click", screenshots=SHOTS)
app.run()
