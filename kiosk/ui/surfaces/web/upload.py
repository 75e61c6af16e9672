"""A file to attach on a web form ("Joindre un justificatif"): the block's button opens
the ``FilePicker`` over the page (dimmed behind it) with the fixture's folders and files;
the site refuses a file too big or of the wrong type, in red under the block, like a
real site; an accepted file shows its name with a remove button.

Opening a folder in the picker, its back arrow and **Annuler** are looking, not
answering: never judged (a step names the file; the help shows the folder to open
first). The button ``upload.<id>``, each file ``file.<id>`` and ``remove.<id>`` are."""

from __future__ import annotations

from typing import Any

from kivy.app import App
from kivy.metrics import dp
from kivy.properties import BooleanProperty, ObjectProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.floatlayout import FloatLayout

from kiosk.engine.actions import Action
from kiosk.engine.surfaces.files import KINDS, PICTURES
from kiosk.engine.surfaces.web import Block
from kiosk.engine.surfaces.web.upload import Upload
from kiosk.ui.surfaces.base import load_kv, settle
from kiosk.ui.surfaces.file_picker import FilePicker, PickerFile, PickerFolder, PickerWords
from kiosk.ui.surfaces.web.button import WebButton  # noqa: F401 (upload.kv uses it)
from kiosk.ui.surfaces.web.page import BlockView, MissVeil, inside


class UploadBox(BoxLayout):
    """The block: its label, the button, the site's limits, its message, the chosen file."""

    error = StringProperty("")
    error_lang = StringProperty("fr")
    chosen = StringProperty("")  # the accepted file's name ("" = none)


class RemoveButton(ButtonBehavior, BoxLayout):
    target = StringProperty("")
    lit = BooleanProperty(False)


class PickerLayer(MissVeil, FloatLayout):
    """The page dimmed, the picker's box over it; a touch on the dim part is a miss."""

    surface = ObjectProperty(None, allownone=True)


