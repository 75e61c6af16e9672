"""A recorded video of a phone held up to the terminal's camera, showing a progress QR code.

Owns :func:`film_phone`: the phone comes into view, blurred by its movement, then is
held still in front of the camera — the way a learner shows their photo of the passport.
The kiosk plays such a file through its real camera provider (OpenCV's VideoCapture
opens a file as it opens a webcam), so the tests and ``kiosk bench --camera`` exercise
the same path as a webcam, on machines that have none. Needs the ``terminal`` extra
(OpenCV); no Kivy.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from kiosk.export.qr import make_qr

SIZE = (640, 480)  # what the kiosk asks of a webcam
FPS = 30
#: The stars of the learner on the phone (real scenario ids: the kiosk checks them).
SAMPLE_STARS = {"mouse.click": 3, "mouse.drag": 2, "mouse.double_click": 1, "keyboard.words": 2,
                "email.reply": 3}
SAMPLE_PSEUDONYM = "Tilleul-7838"


@dataclass(frozen=True)
class PhoneVideo:
    """A film made by :func:`film_phone`: where the phone stops moving, and its speed."""

    path: Path
    fps: float
    frames: int
    first_steady: int  # index of the first frame where the phone is held still


def _phone(text: str, qr_side: int) -> Image.Image:
    """A phone (dark body, white screen) showing the QR code of ``text``."""
    qr = make_qr(text)
    side, grey = qr.pixels(scale=1)
    code = Image.frombytes("L", (side, side), grey).resize((qr_side, qr_side), Image.Resampling.NEAREST)
    width, height = qr_side + 40, int(qr_side * 1.75)
    phone = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(phone)
    draw.rounded_rectangle((0, 0, width - 1, height - 1), radius=28, fill=(28, 30, 36, 255))
    draw.rounded_rectangle((10, 34, width - 11, height - 35), radius=6, fill=(246, 246, 246, 255))
    # a screen a little soft and not quite white, as a photo of a screen is
    phone.paste(code.convert("RGBA").filter(ImageFilter.GaussianBlur(0.6)),
                (20, (height - qr_side) // 2))
    return phone


def _room(size: tuple[int, int]) -> Image.Image:
    """What the camera sees behind the phone: a wall, a shelf, a lamp's light."""
    width, height = size
    ys = np.linspace(0, 1, height)[:, None]
    xs = np.linspace(0, 1, width)[None, :]
    light = 150 + 60 * np.exp(-((xs - 0.75) ** 2 + (ys - 0.2) ** 2) / 0.08)
    wall = np.stack([light * 1.0, light * 0.95, light * 0.85], axis=-1).clip(0, 255).astype(np.uint8)
    room = Image.fromarray(wall, "RGB")
    draw = ImageDraw.Draw(room)
    draw.rectangle((0, int(height * 0.72), width, height), fill=(120, 98, 80))  # the desk
    draw.rectangle((int(width * 0.05), int(height * 0.15), int(width * 0.3), int(height * 0.19)),
                   fill=(90, 70, 60))  # a shelf
    return room


def _motion_blur(frame: np.ndarray, dx: float, dy: float, taps: int = 12) -> np.ndarray:
    """The smear of an object moving ``dx``, ``dy`` pixels while the shutter is open."""
    total = np.zeros(frame.shape, np.uint32)
    for k in range(taps):
        shift = (int(round(dy * k / taps)), int(round(dx * k / taps)))
        total += np.roll(frame, shift, axis=(0, 1))
    return (total // taps).astype(np.uint8)


def film_phone(text: str, path: Path, *, moving_s: float = 1.5, steady_s: float = 4.0,
               fps: int = FPS, size: tuple[int, int] = SIZE, seed: int = 7) -> PhoneVideo:
    """Write ``path`` (Motion-JPEG AVI): the phone slides in for ``moving_s`` seconds,
    smeared by its speed, then is held still (a little sensor noise) for ``steady_s``."""
    import cv2

    rng = np.random.default_rng(seed)
    width, height = size
    room = _room(size)
    phone = _phone(text, qr_side=int(height * 0.5)).rotate(4, expand=True, resample=Image.Resampling.BICUBIC)
    rest = ((width - phone.width) // 2, (height - phone.height) // 2)
    start = (-phone.width, height // 3)
    moving, steady = int(moving_s * fps), int(steady_s * fps)
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"MJPG"), fps, size)
    if not writer.isOpened():
        raise OSError(f"{path}: OpenCV cannot write a Motion-JPEG video here")
    writer.set(cv2.VIDEOWRITER_PROP_QUALITY, 90)
    # sensor noise: a few patterns in turn, so no two frames in a row are the same
    noise = [rng.integers(-5, 6, (height, width, 3), dtype=np.int16) for _ in range(5)]
    step = ((rest[0] - start[0]) / moving, (rest[1] - start[1]) / moving)
    try:
        for index in range(moving + steady):
            done = min(index, moving)
            # a hand never moves in a straight line: a small sway while it comes
            sway = 14 * np.sin(index / 3.0) if index < moving else 0.0
            at = (int(start[0] + step[0] * done), int(start[1] + step[1] * done + sway))
            scene = room.copy()
            scene.paste(phone, at, phone)
            pixels = np.asarray(scene, dtype=np.uint8)
            if index < moving:
                # the smear of a hand on the move: a few frames' worth of travel
                pixels = _motion_blur(pixels, step[0] * 4, step[1] * 4 + 20 * np.cos(index / 3.0))
            noisy = pixels.astype(np.int16) + noise[index % len(noise)]
            pixels = noisy.clip(0, 255).astype(np.uint8)
            writer.write(cv2.cvtColor(pixels, cv2.COLOR_RGB2BGR))
    finally:
        writer.release()
    return PhoneVideo(path=path, fps=float(fps), frames=moving + steady, first_steady=moving)


def film_passport(home: Path, path: Path, *, moving_s: float = 1.5, steady_s: float = 4.0) -> PhoneVideo:
    """A film of the passport QR code that the kiosk of ``home`` issues to a learner
    with :data:`SAMPLE_STARS` (signed with that kiosk's key, as on its passport screen)."""
    from kiosk.export.passport import Passport
    from kiosk.store.progress import LearnerProgress, LearnerRef, ScenarioResult

    passport = Passport(home=home)
    progress = LearnerProgress(
        learner=LearnerRef(id="phone", pseudonym=SAMPLE_PSEUDONYM),
        results=tuple(ScenarioResult(scenario_id=scenario, best_stars=stars, times_done=1,
                                     max_hint_level=0) for scenario, stars in SAMPLE_STARS.items()))
    issued = passport.seal(passport.record_for(progress))
    return film_phone(issued.code, path, moving_s=moving_s, steady_s=steady_s)


def readable_frames(path: Path) -> list[bool]:
    """For each frame of a video: does zxing-cpp find a QR code in it?"""
    import cv2

    from kiosk.export.scan import read_qr

    capture = cv2.VideoCapture(str(path))
    found: list[bool] = []
    try:
        while True:
            ok, bgr = capture.read()
            if not ok:
                return found
            found.append(read_qr(Image.fromarray(cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB))) is not None)
    finally:
        capture.release()
