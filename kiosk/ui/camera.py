"""Camera frames for the resume screen: the terminal's webcam, or pictures standing in.

Owns :class:`FrameSource` (what the resume screen needs: a preview widget, and now and
then the latest frame as raw pixels) and two sources: :class:`WebcamSource`, Kivy's
camera (its providers are OpenCV or GStreamer; without one, or without a device, there
is simply no camera and the screen says so), and :class:`PictureFrames`, image files
shown one after another as if held to a camera (tests and demonstrations).

Frames are never stored: each is read, handed to the QR reader, and dropped.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Frame:
    """One picture from a source: raw pixels and how to read them."""

    pixels: bytes
    width: int
    height: int
    mode: str = "RGBA"  # see kiosk.export.scan.MODES
    bottom_up: bool = False  # OpenGL order: the first row is the bottom one


class FrameSource(Protocol):
    """What the resume screen uses: start, a preview to show, frames, stop."""

    def start(self) -> bool:
        """Open the camera; False if there is none (the screen then says so)."""
        ...

    @property
    def preview(self) -> Any:
        """The widget that shows what the camera sees (or None)."""
        ...

    def frame(self) -> Frame | None:
        """The latest picture, or None if there is none yet. Main thread only."""
        ...

    def stop(self) -> None: ...


class WebcamSource:
    """The terminal's webcam through Kivy's camera widget."""

    def __init__(self, index: int = 0, resolution: tuple[int, int] = (640, 480)) -> None:
        self.index = index
        self.resolution = resolution
        self._camera: Any = None

    @staticmethod
    def provider_installed() -> bool:
        try:
            from kivy.core.camera import Camera as CoreCamera
        except Exception:  # a provider that fails to import is no provider
            return False
        return CoreCamera is not None

    def start(self) -> bool:
        if not self.provider_installed():
            log.info("no camera provider for Kivy (install opencv-python or GStreamer)")
            return False
        try:
            from kivy.uix.camera import Camera

            self._camera = Camera(index=self.index, resolution=self.resolution, play=True,
                                  fit_mode="contain")
        except Exception as error:  # no device, busy device, driver error: no camera
            log.warning("the camera could not be opened: %s", error)
            self._camera = None
            return False
        return True

    @property
    def preview(self) -> Any:
        return self._camera

    def frame(self) -> Frame | None:
        texture = getattr(self._camera, "texture", None)
        if texture is None:
            return None
        width, height = texture.size
        try:
            pixels = texture.pixels  # RGBA, read back from the GPU
        except Exception as error:
            log.warning("no frame from the camera: %s", error)
            return None
        return Frame(bytes(pixels), int(width), int(height), "RGBA", bottom_up=True)

    def stop(self) -> None:
        camera, self._camera = self._camera, None
        if camera is not None:
            camera.play = False
            core = getattr(camera, "_camera", None)
            if core is not None and hasattr(core, "stop"):
                core.stop()
            if camera.parent is not None:
                camera.parent.remove_widget(camera)


class PictureFrames:
    """Image files shown in turn as if held to a camera: a fake webcam for tests."""

    def __init__(self, paths: list[Path], *, held_up: bool = True) -> None:
        self.paths = list(paths)
        # False: nothing in front of the camera yet (frames come once it is set True)
        self.held_up = held_up
        self._next = 0
        self._preview: Any = None
        self.frames_given = 0

    def start(self) -> bool:
        from kivy.uix.image import Image

        self._preview = Image(fit_mode="contain")
        return bool(self.paths)

    @property
    def preview(self) -> Any:
        return self._preview

    def frame(self) -> Frame | None:
        if not self.paths or not self.held_up:
            return None
        from PIL import Image as Picture

        path = self.paths[self._next % len(self.paths)]
        self._next += 1
        if self._preview is not None:
            self._preview.source = str(path)
        with Picture.open(path) as image:
            rgba = image.convert("RGBA")
            self.frames_given += 1
            return Frame(rgba.tobytes(), rgba.width, rgba.height, "RGBA")

    def stop(self) -> None:
        preview, self._preview = self._preview, None
        if preview is not None and preview.parent is not None:
            preview.parent.remove_widget(preview)


def open_webcam() -> FrameSource:
    """The default camera of a kiosk."""
    return WebcamSource()
