"""Reading a progress QR code from a picture: a camera frame, a screenshot, a photo.

Owns the one call to zxing-cpp the kiosk makes on pixels (the resume screen's camera
frames; tests feed it screenshots and PNG files the same way). Pure Python and Pillow,
no Kivy: the camera adapter hands over raw pixels. Never raises on what it is given: a
frame without a readable QR code is simply ``None``, as most camera frames are.

zxing-cpp lets other threads run while it reads (it releases the GIL), so the resume
screen reads frames on a thread of their own without slowing the screen down.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PIL import Image

log = logging.getLogger(__name__)

#: Pixel layouts a frame may come in (pictures are RGBA, RGB or L; OpenCV's webcam
#: frames BGR).
MODES = ("RGBA", "RGB", "L", "BGR")


def read_qr(image: Image.Image | Any) -> str | None:
    """The text of the first QR code in ``image``, or None.

    ``image``: a Pillow image, or a numpy array of ``uint8`` (height × width grey, or
    height × width × 3 BGR), read where it lies: zxing-cpp makes it grey itself.
    """
    import zxingcpp

    try:
        qr_only = zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
        pixels = image.convert("L") if isinstance(image, Image.Image) else image
        found = zxingcpp.read_barcodes(pixels, formats=qr_only)
    except (ValueError, RuntimeError, OSError) as error:  # a broken frame, not a crash
        log.debug("zxing-cpp could not read a frame: %s", error)
        return None
    return str(found[0].text) if found else None


def read_qr_pixels(
    pixels: Any, width: int, height: int, *, mode: str = "RGBA", bottom_up: bool = False
) -> str | None:
    """The QR code in a raw frame: ``width`` × ``height`` pixels in ``mode``.

    ``pixels``: bytes, or any buffer (a camera's numpy array). ``bottom_up``: the first row
    is the bottom one (OpenGL textures).
    """
    if mode not in MODES or width <= 0 or height <= 0:
        return None
    try:
        size = memoryview(pixels).nbytes
    except TypeError:
        return None
    if size < width * height * len(mode):
        return None
    if mode == "BGR":  # a webcam's frame through OpenCV: read in place, no copy
        import numpy as np

        rows = np.frombuffer(pixels, np.uint8, count=width * height * 3).reshape(height, width, 3)
        return read_qr(np.ascontiguousarray(rows[::-1]) if bottom_up else rows)
    try:
        image = Image.frombytes(mode, (width, height), pixels)
    except ValueError:
        return None
    if bottom_up:
        image = image.transpose(Image.Transpose.FLIP_TOP_BOTTOM)
    return read_qr(image)


def read_qr_file(path: Path) -> str | None:
    """The QR code in an image file (PNG, JPEG…), or None if there is none or no file."""
    try:
        with Image.open(path) as image:
            return read_qr(image)
    except (OSError, ValueError):
        return None
