"""A private virtual screen (Xvfb) for the benchmark, the GUI tests and the storyboard preview.

Kivy needs a display; CI machines and the benchmark have none, so they start Xvfb at
1920×1080 and let it choose a free display number (``-displayfd``). ``kiosk scenarios
preview`` uses the trainer's screen when there is one, else its own Xvfb.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def virtual_screen(size: str = "1920x1080x24") -> Iterator[str]:
    """Start Xvfb; yield its DISPLAY value (``:N``); stop it afterwards."""
    if shutil.which("Xvfb") is None:
        raise RuntimeError("Xvfb is missing: install the 'xvfb' package "
                           "(sh deploy/quickstart.sh test does it)")
    read, write = os.pipe()
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", size,
                             "-nolisten", "tcp"], pass_fds=(write,), stderr=subprocess.DEVNULL)
    os.close(write)
    number = b""
    while not number.endswith(b"\n"):
        chunk = os.read(read, 16)
        if not chunk:
            break
        number += chunk
    os.close(read)
    if not number.strip():
        xvfb.kill()
        raise RuntimeError("Xvfb did not start")
    try:
        yield f":{number.decode().strip()}"
    finally:
        xvfb.terminate()
        xvfb.wait(10)


@contextmanager
def some_screen(width: int, height: int) -> Iterator[str]:
    """The display this process draws on: the current one (``$DISPLAY``), or a private
    Xvfb large enough for a ``width``×``height`` window, set as ``$DISPLAY`` while it lasts
    (call before Kivy opens its window)."""
    current = os.environ.get("DISPLAY")
    if current:
        yield current
        return
    with virtual_screen(f"{max(width, 1920)}x{max(height, 1080)}x24") as display:
        os.environ["DISPLAY"] = display
        try:
            yield display
        finally:
            os.environ.pop("DISPLAY", None)