class UploadView(BlockView):
    """Every upload block of the site, and the one picker they open."""

    FAMILIES = ("upload", "remove")

    def __init__(self, surface: Any) -> None:
        super().__init__(surface)
        self.boxes: dict[str, UploadBox] = {}  # upload id → its block
        self.blocks: dict[str, Upload] = {}
        self.refused: dict[str, str] = {}  # upload id → why its last file was refused
        self.accepted: dict[str, str] = {}  # upload id → the accepted file's id
        self.open_for = ""  # the upload whose picker is open ("" = closed)
        self.folder: dict[str, str | None] = {}  # upload id → the folder the picker shows
        self.layer: PickerLayer | None = None
        self.picker: FilePicker | None = None
        self.owner: dict[str, str] = {}  # file.<id> / folder.<id> → its upload id

    # -- building --------------------------------------------------------------------------
    def build(self, block: Upload) -> Any:
        surface = self.surface
        ident = block.id
        box = UploadBox()
        if block.label is not None:
            surface.words_on(box.ids.label, block.label)
        button = box.ids.choose
        surface.chrome_on(button.ids.words, "upload.choose")
        button.bind(on_release=lambda b: surface.tap(b.target))
        surface.register(f"upload.{ident}", button)
        remove = box.ids.drop
        surface.chrome_on(remove.ids.words, "upload.remove")
        remove.bind(on_release=lambda b: surface.tap(b.target))
        surface.register(f"remove.{ident}", remove)
        self.boxes[ident] = box
        self.blocks[ident] = block
        self.folder[ident] = None
        for folder in block.folders:
            self.owner[f"folder.{folder.id}"] = ident
            for file in folder.files:
                self.owner[f"file.{file.id}"] = ident
                surface.owners[f"file.{file.id}"] = self
        self._show_limits(ident)
        self._show_chosen(ident)
        return box

    def _show_limits(self, ident: str) -> None:
        block = self.blocks[ident]
        words = self.surface.chrome("upload.limits")
        self.boxes[ident].ids.limits.words = words.replace("{types}", block.shown_types()).replace(
            "{max}", block.shown_max())
        self.boxes[ident].ids.limits.lang = self.surface.chrome_lang("upload.limits")

    def _show_chosen(self, ident: str) -> None:
        box = self.boxes[ident]
        file = self.blocks[ident].files().get(self.accepted.get(ident, ""))
        box.chosen = file.name if file is not None else ""
        app: Any = App.get_running_app()
        box.ids.picture.source = app.picto(PICTURES.get(file.kind if file is not None else "", "document"))

    def _show_error(self, ident: str) -> None:
        box = self.boxes[ident]
        why = self.refused.get(ident, "")
        if not why:
            box.error = ""
            return
        block = self.blocks[ident]
        key = "field.required" if why == "required" else f"upload.{why}"
        words = self.surface.chrome(key)
        box.error = words.replace("{types}", block.shown_types()).replace("{max}", block.shown_max())
        box.error_lang = self.surface.chrome_lang(key)

    # -- the picker --------------------------------------------------------------------------
    def open_picker(self, ident: str, folder: str | None = None) -> None:
        surface = self.surface
        surface.blur()
        if folder is not None:
            self.folder[ident] = folder
        if self.layer is None:
            layer = PickerLayer(surface=surface, pos_hint={"x": 0, "y": 0})
            picker = FilePicker(register=self._register, unit=dp(24))
            picker.bind(on_folder=lambda _p, f: self.show_folder(f),
                        on_back=lambda _p: self.show_folder(None),
                        on_file=lambda _p, f, _held: surface.tap(f"file.{f}"))
            layer.ids.slot.add_widget(picker)
            surface.chrome_on(layer.ids.title, "upload.title")
            surface.chrome_on(layer.ids.cancel.ids.words, "upload.cancel")
            layer.ids.cancel.bind(on_release=lambda _b: self.close_picker())
            surface.register("picker.cancel", layer.ids.cancel)
            self.layer, self.picker = layer, picker
        self.open_for = ident
        self._show_picker()
        if self.layer.parent is None:
            surface.add_widget(self.layer)

    def _register(self, name: str, widget: Any) -> Any:
        """The picker's own names: its back arrow is ``picker.back`` on a web page (a page
        has its own ``button.<id>``)."""
        return self.surface.register("picker.back" if name == "button.back" else name, widget)

    def _show_picker(self) -> None:
        if self.picker is None or not self.open_for:
            return
        surface = self.surface
        ident = self.open_for
        block = self.blocks[ident]
        folders = [PickerFolder(f.id, (surface.words(f.name), surface.words_lang(f.name)),
                                [PickerFile(x.id, x.name, x.kind, x.size) for x in f.files])
                   for f in block.folders]
        self.picker.back_picture = surface.arrow("back")
        self.picker.show(folders, self.folder[ident], self._words())

    def _words(self) -> PickerWords:
        chrome = self.surface.chrome
        lang = self.surface.chrome_lang

        def count(n: int) -> tuple[str, str]:
            key = "files.count.one" if n == 1 else "files.count"
            return chrome(key).replace("{n}", str(n)), lang(key)

        return PickerWords(title=(chrome("files.app.title"), lang("files.app.title")),
                           empty=(chrome("files.empty"), lang("files.empty")), count=count,
                           kinds={k: (chrome(f"files.kind.{k}"), lang(f"files.kind.{k}")) for k in KINDS})

    def show_folder(self, folder: str | None) -> None:
        """Opening a folder (or going back) is looking: never judged."""
        if self.open_for:
            self.folder[self.open_for] = folder
            self._show_picker()

    def close_picker(self) -> None:
        """**Annuler**, or a file was chosen: the page again, as it was."""
        if self.layer is not None and self.layer.parent is not None:
            self.surface.remove_widget(self.layer)
        self.open_for = ""

    # -- what the engine accepted --------------------------------------------------------------
    def accept(self, action: Action, target: str) -> None:
        family, _, rest = target.partition(".")
        if family == "upload":
            self.open_picker(rest)
        elif family == "remove":
            self.accepted.pop(rest, None)
            self._show_chosen(rest)
        elif family == "file":
            self.attach(rest)

    def attach(self, file_id: str) -> None:
        """The site checks the file: refused (its message in red) or shown as attached."""
        ident = self.owner.get(f"file.{file_id}", self.open_for)
        block = self.blocks[ident]
        file = block.files()[file_id]
        self.close_picker()
        why = block.refusal(file)
        if why is None:
            self.accepted[ident] = file_id
            self.refused.pop(ident, None)
        else:
            self.refused[ident] = why
        self._show_error(ident)
        self._show_chosen(ident)
        self.surface.scroll_into_view(self.boxes[ident])

    def wrong(self, block: Block) -> int:
        assert isinstance(block, Upload)
        if block.required and block.id not in self.accepted:
            self.refused[block.id] = "required"
            self._show_error(block.id)
            return 1
        return 0

    def relabel(self) -> None:
        for ident in self.boxes:
            self._show_limits(ident)
            self._show_error(ident)
        self._show_picker()

    def messages(self) -> list[str]:
        return [b.error for b in self.boxes.values() if b.error and b.get_root_window()]

    def leave_page(self) -> None:
        self.close_picker()

    # -- what the learner sees ----------------------------------------------------------------------
    def covers(self, widget: Any) -> bool:
        """Whether the picker is open and ``widget`` is under it (not on screen)."""
        return self.layer is not None and self.layer.parent is not None and not inside(widget, self.layer)

    def seen_as(self, name: str) -> Any:
        """A file is seen as the way to it: the upload button while the picker is closed,
        its folder while the picker shows the list of folders."""
        ident = self.owner.get(name)
        if name.startswith("file.") and ident is not None:
            file_id = name.partition(".")[2]
            if self.open_for != ident:
                return self.surface.target_widget(f"upload.{ident}")
            folder = self.blocks[ident].folder_of(file_id)
            if self.folder[ident] != folder:
                return self.surface.target_widget(f"folder.{folder}")
        return self.surface.target_widget(name)

    def reveal(self, name: str) -> None:
        """The robot and the ghost hand: the picker open on the file's folder."""
        ident = self.owner.get(name)
        if name.startswith("file.") and ident is not None:
            folder = self.blocks[ident].folder_of(name.partition(".")[2])
            if self.open_for != ident or self.folder[ident] != folder:
                self.open_picker(ident, folder)
                settle(self.surface)  # the rows' places, read right after

    def empty_spot(self) -> tuple[float, float] | None:
        if self.layer is None or self.layer.parent is None:
            return None
        return self.layer.to_window(self.layer.x + dp(10), self.layer.y + dp(10))  # type: ignore[no-any-return]


load_kv(__file__)
