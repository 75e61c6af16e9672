"""Reading a progress QR code from a picture: a camera frame, a screenshot, a photo.

Owns the one call to zxing-cpp the kiosk makes on pixels (the resume screen's camera
frames; tests feed it screenshots and PNG files the same way). Pure Python and Pillow,
no Kivy: the camera adapter hands over raw pixels. Never raises on what it is given: a
frame without a readable QR code is simply ``None``, as most camera frames are.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PIL import Image

log = logging.getLogger(__name__)

#: Pixel layouts a frame may come in (Kivy textures are RGBA; tests use L and RGB).
MODES = ("RGBA", "RGB", "L")


def read_qr(image: Image.Image) -> str | None:
    """The text of the first QR code in ``image``, or None."""
    import zxingcpp

    try:
        qr_only = zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
        found = zxingcpp.read_barcodes(image.convert("L"), formats=qr_only)
    except (ValueError, RuntimeError, OSError) as error:  # a broken frame, not a crash
        log.debug("zxing-cpp could not read a frame: %s", error)
        return None
    return str(found[0].text) if found else None


def read_qr_pixels(
    pixels: bytes, width: int, height: int, *, mode: str = "RGBA", bottom_up: bool = False
) -> str | None:
    """The QR code in a raw frame: ``width`` × ``height`` pixels in ``mode``.

    ``bottom_up``: the first row is the bottom one (OpenGL textures, Kivy's camera).
    """
    if mode not in MODES or width <= 0 or height <= 0:
        return None
    if len(pixels) < width * height * len(mode):
        return None
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
