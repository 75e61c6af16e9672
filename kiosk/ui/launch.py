"""Start Kivy the kiosk way: configure it before any Kivy window module is imported.

Kivy reads its configuration when ``kivy.core.window`` is first imported, so every
token (full screen, no Esc exit, mouse without multitouch simulation, double-tap time)
is set here, once, before ``kiosk.ui.app`` is imported.
"""

from __future__ import annotations

import gc
import os
from dataclasses import replace
from pathlib import Path
from typing import Any

from kiosk.config import Config


def prepare_kivy(config: Config, *, windowed: bool, size: str = "1280x800") -> None:
    """Environment and Config tokens; call before importing kivy.app or the window."""
    config.home.mkdir(parents=True, exist_ok=True)
    from kiosk.ui.heap import limit_arenas

    limit_arenas()  # before any thread starts (kiosk.ui.heap says why)
    os.environ.setdefault("KIVY_HOME", str(config.home / "kivy"))
    os.environ["KIVY_NO_ARGS"] = "1"
    os.environ.setdefault("KIVY_NO_CONSOLELOG", "1")
    os.environ.setdefault("KIVY_LOG_MODE", "PYTHON")
    # SIGTERM and SIGINT are the kiosk's own (kiosk.ui.system_stop), not a vetoed quit request
    os.environ["SDL_NO_SIGNAL_HANDLERS"] = "1"
    from kivy.config import Config as KivyConfig

    width, height = (int(v) for v in size.lower().split("x"))
    KivyConfig.set("kivy", "exit_on_escape", "0")
    KivyConfig.set("kivy", "log_level", "warning")
    KivyConfig.set("kivy", "window_icon", "")
    KivyConfig.set("graphics", "allow_screensaver", "0")
    KivyConfig.set("graphics", "show_cursor", "1")  # the mouse drills need the pointer
    KivyConfig.set("graphics", "multisamples", "0")
    if windowed:
        KivyConfig.set("graphics", "fullscreen", "0")
        KivyConfig.set("graphics", "borderless", "0")
        KivyConfig.set("graphics", "width", str(width))
        KivyConfig.set("graphics", "height", str(height))
        KivyConfig.set("graphics", "resizable", "1")
    else:
        KivyConfig.set("graphics", "fullscreen", "auto")
        KivyConfig.set("graphics", "borderless", "1")
    KivyConfig.set("input", "mouse", "mouse,disable_multitouch")
    # novices double-click slowly; the drill uses the configured window
    KivyConfig.set("postproc", "double_tap_time", str(int(config.double_click_time * 1000)))
    KivyConfig.set("postproc", "double_tap_distance", "40")


def for_author(config: Config, folder: Path) -> Config:
    """``kiosk run --author DIR``: the kiosk's exercises are the trainer's folder."""
    return replace(config, scenarios_dir=folder.resolve())


def run_kiosk(config: Config, *, windowed: bool, size: str = "1280x800",
              author: Path | None = None) -> int:
    """The kiosk; ``author``: author mode on that folder (kiosk.ui.author)."""
    if author is not None:
        if not author.is_dir():
            print(f"{author}: no such folder — give the folder that holds your scenario files")
            return 1
        config = for_author(config, author)
    prepare_kivy(config, windowed=windowed, size=size)
    from kiosk.ui.app import KioskApp

    app = KioskApp(config, author=author is not None)
    app.run()
    # Everything is saved and closed (on_stop): leave the heap to the OS. Python's last
    # garbage collection of the app's objects took 2-4 s on a busy machine, and systemd's
    # stop (kiosk.ui.system_stop) must take less than 2 s.
    gc.freeze()
    return 0


def run_robot(config: Config, scenario: str, *, mistakes: bool, screenshots: Path | None,
              device: str, language: str, size: str, report: Path | None, canary: str = "",
              storyboard: Any = None) -> int:
    """``kiosk play``: the robot learner plays through the real UI in a window.
    ``storyboard``: a ``kiosk.ui.preview.Capture`` that keeps each step (``kiosk scenarios preview``)."""
    prepare_kivy(config, windowed=True, size=size)
    from kiosk.ui.app import KioskApp
    from kiosk.ui.robot import Robot

    app = KioskApp(config)
    robot = Robot(app, scenario, mistakes=mistakes, screenshots=screenshots, device=device,
                  language=language, report=report, canary=canary)
    robot.storyboard = storyboard
    app.robot = robot
    app.run()
    return robot.exit_code
