"""Reading a progress QR code from pixels: camera frames (raw, bottom-up), files, and the
fake camera the resume screen is tested with. Nothing a camera sees crashes the reader."""

from __future__ import annotations

import io
import random
from pathlib import Path

import pytest
from passport_kit import Kiosk, big_record
from PIL import Image

from kiosk.export.qr import make_qr
from kiosk.export.scan import read_qr, read_qr_file, read_qr_pixels


def frame_of(png: bytes, size: tuple[int, int] = (640, 480), *, scale: float = 0.6) -> Image.Image:
    """The QR code as a camera might see it: smaller, off-centre, on a grey desk."""
    code = Image.open(io.BytesIO(png)).convert("RGBA")
    side = int(min(size) * scale)
    frame = Image.new("RGBA", size, (150, 140, 130, 255))
    frame.paste(code.resize((side, side), Image.Resampling.NEAREST), (size[0] - side - 40, 30))
    return frame


def test_a_camera_frame_gives_the_code_back(kiosk_a: Kiosk) -> None:
    code = kiosk_a.passport.seal(big_record(kiosk_a.passport, scenarios=20)).code
    frame = frame_of(make_qr(code).png(scale=4))
    assert read_qr_pixels(frame.tobytes(), *frame.size, mode="RGBA") == code
    # OpenGL textures (Kivy's camera) hand their rows bottom first
    upside_down = frame.transpose(Image.Transpose.FLIP_TOP_BOTTOM)
    assert read_qr_pixels(upside_down.tobytes(), *frame.size, mode="RGBA", bottom_up=True) == code
    grey = frame.convert("L")
    assert read_qr_pixels(grey.tobytes(), *grey.size, mode="L") == code


def test_a_webcam_frame_is_read_as_opencv_gives_it(kiosk_a: Kiosk) -> None:
    # Kivy's OpenCV provider holds each picture as a flat numpy array, blue-green-red
    np = pytest.importorskip("numpy")
    code = kiosk_a.passport.seal(big_record(kiosk_a.passport, scenarios=20)).code
    rgb = np.asarray(frame_of(make_qr(code).png(scale=4)).convert("RGB"))
    flat = np.ascontiguousarray(rgb[:, :, ::-1]).reshape(-1)
    assert read_qr_pixels(flat, 640, 480, mode="BGR") == code
    assert read_qr_pixels(flat[:1000], 640, 480, mode="BGR") is None  # cut short
    assert read_qr_pixels(np.zeros(640 * 480 * 3, np.uint8), 640, 480, mode="BGR") is None


def test_frames_without_a_code_and_broken_frames_give_none() -> None:
    desk = Image.new("RGB", (320, 240), (200, 190, 180))
    assert read_qr(desk) is None
    noise = bytes(random.Random(5).randrange(256) for _ in range(320 * 240 * 4))
    assert read_qr_pixels(noise, 320, 240) is None
    assert read_qr_pixels(b"\x00" * 10, 320, 240) is None  # cut short
    assert read_qr_pixels(b"", 0, 0) is None
    assert read_qr_pixels(b"\x00" * 64, 4, 4, mode="CMYK") is None


def test_files(tmp_path: Path) -> None:
    path = tmp_path / "code.png"
    path.write_bytes(make_qr("EPN1:ABC").png())
    assert read_qr_file(path) == "EPN1:ABC"
    (tmp_path / "not.png").write_bytes(b"not an image")
    assert read_qr_file(tmp_path / "not.png") is None
    assert read_qr_file(tmp_path / "missing.png") is None


@pytest.mark.parametrize("held_up", [True, False])
def test_the_fake_camera_shows_its_pictures_in_turn(tmp_path: Path, held_up: bool) -> None:
    from kiosk.ui.camera import PictureFrames

    paths = []
    for text in ("EPN1:ONE", "EPN1:TWO"):
        paths.append(tmp_path / f"{text[-3:]}.png")
        frame_of(make_qr(text).png()).save(paths[-1])
    camera = PictureFrames(paths, held_up=held_up)
    seen = []
    for _ in range(3):
        frame = camera.frame()
        seen.append(None if frame is None else read_qr_pixels(frame.pixels, frame.width, frame.height,
                                                              mode=frame.mode))
    assert seen == (["EPN1:ONE", "EPN1:TWO", "EPN1:ONE"] if held_up else [None, None, None])
    assert camera.frames_given == (3 if held_up else 0)
