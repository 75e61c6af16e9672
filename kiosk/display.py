"""A private virtual screen (Xvfb) for the benchmark and the GUI tests.

Kivy needs a display; CI machines and the benchmark have none, so they start Xvfb at
1920×1080 and let it choose a free display number (``-displayfd``).
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
