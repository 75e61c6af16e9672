"""Escape: Esc, Alt+F4, Ctrl+Q, Ctrl+W and the window's close request leave the kiosk on
screen, mid-exercise, with the same session.

Real X events from outside the kiosk: key presses through the XTEST extension (what a
keyboard produces) to the focused kiosk window, and the WM_DELETE_WINDOW message a
window manager sends for a close button or its own Alt+F4. The driver inside the kiosk
records that each one arrived, so a test where nothing was delivered cannot pass; at the
end the animator's exit is allowed and one more close request must stop the kiosk.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from Xlib import XK, X, protocol
from Xlib import display as xdisplay
from Xlib.ext import xtest

from tests.gui.conftest import ROOT, kiosk_env

ATTEMPTS = (("Escape",), ("Alt_L", "F4"), ("Control_L", "q"), ("Control_L", "w"))


def wait_for(path: Path, proc: subprocess.Popen[str], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        assert proc.poll() is None, f"the kiosk stopped: {proc.communicate()[1][-3000:]}"
        assert time.monotonic() < deadline, f"no {path.name} after {timeout} s"
        time.sleep(0.1)


def press(conn: Any, names: tuple[str, ...]) -> None:
    codes = [conn.keysym_to_keycode(XK.string_to_keysym(n)) for n in names]
    for code in codes:
        xtest.fake_input(conn, X.KeyPress, code)
    for code in reversed(codes):
        xtest.fake_input(conn, X.KeyRelease, code)
    conn.sync()


def ask_to_close(conn: Any, window: Any) -> None:
    """What a window manager sends for the close button (and its Alt+F4)."""
    protocols, delete = conn.intern_atom("WM_PROTOCOLS"), conn.intern_atom("WM_DELETE_WINDOW")
    event = protocol.event.ClientMessage(window=window, client_type=protocols,
                                         data=(32, [delete, X.CurrentTime, 0, 0, 0]))
    window.send_event(event, event_mask=X.NoEventMask)
    conn.sync()


def test_escape_keys_and_close_requests_leave_the_kiosk_on_screen(display: str, tmp_path: Path,
                                                                  figure: Callable[[str], None]) -> None:
    out = tmp_path / "seen.json"
    proc = subprocess.Popen([sys.executable, str(ROOT / "tests/reliability/drive_escape.py"), str(out),
                             str(tmp_path / "shots")], env=kiosk_env(display, tmp_path),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        wait_for(out.with_suffix(".ready"), proc, 90)
        conn = xdisplay.Display(display)
        window = conn.create_resource_object("window", int(out.with_suffix(".ready").read_text()))
        window.set_input_focus(X.RevertToParent, X.CurrentTime)
        conn.sync()
        alive = []
        for names in ATTEMPTS:
            press(conn, names)
            time.sleep(0.4)
            alive.append(proc.poll() is None)
        ask_to_close(conn, window)
        time.sleep(0.6)
        alive.append(proc.poll() is None)
        out.with_suffix(".done").write_text("1")
        wait_for(out.with_suffix(".armed"), proc, 30)
        seen: dict[str, Any] = json.loads(out.read_text())
        # control: once the animator allows it, the same request does stop the kiosk
        ask_to_close(conn, window)
        code = proc.wait(30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert alive == [True] * 5
    received = {(k["key"], tuple(k["modifiers"])) for k in seen["keys"]}
    for wanted in ((27, ()), (285, ("alt",)), (113, ("ctrl",)), (119, ("ctrl",))):
        assert wanted in received, f"{wanted} never reached the kiosk: {sorted(received)}"
    assert seen["close_requests"] == ["window"]
    assert seen["screen"] == "player" and seen["same_session"] and seen["step_index"] == 0
    assert code == 0
    figure(f"escape: {len(ATTEMPTS) + 1} ways out tried (Esc, Alt+F4, Ctrl+Q, Ctrl+W, window close), "
           f"{len(ATTEMPTS) + 1} delivered, 0 left the kiosk; the same session on the same step")
