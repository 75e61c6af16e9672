"""A document to download on a web page: its row (name, size, "Télécharger"), the
download bar at the bottom where the file lands, and a simple PDF-like viewer that opens
it over the whole frame (the file's name, Fermer, the paper with the site's stamp)."""

from __future__ import annotations

from typing import Any

from kivy.app import App
from kivy.factory import Factory
from kivy.metrics import dp
from kivy.properties import BooleanProperty, ObjectProperty, StringProperty
from kivy.uix.anchorlayout import AnchorLayout
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.floatlayout import FloatLayout

from kiosk.engine.actions import Action
from kiosk.engine.surfaces.web import Download
from kiosk.ui.surfaces.base import load_kv
from kiosk.ui.surfaces.web.button import WebButton  # noqa: F401 (download.kv uses it)
from kiosk.ui.surfaces.web.page import BlockView, MissArea, MissVeil, inside


class PaperDesk(MissArea, AnchorLayout):
    """The grey desk the document lies on, in the viewer."""

    surface = ObjectProperty(None, allownone=True)


class DownloadRow(ButtonBehavior, BoxLayout):
    target = StringProperty("")
    lit = BooleanProperty(False)


class DownloadBar(BoxLayout):
    def on_touch_down(self, touch: Any) -> bool:
        return bool(super().on_touch_down(touch)) or self.collide_point(*touch.pos)


class FileChip(ButtonBehavior, BoxLayout):
    target = StringProperty("")
    lit = BooleanProperty(False)


class DocumentViewer(MissVeil, FloatLayout):
    """A simple PDF-like viewer over the whole frame: the file's name, Fermer, the paper."""

    surface = ObjectProperty(None, allownone=True)
    file_name = StringProperty("")


class DownloadView(BlockView):
    """The documents of all pages, the download bar and the viewer."""

    FAMILIES = ("download", "file", "viewer")

    def __init__(self, surface: Any) -> None:
        super().__init__(surface)
        self.chips: dict[str, FileChip] = {}  # download id → its chip in the bar
        self.bar = DownloadBar()
        self.viewer: DocumentViewer | None = None

    def build(self, block: Download) -> Any:
        surface = self.surface
        ident = block.id
        app: Any = App.get_running_app()
        row = DownloadRow()
        row.ids.picture.source = app.picto("document")
        row.ids.icon.source = app.picto("download")
        surface.words_on(row.ids.words, block.label)
        size = f"  ·  {block.size}" if block.size is not None else ""
        row.ids.details.words = f"{block.file}{size}"
        surface.chrome_on(row.ids.action, "download.action")
        row.bind(on_release=lambda r: surface.tap(r.target))
        surface.register(f"download.{ident}", row)
        surface.items[f"download.{ident}"] = block
        return row

    def accept(self, action: Action, target: str) -> None:
        family, _, rest = target.partition(".")
        if family == "download":
            self.download(rest)
        elif family == "file":
            self.open(rest)
        elif target == "viewer.close":
            self.close()

    def download(self, ident: str) -> None:
        if ident in self.chips:
            return
        surface = self.surface
        app: Any = App.get_running_app()
        block = surface.items[f"download.{ident}"]
        chip = FileChip()
        chip.ids.picture.source = app.picto("document")
        chip.ids.name.words = block.file
        surface.chrome_on(chip.ids.state, "download.done")
        surface.chrome_on(chip.ids.open, "file.open")
        chip.bind(on_release=lambda c: surface.tap(c.target))
        surface.register(f"file.{ident}", chip)
        self.chips[ident] = chip
        self.bar.ids.chips.add_widget(chip)
        surface.downloads.append(ident)
        surface.show_download_bar(self.bar)

    def open(self, ident: str) -> None:
        surface = self.surface
        surface.blur()
        self.close()
        app: Any = App.get_running_app()
        block = surface.items[f"download.{ident}"]
        document = block.document
        viewer = DocumentViewer(surface=surface, file_name=block.file,
                                pos_hint={"x": 0, "y": 0})
        viewer.ids.picture.source = app.picto("document")
        surface.chrome_on(viewer.ids.close.ids.words, "viewer.close")
        viewer.ids.close.bind(on_release=lambda b: surface.tap(b.target))
        surface.register("viewer.close", viewer.ids.close)
        paper = viewer.ids.paper
        site = surface.site.site
        if site is not None:
            paper.ids.site_picture.source = app.picto(site.pictogram)
            surface.words_on(paper.ids.site, site.name)
        if document is not None:
            surface.words_on(paper.ids.title, document.title)
            for line in document.lines:
                paper.ids.lines.add_widget(surface.words_on(Factory.PaperLine(), line))
        surface.chrome_on(paper.ids.fake, "viewer.fake")
        viewer.ids.desk.surface = surface
        self.viewer = viewer
        surface.add_widget(viewer)
        surface.ids.frame.opacity = 0  # all under the viewer: not drawn, not read

    def close(self) -> None:
        if self.viewer is not None:
            self.surface.drop_words_inside(self.viewer)
            self.surface.remove_widget(self.viewer)
            self.viewer = None
            self.surface.ids.frame.opacity = 1

    def covers(self, widget: Any) -> bool:
        """Whether the viewer is open and ``widget`` is under it (not on screen)."""
        return self.viewer is not None and not inside(widget, self.viewer)

    def empty_spot(self) -> tuple[float, float] | None:
        if self.viewer is None:
            return None
        return self.viewer.to_window(self.viewer.x + dp(10), self.viewer.center_y)  # type: ignore[no-any-return]


load_kv(__file__)
