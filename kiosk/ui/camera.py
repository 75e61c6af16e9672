"""Camera frames for the resume screen: the terminal's webcam, or pictures standing in.

Owns :class:`FrameSource` (what the resume screen needs: a preview widget, and now and
then the latest frame as raw pixels) and two sources: :class:`WebcamSource`, Kivy's
core camera with its OpenCV provider (the ``terminal`` extra installs OpenCV; without
it, or without a device, there is simply no camera and the screen says so), and
:class:`PictureFrames`, image files shown one after another as if held to a camera (tests and demonstrations).

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

    pixels: Any  # bytes, or a camera's own buffer (a numpy array): anything with the buffer protocol
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

    def freeze(self, frozen: bool) -> None:
        """Hold the preview on its last picture (True) while a code read in it is checked,
        then go on (False). Nothing is drawn meanwhile, so the check is not slowed by the
        screen redrawing each picture (slow with a software renderer)."""
        ...

    def stop(self) -> None: ...


class WebcamSource:
    """The terminal's webcam through Kivy's core camera (provider ``camera_opencv``).

    ``device``: a camera number, a device path or a video file — OpenCV's VideoCapture
    opens all three, so a recorded video of a phone plays through the very provider a
    webcam uses (tests, the bench, demonstrations: ``camera = "phone.avi"`` in the config).
    Kivy's ``Camera`` widget takes numbers only, so the core camera is used directly with
    an ``Image`` showing its texture.

    :meth:`frame` gives the provider's last picture as OpenCV read it (BGR, a numpy array),
    not the texture read back from the GPU (slow with a software renderer): the provider
    keeps each picture in ``_buffer`` only until it is copied to the texture, so the core
    camera is a subclass that keeps a reference to it. OpenCV reads each picture into a new
    array and none is written again, so the QR reader may use it on another thread.
    """

    def __init__(self, device: int | str = 0, resolution: tuple[int, int] = (640, 480)) -> None:
        self.device = device
        self.resolution = resolution
        self.core: Any = None
        self._preview: Any = None
        self.frames_seen = 0  # pictures the provider delivered since start (the bench counts them)

    @staticmethod
    def provider_installed() -> bool:
        try:
            from kivy.core.camera import Camera as CoreCamera
        except Exception:  # a provider that fails to import is no provider
            return False
        return CoreCamera is not None

    def start(self) -> bool:
        if not self.provider_installed():
            log.info("no camera provider for Kivy (pip install 'epn-kiosk[terminal]')")
            return False
        from kivy.core.camera import Camera as CoreCamera
        from kivy.uix.image import Image

        class Keeping(CoreCamera):  # type: ignore[misc,valid-type]
            """The provider, keeping a reference to its last picture as raw pixels."""

            latest: tuple[Any, str] | None = None  # (pixels, "bgr" / "rgb")

            def _copy_to_gpu(self) -> None:
                if self._buffer is not None:
                    self.latest = (self._buffer, self._format)
                super()._copy_to_gpu()

        try:
            # opens the device and reads one picture: an exception if there is none
            self.core = Keeping(index=self.device, resolution=self.resolution, stopped=True)
        except Exception as error:  # no device, busy device, driver error: no camera
            log.warning("the camera %r could not be opened: %s", self.device, error)
            self._release()
            return False
        self._preview = Image(fit_mode="contain")
        self.core.bind(on_texture=self._shown)
        self.core.start()
        return True

    def _shown(self, core: Any) -> None:
        self.frames_seen += 1
        if self._preview is not None:
            self._preview.texture = core.texture
            self._preview.canvas.ask_update()

    @property
    def preview(self) -> Any:
        return self._preview

    def freeze(self, frozen: bool) -> None:
        if self.core is None or frozen == self.core.stopped:
            return
        if frozen:
            self.core.stop()  # the provider stops reading the device
        else:
            self.core.start()

    def frame(self) -> Frame | None:
        latest = getattr(self.core, "latest", None)
        texture = getattr(self.core, "texture", None)
        if latest is None or texture is None or not self.frames_seen:
            return None
        pixels, colours = latest
        width, height = texture.size  # made at the provider's resolution
        return Frame(pixels, int(width), int(height), colours.upper())

    def stop(self) -> None:
        if self.core is not None:
            self.core.unbind(on_texture=self._shown)
            self.core.stop()
        self._release()
        preview, self._preview = self._preview, None
        if preview is not None and preview.parent is not None:
            preview.parent.remove_widget(preview)

    def _release(self) -> None:
        # Kivy's OpenCV provider stops reading but never closes the device: the webcam's
        # light would stay on, and the next visit could find the device busy.
        core, self.core = self.core, None
        device = getattr(core, "_device", None)
        if device is not None and hasattr(device, "release"):
            device.release()


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

    def freeze(self, frozen: bool) -> None:
        pass  # a picture is drawn once: nothing to hold

    def stop(self) -> None:
        preview, self._preview = self._preview, None
        if preview is not None and preview.parent is not None:
            preview.parent.remove_widget(preview)


def open_webcam(device: int | str = 0) -> FrameSource:
    """The kiosk's camera: ``device`` as the configuration names it."""
    return WebcamSource(device)
