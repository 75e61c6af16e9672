"""The QR code on screen: draws the matrix it is given, large, sharp, on white.

Owns only the drawing. The code itself (content, version, modules) comes from
:mod:`kiosk.export.qr`, built on the store's worker; here its pixels become a luminance
texture, one texel a module, scaled by a whole number of screen pixels a module with
nearest-neighbour filtering so every module has the same crisp size for a phone camera.
"""

from __future__ import annotations

from typing import Any

from kivy.graphics import Color, Rectangle
from kivy.graphics.texture import Texture
from kivy.uix.widget import Widget

from kiosk.export.qr import QUIET_ZONE


class QrView(Widget):
    """A square of white with the QR code in the middle; empty until :meth:`show`."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._texture: Texture | None = None
        self._modules = 0  # modules a side, quiet zone included
        with self.canvas:
            self._paper = Color(1, 1, 1, 0)
            self._back = Rectangle()
            self._ink = Color(1, 1, 1, 1)
            self._code = Rectangle()
        self.bind(pos=self._layout, size=self._layout)

    @property
    def module_px(self) -> int:
        """Screen pixels a module (0 when nothing is shown)."""
        if not self._modules:
            return 0
        return max(1, int(min(self.width, self.height) // self._modules))

    def show(self, qr: Any) -> None:
        """Draw ``qr`` (a :class:`kiosk.export.qr.QrCode`)."""
        side, grey = qr.pixels(scale=1, border=QUIET_ZONE)
        texture = Texture.create(size=(side, side), colorfmt="luminance")
        texture.mag_filter = "nearest"
        texture.min_filter = "nearest"
        texture.blit_buffer(grey, colorfmt="luminance", bufferfmt="ubyte")
        texture.flip_vertical()  # the pixels come top row first, OpenGL wants the bottom
        self._texture, self._modules = texture, side
        self._layout()

    def clear(self) -> None:
        """Nothing of the previous person's code stays, not even in the GPU."""
        self._texture, self._modules = None, 0
        self._layout()

    def _layout(self, *_a: Any) -> None:
        if self._texture is None:
            self._paper.a = 0
            self._code.texture = None
            self._code.size = (0, 0)
            self._back.size = (0, 0)
            return
        side = self.module_px * self._modules
        # from x and width, not center_x: that alias may not have followed a move yet
        # (a right-to-left box moves its children after laying them out)
        x = int(self.x + (self.width - side) / 2)
        y = int(self.y + (self.height - side) / 2)
        self._paper.a = 1
        self._back.pos, self._back.size = (x, y), (side, side)
        self._code.texture = self._texture
        self._code.pos, self._code.size = (x, y), (side, side)
